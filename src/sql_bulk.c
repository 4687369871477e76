/*
 * sql_bulk.c
 *	  The SQL functions for many passwords in one call, hashed on every core
 *	  (see parallel.c).
 *
 * Every entry is checked, and every account found and locked, before any
 * hashing starts: a bad entry costs no bcrypt, and all the bad entries are
 * reported together rather than one per attempt.  The leader then stores
 * the hashes and logs each change as the single-account functions do.  All
 * of it runs in the caller's transaction, so either every entry is applied
 * or none is.  A long call reports its progress (progress.c) while it
 * hashes and while it stores.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "mxpw.h"
#include "parallel.h"
#include "password.h"
#include "policy.h"
#include "progress.h"
#include "report.h"
#include "store.h"

/* Bad entries listed in one error; the message counts them all. */
#define MXPW_MAX_REPORTED	100

/*
 * What is wrong with one entry of a call, if anything.  Only the codes are
 * kept: the text is made for the entries reported, so that a call with
 * millions of bad entries costs no more memory than one with good ones.
 */
typedef enum EntryProblem
{
	ENTRY_OK,
	ENTRY_NULL_USER_ID,
	ENTRY_NULL_PASSWORD,
	ENTRY_BAD_USER_ID,			/* status: MxpwUserIdStatus */
	ENTRY_BAD_PASSWORD,			/* status: MxpwPasswordStatus */
	ENTRY_REFUSED_BY_POLICY,	/* status: MxpwPolicyStatus; other: score */
	ENTRY_BAD_ACCOUNT,			/* status: MxpwAccountStatus; other: lookup */
	ENTRY_DUPLICATE				/* other: lookup of the first entry */
} EntryProblem;

typedef struct Entry
{
	uint8		problem;
	uint8		status;
	int			other;
} Entry;

/* The elements of a one-dimensional text array argument. */
typedef struct TextArray
{
	ArrayType  *array;
	Datum	   *values;
	bool	   *nulls;
	int			n;
} TextArray;

/*
 * A call's entries, and what is needed to describe the bad ones.  Accounts
 * are looked up for the entries still good after the checks, so a lookup's
 * arrays have one element per such entry, not per entry.
 */
typedef struct Entries
{
	int			n;
	Entry	   *entries;
	TextArray  *user_ids;		/* NULL for mxpw_hash_many */
	const MxpwPolicy *policy;	/* NULL when passwords are not judged */
	char	  **qualified;		/* each valid user ID, completed once */
	int			nlookups;
	int		   *lookup_entry;	/* the entry each lookup is for */
	char	  **lookup_account;	/* the account found, deactivated ones too */
} Entries;

