-- mxpw_needs_rehash: is this hash worth replacing at the next chance?
\i test/regress-fixture.sql

SELECT label, mxpw_needs_rehash(hash) AS needs_rehash
FROM (VALUES
    ('cost 04 < setting 04?', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('cost 12', '$2b$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('$2a$ cost 12', '$2a$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('cost 17', '$2b$17$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('$2x$', '$2x$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y'),
    ('empty', ''),
    ('md5-crypt', '$1$fakesalt$TdsFkRUoKTE2DkP96k/0v0')
) AS t(label, hash);

SET mxpw.bcrypt_rounds = 12;
SELECT mxpw_needs_rehash('$2b$10$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS cost_10_at_12,
       mxpw_needs_rehash('$2b$12$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y') AS cost_12_at_12;
RESET mxpw.bcrypt_rounds;

-- No hash (an SSO-only account) is no answer.
SELECT mxpw_needs_rehash(NULL) IS NULL AS null_for_null;

-- Anyone may ask: it involves no secret.
SELECT has_function_privilege('public', 'mxpw_needs_rehash(text)', 'EXECUTE') AS public_may_call;
