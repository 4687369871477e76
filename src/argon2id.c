/*
 * argon2id.c
 *	  Matrix Authentication Service's argon2 scheme on top of libargon2.
 *
 * Matched byte for byte against MAS (element-hq/matrix-authentication-service,
 * crates/handlers/src/passwords.rs, Algorithm::Argon2id), which hashes with
 * RustCrypto's argon2 0.5 through the password-hash 0.5 PHC API:
 *
 *	- the salt is a SaltString of 16 random bytes, and Argon2's salt input
 *	  is its decoded bytes (argon2 0.5, PasswordHasher::hash_password calls
 *	  salt.decode_b64), not the base64 text;
 *	- the pepper, when set, is Argon2's secret input (Argon2::new_with_secret),
 *	  not appended to the password as for bcrypt and pbkdf2;
 *	- the string is "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>": params
 *	  in m, t, p order, salt and 32-byte hash in unpadded standard base64;
 *	- checking recomputes with the variant, version, costs and output length
 *	  of the stored string (password-hash's PasswordVerifier), so mxpw does
 *	  the same for every string mxpw_argon2_parse accepts.
 */
#include <argon2.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "argon2id.h"

static const struct
{
	const char *id;
	argon2_type type;
}			variants[] =
{
	{"argon2id", Argon2_id},
	{"argon2i", Argon2_i},
	{"argon2d", Argon2_d},
};

/* Reads "name=<decimal>" from [*p, end), then expects sep (or the end if '\0'). */
static bool
read_param(const char **p, const char *end, const char *name, char sep,
		   uint32_t *value)
{
	size_t		name_len = strlen(name);
	const char *start;
	const char *stop;

	if ((size_t) (end - *p) < name_len + 1 || memcmp(*p, name, name_len) != 0 ||
		(*p)[name_len] != '=')
		return false;
	start = *p + name_len + 1;
	stop = start;
	while (stop < end && *stop != ',')
		stop++;
	if (!mxpw_phc_decimal(start, (size_t) (stop - start), value))
		return false;
	if (sep == '\0')
	{
		if (stop != end)
			return false;
		*p = stop;
	}
	else
	{
		if (stop == end || *stop != sep)
			return false;
		*p = stop + 1;
	}
	return true;
}

/*
 * Parses hash into params and, when wanted, its decoded salt and output.
 * salt must hold MXPW_PHC_SALT_MAX_BYTES and output
 * MXPW_PHC_OUTPUT_MAX_BYTES.
 */
static MxpwPhcFormat
argon2_parse(const char *hash, size_t len, MxpwArgon2Params *params,
			 unsigned char *salt, unsigned char *output)
{
	MxpwPhcField f[5];
	int			n;
	int			type = -1;
	size_t		salt_len;
	size_t		output_len;
	uint32_t	m,
				t,
				p;
	const char *cursor;
	const char *end;

	if (len == 0)
		return MXPW_PHC_EMPTY;
	n = mxpw_phc_split(hash, len, f, 5);
	if (n == 0)
		return MXPW_PHC_OTHER_ALGORITHM;
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (mxpw_phc_field_is(&f[0], variants[i].id))
			type = variants[i].type;
	if (type < 0)
		return MXPW_PHC_OTHER_ALGORITHM;
	if (len >= MXPW_PHC_HASH_SIZE)
		return MXPW_PHC_MALFORMED;

	/*
	 * RustCrypto always writes "v=19".  It would read a string without a
	 * version as 19 and accept "v=16" (Argon2 1.0), but neither is what MAS
	 * writes, and libargon2's 1.0 differs in ways not worth carrying.
	 */
	if (n == 5 && f[1].len >= 2 && memcmp(f[1].start, "v=", 2) == 0)
	{
		if (!mxpw_phc_field_is(&f[1], "v=19"))
			return MXPW_PHC_UNSUPPORTED_VERSION;
	}
	else if (n == 4 && f[1].len >= 2 && memcmp(f[1].start, "m=", 2) == 0)
		return MXPW_PHC_UNSUPPORTED_VERSION;
	else
		return MXPW_PHC_MALFORMED;

	/*
	 * Exactly "m=<m>,t=<t>,p=<p>" as RustCrypto's ParamsString is written.
	 * keyid and data (Argon2's associated data) are refused: MAS never
	 * writes them, and a hash with them was not made by MAS.
	 */
	cursor = f[2].start;
	end = f[2].start + f[2].len;
	if (!read_param(&cursor, end, "m", ',', &m) ||
		!read_param(&cursor, end, "t", ',', &t) ||
		!read_param(&cursor, end, "p", '\0', &p))
		return MXPW_PHC_BAD_PARAMS;
	if (t < 1 || p < 1 || (uint64_t) m < 8 * (uint64_t) p)
		return MXPW_PHC_BAD_PARAMS;
	if (m > MXPW_ARGON2_MAX_M_KIB || t > MXPW_ARGON2_MAX_T || p > MXPW_ARGON2_MAX_P ||
		(uint64_t) m * t > MXPW_ARGON2_MAX_WORK_KIB)
		return MXPW_PHC_TOO_COSTLY;

	if (mxpw_phc_salt_output(&f[3], &f[4], MXPW_ARGON2_MIN_SALT_BYTES,
							 salt, &salt_len, output, &output_len) != MXPW_PHC_OK)
		return MXPW_PHC_MALFORMED;

	params->type = type;
	params->m_kib = m;
	params->t = t;
	params->p = p;
	params->salt_len = salt_len;
	params->output_len = output_len;
	return MXPW_PHC_OK;
}