static void
get_text_array(FunctionCallInfo fcinfo, int argno, const char *name,
			   TextArray *result)
{
	mxpw_require_arg(fcinfo, argno, name);
	result->array = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(result->array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", name)));
	deconstruct_array(result->array, TEXTOID, -1, false, TYPALIGN_INT,
					  &result->values, &result->nulls, &result->n);
}

static text *
element(TextArray *array, int i)
{
	return DatumGetTextPP(array->values[i]);
}

/* An entry's first problem is the one reported. */
static void
set_problem(Entry *entry, EntryProblem problem, int status, int other)
{
	if (entry->problem != ENTRY_OK)
		return;
	entry->problem = problem;
	entry->status = status;
	entry->other = other;
}

/*
 * The phrase for bad entry i, for the client or for the server log: the log
 * is never shown a user ID as typed, which may be a password typed in the
 * wrong place.
 */
static const char *
entry_phrase(Entries *call, int i, bool for_client, int *sqlstate)
{
	Entry	   *entry = &call->entries[i];

	switch ((EntryProblem) entry->problem)
	{
		case ENTRY_OK:
			break;
		case ENTRY_NULL_USER_ID:
			*sqlstate = ERRCODE_NULL_VALUE_NOT_ALLOWED;
			return mxpw_null_phrase("user_id");
		case ENTRY_NULL_PASSWORD:
			*sqlstate = ERRCODE_NULL_VALUE_NOT_ALLOWED;
			return mxpw_null_phrase("password");
		case ENTRY_BAD_USER_ID:
			return mxpw_user_id_phrase(element(call->user_ids, i),
									   (MxpwUserIdStatus) entry->status,
									   for_client, sqlstate);
		case ENTRY_BAD_PASSWORD:
			return mxpw_password_phrase((MxpwPasswordStatus) entry->status,
										sqlstate);
		case ENTRY_REFUSED_BY_POLICY:
			return mxpw_policy_phrase((MxpwPolicyStatus) entry->status,
									  call->policy->kind == MXPW_POLICY_MAS ?
									  call->policy->minimum_complexity :
									  call->policy->minimum_length,
									  entry->other, sqlstate);
		case ENTRY_BAD_ACCOUNT:
			*sqlstate = mxpw_account_sqlstate((MxpwAccountStatus) entry->status);
			return mxpw_account_phrase((MxpwAccountStatus) entry->status,
									   call->qualified[i],
									   call->lookup_account[entry->other],
									   for_client);
		case ENTRY_DUPLICATE:
			*sqlstate = ERRCODE_CARDINALITY_VIOLATION;
			return psprintf("user \"%s\" is also entry %d",
							call->lookup_account[entry->other],
							call->lookup_entry[entry->other] + 1);
	}
	*sqlstate = 0;
	return NULL;
}

/*
 * Raises one error listing the bad entries, if any.  Its SQLSTATE is the
 * first bad entry's, which is the one a single call would have raised.
 */
static void
report_bad_entries(Entries *call, const char *hint)
{
	StringInfoData lists[2];	/* for the client, for the server log */
	int			nbad = 0;
	int			sqlstate = 0;
	bool		refused = false;

	for (int i = 0; i < call->n; i++)
	{
		if (call->entries[i].problem != ENTRY_OK)
			nbad++;
		refused |= call->entries[i].problem == ENTRY_REFUSED_BY_POLICY;
	}
	if (nbad == 0)
		return;

	for (int l = 0; l < 2; l++)
	{
		initStringInfo(&lists[l]);
		for (int i = 0, listed = 0; i < call->n && listed < MXPW_MAX_REPORTED; i++)
		{
			int			state;

			if (call->entries[i].problem == ENTRY_OK)
				continue;
			appendStringInfo(&lists[l], "%sEntry %d: %s.", listed > 0 ? "\n" : "",
							 i + 1, entry_phrase(call, i, l == 0, &state));
			if (listed == 0)
				sqlstate = state;
			listed++;
		}
		if (nbad > MXPW_MAX_REPORTED)
			appendStringInfo(&lists[l], "\nAnd %d more.", nbad - MXPW_MAX_REPORTED);
	}

	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg_plural("%d entry of %d is invalid",
						   "%d entries of %d are invalid",
						   nbad, nbad, call->n),
			 errdetail_internal("%s", lists[0].data),
			 errdetail_log("%s", lists[1].data),
			 refused ?
			 errhint("%s  To set passwords the policy refuses, pass skip_password_check => true.", hint) :
			 errhint("%s", hint)));
}

/*
 * A password entry, by the rules of mxpw_password_check, then by the
 * store's policy if it is given; a good one is prepared for hashing into
 * *prepared.  An entry already bad keeps its first problem, and is not
 * prepared: a call with millions of bad entries holds no copy of their
 * passwords.
 */
static void
check_password(Entry *entry, TextArray *passwords, int i,
			   const MxpwScheme *scheme, const MxpwPolicy *policy,
			   MxpwPassword *prepared)
{
	MxpwPasswordStatus status;
	MxpwPolicyVerdict verdict;
	text	   *password;

	if (entry->problem != ENTRY_OK)
		return;
	if (passwords->nulls[i])
	{
		set_problem(entry, ENTRY_NULL_PASSWORD, 0, 0);
		return;
	}
	password = element(passwords, i);
	status = mxpw_password_status(password, true, scheme, prepared);
	if (status != MXPW_PASSWORD_OK)
		set_problem(entry, ENTRY_BAD_PASSWORD, status, 0);
	else if (policy != NULL &&
			 mxpw_policy_judge(policy, VARDATA_ANY(password),
							   VARSIZE_ANY_EXHDR(password), &verdict) != MXPW_POLICY_OK)
	{
		set_problem(entry, ENTRY_REFUSED_BY_POLICY, verdict.status, verdict.score);
		mxpw_password_free(prepared);
	}
}

/*
 * The hashes of n prepared passwords, on every core allowed, reported to
 * progress; the prepared passwords are wiped whatever happens.
 */
