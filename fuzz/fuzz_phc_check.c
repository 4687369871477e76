/*
 * Fuzzes checking against arbitrary stored Argon2 and PBKDF2 hashes: the
 * input up to its first newline is the hash, the rest the password.  Only
 * hashes with tiny costs are computed (Argon2 m <= 64 KiB, t <= 2, p <= 4;
 * PBKDF2 i <= 100), so each run stays cheap.  The answer must agree with
 * libargon2's and OpenSSL's plain one-call APIs on the parsed salt and
 * output.
 */
#include <argon2.h>
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>

#include "argon2id.h"
#include "pbkdf2.h"
#include "phc.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes the last two "$" fields of an accepted hash: salt and output. */
static void
salt_and_output(const char *hash, size_t len, unsigned char *salt, size_t salt_len,
				unsigned char *output, size_t output_len)
{
	const char *end = hash + len;
	const char *out_at = end;
	const char *salt_at;

	while (out_at[-1] != '$')
		out_at--;
	salt_at = out_at - 1;
	while (salt_at[-1] != '$')
		salt_at--;
	assert(mxpw_phc_b64_decode(salt_at, (size_t) (out_at - 1 - salt_at), salt,
							   MXPW_HASH_SALT_MAX_BYTES) == (int) salt_len);
	assert(mxpw_phc_b64_decode(out_at, (size_t) (end - out_at), output,
							   MXPW_HASH_OUTPUT_MAX_BYTES) == (int) output_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const char *nl = memchr(s, '\n', size);
	size_t		hash_len = nl ? (size_t) (nl - s) : size;
	const char *password = nl ? nl + 1 : s + size;
	size_t		password_len = size - (size_t) (password - s);
	MxpwParsedHash a;
	MxpwParsedHash p;
	unsigned char salt[MXPW_HASH_SALT_MAX_BYTES];
	unsigned char stored[MXPW_HASH_OUTPUT_MAX_BYTES];
	unsigned char oracle[MXPW_HASH_OUTPUT_MAX_BYTES];

	const MxpwAlgorithm *argon2 = &mxpw_argon2id_algorithm;
	const MxpwAlgorithm *pbkdf2 = &mxpw_pbkdf2_algorithm;

	if (argon2->parse(argon2, s, hash_len, &a) == MXPW_HASH_OK &&
		a.params[MXPW_ARGON2_PARAM_M] <= 64 && a.params[MXPW_ARGON2_PARAM_T] <= 2 &&
		a.params[MXPW_ARGON2_PARAM_P] <= 4)
	{
		bool		match = mxpw_algorithm_matches(argon2, password, password_len, NULL, 0, s, hash_len);

		assert(errno == 0);
		salt_and_output(s, hash_len, salt, a.salt_len, stored, a.output_len);
		assert(argon2_hash(a.params[MXPW_ARGON2_PARAM_T], a.params[MXPW_ARGON2_PARAM_M],
						   a.params[MXPW_ARGON2_PARAM_P], password, password_len, salt, a.salt_len,
						   oracle, a.output_len, NULL, 0, (argon2_type) a.variant,
						   ARGON2_VERSION_13) == ARGON2_OK);
		assert(match == (memcmp(oracle, stored, a.output_len) == 0));
		/* A secret changes the answer: a keyed check never matches an unkeyed hash. */
		if (match)
			assert(!mxpw_algorithm_matches(argon2, password, password_len, "k", 1, s, hash_len));
	}
	if (pbkdf2->parse(pbkdf2, s, hash_len, &p) == MXPW_HASH_OK &&
		p.params[MXPW_PBKDF2_PARAM_I] <= 100)
	{
		bool		match = mxpw_algorithm_matches(pbkdf2, password, password_len, NULL, 0, s, hash_len);

		assert(errno == 0);
		salt_and_output(s, hash_len, salt, p.salt_len, stored, p.output_len);
		assert(PKCS5_PBKDF2_HMAC(password, (int) password_len, salt, (int) p.salt_len,
								 (int) p.params[MXPW_PBKDF2_PARAM_I],
								 p.variant == MXPW_PBKDF2_SHA512 ? EVP_sha512() : EVP_sha256(),
								 (int) p.output_len, oracle) == 1);
		assert(match == (memcmp(oracle, stored, p.output_len) == 0));
	}
	return 0;
}
