-- The part of Matrix Authentication Service's schema that mxpw touches, or
-- that constrains what it writes, with fake users and sessions.  Used by
-- test/py/test_mas.py; load it into a fresh database, in the schema first on
-- the search_path (mxpw.mas_schema names that schema; public by default).
--
-- Written for mxpw from MAS's migrations, not copied from them: MAS
-- (element-hq/matrix-authentication-service) at commit 682b8d26,
-- crates/storage-pg/migrations/:
--   20221018142001_init.sql                  users, user_passwords,
--                                            user_sessions, compat_sessions,
--                                            oauth2_sessions, oauth2_clients
--   20221213145242_password_schemes.sql      user_passwords.version (NOT NULL,
--                                            no default), upgraded_from_id
--   20230616093555_compat_admin_flag.sql     compat_sessions.is_synapse_admin
--   20230728154304_user_lock.sql             users.locked_at
--   20230829092920_oauth2_sessions_user_id_scope_list.sql,
--   20230904135550_oauth2_client_credentials_grant.sql
--                                            oauth2_sessions.user_id (nullable,
--                                            ON DELETE CASCADE), scope_list
--   20230829141928_user_session_user_agent.sql,
--   20240221164945_sessions_user_agent.sql   user_agent columns
--   20230919155444_record_session_last_activity.sql
--                                            last_active_at, last_active_ip
--   20231009142904_user_can_request_admin.sql users.can_request_admin
--   20240220141353_nonunique_compat_device_id.sql,
--   20250114135939_allow_deviceless_compat_sessions.sql
--                                            compat_sessions.device_id: not
--                                            unique, nullable
--   20240220150201_compat_sessions_user_sessions_link.sql,
--   20260122113523_compat_sessions_user_session_no_action.sql
--                                            compat_sessions.user_session_id
--   20250129154003_compat_sessions_device_name.sql,
--   20250425113717_oauth2_session_human_name.sql   human_name columns
--   20250130170011_user_is_guest.sql         users.is_guest
--   20250311093145_user_deactivated_at.sql   users.deactivated_at
--   20250410121612_users_lower_username_idx.sql    users_lower_username_idx
--   20250410000034_idx_user_passwords_user_fk.sql  user_passwords_user_fk
--   20260108120030_remove_user_emails_old_confirmation.sql
--                                            users.primary_user_email_id dropped
--   20250924132713_personal_access_tokens.sql      personal_sessions
--   20241004075132_queue_worker.sql          queue_workers (a foreign key's
--                                            target only)
--   20241004121132_queue_job.sql             queue_job_status, queue_jobs and
--                                            the queue_job_notify trigger
--   20241120163320_queue_job_failures.sql,
--   20241122130349_queue_job_scheduled.sql,
--   20241125110803_queue_job_recurrent.sql,
--   20260116000003_queue_jobs_next_attempt_set_null.sql
--                                            queue_jobs' later columns, the
--                                            enum's later values, and
--                                            queue_schedules (a target only)
-- Left out: every other table, foreign keys to tables left out (user_emails,
-- upstream OAuth), most indexes, and the columns of oauth2_clients that
-- nothing here needs.
--
-- MAS's IDs are ULIDs stored as uuid: the first 48 bits are the creation
-- time in milliseconds.  The fake users' IDs below are such ULIDs, for
-- 2024-01-02 03:04:05 UTC plus one second per user.
--
-- The old password rows hold bcrypt hashes (cost 4, made with pyca bcrypt)
-- of "fake-old-<username>" with the fake secret "fake-mas-secret-v1"
-- appended, MAS's bcrypt recipe: scheme version 1 of test_mas.py.

CREATE TABLE users (
    user_id uuid NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
    username text NOT NULL CONSTRAINT users_username_unique UNIQUE,
    created_at timestamptz NOT NULL,
    locked_at timestamptz DEFAULT NULL,
    can_request_admin boolean NOT NULL DEFAULT false,
    is_guest boolean NOT NULL DEFAULT false,
    deactivated_at timestamptz
);
CREATE INDEX users_lower_username_idx ON users (lower(username));

CREATE TABLE user_passwords (
    user_password_id uuid NOT NULL CONSTRAINT user_passwords_pkey PRIMARY KEY,
    user_id uuid NOT NULL
        CONSTRAINT user_passwords_user_id_fkey REFERENCES users (user_id),
    hashed_password text NOT NULL,
    created_at timestamptz NOT NULL,
    version integer NOT NULL,
    upgraded_from_id uuid
        CONSTRAINT user_passwords_upgraded_from_id_fkey
        REFERENCES user_passwords (user_password_id) ON DELETE SET NULL
);
CREATE INDEX user_passwords_user_fk ON user_passwords (user_id);

