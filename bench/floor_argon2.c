/*
 * floor_argon2.c
 *	  The floor under mxpw_hash with MAS's argon2id scheme: the libargon2
 *	  call mxpw makes (src/argon2id.c: argon2_ctx, Argon2id version 0x13,
 *	  m = 19456 KiB, t = 2, p = 1 lane on 1 thread, 32-byte output) with a
 *	  fresh 16-byte salt from the kernel each time, in a bare loop with
 *	  nothing of PostgreSQL around it.  No secret: the benchmark's scheme
 *	  has none.
 *
 * usage: floor_argon2 N
 * Prints the seconds per hash, averaged over N hashes after one to warm up.
 */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* The bytes mxpw hashes for the benchmark's password (NFKC leaves it alone). */
static const char password[] = "fake-bench-password";

static int
hash_once(void)
{
	unsigned char salt[16];
	unsigned char out[32];
	argon2_context ctx;
	int			rc;

	if (getrandom(salt, sizeof(salt), 0) != (ssize_t) sizeof(salt))
	{
		perror("getrandom");
		return 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	ctx.outlen = sizeof(out);
	ctx.pwd = (uint8_t *) password;
	ctx.pwdlen = sizeof(password) - 1;
	ctx.salt = salt;
	ctx.saltlen = sizeof(salt);
	ctx.t_cost = 2;
	ctx.m_cost = 19456;
	ctx.lanes = 1;
	ctx.threads = 1;
	ctx.version = ARGON2_VERSION_13;
	ctx.flags = ARGON2_DEFAULT_FLAGS;
	rc = argon2_ctx(&ctx, Argon2_id);
	if (rc != ARGON2_OK)
	{
		fprintf(stderr, "argon2_ctx: %s\n", argon2_error_message(rc));
		return 0;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	struct timespec t0;
	struct timespec t1;
	long		n;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) < 1)
	{
		fprintf(stderr, "usage: floor_argon2 N\n");
		return 2;
	}
	if (!hash_once())
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		if (!hash_once())
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.9f\n", ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) / n);
	return 0;
}
