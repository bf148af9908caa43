//! The records a [`Store`](crate::Store) keeps.

use jiff::Timestamp;

use crate::error::StoreError;
use crate::token::TokenHash;

/// An account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub i64);

/// A season's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeasonId(pub i64);

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The name stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value of a name stored in the database.
            ///
            /// # Errors
            /// [`StoreError::Corrupt`] for an unknown name.
            pub fn parse(text: &str) -> Result<$name, StoreError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(StoreError::Corrupt(format!(
                        concat!("unknown ", stringify!($name), " {:?}"),
                        other
                    ))),
                }
            }
        }
    };
}

text_enum! {
    /// What an account is for.
    Role {
        /// A runner planning their own seasons.
        Runner = "runner",
        /// A coach, given access to runners' seasons by grants.
        Coach = "coach",
        /// A clinic or therapist, given access by grants.
        Clinic = "clinic",
    }
}

text_enum! {
    /// What a grant lets another account do with a season.
    Permission {
        /// Read the season, its versions and its schedule.
        View = "view",
        /// Also save new versions.
        Edit = "edit",
    }
}

text_enum! {
    /// What a calendar feed shows.
    FeedKind {
        /// Every item with its details.
        Full = "full",
        /// Only busy blocks, nothing about health or training.
        Busy = "busy",
    }
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Email as typed; compared case-insensitively (Unicode lowercase).
    pub email: String,
    /// The password's argon2id hash (PHC string); the store never sees the password.
    pub password_hash: String,
    /// The name shown in pages.
    pub display_name: String,
    /// What the account is for.
    pub role: Role,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: AccountId,
    /// Email as typed when the account was made.
    pub email: String,
    /// The password's argon2id hash (PHC string).
    pub password_hash: String,
    /// The name shown in pages.
    pub display_name: String,
    /// What the account is for.
    pub role: Role,
    /// When it was created.
    pub created_at: Timestamp,
}

/// The key an email is unique by: trimmed and lowercased (Unicode).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A signed-in session. The session id itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the session token in the cookie.
    pub token_hash: TokenHash,
    /// Whose session it is.
    pub account: AccountId,
    /// The secret CSRF tokens of this session are derived from.
    pub csrf_secret: String,
    /// When it began.
    pub created_at: Timestamp,
    /// When it ends, unless renewed.
    pub expires_at: Timestamp,
    /// When it was last used.
    pub last_seen_at: Timestamp,
}

/// A login attempt, for rate limiting by account and by address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAttempt {
    /// The account the email named, if any.
    pub account: Option<AccountId>,
    /// The client's address (IP address as text).
    pub address: String,
    /// When it happened.
    pub at: Timestamp,
    /// Whether the password was right.
    pub succeeded: bool,
}

/// Whose failed login attempts to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKey<'a> {
    /// Attempts on one account, from anywhere.
    Account(AccountId),
    /// Attempts from one address, on any account.
    Address(&'a str),
}

/// A season to create, with its first version.
#[derive(Debug, Clone)]
pub struct NewSeason {
    /// Whose season it is.
    pub owner: AccountId,
    /// Its name.
    pub name: String,
    /// The runner's IANA time zone (`Europe/Paris`).
    pub time_zone: String,
    /// The plan file (TOML) of version 1.
    pub plan_toml: String,
    /// The change summary of version 1.
    pub summary: String,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A stored season: its plan lives in its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    /// Its id.
    pub id: SeasonId,
    /// Whose season it is.
    pub owner: AccountId,
    /// Its name.
    pub name: String,
    /// The runner's IANA time zone.
    pub time_zone: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// The number of its current version (1 for a new season).
    pub current_version: i64,
    /// How many minutes before the start of an all-day massage event its feed
    /// reminder goes off ([`DEFAULT_FEED_ALARM_MINUTES`] for a new season: 18:00
    /// the evening before); `None` for no reminder. Within
    /// `0..=`[`MAX_FEED_ALARM_MINUTES`].
    pub feed_alarm_minutes: Option<i64>,
}

