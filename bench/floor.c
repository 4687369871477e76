/*
 * floor.c
 *	  The floor under mxpw_hash: the libxcrypt calls mxpw makes (a fresh
 *	  "$2b$" salt from the kernel, then crypt_rn), in a bare loop with
 *	  nothing of PostgreSQL around them.
 *
 * usage: floor ROUNDS N
 * Prints the seconds per hash, averaged over N hashes after one to warm up.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The same bytes mxpw hashes for the benchmark's password and pepper. */
static const char key[] = "fake-bench-passwordfake-bench-pepper";

static int
hash_once(unsigned long rounds, struct crypt_data *data)
{
	char		setting[CRYPT_GENSALT_OUTPUT_SIZE];

	if (crypt_gensalt_rn("$2b$", rounds, NULL, 0, setting, sizeof(setting)) == NULL)
		return 0;
	return crypt_rn(key, setting, data, sizeof(*data)) != NULL;
}

int
main(int argc, char **argv)
{
	struct crypt_data *data = calloc(1, sizeof(*data));
	struct timespec t0;
	struct timespec t1;
	unsigned long rounds;
	long		n;

	if (argc != 3 || data == NULL)
	{
		fprintf(stderr, "usage: floor ROUNDS N\n");
		return 2;
	}
	rounds = strtoul(argv[1], NULL, 10);
	n = strtol(argv[2], NULL, 10);
	if (!hash_once(rounds, data))
	{
		perror("crypt_rn");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		if (!hash_once(rounds, data))
		{
			perror("crypt_rn");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.9f\n", ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) / n);
	free(data);
	return 0;
}
