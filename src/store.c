/*
 * store.c
 *	  What the SQL functions call to find, lock and change accounts, in the
 *	  store this database holds: Synapse's or MAS's.
 *
 * Each SQL call recognises the store once, into a handle that every
 * operation of the call is given: the settings it reads are copied into it,
 * and the tables, columns and statements it uses are looked up or prepared
 * once.  Everything runs in the caller's transaction, so any error undoes
 * it all.  The store is called connected to SPI, opened and closed here
 * only, with auto_explain kept quiet: mxpw's statements carry the new hash.
 * Each change is logged when it commits, with the account and the acting
 * role and never a secret.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "audit.h"
#include "mxpw.h"
#include "password.h"
#include "report.h"
#include "store.h"
#include "userid.h"

/* Connects to SPI for a call of the store; returns what store_close takes. */
static int
store_open(void)
{
	int			quiet = mxpw_hiding_plans_begin();

	SPI_connect();
	return quiet;
}

/* The statements prepared in a connection go with it. */
static void
forget_plans(MxpwStoreHandle *h)
{
	for (int p = 0; p < MXPW_STORE_MAX_PLANS; p++)
	{
		if (h->plans[p] != NULL && h->keep_plans)
			SPI_freeplan(h->plans[p]);
		h->plans[p] = NULL;
	}
}

static void
store_close(MxpwStoreHandle *h, int quiet)
{
	forget_plans(h);
	SPI_finish();
	mxpw_hiding_plans_end(quiet);
}

/* An error ends the call before store_close: kept plans go with its memory. */
static void
forget_kept_plans(void *arg)
{
	MxpwStoreHandle *h = (MxpwStoreHandle *) arg;

	if (h->keep_plans)
		forget_plans(h);
}

void
mxpw_store_execute(const char *sql, int nargs, Oid *types, Datum *values,
				   int expected)
{
	int			ret = SPI_execute_with_args(sql, nargs, types, values,
											NULL, false, 0);

	if (ret != expected)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));
}

SPIPlanPtr
mxpw_store_plan(MxpwStoreHandle *h, int id)
{
	Assert(id >= 0 && id < MXPW_STORE_MAX_PLANS);
	return h->plans[id];
}

SPIPlanPtr
mxpw_store_prepare(MxpwStoreHandle *h, int id, const char *sql, int nargs,
				   Oid *types)
{
	MemoryContext cxt = CurrentMemoryContext;
	SPIPlanPtr	plan;

	Assert(id >= 0 && id < MXPW_STORE_MAX_PLANS && h->plans[id] == NULL);
	plan = SPI_prepare(sql, nargs, types);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));

	/*
	 * A plan run for many entries is kept, as only kept plans are re-planned
	 * when a table they use changes (say, by a trigger) in between.
	 */
	if (h->keep_plans && SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	MemoryContextSwitchTo(cxt);
	h->plans[id] = plan;
	return plan;
}

void
mxpw_store_run(SPIPlanPtr plan, Datum *values, int expected)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			ret = SPI_execute_plan(plan, values, NULL, false, 0);

	MemoryContextSwitchTo(cxt);
	if (ret != expected)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

MxpwAccountStatus
mxpw_lookup_choose(const MxpwLookup *lookup, const char *wanted,
				   const uint64 *rows, uint64 n, bool allow_inactive,
				   uint64 *chosen)
{
	SPITupleTable *tuptable = SPI_tuptable;
	uint64		k = 0;

	if (n == 0)
		return MXPW_ACCOUNT_MISSING;
	if (n > 1)
	{
		for (k = 0; k < n; k++)
			if (strcmp(SPI_getvalue(tuptable->vals[rows ? rows[k] : k],
									tuptable->tupdesc, lookup->namecol),
					   wanted) == 0)
				break;
		if (k == n)
			return MXPW_ACCOUNT_AMBIGUOUS;
	}
	*chosen = rows ? rows[k] : k;
	if (allow_inactive)
		return MXPW_ACCOUNT_FOUND;
	for (int f = 0; f < lookup->nflags; f++)
	{
		bool		isnull;
		Datum		flag = SPI_getbinval(tuptable->vals[*chosen], tuptable->tupdesc,
										 lookup->namecol + lookup->flags[f].offset,
										 &isnull);

		if (!isnull && DatumGetBool(flag))
			return lookup->flags[f].status;
	}
	return MXPW_ACCOUNT_FOUND;
}

