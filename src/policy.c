/*
 * policy.c
 *	  The password policy of each homeserver's own tools, for passwords a
 *	  caller chooses: MAS's zxcvbn score, Synapse's password_config.policy.
 *
 * MAS (matrix-authentication-service crates/handlers/src/passwords.rs,
 * is_password_complex_enough) scores the password as given, no user
 * inputs, with the zxcvbn crate, and accepts it when the score is at least
 * passwords.minimum_complexity (crates/config/src/sections/passwords.rs,
 * default 3; 0 accepts every password).  mas-cli manage set-password
 * applies it unless --ignore-complexity (crates/cli/src/commands/
 * manage.rs), the admin API's set-password unless skip_password_check
 * (crates/handlers/src/admin/v1/users/set_password.rs).  zxcvbn.c scores as
 * the crate does: the first 100 characters, the current year.
 *
 * Synapse (synapse/handlers/password_policy.py) applies
 * password_config.policy (synapse/config/auth.py: absent or null is no
 * policy; "enabled" defaults to false) to the password as given, when a
 * user registers or changes it, and not in its Admin API.  The checks, in
 * its order, each a Python regular expression searched in a str: length in
 * code points (len()) at least minimum_length, then [0-9], [^a-zA-Z0-9]
 * (so any non-ASCII character, a letter too, is a symbol), [A-Z], [a-z].
 * Synapse does not check the types of the keys; mxpw refuses, when the
 * setting is set, a key Synapse does not know, a value of the wrong type
 * and a negative length, rather than guess.
 *
 * Neither setting is secret: the refusals name the rule and, for zxcvbn,
 * the score, never a character of the password.
 */
#include "postgres.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "policy.h"
#include "scheme.h"

int			mxpw_mas_minimum_complexity = 3;

/* mxpw.synapse_password_policy, parsed: the GUC's extra data. */
typedef struct SynapsePolicy
{
	bool		enabled;
	int			minimum_length;
	bool		require_digit;
	bool		require_symbol;
	bool		require_uppercase;
	bool		require_lowercase;
} SynapsePolicy;

static const SynapsePolicy *synapse_policy = NULL;

void
mxpw_policy_get(MxpwPolicyKind kind, MxpwPolicy *policy)
{
	memset(policy, 0, sizeof(MxpwPolicy));
	policy->kind = kind;
	if (kind == MXPW_POLICY_MAS)
	{
		policy->minimum_complexity = mxpw_mas_minimum_complexity;
		/* Every score is at least 0. */
		policy->enabled = mxpw_mas_minimum_complexity > 0;
	}
	else if (synapse_policy != NULL && synapse_policy->enabled)
	{
		policy->enabled = true;
		policy->minimum_length = synapse_policy->minimum_length;
		policy->require_digit = synapse_policy->require_digit;
		policy->require_symbol = synapse_policy->require_symbol;
		policy->require_uppercase = synapse_policy->require_uppercase;
		policy->require_lowercase = synapse_policy->require_lowercase;
	}
}

/* Synapse's rules, in its order, over the UTF-8 bytes of the password. */
static MxpwPolicyStatus
judge_synapse(const MxpwPolicy *policy, const char *password, size_t len)
{
	int64		chars = 0;
	bool		digit = false,
				symbol = false,
				upper = false,
				lower = false;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) password[i];

		/* A code point is its first byte; a non-ASCII one is a symbol. */
		if ((c & 0xC0) != 0x80)
			chars++;
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c >= 'A' && c <= 'Z')
			upper = true;
		else if (c >= 'a' && c <= 'z')
			lower = true;
		else
			symbol = true;
	}
	if (chars < policy->minimum_length)
		return MXPW_POLICY_TOO_SHORT;
	if (policy->require_digit && !digit)
		return MXPW_POLICY_NO_DIGIT;
	if (policy->require_symbol && !symbol)
		return MXPW_POLICY_NO_SYMBOL;
	if (policy->require_uppercase && !upper)
		return MXPW_POLICY_NO_UPPERCASE;
	if (policy->require_lowercase && !lower)
		return MXPW_POLICY_NO_LOWERCASE;
	return MXPW_POLICY_OK;
}

