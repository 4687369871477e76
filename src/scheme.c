/*
 * scheme.c
 *	  The table of hashing algorithms, Synapse's hashing scheme, and MAS's
 *	  schemes as configured in mxpw.mas_password_schemes.
 *
 * The setting takes MAS's passwords.schemes (config.yaml) as a JSON array,
 * with MAS's own keys, and is checked as MAS checks it when it loads its
 * config (matrix-authentication-service crates/config/src/sections/
 * passwords.rs: version unique and 0 to 65535, algorithm bcrypt, argon2id
 * or pbkdf2, not both secret and secret_file, at least one scheme; the
 * highest version is the current one).  mxpw refuses, besides, keys MAS
 * does not know (a misspelt "secret" would otherwise be ignored and lock
 * users out) and bcrypt costs it does not compute.
 *
 * The value holds secrets: no message quotes it or any part of it.
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "storage/fd.h"
#include "utils/memutils.h"

#include "argon2id.h"
#include "bcrypt.h"
#include "pbkdf2.h"
#include "scheme.h"

/*
 * mxpw's hashing algorithms, one row each, as pgcrypto's px_crypt_list: a
 * new one is a file that fills its row, and a line here.
 */
static const MxpwAlgorithm *const algorithms[] = {
	&mxpw_bcrypt_algorithm,
	&mxpw_argon2id_algorithm,
	&mxpw_pbkdf2_algorithm,
};

/* Longest secret_file read: MAS's secrets are short. */
#define MXPW_SECRET_FILE_MAX	65536

/* The parsed setting, in one chunk owned by the GUC machinery. */
typedef struct MasSchemes
{
	int			n;
	MxpwScheme	schemes[FLEXIBLE_ARRAY_MEMBER];	/* highest version first */
} MasSchemes;

static const MasSchemes *mas_schemes = NULL;

MxpwScheme
mxpw_synapse_scheme(int rounds, const char *pepper)
{
	MxpwScheme	scheme = {0};

	scheme.version = MXPW_SYNAPSE_VERSION;
	scheme.algorithm = &mxpw_bcrypt_algorithm;
	scheme.cost = rounds;
	scheme.normalise = true;
	scheme.secret = pepper;
	scheme.secret_len = strlen(pepper);
	return scheme;
}

MxpwScheme *
mxpw_scheme_copy(const MxpwScheme *scheme)
{
	MxpwScheme *copy = palloc(sizeof(MxpwScheme));

	*copy = *scheme;
	if (scheme->secret != NULL)
	{
		char	   *secret = palloc(scheme->secret_len + 1);

		memcpy(secret, scheme->secret, scheme->secret_len + 1);
		copy->secret = secret;
	}
	if (scheme->secret_file != NULL)
		copy->secret_file = pstrdup(scheme->secret_file);
	return copy;
}

static const MasSchemes *
configured_schemes(void)
{
	if (mas_schemes == NULL || mas_schemes->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("mxpw.mas_password_schemes is not set"),
				 errdetail("mxpw does not guess how MAS hashes passwords: MAS's default, argon2id without a secret, is right for some installations and locks every user out of others."),
				 errhint("Copy passwords.schemes from MAS's config.yaml into mxpw.mas_password_schemes as a JSON array, for example [{\"version\": 1, \"algorithm\": \"argon2id\"}].")));
	return mas_schemes;
}

const MxpwScheme *
mxpw_mas_current_scheme(void)
{
	return &configured_schemes()->schemes[0];
}

const MxpwScheme *
mxpw_mas_scheme(int version)
{
	const MasSchemes *list = configured_schemes();

	for (int i = 0; i < list->n; i++)
		if (list->schemes[i].version == version)
			return &list->schemes[i];
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no scheme in mxpw.mas_password_schemes has version %d", version),
			 errdetail("MAS refuses a password stored with a version its configuration lacks."),
			 errhint("Copy every scheme of passwords.schemes in MAS's config.yaml into mxpw.mas_password_schemes.")));
	return NULL;				/* keep compiler quiet */
}

