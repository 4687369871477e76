/*
 * store.c
 *	  What the SQL functions call to find, lock and change accounts.
 *
 * Everything runs in the caller's transaction, so any error undoes it all.
 * The store is called connected to SPI, opened and closed here only, with
 * auto_explain kept quiet: mxpw's statements carry the new hash.  Each
 * change is logged when it commits, with the account and the acting role
 * and never a secret.
 */
#include "postgres.h"

#include "executor/spi.h"

#include "audit.h"
#include "mxpw.h"
#include "report.h"
#include "store.h"
#include "userid.h"

/* Where accounts are kept. */
static const MxpwStore *const store = &mxpw_synapse_store;

/* Connects to SPI for a call of the store; returns what store_close takes. */
static int
store_open(void)
{
	int			quiet = mxpw_quiet_begin();

	SPI_connect();
	return quiet;
}

static void
store_close(int quiet)
{
	SPI_finish();
	mxpw_quiet_end(quiet);
}

/*
 * The account a login with user_id, as typed, reaches, locked until the
 * end of the transaction.  Returns the account's user ID as stored.
 */
char *
mxpw_store_find_account(text *user_id, bool allow_deactivated)
{
	char		qualified[MXPW_USER_ID_SIZE];
	MxpwUserIdStatus status;
	char	   *account;
	int			quiet;

	status = mxpw_user_id_qualify(VARDATA_ANY(user_id), VARSIZE_ANY_EXHDR(user_id),
								  mxpw_server_name, qualified);
	if (status != MXPW_USER_ID_OK)
		mxpw_report_user_id(user_id, status);

	quiet = store_open();
	account = store->find_account(qualified, allow_deactivated);
	store_close(quiet);
	return account;
}

/* user_ids are full user IDs, already checked. */
void
mxpw_store_find_accounts(int n, const char *const *user_ids,
						 bool allow_deactivated, MxpwAccount *accounts)
{
	int			quiet;

	if (n == 0)
		return;
	quiet = store_open();
	store->find_accounts(n, user_ids, allow_deactivated, accounts);
	store_close(quiet);
}

/*
 * Stores the account's new hash and logs the account out if asked; the
 * change is logged, as of kind, when it commits.
 */
void
mxpw_store_set_hash(const char *account, const char *hash,
					bool revoke_sessions, MxpwChangeKind kind)
{
	int			revoked = -1;
	int			quiet = store_open();

	store->set_hash(account, hash);
	if (revoke_sessions)
		revoked = store->revoke_sessions(account);
	store_close(quiet);

	mxpw_audit_change(kind, account, revoked);
}

/* Logs the account out everywhere.  Returns how many tokens went. */
int
mxpw_store_revoke_sessions(const char *account)
{
	int			revoked;
	int			quiet = store_open();

	revoked = store->revoke_sessions(account);
	store_close(quiet);

	mxpw_audit_change(MXPW_CHANGE_SESSIONS_REVOKED, account, revoked);
	return revoked;
}
