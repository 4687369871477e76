/*
 * Fuzzes user id parsing: any bytes as the input, with or without a default
 * server name taken from the input's tail.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "userid.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		out[MXPW_USER_ID_SIZE];
	char		server[64] = "";
	size_t		cut = size;
	MxpwUserIdStatus status;

	/* A '\n' splits input from a default server name. */
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n')
		{
			cut = i;
			if (size - i - 1 < sizeof(server))
				memcpy(server, data + i + 1, size - i - 1);
			server[sizeof(server) - 1] = '\0';
			break;
		}

	memset(out, 0x55, sizeof(out));
	status = mxpw_user_id_qualify((const char *) data, cut, server, out);
	if (status == MXPW_USER_ID_OK)
	{
		size_t		len = strlen(out);
		const char *colon = strchr(out, ':');

		/* A valid id is @localpart:server, printable, at most 255 bytes. */
		assert(len <= MXPW_USER_ID_MAX);
		assert(out[0] == '@' && colon != NULL && colon > out + 1);
		assert(mxpw_server_name_valid(colon + 1, strlen(colon + 1)));
		for (size_t i = 0; i < len; i++)
			assert(out[i] > 0x20 && out[i] < 0x7f);
		/* Qualifying a qualified id gives it back unchanged. */
		{
			char		again[MXPW_USER_ID_SIZE];

			assert(mxpw_user_id_qualify(out, len, NULL, again) == MXPW_USER_ID_OK);
			assert(strcmp(out, again) == 0);
		}
	}
	assert(mxpw_user_id_problem(status) != NULL);
	(void) mxpw_server_name_valid((const char *) data, size);
	return 0;
}
