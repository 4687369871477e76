/*
 * Fuzzes generated-password encoding: 24 random bytes in, 32 characters
 * out, and nothing lost on the way.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "bcrypt.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char alphabet[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char random[MXPW_GENERATED_RANDOM_BYTES] = {0};
	unsigned char decoded[MXPW_GENERATED_RANDOM_BYTES];
	char		out[MXPW_GENERATED_SIZE + 8];

	memcpy(random, data, size < sizeof(random) ? size : sizeof(random));
	memset(out, 0x55, sizeof(out));
	mxpw_encode_generated(random, out);
	assert(strlen(out) == MXPW_GENERATED_LEN);
	assert(strspn(out, alphabet) == MXPW_GENERATED_LEN);

	/* Decoding gives the bytes back: every random bit reaches the password. */
	for (int i = 0, o = 0; i < MXPW_GENERATED_LEN; i += 4)
	{
		unsigned long group = 0;

		for (int j = 0; j < 4; j++)
			group = (group << 6) | (unsigned long) (strchr(alphabet, out[i + j]) - alphabet);
		decoded[o++] = (unsigned char) (group >> 16);
		decoded[o++] = (unsigned char) (group >> 8);
		decoded[o++] = (unsigned char) group;
	}
	assert(memcmp(decoded, random, sizeof(random)) == 0);
	return 0;
}