MxpwPhcFormat
mxpw_argon2_parse(const char *hash, size_t len, MxpwArgon2Params *params)
{
	return argon2_parse(hash, len, params, NULL, NULL);
}

/*
 * One Argon2 computation through libargon2's argon2_ctx, the only entry
 * point that takes a secret.  threads = 1 whatever the lanes: a PostgreSQL
 * backend must not start threads.  With ARGON2_DEFAULT_FLAGS libargon2
 * leaves password and secret alone (hence the casts) and wipes its memory
 * blocks before freeing them.  Sets errno on failure.
 */
static bool
argon2_compute(const MxpwArgon2Params *params,
			   const char *password, size_t password_len,
			   const char *secret, size_t secret_len,
			   const unsigned char *salt, unsigned char *out)
{
	argon2_context ctx;
	int			rc;

	if (password_len > UINT32_MAX || secret_len > UINT32_MAX ||
		(secret == NULL && secret_len != 0))
	{
		errno = EINVAL;
		return false;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	ctx.outlen = (uint32_t) params->output_len;
	ctx.pwd = (uint8_t *) password;
	ctx.pwdlen = (uint32_t) password_len;
	ctx.salt = (uint8_t *) salt;
	ctx.saltlen = (uint32_t) params->salt_len;
	ctx.secret = secret_len ? (uint8_t *) secret : NULL;
	ctx.secretlen = (uint32_t) secret_len;
	ctx.t_cost = params->t;
	ctx.m_cost = params->m_kib;
	ctx.lanes = params->p;
	ctx.threads = 1;
	ctx.version = ARGON2_VERSION_13;
	ctx.flags = ARGON2_DEFAULT_FLAGS;

	rc = argon2_ctx(&ctx, (argon2_type) params->type);
	if (rc == ARGON2_OK)
		return true;
	errno = rc == ARGON2_MEMORY_ALLOCATION_ERROR ? ENOMEM : EINVAL;
	return false;
}

bool
mxpw_argon2id_hash(const char *password, size_t password_len,
				   const char *secret, size_t secret_len,
				   const unsigned char salt[MXPW_ARGON2_SALT_BYTES],
				   char out[MXPW_PHC_HASH_SIZE])
{
	MxpwArgon2Params params = {
		.type = Argon2_id,
		.m_kib = MXPW_ARGON2_M_KIB,
		.t = MXPW_ARGON2_T,
		.p = MXPW_ARGON2_P,
		.salt_len = MXPW_ARGON2_SALT_BYTES,
		.output_len = MXPW_ARGON2_OUTPUT_BYTES,
	};
	unsigned char output[MXPW_ARGON2_OUTPUT_BYTES];
	int			n;
	size_t		w;
	bool		ok = false;

	if (argon2_compute(&params, password, password_len, secret, secret_len,
					   salt, output))
	{
		/* RustCrypto's PasswordHash Display order: id, v, params, salt, hash. */
		n = snprintf(out, MXPW_PHC_HASH_SIZE, "$argon2id$v=19$m=%u,t=%u,p=%u$",
					 MXPW_ARGON2_M_KIB, MXPW_ARGON2_T, MXPW_ARGON2_P);
		w = mxpw_phc_b64_encode(salt, MXPW_ARGON2_SALT_BYTES,
								out + n, MXPW_PHC_HASH_SIZE - n);
		if (w > 0 && n + w + 1 < MXPW_PHC_HASH_SIZE)
		{
			out[n + w] = '$';
			ok = mxpw_phc_b64_encode(output, sizeof(output), out + n + w + 1,
									 MXPW_PHC_HASH_SIZE - (n + w + 1)) > 0;
		}
		if (!ok)
		{
			explicit_bzero(out, MXPW_PHC_HASH_SIZE);
			errno = EOVERFLOW;
		}
	}
	explicit_bzero(output, sizeof(output));
	return ok;
}

bool
mxpw_argon2_check(const char *password, size_t password_len,
				  const char *secret, size_t secret_len,
				  const char *hash, size_t hash_len)
{
	MxpwArgon2Params params;
	unsigned char salt[MXPW_PHC_SALT_MAX_BYTES];
	unsigned char expected[MXPW_PHC_OUTPUT_MAX_BYTES];
	unsigned char actual[MXPW_PHC_OUTPUT_MAX_BYTES];
	bool		match = false;

	if (argon2_parse(hash, hash_len, &params, salt, expected) != MXPW_PHC_OK)
	{
		errno = EINVAL;
		return false;
	}
	if (argon2_compute(&params, password, password_len, secret, secret_len,
					   salt, actual))
	{
		match = CRYPTO_memcmp(actual, expected, params.output_len) == 0;
		errno = 0;
	}
	explicit_bzero(actual, sizeof(actual));
	explicit_bzero(expected, sizeof(expected));
	explicit_bzero(salt, sizeof(salt));
	return match;
}