char *
mxpw_lookup_names(const MxpwLookup *lookup, uint64 n)
{
	StringInfoData names;

	initStringInfo(&names);
	for (uint64 i = 0; i < n; i++)
		appendStringInfo(&names, "%s\"%s\"", i > 0 ? ", " : "",
						 SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
									  lookup->namecol));
	return names.data;
}

/* The id, from 0, that a row of a grouped lookup matched. */
static int
id_of_row(uint64 row)
{
	bool		isnull;

	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[row],
									   SPI_tuptable->tupdesc, 1, &isnull)) - 1;
}

uint64 *
mxpw_lookup_group(int nids, uint64 **rows)
{
	uint64		nrows = SPI_processed;
	uint64	   *start = palloc0(sizeof(uint64) * (Max(nids, 0) + 1));
	uint64	   *next;

	*rows = palloc(sizeof(uint64) * Max(nrows, 1));
	if (nids <= 0)
		return start;
	next = palloc(sizeof(uint64) * nids);
	for (uint64 r = 0; r < nrows; r++)
		start[id_of_row(r) + 1]++;
	for (int e = 1; e <= nids; e++)
		start[e] += start[e - 1];
	memcpy(next, start, sizeof(uint64) * nids);
	for (uint64 r = 0; r < nrows; r++)
		(*rows)[next[id_of_row(r)]++] = r;
	pfree(next);
	return start;
}

