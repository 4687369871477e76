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
extern char *mxpw_server_name;
extern char *mxpw_synapse_schema;

/*
 * Runs body(fcinfo) so that any error raised on the way, mxpw's own or
 * PostgreSQL's, is logged without its STATEMENT line: the statement text
 * of a call to mxpw may carry a password (mxpw.c).
 */
typedef Datum (*MxpwBody) (FunctionCallInfo fcinfo);
extern Datum mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo);

/* Rejects a NULL argument with a message that names it (mxpw.c). */
extern void mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name);

/* Passwords and hashes (password.c). */
typedef enum MxpwPasswordStatus
{
	MXPW_PASSWORD_OK,
	MXPW_PASSWORD_EMPTY,
	MXPW_PASSWORD_TOO_LONG
} MxpwPasswordStatus;

extern MxpwPasswordStatus mxpw_new_password_status(text *password);
extern void mxpw_check_new_password(text *password);
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
extern char *mxpw_bad_user_id_message(text *user_id, MxpwUserIdStatus status);
extern void mxpw_store_hash(const char *user_id, const char *hash);
extern int	mxpw_delete_tokens(const char *user_id);

/* Account changes and their log lines (account.c); connects to SPI itself. */
extern void mxpw_store_and_log(const char *name, const char *hash,
							   bool logout_devices, const char *what);

/* Hashing many passwords on every core allowed (parallel.c). */
extern char **mxpw_hash_passwords(int n, text *const *passwords, int rounds);

#endif							/* MXPW_H */
