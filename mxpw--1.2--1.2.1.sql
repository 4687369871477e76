/* mxpw--1.2--1.2.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION mxpw UPDATE TO '1.2.1'" to load this file. \quit

-- mxpw 1.2.1 is a security release: its changes are in the library (no
-- secret in any log, locked Synapse accounts refused, bounded checks).  No
-- function changes its signature or privileges; one comment says more.

COMMENT ON FUNCTION mxpw_check_password(text, text) IS
'Check a password against a user''s current one, as the login of the store here does (Synapse''s users.password_hash, or MAS''s latest user_passwords row with its version''s scheme); false for a user without a password, an error for a locked or deactivated one';
