-- Synapse's database is UTF8; anything else cannot hash as Synapse does.
\i test/regress-fixture.sql

SELECT current_database() AS regress_database \gset
CREATE DATABASE regress_mxpw_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_mxpw_latin1
CREATE EXTENSION mxpw;
SELECT mxpw_hash('fake-password-1');
SELECT mxpw_verify('fake-password-1', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y');
SELECT mxpw_verify('fake-password-1', NULL);
SELECT mxpw_set_password('@alice:example.com', 'fake-password-1');
SELECT mxpw_needs_rehash('$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS works_without_utf8;
\c :regress_database
DROP DATABASE regress_mxpw_latin1;

-- DROP and CREATE EXTENSION round trip in the Synapse-shaped database: a
-- password set before still logs in after.
SELECT mxpw_set_password('@alice:example.com', 'fake-alice-password-7');
DROP EXTENSION mxpw;
SELECT count(*) AS leftover_functions FROM pg_proc WHERE proname LIKE 'mxpw\_%';
CREATE EXTENSION mxpw;
SELECT mxpw_verify('fake-alice-password-7', password_hash) AS still_logs_in
FROM users WHERE name = '@alice:example.com';
