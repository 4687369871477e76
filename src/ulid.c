/*
 * ulid.c
 *	  ULIDs as MAS makes and writes them (see ulid.h).
 *
 * Matches the ulid crate MAS uses (Ulid::from_datetime_with_rng: the time
 * in the first 48 bits, big-endian, then the random bits; Display: 26
 * characters of Crockford's base32, most significant first), as used in
 * matrix-authentication-service crates/storage-pg/src/user/password.rs and
 * crates/storage/src/queue/tasks.rs.
 */
#include <string.h>

#include "ulid.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char hex[] = "0123456789abcdef";

void
mxpw_ulid_make(uint64_t unix_ms, const unsigned char random[MXPW_ULID_RANDOM_BYTES],
			   unsigned char out[MXPW_ULID_BYTES])
{
	for (int i = 0; i < 6; i++)
		out[i] = (unsigned char) (unix_ms >> (8 * (5 - i)));
	memcpy(out + 6, random, MXPW_ULID_RANDOM_BYTES);
}

void
mxpw_ulid_to_uuid(const unsigned char ulid[MXPW_ULID_BYTES],
				  char out[MXPW_UUID_TEXT_LEN + 1])
{
	int			o = 0;

	for (int i = 0; i < MXPW_ULID_BYTES; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[ulid[i] >> 4];
		out[o++] = hex[ulid[i] & 0x0f];
	}
	out[o] = '\0';
}

/* 26 characters of 5 bits hold 130 bits: the first carries only 3. */
void
mxpw_ulid_to_text(const unsigned char ulid[MXPW_ULID_BYTES],
				  char out[MXPW_ULID_TEXT_LEN + 1])
{
	for (int c = 0; c < MXPW_ULID_TEXT_LEN; c++)
	{
		/* Bits [start, start + 5) of the 130-bit number, two zero bits first. */
		int			start = c * 5 - 2;
		unsigned	value = 0;

		for (int b = start; b < start + 5; b++)
		{
			value <<= 1;
			if (b >= 0)
				value |= (ulid[b / 8] >> (7 - b % 8)) & 1;
		}
		out[c] = crockford[value];
	}
	out[MXPW_ULID_TEXT_LEN] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
mxpw_ulid_from_uuid(const char *uuid, unsigned char out[MXPW_ULID_BYTES])
{
	int			byte = 0;

	if (strlen(uuid) != MXPW_UUID_TEXT_LEN)
		return false;
	for (int i = 0; i < MXPW_UUID_TEXT_LEN; i += 2)
	{
		int			hi,
					lo;

		if (i == 8 || i == 13 || i == 18 || i == 23)
		{
			if (uuid[i] != '-')
				return false;
			i--;
			continue;
		}
		hi = hex_value(uuid[i]);
		lo = hex_value(uuid[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[byte++] = (unsigned char) (hi << 4 | lo);
	}
	return byte == MXPW_ULID_BYTES;
}
