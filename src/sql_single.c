/*
 * sql_single.c
 *	  The SQL functions for one password or one account.
 *
 * Those that change an account run in the caller's transaction: the
 * account is found and locked, the hash computed and stored, sessions
 * optionally revoked, and any error undoes it all (store.c).  Which store
 * (Synapse's or MAS's) and which hashing scheme follow from the tables of
 * the database (store.c, scheme.c), looked up once per call into the
 * handle that each call passes down.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "mxpw.h"
#include "password.h"
#include "policy.h"
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

/*
 * The argument argno if the call has it and it is not NULL, else -1: the
 * one place a version argument is checked.
 */
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
 * prepared password whatever happens; with user_id, its account is found
 * in store and locked first, so that no hash is spent on a missing one.
 */
static char *
hash_prepared(MxpwPassword *prepared, const MxpwScheme *scheme,
			  MxpwStoreHandle *store, text *user_id, char **account)
{
	char	   *volatile hash = NULL;

	PG_TRY();
	{
		if (user_id != NULL)
			*account = mxpw_store_find_account(store, user_id, false, true);
		hash = mxpw_password_hash(prepared, scheme);
	}
	PG_FINALLY();
	{
		mxpw_password_free(prepared);
	}
	PG_END_TRY();
	return hash;
}

/*
 * A new password chosen by the caller: mxpw's rules, which prepare it for
 * scheme, then the store's policy unless the call skips it (a prepared
 * password that the policy refuses is wiped).
 */
