\set ECHO none
-- The state every regress file (sql/*.sql) starts from.  Each file begins
-- with \i test/regress-fixture.sql, so that it runs alone
-- (make installcheck REGRESS=verify) as well as after any other in one
-- database (make installcheck runs them all in one): this rebuilds, whatever
-- the file before left, a Synapse-shaped database with the accounts and
-- tokens the tests work on, mxpw, hashing at the cheapest cost, and two
-- helpers for errors.  It prints nothing: a file's expected output shows
-- only the \i and the \set ECHO above.
SET client_min_messages = warning;

-- The tables and columns mxpw touches, as Synapse declares them.
DROP TABLE IF EXISTS access_tokens, refresh_tokens, pushers, users;
\i test/synapse-schema.sql

-- Accounts the tests work on.  bob has a twin that differs only in case;
-- carol has two such twins and neither is spelled in lower case.  dave is
-- deactivated; his hash is a known answer (pepper fake-kat-pepper).
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

-- pg_regress has created mxpw in its database (--load-extension=mxpw in the
-- Makefile); a file that drops it puts it back, but one that failed before
-- it could must not fail the files after it.
CREATE EXTENSION IF NOT EXISTS mxpw;

-- Hashing in the tests is at the cheapest cost, also after RESET and in
-- new sessions.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET mxpw.bcrypt_rounds = 4', current_database());
END
$$;

-- Reports an error's SQLSTATE only, where PostgreSQL's wording differs
-- between major versions.
CREATE OR REPLACE FUNCTION regress_sqlstate(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

-- Reports an error as SQLSTATE and message, for tables of bad inputs.
CREATE OR REPLACE FUNCTION regress_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- A new session: the database's settings, and none left by the file before.
\c
\set ECHO all
