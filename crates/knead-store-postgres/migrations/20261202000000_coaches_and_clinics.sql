-- Coaches and clinics.
--
-- season_invitations: a link a runner sends a coach; accepting it makes a
-- grant. Only the token's SHA-256 is kept.
--
-- clinic_profiles: a clinic account's therapists, types, prices, hours and
-- closures, as one JSON text the server reads.
--
-- clinic_links: the one clinic a season books with. Its staff see only seasons
-- linked to them, and only what a booking needs.
--
-- booking_requests: massages a runner asked a clinic for, and the answers.
-- Dates are YYYY-MM-DD; proposed_date is '' when there is none; therapist is
-- the one the clinic assigned ('' before).
--
-- clinic_feeds: a clinic's calendar feeds of accepted bookings, one per
-- therapist ('' for the whole clinic). Only the token's SHA-256 is kept.

CREATE TABLE season_invitations (
    token_hash  BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    season_id   BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    permission  TEXT NOT NULL CHECK (permission IN ('view', 'edit')),
    created_at  BIGINT NOT NULL,
    accepted_by BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    accepted_at BIGINT,
    revoked_at  BIGINT
);
CREATE INDEX season_invitations_season ON season_invitations (season_id);

CREATE TABLE clinic_profiles (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    profile    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE clinic_links (
    season_id  BIGINT PRIMARY KEY REFERENCES seasons (id) ON DELETE CASCADE,
    clinic_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX clinic_links_clinic ON clinic_links (clinic_id);

CREATE TABLE booking_requests (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    season_id     BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    clinic_id     BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'proposed', 'cancelled')),
    proposed_date TEXT NOT NULL,
    note          TEXT NOT NULL,
    therapist     TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX booking_requests_season ON booking_requests (season_id);
CREATE INDEX booking_requests_clinic ON booking_requests (clinic_id, date);

CREATE TABLE clinic_feeds (
    token_hash BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    clinic_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    therapist  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX clinic_feeds_clinic ON clinic_feeds (clinic_id, therapist);
