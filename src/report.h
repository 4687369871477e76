/*
 * report.h
 *	  The errors mxpw raises for a bad password, user ID or account: one
 *	  table per status, shared by the single-account and the bulk functions
 *	  (report.c).
 *
 * A bulk call lists its bad entries with one phrase each, for the client
 * and for the server log.  The log is never shown a user ID as typed, which
 * may be a password typed in the wrong place.
 */
#ifndef MXPW_REPORT_H
#define MXPW_REPORT_H

#include "postgres.h"

#include "userid.h"
#include "zxcvbn.h"

/* Synapse's admin and registration APIs refuse longer passwords. */
#define MXPW_PASSWORD_MAX_CHARS 512

/*
 * With a secret appended for bcrypt, normalised passwords from this many
 * bytes up to 71 leave fewer than 16 bytes of it in bcrypt's key.
 */
#define MXPW_PARTIAL_PEPPER_MIN 57

/* What is wrong with a password (password.c). */
typedef enum MxpwPasswordStatus
{
	MXPW_PASSWORD_OK,
	MXPW_PASSWORD_EMPTY,
	MXPW_PASSWORD_TOO_LONG,
	MXPW_PASSWORD_UNICODE_UNSTABLE,
	MXPW_PASSWORD_PARTIAL_PEPPER,	/* Synapse's pepper */
	MXPW_PASSWORD_PARTIAL_SECRET	/* a MAS bcrypt scheme's secret */
} MxpwPasswordStatus;

/* What a login with a user ID reaches (store.c). */
typedef enum MxpwAccountStatus
{
	MXPW_ACCOUNT_FOUND,
	MXPW_ACCOUNT_MISSING,
	MXPW_ACCOUNT_AMBIGUOUS,
	MXPW_ACCOUNT_DEACTIVATED,
	MXPW_ACCOUNT_LOCKED,
	MXPW_ACCOUNT_OTHER_SERVER	/* MAS only: it serves mxpw.server_name */
} MxpwAccountStatus;

/*
 * What a homeserver's password policy refuses (policy.c): MAS's zxcvbn
 * score, then Synapse's rules in the order Synapse checks them.
 */
typedef enum MxpwPolicyStatus
{
	MXPW_POLICY_OK,
	MXPW_POLICY_TOO_WEAK,		/* MAS: score below minimum_complexity */
	MXPW_POLICY_TOO_SHORT,		/* Synapse: fewer code points than
								 * minimum_length */
	MXPW_POLICY_NO_DIGIT,
	MXPW_POLICY_NO_SYMBOL,
	MXPW_POLICY_NO_UPPERCASE,
	MXPW_POLICY_NO_LOWERCASE
} MxpwPolicyStatus;

/* Raises the error of a password status other than MXPW_PASSWORD_OK. */
extern void mxpw_report_password(MxpwPasswordStatus status);
extern const char *mxpw_password_phrase(MxpwPasswordStatus status, int *sqlstate);

/*
 * The error, and a bulk call's phrase, of a policy status other than
 * MXPW_POLICY_OK: minimum is the policy's (score or length), score the
 * password's zxcvbn score, zxcvbn its feedback (NULL for Synapse's rules),
 * told to the client only.
 */
extern void mxpw_report_policy(MxpwPolicyStatus status, int minimum, int score,
							   const MxpwZxcvbnResult *zxcvbn);
extern char *mxpw_policy_phrase(MxpwPolicyStatus status, int minimum, int score,
								int *sqlstate);

/* The same for user_id as typed, and its MxpwUserIdStatus. */
extern void mxpw_report_user_id(text *user_id, MxpwUserIdStatus status);
extern char *mxpw_user_id_phrase(text *user_id, MxpwUserIdStatus status,
								 bool for_client, int *sqlstate);

/*
 * The message, and a bulk call's phrase, of an account status other than
 * MXPW_ACCOUNT_FOUND: user_id is the full user ID given, account the one
 * found (for MXPW_ACCOUNT_DEACTIVATED).
 */
extern int	mxpw_account_sqlstate(MxpwAccountStatus status);
extern char *mxpw_account_phrase(MxpwAccountStatus status, const char *user_id,
								 const char *account, bool for_client);

/* The message for a NULL argument or entry named name. */
extern char *mxpw_null_phrase(const char *name);

#endif							/* MXPW_REPORT_H */
