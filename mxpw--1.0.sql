/* mxpw--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION mxpw" to load this file. \quit

-- Everything that uses the pepper is withheld from PUBLIC: with mxpw_hash and
-- mxpw_verify together, anyone could recover the pepper a byte at a time.

CREATE FUNCTION mxpw_hash(password text, rounds integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION mxpw_hash(text, integer) IS
'Hash a password as Synapse would store it: bcrypt of NFKC(password) followed by mxpw.pepper; rounds defaults to mxpw.bcrypt_rounds';

CREATE FUNCTION mxpw_verify(password text, hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_verify'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION mxpw_verify(text, text) IS
'Check a password against a stored hash as Synapse''s login does; false for a NULL, empty or malformed hash';

CREATE FUNCTION mxpw_needs_rehash(hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_needs_rehash'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mxpw_needs_rehash(text) IS
'True when a hash is not a bcrypt hash Synapse can check, or its cost is below mxpw.bcrypt_rounds';

CREATE FUNCTION mxpw_set_password(user_id text, password text, logout_devices boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password(text, text, boolean) IS
'Set a Synapse user''s password; returns the user ID as stored. logout_devices deletes the user''s access and refresh tokens (Synapse keeps honouring cached tokens until it restarts)';

CREATE FUNCTION mxpw_set_password_hash(user_id text, hash text, logout_devices boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password_hash(text, text, boolean) IS
'Store a bcrypt hash made elsewhere (for example by Synapse''s hash_password) as a Synapse user''s password; returns the user ID as stored';

CREATE FUNCTION mxpw_reset_password(user_id text, logout_devices boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_reset_password'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_reset_password(text, boolean) IS
'Set a Synapse user''s password to a generated one (192 random bits) and return it; it is shown only this once';

CREATE FUNCTION mxpw_revoke_sessions(user_id text)
RETURNS integer
AS 'MODULE_PATHNAME', 'mxpw_revoke_sessions'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_revoke_sessions(text) IS
'Delete a Synapse user''s access and refresh tokens; returns how many. Synapse keeps honouring cached tokens until it restarts';

REVOKE ALL ON FUNCTION mxpw_hash(text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_verify(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_password(text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_password_hash(text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_reset_password(text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_revoke_sessions(text) FROM PUBLIC;
