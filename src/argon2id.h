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

#include "phc.h"

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

typedef struct MxpwArgon2Params
{
	int			type;			/* Argon2_id, Argon2_i, Argon2_d (argon2_type) */
	uint32_t	m_kib,
				t,
				p;
	size_t		salt_len,		/* decoded bytes */
				output_len;		/* decoded bytes */
} MxpwArgon2Params;

/*
 * Parses "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" ($argon2i$ and
 * $argon2d$ too), in the canonical form RustCrypto writes: version 19 only
 * (a missing version, which RustCrypto would read as 19, is
 * MXPW_PHC_UNSUPPORTED_VERSION); exactly m, t and p in that order, so the
 * optional keyid and data parameters are MXPW_PHC_BAD_PARAMS (MAS never
 * writes them); decimals without leading zeros; a salt of 11 to 64
 * characters (8 to 48 bytes) and a hash of 10 to 64 bytes, both in
 * canonical unpadded base64.  At most MXPW_PHC_HASH_SIZE - 1 bytes.  On
 * MXPW_PHC_OK *params is set.
 */
extern MxpwPhcFormat mxpw_argon2_parse(const char *hash, size_t len,
									   MxpwArgon2Params *params);

/*
 * Hashes as MAS does: argon2id, v=19, m=19456, t=2, p=1, a 32-byte output,
 * with salt from the caller (the backend draws it from pg_strong_random)
 * and secret (may be NULL with secret_len 0) as Argon2's secret input.
 * Writes the PHC string to out.  Returns false (errno set) on failure.
 * Runs in the calling thread and wipes its own buffers.
 */
extern bool mxpw_argon2id_hash(const char *password, size_t password_len,
							   const char *secret, size_t secret_len,
							   const unsigned char salt[MXPW_ARGON2_SALT_BYTES],
							   char out[MXPW_PHC_HASH_SIZE]);

/*
 * Checks a password against a hash that mxpw_argon2_parse accepted, with
 * that hash's variant, costs and lengths, comparing in constant time.
 * False for a wrong password (errno 0), and for a hash the parser refuses
 * or one that could not be computed (errno set: EINVAL, ENOMEM).
 */
extern bool mxpw_argon2_check(const char *password, size_t password_len,
							  const char *secret, size_t secret_len,
							  const char *hash, size_t hash_len);

#endif							/* MXPW_ARGON2ID_H */
