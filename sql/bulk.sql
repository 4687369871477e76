-- The bulk functions: mxpw_hash_many, mxpw_set_passwords and
-- mxpw_reset_passwords.  Every result here is the same whether the hashing
-- ran in parallel workers or in the leader alone; the DEBUG lines show which.
\i test/regress-fixture.sql
-- Progress reports come after a call has run some seconds, which depends on
-- the machine (t/009_progress.pl tests them): none here.
SET mxpw.progress_interval = 0;

CREATE TABLE regress_bulk_users AS
    SELECT format('@bulk%s:example.com', lpad(i::text, 2, '0')) AS name
    FROM generate_series(1, 12) AS i;
INSERT INTO users (name, creation_ts, deactivated)
    SELECT name, 1700000000, 0 FROM regress_bulk_users;
INSERT INTO access_tokens (id, user_id, device_id, token) VALUES
    (101, '@bulk01:example.com', 'BULK01', 'syt_bulk01_1'),
    (102, '@bulk02:example.com', 'BULK02', 'syt_bulk02_1'),
    (103, '@bulk03:example.com', 'BULK03', 'syt_bulk03_1');
INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name,
                     device_display_name, pushkey, ts, device_id) VALUES
    (101, '@bulk01:example.com', '', 'http', 'regress.app', 'App', 'Phone', 'bulk01', 0, 'BULK01'),
    (102, '@bulk02:example.com', '', 'http', 'regress.app', 'App', 'Phone', 'bulk02', 0, 'BULK02'),
    (103, '@bulk03:example.com', '', 'http', 'regress.app', 'App', 'Phone', 'bulk03', 0, 'BULK03');

-- Hashes come back in the order of the passwords: each verifies against its
-- own password.
CREATE FUNCTION regress_hash_many_check(n integer, rounds integer DEFAULT NULL)
RETURNS TABLE (hashes integer, prefixes text, own_password_matches bigint)
LANGUAGE sql AS $$
    WITH p AS (
        SELECT array_agg(format('fake-bulk-%s', i) ORDER BY i) AS pw
        FROM generate_series(1, n) AS i
    ), h AS (
        SELECT pw, mxpw_hash_many(pw, rounds) AS hs FROM p
    )
    SELECT cardinality(hs),
           (SELECT string_agg(DISTINCT substr(x, 1, 7), ',') FROM unnest(hs) AS x),
           (SELECT count(*) FROM generate_subscripts(hs, 1) AS i
            WHERE mxpw_verify(pw[i], hs[i]))
    FROM h
$$;

-- Workers start only for work worth more than starting them (n << rounds
-- at least 1 << 12); the rest runs in the leader alone.
SET client_min_messages = debug1;
SELECT * FROM regress_hash_many_check(8);
-- No workers allowed.
SET max_parallel_workers_per_gather = 0;
SELECT * FROM regress_hash_many_check(8, 9);
RESET client_min_messages;
-- Parallel workers and the leader.
SET max_parallel_workers_per_gather = 2;
SELECT * FROM regress_hash_many_check(8, 9);
-- Parallel workers alone: they hash with the leader's pepper and cost.
SET parallel_leader_participation = off;
SET client_min_messages = debug1;
SELECT * FROM regress_hash_many_check(8, 9);
RESET client_min_messages;
-- Workers asked for but none available: the leader does it all.
SET max_parallel_workers = 0;
SET client_min_messages = debug1;
SELECT * FROM regress_hash_many_check(4, 10);
RESET client_min_messages;
RESET max_parallel_workers;

-- The session's settings reach the workers, not only postgresql.conf's.
SET mxpw.pepper = 'fake-session-pepper';
SET mxpw.bcrypt_rounds = 10;
CREATE TEMP TABLE regress_peppered (hs text[]);
SET client_min_messages = debug1;
INSERT INTO regress_peppered
    SELECT mxpw_hash_many(ARRAY['fake-pepper-1', 'fake-pepper-2', 'fake-pepper-3', 'fake-pepper-4']);
RESET client_min_messages;
SELECT array_agg(substr(h, 1, 7)) AS prefixes,
       bool_and(mxpw_verify(format('fake-pepper-%s', i), h)) AS verify_with_session_pepper
FROM regress_peppered, unnest(hs) WITH ORDINALITY AS t(h, i);
RESET mxpw.pepper;
SELECT bool_or(mxpw_verify(format('fake-pepper-%s', i), h)) AS verify_with_cluster_pepper
FROM regress_peppered, unnest(hs) WITH ORDINALITY AS t(h, i);
RESET mxpw.bcrypt_rounds;
RESET parallel_leader_participation;

-- More passwords than one shared memory segment takes (1024).
SELECT cardinality(hs) AS hashes,
       count(DISTINCT h) AS distinct_hashes,
       mxpw_verify('fake-many-1', hs[1]) AND mxpw_verify('fake-many-1024', hs[1024])
           AND mxpw_verify('fake-many-1025', hs[1025])
           AND mxpw_verify('fake-many-1030', hs[1030]) AS batch_edges_verify
