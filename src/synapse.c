/*
 * synapse.c
 *	  Reading and writing Synapse's own tables.
 *
 * Values travel as SPI parameters, never inside the SQL text.  Tables are
 * qualified with mxpw.synapse_schema and functions and operators with
 * pg_catalog, so nothing a caller puts on search_path takes part.
 *
 * Rows are always locked in one order, by user ID in the "C" collation, so
 * that mxpw calls that lock several accounts cannot deadlock each other.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "mxpw.h"
#include "userid.h"

/* The one order in which mxpw locks accounts. */
#define LOCK_ORDER(name) name " COLLATE pg_catalog.\"C\""

/* Quoted schema.table, after checking that the table exists. */
static char *
synapse_table(const char *table)
{
	Oid			schema = get_namespace_oid(mxpw_synapse_schema, true);

	if (!OidIsValid(schema))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema \"%s\" does not exist", mxpw_synapse_schema),
				 errhint("Set mxpw.synapse_schema to the schema that holds Synapse's tables.")));

	/*
	 * Any role may create tables, and triggers on them, in its temporary
	 * schema; a privileged caller must never write there.
	 */
	if (isAnyTempNamespace(schema))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_NAME),
				 errmsg("mxpw.synapse_schema must not name a temporary schema"),
				 errdetail("Schema \"%s\" is a temporary schema, which any role can fill with tables of its own.",
						   mxpw_synapse_schema)));
	if (!OidIsValid(get_relname_relid(table, schema)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("this does not look like a Synapse database"),
				 errdetail("Table \"%s.%s\" does not exist.", mxpw_synapse_schema, table),
				 errhint("Connect to the database Synapse uses, or set mxpw.synapse_schema to the schema that holds its tables.")));
	return quote_qualified_identifier(mxpw_synapse_schema, table);
}

/* Runs one statement with the user id as $1 and, optionally, text as $2. */
static void
run(const char *sql, const char *user_id, const char *arg2, int expected)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	int			ret;

	values[0] = CStringGetTextDatum(user_id);
	if (arg2 != NULL)
		values[1] = CStringGetTextDatum(arg2);
	ret = SPI_execute_with_args(sql, arg2 != NULL ? 2 : 1, types, values,
								NULL, false, 0);
	if (ret != expected)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));
}

/*
 * A user ID as typed may be a password typed in the wrong place: the client,
 * which typed it, is shown it; the server log is not.  Junk and oversized
 * input is shown to neither.
 */
static bool
echoable(MxpwUserIdStatus status)
{
	return status != MXPW_USER_ID_TOO_LONG && status != MXPW_USER_ID_BAD_CHARACTER;
}

void
mxpw_report_bad_user_id(text *user_id, MxpwUserIdStatus status)
{
	const char *problem = mxpw_user_id_problem(status);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid user ID"),
			 echoable(status) ?
			 errdetail("%s  The user ID given was \"%.*s\".", problem,
					   (int) VARSIZE_ANY_EXHDR(user_id), VARDATA_ANY(user_id)) :
			 errdetail("%s", problem),
			 errdetail_log("%s", problem),
			 status == MXPW_USER_ID_NEEDS_SERVER_NAME ?
			 errhint("Give the full user ID, as in @alice:example.com, or set mxpw.server_name to the server_name of homeserver.yaml.") : 0));
}

/*
 * A bulk call's phrase for an entry's bad user ID, without a final period:
 * for the client (with the ID when it may be shown) or for the log.
 */
char *
mxpw_bad_user_id_phrase(text *user_id, MxpwUserIdStatus status, bool for_client)
{
	const char *problem = mxpw_user_id_problem(status);
	int			plen = strlen(problem);

	if (plen > 0 && problem[plen - 1] == '.')
		plen--;
	if (for_client && echoable(status))
		return psprintf("invalid user ID \"%.*s\": %.*s",
						(int) VARSIZE_ANY_EXHDR(user_id), VARDATA_ANY(user_id),
						plen, problem);
	return psprintf("invalid user ID: %.*s", plen, problem);
}

/*
 * A bulk call's phrase for an entry whose account was not found or may not
 * be changed.  qualified is the user ID as given, name the account's.
 */
