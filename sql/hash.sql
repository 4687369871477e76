-- mxpw_hash: the hash Synapse would store.  Every test password contains
-- "fake" so that test/run can prove none reaches the server log.
\i test/regress-fixture.sql

-- A fresh hash is $2b$, at mxpw.bcrypt_rounds, 60 characters of bcrypt.
SELECT mxpw_hash('fake-password-1') ~ '^\$2b\$04\$[./A-Za-z0-9]{53}$' AS shape;
SELECT substr(mxpw_hash('fake-password-1', 5), 1, 7) AS explicit_rounds;
SELECT substr(mxpw_hash('fake-password-1', NULL), 1, 7) AS null_rounds_means_setting;
SET mxpw.bcrypt_rounds = 6;
SELECT substr(mxpw_hash('fake-password-1'), 1, 7) AS setting_rounds;
RESET mxpw.bcrypt_rounds;

-- Salted: the same password hashes differently each time, and both verify.
WITH h AS (SELECT mxpw_hash('fake-password-1') AS a, mxpw_hash('fake-password-1') AS b)
SELECT a <> b AS salted,
       mxpw_verify('fake-password-1', a) AND mxpw_verify('fake-password-1', b) AS both_verify,
       mxpw_verify('fake-password-2', a) AS other_verifies,
       mxpw_verify('FAKE-PASSWORD-1', a) AS case_insensitive
FROM h;

-- NFKC: compatibility forms are the same password, other characters are not.
SELECT typed, stored, mxpw_verify(typed, mxpw_hash(stored)) AS verifies
FROM (VALUES
    (U&'fake-\FB01', 'fake-fi'),                         -- ligature
    ('fake-fi', U&'fake-\FB01'),
    (U&'\FF46\FF41\FF4B\FF45', 'fake'),                  -- fullwidth
    (U&'fake-cafe\0301', U&'fake-caf\00E9'),             -- decomposed accent
    (U&'fake-x\00B2', 'fake-x2'),                        -- superscript two
    (U&'fake-\2126', U&'fake-\03A9'),                    -- ohm sign, omega
    (U&'fake-caf\00E9', 'fake-cafe'),                    -- accent matters
    ('fake-Cafe', 'fake-cafe')                           -- case matters
) AS t(typed, stored);

-- bcrypt reads 72 bytes: passwords that agree on them are the same password,
-- and the cut is on bytes, so it can fall inside a character.
SET mxpw.pepper = '';
SELECT mxpw_verify(repeat('f', 71) || 'Xfake-tail-2', mxpw_hash(repeat('f', 71) || 'Xfake-tail-1')) AS agree_on_72,
       mxpw_verify(repeat('f', 71) || 'Yfake-tail-1', mxpw_hash(repeat('f', 71) || 'Xfake-tail-1')) AS differ_at_byte_72,
       mxpw_verify('fake-' || repeat(U&'\00E9', 34), mxpw_hash('fake-' || repeat(U&'\00E9', 40))) AS split_character,
       mxpw_verify('fake-' || repeat(U&'\00E9', 33) || 'x', mxpw_hash('fake-' || repeat(U&'\00E9', 40))) AS split_character_differs;

-- The pepper is appended to the password before hashing ...
SET mxpw.pepper = 'fake-pepper-a';
CREATE TEMP TABLE peppered AS SELECT mxpw_hash('fake-password-1') AS hash;
SELECT mxpw_verify('fake-password-1', hash) AS same_pepper FROM peppered;
SET mxpw.pepper = 'fake-pepper-b';
SELECT mxpw_verify('fake-password-1', hash) AS other_pepper FROM peppered;
SET mxpw.pepper = '';
SELECT mxpw_verify('fake-password-1', hash) AS no_pepper,
       mxpw_verify('fake-password-1fake-pepper-a', hash) AS appended_by_hand
FROM peppered;

-- ... and counts toward the 72 bytes: after a 70-byte password only the
-- pepper's first two bytes are hashed.  mxpw refuses such passwords unless
-- a superuser allows them (see partial_pepper below).
SET mxpw.allow_partial_pepper = on;
SET mxpw.pepper = 'fake-pepper-a';
CREATE TEMP TABLE long_peppered AS SELECT mxpw_hash('fake-' || repeat('x', 65)) AS hash;
SET mxpw.pepper = 'fa-other-fake-pepper';
SELECT mxpw_verify('fake-' || repeat('x', 65), hash) AS first_two_bytes_agree FROM long_peppered;
SET mxpw.pepper = 'fb-other-fake-pepper';
SELECT mxpw_verify('fake-' || repeat('x', 65), hash) AS first_two_bytes_differ FROM long_peppered;

