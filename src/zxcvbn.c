/*
 * zxcvbn 4.4.2's strength estimate as the Rust crate zxcvbn 3.x computes it
 * for Matrix Authentication Service (see zxcvbn.h).  Written from the
 * crate's behaviour (github.com/shssoichiro/zxcvbn-rs, files cited below as
 * "crate src/...") and 4.4.2's; no code is copied.
 *
 * MAS calls zxcvbn(password, &[]) and compares the score with
 * passwords.minimum_complexity (MAS crates/handlers/src/passwords.rs,
 * is_password_complex_enough); its Cargo.toml asks for zxcvbn "3.1.0" and
 * builds releases without overflow checks, so where the crate multiplies
 * u64s without saturating, they wrap, and so they do here.
 *
 * Where the crate and 4.4.2 (or Debian's Python port of it) differ, this
 * follows the crate, and says so where it happens:
 *   - only the first 100 characters count (crate src/lib.rs, zxcvbn);
 *   - REFERENCE_YEAR is the current year, not 2017 (crate src/scoring.rs);
 *   - guesses are u64 with the crate's saturating and wrapping arithmetic,
 *     not floating point; the average keyboard degree is an integer;
 *   - recent years are 1900-2099, not 1900-2019;
 *   - '[' and ']' count as shifted keys when a spatial pattern starts;
 *   - a sequence's run absorbs a preceding zero delta ("aab" is one run);
 *   - single-character l33t matches are kept;
 *   - uppercase variations and the capitalisation feedback use the crate's
 *     per-character tests, not 4.4.2's regular expressions;
 *   - feedback's "longest match" is the last of equal length, and
 *     "similar to a commonly used password" has no guesses condition.
 *
 * One simplification, equal in effect: of the candidate matches over the
 * same characters i..j only the one with the fewest guesses is kept, since
 * the minimum-guesses search can only ever prefer it (ties between equal
 * guesses are unordered in the crate too: it sorts with sort_unstable and
 * walks HashMaps).
 *
 * One choice where the crate has none: the search prunes a sequence when a
 * shorter one ending at the same character guesses no more, so which
 * sequences survive depends on the order in which the sequence lengths
 * stored at a position are extended.  The crate walks them in HashMap
 * order, which Rust randomises per map and process: for a few passwords
 * (e.g. "102.2.3574101245", 4454987800000 or 7650592000000 guesses) MAS's
 * own guesses differ from run to run.  This walks them in the order they
 * were first stored, as Debian's Python port does (its dicts keep
 * insertion order; 4.4.2's JavaScript walks them in ascending order), so
 * its answer is one the crate gives, repeatably.
 *
 * Case: the dictionaries are ASCII, and the only characters whose
 * lowercase is ASCII are A-Z, U+212A KELVIN SIGN ("k") and U+0130 (which
 * lowercases to "i" plus U+0307, two characters, shifting later indexes as
 * it does in the crate and in 4.4.2).  Other non-ASCII characters are
 * treated as caseless; in the crate they can reach a dictionary match's
 * case count only through that U+0130 shift.
 */
#if !defined(_POSIX_C_SOURCE) || _POSIX_C_SOURCE < 200809L
#undef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* gmtime_r */
#endif
#include "zxcvbn.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zxcvbn_data.h"

#define MAXN MXPW_ZXCVBN_MAX_CHARS
#define U64_MAX_ UINT64_MAX

/* crate src/scoring.rs constants */
#define BRUTEFORCE_CARDINALITY 10
#define MIN_GUESSES_BEFORE_GROWING_SEQUENCE 10000
#define MIN_SUBMATCH_GUESSES_SINGLE_CHAR 10
#define MIN_SUBMATCH_GUESSES_MULTI_CHAR 50
#define MIN_YEAR_SPACE 20

enum
{
	P_NONE = 0, P_DICTIONARY, P_SPATIAL, P_REPEAT, P_SEQUENCE, P_REGEX, P_DATE,
	P_BRUTEFORCE
};

#define F_REVERSED 1
#define F_L33T 2

typedef struct Match
{
	uint64_t	guesses;
	uint8_t		pattern;
	uint8_t		dictionary;
	uint8_t		flags;
	uint8_t		base_len_one;	/* repeat: the base token is one character */
	uint32_t	rank;			/* dictionary rank; spatial: turns */
} Match;

/* One level of the search: the password, or a repeat's base token. */
typedef struct Level
{
	int			n;
	const uint32_t *cps;
	Match	   *best;			/* [tri(i, j)] */
	uint64_t   *g;				/* [k * (n + 1) + l] */
	uint64_t   *pi;
	uint8_t    *has;			/* 0, or 1 + start index of the last match */
	uint8_t    *brute;			/* last match is bruteforce */
	uint8_t    *order;			/* [k * (n + 1) + x]: the l's at k, first stored first */
	uint8_t    *norder;			/* [k]: how many */
} Level;

typedef struct Ctx
{
	char	   *arena;
	size_t		used;
	size_t		size;
	int			year;
} Ctx;

static void *
arena_get(Ctx *c, size_t bytes)
{
	void	   *p;

	bytes = (bytes + 15) & ~(size_t) 15;
	if (c->size - c->used < bytes)
		return NULL;
	p = c->arena + c->used;
	c->used += bytes;
	memset(p, 0, bytes);
	return p;
}

static inline int
tri(int n, int i, int j)
{
	return i * n - i * (i - 1) / 2 + (j - i);
}

/* ---- arithmetic as the crate's u64 (release build: * wraps unless saturating) */

static inline uint64_t
sat_mul(uint64_t a, uint64_t b)
{
	uint64_t	r;

	if (__builtin_mul_overflow(a, b, &r))
		return U64_MAX_;
	return r;
}

static inline uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > U64_MAX_ - b ? U64_MAX_ : a + b;
}

/*
 * The sum (wrapping, as the crate's Iterator::sum) of n_ck(n, k) for k =
 * 1..upto, n_ck as crate src/scoring.rs computes it: for d = 1..k,
 * r = r.saturating_mul(n) / d, n -= 1.  n_ck(n, k)'s first steps are
 * n_ck(n, k - 1)'s, so each term is the next step of the same loop.
 */
static uint64_t
sum_n_ck(uint64_t n, uint64_t upto)
{
	uint64_t	r = 1,
				sum = 0;

	if (upto > n)
		upto = n;				/* n_ck(n, k) = 0 for k > n */
	for (uint64_t d = 1; d <= upto; d++)
	{
		r = sat_mul(r, n - d + 1) / d;
		sum += r;
	}
	return sum;
}

/* ---- characters */

static inline bool
is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || c == 0x212A || c == 0x130;
}

static inline bool
is_lower(uint32_t c)
{
	return c >= 'a' && c <= 'z';
}

