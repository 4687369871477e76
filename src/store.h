/*
 * store.h
 *	  The account store: where a homeserver keeps its accounts, their
 *	  password hashes and their sessions.
 *
 * A store implements MxpwStore; store.c is the one place that calls it.  It
 * connects to SPI around every call, so an implementation runs connected,
 * and logs each change when it commits.  Two stores: Synapse's database
 * (store_synapse.c) and MAS's (store_mas.c).
 */
#ifndef MXPW_STORE_H
#define MXPW_STORE_H

#include "audit.h"
#include "executor/spi.h"
#include "mxpw.h"
#include "policy.h"
#include "progress.h"
#include "report.h"
#include "scheme.h"

typedef struct MxpwAccount
{
	MxpwAccountStatus status;
	char	   *user_id;		/* the account's user ID as stored, when
								 * found or deactivated */
} MxpwAccount;

typedef struct MxpwStore MxpwStore;

/* A table of the store, resolved at its first use in a call. */
typedef struct MxpwStoreTable
{
	const char *name;			/* as the store names it: "users" */
	Oid			relid;			/* InvalidOid until looked up */
	char	   *quoted;			/* schema.table, once checked */
} MxpwStoreTable;

#define MXPW_STORE_MAX_TABLES	8
#define MXPW_STORE_MAX_PLANS	8

/*
 * One SQL call's store, made once at its start (mxpw_store_begin) and
 * passed down to every operation: which store, the settings it reads,
 * copied so that a change during the call (by a trigger on the store's
 * tables) changes nothing, and what the call has looked up so far.  Lives
 * in the memory context that was current when it was made.
 */
typedef struct MxpwStoreHandle
{
	const MxpwStore *store;		/* Synapse's when neither store is here */
	bool		none;			/* neither store's tables: a use that needs
								 * them fails (mxpw_store_require) */
	char	   *schema;			/* the store's schema setting, copied */
	Oid			schema_oid;		/* InvalidOid when there is no such schema */
	bool		schema_checked; /* not a temporary schema */
	char	   *server_name;	/* mxpw.server_name, copied */
	int			ntables;
	MxpwStoreTable tables[MXPW_STORE_MAX_TABLES];
	int			has_locked;		/* Synapse's users.locked: 1, 0, or -1
								 * until looked up */
	MxpwScheme *current;		/* the current scheme, copied at first use */

	/*
	 * Statements a bulk call runs for every entry, prepared at their first
	 * run in the open connection to SPI, by the store's own numbering.
	 */
	SPIPlanPtr	plans[MXPW_STORE_MAX_PLANS];
	bool		keep_plans;		/* kept, so that DDL re-plans them */
	MemoryContext cxt;
} MxpwStoreHandle;

/*
 * Every user_id below is a full user ID ("@localpart:server"); every
 * account is an account's user ID as stored (for MAS, "@username:" and
 * mxpw.server_name).  Accounts are always locked in one order, so that
 * calls locking several cannot deadlock each other.  The operations that
 * run statements are called connected to SPI.
 */
struct MxpwStore
{
	/* How messages name the homeserver service: "Synapse", "MAS". */
	const char *name;

	/* What mxpw_account_store returns: "synapse", "mas". */
	const char *id;

	/* The setting that names the schema of its tables. */
	const char *setting;

	/* What revoke_sessions counts. */
	MxpwLogoutUnit logout_unit;

	/* The rules its own tools apply to a password the user chooses. */
	MxpwPolicyKind policy;

	/*
	 * Finds the account a login with user_id reaches and, if lock, locks it
	 * until the end of the transaction; raises the error for any status but
	 * MXPW_ACCOUNT_FOUND.  Returns the account, palloc'd in the caller's
	 * context.
	 */
	char	   *(*find_account) (MxpwStoreHandle *h, const char *user_id,
								 bool allow_deactivated, bool lock);

	/*
	 * find_account for n user IDs at once: problems are left in
	 * accounts[i].status rather than raised, so that the caller can report
	 * them all.  The accounts found are locked.
	 */
	void		(*find_accounts) (MxpwStoreHandle *h, int n,
								  const char *const *user_ids,
								  bool allow_deactivated, MxpwAccount *accounts);

