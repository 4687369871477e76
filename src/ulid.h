/*
 * ulid.h
 *	  ULIDs, the identifiers of MAS's rows, stored by MAS as uuid.  Free of
 *	  backend headers.
 *
 * A ULID is 128 bits: 48 bits of milliseconds since the Unix epoch, then 80
 * random bits.  MAS stores them in uuid columns and writes them in its job
 * payloads in Crockford's base32 (26 characters).
 */
#ifndef MXPW_ULID_H
#define MXPW_ULID_H

#include <stdbool.h>
#include <stdint.h>

#define MXPW_ULID_BYTES			16
#define MXPW_ULID_RANDOM_BYTES	10
#define MXPW_ULID_TEXT_LEN		26
#define MXPW_UUID_TEXT_LEN		36

/* A ULID from a time in milliseconds since the Unix epoch and 80 random bits. */
extern void mxpw_ulid_make(uint64_t unix_ms,
						   const unsigned char random[MXPW_ULID_RANDOM_BYTES],
						   unsigned char out[MXPW_ULID_BYTES]);

/* The ULID as a uuid's text, as PostgreSQL writes it (lower case). */
extern void mxpw_ulid_to_uuid(const unsigned char ulid[MXPW_ULID_BYTES],
							  char out[MXPW_UUID_TEXT_LEN + 1]);

/* The ULID in Crockford's base32, as MAS writes it (upper case). */
extern void mxpw_ulid_to_text(const unsigned char ulid[MXPW_ULID_BYTES],
							  char out[MXPW_ULID_TEXT_LEN + 1]);

/* Reads a uuid's text as PostgreSQL writes it; false if it is not one. */
extern bool mxpw_ulid_from_uuid(const char *uuid, unsigned char out[MXPW_ULID_BYTES]);

#endif							/* MXPW_ULID_H */
