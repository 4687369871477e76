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
 *	  the same for every string its parser accepts.
 */
#include <argon2.h>
#include <errno.h>
#include <string.h>

#include "argon2id.h"
#include "phc.h"

/* Indexed by argon2_type: a parsed hash's variant is its type. */
static const char *const ids[] = {
	[Argon2_d] = "argon2d",
	[Argon2_i] = "argon2i",
	[Argon2_id] = "argon2id",
};

static const char *const params[] = {"m", "t", "p"};

/* Argon2's own lower bounds. */
static bool
params_ok(const MxpwParsedHash *parsed)
{
	uint32_t	m = parsed->params[MXPW_ARGON2_PARAM_M];
	uint32_t	t = parsed->params[MXPW_ARGON2_PARAM_T];
	uint32_t	p = parsed->params[MXPW_ARGON2_PARAM_P];

	return t >= 1 && p >= 1 && (uint64_t) m >= 8 * (uint64_t) p;
}

/*
 * One Argon2 computation through libargon2's argon2_ctx, the only entry
 * point that takes a secret.  threads = 1 whatever the lanes: a PostgreSQL
 * backend must not start threads.  With ARGON2_DEFAULT_FLAGS libargon2
 * leaves password and secret alone (hence the casts) and wipes its memory
 * blocks before freeing them.  Sets errno on failure.
 */
static bool
compute(const MxpwParsedHash *parsed,
		const char *password, size_t password_len,
		const char *secret, size_t secret_len, unsigned char *out)
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
	ctx.outlen = (uint32_t) parsed->output_len;
	ctx.pwd = (uint8_t *) password;
	ctx.pwdlen = (uint32_t) password_len;
	ctx.salt = (uint8_t *) parsed->salt;
	ctx.saltlen = (uint32_t) parsed->salt_len;
	ctx.secret = secret_len ? (uint8_t *) secret : NULL;
	ctx.secretlen = (uint32_t) secret_len;
	ctx.t_cost = parsed->params[MXPW_ARGON2_PARAM_T];
	ctx.m_cost = parsed->params[MXPW_ARGON2_PARAM_M];
	ctx.lanes = parsed->params[MXPW_ARGON2_PARAM_P];
	ctx.threads = 1;
	ctx.version = ARGON2_VERSION_13;
	ctx.flags = ARGON2_DEFAULT_FLAGS;

	rc = argon2_ctx(&ctx, (argon2_type) parsed->variant);
	if (rc == ARGON2_OK)
		return true;
	errno = rc == ARGON2_MEMORY_ALLOCATION_ERROR ? ENOMEM : EINVAL;
	return false;
}

/*
 * keyid and data (Argon2's associated data) are refused with the other
 * parameters that MAS never writes: a hash with them was not made by MAS.
 */
static const MxpwPhc phc = {
	.ids = ids,
	.nids = sizeof(ids) / sizeof(ids[0]),
	.version = "v=19",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.length_param = -1,
	.min_salt = MXPW_ARGON2_MIN_SALT_BYTES,
	.params_ok = params_ok,
	.made = {
		.variant = Argon2_id,
		.params = {MXPW_ARGON2_M_KIB, MXPW_ARGON2_T, MXPW_ARGON2_P},
		.salt_len = MXPW_ARGON2_SALT_BYTES,
		.output_len = MXPW_ARGON2_OUTPUT_BYTES,
	},
	.compute = compute,
};

static bool
too_costly(const MxpwParsedHash *parsed)
{
	uint32_t	m = parsed->params[MXPW_ARGON2_PARAM_M];
	uint32_t	t = parsed->params[MXPW_ARGON2_PARAM_T];

	return m > MXPW_ARGON2_MAX_M_KIB || t > MXPW_ARGON2_MAX_T ||
		parsed->params[MXPW_ARGON2_PARAM_P] > MXPW_ARGON2_MAX_P ||
		(uint64_t) m * t > MXPW_ARGON2_MAX_WORK_KIB;
}

/* MAS's parameters, or cheaper ones, or another variant. */
static bool
weaker(const MxpwParsedHash *parsed, int cost)
{
	(void) cost;
	return parsed->variant != Argon2_id ||
		parsed->params[MXPW_ARGON2_PARAM_M] < MXPW_ARGON2_M_KIB ||
		parsed->params[MXPW_ARGON2_PARAM_T] < MXPW_ARGON2_T;
}

const MxpwAlgorithm mxpw_argon2id_algorithm = {
	.name = "argon2id",
	.prefix = "$argon2",
	.work = 12,					/* tens of milliseconds, as bcrypt at 12 */
	.memory_kib = MXPW_ARGON2_M_KIB,
	.salt_bytes = MXPW_ARGON2_SALT_BYTES,
	.too_costly = too_costly,
	.weaker = weaker,
	.phc = &phc,
	MXPW_PHC_OPERATIONS
};
