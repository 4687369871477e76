/*
 * Unit tests for the parts of mxpw that build without a server: bcrypt
 * format checks, the 72-byte key, libxcrypt round trips, generated-password
 * encoding, user id parsing, the Unicode stability check, MAS's argon2
 * and pbkdf2 schemes (PHC strings, libargon2, OpenSSL), ULIDs and the words
 * of progress reports.
 */
#include <argon2.h>
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argon2id.h"
#include "bcrypt.h"
#include "pbkdf2.h"
#include "phc.h"
#include "progress_text.h"
#include "ulid.h"
#include "unicode_stable.h"
#include "userid.h"

static int	passed;
static int	failed;

/* The rows' operations, under the names the tests read best with. */
static MxpwHashFormat
argon2_parse_len(const char *s, size_t len, MxpwParsedHash *parsed)
{
	return mxpw_argon2id_algorithm.parse(&mxpw_argon2id_algorithm, s, len, parsed);
}

static bool
argon2_check(const char *password, size_t password_len, const char *secret,
			 size_t secret_len, const char *hash, size_t hash_len)
{
	return mxpw_algorithm_matches(&mxpw_argon2id_algorithm, password, password_len,
								  secret, secret_len, hash, hash_len);
}

static bool
argon2id_hash(const char *password, size_t password_len, const char *secret,
			size_t secret_len, const unsigned char *salt, char *out)
{
	return mxpw_argon2id_algorithm.hash(&mxpw_argon2id_algorithm, password, password_len,
										secret, secret_len, 0, salt, out);
}

static MxpwHashFormat
pbkdf2_parse_len(const char *s, size_t len, MxpwParsedHash *parsed)
{
	return mxpw_pbkdf2_algorithm.parse(&mxpw_pbkdf2_algorithm, s, len, parsed);
}

/* MAS appends the pepper for pbkdf2: the tests pass it in the password. */
static bool
pbkdf2_check(const char *password, size_t password_len, const char *hash,
			 size_t hash_len)
{
	return mxpw_algorithm_matches(&mxpw_pbkdf2_algorithm, password, password_len,
								  NULL, 0, hash, hash_len);
}

static bool
pbkdf2_hash(const char *password, size_t password_len, const unsigned char *salt,
			char *out)
{
	return mxpw_pbkdf2_algorithm.hash(&mxpw_pbkdf2_algorithm, password, password_len,
									  NULL, 0, 0, salt, out);
}

int			zxcvbn_unit_tests(int *passed, int *failed); /* zxcvbn_tests.c */

#define CHECK(cond) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

static const char kat[] = "$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y";

static MxpwHashFormat
parse(const char *s, int *cost)
{
	return mxpw_bcrypt_parse(s, strlen(s), cost);
}

