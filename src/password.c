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
 * PostgreSQL's own; the hashing is in hash.c (bcrypt, libxcrypt),
 * argon2id.c (libargon2) and pbkdf2.c (OpenSSL).
 *
 * Buffers that hold the plaintext or a secret are wiped before they are
 * freed.  Copies that PostgreSQL makes on the way (the argument itself, the
 * normaliser's scratch space) are outside mxpw's reach.
 */
#include "postgres.h"

#include <argon2.h>
#include <crypt.h>

#include "common/unicode_norm.h"
#include "fmgr.h"
#include "libpq/libpq.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"

#include "argon2id.h"
#include "bcrypt.h"
#include "password.h"
#include "pbkdf2.h"
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

void
mxpw_password_check_rounds(int rounds)
{
	if (rounds < MXPW_BCRYPT_MIN_COST || rounds > MXPW_MAX_COMPUTE_COST)
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

/*
 * The password as the scheme hashes it, before any secret: its NFKC form if
 * the scheme normalises, else its own bytes, as UTF-8 in a palloc'd buffer
 * of *size bytes; *len is its length.  The caller wipes it.
 */
static unsigned char *
prepare(text *password, const MxpwScheme *scheme, size_t *len, size_t *size)
{
	const char *src = VARDATA_ANY(password);
	int			srclen = VARSIZE_ANY_EXHDR(password);
	size_t		wide_size = (srclen + 1) * sizeof(pg_wchar);
	pg_wchar   *wide;
	pg_wchar   *normal;
	unsigned char *utf8;
	unsigned char *p;
	int			nchars;
	int			nnormal;

	require_utf8();

	if (!scheme->normalise)
	{
		*size = srclen + 1;
		utf8 = palloc(*size);
		memcpy(utf8, src, srclen);
		utf8[srclen] = '\0';
		*len = srclen;
		return utf8;
	}

	wide = palloc(wide_size);
	nchars = pg_mb2wchar_with_len(src, wide, srclen);
	wide[nchars] = 0;
	normal = unicode_normalize(UNICODE_NFKC, wide);
	explicit_bzero(wide, wide_size);
	pfree(wide);
	if (normal == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));

	for (nnormal = 0; normal[nnormal] != 0; nnormal++)
		;
	*size = (size_t) nnormal * MAX_MULTIBYTE_CHAR_LEN + 1;
	utf8 = palloc(*size);
	p = utf8;
	for (int i = 0; i < nnormal; i++)
	{
		unicode_to_utf8(normal[i], p);
		p += pg_utf_mblen(p);
	}
	*p = '\0';
	explicit_bzero(normal, (nnormal + 1) * sizeof(pg_wchar));
	pfree(normal);
	*len = p - utf8;
	return utf8;
}

static void
wipe(void *buf, size_t size)
{
	explicit_bzero(buf, size);
	pfree(buf);
}

/* The scheme's secret; bcrypt's key is a C string, which cannot hold a NUL. */
static void
get_secret(const MxpwScheme *scheme, MxpwSecret *secret)
{
	mxpw_secret_get(scheme, secret);
	if (scheme->algorithm == MXPW_ALGORITHM_BCRYPT &&
		memchr(secret->data, '\0', secret->len) != NULL)
	{
		mxpw_secret_free(secret);
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the secret of MAS scheme version %d contains a NUL byte", scheme->version),
				 errdetail("mxpw's bcrypt takes its key as a C string, which ends at the first NUL byte.")));
	}
}