CREATE TABLE user_sessions (
    user_session_id uuid NOT NULL CONSTRAINT user_sessions_pkey PRIMARY KEY,
    user_id uuid NOT NULL
        CONSTRAINT user_sessions_user_id_fkey REFERENCES users (user_id),
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    user_agent text,
    last_active_at timestamptz,
    last_active_ip inet
);

CREATE TABLE compat_sessions (
    compat_session_id uuid NOT NULL CONSTRAINT compat_sessions_pkey PRIMARY KEY,
    user_id uuid NOT NULL
        CONSTRAINT compat_sessions_user_id_fkey REFERENCES users (user_id),
    device_id text,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    is_synapse_admin boolean NOT NULL DEFAULT false,
    last_active_at timestamptz,
    last_active_ip inet,
    user_session_id uuid
        CONSTRAINT compat_sessions_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    user_agent text,
    human_name text
);
CREATE INDEX compat_sessions_active_user_idx ON compat_sessions (user_id)
    WHERE finished_at IS NULL;

-- Only what oauth2_sessions' foreign key needs.
CREATE TABLE oauth2_clients (
    oauth2_client_id uuid NOT NULL CONSTRAINT oauth2_clients_pkey PRIMARY KEY,
    grant_type_authorization_code boolean NOT NULL,
    grant_type_refresh_token boolean NOT NULL,
    grant_type_client_credentials boolean NOT NULL DEFAULT false,
    client_name text,
    created_at timestamptz
);

CREATE TABLE oauth2_sessions (
    oauth2_session_id uuid NOT NULL CONSTRAINT oauth2_sessions_pkey PRIMARY KEY,
    user_session_id uuid
        CONSTRAINT oauth2_sessions_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    oauth2_client_id uuid NOT NULL
        CONSTRAINT oauth2_sessions_oauth2_client_id_fkey
        REFERENCES oauth2_clients (oauth2_client_id),
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    -- Nullable since the client credentials grant: sessions without a user.
    user_id uuid REFERENCES users (user_id) ON DELETE CASCADE,
    scope_list text[] NOT NULL,
    last_active_at timestamptz,
    last_active_ip inet,
    user_agent text,
    human_name text
);
CREATE INDEX oauth2_sessions_active_user_client_idx
    ON oauth2_sessions (user_id, oauth2_client_id) WHERE finished_at IS NULL;

-- Personal access tokens' sessions: revoked_at, not finished_at.  mxpw
-- leaves them alone.
CREATE TABLE personal_sessions (
    personal_session_id uuid NOT NULL PRIMARY KEY,
    owner_user_id uuid REFERENCES users (user_id),
    owner_oauth2_client_id uuid REFERENCES oauth2_clients (oauth2_client_id),
    actor_user_id uuid NOT NULL REFERENCES users (user_id),
    human_name text NOT NULL,
    scope_list text[] NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_active_at timestamptz,
    last_active_ip inet,
    CONSTRAINT personal_sessions_exactly_one_owner
        CHECK ((owner_user_id IS NULL) <> (owner_oauth2_client_id IS NULL))
);

-- The job queue.  queue_workers and queue_schedules only as targets of
-- queue_jobs' foreign keys.
CREATE TABLE queue_workers (
    queue_worker_id uuid NOT NULL PRIMARY KEY,
    registered_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    shutdown_at timestamptz
);

CREATE TYPE queue_job_status AS ENUM
    ('available', 'running', 'completed', 'lost', 'failed', 'scheduled');

CREATE TABLE queue_jobs (
    queue_job_id uuid NOT NULL PRIMARY KEY,
    status queue_job_status NOT NULL DEFAULT 'available',
    created_at timestamptz NOT NULL,
    started_at timestamptz,
    started_by uuid REFERENCES queue_workers (queue_worker_id),
    completed_at timestamptz,
    queue_name text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}',
    failed_at timestamptz,
    failed_reason text,
    attempt integer NOT NULL DEFAULT 0,
    next_attempt_id uuid
        CONSTRAINT queue_jobs_next_attempt_id_fkey
        REFERENCES queue_jobs (queue_job_id) ON DELETE SET NULL,
    scheduled_at timestamptz
);
CREATE INDEX idx_queue_jobs_status_queue_job_id
    ON queue_jobs USING btree (status, queue_name, queue_job_id);

