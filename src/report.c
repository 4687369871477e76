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

#include "lib/stringinfo.h"

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
 * One row per MxpwPolicyStatus: the message, with the policy's minimum
 * (and for MAS the password's score first), and a detail that says what
 * the homeserver requires, with Synapse's own error code
 * (synapse/handlers/password_policy.py).  Nothing says which characters
 * the password has; zxcvbn's feedback, which describes it more closely, is
 * for the client only.
 */
#define MXPW_SYNAPSE_POLICY_REFUSES "password does not meet Synapse's policy: "
#define MXPW_SYNAPSE_POLICY_HINT \
	"Choose a password that meets the policy, or set this one anyway with skip_password_check => true, as Synapse's Admin API does."

static const struct
{
	int			sqlstate;
	const char *message;
	const char *detail;
	const char *hint;
}			policy_problems[] = {
	[MXPW_POLICY_OK] = {0, NULL, NULL, NULL},
	[MXPW_POLICY_TOO_WEAK] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		"password is too weak for MAS: zxcvbn score %d, minimum %d",
		NULL,
		"Choose a longer password, such as a few uncommon words, or set this one anyway with skip_password_check => true, as MAS's admin API allows."
	},
	[MXPW_POLICY_TOO_SHORT] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		MXPW_SYNAPSE_POLICY_REFUSES "fewer than %d characters",
		"Synapse's password_config.policy requires at least %d characters, counted as Unicode code points (M_PASSWORD_TOO_SHORT).",
		MXPW_SYNAPSE_POLICY_HINT
	},
	[MXPW_POLICY_NO_DIGIT] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		MXPW_SYNAPSE_POLICY_REFUSES "no digit",
		"Synapse's password_config.policy requires a digit, 0 to 9 (M_PASSWORD_NO_DIGIT).",
		MXPW_SYNAPSE_POLICY_HINT
	},
	[MXPW_POLICY_NO_SYMBOL] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		MXPW_SYNAPSE_POLICY_REFUSES "no symbol",
		"Synapse's password_config.policy requires a symbol: a character other than the ASCII letters and digits (M_PASSWORD_NO_SYMBOL).",
		MXPW_SYNAPSE_POLICY_HINT
	},
	[MXPW_POLICY_NO_UPPERCASE] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		MXPW_SYNAPSE_POLICY_REFUSES "no uppercase letter",
		"Synapse's password_config.policy requires an uppercase letter, A to Z (M_PASSWORD_NO_UPPERCASE).",
		MXPW_SYNAPSE_POLICY_HINT
	},
	[MXPW_POLICY_NO_LOWERCASE] = {
		ERRCODE_INVALID_PARAMETER_VALUE,
		MXPW_SYNAPSE_POLICY_REFUSES "no lowercase letter",
		"Synapse's password_config.policy requires a lowercase letter, a to z (M_PASSWORD_NO_LOWERCASE).",
		MXPW_SYNAPSE_POLICY_HINT
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

/* The message of a policy status: MAS's names the score, then the minimum. */
static char *
policy_message(MxpwPolicyStatus status, int minimum, int score)
{
	if (status == MXPW_POLICY_TOO_WEAK)
		return psprintf(policy_problems[status].message, score, minimum);
	return psprintf(policy_problems[status].message, minimum);
}

/* zxcvbn's warning and suggestions, in the crate's order; NULL if none. */
static char *
zxcvbn_feedback(const MxpwZxcvbnResult *zxcvbn)
{
	StringInfoData buf;

	if (zxcvbn == NULL || !zxcvbn->has_feedback)
		return NULL;
	initStringInfo(&buf);
	if (zxcvbn->warning != MXPW_ZXCVBN_WARNING_NONE)
		appendStringInfoString(&buf, mxpw_zxcvbn_warning_text(zxcvbn->warning));
	for (int i = 0; i < zxcvbn->n_suggestions; i++)
		appendStringInfo(&buf, "%s%s", buf.len > 0 ? "  " : "",
						 mxpw_zxcvbn_suggestion_text(zxcvbn->suggestions[i]));
	return buf.len > 0 ? buf.data : NULL;
}

void
mxpw_report_policy(MxpwPolicyStatus status, int minimum, int score,
				   const MxpwZxcvbnResult *zxcvbn)
{
	char	   *feedback = zxcvbn_feedback(zxcvbn);

	if (status == MXPW_POLICY_OK)
		return;
	if (status == MXPW_POLICY_TOO_WEAK)
		ereport(ERROR,
				(errcode(policy_problems[status].sqlstate),
				 errmsg_internal("%s", policy_message(status, minimum, score)),
				 feedback != NULL ? errdetail_internal("%s", feedback) : 0,
				 feedback != NULL ?
				 errdetail_log("zxcvbn's feedback on the password was sent to the client only.") : 0,
				 errhint("%s", policy_problems[status].hint)));
	ereport(ERROR,
			(errcode(policy_problems[status].sqlstate),
			 errmsg_internal("%s", policy_message(status, minimum, score)),
			 errdetail(policy_problems[status].detail, minimum),
			 errhint("%s", policy_problems[status].hint)));
}

char *
mxpw_policy_phrase(MxpwPolicyStatus status, int minimum, int score,
				   int *sqlstate)
{
	*sqlstate = policy_problems[status].sqlstate;
	return policy_message(status, minimum, score);
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