static void
test_bcrypt_parse(void)
{
	int			cost = -1;
	char		buf[128];

	CHECK(parse(kat, &cost) == MXPW_HASH_OK && cost == 4);
	CHECK(parse("$2a$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_OK && cost == 12);
	CHECK(parse("$2y$31$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_OK && cost == 31);
	CHECK(parse("", &cost) == MXPW_HASH_EMPTY);
	CHECK(parse("$", &cost) == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(parse("$1$salt$hash", &cost) == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(parse("$2x$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_UNSUPPORTED_VARIANT);
	CHECK(parse("$2$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8yy", &cost) != MXPW_HASH_OK);
	CHECK(parse("$2b$03$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_BAD_PARAMS);
	CHECK(parse("$2b$32$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_BAD_PARAMS);
	CHECK(parse("$2b$4$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8yy", &cost) == MXPW_HASH_MALFORMED);
	CHECK(parse("$2b$04$", &cost) == MXPW_HASH_MALFORMED);
	CHECK(parse("$2b$04", &cost) == MXPW_HASH_MALFORMED);
	/* Non-canonical trailing characters. */
	CHECK(parse("$2b$04$abcdefghijklmnopqrstuvAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_MALFORMED);
	CHECK(parse("$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8z", &cost) == MXPW_HASH_MALFORMED);
	/* Every position rejects a character outside bcrypt's alphabet. */
	for (size_t i = 7; i < MXPW_BCRYPT_HASH_LEN; i++)
	{
		strcpy(buf, kat);
		buf[i] = '+';
		CHECK(parse(buf, &cost) == MXPW_HASH_MALFORMED);
	}
	/* An embedded NUL is not part of a hash. */
	CHECK(mxpw_bcrypt_parse(kat, MXPW_BCRYPT_HASH_LEN + 1, &cost) == MXPW_HASH_MALFORMED);
	memcpy(buf, kat, sizeof(kat));
	buf[30] = '\0';
	CHECK(mxpw_bcrypt_parse(buf, MXPW_BCRYPT_HASH_LEN, &cost) == MXPW_HASH_MALFORMED);
}

static void
test_bcrypt_key(void)
{
	char		key[MXPW_BCRYPT_KEY_SIZE];
	char		pw[200];

	CHECK(mxpw_bcrypt_key("fake", 4, "pepper", 6, key) == 10 && strcmp(key, "fakepepper") == 0);
	CHECK(mxpw_bcrypt_key("fake", 4, "", 0, key) == 4 && strcmp(key, "fake") == 0);
	memset(pw, 'x', sizeof(pw));
	CHECK(mxpw_bcrypt_key(pw, 70, "pepper", 6, key) == 72 && memcmp(key + 70, "pe", 2) == 0 && key[72] == '\0');
	CHECK(mxpw_bcrypt_key(pw, 72, "pepper", 6, key) == 72 && key[71] == 'x');
	CHECK(mxpw_bcrypt_key(pw, 200, "pepper", 6, key) == 72);
	/* The cut is on bytes: it may fall inside a UTF-8 character. */
	CHECK(mxpw_bcrypt_key("\xc3\xa9", 2, pw, 71, key) == 72 && (unsigned char) key[0] == 0xc3);
}

static void
test_bcrypt_round_trip(void)
{
	struct crypt_data *scratch = calloc(1, sizeof(struct crypt_data));
	char		hash[MXPW_BCRYPT_HASH_SIZE];
	char		other[MXPW_BCRYPT_HASH_SIZE];
	int			cost;

	/* The known answer was made by pyca bcrypt with key "fake-fi-pässwörd" + pepper. */
	CHECK(mxpw_bcrypt_check("fake-fi-p\xc3\xa4ssw\xc3\xb6rdfake-kat-pepper", kat, scratch));
	CHECK(!mxpw_bcrypt_check("fake-fi-p\xc3\xa4ssw\xc3\xb6rdfake-kat-peppe", kat, scratch));

	CHECK(mxpw_bcrypt_hash("fake-key", 4, hash, scratch));
	CHECK(parse(hash, &cost) == MXPW_HASH_OK && cost == 4 && strncmp(hash, "$2b$04$", 7) == 0);
	CHECK(mxpw_bcrypt_check("fake-key", hash, scratch));
	CHECK(!mxpw_bcrypt_check("fake-kez", hash, scratch));
	CHECK(mxpw_bcrypt_hash("fake-key", 4, other, scratch) && strcmp(hash, other) != 0);

	/* Costs outside what mxpw computes are refused before any work. */
	CHECK(!mxpw_bcrypt_hash("fake-key", 3, hash, scratch));
	CHECK(!mxpw_bcrypt_hash("fake-key", MXPW_MAX_COMPUTE_COST + 1, hash, scratch));

	/* The scratch space is wiped. */
	for (size_t i = 0; i < sizeof(struct crypt_data); i++)
		if (((unsigned char *) scratch)[i] != 0)
		{
			CHECK(!"scratch wiped");
			break;
		}
	free(scratch);
}

static void
test_generated(void)
{
	unsigned char zeros[MXPW_GENERATED_RANDOM_BYTES] = {0};
	unsigned char ones[MXPW_GENERATED_RANDOM_BYTES];
	char		out[MXPW_GENERATED_SIZE];

	memset(ones, 0xff, sizeof(ones));
	mxpw_encode_generated(zeros, out);
	CHECK(strlen(out) == MXPW_GENERATED_LEN && strspn(out, "A") == MXPW_GENERATED_LEN);
	mxpw_encode_generated(ones, out);
	CHECK(strlen(out) == MXPW_GENERATED_LEN && strspn(out, "_") == MXPW_GENERATED_LEN);
	/* Six-bit groups of value 62 are "-", the URL-safe stand-in for "+". */
	ones[0] = 0xfb;
	ones[1] = 0xef;
	ones[2] = 0xbe;
	mxpw_encode_generated(ones, out);
	CHECK(strncmp(out, "----____", 8) == 0);
	/* Every one of the 64 characters is reachable, so each carries 6 bits. */
	{
		unsigned char ramp[MXPW_GENERATED_RANDOM_BYTES];
		char		seen[256] = {0};
		int			distinct = 0;

		for (int round = 0; round < 3; round++)
		{
			for (int i = 0; i < MXPW_GENERATED_RANDOM_BYTES; i += 3)
			{
				/* Packs four consecutive 6-bit values into three bytes. */
				int			v = (round * 32 + i / 3 * 4) % 64;
				unsigned long g = ((unsigned long) v << 18) | ((unsigned long) ((v + 1) % 64) << 12) |
				((unsigned long) ((v + 2) % 64) << 6) | (unsigned long) ((v + 3) % 64);

				ramp[i] = (unsigned char) (g >> 16);
				ramp[i + 1] = (unsigned char) (g >> 8);
				ramp[i + 2] = (unsigned char) g;
			}
			mxpw_encode_generated(ramp, out);
			for (int i = 0; i < MXPW_GENERATED_LEN; i++)
				if (!seen[(unsigned char) out[i]]++)
					distinct++;
		}
		CHECK(distinct == 64);
	}
}

/*
 * MAS's own test snapshots (element-hq/matrix-authentication-service,
 * crates/handlers/src/snapshots/mas_handlers__passwords__tests__hashing_*),
 * password "hunter2", pepper "a-secret-pepper".
 */
static const char mas_argon2_keyed[] = "$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4";
static const char mas_argon2_plain[] = "$argon2id$v=19$m=19456,t=2,p=1$1WdxAF1UChkYSTnJ6NDbKg$ajKAfwlUmkbxITSdh55j+Hvoxzppx20ArNUF44oV9Nk";
static const char mas_pbkdf2_keyed[] = "$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc";
static const char mas_pbkdf2_plain[] = "$pbkdf2-sha256$i=600000,l=32$1WdxAF1UChkYSTnJ6NDbKg$uwgJSFAtjA082fY37K09Q5Hjbw3mBjFI/JLW9sw0F2A";
static const char pepper[] = "a-secret-pepper";

static int
b64_decode_str(const char *s, unsigned char *out, size_t outsize)
{
	return mxpw_phc_b64_decode(s, strlen(s), out, outsize);
}

static void
test_phc_b64(void)
{
	unsigned char bytes[64];
	unsigned char back[64];
	char		text[100];

	/* RFC 4648's test vectors, without padding. */
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "", 0, text, sizeof(text)) == 0 && text[0] == '\0');
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "f", 1, text, sizeof(text)) == 2 && strcmp(text, "Zg") == 0);
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "fo", 2, text, sizeof(text)) == 3 && strcmp(text, "Zm8") == 0);
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "foo", 3, text, sizeof(text)) == 4 && strcmp(text, "Zm9v") == 0);
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "foobar", 6, text, sizeof(text)) == 8 && strcmp(text, "Zm9vYmFy") == 0);
	CHECK(b64_decode_str("Zm9vYmE", back, sizeof(back)) == 5 && memcmp(back, "fooba", 5) == 0);
	CHECK(b64_decode_str("", back, sizeof(back)) == 0);
	/* The standard alphabet's last two characters, not crypt's or URL-safe ones. */
	memset(bytes, 0xff, 3);
	bytes[0] = 0xfb;
	CHECK(mxpw_phc_b64_encode(bytes, 3, text, sizeof(text)) == 4 && strcmp(text, "+///") == 0);
	CHECK(b64_decode_str("+///", back, sizeof(back)) == 3 && memcmp(back, bytes, 3) == 0);
	CHECK(b64_decode_str("-___", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("./..", back, sizeof(back)) == -1);

	/* Round trips of every length up to 64, every byte value on the way. */
	{
		int			bad = 0;

		for (size_t len = 0; len <= sizeof(bytes); len++)
		{
			size_t		n;

			for (size_t i = 0; i < len; i++)
				bytes[i] = (unsigned char) (len * 37 + i * 101);
			n = mxpw_phc_b64_encode(bytes, len, text, sizeof(text));
			if (n != (len * 4 + 2) / 3 || strlen(text) != n ||
				mxpw_phc_b64_decode(text, n, back, sizeof(back)) != (int) len ||
				memcmp(bytes, back, len) != 0)
				bad++;
		}
		CHECK(bad == 0);
	}
	{
		int			seen = 0;

		for (int v = 0; v < 256; v++)
		{
			unsigned char b = (unsigned char) v;

			if (mxpw_phc_b64_encode(&b, 1, text, sizeof(text)) == 2 &&
				b64_decode_str(text, back, 1) == 1 && back[0] == b)
				seen++;
		}
		CHECK(seen == 256);
	}

	/* No room: the NUL counts. */
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "foo", 3, text, 4) == 0);
	CHECK(mxpw_phc_b64_encode((const unsigned char *) "foo", 3, text, 5) == 4);
	CHECK(b64_decode_str("Zm9v", back, 2) == -1);
	CHECK(b64_decode_str("Zm9v", back, 3) == 3);

	/* Padding, lengths no encoder writes, and stray characters. */
	CHECK(b64_decode_str("Zg==", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm8=", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Z", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm9vY", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm 9v", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm9$", back, sizeof(back)) == -1);
	CHECK(mxpw_phc_b64_decode("Zm\0v", 4, back, sizeof(back)) == -1);
	/* Non-canonical: unused low bits set in the last character. */
	CHECK(b64_decode_str("Zh", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm9", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("Zm8", back, sizeof(back)) == 2);
	CHECK(b64_decode_str("eEi11xG8mIOZYxej+ckCaR", back, sizeof(back)) == -1);
	CHECK(b64_decode_str("eEi11xG8mIOZYxej+ckCaQ", back, sizeof(back)) == 16);
}

static void
test_phc_helpers(void)
{
	uint32_t	v = 7;
	MxpwPhcField f[3];

	CHECK(mxpw_phc_decimal("0", 1, &v) && v == 0);
	CHECK(mxpw_phc_decimal("19456", 5, &v) && v == 19456);
	CHECK(mxpw_phc_decimal("4294967295", 10, &v) && v == UINT32_MAX);
	v = 7;
	CHECK(!mxpw_phc_decimal("4294967296", 10, &v) && v == 7);
	CHECK(!mxpw_phc_decimal("99999999999", 11, &v));
	CHECK(!mxpw_phc_decimal("18446744073709551617", 20, &v));
	CHECK(!mxpw_phc_decimal("", 0, &v));
	CHECK(!mxpw_phc_decimal("00", 2, &v));
	CHECK(!mxpw_phc_decimal("019", 3, &v));
	CHECK(!mxpw_phc_decimal("-1", 2, &v));
	CHECK(!mxpw_phc_decimal("+1", 2, &v));
	CHECK(!mxpw_phc_decimal("1 ", 2, &v));
	CHECK(!mxpw_phc_decimal("1\0", 2, &v));

	CHECK(mxpw_phc_split("$a$bc$", 6, f, 3) == 3 && f[0].len == 1 && f[1].len == 2 &&
		  f[2].len == 0 && mxpw_phc_field_is(&f[1], "bc"));
	CHECK(mxpw_phc_split("$a$b$c$d", 8, f, 3) == 4);
	CHECK(mxpw_phc_split("a$b", 3, f, 3) == 0);
	CHECK(mxpw_phc_split("", 0, f, 3) == 0);
	CHECK(mxpw_phc_split("$", 1, f, 3) == 1 && f[0].len == 0);

	/* Every format has its own sentence. */
	for (int a = MXPW_HASH_OK; a <= MXPW_HASH_MALFORMED; a++)
	{
		const char *sentence = mxpw_phc_format_problem((MxpwHashFormat) a);

		CHECK(sentence[strlen(sentence) - 1] == '.');
		for (int b = a + 1; b <= MXPW_HASH_MALFORMED; b++)
			CHECK(strcmp(mxpw_phc_format_problem((MxpwHashFormat) a),
						 mxpw_phc_format_problem((MxpwHashFormat) b)) != 0);
	}
}

static MxpwHashFormat
argon2_parse(const char *s)
{
	MxpwParsedHash params;

	return argon2_parse_len(s, strlen(s), &params);
}

/* Argon2 strings with the KAT's salt and hash around other headers. */
static MxpwHashFormat
argon2_parse_head(const char *head)
{
	char		buf[400];

	snprintf(buf, sizeof(buf), "%s$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4", head);
	return argon2_parse(buf);
}

static void
test_argon2_parse(void)
{
	MxpwParsedHash params;
	char		buf[400];

	memset(&params, 0, sizeof(params));
	CHECK(argon2_parse_len(mas_argon2_keyed, strlen(mas_argon2_keyed), &params) == MXPW_HASH_OK &&
		  params.variant == Argon2_id && params.params[MXPW_ARGON2_PARAM_M] == 19456 && params.params[MXPW_ARGON2_PARAM_T] == 2 && params.params[MXPW_ARGON2_PARAM_P] == 1 &&
		  params.salt_len == 16 && params.output_len == 32);
	CHECK(argon2_parse(mas_argon2_plain) == MXPW_HASH_OK);
	CHECK(argon2_parse_head("$argon2i$v=19$m=19456,t=2,p=1") == MXPW_HASH_OK);
	strcpy(buf, "$argon2d$v=19$m=8,t=1,p=1$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4");
	CHECK(argon2_parse_len(buf, strlen(buf), &params) == MXPW_HASH_OK &&
		  params.variant == Argon2_d && params.params[MXPW_ARGON2_PARAM_M] == 8);
	/* The bounds themselves are accepted: each cost, and m * t. */
	CHECK(argon2_parse_head("$argon2id$v=19$m=262144,t=2,p=64") == MXPW_HASH_OK);
	CHECK(argon2_parse_head("$argon2id$v=19$m=8192,t=64,p=64") == MXPW_HASH_OK);
	CHECK(argon2_parse_head("$argon2id$v=19$m=65536,t=3,p=4") == MXPW_HASH_OK);
	CHECK(argon2_parse_head("$argon2id$v=19$m=512,t=1,p=64") == MXPW_HASH_OK);
	CHECK(argon2_parse_head("$argon2id$v=19$m=511,t=1,p=64") == MXPW_HASH_BAD_PARAMS);

	CHECK(argon2_parse("") == MXPW_HASH_EMPTY);
	CHECK(argon2_parse_len(mas_argon2_keyed, 0, &params) == MXPW_HASH_EMPTY);

	CHECK(argon2_parse("$2b$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse(mas_pbkdf2_keyed) == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse("argon2id$v=19") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse("$") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse("$argon2") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse_head("$argon2ix$v=19$m=19456,t=2,p=1") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse_head("$Argon2id$v=19$m=19456,t=2,p=1") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(argon2_parse_head("$argon2$v=19$m=19456,t=2,p=1") == MXPW_HASH_OTHER_ALGORITHM);

	CHECK(argon2_parse_head("$argon2id$v=16$m=19456,t=2,p=1") == MXPW_HASH_UNSUPPORTED_VERSION);
	CHECK(argon2_parse_head("$argon2id$v=019$m=19456,t=2,p=1") == MXPW_HASH_UNSUPPORTED_VERSION);
	CHECK(argon2_parse_head("$argon2id$v=$m=19456,t=2,p=1") == MXPW_HASH_UNSUPPORTED_VERSION);
	CHECK(argon2_parse_head("$argon2id$v=4294967315$m=19456,t=2,p=1") == MXPW_HASH_UNSUPPORTED_VERSION);
	/* No version at all: RustCrypto would read 19, but it never writes that. */
	CHECK(argon2_parse_head("$argon2id$m=19456,t=2,p=1") == MXPW_HASH_UNSUPPORTED_VERSION);

	CHECK(argon2_parse_head("$argon2id$v=19$t=2,m=19456,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=1,") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=1,keyid=ZmFrZQ") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=1,data=ZmFrZQ") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=019456,t=2,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=-1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=1 ") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$mm=19456,t=2,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=0,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=0") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=7,t=1,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=15,t=1,p=2") == MXPW_HASH_BAD_PARAMS);
	/* Out of 32 bits: RustCrypto refuses these too, so they are not a cost. */
	CHECK(argon2_parse_head("$argon2id$v=19$m=4294967296,t=2,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=18446744073709551617,p=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=99999999999999999999") == MXPW_HASH_BAD_PARAMS);
	/* p = 2^32 / 8 would wrap 8 * p to 0 in 32 bits. */
	CHECK(argon2_parse_head("$argon2id$v=19$m=8,t=1,p=536870912") == MXPW_HASH_BAD_PARAMS);

	CHECK(argon2_parse_head("$argon2id$v=19$m=262145,t=2,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=4294967295,t=2,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=65,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=4294967295,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=19456,t=2,p=65") == MXPW_HASH_TOO_COSTLY);
	/* Within each cost's bound, but more work (m * t) than a check may take. */
	CHECK(argon2_parse_head("$argon2id$v=19$m=262144,t=64,p=64") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=262144,t=3,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=8193,t=64,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=174763,t=3,p=1") == MXPW_HASH_TOO_COSTLY);
	CHECK(argon2_parse_head("$argon2id$v=19$m=174762,t=3,p=1") == MXPW_HASH_OK);

	/*
	 * Truncations of the known answer are refused, except where what is left
	 * of the hash field is itself canonical base64 of 10 bytes or more:
	 * Argon2's output length is the hash's own, as in RustCrypto.
	 */
	{
		size_t		hash_at = strrchr(mas_argon2_keyed, '$') + 1 - mas_argon2_keyed;
		int			accepted = 0;
		int			wrong = 0;

		for (size_t len = 1; len < strlen(mas_argon2_keyed); len++)
			if (argon2_parse_len(mas_argon2_keyed, len, &params) == MXPW_HASH_OK)
			{
				char		again[100];
				unsigned char bytes[64];

				accepted++;
				if (len < hash_at + 14 ||
					mxpw_phc_b64_decode(mas_argon2_keyed + hash_at, len - hash_at, bytes, sizeof(bytes)) != (int) params.output_len ||
					mxpw_phc_b64_encode(bytes, params.output_len, again, sizeof(again)) != len - hash_at)
					wrong++;
			}
		CHECK(accepted > 0 && wrong == 0);
		/* A 30-byte prefix of the right output is not the 30-byte output. */
		CHECK(argon2_parse_len(mas_argon2_keyed, hash_at + 40, &params) == MXPW_HASH_OK &&
			  params.output_len == 30 &&
			  !argon2_check("hunter2", 7, pepper, strlen(pepper), mas_argon2_keyed, hash_at + 40));
	}
	CHECK(argon2_parse("$argon2id") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ$") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4") == MXPW_HASH_MALFORMED);
	snprintf(buf, sizeof(buf), "%s$", mas_argon2_keyed);
	CHECK(argon2_parse(buf) == MXPW_HASH_MALFORMED);
	snprintf(buf, sizeof(buf), "%s$x", mas_argon2_keyed);
	CHECK(argon2_parse(buf) == MXPW_HASH_MALFORMED);
	/* Padding, non-canonical trailing bits, other alphabets. */
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ==$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4=") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaR$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX5") == MXPW_HASH_MALFORMED);
	CHECK(argon2_parse("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej-ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd_MwW4YX4") == MXPW_HASH_MALFORMED);
	/* Salt: 8 bytes (11 characters) at least, 64 characters at most. */
	CHECK(argon2_parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4") == MXPW_HASH_OK);
	CHECK(argon2_parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAA$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4") == MXPW_HASH_MALFORMED);
	memset(buf, 0, sizeof(buf));
	strcpy(buf, "$argon2id$v=19$m=8,t=1,p=1$");
	memset(buf + strlen(buf), 'A', 64);
	strcat(buf, "$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4");
	CHECK(argon2_parse(buf) == MXPW_HASH_OK);
	strcpy(buf, "$argon2id$v=19$m=8,t=1,p=1$");
	memset(buf + strlen(buf), 'A', 67);
	strcat(buf, "$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4");
	CHECK(argon2_parse(buf) == MXPW_HASH_MALFORMED);
	/* Hash: 10 to 64 bytes. */
	CHECK(argon2_parse("$argon2id$v=19$m=8,t=1,p=1$eEi11xG8mIOZYxej+ckCaQ$AAAAAAAAAAAAAA") == MXPW_HASH_OK);
	CHECK(argon2_parse("$argon2id$v=19$m=8,t=1,p=1$eEi11xG8mIOZYxej+ckCaQ$AAAAAAAAAAAA") == MXPW_HASH_MALFORMED);
	memset(buf, 0, sizeof(buf));
	strcpy(buf, "$argon2id$v=19$m=8,t=1,p=1$eEi11xG8mIOZYxej+ckCaQ$");
	memset(buf + strlen(buf), 'A', 86);
	CHECK(argon2_parse(buf) == MXPW_HASH_OK);
	memset(buf + strlen(buf), 'A', 2);
	CHECK(argon2_parse(buf) == MXPW_HASH_MALFORMED);
	/* The longest string the parser accepts fits MXPW_HASH_SIZE; one more byte does not. */
	memset(buf, 0, sizeof(buf));
	strcpy(buf, "$argon2id$v=19$m=262144,t=2,p=64$");
	memset(buf + strlen(buf), 'A', 64);
	strcat(buf, "$");
	memset(buf + strlen(buf), 'A', 86);
	CHECK(strlen(buf) < MXPW_HASH_SIZE && argon2_parse(buf) == MXPW_HASH_OK);
	memset(buf, 'A', MXPW_HASH_SIZE + 10);
	memcpy(buf, "$argon2id$", 10);
	buf[MXPW_HASH_SIZE] = '\0';
	CHECK(argon2_parse(buf) == MXPW_HASH_MALFORMED);
	/* An embedded NUL, and the NUL after the string, are not part of it. */
	CHECK(argon2_parse_len(mas_argon2_keyed, strlen(mas_argon2_keyed) + 1, &params) == MXPW_HASH_MALFORMED);
	strcpy(buf, mas_argon2_keyed);
	buf[40] = '\0';
	CHECK(argon2_parse_len(buf, strlen(mas_argon2_keyed), &params) == MXPW_HASH_MALFORMED);
}

/* Hashes with the salt taken from known, to compare with it byte for byte. */
static bool
argon2_rehash_matches(const char *known, const char *password, const char *secret)
{
	unsigned char salt[MXPW_ARGON2_SALT_BYTES + 8];
	char		out[MXPW_HASH_SIZE];
	const char *s = known + strlen("$argon2id$v=19$m=19456,t=2,p=1$");

	if (mxpw_phc_b64_decode(s, strcspn(s, "$"), salt, sizeof(salt)) != MXPW_ARGON2_SALT_BYTES)
		return false;
	if (!argon2id_hash(password, strlen(password), secret, secret ? strlen(secret) : 0, salt, out))
		return false;
	return strcmp(out, known) == 0;
}

static void
test_argon2_hash(void)
{
	unsigned char salt[MXPW_ARGON2_SALT_BYTES];
	char		out[MXPW_HASH_SIZE];
	char		again[MXPW_HASH_SIZE];
	char		buf[200];
	MxpwParsedHash params;

	/* MAS's known answers check, and nothing near them does. */
	CHECK(argon2_check("hunter2", 7, pepper, strlen(pepper), mas_argon2_keyed, strlen(mas_argon2_keyed)));
	CHECK(!argon2_check("hunter3", 7, pepper, strlen(pepper), mas_argon2_keyed, strlen(mas_argon2_keyed)));
	CHECK(!argon2_check("hunter2", 7, "the-wrong-pepper", 16, mas_argon2_keyed, strlen(mas_argon2_keyed)));
	CHECK(!argon2_check("hunter2", 7, NULL, 0, mas_argon2_keyed, strlen(mas_argon2_keyed)));
	/* The pepper is Argon2's secret input, not appended to the password. */
	CHECK(!argon2_check("hunter2a-secret-pepper", 22, NULL, 0, mas_argon2_keyed, strlen(mas_argon2_keyed)));
	CHECK(argon2_check("hunter2", 7, NULL, 0, mas_argon2_plain, strlen(mas_argon2_plain)));
	CHECK(argon2_check("hunter2", 7, "", 0, mas_argon2_plain, strlen(mas_argon2_plain)));
	CHECK(!argon2_check("hunter2", 7, pepper, strlen(pepper), mas_argon2_plain, strlen(mas_argon2_plain)));
	CHECK(!argon2_check("wrong-password", 14, NULL, 0, mas_argon2_plain, strlen(mas_argon2_plain)));
	CHECK(!argon2_check("hunter2", 6, NULL, 0, mas_argon2_plain, strlen(mas_argon2_plain)));
	/* The whole output is compared: a change in its last bytes is a mismatch. */
	strcpy(buf, mas_argon2_plain);
	buf[strlen(buf) - 3] ^= 1;
	CHECK(argon2_parse(buf) == MXPW_HASH_OK && !argon2_check("hunter2", 7, NULL, 0, buf, strlen(buf)));
	errno = 0;
	strcpy(buf, "$argon2id$v=19$m=262145,t=2,p=1$1WdxAF1UChkYSTnJ6NDbKg$ajKAfwlUmkbxITSdh55j+Hvoxzppx20ArNUF44oV9Nk");
	CHECK(!argon2_check("hunter2", 7, NULL, 0, buf, strlen(buf)) && errno == EINVAL);

	/* Re-hashing with the known answers' salts reproduces them exactly. */
	CHECK(argon2_rehash_matches(mas_argon2_keyed, "hunter2", pepper));
	CHECK(argon2_rehash_matches(mas_argon2_plain, "hunter2", NULL));
	CHECK(!argon2_rehash_matches(mas_argon2_plain, "hunter2", pepper));

	/* Fresh hashes: canonical, parseable, checkable, salted. */
	memset(salt, 0x5a, sizeof(salt));
	CHECK(argon2id_hash("fake-password", 13, "fake-pepper", 11, salt, out));
	CHECK(strncmp(out, "$argon2id$v=19$m=19456,t=2,p=1$WlpaWlpaWlpaWlpaWlpaWg$", 54) == 0 && strlen(out) == 97);
	CHECK(argon2_parse_len(out, strlen(out), &params) == MXPW_HASH_OK && params.output_len == 32);
	CHECK(argon2_check("fake-password", 13, "fake-pepper", 11, out, strlen(out)));
	CHECK(!argon2_check("fake-password", 13, "fake-peppes", 11, out, strlen(out)));
	/* Embedded NULs count: lengths, not C strings. */
	CHECK(!argon2_check("fake-password\0x", 15, "fake-pepper", 11, out, strlen(out)));
	salt[15] ^= 1;
	CHECK(argon2id_hash("fake-password", 13, "fake-pepper", 11, salt, again) && strcmp(out, again) != 0);
	CHECK(argon2id_hash("", 0, NULL, 0, salt, again) && argon2_check(NULL, 0, NULL, 0, again, strlen(again)));

	/* Hashes from elsewhere, with other variants and costs, by argon2-cffi (libargon2). */
	snprintf(buf, sizeof(buf), "%s", "$argon2i$v=19$m=8,t=1,p=1$ZmFrZS1zYWx0$Ay0sbwFteBLk2CSofKhfNdgiXVQ");
	CHECK(argon2_check("fake-password", 13, NULL, 0, buf, strlen(buf)));
	CHECK(!argon2_check("fake-passwore", 13, NULL, 0, buf, strlen(buf)));
	memcpy(buf, "$argon2d", 8);
	CHECK(!argon2_check("fake-password", 13, NULL, 0, buf, strlen(buf)));
	snprintf(buf, sizeof(buf), "%s", "$argon2id$v=19$m=64,t=3,p=4$ZmFrZS1zYWx0$8AqayQkbRyE2mKgIuKdanrRYm9lGNeArsUCDAXJrS7I");
	CHECK(argon2_check("fake-password", 13, NULL, 0, buf, strlen(buf)));
	buf[strlen("$argon2id$v=19$m=64,t=3,p=")] = '2';
	CHECK(!argon2_check("fake-password", 13, NULL, 0, buf, strlen(buf)));
}

static MxpwHashFormat
pbkdf2_parse(const char *s)
{
	MxpwParsedHash params;

	return pbkdf2_parse_len(s, strlen(s), &params);
}

static MxpwHashFormat
pbkdf2_parse_head(const char *head)
{
	char		buf[400];

	snprintf(buf, sizeof(buf), "%s$eEi11xG8mIOZYxej+ckCaQ$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc", head);
	return pbkdf2_parse(buf);
}

/* Canonical base64 of 64 and 33 bytes. */
#define PBKDF2_OUTPUT_64 "ZmFrZS1vdXRwdXQtZmFrZS1vdXRwdXQtZmFrZS1vdXRwdXQtZmFrZS1vdXRwdXQtZmFrZS1vdXRwdXQtZmFrZQ"
#define PBKDF2_OUTPUT_33 "ZmFrZS1vdXRwdXQtZmFrZS1vdXRwdXQtZmFrZS1vdXRw"

static void
test_pbkdf2_parse(void)
{
	MxpwParsedHash params;
	char		buf[400];

	memset(&params, 0, sizeof(params));
	CHECK(pbkdf2_parse_len(mas_pbkdf2_keyed, strlen(mas_pbkdf2_keyed), &params) == MXPW_HASH_OK &&
		  params.variant == MXPW_PBKDF2_SHA256 && params.params[MXPW_PBKDF2_PARAM_I] == 600000 &&
		  params.salt_len == 16 && params.output_len == 32);
	CHECK(pbkdf2_parse(mas_pbkdf2_plain) == MXPW_HASH_OK);
	strcpy(buf, "$pbkdf2-sha512$i=1,l=32$eEi11xG8mIOZYxej+ckCaQ$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc");
	CHECK(pbkdf2_parse_len(buf, strlen(buf), &params) == MXPW_HASH_OK &&
		  params.variant == MXPW_PBKDF2_SHA512 && params.params[MXPW_PBKDF2_PARAM_I] == 1);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=2000000,l=32") == MXPW_HASH_OK);
	/* 64 bytes are two SHA-256 blocks, one SHA-512 block. */
	strcpy(buf, "$pbkdf2-sha256$i=1000000,l=64$eEi11xG8mIOZYxej+ckCaQ$" PBKDF2_OUTPUT_64);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_OK);
	strcpy(buf, "$pbkdf2-sha256$i=1000001,l=64$eEi11xG8mIOZYxej+ckCaQ$" PBKDF2_OUTPUT_64);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_TOO_COSTLY);
	strcpy(buf, "$pbkdf2-sha512$i=2000000,l=64$eEi11xG8mIOZYxej+ckCaQ$" PBKDF2_OUTPUT_64);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_OK);
	strcpy(buf, "$pbkdf2-sha512$i=2000001,l=64$eEi11xG8mIOZYxej+ckCaQ$" PBKDF2_OUTPUT_64);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_TOO_COSTLY);
	strcpy(buf, "$pbkdf2-sha256$i=1000001,l=33$eEi11xG8mIOZYxej+ckCaQ$" PBKDF2_OUTPUT_33);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_TOO_COSTLY);

	CHECK(pbkdf2_parse("") == MXPW_HASH_EMPTY);
	CHECK(pbkdf2_parse(mas_argon2_keyed) == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(pbkdf2_parse("$2b$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(pbkdf2_parse_head("$pbkdf2$i=600000,l=32") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha1$i=600000,l=32") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha384$i=600000,l=32") == MXPW_HASH_OTHER_ALGORITHM);
	CHECK(pbkdf2_parse("pbkdf2-sha256$i=600000,l=32") == MXPW_HASH_OTHER_ALGORITHM);

	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$v=19$i=600000,l=32") == MXPW_HASH_UNSUPPORTED_VERSION);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$v=1") == MXPW_HASH_UNSUPPORTED_VERSION);

	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$l=32,i=600000") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=32,") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=32,x=1") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=0600000,l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=0,l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=31") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=33") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=65") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=9") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000,l=4294967328") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=4294967296,l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=99999999999999999999999,l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=-1,l=32") == MXPW_HASH_BAD_PARAMS);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=600000;l=32") == MXPW_HASH_BAD_PARAMS);

	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=2000001,l=32") == MXPW_HASH_TOO_COSTLY);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha256$i=10000000,l=32") == MXPW_HASH_TOO_COSTLY);
	CHECK(pbkdf2_parse_head("$pbkdf2-sha512$i=4294967295,l=32") == MXPW_HASH_TOO_COSTLY);

	{
		int			accepted = 0;

		for (size_t len = 1; len < strlen(mas_pbkdf2_keyed); len++)
			if (pbkdf2_parse_len(mas_pbkdf2_keyed, len, &params) == MXPW_HASH_OK)
				accepted++;
		CHECK(accepted == 0);
	}
	CHECK(pbkdf2_parse("$pbkdf2-sha256") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ$") == MXPW_HASH_MALFORMED);
	snprintf(buf, sizeof(buf), "%s$", mas_pbkdf2_keyed);
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaR$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxd") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ==$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc") == MXPW_HASH_MALFORMED);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ$uyS-Ip4DieQ9S-m1EcT-vCtuiWpQ3TsDGPLY4mwkOxc") == MXPW_HASH_MALFORMED);
	/* Salt: 4 to 64 characters. */
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=1,l=32$AAAA$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc") == MXPW_HASH_OK);
	CHECK(pbkdf2_parse("$pbkdf2-sha256$i=1,l=32$AAA$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc") == MXPW_HASH_MALFORMED);
	strcpy(buf, "$pbkdf2-sha256$i=1,l=32$");
	memset(buf + strlen(buf), 'A', 65);
	buf[24 + 65] = '\0';
	strcat(buf, "$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc");
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_MALFORMED);
	/* The longest string the parser accepts fits MXPW_HASH_SIZE. */
	memset(buf, 0, sizeof(buf));
	strcpy(buf, "$pbkdf2-sha512$i=2000000,l=64$");
	memset(buf + strlen(buf), 'A', 64);
	strcat(buf, "$");
	memset(buf + strlen(buf), 'A', 86);
	CHECK(strlen(buf) < MXPW_HASH_SIZE && pbkdf2_parse(buf) == MXPW_HASH_OK);
	CHECK(pbkdf2_parse_len(mas_pbkdf2_keyed, strlen(mas_pbkdf2_keyed) + 1, &params) == MXPW_HASH_MALFORMED);
}

