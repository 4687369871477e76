/*
 * phc.h
 *	  PHC strings ("$id$v=..$params$salt$hash"): their one parser, writer
 *	  and check, which the Argon2 and PBKDF2 rows share, and their base64,
 *	  decimals and fields.  Free of backend headers so they can be
 *	  unit-tested and fuzzed on their own.
 *
 * The format is the one RustCrypto's password-hash 0.5 crate writes and
 * parses, which Matrix Authentication Service uses for its argon2 and pbkdf2
 * schemes (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs).
 */
#ifndef MXPW_PHC_H
#define MXPW_PHC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "algorithm.h"

/*
 * RustCrypto's limits on the salt string (password_hash::Salt) and on the
 * hash output (password_hash::Output).  A 64-character salt decodes to
 * MXPW_HASH_SALT_MAX_BYTES.
 */
#define MXPW_PHC_SALT_MIN_CHARS		4
#define MXPW_PHC_SALT_MAX_CHARS		64
#define MXPW_PHC_OUTPUT_MIN_BYTES	10

/*
 * What an algorithm's PHC strings are, "$id$v=..$p1=..,p2=..$salt$hash", and
 * its one computation: the part of a row that argon2id.c and pbkdf2.c fill,
 * and that the shared parse, hash and check below read.
 */
typedef struct MxpwPhc
{
	/* Its identifiers; a hash's variant is the index of its own. */
	const char *const *ids;
	int			nids;

	/* The one version field accepted ("v=19"), or NULL: none is. */
	const char *version;

	/* Its parameters' names, in the one order accepted. */
	const char *const *params;
	int			nparams;

	/* The parameter that must equal the output's length, or -1. */
	int			length_param;

	/* Fewest bytes of salt accepted. */
	size_t		min_salt;

	/* Whether the parameters read are within the algorithm's own bounds. */
	bool		(*params_ok) (const MxpwParsedHash *parsed);

	/* What a new hash is: variant, parameters, salt and output lengths. */
	MxpwParsedHash made;

	/*
	 * One computation with parsed's variant, parameters and salt into out
	 * (parsed->output_len bytes).  Sets errno on failure.
	 */
	bool		(*compute) (const MxpwParsedHash *parsed,
							const char *password, size_t password_len,
							const char *secret, size_t secret_len,
							unsigned char *out);
} MxpwPhc;

/*
 * An MxpwAlgorithm's parse for PHC strings, in the canonical form
 * RustCrypto writes: self->phc's identifier, version and parameters
 * exactly, in that order (else MXPW_HASH_OTHER_ALGORITHM,
 * MXPW_HASH_UNSUPPORTED_VERSION, MXPW_HASH_BAD_PARAMS), decimals without
 * leading zeros, costs within self->too_costly's limits (else
 * MXPW_HASH_TOO_COSTLY: a hash mxpw cannot check is not one it accepts),
 * a salt of MXPW_PHC_SALT_MIN_CHARS to MXPW_PHC_SALT_MAX_CHARS characters
 * and a hash of MXPW_PHC_OUTPUT_MIN_BYTES to MXPW_HASH_OUTPUT_MAX_BYTES, in
 * canonical unpadded base64 (else MXPW_HASH_MALFORMED).  At most
 * MXPW_HASH_SIZE - 1 bytes.
 */
extern MxpwHashFormat mxpw_phc_parse(const MxpwAlgorithm *self,
									 const char *hash, size_t len,
									 MxpwParsedHash *parsed);

/* An MxpwAlgorithm's hash: self->phc's made, with salt, as a PHC string. */
extern bool mxpw_phc_hash(const MxpwAlgorithm *self,
						  const char *password, size_t password_len,
						  const char *secret, size_t secret_len, int cost,
						  const unsigned char *salt, char out[MXPW_HASH_SIZE]);

/* An MxpwAlgorithm's check: recomputes with the parsed hash's own costs. */
extern bool mxpw_phc_check(const MxpwAlgorithm *self,
						   const char *password, size_t password_len,
						   const char *secret, size_t secret_len,
						   const MxpwParsedHash *parsed, const char *hash);

/* The operations every PHC row shares, in its MxpwAlgorithm initialiser. */
#define MXPW_PHC_OPERATIONS \
	.parse = mxpw_phc_parse, \
	.problem = mxpw_phc_format_problem, \
	.hash = mxpw_phc_hash, \
	.check = mxpw_phc_check

/*
 * Writes parsed as phc's PHC string, in RustCrypto's PasswordHash Display
 * order: id, version, parameters, salt, hash.  The one PHC writer.  False
 * (errno EOVERFLOW, out wiped) if it does not fit.
 */
extern bool mxpw_phc_write(const MxpwPhc *phc, const MxpwParsedHash *parsed,
						   char out[MXPW_HASH_SIZE]);

/* One sentence, for errdetail; never quotes the hash. */
extern const char *mxpw_phc_format_problem(MxpwHashFormat format);

/*
 * Standard base64 alphabet (A-Z a-z 0-9 + /) without padding, as PHC
 * strings use.  Encoding NUL-terminates out and returns the length written,
 * or 0 if out (with its NUL) is too small.
 */
extern size_t mxpw_phc_b64_encode(const unsigned char *in, size_t len,
								  char *out, size_t outsize);

/*
 * Returns the decoded length, or -1 on a character outside the alphabet
 * (padding included), a length no encoder writes (len % 4 == 1), unused
 * trailing bits that are not zero, or more than outsize bytes.  Only one
 * spelling of each byte string is accepted.
 */
extern int	mxpw_phc_b64_decode(const char *in, size_t len,
								unsigned char *out, size_t outsize);

/*
 * A PHC decimal ("0" or digits without a leading zero,
 * fitting in 32 bits, as password_hash::Value::decimal reads them).
 */
extern bool mxpw_phc_decimal(const char *in, size_t len, uint32_t *value);

/* One "$"-separated field of a PHC string. */
typedef struct MxpwPhcField
{
	const char *start;
	size_t		len;
} MxpwPhcField;

/*
 * Splits a string starting with "$" into its fields (without the "$"s).
 * Returns how many there are, 0 if the string does not start with "$", or
 * max + 1 if there are more than max (only max are stored).
 */
extern int	mxpw_phc_split(const char *hash, size_t len,
						   MxpwPhcField *fields, int max);

/* Whether field is exactly the NUL-terminated s. */
extern bool mxpw_phc_field_is(const MxpwPhcField *field, const char *s);

#endif							/* MXPW_PHC_H */
