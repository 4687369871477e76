/*
 * Fuzzes the bcrypt format check: any bytes as a stored hash.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "bcrypt.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			cost = -1;
	MxpwHashFormat format = mxpw_bcrypt_parse((const char *) data, size, &cost);

	if (format == MXPW_HASH_OK)
	{
		/* Accepted means: 60 bytes, a variant Synapse checks alike, a cost. */
		assert(size == MXPW_BCRYPT_HASH_LEN);
		assert(data[0] == '$' && data[1] == '2' && data[3] == '$' && data[6] == '$');
		assert(data[2] == 'a' || data[2] == 'b' || data[2] == 'y');
		assert(cost >= MXPW_BCRYPT_MIN_COST && cost <= MXPW_BCRYPT_MAX_COST);
		assert(memchr(data, '\0', size) == NULL);
	}
	assert(mxpw_bcrypt_format_problem(format) != NULL);
	return 0;
}
