-- Synapse's password policy (mxpw.synapse_password_policy, Synapse's
-- password_config.policy in JSON), applied to passwords the caller chooses
-- as Synapse's /account/password and /register apply it
-- (synapse/handlers/password_policy.py): length in code points, then
-- [0-9], [^a-zA-Z0-9], [A-Z], [a-z], in that order.  MAS's zxcvbn policy
-- is tested in test/py/test_policy.py, in a MAS-shaped database.
\i test/regress-fixture.sql
-- The settings are mxpw's once it is loaded, preloaded or not.
LOAD 'mxpw';

-- No policy by default, as in Synapse.
SHOW mxpw.synapse_password_policy;
SELECT mxpw_set_password('@alice:example.com', 'fake');

-- The example of Synapse's documentation.
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_length": 15, "require_digit": true, "require_symbol": true, "require_lowercase": true, "require_uppercase": true}';
SHOW mxpw.synapse_password_policy;

-- Each rule, with its message, detail and hint; a password that breaks
-- several is refused for the first in Synapse's order.
SELECT mxpw_set_password('@alice:example.com', 'fake-Short-1');
SELECT mxpw_set_password('@alice:example.com', 'fake-Password-NoDigit');
SELECT mxpw_set_password('@alice:example.com', 'fakePassword1234567');
SELECT mxpw_set_password('@alice:example.com', 'fake-password-123456');
SELECT mxpw_set_password('@alice:example.com', 'FAKE-PASSWORD-123456');
-- Nothing was written by the refusals.
SELECT mxpw_verify('fake', password_hash) AS still_the_first FROM users WHERE name = '@alice:example.com';

CREATE TABLE regress_policy_cases (n serial, why text, password text);
INSERT INTO regress_policy_cases (why, password) VALUES
    ('every rule met', 'fake-Password-123456'),
    ('short: also no digit', 'fake'),
    ('no digit: also no symbol, no uppercase', 'fakepasswordlonger'),
    ('no symbol: also no uppercase', 'fakepassword12345678'),
    -- Synapse's regular expressions are ASCII ranges on a Python str:
    -- any non-ASCII character is a symbol, a letter too; non-ASCII
    -- uppercase and lowercase letters and digits count as neither.
    ('e acute is the symbol', 'fakePassword1234é'),
    ('euro sign is the symbol', 'fakePassword1234€'),
    ('emoji is the symbol', 'fakePassword1234🔑'),
    ('A umlaut is no uppercase', 'fake-password-12345Ä'),
    ('sharp s is no lowercase', 'FAKE-PASSWORD-12345ß'),
    ('fullwidth digits are no digit', 'fake-Password-１２３'),
    ('Arabic-Indic digits are no digit', 'fake-Password-٣٤٥');
SELECT n, why, regress_error(format('SELECT mxpw_set_password(%L, %L)', '@frank:example.com', password)) AS result
FROM regress_policy_cases ORDER BY n;

-- Length is counted in code points, as Python's len(), before any
-- normalisation: not in bytes, not in NFKC characters.
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_length": 10}';
TRUNCATE regress_policy_cases;
INSERT INTO regress_policy_cases (why, password) VALUES
    ('10 code points, 16 bytes', 'fakeéééééé'),
    ('9 code points, 14 bytes', 'fakeééééé'),
    ('10 code points, 4-byte emoji', 'fake🔑🔑🔑🔑🔑🔑'),
    ('9 code points, 4-byte emoji', 'fake🔑🔑🔑🔑🔑'),
    ('10 code points with combining accents, 7 after NFKC', 'fake' || repeat(E'e\u0301', 3)),
    ('9 code points, a ligature NFKC makes two', 'fake-ﬁxed'),
    ('exactly the minimum', 'fake-12345');
SELECT n, why, octet_length(password) AS bytes,
       regress_error(format('SELECT mxpw_set_password(%L, %L)', '@frank:example.com', password)) AS result
FROM regress_policy_cases ORDER BY n;

-- Off unless "enabled" is true, as in Synapse: a policy without it, or
-- with it false, and an empty object, refuse nothing.
SET mxpw.synapse_password_policy = '{"minimum_length": 50, "require_symbol": true}';
SELECT mxpw_set_password('@frank:example.com', 'fake');
SET mxpw.synapse_password_policy = '{"enabled": false, "minimum_length": 50}';
SELECT mxpw_set_password('@frank:example.com', 'fake');
SET mxpw.synapse_password_policy = '{}';
SELECT mxpw_set_password('@frank:example.com', 'fake');

