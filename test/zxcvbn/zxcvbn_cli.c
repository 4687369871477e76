/*
 * Test driver for src/zxcvbn.c (no server): each input line is a password
 * in hex (UTF-8 bytes); each output line is
 *   score guesses warning-number suggestion-numbers...
 * ("-1" alone for invalid UTF-8).
 *
 *   zxcvbn_cli [-y YEAR]          score stdin (YEAR: the reference year)
 *   zxcvbn_cli -b [-y YEAR]       time the score of stdin's passwords
 *                                 against one bcrypt hash at cost 10 (the
 *                                 first call, cold, apart; then the mean,
 *                                 the 99th percentile and the worst of
 *                                 the others)
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zxcvbn.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double times[100000];

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static int
unhex(const char *line, char *out, size_t *len)
{
	size_t		n = strcspn(line, "\r\n");

	if (n % 2)
		return -1;
	for (size_t k = 0; k < n; k += 2)
	{
		unsigned	v;

		if (sscanf(line + k, "%2x", &v) != 1)
			return -1;
		out[k / 2] = (char) v;
	}
	*len = n / 2;
	return 0;
}

int
main(int argc, char **argv)
{
	static char line[65536];
	static char pw[32768];
	int			year = 0;
	int			bench = 0;
	size_t		count = 0;
	double		spent = 0,
				worst = 0,
				first = 0;

	for (int a = 1; a < argc; a++)
	{
		if (strcmp(argv[a], "-y") == 0 && a + 1 < argc)
			year = atoi(argv[++a]);
		else if (strcmp(argv[a], "-b") == 0)
			bench = 1;
		else
		{
			fprintf(stderr, "usage: %s [-b] [-y YEAR] < hex-lines\n", argv[0]);
			return 2;
		}
	}
	while (fgets(line, sizeof(line), stdin))
	{
		size_t		len;
		MxpwZxcvbnResult r;
		int			score;

		if (unhex(line, pw, &len) < 0)
		{
			fprintf(stderr, "bad hex line\n");
			return 2;
		}
		if (bench)
		{
			double		t0 = now(),
						t;

			score = mxpw_zxcvbn_score(pw, len, year, &r);
			t = now() - t0;
			if (count == 0)
				first = t;		/* cold: the tables' pages fault in */
			else
			{
				spent += t;
				if (t > worst)
					worst = t;
				if (count - 1 < sizeof(times) / sizeof(times[0]))
					times[count - 1] = t;
			}
			count++;
			(void) score;
			continue;
		}
		score = mxpw_zxcvbn_score(pw, len, year, &r);
		if (score < 0)
		{
			printf("-1\n");
			continue;
		}
		printf("%d %llu %d", score, (unsigned long long) r.guesses,
			   r.has_feedback ? (int) r.warning : -1);
		for (int k = 0; k < r.n_suggestions; k++)
			printf(" %d", (int) r.suggestions[k]);
		printf("\n");
	}
	if (bench && count > 1)
	{
		struct crypt_data data;
		char		setting[64];
		double		t0,
					bcrypt;

		memset(&data, 0, sizeof(data));
		/* a fixed fake salt and key: only the time matters */
		snprintf(setting, sizeof(setting), "$2b$10$abcdefghijklmnopqrstuu");
		t0 = now();
		if (!crypt_r("fake-bench-password", setting, &data))
			return 1;
		bcrypt = now() - t0;
		size_t		kept;
		double		p99;

		count--;
		kept = count < sizeof(times) / sizeof(times[0]) ? count : sizeof(times) / sizeof(times[0]);
		qsort(times, kept, sizeof(double), cmp_double);
		p99 = times[(kept - 1) * 99 / 100];
		printf("passwords %zu first_ms %.4f mean_ms %.4f p99_ms %.4f worst_ms %.4f bcrypt10_ms %.2f "
			   "first_ratio %.5f mean_ratio %.5f p99_ratio %.5f worst_ratio %.5f\n",
			   count, first * 1e3, spent / count * 1e3, p99 * 1e3, worst * 1e3, bcrypt * 1e3,
			   first / bcrypt, spent / count / bcrypt, p99 / bcrypt, worst / bcrypt);
	}
	return 0;
}
