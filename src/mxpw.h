/*
 * mxpw.h
 *	  Declarations shared by mxpw's backend files.
 */
#ifndef MXPW_H
#define MXPW_H

#include "postgres.h"
#include "fmgr.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "userid.h"

/* Settings (mxpw.c). */
extern int	mxpw_bcrypt_rounds;
extern char *mxpw_pepper;
extern bool mxpw_allow_partial_pepper;
extern char *mxpw_server_name;
extern char *mxpw_synapse_schema;

/*
 * Runs body(fcinfo) so that any error raised on the way, mxpw's own or
 * PostgreSQL's, is logged without its STATEMENT line and without the
 * caller's context, and pg_stat_activity does not show the statement: the
 * statement text of a call to mxpw may carry a password (mxpw.c).
 */
typedef Datum (*MxpwBody) (FunctionCallInfo fcinfo);
extern Datum mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo);

/* The transaction has ended: its statements no longer need hiding. */
extern void mxpw_forget_statement(void);

/*
 * Around mxpw's own SQL statements: keeps auto_explain from logging them
 * with their parameters (mxpw.c).
 */
extern int	mxpw_quiet_begin(void);
extern void mxpw_quiet_end(int level);

/* Account changes, logged when they commit (audit.c). */
extern void mxpw_audit_init(void);
extern void mxpw_audit_change(const char *what, const char *user_id, int revoked);

/* Rejects a NULL argument with a message that names it (mxpw.c). */
extern void mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name);

/* Passwords and hashes (password.c). */
typedef enum MxpwPasswordStatus
{
	MXPW_PASSWORD_OK,
	MXPW_PASSWORD_EMPTY,
	MXPW_PASSWORD_TOO_LONG,
	MXPW_PASSWORD_UNICODE_UNSTABLE,
	MXPW_PASSWORD_PARTIAL_PEPPER
} MxpwPasswordStatus;

extern MxpwPasswordStatus mxpw_password_status(text *password, bool is_new);
extern void mxpw_check_password(text *password, bool is_new);
extern void mxpw_report_password_problem(MxpwPasswordStatus status);
extern const char *mxpw_password_problem(MxpwPasswordStatus status, int *sqlstate);
extern void mxpw_check_rounds(int rounds);
extern char *mxpw_hash_password(text *password, int rounds);
extern text *mxpw_generate_password(void);

/* The Synapse database (synapse.c); callers are connected to SPI. */
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
	char	   *name;			/* the account's user ID when found */
} MxpwAccount;

extern char *mxpw_find_user(text *user_id, bool allow_deactivated);
extern void mxpw_find_accounts(int n, const char *const *qualified,
							   bool allow_deactivated, MxpwAccount *accounts);
extern void mxpw_report_bad_user_id(text *user_id, MxpwUserIdStatus status);
extern char *mxpw_bad_user_id_phrase(text *user_id, MxpwUserIdStatus status,
									 bool for_client);
extern char *mxpw_account_phrase(MxpwAccountStatus status, const char *qualified,
								 const char *name, bool for_client, int *sqlstate);
extern void mxpw_store_hash(const char *user_id, const char *hash);
extern int	mxpw_delete_tokens(const char *user_id);

/*
 * Account changes, logged when they commit (account.c); connects to SPI
 * itself.
 */
extern void mxpw_store_and_log(const char *name, const char *hash,
							   bool logout_devices, const char *what);

/* Hashing many passwords on every core allowed (parallel.c). */
extern char **mxpw_hash_passwords(int n, text *const *passwords, int rounds);

#endif							/* MXPW_H */
