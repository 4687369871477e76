/*
 * sql_single.c
 *	  The SQL functions for one password or one account.
 *
 * Those that change an account run in the caller's transaction: the
 * account is found and locked, the hash computed and stored, sessions
 * optionally revoked, and any error undoes it all (store.c).  Which store
 * (Synapse's or MAS's) and which hashing scheme follow from the tables of
 * the database (store.c, scheme.c).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "bcrypt.h"
#include "mxpw.h"
#include "password.h"
#include "scheme.h"
#include "store.h"

/* The arguments of the functions that take a user ID, secret and flag. */
static void
require_set_args(FunctionCallInfo fcinfo, const char *secret)
{
	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, secret);
	mxpw_require_arg(fcinfo, 2, "logout_devices");
}

/* The argument argno if the call has it and it is not NULL, else -1. */
static int
optional_version(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return -1;
	if (PG_GETARG_INT32(argno) < 0 || PG_GETARG_INT32(argno) > 65535)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("version %d is out of range", PG_GETARG_INT32(argno)),
				 errdetail("MAS's scheme versions are from 0 to 65535.")));
	return PG_GETARG_INT32(argno);
}

/*
 * The hash of a password checked and prepared for scheme, wiping the
 * prepared password whatever happens; with account, the account is found
 * and locked first, so that no hash is spent on a missing one.
 */
static char *
hash_prepared(MxpwPassword *prepared, const MxpwScheme *scheme,
			  text *user_id, char **account)
{
	char	   *volatile hash = NULL;

	PG_TRY();
	{
		if (user_id != NULL)
			*account = mxpw_store_find_account(user_id, false, true);
		hash = mxpw_password_hash(prepared, scheme);
	}
	PG_FINALLY();
	{
		mxpw_password_free(prepared);
	}
	PG_END_TRY();
	return hash;
}

/* The login check of a prepared password, wiping it whatever happens. */
static bool
verify_prepared(MxpwPassword *prepared, text *hash, const MxpwScheme *scheme)
{
	volatile bool match = false;

	PG_TRY();
	{
		match = mxpw_password_verify(prepared, hash, scheme);
	}
	PG_FINALLY();
	{
		mxpw_password_free(prepared);
	}
	PG_END_TRY();
	return match;
}

MXPW_SQL_FUNCTION(mxpw_set_password)
{
	text	   *password;
	char	   *account;
	char	   *hash;
	MxpwScheme *scheme;
	MxpwPassword prepared;

	require_set_args(fcinfo, "password");
	password = PG_GETARG_TEXT_PP(1);
	scheme = mxpw_store_current_scheme();
	mxpw_password_check(password, true, scheme, &prepared);

	hash = hash_prepared(&prepared, scheme, PG_GETARG_TEXT_PP(0), &account);
	mxpw_store_set_hash(account, hash, scheme->version, PG_GETARG_BOOL(2),
						MXPW_CHANGE_PASSWORD_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

/* Synapse's one scheme takes bcrypt hashes. */
static void
check_synapse_hash(text *hash)
{
	const char *problem;

	/* The hash is not echoed: it is as good as the password to a cracker. */
	problem = mxpw_password_hash_problem(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash),
										 &mxpw_bcrypt_algorithm);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not a bcrypt hash Synapse can check"),
				 errdetail("%s", problem),
				 errhint("Make the hash with Synapse's hash_password tool or with mxpw_hash().")));
}

/*
 * The MAS scheme a hash belongs to: the one of version if given, else the
 * one scheme of the hash's algorithm.
 */
static const MxpwScheme *
mas_scheme_of_hash(text *hash, int version)
{
	const char *data = VARDATA_ANY(hash);
	size_t		len = VARSIZE_ANY_EXHDR(hash);
	const MxpwAlgorithm *algorithm = mxpw_algorithm_of_hash(data, len);
	const MxpwScheme *scheme;
	const char *problem;

	scheme = version >= 0 ? mxpw_mas_scheme(version) :
		mxpw_mas_scheme_for_hash(data, len);
	if (scheme == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not of an algorithm that a scheme in mxpw.mas_password_schemes uses"),
				 errdetail("The hash was made with %s.", mxpw_algorithm_name(algorithm)),
				 errhint("Make the hash with mxpw_hash(), or with MAS's own schemes.")));
	if (algorithm != scheme->algorithm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash was not made with scheme version %d's algorithm, %s",
						scheme->version, mxpw_algorithm_name(scheme->algorithm)),
				 errdetail("The hash was made with %s.", mxpw_algorithm_name(algorithm))));
	problem = mxpw_password_hash_problem(data, len, algorithm);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not a well-formed %s hash", mxpw_algorithm_name(algorithm)),
				 errdetail("%s", problem)));
	return scheme;
}

