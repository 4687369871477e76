/*
 * parallel.c
 *	  Hashing many passwords at once, on every core PostgreSQL allows.
 *
 * A bcrypt is slow on purpose, so a migration or a mass reset is bound by a
 * single core unless the hashes are spread out.  Parallel query does not
 * help: it hands out whole pages, and thousands of short rows fit in a
 * handful of them.  So the bulk functions start parallel workers of their
 * own (a ParallelContext, as CREATE INDEX does), put the passwords in its
 * dynamic shared memory segment, and the workers and the leader claim them
 * one at a time from an atomic counter.
 *
 * The job carries the hashing scheme, its secret (Synapse's pepper, a MAS
 * scheme's secret or the content of its secret_file, read once by the
 * leader) included, and is wiped when done.  A hash cannot be interrupted, so everyone checks for interrupts between
 * passwords, and a leader that errors out (a cancel, statement_timeout)
 * terminates its workers on the way, within about one hash.  Workers only
 * compute: they cannot write to tables, and the leader stores the hashes
 * afterwards.  They are given no query text, which may carry passwords.
 *
 * Everyone counts the hashes made in the job; the leader reports progress
 * from that count (progress.c) between its own hashes and, once none is
 * left to claim, while it waits for the workers' last ones.
 */
#include "postgres.h"

#include <unistd.h>

#include "access/parallel.h"
#include "access/xact.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "port/atomics.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/latch.h"
#include "storage/shm_toc.h"
#include "storage/spin.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "parallel.h"
#include "password.h"
#include "progress.h"

/*
 * Passwords per parallel context.  Bounds the shared memory segment (about
 * 2 MB at worst, with 512 four-byte characters each) while keeping the cost
 * of starting workers small next to the hashing: 1024 hashes at cost 10
 * take seconds per core, a worker starts in milliseconds.
 */
#define MXPW_BATCH_SIZE		1024

#define MXPW_TOC_JOB		UINT64CONST(0x6D78707700000001)

/* Room for each hash in the job. */
#define MXPW_JOB_HASH_SIZE	MXPW_HASH_SIZE

/*
 * The work shared by the leader and its workers, in one chunk: this header,
 * then n hashes of MXPW_JOB_HASH_SIZE bytes, then the scheme's secret, then
 * n prepared passwords as text values at the given offsets from the start
 * of the chunk.  The algorithm goes by name: the worker's copy of the
 * library need not be at the leader's address.
 */
typedef struct HashJob
{
	int			n;
	int			version;		/* the scheme's */
	char		algorithm[NAMEDATALEN];
	int			cost;
	bool		normalise;
	Size		secret;			/* offset of the secret */
	Size		secret_len;
	Size		size;			/* of the whole chunk */
	Size		hashes;			/* offset of the first hash */
	pg_atomic_uint32 next;		/* next password to claim */
	pg_atomic_uint32 done;		/* hashes made, by everyone */
	slock_t		mutex;
	bool		wiped;			/* under mutex: no hash may be written */
	uint32		passwords[FLEXIBLE_ARRAY_MEMBER];
} HashJob;

PGDLLEXPORT void mxpw_hash_worker_main(dsm_segment *seg, shm_toc *toc);

static Size
job_size(int n, const MxpwPassword *passwords, Size secret_len, Size *hashes)
{
	Size		size;

	size = MAXALIGN(add_size(offsetof(HashJob, passwords),
							 mul_size(n, sizeof(uint32))));
	*hashes = size;
	size = add_size(size, mul_size(n, MXPW_JOB_HASH_SIZE));
	size = add_size(size, secret_len + 1);
	for (int i = 0; i < n; i++)
		size = add_size(INTALIGN(size), VARHDRSZ + passwords[i].len);
	return size;
}

