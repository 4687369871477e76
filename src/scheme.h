/*
 * scheme.h
 *	  Password hashing schemes: Synapse's recipe, and MAS's configured
 *	  schemes (scheme.c).
 *
 * A scheme says how a password becomes a hash: whether it is normalised to
 * NFKC first, the algorithm, its cost, and a secret (Synapse's pepper, a
 * MAS scheme's secret).  Synapse has one scheme, made from mxpw.pepper and
 * mxpw.bcrypt_rounds.  MAS has a list, mxpw.mas_password_schemes, copied
 * from passwords.schemes in its config.yaml: the highest version hashes new
 * passwords, and each stored hash is checked with its row's version.
 */
#ifndef MXPW_SCHEME_H
#define MXPW_SCHEME_H

#include "common/jsonapi.h"
#include "postgres.h"

#include "utils/guc.h"

#include "algorithm.h"

/* Synapse's scheme has no version; MAS's versions are 0 to 65535. */
#define MXPW_SYNAPSE_VERSION	(-1)

typedef struct MxpwScheme
{
	int			version;
	const MxpwAlgorithm *algorithm;
	int			cost;			/* for an algorithm with costs (bcrypt) */
	bool		normalise;		/* NFKC before the secret is added */
	const char *secret;			/* NULL for none, or for secret_file */
	size_t		secret_len;
	const char *secret_file;	/* read when the scheme is used */
} MxpwScheme;

/* The secret's bytes, read from secret_file if need be (scheme.c). */
typedef struct MxpwSecret
{
	char	   *data;			/* palloc'd, NUL-terminated; wiped by
								 * mxpw_secret_free */
	size_t		len;
} MxpwSecret;

/*
 * A copy in the current memory context, which a change of the settings
 * (by a trigger on the store's tables, say) leaves alone.
 */
extern MxpwScheme *mxpw_scheme_copy(const MxpwScheme *scheme);

/* Synapse's scheme, at bcrypt cost rounds, with pepper appended. */
extern MxpwScheme mxpw_synapse_scheme(int rounds, const char *pepper);

/*
 * MAS's schemes, from mxpw.mas_password_schemes; each raises an error when
 * the setting is empty.  The current one hashes new passwords; the one of a
 * version checks that version's hashes (an error if none has it).
 */
extern const MxpwScheme *mxpw_mas_current_scheme(void);
extern const MxpwScheme *mxpw_mas_scheme(int version);

/*
 * The MAS scheme that can check or store hash when the caller names no
 * version: the one scheme of the hash's algorithm.  NULL when there is
 * none; an error when there are several.
 */
extern const MxpwScheme *mxpw_mas_scheme_for_hash(const char *hash, size_t len);

/*
 * The table of algorithms: the one a hash string was made with, from its
 * prefix, and the one MAS's configuration names; NULL for none.  A NULL
 * algorithm's name is "no known algorithm".
 */
extern const MxpwAlgorithm *mxpw_algorithm_of_hash(const char *hash, size_t len);
extern const MxpwAlgorithm *mxpw_algorithm_named(const char *name);
extern const char *mxpw_algorithm_name(const MxpwAlgorithm *algorithm);

extern void mxpw_secret_get(const MxpwScheme *scheme, MxpwSecret *secret);
extern void mxpw_secret_free(MxpwSecret *secret);

/*
 * The GUC hooks of mxpw.mas_password_schemes (set up in mxpw.c): a value is
 * valid once its check hook accepts it, and trusted from then on.
 */
extern bool mxpw_check_mas_schemes(char **newval, void **extra, GucSource source);
extern void mxpw_assign_mas_schemes(const char *newval, void *extra);

/*
 * For the settings in JSON (here and policy.c): whether value nests arrays
 * and objects deeper than max, strings aside, checked before pg_parse_json,
 * which descends recursively and would stop at "stack depth limit
 * exceeded" inside a check hook; and memory for a GUC's extra data.
 */
extern bool mxpw_json_nests_deeper_than(const char *value, int max);
extern void *mxpw_guc_chunk(size_t size);

/*
 * PostgreSQL's JSON parser over a setting's value with sem's callbacks; lex
 * (may be NULL) receives the lexer, for json_errdetail.  From PostgreSQL 16
 * a semantic action returns whether parsing goes on; before, it cannot stop
 * the parse.  MXPW_SEM_DONE(failed) ends an action either way.
 */
extern JsonParseErrorType mxpw_json_parse(const char *value, JsonSemAction *sem,
										  JsonLexContext **lex);

/* Keeps the first problem a parse finds, formatted, in *problem. */
extern void mxpw_json_problem(char **problem, const char *fmt,...) pg_attribute_printf(2, 3);

#if PG_VERSION_NUM >= 160000
#define MXPW_SEM_ACTION JsonParseErrorType
#define MXPW_SEM_DONE(failed) \
	return (failed) ? JSON_SEM_ACTION_FAILED : JSON_SUCCESS
#else
#define MXPW_SEM_ACTION void
#define MXPW_SEM_DONE(failed) return
#endif

#endif							/* MXPW_SCHEME_H */
