/*
 * password.c
 *	  Password rules, and hashing and checking one password with a scheme:
 *	  Synapse's, or one of MAS's.
 *
 * Synapse normalises a password to NFKC, encodes it as UTF-8, appends the
 * pepper and lets bcrypt read the first 72 bytes.  MAS does the same with a
 * scheme's secret when the scheme says unicode_normalization, and hashes
 * with the scheme's algorithm; argon2id takes the secret as Argon2's own
 * keyed-hashing input instead of appended bytes (matrix-authentication-
 * service crates/handlers/src/passwords.rs).  The normalisation here is
 * PostgreSQL's own, done once per password (MxpwPassword); the hashing is
 * the scheme's row of the table of algorithms (algorithm.h): bcrypt.c
 * (libxcrypt), argon2id.c (libargon2) and pbkdf2.c (OpenSSL).
 *
 * Buffers that hold the plaintext or a secret are wiped before they are
 * freed.  Copies that PostgreSQL makes on the way (the argument itself, the
 * normaliser's scratch space) are outside mxpw's reach.
 */
#include "postgres.h"

#include "common/unicode_norm.h"
#include "fmgr.h"
#include "libpq/libpq.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"

#include "bcrypt.h"
#include "password.h"
#include "report.h"
#include "unicode_stable.h"

static void
require_utf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("mxpw requires a database with UTF8 encoding"),
				 errdetail("This database's encoding is %s; Synapse hashes passwords as UTF-8 after Unicode normalisation.",
						   GetDatabaseEncodingName()),
				 errhint("Synapse's own database must use UTF8 encoding and C collation.")));
}

/*
 * Rounds given to a call are checked here; mxpw.bcrypt_rounds and MAS's
 * schemes were checked when they were set.
 */
void
mxpw_password_check_rounds(int rounds)
{
	if (!mxpw_algorithm_cost_ok(&mxpw_bcrypt_algorithm, rounds))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bcrypt rounds %d is out of range", rounds),
				 errdetail("mxpw computes bcrypt with rounds from %d to %d.",
						   MXPW_BCRYPT_MIN_COST, MXPW_MAX_COMPUTE_COST),
				 errhint("Synapse's default is 12.  Each step doubles the time, and a hash cannot be interrupted once started.")));
}

/*
 * A hash computation holds the backend for its whole time and cannot be
 * interrupted.  Afterwards, act on what arrived meanwhile before anything is
 * written: a cancel or statement_timeout, or a client that went away (which
 * PostgreSQL would otherwise notice only after committing, when it sends the
 * result).  The FATAL is raised here rather than by PostgreSQL so that the
 * statement, which may carry a password, is not logged with it.
 */
static void
after_hash(void)
{
	if (MyProcPort != NULL && !pq_check_connection())
	{
		whereToSendOutput = DestNone;
		ereport(FATAL,
				(errcode(ERRCODE_CONNECTION_FAILURE),
				 errmsg("connection to client lost"),
				 errhidestmt(true)));
	}
	CHECK_FOR_INTERRUPTS();
}

static void
wipe(void *buf, size_t size)
{
	explicit_bzero(buf, size);
	pfree(buf);
}

void
mxpw_password_prepare(text *password, const MxpwScheme *scheme,
					  MxpwPassword *prepared)
{
	const char *src = VARDATA_ANY(password);
	int			srclen = VARSIZE_ANY_EXHDR(password);
	size_t		wide_size = (srclen + 1) * sizeof(pg_wchar);
	pg_wchar   *wide;
	pg_wchar   *normal;
	char	   *utf8;
	size_t		utf8_size;
	char	   *p;
	int			nchars;
	int			nnormal;

	require_utf8();

	if (!scheme->normalise)
	{
		prepared->data = palloc(srclen + 1);
		memcpy(prepared->data, src, srclen);
		prepared->data[srclen] = '\0';
		prepared->len = srclen;
		return;
	}

	wide = palloc(wide_size);
	nchars = pg_mb2wchar_with_len(src, wide, srclen);
	wide[nchars] = 0;
	normal = unicode_normalize(UNICODE_NFKC, wide);
	wipe(wide, wide_size);
	if (normal == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));

	for (nnormal = 0; normal[nnormal] != 0; nnormal++)
		;
	utf8_size = (size_t) nnormal * MAX_MULTIBYTE_CHAR_LEN + 1;
	utf8 = palloc(utf8_size);
	p = utf8;
	for (int i = 0; i < nnormal; i++)
	{
		unicode_to_utf8(normal[i], (unsigned char *) p);
		p += pg_utf_mblen((unsigned char *) p);
	}
	wipe(normal, (nnormal + 1) * sizeof(pg_wchar));

	/* Kept at its own size: a bulk call holds one per entry. */
	prepared->len = p - utf8;
	prepared->data = palloc(prepared->len + 1);
	memcpy(prepared->data, utf8, prepared->len);
	prepared->data[prepared->len] = '\0';
	wipe(utf8, utf8_size);
}

