//! [`Store`] for every [`SqlStore`]: the statements of [`super`], bound and
//! run the same way on each database.

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Transaction, Type};

use super::{
    Columns, SqlStore, account_from, all, api_token_from, clinic_feed_from, clinic_link_from,
    clinic_profile_from, count_from, database, date_text, feed_event_from, feed_token_from, found,
    grant_from, history_from, invitation_from, is_unique_violation, missing, optional,
    request_from, season_from, session_from, shared_season_from, version_from,
    version_summary_from,
};
use crate::feed::plan_sync;
use crate::model::{check_feed_alarm, email_key, to_seconds};
use crate::sql;
use crate::{
    Account, AccountId, ApiToken, AttemptKey, BookingRequest, ClinicFeed, ClinicLink,
    ClinicProfile, EventContent, FeedEvent, FeedKind, FeedToken, Grant, History, Invitation,
    LoginAttempt, NewAccount, NewRequest, NewSeason, NewVersion, Permission, RequestStatus, Season,
    SeasonId, Session, Store, StoreError, StoreResult, TokenHash, Version, VersionSummary,
};

/// The rows a statement changed.
fn affected<S: SqlStore>(
    done: Result<<S::Db as Database>::QueryResult, sqlx::Error>,
) -> StoreResult<u64> {
    done.map(|done| S::rows_affected(&done)).map_err(database)
}

async fn insert_feed_token<DB>(
    tx: &mut Transaction<'static, DB>,
    token: &FeedToken,
) -> StoreResult<()>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(sql::INSERT_FEED_TOKEN)
        .bind(token.token_hash.as_bytes().as_slice())
        .bind(token.season.0)
        .bind(token.kind.as_str())
        .bind(to_seconds(token.created_at))
        .bind(token.revoked_at.map(to_seconds))
        .execute(&mut **tx)
        .await
        .map_err(missing("season"))?;
    Ok(())
}

