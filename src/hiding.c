/*
 * hiding.c
 *	  Keeping passwords and secrets out of the server log, pg_stat_activity
 *	  and pg_stat_statements.
 *
 * A password reaches mxpw inside the text of a statement, as a literal or a
 * bind parameter, and PostgreSQL copies that text to many places: the server
 * log (log_statement, log_min_duration_statement, an error's STATEMENT and
 * CONTEXT lines, extended-protocol parameters, auto_explain),
 * pg_stat_activity (of the backend and of its parallel workers), prepared
 * statements and pg_stat_statements.  Secret settings (mxpw.pepper, MAS's
 * schemes) travel the same way, and in the server's reload message.
 *
 * One rule decides what is secret (mxpw_text_is_secret): a text that names a
 * function of mxpw other than the two that take no secret, a setting of mxpw
 * other than the public ones (so a misspelt one too), or a text that mxpw
 * has already hidden.  A function or setting added later is secret until it
 * is listed as public.  With mxpw preloaded, and listed last so that its
 * hooks run before those of the modules listed before it:
 *
 * - every log record of every process (backends, parallel workers, the
 *   postmaster) passes hide_in_log before any destination writes it.  A
 *   record that mentions a secret text, or that is raised during a
 *   statement whose text is secret or that has called mxpw, is logged
 *   without its statement, context and internal query; a LOG line that
 *   carries a statement (log_statement, durations, auto_explain, debug
 *   trees) keeps only its label ("duration: 1.2 ms  statement:"), and other
 *   messages keep their words but not what they quote;
 * - a secret statement text is replaced, before other modules store or copy
 *   it, by a text of the same length saying what was hidden: the text of a
 *   utility statement (pg_stat_statements, PREPARE, EXPLAIN, DO) and the
 *   executor's (auto_explain, pg_stat_statements, the query text of
 *   parallel workers);
 * - pg_stat_activity shows the hidden text from parse analysis on, and a
 *   bulk call's progress (progress.c) inside that label while it runs.
 *
 * While an mxpw function runs (mxpw_hiding_statement), every error carries a
 * context mark, which travels with an error from a parallel worker to its
 * leader: context lines before it come from inside mxpw and are kept, the
 * caller's after it are removed, and mxpw's own messages are logged as
 * written.  The same mark vouches for the audit line.
 */
#include "postgres.h"

#include <ctype.h>

#include "access/xact.h"
#include "commands/extension.h"
#include "commands/prepare.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/analyze.h"
#include "parser/scansup.h"
#include "pgstat.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/backend_status.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "hiding.h"

/*
 * The context line mxpw puts on every error raised inside it, in place of
 * the caller's context.  hide_in_log recognises and removes it.
 */
#define MXPW_CONTEXT_MARK	"mxpw: statement and context hidden"

/* What every hidden text says, and what marks a text as hidden already. */
#define HIDDEN_PHRASE		"hidden by mxpw"

/* Names of mxpw that carry no secret; every other "mxpw_…" or "mxpw.…" does. */
static const char *const public_names[] = {
	"mxpw_needs_rehash",
	"mxpw_account_store",
	"mxpw.bcrypt_rounds",
	"mxpw.server_name",
	"mxpw.synapse_schema",
	"mxpw.mas_schema",
	"mxpw.allow_partial_pepper",
	"mxpw.mas_minimum_complexity",
	"mxpw.synapse_password_policy",
	"mxpw.progress_interval",
};

/*
 * Secret names that a hidden text may show, so that an auditor sees which
 * function or setting a hidden statement used.  A name not listed here (a
 * misspelt one, a wrapper's) is hidden without being shown.
 */
static const char *const shown_names[] = {
	"mxpw_set_password",
	"mxpw_set_password_hash",
	"mxpw_set_passwords",
	"mxpw_reset_password",
	"mxpw_reset_passwords",
	"mxpw_revoke_sessions",
	"mxpw_hash",
	"mxpw_hash_many",
	"mxpw_verify",
	"mxpw_check_password",
	"mxpw.pepper",
	"mxpw.mas_password_schemes",
};

