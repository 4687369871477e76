/*
 * password.c
 *	  Hashing and checking passwords exactly as Synapse does.
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
#include "mxpw.h"

/* Synapse's admin and registration APIs refuse longer passwords. */
#define MXPW_PASSWORD_MAX_CHARS 512

PG_FUNCTION_INFO_V1(mxpw_hash);
PG_FUNCTION_INFO_V1(mxpw_verify);
PG_FUNCTION_INFO_V1(mxpw_needs_rehash);

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
mxpw_check_rounds(int rounds)
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
 * Builds bcrypt's key from a password: NFKC, UTF-8, pepper, first 72 bytes.
 */
static void
make_key(text *password, char key[MXPW_BCRYPT_KEY_SIZE])
{
	const char *src = VARDATA_ANY(password);
	int			len = VARSIZE_ANY_EXHDR(password);
	size_t		wide_size = (len + 1) * sizeof(pg_wchar);
	pg_wchar   *wide;
	pg_wchar   *normal;
	unsigned char *utf8;
	unsigned char *p;
	int			nchars;
	int			nnormal;
	size_t		utf8_size;

	require_utf8();

	wide = palloc(wide_size);
	nchars = pg_mb2wchar_with_len(src, wide, len);
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
	utf8_size = (size_t) nnormal * MAX_MULTIBYTE_CHAR_LEN + 1;
	utf8 = palloc(utf8_size);
	p = utf8;
	for (int i = 0; i < nnormal; i++)
	{
		unicode_to_utf8(normal[i], p);
		p += pg_utf_mblen(p);
	}
	explicit_bzero(normal, (nnormal + 1) * sizeof(pg_wchar));
	pfree(normal);

	mxpw_bcrypt_key((const char *) utf8, p - utf8,
					mxpw_pepper, strlen(mxpw_pepper), key);
	explicit_bzero(utf8, utf8_size);
	pfree(utf8);
}

/*
 * Whether Synapse would accept password as a new one.  Lengths are in
 * characters, as Synapse counts them, before normalisation.
 */
MxpwPasswordStatus
mxpw_new_password_status(text *password)
{
	const char *src = VARDATA_ANY(password);
	int			len = VARSIZE_ANY_EXHDR(password);

	require_utf8();
	if (len == 0)
		return MXPW_PASSWORD_EMPTY;
	if (pg_mbstrlen_with_len(src, len) > MXPW_PASSWORD_MAX_CHARS)
		return MXPW_PASSWORD_TOO_LONG;
	return MXPW_PASSWORD_OK;
}

/* Rejects what Synapse would not accept as a new password. */
void
mxpw_check_new_password(text *password)
{
	switch (mxpw_new_password_status(password))
	{
		case MXPW_PASSWORD_OK:
			break;
		case MXPW_PASSWORD_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("password must not be empty")));
			break;
		case MXPW_PASSWORD_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
					 errmsg("password is too long"),
					 errdetail("Synapse accepts passwords of at most %d characters.",
							   MXPW_PASSWORD_MAX_CHARS)));
			break;
	}
}

char *
mxpw_hash_password(text *password, int rounds)
{
	char		key[MXPW_BCRYPT_KEY_SIZE];
	char		hash[MXPW_BCRYPT_HASH_SIZE];
	struct crypt_data *scratch;
	bool		ok;

	mxpw_check_rounds(rounds);
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
mxpw_generate_password(void)
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

static Datum
hash_body(FunctionCallInfo fcinfo)
{
	text	   *password;
	int			rounds = mxpw_bcrypt_rounds;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(1))
		rounds = PG_GETARG_INT32(1);
	mxpw_check_rounds(rounds);
	mxpw_check_new_password(password);

	PG_RETURN_TEXT_P(cstring_to_text(mxpw_hash_password(password, rounds)));
}

Datum
mxpw_hash(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(hash_body, fcinfo);
}

/*
 * Synapse's login check.  Anything that is not a bcrypt hash Synapse could
 * check (NULL, empty, malformed) simply does not match, so that the whole
 * users table can be scanned.
 */
static Datum
verify_body(FunctionCallInfo fcinfo)
{
	text	   *password;
	text	   *hash;
	char	   *hash_str;
	char		key[MXPW_BCRYPT_KEY_SIZE];
	struct crypt_data *scratch;
	int			cost;
	bool		match;

	mxpw_require_arg(fcinfo, 0, "password");
	password = PG_GETARG_TEXT_PP(0);
	require_utf8();
	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	hash = PG_GETARG_TEXT_PP(1);
	if (mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost) != MXPW_HASH_OK)
		PG_RETURN_BOOL(false);
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

	PG_RETURN_BOOL(match);
}

Datum
mxpw_verify(PG_FUNCTION_ARGS)
{
	return mxpw_hiding_statement(verify_body, fcinfo);
}

/* True when a hash is not bcrypt, or is cheaper than mxpw.bcrypt_rounds. */
Datum
mxpw_needs_rehash(PG_FUNCTION_ARGS)
{
	text	   *hash = PG_GETARG_TEXT_PP(0);
	int			cost;

	if (mxpw_bcrypt_parse(VARDATA_ANY(hash), VARSIZE_ANY_EXHDR(hash), &cost) != MXPW_HASH_OK)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(cost < mxpw_bcrypt_rounds);
}
