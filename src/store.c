/*
 * store.c
 *	  What the SQL functions call to find, lock and change accounts, in the
 *	  store this database holds: Synapse's or MAS's.
 *
 * Everything runs in the caller's transaction, so any error undoes it all.
 * The store is called connected to SPI, opened and closed here only, with
 * auto_explain kept quiet: mxpw's statements carry the new hash.  Each
 * change is logged when it commits, with the account and the acting role
 * and never a secret.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
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

static void
store_close(int quiet)
{
	SPI_finish();
	mxpw_hiding_plans_end(quiet);
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
 * The ordinary table schema.table, if it has every column of columns;
 * InvalidOid otherwise.  Any role with CREATE on a schema can put a
 * relation of any name there: only the shape of a store's own table
 * counts.
 */
static Oid
store_relation(const char *schema, const char *table,
			   const StoreColumn *columns, int ncolumns)
{
	Oid			nsp = schema_oid(schema);
	Oid			relid;

	if (!OidIsValid(nsp))
		return InvalidOid;
	relid = get_relname_relid(table, nsp);
	if (!OidIsValid(relid) || get_rel_relkind(relid) != RELKIND_RELATION)
		return InvalidOid;
	for (int c = 0; c < ncolumns; c++)
	{
		AttrNumber	attnum = get_attnum(relid, columns[c].name);

		if (attnum == InvalidAttrNumber ||
			get_atttype(relid, attnum) != columns[c].type)
			return InvalidOid;
	}
	return relid;
}

static Oid
relation_owner(Oid relid)
{
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/*
 * Synapse's users, with the columns mxpw reads and writes, as Synapse
 * declares them (synapse/storage/schema/main/full_schemas/72/
 * full.sql.postgres).
 */
static bool
has_synapse_tables(void)
{
	static const StoreColumn users[] = {
		{"name", TEXTOID}, {"password_hash", TEXTOID},
	};

	return OidIsValid(store_relation(mxpw_synapse_schema, "users",
									 users, lengthof(users)));
}

/*
 * MAS's users and user_passwords, with the columns mxpw uses, as MAS
 * declares them (crates/storage-pg/migrations/20221018142001_init.sql,
 * 20221213145242_password_schemes.sql), owned by one role: MAS's
 * migrations create both as MAS's database role, so a role that may only
 * create tables in the schema cannot pass its own table off as MAS's.
 */
static bool
has_mas_tables(void)
{
	static const StoreColumn users[] = {
		{"user_id", UUIDOID}, {"username", TEXTOID},
	};
	static const StoreColumn passwords[] = {
		{"user_password_id", UUIDOID}, {"user_id", UUIDOID},
		{"hashed_password", TEXTOID}, {"created_at", TIMESTAMPTZOID},
		{"version", INT4OID},
	};
	Oid			users_oid = store_relation(mxpw_mas_schema, "users",
										   users, lengthof(users));
	Oid			passwords_oid = store_relation(mxpw_mas_schema, "user_passwords",
											   passwords, lengthof(passwords));

	return OidIsValid(users_oid) && OidIsValid(passwords_oid) &&
		relation_owner(users_oid) == relation_owner(passwords_oid);
}

/*
 * Both stores have a "users" table: each is recognised by the columns of
 * its own tables, which the other's lack.
 */
const MxpwStore *
mxpw_store_here(bool required)
{
	bool		mas = has_mas_tables();
	bool		synapse = has_synapse_tables();
	bool		same = strcmp(mxpw_mas_schema, mxpw_synapse_schema) == 0;

	if (mas && synapse && !same)
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				 errmsg("this database holds both Synapse's and MAS's tables"),
				 errdetail("Table \"%s.users\" looks like Synapse's and \"%s.user_passwords\" like MAS's.",
						   mxpw_synapse_schema, mxpw_mas_schema),
				 errhint("Set mxpw.synapse_schema or mxpw.mas_schema to a schema without such tables, so that one store is left.")));
	if (mas)
		return &mxpw_mas_store;
	if (synapse)
		return &mxpw_synapse_store;
	if (!required)
		return NULL;

	/* Synapse's store names a missing schema, as it always has. */
	if (!OidIsValid(schema_oid(mxpw_synapse_schema)))
		return &mxpw_synapse_store;
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_TABLE),
			 errmsg("this database holds neither Synapse's nor MAS's tables"),
			 errdetail("Neither Synapse's table \"%s.users\" nor MAS's tables \"%s.users\" and \"%s.user_passwords\" exist with the columns mxpw uses.",
					   mxpw_synapse_schema, mxpw_mas_schema, mxpw_mas_schema),
			 errhint("Connect to the database Synapse or MAS uses, or set mxpw.synapse_schema or mxpw.mas_schema to the schema that holds its tables.")));
	return NULL;				/* keep compiler quiet */
}

