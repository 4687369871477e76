-- mxpw_set_password: hash and store, in one call.
\i test/regress-fixture.sql

SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-1');
SELECT mxpw_verify('fake-alice-password-1', password_hash) AS new_password,
       mxpw_verify('fake-alice-password-0', password_hash) AS other_password,
       substr(password_hash, 1, 7) AS prefix
FROM users WHERE name = '@alice:example.com';

-- Returns the account as stored, whatever case was given; the old password
-- stops working.
SELECT mxpw_set_password('@ALICE:Example.com', 'fake-alice-password-2');
SELECT mxpw_verify('fake-alice-password-2', password_hash) AS new_password,
       mxpw_verify('fake-alice-password-1', password_hash) AS old_password
FROM users WHERE name = '@alice:example.com';

-- Named arguments, as the README recommends; the cost is mxpw.bcrypt_rounds.
SET mxpw.bcrypt_rounds = 5;
SELECT mxpw_set_password(user_id => '@alice:example.com', password => 'fake-alice-password-3');
SELECT substr(password_hash, 1, 7) AS prefix FROM users WHERE name = '@alice:example.com';
RESET mxpw.bcrypt_rounds;

-- Sessions are kept unless logout_devices is true; then the user's access
-- and refresh tokens go, and nobody else's.
SELECT user_id, count(*) FROM access_tokens GROUP BY user_id ORDER BY user_id;
SET client_min_messages = log;
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-4', logout_devices => true);
RESET client_min_messages;
SELECT user_id, count(*) FROM access_tokens GROUP BY user_id ORDER BY user_id;
SELECT user_id, count(*) FROM refresh_tokens GROUP BY user_id ORDER BY user_id;
SELECT mxpw_verify('fake-alice-password-4', password_hash) AS new_password
FROM users WHERE name = '@alice:example.com';

-- Refused, and nothing changes.
CREATE TEMP TABLE before AS SELECT name, password_hash FROM users;
SELECT mxpw_set_password('@alice:example.com', NULL);
SELECT mxpw_set_password('@alice:example.com', '');
SELECT mxpw_set_password('@alice:example.com', 'fake' || repeat('x', 509));
SELECT mxpw_set_password(NULL, 'fake-password-1');
SELECT mxpw_set_password('@alice:example.com', 'fake-password-1', NULL);
SELECT mxpw_set_password('@nobody:example.com', 'fake-password-1');
SELECT mxpw_set_password('@dave:example.com', 'fake-password-1', true);
SELECT count(*) AS changed_rows
FROM users u JOIN before b USING (name)
WHERE u.password_hash IS DISTINCT FROM b.password_hash;
SELECT count(*) AS dave_tokens FROM access_tokens WHERE user_id = '@dave:example.com';
