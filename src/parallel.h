/*
 * parallel.h
 *	  Hashing many passwords on every core allowed (parallel.c).
 */
#ifndef MXPW_PARALLEL_H
#define MXPW_PARALLEL_H

#include "mxpw.h"
#include "scheme.h"

/*
 * Hashes n passwords, already checked with mxpw_password_status, with
 * scheme.  Returns the n hashes in the same order, palloc'd.
 */
extern char **mxpw_parallel_hash(int n, text *const *passwords,
								 const MxpwScheme *scheme);

#endif							/* MXPW_PARALLEL_H */
