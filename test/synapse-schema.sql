-- The part of Synapse's schema that mxpw touches, declared as Synapse
-- declares it on PostgreSQL: users, access_tokens, refresh_tokens and
-- pushers.
-- Used by the regress suite (through test/regress-fixture.sql) and the
-- demo; the end-to-end suite runs against the schema a real Synapse creates.
CREATE TABLE users (
    name text,
    password_hash text,
    creation_ts bigint,
    admin smallint DEFAULT 0 NOT NULL,
    upgrade_ts bigint,
    is_guest smallint DEFAULT 0 NOT NULL,
    appservice_id text,
    consent_version text,
    consent_server_notice_sent text,
    user_type text,
    deactivated smallint DEFAULT 0 NOT NULL,
    shadow_banned boolean,
    consent_ts bigint,
    approved boolean,
    locked boolean DEFAULT false NOT NULL,
    CONSTRAINT users_name_key UNIQUE (name)
);

CREATE TABLE refresh_tokens (
    id bigint PRIMARY KEY,
    user_id text NOT NULL,
    device_id text NOT NULL,
    token text NOT NULL UNIQUE,
    next_token_id bigint REFERENCES refresh_tokens (id) ON DELETE CASCADE,
    expiry_ts bigint,
    ultimate_session_expiry_ts bigint
);

CREATE TABLE access_tokens (
    id bigint PRIMARY KEY,
    user_id text NOT NULL,
    device_id text,
    token text NOT NULL UNIQUE,
    valid_until_ms bigint,
    puppets_user_id text,
    last_validated bigint,
    refresh_token_id bigint REFERENCES refresh_tokens (id) ON DELETE CASCADE,
    used boolean
);

-- Schema 72's pushers, with the columns of deltas 73/02, 73/03 and 85/02.
CREATE TABLE pushers (
    id bigint PRIMARY KEY,
    user_name text NOT NULL,
    access_token bigint,
    profile_tag text NOT NULL,
    kind text NOT NULL,
    app_id text NOT NULL,
    app_display_name text NOT NULL,
    device_display_name text NOT NULL,
    pushkey text NOT NULL,
    ts bigint NOT NULL,
    lang text,
    data text,
    last_stream_ordering bigint,
    last_success bigint,
    failing_since bigint,
    enabled boolean,
    device_id text,
    instance_name text,
    UNIQUE (app_id, pushkey, user_name)
);
