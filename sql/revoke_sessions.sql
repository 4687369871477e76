-- mxpw_revoke_sessions: delete a user's access and refresh tokens, and the
-- pushers of those sessions.
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
-- An admin's token that puppets bob (Synapse's admin API "login as user")
-- is the admin's: Synapse's logout of bob keeps it, and so does mxpw.
INSERT INTO users (name, creation_ts, admin) VALUES ('@admin:example.com', 1700000000, 1);
INSERT INTO access_tokens (id, user_id, device_id, token, puppets_user_id) VALUES
    (24, '@admin:example.com', NULL, 'syt_admin_24', '@bob:example.com');
-- bob's pushers: from a device with a token, from a device whose token went
-- earlier, from a token before Synapse moved pushers to devices (id 21),
-- and from no device nor token (as a puppet token registers them); and one
-- of his twin's.
INSERT INTO pushers (id, user_name, access_token, profile_tag, kind, app_id,
                     app_display_name, device_display_name, pushkey, ts, device_id) VALUES
    (1, '@bob:example.com', NULL, '', 'http', 'regress.app', 'App', 'Phone', 'phone', 0, 'BOBPHONE'),
    (2, '@bob:example.com', NULL, '', 'http', 'regress.app', 'App', 'Old', 'old-phone', 0, 'BOBOLDPHONE'),
    (3, '@bob:example.com', 21, '', 'http', 'regress.app', 'App', 'Laptop', 'laptop', 0, NULL),
    (4, '@bob:example.com', NULL, '', 'http', 'regress.app', 'App', 'Puppet', 'puppet', 0, NULL),
    (5, '@Bob:example.com', NULL, '', 'http', 'regress.app', 'App', 'Phone', 'phone', 0, 'BIGBOBPHONE');

-- Three access tokens and two refresh tokens, only bob's.
SELECT mxpw_revoke_sessions('@bob:example.com') AS revoked;
SELECT user_id, count(*) FROM access_tokens GROUP BY user_id ORDER BY user_id;
SELECT user_id, count(*) FROM refresh_tokens GROUP BY user_id ORDER BY user_id;
SELECT id, user_id, puppets_user_id FROM access_tokens WHERE puppets_user_id IS NOT NULL;
-- bob's pushers of a device or token went, uncounted; the others stay.
SELECT id, user_name, device_id FROM pushers ORDER BY id;
SELECT mxpw_revoke_sessions('@bob:example.com') AS revoked_again;

-- Before Synapse's schema delta 73/03, pushers had no device_id: those of
-- a token go, the others stay.
BEGIN;
ALTER TABLE pushers DROP COLUMN device_id;
INSERT INTO pushers (id, user_name, access_token, profile_tag, kind, app_id,
                     app_display_name, device_display_name, pushkey, ts) VALUES
    (6, '@frank:example.com', 3, '', 'http', 'regress.app', 'App', 'Phone', 'phone', 0),
    (7, '@frank:example.com', NULL, '', 'http', 'regress.app', 'App', 'Puppet', 'puppet', 0);
SELECT mxpw_revoke_sessions('@frank:example.com') AS revoked_old_pushers;
SELECT id, user_name FROM pushers WHERE user_name = '@frank:example.com';
ROLLBACK;

-- Without Synapse's pushers table nothing is deleted.
BEGIN;
ALTER TABLE pushers RENAME TO pushers_elsewhere;
SELECT regress_error($$SELECT mxpw_revoke_sessions('@frank:example.com')$$) AS no_pushers_table;
SELECT count(*) AS frank_tokens_kept FROM access_tokens WHERE user_id = '@frank:example.com';
ROLLBACK;

-- A deactivated account's leftover sessions can be cleaned up.
SELECT mxpw_revoke_sessions('@dave:example.com') AS revoked_deactivated;

SET client_min_messages = log;
SELECT mxpw_revoke_sessions('@Bob:example.com') AS revoked;
RESET client_min_messages;

SELECT mxpw_revoke_sessions('@nobody:example.com');
SELECT mxpw_revoke_sessions('@BOB:example.com');
SELECT mxpw_revoke_sessions(NULL);
