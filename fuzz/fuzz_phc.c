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
	unsigned char bytes[MXPW_PHC_OUTPUT_MAX_BYTES];
	char		again[MXPW_PHC_HASH_SIZE];

	assert(mxpw_phc_b64_decode(field, len, bytes, sizeof(bytes)) == (int) decoded_len);
	assert(mxpw_phc_b64_encode(bytes, decoded_len, again, sizeof(again)) == len);
	assert(memcmp(again, field, len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	MxpwArgon2Params a;
	MxpwPbkdf2Params p;
	MxpwPhcFormat af = mxpw_argon2_parse(s, size, &a);
	MxpwPhcFormat pf = mxpw_pbkdf2_parse(s, size, &p);
	char		head[MXPW_PHC_HASH_SIZE];
	int			n;

	assert(mxpw_phc_format_problem(af) != NULL);
	assert(mxpw_phc_format_problem(pf) != NULL);
	/* No string is both, and only the empty string is empty to both. */
	assert(af != MXPW_PHC_OK || pf == MXPW_PHC_OTHER_ALGORITHM);
	assert((af == MXPW_PHC_EMPTY) == (size == 0) && (pf == MXPW_PHC_EMPTY) == (size == 0));

	if (af == MXPW_PHC_OK)
	{
		assert(size < MXPW_PHC_HASH_SIZE && memchr(s, '\0', size) == NULL);
		assert(a.t >= 1 && a.t <= MXPW_ARGON2_MAX_T);
		assert(a.p >= 1 && a.p <= MXPW_ARGON2_MAX_P);
		assert(a.m_kib >= 8 * a.p && a.m_kib <= MXPW_ARGON2_MAX_M_KIB);
		assert((uint64_t) a.m_kib * a.t <= MXPW_ARGON2_MAX_WORK_KIB);
		assert(a.salt_len >= MXPW_ARGON2_MIN_SALT_BYTES && a.salt_len <= MXPW_PHC_SALT_MAX_BYTES);
		assert(a.output_len >= MXPW_PHC_OUTPUT_MIN_BYTES && a.output_len <= MXPW_PHC_OUTPUT_MAX_BYTES);
		assert(a.type >= 0 && a.type <= 2);
		n = snprintf(head, sizeof(head), "$%s$v=19$m=%u,t=%u,p=%u$",
					 argon2_ids[a.type], a.m_kib, a.t, a.p);
		assert((size_t) n < size && memcmp(head, s, n) == 0);
		assert(n + (a.salt_len * 4 + 2) / 3 + 1 < size && s[n + (a.salt_len * 4 + 2) / 3] == '$');
		assert_canonical_b64(s + n, (a.salt_len * 4 + 2) / 3, a.salt_len);
		n += (a.salt_len * 4 + 2) / 3 + 1;
		assert_canonical_b64(s + n, size - n, a.output_len);
	}
	if (pf == MXPW_PHC_OK)
	{
		assert(size < MXPW_PHC_HASH_SIZE && memchr(s, '\0', size) == NULL);
		assert(p.digest_bits == 256 || p.digest_bits == 512);
		assert(p.iterations >= 1 &&
			   mxpw_pbkdf2_work(p.iterations, p.output_len, p.digest_bits) <= MXPW_PBKDF2_MAX_WORK);
		assert(p.salt_len >= 3 && p.salt_len <= MXPW_PHC_SALT_MAX_BYTES);
		assert(p.output_len >= MXPW_PHC_OUTPUT_MIN_BYTES && p.output_len <= MXPW_PHC_OUTPUT_MAX_BYTES);
		n = snprintf(head, sizeof(head), "$pbkdf2-sha%d$i=%u,l=%zu$",
					 p.digest_bits, p.iterations, p.output_len);
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
