-- Security round 2: one case per finding of the attack on mxpw 1.1.  Every
-- password here contains "fake"; the server log is scanned for it after the
-- suite, which covers the log routes (statement, context, detail).
\i test/regress-fixture.sql

-- mxpw's settings exist once its library is loaded: on a server without
-- shared_preload_libraries = 'mxpw' the session loads it first.
LOAD 'mxpw';

-- 1. Nothing a caller can set redirects where a privileged caller writes.
-- A superuser's helpdesk wrapper, as an operator might write it:
CREATE ROLE regress_mxpw_intruder;
CREATE FUNCTION regress_helpdesk_reset(uid text) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$ SELECT length(public.mxpw_reset_password(uid))::text $$;
GRANT EXECUTE ON FUNCTION regress_helpdesk_reset(text) TO regress_mxpw_intruder;
GRANT TEMPORARY ON DATABASE contrib_regression TO regress_mxpw_intruder;
SET ROLE regress_mxpw_intruder;
-- The intruder's own users table, with a trigger that would make it
-- superuser when run by one.
CREATE TEMP TABLE users (name text, password_hash text, deactivated smallint);
CREATE TEMP TABLE access_tokens (user_id text);
CREATE TEMP TABLE refresh_tokens (user_id text);
INSERT INTO pg_temp.users VALUES ('@alice:example.com', NULL, 0);
CREATE FUNCTION pg_temp.regress_escalate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER ROLE regress_mxpw_intruder SUPERUSER;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER regress_escalate BEFORE UPDATE ON pg_temp.users
    FOR EACH ROW EXECUTE FUNCTION pg_temp.regress_escalate();
SELECT regress_error(format($$SELECT set_config('mxpw.synapse_schema', %L, false)$$,
                            pg_my_temp_schema()::regnamespace)) AS set_config;
SELECT regress_error(format($$SET mxpw.synapse_schema = %I$$,
                            pg_my_temp_schema()::regnamespace)) AS set;
SELECT regress_helpdesk_reset('@alice:example.com') AS generated_length;
SELECT rolsuper AS intruder_is_superuser FROM pg_roles WHERE rolname = 'regress_mxpw_intruder';
SELECT password_hash IS NULL AS own_table_untouched FROM pg_temp.users;
-- Even a superuser cannot point mxpw at a temporary schema.
CREATE TEMP TABLE regress_temp_schema AS SELECT pg_my_temp_schema()::regnamespace::text AS name;
RESET ROLE;
SELECT regress_error(format($$SET LOCAL mxpw.synapse_schema = %I; SELECT mxpw_revoke_sessions('@alice:example.com')$$,
                            (SELECT name FROM regress_temp_schema))) AS temp_schema;
DROP FUNCTION regress_helpdesk_reset(text);
DROP OWNED BY regress_mxpw_intruder;
DROP ROLE regress_mxpw_intruder;

-- 2. Password functions stay out of query-level parallel workers, whose
-- errors the leader would log again with the statement.
SELECT p.oid::regprocedure AS function, p.proparallel AS parallel
FROM pg_proc p WHERE p.proname IN ('mxpw_hash', 'mxpw_verify', 'mxpw_needs_rehash')
ORDER BY 1;
-- force_parallel_mode is debug_parallel_query from PostgreSQL 16 on.
SELECT set_config(name, 'on', false) AS forced FROM pg_settings
WHERE name IN ('force_parallel_mode', 'debug_parallel_query');
SELECT regress_sqlstate($$SELECT mxpw_hash('fake-parallel-pw', 17)$$) AS forced_parallel;
SELECT set_config(name, 'off', false) AS forced FROM pg_settings
WHERE name IN ('force_parallel_mode', 'debug_parallel_query');
CREATE TABLE regress_parallel_hashes AS
SELECT '$2b$20$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'::text AS hash
FROM generate_series(1, 2000);
ANALYZE regress_parallel_hashes;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT regress_sqlstate($$SELECT count(*) FROM regress_parallel_hashes WHERE mxpw_verify('fake-parallel-scan', hash)$$) AS parallel_scan;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE regress_parallel_hashes;

-- 3. (Deadlocks and pg_stat_activity: specs/lock_order.spec.)

-- 6. An error inside mxpw carries no context from its caller, which could
-- quote the password (a PL/pgSQL statement).
DO $$
BEGIN
    PERFORM mxpw_set_password('@nobody:example.com', 'fake-plpgsql-perform');
END $$;
DO $$
BEGIN
    EXECUTE format('SELECT mxpw_set_password(%L, %L)', '@nobody:example.com', 'fake-plpgsql-execute');
