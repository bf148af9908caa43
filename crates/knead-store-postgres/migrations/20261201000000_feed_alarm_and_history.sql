-- A season's feed reminder and its training history.
--
-- feed_alarm_minutes: how long before the start of an all-day massage event
-- its feed reminder goes off (360: 18:00 the evening before); NULL for none.
-- Existing seasons get the default. At most a week (10080 minutes).
--
-- season_history: the activities the runner recorded, as one JSON text the
-- store keeps as it is, with the number of files it came from. One per season;
-- it goes with its season (and so with its owner's account). Integers are
-- BIGINT, as everywhere here (the store reads them as i64).

ALTER TABLE seasons ADD COLUMN feed_alarm_minutes BIGINT DEFAULT 360
    CHECK (feed_alarm_minutes BETWEEN 0 AND 10080);

CREATE TABLE season_history (
    season_id  BIGINT PRIMARY KEY REFERENCES seasons (id) ON DELETE CASCADE,
    activities TEXT   NOT NULL,
    files      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