CREATE TABLE queue_schedules (
    schedule_name text NOT NULL PRIMARY KEY,
    last_scheduled_at timestamptz,
    last_scheduled_job_id uuid
        CONSTRAINT queue_schedules_last_scheduled_job_id_fkey
        REFERENCES queue_jobs (queue_job_id) ON DELETE SET NULL
);
ALTER TABLE queue_jobs
    ADD COLUMN schedule_name text REFERENCES queue_schedules (schedule_name);

-- MAS's workers LISTEN on queue_available; the payload names the queue.
CREATE FUNCTION queue_job_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'available' THEN
        PERFORM pg_notify('queue_available',
                          json_build_object('queue', NEW.queue_name)::text);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER queue_job_notify_trigger
    AFTER INSERT OR UPDATE OF status ON queue_jobs
    FOR EACH ROW EXECUTE PROCEDURE queue_job_notify();

-- Fake users.  alice and Alice are case twins, and so are twin and TwIn
-- (a third spelling, TWIN, matches both and neither exactly: MAS's login
-- finds no user).  carol is locked, dave deactivated, frank has no password
-- yet, erin has sessions of every kind.
INSERT INTO users (user_id, username, created_at, locked_at, deactivated_at) VALUES
    ('018cc820-d888-4d41-5300-000000000001', 'alice', '2024-01-02 03:04:05+00', NULL, NULL),
    ('018cc820-dc70-4d41-5300-000000000002', 'Alice', '2024-01-02 03:04:06+00', NULL, NULL),
    ('018cc820-e058-4d41-5300-000000000003', 'bob',   '2024-01-02 03:04:07+00', NULL, NULL),
    ('018cc820-e440-4d41-5300-000000000004', 'carol', '2024-01-02 03:04:08+00', '2024-02-01 00:00:00+00', NULL),
    ('018cc820-e828-4d41-5300-000000000005', 'dave',  '2024-01-02 03:04:09+00', NULL, '2024-02-01 00:00:00+00'),
    ('018cc820-ec10-4d41-5300-000000000006', 'erin',  '2024-01-02 03:04:10+00', NULL, NULL),
    ('018cc820-eff8-4d41-5300-000000000007', 'frank', '2024-01-02 03:04:11+00', NULL, NULL),
    ('018cc820-f3e0-4d41-5300-000000000008', 'twin',  '2024-01-02 03:04:12+00', NULL, NULL),
    ('018cc820-f7c8-4d41-5300-000000000009', 'TwIn',  '2024-01-02 03:04:13+00', NULL, NULL);

-- One old password each (version 1), alice two: an older one (the hash of
-- "fake-old-carol") that was upgraded into the newer one; only the newest
-- row counts at login.
INSERT INTO user_passwords (user_password_id, user_id, hashed_password, created_at, version, upgraded_from_id) VALUES
    ('018ce800-0000-7000-8000-000000000001', '018cc820-d888-4d41-5300-000000000001',
     '$2b$04$kPoswnM/cMF1gZZncQbozO4f8XFBNZar8luMSrm/wnOyRUkFs9nAi', '2024-01-08 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000001', '018cc820-d888-4d41-5300-000000000001',
     '$2b$04$0kts1y3h3T1gJJtbMMC0Ju98ZByiV7/AQqchW.hqShlW4E6AJ1S8G', '2024-01-15 00:00:00+00', 1,
     '018ce800-0000-7000-8000-000000000001'),
    ('018d0d20-0000-7000-8000-000000000002', '018cc820-dc70-4d41-5300-000000000002',
     '$2b$04$zRyfUX87l7j7PQC3RdZ08u7yZJj70n4b7kWtV8Hr.vkTrwv0OrNdW', '2024-01-15 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000003', '018cc820-e058-4d41-5300-000000000003',
     '$2b$04$/9A.VrPrxXX6s49f5h4byO8Dxicc/slNNs0gld9sdIkVsnVA2g2Aq', '2024-01-15 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000004', '018cc820-e440-4d41-5300-000000000004',
     '$2b$04$kPoswnM/cMF1gZZncQbozO4f8XFBNZar8luMSrm/wnOyRUkFs9nAi', '2024-01-15 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000005', '018cc820-e828-4d41-5300-000000000005',
     '$2b$04$8L/5/wbwzFmK91cfq8eJb.xGp.5.dU6p9S7VhW28zlMyPuKm6iQa2', '2024-01-15 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000006', '018cc820-ec10-4d41-5300-000000000006',
     '$2b$04$vOfK31RThXEgWa2AkF0F5uCeFEVFg1Psfs2sBCfjbDc2j59W.ffk2', '2024-01-15 00:00:00+00', 1, NULL),
    ('018d0d20-0000-7000-8000-000000000008', '018cc820-f3e0-4d41-5300-000000000008',
     '$2b$04$aNZAhU93qCqJDQILazWOsebia2rYzmnRzTVYH/tyZ/HCLPl/DdjcO', '2024-01-15 00:00:00+00', 1, NULL);

