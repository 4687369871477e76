-- A hostile search_path: a users table, a lower() that matches everything and
-- an = operator that is always true, all ahead of the real ones.
\i test/regress-fixture.sql

CREATE SCHEMA regress_evil;
CREATE TABLE regress_evil.users (LIKE public.users);
INSERT INTO regress_evil.users (name) VALUES ('@frank:example.com'), ('@alice:example.com');
CREATE TABLE regress_evil.access_tokens (LIKE public.access_tokens);
INSERT INTO regress_evil.access_tokens (id, user_id, token) VALUES (90, '@alice:example.com', 'syt_decoy_90');
INSERT INTO public.access_tokens (id, user_id, token) VALUES (91, '@alice:example.com', 'syt_alice_91');
CREATE TABLE regress_evil.pushers (LIKE public.pushers);
INSERT INTO regress_evil.pushers (id, user_name, profile_tag, kind, app_id, app_display_name,
                                  device_display_name, pushkey, ts, device_id)
    VALUES (90, '@alice:example.com', '', 'http', 'regress.app', 'App', 'Decoy', 'decoy', 0, 'ALICEPHONE');
INSERT INTO public.pushers (id, user_name, profile_tag, kind, app_id, app_display_name,
                            device_display_name, pushkey, ts, device_id)
    VALUES (91, '@alice:example.com', '', 'http', 'regress.app', 'App', 'Phone', 'phone', 0, 'ALICEPHONE');
CREATE FUNCTION regress_evil.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
CREATE FUNCTION regress_evil.always(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR regress_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = regress_evil.always);
CREATE TEMP TABLE users (LIKE public.users);
INSERT INTO pg_temp.users (name) VALUES ('@frank:example.com');

CREATE TEMP TABLE hashes_before AS SELECT name, password_hash FROM public.users;
SET search_path = regress_evil, public;
SELECT mxpw_set_password('@frank:example.com', 'fake-frank-password-4');
SELECT mxpw_revoke_sessions('@alice:example.com');
RESET search_path;

-- Only frank's row in public.users changed; the decoys are untouched.
SELECT u.name, u.password_hash IS DISTINCT FROM b.password_hash AS changed
FROM public.users u JOIN hashes_before b USING (name) ORDER BY u.name;
SELECT mxpw_verify('fake-frank-password-4', password_hash) AS logs_in
FROM public.users WHERE name = '@frank:example.com';
SELECT count(*) AS decoys_touched FROM regress_evil.users WHERE password_hash IS NOT NULL;
SELECT count(*) AS temp_decoy_touched FROM pg_temp.users WHERE password_hash IS NOT NULL;
SELECT count(*) AS decoy_tokens_left FROM regress_evil.access_tokens;
SELECT (SELECT count(*) FROM regress_evil.pushers) AS decoy_pushers_left,
       (SELECT count(*) FROM public.pushers) AS pushers_left;

DROP TABLE pg_temp.users;
DROP SCHEMA regress_evil CASCADE;