MxpwPolicyStatus
mxpw_policy_judge(const MxpwPolicy *policy, const char *password, size_t len,
				  MxpwPolicyVerdict *verdict)
{
	memset(verdict, 0, sizeof(MxpwPolicyVerdict));
	if (!policy->enabled)
		verdict->status = MXPW_POLICY_OK;
	else if (policy->kind == MXPW_POLICY_SYNAPSE)
		verdict->status = judge_synapse(policy, password, len);
	else
	{
		/* The current year, as the crate's REFERENCE_YEAR. */
		verdict->score = mxpw_zxcvbn_score(password, len, 0, &verdict->zxcvbn);
		if (verdict->score < 0)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("Failed to allocate zxcvbn's work area.")));
		verdict->status = verdict->score < policy->minimum_complexity ?
			MXPW_POLICY_TOO_WEAK : MXPW_POLICY_OK;
		/* Up to half a millisecond each: a bulk call's million add up. */
		CHECK_FOR_INTERRUPTS();
	}
	return verdict->status;
}

void
mxpw_policy_check(const MxpwPolicy *policy, text *password)
{
	MxpwPolicyVerdict verdict;

	if (mxpw_policy_judge(policy, VARDATA_ANY(password),
						  VARSIZE_ANY_EXHDR(password), &verdict) == MXPW_POLICY_OK)
		return;
	if (policy->kind == MXPW_POLICY_MAS)
		mxpw_report_policy(verdict.status, policy->minimum_complexity,
						   verdict.score, &verdict.zxcvbn);
	mxpw_report_policy(verdict.status, policy->minimum_length, 0, NULL);
}

/* ----------------------------------------------------------------
 * mxpw.synapse_password_policy: password_config.policy in JSON
 * ----------------------------------------------------------------
 */

typedef enum PolicyKey
{
	KEY_ENABLED,
	KEY_MINIMUM_LENGTH,
	KEY_REQUIRE_DIGIT,
	KEY_REQUIRE_SYMBOL,
	KEY_REQUIRE_LOWERCASE,
	KEY_REQUIRE_UPPERCASE,
	KEY_COUNT,
	KEY_UNKNOWN = KEY_COUNT
} PolicyKey;

/* Synapse's keys, in the order of its documentation. */
static const char *const key_names[KEY_COUNT] = {
	[KEY_ENABLED] = "enabled",
	[KEY_MINIMUM_LENGTH] = "minimum_length",
	[KEY_REQUIRE_DIGIT] = "require_digit",
	[KEY_REQUIRE_SYMBOL] = "require_symbol",
	[KEY_REQUIRE_LOWERCASE] = "require_lowercase",
	[KEY_REQUIRE_UPPERCASE] = "require_uppercase",
};

#define NOT_AN_OBJECT "The value must be a JSON object, as password_config.policy in homeserver.yaml."
#define KEY_LIST "enabled, minimum_length, require_digit, require_symbol, require_lowercase and require_uppercase"

typedef struct ParseState
{
	int			depth;			/* 1 inside the object */
	PolicyKey	key;			/* of the value being parsed */
	bool		seen[KEY_COUNT];
	SynapsePolicy policy;
	char	   *problem;		/* the first one found */
} ParseState;

#define SEM_DONE(state) MXPW_SEM_DONE((state)->problem != NULL)
#define problem(state, ...) mxpw_json_problem(&(state)->problem, __VA_ARGS__)

static void
wrong_type(ParseState *state)
{
	if (state->key == KEY_MINIMUM_LENGTH)
		problem(state, "The value of \"minimum_length\" must be a whole number.");
	else if (state->key != KEY_UNKNOWN)
		problem(state, "The value of \"%s\" must be true or false.", key_names[state->key]);
}

static MXPW_SEM_ACTION
on_object_start(void *arg)
{
	ParseState *state = arg;

	if (state->depth == 0)
		state->depth = 1;
	else
		wrong_type(state);
	SEM_DONE(state);
}

static MXPW_SEM_ACTION
on_array_start(void *arg)
{
	ParseState *state = arg;

	if (state->depth == 0)
		problem(state, NOT_AN_OBJECT);
	else
		wrong_type(state);
	SEM_DONE(state);
}

static MXPW_SEM_ACTION
on_field_start(void *arg, char *fname, bool isnull)
{
	ParseState *state = arg;

	state->key = KEY_UNKNOWN;
	for (int k = 0; k < KEY_COUNT; k++)
		if (strcmp(fname, key_names[k]) == 0)
			state->key = k;
	if (state->key == KEY_UNKNOWN)
		problem(state, "\"%.64s\" is not a key of Synapse's password_config.policy, which has " KEY_LIST ".", fname);
	else if (state->seen[state->key])
		problem(state, "The key \"%s\" appears twice.", key_names[state->key]);
	else
		state->seen[state->key] = true;
	SEM_DONE(state);
}