char *
mxpw_store_table(const MxpwStore *store, const char *setting,
				 const char *schema, const char *table)
{
	Oid			oid = schema_oid(schema);

	if (!OidIsValid(oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema \"%s\" does not exist", schema),
				 errhint("Set %s to the schema that holds %s's tables.", setting, store->name)));

	/*
	 * Any role may create tables, and triggers on them, in its temporary
	 * schema; a privileged caller must never write there.
	 */
	if (isAnyTempNamespace(oid))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_NAME),
				 errmsg("%s must not name a temporary schema", setting),
				 errdetail("Schema \"%s\" is a temporary schema, which any role can fill with tables of its own.",
						   schema)));
	if (!OidIsValid(get_relname_relid(table, oid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("this does not look like a %s database", store->name),
				 errdetail("Table \"%s.%s\" does not exist.", schema, table),
				 errhint("Connect to the database %s uses, or set %s to the schema that holds its tables.",
						 store->name, setting)));
	return quote_qualified_identifier(schema, table);
}

/*
 * The account a login with user_id, as typed, reaches, locked until the
 * end of the transaction if lock.  Returns the account's user ID as stored.
 */
char *
mxpw_store_find_account(text *user_id, bool allow_deactivated, bool lock)
{
	const MxpwStore *store = mxpw_store_here(true);
	char		qualified[MXPW_USER_ID_SIZE];
	MxpwUserIdStatus status;
	char	   *account;
	int			quiet;

	status = mxpw_user_id_qualify(VARDATA_ANY(user_id), VARSIZE_ANY_EXHDR(user_id),
								  mxpw_server_name, qualified);
	if (status != MXPW_USER_ID_OK)
		mxpw_report_user_id(user_id, status);

	quiet = store_open();
	account = store->find_account(qualified, allow_deactivated, lock);
	store_close(quiet);
	return account;
}

/* user_ids are full user IDs, already checked. */
void
mxpw_store_find_accounts(int n, const char *const *user_ids,
						 bool allow_deactivated, MxpwAccount *accounts)
{
	const MxpwStore *store = mxpw_store_here(true);
	int			quiet;

	if (n == 0)
		return;
	quiet = store_open();
	store->find_accounts(n, user_ids, allow_deactivated, accounts);
	store_close(quiet);
}

/*
 * Stores the account's new hash, made with the scheme of version, and logs
 * the account out if asked; the change is logged, as of kind, when it
 * commits.
 */
void
mxpw_store_set_hash(const char *account, const char *hash, int version,
					bool revoke_sessions, MxpwChangeKind kind)
{
	const MxpwStore *store = mxpw_store_here(true);
	int			revoked = -1;
	int			quiet = store_open();

	store->set_hash(account, hash, version);
	if (revoke_sessions)
		revoked = store->revoke_sessions(account);
	store_close(quiet);

	mxpw_audit_change(kind, account, revoked, store->logout_unit);
}

/* Logs the account out everywhere.  Returns how many sessions ended. */
int
mxpw_store_revoke_sessions(const char *account)
{
	const MxpwStore *store = mxpw_store_here(true);
	int			revoked;
	int			quiet = store_open();

	revoked = store->revoke_sessions(account);
	store_close(quiet);

	mxpw_audit_change(MXPW_CHANGE_SESSIONS_REVOKED, account, revoked,
					  store->logout_unit);
	return revoked;
}

char *
mxpw_store_current_hash(const char *account, int *version)
{
	const MxpwStore *store = mxpw_store_here(true);
	char	   *hash;
	int			quiet = store_open();

	hash = store->current_hash(account, version);
	store_close(quiet);
	return hash;
}

MxpwScheme *
mxpw_store_current_scheme(void)
{
	const MxpwStore *store = mxpw_store_here(false);

	return mxpw_scheme_copy((store ? store : &mxpw_synapse_store)->current_scheme());
}

MxpwScheme *
mxpw_store_scheme(int version)
{
	const MxpwStore *store = mxpw_store_here(false);

	return mxpw_scheme_copy((store ? store : &mxpw_synapse_store)->scheme(version));
}

MxpwScheme *
mxpw_store_current_scheme_at(bool has_rounds, int rounds)
{
	MxpwScheme *scheme = mxpw_store_current_scheme();

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