static void
check_chosen(text *password, const MxpwScheme *scheme, MxpwStoreHandle *store,
			 bool skip_policy, MxpwPassword *prepared)
{
	MxpwPolicy	policy;

	mxpw_password_check(password, true, scheme, prepared);
	if (skip_policy)
		return;
	mxpw_policy_get(store->store->policy, &policy);
	PG_TRY();
	{
		mxpw_policy_check(&policy, password);
	}
	PG_CATCH();
	{
		mxpw_password_free(prepared);
		PG_RE_THROW();
	}
	PG_END_TRY();
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

/*
 * skip_password_check is the last argument; a call through the 1.2.1
 * declaration, which lacks it, checks.
 */
MXPW_SQL_FUNCTION(mxpw_set_password)
{
	text	   *password;
	char	   *account;
	char	   *hash;
	bool		skip = false;
	MxpwStoreHandle *store;
	const MxpwScheme *scheme;
	MxpwPassword prepared;

	require_set_args(fcinfo, "password");
	if (PG_NARGS() > 3)
	{
		mxpw_require_arg(fcinfo, 3, "skip_password_check");
		skip = PG_GETARG_BOOL(3);
	}
	password = PG_GETARG_TEXT_PP(1);
	store = mxpw_store_begin();
	scheme = mxpw_store_current_scheme(store);
	check_chosen(password, scheme, store, skip, &prepared);

	hash = hash_prepared(&prepared, scheme, store, PG_GETARG_TEXT_PP(0), &account);
	mxpw_store_set_hash(store, account, hash, scheme->version, PG_GETARG_BOOL(2),
						skip ? MXPW_CHANGE_PASSWORD_SET_UNCHECKED :
						MXPW_CHANGE_PASSWORD_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

/* Also the four-argument form, whose last argument names MAS's version. */
MXPW_SQL_FUNCTION(mxpw_set_password_hash)
{
	text	   *hash;
	char	   *account;
	int			version;
	MxpwStoreHandle *store;

	require_set_args(fcinfo, "hash");
	hash = PG_GETARG_TEXT_PP(1);
	version = optional_version(fcinfo, 3);

	store = mxpw_store_begin();
	version = mxpw_store_hash_version(store, hash, version);
	account = mxpw_store_find_account(store, PG_GETARG_TEXT_PP(0), false, true);
	mxpw_store_set_hash(store, account, text_to_cstring(hash), version,
						PG_GETARG_BOOL(2), MXPW_CHANGE_HASH_SET);
	PG_RETURN_TEXT_P(cstring_to_text(account));
}

MXPW_SQL_FUNCTION(mxpw_reset_password)
{
	text	   *password;
	char	   *account;
	MxpwStoreHandle *store;
	const MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "logout_devices");

	store = mxpw_store_begin();
	scheme = mxpw_store_current_scheme(store);
	account = mxpw_store_find_account(store, PG_GETARG_TEXT_PP(0), false, true);
	password = mxpw_password_generate();
	mxpw_password_prepare(password, scheme, &prepared);
	mxpw_store_set_hash(store, account,
						hash_prepared(&prepared, scheme, NULL, NULL, NULL),
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
	MxpwStoreHandle *store;

	mxpw_require_arg(fcinfo, 0, "user_id");

	store = mxpw_store_begin();
	account = mxpw_store_find_account(store, PG_GETARG_TEXT_PP(0), true, true);
	PG_RETURN_INT32(mxpw_store_revoke_sessions(store, account));
}

MXPW_SQL_FUNCTION(mxpw_hash)
{
	text	   *password;
	MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	scheme = mxpw_store_current_scheme_at(mxpw_store_begin(), !PG_ARGISNULL(1),
										  PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));
	mxpw_password_check(password, true, scheme, &prepared);

	PG_RETURN_TEXT_P(cstring_to_text(hash_prepared(&prepared, scheme, NULL, NULL, NULL)));
}

/*
 * The login check.  A NULL hash does not match either, so that a whole
 * table can be scanned; what the tables showed is kept across the rows of
 * a scan.  In MAS's database, the scheme is the one of the version given
 * (the three-argument form), or else the one scheme of the hash's
 * algorithm.
 */
MXPW_SQL_FUNCTION(mxpw_verify)
{
	text	   *password;
	text	   *hash = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	int			version = optional_version(fcinfo, 2);
	MxpwStoreHandle *store = NULL;
	const MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);

	/* A version names MAS's scheme, with no need of the store. */
	if (version < 0)
		store = mxpw_store_begin_cached(fcinfo);
	scheme = mxpw_store_verify_scheme(store, hash, version);
	if (scheme == NULL)
	{
		/* No scheme could check the hash: a login could not match it. */
		mxpw_password_check(password, false, mxpw_store_current_scheme(store), NULL);
		PG_RETURN_BOOL(false);
	}

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
	MxpwStoreHandle *store;
	const MxpwScheme *scheme;
	MxpwPassword prepared;

	mxpw_require_arg(fcinfo, 0, "user_id");
	mxpw_require_arg(fcinfo, 1, "password");
	password = PG_GETARG_TEXT_PP(1);

	store = mxpw_store_begin();
	account = mxpw_store_find_account(store, PG_GETARG_TEXT_PP(0), false, false);
	hash = mxpw_store_current_hash(store, account, &version);
	scheme = hash != NULL ? mxpw_store_scheme(store, version) :
		mxpw_store_current_scheme(store);
	mxpw_password_check(password, false, scheme, hash != NULL ? &prepared : NULL);
	if (hash == NULL)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(verify_prepared(&prepared, cstring_to_text(hash), scheme));
}

/*
 * True when a hash is not one the current scheme makes, or is cheaper; what
 * the tables showed is kept across the rows of a scan.  Like
 * mxpw_account_store, not declared with MXPW_SQL_FUNCTION: it takes no
 * password, and it has always run without hiding its statement.
 */
PG_FUNCTION_INFO_V1(mxpw_needs_rehash);

Datum
mxpw_needs_rehash(PG_FUNCTION_ARGS)
{
	text	   *hash = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(mxpw_password_hash_weaker(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash),
											 mxpw_store_current_scheme(mxpw_store_begin_cached(fcinfo))));
}

/* Which store this database holds: "synapse" or "mas". */
PG_FUNCTION_INFO_V1(mxpw_account_store);

Datum
mxpw_account_store(PG_FUNCTION_ARGS)
{
	MxpwStoreHandle *store = mxpw_store_begin();

	mxpw_store_require(store);
	PG_RETURN_TEXT_P(cstring_to_text(store->store->id));
}