static char **
hash_prepared(int n, MxpwPassword *prepared, const MxpwScheme *scheme,
			  MxpwProgress *progress)
{
	char	  **volatile hashes = NULL;

	PG_TRY();
	{
		hashes = mxpw_parallel_hash(n, prepared, scheme, progress);
	}
	PG_FINALLY();
	{
		mxpw_password_free_all(n, prepared);
	}
	PG_END_TRY();
	return hashes;
}

/*
 * Notes the entries whose user ID is NULL or not a valid one, and keeps
 * the others completed with the call's mxpw.server_name.
 */
static void
check_user_ids(Entries *call, const char *server_name)
{
	call->qualified = palloc0(sizeof(char *) * Max(call->n, 1));
	for (int i = 0; i < call->n; i++)
	{
		char		buf[MXPW_USER_ID_SIZE];
		MxpwUserIdStatus status;
		text	   *user_id;

		if (call->user_ids->nulls[i])
		{
			set_problem(&call->entries[i], ENTRY_NULL_USER_ID, 0, 0);
			continue;
		}
		user_id = element(call->user_ids, i);
		status = mxpw_user_id_qualify(VARDATA_ANY(user_id),
									  VARSIZE_ANY_EXHDR(user_id),
									  server_name, buf);
		if (status != MXPW_USER_ID_OK)
			set_problem(&call->entries[i], ENTRY_BAD_USER_ID, status, 0);
		else
			call->qualified[i] = pstrdup(buf);
	}
}

static int
compare_lookups(const void *a, const void *b, void *arg)
{
	char	  **accounts = (char **) arg;
	int			ia = *(const int *) a;
	int			ib = *(const int *) b;
	int			c = strcmp(accounts[ia], accounts[ib]);

	if (c != 0)
		return c;
	return (ia > ib) - (ia < ib);
}

/*
 * Finds and locks the accounts, as mxpw_store_find_account does one, of
 * the entries still good, and notes in the entries what is wrong with the
 * others.
 */
static void
lookup_accounts(MxpwStoreHandle *store, Entries *call)
{
	const char **qualified;
	MxpwAccount *accounts;
	int		   *order;
	int			nfound = 0;
	int			k = 0;

	for (int i = 0; i < call->n; i++)
		if (call->entries[i].problem == ENTRY_OK)
			call->nlookups++;
	call->lookup_entry = palloc(sizeof(int) * Max(call->nlookups, 1));
	call->lookup_account = palloc0(sizeof(char *) * Max(call->nlookups, 1));
	qualified = palloc(sizeof(char *) * Max(call->nlookups, 1));
	for (int i = 0; i < call->n; i++)
	{
		if (call->entries[i].problem != ENTRY_OK)
			continue;
		call->lookup_entry[k] = i;
		qualified[k++] = call->qualified[i];
	}

	accounts = palloc(sizeof(MxpwAccount) * Max(call->nlookups, 1));
	mxpw_store_find_accounts(store, call->nlookups, qualified, false, accounts);

	order = palloc(sizeof(int) * Max(call->nlookups, 1));
	for (k = 0; k < call->nlookups; k++)
	{
		call->lookup_account[k] = accounts[k].user_id;
		if (accounts[k].status == MXPW_ACCOUNT_FOUND)
			order[nfound++] = k;
		else
			set_problem(&call->entries[call->lookup_entry[k]], ENTRY_BAD_ACCOUNT,
						accounts[k].status, k);
	}

	/*
	 * Two entries reaching one account would leave it to chance which
	 * password it gets: every entry after the first is refused.
	 */
	qsort_arg(order, nfound, sizeof(int), compare_lookups, call->lookup_account);
	for (int j = 1, first = 0; j < nfound; j++)
	{
		if (strcmp(call->lookup_account[order[j]], call->lookup_account[order[first]]) != 0)
			first = j;
		else
			set_problem(&call->entries[call->lookup_entry[order[j]]],
						ENTRY_DUPLICATE, 0, order[first]);
	}
	pfree(qualified);
	pfree(accounts);
	pfree(order);
}

/*
 * Checks every entry (passwords may be NULL when they are generated) and
 * prepares its password into prepared, finds and locks the accounts, and
 * raises one error for all the bad entries.  Returns the accounts' user IDs
 * as stored, one per entry.
 */
