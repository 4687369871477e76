/*
 * Unit tests for the parts of mxpw that build without a server: bcrypt
 * format checks, the 72-byte key, libxcrypt round trips, generated-password
 * encoding, user id parsing and the Unicode stability check.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "unicode_stable.h"
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

int
main(void)
{
	test_bcrypt_parse();
	test_bcrypt_key();
	test_bcrypt_round_trip();
	test_generated();
	test_user_ids();
	test_unicode_stable();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