/* Also the four-argument form, whose last argument names MAS's version. */
MXPW_SQL_FUNCTION(mxpw_set_password_hash)
{
	text	   *hash;
	char	   *account;
	int			version;

	require_set_args(fcinfo, "hash");
	hash = PG_GETARG_TEXT_PP(1);
	version = optional_version(fcinfo, 3);

	if (mxpw_store_here(true) == &mxpw_mas_store)
		version = mas_scheme_of_hash(hash, version)->version;
	else if (version >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a scheme version applies only in MAS's database"),
				 errdetail("This database holds Synapse's tables, which have one scheme."),
				 errhint("Leave the version out.")));
	else
		check_synapse_hash(hash);

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false, true);
	mxpw_store_set_hash(account, text_to_cstring(hash), version,
						PG_GETARG_BOOL(2), MXPW_CHANGE_HASH_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

MXPW_SQL_FUNCTION(mxpw_reset_password)
{
	text	   *password;
	char	   *account;
	MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "logout_devices");

	scheme = mxpw_store_current_scheme();
	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false, true);
	password = mxpw_password_generate();
	mxpw_password_prepare(password, scheme, &prepared);
	mxpw_store_set_hash(account, hash_prepared(&prepared, scheme, NULL, NULL),
						scheme->version, PG_GETARG_BOOL(1),
						MXPW_CHANGE_PASSWORD_RESET);
	PG_RETURN_TEXT_P(password);
}

/*
 * Deactivated (and locked) accounts are allowed: cleaning up their sessions
 * is useful.
 */
MXPW_SQL_FUNCTION(mxpw_revoke_sessions)
{
	char	   *account;

	mxpw_require_arg(fcinfo, 0, "user_id");

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), true, true);
	PG_RETURN_INT32(mxpw_store_revoke_sessions(account));
}

MXPW_SQL_FUNCTION(mxpw_hash)
{
	text	   *password;
	MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	scheme = mxpw_store_current_scheme_at(!PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));
	mxpw_password_check(password, true, scheme, &prepared);

	PG_RETURN_TEXT_P(cstring_to_text(hash_prepared(&prepared, scheme, NULL, NULL)));
}

/*
 * The login check.  A NULL hash does not match either, so that a whole
 * table can be scanned.  In MAS's database, the scheme is the one of the
 * version given (the three-argument form), or else the one scheme of the
 * hash's algorithm.
 */
MXPW_SQL_FUNCTION(mxpw_verify)
{
	text	   *password;
	text	   *hash = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	int			version = optional_version(fcinfo, 2);
	const MxpwScheme *scheme = NULL;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	if (version >= 0)
		scheme = mxpw_scheme_copy(mxpw_mas_scheme(version));
	else if (mxpw_store_here(false) == &mxpw_mas_store && hash != NULL)
	{
		scheme = mxpw_mas_scheme_for_hash(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash));
		if (scheme == NULL)
		{
			/* No scheme of the hash's algorithm: MAS could not match it. */
			mxpw_password_check(password, false, mxpw_store_current_scheme(), NULL);
			PG_RETURN_BOOL(false);
		}
		scheme = mxpw_scheme_copy(scheme);
	}
	else
		scheme = mxpw_store_current_scheme();

	mxpw_password_check(password, false, scheme, hash != NULL ? &prepared : NULL);
	if (hash == NULL)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(verify_prepared(&prepared, hash, scheme));
}

/*
 * The login check of a user's current password: the hash a login checks,
 * with its scheme.  A user without a password does not match.
 */
MXPW_SQL_FUNCTION(mxpw_check_password)
{
	text	   *password;
	char	   *account;
	char	   *hash;
	int			version;
	MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "password");
	password = PG_GETARG_TEXT_PP(1);

	account = mxpw_store_find_account(PG_GETARG_TEXT_PP(0), false, false);
	hash = mxpw_store_current_hash(account, &version);
	scheme = hash != NULL ? mxpw_store_scheme(version) : mxpw_store_current_scheme();
	mxpw_password_check(password, false, scheme, hash != NULL ? &prepared : NULL);
	if (hash == NULL)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(verify_prepared(&prepared, cstring_to_text(hash), scheme));
}

/*
 * True when a hash is not one the current scheme makes, or is cheaper.
 * Like mxpw_account_store, not declared with MXPW_SQL_FUNCTION: it takes no
 * password, and it has always run without hiding its statement.
 */
PG_FUNCTION_INFO_V1(mxpw_needs_rehash);

Datum
mxpw_needs_rehash(PG_FUNCTION_ARGS)
{
	text	   *hash = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(mxpw_password_hash_weaker(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash),
											 mxpw_store_current_scheme()));
}

/* Which store this database holds: "synapse" or "mas". */
PG_FUNCTION_INFO_V1(mxpw_account_store);

Datum
mxpw_account_store(PG_FUNCTION_ARGS)
{
	const MxpwStore *store = mxpw_store_here(true);

	PG_RETURN_TEXT_P(cstring_to_text(store == &mxpw_mas_store ? "mas" : "synapse"));
}