static char **
checked_accounts(MxpwStoreHandle *store, TextArray *user_ids,
				 TextArray *passwords, const MxpwScheme *scheme,
				 const MxpwPolicy *policy, MxpwPassword *prepared)
{
	Entries		call = {0};

	call.n = user_ids->n;
	call.entries = palloc0(sizeof(Entry) * Max(call.n, 1));
	call.user_ids = user_ids;
	call.policy = policy;

	check_user_ids(&call, store->server_name);
	PG_TRY();
	{
		if (passwords != NULL)
			for (int i = 0; i < call.n; i++)
				check_password(&call.entries[i], passwords, i, scheme, policy,
							   &prepared[i]);
		lookup_accounts(store, &call);
		report_bad_entries(&call,
						   "No password was changed.  Correct or remove these entries and repeat the call.");
	}
	PG_CATCH();
	{
		if (prepared != NULL)
			mxpw_password_free_all(call.n, prepared);
		PG_RE_THROW();
	}
	PG_END_TRY();
	/* No entry is bad: there was a lookup for each, in order. */
	for (int i = 0; i < call.n; i++)
		if (call.qualified[i] != NULL)
			pfree(call.qualified[i]);
	pfree(call.qualified);
	pfree(call.entries);
	pfree(call.lookup_entry);
	return call.lookup_account;
}

/*
 * Sets up the call's result set, before any work so that a call from a
 * place that cannot take a set fails at once.  A result that holds
 * generated passwords is kept in memory rather than spilled to a temporary
 * file.
 */
static Tuplestorestate *
begin_result(FunctionCallInfo fcinfo, TupleDesc tupdesc, bool keep_in_memory)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));

	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	store = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
								  false, keep_in_memory ? MAX_KILOBYTES : work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	MemoryContextSwitchTo(oldcxt);
	return store;
}

MXPW_SQL_FUNCTION(mxpw_hash_many)
{
	TextArray	passwords;
	MxpwScheme *scheme;
	Entries		call = {0};
	MxpwPassword *prepared;
	char	  **hashes;
	Datum	   *results;
	ArrayType  *array;
	MxpwProgress *progress;

	get_text_array(fcinfo, 0, "passwords", &passwords);
	scheme = mxpw_store_current_scheme_at(mxpw_store_begin(), !PG_ARGISNULL(1),
										  PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));

	call.n = passwords.n;
	call.entries = palloc0(sizeof(Entry) * Max(passwords.n, 1));
	call.user_ids = NULL;
	prepared = palloc0(sizeof(MxpwPassword) * Max(passwords.n, 1));
	PG_TRY();
	{
		for (int i = 0; i < passwords.n; i++)
			check_password(&call.entries[i], &passwords, i, scheme, NULL,
						   &prepared[i]);
		report_bad_entries(&call, "Correct or remove these entries.");
	}
	PG_CATCH();
	{
		mxpw_password_free_all(passwords.n, prepared);
		PG_RE_THROW();
	}
	PG_END_TRY();
	if (passwords.n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));

	progress = mxpw_progress_begin(fcinfo, passwords.n);
	hashes = hash_prepared(passwords.n, prepared, scheme, progress);
	mxpw_progress_end(progress);
	results = palloc(sizeof(Datum) * passwords.n);
	for (int i = 0; i < passwords.n; i++)
		results[i] = CStringGetTextDatum(hashes[i]);

	/* The same shape as the input, so subscripts match. */
	array = passwords.array;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(results, NULL, ARR_NDIM(array),
											 ARR_DIMS(array), ARR_LBOUND(array),
											 TEXTOID, -1, false, TYPALIGN_INT));
}

