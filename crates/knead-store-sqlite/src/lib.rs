//! knead's [`Store`] on SQLite, through sqlx.
//!
//! [`SqliteStore::open`] creates the database file if it is missing, turns on
//! WAL, foreign keys and a busy timeout, and applies the migrations in
//! `migrations/` (embedded in the binary). Writes that read first
//! (`save_version`, `sync_feed_events`) begin with `BEGIN IMMEDIATE`, so two
//! writers queue on the database lock instead of failing to upgrade a read.

mod migrations;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use knead_store::feed::plan_sync;
use knead_store::model::{email_key, from_seconds, to_seconds};
use knead_store::{
    Account, AccountId, ApiToken, AttemptKey, EventContent, FeedEvent, FeedKind, FeedToken, Grant,
    LoginAttempt, NewAccount, NewSeason, NewVersion, Permission, Role, Season, SeasonId, Session,
    Store, StoreError, StoreResult, TokenHash, Version, VersionSummary,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

/// How long a connection waits for another's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`] in one SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it if missing) the database file at `path` and migrates it.
    ///
    /// # Errors
    /// [`StoreError::Database`] when it cannot be opened,
    /// [`StoreError::Migration`] when migrating fails.
    pub async fn open(path: impl AsRef<Path>) -> StoreResult<SqliteStore> {
        SqliteStore::connect_with(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens the database a `sqlite:` URL names (`sqlite:///var/lib/knead.db`,
    /// `sqlite:knead.db?mode=rwc`) and migrates it.
    ///
    /// # Errors
    /// As [`SqliteStore::open`], and for a URL that is not SQLite's.
    pub async fn connect(url: &str) -> StoreResult<SqliteStore> {
        SqliteStore::connect_with(SqliteConnectOptions::from_str(url).map_err(database)?).await
    }

    /// Opens the database `options` name, with knead's settings on top (created
    /// if missing, WAL, foreign keys, busy timeout), and migrates it.
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub async fn connect_with(options: SqliteConnectOptions) -> StoreResult<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .map_err(database)?;
        migrations::migrator()
            .await
            .map_err(|error| StoreError::Migration(Box::new(error)))?
            .run(&pool)
            .await
            .map_err(|error| StoreError::Migration(Box::new(error)))?;
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for health checks and closing.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that holds the database's write lock from its start.
    async fn write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(database)
    }
}

fn database(error: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(error))
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.is_unique_violation())
}

fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.is_foreign_key_violation())
}

/// Maps a foreign-key violation to [`StoreError::NotFound`] of `what`.
fn missing(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| {
        if is_foreign_key_violation(&error) {
            StoreError::NotFound(what)
        } else {
            database(error)
        }
    }
}

fn get<'r, T>(row: &'r SqliteRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    row.try_get(column)
        .map_err(|error| StoreError::Corrupt(format!("{column}: {error}")))
}

fn time(row: &SqliteRow, column: &str) -> StoreResult<Timestamp> {
    from_seconds(get(row, column)?)
}

fn optional_time(row: &SqliteRow, column: &str) -> StoreResult<Option<Timestamp>> {
    get::<Option<i64>>(row, column)?
        .map(from_seconds)
        .transpose()
}

fn hash(row: &SqliteRow, column: &str) -> StoreResult<TokenHash> {
    TokenHash::from_bytes(&get::<Vec<u8>>(row, column)?)
}

fn account_from(row: &SqliteRow) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(get(row, "id")?),
        email: get(row, "email")?,
        password_hash: get(row, "password_hash")?,
        display_name: get(row, "display_name")?,
        role: Role::parse(&get::<String>(row, "role")?)?,
        created_at: time(row, "created_at")?,
    })
}

fn session_from(row: &SqliteRow) -> StoreResult<Session> {
    Ok(Session {
        token_hash: hash(row, "token_hash")?,
        account: AccountId(get(row, "account_id")?),
        csrf_secret: get(row, "csrf_secret")?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
        last_seen_at: time(row, "last_seen_at")?,
    })
}

fn season_from(row: &SqliteRow) -> StoreResult<Season> {
    Ok(Season {
        id: SeasonId(get(row, "id")?),
        owner: AccountId(get(row, "owner_id")?),
        name: get(row, "name")?,
        time_zone: get(row, "time_zone")?,
        created_at: time(row, "created_at")?,
        current_version: get(row, "current_version")?,
    })
}

