/*
 * progress_text.c
 *	  The words of a bulk call's progress report.
 */
#include <stdio.h>
#include <string.h>

#include "progress_text.h"

/* n with a comma between each group of three digits: "12,000". */
static void
format_count(char *buf, size_t size, long long n)
{
	char		digits[32];
	int			len;
	size_t		out = 0;

	if (n < 0)
		n = 0;
	len = snprintf(digits, sizeof(digits), "%lld", n);
	for (int i = 0; i < len && out + 1 < size; i++)
	{
		if (i > 0 && (len - i) % 3 == 0 && out + 2 < size)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

/* Rounded to the nearest whole number, for non-negative x. */
static long long
rounded(double x)
{
	return (long long) (x + 0.5);
}

/*
 * "45 s", "6 min", "2 h 5 min": whole seconds (at least 1, while anything
 * is left), minutes from 90 s, hours and minutes from 90 min.
 */
static void
format_duration(char *buf, size_t size, double seconds)
{
	long long	s = (long long) seconds;

	if (s < seconds)
		s++;

	if (s < 90)
		snprintf(buf, size, "%lld s", s);
	else if (s < 90 * 60)
		snprintf(buf, size, "%lld min", rounded(seconds / 60));
	else
	{
		long long	minutes = rounded(seconds / 60);

		snprintf(buf, size, "%lld h %lld min", minutes / 60, minutes % 60);
	}
}

void
mxpw_progress_text(char *buf, size_t size, const char *function,
				   const char *verb, long long done, long long total,
				   double seconds)
{
	char		done_text[32];
	char		total_text[32];
	char		rate_text[32];
	char		left_text[32];
	double		rate;

	format_count(done_text, sizeof(done_text), done);
	format_count(total_text, sizeof(total_text), total);
	if (done <= 0 || seconds <= 0)
	{
		snprintf(buf, size, "%s: %s %s of %s, time left not yet known",
				 function, verb, done_text, total_text);
		return;
	}
	rate = done / seconds;
	if (rate < 9.95)
		snprintf(rate_text, sizeof(rate_text), "%.1f", rate);
	else
		format_count(rate_text, sizeof(rate_text), rounded(rate));
	if (done >= total)
	{
		snprintf(buf, size, "%s: %s %s of %s (%s per second)",
				 function, verb, done_text, total_text, rate_text);
		return;
	}
	format_duration(left_text, sizeof(left_text), (total - done) / rate);
	snprintf(buf, size, "%s: %s %s of %s (%s per second), about %s left",
			 function, verb, done_text, total_text, rate_text, left_text);
}
