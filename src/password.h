/*
 * password.h
 *	  Password rules, and hashing and checking one password with a scheme
 *	  (password.c).
 */
#ifndef MXPW_PASSWORD_H
#define MXPW_PASSWORD_H

#include "mxpw.h"
#include "scheme.h"

/* Synapse's admin and registration APIs refuse longer passwords. */
#define MXPW_PASSWORD_MAX_CHARS 512

/*
 * Longest password a check normalises and hashes: the UTF-8 bytes of
 * MXPW_PASSWORD_MAX_CHARS characters at most.  A longer one could not have
 * been set, and does not match.  Normalising a long run of combining marks
 * takes time quadratic in its length and cannot be interrupted.
 */
#define MXPW_PASSWORD_CHECK_MAX_BYTES (MXPW_PASSWORD_MAX_CHARS * 4)

/*
 * With a secret appended for bcrypt, normalised passwords from this many
 * bytes up to 71 leave fewer than 16 bytes of it in bcrypt's key.
 */
#define MXPW_PARTIAL_PEPPER_MIN 57

/* What is wrong with a password; messages in report.c. */
typedef enum MxpwPasswordStatus
{
	MXPW_PASSWORD_OK,
	MXPW_PASSWORD_EMPTY,
	MXPW_PASSWORD_TOO_LONG,
	MXPW_PASSWORD_UNICODE_UNSTABLE,
	MXPW_PASSWORD_PARTIAL_PEPPER,	/* Synapse's pepper */
	MXPW_PASSWORD_PARTIAL_SECRET	/* a MAS bcrypt scheme's secret */
} MxpwPasswordStatus;

/* Whether mxpw may hash a new password (is_new) or check one with scheme. */
extern MxpwPasswordStatus mxpw_password_status(text *password, bool is_new,
											   const MxpwScheme *scheme);

/* Raises the error for what mxpw_password_status finds, if anything. */
extern void mxpw_password_check(text *password, bool is_new,
								const MxpwScheme *scheme);

/* Rejects a bcrypt cost mxpw does not compute. */
extern void mxpw_password_check_rounds(int rounds);

/* The password's hash with scheme, palloc'd. */
extern char *mxpw_password_hash(text *password, const MxpwScheme *scheme);

/*
 * The login check of a password against a stored hash with scheme: a hash
 * that is not of the scheme's algorithm, or is malformed, does not match.
 */
extern bool mxpw_password_verify(text *password, text *hash,
								 const MxpwScheme *scheme);

/*
 * NULL when hash is a well-formed hash of algorithm, else a sentence that
 * says what is wrong (never quoting it).
 */
extern const char *mxpw_password_hash_problem(const char *hash, size_t len,
											  MxpwAlgorithm algorithm);

/* Whether a well-formed hash is weaker than what scheme makes now. */
extern bool mxpw_password_hash_weaker(const char *hash, size_t len,
									  const MxpwScheme *scheme);

/* A new random password, as the reset functions give. */
extern text *mxpw_password_generate(void);

#endif							/* MXPW_PASSWORD_H */
