/* mxpw--1.0--1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION mxpw UPDATE TO '1.1'" to load this file. \quit

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
