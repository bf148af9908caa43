-- knead's storage, PostgreSQL. Times are UTC seconds since the Unix epoch (as
-- on SQLite: one conversion at the boundary); token hashes are SHA-256 (32
-- bytes). Everything of an account goes with it (ON DELETE CASCADE); versions
-- it wrote in others' seasons lose their author.

CREATE TABLE accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT   NOT NULL,
    email_key     TEXT   NOT NULL UNIQUE,
    password_hash TEXT   NOT NULL,
    display_name  TEXT   NOT NULL,
    role          TEXT   NOT NULL CHECK (role IN ('runner', 'coach', 'clinic')),
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash   BYTEA  PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_secret  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_attempts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    address    TEXT    NOT NULL,
    at         BIGINT  NOT NULL,
    succeeded  BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts (account_id, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);

CREATE TABLE seasons (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id        BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT   NOT NULL,
    time_zone       TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    current_version BIGINT NOT NULL CHECK (current_version >= 1)
);
CREATE INDEX seasons_owner ON seasons (owner_id);

CREATE TABLE season_versions (
    season_id  BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    number     BIGINT NOT NULL CHECK (number >= 1),
    plan_toml  TEXT   NOT NULL,
    author_id  BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    summary    TEXT   NOT NULL,
    PRIMARY KEY (season_id, number)
);
CREATE INDEX season_versions_author ON season_versions (author_id);

CREATE TABLE season_grants (
    season_id  BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    permission TEXT   NOT NULL CHECK (permission IN ('view', 'edit')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (season_id, account_id)
);
CREATE INDEX season_grants_account ON season_grants (account_id);

CREATE TABLE feed_tokens (
    token_hash BYTEA  PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    season_id  BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('full', 'busy')),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX feed_tokens_season ON feed_tokens (season_id, kind);

CREATE TABLE feed_events (
    season_id    BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    uid          TEXT   NOT NULL,
    content_hash TEXT   NOT NULL,
    sequence     BIGINT NOT NULL CHECK (sequence >= 0),
    dtstamp      BIGINT NOT NULL,
    cancelled_at BIGINT,
    PRIMARY KEY (season_id, uid)
);

CREATE TABLE api_tokens (
    token_hash   BYTEA  PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);
