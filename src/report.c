/*
 * report.c
 *	  The errors mxpw raises for a bad password, user ID or account.
 *
 * Each status enum has one table here: its SQLSTATE and its message(s).
 * The single-account functions raise them as errors, the bulk functions
 * list them as one phrase per bad entry.  No text quotes a password or any
 * character of it.
 */
#include "postgres.h"

#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "report.h"
#include "unicode_stable.h"

/* Also the start of a bulk call's phrase for a bad user ID. */
#define MXPW_INVALID_USER_ID	"invalid user ID"

/* One row per MxpwPasswordStatus. */
static const struct
{
	int			sqlstate;
	const char *message;
	const char *detail;
	const char *hint;
}			password_problems[] = {
	[MXPW_PASSWORD_OK] = {0, NULL, NULL, NULL},
	[MXPW_PASSWORD_EMPTY] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		"password must not be empty",
		NULL, NULL
	},
	[MXPW_PASSWORD_TOO_LONG] = {
		ERRCODE_STRING_DATA_RIGHT_TRUNCATION,
		"password is too long",
		"Synapse accepts passwords of at most " CppAsString2(MXPW_PASSWORD_MAX_CHARS) " characters.",
		NULL
	},
	[MXPW_PASSWORD_UNICODE_UNSTABLE] = {
		ERRCODE_CHARACTER_NOT_IN_REPERTOIRE,
		"password contains characters that Unicode normalisation may change differently",
		"Synapse may normalise this password differently depending on its Python version, and its owner could then not log in.",
		"Choose a password without characters added to Unicode after version " MXPW_UNICODE_BASELINE "."
	},
	[MXPW_PASSWORD_PARTIAL_PEPPER] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		"password would leave only part of the pepper in bcrypt's key",
		"bcrypt reads the first 72 bytes of the normalised password followed by mxpw.pepper.  A password of "
		CppAsString2(MXPW_PARTIAL_PEPPER_MIN) " to 71 bytes leaves so little of the pepper in them that whoever knows the password and sees its hash could recover the pepper a few bytes at a time.",
		"Choose a shorter or a longer password.  A superuser may accept such passwords with SET mxpw.allow_partial_pepper = on."
	},
	[MXPW_PASSWORD_PARTIAL_SECRET] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		"password would leave only part of the scheme's secret in bcrypt's key",
		"bcrypt reads the first 72 bytes of the password followed by the secret of the MAS scheme.  A password of "
		CppAsString2(MXPW_PARTIAL_PEPPER_MIN) " to 71 bytes leaves so little of the secret in them that whoever knows the password and sees its hash could recover the secret a few bytes at a time.",
		"Choose a shorter or a longer password.  A superuser may accept such passwords with SET mxpw.allow_partial_pepper = on."
	},
};

/*
 * One row per MxpwUserIdStatus; the sentence that says what is wrong is
 * mxpw_user_id_problem's.  A user ID as typed may be a password typed in
 * the wrong place: the client, which typed it, is shown it (echo); the
 * server log is not.  Junk and oversized input is shown to neither.
 */
static const struct
{
	int			sqlstate;
	bool		echo;
	const char *hint;
}			user_id_problems[] = {
	[MXPW_USER_ID_OK] = {0, false, NULL},
	[MXPW_USER_ID_EMPTY] = {ERRCODE_INVALID_PARAMETER_VALUE, true, NULL},
	[MXPW_USER_ID_TOO_LONG] = {ERRCODE_INVALID_PARAMETER_VALUE, false, NULL},
	[MXPW_USER_ID_BAD_CHARACTER] = {ERRCODE_INVALID_PARAMETER_VALUE, false, NULL},
	[MXPW_USER_ID_NO_SERVER] = {ERRCODE_INVALID_PARAMETER_VALUE, true, NULL},
	[MXPW_USER_ID_EMPTY_LOCALPART] = {ERRCODE_INVALID_PARAMETER_VALUE, true, NULL},
	[MXPW_USER_ID_BAD_SERVER] = {ERRCODE_INVALID_PARAMETER_VALUE, true, NULL},
	[MXPW_USER_ID_MISSING_SIGIL] = {ERRCODE_INVALID_PARAMETER_VALUE, true, NULL},
	[MXPW_USER_ID_NEEDS_SERVER_NAME] = {
		ERRCODE_INVALID_PARAMETER_VALUE, true,
		"Give the full user ID, as in @alice:example.com, or set mxpw.server_name to the server_name of homeserver.yaml."
	},
};