const MxpwScheme *
mxpw_mas_scheme_for_hash(const char *hash, size_t len)
{
	const MasSchemes *list = configured_schemes();
	const MxpwAlgorithm *algorithm = mxpw_algorithm_of_hash(hash, len);
	const MxpwScheme *found = NULL;
	int			nfound = 0;

	for (int i = 0; i < list->n; i++)
		if (list->schemes[i].algorithm == algorithm)
		{
			found = &list->schemes[i];
			nfound++;
		}
	if (nfound > 1)
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				 errmsg("%d schemes in mxpw.mas_password_schemes use %s", nfound,
						mxpw_algorithm_name(algorithm)),
				 errdetail("Which secret and version the hash belongs to cannot be told from the hash."),
				 errhint("Name the scheme's version as the last argument.")));
	return found;
}

const MxpwAlgorithm *
mxpw_algorithm_of_hash(const char *hash, size_t len)
{
	for (int i = 0; i < lengthof(algorithms); i++)
	{
		size_t		prefix_len = strlen(algorithms[i]->prefix);

		if (len >= prefix_len && strncmp(hash, algorithms[i]->prefix, prefix_len) == 0)
			return algorithms[i];
	}
	return NULL;
}

const MxpwAlgorithm *
mxpw_algorithm_named(const char *name)
{
	for (int i = 0; i < lengthof(algorithms); i++)
		if (strcmp(name, algorithms[i]->name) == 0)
			return algorithms[i];
	return NULL;
}

const char *
mxpw_algorithm_name(const MxpwAlgorithm *algorithm)
{
	return algorithm != NULL ? algorithm->name : "no known algorithm";
}

/* Raises the error for a secret_file that could not be opened or read. */
static void
secret_file_error(const MxpwScheme *scheme, const char *action)
{
	ereport(ERROR,
			(errcode_for_file_access(),
			 errmsg("could not %s the secret_file of MAS scheme version %d, \"%s\": %m",
					action, scheme->version, scheme->secret_file)));
}

static bool
secret_file_ok(const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_size <= MXPW_SECRET_FILE_MAX;
}

/* Refuses a secret_file that is not a regular file, or is too long. */
static void
check_secret_file(const MxpwScheme *scheme, const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("the secret_file of MAS scheme version %d, \"%s\", is not a regular file",
						scheme->version, scheme->secret_file),
				 errdetail("Opening or reading a FIFO or a device could hold the backend where no cancel reaches it."),
				 errhint("Point \"secret_file\" in mxpw.mas_password_schemes at a regular file, or a symbolic link to one.")));
	if (st->st_size > MXPW_SECRET_FILE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the secret_file of MAS scheme version %d, \"%s\", is longer than %d bytes",
						scheme->version, scheme->secret_file, MXPW_SECRET_FILE_MAX)));
}

/*
 * A secret_file is read as MAS reads it: every byte, a final newline
 * included.  Its path may be named in errors, never its content.
 *
 * Only a regular file is read, as a FIFO would hold the backend in open()
 * (a device, in read()) with no cancel, timeout or terminate reaching it.
 * stat() keeps a device from being opened at all; the file is then opened
 * without blocking and checked again by its descriptor, in case the path
 * changed in between.  Symbolic links are followed: orchestrators mount
 * secrets as links to regular files.
 */
void
mxpw_secret_get(const MxpwScheme *scheme, MxpwSecret *secret)
{
	struct stat st;
	int			fd;
	size_t		nread = 0;
	int			save_errno;

	if (scheme->secret_file == NULL)
	{
		secret->len = scheme->secret != NULL ? scheme->secret_len : 0;
		secret->data = palloc(secret->len + 1);
		if (secret->len > 0)
			memcpy(secret->data, scheme->secret, secret->len);
		secret->data[secret->len] = '\0';
		return;
	}

	if (stat(scheme->secret_file, &st) < 0)
		secret_file_error(scheme, "open");
	check_secret_file(scheme, &st);
	fd = OpenTransientFile(scheme->secret_file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | PG_BINARY);
	if (fd < 0)
		secret_file_error(scheme, "open");
	if (fstat(fd, &st) < 0)
	{
		save_errno = errno;
		CloseTransientFile(fd);
		errno = save_errno;
		secret_file_error(scheme, "read");
	}
	if (!secret_file_ok(&st))
	{
		CloseTransientFile(fd);
		check_secret_file(scheme, &st);
	}

	/* One byte more than allowed, to notice a file that grew meanwhile. */
	secret->data = palloc(MXPW_SECRET_FILE_MAX + 1);
	while (nread <= MXPW_SECRET_FILE_MAX)
	{
		ssize_t		got = read(fd, secret->data + nread, MXPW_SECRET_FILE_MAX + 1 - nread);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
		{
			save_errno = errno;
			explicit_bzero(secret->data, MXPW_SECRET_FILE_MAX + 1);
			CloseTransientFile(fd);
			errno = save_errno;
			secret_file_error(scheme, "read");
		}
		if (got == 0)
			break;
		nread += got;
	}
	CloseTransientFile(fd);
	if (nread > MXPW_SECRET_FILE_MAX)
	{
		explicit_bzero(secret->data, MXPW_SECRET_FILE_MAX + 1);
		st.st_size = nread;
		check_secret_file(scheme, &st);
	}
	secret->data[nread] = '\0';
	secret->len = nread;
}

