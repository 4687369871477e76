/*
 * progress_text.h
 *	  The words of a bulk call's progress report (progress_text.c); free of
 *	  backend headers, so unit-tested on its own.
 */
#ifndef MXPW_PROGRESS_TEXT_H
#define MXPW_PROGRESS_TEXT_H

#include <stddef.h>

/* Enough for any report of a function name up to 63 bytes. */
#define MXPW_PROGRESS_TEXT_SIZE	256

/*
 * Writes into buf (size bytes, at least MXPW_PROGRESS_TEXT_SIZE for the
 * whole text) the report that done of total entries went through verb
 * ("hashed") in seconds, in one call of function:
 *
 *	 mxpw_set_passwords: hashed 12,000 of 100,000 (240 per second), about 6 min left
 *
 * Counts and times only: nothing of any entry.  The rate is done per
 * second since the step started, with one decimal below 10; the time left
 * assumes that rate holds.  With nothing done yet the time left is not
 * known; with everything done there is none.
 */
extern void mxpw_progress_text(char *buf, size_t size, const char *function,
							   const char *verb, long long done,
							   long long total, double seconds);

#endif							/* MXPW_PROGRESS_TEXT_H */
