//! knead's storage: the [`Store`] trait that `knead serve` keeps its data
//! behind, the records it keeps, and its errors.
//!
//! One implementation per database: `knead-store-sqlite` and
//! `knead-store-postgres`; `knead-store-tests` runs one suite against both.
//!
//! - Accounts have a [`Role`]; seasons belong to an account; [`Grant`]s give
//!   other accounts (a coach, a clinic) a [`Permission`] on a season.
//! - A season's plan is its plan file (TOML) in numbered [`Version`]s: every
//!   edit is a new version, saved with optimistic concurrency
//!   ([`StoreError::Conflict`]), so several server processes on one database
//!   behave as one.
//! - A season's calendar feed shows each all-day massage event with a
//!   reminder [`Season::feed_alarm_minutes`] before its start (by default
//!   [`DEFAULT_FEED_ALARM_MINUTES`], 18:00 the evening before), or none.
//! - A season's training [`History`] (the activities the runner recorded) is
//!   one JSON text the server writes and reads whole; the store keeps it as it
//!   is, one per season, and it goes with its season.
//! - Session ids, feed tokens and API tokens are random ([`Token`]) and stored
//!   only as their SHA-256 ([`TokenHash`]).
//! - Times are UTC [`Timestamp`]s, stored as whole seconds since the epoch.
//!
//! The trait is an `#[async_trait]` trait, so it is dyn-compatible: a server
//! holds an `Arc<dyn Store>` (chosen at start from the database URL) and its
//! futures are `Send`, as axum handlers need.

pub mod error;
pub mod feed;
pub mod model;
#[cfg(feature = "sql")]
pub mod sql;
pub mod token;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};

pub use error::{StoreError, StoreResult};
pub use model::*;
pub use token::{Token, TokenHash};