/* The lowercase of c when it is one ASCII character, else 0. */
static inline uint32_t
lower_ascii(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c == 0x212A)
		return 'k';
	if (c < 128)
		return c;
	return 0;
}

/* Lowercase src[0..n) into dst as the crate's to_lowercase would, but with
 * every character that cannot be in an ASCII word as 0x80; returns the
 * length (more than n when U+0130 expands). */
static int
lower_for_matching(const uint32_t *src, int n, uint32_t *dst)
{
	int			m = 0;

	for (int k = 0; k < n; k++)
	{
		uint32_t	c = src[k];

		if (c == 0x130)
		{
			dst[m++] = 'i';
			dst[m++] = 0x80;	/* U+0307 */
			continue;
		}
		c = lower_ascii(c);
		dst[m++] = (c == 0 || src[k] == 0) ? 0x80 : c;
	}
	return m;
}

/* Rust's \s (White_Space) */
static inline bool
is_space(uint32_t c)
{
	return (c >= 9 && c <= 13) || c == 32 || c == 0x85 || c == 0xA0 ||
		c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
		c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline bool
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* ---- estimates (crate src/scoring.rs) */

static uint64_t
min_guesses(int token_len, int n)
{
	if (token_len < n)
		return token_len == 1 ? MIN_SUBMATCH_GUESSES_SINGLE_CHAR : MIN_SUBMATCH_GUESSES_MULTI_CHAR;
	return 1;
}

/* crate src/scoring.rs uppercase_variations */
static uint64_t
uppercase_variations(const uint32_t *t, int len)
{
	int			upper = 0,
				lower = 0;
	bool		unchanged = true;

	for (int k = 0; k < len; k++)
	{
		if (is_upper(t[k]))
		{
			upper++;
			unchanged = false;
		}
		else if (is_lower(t[k]))
			lower++;
	}
	if (unchanged)				/* all lowercase, or lowercase == token */
		return 1;
	if (((is_upper(t[0]) || is_upper(t[len - 1])) && upper == 1) || upper == len)
		return 2;
	return sum_n_ck((uint64_t) (upper + lower), (uint64_t) (upper < lower ? upper : lower));
}

/* A l33t substitution: for each l33t character (by index in L33T_CHARS),
 * the letter it stands for, or 0. */
#define L33T_CHAR_COUNT 20
static const char L33T_CHARS[L33T_CHAR_COUNT + 1] = "!$%(+0123456789<@[{|";

typedef struct Sub
{
	char		letter[L33T_CHAR_COUNT];
} Sub;

static int
l33t_index(uint32_t c)
{
	const char *p;

	if (c == 0 || c >= 128)
		return -1;
	p = strchr(L33T_CHARS, (int) c);
	return p ? (int) (p - L33T_CHARS) : -1;
}

/* crate src/scoring.rs l33t_variations, with the sub already restricted to
 * the l33t characters in the token */
static uint64_t
l33t_variations(const uint32_t *t, int len, const Sub *sub)
{
	uint64_t	variations = 1;

	for (int x = 0; x < L33T_CHAR_COUNT; x++)
	{
		uint64_t	s = 0,
					u = 0;

		if (!sub->letter[x])
			continue;
		for (int k = 0; k < len; k++)
		{
			uint32_t	c = lower_ascii(t[k]);

			if (c == (uint32_t) (unsigned char) L33T_CHARS[x])
				s++;
			else if (c == (uint32_t) (unsigned char) sub->letter[x])
				u++;
		}
		if (s == 0 || u == 0)
			variations *= 2;
		else
			variations *= sum_n_ck(u + s, u < s ? u : s);
	}
	return variations;
}

/* ---- the candidate table */

static void
offer(Level *lv, int i, int j, Match m)
{
	Match	   *slot = &lv->best[tri(lv->n, i, j)];
	uint64_t	floor = min_guesses(j - i + 1, lv->n);

	if (m.guesses < floor)
		m.guesses = floor;
	if (slot->pattern == P_NONE || m.guesses < slot->guesses)
		*slot = m;
}

/* ---- dictionary, reversed dictionary, l33t (crate src/matching/mod.rs) */

/* Narrow [*lo, *hi) of words sharing a prefix of length d to those whose
 * character d is c. */
static void
narrow(uint32_t *lo, uint32_t *hi, int d, unsigned char c)
{
	uint32_t	a = *lo,
				b = *hi;

	while (a < b)
	{
		uint32_t	mid = a + (b - a) / 2;

		if ((unsigned char) zx_words[zx_word_offset[mid] + d] < c)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = *hi;
	while (a < b)
	{
		uint32_t	mid = a + (b - a) / 2;

		if ((unsigned char) zx_words[zx_word_offset[mid] + d] <= c)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

enum
{
	SCAN_PLAIN, SCAN_REVERSED, SCAN_L33T
};

/*
 * Every substring of src (lowercased) that is a word: a dictionary match
 * over the original password's characters (the same positions, or the
 * mirrored ones when src is the reversed password).
 */
static void
dictionary_scan(Level *lv, const uint32_t *src, uint32_t *low, int kind, const Sub *sub)
{
	int			n = lv->n;

	lower_for_matching(src, n, low);
	for (int i = 0; i < n; i++)
	{
		uint32_t	lo = 0,
					hi = ZX_WORD_COUNT;

		for (int j = i; j < n && j - i < ZX_MAX_WORD_LEN; j++)
		{
			uint32_t	c = low[j];
			int			d = j - i;
			int			ti = i,
						tj = j;
			const uint32_t *token;
			int			tlen = j - i + 1;
			uint32_t	entry;
			Match		m = {0};
			uint64_t	l33t = 1;
			uint64_t	guesses;

			if (c >= 128)
				break;
			narrow(&lo, &hi, d, (unsigned char) c);
			if (lo >= hi)
				break;
			if (zx_words[zx_word_offset[lo] + d + 1] != '\0')
				continue;
			if (kind == SCAN_REVERSED)
			{
				ti = n - 1 - j;
				tj = n - 1 - i;
			}
			token = lv->cps + ti;
			if (kind == SCAN_L33T)
			{
				Sub			used = {{0}};
				bool		any = false;

				/* The sub's pairs whose l33t character is in the token;
				 * none means the token is the word itself: no l33t match. */
				for (int k = 0; k < tlen; k++)
				{
					int			x = l33t_index(token[k]);

					if (x >= 0 && sub->letter[x])
					{
						used.letter[x] = sub->letter[x];
						any = true;
					}
				}
				if (!any)
					continue;
				l33t = l33t_variations(token, tlen, &used);
				m.flags |= F_L33T;
			}
			entry = zx_word_rank[lo];
			m.pattern = P_DICTIONARY;
			m.dictionary = (uint8_t) (entry >> 24);
			m.rank = entry & 0xFFFFFF;
			/* crate src/scoring.rs DictionaryPattern::estimate: plain
			 * (wrapping) multiplication */
			guesses = (uint64_t) m.rank * uppercase_variations(token, tlen) * l33t;
			if (kind == SCAN_REVERSED)
			{
				m.flags |= F_REVERSED;
				guesses *= 2;
			}
			m.guesses = guesses;
			offer(lv, ti, tj, m);
		}
	}
}

/* crate src/matching/mod.rs L33T_TABLE */
static const struct
{
	char		letter;
	const char *subs;
}			l33t_table[] = {
	{'a', "4@"}, {'b', "8"}, {'c', "({[<"}, {'e', "3"}, {'g', "69"},
	{'i', "1!|"}, {'l', "1|7"}, {'o', "0"}, {'s', "$5"}, {'t', "+7"},
	{'x', "%"}, {'z', "2"},
};

static int
sub_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(Sub));
}

/* At most 736 distinct substitutions (all 20 l33t characters present),
 * and 800 before the duplicates of a step go. */
#define MAX_SUBS 1024

/*
 * crate src/matching/mod.rs enumerate_l33t_replacements (4.4.2's
 * enumerate_l33t_subs): each letter with l33t characters in the password
 * picks one; a character two letters want goes to either.  Duplicates are
 * dropped (as 4.4.2 does; the crate keeps them, to the same effect).
 */
static int
enumerate_subs(Ctx *c, const bool *present, Sub **out)
{
	Sub		   *cur = arena_get(c, sizeof(Sub) * MAX_SUBS);
	Sub		   *next = arena_get(c, sizeof(Sub) * MAX_SUBS);
	int			ncur = 1;

	if (!cur || !next)
		return -1;
	memset(&cur[0], 0, sizeof(Sub));
	for (size_t t = 0; t < sizeof(l33t_table) / sizeof(l33t_table[0]); t++)
	{
		int			nnext = 0;
		bool		relevant = false;
		Sub		   *swap;

		for (const char *s = l33t_table[t].subs; *s; s++)
		{
			int			x = l33t_index((unsigned char) *s);

			if (!present[x])
				continue;
			relevant = true;
			for (int k = 0; k < ncur; k++)
			{
				if (nnext + 2 > MAX_SUBS)
					return -1;
				if (cur[k].letter[x])
				{
					next[nnext++] = cur[k];
					next[nnext] = cur[k];
					next[nnext++].letter[x] = l33t_table[t].letter;
				}
				else
				{
					next[nnext] = cur[k];
					next[nnext++].letter[x] = l33t_table[t].letter;
				}
			}
		}
		if (!relevant)
			continue;
		qsort(next, (size_t) nnext, sizeof(Sub), sub_cmp);
		ncur = 0;
		for (int k = 0; k < nnext; k++)
			if (ncur == 0 || memcmp(&next[k], &next[ncur - 1], sizeof(Sub)) != 0)
				next[ncur++] = next[k];
		swap = cur;
		cur = next;
		next = swap;
	}
	*out = cur;
	return ncur;
}

/*
 * The l33t matches of every substitution at once: from each start, walk the
 * words while choosing, at the first occurrence of each l33t character in
 * the token, to keep it or to read it as one of its letters (later
 * occurrences follow the choice); a word found is a match when some
 * enumerated substitution makes exactly those choices for the token's
 * l33t characters.  The same matches as translating the password with each
 * substitution and scanning it (dictionary_scan with SCAN_L33T), much
 * faster when the password holds many l33t characters.
 */
#define L33T_KEEP 1

typedef struct L33tWalk
{
	Level	   *lv;
	const Sub  *subs;
	int			nsubs;
	int			i;
	Sub			choice;			/* per l33t character: 0, L33T_KEEP or a letter */
} L33tWalk;

static bool
some_sub_chooses(const L33tWalk *wk)
{
	for (int s = 0; s < wk->nsubs; s++)
	{
		bool		same = true;

		for (int x = 0; x < L33T_CHAR_COUNT && same; x++)
			if (wk->choice.letter[x])
				same = wk->choice.letter[x] == L33T_KEEP ? wk->subs[s].letter[x] == 0 :
					wk->subs[s].letter[x] == wk->choice.letter[x];
		if (same)
			return true;
	}
	return false;
}

static void
l33t_walk(L33tWalk *wk, int j, uint32_t lo, uint32_t hi)
{
	Level	   *lv = wk->lv;
	int			i = wk->i;
	int			d = j - i;
	uint32_t	c,
				options[4];
	int			noptions = 0,
				x;

	if (j >= lv->n || d >= ZX_MAX_WORD_LEN)
		return;
	c = lv->cps[j];
	x = l33t_index(c);
	if (x < 0)
	{
		c = lower_ascii(c);
		if (c == 0 || lv->cps[j] == 0)
			return;
		options[noptions++] = c;
	}
	else if (wk->choice.letter[x])
		options[noptions++] = wk->choice.letter[x] == L33T_KEEP ? c : (uint32_t) wk->choice.letter[x];
	else
	{
		options[noptions++] = c;
		for (size_t t = 0; t < sizeof(l33t_table) / sizeof(l33t_table[0]); t++)
			if (strchr(l33t_table[t].subs, (int) c))
				options[noptions++] = (uint32_t) l33t_table[t].letter;
	}
	for (int o = 0; o < noptions; o++)
	{
		uint32_t	a = lo,
					b = hi;
		bool		chose = x >= 0 && !wk->choice.letter[x];

		narrow(&a, &b, d, (unsigned char) options[o]);
		if (a >= b)
			continue;
		if (chose)
			wk->choice.letter[x] = o == 0 ? L33T_KEEP : (char) options[o];
		if (zx_words[zx_word_offset[a] + d + 1] == '\0')
		{
			Sub			used = {{0}};
			bool		any = false;

			for (int y = 0; y < L33T_CHAR_COUNT; y++)
				if (wk->choice.letter[y] && wk->choice.letter[y] != L33T_KEEP)
				{
					used.letter[y] = wk->choice.letter[y];
					any = true;
				}
			if (any && some_sub_chooses(wk))
			{
				Match		m = {0};
				uint32_t	entry = zx_word_rank[a];
				const uint32_t *token = lv->cps + i;

				m.pattern = P_DICTIONARY;
				m.flags = F_L33T;
				m.dictionary = (uint8_t) (entry >> 24);
				m.rank = entry & 0xFFFFFF;
				m.guesses = (uint64_t) m.rank * uppercase_variations(token, d + 1) *
					l33t_variations(token, d + 1, &used);
				offer(lv, i, j, m);
			}
		}
		l33t_walk(wk, j + 1, a, b);
		if (chose)
			wk->choice.letter[x] = 0;
	}
}

static int
match_dictionaries(Ctx *c, Level *lv)
{
	int			n = lv->n;
	size_t		mark = c->used;
	uint32_t   *low = arena_get(c, sizeof(uint32_t) * 2 * (size_t) n);
	uint32_t   *alt = arena_get(c, sizeof(uint32_t) * (size_t) n);
	bool		present[L33T_CHAR_COUNT] = {0};
	bool		any = false;
	Sub		   *subs;
	int			nsubs;

	if (!low || !alt)
		return -1;
	dictionary_scan(lv, lv->cps, low, SCAN_PLAIN, NULL);
	for (int k = 0; k < n; k++)
		alt[k] = lv->cps[n - 1 - k];
	dictionary_scan(lv, alt, low, SCAN_REVERSED, NULL);

	for (int k = 0; k < n; k++)
	{
		int			x = l33t_index(lv->cps[k]);

		if (x >= 0)
			present[x] = any = true;
	}
	if (any)
	{
		bool		dotted_i = false;

		nsubs = enumerate_subs(c, present, &subs);
		if (nsubs < 0)
			return -1;
		for (int k = 0; k < n; k++)
			dotted_i = dotted_i || lv->cps[k] == 0x130;
		if (!dotted_i)
		{
			L33tWalk	wk = {lv, subs, nsubs, 0, {{0}}};

			for (wk.i = 0; wk.i < n; wk.i++)
				l33t_walk(&wk, wk.i, 0, ZX_WORD_COUNT);
		}
		/* U+0130 shifts the lowercase's indexes: translate and scan with
		 * each substitution, as the crate does */
		for (int s = 0; s < nsubs && dotted_i; s++)
		{
			for (int k = 0; k < n; k++)
			{
				int			x = l33t_index(lv->cps[k]);

				alt[k] = (x >= 0 && subs[s].letter[x]) ? (uint32_t) subs[s].letter[x] : lv->cps[k];
			}
			dictionary_scan(lv, alt, low, SCAN_L33T, &subs[s]);
		}
	}
	c->used = mark;
	return 0;
}

/* ---- spatial (crate src/matching/mod.rs spatial_match_helper) */

/* crate src/matching/mod.rs SHIFTED_CHARS: 4.4.2's set plus '[' and ']' */
static bool
is_shifted(uint32_t c)
{
	return c != 0 && c < 128 && strchr("[~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?]", (int) c);
}

/* crate src/scoring.rs SpatialPattern::estimate */
static uint64_t
spatial_guesses(int graph, int len, int turns, int shifted)
{
	uint64_t	starts,
				degree,
				guesses = 0;

	if (graph == ZX_GRAPH_QWERTY || graph == ZX_GRAPH_DVORAK)
	{
		starts = ZX_KEYBOARD_STARTING_POSITIONS;
		degree = ZX_KEYBOARD_AVERAGE_DEGREE;
	}
	else
	{
		starts = ZX_KEYPAD_STARTING_POSITIONS;
		degree = ZX_KEYPAD_AVERAGE_DEGREE;
	}
	for (int i = 2; i <= len; i++)
	{
		int			possible = turns < i - 1 ? turns : i - 1;
		uint64_t	choose = 1; /* n_ck(i - 1, j - 1), step by step */
		uint64_t	power = 1;	/* degree.pow(j), wrapping */

		for (int j = 1; j <= possible; j++)
		{
			if (j > 1)
				choose = sat_mul(choose, (uint64_t) (i - j + 1)) / (uint64_t) (j - 1);
			power *= degree;
			guesses = sat_add(guesses, sat_mul(sat_mul(choose, starts), power));
		}
	}
	if (shifted > 0)
	{
		int			unshifted = len - shifted;

		if (unshifted == 0)
			guesses = sat_mul(guesses, 2);
		else
			guesses = sat_mul(guesses, sum_n_ck((uint64_t) (shifted + unshifted),
												(uint64_t) (shifted < unshifted ? shifted : unshifted)));
	}
	return guesses;
}

static void
match_spatial(Level *lv)
{
	int			n = lv->n;
	const uint32_t *p = lv->cps;

	if (n <= 2)
		return;
	for (int graph = 0; graph < ZX_GRAPH_COUNT; graph++)
	{
		bool		keyboard = graph == ZX_GRAPH_QWERTY || graph == ZX_GRAPH_DVORAK;
		int			i = 0;

		while (i < n - 1)
		{
			int			j = i + 1;
			int			last_direction = -1;
			int			turns = 0;
			int			shifted = keyboard && is_shifted(p[i]) ? 1 : 0;

			for (;;)
			{
				uint32_t	prev = p[j - 1];
				bool		found = false;

				if (j < n && prev < 128)
				{
					uint32_t	cur = p[j];

					for (int dir = 0; dir < zx_graph_directions[graph]; dir++)
					{
						const char *adj = zx_graph[graph][prev][dir];
						int			pos = -1;

						if (cur != 0 && adj[0] && (uint32_t) (unsigned char) adj[0] == cur)
							pos = 0;
						else if (cur != 0 && adj[0] && adj[1] && (uint32_t) (unsigned char) adj[1] == cur)
							pos = 1;
						if (pos < 0)
							continue;
						found = true;
						if (pos == 1)
							shifted++;
						if (last_direction != dir)
						{
							turns++;
							last_direction = dir;
						}
						break;
					}
				}
				if (found)
				{
					j++;
					continue;
				}
				if (j - i > 2)
				{
					Match		m = {0};

					m.pattern = P_SPATIAL;
					m.rank = (uint32_t) turns;
					m.guesses = spatial_guesses(graph, j - i, turns, shifted);
					offer(lv, i, j - 1, m);
				}
				i = j;
				break;
			}
		}
	}
}

/* ---- repeat (crate src/matching/mod.rs RepeatMatch) */

static int	most_guessable(Ctx *c, const uint32_t *cps, int n, uint64_t *guesses,
						   Level *keep);

/* How many times p[s..s+len) repeats from s on (at least 1). */
static int
repeats(const uint32_t *p, int n, int s, int len)
{
	int			count = 1;

	while (s + (count + 1) * len <= n &&
		   memcmp(p + s, p + s + count * len, sizeof(uint32_t) * (size_t) len) == 0)
		count++;
	return count;
}

static int
match_repeat(Ctx *c, Level *lv)
{
	int			n = lv->n;
	const uint32_t *p = lv->cps;
	int			last = 0;

	while (last < n)
	{
		int			s,
					greedy_len = 0,
					greedy_count = 0,
					lazy_len = 0,
					lazy_count = 0,
					len,
					base_len,
					count;
		uint64_t	base_guesses;
		Match		m = {0};

		/* /(.+)\1+/ and /(.+?)\1+/ find their match at the same leftmost
		 * start; '.' is anything but '\n'. */
		for (s = last; s < n; s++)
		{
			int			maxlen = 0;

			while (s + maxlen < n && p[s + maxlen] != '\n')
				maxlen++;
			if (maxlen > (n - s) / 2)
				maxlen = (n - s) / 2;
			for (int l = 1; l <= maxlen; l++)
				if (memcmp(p + s, p + s + l, sizeof(uint32_t) * (size_t) l) == 0)
				{
					if (!lazy_len)
						lazy_len = l;
					greedy_len = l;
				}
			if (lazy_len)
				break;
		}
		if (!lazy_len)
			break;
		greedy_count = repeats(p, n, s, greedy_len);
		lazy_count = repeats(p, n, s, lazy_len);
		if (greedy_len * greedy_count > lazy_len * lazy_count)
		{
			/* /^(.+?)\1+$/ on the greedy match: its shortest period */
			len = greedy_len * greedy_count;
			for (base_len = 1; base_len < len; base_len++)
				if (len % base_len == 0 &&
					memcmp(p + s, p + s + base_len, sizeof(uint32_t) * (size_t) (len - base_len)) == 0)
					break;
		}
		else
		{
			len = lazy_len * lazy_count;
			base_len = lazy_len;
		}
		count = len / base_len;
		if (most_guessable(c, p + s, base_len, &base_guesses, NULL) < 0)
			return -1;
		m.pattern = P_REPEAT;
		m.base_len_one = base_len == 1;
		m.guesses = sat_mul(base_guesses, (uint64_t) count);
		offer(lv, s, s + len - 1, m);
		last = s + len;
	}
	return 0;
}

/* ---- sequence (crate src/matching/mod.rs SequenceMatch) */

static void
sequence_update(Level *lv, int i, int j, int64_t delta)
{
	int64_t		d = delta < 0 ? -delta : delta;
	uint32_t	first = lv->cps[i];
	uint64_t	base;
	Match		m = {0};

	if (!((j - i > 1 || d == 1) && d > 0 && d <= 5))
		return;
	/* crate src/scoring.rs SequencePattern::estimate */
	if (first && strchr("aAzZ019", (int) (first < 128 ? first : 1)))
		base = 4;
	else if (is_digit(first))
		base = 10;
	else
		base = 26;
	if (delta < 0)
		base *= 2;
	m.pattern = P_SEQUENCE;
	m.guesses = base * (uint64_t) (j - i + 1);
	offer(lv, i, j, m);
}

static void
match_sequence(Level *lv)
{
	int			n = lv->n;
	int			i = 0;
	int64_t		last_delta = 0;

	if (n <= 1)
		return;
	for (int k = 1; k < n; k++)
	{
		int64_t		delta = (int64_t) lv->cps[k] - (int64_t) lv->cps[k - 1];

		/* the crate starts from 0 and takes the next delta while it is 0 */
		if (last_delta == 0)
			last_delta = delta;
		if (last_delta == delta)
			continue;
		sequence_update(lv, i, k - 1, last_delta);
		i = k - 1;
		last_delta = delta;
	}
	sequence_update(lv, i, n - 1, last_delta);
}

/* ---- regex: recent_year, /19[0-9]{2}|20[0-9]{2}/ (crate REGEXES) */

static uint64_t
year_space(Ctx *c, int year)
{
	int			d = year - c->year;

	if (d < 0)
		d = -d;
	return (uint64_t) (d > MIN_YEAR_SPACE ? d : MIN_YEAR_SPACE);
}

static void
match_regex(Ctx *c, Level *lv)
{
	const uint32_t *p = lv->cps;

	for (int i = 0; i + 4 <= lv->n;)
	{
		if (((p[i] == '1' && p[i + 1] == '9') || (p[i] == '2' && p[i + 1] == '0')) &&
			is_digit(p[i + 2]) && is_digit(p[i + 3]))
		{
			Match		m = {0};
			int			year = (int) ((p[i] - '0') * 1000 + (p[i + 1] - '0') * 100 +
									  (p[i + 2] - '0') * 10 + (p[i + 3] - '0'));

			m.pattern = P_REGEX;
			m.guesses = year_space(c, year);
			offer(lv, i, i + 3, m);
			i += 4;
		}
		else
			i++;
	}
}

/* ---- dates (crate src/matching/mod.rs DateMatch) */

#define DATE_MIN_YEAR 1000
#define DATE_MAX_YEAR 2050

static bool
map_md(int first, int second, int *month, int *day)
{
	if (first >= 1 && first <= 31 && second >= 1 && second <= 12)
	{
		*day = first;
		*month = second;
		return true;
	}
	if (second >= 1 && second <= 31 && first >= 1 && first <= 12)
	{
		*day = second;
		*month = first;
		return true;
	}
	return false;
}

/* crate map_ints_to_ymd: the year, or 0 for no date */
static int
map_ymd(int a, int b, int cc)
{
	int			ints[3] = {a, b, cc};
	int			over12 = 0,
				over31 = 0,
				zero = 0,
				month,
				day;
	int			splits[2][3] = {{cc, a, b}, {a, b, cc}};

	if (b > 31 || b == 0)
		return 0;
	for (int k = 0; k < 3; k++)
	{
		if ((ints[k] > 99 && ints[k] < DATE_MIN_YEAR) || ints[k] > DATE_MAX_YEAR)
			return 0;
		over31 += ints[k] > 31;
		over12 += ints[k] > 12;
		zero += ints[k] == 0;
	}
	if (over31 >= 2 || over12 == 3 || zero >= 2)
		return 0;
	for (int k = 0; k < 2; k++)
		if (splits[k][0] >= DATE_MIN_YEAR && splits[k][0] <= DATE_MAX_YEAR)
			return map_md(splits[k][1], splits[k][2], &month, &day) ? splits[k][0] : 0;
	for (int k = 0; k < 2; k++)
		if (map_md(splits[k][1], splits[k][2], &month, &day))
		{
			int			y = splits[k][0];

			return y > 99 ? y : y > 50 ? y + 1900 : y + 2000;
		}
	return 0;
}

static int
number(const uint32_t *p, int from, int to)
{
	int			v = 0;

	for (int k = from; k < to; k++)
		v = v * 10 + (int) (p[k] - '0');
	return v;
}

typedef struct DateFound
{
	uint8_t		i,
				j,
				sep;
	int			year;
} DateFound;

static int
match_date(Ctx *c, Level *lv)
{
	/* crate DATE_SPLITS, by length 4..8 */
	static const int splits[5][4][2] = {
		{{1, 2}, {2, 3}},
		{{1, 3}, {2, 3}},
		{{1, 2}, {2, 4}, {4, 5}},
		{{1, 3}, {2, 3}, {4, 5}, {4, 6}},
		{{2, 4}, {4, 6}},
	};
	static const int nsplits[5] = {2, 2, 3, 4, 2};
	int			n = lv->n;
	const uint32_t *p = lv->cps;
	size_t		mark = c->used;
	DateFound  *found = arena_get(c, sizeof(DateFound) * 10 * (size_t) (n + 1));
	int			nfound = 0;

	if (!found)
		return -1;
	for (int i = 0; n >= 4 && i < n - 3; i++)
		for (int j = i + 3; j < i + 8 && j < n; j++)
		{
			int			len = j - i + 1,
						best = 0,
						best_metric = 0;
			bool		digits = true;

			for (int k = i; k <= j; k++)
				digits = digits && is_digit(p[k]);
			if (!digits)
				continue;
			for (int s = 0; s < nsplits[len - 4]; s++)
			{
				int			k = splits[len - 4][s][0],
							l = splits[len - 4][s][1];
				int			y = map_ymd(number(p, i, i + k), number(p, i + k, i + l),
										number(p, i + l, j + 1));
				int			metric = y - c->year;

				if (!y)
					continue;
				if (metric < 0)
					metric = -metric;
				/* the first candidate nearest the reference year */
				if (!best || metric < best_metric)
				{
					best = y;
					best_metric = metric;
				}
			}
			if (best)
				found[nfound++] = (DateFound) {(uint8_t) i, (uint8_t) j, 0, best};
		}
	for (int i = 0; n >= 6 && i < n - 5; i++)
		for (int j = i + 5; j < i + 10 && j < n; j++)
		{
			/* ^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})\2([0-9]{1,4})$ */
			int			a = i,
						b,
						d,
						y;
			uint32_t	sep;

			while (a <= j && is_digit(p[a]))
				a++;
			if (a == i || a - i > 4 || a > j)
				continue;
			sep = p[a];
			if (!(is_space(sep) || sep == '/' || sep == '\\' || sep == '_' || sep == '.' || sep == '-'))
				continue;
			b = a + 1;
			while (b <= j && is_digit(p[b]))
				b++;
			if (b == a + 1 || b - a - 1 > 2 || b > j || p[b] != sep)
				continue;
			d = b + 1;
			while (d <= j && is_digit(p[d]))
				d++;
			if (d != j + 1 || d - b - 1 < 1 || d - b - 1 > 4)
				continue;
			y = map_ymd(number(p, i, a), number(p, a + 1, b), number(p, b + 1, j + 1));
			if (y)
				found[nfound++] = (DateFound) {(uint8_t) i, (uint8_t) j, 1, y};
		}
	/* drop a date inside another */
	for (int x = 0; x < nfound; x++)
	{
		bool		inside = false;
		Match		m = {0};

		for (int y = 0; y < nfound && !inside; y++)
			inside = y != x && found[y].i <= found[x].i && found[y].j >= found[x].j &&
				!(found[y].i == found[x].i && found[y].j == found[x].j &&
				  found[y].sep == found[x].sep && found[y].year == found[x].year);
		if (inside)
			continue;
		/* crate src/scoring.rs DatePattern::estimate */
		m.pattern = P_DATE;
		m.guesses = year_space(c, found[x].year) * 365 * (found[x].sep ? 4 : 1);
		offer(lv, found[x].i, found[x].j, m);
	}
	c->used = mark;
	return 0;
}

/* ---- the minimum-guesses search (crate src/scoring.rs
 * most_guessable_match_sequence) */

static const uint64_t factorial[6] = {1, 1, 2, 6, 24, 120};

/* MIN_GUESSES_BEFORE_GROWING_SEQUENCE^(l - 1), saturating (1 for l = 1) */
static uint64_t
additive(int l)
{
	static const uint64_t powers[] = {
		1, 1, UINT64_C(10000), UINT64_C(100000000), UINT64_C(1000000000000),
		UINT64_C(10000000000000000)
	};

	return l < 6 ? powers[l] : U64_MAX_;
}

static void
update(Level *lv, int i, int k, int l, uint64_t guesses, bool brute)
{
	int			w = lv->n + 1;
	uint64_t	pi = guesses,
				g;

	if (l > 1)
		pi = sat_mul(pi, lv->pi[(i - 1) * w + l - 1]);
	/* l! * pi + additive(l), saturating; from l = 6 on the additive term
	 * alone saturates (whatever l! is: the crate's factorial wraps) */
	if (l >= 6)
		g = U64_MAX_;
	else
		g = sat_add(sat_mul(factorial[l], pi), additive(l));
	for (int cl = 1; cl <= l; cl++)
		if (lv->has[k * w + cl] && lv->g[k * w + cl] <= g)
			return;
	if (!lv->has[k * w + l])
		lv->order[k * w + lv->norder[k]++] = (uint8_t) l;
	lv->has[k * w + l] = (uint8_t) (i + 1);
	lv->brute[k * w + l] = brute;
	lv->g[k * w + l] = g;
	lv->pi[k * w + l] = pi;
}

static uint64_t
bruteforce_guesses(int len)
{
	uint64_t	g = U64_MAX_;

	/* BRUTEFORCE_CARDINALITY^len, saturating: 10^19 fits, 10^20 does not */
	if (len <= 19)
	{
		g = 1;
		for (int x = 1; x <= len; x++)
			g *= BRUTEFORCE_CARDINALITY;
	}
	if (len == 1)
		return g > MIN_SUBMATCH_GUESSES_SINGLE_CHAR + 1 ? g : MIN_SUBMATCH_GUESSES_SINGLE_CHAR + 1;
	return g > MIN_SUBMATCH_GUESSES_MULTI_CHAR + 1 ? g : MIN_SUBMATCH_GUESSES_MULTI_CHAR + 1;
}

/*
 * Match cps[0..n) and find its minimum-guesses sequence: *guesses.  With
 * keep, the level stays allocated (the caller reads the sequence and
 * releases it); else its memory is released.
 */
static int
most_guessable(Ctx *c, const uint32_t *cps, int n, uint64_t *guesses, Level *keep)
{
	size_t		mark = c->used;
	Level		lv;
	int			w = n + 1;
	int			best_l = 0;

	lv.n = n;
	lv.cps = cps;
	lv.best = arena_get(c, sizeof(Match) * (size_t) (n * (n + 1) / 2));
	lv.g = arena_get(c, sizeof(uint64_t) * (size_t) (n * w));
	lv.pi = arena_get(c, sizeof(uint64_t) * (size_t) (n * w));
	lv.has = arena_get(c, (size_t) (n * w));
	lv.brute = arena_get(c, (size_t) (n * w));
	lv.order = arena_get(c, (size_t) (n * w));
	lv.norder = arena_get(c, (size_t) n);
	if (!lv.best || !lv.g || !lv.pi || !lv.has || !lv.brute || !lv.order || !lv.norder)
		return -1;

	if (match_dictionaries(c, &lv) < 0)
		return -1;
	match_spatial(&lv);
	if (match_repeat(c, &lv) < 0)
		return -1;
	match_sequence(&lv);
	match_regex(c, &lv);
	if (match_date(c, &lv) < 0)
		return -1;

	for (int k = 0; k < n; k++)
	{
		/* the matches ending at k, by start */
		for (int i = 0; i <= k; i++)
		{
			const Match *m = &lv.best[tri(n, i, k)];

			if (m->pattern == P_NONE)
				continue;
			if (i == 0)
				update(&lv, 0, k, 1, m->guesses, false);
			else
				for (int x = 0; x < lv.norder[i - 1]; x++)
					update(&lv, i, k, lv.order[(i - 1) * w + x] + 1, m->guesses, false);
		}
		/* bruteforce_update */
		update(&lv, 0, k, 1, bruteforce_guesses(k + 1), true);
		for (int i = 1; i <= k; i++)
		{
			uint64_t	bg = bruteforce_guesses(k - i + 1);

			for (int x = 0; x < lv.norder[i - 1]; x++)
			{
				int			l = lv.order[(i - 1) * w + x];

				if (!lv.brute[(i - 1) * w + l])
					update(&lv, i, k, l + 1, bg, true);
			}
		}
	}
	for (int x = 0; x < lv.norder[n - 1]; x++)
	{
		int			l = lv.order[(n - 1) * w + x];

		if (!best_l || lv.g[(n - 1) * w + l] < lv.g[(n - 1) * w + best_l])
			best_l = l;
	}
	*guesses = lv.g[(n - 1) * w + best_l];
	if (keep)
		*keep = lv;
	else
		c->used = mark;
	return best_l;
}

/* ---- feedback (crate src/feedback.rs get_feedback) */

static void
suggest(MxpwZxcvbnResult *r, MxpwZxcvbnSuggestion s)
{
	if (r->n_suggestions < MXPW_ZXCVBN_MAX_SUGGESTIONS)
		r->suggestions[r->n_suggestions++] = s;
}

static void
feedback(Level *lv, int best_l, MxpwZxcvbnResult *r)
{
	int			w = lv->n + 1;
	int			k = lv->n - 1,
				l = best_l;
	int			li = -1,
				lj = -1,
				longest = -1;
	bool		lbrute = false;
	const Match *m;
	const uint32_t *t;
	int			tlen;

	/* the longest match; of equal ones the last (Iterator::max_by_key) */
	while (l > 0)
	{
		int			i = lv->has[k * w + l] - 1;

		if (k - i + 1 > longest)
		{
			longest = k - i + 1;
			li = i;
			lj = k;
			lbrute = lv->brute[k * w + l];
		}
		k = i - 1;
		l--;
	}
	suggest(r, MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD);
	if (lbrute)
		return;
	m = &lv->best[tri(lv->n, li, lj)];
	t = lv->cps + li;
	tlen = lj - li + 1;
	switch (m->pattern)
	{
		case P_DICTIONARY:
			{
				bool		sole = best_l == 1;
				bool		all_upper = true;

				switch (m->dictionary)
				{
					case ZX_DICT_PASSWORDS:
						if (sole && !(m->flags & (F_L33T | F_REVERSED)))
							r->warning = m->rank <= 10 ? MXPW_ZXCVBN_WARNING_TOP10_PASSWORD :
								m->rank <= 100 ? MXPW_ZXCVBN_WARNING_TOP100_PASSWORD :
								MXPW_ZXCVBN_WARNING_COMMON_PASSWORD;
						else
							r->warning = MXPW_ZXCVBN_WARNING_SIMILAR_TO_COMMON_PASSWORD;
						break;
					case ZX_DICT_ENGLISH_WIKIPEDIA:
						if (sole)
							r->warning = MXPW_ZXCVBN_WARNING_WORD_BY_ITSELF;
						break;
					case ZX_DICT_SURNAMES:
					case ZX_DICT_FEMALE_NAMES:
					case ZX_DICT_MALE_NAMES:
						r->warning = sole ? MXPW_ZXCVBN_WARNING_NAMES_BY_THEMSELVES :
							MXPW_ZXCVBN_WARNING_COMMON_NAMES;
						break;
					default:
						break;
				}
				for (int x = 0; x < tlen; x++)
					all_upper = all_upper && is_upper(t[x]);
				if (is_upper(t[0]))
					suggest(r, MXPW_ZXCVBN_SUGGEST_CAPITALIZATION);
				else if (all_upper)
					suggest(r, MXPW_ZXCVBN_SUGGEST_ALL_UPPERCASE);
				if ((m->flags & F_REVERSED) && tlen >= 4)
					suggest(r, MXPW_ZXCVBN_SUGGEST_REVERSED_WORDS);
				if (m->flags & F_L33T)
					suggest(r, MXPW_ZXCVBN_SUGGEST_PREDICTABLE_SUBSTITUTIONS);
				break;
			}
		case P_SPATIAL:
			r->warning = m->rank == 1 ? MXPW_ZXCVBN_WARNING_STRAIGHT_ROWS :
				MXPW_ZXCVBN_WARNING_SHORT_KEYBOARD_PATTERNS;
			suggest(r, MXPW_ZXCVBN_SUGGEST_LONGER_KEYBOARD_PATTERN);
			break;
		case P_REPEAT:
			r->warning = m->base_len_one ? MXPW_ZXCVBN_WARNING_REPEATS_LIKE_AAA :
				MXPW_ZXCVBN_WARNING_REPEATS_LIKE_ABCABC;
			suggest(r, MXPW_ZXCVBN_SUGGEST_AVOID_REPEATS);
			break;
		case P_SEQUENCE:
			r->warning = MXPW_ZXCVBN_WARNING_SEQUENCES;
			suggest(r, MXPW_ZXCVBN_SUGGEST_AVOID_SEQUENCES);
			break;
		case P_REGEX:
			r->warning = MXPW_ZXCVBN_WARNING_RECENT_YEARS;
			suggest(r, MXPW_ZXCVBN_SUGGEST_AVOID_RECENT_YEARS);
			suggest(r, MXPW_ZXCVBN_SUGGEST_AVOID_YEARS_ASSOCIATED);
			break;
		case P_DATE:
			r->warning = MXPW_ZXCVBN_WARNING_DATES;
			suggest(r, MXPW_ZXCVBN_SUGGEST_AVOID_DATES_ASSOCIATED);
			break;
		default:
			break;
	}
}

/* ---- entry points */

static int
decode_utf8(const unsigned char *s, size_t len, uint32_t *out, int max)
{
	int			n = 0;
	size_t		k = 0;

	while (k < len)
	{
		uint32_t	c = s[k];
		int			extra;
		uint32_t	min;

		if (c < 0x80)
		{
			extra = 0;
			min = 0;
		}
		else if ((c & 0xE0) == 0xC0)
		{
			extra = 1;
			c &= 0x1F;
			min = 0x80;
		}
		else if ((c & 0xF0) == 0xE0)
		{
			extra = 2;
			c &= 0x0F;
			min = 0x800;
		}
		else if ((c & 0xF8) == 0xF0)
		{
			extra = 3;
			c &= 0x07;
			min = 0x10000;
		}
		else
			return -1;
		if (len - k - 1 < (size_t) extra)
			return -1;
		for (int x = 1; x <= extra; x++)
		{
			if ((s[k + x] & 0xC0) != 0x80)
				return -1;
			c = (c << 6) | (s[k + x] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return -1;
		k += (size_t) extra + 1;
		/* the whole input is checked, only the first max characters kept */
		if (n < max)
			out[n] = c;
		if (n < max)
			n++;
	}
	return n;
}

int
mxpw_zxcvbn_current_year(void)
{
	time_t		now = time(NULL);
	struct tm	tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 1970;
	return tm.tm_year + 1900;
}

/* The work area for n characters: every level's tables (a repeat's base is
 * at most half its level), the l33t substitutions and the scratch arrays. */
static size_t
arena_size(int n)
{
	size_t		total = 2 * sizeof(Sub) * MAX_SUBS + 4096;

	for (int m = n; m > 0; m /= 2)
		total += sizeof(Match) * (size_t) (m * (m + 1) / 2) +
			(2 * sizeof(uint64_t) + 3) * (size_t) (m * (m + 1)) + (size_t) m +
			sizeof(uint32_t) * 3 * (size_t) m + sizeof(DateFound) * 10 * (size_t) (m + 1) +
			16 * 12;
	return total;
}

int
mxpw_zxcvbn_score(const char *utf8, size_t len, int reference_year, MxpwZxcvbnResult *result)
{
	uint32_t	cps[MAXN];
	int			n = decode_utf8((const unsigned char *) utf8, len, cps, MAXN);
	MxpwZxcvbnResult r = {0};
	Ctx			c = {0};
	Level		top;
	int			best_l,
				score;
	uint64_t	guesses;

	if (n < 0)
		return -1;
	if (n == 0)
	{
		/* crate src/lib.rs: no guesses, score 0, the default feedback */
		r.has_feedback = true;
		suggest(&r, MXPW_ZXCVBN_SUGGEST_USE_A_FEW_WORDS);
		suggest(&r, MXPW_ZXCVBN_SUGGEST_NO_NEED_FOR_SYMBOLS);
		if (result)
			*result = r;
		return 0;
	}
	c.year = reference_year > 0 ? reference_year : mxpw_zxcvbn_current_year();
	c.size = arena_size(n);
	c.arena = malloc(c.size);
	if (!c.arena)
		return -1;
	best_l = most_guessable(&c, cps, n, &guesses, &top);
	if (best_l < 0)
	{
		free(c.arena);
		return -1;
	}
	/* crate src/time_estimates.rs calculate_score */
	score = guesses < 1000 + 5 ? 0 :
		guesses < 1000000 + 5 ? 1 :
		guesses < 100000000 + 5 ? 2 :
		guesses < UINT64_C(10000000000) + 5 ? 3 : 4;
	r.guesses = guesses;
	if (score < 3)
	{
		r.has_feedback = true;
		feedback(&top, best_l, &r);
	}
	free(c.arena);
	if (result)
		*result = r;
	return score;
}

const char *
mxpw_zxcvbn_warning_text(MxpwZxcvbnWarning warning)
{
	switch (warning)
	{
		case MXPW_ZXCVBN_WARNING_STRAIGHT_ROWS:
			return "Straight rows of keys are easy to guess.";
		case MXPW_ZXCVBN_WARNING_SHORT_KEYBOARD_PATTERNS:
			return "Short keyboard patterns are easy to guess.";
		case MXPW_ZXCVBN_WARNING_REPEATS_LIKE_AAA:
			return "Repeats like \"aaa\" are easy to guess.";
		case MXPW_ZXCVBN_WARNING_REPEATS_LIKE_ABCABC:
			return "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\".";
		case MXPW_ZXCVBN_WARNING_TOP10_PASSWORD:
			return "This is a top-10 common password.";
		case MXPW_ZXCVBN_WARNING_TOP100_PASSWORD:
			return "This is a top-100 common password.";
		case MXPW_ZXCVBN_WARNING_COMMON_PASSWORD:
			return "This is a very common password.";
		case MXPW_ZXCVBN_WARNING_SIMILAR_TO_COMMON_PASSWORD:
			return "This is similar to a commonly used password.";
		case MXPW_ZXCVBN_WARNING_SEQUENCES:
			return "Sequences like abc or 6543 are easy to guess.";
		case MXPW_ZXCVBN_WARNING_RECENT_YEARS:
			return "Recent years are easy to guess.";
		case MXPW_ZXCVBN_WARNING_WORD_BY_ITSELF:
			return "A word by itself is easy to guess.";
		case MXPW_ZXCVBN_WARNING_DATES:
			return "Dates are often easy to guess.";
		case MXPW_ZXCVBN_WARNING_NAMES_BY_THEMSELVES:
			return "Names and surnames by themselves are easy to guess.";
		case MXPW_ZXCVBN_WARNING_COMMON_NAMES:
			return "Common names and surnames are easy to guess.";
		default:
			return "";
	}
}

const char *
mxpw_zxcvbn_suggestion_text(MxpwZxcvbnSuggestion suggestion)
{
	switch (suggestion)
	{
		case MXPW_ZXCVBN_SUGGEST_USE_A_FEW_WORDS:
			return "Use a few words, avoid common phrases.";
		case MXPW_ZXCVBN_SUGGEST_NO_NEED_FOR_SYMBOLS:
			return "No need for symbols, digits, or uppercase letters.";
		case MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD:
			return "Add another word or two. Uncommon words are better.";
		case MXPW_ZXCVBN_SUGGEST_CAPITALIZATION:
			return "Capitalization doesn't help very much.";
		case MXPW_ZXCVBN_SUGGEST_ALL_UPPERCASE:
			return "All-uppercase is almost as easy to guess as all-lowercase.";
		case MXPW_ZXCVBN_SUGGEST_REVERSED_WORDS:
			return "Reversed words aren't much harder to guess.";
		case MXPW_ZXCVBN_SUGGEST_PREDICTABLE_SUBSTITUTIONS:
			return "Predictable substitutions like '@' instead of 'a' don't help very much.";
		case MXPW_ZXCVBN_SUGGEST_LONGER_KEYBOARD_PATTERN:
			return "Use a longer keyboard pattern with more turns.";
		case MXPW_ZXCVBN_SUGGEST_AVOID_REPEATS:
			return "Avoid repeated words and characters.";
		case MXPW_ZXCVBN_SUGGEST_AVOID_SEQUENCES:
			return "Avoid sequences.";
		case MXPW_ZXCVBN_SUGGEST_AVOID_RECENT_YEARS:
			return "Avoid recent years.";
		case MXPW_ZXCVBN_SUGGEST_AVOID_YEARS_ASSOCIATED:
			return "Avoid years that are associated with you.";
		case MXPW_ZXCVBN_SUGGEST_AVOID_DATES_ASSOCIATED:
			return "Avoid dates and years that are associated with you.";
		default:
			return "";
	}
}