FROM (SELECT mxpw_hash_many(array_agg(format('fake-many-%s', i) ORDER BY i)) AS hs
      FROM generate_series(1, 1030) AS i) AS t, unnest(hs) AS h
GROUP BY hs;

-- The shape of the input is kept, so subscripts match.
SELECT array_lower(h, 1) AS lower, array_upper(h, 1) AS upper,
       mxpw_verify('fake-shape-1', h[0]) AND mxpw_verify('fake-shape-2', h[1]) AS verify
FROM mxpw_hash_many('[0:1]={fake-shape-1,fake-shape-2}') AS h;
SELECT mxpw_hash_many('{}') AS empty;

-- Bad input: every bad entry is reported in one error, before any hashing.
SELECT mxpw_hash_many(NULL);
SELECT mxpw_hash_many(ARRAY['fake-ok-1', NULL, '', 'fake-ok-2', repeat('fake', 129)]);
SELECT mxpw_hash_many(ARRAY['fake-ok-1', ''], 17);
SELECT mxpw_hash_many('{{fake-2d-1},{fake-2d-2}}');
SELECT regress_sqlstate($$SELECT mxpw_hash_many(ARRAY['fake-ok-1', NULL, ''])$$) AS first_bad_entry_sqlstate;
-- Past 100 bad entries the list stops and the count goes on.
DO $$
DECLARE
    message text;
    detail text;
BEGIN
    PERFORM mxpw_hash_many(array_fill(''::text, ARRAY[150]));
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RAISE NOTICE '%: % lines, the last two: %', message,
        cardinality(string_to_array(detail, E'\n')),
        array_to_string((string_to_array(detail, E'\n'))[100:101], ' | ');
END
$$;

-- mxpw_set_passwords: found as a login finds them, stored, logged.
SET mxpw.server_name = 'example.com';
SELECT * FROM mxpw_set_passwords(
    user_ids => ARRAY['@BULK01:example.com', 'bulk02', '@bulk03:example.com', '@bulk04:example.com'],
    passwords => ARRAY['fake-set-1', 'fake-set-2', 'fake-set-3', 'fake-set-4']);
SELECT name, mxpw_verify(format('fake-set-%s', right(split_part(name, ':', 1), 1)), password_hash) AS logs_in
FROM users WHERE name IN ('@bulk01:example.com', '@bulk02:example.com', '@bulk03:example.com', '@bulk04:example.com')
ORDER BY name;
SELECT count(*) AS tokens_kept FROM access_tokens WHERE user_id LIKE '@bulk%';

-- logout_devices deletes each user's tokens, and their devices' pushers.
SET max_parallel_workers_per_gather = 0;
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk01:example.com', '@bulk02:example.com'],
                                 ARRAY['fake-set-5', 'fake-set-6'], logout_devices => true);
RESET max_parallel_workers_per_gather;
SELECT user_id, count(*) AS tokens_left FROM access_tokens WHERE user_id LIKE '@bulk%' GROUP BY user_id;
SELECT user_name AS pusher_left FROM pushers WHERE user_name LIKE '@bulk%';

-- All or nothing: one bad entry and nothing changes; every bad entry listed.
CREATE TEMP TABLE regress_before AS SELECT name, password_hash FROM users;
SELECT * FROM mxpw_set_passwords(
    ARRAY['@bulk05:example.com', NULL, '@nobody:example.com', '@alice', '@dave:example.com',
          '@carol:example.com', '@bulk06:example.com', '@BULK05:example.com', '@bulk07:example.com',
          '@bulk08:example.com', repeat('x', 300), '@bob:example.com'],
    ARRAY['fake-set-7', 'fake-set-8', 'fake-set-9', 'fake-set-10', 'fake-set-11',
          'fake-set-12', '', 'fake-set-14', NULL, repeat('fake', 129), 'fake-set-17', 'fake-set-18']);
SELECT count(*) AS changed FROM users u JOIN regress_before b USING (name)
WHERE u.password_hash IS DISTINCT FROM b.password_hash;
SELECT regress_sqlstate($$SELECT mxpw_set_passwords(ARRAY['@nobody:example.com', NULL], ARRAY['fake-set-19', 'fake-set-20'])$$) AS first_bad_entry_sqlstate;
-- A bare localpart without mxpw.server_name.
RESET mxpw.server_name;
SELECT * FROM mxpw_set_passwords(ARRAY['bulk05'], ARRAY['fake-set-21']);
SET mxpw.server_name = 'example.com';

