/*
 * phc.c
 *	  PHC strings: the parser, writer and check that the Argon2 and PBKDF2
 *	  rows share, and unpadded standard base64, decimals and fields, read as
 *	  strictly as RustCrypto's password-hash 0.5 crate writes them (Matrix
 *	  Authentication Service, crates/handlers/src/passwords.rs, hashes
 *	  through it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "phc.h"

static const char b64_alphabet[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Value of c in the alphabet, or -1.  Branches on the character, which is
 * part of the stored hash or salt, not of the password.
 */
static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

size_t
mxpw_phc_b64_encode(const unsigned char *in, size_t len, char *out, size_t outsize)
{
	size_t		need = len / 3 * 4 + (len % 3 ? len % 3 + 1 : 0);
	size_t		i;
	size_t		o = 0;

	if (len > (SIZE_MAX - 4) / 4 * 3 || need >= outsize)
		return 0;
	for (i = 0; i + 3 <= len; i += 3)
	{
		uint32_t	group = ((uint32_t) in[i] << 16) | ((uint32_t) in[i + 1] << 8) | in[i + 2];

		out[o++] = b64_alphabet[(group >> 18) & 0x3f];
		out[o++] = b64_alphabet[(group >> 12) & 0x3f];
		out[o++] = b64_alphabet[(group >> 6) & 0x3f];
		out[o++] = b64_alphabet[group & 0x3f];
	}
	if (len - i == 1)
	{
		out[o++] = b64_alphabet[in[i] >> 2];
		out[o++] = b64_alphabet[(in[i] & 0x03) << 4];
	}
	else if (len - i == 2)
	{
		out[o++] = b64_alphabet[in[i] >> 2];
		out[o++] = b64_alphabet[((in[i] & 0x03) << 4) | (in[i + 1] >> 4)];
		out[o++] = b64_alphabet[(in[i + 1] & 0x0f) << 2];
	}
	out[o] = '\0';
	return o;
}

