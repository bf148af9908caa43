-- knead's storage, SQLite. Times are UTC seconds since the Unix epoch; token
-- hashes are SHA-256 (32 bytes). Everything of an account goes with it
-- (ON DELETE CASCADE); versions it wrote in others' seasons lose their author.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('runner', 'coach', 'clinic')),
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_secret  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_attempts (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    address    TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    succeeded  INTEGER NOT NULL CHECK (succeeded IN (0, 1))
) STRICT;
CREATE INDEX login_attempts_account ON login_attempts (account_id, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);

CREATE TABLE seasons (
    id              INTEGER PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    time_zone       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    current_version INTEGER NOT NULL CHECK (current_version >= 1)
) STRICT;
CREATE INDEX seasons_owner ON seasons (owner_id);

CREATE TABLE season_versions (
    season_id  INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number >= 1),
    plan_toml  TEXT    NOT NULL,
    author_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    summary    TEXT    NOT NULL,
    PRIMARY KEY (season_id, number)
) STRICT;
CREATE INDEX season_versions_author ON season_versions (author_id);

CREATE TABLE season_grants (
    season_id  INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    permission TEXT    NOT NULL CHECK (permission IN ('view', 'edit')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (season_id, account_id)
) STRICT;
CREATE INDEX season_grants_account ON season_grants (account_id);

CREATE TABLE feed_tokens (
    token_hash BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
    season_id  INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('full', 'busy')),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE INDEX feed_tokens_season ON feed_tokens (season_id, kind);

CREATE TABLE feed_events (
    season_id    INTEGER NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    uid          TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    sequence     INTEGER NOT NULL CHECK (sequence >= 0),
    dtstamp      INTEGER NOT NULL,
    cancelled_at INTEGER,
    PRIMARY KEY (season_id, uid)
) STRICT;

CREATE TABLE api_tokens (
    token_hash   BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_account ON api_tokens (account_id);
