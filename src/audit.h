/*
 * audit.h
 *	  Account changes, logged when they commit (audit.c).
 */
#ifndef MXPW_AUDIT_H
#define MXPW_AUDIT_H

/* What logging a user out ends: Synapse's tokens, MAS's sessions. */
typedef enum MxpwLogoutUnit
{
	MXPW_LOGOUT_TOKENS,
	MXPW_LOGOUT_SESSIONS
} MxpwLogoutUnit;

/* The kinds of change; their phrases are in audit.c. */
typedef enum MxpwChangeKind
{
	MXPW_CHANGE_PASSWORD_SET,
	MXPW_CHANGE_PASSWORD_SET_UNCHECKED, /* skip_password_check */
	MXPW_CHANGE_HASH_SET,
	MXPW_CHANGE_PASSWORD_RESET,
	MXPW_CHANGE_SESSIONS_REVOKED
} MxpwChangeKind;

extern void mxpw_audit_init(void);

/*
 * Notes a change of the account (its user ID as stored): revoked is the
 * number of tokens deleted or sessions ended, as unit says, or -1 when
 * sessions were kept.
 */
extern void mxpw_audit_change(MxpwChangeKind kind, const char *account,
							  int revoked, MxpwLogoutUnit unit);

#endif							/* MXPW_AUDIT_H */