void
mxpw_secret_free(MxpwSecret *secret)
{
	if (secret->data == NULL)
		return;
	explicit_bzero(secret->data, secret->len);
	pfree(secret->data);
	secret->data = NULL;
	secret->len = 0;
}

/* ---- Parsing the setting ---- */

/* MAS's keys of a scheme. */
typedef enum SchemeKey
{
	KEY_VERSION,
	KEY_ALGORITHM,
	KEY_COST,
	KEY_SECRET,
	KEY_SECRET_FILE,
	KEY_UNICODE_NORMALIZATION,
	KEY_COUNT,
	KEY_UNKNOWN = KEY_COUNT
} SchemeKey;

static const char *const key_names[KEY_COUNT] = {
	[KEY_VERSION] = "version",
	[KEY_ALGORITHM] = "algorithm",
	[KEY_COST] = "cost",
	[KEY_SECRET] = "secret",
	[KEY_SECRET_FILE] = "secret_file",
	[KEY_UNICODE_NORMALIZATION] = "unicode_normalization",
};

typedef struct ParsedScheme
{
	bool		seen[KEY_COUNT];
	int			version;
	const MxpwAlgorithm *algorithm;
	int			cost;
	bool		normalise;
	char	   *secret;
	char	   *secret_file;
} ParsedScheme;

typedef struct ParseState
{
	int			depth;			/* 1 inside the array, 2 inside a scheme */
	SchemeKey	key;			/* of the value being parsed */
	int			n;
	int			size;
	ParsedScheme *schemes;
	char	   *problem;		/* the first one found */
} ParseState;

#define SEM_DONE(state) MXPW_SEM_DONE((state)->problem != NULL)
#define problem(state, ...) mxpw_json_problem(&(state)->problem, __VA_ARGS__)

static ParsedScheme *
current(ParseState *state)
{
	return &state->schemes[state->n - 1];
}

/* A scheme's key with an array or object value: MAS's are scalars. */
static void
nested_value(ParseState *state, const char *what)
{
	problem(state, "Key \"%s\" of scheme %d has an %s value.",
			state->key < KEY_COUNT ? key_names[state->key] : "?", state->n, what);
}

static MXPW_SEM_ACTION
on_array_start(void *arg)
{
	ParseState *state = arg;

	switch (state->depth)
	{
		case 0:
			state->depth = 1;	/* the list of schemes */
			break;
		case 1:
			problem(state, "Scheme %d is an array; each scheme must be an object.", state->n + 1);
			break;
		default:
			nested_value(state, "array");
			break;
	}
	SEM_DONE(state);
}

static MXPW_SEM_ACTION
on_object_start(void *arg)
{
	ParseState *state = arg;

	if (state->depth == 0)
		problem(state, "The value is an object; it must be an array of schemes, as passwords.schemes in MAS's config.yaml.");
	else if (state->depth == 1)
	{
		if (state->n == state->size)
		{
			state->size *= 2;
			state->schemes = repalloc(state->schemes, sizeof(ParsedScheme) * state->size);
		}
		memset(&state->schemes[state->n++], 0, sizeof(ParsedScheme));
		state->depth = 2;
	}
	else
		nested_value(state, "object");
	SEM_DONE(state);
}

