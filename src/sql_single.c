/*
 * sql_single.c
 *	  The SQL functions for one password or one account.
 *
 * Those that change an account run in the caller's transaction: the
 * account is found and locked, the hash computed and stored, sessions
 * optionally revoked, and any error undoes it all (store.c).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "hash.h"
#include "mxpw.h"
#include "password.h"
#include "store.h"

/* The arguments of the functions that take a user ID, secret and flag. */
static void
require_set_args(FunctionCallInfo fcinfo, const char *secret)
{
	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, secret);
	mxpw_require_arg(fcinfo, 2, "logout_devices");
}

MXPW_SQL_FUNCTION(mxpw_set_password)
{
	text	   *password;
	char	   *account;

	require_set_args(fcinfo, "password");
	password = PG_GETARG_TEXT_PP(1);
	mxpw_password_check(password, true);

	/* Find and lock the account before spending a bcrypt on it. */
	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false);
	mxpw_store_set_hash(account,
						mxpw_password_hash(password, mxpw_bcrypt_rounds),
						PG_GETARG_BOOL(2), MXPW_CHANGE_PASSWORD_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

MXPW_SQL_FUNCTION(mxpw_set_password_hash)
{
	text	   *hash;
	char	   *account;
	MxpwHashFormat format;
	int			cost;

	require_set_args(fcinfo, "hash");
	hash = PG_GETARG_TEXT_PP(1);

	/* The hash is not echoed: it is as good as the password to a cracker. */
	format = mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost);
	if (format != MXPW_HASH_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not a bcrypt hash Synapse can check"),
				 errdetail("%s", mxpw_hash_format_problem(format)),
				 errhint("Make the hash with Synapse's hash_password tool or with mxpw_hash().")));

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false);
	mxpw_store_set_hash(account, text_to_cstring(hash), PG_GETARG_BOOL(2),
						MXPW_CHANGE_HASH_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

MXPW_SQL_FUNCTION(mxpw_reset_password)
{
	text	   *password;
	char	   *account;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "logout_devices");

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false);
	password = mxpw_password_generate();
	mxpw_store_set_hash(account,
						mxpw_password_hash(password, mxpw_bcrypt_rounds),
						PG_GETARG_BOOL(1), MXPW_CHANGE_PASSWORD_RESET);
	PG_RETURN_TEXT_P(password);
}

/* Deactivated accounts are allowed: cleaning up their sessions is useful. */
MXPW_SQL_FUNCTION(mxpw_revoke_sessions)
{
	char	   *account;

	mxpw_require_arg(fcinfo, 0, "user_id");

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), true);
	PG_RETURN_INT32(mxpw_store_revoke_sessions(account));
}

MXPW_SQL_FUNCTION(mxpw_hash)
{
	text	   *password;
	int			rounds = mxpw_bcrypt_rounds;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(1))
		rounds = PG_GETARG_INT32(1);
	mxpw_password_check_rounds(rounds);
	mxpw_password_check(password, true);

	PG_RETURN_TEXT_P(cstring_to_text(mxpw_password_hash(password, rounds)));
}

/*
 * Synapse's login check.  A NULL hash does not match either, so that the
 * whole users table can be scanned.
 */
MXPW_SQL_FUNCTION(mxpw_verify)
{
	text	   *password;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	mxpw_password_check(password, false);
	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(mxpw_password_verify(password, PG_GETARG_TEXT_PP(1)));
}

/*
 * True when a hash is not bcrypt, or is cheaper than mxpw.bcrypt_rounds.
 * The one function not declared with MXPW_SQL_FUNCTION: it takes no
 * password, and it has always run without hiding its statement.
 */
PG_FUNCTION_INFO_V1(mxpw_needs_rehash);

Datum
mxpw_needs_rehash(PG_FUNCTION_ARGS)
{
	text	   *hash = PG_GETARG_TEXT_PP(0);
	int			cost;

	if (mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost) != MXPW_HASH_OK)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(cost < mxpw_bcrypt_rounds);
}