/// Everything `knead serve` stores.
///
/// Writes that change more than one row happen in one transaction. Lookups of
/// one record return `Ok(None)` when it is not there; operations on a record
/// that must exist return [`StoreError::NotFound`].
#[async_trait]
pub trait Store: Send + Sync + 'static {
    // ----- accounts -----

    /// Creates an account.
    ///
    /// # Errors
    /// [`StoreError::EmailTaken`] when the email (case-insensitively) is in use.
    async fn create_account(&self, account: &NewAccount) -> StoreResult<Account>;

    /// The account with this id.
    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>>;

    /// The account with this email, compared case-insensitively.
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>>;

    /// Replaces an account's password hash.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such account.
    async fn set_password_hash(&self, id: AccountId, password_hash: &str) -> StoreResult<()>;

    /// Deletes an account and everything of it (sessions, seasons with their
    /// versions, grants, feed tokens, feed events and training histories, API
    /// tokens, login attempts) in one transaction. Versions it authored in
    /// other accounts' seasons stay, without author.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such account.
    async fn delete_account(&self, id: AccountId) -> StoreResult<()>;

    // ----- sessions -----

    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> StoreResult<()>;

    /// The session with this token hash, if it has not expired at `now`.
    async fn session(&self, token_hash: &TokenHash, now: Timestamp)
    -> StoreResult<Option<Session>>;

    /// Marks a session used at `now` and moves its end to `expires_at`.
    /// Returns false when there is no such session.
    async fn touch_session(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool>;

    /// Deletes one session (sign out). Returns false when there was none.
    async fn delete_session(&self, token_hash: &TokenHash) -> StoreResult<bool>;

    /// Deletes every session of an account (sign out everywhere). Returns how
    /// many there were.
    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64>;

    /// Deletes every session of an account but `keep` (after a password change).
    /// Returns how many were deleted.
    async fn delete_other_sessions(&self, account: AccountId, keep: &TokenHash)
    -> StoreResult<u64>;

    /// Deletes the sessions expired at `now`. Returns how many.
    async fn delete_expired_sessions(&self, now: Timestamp) -> StoreResult<u64>;

    // ----- login attempts -----

    /// Records a login attempt.
    async fn record_login_attempt(&self, attempt: &LoginAttempt) -> StoreResult<()>;

    /// The failed login attempts of an account or from an address at or after
    /// `since`.
    async fn count_failed_logins(&self, key: AttemptKey<'_>, since: Timestamp) -> StoreResult<u64>;

    /// Deletes login attempts before `before`. Returns how many.
    async fn prune_login_attempts(&self, before: Timestamp) -> StoreResult<u64>;

    // ----- seasons and versions -----

    /// Creates a season with its version 1, in one transaction. Its feed
    /// reminder is [`DEFAULT_FEED_ALARM_MINUTES`] before each all-day event.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the owner does not exist.
    async fn create_season(&self, season: &NewSeason) -> StoreResult<(Season, Version)>;

    /// The season with this id.
    async fn season(&self, id: SeasonId) -> StoreResult<Option<Season>>;

    /// The seasons an account owns, oldest first.
    async fn seasons_of(&self, owner: AccountId) -> StoreResult<Vec<Season>>;

    /// Renames a season.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn rename_season(&self, id: SeasonId, name: &str) -> StoreResult<()>;

    /// Sets how many minutes before the start of an all-day massage event the
    /// season's feed reminder goes off (360: 18:00 the evening before); `None`
    /// for no reminder.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for minutes outside
    /// `0..=`[`MAX_FEED_ALARM_MINUTES`] (checked before the database, so
    /// whether the season exists or not); [`StoreError::NotFound`] when there
    /// is no such season.
    async fn set_feed_alarm(&self, season: SeasonId, minutes: Option<i64>) -> StoreResult<()>;

    /// Deletes a season with its versions, grants, feeds and training history.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn delete_season(&self, id: SeasonId) -> StoreResult<()>;

    /// One version of a season.
    async fn version(&self, season: SeasonId, number: i64) -> StoreResult<Option<Version>>;

    /// The season's current version.
    async fn current_version(&self, season: SeasonId) -> StoreResult<Option<Version>>;

    /// The season's versions without their text, newest first.
    async fn versions(&self, season: SeasonId) -> StoreResult<Vec<VersionSummary>>;

    /// Saves an edit as the season's next version: the version and the season's
    /// current pointer change together, or not at all.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the season's current version is no longer
    /// `edit.based_on` (someone else saved first); [`StoreError::NotFound`]
    /// when there is no such season.
    async fn save_version(&self, edit: &NewVersion) -> StoreResult<Version>;

    /// Returns to an earlier version: saves its text as a new version based on
    /// `based_on`, with a summary saying so.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the version does not exist, and the errors
    /// of [`Store::save_version`].
    async fn restore_version(
        &self,
        season: SeasonId,
        number: i64,
        based_on: i64,
        author: AccountId,
        now: Timestamp,
    ) -> StoreResult<Version> {
        let old = self
            .version(season, number)
            .await?
            .ok_or(StoreError::NotFound("version"))?;
        self.save_version(&NewVersion {
            season,
            based_on,
            plan_toml: old.plan_toml,
            author,
            summary: format!("Returned to version {number}"),
            created_at: now,
        })
        .await
    }

    // ----- grants -----

    /// Gives an account a permission on a season, replacing any it had.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the season or the account does not exist.
    async fn grant(&self, grant: &Grant) -> StoreResult<()>;

    /// Takes an account's access to a season away. Returns false when it had none.
    async fn revoke_grant(&self, season: SeasonId, account: AccountId) -> StoreResult<bool>;

    /// The grants on a season.
    async fn grants(&self, season: SeasonId) -> StoreResult<Vec<Grant>>;

    /// The seasons shared with an account, with its permission on each.
    async fn seasons_shared_with(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<(Season, Permission)>>;

    // ----- feed tokens -----

    /// Stores a new feed token (other tokens of the season stay valid).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn create_feed_token(&self, token: &FeedToken) -> StoreResult<()>;

    /// The feed token with this hash, unless it was revoked.
    async fn feed_token(&self, token_hash: &TokenHash) -> StoreResult<Option<FeedToken>>;

    /// Every feed token of a season, revoked ones included, oldest first.
    async fn feed_tokens(&self, season: SeasonId) -> StoreResult<Vec<FeedToken>>;

    /// Revokes the season's tokens of this kind at `now`. Returns how many.
    async fn revoke_feed_tokens(
        &self,
        season: SeasonId,
        kind: FeedKind,
        now: Timestamp,
    ) -> StoreResult<u64>;

    /// Re-issues a feed: revokes the season's tokens of `token.kind` and stores
    /// `token`, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn reissue_feed_token(&self, token: &FeedToken) -> StoreResult<()>;

    // ----- feed events -----

    /// The stored feed state of a season's events, by UID.
    async fn feed_events(&self, season: SeasonId) -> StoreResult<Vec<FeedEvent>>;

    /// Brings a season's feed state up to date with the events its feed shows
    /// now, in one transaction ([`feed::plan_sync`] says how), and returns the
    /// state of every event the feed is to show, cancelled ones included.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a UID named twice; [`StoreError::NotFound`]
    /// when there is no such season.
    async fn sync_feed_events(
        &self,
        season: SeasonId,
        current: &[EventContent],
        now: Timestamp,
        keep_cancelled: SignedDuration,
    ) -> StoreResult<Vec<FeedEvent>>;

    // ----- training history -----

    /// The season's training history, if one is stored.
    async fn history(&self, season: SeasonId) -> StoreResult<Option<History>>;

    /// Stores the training history of `history.season`, replacing the one it
    /// had.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn set_history(&self, history: &History) -> StoreResult<()>;

    /// The file count of a season's history (its version), without the
    /// activities; `None` when it has none.
    async fn history_files(&self, season: SeasonId) -> StoreResult<Option<i64>>;

    /// Deletes the season's training history. Returns false when it had none
    /// (or there is no such season).
    async fn clear_history(&self, season: SeasonId) -> StoreResult<bool>;

    /// Replaces a season's history only if it is still the one read before:
    /// none when `expected_files` is `None`, else one of that many files (each
    /// addition counts its files, so the count is the history's version).
    /// Returns false, writing nothing, when someone else wrote first.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn replace_history(
        &self,
        history: &History,
        expected_files: Option<i64>,
    ) -> StoreResult<bool>;

    // ----- invitations (a runner's link for a coach) -----

    /// Stores a new invitation.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such season.
    async fn create_invitation(&self, invitation: &Invitation) -> StoreResult<()>;

    /// The invitation with this hash, whatever its state.
    async fn invitation(&self, token_hash: &TokenHash) -> StoreResult<Option<Invitation>>;

    /// A season's invitations, oldest first.
    async fn invitations(&self, season: SeasonId) -> StoreResult<Vec<Invitation>>;

    /// Accepts an open invitation for `account`: marks it accepted and grants
    /// its permission, in one transaction. Returns the grant.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the invitation does not exist, was
    /// accepted or revoked; [`StoreError::Invalid`] when `account` owns the season.
    async fn accept_invitation(
        &self,
        token_hash: &TokenHash,
        account: AccountId,
        now: Timestamp,
    ) -> StoreResult<Grant>;

    /// Revokes an open invitation of a season. Returns false when there was none.
    async fn revoke_invitation(
        &self,
        season: SeasonId,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool>;

    // ----- clinics -----

    /// Stores (or replaces) a clinic's profile.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such account.
    async fn set_clinic_profile(&self, profile: &ClinicProfile) -> StoreResult<()>;

    /// A clinic's profile.
    async fn clinic_profile(&self, clinic: AccountId) -> StoreResult<Option<ClinicProfile>>;

    /// Links a season to a clinic, replacing any clinic it had.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the season or the account does not exist.
    async fn link_clinic(&self, link: &ClinicLink) -> StoreResult<()>;

    /// Unlinks a season from its clinic. Returns false when it had none.
    async fn unlink_clinic(&self, season: SeasonId) -> StoreResult<bool>;

    /// The clinic a season is linked to.
    async fn clinic_link(&self, season: SeasonId) -> StoreResult<Option<ClinicLink>>;

    /// The seasons linked to a clinic.
    async fn seasons_linked_to(&self, clinic: AccountId) -> StoreResult<Vec<Season>>;

    // ----- booking requests -----

    /// Stores a new request (status requested).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the season or the clinic does not exist.
    async fn create_request(&self, request: &NewRequest) -> StoreResult<BookingRequest>;

    /// One request.
    async fn request(&self, id: i64) -> StoreResult<Option<BookingRequest>>;

    /// A season's requests, by date.
    async fn requests_of_season(&self, season: SeasonId) -> StoreResult<Vec<BookingRequest>>;

    /// A clinic's requests, by date, for the seasons still linked to it only.
    async fn requests_of_clinic(&self, clinic: AccountId) -> StoreResult<Vec<BookingRequest>>;

    /// Moves a request to `status` (with the day proposed, for
    /// [`RequestStatus::Proposed`]) and returns it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such request.
    async fn set_request_status(
        &self,
        id: i64,
        status: RequestStatus,
        proposed_date: Option<jiff::civil::Date>,
        now: Timestamp,
    ) -> StoreResult<BookingRequest>;

    /// Assigns a therapist to a request and returns it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such request.
    async fn assign_therapist(
        &self,
        id: i64,
        therapist: &str,
        now: Timestamp,
    ) -> StoreResult<BookingRequest>;

    // ----- clinic feeds -----

    /// Stores a clinic feed token.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such account.
    async fn create_clinic_feed(&self, feed: &ClinicFeed) -> StoreResult<()>;

    /// The clinic feed with this hash, unless revoked.
    async fn clinic_feed(&self, token_hash: &TokenHash) -> StoreResult<Option<ClinicFeed>>;

    /// A clinic's feeds, revoked ones included, oldest first.
    async fn clinic_feeds(&self, clinic: AccountId) -> StoreResult<Vec<ClinicFeed>>;

    /// Revokes a clinic's feeds for one therapist (`""`: the whole clinic's).
    /// Returns how many.
    async fn revoke_clinic_feeds(
        &self,
        clinic: AccountId,
        therapist: &str,
        now: Timestamp,
    ) -> StoreResult<u64>;

    // ----- API tokens -----

    /// Stores a new personal access token.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such account.
    async fn create_api_token(&self, token: &ApiToken) -> StoreResult<()>;

    /// The API token with this hash, unless revoked; marks it used at `now`.
    async fn use_api_token(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<ApiToken>>;

    /// An account's API tokens, revoked ones included, oldest first.
    async fn api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>>;

    /// Revokes one of an account's API tokens. Returns false when the account
    /// has no such active token.
    async fn revoke_api_token(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool>;
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::sync::Arc;

    use super::*;

    /// What an axum handler needs: a shared `dyn Store` whose futures are `Send`
    /// (the written-out return type is the assertion).
    #[allow(clippy::manual_async_fn)]
    fn handler_future(
        store: Arc<dyn Store>,
    ) -> impl Future<Output = StoreResult<Option<Account>>> + Send + 'static {
        async move { store.account(AccountId(1)).await }
    }

    #[test]
    fn store_is_dyn_compatible_and_send() {
        fn shared<T: Send + Sync + Clone + 'static>() {}
        shared::<Arc<dyn Store>>();
        let _ = handler_future;
    }
}
