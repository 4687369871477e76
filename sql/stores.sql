-- Which store a database holds, and Synapse's locked accounts.  Every
-- password here is fake.
\i test/regress-fixture.sql

-- 1. A locked Synapse account (users.locked): Synapse refuses its logins
-- (401 M_USER_LOCKED), so mxpw refuses to set, reset or check its password,
-- alone or in a bulk call, as for MAS's locked users (55000), and writes
-- nothing; logging it out is allowed.
SET mxpw.server_name = 'example.com';
INSERT INTO users (name, password_hash, creation_ts, deactivated, locked)
SELECT '@grace:example.com', mxpw_hash('fake-grace-old', 4), 1700000000, 0, true;
INSERT INTO access_tokens (id, user_id, device_id, token) VALUES
    (90, '@grace:example.com', 'GRACEPHONE', 'syt_grace_1');
CREATE TABLE regress_stores_before AS
SELECT u::text AS row FROM users u WHERE name IN ('@grace:example.com', '@frank:example.com')
UNION ALL SELECT t::text FROM access_tokens t WHERE user_id = '@grace:example.com';

SELECT mxpw_check_password('grace', 'fake-grace-old');
SELECT regress_error($$SELECT mxpw_set_password('@grace:example.com', 'fake-grace-new')$$) AS set_password;
SELECT regress_error($$SELECT mxpw_set_password('@GRACE:example.com', 'fake-grace-new', true)$$) AS set_password_logout;
SELECT regress_error(format('SELECT mxpw_set_password_hash(%L, %L)', '@grace:example.com',
                            mxpw_hash('fake-grace-hash', 4))) AS set_password_hash;
SELECT regress_error($$SELECT mxpw_reset_password('@grace:example.com', true)$$) AS reset_password;
SELECT regress_error($$SELECT mxpw_check_password('@grace:example.com', 'fake-grace-old')$$) AS check_password;
SELECT * FROM mxpw_set_passwords(ARRAY['@frank:example.com', '@grace:example.com'],
                                 ARRAY['fake-frank-bulk', 'fake-grace-bulk'], true);
SELECT * FROM mxpw_reset_passwords(ARRAY['@grace:example.com', '@frank:example.com']);
SELECT count(*) AS rows_changed FROM (
    SELECT u::text FROM users u WHERE name IN ('@grace:example.com', '@frank:example.com')
    UNION ALL SELECT t::text FROM access_tokens t WHERE user_id = '@grace:example.com'
    EXCEPT SELECT row FROM regress_stores_before) changed;
-- Deactivated and locked: deactivated is reported, as by Synapse's login.
UPDATE users SET deactivated = 1 WHERE name = '@grace:example.com';
SELECT regress_error($$SELECT mxpw_set_password('grace', 'fake-grace-new')$$) AS deactivated_and_locked;
UPDATE users SET deactivated = 0 WHERE name = '@grace:example.com';
-- Logging out is allowed.
SELECT mxpw_revoke_sessions('@grace:example.com') AS revoked;
SELECT count(*) AS grace_tokens FROM access_tokens WHERE user_id = '@grace:example.com';
-- Unlocked, the account is changed as any other.
UPDATE users SET locked = false WHERE name = '@grace:example.com';
SELECT mxpw_set_password('grace', 'fake-grace-unlocked');
SELECT mxpw_check_password('grace', 'fake-grace-unlocked') AS unlocked_changed;
DELETE FROM users WHERE name = '@grace:example.com';
DROP TABLE regress_stores_before;

