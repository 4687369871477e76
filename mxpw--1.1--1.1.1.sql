/* mxpw--1.1--1.1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION mxpw UPDATE TO '1.1.1'" to load this file. \quit

-- mxpw_hash and mxpw_verify take a password and no longer run in the
-- parallel workers of a query: an error raised in a worker is logged again
-- by the leader, outside mxpw, with the statement that holds the password.
-- A scan with mxpw_verify then hashes on the leader's core only.

ALTER FUNCTION mxpw_hash(text, integer) PARALLEL RESTRICTED;
ALTER FUNCTION mxpw_verify(text, text) PARALLEL RESTRICTED;
