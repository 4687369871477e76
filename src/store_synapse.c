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

#include "mxpw.h"
#include "report.h"
#include "store.h"

/* The one order in which mxpw locks accounts. */
#define LOCK_ORDER(name) name " COLLATE pg_catalog.\"C\""

/* Quoted schema.table, after checking that the table exists. */
static char *
synapse_table(const char *table)
{
	return mxpw_store_table(&mxpw_synapse_store, "mxpw.synapse_schema",
							mxpw_synapse_schema, table);
}

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

/*
 * Picks the account a login with qualified reaches among the n rows rows[]
 * of tuptable, which are the accounts matching it ignoring case, with the
 * name in column namecol and whether the account is deactivated in the next
 * one.
 *
 * Like Synapse's login, the match ignores case; when several accounts match,
 * the one spelled exactly as given wins, and without one the id is ambiguous.
 */
static MxpwAccountStatus
choose_account(const char *qualified, SPITupleTable *tuptable,
			   const uint64 *rows, uint64 n, int namecol,
			   bool allow_deactivated, uint64 *chosen)
{
	bool		isnull;
	uint64		k = 0;

	if (n == 0)
		return MXPW_ACCOUNT_MISSING;
	if (n > 1)
	{
		for (k = 0; k < n; k++)
			if (strcmp(SPI_getvalue(tuptable->vals[rows[k]], tuptable->tupdesc,
									namecol), qualified) == 0)
				break;
		if (k == n)
			return MXPW_ACCOUNT_AMBIGUOUS;
	}
	*chosen = rows[k];
	if (!allow_deactivated &&
		DatumGetBool(SPI_getbinval(tuptable->vals[*chosen], tuptable->tupdesc,
								   namecol + 1, &isnull)) && !isnull)
		return MXPW_ACCOUNT_DEACTIVATED;
	return MXPW_ACCOUNT_FOUND;
}

/* The row's name column, copied to the caller's context. */
static char *
account_name(SPITupleTable *tuptable, uint64 row, int namecol)
{
	char	   *name = SPI_getvalue(tuptable->vals[row], tuptable->tupdesc, namecol);

	return strcpy(SPI_palloc(strlen(name) + 1), name);
}

/* MxpwStore.find_account; the account's row is the one locked. */
static char *
find_account(const char *qualified, bool allow_deactivated, bool lock)
{
	char	   *sql;
	uint64		nrows;
	uint64	   *rows;
	uint64		chosen = 0;
	MxpwAccountStatus status;
	StringInfoData names;
	const char *users;
	char	   *account = NULL;
	const char *detail = NULL;
	const char *detail_log = NULL;
	const char *hint = NULL;

	users = synapse_table("users");
	sql = psprintf("SELECT name, deactivated OPERATOR(pg_catalog.<>) 0 FROM %s "
				   "WHERE pg_catalog.lower(name) OPERATOR(pg_catalog.=) pg_catalog.lower($1) "
				   "ORDER BY " LOCK_ORDER("name") "%s",
				   users, lock ? " FOR NO KEY UPDATE" : "");
	run(sql, qualified, NULL, SPI_OK_SELECT);
	nrows = SPI_processed;
	rows = palloc(sizeof(uint64) * Max(nrows, 1));
	for (uint64 i = 0; i < nrows; i++)
		rows[i] = i;

	status = choose_account(qualified, SPI_tuptable, rows, nrows, 1,
							allow_deactivated, &chosen);
	if (status == MXPW_ACCOUNT_FOUND)
		return account_name(SPI_tuptable, chosen, 1);

	switch (status)
	{
		case MXPW_ACCOUNT_FOUND:	/* returned above */
		case MXPW_ACCOUNT_LOCKED:	/* MAS's only */
		case MXPW_ACCOUNT_OTHER_SERVER:
		case MXPW_ACCOUNT_MISSING:
			detail = psprintf("No account in %s matches \"%s\", ignoring case.",
							  users, qualified);
			detail_log = psprintf("No account in %s matches the user ID given, ignoring case.",
								  users);
			break;
		case MXPW_ACCOUNT_AMBIGUOUS:
			initStringInfo(&names);
			for (uint64 i = 0; i < nrows; i++)
				appendStringInfo(&names, "%s\"%s\"", i > 0 ? ", " : "",
								 SPI_getvalue(SPI_tuptable->vals[i],
											  SPI_tuptable->tupdesc, 1));
			detail = psprintf("Accounts matching \"%s\" ignoring case: %s.",
							  qualified, names.data);
			detail_log = psprintf("Accounts matching the user ID given ignoring case: %s.",
								  names.data);
			hint = "Give the user ID with the exact case of the account to change.";
			break;
		case MXPW_ACCOUNT_DEACTIVATED:
			account = account_name(SPI_tuptable, chosen, 1);
			detail = "Synapse refuses every login to a deactivated account.";
			hint = "Reactivate the account with Synapse's admin API first.";
			break;
	}
	ereport(ERROR,
			(errcode(mxpw_account_sqlstate(status)),
			 errmsg("%s", mxpw_account_phrase(status, qualified, account, false)),
			 errdetail("%s", detail),
			 detail_log ? errdetail_log("%s", detail_log) : 0,
			 hint ? errhint("%s", hint) : 0));
	return NULL;				/* keep compiler quiet */
}

