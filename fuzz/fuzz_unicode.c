/*
 * Fuzzes the Unicode stability check with any bytes.  Beyond not crashing
 * or reading past the input, a string must be stable exactly when it is
 * well-formed UTF-8 and each of its characters is stable on its own; the
 * characters are decoded here independently of unicode_stable.c, from
 * Unicode's table 3-7 of well-formed byte sequences.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "unicode_stable.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the well-formed sequence at s[0..len), with its code point; 0 if none. */
static size_t
well_formed(const uint8_t *s, size_t len, uint32_t *cp)
{
	uint8_t		lo = 0x80;
	uint8_t		hi = 0xBF;
	uint32_t	c;
	size_t		n;

	if (s[0] <= 0x7F)
	{
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	/* The second byte's range excludes overlongs, surrogates and > U+10FFFF. */
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	c = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++)
	{
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool		stable = mxpw_unicode_stable((const char *) data, size);
	bool		expected = true;
	size_t		i = 0;

	while (i < size)
	{
		uint32_t	cp;
		size_t		n = well_formed(data + i, size - i, &cp);

		if (n == 0)
		{
			expected = false;
			break;
		}
		assert(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
		/* One character alone answers as its code point does. */
		assert(mxpw_unicode_stable((const char *) data + i, n) ==
			   mxpw_unicode_code_point_stable(cp));
		if (!mxpw_unicode_code_point_stable(cp))
			expected = false;
		i += n;
	}
	assert(stable == expected);

	/* The input's first four bytes as a code point: no crash at any value. */
	if (size >= 4)
	{
		uint32_t	cp;

		memcpy(&cp, data, sizeof(cp));
		stable = mxpw_unicode_code_point_stable(cp);
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			assert(!stable);
	}
	return 0;
}
