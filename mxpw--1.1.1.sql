/* mxpw--1.1.1.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION mxpw" to load this file. \quit

-- The complete API of mxpw 1.1.1.  An installation of an earlier version
-- reaches the same objects through the upgrade scripts (test/upgrade checks
-- that they are equal).
--
-- Everything that uses the pepper is withheld from PUBLIC: with mxpw_hash and
-- mxpw_verify together, anyone could recover the pepper a byte at a time.
--
-- mxpw_hash and mxpw_verify take a password and do not run in the parallel
-- workers of a query: an error raised in a worker is logged again by the
-- leader, outside mxpw, with the statement that holds the password.  A scan
-- with mxpw_verify hashes on the leader's core only.

CREATE FUNCTION mxpw_hash(password text, rounds integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL RESTRICTED;

COMMENT ON FUNCTION mxpw_hash(text, integer) IS
'Hash a password as Synapse would store it: bcrypt of NFKC(password) followed by mxpw.pepper; rounds defaults to mxpw.bcrypt_rounds';

CREATE FUNCTION mxpw_verify(password text, hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_verify'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED;

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

-- The bulk functions hash on every core: each starts its own parallel
-- workers (up to max_parallel_workers_per_gather), so none of them may run
-- inside a parallel query.  Like their single-account counterparts they use
-- the pepper or touch accounts, and are withheld from PUBLIC.

CREATE FUNCTION mxpw_hash_many(passwords text[], rounds integer DEFAULT NULL)
RETURNS text[]
AS 'MODULE_PATHNAME', 'mxpw_hash_many'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_hash_many(text[], integer) IS
'Hash many passwords as mxpw_hash does, on up to max_parallel_workers_per_gather parallel workers and the leader; returns the hashes in the order of the passwords. Writes nothing, so it runs on hot-standby replicas';

CREATE FUNCTION mxpw_set_passwords(user_ids text[], passwords text[], logout_devices boolean DEFAULT false)
RETURNS TABLE(user_id text)
AS 'MODULE_PATHNAME', 'mxpw_set_passwords'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_passwords(text[], text[], boolean) IS
'Set many Synapse users'' passwords, user_ids[i] getting passwords[i], hashing on parallel workers; all or nothing, every bad entry reported before any hashing. Returns the user IDs as stored';

CREATE FUNCTION mxpw_reset_passwords(user_ids text[], logout_devices boolean DEFAULT false)
RETURNS TABLE(user_id text, password text)
AS 'MODULE_PATHNAME', 'mxpw_reset_passwords'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_reset_passwords(text[], boolean) IS
'Set many Synapse users'' passwords to generated ones (192 random bits each), hashing on parallel workers, and return them; all or nothing. They are shown only this once';

REVOKE ALL ON FUNCTION mxpw_hash_many(text[], integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_passwords(text[], text[], boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_reset_passwords(text[], boolean) FROM PUBLIC;
