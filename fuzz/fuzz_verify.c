/*
 * Fuzzes verification over arbitrary stored hashes, the way mxpw_verify
 * runs it: the format check decides whether libxcrypt is called at all.
 * Costs are pinned to 04 so that each run stays cheap; every other byte of
 * the hash is the fuzzer's.
 */
#include <assert.h>
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bcrypt.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct crypt_data *scratch;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		hash[MXPW_BCRYPT_HASH_SIZE];
	char		key[MXPW_BCRYPT_KEY_SIZE];
	size_t		key_len;
	int			cost;
	bool		match;

	if (scratch == NULL)
		scratch = calloc(1, sizeof(*scratch));
	if (size < MXPW_BCRYPT_HASH_LEN)
	{
		(void) mxpw_bcrypt_parse((const char *) data, size, &cost);
		return 0;
	}

	/* The hash is the input's first 60 bytes, with a cheap cost. */
	memcpy(hash, data, MXPW_BCRYPT_HASH_LEN);
	hash[MXPW_BCRYPT_HASH_LEN] = '\0';
	if (hash[4] != '0' || hash[5] < '4' || hash[5] > '9')
	{
		hash[4] = '0';
		hash[5] = '4';
	}
	if (mxpw_bcrypt_parse(hash, MXPW_BCRYPT_HASH_LEN, &cost) != MXPW_HASH_OK)
		return 0;
	if (cost > 6)
		return 0;

	/* The rest is the password, with no pepper. */
	key_len = mxpw_bcrypt_key((const char *) data + MXPW_BCRYPT_HASH_LEN,
							  strnlen((const char *) data + MXPW_BCRYPT_HASH_LEN,
									  size - MXPW_BCRYPT_HASH_LEN),
							  "", 0, key);
	assert(key_len <= MXPW_BCRYPT_KEY_MAX);
	match = mxpw_bcrypt_check(key, hash, scratch);

	/* A match is only possible for the hash of this very key. */
	if (match)
	{
		char		again[MXPW_BCRYPT_HASH_SIZE];
		struct crypt_data *d = calloc(1, sizeof(*d));
		const char *r = crypt_rn(key, hash, d, sizeof(*d));

		assert(r != NULL && strncmp(r, hash, MXPW_BCRYPT_HASH_LEN) == 0);
		memcpy(again, r, MXPW_BCRYPT_HASH_SIZE);
		assert(mxpw_bcrypt_check(key, again, scratch));
		free(d);
	}
	return 0;
}
