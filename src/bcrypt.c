/*
 * bcrypt.c
 *	  Synapse's password hash recipe on top of libxcrypt.
 *
 * Synapse hashes bcrypt(first 72 bytes of UTF-8(NFKC(password)) + pepper).
 * Normalisation needs PostgreSQL's Unicode tables and lives in password.c;
 * everything here works on bytes and has no backend dependency.
 */
#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bcrypt.h"

static const char bcrypt_alphabet[] =
"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static const char generated_alphabet[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Position of c in bcrypt's base64 alphabet, or -1. */
static int
bcrypt_b64_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(bcrypt_alphabet, c);
	return p ? (int) (p - bcrypt_alphabet) : -1;
}

MxpwHashFormat
mxpw_bcrypt_parse(const char *hash, size_t len, int *cost)
{
	int			c;
	size_t		i;

	if (len == 0)
		return MXPW_HASH_EMPTY;
	if (len < 4 || hash[0] != '$' || hash[1] != '2' || hash[3] != '$')
		return MXPW_HASH_OTHER_ALGORITHM;

	/*
	 * "$2x$" is libxcrypt's emulation of an old sign-extension bug, which
	 * Synapse's bcrypt does not reproduce: the same password would check
	 * differently here and in Synapse.
	 */
	if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y')
		return MXPW_HASH_UNSUPPORTED_VARIANT;

	if (len < 7 || hash[4] < '0' || hash[4] > '9' ||
		hash[5] < '0' || hash[5] > '9' || hash[6] != '$')
		return MXPW_HASH_MALFORMED;
	c = (hash[4] - '0') * 10 + (hash[5] - '0');
	if (c < MXPW_BCRYPT_MIN_COST || c > MXPW_BCRYPT_MAX_COST)
		return MXPW_HASH_BAD_PARAMS;

	if (len != MXPW_BCRYPT_HASH_LEN)
		return MXPW_HASH_MALFORMED;
	for (i = 7; i < len; i++)
		if (bcrypt_b64_value(hash[i]) < 0)
			return MXPW_HASH_MALFORMED;

	/*
	 * The salt's 22nd and the checksum's 31st characters carry unused low
	 * bits.  A hash with those bits set was not written by bcrypt, and no
	 * password would ever check against it.
	 */
	if ((bcrypt_b64_value(hash[28]) & 0x0f) != 0 ||
		(bcrypt_b64_value(hash[59]) & 0x03) != 0)
		return MXPW_HASH_MALFORMED;

	*cost = c;
	return MXPW_HASH_OK;
}

const char *
mxpw_bcrypt_format_problem(MxpwHashFormat format)
{
	switch (format)
	{
		case MXPW_HASH_OK:
			return "The hash is a bcrypt hash.";
		case MXPW_HASH_EMPTY:
			return "The hash is empty.";
		case MXPW_HASH_OTHER_ALGORITHM:
			return "The hash does not start with a bcrypt prefix ($2a$, $2b$ or $2y$).";
		case MXPW_HASH_UNSUPPORTED_VARIANT:
			return "Only the bcrypt variants $2a$, $2b$ and $2y$ check the same way in Synapse.";
		case MXPW_HASH_BAD_PARAMS:
			return "The bcrypt cost must be between 04 and 31.";
		case MXPW_HASH_TOO_COSTLY:
			return "A bcrypt check cannot be interrupted once started, and its time doubles with each step of cost.";
		case MXPW_HASH_MALFORMED:
			return "A bcrypt hash is 60 characters: prefix, two-digit cost, \"$\", and 53 characters of bcrypt's base64.";
		case MXPW_HASH_UNSUPPORTED_VERSION:
			break;
	}
	return "The hash is not a bcrypt hash.";
}

size_t
mxpw_bcrypt_key(const char *password, size_t password_len,
				const char *pepper, size_t pepper_len,
				char key[MXPW_BCRYPT_KEY_SIZE])
{
	size_t		n = password_len < MXPW_BCRYPT_KEY_MAX ? password_len : MXPW_BCRYPT_KEY_MAX;
	size_t		room = MXPW_BCRYPT_KEY_MAX - n;

	memcpy(key, password, n);
	if (pepper_len > room)
		pepper_len = room;
	memcpy(key + n, pepper, pepper_len);
	key[n + pepper_len] = '\0';
	return n + pepper_len;
}

bool
mxpw_bcrypt_hash(const char *key, int cost, char out[MXPW_BCRYPT_HASH_SIZE],
				 struct crypt_data *scratch)
{
	char		setting[CRYPT_GENSALT_OUTPUT_SIZE];
	const char *result;
	bool		ok = false;

	if (!mxpw_algorithm_cost_ok(&mxpw_bcrypt_algorithm, cost))
	{
		errno = EINVAL;
		return false;
	}