/* How deep in mxpw functions this backend is. */
static int	mxpw_depth = 0;

/*
 * The statement during which an mxpw function last started, or that runs a
 * prepared statement whose text is secret.  Errors raised outside mxpw later
 * in the same statement (a statement_timeout between two rows of an
 * mxpw_verify scan) are hidden too, even when its text names no function of
 * mxpw (a wrapper's call).  Forgotten when the transaction ends.
 */
static const char *statement_with_mxpw = NULL;

/* The statement that runs CREATE or ALTER EXTENSION mxpw, until it ends. */
static const char *extension_statement = NULL;

static emit_log_hook_type prev_emit_log_hook = NULL;
static ProcessUtility_hook_type prev_ProcessUtility = NULL;
static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static post_parse_analyze_hook_type prev_post_parse_analyze = NULL;

/* ----------------------------------------------------------------
 * The rule
 * ----------------------------------------------------------------
 */

static bool
is_name_char(unsigned char c, bool setting)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80 ||
		(setting && c == '.');
}

/* Whether the len bytes at name spell one of names, in any case. */
static const char *
name_in(const char *name, size_t len, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (strlen(names[i]) == len && pg_strncasecmp(name, names[i], len) == 0)
			return names[i];
	return NULL;
}

/*
 * The next "mxpw_…" or "mxpw.…" name in text at or after p, in any case;
 * NULL when there is none.  *len is its length.
 */
static const char *
next_name(const char *p, size_t *len)
{
	for (; *p != '\0'; p++)
	{
		if ((p[0] | 0x20) == 'm' && (p[1] | 0x20) == 'x' &&
			(p[2] | 0x20) == 'p' && (p[3] | 0x20) == 'w' &&
			(p[4] == '_' || p[4] == '.'))
		{
			size_t		n = 5;

			while (is_name_char((unsigned char) p[n], p[4] == '.'))
				n++;
			*len = n;
			return p;
		}
	}
	return NULL;
}

/* Whether text names a secret function or setting, or was hidden already. */
static bool
names_secret(const char *text)
{
	const char *name;
	size_t		len;

	for (name = next_name(text, &len); name != NULL; name = next_name(name + len, &len))
		if (name_in(name, len, public_names, lengthof(public_names)) == NULL)
			return true;
	return strstr(text, HIDDEN_PHRASE) != NULL;
}

/*
 * Whether text runs a prepared statement of this session whose text is
 * secret: "EXECUTE p('@alice:example.com', '…')", in any statement that can
 * hold one (EXPLAIN, CREATE TABLE AS), names no function of mxpw.
 */
static bool
executes_secret(const char *text)
{
	for (const char *p = text; *p != '\0'; p++)
	{
		char		name[NAMEDATALEN];
		int			n = 0;
		PreparedStatement *prepared;

		if (pg_strncasecmp(p, "execute", 7) != 0 ||
			(p > text && is_name_char((unsigned char) p[-1], false)) ||
			!isspace((unsigned char) p[7]))
			continue;
		p += 7;
		while (isspace((unsigned char) *p))
			p++;
		if (*p == '"')
			for (p++; *p != '\0' && *p != '"' && n < NAMEDATALEN - 1; p++)
				name[n++] = *p;
		else
			for (; is_name_char((unsigned char) *p, false) && n < NAMEDATALEN - 1; p++)
				name[n++] = pg_ascii_tolower((unsigned char) *p);
		name[n] = '\0';
		if (n == 0)
			continue;
		prepared = FetchPreparedStatement(name, false);
		if (prepared != NULL && names_secret(prepared->plansource->query_string))
			return true;
		if (*p == '\0')
			break;
	}
	return false;
}

