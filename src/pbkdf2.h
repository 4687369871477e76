/*
 * pbkdf2.h
 *	  Matrix Authentication Service's pbkdf2 password scheme on top of
 *	  OpenSSL.  Free of backend headers so it can be unit-tested and fuzzed
 *	  on its own.
 *
 * MAS (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs) hashes with RustCrypto's pbkdf2 0.12:
 * PBKDF2-HMAC-SHA256, 600,000 iterations, a 32-byte output, a 16-byte
 * random salt, and the pepper appended to the password bytes (the caller
 * does that: "password" here is the whole input).  Its verifier takes the
 * digest, iterations and length from the stored string, so
 * $pbkdf2-sha512$ hashes check too.
 */
#ifndef MXPW_PBKDF2_H
#define MXPW_PBKDF2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phc.h"

#define MXPW_PBKDF2_SALT_BYTES		16
#define MXPW_PBKDF2_OUTPUT_BYTES	32

/* RustCrypto pbkdf2 0.12 Params::default(): RECOMMENDED_ROUNDS, l=32. */
#define MXPW_PBKDF2_ITERATIONS		600000

/*
 * Most work mxpw computes when checking a hash made elsewhere, since a check
 * cannot be interrupted and none may take longer than a bcrypt at
 * MXPW_MAX_COMPUTE_COST: iterations times the digest's output blocks that
 * make up l (PBKDF2 runs every iteration once per block).  2,000,000 is
 * under half a bcrypt at cost 16 with SHA-512, the slower digest
 * (docs/benchmarks.md), and over three times MAS's default.
 */
#define MXPW_PBKDF2_MAX_WORK		2000000

/* Iterations times the output blocks of a digest of digest_bits. */
extern uint64_t mxpw_pbkdf2_work(uint32_t iterations, uint32_t length,
								 int digest_bits);

typedef struct MxpwPbkdf2Params
{
	int			digest_bits;	/* 256 or 512 */
	uint32_t	iterations;
	size_t		salt_len,		/* decoded bytes */
				output_len;		/* decoded bytes, equal to l */
} MxpwPbkdf2Params;

/*
 * Parses "$pbkdf2-sha256$i=600000,l=32$<salt>$<hash>" ($pbkdf2-sha512$
 * too; SHA-1's "$pbkdf2$" is MXPW_PHC_OTHER_ALGORITHM, as MAS builds
 * pbkdf2 without it), in the canonical form RustCrypto writes: no version
 * (one is MXPW_PHC_UNSUPPORTED_VERSION); exactly i and l, in that order,
 * decimals without leading zeros, i from 1, l from 10 to 64 and equal to
 * the hash's length (else MXPW_PHC_BAD_PARAMS); a salt of 4 to 64
 * characters and a hash, both in canonical unpadded base64.  At most
 * MXPW_PHC_HASH_SIZE - 1 bytes.  On MXPW_PHC_OK *params is set.
 */
extern MxpwPhcFormat mxpw_pbkdf2_parse(const char *hash, size_t len,
									   MxpwPbkdf2Params *params);

/*
 * Hashes as MAS does: PBKDF2-HMAC-SHA256, 600,000 iterations, 32 bytes,
 * with salt from the caller (the backend draws it from pg_strong_random).
 * Writes the PHC string to out.  Returns false (errno set) on failure.
 * Wipes its own buffers.
 */
extern bool mxpw_pbkdf2_sha256_hash(const char *password, size_t password_len,
									const unsigned char salt[MXPW_PBKDF2_SALT_BYTES],
									char out[MXPW_PHC_HASH_SIZE]);

/*
 * Checks a password against a hash that mxpw_pbkdf2_parse accepted, with
 * that hash's digest, iterations and length, comparing in constant time.
 * False for a wrong password (errno 0), and for a hash the parser refuses
 * or one that could not be computed (errno set).
 */
extern bool mxpw_pbkdf2_check(const char *password, size_t password_len,
							  const char *hash, size_t hash_len);

#endif							/* MXPW_PBKDF2_H */
