/*
 * pbkdf2.c
 *	  Matrix Authentication Service's pbkdf2 scheme on top of OpenSSL.
 *
 * Matched byte for byte against MAS (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs, Algorithm::Pbkdf2), which hashes with
 * RustCrypto's pbkdf2 0.12 ("simple" feature) through the password-hash 0.5
 * PHC API:
 *
 *	- the input is the password bytes with the pepper appended;
 *	- the PRF salt is the SaltString's decoded bytes (pbkdf2 0.12,
 *	  Pbkdf2::hash_password_customized calls salt.decode_b64), not the
 *	  base64 text;
 *	- the string is "$pbkdf2-sha256$i=600000,l=32$<salt>$<hash>": no
 *	  version, params i then l, salt and hash in unpadded standard base64;
 *	- checking recomputes with the digest, iterations and length of the
 *	  stored string.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "pbkdf2.h"

/* Reads "<name>=<decimal>" spanning all of [start, end). */
static bool
read_param(const char *start, const char *end, char name, uint32_t *value)
{
	if (end - start < 2 || start[0] != name || start[1] != '=')
		return false;
	return mxpw_phc_decimal(start + 2, (size_t) (end - start - 2), value);
}

uint64_t
mxpw_pbkdf2_work(uint32_t iterations, uint32_t length, int digest_bits)
{
	uint32_t	block = (uint32_t) digest_bits / 8;

	return (uint64_t) iterations * ((length + block - 1) / block);
}

/*
 * Parses hash into params and, when wanted, its decoded salt and output.
 * salt must hold MXPW_PHC_SALT_MAX_BYTES and output
 * MXPW_PHC_OUTPUT_MAX_BYTES.
 */
static MxpwPhcFormat
pbkdf2_parse(const char *hash, size_t len, MxpwPbkdf2Params *params,
			 unsigned char *salt, unsigned char *output)
{
	MxpwPhcField f[4];
	int			n;
	int			bits;
	size_t		salt_len;
	size_t		output_len;
	uint32_t	iterations;
	uint32_t	length;
	const char *comma;

	if (len == 0)
		return MXPW_PHC_EMPTY;
	n = mxpw_phc_split(hash, len, f, 4);
	if (n == 0)
		return MXPW_PHC_OTHER_ALGORITHM;
	if (mxpw_phc_field_is(&f[0], "pbkdf2-sha256"))
		bits = 256;
	else if (mxpw_phc_field_is(&f[0], "pbkdf2-sha512"))
		bits = 512;
	else
		return MXPW_PHC_OTHER_ALGORITHM;
	if (len >= MXPW_PHC_HASH_SIZE)
		return MXPW_PHC_MALFORMED;

	/* RustCrypto's pbkdf2 refuses any version (Error::Version). */
	if (n >= 2 && f[1].len >= 2 && memcmp(f[1].start, "v=", 2) == 0)
		return MXPW_PHC_UNSUPPORTED_VERSION;
	if (n != 4)
		return MXPW_PHC_MALFORMED;

	/*
	 * Exactly "i=<i>,l=<l>" as pbkdf2's ParamsString is written.  RustCrypto
	 * would also read them in the other order or leave either out (taking
	 * 600000 and 32), but never writes that.
	 */
	comma = memchr(f[1].start, ',', f[1].len);
	if (comma == NULL ||
		!read_param(f[1].start, comma, 'i', &iterations) ||
		!read_param(comma + 1, f[1].start + f[1].len, 'l', &length))
		return MXPW_PHC_BAD_PARAMS;
	if (iterations < 1 ||
		length < MXPW_PHC_OUTPUT_MIN_BYTES || length > MXPW_PHC_OUTPUT_MAX_BYTES)
		return MXPW_PHC_BAD_PARAMS;
	if (mxpw_pbkdf2_work(iterations, length, bits) > MXPW_PBKDF2_MAX_WORK)
		return MXPW_PHC_TOO_COSTLY;

	if (mxpw_phc_salt_output(&f[2], &f[3], 0, salt, &salt_len,
							 output, &output_len) != MXPW_PHC_OK)
		return MXPW_PHC_MALFORMED;
	/* RustCrypto refuses an l that disagrees with the hash's length. */
	if (output_len != length)
		return MXPW_PHC_BAD_PARAMS;

	params->digest_bits = bits;
	params->iterations = iterations;
	params->salt_len = salt_len;
	params->output_len = output_len;
	return MXPW_PHC_OK;
}