void
mxpw_lookup_fail(MxpwAccountStatus status, const char *qualified,
				 const char *account, const char *detail,
				 const char *detail_log, const char *hint)
{
	ereport(ERROR,
			(errcode(mxpw_account_sqlstate(status)),
			 errmsg("%s", mxpw_account_phrase(status, qualified, account, false)),
			 detail ? errdetail("%s", detail) : 0,
			 detail_log ? errdetail_log("%s", detail_log) : 0,
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

static Oid
schema_oid(const char *schema)
{
	return get_namespace_oid(schema, true);
}

/* A column a store's table must have, of its type. */
typedef struct StoreColumn
{
	const char *name;
	Oid			type;
} StoreColumn;

/*
 * The ordinary table nsp.table, and its owner; InvalidOid if there is
 * none.
 */
static Oid
ordinary_table(Oid nsp, const char *table, Oid *owner)
{
	Oid			relid;
	HeapTuple	tuple;
	Form_pg_class form;
	bool		ordinary;

	if (!OidIsValid(nsp))
		return InvalidOid;
	relid = get_relname_relid(table, nsp);
	if (!OidIsValid(relid))
		return InvalidOid;
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return InvalidOid;
	form = (Form_pg_class) GETSTRUCT(tuple);
	ordinary = form->relkind == RELKIND_RELATION;
	*owner = form->relowner;
	ReleaseSysCache(tuple);
	return ordinary ? relid : InvalidOid;
}

/*
 * Whether relid has every column of columns, of its type.  Any role with
 * CREATE on a schema can put a relation of any name there: only the shape
 * of a store's own table counts.
 */
static bool
has_columns(Oid relid, const StoreColumn *columns, int ncolumns)
{
	if (!OidIsValid(relid))
		return false;
	for (int c = 0; c < ncolumns; c++)
	{
		HeapTuple	tuple = SearchSysCacheAttName(relid, columns[c].name);
		bool		ok;

		if (!HeapTupleIsValid(tuple))
			return false;
		ok = ((Form_pg_attribute) GETSTRUCT(tuple))->atttypid == columns[c].type;
		ReleaseSysCache(tuple);
		if (!ok)
			return false;
	}
	return true;
}

/* What the tables of this database showed: which store is here. */
typedef struct StoreFound
{
	const MxpwStore *store;
	bool		none;			/* neither store's tables */
	Oid			schema_oid;
	Oid			users;			/* the store's users table, if recognised */
	Oid			passwords;		/* MAS's user_passwords */
} StoreFound;

/*
 * Both stores have a "users" table: each is recognised by the columns of
 * its own tables, which the other's lack.
 *
 * Synapse's users, with the columns mxpw reads and writes, as Synapse
 * declares them (synapse/storage/schema/main/full_schemas/72/
 * full.sql.postgres).
 *
 * MAS's users and user_passwords, with the columns mxpw uses, as MAS
 * declares them (crates/storage-pg/migrations/20221018142001_init.sql,
 * 20221213145242_password_schemes.sql), owned by one role: MAS's
 * migrations create both as MAS's database role, so a role that may only
 * create tables in the schema cannot pass its own table off as MAS's.
 */
static void
recognise(StoreFound *found)
{
	static const StoreColumn synapse_users[] = {
		{"name", TEXTOID}, {"password_hash", TEXTOID},
	};
	static const StoreColumn mas_users[] = {
		{"user_id", UUIDOID}, {"username", TEXTOID},
	};
	static const StoreColumn mas_passwords[] = {
		{"user_password_id", UUIDOID}, {"user_id", UUIDOID},
		{"hashed_password", TEXTOID}, {"created_at", TIMESTAMPTZOID},
		{"version", INT4OID},
	};
	bool		same = strcmp(mxpw_mas_schema, mxpw_synapse_schema) == 0;
	Oid			synapse_nsp = schema_oid(mxpw_synapse_schema);
	Oid			mas_nsp = same ? synapse_nsp : schema_oid(mxpw_mas_schema);
	Oid			passwords_owner = InvalidOid;
	Oid			users_owner = InvalidOid;
	Oid			passwords;
	Oid			users = InvalidOid;
	Oid			synapse_table;
	bool		mas = false;
	bool		synapse;

	/* user_passwords first: Synapse's database has none. */
	passwords = ordinary_table(mas_nsp, "user_passwords", &passwords_owner);
	if (has_columns(passwords, mas_passwords, lengthof(mas_passwords)))
	{
		users = ordinary_table(mas_nsp, "users", &users_owner);
		mas = has_columns(users, mas_users, lengthof(mas_users)) &&
			users_owner == passwords_owner;
	}
	if (same && OidIsValid(users))
		synapse_table = users;
	else
		synapse_table = ordinary_table(synapse_nsp, "users", &users_owner);
	synapse = has_columns(synapse_table, synapse_users, lengthof(synapse_users));

	if (mas && synapse && !same)
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				 errmsg("this database holds both Synapse's and MAS's tables"),
				 errdetail("Table \"%s.users\" looks like Synapse's and \"%s.user_passwords\" like MAS's.",
						   mxpw_synapse_schema, mxpw_mas_schema),
				 errhint("Set mxpw.synapse_schema or mxpw.mas_schema to a schema without such tables, so that one store is left.")));

	memset(found, 0, sizeof(StoreFound));
	if (mas)
	{
		found->store = &mxpw_mas_store;
		found->schema_oid = mas_nsp;
		found->users = users;
		found->passwords = passwords;
		return;
	}
	found->store = &mxpw_synapse_store;
	found->schema_oid = synapse_nsp;
	if (synapse)
		found->users = synapse_table;
	else
	{
		/*
		 * With neither, a use that needs the store fails; but Synapse's
		 * store names a missing schema, as it always has.
		 */
		found->none = OidIsValid(synapse_nsp);
	}
}

/* The handle's entry for table, made if need be. */
static MxpwStoreTable *
handle_table(MxpwStoreHandle *h, const char *table)
{
	for (int t = 0; t < h->ntables; t++)
		if (strcmp(h->tables[t].name, table) == 0)
			return &h->tables[t];
	if (h->ntables >= MXPW_STORE_MAX_TABLES)
		elog(ERROR, "too many tables in one store");
	h->tables[h->ntables].name = table;
	h->tables[h->ntables].relid = InvalidOid;
	h->tables[h->ntables].quoted = NULL;
	return &h->tables[h->ntables++];
}

/* A handle on what recognise found, in the current memory context. */
static MxpwStoreHandle *
handle_make(const StoreFound *found)
{
	MxpwStoreHandle *h = palloc0(sizeof(MxpwStoreHandle));

	h->store = found->store;
	h->none = found->none;
	h->schema = pstrdup(found->store == &mxpw_mas_store ? mxpw_mas_schema :
						mxpw_synapse_schema);
	h->schema_oid = found->schema_oid;
	h->server_name = pstrdup(mxpw_server_name);
	h->has_locked = -1;
	h->cxt = CurrentMemoryContext;

	/* What recognising the store found is not looked up again. */
	if (OidIsValid(found->users))
		handle_table(h, "users")->relid = found->users;
	if (OidIsValid(found->passwords))
		handle_table(h, "user_passwords")->relid = found->passwords;
	return h;
}

MxpwStoreHandle *
mxpw_store_begin(void)
{
	StoreFound	found;

	recognise(&found);
	return handle_make(&found);
}

/*
 * What mxpw_store_begin_cached keeps: what the tables showed, while the
 * schema settings and the catalogs are as they were.
 */
typedef struct StoreCache
{
	uint64		generation;
	char	   *synapse_schema;
	char	   *mas_schema;
	StoreFound	found;
} StoreCache;

/* Counts the catalog changes seen: of any relation, or of a schema. */
static uint64 catalog_generation = 1;

static void
relation_changed(Datum arg, Oid relid)
{
	catalog_generation++;
}

static void
schema_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	catalog_generation++;
}