/* The user ID, from 0, that a row of find_accounts's query matched. */
static int
id_of_row(uint64 row)
{
	bool		isnull;

	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[row],
									   SPI_tuptable->tupdesc, 1, &isnull)) - 1;
}

/* MxpwStore.find_accounts, with one query: qualified[i] reaches accounts[i]. */
static void
find_accounts(int n, const char *const *qualified, bool allow_deactivated,
			  MxpwAccount *accounts)
{
	Datum	   *ids;
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Oid			types[1] = {TEXTARRAYOID};
	Datum		values[1];
	char	   *sql;
	uint64		nrows;
	uint64	   *start;
	uint64	   *next;
	uint64	   *rows;

	if (n <= 0)
		return;
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
	sql = psprintf("SELECT q.i, u.name, u.deactivated OPERATOR(pg_catalog.<>) 0 "
				   "FROM pg_catalog.unnest($1) WITH ORDINALITY AS q(id, i) "
				   "JOIN %s u ON pg_catalog.lower(u.name) OPERATOR(pg_catalog.=) pg_catalog.lower(q.id) "
				   "ORDER BY " LOCK_ORDER("u.name") ", q.i FOR NO KEY UPDATE OF u",
				   synapse_table("users"));
	mxpw_store_execute(sql, 1, types, values, SPI_OK_SELECT);
	nrows = SPI_processed;

	/*
	 * Group the rows by id, keeping their order: id e's rows are
	 * rows[start[e] .. start[e + 1]).
	 */
	start = palloc0(sizeof(uint64) * (n + 1));
	next = palloc(sizeof(uint64) * n);
	rows = palloc(sizeof(uint64) * Max(nrows, 1));
	for (uint64 r = 0; r < nrows; r++)
		start[id_of_row(r) + 1]++;
	for (int e = 1; e <= n; e++)
		start[e] += start[e - 1];
	memcpy(next, start, sizeof(uint64) * n);
	for (uint64 r = 0; r < nrows; r++)
		rows[next[id_of_row(r)]++] = r;

	for (int i = 0; i < n; i++)
	{
		uint64		chosen = 0;

		accounts[i].user_id = NULL;
		accounts[i].status = choose_account(qualified[i], SPI_tuptable,
											rows + start[i], start[i + 1] - start[i],
											2, allow_deactivated, &chosen);
		if (accounts[i].status == MXPW_ACCOUNT_FOUND ||
			accounts[i].status == MXPW_ACCOUNT_DEACTIVATED)
			accounts[i].user_id = account_name(SPI_tuptable, chosen, 2);
	}
	pfree(start);
	pfree(next);
	pfree(rows);
	pfree(ids);
	SPI_freetuptable(SPI_tuptable);
}

/* MxpwStore.set_hash: Synapse has one scheme, and no version. */
static void
set_hash(const char *account, const char *hash, int version)
{
	char	   *sql;

	sql = psprintf("UPDATE %s SET password_hash = $2 "
				   "WHERE name OPERATOR(pg_catalog.=) $1",
				   synapse_table("users"));
	run(sql, account, hash, SPI_OK_UPDATE);
	if (SPI_processed != 1)
		elog(ERROR, "updated " UINT64_FORMAT " rows for user \"%s\"",
			 SPI_processed, account);
}

/*
 * MxpwStore.revoke_sessions: deletes every access and refresh token of the
 * account, which is what Synapse does to log a user out.
 */
static int
revoke_sessions(const char *account)
{
	const char *tables[2];
	uint64		deleted = 0;

	/* Access tokens first: they reference refresh tokens, ON DELETE CASCADE. */
	tables[0] = synapse_table("access_tokens");
	tables[1] = synapse_table("refresh_tokens");
	for (int t = 0; t < lengthof(tables); t++)
	{
		run(psprintf("DELETE FROM %s WHERE user_id OPERATOR(pg_catalog.=) $1", tables[t]),
			account, NULL, SPI_OK_DELETE);
		deleted += SPI_processed;
	}

	return (int) deleted;
}

/* MxpwStore.current_hash: users.password_hash, NULL for none. */
static char *
current_hash(const char *account, int *version)
{
	char	   *hash;

	run(psprintf("SELECT password_hash FROM %s WHERE name OPERATOR(pg_catalog.=) $1",
				 synapse_table("users")),
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
	synapse_scheme = mxpw_synapse_scheme(mxpw_bcrypt_rounds);
	return &synapse_scheme;
}

/* Synapse checks every hash with its one scheme. */
static const MxpwScheme *
scheme(int version)
{
	return current_scheme();
}

const MxpwStore mxpw_synapse_store = {
	.name = "Synapse",
	.find_account = find_account,
	.find_accounts = find_accounts,
	.set_hash = set_hash,
	.revoke_sessions = revoke_sessions,
	.current_hash = current_hash,
	.current_scheme = current_scheme,
	.scheme = scheme,
};