MxpwPhcFormat
mxpw_pbkdf2_parse(const char *hash, size_t len, MxpwPbkdf2Params *params)
{
	return pbkdf2_parse(hash, len, params, NULL, NULL);
}

/* One PBKDF2-HMAC computation through OpenSSL.  Sets errno on failure. */
static bool
pbkdf2_compute(const MxpwPbkdf2Params *params,
			   const char *password, size_t password_len,
			   const unsigned char *salt, unsigned char *out)
{
	const EVP_MD *md = params->digest_bits == 512 ? EVP_sha512() : EVP_sha256();

	if (password_len > INT_MAX || params->iterations > INT_MAX)
	{
		errno = EINVAL;
		return false;
	}
	/* A NULL password of length 0 is the empty password. */
	if (PKCS5_PBKDF2_HMAC(password_len ? password : "", (int) password_len,
						  salt, (int) params->salt_len, (int) params->iterations,
						  md, (int) params->output_len, out) != 1)
	{
		errno = ENOMEM;
		return false;
	}
	return true;
}

bool
mxpw_pbkdf2_sha256_hash(const char *password, size_t password_len,
						const unsigned char salt[MXPW_PBKDF2_SALT_BYTES],
						char out[MXPW_PHC_HASH_SIZE])
{
	MxpwPbkdf2Params params = {
		.digest_bits = 256,
		.iterations = MXPW_PBKDF2_ITERATIONS,
		.salt_len = MXPW_PBKDF2_SALT_BYTES,
		.output_len = MXPW_PBKDF2_OUTPUT_BYTES,
	};
	unsigned char output[MXPW_PBKDF2_OUTPUT_BYTES];
	int			n;
	size_t		w;
	bool		ok = false;

	if (pbkdf2_compute(&params, password, password_len, salt, output))
	{
		/* RustCrypto's PasswordHash Display order: id, params, salt, hash. */
		n = snprintf(out, MXPW_PHC_HASH_SIZE, "$pbkdf2-sha256$i=%u,l=%u$",
					 MXPW_PBKDF2_ITERATIONS, MXPW_PBKDF2_OUTPUT_BYTES);
		w = mxpw_phc_b64_encode(salt, MXPW_PBKDF2_SALT_BYTES,
								out + n, MXPW_PHC_HASH_SIZE - n);
		if (w > 0 && n + w + 1 < MXPW_PHC_HASH_SIZE)
		{
			out[n + w] = '$';
			ok = mxpw_phc_b64_encode(output, sizeof(output), out + n + w + 1,
									 MXPW_PHC_HASH_SIZE - (n + w + 1)) > 0;
		}
		if (!ok)
		{
			explicit_bzero(out, MXPW_PHC_HASH_SIZE);
			errno = EOVERFLOW;
		}
	}
	explicit_bzero(output, sizeof(output));
	return ok;
}

bool
mxpw_pbkdf2_check(const char *password, size_t password_len,
				  const char *hash, size_t hash_len)
{
	MxpwPbkdf2Params params;
	unsigned char salt[MXPW_PHC_SALT_MAX_BYTES];
	unsigned char expected[MXPW_PHC_OUTPUT_MAX_BYTES];
	unsigned char actual[MXPW_PHC_OUTPUT_MAX_BYTES];
	bool		match = false;

	if (pbkdf2_parse(hash, hash_len, &params, salt, expected) != MXPW_PHC_OK)
	{
		errno = EINVAL;
		return false;
	}
	if (pbkdf2_compute(&params, password, password_len, salt, actual))
	{
		match = CRYPTO_memcmp(actual, expected, params.output_len) == 0;
		errno = 0;
	}
	explicit_bzero(actual, sizeof(actual));
	explicit_bzero(expected, sizeof(expected));
	explicit_bzero(salt, sizeof(salt));
	return match;
}