void
mxpw_store_init(void)
{
	CacheRegisterRelcacheCallback(relation_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, schema_changed, (Datum) 0);
}

MxpwStoreHandle *
mxpw_store_begin_cached(FunctionCallInfo fcinfo)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	StoreCache *cache;

	if (flinfo == NULL)
		return mxpw_store_begin();
	cache = (StoreCache *) flinfo->fn_extra;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(StoreCache));
		flinfo->fn_extra = cache;
	}
	if (cache->generation != catalog_generation ||
		strcmp(cache->synapse_schema, mxpw_synapse_schema) != 0 ||
		strcmp(cache->mas_schema, mxpw_mas_schema) != 0)
	{
		/* Read first: a change seen while looking is seen again next time. */
		uint64		generation = catalog_generation;

		cache->generation = 0;
		recognise(&cache->found);
		if (cache->synapse_schema != NULL)
		{
			pfree(cache->synapse_schema);
			pfree(cache->mas_schema);
		}
		cache->synapse_schema = MemoryContextStrdup(flinfo->fn_mcxt, mxpw_synapse_schema);
		cache->mas_schema = MemoryContextStrdup(flinfo->fn_mcxt, mxpw_mas_schema);
		cache->generation = generation;
	}
	return handle_make(&cache->found);
}

void
mxpw_store_require(MxpwStoreHandle *h)
{
	if (!h->none)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_TABLE),
			 errmsg("this database holds neither Synapse's nor MAS's tables"),
			 errdetail("Neither Synapse's table \"%s.users\" nor MAS's tables \"%s.users\" and \"%s.user_passwords\" exist with the columns mxpw uses.",
					   mxpw_synapse_schema, mxpw_mas_schema, mxpw_mas_schema),
			 errhint("Connect to the database Synapse or MAS uses, or set mxpw.synapse_schema or mxpw.mas_schema to the schema that holds its tables.")));
}

