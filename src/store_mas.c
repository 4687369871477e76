/*
 * store_mas.c
 *	  The account store in the database of Matrix Authentication Service
 *	  (MAS), for homeservers that delegate logins to it (see store.h).
 *
 * Matched to matrix-authentication-service (crates/storage-pg/src/user/
 * mod.rs, user/password.rs, compat/session.rs, oauth2/session.rs,
 * user/session.rs, queue/job.rs; crates/cli/src/commands/manage.rs):
 *
 *	- users keeps localparts only: a user ID's server part must be
 *	  mxpw.server_name, and its localpart is found as MAS's login finds it,
 *	  lower(username) = lower(localpart), the exact spelling winning among
 *	  case twins.  Locked and deactivated users cannot log in.
 *	- A password change adds a user_passwords row; MAS uses the user's row
 *	  with the latest created_at, and old rows stay.  MAS stamps its rows
 *	  with its own host's clock, so mxpw's created_at is the later of the
 *	  clock and just after the user's latest row, read after the user's row
 *	  is locked FOR UPDATE; that lock makes MAS's own inserts for the user,
 *	  whose foreign-key checks take FOR KEY SHARE, wait for mxpw's
 *	  transaction.  The row's id is a ULID of its created_at.
 *	- Logging out ends the user's compat, OAuth 2.0 and browser sessions
 *	  (finished_at) and queues a sync-devices job, as mas-cli manage
 *	  kill-sessions does.  Personal sessions are left alone, as there.
 *
 * Values travel as SPI parameters; tables are qualified with mxpw.mas_schema
 * and functions, operators and types with pg_catalog.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "mxpw.h"
#include "password.h"
#include "report.h"
#include "scheme.h"
#include "store.h"
#include "ulid.h"

/* The one order in which mxpw locks MAS's users. */
#define LOCK_ORDER(name) name " COLLATE pg_catalog.\"C\""

/*
 * The lock on a user's row: FOR UPDATE, not FOR NO KEY UPDATE, as it must
 * conflict with the FOR KEY SHARE of the foreign-key check on MAS's insert
 * into user_passwords (and into its session tables), so that no row of MAS
 * can come between mxpw's reading of the user's rows and its commit.
 */
#define MAS_LOCK "FOR UPDATE"

/* What an untraced MAS writes as a job's metadata (queue/job.rs). */
#define UNTRACED_METADATA \
	"{\"trace_id\": \"00000000000000000000000000000000\", " \
	"\"span_id\": \"0000000000000000\", \"trace_flags\": 0}"

/* The statements a bulk call runs for each account, prepared once. */
enum
{
	PLAN_LATEST_CREATED_AT,
	PLAN_INSERT_PASSWORD,
	PLAN_USER_ID,
	PLAN_END_SESSIONS,			/* one per kind of session */
	PLAN_QUEUE_JOB = PLAN_END_SESSIONS + 3,
};

/*
 * Runs statement id of the handle, prepared at its first run from the SQL
 * that sql makes.
 */
static void
run_prepared(MxpwStoreHandle *h, int id, char *(*sql) (MxpwStoreHandle *h, int arg),
			 int arg, int nargs, Oid *types, Datum *values, int expected)
{
	SPIPlanPtr	plan = mxpw_store_plan(h, id);

	if (plan == NULL)
		plan = mxpw_store_prepare(h, id, sql(h, arg), nargs, types);
	mxpw_store_run(plan, values, expected);
}

/*
 * The localpart of a full user ID, or NULL (status set) when its server is
 * not mxpw.server_name.
 */
static char *
localpart(MxpwStoreHandle *h, const char *qualified, MxpwAccountStatus *status)
{
	const char *colon = strchr(qualified, ':');

	if (h->server_name[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("mxpw.server_name must be set in MAS's database"),
				 errdetail("MAS stores only the localpart of each user ID."),
				 errhint("Set mxpw.server_name to the homeserver's server_name (matrix.homeserver in MAS's config.yaml).")));
	Assert(qualified[0] == '@' && colon != NULL);
	if (strcmp(colon + 1, h->server_name) != 0)
	{
		*status = MXPW_ACCOUNT_OTHER_SERVER;
		return NULL;
	}
	*status = MXPW_ACCOUNT_FOUND;
	return pnstrdup(qualified + 1, colon - qualified - 1);
}

