-- mxpw_set_password_hash: store a hash made elsewhere, after checking that
-- Synapse can check it.  The hash is stored exactly as given.
\i test/regress-fixture.sql

-- A hash made by pyca bcrypt with Synapse's recipe (pepper fake-kat-pepper).
SELECT mxpw_set_password_hash('@frank:example.com', '$2a$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT password_hash FROM users WHERE name = '@frank:example.com';
SET mxpw.pepper = 'fake-kat-pepper';
SELECT mxpw_verify(U&'fake-\FB01-p\00E4ssw\00F6rd', password_hash) AS logs_in
FROM users WHERE name = '@frank:example.com';
RESET mxpw.pepper;

-- Any cost Synapse accepts can be stored, even one mxpw would not compute.
SELECT mxpw_set_password_hash('@frank:example.com', '$2b$17$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');

-- logout_devices works here too.
SELECT mxpw_set_password_hash('@frank:example.com', mxpw_hash('fake-frank-password-1'), true);
SELECT count(*) AS frank_tokens FROM access_tokens WHERE user_id = '@frank:example.com';
SELECT mxpw_verify('fake-frank-password-1', password_hash) AS logs_in
FROM users WHERE name = '@frank:example.com';

-- Anything else is refused without being echoed, and nothing changes.
CREATE TEMP TABLE frank_before AS SELECT password_hash FROM users WHERE name = '@frank:example.com';
SELECT mxpw_set_password_hash('@frank:example.com', 'fake-plaintext-password');
SELECT mxpw_set_password_hash('@frank:example.com', '$2x$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT mxpw_set_password_hash('@frank:example.com', '$2b$03$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT mxpw_set_password_hash('@frank:example.com', '$2b$04$abcdefghijklmnopqrstuu');
SELECT mxpw_set_password_hash('@frank:example.com', '');
SELECT mxpw_set_password_hash('@frank:example.com', NULL);
SELECT (SELECT password_hash FROM users WHERE name = '@frank:example.com') =
       (SELECT password_hash FROM frank_before) AS unchanged;
