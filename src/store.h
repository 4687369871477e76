/*
 * store.h
 *	  The account store: where a homeserver keeps its accounts, their
 *	  password hashes and their sessions.
 *
 * A store implements MxpwStore; store.c is the one place that calls it.  It
 * connects to SPI around every call, so an implementation runs connected,
 * and logs each change when it commits.  Two stores: Synapse's database
 * (store_synapse.c) and MAS's (store_mas.c).
 */
#ifndef MXPW_STORE_H
#define MXPW_STORE_H

#include "audit.h"
#include "mxpw.h"
#include "scheme.h"

/* What a login with a user ID reaches; messages in report.c. */
typedef enum MxpwAccountStatus
{
	MXPW_ACCOUNT_FOUND,
	MXPW_ACCOUNT_MISSING,
	MXPW_ACCOUNT_AMBIGUOUS,
	MXPW_ACCOUNT_DEACTIVATED,
	MXPW_ACCOUNT_LOCKED,		/* MAS only */
	MXPW_ACCOUNT_OTHER_SERVER	/* MAS only: it serves mxpw.server_name */
} MxpwAccountStatus;

typedef struct MxpwAccount
{
	MxpwAccountStatus status;
	char	   *user_id;		/* the account's user ID as stored, when
								 * found or deactivated */
} MxpwAccount;

/*
 * Every user_id below is a full user ID ("@localpart:server"); every
 * account is an account's user ID as stored (for MAS, "@username:" and
 * mxpw.server_name).  Accounts are always locked in one order, so that
 * calls locking several cannot deadlock each other.
 */
typedef struct MxpwStore
{
	/* How messages name the homeserver service: "Synapse", "MAS". */
	const char *name;

	/*
	 * Finds the account a login with user_id reaches and, if lock, locks it
	 * until the end of the transaction; raises the error for any status but
	 * MXPW_ACCOUNT_FOUND.  Returns the account, palloc'd in the caller's
	 * context.
	 */
	char	   *(*find_account) (const char *user_id, bool allow_deactivated,
								 bool lock);

	/*
	 * find_account for n user IDs at once: problems are left in
	 * accounts[i].status rather than raised, so that the caller can report
	 * them all.  The accounts found are locked.
	 */
	void		(*find_accounts) (int n, const char *const *user_ids,
								  bool allow_deactivated, MxpwAccount *accounts);

	/* Stores hash, made with the scheme of version, for a locked account. */
	void		(*set_hash) (const char *account, const char *hash, int version);

	/* Logs the account out everywhere.  Returns how many sessions ended. */
	int			(*revoke_sessions) (const char *account);

	/*
	 * The hash a login of the account is checked against, and its scheme's
	 * version; NULL if it has none.
	 */
	char	   *(*current_hash) (const char *account, int *version);

	/* The scheme that hashes new passwords, and the one of a version. */
	const MxpwScheme *(*current_scheme) (void);
	const MxpwScheme *(*scheme) (int version);
} MxpwStore;

extern const MxpwStore mxpw_synapse_store;
extern const MxpwStore mxpw_mas_store;

/*
 * The store of this database, recognised by its tables: MAS's
 * user_passwords in mxpw.mas_schema, or Synapse's users in
 * mxpw.synapse_schema.  With neither, an error if required, else NULL.
 */
extern const MxpwStore *mxpw_store_here(bool required);

/*
 * Quoted schema.table of a store, after checking that the table exists;
 * setting names the setting that chose schema.
 */
extern char *mxpw_store_table(const MxpwStore *store, const char *setting,
							  const char *schema, const char *table);

/* Runs one statement of a store, which must give the result code expected. */
extern void mxpw_store_execute(const char *sql, int nargs, Oid *types,
							   Datum *values, int expected);

/*
 * What the SQL functions call (store.c).  A user ID as typed is checked
 * and completed with mxpw.server_name here.
 */
extern char *mxpw_store_find_account(text *user_id, bool allow_deactivated,
									 bool lock);
extern void mxpw_store_find_accounts(int n, const char *const *user_ids,
									 bool allow_deactivated,
									 MxpwAccount *accounts);
extern void mxpw_store_set_hash(const char *account, const char *hash,
								int version, bool revoke_sessions,
								MxpwChangeKind kind);
extern int	mxpw_store_revoke_sessions(const char *account);
extern char *mxpw_store_current_hash(const char *account, int *version);

/*
 * The scheme that hashes new passwords here, and the one that checks a
 * stored hash of a version: MAS's where MAS's tables are, else Synapse's.
 * Copies, palloc'd.
 */
extern MxpwScheme *mxpw_store_current_scheme(void);

/*
 * The current scheme at bcrypt cost rounds, or at its own cost if rounds is
 * negative; an error if it is not bcrypt's and rounds is given.
 */
extern MxpwScheme *mxpw_store_current_scheme_at(int rounds);
extern MxpwScheme *mxpw_store_scheme(int version);

#endif							/* MXPW_STORE_H */