#[async_trait]
impl<S> Store for S
where
    S: SqlStore,
    for<'c> &'c mut <S::Db as Database>::Connection: Executor<'c, Database = S::Db>,
    for<'q> <S::Db as Database>::Arguments<'q>: IntoArguments<'q, S::Db>,
    <S::Db as Database>::Row: Columns,
    for<'r> (i64,): FromRow<'r, <S::Db as Database>::Row>,
    for<'q> i64: Encode<'q, S::Db> + Type<S::Db>,
    for<'q> Option<i64>: Encode<'q, S::Db> + Type<S::Db>,
    for<'q> bool: Encode<'q, S::Db> + Type<S::Db>,
    for<'q> String: Encode<'q, S::Db> + Type<S::Db>,
    for<'q> &'q str: Encode<'q, S::Db> + Type<S::Db>,
    for<'q> &'q [u8]: Encode<'q, S::Db> + Type<S::Db>,
{
    async fn create_account(&self, account: &NewAccount) -> StoreResult<Account> {
        let row = sqlx::query(sql::CREATE_ACCOUNT)
            .bind(account.email.trim())
            .bind(email_key(&account.email))
            .bind(&account.password_hash)
            .bind(&account.display_name)
            .bind(account.role.as_str())
            .bind(to_seconds(account.created_at))
            .fetch_one(self.pool())
            .await
            .map_err(|error| {
                if is_unique_violation(&error) {
                    StoreError::EmailTaken
                } else {
                    database(error)
                }
            })?;
        account_from(&row)
    }

    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        let row = sqlx::query(sql::ACCOUNT)
            .bind(id.0)
            .fetch_optional(self.pool());
        optional(row.await, account_from)
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        let row = sqlx::query(sql::ACCOUNT_BY_EMAIL)
            .bind(email_key(email))
            .fetch_optional(self.pool());
        optional(row.await, account_from)
    }

    async fn set_password_hash(&self, id: AccountId, password_hash: &str) -> StoreResult<()> {
        let done = sqlx::query(sql::SET_PASSWORD_HASH)
            .bind(password_hash)
            .bind(id.0)
            .execute(self.pool());
        found(affected::<S>(done.await)?, "account")
    }

    async fn delete_account(&self, id: AccountId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(sql::DELETE_ACCOUNT)
            .bind(id.0)
            .execute(&mut *tx);
        found(affected::<S>(done.await)?, "account")?;
        tx.commit().await.map_err(database)
    }

    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query(sql::CREATE_SESSION)
            .bind(session.token_hash.as_bytes().as_slice())
            .bind(session.account.0)
            .bind(&session.csrf_secret)
            .bind(to_seconds(session.created_at))
            .bind(to_seconds(session.expires_at))
            .bind(to_seconds(session.last_seen_at))
            .execute(self.pool())
            .await
            .map_err(missing("account"))?;
        Ok(())
    }

    async fn session(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<Session>> {
        let row = sqlx::query(sql::SESSION)
            .bind(token_hash.as_bytes().as_slice())
            .bind(to_seconds(now))
            .fetch_optional(self.pool());
        optional(row.await, session_from)
    }

    async fn touch_session(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(sql::TOUCH_SESSION)
            .bind(to_seconds(now))
            .bind(to_seconds(expires_at))
            .bind(token_hash.as_bytes().as_slice())
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn delete_session(&self, token_hash: &TokenHash) -> StoreResult<bool> {
        let done = sqlx::query(sql::DELETE_SESSION)
            .bind(token_hash.as_bytes().as_slice())
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64> {
        let done = sqlx::query(sql::DELETE_SESSIONS_OF)
            .bind(account.0)
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn delete_other_sessions(
        &self,
        account: AccountId,
        keep: &TokenHash,
    ) -> StoreResult<u64> {
        let done = sqlx::query(sql::DELETE_OTHER_SESSIONS)
            .bind(account.0)
            .bind(keep.as_bytes().as_slice())
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn delete_expired_sessions(&self, now: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
            .bind(to_seconds(now))
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn record_login_attempt(&self, attempt: &LoginAttempt) -> StoreResult<()> {
        sqlx::query(sql::RECORD_LOGIN_ATTEMPT)
            .bind(attempt.account.map(|a| a.0))
            .bind(&attempt.address)
            .bind(to_seconds(attempt.at))
            .bind(attempt.succeeded)
            .execute(self.pool())
            .await
            .map_err(missing("account"))?;
        Ok(())
    }

    async fn count_failed_logins(&self, key: AttemptKey<'_>, since: Timestamp) -> StoreResult<u64> {
        let query = match key {
            AttemptKey::Account(account) => {
                sqlx::query(S::FAILED_LOGINS_BY_ACCOUNT).bind(account.0)
            }
            AttemptKey::Address(address) => sqlx::query(S::FAILED_LOGINS_BY_ADDRESS).bind(address),
        };
        let row = query
            .bind(to_seconds(since))
            .fetch_one(self.pool())
            .await
            .map_err(database)?;
        count_from(&row)
    }

    async fn prune_login_attempts(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query(sql::PRUNE_LOGIN_ATTEMPTS)
            .bind(to_seconds(before))
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn create_season(&self, season: &NewSeason) -> StoreResult<(Season, Version)> {
        let mut tx = self.write().await?;
        let row = sqlx::query(sql::CREATE_SEASON)
            .bind(season.owner.0)
            .bind(&season.name)
            .bind(&season.time_zone)
            .bind(to_seconds(season.created_at))
            .fetch_one(&mut *tx)
            .await
            .map_err(missing("account"))?;
        let stored = season_from(&row)?;
        let row = sqlx::query(sql::CREATE_FIRST_VERSION)
            .bind(stored.id.0)
            .bind(&season.plan_toml)
            .bind(season.owner.0)
            .bind(to_seconds(season.created_at))
            .bind(&season.summary)
            .fetch_one(&mut *tx)
            .await
            .map_err(database)?;
        let version = version_from(&row)?;
        tx.commit().await.map_err(database)?;
        Ok((stored, version))
    }

    async fn season(&self, id: SeasonId) -> StoreResult<Option<Season>> {
        let row = sqlx::query(sql::SEASON)
            .bind(id.0)
            .fetch_optional(self.pool());
        optional(row.await, season_from)
    }

    async fn seasons_of(&self, owner: AccountId) -> StoreResult<Vec<Season>> {
        let rows = sqlx::query(sql::SEASONS_OF)
            .bind(owner.0)
            .fetch_all(self.pool());
        all(rows.await, season_from)
    }

    async fn rename_season(&self, id: SeasonId, name: &str) -> StoreResult<()> {
        let done = sqlx::query(sql::RENAME_SEASON)
            .bind(name)
            .bind(id.0)
            .execute(self.pool());
        found(affected::<S>(done.await)?, "season")
    }

    async fn set_feed_alarm(&self, season: SeasonId, minutes: Option<i64>) -> StoreResult<()> {
        check_feed_alarm(minutes)?;
        let done = sqlx::query(sql::SET_FEED_ALARM)
            .bind(minutes)
            .bind(season.0)
            .execute(self.pool());
        found(affected::<S>(done.await)?, "season")
    }

    async fn delete_season(&self, id: SeasonId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(sql::DELETE_SEASON).bind(id.0).execute(&mut *tx);
        found(affected::<S>(done.await)?, "season")?;
        tx.commit().await.map_err(database)
    }

    async fn version(&self, season: SeasonId, number: i64) -> StoreResult<Option<Version>> {
        let row = sqlx::query(sql::VERSION)
            .bind(season.0)
            .bind(number)
            .fetch_optional(self.pool());
        optional(row.await, version_from)
    }

    async fn current_version(&self, season: SeasonId) -> StoreResult<Option<Version>> {
        let row = sqlx::query(sql::CURRENT_VERSION)
            .bind(season.0)
            .fetch_optional(self.pool());
        optional(row.await, version_from)
    }

    async fn versions(&self, season: SeasonId) -> StoreResult<Vec<VersionSummary>> {
        let rows = sqlx::query(sql::VERSIONS)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, version_summary_from)
    }

    async fn save_version(&self, edit: &NewVersion) -> StoreResult<Version> {
        let next = edit
            .based_on
            .checked_add(1)
            .ok_or_else(|| StoreError::Invalid(format!("version {}", edit.based_on)))?;
        let mut tx = self.write().await?;
        let moved = sqlx::query(sql::MOVE_CURRENT_VERSION)
            .bind(next)
            .bind(edit.season.0)
            .bind(edit.based_on)
            .execute(&mut *tx);
        if affected::<S>(moved.await)? == 0 {
            let current: Option<i64> = sqlx::query_scalar(sql::CURRENT_VERSION_NUMBER)
                .bind(edit.season.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(database)?;
            return Err(match current {
                None => StoreError::NotFound("season"),
                Some(current) => StoreError::Conflict {
                    season: edit.season.0,
                    based_on: edit.based_on,
                    current,
                },
            });
        }
        let row = sqlx::query(sql::INSERT_VERSION)
            .bind(edit.season.0)
            .bind(next)
            .bind(&edit.plan_toml)
            .bind(edit.author.0)
            .bind(to_seconds(edit.created_at))
            .bind(&edit.summary)
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| {
                if S::UNIQUE_VERSION_IS_CONFLICT && is_unique_violation(&error) {
                    StoreError::Conflict {
                        season: edit.season.0,
                        based_on: edit.based_on,
                        current: next,
                    }
                } else {
                    missing("account")(error)
                }
            })?;
        let version = version_from(&row)?;
        tx.commit().await.map_err(database)?;
        Ok(version)
    }

    async fn grant(&self, grant: &Grant) -> StoreResult<()> {
        sqlx::query(sql::GRANT)
            .bind(grant.season.0)
            .bind(grant.account.0)
            .bind(grant.permission.as_str())
            .bind(to_seconds(grant.created_at))
            .execute(self.pool())
            .await
            .map_err(missing("season or account"))?;
        Ok(())
    }

    async fn revoke_grant(&self, season: SeasonId, account: AccountId) -> StoreResult<bool> {
        let done = sqlx::query(sql::REVOKE_GRANT)
            .bind(season.0)
            .bind(account.0)
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn grants(&self, season: SeasonId) -> StoreResult<Vec<Grant>> {
        let rows = sqlx::query(sql::GRANTS)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, grant_from)
    }

    async fn seasons_shared_with(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<(Season, Permission)>> {
        let rows = sqlx::query(sql::SEASONS_SHARED_WITH)
            .bind(account.0)
            .fetch_all(self.pool());
        all(rows.await, shared_season_from)
    }

    async fn create_feed_token(&self, token: &FeedToken) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_feed_token::<S::Db>(&mut tx, token).await?;
        tx.commit().await.map_err(database)
    }

    async fn feed_token(&self, token_hash: &TokenHash) -> StoreResult<Option<FeedToken>> {
        let row = sqlx::query(sql::FEED_TOKEN)
            .bind(token_hash.as_bytes().as_slice())
            .fetch_optional(self.pool());
        optional(row.await, feed_token_from)
    }

    async fn feed_tokens(&self, season: SeasonId) -> StoreResult<Vec<FeedToken>> {
        let rows = sqlx::query(sql::FEED_TOKENS)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, feed_token_from)
    }

    async fn revoke_feed_tokens(
        &self,
        season: SeasonId,
        kind: FeedKind,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let done = sqlx::query(sql::REVOKE_FEED_TOKENS)
            .bind(to_seconds(now))
            .bind(season.0)
            .bind(kind.as_str())
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn reissue_feed_token(&self, token: &FeedToken) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(sql::REVOKE_FEED_TOKENS)
            .bind(to_seconds(token.created_at))
            .bind(token.season.0)
            .bind(token.kind.as_str())
            .execute(&mut *tx);
        affected::<S>(done.await)?;
        insert_feed_token::<S::Db>(&mut tx, token).await?;
        tx.commit().await.map_err(database)
    }

    async fn feed_events(&self, season: SeasonId) -> StoreResult<Vec<FeedEvent>> {
        let rows = sqlx::query(sql::FEED_EVENTS)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, feed_event_from)
    }

    async fn sync_feed_events(
        &self,
        season: SeasonId,
        current: &[EventContent],
        now: Timestamp,
        keep_cancelled: SignedDuration,
    ) -> StoreResult<Vec<FeedEvent>> {
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar(S::LOCK_SEASON)
            .bind(season.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(database)?;
        if exists.is_none() {
            return Err(StoreError::NotFound("season"));
        }
        let rows = sqlx::query(sql::FEED_EVENTS_TO_SYNC)
            .bind(season.0)
            .fetch_all(&mut *tx);
        let existing = all(rows.await, feed_event_from)?;
        let sync = plan_sync(season, &existing, current, now, keep_cancelled)?;
        for event in &sync.upserts {
            let done = sqlx::query(sql::UPSERT_FEED_EVENT)
                .bind(season.0)
                .bind(&event.uid)
                .bind(&event.content_hash)
                .bind(event.sequence)
                .bind(to_seconds(event.dtstamp))
                .bind(event.cancelled_at.map(to_seconds))
                .execute(&mut *tx);
            affected::<S>(done.await)?;
        }
        for uid in &sync.deletes {
            let done = sqlx::query(sql::DELETE_FEED_EVENT)
                .bind(season.0)
                .bind(uid)
                .execute(&mut *tx);
            affected::<S>(done.await)?;
        }
        tx.commit().await.map_err(database)?;
        Ok(sync.result)
    }

    async fn history(&self, season: SeasonId) -> StoreResult<Option<History>> {
        let row = sqlx::query(sql::HISTORY)
            .bind(season.0)
            .fetch_optional(self.pool());
        optional(row.await, history_from)
    }

    async fn set_history(&self, history: &History) -> StoreResult<()> {
        sqlx::query(sql::SET_HISTORY)
            .bind(history.season.0)
            .bind(&history.activities_json)
            .bind(history.files)
            .bind(to_seconds(history.updated_at))
            .execute(self.pool())
            .await
            .map_err(missing("season"))?;
        Ok(())
    }

    async fn replace_history(
        &self,
        history: &History,
        expected_files: Option<i64>,
    ) -> StoreResult<bool> {
        let done = match expected_files {
            None => sqlx::query(sql::INSERT_HISTORY)
                .bind(history.season.0)
                .bind(&history.activities_json)
                .bind(history.files)
                .bind(to_seconds(history.updated_at))
                .execute(self.pool())
                .await
                .map_err(missing("season"))?,
            Some(files) => {
                let done = sqlx::query(sql::UPDATE_HISTORY_IF)
                    .bind(&history.activities_json)
                    .bind(history.files)
                    .bind(to_seconds(history.updated_at))
                    .bind(history.season.0)
                    .bind(files)
                    .execute(self.pool())
                    .await
                    .map_err(database)?;
                if S::rows_affected(&done) == 0 && self.season(history.season).await?.is_none() {
                    return Err(StoreError::NotFound("season"));
                }
                done
            }
        };
        Ok(S::rows_affected(&done) > 0)
    }

    async fn history_files(&self, season: SeasonId) -> StoreResult<Option<i64>> {
        let row = sqlx::query(sql::HISTORY_FILES)
            .bind(season.0)
            .fetch_optional(self.pool());
        optional(row.await, |r| r.int("files"))
    }

    async fn clear_history(&self, season: SeasonId) -> StoreResult<bool> {
        let done = sqlx::query(sql::CLEAR_HISTORY)
            .bind(season.0)
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn create_invitation(&self, invitation: &Invitation) -> StoreResult<()> {
        sqlx::query(sql::CREATE_INVITATION)
            .bind(invitation.token_hash.as_bytes().as_slice())
            .bind(invitation.season.0)
            .bind(invitation.permission.as_str())
            .bind(to_seconds(invitation.created_at))
            .bind(invitation.accepted_by.map(|a| a.0))
            .bind(invitation.accepted_at.map(to_seconds))
            .bind(invitation.revoked_at.map(to_seconds))
            .execute(self.pool())
            .await
            .map_err(missing("season"))?;
        Ok(())
    }

    async fn invitation(&self, token_hash: &TokenHash) -> StoreResult<Option<Invitation>> {
        let row = sqlx::query(sql::INVITATION)
            .bind(token_hash.as_bytes().as_slice())
            .fetch_optional(self.pool());
        optional(row.await, invitation_from)
    }

    async fn invitations(&self, season: SeasonId) -> StoreResult<Vec<Invitation>> {
        let rows = sqlx::query(sql::INVITATIONS)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, invitation_from)
    }

    async fn accept_invitation(
        &self,
        token_hash: &TokenHash,
        account: AccountId,
        now: Timestamp,
    ) -> StoreResult<Grant> {
        let mut tx = self.write().await?;
        let row = sqlx::query(sql::INVITATION)
            .bind(token_hash.as_bytes().as_slice())
            .fetch_optional(&mut *tx)
            .await;
        let invitation =
            optional(row, invitation_from)?.ok_or(StoreError::NotFound("invitation"))?;
        let row = sqlx::query(sql::SEASON)
            .bind(invitation.season.0)
            .fetch_optional(&mut *tx)
            .await;
        let season = optional(row, season_from)?.ok_or(StoreError::NotFound("invitation"))?;
        if season.owner == account {
            return Err(StoreError::Invalid(
                "this invitation is to your own season".into(),
            ));
        }
        let done = sqlx::query(sql::ACCEPT_INVITATION)
            .bind(account.0)
            .bind(to_seconds(now))
            .bind(token_hash.as_bytes().as_slice())
            .execute(&mut *tx);
        found(affected::<S>(done.await)?, "invitation")?;
        let grant = Grant {
            season: invitation.season,
            account,
            permission: invitation.permission,
            created_at: now,
        };
        sqlx::query(sql::GRANT)
            .bind(grant.season.0)
            .bind(grant.account.0)
            .bind(grant.permission.as_str())
            .bind(to_seconds(grant.created_at))
            .execute(&mut *tx)
            .await
            .map_err(missing("season or account"))?;
        tx.commit().await.map_err(database)?;
        Ok(grant)
    }

    async fn revoke_invitation(
        &self,
        season: SeasonId,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(sql::REVOKE_INVITATION)
            .bind(to_seconds(now))
            .bind(season.0)
            .bind(token_hash.as_bytes().as_slice())
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn set_clinic_profile(&self, profile: &ClinicProfile) -> StoreResult<()> {
        sqlx::query(sql::SET_CLINIC_PROFILE)
            .bind(profile.clinic.0)
            .bind(&profile.name)
            .bind(&profile.profile_json)
            .bind(to_seconds(profile.updated_at))
            .execute(self.pool())
            .await
            .map_err(missing("account"))?;
        Ok(())
    }

    async fn clinic_profile(&self, clinic: AccountId) -> StoreResult<Option<ClinicProfile>> {
        let row = sqlx::query(sql::CLINIC_PROFILE)
            .bind(clinic.0)
            .fetch_optional(self.pool());
        optional(row.await, clinic_profile_from)
    }

    async fn link_clinic(&self, link: &ClinicLink) -> StoreResult<()> {
        sqlx::query(sql::LINK_CLINIC)
            .bind(link.season.0)
            .bind(link.clinic.0)
            .bind(to_seconds(link.created_at))
            .execute(self.pool())
            .await
            .map_err(missing("season or account"))?;
        Ok(())
    }

    async fn unlink_clinic(&self, season: SeasonId) -> StoreResult<bool> {
        let done = sqlx::query(sql::UNLINK_CLINIC)
            .bind(season.0)
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }

    async fn clinic_link(&self, season: SeasonId) -> StoreResult<Option<ClinicLink>> {
        let row = sqlx::query(sql::CLINIC_LINK)
            .bind(season.0)
            .fetch_optional(self.pool());
        optional(row.await, clinic_link_from)
    }

    async fn seasons_linked_to(&self, clinic: AccountId) -> StoreResult<Vec<Season>> {
        let rows = sqlx::query(sql::SEASONS_LINKED_TO)
            .bind(clinic.0)
            .fetch_all(self.pool());
        all(rows.await, season_from)
    }

    async fn create_request(&self, request: &NewRequest) -> StoreResult<BookingRequest> {
        let row = sqlx::query(sql::CREATE_REQUEST)
            .bind(request.season.0)
            .bind(request.clinic.0)
            .bind(request.date.to_string())
            .bind(request.kind.as_str())
            .bind(RequestStatus::Requested.as_str())
            .bind("")
            .bind(request.note.as_str())
            .bind(to_seconds(request.created_at))
            .bind(to_seconds(request.created_at))
            .fetch_one(self.pool())
            .await
            .map_err(missing("season or clinic"))?;
        request_from(&row)
    }

    async fn request(&self, id: i64) -> StoreResult<Option<BookingRequest>> {
        let row = sqlx::query(sql::REQUEST)
            .bind(id)
            .fetch_optional(self.pool());
        optional(row.await, request_from)
    }

    async fn requests_of_season(&self, season: SeasonId) -> StoreResult<Vec<BookingRequest>> {
        let rows = sqlx::query(sql::REQUESTS_OF_SEASON)
            .bind(season.0)
            .fetch_all(self.pool());
        all(rows.await, request_from)
    }

    async fn requests_of_clinic(&self, clinic: AccountId) -> StoreResult<Vec<BookingRequest>> {
        let rows = sqlx::query(sql::REQUESTS_OF_CLINIC)
            .bind(clinic.0)
            .fetch_all(self.pool());
        all(rows.await, request_from)
    }

    async fn set_request_status(
        &self,
        id: i64,
        status: RequestStatus,
        proposed_date: Option<jiff::civil::Date>,
        now: Timestamp,
    ) -> StoreResult<BookingRequest> {
        let row = sqlx::query(sql::SET_REQUEST_STATUS)
            .bind(status.as_str())
            .bind(date_text(proposed_date))
            .bind(to_seconds(now))
            .bind(id)
            .fetch_optional(self.pool());
        optional(row.await, request_from)?.ok_or(StoreError::NotFound("request"))
    }

    async fn assign_therapist(
        &self,
        id: i64,
        therapist: &str,
        now: Timestamp,
    ) -> StoreResult<BookingRequest> {
        let row = sqlx::query(sql::ASSIGN_THERAPIST)
            .bind(therapist)
            .bind(to_seconds(now))
            .bind(id)
            .fetch_optional(self.pool());
        optional(row.await, request_from)?.ok_or(StoreError::NotFound("request"))
    }

    async fn create_clinic_feed(&self, feed: &ClinicFeed) -> StoreResult<()> {
        sqlx::query(sql::CREATE_CLINIC_FEED)
            .bind(feed.token_hash.as_bytes().as_slice())
            .bind(feed.clinic.0)
            .bind(feed.therapist.as_str())
            .bind(to_seconds(feed.created_at))
            .execute(self.pool())
            .await
            .map_err(missing("account"))?;
        Ok(())
    }

    async fn clinic_feed(&self, token_hash: &TokenHash) -> StoreResult<Option<ClinicFeed>> {
        let row = sqlx::query(sql::CLINIC_FEED)
            .bind(token_hash.as_bytes().as_slice())
            .fetch_optional(self.pool());
        optional(row.await, clinic_feed_from)
    }

    async fn clinic_feeds(&self, clinic: AccountId) -> StoreResult<Vec<ClinicFeed>> {
        let rows = sqlx::query(sql::CLINIC_FEEDS)
            .bind(clinic.0)
            .fetch_all(self.pool());
        all(rows.await, clinic_feed_from)
    }

    async fn revoke_clinic_feeds(
        &self,
        clinic: AccountId,
        therapist: &str,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let done = sqlx::query(sql::REVOKE_CLINIC_FEEDS)
            .bind(to_seconds(now))
            .bind(clinic.0)
            .bind(therapist)
            .execute(self.pool());
        affected::<S>(done.await)
    }

    async fn create_api_token(&self, token: &ApiToken) -> StoreResult<()> {
        sqlx::query(sql::CREATE_API_TOKEN)
            .bind(token.token_hash.as_bytes().as_slice())
            .bind(token.account.0)
            .bind(&token.name)
            .bind(to_seconds(token.created_at))
            .bind(token.last_used_at.map(to_seconds))
            .bind(token.revoked_at.map(to_seconds))
            .execute(self.pool())
            .await
            .map_err(missing("account"))?;
        Ok(())
    }

    async fn use_api_token(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<ApiToken>> {
        let row = sqlx::query(sql::USE_API_TOKEN)
            .bind(to_seconds(now))
            .bind(token_hash.as_bytes().as_slice())
            .fetch_optional(self.pool());
        optional(row.await, api_token_from)
    }

    async fn api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(sql::API_TOKENS)
            .bind(account.0)
            .fetch_all(self.pool());
        all(rows.await, api_token_from)
    }

    async fn revoke_api_token(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(sql::REVOKE_API_TOKEN)
            .bind(to_seconds(now))
            .bind(account.0)
            .bind(token_hash.as_bytes().as_slice())
            .execute(self.pool());
        Ok(affected::<S>(done.await)? > 0)
    }
}
