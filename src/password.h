/*
 * password.h
 *	  Password rules, and hashing and checking one password with a scheme
 *	  (password.c).
 */
#ifndef MXPW_PASSWORD_H
#define MXPW_PASSWORD_H

#include "mxpw.h"
#include "report.h"
#include "scheme.h"

/*
 * Longest password a check normalises and hashes: the UTF-8 bytes of
 * MXPW_PASSWORD_MAX_CHARS characters at most.  A longer one could not have
 * been set, and does not match.  Normalising a long run of combining marks
 * takes time quadratic in its length and cannot be interrupted.
 */
#define MXPW_PASSWORD_CHECK_MAX_BYTES (MXPW_PASSWORD_MAX_CHARS * 4)

/*
 * A password as a scheme hashes it, before its secret: its NFKC form when
 * the scheme normalises, else its own bytes, in UTF-8.  Made once per
 * password, when it is checked, and carried to the hash or the check.
 */
typedef struct MxpwPassword
{
	char	   *data;			/* len bytes and a NUL, palloc'd; NULL for a
								 * password too long to check, which matches
								 * no hash */
	size_t		len;
} MxpwPassword;

/*
 * Whether mxpw may hash a new password (is_new) or check one with scheme.
 * When it may and prepared is not NULL, *prepared is the password prepared
 * for scheme.
 */
extern MxpwPasswordStatus mxpw_password_status(text *password, bool is_new,
											   const MxpwScheme *scheme,
											   MxpwPassword *prepared);

/* Raises the error for what mxpw_password_status finds, if anything. */
extern void mxpw_password_check(text *password, bool is_new,
								const MxpwScheme *scheme,
								MxpwPassword *prepared);

/* Prepares a password that needs no check: a generated one. */
extern void mxpw_password_prepare(text *password, const MxpwScheme *scheme,
								  MxpwPassword *prepared);

/* Wipes and frees a prepared password (or n of them). */
extern void mxpw_password_free(MxpwPassword *prepared);
extern void mxpw_password_free_all(int n, MxpwPassword *prepared);

/* Rejects bcrypt rounds that a caller gives and mxpw does not compute. */
extern void mxpw_password_check_rounds(int rounds);

/* The prepared password's hash with scheme, palloc'd. */
extern char *mxpw_password_hash(const MxpwPassword *password,
								const MxpwScheme *scheme);

/*
 * The login check of a prepared password against a stored hash with
 * scheme: a hash that is not of the scheme's algorithm, or is malformed,
 * does not match; one too costly to check is an error.
 */
extern bool mxpw_password_verify(const MxpwPassword *password, text *hash,
								 const MxpwScheme *scheme);

/*
 * NULL when hash is a well-formed hash of algorithm, else a sentence that
 * says what is wrong (never quoting it).
 */
extern const char *mxpw_password_hash_problem(const char *hash, size_t len,
											  const MxpwAlgorithm *algorithm);

/* Whether a well-formed hash is weaker than what scheme makes now. */
extern bool mxpw_password_hash_weaker(const char *hash, size_t len,
									  const MxpwScheme *scheme);

/* A new random password, as the reset functions give. */
extern text *mxpw_password_generate(void);

#endif							/* MXPW_PASSWORD_H */
