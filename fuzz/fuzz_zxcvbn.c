/*
 * Fuzzes the zxcvbn estimator: any bytes as a password (invalid UTF-8 must
 * give -1), with a reference year from the first byte; the score must be
 * 0..4, agree with the guesses, and be the same on a second call.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "zxcvbn.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MxpwZxcvbnResult a,
				b;
	int			year = 1990 + (size ? data[0] % 80 : 0);
	int			score = mxpw_zxcvbn_score((const char *) data, size, year, &a);

	assert(score >= -1 && score <= 4);
	if (score < 0)
		return 0;
	assert(mxpw_zxcvbn_score((const char *) data, size, year, &b) == score);
	assert(a.guesses == b.guesses && a.warning == b.warning && a.n_suggestions == b.n_suggestions);
	assert(a.has_feedback == (score < 3));
	assert(a.n_suggestions >= 0 && a.n_suggestions <= MXPW_ZXCVBN_MAX_SUGGESTIONS);
	if (size > 0)
		assert((score == 0) == (a.guesses < 1005));
	return 0;
}
