/* mxpw--1.3.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION mxpw" to load this file. \quit

-- The complete API of mxpw 1.3.  An installation of an earlier version
-- reaches the same objects through the upgrade scripts (t/006_upgrade.pl
-- checks that they are equal).
--
-- Every function works in Synapse's database and in that of Matrix
-- Authentication Service (MAS): mxpw tells them apart by their tables.  A
-- homeserver that delegates logins to MAS no longer reads Synapse's
-- password hashes; mxpw must then be used in MAS's database.
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
'Hash a password as the homeserver would store it: in Synapse''s database (or one without either store''s tables) bcrypt of NFKC(password) followed by mxpw.pepper, rounds defaulting to mxpw.bcrypt_rounds; in MAS''s database with the highest version of mxpw.mas_password_schemes';

CREATE FUNCTION mxpw_verify(password text, hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_verify'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED;

COMMENT ON FUNCTION mxpw_verify(text, text) IS
'Check a password against a stored hash as the homeserver''s login does; false for a NULL, empty or malformed hash. In MAS''s database the scheme is the one of the hash''s algorithm in mxpw.mas_password_schemes (an error if several share it: give the version)';

CREATE FUNCTION mxpw_verify(password text, hash text, version integer)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_verify'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED;

COMMENT ON FUNCTION mxpw_verify(text, text, integer) IS
'Check a password against a hash stored by MAS with the scheme of version in mxpw.mas_password_schemes, as user_passwords.version records it; false for a NULL, empty or malformed hash';

CREATE FUNCTION mxpw_check_password(user_id text, password text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_check_password'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED;

COMMENT ON FUNCTION mxpw_check_password(text, text) IS
'Check a password against a user''s current one, as the login of the store here does (Synapse''s users.password_hash, or MAS''s latest user_passwords row with its version''s scheme); false for a user without a password, an error for a locked or deactivated one';

CREATE FUNCTION mxpw_needs_rehash(hash text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mxpw_needs_rehash'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mxpw_needs_rehash(text) IS
'True when a hash is not one the current scheme makes (in Synapse''s database a bcrypt hash Synapse can check), or is cheaper than it (bcrypt cost below mxpw.bcrypt_rounds or the scheme''s cost)';

CREATE FUNCTION mxpw_account_store()
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_account_store'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mxpw_account_store() IS
'Which store this database holds, as mxpw recognises it by its tables: synapse (mxpw.synapse_schema) or mas (mxpw.mas_schema); an error if neither';

CREATE FUNCTION mxpw_set_password(user_id text, password text, logout_devices boolean DEFAULT false, skip_password_check boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password(text, text, boolean, boolean) IS
'Set a user''s password; returns the user ID as stored. The password must meet the homeserver''s policy (Synapse''s: mxpw.synapse_password_policy; MAS''s zxcvbn score: mxpw.mas_minimum_complexity) unless skip_password_check. In Synapse''s database logout_devices deletes the user''s access and refresh tokens and the pushers of the user''s devices (Synapse keeps honouring the tokens it has cached, unless its get_user_by_access_token cache factor is 0, and pushing to the pushers it has started, until it restarts); in MAS''s it ends the user''s sessions. If Synapse delegates logins to MAS, run this in MAS''s database: Synapse then no longer reads its own password hashes';

CREATE FUNCTION mxpw_set_password_hash(user_id text, hash text, logout_devices boolean DEFAULT false, version integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password_hash(text, text, boolean, integer) IS
'Store a hash made elsewhere (for example by Synapse''s hash_password, or in MAS''s database a hash of a configured scheme''s algorithm) as a user''s password; returns the user ID as stored. In MAS''s database version names the scheme in mxpw.mas_password_schemes, for when several share the hash''s algorithm';

CREATE FUNCTION mxpw_reset_password(user_id text, logout_devices boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_reset_password'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_reset_password(text, boolean) IS
'Set a user''s password to a generated one (192 random bits) and return it; it is shown only this once';

CREATE FUNCTION mxpw_revoke_sessions(user_id text)
RETURNS integer
AS 'MODULE_PATHNAME', 'mxpw_revoke_sessions'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_revoke_sessions(text) IS
'Log a user out. In Synapse''s database delete the user''s access and refresh tokens, returning how many, and the pushers of the user''s devices (Synapse keeps honouring the tokens it has cached, unless its get_user_by_access_token cache factor is 0, and pushing to the pushers it has started, until it restarts); in MAS''s end the user''s compat, OAuth 2.0 and browser sessions, returning how many, and queue the sync-devices job, as mas-cli manage kill-sessions does';

REVOKE ALL ON FUNCTION mxpw_hash(text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_verify(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_verify(text, text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_check_password(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_password(text, text, boolean, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_password_hash(text, text, boolean, integer) FROM PUBLIC;
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

CREATE FUNCTION mxpw_set_passwords(user_ids text[], passwords text[], logout_devices boolean DEFAULT false, skip_password_check boolean DEFAULT false)
RETURNS TABLE(user_id text)
AS 'MODULE_PATHNAME', 'mxpw_set_passwords'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) IS
'Set many users'' passwords, user_ids[i] getting passwords[i], hashing on parallel workers; all or nothing, every bad entry (a password the homeserver''s policy refuses too, unless skip_password_check) reported before any hashing. Returns the user IDs as stored';

CREATE FUNCTION mxpw_reset_passwords(user_ids text[], logout_devices boolean DEFAULT false)
RETURNS TABLE(user_id text, password text)
AS 'MODULE_PATHNAME', 'mxpw_reset_passwords'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_reset_passwords(text[], boolean) IS
'Set many users'' passwords to generated ones (192 random bits each), hashing on parallel workers, and return them; all or nothing. They are shown only this once';

REVOKE ALL ON FUNCTION mxpw_hash_many(text[], integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION mxpw_reset_passwords(text[], boolean) FROM PUBLIC;
