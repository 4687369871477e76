/*
 * mxpw.c
 *	  Module set-up, settings, and keeping passwords out of the server log
 *	  and out of pg_stat_activity.
 *
 * The settings mirror homeserver.yaml so that hashes made here are the ones
 * Synapse would make (bcrypt_rounds and password_config.pepper), and MAS's
 * config.yaml so that they are the ones MAS would make (passwords.schemes).
 */
#include "postgres.h"

#include "fmgr.h"
#include "pgstat.h"
#include "tcop/tcopprot.h"
#include "utils/backend_status.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "audit.h"
#include "hash.h"
#include "mxpw.h"
#include "report.h"
#include "scheme.h"
#include "userid.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "mxpw",.version = MXPW_VERSION);
#else
PG_MODULE_MAGIC;
#endif

#if PG_VERSION_NUM < 160000
void		_PG_init(void);
#endif

int			mxpw_bcrypt_rounds = 12;
char	   *mxpw_pepper = NULL;
bool		mxpw_allow_partial_pepper = false;
char	   *mxpw_server_name = NULL;
char	   *mxpw_synapse_schema = NULL;
char	   *mxpw_mas_schema = NULL;
static char *mas_password_schemes = NULL;

/*
 * A context line that mxpw_hiding_statement puts on every error raised
 * inside mxpw, in place of the caller's context (which can quote the
 * password).  It travels with an error from a parallel worker to its leader,
 * where the log hook recognises it and removes it.
 */
#define MXPW_CONTEXT_MARK	"mxpw: statement and context hidden"

/* How deep in mxpw functions this backend is. */
static int	mxpw_depth = 0;

/*
 * The statement during which an mxpw function last started.  Errors raised
 * outside mxpw later in the same statement (a statement_timeout between two
 * rows of a mxpw_verify scan) are logged without it too.
 */
static const char *statement_with_mxpw = NULL;

static emit_log_hook_type prev_emit_log_hook = NULL;

static bool
check_pepper(char **newval, void **extra, GucSource source)
{
	/*
	 * ALTER ROLE/DATABASE ... SET and a function's SET clause are checked
	 * with this source, and store the value where every role can read it.
	 */
	if (source == PGC_S_TEST && **newval != '\0')
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("mxpw.pepper cannot be stored in a role, database or function setting");
		GUC_check_errdetail("Such settings are stored in pg_db_role_setting or pg_proc, which every role can read.");
		GUC_check_errhint("Set mxpw.pepper in postgresql.conf, in a file it includes, or with ALTER SYSTEM.");
		return false;
	}
	return true;
}

static bool
check_server_name(char **newval, void **extra, GucSource source)
{
	if (**newval == '\0' || mxpw_server_name_valid(*newval, strlen(*newval)))
		return true;
	GUC_check_errdetail("%s", mxpw_user_id_problem(MXPW_USER_ID_BAD_SERVER));
	return false;
}

static bool
check_schema(char **newval, void **extra, GucSource source)
{
	if (**newval != '\0')
		return true;
	GUC_check_errdetail("The schema name must not be empty.");
	return false;
}

/*
 * Whether an error names one of mxpw's settings: its statement may hold a
 * value meant for mxpw.pepper (a misspelt name, a role that may not set it).
 */
static bool
names_mxpw_setting(ErrorData *edata)
{
	return edata->message != NULL && strstr(edata->message, "\"mxpw.") != NULL;
}

/*
 * Last line of defence for errors that mxpw_hiding_statement does not see:
 * those relayed from a parallel worker, those raised outside mxpw later in
 * a statement that called it, and those about mxpw's settings.
 */
