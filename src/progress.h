/*
 * progress.h
 *	  How far a bulk call has got, reported while it runs (progress.c).
 */
#ifndef MXPW_PROGRESS_H
#define MXPW_PROGRESS_H

#include "postgres.h"

#include <signal.h>

#include "fmgr.h"
#include "utils/timestamp.h"

/* mxpw.progress_interval, in seconds; 0 reports nothing (mxpw.c). */
extern int	mxpw_progress_interval;

/* The steps of a bulk call that may take long, and the verb of each. */
typedef enum MxpwProgressStep
{
	MXPW_PROGRESS_HASHING,		/* "hashed" */
	MXPW_PROGRESS_STORING		/* "stored" */
} MxpwProgressStep;

/* One bulk call's progress: one at a time in a backend. */
typedef struct MxpwProgress
{
	char	   *function;		/* the SQL function's name */
	MxpwProgressStep step;
	int64		total;			/* entries of the step */
	TimestampTz step_start;
	bool		reported;		/* anything reported yet in this call */
	bool		active;			/* until mxpw_progress_end */
} MxpwProgress;

/* Set by a timer when a report is due; read without a clock. */
extern volatile sig_atomic_t mxpw_progress_flag;

/*
 * Starts reporting a bulk call of total entries, at its hashing step; NULL
 * (which every function below takes, doing nothing) when
 * mxpw.progress_interval is 0.
 */
extern MxpwProgress *mxpw_progress_begin(FunctionCallInfo fcinfo, int64 total);

/* Moves on to step, over the same entries, counted from 0 again. */
extern void mxpw_progress_step(MxpwProgress *progress, MxpwProgressStep step);

/*
 * Whether a report is due: cheap enough for every entry (no clock is read
 * until one is).
 */
static inline bool
mxpw_progress_due(const MxpwProgress *progress)
{
	return unlikely(mxpw_progress_flag) && progress != NULL;
}

/*
 * Reports that done entries of the step are done: a NOTICE, and the same
 * text in pg_stat_activity (through hiding.c).  Call it when
 * mxpw_progress_due says so.
 */
extern void mxpw_progress_report(MxpwProgress *progress, int64 done);

/*
 * Stops reporting.  An error ends it too; hiding.c puts the hidden
 * statement's label back in pg_stat_activity either way.
 */
extern void mxpw_progress_end(MxpwProgress *progress);

#endif							/* MXPW_PROGRESS_H */