static void
fill_job(HashJob *job, Size size, Size hashes, int n,
		 const MxpwPassword *passwords, const MxpwScheme *scheme,
		 const MxpwSecret *secret)
{
	Size		offset = hashes + (Size) n * MXPW_JOB_HASH_SIZE;

	job->n = n;
	job->version = scheme->version;
	strlcpy(job->algorithm, scheme->algorithm->name, sizeof(job->algorithm));
	job->cost = scheme->cost;
	job->normalise = scheme->normalise;
	job->secret = offset;
	job->secret_len = secret->len;
	memcpy((char *) job + offset, secret->data, secret->len);
	((char *) job)[offset + secret->len] = '\0';
	offset += secret->len + 1;
	job->size = size;
	job->hashes = hashes;
	pg_atomic_init_u32(&job->next, 0);
	pg_atomic_init_u32(&job->done, 0);
	SpinLockInit(&job->mutex);
	job->wiped = false;
	memset((char *) job + hashes, 0, (Size) n * MXPW_JOB_HASH_SIZE);
	for (int i = 0; i < n; i++)
	{
		Size		len = passwords[i].len;
		text	   *copy;

		offset = INTALIGN(offset);
		copy = (text *) ((char *) job + offset);
		SET_VARSIZE(copy, VARHDRSZ + len);
		memcpy(VARDATA(copy), passwords[i].data, len);
		job->passwords[i] = (uint32) offset;
		offset += VARHDRSZ + len;
	}
}

static char *
job_hash(HashJob *job, int i)
{
	return (char *) job + job->hashes + (Size) i * MXPW_JOB_HASH_SIZE;
}

/*
 * Wipes the passwords and hashes.  A worker still hashing cannot write its
 * result afterwards; what it reads from here is garbage, and is discarded.
 */
static void
wipe_job(HashJob *job)
{
	SpinLockAcquire(&job->mutex);
	job->wiped = true;
	SpinLockRelease(&job->mutex);
	explicit_bzero((char *) job + job->hashes, job->size - job->hashes);
}

/*
 * Reports, if a report is due, the hashes made: those of the batches
 * before this one (first), and this one's so far.
 */
static void
report_due(HashJob *job, MxpwProgress *progress, int first)
{
	if (mxpw_progress_due(progress))
		mxpw_progress_report(progress, first + pg_atomic_read_u32(&job->done));
}

/*
 * Claims and hashes passwords until none is left; run by the leader, which
 * reports progress, and by each worker (progress NULL).  Returns how many
 * this process hashed.
 */
static int
hash_claimed(HashJob *job, MxpwProgress *progress, int first)
{
	MemoryContext itemcxt;
	MemoryContext oldcxt;
	int			done = 0;
	MxpwScheme	scheme = {
		.version = job->version,
		.algorithm = mxpw_algorithm_named(job->algorithm),
		.cost = job->cost,
		.normalise = job->normalise,
		.secret = (char *) job + job->secret,
		.secret_len = job->secret_len,
		.secret_file = NULL,
	};

	itemcxt = AllocSetContextCreate(CurrentMemoryContext, "mxpw hash",
									ALLOCSET_SMALL_SIZES);
	for (;;)
	{
		uint32		i;
		text	   *copy;
		MxpwPassword password;
		char	   *hash;
		bool		wiped;

		/* A bcrypt cannot be interrupted: this is the place to stop. */
		CHECK_FOR_INTERRUPTS();
		report_due(job, progress, first);

		i = pg_atomic_fetch_add_u32(&job->next, 1);
		if (i >= (uint32) job->n)
			break;

		copy = (text *) ((char *) job + job->passwords[i]);
		password.data = VARDATA(copy);
		password.len = VARSIZE(copy) - VARHDRSZ;	/* the job's, wiped with it */
		oldcxt = MemoryContextSwitchTo(itemcxt);
		hash = mxpw_password_hash(&password, &scheme);
		MemoryContextSwitchTo(oldcxt);

		SpinLockAcquire(&job->mutex);
		wiped = job->wiped;
		if (!wiped)
			strlcpy(job_hash(job, i), hash, MXPW_JOB_HASH_SIZE);
		SpinLockRelease(&job->mutex);
		explicit_bzero(hash, strlen(hash));
		MemoryContextReset(itemcxt);
		if (wiped)
			break;
		pg_atomic_fetch_add_u32(&job->done, 1);
		done++;
	}
	MemoryContextDelete(itemcxt);
	return done;
}

