/*
 * unicode_stable.h
 *	  Whether a password's NFKC is the same in every Unicode version a
 *	  Synapse may use.  Free of backend headers so it can be unit-tested and
 *	  fuzzed on its own.
 *
 * Synapse hashes and checks a password after Python's
 * unicodedata.normalize("NFKC", password) (AuthHandler.hash and
 * AuthHandler.validate_hash in synapse/handlers/auth.py), whose Unicode
 * version is that of the Python Synapse runs on: 13.0 for Python 3.10, the
 * oldest current Synapse supports (and for 3.9), up to 16.0 for 3.14.  mxpw normalises with PostgreSQL's tables, of yet another
 * version.  A code point that NFKC treats differently in two versions can
 * give two different hashes for one password and lock its owner out, so
 * mxpw refuses a password holding one; see src/unicode_stable_table.py for
 * the rule.
 */
#ifndef MXPW_UNICODE_STABLE_H
#define MXPW_UNICODE_STABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MXPW_UNICODE_BASELINE and MXPW_UNICODE_DATA_VERSION. */
#include "unicode_stable_table.h"

/*
 * True when every code point of utf8[0..len) normalises the same from
 * Unicode MXPW_UNICODE_BASELINE on.  Text that is not well-formed UTF-8
 * (truncated, overlong, surrogate, stray continuation byte) is never
 * stable; no byte past len is read.
 */
extern bool mxpw_unicode_stable(const char *utf8, size_t len);

/* The same for one code point; false above U+10FFFF. */
extern bool mxpw_unicode_code_point_stable(uint32_t cp);

#endif							/* MXPW_UNICODE_STABLE_H */
