/*
 * progress.c
 *	  How far a bulk call has got, reported while it runs.
 *
 * A bulk call over many accounts hashes for minutes or hours.  Once it has
 * run for mxpw.progress_interval (5 s at most), and then every interval,
 * it reports how many entries of its current step (hashing, then storing)
 * are done, the rate and the time left: in a NOTICE, and in its
 * pg_stat_activity.query, where a second session or pgAdmin's dashboard
 * sees it.  pg_stat_activity is hiding.c's: it shows the report inside the
 * label of the hidden statement, never the statement.  A report holds
 * counts and times only.
 *
 * A timer (PostgreSQL's timeout.c) sets a flag when a report is due; the
 * loops over entries test the flag and read no clock until it is set, so
 * reporting costs nothing per hash or per row.  The parallel workers count
 * what they hash in the job's shared memory (parallel.c), and the leader
 * reports from that count.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timeout.h"

#include "hiding.h"
#include "progress.h"
#include "progress_text.h"

/* The first report comes after this long at most. */
#define MXPW_PROGRESS_FIRST_MS	5000

int			mxpw_progress_interval = 10;

volatile sig_atomic_t mxpw_progress_flag = false;

/* This backend's timer, registered at the first bulk call. */
static TimeoutId progress_timeout = MAX_TIMEOUTS;

static const char *const verbs[] = {
	[MXPW_PROGRESS_HASHING] = "hashed",
	[MXPW_PROGRESS_STORING] = "stored",
};

/* In the SIGALRM handler: only flags, and wakes a leader waiting. */
static void
progress_timeout_handler(void)
{
	mxpw_progress_flag = true;
	SetLatch(MyLatch);
}

/* The next report in delay_ms; none while progress is off. */
static void
arm(int delay_ms)
{
	mxpw_progress_flag = false;
	enable_timeout_after(progress_timeout, delay_ms);
}

static void
disarm(void)
{
	if (progress_timeout != MAX_TIMEOUTS)
		disable_timeout(progress_timeout, false);
	mxpw_progress_flag = false;
}

/*
 * The call's memory goes when it ends, errors included (a cancel, a caught
 * exception): the timer stops with it.
 */
static void
forget_progress(void *arg)
{
	MxpwProgress *progress = (MxpwProgress *) arg;

	if (progress->active)
		disarm();
	progress->active = false;
}

/* The interval in milliseconds; the setting's maximum keeps it in an int. */
static int
interval_ms(void)
{
	return mxpw_progress_interval * 1000;
}

/* See progress.h. */
MxpwProgress *
mxpw_progress_begin(FunctionCallInfo fcinfo, int64 total)
{
	MxpwProgress *progress;
	MemoryContextCallback *callback;
	char	   *name;

	if (mxpw_progress_interval <= 0)
		return NULL;
	if (progress_timeout == MAX_TIMEOUTS)
		progress_timeout = RegisterTimeout(USER_TIMEOUT, progress_timeout_handler);

	name = get_func_name(fcinfo->flinfo->fn_oid);
	progress = palloc0(sizeof(MxpwProgress));
	progress->function = name != NULL ? name : pstrdup("mxpw");
	progress->active = true;
	callback = palloc(sizeof(MemoryContextCallback));
	callback->func = forget_progress;
	callback->arg = progress;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, callback);

	progress->total = total;
	mxpw_progress_step(progress, MXPW_PROGRESS_HASHING);
	return progress;
}

/* See progress.h. */
void
mxpw_progress_step(MxpwProgress *progress, MxpwProgressStep step)
{
	if (progress == NULL)
		return;
	progress->step = step;
	progress->step_start = GetCurrentTimestamp();

	/*
	 * A step that follows a quick one is reported as soon as a call that
	 * started with it would be.
	 */
	arm(progress->reported ? interval_ms() :
		Min(interval_ms(), MXPW_PROGRESS_FIRST_MS));
}

/* See progress.h. */
void
mxpw_progress_report(MxpwProgress *progress, int64 done)
{
	char		text[MXPW_PROGRESS_TEXT_SIZE];
	long		secs;
	int			usecs;

	if (progress == NULL || !progress->active)
		return;
	mxpw_progress_flag = false;
	TimestampDifference(progress->step_start, GetCurrentTimestamp(), &secs, &usecs);
	mxpw_progress_text(text, sizeof(text), progress->function,
					   verbs[progress->step], (long long) done,
					   (long long) progress->total, secs + usecs / 1000000.0);

	/*
	 * Sent to the client as any NOTICE is, by client_min_messages; the
	 * server log has it only at log_min_messages = notice or lower.
	 * pg_stat_activity shows it whatever these say.
	 */
	ereport(NOTICE, (errmsg_internal("%s", text)));
	mxpw_hiding_show_progress(text);
	progress->reported = true;
	arm(interval_ms());
}

/* See progress.h. */
void
mxpw_progress_end(MxpwProgress *progress)
{
	if (progress == NULL || !progress->active)
		return;
	disarm();
	progress->active = false;
}
