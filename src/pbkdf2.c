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
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "pbkdf2.h"
#include "phc.h"

uint64_t
mxpw_pbkdf2_work(uint32_t iterations, uint32_t length, int digest_bits)
{
	uint32_t	block = (uint32_t) digest_bits / 8;

	return (uint64_t) iterations * ((length + block - 1) / block);
}

static const char *const ids[] = {
	[MXPW_PBKDF2_SHA256] = "pbkdf2-sha256",
	[MXPW_PBKDF2_SHA512] = "pbkdf2-sha512",
};

static const char *const params[] = {"i", "l"};

static int
digest_bits(const MxpwParsedHash *parsed)
{
	return parsed->variant == MXPW_PBKDF2_SHA512 ? 512 : 256;
}

static bool
params_ok(const MxpwParsedHash *parsed)
{
	uint32_t	length = parsed->params[MXPW_PBKDF2_PARAM_L];

	return parsed->params[MXPW_PBKDF2_PARAM_I] >= 1 &&
		length >= MXPW_PHC_OUTPUT_MIN_BYTES && length <= MXPW_HASH_OUTPUT_MAX_BYTES;
}

/*
 * One PBKDF2-HMAC computation through OpenSSL, of the password with the
 * secret appended.  Sets errno on failure.
 */
static bool
compute(const MxpwParsedHash *parsed,
		const char *password, size_t password_len,
		const char *secret, size_t secret_len, unsigned char *out)
{
	const EVP_MD *md = digest_bits(parsed) == 512 ? EVP_sha512() : EVP_sha256();
	uint32_t	iterations = parsed->params[MXPW_PBKDF2_PARAM_I];
	char	   *input;
	size_t		input_len = password_len + secret_len;
	int			rc;

	if (password_len > INT_MAX || secret_len > INT_MAX - password_len ||
		iterations > INT_MAX)
	{
		errno = EINVAL;
		return false;
	}
	/* One byte more, so that the empty password is not a NULL pointer. */
	input = malloc(input_len + 1);
	if (input == NULL)
	{
		errno = ENOMEM;
		return false;
	}
	if (password_len > 0)
		memcpy(input, password, password_len);
	if (secret_len > 0)
		memcpy(input + password_len, secret, secret_len);
	rc = PKCS5_PBKDF2_HMAC(input, (int) input_len,
						   parsed->salt, (int) parsed->salt_len, (int) iterations,
						   md, (int) parsed->output_len, out);
	explicit_bzero(input, input_len + 1);
	free(input);
	if (rc != 1)
	{
		errno = ENOMEM;
		return false;
	}
	return true;
}

/*
 * No version, and any salt from MXPW_PHC_SALT_MIN_CHARS.  RustCrypto would
 * also read i and l in the other order or leave either out (taking 600000
 * and 32), but never writes that.
 */
static const MxpwPhc phc = {
	.ids = ids,
	.nids = sizeof(ids) / sizeof(ids[0]),
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.length_param = MXPW_PBKDF2_PARAM_L,
	.params_ok = params_ok,
	.made = {
		.variant = MXPW_PBKDF2_SHA256,
		.params = {MXPW_PBKDF2_ITERATIONS, MXPW_PBKDF2_OUTPUT_BYTES},
		.salt_len = MXPW_PBKDF2_SALT_BYTES,
		.output_len = MXPW_PBKDF2_OUTPUT_BYTES,
	},
	.compute = compute,
};

static bool
too_costly(const MxpwParsedHash *parsed)
{
	return mxpw_pbkdf2_work(parsed->params[MXPW_PBKDF2_PARAM_I],
							parsed->params[MXPW_PBKDF2_PARAM_L],
							digest_bits(parsed)) > MXPW_PBKDF2_MAX_WORK;
}

static bool
weaker(const MxpwParsedHash *parsed, int cost)
{
	(void) cost;
	return parsed->params[MXPW_PBKDF2_PARAM_I] < MXPW_PBKDF2_ITERATIONS;
}

const MxpwAlgorithm mxpw_pbkdf2_algorithm = {
	.name = "pbkdf2",
	.prefix = "$pbkdf2-",
	.work = 12,					/* hundreds of milliseconds, as bcrypt at 12 */
	.salt_bytes = MXPW_PBKDF2_SALT_BYTES,
	.too_costly = too_costly,
	.weaker = weaker,
	.phc = &phc,
	MXPW_PHC_OPERATIONS
};
