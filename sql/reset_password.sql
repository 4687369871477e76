-- mxpw_reset_password: a generated password, returned once.
\i test/regress-fixture.sql

-- frank has a tablet besides his phone: two sessions, one refreshable.
INSERT INTO access_tokens (id, user_id, device_id, token) VALUES
    (10, '@frank:example.com', 'FRANKTABLET', 'syt_frank_10');

CREATE TEMP TABLE generated AS
SELECT mxpw_reset_password('@FRANK:example.com') AS password, 1 AS attempt;
INSERT INTO generated
SELECT mxpw_reset_password('@frank:example.com', logout_devices => false), 2;

-- 32 characters of URL-safe base64: 192 random bits.  Only the latest works.
SELECT attempt, password ~ '^[A-Za-z0-9_-]{32}$' AS shape,
       mxpw_verify(password, (SELECT password_hash FROM users WHERE name = '@frank:example.com')) AS logs_in
FROM generated ORDER BY attempt;
SELECT count(DISTINCT password) AS distinct_passwords FROM generated;
SELECT count(*) AS frank_tokens_kept FROM access_tokens WHERE user_id = '@frank:example.com';

SELECT length(mxpw_reset_password('@frank:example.com', true)) AS length;
SELECT count(*) AS frank_tokens_left FROM access_tokens WHERE user_id = '@frank:example.com';

SELECT mxpw_reset_password('@dave:example.com');
SELECT mxpw_reset_password('@nobody:example.com');
SELECT mxpw_reset_password(NULL);
SELECT mxpw_reset_password('@frank:example.com', NULL);
