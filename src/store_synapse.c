/*
 * store_synapse.c
 *	  The account store in Synapse's own tables (see store.h).
 *
 * Values travel as SPI parameters, never inside the SQL text.  Tables are
 * qualified with mxpw.synapse_schema and functions and operators with
 * pg_catalog, so nothing a caller puts on search_path takes part.
 *
 * Rows are always locked in one order, by user ID in the "C" collation, so
 * that mxpw calls that lock several accounts cannot deadlock each other.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "bcrypt.h"
#include "mxpw.h"
#include "password.h"
#include "report.h"
#include "store.h"

/* The one order in which mxpw locks accounts. */
#define LOCK_ORDER(name) name " COLLATE pg_catalog.\"C\""

/* Runs one statement with a user ID as $1 and, optionally, text as $2. */
static void
run(const char *sql, const char *user_id, const char *arg2, int expected)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];

	values[0] = CStringGetTextDatum(user_id);
	if (arg2 != NULL)
		values[1] = CStringGetTextDatum(arg2);
	mxpw_store_execute(sql, arg2 != NULL ? 2 : 1, types, values, expected);
}

/* The statements a bulk call runs for each account, prepared once. */
enum
{
	PLAN_SET_HASH,
	PLAN_DELETE_ACCESS_TOKENS,
	PLAN_DELETE_REFRESH_TOKENS,
	PLAN_DELETE_PUSHERS,
};

/* run for statement id of the handle, made by sql at its first run. */
static void
run_prepared(MxpwStoreHandle *h, int id, const char *(*sql) (MxpwStoreHandle *h),
			 const char *user_id, const char *arg2, int expected)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	SPIPlanPtr	plan = mxpw_store_plan(h, id);

	if (plan == NULL)
		plan = mxpw_store_prepare(h, id, sql(h), arg2 != NULL ? 2 : 1, types);
	values[0] = CStringGetTextDatum(user_id);
	if (arg2 != NULL)
		values[1] = CStringGetTextDatum(arg2);
	mxpw_store_run(plan, values, expected);
}

/*
 * Like Synapse's login, a lookup ignores case; when several accounts match,
 * the one spelled exactly as given wins, and without one the id is
 * ambiguous.  Columns: name, then whether the account is deactivated, then
 * whether it is locked.  Synapse's login refuses both (synapse/rest/client/
 * login.py, _complete_login: UserDeactivatedError, then UserLockedError),
 * so deactivated is the one reported when both are set.
 */
static const MxpwLookupFlag inactive[] = {
	{1, MXPW_ACCOUNT_DEACTIVATED},
	{2, MXPW_ACCOUNT_LOCKED},
};
static const MxpwLookup single_lookup = {1, lengthof(inactive), inactive};
static const MxpwLookup bulk_lookup = {2, lengthof(inactive), inactive};

/*
 * The lookups' columns after the name, with the table's alias.  users.locked
 * came with Synapse's schema delta 80/01_users_alter_locked.sql; Synapse
 * reads it as bool(locked) (storage/databases/main/registration.py,
 * get_user_locked_status).  An older database has no locked accounts.
 */
static char *
status_columns(MxpwStoreHandle *h, const char *alias)
{
	if (h->has_locked < 0)
		h->has_locked = get_attnum(mxpw_store_table_relid(h, "users"),
								   "locked") != InvalidAttrNumber;

	return psprintf("%sdeactivated OPERATOR(pg_catalog.<>) 0, %s",
					alias,
					h->has_locked ? psprintf("%slocked IS TRUE", alias) : "false");
}

/* The row's name column, copied to the caller's context. */
static char *
account_name(uint64 row, int namecol)
{
	char	   *name = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, namecol);

	return strcpy(SPI_palloc(strlen(name) + 1), name);
}

/* MxpwStore.find_account; the account's row is the one locked. */
static char *
find_account(MxpwStoreHandle *h, const char *qualified, bool allow_deactivated,
			 bool lock)
{
	uint64		chosen = 0;
	MxpwAccountStatus status;
	const char *users = mxpw_store_table(h, "users");
	char	   *names;

	run(psprintf("SELECT name, %s FROM %s "
				 "WHERE pg_catalog.lower(name) OPERATOR(pg_catalog.=) pg_catalog.lower($1) "
				 "ORDER BY " LOCK_ORDER("name") "%s",
				 status_columns(h, ""), users, lock ? " FOR NO KEY UPDATE" : ""),
		qualified, NULL, SPI_OK_SELECT);
	status = mxpw_lookup_choose(&single_lookup, qualified, NULL, SPI_processed,
								allow_deactivated, &chosen);
	switch (status)
	{
		case MXPW_ACCOUNT_FOUND:
			return account_name(chosen, 1);
		case MXPW_ACCOUNT_AMBIGUOUS:
			names = mxpw_lookup_names(&single_lookup, SPI_processed);
			mxpw_lookup_fail(status, qualified, NULL,
							 psprintf("Accounts matching \"%s\" ignoring case: %s.",
									  qualified, names),
							 psprintf("Accounts matching the user ID given ignoring case: %s.",
									  names),
							 "Give the user ID with the exact case of the account to change.");
		case MXPW_ACCOUNT_DEACTIVATED:
			mxpw_lookup_fail(status, qualified, account_name(chosen, 1),
							 "Synapse refuses every login to a deactivated account.",
							 NULL,
							 "Reactivate the account with Synapse's admin API first.");
		case MXPW_ACCOUNT_LOCKED:
			mxpw_lookup_fail(status, qualified, account_name(chosen, 1),
							 "Synapse refuses every login to a locked account.",
							 NULL,
							 "Unlock the account with Synapse's admin API first.");
		default:
			mxpw_lookup_fail(MXPW_ACCOUNT_MISSING, qualified, NULL,
							 psprintf("No account in %s matches \"%s\", ignoring case.",
									  users, qualified),
							 psprintf("No account in %s matches the user ID given, ignoring case.",
									  users),
							 NULL);
	}
}