	/* Stores hash, made with the scheme of version, for a locked account. */
	void		(*set_hash) (MxpwStoreHandle *h, const char *account,
							 const char *hash, int version);

	/* Logs the account out everywhere.  Returns how many sessions ended. */
	int			(*revoke_sessions) (MxpwStoreHandle *h, const char *account);

	/*
	 * The hash a login of the account is checked against, and its scheme's
	 * version; NULL if it has none.
	 */
	char	   *(*current_hash) (MxpwStoreHandle *h, const char *account,
								 int *version);

	/* The scheme that hashes new passwords, and the one of a version. */
	const MxpwScheme *(*current_scheme) (void);
	const MxpwScheme *(*scheme) (int version);

	/*
	 * The scheme that checks hash when the caller names no version, or NULL
	 * when no scheme here could (a login could not match).
	 */
	const MxpwScheme *(*scheme_for_hash) (MxpwStoreHandle *h, text *hash);

	/*
	 * The version to store a ready-made hash with: version if the caller
	 * named one (in range, else -1), checked against the hash; an error if
	 * the store cannot take the hash.
	 */
	int			(*hash_version) (MxpwStoreHandle *h, text *hash, int version);
};

extern const MxpwStore mxpw_synapse_store;
extern const MxpwStore mxpw_mas_store;

/*
 * Quoted schema.table of the handle's store, after checking, at the
 * table's first use in the call, that it exists.
 */
extern const char *mxpw_store_table(MxpwStoreHandle *h, const char *table);

/* The relation of a table that mxpw_store_table has checked. */
extern Oid	mxpw_store_table_relid(MxpwStoreHandle *h, const char *table);

/*
 * The statement numbered id of the store, prepared in this connection to
 * SPI, or NULL before mxpw_store_prepare has prepared it from its SQL.
 */
extern SPIPlanPtr mxpw_store_plan(MxpwStoreHandle *h, int id);
extern SPIPlanPtr mxpw_store_prepare(MxpwStoreHandle *h, int id,
									 const char *sql, int nargs, Oid *types);

/*
 * Runs a prepared statement, which must give the result code expected, and
 * returns to the caller's memory context, which SPI leaves.
 */
extern void mxpw_store_run(SPIPlanPtr plan, Datum *values, int expected);

/*
 * Helpers for a store's lookups of accounts (store.c).  A lookup's rows are
 * in SPI_tuptable, with the account's name as stored in column namecol and,
 * after it, booleans that make a login fail: the first flag whose column is
 * true gives the row's status.
 */
typedef struct MxpwLookupFlag
{
	int			offset;			/* column namecol + offset */
	MxpwAccountStatus status;
} MxpwLookupFlag;

typedef struct MxpwLookup
{
	int			namecol;
	int			nflags;
	const MxpwLookupFlag *flags;
} MxpwLookup;

/*
 * Picks the account a login with wanted reaches among the n rows rows[]
 * (rows 0 to n - 1 if rows is NULL): the only one, or the one spelled
 * exactly as wanted; unless allow_inactive, one with a flag set is refused.
 */
extern MxpwAccountStatus mxpw_lookup_choose(const MxpwLookup *lookup,
											const char *wanted,
											const uint64 *rows, uint64 n,
											bool allow_inactive, uint64 *chosen);

/* The names of rows 0 to n - 1, quoted, for an error's detail. */
extern char *mxpw_lookup_names(const MxpwLookup *lookup, uint64 n);

/*
 * Groups the rows of a lookup of nids ids (column 1 holds each row's id,
 * from 1), keeping their order: id e's rows are (*rows)[start[e] ..
 * start[e + 1]).  Returns start.
 */
extern uint64 *mxpw_lookup_group(int nids, uint64 **rows);

/*
 * Raises the error of an account status other than MXPW_ACCOUNT_FOUND.
 * PostgreSQL 18 replaced pg_attribute_noreturn() with pg_noreturn.
 */
