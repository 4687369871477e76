/*
 * password.h
 *	  Password rules and hashing one password as Synapse does (password.c).
 */
#ifndef MXPW_PASSWORD_H
#define MXPW_PASSWORD_H

#include "mxpw.h"

/* Synapse's admin and registration APIs refuse longer passwords. */
#define MXPW_PASSWORD_MAX_CHARS 512

/*
 * With a pepper, normalised passwords from this many bytes up to 71 leave
 * fewer than 16 bytes of it in bcrypt's key.
 */
#define MXPW_PARTIAL_PEPPER_MIN 57

/* What is wrong with a password; messages in report.c. */
typedef enum MxpwPasswordStatus
{
	MXPW_PASSWORD_OK,
	MXPW_PASSWORD_EMPTY,
	MXPW_PASSWORD_TOO_LONG,
	MXPW_PASSWORD_UNICODE_UNSTABLE,
	MXPW_PASSWORD_PARTIAL_PEPPER
} MxpwPasswordStatus;

/* Whether mxpw may hash a new password (is_new) or check one. */
extern MxpwPasswordStatus mxpw_password_status(text *password, bool is_new);

/* Raises the error for what mxpw_password_status finds, if anything. */
extern void mxpw_password_check(text *password, bool is_new);

/* Rejects a bcrypt cost mxpw does not compute. */
extern void mxpw_password_check_rounds(int rounds);

/* The password's bcrypt hash at cost rounds, palloc'd. */
extern char *mxpw_password_hash(text *password, int rounds);

/*
 * Synapse's login check of a password against a stored hash: anything that
 * is not a bcrypt hash Synapse could check does not match.
 */
extern bool mxpw_password_verify(text *password, text *hash);

/* A new random password, as the reset functions give. */
extern text *mxpw_password_generate(void);

#endif							/* MXPW_PASSWORD_H */
