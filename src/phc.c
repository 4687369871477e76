/*
 * phc.c
 *	  PHC string helpers: unpadded standard base64, decimals and fields,
 *	  read as strictly as RustCrypto's password-hash 0.5 crate writes them
 *	  (Matrix Authentication Service, crates/handlers/src/passwords.rs,
 *	  hashes through it).
 */
#include <string.h>

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
mxpw_phc_format_problem(MxpwPhcFormat format)
{
	switch (format)
	{
		case MXPW_PHC_OK:
			return "The hash is a PHC string mxpw can check.";
		case MXPW_PHC_EMPTY:
			return "The hash is empty.";
		case MXPW_PHC_OTHER_ALGORITHM:
			return "The hash does not start with the identifier of the expected algorithm.";
		case MXPW_PHC_UNSUPPORTED_VERSION:
			return "Argon2 hashes must carry version 19 (\"v=19\"), and PBKDF2 hashes no version.";
		case MXPW_PHC_BAD_PARAMS:
			return "The parameters must be the algorithm's own (\"m=,t=,p=\" for Argon2, \"i=,l=\" for PBKDF2), in that order, as decimal numbers within the algorithm's limits.";
		case MXPW_PHC_TOO_COSTLY:
			return "The hash's costs are higher than mxpw computes when checking a password.";
		case MXPW_PHC_MALFORMED:
			return "The hash is not a canonical PHC string: \"$\"-separated fields ending in the salt and the hash, both in unpadded standard base64.";
	}
	return "The hash is not a PHC string mxpw can check.";
}

MxpwPhcFormat
mxpw_phc_salt_output(const MxpwPhcField *salt_field, const MxpwPhcField *output_field,
					 size_t min_salt, unsigned char *salt, size_t *salt_len,
					 unsigned char *output, size_t *output_len)
{
	unsigned char salt_buf[MXPW_PHC_SALT_MAX_BYTES];
	unsigned char output_buf[MXPW_PHC_OUTPUT_MAX_BYTES];
	int			n;

	if (salt_field->len < MXPW_PHC_SALT_MIN_CHARS ||
		salt_field->len > MXPW_PHC_SALT_MAX_CHARS)
		return MXPW_PHC_MALFORMED;
	n = mxpw_phc_b64_decode(salt_field->start, salt_field->len,
							salt ? salt : salt_buf, MXPW_PHC_SALT_MAX_BYTES);
	if (n < 0 || (size_t) n < min_salt)
		return MXPW_PHC_MALFORMED;
	*salt_len = (size_t) n;
	n = mxpw_phc_b64_decode(output_field->start, output_field->len,
							output ? output : output_buf, MXPW_PHC_OUTPUT_MAX_BYTES);
	if (n < MXPW_PHC_OUTPUT_MIN_BYTES)
		return MXPW_PHC_MALFORMED;
	*output_len = (size_t) n;
	return MXPW_PHC_OK;
}
