/*
 * argon2id.h
 *	  Matrix Authentication Service's argon2 password scheme on top of
 *	  libargon2.  Free of backend headers so it can be unit-tested and fuzzed
 *	  on its own.  (Not "argon2.h": with -Isrc that name would hide
 *	  libargon2's own <argon2.h>.)
 *
 * MAS (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs) hashes with RustCrypto's argon2 0.5:
 * argon2id, version 19, Params::default(), a 16-byte random salt, and its
 * pepper as Argon2's secret input (keyed hashing), not appended to the
 * password.  Its verifier takes the variant, version and costs from the
 * stored string, so $argon2i$ and $argon2d$ hashes check too.
 */
#ifndef MXPW_ARGON2ID_H
#define MXPW_ARGON2ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "algorithm.h"

#define MXPW_ARGON2_SALT_BYTES		16
#define MXPW_ARGON2_OUTPUT_BYTES	32

/* RustCrypto argon2 0.5 Params::default(): m=19 MiB, t=2, p=1. */
#define MXPW_ARGON2_M_KIB	19456
#define MXPW_ARGON2_T		2
#define MXPW_ARGON2_P		1

/*
 * Highest costs mxpw computes when checking a hash made elsewhere: a check
 * holds its memory and cannot be interrupted, so none may take longer than
 * a bcrypt at MXPW_MAX_COMPUTE_COST.  The time grows with the memory filled
 * times the passes over it, whatever the lanes (computed one after the
 * other: mxpw never starts threads), so that product is bounded: 256 MiB
 * twice, well under half a bcrypt at cost 16 (docs/benchmarks.md).  It
 * takes MAS's default (19456 KiB x 2) and RFC 9106's second choice (64 MiB
 * x 3).  Each cost is also bounded on its own.  Lower bounds are Argon2's
 * own: t >= 1, p >= 1, m >= 8 * p.
 */
#define MXPW_ARGON2_MAX_M_KIB	262144
#define MXPW_ARGON2_MAX_T		64
#define MXPW_ARGON2_MAX_P		64
#define MXPW_ARGON2_MAX_WORK_KIB	524288	/* m * t */

/* Argon2's minimum salt: shorter salts are refused by libargon2 and RustCrypto. */
#define MXPW_ARGON2_MIN_SALT_BYTES	8

/* A parsed hash's parameters, in the order of its string; its variant is its argon2_type. */
#define MXPW_ARGON2_PARAM_M	0
#define MXPW_ARGON2_PARAM_T	1
#define MXPW_ARGON2_PARAM_P	2

/*
 * The argon2id row.  Its parser reads "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"
 * ($argon2i$ and $argon2d$ too) as phc.h's mxpw_phc_parse does, version 19
 * only (a missing version, which RustCrypto would read as 19, is
 * MXPW_HASH_UNSUPPORTED_VERSION), a salt of 8 to 48 bytes.  It hashes as
 * MAS does: argon2id, v=19, m=19456, t=2, p=1, a 32-byte output, with salt
 * from the caller (the backend draws it from pg_strong_random) and the
 * secret (may be NULL with secret_len 0) as Argon2's secret input.  It
 * checks with the stored hash's variant, costs and lengths.  Computations
 * run in the calling thread.
 */
extern const MxpwAlgorithm mxpw_argon2id_algorithm;

#endif							/* MXPW_ARGON2ID_H */