static void
test_pbkdf2_hash(void)
{
	unsigned char salt[MXPW_PBKDF2_SALT_BYTES + 8];
	char		out[MXPW_HASH_SIZE];
	const char *s = mas_pbkdf2_keyed + strlen("$pbkdf2-sha256$i=600000,l=32$");
	char		buf[200];

	/* MAS appends the pepper to the password for pbkdf2. */
	CHECK(pbkdf2_check("hunter2a-secret-pepper", 22, mas_pbkdf2_keyed, strlen(mas_pbkdf2_keyed)));
	CHECK(!pbkdf2_check("hunter2", 7, mas_pbkdf2_keyed, strlen(mas_pbkdf2_keyed)));
	CHECK(!pbkdf2_check("hunter2the-wrong-pepper", 23, mas_pbkdf2_keyed, strlen(mas_pbkdf2_keyed)));
	CHECK(pbkdf2_check("hunter2", 7, mas_pbkdf2_plain, strlen(mas_pbkdf2_plain)));
	CHECK(!pbkdf2_check("wrong-password", 14, mas_pbkdf2_plain, strlen(mas_pbkdf2_plain)));
	strcpy(buf, mas_pbkdf2_plain);
	buf[strlen(buf) - 3] ^= 1;
	CHECK(pbkdf2_parse(buf) == MXPW_HASH_OK && !pbkdf2_check("hunter2", 7, buf, strlen(buf)));

	/* Re-hashing with the known answer's (decoded) salt reproduces it exactly. */
	CHECK(mxpw_phc_b64_decode(s, strcspn(s, "$"), salt, sizeof(salt)) == MXPW_PBKDF2_SALT_BYTES);
	CHECK(pbkdf2_hash("hunter2a-secret-pepper", 22, salt, out) && strcmp(out, mas_pbkdf2_keyed) == 0);
	CHECK(pbkdf2_check("hunter2a-secret-pepper", 22, out, strlen(out)));
	CHECK(pbkdf2_hash("hunter2", 7, salt, out) && strcmp(out, mas_pbkdf2_keyed) != 0 &&
		  strncmp(out, mas_pbkdf2_keyed, 52) == 0);

	/* Other digests, lengths and iteration counts, by Python's hashlib (OpenSSL). */
	snprintf(buf, sizeof(buf), "%s", "$pbkdf2-sha512$i=1000,l=64$ZmFrZS1zYWx0$YMB74FeZcgTJtDT3LywEDhBqE7w15Yhg38EL4WjDjFBreP9qf3CzOGHhwAfarC9e3sc6kn7xvdPCaNU/XfmWlw");
	CHECK(pbkdf2_check("fake-password", 13, buf, strlen(buf)));
	CHECK(!pbkdf2_check("fake-passwore", 13, buf, strlen(buf)));
	memcpy(buf, "$pbkdf2-sha256", 14);
	CHECK(!pbkdf2_check("fake-password", 13, buf, strlen(buf)));
	snprintf(buf, sizeof(buf), "%s", "$pbkdf2-sha256$i=1,l=10$AAAA$jvbtzHEtrhDmmQ");
	CHECK(pbkdf2_check("", 0, buf, strlen(buf)));
	CHECK(pbkdf2_check(NULL, 0, buf, strlen(buf)));
	errno = 0;
	strcat(buf, "$");
	CHECK(!pbkdf2_check("", 0, buf, strlen(buf)) && errno == EINVAL);
}