MXPW_SQL_FUNCTION(mxpw_set_passwords)
{
	TextArray	user_ids;
	TextArray	passwords;
	bool		logout_devices;
	bool		skip = false;
	MxpwPolicy	policy;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	char	  **accounts;
	MxpwPassword *prepared;
	char	  **hashes;
	int			n;
	MxpwStoreHandle *handle;
	const MxpwScheme *scheme;
	MxpwProgress *progress;

	get_text_array(fcinfo, 0, "user_ids", &user_ids);
	get_text_array(fcinfo, 1, "passwords", &passwords);
	mxpw_require_arg(fcinfo, 2, "logout_devices");
	logout_devices = PG_GETARG_BOOL(2);
	/* Absent from the 1.2.1 declaration. */
	if (PG_NARGS() > 3)
	{
		mxpw_require_arg(fcinfo, 3, "skip_password_check");
		skip = PG_GETARG_BOOL(3);
	}
	if (user_ids.n != passwords.n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("user_ids and passwords must have the same number of elements"),
				 errdetail("user_ids has %d and passwords has %d.",
						   user_ids.n, passwords.n)));
	n = user_ids.n;

	tupdesc = CreateTemplateTupleDesc(1);
	TupleDescInitEntry(tupdesc, 1, "user_id", TEXTOID, -1, 0);
	store = begin_result(fcinfo, tupdesc, false);

	handle = mxpw_store_begin();
	scheme = mxpw_store_current_scheme(handle);
	mxpw_policy_get(handle->store->policy, &policy);
	prepared = palloc0(sizeof(MxpwPassword) * Max(n, 1));
	accounts = checked_accounts(handle, &user_ids, &passwords, scheme,
								skip ? NULL : &policy, prepared);
	progress = mxpw_progress_begin(fcinfo, n);
	hashes = hash_prepared(n, prepared, scheme, progress);
	mxpw_progress_step(progress, MXPW_PROGRESS_STORING);
	mxpw_store_set_hashes(handle, n, accounts, hashes, scheme->version,
						  logout_devices,
						  skip ? MXPW_CHANGE_PASSWORD_SET_UNCHECKED :
						  MXPW_CHANGE_PASSWORD_SET,
						  progress);
	mxpw_progress_end(progress);

	for (int i = 0; i < n; i++)
	{
		Datum		value = CStringGetTextDatum(accounts[i]);
		bool		isnull = false;

		tuplestore_putvalues(store, tupdesc, &value, &isnull);
	}
	return (Datum) 0;
}

static void
wipe_passwords(int n, text **passwords)
{
	for (int i = 0; i < n; i++)
		if (passwords[i] != NULL)
			explicit_bzero(VARDATA(passwords[i]), VARSIZE(passwords[i]) - VARHDRSZ);
}

MXPW_SQL_FUNCTION(mxpw_reset_passwords)
{
	TextArray	user_ids;
	bool		logout_devices;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	char	  **accounts;
	text	  **passwords;
	MxpwPassword *prepared;
	char	  **hashes;
	int			n;
	MxpwStoreHandle *handle;
	const MxpwScheme *scheme;
	MxpwProgress *progress;

	get_text_array(fcinfo, 0, "user_ids", &user_ids);
	mxpw_require_arg(fcinfo, 1, "logout_devices");
	logout_devices = PG_GETARG_BOOL(1);
	n = user_ids.n;

	tupdesc = CreateTemplateTupleDesc(2);
	TupleDescInitEntry(tupdesc, 1, "user_id", TEXTOID, -1, 0);
	TupleDescInitEntry(tupdesc, 2, "password", TEXTOID, -1, 0);
	store = begin_result(fcinfo, tupdesc, true);

	handle = mxpw_store_begin();
	scheme = mxpw_store_current_scheme(handle);
	accounts = checked_accounts(handle, &user_ids, NULL, scheme, NULL, NULL);

	passwords = palloc0(sizeof(text *) * Max(n, 1));
	prepared = palloc0(sizeof(MxpwPassword) * Max(n, 1));
	PG_TRY();
	{
		for (int i = 0; i < n; i++)
		{
			passwords[i] = mxpw_password_generate();
			mxpw_password_prepare(passwords[i], scheme, &prepared[i]);
		}
		progress = mxpw_progress_begin(fcinfo, n);
		hashes = hash_prepared(n, prepared, scheme, progress);
		mxpw_progress_step(progress, MXPW_PROGRESS_STORING);
		mxpw_store_set_hashes(handle, n, accounts, hashes, scheme->version,
							  logout_devices, MXPW_CHANGE_PASSWORD_RESET,
							  progress);
		mxpw_progress_end(progress);
		for (int i = 0; i < n; i++)
		{
			Datum		values[2];
			bool		nulls[2] = {false, false};

			values[0] = CStringGetTextDatum(accounts[i]);
			values[1] = PointerGetDatum(passwords[i]);
			tuplestore_putvalues(store, tupdesc, values, nulls);
		}
	}
	PG_FINALLY();
	{
		mxpw_password_free_all(n, prepared);
		wipe_passwords(n, passwords);
	}
	PG_END_TRY();
	return (Datum) 0;
}