int
mxpw_phc_b64_decode(const char *in, size_t len, unsigned char *out, size_t outsize)
{
	size_t		need = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
	uint32_t	acc = 0;
	int			bits = 0;
	size_t		o = 0;
	size_t		i;

	/* One leftover character carries only 6 bits: no byte ends there. */
	if (len % 4 == 1 || need > outsize || need > (size_t) INT32_MAX)
		return -1;
	for (i = 0; i < len; i++)
	{
		int			v = b64_value(in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t) v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			out[o++] = (unsigned char) (acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}

	/*
	 * The last character's unused low bits must be zero: otherwise several
	 * strings would decode to the same bytes, and RustCrypto's base64ct
	 * refuses them too.
	 */
	if (acc != 0)
		return -1;
	return (int) o;
}

bool
mxpw_phc_decimal(const char *in, size_t len, uint32_t *value)
{
	uint64_t	v = 0;
	size_t		i;

	/* Ten digits hold any 32-bit value; more cannot fit without a leading zero. */
	if (len == 0 || len > 10 || (in[0] == '0' && len > 1))
		return false;
	for (i = 0; i < len; i++)
	{
		if (in[i] < '0' || in[i] > '9')
			return false;
		v = v * 10 + (uint64_t) (in[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*value = (uint32_t) v;
	return true;
}

int
mxpw_phc_split(const char *hash, size_t len, MxpwPhcField *fields, int max)
{
	int			n = 0;
	size_t		start;
	size_t		i;

	if (len == 0 || hash[0] != '$')
		return 0;
	start = 1;
	for (i = 1; i <= len; i++)
	{
		if (i < len && hash[i] != '$')
			continue;
		if (n == max)
			return max + 1;
		fields[n].start = hash + start;
		fields[n].len = i - start;
		n++;
		start = i + 1;
	}
	return n;
}

bool
mxpw_phc_field_is(const MxpwPhcField *field, const char *s)
{
	return strlen(s) == field->len && memcmp(field->start, s, field->len) == 0;
}

const char *
mxpw_phc_format_problem(MxpwHashFormat format)
{
	switch (format)
	{
		case MXPW_HASH_OK:
			return "The hash is a PHC string mxpw can check.";
		case MXPW_HASH_EMPTY:
			return "The hash is empty.";
		case MXPW_HASH_OTHER_ALGORITHM:
			return "The hash does not start with the identifier of the expected algorithm.";
		case MXPW_HASH_UNSUPPORTED_VERSION:
			return "Argon2 hashes must carry version 19 (\"v=19\"), and PBKDF2 hashes no version.";
		case MXPW_HASH_BAD_PARAMS:
			return "The parameters must be the algorithm's own (\"m=,t=,p=\" for Argon2, \"i=,l=\" for PBKDF2), in that order, as decimal numbers within the algorithm's limits.";
		case MXPW_HASH_TOO_COSTLY:
			return "The hash's costs are higher than mxpw computes when checking a password.";
		case MXPW_HASH_MALFORMED:
			return "The hash is not a canonical PHC string: \"$\"-separated fields ending in the salt and the hash, both in unpadded standard base64.";
		case MXPW_HASH_UNSUPPORTED_VARIANT:
			break;
	}
	return "The hash is not a PHC string mxpw can check.";
}

/*
 * Decodes a hash's salt field, of MXPW_PHC_SALT_MIN_CHARS to
 * MXPW_PHC_SALT_MAX_CHARS characters and at least min_salt bytes, and its
 * output field, of at least MXPW_PHC_OUTPUT_MIN_BYTES, into parsed.
 */
static bool
read_salt_output(const MxpwPhcField *salt_field, const MxpwPhcField *output_field,
				 size_t min_salt, MxpwParsedHash *parsed)
{
	int			n;

	if (salt_field->len < MXPW_PHC_SALT_MIN_CHARS ||
		salt_field->len > MXPW_PHC_SALT_MAX_CHARS)
		return false;
	n = mxpw_phc_b64_decode(salt_field->start, salt_field->len,
							parsed->salt, sizeof(parsed->salt));
	if (n < 0 || (size_t) n < min_salt)
		return false;
	parsed->salt_len = (size_t) n;
	n = mxpw_phc_b64_decode(output_field->start, output_field->len,
							parsed->output, sizeof(parsed->output));
	if (n < MXPW_PHC_OUTPUT_MIN_BYTES)
		return false;
	parsed->output_len = (size_t) n;
	return true;
}

/*
 * Reads "name=<decimal>" for each of phc's parameters, in order and
 * separated by commas, spanning all of field, as RustCrypto's ParamsString
 * is written.  RustCrypto would also read other orders, leave parameters
 * out or take Argon2's keyid and data, but MAS never writes them.
 */
static bool
read_params(const MxpwPhc *phc, const MxpwPhcField *field, MxpwParsedHash *parsed)
{
	const char *p = field->start;
	const char *end = field->start + field->len;

	for (int i = 0; i < phc->nparams; i++)
	{
		size_t		name_len = strlen(phc->params[i]);
		const char *stop;

		if ((size_t) (end - p) < name_len + 1 ||
			memcmp(p, phc->params[i], name_len) != 0 || p[name_len] != '=')
			return false;
		p += name_len + 1;
		stop = p;
		while (stop < end && *stop != ',')
			stop++;
		if (!mxpw_phc_decimal(p, (size_t) (stop - p), &parsed->params[i]))
			return false;
		if (i == phc->nparams - 1)
			return stop == end;
		if (stop == end)
			return false;
		p = stop + 1;
	}
	return false;
}

/* Whether field starts with the NUL-terminated s. */
static bool
field_starts(const MxpwPhcField *field, const char *s)
{
	size_t		len = strlen(s);

	return field->len >= len && memcmp(field->start, s, len) == 0;
}

MxpwHashFormat
mxpw_phc_parse(const MxpwAlgorithm *self, const char *hash, size_t len,
			   MxpwParsedHash *parsed)
{
	const MxpwPhc *phc = self->phc;
	MxpwPhcField f[5];
	const MxpwPhcField *rest;
	int			n;
	char		first_param[8];

	memset(parsed, 0, sizeof(*parsed));
	if (len == 0)
		return MXPW_HASH_EMPTY;
	n = mxpw_phc_split(hash, len, f, 5);
	if (n == 0)
		return MXPW_HASH_OTHER_ALGORITHM;
	parsed->variant = -1;
	for (int i = 0; i < phc->nids; i++)
		if (mxpw_phc_field_is(&f[0], phc->ids[i]))
			parsed->variant = i;
	if (parsed->variant < 0)
		return MXPW_HASH_OTHER_ALGORITHM;
	if (len >= MXPW_HASH_SIZE)
		return MXPW_HASH_MALFORMED;

	/*
	 * RustCrypto's argon2 always writes "v=19"; it would read a string
	 * without a version as 19 and accept "v=16" (Argon2 1.0), but neither is
	 * what MAS writes, and libargon2's 1.0 differs in ways not worth
	 * carrying.  Its pbkdf2 refuses any version (Error::Version).
	 */
	snprintf(first_param, sizeof(first_param), "%s=", phc->params[0]);
	if (phc->version == NULL)
	{
		if (n >= 2 && field_starts(&f[1], "v="))
			return MXPW_HASH_UNSUPPORTED_VERSION;
		if (n != 4)
			return MXPW_HASH_MALFORMED;
		rest = &f[1];
	}
	else if (n == 5 && field_starts(&f[1], "v="))
	{
		if (!mxpw_phc_field_is(&f[1], phc->version))
			return MXPW_HASH_UNSUPPORTED_VERSION;
		rest = &f[2];
	}
	else if (n == 4 && field_starts(&f[1], first_param))
		return MXPW_HASH_UNSUPPORTED_VERSION;
	else
		return MXPW_HASH_MALFORMED;

	if (!read_params(phc, &rest[0], parsed) || !phc->params_ok(parsed))
		return MXPW_HASH_BAD_PARAMS;
	if (self->too_costly(parsed))
		return MXPW_HASH_TOO_COSTLY;
	if (!read_salt_output(&rest[1], &rest[2], phc->min_salt, parsed))
		return MXPW_HASH_MALFORMED;
	/* RustCrypto refuses a length parameter that disagrees with the hash's. */
	if (phc->length_param >= 0 &&
		parsed->params[phc->length_param] != parsed->output_len)
		return MXPW_HASH_BAD_PARAMS;
	return MXPW_HASH_OK;
}

bool
mxpw_phc_write(const MxpwPhc *phc, const MxpwParsedHash *parsed,
			   char out[MXPW_HASH_SIZE])
{
	size_t		n;
	size_t		w;

	n = (size_t) snprintf(out, MXPW_HASH_SIZE, "$%s", phc->ids[parsed->variant]);
	if (phc->version != NULL && n < MXPW_HASH_SIZE)
		n += (size_t) snprintf(out + n, MXPW_HASH_SIZE - n, "$%s", phc->version);
	for (int i = 0; i < phc->nparams && n < MXPW_HASH_SIZE; i++)
		n += (size_t) snprintf(out + n, MXPW_HASH_SIZE - n, "%c%s=%u",
							   i == 0 ? '$' : ',', phc->params[i],
							   (unsigned) parsed->params[i]);
	if (n + 1 < MXPW_HASH_SIZE)
	{
		out[n++] = '$';
		w = mxpw_phc_b64_encode(parsed->salt, parsed->salt_len,
								out + n, MXPW_HASH_SIZE - n);
		n += w;
		if (w > 0 && n + 1 < MXPW_HASH_SIZE)
		{
			out[n++] = '$';
			if (mxpw_phc_b64_encode(parsed->output, parsed->output_len,
									out + n, MXPW_HASH_SIZE - n) > 0)
				return true;
		}
	}
	explicit_bzero(out, MXPW_HASH_SIZE);
	errno = EOVERFLOW;
	return false;
}

bool
mxpw_phc_hash(const MxpwAlgorithm *self,
			  const char *password, size_t password_len,
			  const char *secret, size_t secret_len, int cost,
			  const unsigned char *salt, char out[MXPW_HASH_SIZE])
{
	MxpwParsedHash made = self->phc->made;
	bool		ok;

	(void) cost;				/* PHC rows hash at MAS's fixed costs */
	memcpy(made.salt, salt, made.salt_len);
	ok = self->phc->compute(&made, password, password_len, secret, secret_len,
							made.output) &&
		mxpw_phc_write(self->phc, &made, out);
	explicit_bzero(&made, sizeof(made));
	return ok;
}

bool
mxpw_phc_check(const MxpwAlgorithm *self,
			   const char *password, size_t password_len,
			   const char *secret, size_t secret_len,
			   const MxpwParsedHash *parsed, const char *hash)
{
	unsigned char actual[MXPW_HASH_OUTPUT_MAX_BYTES];
	bool		match = false;

	(void) hash;				/* parsed holds all of it */
	if (self->phc->compute(parsed, password, password_len, secret, secret_len,
						   actual))
	{
		match = CRYPTO_memcmp(actual, parsed->output, parsed->output_len) == 0;
		errno = 0;
	}
	explicit_bzero(actual, sizeof(actual));
	return match;
}