/* MxpwStore.find_accounts, with one query: qualified[i] reaches accounts[i]. */
static void
find_accounts(MxpwStoreHandle *h, int n, const char *const *qualified,
			  bool allow_deactivated, MxpwAccount *accounts)
{
	const char *users;
	Datum	   *ids;
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Oid			types[1] = {TEXTARRAYOID};
	Datum		values[1];
	uint64	   *start;
	uint64	   *rows;

	if (n <= 0)
		return;
	users = mxpw_store_table(h, "users");
	ids = palloc(sizeof(Datum) * n);
	for (int i = 0; i < n; i++)
		ids[i] = CStringGetTextDatum(qualified[i]);
	values[0] = PointerGetDatum(construct_md_array(ids, NULL, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));

	/*
	 * One join rather than n scans: Synapse has no index on lower(name).
	 * Rows come, and are locked, in mxpw's lock order, whatever the order of
	 * the entries.
	 */
	mxpw_store_execute(psprintf("SELECT q.i, u.name, %s "
								"FROM pg_catalog.unnest($1) WITH ORDINALITY AS q(id, i) "
								"JOIN %s u ON pg_catalog.lower(u.name) OPERATOR(pg_catalog.=) pg_catalog.lower(q.id) "
								"ORDER BY " LOCK_ORDER("u.name") ", q.i FOR NO KEY UPDATE OF u",
								status_columns(h, "u."), users),
					   1, types, values, SPI_OK_SELECT);
	start = mxpw_lookup_group(n, &rows);
	for (int i = 0; i < n; i++)
	{
		uint64		chosen = 0;

		accounts[i].user_id = NULL;
		accounts[i].status = mxpw_lookup_choose(&bulk_lookup, qualified[i],
												rows + start[i], start[i + 1] - start[i],
												allow_deactivated, &chosen);
		if (accounts[i].status != MXPW_ACCOUNT_MISSING &&
			accounts[i].status != MXPW_ACCOUNT_AMBIGUOUS)
			accounts[i].user_id = account_name(chosen, 2);
	}
	pfree(start);
	pfree(rows);
	pfree(ids);
	SPI_freetuptable(SPI_tuptable);
}

static const char *
set_hash_sql(MxpwStoreHandle *h)
{
	return psprintf("UPDATE %s SET password_hash = $2 "
					"WHERE name OPERATOR(pg_catalog.=) $1",
					mxpw_store_table(h, "users"));
}

/* MxpwStore.set_hash: Synapse has one scheme, and no version. */
static void
set_hash(MxpwStoreHandle *h, const char *account, const char *hash, int version)
{
	run_prepared(h, PLAN_SET_HASH, set_hash_sql, account, hash, SPI_OK_UPDATE);
	if (SPI_processed != 1)
		elog(ERROR, "updated " UINT64_FORMAT " rows for user \"%s\"",
			 SPI_processed, account);
}

static const char *
delete_sql(MxpwStoreHandle *h, const char *table)
{
	return psprintf("DELETE FROM %s WHERE user_id OPERATOR(pg_catalog.=) $1",
					mxpw_store_table(h, table));
}

static const char *
delete_access_tokens_sql(MxpwStoreHandle *h)
{
	return delete_sql(h, "access_tokens");
}

static const char *
delete_refresh_tokens_sql(MxpwStoreHandle *h)
{
	return delete_sql(h, "refresh_tokens");
}

