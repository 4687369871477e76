/* mxpw--1.2.1--1.3.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION mxpw UPDATE TO '1.3'" to load this file. \quit

-- mxpw_set_password_hash becomes one function whose logout_devices and
-- version have defaults, so that version can be named alone.  The three-
-- argument form is dropped (a call to it resolves to the new defaults); an
-- EXECUTE granted on it is granted on the remaining form first, so that no
-- role loses a right it had.  An object bound to the dropped form (a view,
-- or a function with a SQL-standard body) stops the update with an error
-- that says what to do, rather than DROP's hint to cascade.

DO $mxpw_upgrade$
DECLARE
	grant_row record;
	dependent text;
BEGIN
	SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
	INTO dependent
	FROM pg_depend d
	WHERE d.refclassid = 'pg_proc'::regclass
	  AND d.refobjid = 'mxpw_set_password_hash(text, text, boolean)'::regprocedure
	  AND d.deptype = 'n';
	IF dependent IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'dependent_objects_still_exist',
			MESSAGE = 'mxpw 1.3 replaces mxpw_set_password_hash(text, text, boolean), which other objects use',
			DETAIL = 'Objects bound to it: ' || dependent || '.',
			HINT = 'Drop them, run ALTER EXTENSION mxpw UPDATE again, and create them again: their calls then use mxpw_set_password_hash(text, text, boolean, integer).';
	END IF;

	FOR grant_row IN
		SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
					ELSE a.grantee::regrole::text END AS grantee,
			   a.is_grantable
		FROM pg_proc p, aclexplode(p.proacl) a
		WHERE p.oid = 'mxpw_set_password_hash(text, text, boolean)'::regprocedure
		  AND a.privilege_type = 'EXECUTE'
		  AND a.grantee <> p.proowner
	LOOP
		EXECUTE format('GRANT EXECUTE ON FUNCTION mxpw_set_password_hash(text, text, boolean, integer) TO %s%s',
					   grant_row.grantee,
					   CASE WHEN grant_row.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
	END LOOP;
END
$mxpw_upgrade$;

DROP FUNCTION mxpw_set_password_hash(text, text, boolean);

CREATE OR REPLACE FUNCTION mxpw_set_password_hash(user_id text, hash text, logout_devices boolean DEFAULT false, version integer DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'mxpw_set_password_hash'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION mxpw_set_password_hash(text, text, boolean, integer) IS
'Store a hash made elsewhere (for example by Synapse''s hash_password, or in MAS''s database a hash of a configured scheme''s algorithm) as a user''s password; returns the user ID as stored. In MAS''s database version names the scheme in mxpw.mas_password_schemes, for when several share the hash''s algorithm';