/*
 * The account's user ID as stored: MAS's username on mxpw.server_name, in
 * the caller's context.
 */
static char *
account_of(MxpwStoreHandle *h, const char *username)
{
	char	   *account = psprintf("@%s:%s", username, h->server_name);

	return strcpy(SPI_palloc(strlen(account) + 1), account);
}

/* The username back from an account made by account_of. */
static char *
username_of(MxpwStoreHandle *h, const char *account)
{
	MxpwAccountStatus status;
	char	   *name = localpart(h, account, &status);

	if (name == NULL)
		elog(ERROR, "account \"%s\" is not on mxpw.server_name", account);
	return name;
}

/*
 * Columns of the lookups: username, locked, deactivated.  MAS's login
 * refuses either; deactivated is the one reported when both are set.
 */
#define USER_COLUMNS \
	"u.username, u.locked_at IS NOT NULL, u.deactivated_at IS NOT NULL"
static const MxpwLookupFlag inactive[] = {
	{2, MXPW_ACCOUNT_DEACTIVATED},
	{1, MXPW_ACCOUNT_LOCKED},
};
static const MxpwLookup single_lookup = {1, lengthof(inactive), inactive};
static const MxpwLookup bulk_lookup = {2, lengthof(inactive), inactive};

/* MxpwStore.find_account. */
static char *
find_account(MxpwStoreHandle *h, const char *qualified, bool allow_deactivated,
			 bool lock)
{
	MxpwAccountStatus status;
	char	   *username = localpart(h, qualified, &status);
	const char *users = mxpw_store_table(h, "users");
	uint64		chosen = 0;
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	char	   *names;

	if (username == NULL)
		mxpw_lookup_fail(status, qualified, NULL,
						 psprintf("MAS here serves the users of \"%s\".", h->server_name),
						 NULL, NULL);

	values[0] = CStringGetTextDatum(username);
	mxpw_store_execute(psprintf("SELECT " USER_COLUMNS " FROM %s u "
								"WHERE pg_catalog.lower(u.username) OPERATOR(pg_catalog.=) pg_catalog.lower($1) "
								"ORDER BY " LOCK_ORDER("u.username") "%s",
								users, lock ? " " MAS_LOCK : ""),
					   1, types, values, SPI_OK_SELECT);
	status = mxpw_lookup_choose(&single_lookup, username, NULL, SPI_processed,
								allow_deactivated, &chosen);
	switch (status)
	{
		case MXPW_ACCOUNT_FOUND:
			return account_of(h, SPI_getvalue(SPI_tuptable->vals[chosen],
										   SPI_tuptable->tupdesc, 1));
		case MXPW_ACCOUNT_AMBIGUOUS:
			names = mxpw_lookup_names(&single_lookup, SPI_processed);
			mxpw_lookup_fail(status, qualified, NULL,
							 psprintf("Usernames matching \"%s\" ignoring case: %s.",
									  username, names),
							 psprintf("Usernames matching the user ID given ignoring case: %s.",
									  names),
							 "Give the user ID with the exact case of the user to change.");
		case MXPW_ACCOUNT_DEACTIVATED:
			mxpw_lookup_fail(status, qualified,
							 account_of(h, SPI_getvalue(SPI_tuptable->vals[chosen],
													 SPI_tuptable->tupdesc, 1)),
							 "MAS refuses every login of a deactivated user.", NULL,
							 "Reactivate the user first: mas-cli manage unlock-user --reactivate.");
		case MXPW_ACCOUNT_LOCKED:
			mxpw_lookup_fail(status, qualified,
							 account_of(h, SPI_getvalue(SPI_tuptable->vals[chosen],
													 SPI_tuptable->tupdesc, 1)),
							 "MAS refuses every login of a locked user.", NULL,
							 "Unlock the user first: mas-cli manage unlock-user.");
		default:
			mxpw_lookup_fail(MXPW_ACCOUNT_MISSING, qualified, NULL,
							 psprintf("No user in %s matches \"%s\", ignoring case.",
									  users, username),
							 psprintf("No user in %s matches the user ID given, ignoring case.",
									  users),
							 NULL);
	}
}

