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
#include "report.h"
#include "scheme.h"

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

	/* What revoke_sessions counts. */
	MxpwLogoutUnit logout_unit;

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

/*
 * Helpers for a store's lookups of accounts (store.c).  A lookup's rows are
 * in SPI_tuptable, with the account's name as stored in column namecol and,
 * after it, booleans that make a login fail: the first flag whose column is
 * true gives the row's status.
 */
typedef struct MxpwLookupFlag
{
	int			offset;			/* column namecol + offset */
	MxpwAccountStatus status;
} MxpwLookupFlag;

typedef struct MxpwLookup
{
	int			namecol;
	int			nflags;
	const MxpwLookupFlag *flags;
} MxpwLookup;

/*
 * Picks the account a login with wanted reaches among the n rows rows[]
 * (rows 0 to n - 1 if rows is NULL): the only one, or the one spelled
 * exactly as wanted; unless allow_inactive, one with a flag set is refused.
 */
extern MxpwAccountStatus mxpw_lookup_choose(const MxpwLookup *lookup,
											const char *wanted,
											const uint64 *rows, uint64 n,
											bool allow_inactive, uint64 *chosen);

/* The names of rows 0 to n - 1, quoted, for an error's detail. */
extern char *mxpw_lookup_names(const MxpwLookup *lookup, uint64 n);

/*
 * Groups the rows of a lookup of nids ids (column 1 holds each row's id,
 * from 1), keeping their order: id e's rows are (*rows)[start[e] ..
 * start[e + 1]).  Returns start.
 */
extern uint64 *mxpw_lookup_group(int nids, uint64 **rows);

/*
 * Raises the error of an account status other than MXPW_ACCOUNT_FOUND.
 * PostgreSQL 18 replaced pg_attribute_noreturn() with pg_noreturn.
 */
#ifdef pg_noreturn
pg_noreturn extern void mxpw_lookup_fail(MxpwAccountStatus status, const char *qualified,
										 const char *account, const char *detail,
										 const char *detail_log, const char *hint);
#else
extern void mxpw_lookup_fail(MxpwAccountStatus status, const char *qualified,
							 const char *account, const char *detail,
							 const char *detail_log, const char *hint)
			pg_attribute_noreturn();
#endif

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
 * The current scheme at bcrypt cost rounds if has_rounds, else at its own
 * cost; an error if it is not bcrypt's and rounds is given.
 */
extern MxpwScheme *mxpw_store_current_scheme_at(bool has_rounds, int rounds);
extern MxpwScheme *mxpw_store_scheme(int version);

#endif							/* MXPW_STORE_H */
