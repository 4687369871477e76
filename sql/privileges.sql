-- Who may do what.  Roles are cluster-wide, so they carry the regress_ prefix
-- and are dropped at the end.
-- mxpw's settings exist once its library is loaded: on a server without
-- shared_preload_libraries = 'mxpw' the session loads it first.
\i test/regress-fixture.sql

LOAD 'mxpw';
SELECT md5(current_setting('mxpw.pepper')) AS pepper_before \gset
CREATE ROLE regress_mxpw_nobody;
CREATE ROLE regress_mxpw_helpdesk;
GRANT SELECT ON users, access_tokens, refresh_tokens TO regress_mxpw_nobody;

-- PUBLIC may run only mxpw_needs_rehash: the others touch accounts or use
-- the pepper.
SELECT p.oid::regprocedure AS function,
       has_function_privilege('regress_mxpw_nobody', p.oid, 'EXECUTE') AS nobody_may_call
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'mxpw'
ORDER BY p.proname;

SET ROLE regress_mxpw_nobody;
SELECT mxpw_hash('fake-hidden-password-1');
SELECT mxpw_verify('fake-hidden-password-1', password_hash) FROM users;
SELECT mxpw_set_password('@alice:example.com', 'fake-hidden-password-1');
SELECT mxpw_set_password_hash('@alice:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT mxpw_reset_password('@alice:example.com');
SELECT mxpw_revoke_sessions('@alice:example.com');

-- The pepper (set in postgresql.conf, or none) cannot be read or changed by
-- any route.
-- (42501 is insufficient_privilege; the wording changed in PostgreSQL 16.)
SELECT route, regress_sqlstate(statement) AS sqlstate
FROM (VALUES
    ('SHOW', $$SHOW mxpw.pepper$$),
    ('current_setting', $$SELECT current_setting('mxpw.pepper')$$),
    ('current_setting, missing_ok', $$SELECT current_setting('mxpw.pepper', true)$$)
) AS t(route, statement);
SELECT count(*) AS visible_in_pg_settings FROM pg_settings WHERE name = 'mxpw.pepper';
SELECT count(*) AS visible_in_show_all FROM pg_show_all_settings() WHERE name = 'mxpw.pepper';
SET mxpw.pepper = 'fake-hidden-pepper';
SELECT set_config('mxpw.pepper', 'fake-hidden-pepper', false);
ALTER ROLE regress_mxpw_nobody SET mxpw.pepper = 'fake-hidden-pepper';
RESET ROLE;
SELECT count(*) AS pepper_settings_stored FROM pg_db_role_setting
WHERE array_to_string(setconfig, ',') LIKE '%mxpw.pepper%';
SELECT md5(current_setting('mxpw.pepper')) = :'pepper_before' AS superuser_reads_same_pepper;

-- A helpdesk role is given exactly what it needs: EXECUTE and the columns.
GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean, boolean),
                          mxpw_revoke_sessions(text) TO regress_mxpw_helpdesk;
GRANT SELECT (name, deactivated, locked), UPDATE (password_hash) ON users TO regress_mxpw_helpdesk;
GRANT SELECT (user_id), DELETE ON access_tokens, refresh_tokens TO regress_mxpw_helpdesk;
GRANT SELECT (user_name, access_token, device_id), DELETE ON pushers TO regress_mxpw_helpdesk;
SET ROLE regress_mxpw_helpdesk;
SELECT mxpw_set_password('@frank:example.com', 'fake-frank-password-2', true);
SELECT mxpw_revoke_sessions('@frank:example.com');
SELECT mxpw_reset_password('@frank:example.com');  -- not granted
SELECT password_hash FROM users;
RESET ROLE;
SELECT mxpw_verify('fake-frank-password-2', password_hash) AS helpdesk_change_works
FROM users WHERE name = '@frank:example.com';

-- Without the table privileges, EXECUTE alone is not enough.
REVOKE UPDATE (password_hash) ON users FROM regress_mxpw_helpdesk;
SET ROLE regress_mxpw_helpdesk;
SELECT mxpw_set_password('@frank:example.com', 'fake-frank-password-3');
RESET ROLE;
-- Logging out deletes pushers too: without DELETE on them, no token goes.
GRANT UPDATE (password_hash) ON users TO regress_mxpw_helpdesk;
REVOKE DELETE ON pushers FROM regress_mxpw_helpdesk;
INSERT INTO access_tokens (id, user_id, device_id, token) VALUES
    (30, '@frank:example.com', 'FRANKTABLET', 'syt_frank_30');
SET ROLE regress_mxpw_helpdesk;
SELECT mxpw_revoke_sessions('@frank:example.com');
RESET ROLE;
SELECT count(*) AS frank_tokens_kept FROM access_tokens WHERE user_id = '@frank:example.com';

REVOKE ALL ON users, access_tokens, refresh_tokens, pushers FROM regress_mxpw_nobody, regress_mxpw_helpdesk;
REVOKE ALL ON FUNCTION mxpw_set_password(text, text, boolean, boolean), mxpw_revoke_sessions(text) FROM regress_mxpw_helpdesk;
DROP ROLE regress_mxpw_nobody;
DROP ROLE regress_mxpw_helpdesk;
