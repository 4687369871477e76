/*
 * store.h
 *	  The account store: where a homeserver keeps its accounts, their
 *	  password hashes and their sessions.
 *
 * A store implements MxpwStore; store.c is the one place that calls it.  It
 * connects to SPI around every call, so an implementation runs connected,
 * and logs each change when it commits.  The only store so far is
 * Synapse's database (store_synapse.c).
 */
#ifndef MXPW_STORE_H
#define MXPW_STORE_H

#include "audit.h"
#include "mxpw.h"

/* What a login with a user ID reaches; messages in report.c. */
typedef enum MxpwAccountStatus
{
	MXPW_ACCOUNT_FOUND,
	MXPW_ACCOUNT_MISSING,
	MXPW_ACCOUNT_AMBIGUOUS,
	MXPW_ACCOUNT_DEACTIVATED
} MxpwAccountStatus;

typedef struct MxpwAccount
{
	MxpwAccountStatus status;
	char	   *user_id;		/* the account's user ID as stored, when
								 * found or deactivated */
} MxpwAccount;

/*
 * Every user_id below is a full user ID ("@localpart:server"); every
 * account is an account's user ID as stored.  Accounts are always locked in
 * one order, so that calls locking several cannot deadlock each other.
 */
typedef struct MxpwStore
{
	/*
	 * Finds the account a login with user_id reaches and locks it until the
	 * end of the transaction; raises the error for any status but
	 * MXPW_ACCOUNT_FOUND.  Returns the account, palloc'd in the caller's
	 * context.
	 */
	char	   *(*find_account) (const char *user_id, bool allow_deactivated);

	/*
	 * find_account for n user IDs at once: problems are left in
	 * accounts[i].status rather than raised, so that the caller can report
	 * them all.  The accounts found are locked.
	 */
	void		(*find_accounts) (int n, const char *const *user_ids,
								  bool allow_deactivated, MxpwAccount *accounts);

	/* Stores hash as the password hash of a locked account. */
	void		(*set_hash) (const char *account, const char *hash);

	/* Logs the account out everywhere.  Returns how many tokens went. */
	int			(*revoke_sessions) (const char *account);
} MxpwStore;

extern const MxpwStore mxpw_synapse_store;

/*
 * What the SQL functions call (store.c).  A user ID as typed is checked
 * and completed with mxpw.server_name here.
 */
extern char *mxpw_store_find_account(text *user_id, bool allow_deactivated);
extern void mxpw_store_find_accounts(int n, const char *const *user_ids,
									 bool allow_deactivated,
									 MxpwAccount *accounts);
extern void mxpw_store_set_hash(const char *account, const char *hash,
								bool revoke_sessions, MxpwChangeKind kind);
extern int	mxpw_store_revoke_sessions(const char *account);

#endif							/* MXPW_STORE_H */