/*
 * One row per MxpwAccountStatus.  message is for the server log and, in a
 * single call, for the client too; quoting, with the user ID given, is a
 * bulk call's phrase for the client.  A message with names_account quotes
 * the account found, which both may see.
 */
static const struct
{
	int			sqlstate;
	const char *message;
	const char *quoting;
	bool		names_account;
}			account_problems[] = {
	[MXPW_ACCOUNT_FOUND] = {0, NULL, NULL, false},
	[MXPW_ACCOUNT_MISSING] = {
		ERRCODE_UNDEFINED_OBJECT,
		"user does not exist",
		"user \"%s\" does not exist",
		false
	},
	[MXPW_ACCOUNT_AMBIGUOUS] = {
		ERRCODE_CARDINALITY_VIOLATION,
		"user ID matches more than one account",
		"user ID \"%s\" matches more than one account",
		false
	},
	[MXPW_ACCOUNT_DEACTIVATED] = {
		ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
		NULL,
		"user \"%s\" is deactivated",
		true
	},
	[MXPW_ACCOUNT_LOCKED] = {
		ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
		NULL,
		"user \"%s\" is locked",
		true
	},
	[MXPW_ACCOUNT_OTHER_SERVER] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		"user ID belongs to another server than mxpw.server_name",
		"user ID \"%s\" belongs to another server than mxpw.server_name",
		false
	},
};

void
mxpw_report_password(MxpwPasswordStatus status)
{
	if (status == MXPW_PASSWORD_OK)
		return;
	ereport(ERROR,
			(errcode(password_problems[status].sqlstate),
			 errmsg("%s", password_problems[status].message),
			 password_problems[status].detail ?
			 errdetail("%s", password_problems[status].detail) : 0,
			 password_problems[status].hint ?
			 errhint("%s", password_problems[status].hint) : 0));
}

const char *
mxpw_password_phrase(MxpwPasswordStatus status, int *sqlstate)
{
	*sqlstate = password_problems[status].sqlstate;
	return password_problems[status].message;
}

void
mxpw_report_user_id(text *user_id, MxpwUserIdStatus status)
{
	const char *problem = mxpw_user_id_problem(status);

	ereport(ERROR,
			(errcode(user_id_problems[status].sqlstate),
			 errmsg(MXPW_INVALID_USER_ID),
			 user_id_problems[status].echo ?
			 errdetail("%s  The user ID given was \"%.*s\".", problem,
					   (int) VARSIZE_ANY_EXHDR(user_id), VARDATA_ANY(user_id)) :
			 errdetail("%s", problem),
			 errdetail_log("%s", problem),
			 user_id_problems[status].hint ?
			 errhint("%s", user_id_problems[status].hint) : 0));
}

/* The phrase leaves out the sentence's final period. */
char *
mxpw_user_id_phrase(text *user_id, MxpwUserIdStatus status, bool for_client,
					int *sqlstate)
{
	const char *problem = mxpw_user_id_problem(status);
	int			plen = strlen(problem);

	*sqlstate = user_id_problems[status].sqlstate;
	if (plen > 0 && problem[plen - 1] == '.')
		plen--;
	if (for_client && user_id_problems[status].echo)
		return psprintf(MXPW_INVALID_USER_ID " \"%.*s\": %.*s",
						(int) VARSIZE_ANY_EXHDR(user_id), VARDATA_ANY(user_id),
						plen, problem);
	return psprintf(MXPW_INVALID_USER_ID ": %.*s", plen, problem);
}

int
mxpw_account_sqlstate(MxpwAccountStatus status)
{
	return account_problems[status].sqlstate;
}

char *
mxpw_account_phrase(MxpwAccountStatus status, const char *user_id,
					const char *account, bool for_client)
{
	if (account_problems[status].names_account)
		return psprintf(account_problems[status].quoting, account);
	if (for_client)
		return psprintf(account_problems[status].quoting, user_id);
	return pstrdup(account_problems[status].message);
}

char *
mxpw_null_phrase(const char *name)
{
	return psprintf("%s must not be null", name);
}