static MXPW_SEM_ACTION
on_object_end(void *arg)
{
	ParseState *state = arg;
	ParsedScheme *scheme;

	if (state->depth != 2)
		SEM_DONE(state);
	state->depth = 1;
	scheme = current(state);
	if (!scheme->seen[KEY_VERSION])
		problem(state, "Scheme %d has no \"version\".", state->n);
	else if (!scheme->seen[KEY_ALGORITHM])
		problem(state, "Scheme %d has no \"algorithm\".", state->n);
	else if (scheme->secret != NULL && scheme->secret_file != NULL)
		problem(state, "Scheme %d has both \"secret\" and \"secret_file\"; MAS refuses that too.", state->n);
	else if (scheme->algorithm != NULL && scheme->algorithm->max_cost > 0 &&
			 scheme->seen[KEY_COST] &&
			 !mxpw_algorithm_cost_ok(scheme->algorithm, scheme->cost))
		problem(state, "The %s cost of scheme %d is %d; mxpw computes %s with costs from %d to %d.",
				scheme->algorithm->name, state->n, scheme->cost,
				scheme->algorithm->name, scheme->algorithm->min_cost,
				scheme->algorithm->max_cost);
	SEM_DONE(state);
}

/* Key names are quoted only when they look like one of MAS's. */
static bool
looks_like_key(const char *name)
{
	size_t		len = strlen(name);

	if (len == 0 || len > 32)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz_") == len;
}

static MXPW_SEM_ACTION
on_field_start(void *arg, char *fname, bool isnull)
{
	ParseState *state = arg;
	SchemeKey	key = KEY_UNKNOWN;

	if (state->depth != 2)
		SEM_DONE(state);
	for (int k = 0; k < KEY_COUNT; k++)
		if (strcmp(fname, key_names[k]) == 0)
			key = k;
	if (key == KEY_UNKNOWN)
	{
		if (looks_like_key(fname))
			problem(state, "Scheme %d has the key \"%s\", which MAS does not know.", state->n, fname);
		else
			problem(state, "Scheme %d has a key which MAS does not know.", state->n);
	}
	else if (current(state)->seen[key])
		problem(state, "Scheme %d has the key \"%s\" twice.", state->n, key_names[key]);
	else
		current(state)->seen[key] = true;
	state->key = key;
	SEM_DONE(state);
}

/* A JSON number that is a whole number from 0 to max. */
static bool
whole_number(const char *token, long max, int *value)
{
	char	   *end;
	long		v;

	if (strspn(token, "0123456789") != strlen(token) || strlen(token) > 9)
		return false;
	v = strtol(token, &end, 10);
	if (v > max)
		return false;
	*value = (int) v;
	return true;
}

static MXPW_SEM_ACTION
on_scalar(void *arg, char *token, JsonTokenType type)
{
	ParseState *state = arg;
	ParsedScheme *scheme;
	const char *name;

	if (state->depth == 0)
	{
		problem(state, "The value must be a JSON array of schemes, as passwords.schemes in MAS's config.yaml.");
		goto done;
	}
	if (state->depth == 1)
	{
		problem(state, "Scheme %d is not an object.", state->n + 1);
		goto done;
	}
	if (state->key == KEY_UNKNOWN)
		goto done;

	scheme = current(state);
	name = key_names[state->key];

	/* MAS takes null as the key's absence where the key is optional. */
	if (type == JSON_TOKEN_NULL &&
		(state->key == KEY_COST || state->key == KEY_SECRET || state->key == KEY_SECRET_FILE))
	{
		scheme->seen[state->key] = false;
		goto done;
	}

	switch (state->key)
	{
		case KEY_VERSION:
			if (type != JSON_TOKEN_NUMBER || !whole_number(token, 65535, &scheme->version))
				problem(state, "The \"version\" of scheme %d must be a whole number from 0 to 65535.", state->n);
			break;
		case KEY_COST:
			if (type != JSON_TOKEN_NUMBER || !whole_number(token, PG_INT32_MAX, &scheme->cost))
				problem(state, "The \"cost\" of scheme %d must be a whole number.", state->n);
			break;
		case KEY_ALGORITHM:
			if (type == JSON_TOKEN_STRING)
				scheme->algorithm = mxpw_algorithm_named(token);
			if (scheme->algorithm == NULL)
				problem(state, "The \"algorithm\" of scheme %d must be \"bcrypt\", \"argon2id\" or \"pbkdf2\".", state->n);
			break;
		case KEY_SECRET:
		case KEY_SECRET_FILE:
			if (type != JSON_TOKEN_STRING)
				problem(state, "The \"%s\" of scheme %d must be a string.", name, state->n);
			else if (state->key == KEY_SECRET)
				scheme->secret = pstrdup(token);
			else if (token[0] == '\0')
				problem(state, "The \"secret_file\" of scheme %d is empty.", state->n);
			else
				scheme->secret_file = pstrdup(token);
			break;
		case KEY_UNICODE_NORMALIZATION:
			if (type == JSON_TOKEN_TRUE || type == JSON_TOKEN_FALSE)
				scheme->normalise = (type == JSON_TOKEN_TRUE);
			else
				problem(state, "The \"unicode_normalization\" of scheme %d must be true or false.", state->n);
			break;
		case KEY_UNKNOWN:
			break;
	}
done:
	if (token != NULL)
		explicit_bzero(token, strlen(token));
	SEM_DONE(state);
}

