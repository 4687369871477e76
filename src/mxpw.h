/*
 * mxpw.h
 *	  Settings, keeping statements out of the log, and the macro that
 *	  declares every SQL-callable function of mxpw.
 */
#ifndef MXPW_H
#define MXPW_H

#include "postgres.h"
#include "fmgr.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* Settings (mxpw.c). */
extern int	mxpw_bcrypt_rounds;
extern char *mxpw_pepper;
extern bool mxpw_allow_partial_pepper;
extern char *mxpw_server_name;
extern char *mxpw_synapse_schema;
extern char *mxpw_mas_schema;

/*
 * Runs body(fcinfo) so that any error raised on the way, mxpw's own or
 * PostgreSQL's, is logged without its STATEMENT line and without the
 * caller's context, and pg_stat_activity does not show the statement: the
 * statement text of a call to mxpw may carry a password (mxpw.c).
 */
typedef Datum (*MxpwBody) (FunctionCallInfo fcinfo);
extern Datum mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo);

/*
 * Declares the SQL-callable function name, whose body follows the macro
 * like a function's:
 *
 *		MXPW_SQL_FUNCTION(mxpw_hash)
 *		{
 *			...
 *		}
 *
 * The exported function runs the body through mxpw_hiding_statement, so
 * no SQL function of mxpw can forget to hide its statement.
 */
#define MXPW_SQL_FUNCTION(name) \
	static Datum name##_body(FunctionCallInfo fcinfo); \
	PG_FUNCTION_INFO_V1(name); \
	Datum \
	name(PG_FUNCTION_ARGS) \
	{ \
		return mxpw_hiding_statement(name##_body, fcinfo); \
	} \
	static Datum \
	name##_body(FunctionCallInfo fcinfo)

/* The transaction has ended: its statements no longer need hiding. */
extern void mxpw_forget_statement(void);

/*
 * Around mxpw's own SQL statements: keeps auto_explain from logging them
 * with their parameters (mxpw.c).
 */
extern int	mxpw_quiet_begin(void);
extern void mxpw_quiet_end(int level);

/* Rejects a NULL argument with a message that names it (mxpw.c). */
extern void mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name);

#endif							/* MXPW_H */
