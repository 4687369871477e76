/*
 * parallel.h
 *	  Hashing many passwords on every core allowed (parallel.c).
 */
#ifndef MXPW_PARALLEL_H
#define MXPW_PARALLEL_H

#include "password.h"
#include "progress.h"

/*
 * Hashes n passwords, checked and prepared for scheme by
 * mxpw_password_status, with scheme, reporting to progress (which may be
 * NULL) how many are hashed.  Returns the n hashes in the same order,
 * palloc'd.
 */
extern char **mxpw_parallel_hash(int n, const MxpwPassword *passwords,
								 const MxpwScheme *scheme,
								 MxpwProgress *progress);

#endif							/* MXPW_PARALLEL_H */