static int
compare_versions(const void *a, const void *b)
{
	int			va = ((const ParsedScheme *) a)->version;
	int			vb = ((const ParsedScheme *) b)->version;

	return (vb > va) - (vb < va);
}

/*
 * MAS's schemes are an array of objects with scalar values; one level more
 * lets a value of the wrong type be reported as such.  Deeper JSON is
 * refused before pg_parse_json, which descends recursively and would stop
 * at "stack depth limit exceeded" inside the check hook.
 */
#define MXPW_SCHEMES_MAX_DEPTH	3

bool
mxpw_json_nests_deeper_than(const char *value, int max)
{
	int			depth = 0;
	bool		in_string = false;

	for (const char *p = value; *p != '\0'; p++)
	{
		if (in_string)
		{
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_string = false;
		}
		else if (*p == '"')
			in_string = true;
		else if (*p == '[' || *p == '{')
		{
			if (++depth > max)
				return true;
		}
		else if ((*p == ']' || *p == '}') && depth > 0)
			depth--;
	}
	return false;
}

/* Parses value into state; false with state->problem set if it is bad. */
static bool
parse_schemes(const char *value, ParseState *state)
{
	JsonSemAction sem = {0};
	JsonParseErrorType result;

	state->size = 4;
	state->schemes = palloc(sizeof(ParsedScheme) * state->size);
	if (mxpw_json_nests_deeper_than(value, MXPW_SCHEMES_MAX_DEPTH))
	{
		problem(state, "The value nests arrays or objects more than %d levels deep; MAS's schemes are an array of objects.",
				MXPW_SCHEMES_MAX_DEPTH);
		return false;
	}
	sem.semstate = state;
	sem.array_start = on_array_start;
	sem.object_start = on_object_start;
	sem.object_end = on_object_end;
	sem.object_field_start = on_field_start;
	sem.scalar = on_scalar;

	result = mxpw_json_parse(value, &sem, NULL);

	/* json_errdetail would quote the text near the error: a secret, maybe. */
	if (result != JSON_SUCCESS && state->problem == NULL)
		problem(state, "The value is not valid JSON: it must be a JSON array of schemes, as passwords.schemes in MAS's config.yaml.");
	if (state->problem != NULL)
		return false;
	if (state->n == 0)
	{
		problem(state, "The list has no scheme; MAS requires at least one.");
		return false;
	}
	qsort(state->schemes, state->n, sizeof(ParsedScheme), compare_versions);
	for (int i = 1; i < state->n; i++)
		if (state->schemes[i].version == state->schemes[i - 1].version)
		{
			problem(state, "Two schemes have version %d; MAS refuses that too.",
					state->schemes[i].version);
			return false;
		}
	return true;
}

void
mxpw_json_problem(char **problem, const char *fmt,...)
{
	va_list		args;
	char		buf[512];

	if (*problem != NULL)
		return;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	*problem = pstrdup(buf);
}

