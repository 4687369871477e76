/*
 * mxpw.h
 *	  Declarations shared by mxpw's backend files.
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
extern char *mxpw_server_name;
extern char *mxpw_synapse_schema;

/*
 * Runs body(fcinfo) so that any error raised on the way, mxpw's own or
 * PostgreSQL's, is logged without its STATEMENT line: the statement text
 * of a call to mxpw may carry a password (mxpw.c).
 */
typedef Datum (*MxpwBody) (FunctionCallInfo fcinfo);
extern Datum mxpw_hiding_statement(MxpwBody body, FunctionCallInfo fcinfo);

/* Rejects a NULL argument with a message that names it (mxpw.c). */
extern void mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name);

/* Passwords and hashes (password.c). */
extern void mxpw_check_new_password(text *password);
extern char *mxpw_hash_password(text *password, int rounds);

/* The Synapse database (synapse.c); callers are connected to SPI. */
extern char *mxpw_find_user(text *user_id, bool allow_deactivated);
extern void mxpw_store_hash(const char *user_id, const char *hash);
extern int	mxpw_delete_tokens(const char *user_id);

#endif							/* MXPW_H */