/* MxpwStore.find_accounts, with one query, locking in mxpw's order. */
static void
find_accounts(MxpwStoreHandle *h, int n, const char *const *qualified,
			  bool allow_deactivated, MxpwAccount *accounts)
{
	char	  **usernames = palloc(sizeof(char *) * Max(n, 1));
	Datum	   *ids = palloc(sizeof(Datum) * Max(n, 1));
	int		   *id_entry = palloc(sizeof(int) * Max(n, 1));
	int			nids = 0;
	int			dims[1];
	int			lbs[1] = {1};
	Oid			types[1] = {TEXTARRAYOID};
	Datum		values[1];
	uint64	   *start;
	uint64	   *rows;

	for (int i = 0; i < n; i++)
	{
		accounts[i].user_id = NULL;
		usernames[i] = localpart(h, qualified[i], &accounts[i].status);
		if (usernames[i] != NULL)
		{
			id_entry[nids] = i;
			ids[nids++] = CStringGetTextDatum(usernames[i]);
		}
	}
	if (nids <= 0)
		return;
	dims[0] = nids;
	values[0] = PointerGetDatum(construct_md_array(ids, NULL, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	mxpw_store_execute(psprintf("SELECT q.i, " USER_COLUMNS " "
								"FROM pg_catalog.unnest($1) WITH ORDINALITY AS q(id, i) "
								"JOIN %s u ON pg_catalog.lower(u.username) OPERATOR(pg_catalog.=) pg_catalog.lower(q.id) "
								"ORDER BY " LOCK_ORDER("u.username") ", q.i " MAS_LOCK " OF u",
								mxpw_store_table(h, "users")),
					   1, types, values, SPI_OK_SELECT);
	start = mxpw_lookup_group(nids, &rows);
	for (int e = 0; e < nids; e++)
	{
		int			i = id_entry[e];
		uint64		chosen = 0;

		accounts[i].status = mxpw_lookup_choose(&bulk_lookup, usernames[i],
												rows + start[e], start[e + 1] - start[e],
												allow_deactivated, &chosen);
		if (accounts[i].status != MXPW_ACCOUNT_MISSING &&
			accounts[i].status != MXPW_ACCOUNT_AMBIGUOUS)
			accounts[i].user_id = account_of(h, SPI_getvalue(SPI_tuptable->vals[chosen],
														  SPI_tuptable->tupdesc, 2));
	}
	SPI_freetuptable(SPI_tuptable);
}

/* The clock, as a ULID's milliseconds since the Unix epoch. */
static uint64
unix_ms(TimestampTz ts)
{
	return (uint64) (ts / 1000) +
		(uint64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * 1000;
}

/* A new ULID of the time ts, as a uuid datum; its text form in text. */
static Datum
new_ulid(TimestampTz ts, char text[MXPW_UUID_TEXT_LEN + 1])
{
	unsigned char random[MXPW_ULID_RANDOM_BYTES];
	unsigned char ulid[MXPW_ULID_BYTES];

	if (!pg_strong_random(random, sizeof(random)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random bits for a ULID")));
	mxpw_ulid_make(unix_ms(ts), random, ulid);
	mxpw_ulid_to_uuid(ulid, text);
	return DirectFunctionCall1(uuid_in, CStringGetDatum(text));
}

/* The user's latest user_passwords row's created_at. */
static char *
latest_created_at_sql(MxpwStoreHandle *h, int arg)
{
	return psprintf("SELECT pg_catalog.max(p.created_at) FROM %s p "
					"JOIN %s u ON u.user_id OPERATOR(pg_catalog.=) p.user_id "
					"WHERE u.username OPERATOR(pg_catalog.=) $1",
					mxpw_store_table(h, "user_passwords"), mxpw_store_table(h, "users"));
}

/*
 * The created_at of a new row of the user: the clock, read after the lock,
 * or one microsecond after the user's latest row if that is later (MAS
 * stamps rows with its host's clock, which may be ahead of the database's).
 */
static TimestampTz
new_created_at(MxpwStoreHandle *h, Datum username)
{
	TimestampTz now = GetCurrentTimestamp();
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {username};
	bool		isnull;
	TimestampTz latest;

	/*
	 * The transaction's snapshot would hide a row MAS committed since it was
	 * taken, and MAS's clock may have stamped that row later than ours.
	 */
	if (IsolationUsesXactSnapshot())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("mxpw changes MAS passwords only in READ COMMITTED transactions"),
				 errdetail("Under REPEATABLE READ or SERIALIZABLE, a password row MAS added after the transaction's snapshot could remain the one MAS uses."),
				 errhint("Run the change in a READ COMMITTED transaction, the default.")));

	run_prepared(h, PLAN_LATEST_CREATED_AT, latest_created_at_sql, 0,
				 1, types, values, SPI_OK_SELECT);
	latest = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0],
											   SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
	if (isnull || latest < now)
		return now;

	/* A ULID holds 48 bits of milliseconds since 1970, up to year 10889. */
	if (TIMESTAMP_NOT_FINITE(latest) || unix_ms(latest + 1) >= UINT64CONST(1) << 48)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot add a password row after the user's latest one"),
				 errdetail("The latest user_passwords row of the user has a created_at beyond the time a ULID can hold.")));
	return latest + 1;
}

