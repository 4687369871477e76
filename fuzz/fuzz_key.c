/*
 * Fuzzes building bcrypt's key: the input's first byte splits the rest into
 * a password and a pepper.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "bcrypt.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		key[MXPW_BCRYPT_KEY_SIZE + 8];
	size_t		split;
	size_t		len;
	const char *password;
	const char *pepper;
	size_t		password_len;
	size_t		pepper_len;

	if (size == 0)
		return 0;
	split = data[0] % size;
	password = (const char *) data + 1;
	password_len = split;
	pepper = (const char *) data + 1 + split;
	pepper_len = size - 1 - split;

	memset(key, 0x55, sizeof(key));
	len = mxpw_bcrypt_key(password, password_len, pepper, pepper_len, key);

	/* At most 72 bytes: the password's start, then the pepper's start. */
	assert(len <= MXPW_BCRYPT_KEY_MAX);
	assert(len == (password_len + pepper_len < MXPW_BCRYPT_KEY_MAX ?
				   password_len + pepper_len : MXPW_BCRYPT_KEY_MAX));
	assert(key[len] == '\0');
	assert((unsigned char) key[MXPW_BCRYPT_KEY_SIZE] == 0x55);
	if (password_len >= len)
		assert(memcmp(key, password, len) == 0);
	else
	{
		assert(memcmp(key, password, password_len) == 0);
		assert(memcmp(key + password_len, pepper, len - password_len) == 0);
	}
	return 0;
}