const char *
mxpw_store_table(MxpwStoreHandle *h, const char *table)
{
	MxpwStoreTable *t = handle_table(h, table);
	const MxpwStore *store = h->store;

	if (t->quoted != NULL)
		return t->quoted;
	if (!OidIsValid(h->schema_oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema \"%s\" does not exist", h->schema),
				 errhint("Set %s to the schema that holds %s's tables.",
						 store->setting, store->name)));

	/*
	 * Any role may create tables, and triggers on them, in its temporary
	 * schema; a privileged caller must never write there.
	 */
	if (!h->schema_checked)
	{
		if (isAnyTempNamespace(h->schema_oid))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_SCHEMA_NAME),
					 errmsg("%s must not name a temporary schema", store->setting),
					 errdetail("Schema \"%s\" is a temporary schema, which any role can fill with tables of its own.",
							   h->schema)));
		h->schema_checked = true;
	}
	if (!OidIsValid(t->relid))
		t->relid = get_relname_relid(table, h->schema_oid);
	if (!OidIsValid(t->relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("this does not look like a %s database", store->name),
				 errdetail("Table \"%s.%s\" does not exist.", h->schema, table),
				 errhint("Connect to the database %s uses, or set %s to the schema that holds its tables.",
						 store->name, store->setting)));
	t->quoted = MemoryContextStrdup(h->cxt, quote_qualified_identifier(h->schema, table));
	return t->quoted;
}

Oid
mxpw_store_table_relid(MxpwStoreHandle *h, const char *table)
{
	MxpwStoreTable *t = handle_table(h, table);

	Assert(t->quoted != NULL);
	return t->relid;
}

/*
 * The account a login with user_id, as typed, reaches, locked until the
 * end of the transaction if lock.  Returns the account's user ID as stored.
 */
char *
mxpw_store_find_account(MxpwStoreHandle *h, text *user_id,
						bool allow_deactivated, bool lock)
{
	char		qualified[MXPW_USER_ID_SIZE];
	MxpwUserIdStatus status;
	char	   *account;
	int			quiet;

	mxpw_store_require(h);
	status = mxpw_user_id_qualify(VARDATA_ANY(user_id), VARSIZE_ANY_EXHDR(user_id),
								  h->server_name, qualified);
	if (status != MXPW_USER_ID_OK)
		mxpw_report_user_id(user_id, status);

	quiet = store_open();
	account = h->store->find_account(h, qualified, allow_deactivated, lock);
	store_close(h, quiet);
	return account;
}

/* user_ids are full user IDs, already checked. */
void
mxpw_store_find_accounts(MxpwStoreHandle *h, int n,
						 const char *const *user_ids,
						 bool allow_deactivated, MxpwAccount *accounts)
{
	int			quiet;

	mxpw_store_require(h);
	if (n == 0)
		return;
	quiet = store_open();
	h->store->find_accounts(h, n, user_ids, allow_deactivated, accounts);
	store_close(h, quiet);
}

/*
 * Stores the account's new hash, made with the scheme of version, and logs
 * the account out if asked; the change is logged, as of kind, when it
 * commits.
 */
void
mxpw_store_set_hash(MxpwStoreHandle *h, const char *account, const char *hash,
					int version, bool revoke_sessions, MxpwChangeKind kind)
{
	int			revoked = -1;
	int			quiet;

	mxpw_store_require(h);
	quiet = store_open();
	h->store->set_hash(h, account, hash, version);
	if (revoke_sessions)
		revoked = h->store->revoke_sessions(h, account);
	store_close(h, quiet);

	mxpw_audit_change(kind, account, revoked, h->store->logout_unit);
}

/*
 * One connection to SPI for all the accounts, and each statement prepared
 * at its first run; each entry's memory is freed before the next, so that
 * a long run does not grow.
 */
