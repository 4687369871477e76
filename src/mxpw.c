/*
 * mxpw.c
 *	  Module set-up and settings.
 *
 * The settings mirror homeserver.yaml so that hashes made here are the ones
 * Synapse would make (bcrypt_rounds and password_config.pepper), and MAS's
 * config.yaml so that they are the ones MAS would make (passwords.schemes).
 * The password policies mirror each one's own too: password_config.policy,
 * passwords.minimum_complexity (policy.c).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "audit.h"
#include "bcrypt.h"
#include "hiding.h"
#include "mxpw.h"
#include "policy.h"
#include "progress.h"
#include "report.h"
#include "scheme.h"
#include "store.h"
#include "userid.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "mxpw",.version = MXPW_VERSION);
#else
PG_MODULE_MAGIC;
#endif

#if PG_VERSION_NUM < 160000
void		_PG_init(void);
#endif

int			mxpw_bcrypt_rounds = 12;
char	   *mxpw_pepper = NULL;
bool		mxpw_allow_partial_pepper = false;
char	   *mxpw_server_name = NULL;
char	   *mxpw_synapse_schema = NULL;
char	   *mxpw_mas_schema = NULL;
static char *mas_password_schemes = NULL;
static char *synapse_password_policy = NULL;

static bool
check_pepper(char **newval, void **extra, GucSource source)
{
	/*
	 * ALTER ROLE/DATABASE ... SET and a function's SET clause are checked
	 * with this source, and store the value where every role can read it.
	 */
	if (source == PGC_S_TEST && **newval != '\0')
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("mxpw.pepper cannot be stored in a role, database or function setting");
		GUC_check_errdetail("Such settings are stored in pg_db_role_setting or pg_proc, which every role can read.");
		GUC_check_errhint("Set mxpw.pepper in postgresql.conf, in a file it includes, or with ALTER SYSTEM.");
		return false;
	}
	return true;
}

static bool
check_server_name(char **newval, void **extra, GucSource source)
{
	if (**newval == '\0' || mxpw_server_name_valid(*newval, strlen(*newval)))
		return true;
	GUC_check_errdetail("%s", mxpw_user_id_problem(MXPW_USER_ID_BAD_SERVER));
	return false;
}

static bool
check_schema(char **newval, void **extra, GucSource source)
{
	if (**newval != '\0')
		return true;
	GUC_check_errdetail("The schema name must not be empty.");
	return false;
}

void
_PG_init(void)
{
	/*
	 * First, so that even a bad value of a setting defined below, met in
	 * postgresql.conf, is logged without it.
	 */
	mxpw_hiding_init();

	DefineCustomIntVariable("mxpw.bcrypt_rounds",
							"bcrypt cost of the hashes mxpw makes, as bcrypt_rounds in homeserver.yaml.",
							NULL,
							&mxpw_bcrypt_rounds,
							12,
							MXPW_BCRYPT_MIN_COST,
							MXPW_MAX_COMPUTE_COST,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	/*
	 * The pepper is as secret as the hashes are not: only superusers (and
	 * pg_read_all_settings) may read it, and it stays out of SHOW ALL so it
	 * is not printed by accident.  A lesser role's RESET ALL, after a
	 * superuser's SET and SET ROLE, leaves it alone.
	 */
	DefineCustomStringVariable("mxpw.pepper",
							   "Secret appended to every password, as password_config.pepper in homeserver.yaml.",
							   NULL,
							   &mxpw_pepper,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE |
							   GUC_NO_RESET_ALL,
							   check_pepper, NULL, NULL);

	DefineCustomBoolVariable("mxpw.allow_partial_pepper",
							 "Accept passwords that leave only part of the pepper in bcrypt's 72-byte key.",
							 "Such passwords let whoever sees their hash recover the pepper a few bytes at a time.",
							 &mxpw_allow_partial_pepper,
							 false,
							 PGC_SUSET,
							 GUC_NO_RESET_ALL,
							 NULL, NULL, NULL);

	/*
	 * Superuser-only: in MAS's database it decides which server's user IDs
	 * name MAS's users, so a caller must not pick it.
	 */
	DefineCustomStringVariable("mxpw.server_name",
							   "Server name that completes a bare localpart into a user ID, as server_name in homeserver.yaml.",
							   NULL,
							   &mxpw_server_name,
							   "",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_server_name, NULL, NULL);

	/*
	 * Superuser-only: it decides which tables a privileged caller, such as
	 * a SECURITY DEFINER wrapper, writes to and whose triggers it runs.
	 */
	DefineCustomStringVariable("mxpw.synapse_schema",
							   "Schema that holds Synapse's tables.",
							   NULL,
							   &mxpw_synapse_schema,
							   "public",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_schema, NULL, NULL);

	/* Superuser-only, as mxpw.synapse_schema. */
	DefineCustomStringVariable("mxpw.mas_schema",
							   "Schema that holds MAS's tables.",
							   NULL,
							   &mxpw_mas_schema,
							   "public",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   check_schema, NULL, NULL);

	/* Holds secrets: as hidden as mxpw.pepper. */
	DefineCustomStringVariable("mxpw.mas_password_schemes",
							   "MAS's password hashing schemes, as passwords.schemes in MAS's config.yaml, in JSON.",
							   NULL,
							   &mas_password_schemes,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE |
							   GUC_NO_RESET_ALL,
							   mxpw_check_mas_schemes, mxpw_assign_mas_schemes, NULL);

	/*
	 * The policies are the homeserver's configuration, as the server name
	 * is: superuser-only.  A caller allowed to set passwords may still skip
	 * them in a call (skip_password_check), as each homeserver's admin
	 * tools allow.
	 */
	DefineCustomIntVariable("mxpw.mas_minimum_complexity",
							"Lowest zxcvbn score, 0 to 4, of a password chosen in MAS's database, as passwords.minimum_complexity in MAS's config.yaml.",
							"0 accepts every password.",
							&mxpw_mas_minimum_complexity,
							3,
							0,
							4,
							PGC_SUSET,
							GUC_NO_RESET_ALL,
							NULL, NULL, NULL);

	DefineCustomStringVariable("mxpw.synapse_password_policy",
							   "Synapse's password policy, as password_config.policy in homeserver.yaml, in JSON.",
							   "Empty: no policy, as in Synapse.",
							   &synapse_password_policy,
							   "",
							   PGC_SUSET,
							   GUC_NO_RESET_ALL,
							   mxpw_check_synapse_policy, mxpw_assign_synapse_policy, NULL);

	/* Counts and times only: no secret, and any role may choose. */
	DefineCustomIntVariable("mxpw.progress_interval",
							"Time between progress reports of a bulk call (mxpw_hash_many, mxpw_set_passwords, mxpw_reset_passwords).",
							"The first comes after this or 5 s, whichever is shorter; 0 turns them off.",
							&mxpw_progress_interval,
							10,
							0,
							86400,
							PGC_USERSET,
							GUC_UNIT_S,
							NULL, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("mxpw");
#else
	EmitWarningsOnPlaceholders("mxpw");
#endif

	mxpw_audit_init();
	mxpw_store_init();
}

void
mxpw_require_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s", mxpw_null_phrase(name))));
}