/*
 * The rule: whether text names a function of mxpw that takes a password or a
 * hash, a secret setting of mxpw, runs a prepared statement that does, or is
 * a text mxpw has hidden already.
 */
static bool
mxpw_text_is_secret(const char *text)
{
	return text != NULL && (names_secret(text) || executes_secret(text));
}

/* The first secret name of text that may be shown, or NULL. */
static const char *
shown_name(const char *text)
{
	const char *name;
	size_t		len;

	if (text == NULL)
		return NULL;
	for (name = next_name(text, &len); name != NULL; name = next_name(name + len, &len))
	{
		const char *shown = name_in(name, len, shown_names, lengthof(shown_names));

		if (shown != NULL)
			return shown;
	}
	return NULL;
}

/* "/ * mxpw_verify(...): hidden by mxpw * /", naming what was hidden. */
static char *
hidden_label(const char *name)
{
	if (name == NULL)
		return pstrdup("/* " HIDDEN_PHRASE " */");
	if (strchr(name, '.') != NULL)
		return psprintf("/* %s: " HIDDEN_PHRASE " */", name);
	return psprintf("/* %s(...): " HIDDEN_PHRASE " */", name);
}

/* ----------------------------------------------------------------
 * Statement texts and pg_stat_activity
 * ----------------------------------------------------------------
 */

/*
 * pg_stat_activity shows this instead of the statement, to whoever may read
 * other sessions' activity and in the report of a deadlock.  It is not put
 * back afterwards: an idle session keeps showing its last statement.
 */
static void
hide_activity(const char *name)
{
	uint64		query_id = pgstat_get_my_query_id();
	char	   *shown;

	if (name == NULL)
		shown = pstrdup("/* statement " HIDDEN_PHRASE ", it may contain a password or secret */");
	else if (strchr(name, '.') != NULL)
		shown = psprintf("/* %s: statement " HIDDEN_PHRASE ", it may contain a secret */", name);
	else
		shown = psprintf("/* %s(...): statement " HIDDEN_PHRASE ", it may contain a password */", name);
	pgstat_report_activity(STATE_RUNNING, shown);
	pgstat_report_query_id(query_id, true);
	pfree(shown);
}

/*
 * Whether pg_stat_activity shows a bulk call's progress rather than the
 * label alone; the label is put back when the call ends, errors included.
 */
static bool activity_shows_progress = false;

/* See hiding.h. */
void
mxpw_hiding_show_progress(const char *progress)
{
	uint64		query_id = pgstat_get_my_query_id();
	char	   *shown;

	/* Still hidden by the rule, and still naming the function first. */
	shown = psprintf("/* %s; statement " HIDDEN_PHRASE ", it may contain a password */",
					 progress);
	pgstat_report_activity(STATE_RUNNING, shown);
	pgstat_report_query_id(query_id, true);
	pfree(shown);
	activity_shows_progress = true;
}

/* At the end of the outermost call: the label alone again. */
static void
end_progress(const char *name)
{
	if (!activity_shows_progress)
		return;
	activity_shows_progress = false;
	hide_activity(name);
}

/*
 * A copy of a secret statement text with the same length, saying what was
 * hidden: positions into it (an error's cursor, pg_stat_statements' slice of
 * one statement among several) stay valid.  Still secret by the rule.
 * pg_stat_activity shows the backend's statement hidden from now on.
 */
static char *
hidden_copy(const char *text)
{
	const char *name = shown_name(text);
	size_t		len = strlen(text);
	char	   *label = hidden_label(name);
	const char *fill = label;
	size_t		fill_len;
	char	   *copy = palloc(len + 1);

	hide_activity(name);
	if (strlen(fill) > len)
		fill = "/* " HIDDEN_PHRASE " */";
	if (strlen(fill) > len)
		fill = "mxpw_hidden";	/* secret by name, from 6 bytes on */
	fill_len = Min(strlen(fill), len);
	memcpy(copy, fill, fill_len);
	memset(copy + fill_len, ' ', len - fill_len);
	copy[len] = '\0';
	pfree(label);
	return copy;
}