void
mxpw_password_free(MxpwPassword *prepared)
{
	if (prepared->data != NULL)
		wipe(prepared->data, prepared->len + 1);
	prepared->data = NULL;
	prepared->len = 0;
}

void
mxpw_password_free_all(int n, MxpwPassword *prepared)
{
	for (int i = 0; i < n; i++)
		mxpw_password_free(&prepared[i]);
}

/*
 * The scheme's secret, read once for the call; a key that is a C string
 * (bcrypt's) cannot hold a NUL.
 */
static void
get_secret(const MxpwScheme *scheme, MxpwSecret *secret)
{
	mxpw_secret_get(scheme, secret);
	if (scheme->algorithm->key_is_string &&
		memchr(secret->data, '\0', secret->len) != NULL)
	{
		mxpw_secret_free(secret);
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the secret of MAS scheme version %d contains a NUL byte", scheme->version),
				 errdetail("mxpw's %s takes its key as a C string, which ends at the first NUL byte.",
						   scheme->algorithm->name)));
	}
}

/*
 * Whether a check may answer false without normalising or hashing password.
 * Neither homeserver refuses a long password at login: Synapse normalises
 * and hashes whatever it is given (synapse/handlers/auth.py,
 * _check_local_password and validate_hash), MAS likewise
 * (matrix-authentication-service crates/handlers/src/passwords.rs,
 * Hasher::verify_blocking), and the login then fails.  So a check of a
 * password longer than any that could have been set answers false, and
 * never spends the time normalising it would take.  (Synapse's bcrypt,
 * which reads 72 bytes, would match such a password if its start matched;
 * mxpw answers false.)
 */
static bool
beyond_check_limit(text *password)
{
	return VARSIZE_ANY_EXHDR(password) > MXPW_PASSWORD_CHECK_MAX_BYTES;
}

/*
 * Whether mxpw may hash or check password with scheme.  A new password must
 * also be one Synapse would accept: lengths are in characters, as Synapse
 * counts them, before normalisation.
 */
MxpwPasswordStatus
mxpw_password_status(text *password, bool is_new, const MxpwScheme *scheme,
					 MxpwPassword *prepared)
{
	const char *src = VARDATA_ANY(password);
	int			len = VARSIZE_ANY_EXHDR(password);
	size_t		key_max = scheme->algorithm->key_max;
	MxpwPassword own = {0};
	MxpwPassword *p = prepared != NULL ? prepared : &own;

	require_utf8();
	*p = own;
	/* mxpw_password_verify answers false for it, without normalising. */
	if (!is_new && beyond_check_limit(password))
		return MXPW_PASSWORD_OK;
	if (is_new && len == 0)
		return MXPW_PASSWORD_EMPTY;
	if (is_new && pg_mbstrlen_with_len(src, len) > MXPW_PASSWORD_MAX_CHARS)
		return MXPW_PASSWORD_TOO_LONG;
	if (scheme->normalise && !mxpw_unicode_stable(src, len))
		return MXPW_PASSWORD_UNICODE_UNSTABLE;

	/*
	 * bcrypt reads 72 bytes of password and secret together.  A password
	 * just short of 72 bytes leaves a few secret bytes in the key, and a
	 * known password with its hash lets them be guessed one at a time, each
	 * byte found opening the next.  So either none of the secret, or at
	 * least MXPW_BCRYPT_KEY_MAX - MXPW_PARTIAL_PEPPER_MIN + 1 bytes of it
	 * (all of a shorter one), must be guessed at once.  The refused range
	 * does not depend on the secret's length, so refusals tell nothing
	 * about it.
	 */
	if (key_max > 0 && !mxpw_allow_partial_pepper &&
		(scheme->secret_file != NULL || scheme->secret_len > 0))
	{
		mxpw_password_prepare(password, scheme, p);
		if (p->len >= MXPW_PARTIAL_PEPPER_MIN && p->len < key_max)
		{
			mxpw_password_free(p);
			return scheme->version == MXPW_SYNAPSE_VERSION ?
				MXPW_PASSWORD_PARTIAL_PEPPER : MXPW_PASSWORD_PARTIAL_SECRET;
		}
	}
	if (prepared == NULL)
		mxpw_password_free(&own);
	else if (prepared->data == NULL)
		mxpw_password_prepare(password, scheme, prepared);
	return MXPW_PASSWORD_OK;
}