/* The prepared password with the secret appended, as bcrypt and pbkdf2 take it. */
static char *
append_secret(const unsigned char *prepared, size_t len, const MxpwSecret *secret,
			  size_t *total)
{
	char	   *input = palloc(len + secret->len + 1);

	memcpy(input, prepared, len);
	memcpy(input + len, secret->data, secret->len);
	input[len + secret->len] = '\0';
	*total = len + secret->len;
	return input;
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
mxpw_password_status(text *password, bool is_new, const MxpwScheme *scheme)
{
	const char *src = VARDATA_ANY(password);
	int			len = VARSIZE_ANY_EXHDR(password);

	require_utf8();
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
	if (scheme->algorithm == MXPW_ALGORITHM_BCRYPT && !mxpw_allow_partial_pepper &&
		(scheme->secret_file != NULL || scheme->secret_len > 0))
	{
		size_t		prepared_len;
		size_t		size;
		unsigned char *prepared = prepare(password, scheme, &prepared_len, &size);

		wipe(prepared, size);
		if (prepared_len >= MXPW_PARTIAL_PEPPER_MIN &&
			prepared_len < MXPW_BCRYPT_KEY_MAX)
			return scheme->version == MXPW_SYNAPSE_VERSION ?
				MXPW_PASSWORD_PARTIAL_PEPPER : MXPW_PASSWORD_PARTIAL_SECRET;
	}
	return MXPW_PASSWORD_OK;
}

/* Rejects what mxpw may not hash (is_new) or check. */
void
mxpw_password_check(text *password, bool is_new, const MxpwScheme *scheme)
{
	mxpw_report_password(mxpw_password_status(password, is_new, scheme));
}

static void
hash_failed(const MxpwScheme *scheme)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYSTEM_ERROR),
			 errmsg("could not compute %s hash: %m",
					mxpw_algorithm_name(scheme->algorithm))));
}

/*
 * Runs the scheme's algorithm on a prepared password and the secret: makes
 * a new hash in out, or, given a hash to check, whether it matches.
 */
static bool
compute(const MxpwScheme *scheme, const unsigned char *prepared, size_t len,
		const MxpwSecret *secret, const char *check, size_t check_len,
		char out[MXPW_PHC_HASH_SIZE])
{
	bool		ok = false;

	switch (scheme->algorithm)
	{
		case MXPW_ALGORITHM_BCRYPT:
			{
				char		key[MXPW_BCRYPT_KEY_SIZE];
				struct crypt_data *scratch = palloc(sizeof(struct crypt_data));

				mxpw_bcrypt_key((const char *) prepared, len, secret->data, secret->len, key);
				ok = check ? mxpw_bcrypt_check(key, check, scratch) :
					mxpw_bcrypt_hash(key, scheme->cost, out, scratch);
				explicit_bzero(key, sizeof(key));
				pfree(scratch);
				break;
			}
		case MXPW_ALGORITHM_ARGON2ID:
			{
				unsigned char salt[MXPW_ARGON2_SALT_BYTES];

				if (check)
					ok = mxpw_argon2_check((const char *) prepared, len,
										   secret->data, secret->len, check, check_len);
				else if (!pg_strong_random(salt, sizeof(salt)))
					elog(ERROR, "could not generate random salt");
				else
					ok = mxpw_argon2id_hash((const char *) prepared, len,
											secret->data, secret->len, salt, out);
				break;
			}
		case MXPW_ALGORITHM_PBKDF2:
			{
				unsigned char salt[MXPW_PBKDF2_SALT_BYTES];
				size_t		total;
				char	   *input = append_secret(prepared, len, secret, &total);

				if (check)
					ok = mxpw_pbkdf2_check(input, total, check, check_len);
				else if (!pg_strong_random(salt, sizeof(salt)))
					elog(ERROR, "could not generate random salt");
				else
					ok = mxpw_pbkdf2_sha256_hash(input, total, salt, out);
				wipe(input, total + 1);
				break;
			}
		case MXPW_ALGORITHM_NONE:
			elog(ERROR, "no algorithm to hash with");
	}
	return ok;
}

