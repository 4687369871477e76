/*
 * Unit tests of src/zxcvbn.c: known answers (guesses, scores and feedback
 * the Rust crate MAS uses gives, here with the reference year fixed at
 * 2026), the crate's departures from zxcvbn 4.4.2, the 100-character cut,
 * UTF-8 handling and repeatability.  Run from unit_tests.c's main.
 */
#include <stdio.h>
#include <string.h>

#include "zxcvbn.h"

int			zxcvbn_unit_tests(int *passed, int *failed);

static int *zx_passed;
static int *zx_failed;

#define ZCHECK(cond) \
	do { \
		if (cond) \
			(*zx_passed)++; \
		else \
		{ \
			(*zx_failed)++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define YEAR 2026

static uint64_t
guesses_of(const char *pw, int year)
{
	MxpwZxcvbnResult r;

	if (mxpw_zxcvbn_score(pw, strlen(pw), year, &r) < 0)
		return 0;
	return r.guesses;
}

static int
score_of(const char *pw)
{
	return mxpw_zxcvbn_score(pw, strlen(pw), YEAR, NULL);
}

/* The result's feedback is exactly warning w and the n suggestions s. */
static bool
feedback_is(const char *pw, MxpwZxcvbnWarning w, int n, const MxpwZxcvbnSuggestion *s)
{
	MxpwZxcvbnResult r;

	if (mxpw_zxcvbn_score(pw, strlen(pw), YEAR, &r) < 0 || !r.has_feedback)
		return false;
	if (r.warning != w || r.n_suggestions != n)
		return false;
	for (int k = 0; k < n; k++)
		if (r.suggestions[k] != s[k])
			return false;
	return true;
}

static void
test_known_guesses(void)
{
	/* guesses agreed with the adjusted Python port (test/py) */
	static const struct
	{
		const char *pw;
		uint64_t	guesses;
		int			score;
	}			kat[] = {
		{"password", 3, 0},
		{"P@ssw0rd", 17, 0},
		{"correcthorsebatterystaple", UINT64_C(273500327700640), 4},
		{"Tr0ub4dour&3", 19058000, 2},
		{"qwertyuiop", 23, 0},
		{"aaaaaaaa", 97, 0},
		{"abcabcabc", 40, 0},
		{"1991-12-25", 51101, 1},
		{"12/25/1991", 51101, 1},
		{"abcdefg", 29, 0},
		{"kjhgfdsa", 615, 0},
		{"yuiop[", 1881, 1},
		{"1q2w3e4r5t", 291, 0},
		{"elpmaxe", 727, 0},
		{"EXAMPLE", 727, 0},
		{"9876543210", 81, 0},
		{"noon", 2165, 1},
		{"hunter2", 8037, 1},
		{"s3cur1ty!!", 198800, 1},
		{"fake-test-p4ss", UINT64_C(826528000000), 4},
		{"0", 12, 0},
		/* the order lengths are extended in matters here (zxcvbn.c): the
		 * order first stored (the crate, in random order, also gives
		 * 7650592000000) */
		{"102.2.3574101245", UINT64_C(4454987800000), 4},
	};

	for (size_t k = 0; k < sizeof(kat) / sizeof(kat[0]); k++)
	{
		MxpwZxcvbnResult r;
		int			score = mxpw_zxcvbn_score(kat[k].pw, strlen(kat[k].pw), YEAR, &r);

		if (score != kat[k].score || r.guesses != kat[k].guesses)
			fprintf(stderr, "zxcvbn: %s: score %d guesses %llu\n", kat[k].pw, score,
					(unsigned long long) r.guesses);
		ZCHECK(score == kat[k].score && r.guesses == kat[k].guesses);
	}
	/* saturates at u64's maximum, as the crate does */
	ZCHECK(guesses_of("Correct-Horse-Battery-Staple-fake", YEAR) == UINT64_MAX);
}

/* Where the crate (and so MAS) departs from zxcvbn 4.4.2 and its Python
 * port; the 4.4.2 value in each comment. */
static void
test_crate_behaviour(void)
{
	/* the reference year is the current one: 2040 is 14 years off in
	 * 2026 (the 20-year floor), 23 in 2017 */
	ZCHECK(guesses_of("2040", 2026) == 21);
	ZCHECK(guesses_of("2040", 2017) == 24);
	/* recent years run to 2099 (4.4.2: to 2019; 7301 guesses) */
	ZCHECK(guesses_of("2099", YEAR) == 74);
	ZCHECK(guesses_of("2024", YEAR) == 21);
	/* a sequence absorbs a zero delta before it: "aab" is one (4.4.2: 1001) */
	ZCHECK(guesses_of("aab", YEAR) == 13);
	/* integer keyboard degree (4.4.2: 29956.06...) */
	ZCHECK(guesses_of("zxcvfr", YEAR) == 22937);
	/* '[' starts a shifted spatial run (4.4.2: 2161) */
	ZCHECK(guesses_of("[poiuy", YEAR) == 11281);
	ZCHECK(guesses_of("!qazxsw@", YEAR) == 13468321);
	/* U+212A KELVIN SIGN lowercases to k, and is uppercase (4.4.2: 326) */
	ZCHECK(guesses_of("\xe2\x84\xaaitten", YEAR) == 651);
	ZCHECK(guesses_of("Kitten", YEAR) == 651);
	/* 0 is not current: a fixed year gives the same as the current one */
	ZCHECK(guesses_of("1999", 0) == guesses_of("1999", mxpw_zxcvbn_current_year()));
	ZCHECK(mxpw_zxcvbn_current_year() >= 2025);
}

static void
test_feedback(void)
{
	MxpwZxcvbnResult r;
	static const MxpwZxcvbnSuggestion add[] = {MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD};
	static const MxpwZxcvbnSuggestion l33t[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_CAPITALIZATION,
		MXPW_ZXCVBN_SUGGEST_PREDICTABLE_SUBSTITUTIONS};
	static const MxpwZxcvbnSuggestion reversed[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_REVERSED_WORDS};
	static const MxpwZxcvbnSuggestion caps[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_CAPITALIZATION};
	static const MxpwZxcvbnSuggestion repeat[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_AVOID_REPEATS};
	static const MxpwZxcvbnSuggestion sequence[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_AVOID_SEQUENCES};
	static const MxpwZxcvbnSuggestion year[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_AVOID_RECENT_YEARS,
		MXPW_ZXCVBN_SUGGEST_AVOID_YEARS_ASSOCIATED};
	static const MxpwZxcvbnSuggestion date[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_AVOID_DATES_ASSOCIATED};
	static const MxpwZxcvbnSuggestion keys[] = {
		MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD, MXPW_ZXCVBN_SUGGEST_LONGER_KEYBOARD_PATTERN};

	ZCHECK(feedback_is("password", MXPW_ZXCVBN_WARNING_TOP10_PASSWORD, 1, add));
	ZCHECK(feedback_is("qwertyuiop", MXPW_ZXCVBN_WARNING_TOP100_PASSWORD, 1, add));
	ZCHECK(feedback_is("P@ssw0rd", MXPW_ZXCVBN_WARNING_SIMILAR_TO_COMMON_PASSWORD, 3, l33t));
	ZCHECK(feedback_is("elpmaxe", MXPW_ZXCVBN_WARNING_WORD_BY_ITSELF, 2, reversed));
	/* the crate tests the first character first: not "all-uppercase" */
	ZCHECK(feedback_is("EXAMPLE", MXPW_ZXCVBN_WARNING_WORD_BY_ITSELF, 2, caps));
	ZCHECK(feedback_is("aaaaaaaa", MXPW_ZXCVBN_WARNING_REPEATS_LIKE_AAA, 2, repeat));
	ZCHECK(feedback_is("abcabcabc", MXPW_ZXCVBN_WARNING_REPEATS_LIKE_ABCABC, 2, repeat));
	ZCHECK(feedback_is("abcdefg", MXPW_ZXCVBN_WARNING_SEQUENCES, 2, sequence));
	ZCHECK(feedback_is("2024", MXPW_ZXCVBN_WARNING_RECENT_YEARS, 3, year));
	ZCHECK(feedback_is("1991-12-25", MXPW_ZXCVBN_WARNING_DATES, 2, date));
	ZCHECK(feedback_is("zxcvfr", MXPW_ZXCVBN_WARNING_SHORT_KEYBOARD_PATTERNS, 2, keys));
	ZCHECK(feedback_is("yuiop[", MXPW_ZXCVBN_WARNING_STRAIGHT_ROWS, 2, keys));
	/* "asdfghjk" backwards */
	ZCHECK(feedback_is("kjhgfdsa", MXPW_ZXCVBN_WARNING_SIMILAR_TO_COMMON_PASSWORD, 2, reversed));
	ZCHECK(feedback_is("0", MXPW_ZXCVBN_WARNING_NONE, 1, add));
	/* none from score 3 on */
	ZCHECK(mxpw_zxcvbn_score("fake-test-p4ss", 14, YEAR, &r) == 4 && !r.has_feedback && r.n_suggestions == 0);
	/* empty: no guesses, score 0, the default feedback */
	ZCHECK(mxpw_zxcvbn_score("", 0, YEAR, &r) == 0 && r.guesses == 0 && r.has_feedback &&
		   r.warning == MXPW_ZXCVBN_WARNING_NONE && r.n_suggestions == 2 &&
		   r.suggestions[0] == MXPW_ZXCVBN_SUGGEST_USE_A_FEW_WORDS &&
		   r.suggestions[1] == MXPW_ZXCVBN_SUGGEST_NO_NEED_FOR_SYMBOLS);
	ZCHECK(strcmp(mxpw_zxcvbn_warning_text(MXPW_ZXCVBN_WARNING_TOP10_PASSWORD),
				  "This is a top-10 common password.") == 0);
	ZCHECK(strcmp(mxpw_zxcvbn_warning_text(MXPW_ZXCVBN_WARNING_NONE), "") == 0);
	ZCHECK(strcmp(mxpw_zxcvbn_suggestion_text(MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD),
				  "Add another word or two. Uncommon words are better.") == 0);
}

static void
test_input(void)
{
	char		buf[512];
	char		prefix[512];
	MxpwZxcvbnResult a,
				b;

	/* only the first 100 characters count */
	for (int k = 0; k < 300; k++)
		buf[k] = "fake-Zq8#vT2!mW"[k % 15];
	memcpy(prefix, buf, 100);
	ZCHECK(mxpw_zxcvbn_score(buf, 300, YEAR, &a) == mxpw_zxcvbn_score(prefix, 100, YEAR, &b) &&
		   a.guesses == b.guesses);
	/* characters, not bytes: 100 two-byte characters and a tail */
	for (int k = 0; k < 100; k++)
	{
		buf[2 * k] = (char) 0xc3;
		buf[2 * k + 1] = (char) (0xa0 + k % 20);
	}
	memcpy(buf + 200, "password", 8);
	ZCHECK(mxpw_zxcvbn_score(buf, 208, YEAR, &a) == mxpw_zxcvbn_score(buf, 200, YEAR, &b) &&
		   a.guesses == b.guesses);
	/* invalid UTF-8, even past the 100th character */
	ZCHECK(mxpw_zxcvbn_score("\xff", 1, YEAR, NULL) == -1);
	ZCHECK(mxpw_zxcvbn_score("fake\xc3", 5, YEAR, NULL) == -1);
	ZCHECK(mxpw_zxcvbn_score("\xed\xa0\x80", 3, YEAR, NULL) == -1);	/* surrogate */
	ZCHECK(mxpw_zxcvbn_score("\xc0\xaf", 2, YEAR, NULL) == -1);	/* overlong */
	memset(buf, 'a', 300);
	buf[250] = (char) 0xff;
	ZCHECK(mxpw_zxcvbn_score(buf, 300, YEAR, NULL) == -1);
	/* a NUL is a character */
	ZCHECK(mxpw_zxcvbn_score("pass\0word", 9, YEAR, &a) >= 0 && a.guesses > guesses_of("password", YEAR));
	/* U+0130 lowercases to two characters (the l33t path then scans each
	 * translation) */
	ZCHECK(mxpw_zxcvbn_score("\xc4\xb0p4ssw0rd", 10, YEAR, &a) >= 0);
	/* the same answer every time */
	for (int k = 0; k < 50; k++)
	{
		ZCHECK(mxpw_zxcvbn_score("!$%(+0123456789<@[{|1qaz2wsx", 28, YEAR, &b) == mxpw_zxcvbn_score("!$%(+0123456789<@[{|1qaz2wsx", 28, YEAR, &a) &&
			   a.guesses == b.guesses);
	}
	ZCHECK(score_of("correcthorsebatterystaple") == 4);
}

int
zxcvbn_unit_tests(int *passed, int *failed)
{
	zx_passed = passed;
	zx_failed = failed;
	test_known_guesses();
	test_crate_behaviour();
	test_feedback();
	test_input();
	return 0;
}