/// A new season's feed reminder: 360 minutes (6 hours) before the start of an
/// all-day event, 18:00 the evening before.
pub const DEFAULT_FEED_ALARM_MINUTES: i64 = 360;

/// The earliest a feed reminder can go off: 10080 minutes (a week) before the
/// event.
pub const MAX_FEED_ALARM_MINUTES: i64 = 7 * 24 * 60;

/// Checks a season's feed reminder before it is stored: `None` (no reminder)
/// or minutes within `0..=`[`MAX_FEED_ALARM_MINUTES`].
///
/// # Errors
/// [`StoreError::Invalid`] for minutes outside that range.
pub fn check_feed_alarm(minutes: Option<i64>) -> Result<(), StoreError> {
    match minutes {
        Some(minutes) if !(0..=MAX_FEED_ALARM_MINUTES).contains(&minutes) => {
            Err(StoreError::Invalid(format!(
                "a feed reminder {minutes} minutes before the event \
                 (from 0 to {MAX_FEED_ALARM_MINUTES})"
            )))
        }
        _ => Ok(()),
    }
}

/// An edit to save as a season's next version.
#[derive(Debug, Clone)]
pub struct NewVersion {
    /// The season edited.
    pub season: SeasonId,
    /// The version the edit was made from: the save fails with
    /// [`StoreError::Conflict`] when the season has moved on since.
    pub based_on: i64,
    /// The whole plan file (TOML) after the edit.
    pub plan_toml: String,
    /// Who made the edit.
    pub author: AccountId,
    /// One line saying what changed.
    pub summary: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// One version of a season's plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The season.
    pub season: SeasonId,
    /// Its number: 1, 2, 3... with no gaps.
    pub number: i64,
    /// The whole plan file (TOML).
    pub plan_toml: String,
    /// Who made it; `None` once the author's account is deleted.
    pub author: Option<AccountId>,
    /// When it was made.
    pub created_at: Timestamp,
    /// One line saying what changed.
    pub summary: String,
}

/// A version without its text, for history lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSummary {
    /// Its number.
    pub number: i64,
    /// Who made it; `None` once the author's account is deleted.
    pub author: Option<AccountId>,
    /// When it was made.
    pub created_at: Timestamp,
    /// One line saying what changed.
    pub summary: String,
}

/// Another account's access to a season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The season shared.
    pub season: SeasonId,
    /// The account it is shared with.
    pub account: AccountId,
    /// What that account may do.
    pub permission: Permission,
    /// When it was granted (or last changed).
    pub created_at: Timestamp,
}

/// A calendar feed's secret token (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedToken {
    /// The season the feed shows.
    pub season: SeasonId,
    /// What the feed shows.
    pub kind: FeedKind,
    /// SHA-256 of the token in the feed's URL.
    pub token_hash: TokenHash,
    /// When it was issued.
    pub created_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// An event a feed shows now, as the server rendered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventContent {
    /// Its UID, the same for the same item forever.
    pub uid: String,
    /// A hash of everything the feed shows of it: a different hash means the
    /// event changed.
    pub content_hash: String,
}

/// What a feed has said about one event, so SEQUENCE and DTSTAMP change only
/// when the event does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// The season.
    pub season: SeasonId,
    /// The event's UID.
    pub uid: String,
    /// The hash of its content when it last changed.
    pub content_hash: String,
    /// Its SEQUENCE: 0 when first seen, one more at each change.
    pub sequence: i64,
    /// Its DTSTAMP: when it last changed.
    pub dtstamp: Timestamp,
    /// When it left the feed; it is shown as STATUS:CANCELLED until purged.
    pub cancelled_at: Option<Timestamp>,
}

/// A season's training history: the activities the runner recorded, as the
/// server keeps them (one JSON text the store does not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The season.
    pub season: SeasonId,
    /// The recorded activities, as JSON, stored and returned as they are.
    pub activities_json: String,
    /// How many files the activities came from.
    pub files: i64,
    /// When it was last stored.
    pub updated_at: Timestamp,
}