static char *
insert_password_sql(MxpwStoreHandle *h, int arg)
{
	return psprintf("INSERT INTO %s (user_password_id, user_id, hashed_password, version, upgraded_from_id, created_at) "
					"SELECT $1, u.user_id, $3, $4, NULL, $5 FROM %s u "
					"WHERE u.username OPERATOR(pg_catalog.=) $2",
					mxpw_store_table(h, "user_passwords"), mxpw_store_table(h, "users"));
}

/* MxpwStore.set_hash: a new user_passwords row, as MAS adds one. */
static void
set_hash(MxpwStoreHandle *h, const char *account, const char *hash, int version)
{
	TimestampTz now;
	char		id[MXPW_UUID_TEXT_LEN + 1];
	Oid			types[5] = {UUIDOID, TEXTOID, TEXTOID, INT4OID, TIMESTAMPTZOID};
	Datum		values[5];

	values[1] = CStringGetTextDatum(username_of(h, account));
	now = new_created_at(h, values[1]);
	values[0] = new_ulid(now, id);
	values[2] = CStringGetTextDatum(hash);
	values[3] = Int32GetDatum(version);
	values[4] = TimestampTzGetDatum(now);
	run_prepared(h, PLAN_INSERT_PASSWORD, insert_password_sql, 0,
				 5, types, values, SPI_OK_INSERT);
	if (SPI_processed != 1)
		elog(ERROR, "inserted " UINT64_FORMAT " password rows for user \"%s\"",
			 SPI_processed, account);
}

/* The kinds of session that logging out ends, as mas-cli's kill-sessions. */
static const char *const session_kinds[] = {"compat_sessions", "oauth2_sessions", "user_sessions"};

static char *
user_id_sql(MxpwStoreHandle *h, int arg)
{
	return psprintf("SELECT u.user_id FROM %s u WHERE u.username OPERATOR(pg_catalog.=) $1",
					mxpw_store_table(h, "users"));
}

static char *
end_sessions_sql(MxpwStoreHandle *h, int kind)
{
	return psprintf("UPDATE %s SET finished_at = $2 "
					"WHERE user_id OPERATOR(pg_catalog.=) "
					"(SELECT u.user_id FROM %s u WHERE u.username OPERATOR(pg_catalog.=) $1) "
					"AND finished_at IS NULL",
					mxpw_store_table(h, session_kinds[kind]), mxpw_store_table(h, "users"));
}

static char *
queue_job_sql(MxpwStoreHandle *h, int arg)
{
	return psprintf("INSERT INTO %s (queue_job_id, queue_name, payload, metadata, created_at) "
					"VALUES ($1, 'sync-devices', CAST($3 AS pg_catalog.jsonb), "
					"CAST('" UNTRACED_METADATA "' AS pg_catalog.jsonb), $2)",
					mxpw_store_table(h, "queue_jobs"));
}

/*
 * MxpwStore.revoke_sessions: ends the user's active sessions of the three
 * kinds mas-cli manage kill-sessions ends, and queues the job that makes
 * Synapse drop the user's devices.  Personal sessions (personal access
 * tokens an administrator issued, possibly acting for another user) are
 * left alone, as there.
 */
