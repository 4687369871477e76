-- The settings, mirroring homeserver.yaml.
-- mxpw's settings exist once its library is loaded: on a server without
-- shared_preload_libraries = 'mxpw' the session loads it first.
\i test/regress-fixture.sql

LOAD 'mxpw';
SELECT name, setting, context, min_val, max_val, boot_val
FROM pg_settings WHERE name LIKE 'mxpw.%' ORDER BY name;

SET mxpw.bcrypt_rounds = 3;
SET mxpw.bcrypt_rounds = 17;
SET mxpw.bcrypt_rounds = 16;
RESET mxpw.bcrypt_rounds;

-- Progress reports of bulk calls: every so many seconds (other units
-- too), 0 for none; any role may choose for its session.
SHOW mxpw.progress_interval;
SET mxpw.progress_interval = '2min';
SHOW mxpw.progress_interval;
-- Below 0 is refused (the message's range is worded differently from
-- PostgreSQL 17 on: the SQLSTATE only).
SELECT regress_sqlstate('SET mxpw.progress_interval = -1') AS below_zero,
       current_setting('mxpw.progress_interval') AS unchanged;
SET mxpw.progress_interval = '2 days';
CREATE ROLE regress_mxpw_progress_lesser;
SET ROLE regress_mxpw_progress_lesser;
SET mxpw.progress_interval = 0;
SHOW mxpw.progress_interval;
RESET ROLE;
DROP ROLE regress_mxpw_progress_lesser;
RESET mxpw.progress_interval;

-- The prefix is reserved: a typo is an error, not a silent new setting.
-- The misspelt name is shown; its statement, which may hold the pepper, is
-- not logged.
SET mxpw.bcrypt_round = 10;
SET mxpw.pepperr = 'fake-hidden-pepper-typo';
-- A failing statement that names nothing of mxpw is logged as usual:
-- test/check-log finds it, so its scan of the log is not vacuous.
SELECT 'unreached-control'::integer;

SET mxpw.server_name = 'example.com';
SET mxpw.server_name = 'example.com:8448';
SET mxpw.server_name = '127.0.0.1:8448';
SET mxpw.server_name = '[2001:db8::1]:8448';
SET mxpw.server_name = '';
SET mxpw.server_name = '@example.com';
SET mxpw.server_name = 'example.com:';
SET mxpw.server_name = 'exa mple.com';
RESET mxpw.server_name;

-- Only superusers may set mxpw.server_name: in MAS's database it decides
-- whose user IDs name MAS's users.  A superuser's ALTER ROLE ... SET still
-- applies to the role, and a lesser role's RESET ALL leaves it alone.
CREATE ROLE regress_mxpw_server_lesser;
SET ROLE regress_mxpw_server_lesser;
SELECT regress_error($$SET mxpw.server_name = 'evil.example'$$) AS set_server_name;
SELECT regress_error($$SELECT set_config('mxpw.server_name', 'evil.example', false)$$) AS set_config_server_name;
SELECT regress_error($$RESET mxpw.server_name$$) AS reset_server_name;
RESET ROLE;
ALTER ROLE regress_mxpw_server_lesser SET mxpw.server_name = 'example.com';
SELECT unnest(setconfig) AS role_setting FROM pg_db_role_setting
WHERE setrole = 'regress_mxpw_server_lesser'::regrole;
ALTER ROLE regress_mxpw_server_lesser RESET ALL;
SET mxpw.server_name = 'example.com';
SET ROLE regress_mxpw_server_lesser;
RESET ALL;
SHOW mxpw.server_name;
RESET ROLE;
RESET mxpw.server_name;
DROP ROLE regress_mxpw_server_lesser;

-- Synapse's tables in another schema.
CREATE SCHEMA regress_synapse;
CREATE TABLE regress_synapse.users (LIKE public.users INCLUDING ALL);
CREATE TABLE regress_synapse.refresh_tokens (LIKE public.refresh_tokens INCLUDING ALL);
CREATE TABLE regress_synapse.access_tokens (LIKE public.access_tokens INCLUDING ALL);
INSERT INTO regress_synapse.users (name) VALUES ('@alice:example.com');
SET mxpw.synapse_schema = 'regress_synapse';
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-8');
SELECT mxpw_verify('fake-alice-password-8', password_hash) AS in_other_schema
FROM regress_synapse.users;
SELECT mxpw_verify('fake-alice-password-8', password_hash) AS in_public
FROM public.users WHERE name = '@alice:example.com';

-- A schema without Synapse's tables, or no such schema.
CREATE SCHEMA regress_empty;
SET mxpw.synapse_schema = 'regress_empty';
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-9');
SET mxpw.synapse_schema = 'no_such_schema';
SELECT mxpw_revoke_sessions('@alice:example.com');
-- Tokens tables missing: logging out is refused, the password change too.
SET mxpw.synapse_schema = 'regress_synapse';
DROP TABLE regress_synapse.access_tokens;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-10', true);
SELECT mxpw_verify('fake-alice-password-8', password_hash) AS unchanged
FROM regress_synapse.users;
SET mxpw.synapse_schema = '';
RESET mxpw.synapse_schema;
DROP SCHEMA regress_synapse CASCADE;
DROP SCHEMA regress_empty;
