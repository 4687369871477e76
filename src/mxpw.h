/*
 * mxpw.h
 *	  Settings, and the macro that declares every SQL-callable function of
 *	  mxpw.
 */
#ifndef MXPW_H
#define MXPW_H

#include "postgres.h"
#include "fmgr.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "hiding.h"

/* Settings (mxpw.c). */
extern int	mxpw_bcrypt_rounds;
extern char *mxpw_pepper;
extern bool mxpw_allow_partial_pepper;
extern char *mxpw_server_name;
extern char *mxpw_synapse_schema;
extern char *mxpw_mas_schema;

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

/* Rejects a NULL argument with a message that names it (mxpw.c). */
extern void mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name);

#endif							/* MXPW_H */
