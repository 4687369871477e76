/*
 * algorithm.h
 *	  One row of mxpw's table of hashing algorithms, kept as pgcrypto keeps
 *	  px_crypt_list: each algorithm fills one MxpwAlgorithm in its own file
 *	  (bcrypt.c, argon2id.c, pbkdf2.c), and scheme.c lists the rows.  Nothing
 *	  outside the rows asks which algorithm it holds.  Free of backend
 *	  headers, as the algorithms are, so that they can be unit-tested and
 *	  fuzzed on their own.
 */
#ifndef MXPW_ALGORITHM_H
#define MXPW_ALGORITHM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Longest hash mxpw writes or accepts, with its NUL.  The longest strings
 * the PHC parsers accept, such as "$argon2id$v=19$m=262144,t=2,p=64$" or
 * "$pbkdf2-sha512$i=2000000,l=64$" with a 64-character salt and a 64-byte
 * hash, are 184 characters; bcrypt's are 60.
 */
#define MXPW_HASH_SIZE 192

/*
 * Most bytes of decoded salt and output a parsed hash carries: RustCrypto's
 * limits on a PHC salt string (64 characters) and output (password_hash::
 * Output).
 */
#define MXPW_HASH_SALT_MAX_BYTES	48
#define MXPW_HASH_OUTPUT_MAX_BYTES	64

/* Most parameters of one hash: Argon2's m, t and p. */
#define MXPW_HASH_MAX_PARAMS 3

/* What a parser finds in a stored hash; each row words its own sentence. */
typedef enum MxpwHashFormat
{
	MXPW_HASH_OK,
	MXPW_HASH_EMPTY,
	MXPW_HASH_OTHER_ALGORITHM,	/* not this row's prefix or identifier */
	MXPW_HASH_UNSUPPORTED_VERSION,
	MXPW_HASH_BAD_PARAMS,		/* costs missing, misspelt or out of range */
	MXPW_HASH_TOO_COSTLY,		/* beyond the row's cost limits */
	MXPW_HASH_MALFORMED,
	MXPW_HASH_UNSUPPORTED_VARIANT	/* bcrypt's "$2x$" */
} MxpwHashFormat;

/*
 * A stored hash as its row's parser read it, in the model of a PHC string
 * (RustCrypto's password_hash::PasswordHash): which of the row's variants,
 * its decimal parameters in the row's order, and its decoded salt and
 * output (bcrypt, checked by libxcrypt from the string, decodes neither).
 * Holds no secret, but is wiped with the rest when a check ends.
 */
typedef struct MxpwParsedHash
{
	int			variant;
	uint32_t	params[MXPW_HASH_MAX_PARAMS];
	size_t		salt_len;
	size_t		output_len;
	unsigned char salt[MXPW_HASH_SALT_MAX_BYTES];
	unsigned char output[MXPW_HASH_OUTPUT_MAX_BYTES];
} MxpwParsedHash;

typedef struct MxpwAlgorithm MxpwAlgorithm;
struct MxpwPhc;

struct MxpwAlgorithm
{
	/* As MAS's passwords.schemes names it, and as messages name it. */
	const char *name;

	/* What its hashes start with, which tells them apart. */
	const char *prefix;

	/*
	 * The costs a scheme may ask for (bcrypt's rounds), and MAS's default;
	 * a hash's cost is then its first parameter.  All 0 for an algorithm
	 * that hashes at MAS's fixed parameters.
	 */
	int			min_cost;
	int			max_cost;
	int			default_cost;

	/*
	 * What one new hash costs, as a bcrypt cost (0: the scheme's cost), and
	 * the memory it holds while computed, in KiB: how parallel.c shares the
	 * work out.
	 */
	int			work;
	int			memory_kib;

	/*
	 * Bytes of password and secret together that the algorithm reads (0:
	 * all), and whether its key is a C string, which cannot hold a NUL.
	 */
	size_t		key_max;
	bool		key_is_string;

	/* Random salt bytes the caller draws for hash (0: it draws its own). */
	size_t		salt_bytes;

	/* Reads a stored hash; parsed is set on MXPW_HASH_OK. */
	MxpwHashFormat (*parse) (const MxpwAlgorithm *self, const char *hash,
							 size_t len, MxpwParsedHash *parsed);

	/* One sentence, for errdetail; never quotes the hash. */
	const char *(*problem) (MxpwHashFormat format);

	/*
	 * The cost limits: whether checking a parsed hash would hold the
	 * backend longer than mxpw allows (a check cannot be interrupted).
	 */
	bool		(*too_costly) (const MxpwParsedHash *parsed);

	/* Whether a parsed hash is cheaper than what a scheme at cost makes. */
	bool		(*weaker) (const MxpwParsedHash *parsed, int cost);

	/*
	 * Hashes password (the secret appended, or as the algorithm's own
	 * keyed input) at cost, with salt_bytes of salt.  Writes the hash to
	 * out.  Returns false (errno set) on failure.  Wipes its own buffers.
	 */
	bool		(*hash) (const MxpwAlgorithm *self,
						 const char *password, size_t password_len,
						 const char *secret, size_t secret_len, int cost,
						 const unsigned char *salt, char out[MXPW_HASH_SIZE]);

	/*
	 * Checks password against hash, which parse read into parsed, in
	 * constant time.  False for a wrong password (errno 0), and for a hash
	 * that could not be computed (errno set).
	 */
	bool		(*check) (const MxpwAlgorithm *self,
						  const char *password, size_t password_len,
						  const char *secret, size_t secret_len,
						  const MxpwParsedHash *parsed, const char *hash);

	/* The PHC strings of argon2id.c and pbkdf2.c (phc.h); NULL for bcrypt. */
	const struct MxpwPhc *phc;
};

/* Whether a scheme of algorithm may ask for cost. */
static inline bool
mxpw_algorithm_cost_ok(const MxpwAlgorithm *algorithm, int cost)
{
	return cost >= algorithm->min_cost && cost <= algorithm->max_cost;
}

/*
 * Parses hash and checks password against it: false, with errno EINVAL,
 * for a hash the parser refuses.  For callers that hold a hash string and
 * nothing else (the unit tests and fuzzers).
 */
static inline bool
mxpw_algorithm_matches(const MxpwAlgorithm *algorithm,
					   const char *password, size_t password_len,
					   const char *secret, size_t secret_len,
					   const char *hash, size_t hash_len)
{
	MxpwParsedHash parsed;
	bool		match = false;

	errno = EINVAL;
	if (algorithm->parse(algorithm, hash, hash_len, &parsed) == MXPW_HASH_OK)
		match = algorithm->check(algorithm, password, password_len,
								 secret, secret_len, &parsed, hash);
	explicit_bzero(&parsed, sizeof(parsed));
	return match;
}

#endif							/* MXPW_ALGORITHM_H */