/*
 * The pushers of the account's sessions: those registered from a device
 * (pushers.device_id, Synapse's schema delta 73/03pusher_device_id.sql) or,
 * before Synapse's background update set_device_id_for_pushers moved them
 * to their device, with an access token (pushers.access_token, a token's
 * id).  Once every token of the account is deleted, each of those devices
 * and tokens is logged out.  Synapse's own logout removes the same pushers
 * (synapse/handlers/device.py, delete_devices: remove_pushers_by_devices;
 * synapse/handlers/auth.py, delete_access_tokens_for_user:
 * remove_pushers_by_access_tokens) and, as here, keeps those with neither,
 * such as the ones an admin's puppet token registered.
 *
 * A plain DELETE is safe behind a running Synapse: rows leave, no stream ID
 * is taken, and Synapse's own background updates remove pushers so
 * (synapse/storage/databases/main/pusher.py, _remove_stale_pushers).  What
 * it does not do is tell the running Synapse, which keeps the pushers it
 * started and goes on pushing to them until it restarts; Synapse writes a
 * deleted_pushers row with a stream ID from its own in-memory generator
 * for that, which nothing outside it may take.
 */
static const char *
delete_pushers_sql(MxpwStoreHandle *h)
{
	const char *pushers = mxpw_store_table(h, "pushers");
	bool		has_device = get_attnum(mxpw_store_table_relid(h, "pushers"),
										"device_id") != InvalidAttrNumber;

	return psprintf("DELETE FROM %s WHERE user_name OPERATOR(pg_catalog.=) $1 "
					"AND (access_token IS NOT NULL%s)",
					pushers, has_device ? " OR device_id IS NOT NULL" : "");
}

/*
 * MxpwStore.revoke_sessions: deletes every access and refresh token of the
 * account, which is what Synapse does to log a user out, and the pushers
 * of those sessions.  Returns the number of tokens deleted; pushers are
 * not counted.
 */
static int
revoke_sessions(MxpwStoreHandle *h, const char *account)
{
	uint64		deleted;

	/* Every table checked before any is changed, as always. */
	(void) mxpw_store_table(h, "access_tokens");
	(void) mxpw_store_table(h, "refresh_tokens");
	(void) mxpw_store_table(h, "pushers");

	/* Access tokens first: they reference refresh tokens, ON DELETE CASCADE. */
	run_prepared(h, PLAN_DELETE_ACCESS_TOKENS, delete_access_tokens_sql,
				 account, NULL, SPI_OK_DELETE);
	deleted = SPI_processed;
	run_prepared(h, PLAN_DELETE_REFRESH_TOKENS, delete_refresh_tokens_sql,
				 account, NULL, SPI_OK_DELETE);
	deleted += SPI_processed;
	run_prepared(h, PLAN_DELETE_PUSHERS, delete_pushers_sql,
				 account, NULL, SPI_OK_DELETE);

	return (int) deleted;
}

/* MxpwStore.current_hash: users.password_hash, NULL for none. */
static char *
current_hash(MxpwStoreHandle *h, const char *account, int *version)
{
	char	   *hash;

	run(psprintf("SELECT password_hash FROM %s WHERE name OPERATOR(pg_catalog.=) $1",
				 mxpw_store_table(h, "users")),
		account, NULL, SPI_OK_SELECT);
	*version = MXPW_SYNAPSE_VERSION;
	if (SPI_processed != 1)
		return NULL;
	hash = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return hash ? strcpy(SPI_palloc(strlen(hash) + 1), hash) : NULL;
}

/* Made again from the settings at each call: they may have changed. */
static MxpwScheme synapse_scheme;

static const MxpwScheme *
current_scheme(void)
{
	synapse_scheme = mxpw_synapse_scheme(mxpw_bcrypt_rounds, mxpw_pepper);
	return &synapse_scheme;
}

/* Synapse checks every hash with its one scheme. */
static const MxpwScheme *
scheme(int version)
{
	return current_scheme();
}

static const MxpwScheme *
scheme_for_hash(MxpwStoreHandle *h, text *hash)
{
	return mxpw_store_current_scheme(h);
}

/* MxpwStore.hash_version: Synapse's one scheme takes bcrypt hashes. */
static int
hash_version(MxpwStoreHandle *h, text *hash, int version)
{
	const char *problem;

	if (version >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a scheme version applies only in MAS's database"),
				 errdetail("This database holds Synapse's tables, which have one scheme."),
				 errhint("Leave the version out.")));

	/* The hash is not echoed: it is as good as the password to a cracker. */
	problem = mxpw_password_hash_problem(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash),
										 &mxpw_bcrypt_algorithm);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hash is not a bcrypt hash Synapse can check"),
				 errdetail("%s", problem),
				 errhint("Make the hash with Synapse's hash_password tool or with mxpw_hash().")));
	return MXPW_SYNAPSE_VERSION;
}

const MxpwStore mxpw_synapse_store = {
	.name = "Synapse",
	.id = "synapse",
	.setting = "mxpw.synapse_schema",
	.logout_unit = MXPW_LOGOUT_TOKENS,
	.policy = MXPW_POLICY_SYNAPSE,
	.find_account = find_account,
	.find_accounts = find_accounts,
	.set_hash = set_hash,
	.revoke_sessions = revoke_sessions,
	.current_hash = current_hash,
	.current_scheme = current_scheme,
	.scheme = scheme,
	.scheme_for_hash = scheme_for_hash,
	.hash_version = hash_version,
};