/*
 * Whether pstmt is all of queryString: nothing but blanks and semicolons
 * before or after it.
 */
static bool
is_whole_query(PlannedStmt *pstmt, const char *queryString)
{
	int			len = strlen(queryString);
	int			start = Max(pstmt->stmt_location, 0);
	int			end = pstmt->stmt_len > 0 ? start + pstmt->stmt_len : len;

	for (int i = 0; i < len; i++)
		if ((i < start || i >= end) && !scanner_isspace(queryString[i]) &&
			queryString[i] != ';')
			return false;
	return true;
}

static void
hide_utility_text(PlannedStmt *pstmt, const char *queryString,
				  bool readOnlyTree, ProcessUtilityContext context,
				  ParamListInfo params, QueryEnvironment *queryEnv,
				  DestReceiver *dest, QueryCompletion *qc)
{
	Node	   *stmt = pstmt->utilityStmt;

	/*
	 * Only a query string that is this one statement: in a string of several,
	 * another statement could carry a secret into an error's context.
	 */
	if (((IsA(stmt, CreateExtensionStmt) &&
		  strcmp(((CreateExtensionStmt *) stmt)->extname, "mxpw") == 0) ||
		 (IsA(stmt, AlterExtensionStmt) &&
		  strcmp(((AlterExtensionStmt *) stmt)->extname, "mxpw") == 0)) &&
		queryString != NULL && queryString == debug_query_string &&
		is_whole_query(pstmt, queryString))
		extension_statement = debug_query_string;

	/* An extension's script names mxpw's functions but holds no secret. */
	if (!creating_extension && queryString != NULL &&
		mxpw_text_is_secret(queryString))
	{
		if (debug_query_string != NULL)
			statement_with_mxpw = debug_query_string;
		queryString = hidden_copy(queryString);
	}
	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, readOnlyTree, context, params,
							queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context,
								params, queryEnv, dest, qc);
}

/*
 * The executor's copy of the text is what auto_explain logs, what
 * pg_stat_statements keeps when it sees a statement first at its end, and
 * what parallel workers show and log as their query.
 */
