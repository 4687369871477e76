/*
 * synapse.c
 *	  Reading and writing Synapse's own tables.
 *
 * Values travel as SPI parameters, never inside the SQL text.  Tables are
 * qualified with mxpw.synapse_schema and functions and operators with
 * pg_catalog, so nothing a caller puts on search_path takes part.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "mxpw.h"
#include "userid.h"

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

static void
report_bad_user_id(text *user_id, MxpwUserIdStatus status)
{
	int			len = VARSIZE_ANY_EXHDR(user_id);
	bool		printable = status != MXPW_USER_ID_TOO_LONG &&
		status != MXPW_USER_ID_BAD_CHARACTER;

	/* Junk and oversized input is not echoed back. */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 printable ?
			 errmsg("invalid user ID \"%.*s\"", len, VARDATA_ANY(user_id)) :
			 errmsg("invalid user ID"),
			 errdetail("%s", mxpw_user_id_problem(status)),
			 status == MXPW_USER_ID_NEEDS_SERVER_NAME ?
			 errhint("Give the full user ID, as in @alice:example.com, or set mxpw.server_name to the server_name of homeserver.yaml.") : 0));
}

/*
 * Finds the account a login with this user id would reach and locks its row.
 *
 * Like Synapse's login, the match ignores case; when several accounts match,
 * the one spelled exactly as given wins, and without one the id is ambiguous.
 * Returns the account's user id as stored, allocated in the caller's context.
 */
char *
mxpw_find_user(text *user_id, bool allow_deactivated)
{
	char		qualified[MXPW_USER_ID_SIZE];
	MxpwUserIdStatus status;
	char	   *sql;
	uint64		nrows;
	uint64		chosen = 0;
	bool		isnull;
	char	   *name;

	status = mxpw_user_id_qualify(VARDATA_ANY(user_id), VARSIZE_ANY_EXHDR(user_id),
								  mxpw_server_name, qualified);
	if (status != MXPW_USER_ID_OK)
		report_bad_user_id(user_id, status);

	sql = psprintf("SELECT name, deactivated OPERATOR(pg_catalog.<>) 0 FROM %s "
				   "WHERE pg_catalog.lower(name) OPERATOR(pg_catalog.=) pg_catalog.lower($1) "
				   "ORDER BY name FOR NO KEY UPDATE",
				   synapse_table("users"));
	run(sql, qualified, NULL, SPI_OK_SELECT);
	nrows = SPI_processed;

	if (nrows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("user \"%s\" does not exist", qualified),
				 errdetail("No account in %s matches it, ignoring case.",
						   synapse_table("users"))));
	if (nrows > 1)
	{
		StringInfoData names;

		for (chosen = 0; chosen < nrows; chosen++)
			if (strcmp(SPI_getvalue(SPI_tuptable->vals[chosen],
									SPI_tuptable->tupdesc, 1), qualified) == 0)
				break;
		if (chosen == nrows)
		{
			initStringInfo(&names);
			for (uint64 i = 0; i < nrows; i++)
				appendStringInfo(&names, "%s\"%s\"", i > 0 ? ", " : "",
								 SPI_getvalue(SPI_tuptable->vals[i],
											  SPI_tuptable->tupdesc, 1));
			ereport(ERROR,
					(errcode(ERRCODE_CARDINALITY_VIOLATION),
					 errmsg("user ID \"%s\" matches more than one account", qualified),
					 errdetail("Accounts matching it ignoring case: %s.", names.data),
					 errhint("Give the user ID with the exact case of the account to change.")));
		}
	}

	name = SPI_getvalue(SPI_tuptable->vals[chosen], SPI_tuptable->tupdesc, 1);
	if (!allow_deactivated &&
		DatumGetBool(SPI_getbinval(SPI_tuptable->vals[chosen],
								   SPI_tuptable->tupdesc, 2, &isnull)) && !isnull)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("user \"%s\" is deactivated", name),
				 errdetail("Synapse refuses every login to a deactivated account."),
				 errhint("Reactivate the account with Synapse's admin API first.")));

	return strcpy(SPI_palloc(strlen(name) + 1), name);
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
