/*
 * userid.c
 *	  Parsing Matrix user ids: "@localpart:server.name[:port]".
 *
 * The rules follow the Matrix specification's grammar, including historical
 * user ids (any printable ASCII in the localpart), because such accounts
 * still exist on old homeservers and must stay reachable.
 */
#include <string.h>

#include "userid.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Printable ASCII other than space: what a user id may contain at all. */
static bool
is_visible_ascii(char c)
{
	return c >= 0x21 && c <= 0x7e;
}

bool
mxpw_server_name_valid(const char *s, size_t len)
{
	size_t		host_end;
	size_t		i;

	if (len == 0)
		return false;

	if (s[0] == '[')
	{
		/* IPv6 literal: hex digits, ':' and '.' between brackets. */
		const char *close = memchr(s, ']', len);

		if (close == NULL || close == s + 1)
			return false;
		host_end = (size_t) (close - s) + 1;
		for (i = 1; i < host_end - 1; i++)
			if (!(is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'f') ||
				  (s[i] >= 'A' && s[i] <= 'F') || s[i] == ':' || s[i] == '.'))
				return false;
	}
	else
	{
		/* DNS name or IPv4 address. */
		for (host_end = 0; host_end < len && s[host_end] != ':'; host_end++)
			if (!(is_alnum(s[host_end]) || s[host_end] == '-' || s[host_end] == '.'))
				return false;
		if (host_end == 0)
			return false;
	}

	if (host_end == len)
		return true;
	if (s[host_end] != ':' || len - host_end - 1 < 1 || len - host_end - 1 > 5)
		return false;
	for (i = host_end + 1; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

MxpwUserIdStatus
mxpw_user_id_qualify(const char *input, size_t len, const char *server_name,
					 char out[MXPW_USER_ID_SIZE])
{
	const char *colon;
	size_t		i;

	if (len == 0)
		return MXPW_USER_ID_EMPTY;
	if (len > MXPW_USER_ID_MAX)
		return MXPW_USER_ID_TOO_LONG;
	for (i = 0; i < len; i++)
		if (!is_visible_ascii(input[i]))
			return MXPW_USER_ID_BAD_CHARACTER;

	colon = memchr(input, ':', len);

	if (input[0] != '@')
	{
		size_t		server_len;

		if (colon != NULL)
			return MXPW_USER_ID_MISSING_SIGIL;
		if (server_name == NULL || server_name[0] == '\0')
			return MXPW_USER_ID_NEEDS_SERVER_NAME;
		server_len = strlen(server_name);
		if (!mxpw_server_name_valid(server_name, server_len))
			return MXPW_USER_ID_BAD_SERVER;
		if (1 + len + 1 + server_len > MXPW_USER_ID_MAX)
			return MXPW_USER_ID_TOO_LONG;
		out[0] = '@';
		memcpy(out + 1, input, len);
		out[1 + len] = ':';
		memcpy(out + 2 + len, server_name, server_len + 1);
		return MXPW_USER_ID_OK;
	}

	if (colon == NULL || colon == input + len - 1)
		return MXPW_USER_ID_NO_SERVER;
	if (colon == input + 1)
		return MXPW_USER_ID_EMPTY_LOCALPART;
	if (!mxpw_server_name_valid(colon + 1, (size_t) (input + len - colon - 1)))
		return MXPW_USER_ID_BAD_SERVER;

	memcpy(out, input, len);
	out[len] = '\0';
	return MXPW_USER_ID_OK;
}

const char *
mxpw_user_id_problem(MxpwUserIdStatus status)
{
	switch (status)
	{
		case MXPW_USER_ID_OK:
			return "The user ID is valid.";
		case MXPW_USER_ID_EMPTY:
			return "The user ID is empty.";
		case MXPW_USER_ID_TOO_LONG:
			return "A Matrix user ID is at most 255 bytes long.";
		case MXPW_USER_ID_BAD_CHARACTER:
			return "A Matrix user ID contains only printable ASCII characters, without spaces.";
		case MXPW_USER_ID_NO_SERVER:
			return "A user ID starting with \"@\" needs a server name after a colon, as in @alice:example.com.";
		case MXPW_USER_ID_EMPTY_LOCALPART:
			return "The localpart between \"@\" and \":\" is empty.";
		case MXPW_USER_ID_BAD_SERVER:
			return "The server name must be a hostname, an IPv4 address or a bracketed IPv6 address, optionally followed by :port.";
		case MXPW_USER_ID_MISSING_SIGIL:
			return "A full user ID starts with \"@\", as in @alice:example.com.";
		case MXPW_USER_ID_NEEDS_SERVER_NAME:
			return "A bare localpart needs mxpw.server_name to know which server it belongs to.";
	}
	return "The user ID is not valid.";
}
