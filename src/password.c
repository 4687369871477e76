/*
 * password.c
 *	  Password rules, and hashing and checking one password exactly as
 *	  Synapse does.
 *
 * Synapse normalises a password to NFKC, encodes it as UTF-8, appends the
 * pepper and lets bcrypt read the first 72 bytes.  The normalisation here is
 * PostgreSQL's own; the byte work and libxcrypt calls are in hash.c.
 *
 * Buffers that hold the plaintext are wiped before they are freed.  Copies
 * that PostgreSQL makes on the way (the argument itself, the normaliser's
 * scratch space) are outside mxpw's reach.
 */
#include "postgres.h"

#include <crypt.h>

#include "common/unicode_norm.h"
#include "fmgr.h"
#include "libpq/libpq.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"

#include "hash.h"
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
 * A bcrypt computation holds the backend for its whole time and cannot be
 * interrupted.  Afterwards, act on what arrived meanwhile before anything is
 * written: a cancel or statement_timeout, or a client that went away (which
 * PostgreSQL would otherwise notice only after committing, when it sends the
 * result).  The FATAL is raised here rather than by PostgreSQL so that the
 * statement, which may carry a password, is not logged with it.
 */
static void
after_bcrypt(void)
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
 * The password's NFKC form as UTF-8, palloc'd in a buffer of *size bytes;
 * *len is its length.  The caller wipes it.
 */
static unsigned char *
normalise(text *password, size_t *len, size_t *size)
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
	explicit_bzero(normal, (nnormal + 1) * sizeof(pg_wchar));
	pfree(normal);
	*len = p - utf8;
	return utf8;
}

/*
 * Builds bcrypt's key from a password: NFKC, UTF-8, pepper, first 72 bytes.
 */
static void
make_key(text *password, char key[MXPW_BCRYPT_KEY_SIZE])
{
	size_t		len;
	size_t		size;
	unsigned char *utf8 = normalise(password, &len, &size);

	mxpw_bcrypt_key((const char *) utf8, len,
					mxpw_pepper, strlen(mxpw_pepper), key);
	explicit_bzero(utf8, size);
	pfree(utf8);
}

/*
 * Whether mxpw may hash or check password.  A new password must also be one
 * Synapse would accept: lengths are in characters, as Synapse counts them,
 * before normalisation.
 */
MxpwPasswordStatus
mxpw_password_status(text *password, bool is_new)
{
	const char *src = VARDATA_ANY(password);
	int			len = VARSIZE_ANY_EXHDR(password);

	require_utf8();
	if (is_new && len == 0)
		return MXPW_PASSWORD_EMPTY;
	if (is_new && pg_mbstrlen_with_len(src, len) > MXPW_PASSWORD_MAX_CHARS)
		return MXPW_PASSWORD_TOO_LONG;
	if (!mxpw_unicode_stable(src, len))
		return MXPW_PASSWORD_UNICODE_UNSTABLE;

	/*
	 * bcrypt reads 72 bytes of password and pepper together.  A password
	 * just short of 72 bytes leaves a few pepper bytes in the key, and a
	 * known password with its hash lets them be guessed one at a time, each
	 * byte found opening the next.  So either none of the pepper, or at
	 * least MXPW_BCRYPT_KEY_MAX - MXPW_PARTIAL_PEPPER_MIN + 1 bytes of it
	 * (all of a shorter one), must be guessed at once.  The refused range
	 * does not depend on the pepper's length, so refusals tell nothing
	 * about it.
	 */
	if (mxpw_pepper[0] != '\0' && !mxpw_allow_partial_pepper)
	{
		size_t		normal_len;
		size_t		size;
		unsigned char *utf8 = normalise(password, &normal_len, &size);

		explicit_bzero(utf8, size);
		pfree(utf8);
		if (normal_len >= MXPW_PARTIAL_PEPPER_MIN &&
			normal_len < MXPW_BCRYPT_KEY_MAX)
			return MXPW_PASSWORD_PARTIAL_PEPPER;
	}
	return MXPW_PASSWORD_OK;
}

/* Rejects what mxpw may not hash (is_new) or check. */
void
mxpw_password_check(text *password, bool is_new)
{
	mxpw_report_password(mxpw_password_status(password, is_new));
}

char *
mxpw_password_hash(text *password, int rounds)
{
	char		key[MXPW_BCRYPT_KEY_SIZE];
	char		hash[MXPW_BCRYPT_HASH_SIZE];
	struct crypt_data *scratch;
	bool		ok;

	mxpw_password_check_rounds(rounds);
	make_key(password, key);
	scratch = palloc(sizeof(struct crypt_data));
	ok = mxpw_bcrypt_hash(key, rounds, hash, scratch);
	explicit_bzero(key, sizeof(key));
	pfree(scratch);
	after_bcrypt();
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_SYSTEM_ERROR),
				 errmsg("could not compute bcrypt hash: %m")));
	return pstrdup(hash);
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

/*
 * Anything that is not a bcrypt hash Synapse could check (empty, malformed)
 * simply does not match, so that the whole users table can be scanned.
 */
bool
mxpw_password_verify(text *password, text *hash)
{
	char	   *hash_str;
	char		key[MXPW_BCRYPT_KEY_SIZE];
	struct crypt_data *scratch;
	int			cost;
	bool		match;

	if (mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost) != MXPW_HASH_OK)
		return false;
	if (cost > MXPW_MAX_COMPUTE_COST)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("bcrypt cost %d is above the highest cost mxpw computes (%d)",
						cost, MXPW_MAX_COMPUTE_COST),
				 errdetail("A bcrypt check cannot be interrupted once started, and its time doubles with each step of cost.")));

	hash_str = text_to_cstring(hash);
	make_key(password, key);
	scratch = palloc(sizeof(struct crypt_data));
	match = mxpw_bcrypt_check(key, hash_str, scratch);
	explicit_bzero(key, sizeof(key));
	pfree(scratch);
	after_bcrypt();
	return match;
}
