-- Hostile input.  1 MB strings through every function: refused or answered,
-- never echoed, never a crash.
\i test/regress-fixture.sql

SELECT n, regress_error(statement) AS error
FROM (VALUES
    (1, $$SELECT mxpw_hash(repeat('fake', 262144))$$),
    (2, $$SELECT mxpw_set_password('@alice:example.com', repeat('fake', 262144))$$),
    (3, $$SELECT mxpw_set_password(repeat('@', 1048576), 'fake-password-1')$$),
    (4, $$SELECT mxpw_set_password_hash(repeat('@', 1048576), '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    (5, $$SELECT mxpw_set_password_hash('@alice:example.com', repeat('$2b$', 262144))$$),
    (6, $$SELECT mxpw_reset_password(repeat('a', 1048576))$$),
    (7, $$SELECT mxpw_revoke_sessions(repeat('@a:', 349526))$$)
) AS t(n, statement)
ORDER BY n;
SELECT mxpw_verify(repeat('fake', 262144), '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS long_password,
       mxpw_verify('fake-password-1', repeat('$2b$04$', 149797)) AS long_hash,
       mxpw_needs_rehash(repeat('$2b$04$', 149797)) AS long_hash_needs_rehash;

-- Combining marks out of canonical order take PostgreSQL's NFKC time
-- quadratic in their number, which no cancel interrupts: 16,000 took over
-- a second.  A check normalises at most 2048 bytes (512 characters of 4
-- bytes); a longer password, which could not have been set, does not
-- match, at once, as the 500 ms timeout shows.  Up to the bound a long
-- password still checks (bcrypt reads its first 72 bytes); past it, not.
-- 500 ms, times mxpw_regress.time_scale where a slow server sets it (the
-- sanitizer suite's server runs under valgrind, some 20 to 50 times slower).
SELECT set_config('statement_timeout',
                  500 * coalesce(current_setting('mxpw_regress.time_scale', true), '1')::int || 'ms',
                  false) AS statement_timeout \gset
CREATE TEMP TABLE marks AS SELECT mxpw_hash('fake' || repeat(U&'\0301\0316', 100), 4) AS hash;
SELECT mxpw_verify('fake' || repeat(U&'\0301\0316', 8000), hash) AS combining_marks,
       mxpw_verify('fake' || repeat(U&'\0301\0316', 511), hash) AS up_to_2048_bytes,
       mxpw_verify('fake' || repeat(U&'\0301\0316', 511) || 'x', hash) AS past_2048_bytes
FROM marks;
RESET statement_timeout;

-- Unicode oddities hash and verify as typed, and as PostgreSQL's own NFKC
-- normalize() writes them; what NFKC changes is marked.
SELECT label,
       mxpw_verify(pw, mxpw_hash(pw)) AS as_typed,
       mxpw_verify(normalize(pw, NFKC), mxpw_hash(pw)) AS as_nfkc,
       NOT (pw IS NFKC NORMALIZED) AS nfkc_changes_it
FROM (VALUES
    ('stacked combining marks', U&'fake-a\0301\0323\0308\0331'),
    ('right-to-left with marks', U&'fake-\05E9\05DC\05D5\05DD-\200F\0645\0631\062D\0628\0627\200E'),
    ('emoji zero-width-joiner sequence', U&'fake-\+01F469\200D\+01F4BB\+01F1F3\+01F1F1'),
    ('variation selectors', U&'fake-\2764\FE0F\FE0E'),
    ('byte order mark', U&'\FEFFfake-bom'),
    ('noncharacters', U&'fake-\FFFF\+10FFFF'),
    ('Hangul jamo', U&'fake-\1100\1161\11A8'),
    ('mathematical bold', U&'fake-\+01D41A\+01D41B'),
    ('fullwidth digits', U&'fake-\FF11\FF12\FF13'),
    ('ligature and superscript', U&'fake-\FB03\00B9'),
    ('NUL-free control characters', E'fake-\x01\x07\x1b[0m')
) AS t(label, pw);

-- Unpaired surrogates cannot reach mxpw: PostgreSQL refuses them in text.
SELECT regress_sqlstate($$SELECT mxpw_hash(U&'fake-\D800')$$) AS utf16_escape,
       regress_sqlstate($$SELECT mxpw_hash(E'fake-\uDC00')$$) AS c_escape,
       regress_sqlstate($$SELECT mxpw_hash(convert_from('\x66616b65eda080'::bytea, 'UTF8'))$$) AS raw_bytes;

-- The pepper by the remaining routes, for a role that owns a database.
CREATE ROLE regress_mxpw_owner;
CREATE DATABASE regress_mxpw_owned OWNER regress_mxpw_owner;
SET ROLE regress_mxpw_owner;
SELECT route, regress_sqlstate(statement) AS sqlstate
FROM (VALUES
    ('ALTER DATABASE', $$ALTER DATABASE regress_mxpw_owned SET mxpw.pepper = 'fake-hidden-pepper'$$),
    ('ALTER ROLE IN DATABASE', $$ALTER ROLE regress_mxpw_owner IN DATABASE regress_mxpw_owned SET mxpw.pepper = 'fake-hidden-pepper'$$),
    ('SET LOCAL', $$SET LOCAL mxpw.pepper = 'fake-hidden-pepper'$$),
    ('RESET', $$RESET mxpw.pepper$$),
    ('pg_file_settings', $$SELECT setting FROM pg_file_settings WHERE name = 'mxpw.pepper'$$),
    ('pg_read_file', $$SELECT pg_read_file('postgresql.conf')$$)
) AS t(route, statement);
ALTER SYSTEM SET mxpw.pepper = 'fake-hidden-pepper';
RESET ROLE;
DROP DATABASE regress_mxpw_owned;
DROP ROLE regress_mxpw_owner;