static int
revoke_sessions(MxpwStoreHandle *h, const char *account)
{
	TimestampTz now = GetCurrentTimestamp();
	Oid			types[3] = {TEXTOID, TIMESTAMPTZOID, TEXTOID};
	Oid			job_types[3] = {UUIDOID, TIMESTAMPTZOID, TEXTOID};
	Datum		values[3];
	unsigned char user_ulid[MXPW_ULID_BYTES];
	char		user_text[MXPW_ULID_TEXT_LEN + 1];
	char		job_id[MXPW_UUID_TEXT_LEN + 1];
	char	   *user_uuid;
	uint64		ended = 0;

	(void) mxpw_store_table(h, "users");
	values[0] = CStringGetTextDatum(username_of(h, account));
	values[1] = TimestampTzGetDatum(now);
	run_prepared(h, PLAN_USER_ID, user_id_sql, 0, 1, types, values, SPI_OK_SELECT);
	if (SPI_processed != 1)
		elog(ERROR, "found " UINT64_FORMAT " rows for user \"%s\"", SPI_processed, account);
	user_uuid = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (user_uuid == NULL || !mxpw_ulid_from_uuid(user_uuid, user_ulid))
		elog(ERROR, "user \"%s\" has no valid user_id", account);
	SPI_freetuptable(SPI_tuptable);

	for (int k = 0; k < lengthof(session_kinds); k++)
	{
		run_prepared(h, PLAN_END_SESSIONS + k, end_sessions_sql, k,
					 2, types, values, SPI_OK_UPDATE);
		ended += SPI_processed;
	}

	/* The job MAS queues (crates/storage/src/queue/tasks.rs, SyncDevicesJob). */
	mxpw_ulid_to_text(user_ulid, user_text);
	values[0] = new_ulid(now, job_id);
	values[2] = CStringGetTextDatum(psprintf("{\"user_id\": \"%s\"}", user_text));
	run_prepared(h, PLAN_QUEUE_JOB, queue_job_sql, 0, 3, job_types, values, SPI_OK_INSERT);
	return (int) Min(ended, (uint64) PG_INT32_MAX);
}

/* MxpwStore.current_hash: the user's latest user_passwords row. */
static char *
current_hash(MxpwStoreHandle *h, const char *account, int *version)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	char	   *hash;
	bool		isnull;

	values[0] = CStringGetTextDatum(username_of(h, account));
	mxpw_store_execute(psprintf("SELECT p.hashed_password, p.version FROM %s p "
								"JOIN %s u ON u.user_id OPERATOR(pg_catalog.=) p.user_id "
								"WHERE u.username OPERATOR(pg_catalog.=) $1 "
								"ORDER BY p.created_at DESC LIMIT 1",
								mxpw_store_table(h, "user_passwords"), mxpw_store_table(h, "users")),
					   1, types, values, SPI_OK_SELECT);
	if (SPI_processed != 1)
		return NULL;
	hash = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	*version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
										   SPI_tuptable->tupdesc, 2, &isnull));
	return hash ? strcpy(SPI_palloc(strlen(hash) + 1), hash) : NULL;
}

/*
 * MxpwStore.scheme_for_hash: with no version named, the one scheme of the
 * hash's algorithm; NULL when there is none, as MAS could not match it.
 */
static const MxpwScheme *
scheme_for_hash(MxpwStoreHandle *h, text *hash)
{
	const MxpwScheme *scheme = mxpw_mas_scheme_for_hash(VARDATA_ANY(hash),
														VARSIZE_ANY_EXHDR(hash));

	return scheme != NULL ? mxpw_scheme_copy(scheme) : NULL;
}

/*
 * MxpwStore.hash_version: the scheme a hash belongs to is the one of
 * version if given, else the one scheme of the hash's algorithm.
 */
static int
hash_version(MxpwStoreHandle *h, text *hash, int version)
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
	return scheme->version;
}

const MxpwStore mxpw_mas_store = {
	.name = "MAS",
	.id = "mas",
	.setting = "mxpw.mas_schema",
	.logout_unit = MXPW_LOGOUT_SESSIONS,
	.policy = MXPW_POLICY_MAS,
	.find_account = find_account,
	.find_accounts = find_accounts,
	.set_hash = set_hash,
	.revoke_sessions = revoke_sessions,
	.current_hash = current_hash,
	.current_scheme = mxpw_mas_current_scheme,
	.scheme = mxpw_mas_scheme,
	.scheme_for_hash = scheme_for_hash,
	.hash_version = hash_version,
};
