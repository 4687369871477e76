/*
 * hiding.h
 *	  Keeping passwords and secrets out of the server log, pg_stat_activity
 *	  and pg_stat_statements (hiding.c).
 */
#ifndef MXPW_HIDING_H
#define MXPW_HIDING_H

#include "postgres.h"
#include "fmgr.h"

/* Installs the hooks and callbacks; from _PG_init. */
extern void mxpw_hiding_init(void);

/*
 * Runs body(fcinfo) so that any error raised on the way, mxpw's own or
 * PostgreSQL's, is logged without its statement and without the caller's
 * context, and pg_stat_activity does not show the statement.
 */
typedef Datum (*MxpwBody) (FunctionCallInfo fcinfo);
extern Datum mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo);

/*
 * Shows progress, the text of a bulk call's progress report (counts and
 * times only), in pg_stat_activity inside the label of the hidden
 * statement; the label alone is shown again when the call ends, also on an
 * error or a cancel.
 */
extern void mxpw_hiding_show_progress(const char *progress);

/*
 * Around mxpw's own SQL statements: keeps auto_explain from logging their
 * plans, whose parameters are the new hash.  Returns what
 * mxpw_hiding_plans_end takes.
 */
extern int	mxpw_hiding_plans_begin(void);
extern void mxpw_hiding_plans_end(int level);

/*
 * Around a log line of mxpw's own (the audit line): marks it as mxpw's, so
 * that it is logged as written even during a statement whose text is hidden.
 */
extern void mxpw_hiding_own_begin(ErrorContextCallback *mark);
extern void mxpw_hiding_own_end(ErrorContextCallback *mark);

#endif							/* MXPW_HIDING_H */