fn version_from(row: &SqliteRow) -> StoreResult<Version> {
    Ok(Version {
        season: SeasonId(get(row, "season_id")?),
        number: get(row, "number")?,
        plan_toml: get(row, "plan_toml")?,
        author: get::<Option<i64>>(row, "author_id")?.map(AccountId),
        created_at: time(row, "created_at")?,
        summary: get(row, "summary")?,
    })
}

fn grant_from(row: &SqliteRow) -> StoreResult<Grant> {
    Ok(Grant {
        season: SeasonId(get(row, "season_id")?),
        account: AccountId(get(row, "account_id")?),
        permission: Permission::parse(&get::<String>(row, "permission")?)?,
        created_at: time(row, "created_at")?,
    })
}

fn feed_token_from(row: &SqliteRow) -> StoreResult<FeedToken> {
    Ok(FeedToken {
        season: SeasonId(get(row, "season_id")?),
        kind: FeedKind::parse(&get::<String>(row, "kind")?)?,
        token_hash: hash(row, "token_hash")?,
        created_at: time(row, "created_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

fn feed_event_from(row: &SqliteRow) -> StoreResult<FeedEvent> {
    Ok(FeedEvent {
        season: SeasonId(get(row, "season_id")?),
        uid: get(row, "uid")?,
        content_hash: get(row, "content_hash")?,
        sequence: get(row, "sequence")?,
        dtstamp: time(row, "dtstamp")?,
        cancelled_at: optional_time(row, "cancelled_at")?,
    })
}

fn api_token_from(row: &SqliteRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        token_hash: hash(row, "token_hash")?,
        account: AccountId(get(row, "account_id")?),
        name: get(row, "name")?,
        created_at: time(row, "created_at")?,
        last_used_at: optional_time(row, "last_used_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, email, password_hash, display_name, role, created_at";
const SESSION_COLUMNS: &str =
    "token_hash, account_id, csrf_secret, created_at, expires_at, last_seen_at";
const SEASON_COLUMNS: &str = "id, owner_id, name, time_zone, created_at, current_version";
const VERSION_COLUMNS: &str = "season_id, number, plan_toml, author_id, created_at, summary";
const FEED_TOKEN_COLUMNS: &str = "token_hash, season_id, kind, created_at, revoked_at";
const FEED_EVENT_COLUMNS: &str = "season_id, uid, content_hash, sequence, dtstamp, cancelled_at";
const API_TOKEN_COLUMNS: &str =
    "token_hash, account_id, name, created_at, last_used_at, revoked_at";

async fn insert_feed_token(
    tx: &mut Transaction<'static, Sqlite>,
    token: &FeedToken,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO feed_tokens (token_hash, season_id, kind, created_at, revoked_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
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
impl Store for SqliteStore {
    async fn create_account(&self, account: &NewAccount) -> StoreResult<Account> {
        let row = sqlx::query(&format!(
            "INSERT INTO accounts (email, email_key, password_hash, display_name, role, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {ACCOUNT_COLUMNS}"
        ))
        .bind(account.email.trim())
        .bind(email_key(&account.email))
        .bind(&account.password_hash)
        .bind(&account.display_name)
        .bind(account.role.as_str())
        .bind(to_seconds(account.created_at))
        .fetch_one(&self.pool)
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
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(account_from)
        .transpose()
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<Account>> {
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_key = $1"
        ))
        .bind(email_key(email))
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(account_from)
        .transpose()
    }

    async fn set_password_hash(&self, id: AccountId, password_hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("account"));
        }
        Ok(())
    }

    async fn delete_account(&self, id: AccountId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM accounts WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(database)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("account"));
        }
        tx.commit().await.map_err(database)
    }

    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query(&format!(
            "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(session.token_hash.as_bytes().as_slice())
        .bind(session.account.0)
        .bind(&session.csrf_secret)
        .bind(to_seconds(session.created_at))
        .bind(to_seconds(session.expires_at))
        .bind(to_seconds(session.last_seen_at))
        .execute(&self.pool)
        .await
        .map_err(missing("account"))?;
        Ok(())
    }

    async fn session(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<Session>> {
        sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND expires_at > $2"
        ))
        .bind(token_hash.as_bytes().as_slice())
        .bind(to_seconds(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(session_from)
        .transpose()
    }

    async fn touch_session(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3",
        )
        .bind(to_seconds(now))
        .bind(to_seconds(expires_at))
        .bind(token_hash.as_bytes().as_slice())
        .execute(&self.pool)
        .await
        .map_err(database)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_session(&self, token_hash: &TokenHash) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.as_bytes().as_slice())
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.0)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(done.rows_affected())
    }

    async fn delete_other_sessions(
        &self,
        account: AccountId,
        keep: &TokenHash,
    ) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
            .bind(account.0)
            .bind(keep.as_bytes().as_slice())
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(done.rows_affected())
    }

    async fn delete_expired_sessions(&self, now: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(to_seconds(now))
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(done.rows_affected())
    }

    async fn record_login_attempt(&self, attempt: &LoginAttempt) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO login_attempts (account_id, address, at, succeeded) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(attempt.account.map(|a| a.0))
        .bind(&attempt.address)
        .bind(to_seconds(attempt.at))
        .bind(attempt.succeeded)
        .execute(&self.pool)
        .await
        .map_err(missing("account"))?;
        Ok(())
    }

    async fn count_failed_logins(&self, key: AttemptKey<'_>, since: Timestamp) -> StoreResult<u64> {
        let query = match key {
            AttemptKey::Account(account) => sqlx::query(
                "SELECT COUNT(*) AS n FROM login_attempts \
                 WHERE account_id = $1 AND at >= $2 AND succeeded = 0",
            )
            .bind(account.0),
            AttemptKey::Address(address) => sqlx::query(
                "SELECT COUNT(*) AS n FROM login_attempts \
                 WHERE address = $1 AND at >= $2 AND succeeded = 0",
            )
            .bind(address),
        };
        let row = query
            .bind(to_seconds(since))
            .fetch_one(&self.pool)
            .await
            .map_err(database)?;
        let n: i64 = get(&row, "n")?;
        u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("a count of {n}")))
    }

    async fn prune_login_attempts(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(to_seconds(before))
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(done.rows_affected())
    }

    async fn create_season(&self, season: &NewSeason) -> StoreResult<(Season, Version)> {
        let mut tx = self.write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO seasons (owner_id, name, time_zone, created_at, current_version) \
             VALUES ($1, $2, $3, $4, 1) RETURNING {SEASON_COLUMNS}"
        ))
        .bind(season.owner.0)
        .bind(&season.name)
        .bind(&season.time_zone)
        .bind(to_seconds(season.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(missing("account"))?;
        let stored = season_from(&row)?;
        let row = sqlx::query(&format!(
            "INSERT INTO season_versions ({VERSION_COLUMNS}) VALUES ($1, 1, $2, $3, $4, $5) \
             RETURNING {VERSION_COLUMNS}"
        ))
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
        sqlx::query(&format!(
            "SELECT {SEASON_COLUMNS} FROM seasons WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(season_from)
        .transpose()
    }

    async fn seasons_of(&self, owner: AccountId) -> StoreResult<Vec<Season>> {
        sqlx::query(&format!(
            "SELECT {SEASON_COLUMNS} FROM seasons WHERE owner_id = $1 ORDER BY id"
        ))
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(season_from)
        .collect()
    }

    async fn rename_season(&self, id: SeasonId, name: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE seasons SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("season"));
        }
        Ok(())
    }

    async fn delete_season(&self, id: SeasonId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM seasons WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(database)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("season"));
        }
        tx.commit().await.map_err(database)
    }

    async fn version(&self, season: SeasonId, number: i64) -> StoreResult<Option<Version>> {
        sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM season_versions WHERE season_id = $1 AND number = $2"
        ))
        .bind(season.0)
        .bind(number)
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(version_from)
        .transpose()
    }

    async fn current_version(&self, season: SeasonId) -> StoreResult<Option<Version>> {
        sqlx::query(
            "SELECT v.season_id, v.number, v.plan_toml, v.author_id, v.created_at, v.summary \
             FROM seasons s JOIN season_versions v \
             ON v.season_id = s.id AND v.number = s.current_version WHERE s.id = $1",
        )
        .bind(season.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(version_from)
        .transpose()
    }

    async fn versions(&self, season: SeasonId) -> StoreResult<Vec<VersionSummary>> {
        sqlx::query(
            "SELECT number, author_id, created_at, summary FROM season_versions \
             WHERE season_id = $1 ORDER BY number DESC",
        )
        .bind(season.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(|row| {
            Ok(VersionSummary {
                number: get(row, "number")?,
                author: get::<Option<i64>>(row, "author_id")?.map(AccountId),
                created_at: time(row, "created_at")?,
                summary: get(row, "summary")?,
            })
        })
        .collect()
    }

    async fn save_version(&self, edit: &NewVersion) -> StoreResult<Version> {
        let next = edit
            .based_on
            .checked_add(1)
            .ok_or_else(|| StoreError::Invalid(format!("version {}", edit.based_on)))?;
        let mut tx = self.write().await?;
        let moved = sqlx::query(
            "UPDATE seasons SET current_version = $1 WHERE id = $2 AND current_version = $3",
        )
        .bind(next)
        .bind(edit.season.0)
        .bind(edit.based_on)
        .execute(&mut *tx)
        .await
        .map_err(database)?;
        if moved.rows_affected() == 0 {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT current_version FROM seasons WHERE id = $1")
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
        let row = sqlx::query(&format!(
            "INSERT INTO season_versions ({VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING {VERSION_COLUMNS}"
        ))
        .bind(edit.season.0)
        .bind(next)
        .bind(&edit.plan_toml)
        .bind(edit.author.0)
        .bind(to_seconds(edit.created_at))
        .bind(&edit.summary)
        .fetch_one(&mut *tx)
        .await
        .map_err(missing("account"))?;
        let version = version_from(&row)?;
        tx.commit().await.map_err(database)?;
        Ok(version)
    }

    async fn grant(&self, grant: &Grant) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO season_grants (season_id, account_id, permission, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (season_id, account_id) \
             DO UPDATE SET permission = excluded.permission, created_at = excluded.created_at",
        )
        .bind(grant.season.0)
        .bind(grant.account.0)
        .bind(grant.permission.as_str())
        .bind(to_seconds(grant.created_at))
        .execute(&self.pool)
        .await
        .map_err(missing("season or account"))?;
        Ok(())
    }

    async fn revoke_grant(&self, season: SeasonId, account: AccountId) -> StoreResult<bool> {
        let done =
            sqlx::query("DELETE FROM season_grants WHERE season_id = $1 AND account_id = $2")
                .bind(season.0)
                .bind(account.0)
                .execute(&self.pool)
                .await
                .map_err(database)?;
        Ok(done.rows_affected() > 0)
    }

    async fn grants(&self, season: SeasonId) -> StoreResult<Vec<Grant>> {
        sqlx::query(
            "SELECT season_id, account_id, permission, created_at FROM season_grants \
             WHERE season_id = $1 ORDER BY account_id",
        )
        .bind(season.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(grant_from)
        .collect()
    }

    async fn seasons_shared_with(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<(Season, Permission)>> {
        sqlx::query(
            "SELECT s.id, s.owner_id, s.name, s.time_zone, s.created_at, s.current_version, \
             g.permission FROM season_grants g JOIN seasons s ON s.id = g.season_id \
             WHERE g.account_id = $1 ORDER BY s.id",
        )
        .bind(account.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(|row| {
            Ok((
                season_from(row)?,
                Permission::parse(&get::<String>(row, "permission")?)?,
            ))
        })
        .collect()
    }

    async fn create_feed_token(&self, token: &FeedToken) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_feed_token(&mut tx, token).await?;
        tx.commit().await.map_err(database)
    }

    async fn feed_token(&self, token_hash: &TokenHash) -> StoreResult<Option<FeedToken>> {
        sqlx::query(&format!(
            "SELECT {FEED_TOKEN_COLUMNS} FROM feed_tokens \
             WHERE token_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(token_hash.as_bytes().as_slice())
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(feed_token_from)
        .transpose()
    }

    async fn feed_tokens(&self, season: SeasonId) -> StoreResult<Vec<FeedToken>> {
        sqlx::query(&format!(
            "SELECT {FEED_TOKEN_COLUMNS} FROM feed_tokens WHERE season_id = $1 \
             ORDER BY created_at, token_hash"
        ))
        .bind(season.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(feed_token_from)
        .collect()
    }

    async fn revoke_feed_tokens(
        &self,
        season: SeasonId,
        kind: FeedKind,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE feed_tokens SET revoked_at = $1 \
             WHERE season_id = $2 AND kind = $3 AND revoked_at IS NULL",
        )
        .bind(to_seconds(now))
        .bind(season.0)
        .bind(kind.as_str())
        .execute(&self.pool)
        .await
        .map_err(database)?;
        Ok(done.rows_affected())
    }

    async fn reissue_feed_token(&self, token: &FeedToken) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE feed_tokens SET revoked_at = $1 \
             WHERE season_id = $2 AND kind = $3 AND revoked_at IS NULL",
        )
        .bind(to_seconds(token.created_at))
        .bind(token.season.0)
        .bind(token.kind.as_str())
        .execute(&mut *tx)
        .await
        .map_err(database)?;
        insert_feed_token(&mut tx, token).await?;
        tx.commit().await.map_err(database)
    }

    async fn feed_events(&self, season: SeasonId) -> StoreResult<Vec<FeedEvent>> {
        sqlx::query(&format!(
            "SELECT {FEED_EVENT_COLUMNS} FROM feed_events WHERE season_id = $1 ORDER BY uid"
        ))
        .bind(season.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(feed_event_from)
        .collect()
    }

    async fn sync_feed_events(
        &self,
        season: SeasonId,
        current: &[EventContent],
        now: Timestamp,
        keep_cancelled: SignedDuration,
    ) -> StoreResult<Vec<FeedEvent>> {
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM seasons WHERE id = $1")
            .bind(season.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(database)?;
        if exists.is_none() {
            return Err(StoreError::NotFound("season"));
        }
        let existing = sqlx::query(&format!(
            "SELECT {FEED_EVENT_COLUMNS} FROM feed_events WHERE season_id = $1"
        ))
        .bind(season.0)
        .fetch_all(&mut *tx)
        .await
        .map_err(database)?
        .iter()
        .map(feed_event_from)
        .collect::<StoreResult<Vec<_>>>()?;
        let sync = plan_sync(season, &existing, current, now, keep_cancelled)?;
        for event in &sync.upserts {
            sqlx::query(&format!(
                "INSERT INTO feed_events ({FEED_EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (season_id, uid) DO UPDATE SET content_hash = excluded.content_hash, \
                 sequence = excluded.sequence, dtstamp = excluded.dtstamp, \
                 cancelled_at = excluded.cancelled_at"
            ))
            .bind(season.0)
            .bind(&event.uid)
            .bind(&event.content_hash)
            .bind(event.sequence)
            .bind(to_seconds(event.dtstamp))
            .bind(event.cancelled_at.map(to_seconds))
            .execute(&mut *tx)
            .await
            .map_err(database)?;
        }
        for uid in &sync.deletes {
            sqlx::query("DELETE FROM feed_events WHERE season_id = $1 AND uid = $2")
                .bind(season.0)
                .bind(uid)
                .execute(&mut *tx)
                .await
                .map_err(database)?;
        }
        tx.commit().await.map_err(database)?;
        Ok(sync.result)
    }

    async fn create_api_token(&self, token: &ApiToken) -> StoreResult<()> {
        sqlx::query(&format!(
            "INSERT INTO api_tokens ({API_TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(token.token_hash.as_bytes().as_slice())
        .bind(token.account.0)
        .bind(&token.name)
        .bind(to_seconds(token.created_at))
        .bind(token.last_used_at.map(to_seconds))
        .bind(token.revoked_at.map(to_seconds))
        .execute(&self.pool)
        .await
        .map_err(missing("account"))?;
        Ok(())
    }

    async fn use_api_token(
        &self,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<Option<ApiToken>> {
        sqlx::query(&format!(
            "UPDATE api_tokens SET last_used_at = $1 \
             WHERE token_hash = $2 AND revoked_at IS NULL RETURNING {API_TOKEN_COLUMNS}"
        ))
        .bind(to_seconds(now))
        .bind(token_hash.as_bytes().as_slice())
        .fetch_optional(&self.pool)
        .await
        .map_err(database)?
        .as_ref()
        .map(api_token_from)
        .transpose()
    }

    async fn api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>> {
        sqlx::query(&format!(
            "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE account_id = $1 \
             ORDER BY created_at, token_hash"
        ))
        .bind(account.0)
        .fetch_all(&self.pool)
        .await
        .map_err(database)?
        .iter()
        .map(api_token_from)
        .collect()
    }

    async fn revoke_api_token(
        &self,
        account: AccountId,
        token_hash: &TokenHash,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 \
             WHERE account_id = $2 AND token_hash = $3 AND revoked_at IS NULL",
        )
        .bind(to_seconds(now))
        .bind(account.0)
        .bind(token_hash.as_bytes().as_slice())
        .execute(&self.pool)
        .await
        .map_err(database)?;
        Ok(done.rows_affected() > 0)
    }
}