INSERT INTO oauth2_clients (oauth2_client_id, grant_type_authorization_code, grant_type_refresh_token,
                            client_name, created_at) VALUES
    ('018cc900-0000-7000-8000-0000000000c1', true, true, 'test client', '2024-01-02 04:00:00+00');

-- erin: two active browser sessions and a finished one; compat sessions
-- active (one without a device) and finished; OAuth 2.0 sessions active and
-- finished; an active personal session.  bob: one active session of each
-- kind, which erin's changes must leave alone.
INSERT INTO user_sessions (user_session_id, user_id, created_at, finished_at) VALUES
    ('018d2000-0000-7000-8000-0000000e0001', '018cc820-ec10-4d41-5300-000000000006', '2024-01-20 00:00:00+00', NULL),
    ('018d2000-0000-7000-8000-0000000e0002', '018cc820-ec10-4d41-5300-000000000006', '2024-01-20 00:00:01+00', NULL),
    ('018d2000-0000-7000-8000-0000000e0003', '018cc820-ec10-4d41-5300-000000000006', '2024-01-20 00:00:02+00', '2024-01-21 00:00:00+00'),
    ('018d2000-0000-7000-8000-0000000b0001', '018cc820-e058-4d41-5300-000000000003', '2024-01-20 00:00:03+00', NULL);

INSERT INTO compat_sessions (compat_session_id, user_id, device_id, created_at, finished_at, user_session_id) VALUES
    ('018d2000-0000-7000-8000-0000000ec001', '018cc820-ec10-4d41-5300-000000000006', 'DEVICE1', '2024-01-20 00:01:00+00', NULL, '018d2000-0000-7000-8000-0000000e0001'),
    ('018d2000-0000-7000-8000-0000000ec002', '018cc820-ec10-4d41-5300-000000000006', NULL,          '2024-01-20 00:01:01+00', NULL, NULL),
    ('018d2000-0000-7000-8000-0000000ec003', '018cc820-ec10-4d41-5300-000000000006', 'DEVICE3', '2024-01-20 00:01:02+00', '2024-01-21 00:00:00+00', NULL),
    ('018d2000-0000-7000-8000-0000000bc001', '018cc820-e058-4d41-5300-000000000003', 'DEVICEB', '2024-01-20 00:01:03+00', NULL, NULL);

INSERT INTO oauth2_sessions (oauth2_session_id, user_session_id, oauth2_client_id, created_at, finished_at, user_id, scope_list) VALUES
    ('018d2000-0000-7000-8000-0000000e0a01', '018d2000-0000-7000-8000-0000000e0002', '018cc900-0000-7000-8000-0000000000c1',
     '2024-01-20 00:02:00+00', NULL, '018cc820-ec10-4d41-5300-000000000006', '{openid,urn:matrix:org.matrix.msc2967.client:device:OAUTHDEV1}'),
    ('018d2000-0000-7000-8000-0000000e0a02', NULL, '018cc900-0000-7000-8000-0000000000c1',
     '2024-01-20 00:02:01+00', '2024-01-21 00:00:00+00', '018cc820-ec10-4d41-5300-000000000006', '{openid}'),
    ('018d2000-0000-7000-8000-0000000b0a01', NULL, '018cc900-0000-7000-8000-0000000000c1',
     '2024-01-20 00:02:02+00', NULL, '018cc820-e058-4d41-5300-000000000003', '{openid}'),
    -- a client credentials session, without a user
    ('018d2000-0000-7000-8000-000000000a01', NULL, '018cc900-0000-7000-8000-0000000000c1',
     '2024-01-20 00:02:03+00', NULL, NULL, '{urn:mas:admin}');

INSERT INTO personal_sessions (personal_session_id, owner_user_id, actor_user_id, human_name, scope_list, created_at) VALUES
    ('018d2000-0000-7000-8000-0000000e0b01', '018cc820-ec10-4d41-5300-000000000006', '018cc820-ec10-4d41-5300-000000000006',
     'a personal token', '{urn:matrix:org.matrix.msc2967.client:api:*}', '2024-01-20 00:03:00+00');
