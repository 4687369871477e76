/*
 * pbkdf2.h
 *	  Matrix Authentication Service's pbkdf2 password scheme on top of
 *	  OpenSSL.  Free of backend headers so it can be unit-tested and fuzzed
 *	  on its own.
 *
 * MAS (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs) hashes with RustCrypto's pbkdf2 0.12:
 * PBKDF2-HMAC-SHA256, 600,000 iterations, a 32-byte output, a 16-byte
 * random salt, and the pepper appended to the password bytes.  Its
 * verifier takes the
 * digest, iterations and length from the stored string, so
 * $pbkdf2-sha512$ hashes check too.
 */
#ifndef MXPW_PBKDF2_H
#define MXPW_PBKDF2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "algorithm.h"

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

/* A parsed hash's variant, and its parameters in the order of its string. */
#define MXPW_PBKDF2_SHA256			0
#define MXPW_PBKDF2_SHA512			1
#define MXPW_PBKDF2_PARAM_I			0
#define MXPW_PBKDF2_PARAM_L			1

/*
 * The pbkdf2 row.  Its parser reads "$pbkdf2-sha256$i=600000,l=32$<salt>$<hash>"
 * ($pbkdf2-sha512$ too; SHA-1's "$pbkdf2$" is MXPW_HASH_OTHER_ALGORITHM, as
 * MAS builds pbkdf2 without it) as phc.h's mxpw_phc_parse does: no version,
 * i from 1, l from 10 to 64 and equal to the hash's length (else
 * MXPW_HASH_BAD_PARAMS).  It hashes as MAS does: PBKDF2-HMAC-SHA256,
 * 600,000 iterations, 32 bytes, the secret appended to the password, with
 * salt from the caller (the backend draws it from pg_strong_random).  It
 * checks with the stored hash's digest, iterations and length.
 */
extern const MxpwAlgorithm mxpw_pbkdf2_algorithm;

#endif							/* MXPW_PBKDF2_H */