JsonParseErrorType
mxpw_json_parse(const char *value, JsonSemAction *sem, JsonLexContext **lex)
{
	JsonLexContext *made;

#if PG_VERSION_NUM >= 170000
	made = makeJsonLexContextCstringLen(NULL, value, strlen(value), PG_UTF8, true);
#else
	made = makeJsonLexContextCstringLen(pstrdup(value), strlen(value), PG_UTF8, true);
#endif
	if (lex != NULL)
		*lex = made;
	return pg_parse_json(made, sem);
}

void *
mxpw_guc_chunk(size_t size)
{
#if PG_VERSION_NUM >= 160000
	return guc_malloc(LOG, size);
#else
	return malloc(size);
#endif
}

/* The parsed schemes in one chunk, as GUC extra data must be. */
static MasSchemes *
flatten(ParseState *state)
{
	size_t		size = offsetof(MasSchemes, schemes) + sizeof(MxpwScheme) * state->n;
	MasSchemes *list;
	char	   *strings;

	for (int i = 0; i < state->n; i++)
	{
		if (state->schemes[i].secret)
			size += strlen(state->schemes[i].secret) + 1;
		if (state->schemes[i].secret_file)
			size += strlen(state->schemes[i].secret_file) + 1;
	}
	list = mxpw_guc_chunk(size);
	if (list == NULL)
		return NULL;
	strings = (char *) &list->schemes[state->n];
	list->n = state->n;
	for (int i = 0; i < state->n; i++)
	{
		ParsedScheme *p = &state->schemes[i];
		MxpwScheme *s = &list->schemes[i];

		s->version = p->version;
		s->algorithm = p->algorithm;
		/* Algorithms without costs ignore it. */
		s->cost = p->seen[KEY_COST] ? p->cost : p->algorithm->default_cost;
		s->normalise = p->normalise;
		s->secret = NULL;
		s->secret_len = 0;
		s->secret_file = NULL;
		if (p->secret)
		{
			s->secret = strcpy(strings, p->secret);
			s->secret_len = strlen(p->secret);
			strings += strlen(p->secret) + 1;
		}
		if (p->secret_file)
		{
			s->secret_file = strcpy(strings, p->secret_file);
			strings += strlen(p->secret_file) + 1;
		}
	}
	return list;
}

bool
mxpw_check_mas_schemes(char **newval, void **extra, GucSource source)
{
	MemoryContext parsecxt;
	MemoryContext oldcxt;
	ParseState	state = {0};
	bool		ok = true;
	bool		has_secret = false;

	if (**newval == '\0')
	{
		*extra = NULL;
		return true;
	}

	parsecxt = AllocSetContextCreate(CurrentMemoryContext, "mxpw schemes",
									 ALLOCSET_SMALL_SIZES);
	oldcxt = MemoryContextSwitchTo(parsecxt);
	if (!parse_schemes(*newval, &state))
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errmsg("invalid value for parameter \"mxpw.mas_password_schemes\"");
		GUC_check_errdetail("%s", state.problem);
		GUC_check_errhint("Copy passwords.schemes from MAS's config.yaml as a JSON array, for example [{\"version\": 1, \"algorithm\": \"argon2id\"}].");
		ok = false;
	}
	else
	{
		for (int i = 0; i < state.n; i++)
			has_secret |= state.schemes[i].secret != NULL;

		/* As mxpw.pepper: see check_pepper in mxpw.c. */
		if (has_secret && source == PGC_S_TEST)
		{
			GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
			GUC_check_errmsg("\"mxpw.mas_password_schemes\" with a \"secret\" cannot be stored in a role, database or function setting");
			GUC_check_errdetail("Such settings are stored in pg_db_role_setting or pg_proc, which every role can read.");
			GUC_check_errhint("Use \"secret_file\" there, or set the schemes in postgresql.conf, in a file it includes, or with ALTER SYSTEM.");
			ok = false;
		}
		else
		{
			*extra = flatten(&state);
			ok = (*extra != NULL);
		}
	}
	for (int i = 0; i < state.n; i++)
		if (state.schemes[i].secret)
			explicit_bzero(state.schemes[i].secret, strlen(state.schemes[i].secret));
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(parsecxt);
	return ok;
}

void
mxpw_assign_mas_schemes(const char *newval, void *extra)
{
	mas_schemes = (const MasSchemes *) extra;
}
