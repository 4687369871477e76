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

#include "mxpw.h"

typedef struct MxpwChange
{
	struct MxpwChange *next;
	SubTransactionId subid;		/* the subtransaction that made it */
	const char *what;			/* a static phrase */
	const char *role;			/* in text, after user_id */
	int			revoked;		/* tokens deleted, or -1 when kept */
	char		user_id[FLEXIBLE_ARRAY_MEMBER];
} MxpwChange;

/* In TopTransactionContext, in order of making. */
static MxpwChange *first_change = NULL;
static MxpwChange *last_change = NULL;

static void
forget_changes(void)
{
	first_change = NULL;
	last_change = NULL;
}

/*
 * The transaction id, for matching the line to the commit, comes from
 * log_line_prefix's %x, which still shows it while commit callbacks run.
 */
static void
log_change(const MxpwChange *change)
{
	ereport(LOG,
			(errmsg("mxpw: %s for user \"%s\" by role \"%s\"",
					change->what, change->user_id, change->role),
			 change->revoked < 0 ?
			 errdetail("Sessions were kept.") :
			 errdetail_plural("Deleted %d access or refresh token.",
							  "Deleted %d access and refresh tokens.",
							  change->revoked, change->revoked),
			 errhidestmt(true)));
}

static void
audit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
			for (MxpwChange *c = first_change; c != NULL; c = c->next)
				log_change(c);
			forget_changes();
			mxpw_forget_statement();
			break;
		case XACT_EVENT_PRE_PREPARE:

			/*
			 * COMMIT PREPARED may run in another session, or never: there
			 * would be nobody to log the change when it happens.
			 */
			if (first_change != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot PREPARE a transaction that has changed a password with mxpw"),
						 errdetail("mxpw logs each change when its transaction commits.")));
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
			forget_changes();
			mxpw_forget_statement();
			break;
		default:
			break;
	}
}

static void
audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	MxpwChange *prev = NULL;

	switch (event)
	{
		case SUBXACT_EVENT_COMMIT_SUB:
			for (MxpwChange *c = first_change; c != NULL; c = c->next)
				if (c->subid == mySubid)
					c->subid = parentSubid;
			break;
		case SUBXACT_EVENT_ABORT_SUB:
			/* Later subtransactions are its children, already ended. */
			for (MxpwChange *c = first_change; c != NULL; c = c->next)
			{
				if (c->subid >= mySubid)
				{
					if (prev == NULL)
						first_change = c->next;
					else
						prev->next = c->next;
				}
				else
					prev = c;
			}
			last_change = prev;
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
mxpw_audit_change(const char *what, const char *user_id, int revoked)
{
	const char *role = GetUserNameFromId(GetUserId(), false);
	size_t		user_id_size = strlen(user_id) + 1;
	MxpwChange *change;

	/* One chunk per change: a bulk call may wait with millions of them. */
	change = MemoryContextAlloc(TopTransactionContext,
								offsetof(MxpwChange, user_id) + user_id_size +
								strlen(role) + 1);
	change->next = NULL;
	change->subid = GetCurrentSubTransactionId();
	change->what = what;
	change->revoked = revoked;
	memcpy(change->user_id, user_id, user_id_size);
	change->role = strcpy(change->user_id + user_id_size, role);
	if (last_change == NULL)
		first_change = change;
	else
		last_change->next = change;
	last_change = change;
}