/* Copies the hashes out of the job, each of which must have been made. */
static void
collect_hashes(HashJob *job, char **hashes)
{
	for (int i = 0; i < job->n; i++)
	{
		if (job_hash(job, i)[0] == '\0')
			elog(ERROR, "password %d of %d was not hashed", i + 1, job->n);
		hashes[i] = pstrdup(job_hash(job, i));
	}
}

/* The worker's side: the leader waits for it to return. */
void
mxpw_hash_worker_main(dsm_segment *seg, shm_toc *toc)
{
	HashJob    *job = shm_toc_lookup(toc, MXPW_TOC_JOB, false);

	hash_claimed(job, NULL, 0);
}

/*
 * Work, counted as n << rounds, below which no worker is started: about one
 * hash at cost 12.  Starting a worker takes milliseconds, which a few cheap
 * hashes do not repay.
 */
#define MXPW_PARALLEL_MIN_WORK	(INT64CONST(1) << 12)

/* PostgreSQL's switch for trying out parallel code on small inputs. */
static bool
parallel_forced(void)
{
#if PG_VERSION_NUM >= 160000
	return debug_parallel_query != DEBUG_PARALLEL_OFF;
#else
	return force_parallel_mode != FORCE_PARALLEL_OFF;
#endif
}

/* The cost of one hash as a bcrypt cost, as the algorithm's row gives it. */
static int
work_per_hash(const MxpwScheme *scheme)
{
	return scheme->algorithm->work > 0 ? scheme->algorithm->work : scheme->cost;
}

/* How many workers to ask for; each hashes a share of the n passwords. */
static int
workers_wanted(int n, const MxpwScheme *scheme)
{
	int			wanted;

	/* Not from inside a parallel operation, nor without a snapshot to share. */
	if (IsInParallelMode() || !ActiveSnapshotSet())
		return 0;
	if (((int64) n << work_per_hash(scheme)) < MXPW_PARALLEL_MIN_WORK &&
		!parallel_forced())
		return 0;
	wanted = Min(max_parallel_workers_per_gather,
				 parallel_leader_participation ? n - 1 : n);

	/*
	 * Each hash of an algorithm that fills memory (argon2id: 19 MiB at MAS's
	 * parameters) holds it in the process computing it: as many processes
	 * as maintenance_work_mem holds hashes, as CREATE INDEX shares it among
	 * its workers.  And no more than there are cores: argon2id is bound by
	 * memory bandwidth and cache, so processes taking turns on one core slow
	 * each other down (measured on 2 cores: 96 hashes took 1.02 s with 2
	 * processes, 1.17 s with 3).  bcrypt fits in the cache and gains nothing
	 * from this.
	 */
	if (scheme->algorithm->memory_kib > 0)
	{
		int			processes = Max(maintenance_work_mem / scheme->algorithm->memory_kib, 1);
		long		cores = sysconf(_SC_NPROCESSORS_ONLN);

		if (cores > 0)
			processes = Min(processes, cores);
		wanted = Min(wanted, processes - (parallel_leader_participation ? 1 : 0));
	}
	return Max(wanted, 0);
}

/* Whether any launched worker of pcxt may still be hashing. */
static bool
workers_running(ParallelContext *pcxt)
{
	for (int i = 0; i < pcxt->nworkers_launched; i++)
	{
		pid_t		pid;

		/* Its queue goes once it has said it is done. */
		if (pcxt->worker[i].error_mqh != NULL &&
			GetBackgroundWorkerPid(pcxt->worker[i].bgwhandle, &pid) != BGWH_STOPPED)
			return true;
	}
	return false;
}

/*
 * Waits, reporting progress, until the workers have made every hash or
 * none is left running; WaitForParallelWorkersToFinish then waits for them
 * to end, and raises a worker's error.  The timer wakes the leader for each
 * report, and a worker that ends wakes it too; it looks every second
 * besides.
 */
