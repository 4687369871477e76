-- mxpw_revoke_sessions: delete a user's access and refresh tokens.
\i test/regress-fixture.sql

INSERT INTO refresh_tokens (id, user_id, device_id, token, next_token_id) VALUES
    (20, '@bob:example.com', 'BOBPHONE', 'syr_bob_20b', NULL),
    (21, '@bob:example.com', 'BOBPHONE', 'syr_bob_21', 20),
    (22, '@Bob:example.com', 'BIGBOBPHONE', 'syr_bigbob_22', NULL);
INSERT INTO access_tokens (id, user_id, device_id, token, refresh_token_id) VALUES
    (20, '@bob:example.com', 'BOBPHONE', 'syt_bob_20', 21),
    (21, '@bob:example.com', 'BOBLAPTOP', 'syt_bob_21', NULL),
    (22, '@bob:example.com', NULL, 'syt_bob_22', NULL),
    (23, '@Bob:example.com', 'BIGBOBPHONE', 'syt_bigbob_23', 22);

-- Three access tokens and two refresh tokens, only bob's.
SELECT mxpw_revoke_sessions('@bob:example.com') AS revoked;
SELECT user_id, count(*) FROM access_tokens GROUP BY user_id ORDER BY user_id;
SELECT user_id, count(*) FROM refresh_tokens GROUP BY user_id ORDER BY user_id;
SELECT mxpw_revoke_sessions('@bob:example.com') AS revoked_again;

-- A deactivated account's leftover sessions can be cleaned up.
SELECT mxpw_revoke_sessions('@dave:example.com') AS revoked_deactivated;

SET client_min_messages = log;
SELECT mxpw_revoke_sessions('@Bob:example.com') AS revoked;
RESET client_min_messages;

SELECT mxpw_revoke_sessions('@nobody:example.com');
SELECT mxpw_revoke_sessions('@BOB:example.com');
SELECT mxpw_revoke_sessions(NULL);
