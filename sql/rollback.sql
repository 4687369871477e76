-- Everything happens in the caller's transaction.
\i test/regress-fixture.sql

-- alice has a password and one session, the one added here.
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-4', logout_devices => true);
INSERT INTO access_tokens (id, user_id, device_id, token) VALUES
    (30, '@alice:example.com', 'ALICEPHONE', 'syt_alice_30');
CREATE TEMP TABLE alice_before AS SELECT password_hash FROM users WHERE name = '@alice:example.com';

-- A rolled-back change leaves the hash and the tokens as they were.
BEGIN;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-5', true);
SELECT count(*) AS tokens_inside FROM access_tokens WHERE user_id = '@alice:example.com';
ROLLBACK;
SELECT (SELECT password_hash FROM users WHERE name = '@alice:example.com') =
       (SELECT password_hash FROM alice_before) AS hash_unchanged,
       (SELECT count(*) FROM access_tokens WHERE user_id = '@alice:example.com') AS tokens_after;

-- An error after the hash was stored and the access tokens deleted undoes
-- both: here deleting the refresh tokens fails.
CREATE FUNCTION regress_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'refresh tokens are read-only in this test';
END
$$;
BEGIN;
CREATE TRIGGER refuse_delete BEFORE DELETE ON refresh_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION regress_refuse();
SAVEPOINT before_call;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-6', true);
ROLLBACK TO before_call;
SELECT (SELECT password_hash FROM users WHERE name = '@alice:example.com') =
       (SELECT password_hash FROM alice_before) AS hash_unchanged,
       (SELECT count(*) FROM access_tokens WHERE user_id = '@alice:example.com') AS tokens_kept;
ROLLBACK;
DROP FUNCTION regress_refuse();

-- A committed change sticks.
BEGIN;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-7');
COMMIT;
SELECT mxpw_verify('fake-alice-password-7', password_hash) AS committed
FROM users WHERE name = '@alice:example.com';
