/*
 * Unit tests for the parts of mxpw that build without a server: bcrypt
 * format checks, the 72-byte key, libxcrypt round trips, generated-password
 * encoding and user id parsing.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "userid.h"

static int	passed;
static int	failed;

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
	CHECK(parse("$", &cost) == MXPW_HASH_NOT_BCRYPT);
	CHECK(parse("$1$salt$hash", &cost) == MXPW_HASH_NOT_BCRYPT);
	CHECK(parse("$2x$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_UNSUPPORTED_VARIANT);
	CHECK(parse("$2$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8yy", &cost) != MXPW_HASH_OK);
	CHECK(parse("$2b$03$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_BAD_COST);
	CHECK(parse("$2b$32$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y", &cost) == MXPW_HASH_BAD_COST);
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

int
main(void)
{
	test_bcrypt_parse();
	test_bcrypt_key();
	test_bcrypt_round_trip();
	test_generated();
	test_user_ids();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