char *
mxpw_account_phrase(MxpwAccountStatus status, const char *qualified,
					const char *name, bool for_client, int *sqlstate)
{
	switch (status)
	{
		case MXPW_ACCOUNT_MISSING:
			*sqlstate = ERRCODE_UNDEFINED_OBJECT;
			return for_client ?
				psprintf("user \"%s\" does not exist", qualified) :
				pstrdup("user does not exist");
		case MXPW_ACCOUNT_AMBIGUOUS:
			*sqlstate = ERRCODE_CARDINALITY_VIOLATION;
			return for_client ?
				psprintf("user ID \"%s\" matches more than one account", qualified) :
				pstrdup("user ID matches more than one account");
		case MXPW_ACCOUNT_DEACTIVATED:
			*sqlstate = ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE;
			return psprintf("user \"%s\" is deactivated", name);
		case MXPW_ACCOUNT_FOUND:
			break;
	}
	*sqlstate = 0;
	return NULL;
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

/*
 * Finds the account a login with this user id would reach and locks its row.
 * Returns the account's user id as stored, allocated in the caller's context.
 */
char *
mxpw_find_user(text *user_id, bool allow_deactivated)
{
	char		qualified[MXPW_USER_ID_SIZE];
	MxpwUserIdStatus status;
	char	   *sql;
	uint64		nrows;
	uint64	   *rows;
	uint64		chosen = 0;
	StringInfoData names;
	const char *users;

	status = mxpw_user_id_qualify(VARDATA_ANY(user_id), VARSIZE_ANY_EXHDR(user_id),
								  mxpw_server_name, qualified);
	if (status != MXPW_USER_ID_OK)
		mxpw_report_bad_user_id(user_id, status);

	users = synapse_table("users");
	sql = psprintf("SELECT name, deactivated OPERATOR(pg_catalog.<>) 0 FROM %s "
				   "WHERE pg_catalog.lower(name) OPERATOR(pg_catalog.=) pg_catalog.lower($1) "
				   "ORDER BY " LOCK_ORDER("name") " FOR NO KEY UPDATE",
				   users);
	run(sql, qualified, NULL, SPI_OK_SELECT);
	nrows = SPI_processed;
	rows = palloc(sizeof(uint64) * Max(nrows, 1));
	for (uint64 i = 0; i < nrows; i++)
		rows[i] = i;

	switch (choose_account(qualified, SPI_tuptable, rows, nrows, 1,
						   allow_deactivated, &chosen))
	{
		case MXPW_ACCOUNT_FOUND:
			break;
		case MXPW_ACCOUNT_MISSING:
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("user does not exist"),
					 errdetail("No account in %s matches \"%s\", ignoring case.",
							   users, qualified),
					 errdetail_log("No account in %s matches the user ID given, ignoring case.",
								   users)));
			break;
		case MXPW_ACCOUNT_AMBIGUOUS:
			initStringInfo(&names);
			for (uint64 i = 0; i < nrows; i++)
				appendStringInfo(&names, "%s\"%s\"", i > 0 ? ", " : "",
								 SPI_getvalue(SPI_tuptable->vals[i],
											  SPI_tuptable->tupdesc, 1));
			ereport(ERROR,
					(errcode(ERRCODE_CARDINALITY_VIOLATION),
					 errmsg("user ID matches more than one account"),
					 errdetail("Accounts matching \"%s\" ignoring case: %s.",
							   qualified, names.data),
					 errdetail_log("Accounts matching the user ID given ignoring case: %s.",
								   names.data),
					 errhint("Give the user ID with the exact case of the account to change.")));
			break;
		case MXPW_ACCOUNT_DEACTIVATED:
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("user \"%s\" is deactivated",
							SPI_getvalue(SPI_tuptable->vals[chosen],
										 SPI_tuptable->tupdesc, 1)),
					 errdetail("Synapse refuses every login to a deactivated account."),
					 errhint("Reactivate the account with Synapse's admin API first.")));
			break;
	}

	return account_name(SPI_tuptable, chosen, 1);
}

/* The user id, from 0, that a row of mxpw_find_accounts's query matched. */
static int
id_of_row(uint64 row)
{
	bool		isnull;

	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[row],
									   SPI_tuptable->tupdesc, 1, &isnull)) - 1;
}

/*
 * mxpw_find_user for many user ids at once, with one query, for the bulk
 * functions: a login with qualified[i] reaches accounts[i].  Problems of
 * single entries are reported in accounts[i].status rather than raised, so
 * that the caller can report them all; the accounts found are locked.
 */
void
mxpw_find_accounts(int n, const char *const *qualified, bool allow_deactivated,
				   MxpwAccount *accounts)
{
	Datum	   *ids;
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Oid			types[1] = {TEXTARRAYOID};
	Datum		values[1];
	char	   *sql;
	int			ret;
	uint64		nrows;
	uint64	   *start;
	uint64	   *next;
	uint64	   *rows;

	if (n == 0)
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
	ret = SPI_execute_with_args(sql, 1, types, values, NULL, false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));
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

		accounts[i].name = NULL;
		accounts[i].status = choose_account(qualified[i], SPI_tuptable,
											rows + start[i], start[i + 1] - start[i],
											2, allow_deactivated, &chosen);
		if (accounts[i].status == MXPW_ACCOUNT_FOUND ||
			accounts[i].status == MXPW_ACCOUNT_DEACTIVATED)
			accounts[i].name = account_name(SPI_tuptable, chosen, 2);
	}
	pfree(start);
	pfree(next);
	pfree(rows);
	pfree(ids);
	SPI_freetuptable(SPI_tuptable);
}

void
mxpw_store_hash(const char *user_id, const char *hash)
{
	char	   *sql;

	sql = psprintf("UPDATE %s SET password_hash = $2 "
				   "WHERE name OPERATOR(pg_catalog.=) $1",
				   synapse_table("users"));
	run(sql, user_id, hash, SPI_OK_UPDATE);
	if (SPI_processed != 1)
		elog(ERROR, "updated " UINT64_FORMAT " rows for user \"%s\"",
			 SPI_processed, user_id);
}

/*
 * Deletes every access and refresh token of the user, which is what Synapse
 * does to log a user out.  Returns how many rows went.
 */
int
mxpw_delete_tokens(const char *user_id)
{
	const char *access_tokens = synapse_table("access_tokens");
	const char *refresh_tokens = synapse_table("refresh_tokens");
	uint64		deleted;

	/* Access tokens first: they reference refresh tokens, ON DELETE CASCADE. */
	run(psprintf("DELETE FROM %s WHERE user_id OPERATOR(pg_catalog.=) $1", access_tokens),
		user_id, NULL, SPI_OK_DELETE);
	deleted = SPI_processed;
	run(psprintf("DELETE FROM %s WHERE user_id OPERATOR(pg_catalog.=) $1", refresh_tokens),
		user_id, NULL, SPI_OK_DELETE);
	deleted += SPI_processed;

	return (int) deleted;
}
