/* mxpw--1.2.1--1.3.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION mxpw UPDATE TO '1.3'" to load this file. \quit

-- Three functions gain an argument with a default, and their old forms are
-- dropped, so that every existing call resolves to the new one:
--   mxpw_set_password_hash becomes one function whose logout_devices and
--   version have defaults, so that version can be named alone;
--   mxpw_set_password and mxpw_set_passwords take skip_password_check,
--   which skips the homeserver's password policy.
-- The new forms are created first.  Then, for each old form, in one list:
-- an object bound to it (a view, or a function with a SQL-standard body)
-- stops the update with an error that says what to do, rather than DROP's
-- hint to cascade; an EXECUTE granted on it is granted on the new form, so
-- that no role loses a right it had; and it is dropped.

CREATE OR REPLACE FUNCTION mxpw_set_password_hash(user_id text, hash text, logout_devices boolean DEFAULT false, version integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password_hash(text, text, boolean, integer) IS
'Store a hash made elsewhere (for example by Synapse''s hash_password, or in MAS''s database a hash of a configured scheme''s algorithm) as a user''s password; returns the user ID as stored. In MAS''s database version names the scheme in mxpw.mas_password_schemes, for when several share the hash''s algorithm';

CREATE FUNCTION mxpw_set_password(user_id text, password text, logout_devices boolean DEFAULT false, skip_password_check boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password(text, text, boolean, boolean) IS
'Set a user''s password; returns the user ID as stored. The password must meet the homeserver''s policy (Synapse''s: mxpw.synapse_password_policy; MAS''s zxcvbn score: mxpw.mas_minimum_complexity) unless skip_password_check. In Synapse''s database logout_devices deletes the user''s access and refresh tokens and the pushers of the user''s devices (Synapse keeps honouring the tokens it has cached, unless its get_user_by_access_token cache factor is 0, and pushing to the pushers it has started, until it restarts); in MAS''s it ends the user''s sessions. If Synapse delegates logins to MAS, run this in MAS''s database: Synapse then no longer reads its own password hashes';

REVOKE ALL ON FUNCTION mxpw_set_password(text, text, boolean, boolean) FROM PUBLIC;

CREATE FUNCTION mxpw_set_passwords(user_ids text[], passwords text[], logout_devices boolean DEFAULT false, skip_password_check boolean DEFAULT false)
RETURNS TABLE(user_id text)
AS 'MODULE_PATHNAME', 'mxpw_set_passwords'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) IS
'Set many users'' passwords, user_ids[i] getting passwords[i], hashing on parallel workers; all or nothing, every bad entry (a password the homeserver''s policy refuses too, unless skip_password_check) reported before any hashing. Returns the user IDs as stored';

REVOKE ALL ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) FROM PUBLIC;

DO $mxpw_upgrade$
DECLARE
	-- Each old form, and the new form that takes its calls and its grants.
	replaced CONSTANT text[] := ARRAY[
		['mxpw_set_password_hash(text, text, boolean)', 'mxpw_set_password_hash(text, text, boolean, integer)'],
		['mxpw_set_password(text, text, boolean)', 'mxpw_set_password(text, text, boolean, boolean)'],
		['mxpw_set_passwords(text[], text[], boolean)', 'mxpw_set_passwords(text[], text[], boolean, boolean)']];
	grant_row record;
	dependent text;
BEGIN
	FOR i IN 1 .. array_length(replaced, 1) LOOP
		SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
		INTO dependent
		FROM pg_depend d
		WHERE d.refclassid = 'pg_proc'::regclass
		  AND d.refobjid = replaced[i][1]::regprocedure
		  AND d.deptype = 'n';
		IF dependent IS NOT NULL THEN
			RAISE EXCEPTION USING
				ERRCODE = 'dependent_objects_still_exist',
				MESSAGE = format('mxpw 1.3 replaces %s, which other objects use', replaced[i][1]),
				DETAIL = 'Objects bound to it: ' || dependent || '.',
				HINT = format('Drop them, run ALTER EXTENSION mxpw UPDATE again, and create them again: their calls then use %s.', replaced[i][2]);
		END IF;
	END LOOP;

	FOR i IN 1 .. array_length(replaced, 1) LOOP
		FOR grant_row IN
			SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
						ELSE a.grantee::regrole::text END AS grantee,
				   a.is_grantable
			FROM pg_proc p, aclexplode(p.proacl) a
			WHERE p.oid = replaced[i][1]::regprocedure
			  AND a.privilege_type = 'EXECUTE'
			  AND a.grantee <> p.proowner
		LOOP
			EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s%s',
						   replaced[i][2], grant_row.grantee,
						   CASE WHEN grant_row.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
		END LOOP;
		EXECUTE format('DROP FUNCTION %s', replaced[i][1]);
	END LOOP;
END
$mxpw_upgrade$;

-- Logging out in Synapse's database also deletes the user's pushers.
COMMENT ON FUNCTION mxpw_revoke_sessions(text) IS
'Log a user out. In Synapse''s database delete the user''s access and refresh tokens, returning how many, and the pushers of the user''s devices (Synapse keeps honouring the tokens it has cached, unless its get_user_by_access_token cache factor is 0, and pushing to the pushers it has started, until it restarts); in MAS''s end the user''s compat, OAuth 2.0 and browser sessions, returning how many, and queue the sync-devices job, as mas-cli manage kill-sessions does';
