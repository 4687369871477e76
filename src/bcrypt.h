/*
 * bcrypt.h
 *	  Synapse's password hash recipe on top of libxcrypt.  Free of backend
 *	  headers so it can be unit-tested and fuzzed on its own.
 */
#ifndef MXPW_BCRYPT_H
#define MXPW_BCRYPT_H

#include <stdbool.h>
#include <stddef.h>

#include "algorithm.h"

struct crypt_data;

/* bcrypt reads at most this many bytes of its key. */
#define MXPW_BCRYPT_KEY_MAX		72
#define MXPW_BCRYPT_KEY_SIZE	(MXPW_BCRYPT_KEY_MAX + 1)

/* "$2b$12$" + 22 salt characters + 31 checksum characters. */
#define MXPW_BCRYPT_HASH_LEN	60
#define MXPW_BCRYPT_HASH_SIZE	(MXPW_BCRYPT_HASH_LEN + 1)

/* bcrypt's own cost range, and the highest cost mxpw will compute. */
#define MXPW_BCRYPT_MIN_COST	4
#define MXPW_BCRYPT_MAX_COST	31
#define MXPW_MAX_COMPUTE_COST	16

/* Generated passwords: 24 random bytes (192 bits), 32 characters. */
#define MXPW_GENERATED_RANDOM_BYTES	24
#define MXPW_GENERATED_LEN		32
#define MXPW_GENERATED_SIZE		(MXPW_GENERATED_LEN + 1)

/*
 * Checks that hash is a bcrypt hash Synapse can check: "$2a$", "$2b$" or
 * "$2y$" (else MXPW_HASH_OTHER_ALGORITHM or MXPW_HASH_UNSUPPORTED_VARIANT),
 * a two-digit cost from 04 to 31 (else MXPW_HASH_BAD_PARAMS), and 53
 * characters of bcrypt's base64 in canonical form.  On success *cost is
 * set.  Costs above MXPW_MAX_COMPUTE_COST are well-formed: Synapse checks
 * them, mxpw does not (the row's too_costly).
 */
extern MxpwHashFormat mxpw_bcrypt_parse(const char *hash, size_t len, int *cost);

/* A sentence for the error detail of a format other than MXPW_HASH_OK. */
extern const char *mxpw_bcrypt_format_problem(MxpwHashFormat format);

/*
 * Builds bcrypt's key the way Synapse does: the first 72 bytes of the
 * (already normalised, UTF-8) password followed by the pepper, as a
 * NUL-terminated string.  The cut is on bytes and may split a character.
 * Returns the key's length.
 */
extern size_t mxpw_bcrypt_key(const char *password, size_t password_len,
							  const char *pepper, size_t pepper_len,
							  char key[MXPW_BCRYPT_KEY_SIZE]);

/*
 * Hashes key with a fresh "$2b$" salt from the operating system's random
 * source.  cost must be within MXPW_BCRYPT_MIN_COST..MXPW_MAX_COMPUTE_COST.
 * scratch is wiped before returning.  Returns false (with errno set) if
 * libxcrypt fails.
 */
extern bool mxpw_bcrypt_hash(const char *key, int cost,
							 char out[MXPW_BCRYPT_HASH_SIZE],
							 struct crypt_data *scratch);

/*
 * Checks key against a hash that mxpw_bcrypt_parse accepted, comparing in
 * constant time.  scratch is wiped before returning.
 */
extern bool mxpw_bcrypt_check(const char *key, const char *hash,
							  struct crypt_data *scratch);

/*
 * The bcrypt row: Synapse's recipe, at a scheme's cost (its rounds), with
 * the secret appended to the password in bcrypt's 72-byte key and a salt
 * from libxcrypt.  A parsed hash's first parameter is its cost, its variant
 * the letter after "$2".
 */
extern const MxpwAlgorithm mxpw_bcrypt_algorithm;

/* Encodes random bytes as a generated password (URL-safe base64). */
extern void mxpw_encode_generated(const unsigned char random[MXPW_GENERATED_RANDOM_BYTES],
								  char out[MXPW_GENERATED_SIZE]);

#endif							/* MXPW_BCRYPT_H */
