/*
 * Password strength as Matrix Authentication Service (MAS) judges it: a C
 * implementation of zxcvbn 4.4.2's estimator as the Rust crate zxcvbn 3.x
 * that MAS uses computes it (no user inputs).  Free of backend headers.
 *
 * MAS refuses a new password whose score is below its
 * passwords.minimum_complexity (default 3).
 *
 *   int mxpw_zxcvbn_score(const char *utf8, size_t len, int reference_year,
 *                         MxpwZxcvbnResult *result);
 *
 * utf8/len: the password, valid UTF-8 (it need not end in a NUL; a NUL
 * inside is an ordinary character).  As the crate does, only its first
 * MXPW_ZXCVBN_MAX_CHARS characters (code points) are scored.
 *
 * reference_year: the year dates and recent years are measured from.  The
 * crate uses the current year (UTC); pass 0 for that, or a fixed year for
 * repeatable results (tests).
 *
 * Returns the score, 0 (guessable in fewer than 10^3 + 5 guesses) .. 4
 * (10^10 + 5 or more); -1 if the input is not valid UTF-8 or memory for the
 * work area (under 0.5 MB, malloc'ed and freed within the call) is not to
 * be had.  result may be NULL; otherwise it receives the guesses and the
 * feedback the crate gives: none (has_feedback false) for a score of 3 or
 * 4, else an optional warning and up to MXPW_ZXCVBN_MAX_SUGGESTIONS
 * suggestions, in the crate's order.  mxpw_zxcvbn_warning_text and
 * mxpw_zxcvbn_suggestion_text give the crate's English texts.
 *
 * The call allocates nothing that outlives it and keeps no state: memory
 * does not grow over calls, and calls in different threads are safe.
 */
#ifndef MXPW_ZXCVBN_H
#define MXPW_ZXCVBN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MXPW_ZXCVBN_MAX_CHARS 100
#define MXPW_ZXCVBN_MAX_SUGGESTIONS 4

/* The crate's feedback::Warning, in its order. */
typedef enum MxpwZxcvbnWarning
{
	MXPW_ZXCVBN_WARNING_NONE = 0,
	MXPW_ZXCVBN_WARNING_STRAIGHT_ROWS,
	MXPW_ZXCVBN_WARNING_SHORT_KEYBOARD_PATTERNS,
	MXPW_ZXCVBN_WARNING_REPEATS_LIKE_AAA,
	MXPW_ZXCVBN_WARNING_REPEATS_LIKE_ABCABC,
	MXPW_ZXCVBN_WARNING_TOP10_PASSWORD,
	MXPW_ZXCVBN_WARNING_TOP100_PASSWORD,
	MXPW_ZXCVBN_WARNING_COMMON_PASSWORD,
	MXPW_ZXCVBN_WARNING_SIMILAR_TO_COMMON_PASSWORD,
	MXPW_ZXCVBN_WARNING_SEQUENCES,
	MXPW_ZXCVBN_WARNING_RECENT_YEARS,
	MXPW_ZXCVBN_WARNING_WORD_BY_ITSELF,
	MXPW_ZXCVBN_WARNING_DATES,
	MXPW_ZXCVBN_WARNING_NAMES_BY_THEMSELVES,
	MXPW_ZXCVBN_WARNING_COMMON_NAMES,
} MxpwZxcvbnWarning;

/* The crate's feedback::Suggestion, in its order. */
typedef enum MxpwZxcvbnSuggestion
{
	MXPW_ZXCVBN_SUGGEST_USE_A_FEW_WORDS = 0,
	MXPW_ZXCVBN_SUGGEST_NO_NEED_FOR_SYMBOLS,
	MXPW_ZXCVBN_SUGGEST_ADD_ANOTHER_WORD,
	MXPW_ZXCVBN_SUGGEST_CAPITALIZATION,
	MXPW_ZXCVBN_SUGGEST_ALL_UPPERCASE,
	MXPW_ZXCVBN_SUGGEST_REVERSED_WORDS,
	MXPW_ZXCVBN_SUGGEST_PREDICTABLE_SUBSTITUTIONS,
	MXPW_ZXCVBN_SUGGEST_LONGER_KEYBOARD_PATTERN,
	MXPW_ZXCVBN_SUGGEST_AVOID_REPEATS,
	MXPW_ZXCVBN_SUGGEST_AVOID_SEQUENCES,
	MXPW_ZXCVBN_SUGGEST_AVOID_RECENT_YEARS,
	MXPW_ZXCVBN_SUGGEST_AVOID_YEARS_ASSOCIATED,
	MXPW_ZXCVBN_SUGGEST_AVOID_DATES_ASSOCIATED,
} MxpwZxcvbnSuggestion;

typedef struct MxpwZxcvbnResult
{
	uint64_t	guesses;		/* the crate's Entropy::guesses (saturates) */
	bool		has_feedback;	/* the crate's Entropy::feedback is Some */
	MxpwZxcvbnWarning warning;
	int			n_suggestions;
	MxpwZxcvbnSuggestion suggestions[MXPW_ZXCVBN_MAX_SUGGESTIONS];
} MxpwZxcvbnResult;

extern int	mxpw_zxcvbn_score(const char *utf8, size_t len, int reference_year,
							  MxpwZxcvbnResult *result);
/* The current year (UTC), as the crate's REFERENCE_YEAR. */
extern int	mxpw_zxcvbn_current_year(void);
/* "" for MXPW_ZXCVBN_WARNING_NONE or an unknown value. */
extern const char *mxpw_zxcvbn_warning_text(MxpwZxcvbnWarning warning);
extern const char *mxpw_zxcvbn_suggestion_text(MxpwZxcvbnSuggestion suggestion);

#endif