static void
hide_statement_hook(ErrorData *edata)
{
	char	   *mark = edata->context != NULL ?
		strstr(edata->context, MXPW_CONTEXT_MARK) : NULL;

	if (mark != NULL)
	{
		/*
		 * Lines before the mark come from inside mxpw (its own statements,
		 * triggers on Synapse's tables); those after it are the caller's.
		 */
		edata->hide_stmt = true;
		while (mark > edata->context && mark[-1] == '\n')
			mark--;
		*mark = '\0';
		if (edata->context[0] == '\0')
			edata->context = NULL;
	}
	else if (statement_with_mxpw != NULL &&
			 debug_query_string == statement_with_mxpw)
	{
		edata->hide_stmt = true;
		edata->context = NULL;
	}
	else if (names_mxpw_setting(edata))
		edata->hide_stmt = true;

	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
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
	 * is not printed by accident.  A lesser role's RESET ALL, after a
	 * superuser's SET and SET ROLE, leaves it alone.
	 */
	DefineCustomStringVariable("mxpw.pepper",
							   "Secret appended to every password, as password_config.pepper in homeserver.yaml.",
							   NULL,
							   &mxpw_pepper,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE |
							   GUC_NO_RESET_ALL,
							   check_pepper, NULL, NULL);

	DefineCustomBoolVariable("mxpw.allow_partial_pepper",
							 "Accept passwords that leave only part of the pepper in bcrypt's 72-byte key.",
							 "Such passwords let whoever sees their hash recover the pepper a few bytes at a time.",
							 &mxpw_allow_partial_pepper,
							 false,
							 PGC_SUSET,
							 GUC_NO_RESET_ALL,
							 NULL, NULL, NULL);

	/*
	 * Superuser-only: in MAS's database it decides which server's user IDs
	 * name MAS's users, so a caller must not pick it.
	 */
	DefineCustomStringVariable("mxpw.server_name",
							   "Server name that completes a bare localpart into a user ID, as server_name in homeserver.yaml.",
							   NULL,
							   &mxpw_server_name,
							   "",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_server_name, NULL, NULL);

	/*
	 * Superuser-only: it decides which tables a privileged caller, such as
	 * a SECURITY DEFINER wrapper, writes to and whose triggers it runs.
	 */
	DefineCustomStringVariable("mxpw.synapse_schema",
							   "Schema that holds Synapse's tables.",
							   NULL,
							   &mxpw_synapse_schema,
							   "public",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_schema, NULL, NULL);

	/* Superuser-only, as mxpw.synapse_schema. */
	DefineCustomStringVariable("mxpw.mas_schema",
							   "Schema that holds MAS's tables.",
							   NULL,
							   &mxpw_mas_schema,
							   "public",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_schema, NULL, NULL);

	/* Holds secrets: as hidden as mxpw.pepper. */
	DefineCustomStringVariable("mxpw.mas_password_schemes",
							   "MAS's password hashing schemes, as passwords.schemes in MAS's config.yaml, in JSON.",
							   NULL,
							   &mas_password_schemes,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE |
							   GUC_NO_RESET_ALL,
							   mxpw_check_mas_schemes, mxpw_assign_mas_schemes, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("mxpw");
#else
	EmitWarningsOnPlaceholders("mxpw");
#endif

	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = hide_statement_hook;

	mxpw_audit_init();
}

static void
add_context_mark(void *arg)
{
	errcontext(MXPW_CONTEXT_MARK);
}

/*
 * While mxpw runs, pg_stat_activity shows this instead of the statement, to
 * whoever may read other sessions' activity and in the report of a deadlock.
 * The statement is not put back afterwards: an idle session keeps showing
 * its last statement.
 */
static void
hide_activity(FunctionCallInfo fcinfo)
{
	uint64		query_id = pgstat_get_my_query_id();
	char	   *name = get_func_name(fcinfo->flinfo->fn_oid);
	char	   *shown;

	shown = psprintf("/* %s(...): statement hidden by mxpw, it may contain a password */",
					 name != NULL ? name : "mxpw");
	pgstat_report_activity(STATE_RUNNING, shown);
	pgstat_report_query_id(query_id, true);
	pfree(shown);
}

Datum
mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo)
{
	const char *statement = debug_query_string;
	ErrorContextCallback *context = error_context_stack;
	ErrorContextCallback mark;
	Datum		result;

	if (statement != NULL)
		statement_with_mxpw = statement;
	if (mxpw_depth == 0)
		hide_activity(fcinfo);

	/*
	 * A FATAL (the backend terminated during a long bulk call) ends the
	 * process inside ereport and never reaches PG_CATCH: the statement is
	 * kept from the log for the body's duration instead.  The caller's
	 * context (a PL/pgSQL statement, extended-protocol parameters) can quote
	 * the password and is left out of errors raised here.
	 */
	debug_query_string = NULL;
	mark.callback = add_context_mark;
	mark.arg = NULL;
	mark.previous = NULL;
	error_context_stack = &mark;
	mxpw_depth++;
	PG_TRY();
	{
		result = body(fcinfo);
	}
	PG_CATCH();
	{
		mxpw_depth--;
		error_context_stack = context;
		debug_query_string = statement;
		/* The caught error is still on top of the error stack. */
		errhidestmt(true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	mxpw_depth--;
	error_context_stack = context;
	debug_query_string = statement;

	return result;
}

void
mxpw_forget_statement(void)
{
	statement_with_mxpw = NULL;
}

void
mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s", mxpw_null_phrase(name))));
}

int
mxpw_quiet_begin(void)
{
	int			level = NewGUCNestLevel();

	/*
	 * auto_explain with log_nested_statements would log the plans of mxpw's
	 * own statements, whose parameters are the new hash.
	 */
	if (GetConfigOption("auto_explain.log_min_duration", true, false) != NULL)
		(void) set_config_option("auto_explain.log_min_duration", "-1",
								 PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
	return level;
}

void
mxpw_quiet_end(int level)
{
	AtEOXact_GUC(true, level);
}
