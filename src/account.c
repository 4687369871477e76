/*
 * account.c
 *	  The SQL functions that change a Synapse account.
 *
 * Each runs in the caller's transaction: the user's row is found and locked,
 * the hash computed and stored, tokens optionally deleted, and any error
 * undoes it all.  Every change is logged when it commits, with the user and
 * the acting role and never a secret.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "hash.h"
#include "mxpw.h"

PG_FUNCTION_INFO_V1(mxpw_set_password);
PG_FUNCTION_INFO_V1(mxpw_set_password_hash);
PG_FUNCTION_INFO_V1(mxpw_reset_password);
PG_FUNCTION_INFO_V1(mxpw_revoke_sessions);

/* The account a login with user_id reaches, locked until the end of the transaction. */
static char *
find_user(text *user_id, bool allow_deactivated)
{
	char	   *name;
	int			quiet = mxpw_quiet_begin();

	SPI_connect();
	name = mxpw_find_user(user_id, allow_deactivated);
	SPI_finish();
	mxpw_quiet_end(quiet);
	return name;
}

/*
 * Stores the user's new hash and logs the user out if asked; the change is
 * logged when it commits.
 */
void
mxpw_store_and_log(const char *name, const char *hash, bool logout_devices,
				   const char *what)
{
	int			revoked = -1;
	int			quiet = mxpw_quiet_begin();

	SPI_connect();
	mxpw_store_hash(name, hash);
	if (logout_devices)
		revoked = mxpw_delete_tokens(name);
	SPI_finish();
	mxpw_quiet_end(quiet);

	mxpw_audit_change(what, name, revoked);
}

static Datum
set_password_body(FunctionCallInfo fcinfo)
{
	text	   *password;
	char	   *hash;
	char	   *name;
	bool		logout_devices;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "password");
	mxpw_require_arg(fcinfo, 2, "logout_devices");
	password = PG_GETARG_TEXT_PP(1);
	logout_devices = PG_GETARG_BOOL(2);
	mxpw_check_password(password, true);

	/* Find and lock the account before spending a bcrypt on it. */
	name = find_user(PG_GETARG_TEXT_PP(0), false);
	hash = mxpw_hash_password(password, mxpw_bcrypt_rounds);
	mxpw_store_and_log(name, hash, logout_devices, "password set");
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

Datum
mxpw_set_password(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(set_password_body, fcinfo);
}

static Datum
set_password_hash_body(FunctionCallInfo fcinfo)
{
	text	   *hash;
	char	   *name;
	MxpwHashFormat format;
	int			cost;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "hash");
	mxpw_require_arg(fcinfo, 2, "logout_devices");
	hash = PG_GETARG_TEXT_PP(1);

	/* The hash is not echoed: it is as good as the password to a cracker. */
	format = mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost);
	if (format != MXPW_HASH_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not a bcrypt hash Synapse can check"),
				 errdetail("%s", mxpw_hash_format_problem(format)),
				 errhint("Make the hash with Synapse's hash_password tool or with mxpw_hash().")));

	name = find_user(PG_GETARG_TEXT_PP(0), false);
	mxpw_store_and_log(name, text_to_cstring(hash), PG_GETARG_BOOL(2),
					   "password hash set");
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

Datum
mxpw_set_password_hash(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(set_password_hash_body, fcinfo);
}

static Datum
reset_password_body(FunctionCallInfo fcinfo)
{
	text	   *password;
	char	   *hash;
	char	   *name;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "logout_devices");

	name = find_user(PG_GETARG_TEXT_PP(0), false);
	password = mxpw_generate_password();
	hash = mxpw_hash_password(password, mxpw_bcrypt_rounds);
	mxpw_store_and_log(name, hash, PG_GETARG_BOOL(1),
					   "password reset to a generated one");
	PG_RETURN_TEXT_P(password);
}

Datum
mxpw_reset_password(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(reset_password_body, fcinfo);
}

/* Deactivated accounts are allowed: cleaning up their sessions is useful. */
static Datum
revoke_sessions_body(FunctionCallInfo fcinfo)
{
	char	   *name;
	int			revoked;
	int			quiet;

	mxpw_require_arg(fcinfo, 0, "user_id");

	name = find_user(PG_GETARG_TEXT_PP(0), true);
	quiet = mxpw_quiet_begin();
	SPI_connect();
	revoked = mxpw_delete_tokens(name);
	SPI_finish();
	mxpw_quiet_end(quiet);

	mxpw_audit_change("sessions revoked", name, revoked);
	PG_RETURN_INT32(revoked);
}

Datum
mxpw_revoke_sessions(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(revoke_sessions_body, fcinfo);
}