/// A personal access token for the API (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// SHA-256 of the token.
    pub token_hash: TokenHash,
    /// Whose token it is.
    pub account: AccountId,
    /// The name its owner gave it.
    pub name: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_used_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// A time as whole seconds since the Unix epoch, as the backends store it.
pub fn to_seconds(time: Timestamp) -> i64 {
    time.as_second()
}

/// A time stored as whole seconds since the Unix epoch.
///
/// # Errors
/// [`StoreError::Corrupt`] when `seconds` is outside jiff's range.
pub fn from_seconds(seconds: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(seconds)
        .map_err(|error| StoreError::Corrupt(format!("time {seconds}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_alarm_range() {
        for ok in [
            None,
            Some(0),
            Some(DEFAULT_FEED_ALARM_MINUTES),
            Some(10_080),
        ] {
            assert!(check_feed_alarm(ok).is_ok(), "{ok:?}");
        }
        for bad in [Some(-1), Some(10_081), Some(i64::MIN), Some(i64::MAX)] {
            assert!(
                matches!(check_feed_alarm(bad), Err(StoreError::Invalid(_))),
                "{bad:?}"
            );
        }
    }
}

/// A link that gives whoever accepts it a [`Permission`] on a season (a runner
/// inviting a coach). Only the token's hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// SHA-256 of the token in the link.
    pub token_hash: TokenHash,
    /// The season shared.
    pub season: SeasonId,
    /// What accepting it gives.
    pub permission: Permission,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who accepted it, once accepted.
    pub accepted_by: Option<AccountId>,
    /// When it was accepted.
    pub accepted_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// A clinic account's public profile: therapists, types, prices, hours and
/// closures as one JSON text the server reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicProfile {
    /// The clinic's account.
    pub clinic: AccountId,
    /// The clinic's name as runners see it.
    pub name: String,
    /// The profile (JSON).
    pub profile_json: String,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// The clinic a season books with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicLink {
    /// The season.
    pub season: SeasonId,
    /// The clinic's account.
    pub clinic: AccountId,
    /// When it was linked.
    pub created_at: Timestamp,
}

text_enum! {
    /// Where a booking request stands.
    RequestStatus {
        /// Sent by the runner, not answered yet.
        Requested = "requested",
        /// Accepted by the clinic: a booking in the runner's season.
        Accepted = "accepted",
        /// Declined by the clinic.
        Declined = "declined",
        /// The clinic proposed another day; the runner may accept it.
        Proposed = "proposed",
        /// Withdrawn by the runner.
        Cancelled = "cancelled",
    }
}

/// A booking request to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    /// The runner's season.
    pub season: SeasonId,
    /// The clinic asked.
    pub clinic: AccountId,
    /// The day asked for.
    pub date: jiff::civil::Date,
    /// The massage type (`deep`, `art`, `swedish`).
    pub kind: String,
    /// A note for the clinic (areas, what matters for the massage).
    pub note: String,
    /// When it was sent.
    pub created_at: Timestamp,
}

/// A stored booking request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// Its id.
    pub id: i64,
    /// The runner's season.
    pub season: SeasonId,
    /// The clinic asked.
    pub clinic: AccountId,
    /// The day asked for.
    pub date: jiff::civil::Date,
    /// The massage type.
    pub kind: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// The day the clinic proposed instead, when it did.
    pub proposed_date: Option<jiff::civil::Date>,
    /// The runner's note.
    pub note: String,
    /// The therapist the clinic assigned (empty before).
    pub therapist: String,
    /// When it was sent.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// A clinic's calendar feed of accepted bookings (only the token's hash is
/// stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicFeed {
    /// SHA-256 of the token in the feed's URL.
    pub token_hash: TokenHash,
    /// The clinic.
    pub clinic: AccountId,
    /// The therapist whose bookings it shows; empty for the whole clinic.
    pub therapist: String,
    /// When it was issued.
    pub created_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}