#ifdef pg_noreturn
pg_noreturn extern void mxpw_lookup_fail(MxpwAccountStatus status, const char *qualified,
										 const char *account, const char *detail,
										 const char *detail_log, const char *hint);
#else
extern void mxpw_lookup_fail(MxpwAccountStatus status, const char *qualified,
							 const char *account, const char *detail,
							 const char *detail_log, const char *hint)
			pg_attribute_noreturn();
#endif

/* Runs one statement of a store, which must give the result code expected. */
extern void mxpw_store_execute(const char *sql, int nargs, Oid *types,
							   Datum *values, int expected);

/*
 * What the SQL functions call (store.c).
 *
 * The store of this database, recognised by its tables: MAS's
 * user_passwords in mxpw.mas_schema, or Synapse's users in
 * mxpw.synapse_schema.  An error if both are here; with neither, Synapse's
 * store, which mxpw_store_require refuses.  In the current memory context.
 */
extern MxpwStoreHandle *mxpw_store_begin(void);

/*
 * mxpw_store_begin for a function called once per row: what the tables
 * showed is kept in fn_extra until a setting that names a schema changes
 * or the catalogs do.  Settings are still copied at each call.
 */
extern MxpwStoreHandle *mxpw_store_begin_cached(FunctionCallInfo fcinfo);

/* Raises the error of a database that holds neither store's tables. */
extern void mxpw_store_require(MxpwStoreHandle *h);

/* Keeps the catalog changes that mxpw_store_begin_cached must see. */
extern void mxpw_store_init(void);

/*
 * A user ID as typed is checked and completed with mxpw.server_name here;
 * those given to find_accounts are full user IDs, already checked.
 */
extern char *mxpw_store_find_account(MxpwStoreHandle *h, text *user_id,
									 bool allow_deactivated, bool lock);
extern void mxpw_store_find_accounts(MxpwStoreHandle *h, int n,
									 const char *const *user_ids,
									 bool allow_deactivated,
									 MxpwAccount *accounts);
extern void mxpw_store_set_hash(MxpwStoreHandle *h, const char *account,
								const char *hash, int version,
								bool revoke_sessions, MxpwChangeKind kind);

/*
 * mxpw_store_set_hash for n accounts, in one connection to SPI, each
 * statement prepared once, reporting to progress (which may be NULL) how
 * many are stored.
 */
extern void mxpw_store_set_hashes(MxpwStoreHandle *h, int n,
								  char *const *accounts, char *const *hashes,
								  int version, bool revoke_sessions,
								  MxpwChangeKind kind, MxpwProgress *progress);
extern int	mxpw_store_revoke_sessions(MxpwStoreHandle *h, const char *account);
extern char *mxpw_store_current_hash(MxpwStoreHandle *h, const char *account,
									 int *version);

/*
 * The scheme that hashes new passwords here, and the one that checks a
 * stored hash of a version: MAS's where MAS's tables are, else Synapse's.
 * Copies: the current scheme is copied once per handle, and must not be
 * changed.
 */
extern const MxpwScheme *mxpw_store_current_scheme(MxpwStoreHandle *h);
extern MxpwScheme *mxpw_store_scheme(MxpwStoreHandle *h, int version);

/*
 * A copy of the current scheme at bcrypt cost rounds if has_rounds, else at
 * its own cost; an error if it is not bcrypt's and rounds is given.
 */
extern MxpwScheme *mxpw_store_current_scheme_at(MxpwStoreHandle *h,
												bool has_rounds, int rounds);

/*
 * The scheme a login check of hash uses: MAS's of version if one is named
 * (in any database, as before a store is needed), else the store's
 * scheme_for_hash.  NULL when no scheme could check the hash.  h may be
 * NULL when version is named.
 */
extern const MxpwScheme *mxpw_store_verify_scheme(MxpwStoreHandle *h,
												  text *hash, int version);

/* The version to store a ready-made hash with (MxpwStore.hash_version). */
extern int	mxpw_store_hash_version(MxpwStoreHandle *h, text *hash, int version);

#endif							/* MXPW_STORE_H */