void
mxpw_store_set_hashes(MxpwStoreHandle *h, int n, char *const *accounts,
					  char *const *hashes, int version, bool revoke_sessions,
					  MxpwChangeKind kind, MxpwProgress *progress)
{
	MemoryContext entrycxt;
	MemoryContext spicxt;
	MemoryContextCallback *forget;
	int			quiet;

	mxpw_store_require(h);
	if (n == 0)
		return;
	forget = MemoryContextAlloc(h->cxt, sizeof(MemoryContextCallback));
	forget->func = forget_kept_plans;
	forget->arg = h;
	MemoryContextRegisterResetCallback(h->cxt, forget);
	entrycxt = AllocSetContextCreate(CurrentMemoryContext, "mxpw store",
									 ALLOCSET_SMALL_SIZES);

	h->keep_plans = true;
	quiet = store_open();
	spicxt = MemoryContextSwitchTo(entrycxt);
	for (int i = 0; i < n; i++)
	{
		int			revoked = -1;

		CHECK_FOR_INTERRUPTS();
		if (mxpw_progress_due(progress))
			mxpw_progress_report(progress, i);
		h->store->set_hash(h, accounts[i], hashes[i], version);
		if (revoke_sessions)
			revoked = h->store->revoke_sessions(h, accounts[i]);
		/* SPI leaves its own context current after each statement. */
		MemoryContextSwitchTo(entrycxt);
		mxpw_audit_change(kind, accounts[i], revoked, h->store->logout_unit);
		MemoryContextReset(entrycxt);
	}
	MemoryContextSwitchTo(spicxt);
	store_close(h, quiet);
	h->keep_plans = false;
	MemoryContextDelete(entrycxt);
}

/* Logs the account out everywhere.  Returns how many sessions ended. */
int
mxpw_store_revoke_sessions(MxpwStoreHandle *h, const char *account)
{
	int			revoked;
	int			quiet;

	mxpw_store_require(h);
	quiet = store_open();
	revoked = h->store->revoke_sessions(h, account);
	store_close(h, quiet);

	mxpw_audit_change(MXPW_CHANGE_SESSIONS_REVOKED, account, revoked,
					  h->store->logout_unit);
	return revoked;
}

char *
mxpw_store_current_hash(MxpwStoreHandle *h, const char *account, int *version)
{
	char	   *hash;
	int			quiet;

	mxpw_store_require(h);
	quiet = store_open();
	hash = h->store->current_hash(h, account, version);
	store_close(h, quiet);
	return hash;
}

/* Copied once, in the handle's memory: the call hashes with one scheme. */
const MxpwScheme *
mxpw_store_current_scheme(MxpwStoreHandle *h)
{
	if (h->current == NULL)
	{
		MemoryContext oldcxt = MemoryContextSwitchTo(h->cxt);

		h->current = mxpw_scheme_copy(h->store->current_scheme());
		MemoryContextSwitchTo(oldcxt);
	}
	return h->current;
}

MxpwScheme *
mxpw_store_scheme(MxpwStoreHandle *h, int version)
{
	return mxpw_scheme_copy(h->store->scheme(version));
}

MxpwScheme *
mxpw_store_current_scheme_at(MxpwStoreHandle *h, bool has_rounds, int rounds)
{
	MxpwScheme *scheme = mxpw_scheme_copy(mxpw_store_current_scheme(h));

	/* The scheme's own cost was checked when its setting was set. */
	if (!has_rounds)
		return scheme;
	if (scheme->algorithm->max_cost == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rounds applies to bcrypt only"),
				 errdetail("The current scheme of mxpw.mas_password_schemes, version %d, uses %s.",
						   scheme->version, mxpw_algorithm_name(scheme->algorithm)),
				 errhint("Leave rounds out.")));
	mxpw_password_check_rounds(rounds);
	scheme->cost = rounds;
	return scheme;
}

const MxpwScheme *
mxpw_store_verify_scheme(MxpwStoreHandle *h, text *hash, int version)
{
	if (version >= 0)
		return mxpw_scheme_copy(mxpw_mas_scheme(version));
	if (hash == NULL)
		return mxpw_store_current_scheme(h);
	return h->store->scheme_for_hash(h, hash);
}

int
mxpw_store_hash_version(MxpwStoreHandle *h, text *hash, int version)
{
	mxpw_store_require(h);
	return h->store->hash_version(h, hash, version);
}