static void
wait_reporting(HashJob *job, ParallelContext *pcxt, MxpwProgress *progress,
			   int first)
{
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		report_due(job, progress, first);
		if (pg_atomic_read_u32(&job->done) >= (uint32) job->n ||
			!workers_running(pcxt))
			break;
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 1000L, PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
	}
}

/*
 * Hashes the job's passwords into hashes, with the workers of pcxt if there
 * is one, and wipes the job, also on an error; the job's passwords follow
 * the first passwords of the call, for progress.  Returns how many the
 * leader hashed itself.
 */
static int
run_job(HashJob *job, ParallelContext *pcxt, char **hashes,
		MxpwProgress *progress, int first)
{
	volatile int by_leader = 0;

	/*
	 * On an error the transaction's abort destroys the context and
	 * terminates the workers; the passwords are wiped before that.
	 */
	PG_TRY();
	{
		if (pcxt != NULL)
			LaunchParallelWorkers(pcxt);
		if (pcxt == NULL || pcxt->nworkers_launched == 0 ||
			parallel_leader_participation)
			by_leader = hash_claimed(job, progress, first);
		if (pcxt != NULL)
		{
			if (progress != NULL)
				wait_reporting(job, pcxt, progress, first);
			WaitForParallelWorkersToFinish(pcxt);
		}
		collect_hashes(job, hashes);
	}
	PG_CATCH();
	{
		wipe_job(job);
		PG_RE_THROW();
	}
	PG_END_TRY();
	wipe_job(job);
	return by_leader;
}

/*
 * Hashes up to MXPW_BATCH_SIZE passwords, which follow the first passwords
 * of the call, with one parallel context.
 */
static void
hash_batch(int n, const MxpwPassword *passwords, const MxpwScheme *scheme,
		   const MxpwSecret *secret, char **hashes, MxpwProgress *progress,
		   int first)
{
	int			nworkers = workers_wanted(n, scheme);
	ParallelContext *pcxt;
	HashJob    *job;
	Size		size;
	Size		hashes_offset;
	int			by_leader;

	size = job_size(n, passwords, secret->len, &hashes_offset);

	if (nworkers <= 0)
	{
		job = palloc(size);
		fill_job(job, size, hashes_offset, n, passwords, scheme, secret);
		(void) run_job(job, NULL, hashes, progress, first);
		ereport(DEBUG1,
				(errmsg_internal("mxpw: hashed %d passwords, none of them in parallel workers (none requested)",
								 n)));
		pfree(job);
		return;
	}

	EnterParallelMode();
	pcxt = CreateParallelContext("mxpw", "mxpw_hash_worker_main", nworkers);
	shm_toc_estimate_chunk(&pcxt->estimator, size);
	shm_toc_estimate_keys(&pcxt->estimator, 1);
	/* Without a segment to spare, this gives private memory and no workers. */
	InitializeParallelDSM(pcxt);
	job = shm_toc_allocate(pcxt->toc, size);
	fill_job(job, size, hashes_offset, n, passwords, scheme, secret);
	shm_toc_insert(pcxt->toc, MXPW_TOC_JOB, job);

	by_leader = run_job(job, pcxt, hashes, progress, first);
	ereport(DEBUG1,
			(errmsg_internal("mxpw: hashed %d passwords, %d of them in parallel workers (%d launched, %d requested)",
							 n, n - by_leader, pcxt->nworkers_launched,
							 nworkers)));
	DestroyParallelContext(pcxt);
	ExitParallelMode();
}

/* See parallel.h. */
char	  **
mxpw_parallel_hash(int n, const MxpwPassword *passwords,
				   const MxpwScheme *scheme, MxpwProgress *progress)
{
	char	  **hashes = palloc(sizeof(char *) * Max(n, 1));
	MxpwSecret	secret;

	mxpw_secret_get(scheme, &secret);
	PG_TRY();
	{
		for (int start = 0; start < n; start += MXPW_BATCH_SIZE)
			hash_batch(Min(MXPW_BATCH_SIZE, n - start), passwords + start,
					   scheme, &secret, hashes + start, progress, start);
	}
	PG_FINALLY();
	{
		mxpw_secret_free(&secret);
	}
	PG_END_TRY();
	return hashes;
}