-- Known answers from pyca bcrypt, the library Synapse uses, with Synapse's
-- recipe: bcrypt(NFKC(password).encode() + pepper.encode()) at a fixed salt.
SET mxpw.pepper = 'fake-kat-pepper';
SELECT variant, mxpw_verify(U&'fake-\FB01-p\00E4ssw\00F6rd', hash) AS verifies,
       mxpw_verify(U&'fake-fi-p\00E4ssw\00F6rd', hash) AS nfkc_form_verifies,
       mxpw_verify('fake-fi-passwoerd', hash) AS other_verifies
FROM (VALUES
    ('$2b$', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('$2a$', '$2a$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('$2y$', '$2y$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')
) AS t(variant, hash);
SELECT mxpw_verify('fake-' || repeat(U&'\00E9', 40), '$2b$04$0123456789abcdefghijkeXKOOULUO9elESw4wIkEXfnvhwYdplKy') AS cut_in_character,
       mxpw_verify('fake-' || repeat('x', 65), '$2b$04$zyxwvutsrqponmlkjihgfef57xMnXNnLRTcjTL1Pjc9e3B7teDjLG') AS cut_in_pepper;
RESET mxpw.allow_partial_pepper;
SET mxpw.pepper = '';
SELECT mxpw_verify(U&'fake-cafe\0301-\FF26\FF35\FF2C\FF2C\FF37\FF29\FF24\FF34\FF28',
                   '$2b$05$ABCDEFGHIJKLMNOPQRSTUuC4CPx1Nt6Gr9UpEYeVhQ6l4d2Mrj8iu') AS no_pepper_nfkc;
RESET mxpw.pepper;

-- partial_pepper: with a pepper, a password whose normalised form is 57 to
-- 71 bytes would leave fewer than 16 pepper bytes in bcrypt's key, and a
-- known password with its hash would give the pepper away a byte at a
-- time.  Hashing and checking it are refused, whatever the pepper's length.
SET mxpw.pepper = 'fake-pepper-guard';
SELECT n, regress_sqlstate(format('SELECT mxpw_hash(%L, 4)', 'fake-' || repeat('x', n - 5))) AS hash,
       regress_sqlstate(format('SELECT mxpw_verify(%L, %L)', 'fake-' || repeat('x', n - 5),
                               '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')) AS verify
FROM unnest(ARRAY[56, 57, 71, 72]) AS n;
-- Bytes are counted after NFKC: each 2-byte U+00BD becomes the 5 bytes of
-- 1, U+2044 and 2, so 27 bytes as typed are 60 once normalised.
SELECT regress_sqlstate(format('SELECT mxpw_hash(%L, 4)', 'fake-' || repeat(U&'\00BD', 10))) AS fractions_55_bytes,
       regress_sqlstate(format('SELECT mxpw_hash(%L, 4)', 'fake-' || repeat(U&'\00BD', 11))) AS fractions_60_bytes;
SET mxpw.pepper = 'fak';
SELECT regress_sqlstate(format('SELECT mxpw_hash(%L, 4)', 'fake-' || repeat('x', 52))) AS short_pepper_57;
SET mxpw.pepper = '';
SELECT regress_sqlstate(format('SELECT mxpw_hash(%L, 4)', 'fake-' || repeat('x', 52))) AS no_pepper_57;
SET mxpw.pepper = 'fake-pepper-guard';
SELECT mxpw_hash('fake-' || repeat('x', 60), 4);
SET mxpw.allow_partial_pepper = on;
SELECT mxpw_verify('fake-' || repeat('x', 60), mxpw_hash('fake-' || repeat('x', 60), 4)) AS allowed_by_superuser;
RESET mxpw.allow_partial_pepper;
RESET mxpw.pepper;

-- Passwords Synapse refuses to set are refused here too.
SELECT mxpw_hash(NULL);
SELECT mxpw_hash('');
SELECT mxpw_hash('fake' || repeat('x', 509));
SELECT length(mxpw_hash('fake' || repeat('x', 508))) AS at_512_characters;
SELECT length(mxpw_hash('fake' || repeat(U&'\00E9', 508))) AS multibyte_512_characters;
SELECT mxpw_hash('fake-password-1', 3);
SELECT mxpw_hash('fake-password-1', 17);