	/* A NULL random source makes libxcrypt read the kernel's CSPRNG. */
	if (crypt_gensalt_rn("$2b$", (unsigned long) cost, NULL, 0,
						 setting, sizeof(setting)) != NULL)
	{
		result = crypt_rn(key, setting, scratch, sizeof(*scratch));
		if (result != NULL && strlen(result) == MXPW_BCRYPT_HASH_LEN)
		{
			memcpy(out, result, MXPW_BCRYPT_HASH_SIZE);
			ok = true;
		}
		else if (result != NULL)
			errno = EINVAL;
	}
	explicit_bzero(scratch, sizeof(*scratch));
	return ok;
}

bool
mxpw_bcrypt_check(const char *key, const char *hash, struct crypt_data *scratch)
{
	const char *result;
	unsigned char diff = 0;
	size_t		i;

	result = crypt_rn(key, hash, scratch, sizeof(*scratch));
	if (result == NULL || strlen(result) != MXPW_BCRYPT_HASH_LEN)
		diff = 1;
	else
		for (i = 0; i < MXPW_BCRYPT_HASH_LEN; i++)
			diff |= (unsigned char) (result[i] ^ hash[i]);
	explicit_bzero(scratch, sizeof(*scratch));
	return diff == 0;
}

void
mxpw_encode_generated(const unsigned char random[MXPW_GENERATED_RANDOM_BYTES],
					  char out[MXPW_GENERATED_SIZE])
{
	int			i;
	int			o = 0;

	for (i = 0; i < MXPW_GENERATED_RANDOM_BYTES; i += 3)
	{
		unsigned long group = ((unsigned long) random[i] << 16) |
			((unsigned long) random[i + 1] << 8) | random[i + 2];

		out[o++] = generated_alphabet[(group >> 18) & 0x3f];
		out[o++] = generated_alphabet[(group >> 12) & 0x3f];
		out[o++] = generated_alphabet[(group >> 6) & 0x3f];
		out[o++] = generated_alphabet[group & 0x3f];
	}
	out[o] = '\0';
}

static MxpwHashFormat
parse(const MxpwAlgorithm *self, const char *hash, size_t len,
	  MxpwParsedHash *parsed)
{
	int			cost = 0;
	MxpwHashFormat format = mxpw_bcrypt_parse(hash, len, &cost);

	(void) self;
	memset(parsed, 0, sizeof(*parsed));
	if (format == MXPW_HASH_OK)
	{
		parsed->variant = hash[2];
		parsed->params[0] = (uint32_t) cost;
	}
	return format;
}

static bool
too_costly(const MxpwParsedHash *parsed)
{
	return parsed->params[0] > MXPW_MAX_COMPUTE_COST;
}

static bool
weaker(const MxpwParsedHash *parsed, int cost)
{
	return parsed->params[0] < (uint32_t) cost;
}

/*
 * libxcrypt's scratch space is large (tens of kilobytes): from the heap,
 * wiped, and freed before returning.
 */
static struct crypt_data *
new_scratch(void)
{
	struct crypt_data *scratch = calloc(1, sizeof(struct crypt_data));

	if (scratch == NULL)
		errno = ENOMEM;
	return scratch;
}

static bool
hash(const MxpwAlgorithm *self, const char *password, size_t password_len,
	 const char *secret, size_t secret_len, int cost,
	 const unsigned char *salt, char out[MXPW_HASH_SIZE])
{
	char		key[MXPW_BCRYPT_KEY_SIZE];
	struct crypt_data *scratch = new_scratch();
	bool		ok = false;

	(void) self;
	(void) salt;
	if (scratch == NULL)
		return false;
	mxpw_bcrypt_key(password, password_len, secret, secret_len, key);
	ok = mxpw_bcrypt_hash(key, cost, out, scratch);
	explicit_bzero(key, sizeof(key));
	free(scratch);
	return ok;
}

static bool
check(const MxpwAlgorithm *self, const char *password, size_t password_len,
	  const char *secret, size_t secret_len, const MxpwParsedHash *parsed,
	  const char *hash)
{
	char		key[MXPW_BCRYPT_KEY_SIZE];
	struct crypt_data *scratch = new_scratch();
	bool		match;

	(void) self;
	(void) parsed;
	if (scratch == NULL)
		return false;
	mxpw_bcrypt_key(password, password_len, secret, secret_len, key);
	match = mxpw_bcrypt_check(key, hash, scratch);
	explicit_bzero(key, sizeof(key));
	free(scratch);
	errno = 0;
	return match;
}

const MxpwAlgorithm mxpw_bcrypt_algorithm = {
	.name = "bcrypt",
	.prefix = "$2",
	.min_cost = MXPW_BCRYPT_MIN_COST,
	.max_cost = MXPW_MAX_COMPUTE_COST,
	.default_cost = 12,			/* Synapse's bcrypt_rounds and MAS's cost */
	.work = 0,
	.key_max = MXPW_BCRYPT_KEY_MAX,
	.key_is_string = true,
	.salt_bytes = 0,
	.parse = parse,
	.problem = mxpw_bcrypt_format_problem,
	.too_costly = too_costly,
	.weaker = weaker,
	.hash = hash,
	.check = check,
	.phc = NULL,
};