static MxpwUserIdStatus
qualify(const char *input, const char *server, char *out)
{
	return mxpw_user_id_qualify(input, strlen(input), server, out);
}

static void
test_user_ids(void)
{
	char		out[MXPW_USER_ID_SIZE];
	char		long_id[400];

	CHECK(qualify("@alice:example.com", NULL, out) == MXPW_USER_ID_OK && strcmp(out, "@alice:example.com") == 0);
	CHECK(qualify("@Alice:example.com:8448", "", out) == MXPW_USER_ID_OK);
	CHECK(qualify("@a:[::1]:8448", NULL, out) == MXPW_USER_ID_OK);
	CHECK(qualify("@a:127.0.0.1", NULL, out) == MXPW_USER_ID_OK);
	CHECK(qualify("@historical=\"id\"!:example.com", NULL, out) == MXPW_USER_ID_OK);
	CHECK(qualify("alice", "example.com", out) == MXPW_USER_ID_OK && strcmp(out, "@alice:example.com") == 0);
	CHECK(qualify("alice", NULL, out) == MXPW_USER_ID_NEEDS_SERVER_NAME);
	CHECK(qualify("alice", "", out) == MXPW_USER_ID_NEEDS_SERVER_NAME);
	CHECK(qualify("alice", "bad server", out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("", NULL, out) == MXPW_USER_ID_EMPTY);
	CHECK(qualify("@alice", NULL, out) == MXPW_USER_ID_NO_SERVER);
	CHECK(qualify("@alice:", NULL, out) == MXPW_USER_ID_NO_SERVER);
	CHECK(qualify("@:example.com", NULL, out) == MXPW_USER_ID_EMPTY_LOCALPART);
	CHECK(qualify("alice:example.com", "example.com", out) == MXPW_USER_ID_MISSING_SIGIL);
	CHECK(qualify("@alice:example.com ", NULL, out) == MXPW_USER_ID_BAD_CHARACTER);
	CHECK(qualify("@al\xc3\xa5" "ce:example.com", NULL, out) == MXPW_USER_ID_BAD_CHARACTER);
	CHECK(qualify("@alice:exam_ple.com", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:example.com:", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:example.com:123456", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:[::1", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:[]", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:[::1]x", NULL, out) == MXPW_USER_ID_BAD_SERVER);
	CHECK(qualify("@alice:[g::1]", NULL, out) == MXPW_USER_ID_BAD_SERVER);

	/* 255 bytes is the limit, for full ids and for completed localparts. */
	memset(long_id, 'a', sizeof(long_id));
	long_id[0] = '@';
	memcpy(long_id + 243, ":example.com", 12);
	CHECK(mxpw_user_id_qualify(long_id, 255, NULL, out) == MXPW_USER_ID_OK && strlen(out) == 255);
	memcpy(long_id + 244, ":example.com", 12);
	CHECK(mxpw_user_id_qualify(long_id, 256, NULL, out) == MXPW_USER_ID_TOO_LONG);
	memset(long_id, 'a', sizeof(long_id));
	CHECK(mxpw_user_id_qualify(long_id, 242, "example.com", out) == MXPW_USER_ID_OK);
	CHECK(mxpw_user_id_qualify(long_id, 243, "example.com", out) == MXPW_USER_ID_TOO_LONG);

	CHECK(mxpw_server_name_valid("example.com", 11));
	CHECK(!mxpw_server_name_valid("", 0));
	CHECK(!mxpw_server_name_valid(":8448", 5));
}

/* Encodes a code point as UTF-8 into out (4 bytes), returning the length. */
static size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* Checks bytes from a heap block of exactly len bytes, so ASan sees an over-read. */
static bool
stable_bytes(const char *s, size_t len)
{
	char	   *copy = malloc(len ? len : 1);
	bool		stable;

	memcpy(copy, s, len);
	stable = mxpw_unicode_stable(copy, len);
	free(copy);
	return stable;
}

static bool
stable_str(const char *s)
{
	return stable_bytes(s, strlen(s));
}

/* One code point, through the string API and the code point API alike. */
static bool
stable_cp(uint32_t cp)
{
	char		buf[4];
	bool		stable = stable_bytes(buf, utf8_encode(cp, buf));

	CHECK(stable == mxpw_unicode_code_point_stable(cp));
	return stable;
}

/* Whether the table was made from Unicode data of at least this major version. */
static bool
data_at_least(int major)
{
	return atoi(MXPW_UNICODE_DATA_VERSION) >= major;
}

/*
 * Code points picked from DerivedAge.txt and UnicodeData.txt; ages in
 * brackets.  The committed table is made from Unicode 15.0.0 data
 * (MXPW_UNICODE_DATA_VERSION): characters assigned after 15.0 count as
 * unassigned there, and the checks on them follow the data version.
 */
static void
test_unicode_stable(void)
{
	char		buf[4];

	CHECK(strcmp(MXPW_UNICODE_BASELINE, "13.0") == 0);
	CHECK(data_at_least(15));

	/* ASCII, and the empty string. */
	CHECK(stable_str("fake-password 0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
	CHECK(stable_cp(0x00));
	CHECK(stable_cp(0x7F));
	CHECK(stable_str(""));
	CHECK(mxpw_unicode_stable(NULL, 0));

	/* Encoding length boundaries: U+0080 [1.1], U+07FF [11.0], U+0800 [5.2]. */
	CHECK(stable_cp(0x80));
	CHECK(stable_cp(0x7FF));
	CHECK(stable_cp(0x800));

	/* Old characters that NFKC changes are safe: the mapping is frozen. */
	CHECK(stable_cp(0xFB01));	/* LATIN SMALL LIGATURE FI [1.1] */
	CHECK(stable_cp(0x2160));	/* ROMAN NUMERAL ONE [1.1] */
	CHECK(stable_cp(0xFF21));	/* FULLWIDTH LATIN CAPITAL LETTER A [1.1] */
	CHECK(stable_cp(0x2126));	/* OHM SIGN [1.1], canonical singleton */
	CHECK(stable_cp(0x0344));	/* COMBINING GREEK DIALYTIKA TONOS [1.1] */
	CHECK(stable_cp(0x1D15E));	/* MUSICAL SYMBOL HALF NOTE [3.1], excluded */
	CHECK(stable_str("\xef\xac\x81\xe2\x85\xa0\xef\xbc\xa1"));

	/* Assigned in 13.0 itself: safe, with or without a mapping or a class. */
	CHECK(stable_cp(0x1FAD0));	/* BLUEBERRIES [13.0] */
	CHECK(stable_cp(0x1FBF0));	/* SEGMENTED DIGIT ZERO [13.0], <font> 0030 */
	CHECK(stable_cp(0x1AC0));	/* COMBINING ... TURNED W BELOW [13.0], ccc 220 */
	CHECK(stable_cp(0x30000));	/* CJK Ideograph Extension G first [13.0] */
	CHECK(stable_cp(0x3134A));	/* CJK Ideograph Extension G last [13.0] */
	CHECK(!stable_cp(0x3134B));	/* unassigned */

	/* 14.0: without mapping and class safe, else unsafe. */
	CHECK(stable_cp(0x10780));	/* MODIFIER LETTER SMALL CAPITAL AA [14.0] */
	CHECK(!stable_cp(0x10781));	/* ... SUPERSCRIPT TRIANGULAR COLON [14.0], <super> */
	CHECK(!stable_cp(0x1AC1));	/* COMBINING LEFT PARENTHESIS ABOVE LEFT [14.0], ccc 230 */
	CHECK(!stable_cp(0x0C3C));	/* TELUGU SIGN NUKTA [14.0], ccc 7 */
	CHECK(stable_cp(0xFDCF));	/* ARABIC LIGATURE SALAAMUHU ALAYNAA [14.0] */
	CHECK(stable_cp(0x1DF03));	/* LATIN SMALL LETTER REVERSED K [14.0] */

	/*
	 * Rule (d): U+1DF04 LATIN LETTER SMALL CAPITAL L WITH BELT [14.0] has no
	 * mapping and ccc 0, but U+1079C [14.0] maps to <super> 1DF04.  U+11382
	 * TULU-TIGALARI LETTER I [16.0] is the second half of U+11383's
	 * canonical mapping (unassigned in 15.0 data, (d) in 16.0 and later).
	 */
	CHECK(!stable_cp(0x1DF04));
	CHECK(!stable_cp(0x1079C));
	CHECK(!stable_cp(0x11382));

	/* 15.0. */
	CHECK(!stable_cp(0x1E030));	/* MODIFIER LETTER CYRILLIC SMALL A [15.0], <super> */
	CHECK(!stable_cp(0x1E02F));	/* unassigned, just before it */
	CHECK(!stable_cp(0x1E08F));	/* COMBINING CYRILLIC ... I [15.0], ccc 230 */
	CHECK(stable_cp(0x1FAE8));	/* SHAKING FACE [15.0] */
	CHECK(stable_cp(0x31350));	/* CJK Ideograph Extension H first [15.0] */

	/* 16.0: U+1CCF0 OUTLINED DIGIT ZERO has <font> 0030; U+1FAE9 FACE WITH BAGS UNDER EYES none. */
	CHECK(!stable_cp(0x1CCF0));
	CHECK(stable_cp(0x1FAE9) == data_at_least(16));
	/* 17.0: U+1FBFA ALARM BELL SYMBOL, no mapping. */
	CHECK(stable_cp(0x1FBFA) == data_at_least(17));

	/* Unassigned, with its assigned neighbour. */
	CHECK(stable_cp(0x0377));	/* GREEK SMALL LETTER PAMPHYLIAN DIGAMMA [5.1] */
	CHECK(!stable_cp(0x0378));
	CHECK(stable_cp(0xD7FB));	/* HANGUL JONGSEONG PHIEUPH-THIEUTH [5.2] */
	CHECK(!stable_cp(0xD7FC));
	CHECK(stable_cp(0xAC00));
	CHECK(stable_cp(0xD7A3));
	CHECK(!stable_cp(0x2FFFD));

	/*
	 * Noncharacters are Cn but never assigned, by Unicode's stability
	 * policy: NFKC leaves them alone in every version.  Their neighbours
	 * that are merely unassigned are refused.
	 */
	CHECK(stable_cp(0xFDD0));
	CHECK(stable_cp(0xFDEF));
	CHECK(stable_cp(0xFDCF));	/* ARABIC LIGATURE SALAAMUHU [14.0], unmapped */
	CHECK(stable_cp(0xFDF0));	/* [1.1] */
	CHECK(stable_cp(0xFFFE));
	CHECK(stable_cp(0xFFFF));
	CHECK(stable_cp(0x1FFFF));
	CHECK(!stable_cp(0x1FFFD));
	CHECK(stable_cp(0xFFFD));	/* REPLACEMENT CHARACTER [1.1] */

	/* Private use is assigned, unmapped, ccc 0. */
	CHECK(stable_cp(0xE000));
	CHECK(stable_cp(0xF8FF));
	CHECK(stable_cp(0x10FFFD));
	/* The last code point is a noncharacter; nothing lies beyond it. */
	CHECK(stable_cp(0x10FFFF));
	CHECK(!mxpw_unicode_code_point_stable(0x110000));
	CHECK(!mxpw_unicode_code_point_stable(0xFFFFFFFF));

	/* One unsafe code point anywhere makes the whole text unsafe. */
	CHECK(stable_str("fake\xef\xac\x81-\xf0\x9f\xab\x90-\xe2\x85\xa0"));
	CHECK(!stable_str("\xf0\x9c\xb3\xb0" "fake"));
	CHECK(!stable_str("fake\xf0\x9c\xb3\xb0word"));
	CHECK(!stable_str("fake-word\xef\xac\x81\xf0\x9c\xb3\xb0"));
	CHECK(!stable_str("fake\xf0\x9e\x80\xb0"));
	CHECK(!stable_str("\xef\xbc\xa1\xcd\xb8"));

	/*
	 * Malformed UTF-8 is unsafe, and is never read past its length.
	 * Surrogates cannot occur in valid UTF-8 text: their three-byte forms
	 * (ED A0 80 .. ED BF BF) are malformed, not U+D800..DFFF.
	 */
	CHECK(!stable_str("\xc3"));			/* truncated two-byte */
	CHECK(!stable_str("fake\xe2\x85"));	/* truncated three-byte */
	CHECK(!stable_str("\xf0\x9f\xab"));	/* truncated four-byte */
	CHECK(!stable_bytes("\xef\xac\x81", 2));	/* cut by the length */
	CHECK(!stable_bytes("\xf0\x9f\xab\x90", 3));
	CHECK(!stable_str("\x80"));			/* lone continuation bytes */
	CHECK(!stable_str("fake\xbfword"));
	CHECK(!stable_str("\xe2\x28\xa1"));	/* bad continuation */
	CHECK(!stable_str("\xc0\xaf"));		/* overlong "/" */
	CHECK(!stable_str("\xc1\xbf"));
	CHECK(!stable_str("\xe0\x80\xaf"));
	CHECK(!stable_str("\xe0\x9f\xbf"));	/* overlong U+07FF */
	CHECK(!stable_str("\xf0\x80\x80\xaf"));
	CHECK(!stable_str("\xf0\x8f\xbf\xbf"));	/* overlong U+FFFF */
	CHECK(!stable_str("\xed\xa0\x80"));	/* U+D800 */
	CHECK(!stable_str("\xed\xbf\xbf"));	/* U+DFFF */
	CHECK(!stable_str("\xed\xa0\xbd\xed\xb8\x80"));	/* CESU-8 pair */
	CHECK(!stable_str("\xf4\x90\x80\x80"));	/* U+110000 */
	CHECK(!stable_str("\xf5\x80\x80\x80"));
	CHECK(!stable_str("\xfe"));
	CHECK(!stable_str("\xff"));
	CHECK(!mxpw_unicode_code_point_stable(0xD800));
	CHECK(!mxpw_unicode_code_point_stable(0xDFFF));

	/* Every scalar value: the string and code point answers agree. */
	{
		int			disagree = 0;
		long		stable = 0;

		for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
		{
			bool		s;

			if (cp >= 0xD800 && cp <= 0xDFFF)
				continue;
			s = mxpw_unicode_stable(buf, utf8_encode(cp, buf));
			if (s != mxpw_unicode_code_point_stable(cp))
				disagree++;
			stable += s;
		}
		CHECK(disagree == 0);
		/* Most of the code space is unassigned. */
		CHECK(stable > 100000 && stable < 400000);
	}
}

/* ULIDs as MAS writes them: the ulid specification's example time. */
static void
test_ulid(void)
{
	unsigned char zero[MXPW_ULID_RANDOM_BYTES] = {0};
	unsigned char ones[MXPW_ULID_RANDOM_BYTES];
	unsigned char ulid[MXPW_ULID_BYTES];
	unsigned char back[MXPW_ULID_BYTES];
	char		text[MXPW_ULID_TEXT_LEN + 1];
	char		uuid[MXPW_UUID_TEXT_LEN + 1];

	mxpw_ulid_make(UINT64_C(1469922850259), zero, ulid);
	mxpw_ulid_to_text(ulid, text);
	CHECK(strcmp(text, "01ARZ3NDEK0000000000000000") == 0);
	mxpw_ulid_to_uuid(ulid, uuid);
	CHECK(strcmp(uuid, "01563e3a-b5d3-0000-0000-000000000000") == 0);
	CHECK(mxpw_ulid_from_uuid(uuid, back) && memcmp(back, ulid, sizeof(ulid)) == 0);

	/* The largest ULID: the first character carries only three bits. */
	memset(ones, 0xff, sizeof(ones));
	mxpw_ulid_make(UINT64_C(0xffffffffffff), ones, ulid);
	mxpw_ulid_to_text(ulid, text);
	CHECK(strcmp(text, "7ZZZZZZZZZZZZZZZZZZZZZZZZZ") == 0);
	mxpw_ulid_to_uuid(ulid, uuid);
	CHECK(strcmp(uuid, "ffffffff-ffff-ffff-ffff-ffffffffffff") == 0);

	/* Bits above 48 of the time are not the ULID's. */
	mxpw_ulid_make(UINT64_C(0x1000000000001), zero, ulid);
	mxpw_ulid_to_text(ulid, text);
	CHECK(strcmp(text, "00000000010000000000000000") == 0);

	CHECK(mxpw_ulid_from_uuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", back));
	CHECK(!mxpw_ulid_from_uuid("01563e3a-b5d3-0000-0000-00000000000", back));
	CHECK(!mxpw_ulid_from_uuid("01563e3a-b5d3-0000-0000-0000000000000", back));
	CHECK(!mxpw_ulid_from_uuid("01563e3axb5d3-0000-0000-000000000000", back));
	CHECK(!mxpw_ulid_from_uuid("01563e3a-b5d3-0000-0000-00000000000g", back));
	CHECK(!mxpw_ulid_from_uuid("", back));
}

/* progress(done, total, seconds): the report of mxpw_set_passwords' hashing. */
static const char *
progress(long long done, long long total, double seconds)
{
	static char buf[MXPW_PROGRESS_TEXT_SIZE];

	mxpw_progress_text(buf, sizeof(buf), "mxpw_set_passwords", "hashed",
					   done, total, seconds);
	return buf;
}

#define CHECK_PROGRESS(done, total, seconds, expected) \
	do { \
		const char *got_ = progress(done, total, seconds); \
		CHECK(strcmp(got_, expected) == 0); \
		if (strcmp(got_, expected) != 0) \
			fprintf(stderr, "  got \"%s\"\n", got_); \
	} while (0)

static void
test_progress_text(void)
{
	char		small[24];

	/* The example: 12,000 in 50 s, 88,000 left at 240 a second. */
	CHECK_PROGRESS(12000, 100000, 50,
				   "mxpw_set_passwords: hashed 12,000 of 100,000 (240 per second), about 6 min left");
	/* Thousands separators, at every length. */
	CHECK_PROGRESS(1, 1000000000, 1,
				   "mxpw_set_passwords: hashed 1 of 1,000,000,000 (1.0 per second), about 277777 h 47 min left");
	CHECK_PROGRESS(999, 1000, 0.999,
				   "mxpw_set_passwords: hashed 999 of 1,000 (1,000 per second), about 1 s left");
	CHECK_PROGRESS(123456, 1234567, 123.456,
				   "mxpw_set_passwords: hashed 123,456 of 1,234,567 (1,000 per second), about 19 min left");
	/* Below 10 a second, one decimal; from 9.95 on, whole numbers. */
	CHECK_PROGRESS(7, 100, 2,
				   "mxpw_set_passwords: hashed 7 of 100 (3.5 per second), about 27 s left");
	CHECK_PROGRESS(1, 10, 4,
				   "mxpw_set_passwords: hashed 1 of 10 (0.2 per second), about 36 s left");
	CHECK_PROGRESS(995, 100000, 100,
				   "mxpw_set_passwords: hashed 995 of 100,000 (10 per second), about 2 h 46 min left");
	CHECK_PROGRESS(994, 100000, 100,
				   "mxpw_set_passwords: hashed 994 of 100,000 (9.9 per second), about 2 h 46 min left");
	/* Seconds below 90 s, minutes below 90 min, then hours and minutes. */
	CHECK_PROGRESS(100, 189, 10,
				   "mxpw_set_passwords: hashed 100 of 189 (10 per second), about 9 s left");
	CHECK_PROGRESS(100, 989, 10,
				   "mxpw_set_passwords: hashed 100 of 989 (10 per second), about 89 s left");
	CHECK_PROGRESS(100, 1000, 10,
				   "mxpw_set_passwords: hashed 100 of 1,000 (10 per second), about 2 min left");
	CHECK_PROGRESS(100, 53990, 10,
				   "mxpw_set_passwords: hashed 100 of 53,990 (10 per second), about 90 min left");
	CHECK_PROGRESS(100, 54100, 10,
				   "mxpw_set_passwords: hashed 100 of 54,100 (10 per second), about 1 h 30 min left");
	CHECK_PROGRESS(100, 72100, 10,
				   "mxpw_set_passwords: hashed 100 of 72,100 (10 per second), about 2 h 0 min left");
	/* Nothing done yet: no rate, no time left. */
	CHECK_PROGRESS(0, 100000, 10,
				   "mxpw_set_passwords: hashed 0 of 100,000, time left not yet known");
	CHECK_PROGRESS(5, 100, 0,
				   "mxpw_set_passwords: hashed 5 of 100, time left not yet known");
	/* Everything done: no time left. */
	CHECK_PROGRESS(100, 100, 4,
				   "mxpw_set_passwords: hashed 100 of 100 (25 per second)");
	/* Only digits, commas, the names and words: nothing else gets in. */
	CHECK(strspn(progress(123456789, 987654321, 3.5),
				 "mxpw_set_passwords: hashed0123456789,of(.)prcnd-bu tlimh") ==
		  strlen(progress(123456789, 987654321, 3.5)));
	/* A short buffer is cut, and terminated. */
	mxpw_progress_text(small, sizeof(small), "mxpw_hash_many", "hashed",
					   12000, 100000, 50);
	CHECK(strcmp(small, "mxpw_hash_many: hashed ") == 0);
}

/*
 * The counts for test/lib.sh's run_suite, which names a file in MXPW_COUNTS:
 * one line "NAME<tab>PASSED<tab>FAILED" appended, as its summary writes.
 * False when the file cannot be written.
 */
static int
report_counts(const char *name)
{
	const char *path = getenv("MXPW_COUNTS");
	FILE	   *f;
	int			ok;

	if (path == NULL || path[0] == '\0')
		return 1;
	f = fopen(path, "a");
	if (f == NULL)
	{
		fprintf(stderr, "could not open MXPW_COUNTS file \"%s\": %s\n", path, strerror(errno));
		return 0;
	}
	ok = fprintf(f, "%s\t%d\t%d\n", name, passed, failed) > 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok)
		fprintf(stderr, "could not write MXPW_COUNTS file \"%s\"\n", path);
	return ok;
}

int
main(void)
{
	test_bcrypt_parse();
	test_bcrypt_key();
	test_bcrypt_round_trip();
	test_generated();
	test_phc_b64();
	test_phc_helpers();
	test_argon2_parse();
	test_argon2_hash();
	test_pbkdf2_parse();
	test_pbkdf2_hash();
	test_user_ids();
	test_unicode_stable();
	test_ulid();
	test_progress_text();
	zxcvbn_unit_tests(&passed, &failed);
	printf("unit: %d passed, %d failed\n", passed, failed);
	return report_counts("unit") && failed == 0 ? 0 : 1;
}