static void
hide_executor_text(QueryDesc *queryDesc, int eflags)
{
	if (!creating_extension && mxpw_text_is_secret(queryDesc->sourceText))
	{
		queryDesc->sourceText = hidden_copy(queryDesc->sourceText);
	}
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

/* From parse analysis on, well before the first call to mxpw. */
static void
hide_analysed_text(ParseState *pstate, Query *query, JumbleState *jstate)
{
	if (prev_post_parse_analyze)
		prev_post_parse_analyze(pstate, query, jstate);
	if (!creating_extension && mxpw_text_is_secret(pstate->p_sourcetext))
		hide_activity(shown_name(pstate->p_sourcetext));
}

/* ----------------------------------------------------------------
 * Log records
 * ----------------------------------------------------------------
 */

/* Replaces a field of a log record; the old text is freed. */
static void
set_field(char **field, char *value)
{
	if (*field == value)
		return;
	if (*field != NULL)
		pfree(*field);
	*field = value;
}

/*
 * Whether a message's format puts a text in it unquoted ("statement: %s",
 * "duration: %.3f ms  plan:\n%s"): the way statements are logged.  PostgreSQL
 * quotes the values it puts in other messages ("parameter \"%s\" changed to
 * \"%s\"").  A record relayed from a parallel worker has no format.
 */
static bool
format_embeds_text(const char *format)
{
	if (format == NULL)
		return true;
	for (const char *p = format; (p = strchr(p, '%')) != NULL; p++)
	{
		const char *c = p + 1;

		if (*c == '%')
		{
			p++;
			continue;
		}
		while (*c != '\0' && strchr("-+ #0123456789.*l", *c) != NULL)
			c++;
		if (*c == 's' && (p == format || p[-1] != '"'))
			return true;
	}
	return false;
}

/*
 * How much of a statement log line to keep: "duration: 1.2 ms" and the
 * label of what was logged ("statement:", "execute <unnamed>:", "plan:").
 */
static size_t
statement_label_length(const char *text)
{
	static const char *const labels[] = {"statement", "execute", "parse", "bind", "plan"};
	const char *p = text;
	size_t		keep = 0;

	if (strncmp(p, "duration: ", 10) == 0)
	{
		p += 10;
		while (isdigit((unsigned char) *p) || *p == '.')
			p++;
		if (strncmp(p, " ms", 3) != 0)
			return 0;
		p += 3;
		keep = p - text;
		while (*p == ' ')
			p++;
	}
	for (int i = 0; i < lengthof(labels); i++)
	{
		size_t		n = strlen(labels[i]);

		if (strncmp(p, labels[i], n) != 0)
			continue;
		/* "execute S_1/C_2:", "bind <unnamed> to C_1:" */
		for (const char *q = p + n; q - p < NAMEDATALEN * 3 && *q != '\0'; q++)
		{
			if (*q == ':')
				return q + 1 - text;
			if (!isalnum((unsigned char) *q) && strchr(" _<>/$-", *q) == NULL)
				break;
		}
	}
	return keep;
}

static char *
hidden_statement_log(const char *text)
{
	size_t		keep = statement_label_length(text);
	char	   *label = hidden_label(shown_name(text));
	char	   *hidden = psprintf("%.*s%s%s", (int) keep, text, keep > 0 ? " " : "", label);

	pfree(label);
	return hidden;
}

/* Whether the len bytes at text are one name of mxpw, even a misspelt one. */
static bool
is_mxpw_name(const char *text, size_t len)
{
	size_t		name_len;

	if (len == 4 && pg_strncasecmp(text, "mxpw", 4) == 0)
		return true;
	return len > 5 && next_name(text, &name_len) == text && name_len == len;
}

/*
 * message with every value that its format quotes replaced by "...", but
 * mxpw's own names: "parameter \"mxpw.pepper\" changed to \"...\"",
 * "syntax error at or near \"...\"".  PostgreSQL quotes the values it puts
 * in a message (a literal, a token, a setting's value); what it prints bare
 * (a function's signature, a type, an errno text) stays.  The format tells
 * where each value starts and ends, even one that holds quotes (MAS's
 * schemes).  NULL when message does not follow format (a translated or
 * plural message, a relayed one): then no part of it is kept.
 */
static char *
hidden_arguments(const char *message, const char *format)
{
	StringInfoData buf;
	const char *m = message;
	const char *f = format;

	if (message == NULL || format == NULL)
		return NULL;
	initStringInfo(&buf);
	while (*f != '\0')
	{
		const char *c;
		const char *next;
		const char *end;
		char	   *literal;
		bool		quoted;

		if (f[0] != '%' || f[1] == '%')
		{
			if (*m != *f)
				goto mismatch;
			appendStringInfoChar(&buf, *m);
			m++;
			f += (f[0] == '%') ? 2 : 1;
			continue;
		}
		for (c = f + 1; *c != '\0' && strchr("-+ #0123456789.*hlLqjzt", *c) != NULL; c++)
			;
		if (*c == '\0')
			goto mismatch;
		quoted = f > format && (f[-1] == '"' || f[-1] == '\'');
		f = c + 1;

		/* The value runs up to the literal text that follows it. */
		next = strchr(f, '%');
		literal = pnstrdup(f, next != NULL ? next - f : strlen(f));
		if (next == NULL)
		{
			size_t		rest = strlen(m);

			end = rest >= strlen(literal) ? m + rest - strlen(literal) : NULL;
			if (end != NULL && strcmp(end, literal) != 0)
				end = NULL;
		}
		else
			end = literal[0] != '\0' ? strstr(m, literal) : NULL;
		pfree(literal);
		if (end == NULL)
			goto mismatch;
		if (quoted && !is_mxpw_name(m, end - m))
			appendBinaryStringInfo(&buf, "...", Min(end - m, 3));
		else
			appendBinaryStringInfo(&buf, m, end - m);
		m = end;
	}
	if (*m == '\0')
		return buf.data;
mismatch:
	pfree(buf.data);
	return NULL;
}

/*
 * A detail or hint of a record being hidden: it has no format to go by.
 * Kept when mxpw's own setting check wrote it (vouched), or when it quotes
 * nothing but names of mxpw and numbers and lists nothing ("Failing row
 * contains (...)"); dropped otherwise.
 */
static char *
kept_or_dropped(const char *text, const char *vouched, bool about_mxpw)
{
	const char *p;

	if (text == NULL)
		return NULL;
	if (about_mxpw && vouched != NULL && strcmp(text, vouched) == 0)
		return (char *) text;
	if (mxpw_text_is_secret(text))
		return NULL;
	for (p = text; *p != '\0'; p++)
	{
		if (*p == '"')
		{
			const char *end = strchr(p + 1, '"');

			if (end == NULL || !is_mxpw_name(p + 1, end - p - 1))
				return NULL;
			p = end;
		}
		else if (strchr("'()0123456789", *p) != NULL)
			return NULL;
	}
	return (char *) text;
}

static bool
record_is_secret(const ErrorData *edata)
{
	if (debug_query_string != NULL &&
		(debug_query_string == statement_with_mxpw ||
		 mxpw_text_is_secret(debug_query_string)))
		return true;

	/*
	 * An extension's script names mxpw's functions but holds no secret, as
	 * the statement hooks assume: the errors of CREATE or ALTER EXTENSION
	 * mxpw (an update refusing, with a detail and a hint that name the
	 * function) are kept whole.  Raised after the script has ended
	 * (creating_extension is false again), so noted by the statement.
	 */
	if (debug_query_string != NULL && debug_query_string == extension_statement)
		return false;
	return mxpw_text_is_secret(edata->message) ||
		mxpw_text_is_secret(edata->detail) ||
		mxpw_text_is_secret(edata->detail_log) ||
		mxpw_text_is_secret(edata->hint) ||
		mxpw_text_is_secret(edata->context) ||
		mxpw_text_is_secret(edata->internalquery);
}

static void
hide_record(ErrorData *edata)
{
	/* A setting check's words are mxpw's own only for mxpw's settings. */
	bool		about_mxpw = edata->message != NULL &&
		(strstr(edata->message, "\"mxpw.") != NULL);

	edata->hide_stmt = true;
	set_field(&edata->context, NULL);
	set_field(&edata->internalquery, NULL);
	edata->internalpos = 0;
	if (edata->elevel <= LOG_SERVER_ONLY && edata->message != NULL &&
		format_embeds_text(edata->message_id))
	{
		/* A statement logged, with its parameters in the detail. */
		set_field(&edata->message, hidden_statement_log(edata->message));
		set_field(&edata->detail, NULL);
		set_field(&edata->detail_log, NULL);
	}
	else
	{
		char	   *message = hidden_arguments(edata->message, edata->message_id);

		if (message == NULL && edata->message != NULL)
			message = hidden_label(shown_name(edata->message));
		set_field(&edata->message, message);
		set_field(&edata->detail, kept_or_dropped(edata->detail,
												  GUC_check_errdetail_string,
												  about_mxpw));
		set_field(&edata->detail_log, kept_or_dropped(edata->detail_log, NULL, false));
	}
	set_field(&edata->hint, kept_or_dropped(edata->hint, GUC_check_errhint_string,
											about_mxpw));
}

/*
 * A record raised inside mxpw: hidden statement, context cut at the mark
 * (lines before it come from inside mxpw, those after it are the caller's).
 * False when the record carries no mark.
 */
static bool
cut_at_mark(ErrorData *edata)
{
	char	   *mark = edata->context != NULL ?
		strstr(edata->context, MXPW_CONTEXT_MARK) : NULL;

	if (mark == NULL)
		return false;
	edata->hide_stmt = true;
	while (mark > edata->context && mark[-1] == '\n')
		mark--;
	*mark = '\0';
	if (edata->context[0] == '\0')
		set_field(&edata->context, NULL);
	return true;
}

/*
 * Every log record of every process where mxpw is loaded comes here before
 * any destination (stderr, csvlog, jsonlog, syslog, the client) gets it.
 */
static void
hide_in_log(ErrorData *edata)
{
	if (!cut_at_mark(edata) && record_is_secret(edata))
		hide_record(edata);
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

/* ----------------------------------------------------------------
 * While an mxpw function runs
 * ----------------------------------------------------------------
 */

static void
add_context_mark(void *arg)
{
	errcontext(MXPW_CONTEXT_MARK);
}

Datum
mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo)
{
	const char *statement = debug_query_string;
	ErrorContextCallback *context = error_context_stack;
	ErrorContextCallback mark;
	Datum		result;
	bool		outermost = mxpw_depth == 0;
	char	   *name = NULL;

	if (statement != NULL)
		statement_with_mxpw = statement;
	if (outermost)
	{
		name = get_func_name(fcinfo->flinfo->fn_oid);
		activity_shows_progress = false;
		hide_activity(name);
	}

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
		/* A cancel or an error in a bulk call leaves no progress shown. */
		if (outermost)
			end_progress(name);
		/* The caught error is still on top of the error stack. */
		errhidestmt(true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	mxpw_depth--;
	error_context_stack = context;
	debug_query_string = statement;
	if (outermost)
		end_progress(name);

	return result;
}

void
mxpw_hiding_own_begin(ErrorContextCallback *mark)
{
	mark->callback = add_context_mark;
	mark->arg = NULL;
	mark->previous = error_context_stack;
	error_context_stack = mark;
}

void
mxpw_hiding_own_end(ErrorContextCallback *mark)
{
	error_context_stack = mark->previous;
}

int
mxpw_hiding_plans_begin(void)
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
mxpw_hiding_plans_end(int level)
{
	AtEOXact_GUC(true, level);
}

static void
forget_statement(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PREPARE)
	{
		statement_with_mxpw = NULL;
		extension_statement = NULL;
	}
}

/* ----------------------------------------------------------------
 * Set-up
 * ----------------------------------------------------------------
 */

/*
 * Hooks chain from the module loaded last to the first: a module listed
 * after mxpw would see a statement or log line before mxpw hides it.
 */
static void
warn_unless_last(void)
{
	char	   *libraries = pstrdup(GetConfigOption("shared_preload_libraries", false, false));
	List	   *names = NIL;
	const char *last;

	if (!SplitDirectoriesString(libraries, ',', &names) || names == NIL)
		return;
	last = (const char *) llast(names);
	if (last_dir_separator(last) != NULL)
		last = last_dir_separator(last) + 1;
	if (strcmp(last, "mxpw") != 0 && strcmp(last, "mxpw.so") != 0)
		ereport(WARNING,
				(errmsg("mxpw is not the last module in shared_preload_libraries"),
				 errdetail("Modules loaded after mxpw see statements and log lines before mxpw hides the passwords and secrets in them."),
				 errhint("List mxpw last, for example shared_preload_libraries = 'pg_stat_statements,auto_explain,mxpw'.")));
}

void
mxpw_hiding_init(void)
{
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = hide_in_log;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = hide_utility_text;
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = hide_executor_text;
	prev_post_parse_analyze = post_parse_analyze_hook;
	post_parse_analyze_hook = hide_analysed_text;
	RegisterXactCallback(forget_statement, NULL);

	if (process_shared_preload_libraries_in_progress)
		warn_unless_last();
}