static MXPW_SEM_ACTION
on_scalar(void *arg, char *token, JsonTokenType type)
{
	ParseState *state = arg;
	SynapsePolicy *p = &state->policy;
	bool		flag = (type == JSON_TOKEN_TRUE);

	if (state->depth == 0)
	{
		problem(state, NOT_AN_OBJECT);
		SEM_DONE(state);
	}
	if (state->key == KEY_MINIMUM_LENGTH)
	{
		char	   *end;
		long		n;

		if (type != JSON_TOKEN_NUMBER || strspn(token, "-0123456789") != strlen(token))
			wrong_type(state);
		else if (token[0] == '-')
			problem(state, "The value of \"minimum_length\" must not be negative.");
		else if ((n = strtol(token, &end, 10)) > PG_INT32_MAX || strlen(token) > 10)
			problem(state, "The value of \"minimum_length\" must be at most %d.", PG_INT32_MAX);
		else
			p->minimum_length = (int) n;
		SEM_DONE(state);
	}
	if (type != JSON_TOKEN_TRUE && type != JSON_TOKEN_FALSE)
	{
		wrong_type(state);
		SEM_DONE(state);
	}
	switch (state->key)
	{
		case KEY_ENABLED:
			p->enabled = flag;
			break;
		case KEY_REQUIRE_DIGIT:
			p->require_digit = flag;
			break;
		case KEY_REQUIRE_SYMBOL:
			p->require_symbol = flag;
			break;
		case KEY_REQUIRE_LOWERCASE:
			p->require_lowercase = flag;
			break;
		case KEY_REQUIRE_UPPERCASE:
			p->require_uppercase = flag;
			break;
		case KEY_MINIMUM_LENGTH:
		case KEY_UNKNOWN:
			break;
	}
	SEM_DONE(state);
}

/* Parses value into state; false with state->problem set if it is bad. */
static bool
parse_policy(const char *value, ParseState *state)
{
	JsonSemAction sem = {0};
	JsonLexContext *lex;
	JsonParseErrorType result;

	/* Synapse's policy is one flat object: deeper JSON is refused unread. */
	if (mxpw_json_nests_deeper_than(value, 2))
	{
		problem(state, "The value nests arrays or objects; Synapse's password_config.policy is one object of booleans and a number.");
		return false;
	}
	sem.semstate = state;
	sem.object_start = on_object_start;
	sem.array_start = on_array_start;
	sem.object_field_start = on_field_start;
	sem.scalar = on_scalar;

	result = mxpw_json_parse(value, &sem, &lex);
	if (result != JSON_SUCCESS && state->problem == NULL)
		problem(state, "The value is not valid JSON: %s", json_errdetail(result, lex));
	return state->problem == NULL;
}

bool
mxpw_check_synapse_policy(char **newval, void **extra, GucSource source)
{
	MemoryContext parsecxt;
	MemoryContext oldcxt;
	ParseState	state = {0};
	SynapsePolicy *policy = NULL;
	bool		ok;

	/* Empty, the default: no policy, as in Synapse. */
	if (**newval == '\0')
	{
		*extra = NULL;
		return true;
	}

	parsecxt = AllocSetContextCreate(CurrentMemoryContext, "mxpw policy",
									 ALLOCSET_SMALL_SIZES);
	oldcxt = MemoryContextSwitchTo(parsecxt);
	ok = parse_policy(*newval, &state);
	if (!ok)
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errdetail("%s", state.problem);
		GUC_check_errhint("Copy password_config.policy from homeserver.yaml as a JSON object, for example {\"enabled\": true, \"minimum_length\": 12, \"require_digit\": true}.");
	}
	MemoryContextSwitchTo(oldcxt);
	if (ok)
	{
		policy = mxpw_guc_chunk(sizeof(SynapsePolicy));
		ok = (policy != NULL);
	}
	if (ok)
		*policy = state.policy;
	*extra = policy;
	MemoryContextDelete(parsecxt);
	return ok;
}

void
mxpw_assign_synapse_policy(const char *newval, void *extra)
{
	synapse_policy = (const SynapsePolicy *) extra;
}
