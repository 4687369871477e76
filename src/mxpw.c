/*
 * mxpw.c
 *	  Module set-up and settings for mxpw: Matrix Synapse passwords from SQL.
 *
 * The settings mirror homeserver.yaml so that hashes made here are the ones
 * Synapse would make: bcrypt_rounds and password_config.pepper.
 */
#include "postgres.h"

#include "fmgr.h"
#include "tcop/tcopprot.h"
#include "utils/elog.h"
#include "utils/guc.h"

#include "hash.h"
#include "mxpw.h"
#include "userid.h"

PG_MODULE_MAGIC;

#if PG_VERSION_NUM < 160000
void		_PG_init(void);
#endif

int			mxpw_bcrypt_rounds = 12;
char	   *mxpw_pepper = NULL;
char	   *mxpw_server_name = NULL;
char	   *mxpw_synapse_schema = NULL;

static bool
check_server_name(char **newval, void **extra, GucSource source)
{
	if (**newval == '\0' || mxpw_server_name_valid(*newval, strlen(*newval)))
		return true;
	GUC_check_errdetail("%s", mxpw_user_id_problem(MXPW_USER_ID_BAD_SERVER));
	return false;
}

static bool
check_synapse_schema(char **newval, void **extra, GucSource source)
{
	if (**newval != '\0')
		return true;
	GUC_check_errdetail("The schema name must not be empty.");
	return false;
}

void
_PG_init(void)
{
	DefineCustomIntVariable("mxpw.bcrypt_rounds",
							"bcrypt cost of the hashes mxpw makes, as bcrypt_rounds in homeserver.yaml.",
							NULL,
							&mxpw_bcrypt_rounds,
							12,
							MXPW_BCRYPT_MIN_COST,
							MXPW_MAX_COMPUTE_COST,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	/*
	 * The pepper is as secret as the hashes are not: only superusers (and
	 * pg_read_all_settings) may read it, and it stays out of SHOW ALL so it
	 * is not printed by accident.
	 */
	DefineCustomStringVariable("mxpw.pepper",
							   "Secret appended to every password, as password_config.pepper in homeserver.yaml.",
							   NULL,
							   &mxpw_pepper,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							   NULL, NULL, NULL);

	DefineCustomStringVariable("mxpw.server_name",
							   "Server name that completes a bare localpart into a user ID, as server_name in homeserver.yaml.",
							   NULL,
							   &mxpw_server_name,
							   "",
							   PGC_USERSET,
							   0,
							   check_server_name, NULL, NULL);

	DefineCustomStringVariable("mxpw.synapse_schema",
							   "Schema that holds Synapse's tables.",
							   NULL,
							   &mxpw_synapse_schema,
							   "public",
							   PGC_USERSET,
							   0,
							   check_synapse_schema, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("mxpw");
#else
	EmitWarningsOnPlaceholders("mxpw");
#endif
}

Datum
mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo)
{
	const char *statement = debug_query_string;
	Datum		result;

	/*
	 * A FATAL (the backend terminated during a long bulk call) ends the
	 * process inside ereport and never reaches PG_CATCH: the statement is
	 * kept from the log for the body's duration instead.
	 */
	debug_query_string = NULL;
	PG_TRY();
	{
		result = body(fcinfo);
	}
	PG_CATCH();
	{
		debug_query_string = statement;
		/* The caught error is still on top of the error stack. */
		errhidestmt(true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	debug_query_string = statement;

	return result;
}

void
mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
}
