/*
 * userid.h
 *	  Parsing Matrix user ids.  Free of backend headers.
 */
#ifndef MXPW_USERID_H
#define MXPW_USERID_H

#include <stdbool.h>
#include <stddef.h>

/* The Matrix specification caps a user id at 255 bytes. */
#define MXPW_USER_ID_MAX	255
#define MXPW_USER_ID_SIZE	(MXPW_USER_ID_MAX + 1)

typedef enum MxpwUserIdStatus
{
	MXPW_USER_ID_OK,
	MXPW_USER_ID_EMPTY,
	MXPW_USER_ID_TOO_LONG,
	MXPW_USER_ID_BAD_CHARACTER,
	MXPW_USER_ID_NO_SERVER,
	MXPW_USER_ID_EMPTY_LOCALPART,
	MXPW_USER_ID_BAD_SERVER,
	MXPW_USER_ID_MISSING_SIGIL,
	MXPW_USER_ID_NEEDS_SERVER_NAME
} MxpwUserIdStatus;

/*
 * Turns what an operator typed into a full user id, as Synapse's login does:
 * "@localpart:server" is taken as it is, a bare localpart gets "@" and
 * ":server_name" around it.  server_name may be NULL or empty when there is
 * no default.  On MXPW_USER_ID_OK, out holds the NUL-terminated user id.
 */
extern MxpwUserIdStatus mxpw_user_id_qualify(const char *input, size_t len,
											 const char *server_name,
											 char out[MXPW_USER_ID_SIZE]);

/* A sentence for the error detail of a status other than MXPW_USER_ID_OK. */
extern const char *mxpw_user_id_problem(MxpwUserIdStatus status);

/* Whether s is a server name: hostname, IPv4 or [IPv6], optional :port. */
extern bool mxpw_server_name_valid(const char *s, size_t len);

#endif							/* MXPW_USERID_H */
