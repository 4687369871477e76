/*
 * policy.h
 *	  The password policy each homeserver's own tools enforce on a password
 *	  the user chooses (policy.c): MAS's zxcvbn score against
 *	  passwords.minimum_complexity, Synapse's password_config.policy.
 *
 * The policy is applied once, at the edge, to passwords a caller of
 * mxpw_set_password or mxpw_set_passwords chooses; generated passwords and
 * ready-made hashes are not judged, nor are mxpw_hash's, which set no
 * account's password.  Its settings are checked when they are set (the
 * GUCs' ranges and check hooks) and trusted below.
 */
#ifndef MXPW_POLICY_H
#define MXPW_POLICY_H

#include "postgres.h"

#include "utils/guc.h"

#include "report.h"
#include "zxcvbn.h"

/* Whose rules a store's passwords follow (MxpwStore.policy). */
typedef enum MxpwPolicyKind
{
	MXPW_POLICY_SYNAPSE,		/* password_config.policy */
	MXPW_POLICY_MAS				/* passwords.minimum_complexity */
} MxpwPolicyKind;

/*
 * One call's policy, copied from the settings at its start, so that a
 * change of them during the call (by a trigger) changes nothing.
 */
typedef struct MxpwPolicy
{
	MxpwPolicyKind kind;
	bool		enabled;		/* false: every password passes */
	int			minimum_complexity; /* MAS: zxcvbn score 0 to 4 */
	int			minimum_length; /* Synapse: code points */
	bool		require_digit;
	bool		require_symbol;
	bool		require_uppercase;
	bool		require_lowercase;
} MxpwPolicy;

/* What the policy found in one password; never any of its characters. */
typedef struct MxpwPolicyVerdict
{
	MxpwPolicyStatus status;
	int			score;			/* MAS: the zxcvbn score */
	MxpwZxcvbnResult zxcvbn;	/* MAS: the crate's feedback */
} MxpwPolicyVerdict;

/* The policy of a store of kind, from the current settings. */
extern void mxpw_policy_get(MxpwPolicyKind kind, MxpwPolicy *policy);

/* Judges a password (valid UTF-8) by policy. */
extern MxpwPolicyStatus mxpw_policy_judge(const MxpwPolicy *policy,
										  const char *password, size_t len,
										  MxpwPolicyVerdict *verdict);

/* Raises the error for a password the policy refuses (report.c's table). */
extern void mxpw_policy_check(const MxpwPolicy *policy, text *password);

/* The GUC hooks of mxpw.synapse_password_policy (set up in mxpw.c). */
extern bool mxpw_check_synapse_policy(char **newval, void **extra, GucSource source);
extern void mxpw_assign_synapse_policy(const char *newval, void *extra);

/* mxpw.mas_minimum_complexity (mxpw.c). */
extern int	mxpw_mas_minimum_complexity;

#endif							/* MXPW_POLICY_H */
