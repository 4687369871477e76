-- mxpw_verify: Synapse's login check.  What is not a hash Synapse could
-- check simply does not match, so the users table can be scanned.
\i test/regress-fixture.sql

SET mxpw.pepper = 'fake-kat-pepper';
SELECT label, mxpw_verify(U&'fake-\FB01-p\00E4ssw\00F6rd', hash) AS verifies
FROM (VALUES
    ('valid $2b$', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('NULL', NULL),
    ('empty', ''),
    ('plaintext', U&'fake-\FB01-p\00E4ssw\00F6rd'),
    ('$2x$ variant', '$2x$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('upper-case prefix', '$2B$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('one-digit cost', '$2b$4$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('cost 03', '$2b$03$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('cost 32', '$2b$32$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('truncated', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8'),
    ('trailing space', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y '),
    ('bad character', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8!'),
    ('non-canonical salt', '$2b$04$abcdefghijklmnopqrstuvAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('non-canonical checksum', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8z'),
    ('md5-crypt', '$1$fakesalt$TdsFkRUoKTE2DkP96k/0v0'),
    ('argon2id', '$argon2id$v=19$m=65536,t=3,p=4$ZmFrZXNhbHQ$ZmFrZWhhc2g')
) AS t(label, hash);

-- Scanning the users table: dave's hash is the known answer above.
SELECT name FROM users WHERE mxpw_verify(U&'fake-\FB01-p\00E4ssw\00F6rd', password_hash);

-- A NULL password is a mistake, not a non-match.
SELECT mxpw_verify(NULL, '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');

-- An empty or very long password is a question with an answer.
SELECT mxpw_verify('', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS empty_password,
       mxpw_verify('fake' || repeat('x', 100000), '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS long_password;

-- mxpw will not spend minutes on one check.
SELECT mxpw_verify('fake-password-1', '$2b$17$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT mxpw_verify('fake-password-1', '$2b$31$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
RESET mxpw.pepper;
