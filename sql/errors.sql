-- Every bad input, with its SQLSTATE.  Each statement runs on its own and
-- changes nothing; the check at the end shows no row moved.
\i test/regress-fixture.sql

CREATE TEMP TABLE users_before AS SELECT * FROM users;
CREATE TEMP TABLE tokens_before AS SELECT id FROM access_tokens UNION ALL SELECT -id FROM refresh_tokens;

SELECT n, regress_error(statement) AS error
FROM (VALUES
    -- passwords
    (1, $$SELECT mxpw_hash(NULL)$$),
    (2, $$SELECT mxpw_hash('')$$),
    (3, $$SELECT mxpw_hash('fake' || repeat('x', 509))$$),
    (4, $$SELECT mxpw_hash('fake' || repeat(U&'\00E9', 509))$$),
    (5, $$SELECT mxpw_set_password('@alice:example.com', NULL)$$),
    (6, $$SELECT mxpw_set_password('@alice:example.com', '')$$),
    (7, $$SELECT mxpw_set_password('@alice:example.com', 'fake' || repeat('x', 100000))$$),
    (8, $$SELECT mxpw_verify(NULL, NULL)$$),
    -- rounds
    (9, $$SELECT mxpw_hash('fake-pw', 3)$$),
    (10, $$SELECT mxpw_hash('fake-pw', 17)$$),
    (11, $$SELECT mxpw_hash('fake-pw', 31)$$),
    (12, $$SELECT mxpw_hash('fake-pw', -1)$$),
    (13, $$SET mxpw.bcrypt_rounds = 3$$),
    (14, $$SET mxpw.bcrypt_rounds = 17$$),
    (15, $$SELECT mxpw_verify('fake-pw', '$2b$20$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    -- user ids
    (16, $$SELECT mxpw_revoke_sessions(NULL)$$),
    (17, $$SELECT mxpw_revoke_sessions('')$$),
    (18, $$SELECT mxpw_revoke_sessions('@alice')$$),
    (19, $$SELECT mxpw_revoke_sessions('@alice:')$$),
    (20, $$SELECT mxpw_revoke_sessions('@:example.com')$$),
    (21, $$SELECT mxpw_revoke_sessions('alice:example.com')$$),
    (22, $$SELECT mxpw_revoke_sessions(' @alice:example.com')$$),
    (23, $$SELECT mxpw_revoke_sessions('@alice:exa mple.com')$$),
    (24, $$SELECT mxpw_revoke_sessions('@alice:example.com:')$$),
    (25, $$SELECT mxpw_revoke_sessions('@alice:example.com:123456')$$),
    (26, $$SELECT mxpw_revoke_sessions('@alice:example.com:80a')$$),
    (27, $$SELECT mxpw_revoke_sessions('@alice:exam_ple.com')$$),
    (28, $$SELECT mxpw_revoke_sessions('@alice:[::1')$$),
    (29, $$SELECT mxpw_revoke_sessions('@alice:[]')$$),
    (30, $$SELECT mxpw_revoke_sessions(U&'@\00E5lice:example.com')$$),
    (31, $$SELECT mxpw_revoke_sessions(E'@alice\n:example.com')$$),
    (32, $$SELECT mxpw_revoke_sessions('@' || repeat('a', 250) || ':example.com')$$),
    (33, $$SELECT mxpw_revoke_sessions('''; DROP TABLE users; --')$$),
    (34, $$SELECT mxpw_revoke_sessions(U&'@alice:example.com\200F')$$),
    (35, $$SELECT mxpw_revoke_sessions('alice')$$),
    (36, $$SELECT mxpw_revoke_sessions('@nobody:example.com')$$),
    (37, $$SELECT mxpw_revoke_sessions('@alice:[::1]:8448')$$),
    (38, $$SELECT mxpw_revoke_sessions('@BOB:example.com')$$),
    (39, $$SELECT mxpw_reset_password('@dave:example.com')$$),
    (40, $$SELECT mxpw_set_password('@dave:example.com', 'fake-pw')$$),
    -- hashes
    (41, $$SELECT mxpw_set_password_hash('@alice:example.com', NULL)$$),
    (42, $$SELECT mxpw_set_password_hash('@alice:example.com', '')$$),
    (43, $$SELECT mxpw_set_password_hash('@alice:example.com', 'fake-plaintext')$$),
    (44, $$SELECT mxpw_set_password_hash('@alice:example.com', '$2x$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    (45, $$SELECT mxpw_set_password_hash('@alice:example.com', '$2b$32$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    (46, $$SELECT mxpw_set_password_hash('@alice:example.com', '$2b$x4$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    (47, $$SELECT mxpw_set_password_hash('@alice:example.com', '$2b$04$abcdefghijklmnopqrstuvAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')$$),
    (48, $$SELECT mxpw_set_password_hash('@alice:example.com', '$argon2id$v=19$m=65536,t=3,p=4$ZmFrZXNhbHQ$ZmFrZWhhc2g')$$),
    -- other arguments
    (49, $$SELECT mxpw_set_password_hash('@alice:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y', NULL)$$),
    (50, $$SELECT mxpw_reset_password('@alice:example.com', NULL)$$),
    -- settings and database
    (51, $$SET mxpw.server_name = 'bad name'$$),
    (52, $$SET mxpw.synapse_schema = ''$$),
    (53, $$SET mxpw.no_such_setting = 1$$),
    (54, $$SET LOCAL mxpw.synapse_schema = 'no_such_schema'; SELECT mxpw_revoke_sessions('@alice:example.com')$$),
    (55, $$SET LOCAL mxpw.synapse_schema = 'pg_catalog'; SELECT mxpw_revoke_sessions('@alice:example.com')$$)
) AS t(n, statement)
ORDER BY n;

SELECT (SELECT count(*) FROM (SELECT * FROM users EXCEPT SELECT * FROM users_before) AS changed) AS changed_users,
       (SELECT count(*) FROM (SELECT id FROM access_tokens UNION ALL SELECT -id FROM refresh_tokens
                              EXCEPT SELECT id FROM tokens_before) AS a)
     + (SELECT count(*) FROM (SELECT id FROM tokens_before
                              EXCEPT (SELECT id FROM access_tokens UNION ALL SELECT -id FROM refresh_tokens)) AS b) AS changed_tokens;
