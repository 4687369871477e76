/*
 * audit.c
 *	  The LOG line for each account change, written when the change commits.
 *
 * A change rolled back (to a savepoint, by a caught PL/pgSQL exception, by
 * an aborted transaction) is never reported as made: changes wait in a list
 * that belongs to the top-level transaction, are dropped with the
 * subtransaction that made them, and are logged by the commit.
 */
#include "postgres.h"

#include "access/xact.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "audit.h"
#include "hiding.h"

typedef struct MxpwChange
{
	struct MxpwChange *next;
	SubTransactionId subid;		/* the subtransaction that made it */
	MxpwChangeKind kind;
	const char *role;			/* in text, after account */
	int			revoked;		/* tokens or sessions, or -1 when kept */
	MxpwLogoutUnit unit;
	char		account[FLEXIBLE_ARRAY_MEMBER];	/* its user ID as stored */
} MxpwChange;

/* What the log line says was done, one row per MxpwChangeKind. */
static const char *const change_phrases[] = {
	[MXPW_CHANGE_PASSWORD_SET] = "password set",
	[MXPW_CHANGE_PASSWORD_SET_UNCHECKED] = "password set (policy check skipped)",
	[MXPW_CHANGE_HASH_SET] = "password hash set",
	[MXPW_CHANGE_PASSWORD_RESET] = "password reset to a generated one",
	[MXPW_CHANGE_SESSIONS_REVOKED] = "sessions revoked",
};

/*
 * In TopTransactionContext, newest first.  A change belongs to a
 * subtransaction that is still open, so to the current one or one of its
 * parents: subtransaction ids never grow along the list, and those of the
 * subtransaction ending are at its head.
 */
static MxpwChange *changes = NULL;

static void
forget_changes(void)
{
	changes = NULL;
}

/*
 * The transaction id, for matching the line to the commit, comes from
 * log_line_prefix's %x, which still shows it while commit callbacks run.
 */
static void
log_change(const MxpwChange *change)
{
	ErrorContextCallback own;

	/* Logged as written, even while a statement's text is being hidden. */
	mxpw_hiding_own_begin(&own);
	ereport(LOG,
			(errmsg("mxpw: %s for user \"%s\" by role \"%s\"",
					change_phrases[change->kind], change->account, change->role),
			 change->revoked < 0 ?
			 errdetail("Sessions were kept.") :
			 change->unit == MXPW_LOGOUT_SESSIONS ?
			 errdetail_plural("Ended %d session.",
							  "Ended %d sessions.",
							  change->revoked, change->revoked) :
			 errdetail_plural("Deleted %d access or refresh token.",
							  "Deleted %d access and refresh tokens.",
							  change->revoked, change->revoked),
			 errhidestmt(true)));
	mxpw_hiding_own_end(&own);
}

static void
audit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
			{
				MxpwChange *oldest_first = NULL;

				while (changes != NULL)
				{
					MxpwChange *c = changes;

					changes = c->next;
					c->next = oldest_first;
					oldest_first = c;
				}
				for (MxpwChange *c = oldest_first; c != NULL; c = c->next)
					log_change(c);
			}
			forget_changes();
			break;
		case XACT_EVENT_PRE_PREPARE:

			/*
			 * COMMIT PREPARED may run in another session, or never: there
			 * would be nobody to log the change when it happens.
			 */
			if (changes != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot PREPARE a transaction that has changed a password with mxpw"),
						 errdetail("mxpw logs each change when its transaction commits.")));
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
			forget_changes();
			break;
		default:
			break;
	}
}

static void
audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	switch (event)
	{
		case SUBXACT_EVENT_COMMIT_SUB:
			for (MxpwChange *c = changes; c != NULL && c->subid == mySubid; c = c->next)
				c->subid = parentSubid;
			break;
		case SUBXACT_EVENT_ABORT_SUB:
			while (changes != NULL && changes->subid >= mySubid)
				changes = changes->next;
			break;
		default:
			break;
	}
}

void
mxpw_audit_init(void)
{
	RegisterXactCallback(audit_xact_callback, NULL);
	RegisterSubXactCallback(audit_subxact_callback, NULL);
}

void
mxpw_audit_change(MxpwChangeKind kind, const char *account, int revoked,
				  MxpwLogoutUnit unit)
{
	const char *role = GetUserNameFromId(GetUserId(), false);
	size_t		account_size = strlen(account) + 1;
	MxpwChange *change;

	/* One chunk per change: a bulk call may wait with millions of them. */
	change = MemoryContextAlloc(TopTransactionContext,
								offsetof(MxpwChange, account) + account_size +
								strlen(role) + 1);
	change->subid = GetCurrentSubTransactionId();
	change->kind = kind;
	change->revoked = revoked;
	change->unit = unit;
	memcpy(change->account, account, account_size);
	change->role = strcpy(change->account + account_size, role);
	change->next = changes;
	changes = change;
}