END $$;
-- Context from inside mxpw (a trigger on Synapse's tables) is kept.
CREATE FUNCTION regress_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$;
CREATE TRIGGER regress_refuse_update BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION regress_refuse_update();
DO $$
BEGIN
    PERFORM mxpw_set_password('@alice:example.com', 'fake-plpgsql-trigger');
END $$;
DROP TRIGGER regress_refuse_update ON users;
DROP FUNCTION regress_refuse_update();

-- 7. A password typed where the user ID goes reaches the client, which
-- typed it, and not the server log (scanned for "fake").
SELECT mxpw_set_password('fake-swapped-Tr0ub4dor', '@alice:example.com');
SET mxpw.server_name = 'example.com';
SELECT mxpw_set_password('fake-swapped-Hunter2', '@alice:example.com');
SELECT * FROM mxpw_set_passwords(ARRAY['fake-swapped-one', 'fake-swapped-two:example.com'],
                                 ARRAY['@alice:example.com', '@frank:example.com']);
RESET mxpw.server_name;

-- 4. Passwords that would leave part of the pepper in bcrypt's key are
-- refused by every function that hashes one (mxpw_hash and mxpw_verify in
-- hash.sql), listed with the bulk functions' other bad entries.  Whatever
-- the server's own pepper, this session has one.
SET mxpw.pepper = 'fake-session-pepper';
SELECT regress_error(format('SELECT mxpw_set_password(%L, %L)', '@alice:example.com',
                            'fake-' || repeat('x', 60))) AS set_password;
SELECT * FROM mxpw_set_passwords(ARRAY['@alice:example.com', '@frank:example.com'],
                                 ARRAY['fake-' || repeat('x', 60), 'fake-fine-password']);
SELECT regress_error(format('SELECT mxpw_hash_many(ARRAY[%L])', 'fake-' || repeat('y', 66))) AS hash_many;
RESET mxpw.pepper;

-- 10. The pepper is never stored where every role can read it.
CREATE ROLE regress_mxpw_lesser;
SELECT regress_error($$ALTER ROLE regress_mxpw_lesser SET mxpw.pepper = 'fake-hidden-pepper-role'$$) AS alter_role;
SELECT regress_error(format($$ALTER DATABASE %I SET mxpw.pepper = 'fake-hidden-pepper-db'$$, current_database())) AS alter_database;
SELECT regress_error($$CREATE FUNCTION regress_peppered() RETURNS int LANGUAGE sql
                       SET mxpw.pepper = 'fake-hidden-pepper-proconfig' AS 'SELECT 1'$$) AS function_set;
SELECT count(*) AS pepper_stored FROM pg_db_role_setting, unnest(setconfig) AS c WHERE c LIKE 'mxpw.pepper%';
-- A lesser role's RESET ALL keeps a superuser's session pepper.
SET mxpw.pepper = 'fake-session-pepper';
CREATE TABLE regress_session_hash AS SELECT mxpw_hash('fake-reset-all', 4) AS hash;
GRANT SELECT ON regress_session_hash TO regress_mxpw_lesser;
SET ROLE regress_mxpw_lesser;
RESET ALL;
DISCARD ALL;
RESET ROLE;
SELECT mxpw_verify('fake-reset-all', hash) AS session_pepper_kept FROM regress_session_hash;
DROP TABLE regress_session_hash;
RESET mxpw.pepper;
DROP ROLE regress_mxpw_lesser;
-- A misspelt setting is an error; its statement is not logged (scanned).
SELECT regress_sqlstate($$SET mxpw.peper = 'fake-misspelt-pepper'$$) AS misspelt;

-- 11. Unicode: passwords Synapse may normalise differently are refused by
-- every function, without naming the character; older ones still hash.
SELECT label, regress_error(format(statement, pw)) AS error
FROM (VALUES
    ('Unicode 16 with a mapping', U&'fake-\+01CCF0'),
    ('Unicode 15 with a mapping', U&'fake-\+01E030'),
    ('Unicode 14 combining mark', U&'fake-a\1AC1'),
    ('unassigned', U&'fake-\0378')
) AS p(label, pw),
(VALUES ('SELECT mxpw_hash(%L, 4)'), ('SELECT mxpw_verify(%L, NULL)'),
        ('SELECT mxpw_set_password(''@alice:example.com'', %L)'),
        ('SELECT mxpw_hash_many(ARRAY[%L], 4)'),
        ('SELECT count(*) FROM mxpw_set_passwords(ARRAY[''@alice:example.com''], ARRAY[%L])')) AS f(statement)
ORDER BY label, statement;
CREATE TEMP TABLE regress_alice_before AS SELECT password_hash FROM users WHERE name = '@alice:example.com';
SELECT mxpw_set_password('@alice:example.com', U&'fake-\+01CCF0');
SELECT u.password_hash IS NOT DISTINCT FROM b.password_hash AS hash_unchanged
FROM users u, regress_alice_before b WHERE u.name = '@alice:example.com';
SELECT mxpw_verify(U&'\FB01\2160\FF21-fake', mxpw_hash(U&'fiIA-fake', 4)) AS old_characters_still_normalised;