-- skip_password_check => true sets a password the policy refuses, as
-- Synapse's Admin API does; NULL is refused.
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_length": 50}';
SELECT mxpw_set_password('@frank:example.com', 'fake-skipped', skip_password_check => true);
SELECT mxpw_verify('fake-skipped', password_hash) AS skipped_check_set FROM users WHERE name = '@frank:example.com';
SELECT mxpw_set_password('@frank:example.com', 'fake-skipped', true, true);
SELECT regress_error($$SELECT mxpw_set_password('@frank:example.com', 'fake-skipped', skip_password_check => NULL)$$);
-- Generated passwords, ready-made hashes and mxpw_hash, which sets no
-- account's password, are not judged.
SELECT length(mxpw_reset_password('@frank:example.com')) AS generated_length;
SELECT mxpw_set_password_hash('@frank:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT left(mxpw_hash('fake'), 7) AS hash_prefix;
-- mxpw's own rules come first: an empty password is refused as such.
SELECT regress_error($$SELECT mxpw_set_password('@frank:example.com', '')$$);

-- The bulk function judges every entry before hashing and lists the
-- refused ones by position, with the other bad entries, in one error;
-- nothing is written.
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_length": 12, "require_digit": true}';
SELECT (SELECT password_hash FROM users WHERE name = '@alice:example.com') AS alice,
       (SELECT password_hash FROM users WHERE name = '@frank:example.com') AS frank \gset before_
SELECT * FROM mxpw_set_passwords(
    ARRAY['@alice:example.com', '@frank:example.com', '@nobody:example.com', '@Carol:example.com', '@bob:example.com'],
    ARRAY['fake-bulk-good-1', 'fake-bulk-no-digit', 'fake-bulk-good-2', 'fake-1', '']);
SELECT count(*) AS unchanged FROM users
WHERE (name = '@alice:example.com' AND password_hash = :'before_alice')
   OR (name = '@frank:example.com' AND password_hash = :'before_frank');
-- All good: every entry set.
SELECT * FROM mxpw_set_passwords(ARRAY['@alice:example.com', '@frank:example.com'],
                                 ARRAY['fake-bulk-good-1', 'fake-bulk-good-2']);
-- skip_password_check for the whole call.
SELECT * FROM mxpw_set_passwords(ARRAY['@alice:example.com', '@frank:example.com'],
                                 ARRAY['fake-b1', 'fake-bulk-no-digit'],
                                 skip_password_check => true);
SELECT name, mxpw_verify(CASE name WHEN '@alice:example.com' THEN 'fake-b1' ELSE 'fake-bulk-no-digit' END,
                         password_hash) AS set_by_skipped_call
FROM users WHERE name IN ('@alice:example.com', '@frank:example.com') ORDER BY name;
SELECT regress_error($$SELECT mxpw_set_passwords(ARRAY['@alice:example.com'], ARRAY['fake-b1'], false, NULL)$$);
-- Generated passwords in bulk are not judged either.
SELECT count(*) AS generated FROM mxpw_reset_passwords(ARRAY['@alice:example.com', '@frank:example.com']);

-- A bad value is refused when it is set, and the setting keeps its value:
-- JSON that is not an object of Synapse's keys with their types.
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_lenght": 8}';
SET mxpw.synapse_password_policy = '{"enabled": "yes"}';
SET mxpw.synapse_password_policy = '{"enabled": true, "require_digit": 1}';
SET mxpw.synapse_password_policy = '{"enabled": true, "require_digit": null}';
SET mxpw.synapse_password_policy = '{"minimum_length": "8"}';
SET mxpw.synapse_password_policy = '{"minimum_length": 8.5}';
SET mxpw.synapse_password_policy = '{"minimum_length": -1}';
SET mxpw.synapse_password_policy = '{"minimum_length": 99999999999}';
SET mxpw.synapse_password_policy = '{"enabled": true, "enabled": false}';
SET mxpw.synapse_password_policy = '{"enabled": [true]}';
SET mxpw.synapse_password_policy = '{"enabled": {"value": true}}';
SET mxpw.synapse_password_policy = '{"enabled": [[[[true]]]]}';
SET mxpw.synapse_password_policy = '[{"enabled": true}]';
SET mxpw.synapse_password_policy = 'true';
SET mxpw.synapse_password_policy = '{"policy": {"enabled": true}}';
-- Not JSON: the parser's own detail varies between PostgreSQL versions.
SELECT regress_sqlstate($$SET mxpw.synapse_password_policy = '{enabled: true}'$$) AS not_json,
       regress_sqlstate($$SET mxpw.synapse_password_policy = '{"enabled": true'$$) AS unfinished,
       regress_sqlstate($$SET mxpw.synapse_password_policy = ' '$$) AS blank;
SHOW mxpw.synapse_password_policy;
-- Empty turns the policy off.
SET mxpw.synapse_password_policy = '';
SELECT mxpw_set_password('@frank:example.com', 'fake');

-- Superuser-only, as the homeserver's other settings; a role allowed to
-- set passwords still may skip the check in a call.
CREATE ROLE regress_mxpw_policy_helper;
GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean, boolean) TO regress_mxpw_policy_helper;
GRANT SELECT (name, deactivated, locked), UPDATE (password_hash) ON users TO regress_mxpw_policy_helper;
SET mxpw.synapse_password_policy = '{"enabled": true, "minimum_length": 50}';
SET ROLE regress_mxpw_policy_helper;
SELECT regress_error($$SET mxpw.synapse_password_policy = ''$$) AS set_policy,
       regress_error($$SET mxpw.mas_minimum_complexity = 0$$) AS set_minimum;
SELECT regress_sqlstate($$SELECT mxpw_set_password('@frank:example.com', 'fake-helper')$$) AS checked,
       regress_sqlstate($$SELECT mxpw_set_password('@frank:example.com', 'fake-helper', skip_password_check => true)$$) AS skipped;
RESET ROLE;
REVOKE ALL ON FUNCTION mxpw_set_password(text, text, boolean, boolean) FROM regress_mxpw_policy_helper;
REVOKE ALL ON users FROM regress_mxpw_policy_helper;
DROP ROLE regress_mxpw_policy_helper;

-- MAS's setting is checked here too: 0 to 4, default 3.
SHOW mxpw.mas_minimum_complexity;
SELECT regress_sqlstate($$SET mxpw.mas_minimum_complexity = 5$$) AS five,
       regress_sqlstate($$SET mxpw.mas_minimum_complexity = -1$$) AS minus_one;
-- It does not apply in Synapse's database.
SET mxpw.synapse_password_policy = '';
SET mxpw.mas_minimum_complexity = 4;
SELECT mxpw_set_password('@frank:example.com', 'fake');

DROP TABLE regress_policy_cases;
RESET mxpw.synapse_password_policy;
RESET mxpw.mas_minimum_complexity;