/* Rejects what mxpw may not hash (is_new) or check. */
void
mxpw_password_check(text *password, bool is_new, const MxpwScheme *scheme,
					MxpwPassword *prepared)
{
	mxpw_report_password(mxpw_password_status(password, is_new, scheme,
											  prepared));
}

char *
mxpw_password_hash(const MxpwPassword *password, const MxpwScheme *scheme)
{
	const MxpwAlgorithm *algorithm = scheme->algorithm;
	char		out[MXPW_HASH_SIZE];
	unsigned char salt[MXPW_HASH_SALT_MAX_BYTES];
	MxpwSecret	secret;
	bool		ok;

	if (algorithm->salt_bytes > 0 &&
		!pg_strong_random(salt, algorithm->salt_bytes))
		elog(ERROR, "could not generate random salt");
	get_secret(scheme, &secret);
	ok = algorithm->hash(algorithm, password->data, password->len,
						 secret.data, secret.len, scheme->cost, salt, out);
	mxpw_secret_free(&secret);
	after_hash();
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_SYSTEM_ERROR),
				 errmsg("could not compute %s hash: %m", algorithm->name)));
	return pstrdup(out);
}

/*
 * A new password made of MXPW_GENERATED_RANDOM_BYTES from PostgreSQL's strong
 * random source, as mxpw_reset_password and mxpw_reset_passwords give.
 */
text *
mxpw_password_generate(void)
{
	unsigned char random[MXPW_GENERATED_RANDOM_BYTES];
	char		generated[MXPW_GENERATED_SIZE];
	text	   *password;

	if (!pg_strong_random(random, sizeof(random)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random password")));
	mxpw_encode_generated(random, generated);
	explicit_bzero(random, sizeof(random));
	password = cstring_to_text(generated);
	explicit_bzero(generated, sizeof(generated));
	return password;
}

const char *
mxpw_password_hash_problem(const char *hash, size_t len,
						   const MxpwAlgorithm *algorithm)
{
	MxpwParsedHash parsed;
	MxpwHashFormat format = algorithm->parse(algorithm, hash, len, &parsed);

	return format == MXPW_HASH_OK ? NULL : algorithm->problem(format);
}

bool
mxpw_password_hash_weaker(const char *hash, size_t len, const MxpwScheme *scheme)
{
	const MxpwAlgorithm *algorithm = scheme->algorithm;
	MxpwParsedHash parsed;

	if (mxpw_algorithm_of_hash(hash, len) != algorithm)
		return true;
	return algorithm->parse(algorithm, hash, len, &parsed) != MXPW_HASH_OK ||
		algorithm->weaker(&parsed, scheme->cost);
}

/*
 * A check that could not be interrupted for too long is refused.  An
 * algorithm with costs names the hash's, its first parameter.
 */
static void
too_costly(const MxpwAlgorithm *algorithm, const MxpwParsedHash *parsed)
{
	if (algorithm->max_cost > 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cost %u is above the highest cost mxpw computes (%d)",
						algorithm->name, parsed->params[0], algorithm->max_cost),
				 errdetail("%s", algorithm->problem(MXPW_HASH_TOO_COSTLY))));
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("hash is more costly to check than mxpw allows"),
			 errdetail("%s", algorithm->problem(MXPW_HASH_TOO_COSTLY))));
}

/*
 * Anything that is not a well-formed hash of the scheme's algorithm (empty,
 * malformed) simply does not match, so that a whole table can be scanned.
 * The hash is parsed once, and checked with what the parser read.
 */
bool
mxpw_password_verify(const MxpwPassword *password, text *hash,
					 const MxpwScheme *scheme)
{
	const MxpwAlgorithm *algorithm = scheme->algorithm;
	const char *hash_data = VARDATA_ANY(hash);
	size_t		hash_len = VARSIZE_ANY_EXHDR(hash);
	MxpwParsedHash parsed;
	MxpwHashFormat format;
	char	   *hash_str;
	MxpwSecret	secret;
	bool		match;

	if (mxpw_algorithm_of_hash(hash_data, hash_len) != algorithm)
		return false;
	format = algorithm->parse(algorithm, hash_data, hash_len, &parsed);
	if (format == MXPW_HASH_TOO_COSTLY ||
		(format == MXPW_HASH_OK && algorithm->too_costly(&parsed)))
		too_costly(algorithm, &parsed);
	if (format != MXPW_HASH_OK || password->data == NULL)
		return false;

	hash_str = text_to_cstring(hash);
	get_secret(scheme, &secret);
	match = algorithm->check(algorithm, password->data, password->len,
							 secret.data, secret.len, &parsed, hash_str);
	mxpw_secret_free(&secret);
	explicit_bzero(&parsed, sizeof(parsed));
	after_hash();
	return match;
}
