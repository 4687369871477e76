-- Finding the account: as Synapse's login does, ignoring case, and with the
-- exact spelling winning when several accounts match.  mxpw_set_password_hash
-- with a fixed hash keeps these tests free of hashing time.
\i test/regress-fixture.sql

\set hash '$2y$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'

SELECT given, mxpw_set_password_hash(given, :'hash') AS account
FROM (VALUES
    ('@alice:example.com'),
    ('@ALICE:EXAMPLE.COM'),
    ('@Alice:Example.Com'),
    ('@bob:example.com'),
    ('@Bob:example.com'),
    ('@Carol:example.com'),
    ('@CAROL:example.com'),
    ('@erin:other.example:8448'),
    ('@ERIN:Other.Example:8448')
) AS t(given);

-- Case twins where none is spelled as given.
SELECT mxpw_set_password_hash('@BOB:example.com', :'hash');
SELECT mxpw_set_password_hash('@carol:example.com', :'hash');

-- A bare localpart is completed with mxpw.server_name.
SELECT mxpw_set_password_hash('alice', :'hash');
SET mxpw.server_name = 'example.com';
SELECT mxpw_set_password_hash('alice', :'hash') AS bare,
       mxpw_set_password_hash('ALICE', :'hash') AS bare_upper;
SELECT mxpw_set_password_hash('nobody', :'hash');
SET mxpw.server_name = 'other.example:8448';
SELECT mxpw_set_password_hash('erin', :'hash') AS bare_with_port;
RESET mxpw.server_name;

-- Unknown and deactivated accounts are refused.
SELECT mxpw_set_password_hash('@nobody:example.com', :'hash');
SELECT mxpw_set_password_hash('@alice:example.org', :'hash');
SELECT mxpw_set_password_hash('@dave:example.com', :'hash');

-- Malformed user ids say what is wrong; junk is not echoed.
SELECT mxpw_set_password_hash('@alice', :'hash');
SELECT mxpw_set_password_hash('alice:example.com', :'hash');
SELECT mxpw_set_password_hash('@alice:example.com ', :'hash');
SELECT mxpw_set_password_hash('''; DROP TABLE users; --', :'hash');
SELECT mxpw_set_password_hash(repeat('@', 1000000), :'hash');

-- None of this changed a row it should not have: only the accounts resolved
-- above got the hash.
SELECT name, password_hash IS NOT DISTINCT FROM :'hash' AS has_hash, deactivated
FROM users ORDER BY name;
UPDATE users SET password_hash = NULL WHERE name <> '@dave:example.com';