char *
mxpw_password_hash(text *password, const MxpwScheme *scheme)
{
	char		out[MXPW_PHC_HASH_SIZE];
	size_t		len;
	size_t		size;
	unsigned char *prepared;
	MxpwSecret	secret;
	bool		ok;

	if (scheme->algorithm == MXPW_ALGORITHM_BCRYPT)
		mxpw_password_check_rounds(scheme->cost);
	get_secret(scheme, &secret);
	prepared = prepare(password, scheme, &len, &size);
	ok = compute(scheme, prepared, len, &secret, NULL, 0, out);
	wipe(prepared, size);
	mxpw_secret_free(&secret);
	after_hash();
	if (!ok)
		hash_failed(scheme);
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
mxpw_password_hash_problem(const char *hash, size_t len, MxpwAlgorithm algorithm)
{
	MxpwHashFormat bcrypt_format;
	MxpwPhcFormat phc_format;
	int			cost;
	MxpwArgon2Params argon2;
	MxpwPbkdf2Params pbkdf2;

	switch (algorithm)
	{
		case MXPW_ALGORITHM_BCRYPT:
			bcrypt_format = mxpw_bcrypt_parse(hash, len, &cost);
			return bcrypt_format == MXPW_HASH_OK ? NULL :
				mxpw_hash_format_problem(bcrypt_format);
		case MXPW_ALGORITHM_ARGON2ID:
			phc_format = mxpw_argon2_parse(hash, len, &argon2);
			break;
		case MXPW_ALGORITHM_PBKDF2:
			phc_format = mxpw_pbkdf2_parse(hash, len, &pbkdf2);
			break;
		case MXPW_ALGORITHM_NONE:
		default:
			return "The hash is not a bcrypt, argon2 or pbkdf2 hash.";
	}
	return phc_format == MXPW_PHC_OK ? NULL : mxpw_phc_format_problem(phc_format);
}

bool
mxpw_password_hash_weaker(const char *hash, size_t len, const MxpwScheme *scheme)
{
	int			cost;
	MxpwArgon2Params argon2;
	MxpwPbkdf2Params pbkdf2;

	if (mxpw_hash_algorithm(hash, len) != scheme->algorithm)
		return true;
	switch (scheme->algorithm)
	{
		case MXPW_ALGORITHM_BCRYPT:
			return mxpw_bcrypt_parse(hash, len, &cost) != MXPW_HASH_OK ||
				cost < scheme->cost;
		case MXPW_ALGORITHM_ARGON2ID:
			return mxpw_argon2_parse(hash, len, &argon2) != MXPW_PHC_OK ||
				argon2.type != Argon2_id ||
				argon2.m_kib < MXPW_ARGON2_M_KIB || argon2.t < MXPW_ARGON2_T;
		case MXPW_ALGORITHM_PBKDF2:
			return mxpw_pbkdf2_parse(hash, len, &pbkdf2) != MXPW_PHC_OK ||
				pbkdf2.iterations < MXPW_PBKDF2_ITERATIONS;
		case MXPW_ALGORITHM_NONE:
			break;
	}
	return true;
}

/* A check that could not be interrupted for too long is refused. */
static void
too_costly(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("hash is more costly to check than mxpw allows"),
			 errdetail("%s", detail)));
}

/*
 * Anything that is not a well-formed hash of the scheme's algorithm (empty,
 * malformed) simply does not match, so that a whole table can be scanned.
 */
bool
mxpw_password_verify(text *password, text *hash, const MxpwScheme *scheme)
{
	const char *hash_data = VARDATA_ANY(hash);
	size_t		hash_len = VARSIZE_ANY_EXHDR(hash);
	char	   *hash_str;
	size_t		len;
	size_t		size;
	unsigned char *prepared;
	MxpwSecret	secret;
	bool		match = false;
	int			cost;
	MxpwArgon2Params argon2;
	MxpwPbkdf2Params pbkdf2;
	MxpwPhcFormat format = MXPW_PHC_OK;

	if (mxpw_hash_algorithm(hash_data, hash_len) != scheme->algorithm)
		return false;
	switch (scheme->algorithm)
	{
		case MXPW_ALGORITHM_BCRYPT:
			if (mxpw_bcrypt_parse(hash_data, hash_len, &cost) != MXPW_HASH_OK)
				return false;
			if (cost > MXPW_MAX_COMPUTE_COST)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("bcrypt cost %d is above the highest cost mxpw computes (%d)",
								cost, MXPW_MAX_COMPUTE_COST),
						 errdetail("A bcrypt check cannot be interrupted once started, and its time doubles with each step of cost.")));
			break;
		case MXPW_ALGORITHM_ARGON2ID:
			format = mxpw_argon2_parse(hash_data, hash_len, &argon2);
			break;
		case MXPW_ALGORITHM_PBKDF2:
			format = mxpw_pbkdf2_parse(hash_data, hash_len, &pbkdf2);
			break;
		case MXPW_ALGORITHM_NONE:
			return false;
	}
	if (format == MXPW_PHC_TOO_COSTLY)
		too_costly(mxpw_phc_format_problem(format));
	if (format != MXPW_PHC_OK || beyond_check_limit(password))
		return false;

	hash_str = text_to_cstring(hash);
	get_secret(scheme, &secret);
	prepared = prepare(password, scheme, &len, &size);
	match = compute(scheme, prepared, len, &secret, hash_str, hash_len, NULL);
	wipe(prepared, size);
	mxpw_secret_free(&secret);
	after_hash();
	return match;
}
