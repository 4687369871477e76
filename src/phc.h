/*
 * phc.h
 *	  Helpers for PHC strings ("$id$v=..$params$salt$hash"), shared by the
 *	  Argon2 and PBKDF2 modules.  Free of backend headers so they can be
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

/*
 * Longest PHC string mxpw writes or accepts, with its NUL.  The longest
 * strings either parser accepts, such as "$argon2id$v=19$m=262144,t=2,p=64$"
 * or "$pbkdf2-sha512$i=2000000,l=64$" with a 64-character salt and a
 * 64-byte hash, are 184 characters.
 */
#define MXPW_PHC_HASH_SIZE 192

/*
 * RustCrypto's limits on the salt string (password_hash::Salt) and on the
 * hash output (password_hash::Output).  A 64-character salt decodes to 48
 * bytes.
 */
#define MXPW_PHC_SALT_MIN_CHARS		4
#define MXPW_PHC_SALT_MAX_CHARS		64
#define MXPW_PHC_SALT_MAX_BYTES		48
#define MXPW_PHC_OUTPUT_MIN_BYTES	10
#define MXPW_PHC_OUTPUT_MAX_BYTES	64

typedef enum MxpwPhcFormat
{
	MXPW_PHC_OK,
	MXPW_PHC_EMPTY,
	MXPW_PHC_OTHER_ALGORITHM,	/* not this module's $id$ */
	MXPW_PHC_UNSUPPORTED_VERSION,
	MXPW_PHC_BAD_PARAMS,
	MXPW_PHC_TOO_COSTLY,
	MXPW_PHC_MALFORMED
} MxpwPhcFormat;

/* One sentence, for errdetail; never quotes the hash. */
extern const char *mxpw_phc_format_problem(MxpwPhcFormat format);

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
 * For the parsers: a PHC decimal ("0" or digits without a leading zero,
 * fitting in 32 bits, as password_hash::Value::decimal reads them).
 */
extern bool mxpw_phc_decimal(const char *in, size_t len, uint32_t *value);

/* For the parsers: one "$"-separated field of a PHC string. */
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

/* For the parsers: whether field is exactly the NUL-terminated s. */
extern bool mxpw_phc_field_is(const MxpwPhcField *field, const char *s);

/*
 * For the parsers: decodes a hash's salt field, of MXPW_PHC_SALT_MIN_CHARS
 * to MXPW_PHC_SALT_MAX_CHARS characters and at least min_salt bytes, and its
 * output field, of at least MXPW_PHC_OUTPUT_MIN_BYTES, into salt
 * (MXPW_PHC_SALT_MAX_BYTES) and output (MXPW_PHC_OUTPUT_MAX_BYTES), either
 * of which may be NULL.  MXPW_PHC_OK or MXPW_PHC_MALFORMED.
 */
extern MxpwPhcFormat mxpw_phc_salt_output(const MxpwPhcField *salt_field,
										  const MxpwPhcField *output_field,
										  size_t min_salt,
										  unsigned char *salt, size_t *salt_len,
										  unsigned char *output, size_t *output_len);

#endif							/* MXPW_PHC_H */