-- A Synapse database older than users.locked has no locked accounts.
CREATE SCHEMA regress_old_synapse;
CREATE TABLE regress_old_synapse.users (LIKE public.users INCLUDING ALL);
ALTER TABLE regress_old_synapse.users DROP COLUMN locked;
CREATE TABLE regress_old_synapse.access_tokens (LIKE public.access_tokens INCLUDING ALL);
CREATE TABLE regress_old_synapse.refresh_tokens (LIKE public.refresh_tokens INCLUDING ALL);
INSERT INTO regress_old_synapse.users (name, creation_ts) VALUES ('@heidi:example.com', 1700000000);
SET mxpw.synapse_schema = 'regress_old_synapse';
SELECT mxpw_set_password('heidi', 'fake-heidi-old-schema');
SELECT user_id FROM mxpw_set_passwords(ARRAY['heidi'], ARRAY['fake-heidi-bulk']);
SELECT mxpw_check_password('heidi', 'fake-heidi-bulk') AS old_schema_changed;
RESET mxpw.synapse_schema;
DROP SCHEMA regress_old_synapse CASCADE;
RESET mxpw.server_name;

-- 2. A stray relation does not turn Synapse's database into MAS's: a role
-- with CREATE on Synapse's schema makes a table named user_passwords.
CREATE ROLE regress_mxpw_creator;
GRANT CREATE ON SCHEMA public TO regress_mxpw_creator;
SET ROLE regress_mxpw_creator;
CREATE TABLE public.user_passwords (x int);
RESET ROLE;
SELECT mxpw_account_store();
SELECT mxpw_hash('fake-stray-table', 4) LIKE '$2b$04$%' AS bcrypt_hash;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-stray');
DROP TABLE public.user_passwords;
-- Nor a view with MAS's columns.
CREATE VIEW public.user_passwords AS
SELECT NULL::uuid AS user_password_id, NULL::uuid AS user_id, NULL::text AS hashed_password,
       NULL::timestamptz AS created_at, NULL::integer AS version;
SELECT mxpw_account_store();
DROP VIEW public.user_passwords;

-- MAS's tables with MAS's columns, in a schema of their own.
CREATE SCHEMA regress_mas;
GRANT USAGE, CREATE ON SCHEMA regress_mas TO regress_mxpw_creator;
CREATE TABLE regress_mas.users (user_id uuid PRIMARY KEY, username text NOT NULL UNIQUE,
                                created_at timestamptz NOT NULL, locked_at timestamptz,
                                deactivated_at timestamptz);
-- user_passwords of another owner than MAS's users is not MAS's.
SET ROLE regress_mxpw_creator;
CREATE TABLE regress_mas.user_passwords (user_password_id uuid PRIMARY KEY, user_id uuid NOT NULL,
                                         hashed_password text NOT NULL,
                                         created_at timestamptz NOT NULL, version integer NOT NULL,
                                         upgraded_from_id uuid);
RESET ROLE;
SET mxpw.mas_schema = 'regress_mas';
SELECT mxpw_account_store();
-- Of one owner, they are MAS's: with Synapse's in public, both stores.
ALTER TABLE regress_mas.user_passwords OWNER TO CURRENT_USER;
SELECT regress_error('SELECT mxpw_account_store()') AS both_stores;
-- A user_passwords without MAS's columns is not MAS's.
ALTER TABLE regress_mas.user_passwords DROP COLUMN hashed_password;
SELECT mxpw_account_store();
ALTER TABLE regress_mas.user_passwords ADD COLUMN hashed_password text;
-- Synapse's users must have Synapse's columns: MAS's users is not one.
SET mxpw.synapse_schema = 'regress_mas';
SET mxpw.mas_schema = 'regress_no_such_schema';
SELECT regress_error('SELECT mxpw_account_store()') AS mas_users_as_synapse;
SELECT mxpw_hash('fake-no-store', 4) LIKE '$2b$04$%' AS bcrypt_hash;
-- Both in one schema: MAS's.
SET mxpw.mas_schema = 'regress_mas';
SELECT mxpw_account_store();
RESET mxpw.synapse_schema;
RESET mxpw.mas_schema;
DROP SCHEMA regress_mas CASCADE;
REVOKE CREATE ON SCHEMA public FROM regress_mxpw_creator;
DROP ROLE regress_mxpw_creator;
SELECT mxpw_account_store();