-- Shapes and NULL arguments.
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk05:example.com'], ARRAY['fake-set-22', 'fake-set-23']);
SELECT * FROM mxpw_set_passwords(NULL, ARRAY['fake-set-24']);
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk05:example.com'], NULL);
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk05:example.com'], ARRAY['fake-set-25'], NULL);
SELECT count(*) AS rows_for_empty_arrays FROM mxpw_set_passwords('{}', '{}');

-- Rolled back with the transaction.
BEGIN;
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk05:example.com'], ARRAY['fake-set-26']);
ROLLBACK;
SELECT password_hash IS NULL AS rolled_back FROM users WHERE name = '@bulk05:example.com';

-- mxpw_reset_passwords: generated passwords that log in.
CREATE TEMP TABLE regress_reset AS
    SELECT * FROM mxpw_reset_passwords(ARRAY['@bulk09:example.com', 'BULK10', '@bulk03:example.com'],
                                       logout_devices => true);
SELECT r.user_id, r.password ~ '^[A-Za-z0-9_-]{32}$' AS well_formed,
       mxpw_verify(r.password, u.password_hash) AS logs_in
FROM regress_reset r JOIN users u ON u.name = r.user_id ORDER BY r.user_id;
SELECT count(DISTINCT password) AS distinct_passwords FROM regress_reset;
SELECT count(*) AS bulk03_tokens_left FROM access_tokens WHERE user_id = '@bulk03:example.com';
SELECT * FROM mxpw_reset_passwords(ARRAY['@bulk11:example.com', '@nobody:example.com', '@bulk11:example.com', NULL]);
SELECT * FROM mxpw_reset_passwords(NULL);
SELECT * FROM mxpw_reset_passwords(ARRAY['@bulk11:example.com'], NULL);
SELECT password_hash IS NULL AS unchanged FROM users WHERE name = '@bulk11:example.com';

-- Not in a parallel query: the bulk functions start workers themselves.
SELECT p.oid::regprocedure AS function, p.proparallel AS parallel, p.provolatile AS volatility
FROM pg_proc p WHERE p.proname IN ('mxpw_hash_many', 'mxpw_set_passwords', 'mxpw_reset_passwords')
ORDER BY p.proname;

-- Privileges: withheld from PUBLIC; EXECUTE alone is not enough.
CREATE ROLE regress_mxpw_bulk_nobody;
CREATE ROLE regress_mxpw_bulk_helpdesk;
SELECT p.oid::regprocedure AS function,
       has_function_privilege('regress_mxpw_bulk_nobody', p.oid, 'EXECUTE') AS nobody_may_call
FROM pg_proc p WHERE p.proname IN ('mxpw_hash_many', 'mxpw_set_passwords', 'mxpw_reset_passwords')
ORDER BY p.proname;
SET ROLE regress_mxpw_bulk_nobody;
SELECT mxpw_hash_many(ARRAY['fake-hidden-password-2']);
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk12:example.com'], ARRAY['fake-hidden-password-3']);
SELECT * FROM mxpw_reset_passwords(ARRAY['@bulk12:example.com']);
RESET ROLE;
GRANT EXECUTE ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) TO regress_mxpw_bulk_helpdesk;
GRANT SELECT (name, deactivated, locked), UPDATE (password_hash) ON users TO regress_mxpw_bulk_helpdesk;
SET ROLE regress_mxpw_bulk_helpdesk;
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk12:example.com'], ARRAY['fake-set-27']);
RESET ROLE;
REVOKE UPDATE (password_hash) ON users FROM regress_mxpw_bulk_helpdesk;
SET ROLE regress_mxpw_bulk_helpdesk;
SELECT * FROM mxpw_set_passwords(ARRAY['@bulk12:example.com'], ARRAY['fake-set-28']);
RESET ROLE;
SELECT mxpw_verify('fake-set-27', password_hash) AS helpdesk_change_kept
FROM users WHERE name = '@bulk12:example.com';
REVOKE ALL ON users FROM regress_mxpw_bulk_helpdesk;
REVOKE ALL ON FUNCTION mxpw_set_passwords(text[], text[], boolean, boolean) FROM regress_mxpw_bulk_helpdesk;
DROP ROLE regress_mxpw_bulk_nobody;
DROP ROLE regress_mxpw_bulk_helpdesk;

-- Synapse's database is UTF8.
SELECT current_database() AS regress_database \gset
CREATE DATABASE regress_mxpw_bulk_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_mxpw_bulk_latin1
CREATE EXTENSION mxpw;
SELECT mxpw_hash_many(ARRAY['fake-latin1-1']);
\c :regress_database
DROP DATABASE regress_mxpw_bulk_latin1;

RESET mxpw.server_name;
DELETE FROM access_tokens WHERE user_id LIKE '@bulk%';
DELETE FROM pushers WHERE user_name LIKE '@bulk%';
DELETE FROM users WHERE name IN (SELECT name FROM regress_bulk_users);
DROP TABLE regress_bulk_users;
DROP FUNCTION regress_hash_many_check(integer, integer);
