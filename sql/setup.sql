-- A Synapse-shaped database: the tables and columns mxpw touches.
\i test/synapse-schema.sql

-- Accounts the tests work on.  bob has a twin that differs only in case;
-- carol has two such twins and neither is spelled in lower case.
INSERT INTO users (name, password_hash, creation_ts, deactivated) VALUES
    ('@alice:example.com', NULL, 1700000000, 0),
    ('@bob:example.com', NULL, 1700000000, 0),
    ('@Bob:example.com', NULL, 1700000000, 0),
    ('@Carol:example.com', NULL, 1700000000, 0),
    ('@CAROL:example.com', NULL, 1700000000, 0),
    ('@dave:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y', 1700000000, 1),
    ('@erin:other.example:8448', NULL, 1700000000, 0),
    ('@frank:example.com', NULL, 1700000000, 0);

-- Tokens: alice has two devices (one refreshable), frank one, dave one.
INSERT INTO refresh_tokens (id, user_id, device_id, token) VALUES
    (1, '@alice:example.com', 'ALICEPHONE', 'syr_alice_1'),
    (2, '@frank:example.com', 'FRANKPHONE', 'syr_frank_1');
INSERT INTO access_tokens (id, user_id, device_id, token, refresh_token_id) VALUES
    (1, '@alice:example.com', 'ALICEPHONE', 'syt_alice_1', 1),
    (2, '@alice:example.com', 'ALICELAPTOP', 'syt_alice_2', NULL),
    (3, '@frank:example.com', 'FRANKPHONE', 'syt_frank_1', 2),
    (4, '@dave:example.com', 'DAVEPHONE', 'syt_dave_1', NULL);

CREATE EXTENSION mxpw;

SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'mxpw';

-- How each function is declared, whether it is documented, and whether
-- PUBLIC may run it (a NULL ACL means the default, EXECUTE for PUBLIC).
SELECT p.oid::regprocedure AS function,
       p.provolatile AS volatility,
       p.proisstrict AS strict,
       p.proparallel AS parallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented,
       p.proacl IS NULL AS public_execute
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'mxpw'
ORDER BY p.proname;

-- Hashing in the tests is at the cheapest cost.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET mxpw.bcrypt_rounds = 4', current_database());
END
$$;
\c
SHOW mxpw.bcrypt_rounds;

-- Reports an error's SQLSTATE only, where PostgreSQL's wording differs
-- between major versions.
CREATE FUNCTION regress_sqlstate(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

-- Reports an error as SQLSTATE and message, for tables of bad inputs.
CREATE FUNCTION regress_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
