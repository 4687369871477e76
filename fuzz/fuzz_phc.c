/*
 * Fuzzes the PHC parsers: any bytes as a stored Argon2 or PBKDF2 hash, and
 * as base64.  Parse only, so no run pays for a hash.  Accepted means
 * canonical: the string is exactly what mxpw rebuilds from what the parser
 * read.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "argon2id.h"
#include "pbkdf2.h"
#include "phc.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const argon2_ids[] = {"argon2d", "argon2i", "argon2id"};

/* The base64 of a field, re-encoded from its decoded bytes, is the field. */
static void
assert_canonical_b64(const char *field, size_t len, size_t decoded_len)
{
	unsigned char bytes[MXPW_HASH_OUTPUT_MAX_BYTES];
	char		again[MXPW_HASH_SIZE];

	assert(mxpw_phc_b64_decode(field, len, bytes, sizeof(bytes)) == (int) decoded_len);
	assert(mxpw_phc_b64_encode(bytes, decoded_len, again, sizeof(again)) == len);
	assert(memcmp(again, field, len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	MxpwParsedHash a;
	MxpwParsedHash p;
	MxpwHashFormat af = mxpw_argon2id_algorithm.parse(&mxpw_argon2id_algorithm, s, size, &a);
	MxpwHashFormat pf = mxpw_pbkdf2_algorithm.parse(&mxpw_pbkdf2_algorithm, s, size, &p);
	char		head[MXPW_HASH_SIZE];
	int			n;

	assert(mxpw_phc_format_problem(af) != NULL);
	assert(mxpw_phc_format_problem(pf) != NULL);
	/* No string is both, and only the empty string is empty to both. */
	assert(af != MXPW_HASH_OK || pf == MXPW_HASH_OTHER_ALGORITHM);
	assert((af == MXPW_HASH_EMPTY) == (size == 0) && (pf == MXPW_HASH_EMPTY) == (size == 0));

	if (af == MXPW_HASH_OK)
	{
		assert(size < MXPW_HASH_SIZE && memchr(s, '\0', size) == NULL);
		assert(a.params[MXPW_ARGON2_PARAM_T] >= 1 && a.params[MXPW_ARGON2_PARAM_T] <= MXPW_ARGON2_MAX_T);
		assert(a.params[MXPW_ARGON2_PARAM_P] >= 1 && a.params[MXPW_ARGON2_PARAM_P] <= MXPW_ARGON2_MAX_P);
		assert(a.params[MXPW_ARGON2_PARAM_M] >= 8 * a.params[MXPW_ARGON2_PARAM_P] && a.params[MXPW_ARGON2_PARAM_M] <= MXPW_ARGON2_MAX_M_KIB);
		assert((uint64_t) a.params[MXPW_ARGON2_PARAM_M] * a.params[MXPW_ARGON2_PARAM_T] <= MXPW_ARGON2_MAX_WORK_KIB);
		assert(a.salt_len >= MXPW_ARGON2_MIN_SALT_BYTES && a.salt_len <= MXPW_HASH_SALT_MAX_BYTES);
		assert(a.output_len >= MXPW_PHC_OUTPUT_MIN_BYTES && a.output_len <= MXPW_HASH_OUTPUT_MAX_BYTES);
		assert(a.variant >= 0 && a.variant <= 2);
		n = snprintf(head, sizeof(head), "$%s$v=19$m=%u,t=%u,p=%u$",
					 argon2_ids[a.variant], a.params[MXPW_ARGON2_PARAM_M], a.params[MXPW_ARGON2_PARAM_T], a.params[MXPW_ARGON2_PARAM_P]);
		assert((size_t) n < size && memcmp(head, s, n) == 0);
		assert(n + (a.salt_len * 4 + 2) / 3 + 1 < size && s[n + (a.salt_len * 4 + 2) / 3] == '$');
		assert_canonical_b64(s + n, (a.salt_len * 4 + 2) / 3, a.salt_len);
		n += (a.salt_len * 4 + 2) / 3 + 1;
		assert_canonical_b64(s + n, size - n, a.output_len);
	}
	if (pf == MXPW_HASH_OK)
	{
		assert(size < MXPW_HASH_SIZE && memchr(s, '\0', size) == NULL);
		assert(p.variant == MXPW_PBKDF2_SHA256 || p.variant == MXPW_PBKDF2_SHA512);
		assert(p.params[MXPW_PBKDF2_PARAM_I] >= 1 &&
			   mxpw_pbkdf2_work(p.params[MXPW_PBKDF2_PARAM_I], p.output_len, p.variant == MXPW_PBKDF2_SHA512 ? 512 : 256) <= MXPW_PBKDF2_MAX_WORK);
		assert(p.salt_len >= 3 && p.salt_len <= MXPW_HASH_SALT_MAX_BYTES);
		assert(p.output_len >= MXPW_PHC_OUTPUT_MIN_BYTES && p.output_len <= MXPW_HASH_OUTPUT_MAX_BYTES);
		n = snprintf(head, sizeof(head), "$pbkdf2-sha%d$i=%u,l=%zu$",
					 p.variant == MXPW_PBKDF2_SHA512 ? 512 : 256, p.params[MXPW_PBKDF2_PARAM_I], p.output_len);
		assert((size_t) n < size && memcmp(head, s, n) == 0);
		assert(n + (p.salt_len * 4 + 2) / 3 + 1 < size && s[n + (p.salt_len * 4 + 2) / 3] == '$');
		assert_canonical_b64(s + n, (p.salt_len * 4 + 2) / 3, p.salt_len);
		n += (p.salt_len * 4 + 2) / 3 + 1;
		assert_canonical_b64(s + n, size - n, p.output_len);
	}

	/* The whole input as base64: what decodes re-encodes to itself. */
	{
		unsigned char bytes[256];
		char		again[400];
		int			len = mxpw_phc_b64_decode(s, size, bytes, sizeof(bytes));

		if (len >= 0)
		{
			assert(mxpw_phc_b64_encode(bytes, (size_t) len, again, sizeof(again)) == size);
			assert(memcmp(again, s, size) == 0);
		}
	}
	return 0;
}
