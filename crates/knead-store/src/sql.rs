//! What the two sqlx backends (SQLite, PostgreSQL) share: the embedded
//! migrations as sqlx's source, the SQL text both databases accept (bound `$1`
//! parameters), the mapping of rows to the store's records and of sqlx's
//! errors to [`StoreError`], and the [`Store`](crate::Store) itself, for every
//! [`SqlStore`]. Only with the `sql` feature.
//!
//! What differs stays in the backends, behind [`SqlStore`]: connecting, how a
//! write transaction begins, row locks, and the few statements whose SQL is
//! not the same.

mod store;

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migrate, MigrateError, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{ColumnIndex, Database, Decode, Pool, Row, Transaction, Type};

use crate::model::from_seconds;
use crate::{
    Account, AccountId, ApiToken, BookingRequest, ClinicFeed, ClinicLink, ClinicProfile, FeedEvent,
    FeedKind, FeedToken, Grant, History, Invitation, Permission, RequestStatus, Role, Season,
    SeasonId, Session, StoreError, StoreResult, TokenHash, Version, VersionSummary,
};

/// A backend's migrations: version, description, SQL, in order.
pub type Migrations = &'static [(i64, &'static str, &'static str)];

/// The embedded migrations as sqlx's source, so migrating needs neither the
/// `macros` feature (`sqlx::migrate!`) nor the files at run time.
#[derive(Debug)]
struct Embedded(Migrations);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// The migrator over a backend's embedded `migrations`.
///
/// # Errors
/// When sqlx cannot resolve the migrations.
pub async fn migrator(migrations: Migrations) -> Result<Migrator, MigrateError> {
    Migrator::new(Embedded(migrations)).await
}

/// Applies the `migrations` the database `pool` connects to lacks.
///
/// # Errors
/// [`StoreError::Migration`] when migrating fails.
pub async fn migrate<DB>(pool: &Pool<DB>, migrations: Migrations) -> StoreResult<()>
where
    DB: Database,
    DB::Connection: Migrate,
{
    migrator(migrations)
        .await
        .map_err(migration)?
        .run(pool)
        .await
        .map_err(migration)
}

/// The file names `migrations` stand for (`{version}_{description}.sql`), to
/// check against a backend's `migrations/` directory.
pub fn migration_files(migrations: Migrations) -> Vec<String> {
    migrations
        .iter()
        .map(|(version, description, _)| format!("{version}_{description}.sql"))
        .collect()
}

/// The names of the files in `dir` (a backend's `migrations/`), sorted, to
/// compare with [`migration_files`].
///
/// # Errors
/// When `dir` cannot be read.
pub fn files_in(dir: &str) -> std::io::Result<Vec<String>> {
    let mut files = std::fs::read_dir(dir)?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<String>>>()?;
    files.sort();
    Ok(files)
}

/// A migration's failure.
pub fn migration(error: MigrateError) -> StoreError {
    StoreError::Migration(Box::new(error))
}

/// A database behind sqlx that keeps a [`Store`](crate::Store): what differs
/// between the databases. Every `SqlStore` is a `Store`, through the
/// statements of this module.
#[async_trait]
pub trait SqlStore: Send + Sync + 'static {
    /// The database.
    type Db: Database;

    /// Counts (as `n`) the failed login attempts of an account (`$1`) since
    /// a time (`$2`).
    const FAILED_LOGINS_BY_ACCOUNT: &'static str;
    /// Counts (as `n`) the failed login attempts from an address (`$1`)
    /// since a time (`$2`).
    const FAILED_LOGINS_BY_ADDRESS: &'static str;
    /// Selects the `id` of the season `$1`, locking its row for the rest of
    /// a write transaction where the database locks rows.
    const LOCK_SEASON: &'static str;
    /// Whether a unique violation on inserting a version means another
    /// writer saved it first ([`StoreError::Conflict`]), where writers do not
    /// queue on one database lock.
    const UNIQUE_VERSION_IS_CONFLICT: bool;

    /// The connection pool.
    fn pool(&self) -> &Pool<Self::Db>;

    /// Begins a write transaction.
    async fn write(&self) -> StoreResult<Transaction<'static, Self::Db>>;

    /// The rows a statement changed.
    fn rows_affected(done: &<Self::Db as Database>::QueryResult) -> u64;
}

/// Any other database failure.
pub fn database(error: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(error))
}

/// Whether `error` is the violation of a unique constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
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
pub fn missing(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| {
        if is_foreign_key_violation(&error) {
            StoreError::NotFound(what)
        } else {
            database(error)
        }
    }
}

/// [`StoreError::NotFound`] of `what` when a statement changed no row.
///
/// # Errors
/// As said.
pub fn found(rows_affected: u64, what: &'static str) -> StoreResult<()> {
    if rows_affected == 0 {
        return Err(StoreError::NotFound(what));
    }
    Ok(())
}

/// The row a query may have found, mapped.
///
/// # Errors
/// [`StoreError::Database`] when the query failed, else as `map`.
pub fn optional<R, T>(
    row: Result<Option<R>, sqlx::Error>,
    map: impl FnOnce(&R) -> StoreResult<T>,
) -> StoreResult<Option<T>> {
    row.map_err(database)?.as_ref().map(map).transpose()
}

/// The rows a query found, mapped.
///
/// # Errors
/// [`StoreError::Database`] when the query failed, else as `map`.
pub fn all<R, T>(
    rows: Result<Vec<R>, sqlx::Error>,
    map: impl FnMut(&R) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    rows.map_err(database)?.iter().map(map).collect()
}

/// The columns of a row, read as the types the store keeps (integers, text,
/// bytes); a column that does not decode is [`StoreError::Corrupt`].
pub trait Columns {
    /// An integer column.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when it does not decode.
    fn int(&self, column: &str) -> StoreResult<i64>;
    /// An integer column that may be NULL.
    ///
    /// # Errors
    /// As [`Columns::int`].
    fn optional_int(&self, column: &str) -> StoreResult<Option<i64>>;
    /// A text column.
    ///
    /// # Errors
    /// As [`Columns::int`].
    fn text(&self, column: &str) -> StoreResult<String>;
    /// A bytes column.
    ///
    /// # Errors
    /// As [`Columns::int`].
    fn bytes(&self, column: &str) -> StoreResult<Vec<u8>>;
}

fn get<'r, R, T>(row: &'r R, column: &str) -> StoreResult<T>
where
    R: Row,
    T: Decode<'r, R::Database> + Type<R::Database>,
    for<'c> &'c str: ColumnIndex<R>,
{
    row.try_get(column)
        .map_err(|error| StoreError::Corrupt(format!("{column}: {error}")))
}

impl<R> Columns for R
where
    R: Row,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'c> &'c str: ColumnIndex<R>,
{
    fn int(&self, column: &str) -> StoreResult<i64> {
        get(self, column)
    }

    fn optional_int(&self, column: &str) -> StoreResult<Option<i64>> {
        get(self, column)
    }

    fn text(&self, column: &str) -> StoreResult<String> {
        get(self, column)
    }

    fn bytes(&self, column: &str) -> StoreResult<Vec<u8>> {
        get(self, column)
    }
}

fn time(row: &impl Columns, column: &str) -> StoreResult<Timestamp> {
    from_seconds(row.int(column)?)
}

fn optional_time(row: &impl Columns, column: &str) -> StoreResult<Option<Timestamp>> {
    row.optional_int(column)?.map(from_seconds).transpose()
}

fn hash(row: &impl Columns, column: &str) -> StoreResult<TokenHash> {
    TokenHash::from_bytes(&row.bytes(column)?)
}

/// An [`Account`] from [`ACCOUNT_COLUMNS`].
///
/// # Errors
/// [`StoreError::Corrupt`] when a column does not decode or hold a valid value.
pub fn account_from(row: &impl Columns) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(row.int("id")?),
        email: row.text("email")?,
        password_hash: row.text("password_hash")?,
        display_name: row.text("display_name")?,
        role: Role::parse(&row.text("role")?)?,
        created_at: time(row, "created_at")?,
    })
}

/// A [`Session`] from [`SESSION_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn session_from(row: &impl Columns) -> StoreResult<Session> {
    Ok(Session {
        token_hash: hash(row, "token_hash")?,
        account: AccountId(row.int("account_id")?),
        csrf_secret: row.text("csrf_secret")?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
        last_seen_at: time(row, "last_seen_at")?,
    })
}

/// A [`Season`] from [`SEASON_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn season_from(row: &impl Columns) -> StoreResult<Season> {
    Ok(Season {
        id: SeasonId(row.int("id")?),
        owner: AccountId(row.int("owner_id")?),
        name: row.text("name")?,
        time_zone: row.text("time_zone")?,
        created_at: time(row, "created_at")?,
        current_version: row.int("current_version")?,
        feed_alarm_minutes: row.optional_int("feed_alarm_minutes")?,
    })
}

/// A [`Version`] from [`VERSION_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn version_from(row: &impl Columns) -> StoreResult<Version> {
    Ok(Version {
        season: SeasonId(row.int("season_id")?),
        number: row.int("number")?,
        plan_toml: row.text("plan_toml")?,
        author: row.optional_int("author_id")?.map(AccountId),
        created_at: time(row, "created_at")?,
        summary: row.text("summary")?,
    })
}

/// A [`VersionSummary`] from the columns of [`VERSIONS`].
///
/// # Errors
/// As [`account_from`].
pub fn version_summary_from(row: &impl Columns) -> StoreResult<VersionSummary> {
    Ok(VersionSummary {
        number: row.int("number")?,
        author: row.optional_int("author_id")?.map(AccountId),
        created_at: time(row, "created_at")?,
        summary: row.text("summary")?,
    })
}

/// A [`Grant`] from the columns of [`GRANTS`].
///
/// # Errors
/// As [`account_from`].
pub fn grant_from(row: &impl Columns) -> StoreResult<Grant> {
    Ok(Grant {
        season: SeasonId(row.int("season_id")?),
        account: AccountId(row.int("account_id")?),
        permission: Permission::parse(&row.text("permission")?)?,
        created_at: time(row, "created_at")?,
    })
}

/// A shared [`Season`] and its [`Permission`] from the columns of
/// [`SEASONS_SHARED_WITH`].
///
/// # Errors
/// As [`account_from`].
pub fn shared_season_from(row: &impl Columns) -> StoreResult<(Season, Permission)> {
    Ok((
        season_from(row)?,
        Permission::parse(&row.text("permission")?)?,
    ))
}

/// A [`FeedToken`] from [`FEED_TOKEN_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn feed_token_from(row: &impl Columns) -> StoreResult<FeedToken> {
    Ok(FeedToken {
        season: SeasonId(row.int("season_id")?),
        kind: FeedKind::parse(&row.text("kind")?)?,
        token_hash: hash(row, "token_hash")?,
        created_at: time(row, "created_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

/// A [`FeedEvent`] from [`FEED_EVENT_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn feed_event_from(row: &impl Columns) -> StoreResult<FeedEvent> {
    Ok(FeedEvent {
        season: SeasonId(row.int("season_id")?),
        uid: row.text("uid")?,
        content_hash: row.text("content_hash")?,
        sequence: row.int("sequence")?,
        dtstamp: time(row, "dtstamp")?,
        cancelled_at: optional_time(row, "cancelled_at")?,
    })
}

/// An [`Invitation`] from [`INVITATION_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn invitation_from(row: &impl Columns) -> StoreResult<Invitation> {
    Ok(Invitation {
        token_hash: TokenHash::from_bytes(&row.bytes("token_hash")?)?,
        season: SeasonId(row.int("season_id")?),
        permission: Permission::parse(&row.text("permission")?)?,
        created_at: time(row, "created_at")?,
        accepted_by: row.optional_int("accepted_by")?.map(AccountId),
        accepted_at: optional_time(row, "accepted_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

/// A [`ClinicProfile`] from [`CLINIC_PROFILE_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn clinic_profile_from(row: &impl Columns) -> StoreResult<ClinicProfile> {
    Ok(ClinicProfile {
        clinic: AccountId(row.int("account_id")?),
        name: row.text("name")?,
        profile_json: row.text("profile")?,
        updated_at: time(row, "updated_at")?,
    })
}

/// A [`ClinicLink`] from [`CLINIC_LINK_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn clinic_link_from(row: &impl Columns) -> StoreResult<ClinicLink> {
    Ok(ClinicLink {
        season: SeasonId(row.int("season_id")?),
        clinic: AccountId(row.int("clinic_id")?),
        created_at: time(row, "created_at")?,
    })
}

fn civil_date(text: &str) -> StoreResult<jiff::civil::Date> {
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("date {text:?}: {e}")))
}

/// The stored text of an optional date: `''` for none.
pub fn date_text(date: Option<jiff::civil::Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// A [`BookingRequest`] from [`REQUEST_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn request_from(row: &impl Columns) -> StoreResult<BookingRequest> {
    let proposed = row.text("proposed_date")?;
    Ok(BookingRequest {
        id: row.int("id")?,
        season: SeasonId(row.int("season_id")?),
        clinic: AccountId(row.int("clinic_id")?),
        date: civil_date(&row.text("date")?)?,
        kind: row.text("kind")?,
        status: RequestStatus::parse(&row.text("status")?)?,
        proposed_date: if proposed.is_empty() {
            None
        } else {
            Some(civil_date(&proposed)?)
        },
        note: row.text("note")?,
        therapist: row.text("therapist")?,
        created_at: time(row, "created_at")?,
        updated_at: time(row, "updated_at")?,
    })
}

/// A [`ClinicFeed`] from its columns.
///
/// # Errors
/// As [`account_from`].
pub fn clinic_feed_from(row: &impl Columns) -> StoreResult<ClinicFeed> {
    Ok(ClinicFeed {
        token_hash: TokenHash::from_bytes(&row.bytes("token_hash")?)?,
        clinic: AccountId(row.int("clinic_id")?),
        therapist: row.text("therapist")?,
        created_at: time(row, "created_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

/// A [`History`] from [`HISTORY_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn history_from(row: &impl Columns) -> StoreResult<History> {
    Ok(History {
        season: SeasonId(row.int("season_id")?),
        activities_json: row.text("activities")?,
        files: row.int("files")?,
        updated_at: time(row, "updated_at")?,
    })
}

/// An [`ApiToken`] from [`API_TOKEN_COLUMNS`].
///
/// # Errors
/// As [`account_from`].
pub fn api_token_from(row: &impl Columns) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        token_hash: hash(row, "token_hash")?,
        account: AccountId(row.int("account_id")?),
        name: row.text("name")?,
        created_at: time(row, "created_at")?,
        last_used_at: optional_time(row, "last_used_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

/// A count's `n` column as a `u64`.
///
/// # Errors
/// [`StoreError::Corrupt`] when it does not decode or is negative.
pub fn count_from(row: &impl Columns) -> StoreResult<u64> {
    let n = row.int("n")?;
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("a count of {n}")))
}

// The column lists as macros, so the statements below can be `concat!`ed
// constants.
macro_rules! account_columns {
    () => {
        "id, email, password_hash, display_name, role, created_at"
    };
}
macro_rules! session_columns {
    () => {
        "token_hash, account_id, csrf_secret, created_at, expires_at, last_seen_at"
    };
}
macro_rules! season_columns {
    () => {
        "id, owner_id, name, time_zone, created_at, current_version, feed_alarm_minutes"
    };
}
macro_rules! version_columns {
    () => {
        "season_id, number, plan_toml, author_id, created_at, summary"
    };
}
macro_rules! feed_token_columns {
    () => {
        "token_hash, season_id, kind, created_at, revoked_at"
    };
}
macro_rules! feed_event_columns {
    () => {
        "season_id, uid, content_hash, sequence, dtstamp, cancelled_at"
    };
}
macro_rules! history_columns {
    () => {
        "season_id, activities, files, updated_at"
    };
}
macro_rules! invitation_columns {
    () => {
        "token_hash, season_id, permission, created_at, accepted_by, accepted_at, revoked_at"
    };
}
macro_rules! clinic_profile_columns {
    () => {
        "account_id, name, profile, updated_at"
    };
}
macro_rules! clinic_link_columns {
    () => {
        "season_id, clinic_id, created_at"
    };
}
macro_rules! request_columns {
    () => {
        "id, season_id, clinic_id, date, kind, status, proposed_date, note, therapist, created_at, updated_at"
    };
}
macro_rules! api_token_columns {
    () => {
        "token_hash, account_id, name, created_at, last_used_at, revoked_at"
    };
}

/// The columns [`account_from`] reads.
pub const ACCOUNT_COLUMNS: &str = account_columns!();
/// The columns [`session_from`] reads.
pub const SESSION_COLUMNS: &str = session_columns!();
/// The columns [`season_from`] reads.
pub const SEASON_COLUMNS: &str = season_columns!();
/// The columns [`version_from`] reads.
pub const VERSION_COLUMNS: &str = version_columns!();
/// The columns [`feed_token_from`] reads.
pub const FEED_TOKEN_COLUMNS: &str = feed_token_columns!();
/// The columns [`feed_event_from`] reads.
pub const FEED_EVENT_COLUMNS: &str = feed_event_columns!();
/// The columns [`history_from`] reads.
pub const HISTORY_COLUMNS: &str = history_columns!();
/// The columns [`invitation_from`] reads.
pub const INVITATION_COLUMNS: &str = invitation_columns!();
/// The columns [`clinic_profile_from`] reads.
pub const CLINIC_PROFILE_COLUMNS: &str = clinic_profile_columns!();
/// The columns [`clinic_link_from`] reads.
pub const CLINIC_LINK_COLUMNS: &str = clinic_link_columns!();
/// The columns [`request_from`] reads.
pub const REQUEST_COLUMNS: &str = request_columns!();
/// The columns [`api_token_from`] reads.
pub const API_TOKEN_COLUMNS: &str = api_token_columns!();

// The statements both databases accept as they are. Each binds in the order
// its `$n` say; the backends bind the values.

/// Binds email, email key, password hash, display name, role, created at.
pub const CREATE_ACCOUNT: &str = concat!(
    "INSERT INTO accounts (email, email_key, password_hash, display_name, role, created_at) ",
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
    account_columns!()
);
/// Binds the account id.
pub const ACCOUNT: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE id = $1"
);
/// Binds the email key.
pub const ACCOUNT_BY_EMAIL: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE email_key = $1"
);
/// Binds the password hash, the account id.
pub const SET_PASSWORD_HASH: &str = "UPDATE accounts SET password_hash = $1 WHERE id = $2";
/// Binds the account id.
pub const DELETE_ACCOUNT: &str = "DELETE FROM accounts WHERE id = $1";
/// Binds [`SESSION_COLUMNS`].
pub const CREATE_SESSION: &str = concat!(
    "INSERT INTO sessions (",
    session_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6)"
);
/// Binds the token hash, now.
pub const SESSION: &str = concat!(
    "SELECT ",
    session_columns!(),
    " FROM sessions WHERE token_hash = $1 AND expires_at > $2"
);
/// Binds now, the new expiry, the token hash.
pub const TOUCH_SESSION: &str =
    "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3";
/// Binds the token hash.
pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";
/// Binds the account id.
pub const DELETE_SESSIONS_OF: &str = "DELETE FROM sessions WHERE account_id = $1";
/// Binds the account id, the token hash to keep.
pub const DELETE_OTHER_SESSIONS: &str =
    "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2";
/// Binds now.
pub const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
/// Binds the account id (or NULL), the address, the time, whether it succeeded.
pub const RECORD_LOGIN_ATTEMPT: &str = concat!(
    "INSERT INTO login_attempts (account_id, address, at, succeeded) ",
    "VALUES ($1, $2, $3, $4)"
);
/// Binds the time before which attempts go.
pub const PRUNE_LOGIN_ATTEMPTS: &str = "DELETE FROM login_attempts WHERE at < $1";
/// Binds the owner id, name, time zone, created at.
pub const CREATE_SEASON: &str = concat!(
    "INSERT INTO seasons (owner_id, name, time_zone, created_at, current_version) ",
    "VALUES ($1, $2, $3, $4, 1) RETURNING ",
    season_columns!()
);
/// Binds the season id, plan, author id, created at, summary.
pub const CREATE_FIRST_VERSION: &str = concat!(
    "INSERT INTO season_versions (",
    version_columns!(),
    ") VALUES ($1, 1, $2, $3, $4, $5) RETURNING ",
    version_columns!()
);
/// Binds the season id.
pub const SEASON: &str = concat!("SELECT ", season_columns!(), " FROM seasons WHERE id = $1");
/// Binds the owner id.
pub const SEASONS_OF: &str = concat!(
    "SELECT ",
    season_columns!(),
    " FROM seasons WHERE owner_id = $1 ORDER BY id"
);
/// Binds the name, the season id.
pub const RENAME_SEASON: &str = "UPDATE seasons SET name = $1 WHERE id = $2";
/// Binds the feed reminder's minutes (or NULL), the season id.
pub const SET_FEED_ALARM: &str = "UPDATE seasons SET feed_alarm_minutes = $1 WHERE id = $2";
/// Binds the season id.
pub const DELETE_SEASON: &str = "DELETE FROM seasons WHERE id = $1";
/// Binds the season id, the version number.
pub const VERSION: &str = concat!(
    "SELECT ",
    version_columns!(),
    " FROM season_versions WHERE season_id = $1 AND number = $2"
);
/// Binds the season id.
pub const CURRENT_VERSION: &str = "SELECT v.season_id, v.number, v.plan_toml, v.author_id, \
     v.created_at, v.summary FROM seasons s JOIN season_versions v \
     ON v.season_id = s.id AND v.number = s.current_version WHERE s.id = $1";
/// Binds the season id; read with [`version_summary_from`].
pub const VERSIONS: &str = "SELECT number, author_id, created_at, summary FROM season_versions \
     WHERE season_id = $1 ORDER BY number DESC";
/// Binds the next version number, the season id, the version it is based on.
pub const MOVE_CURRENT_VERSION: &str =
    "UPDATE seasons SET current_version = $1 WHERE id = $2 AND current_version = $3";
/// Binds the season id.
pub const CURRENT_VERSION_NUMBER: &str = "SELECT current_version FROM seasons WHERE id = $1";
/// Binds [`VERSION_COLUMNS`].
pub const INSERT_VERSION: &str = concat!(
    "INSERT INTO season_versions (",
    version_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
    version_columns!()
);
/// Binds the season id, account id, permission, created at.
pub const GRANT: &str = "INSERT INTO season_grants (season_id, account_id, permission, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (season_id, account_id) \
     DO UPDATE SET permission = excluded.permission, created_at = excluded.created_at";
/// Binds the season id, the account id.
pub const REVOKE_GRANT: &str = "DELETE FROM season_grants WHERE season_id = $1 AND account_id = $2";
/// Binds the season id; read with [`grant_from`].
pub const GRANTS: &str = "SELECT season_id, account_id, permission, created_at FROM season_grants \
     WHERE season_id = $1 ORDER BY account_id";
/// Binds the account id; read with [`shared_season_from`].
pub const SEASONS_SHARED_WITH: &str = "SELECT s.id, s.owner_id, s.name, s.time_zone, \
     s.created_at, s.current_version, s.feed_alarm_minutes, g.permission \
     FROM season_grants g JOIN seasons s ON s.id = g.season_id \
     WHERE g.account_id = $1 ORDER BY s.id";
/// Binds [`FEED_TOKEN_COLUMNS`].
pub const INSERT_FEED_TOKEN: &str = concat!(
    "INSERT INTO feed_tokens (",
    feed_token_columns!(),
    ") VALUES ($1, $2, $3, $4, $5)"
);
/// Binds the token hash.
pub const FEED_TOKEN: &str = concat!(
    "SELECT ",
    feed_token_columns!(),
    " FROM feed_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
);
/// Binds the season id.
pub const FEED_TOKENS: &str = concat!(
    "SELECT ",
    feed_token_columns!(),
    " FROM feed_tokens WHERE season_id = $1 ORDER BY created_at, token_hash"
);
/// Binds now, the season id, the kind.
pub const REVOKE_FEED_TOKENS: &str = "UPDATE feed_tokens SET revoked_at = $1 \
     WHERE season_id = $2 AND kind = $3 AND revoked_at IS NULL";
/// Binds the season id.
pub const FEED_EVENTS: &str = concat!(
    "SELECT ",
    feed_event_columns!(),
    " FROM feed_events WHERE season_id = $1 ORDER BY uid"
);
/// Binds the season id.
pub const FEED_EVENTS_TO_SYNC: &str = concat!(
    "SELECT ",
    feed_event_columns!(),
    " FROM feed_events WHERE season_id = $1"
);
/// Binds [`FEED_EVENT_COLUMNS`].
pub const UPSERT_FEED_EVENT: &str = concat!(
    "INSERT INTO feed_events (",
    feed_event_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6) ",
    "ON CONFLICT (season_id, uid) DO UPDATE SET content_hash = excluded.content_hash, ",
    "sequence = excluded.sequence, dtstamp = excluded.dtstamp, ",
    "cancelled_at = excluded.cancelled_at"
);
/// Binds the season id, the uid.
pub const DELETE_FEED_EVENT: &str = "DELETE FROM feed_events WHERE season_id = $1 AND uid = $2";
/// Binds the season id.
pub const HISTORY: &str = concat!(
    "SELECT ",
    history_columns!(),
    " FROM season_history WHERE season_id = $1"
);
/// Binds [`HISTORY_COLUMNS`]; replaces the season's history if it has one.
pub const SET_HISTORY: &str = concat!(
    "INSERT INTO season_history (",
    history_columns!(),
    ") VALUES ($1, $2, $3, $4) ",
    "ON CONFLICT (season_id) DO UPDATE SET activities = excluded.activities, ",
    "files = excluded.files, updated_at = excluded.updated_at"
);
/// Binds [`INVITATION_COLUMNS`].
pub const CREATE_INVITATION: &str = concat!(
    "INSERT INTO season_invitations (",
    invitation_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
);
/// Binds the token hash.
pub const INVITATION: &str = concat!(
    "SELECT ",
    invitation_columns!(),
    " FROM season_invitations WHERE token_hash = $1"
);
/// Binds the season id.
pub const INVITATIONS: &str = concat!(
    "SELECT ",
    invitation_columns!(),
    " FROM season_invitations WHERE season_id = $1 ORDER BY created_at, token_hash"
);
/// Binds the account, now, the token hash: marks an open invitation accepted.
pub const ACCEPT_INVITATION: &str = "UPDATE season_invitations SET accepted_by = $1, accepted_at = $2 \
     WHERE token_hash = $3 AND accepted_by IS NULL AND revoked_at IS NULL";
/// Binds now, the season id, the token hash: revokes an open invitation.
pub const REVOKE_INVITATION: &str = "UPDATE season_invitations SET revoked_at = $1 \
     WHERE season_id = $2 AND token_hash = $3 AND accepted_by IS NULL AND revoked_at IS NULL";
/// Binds [`CLINIC_PROFILE_COLUMNS`]; replaces the clinic's profile.
pub const SET_CLINIC_PROFILE: &str = concat!(
    "INSERT INTO clinic_profiles (",
    clinic_profile_columns!(),
    ") VALUES ($1, $2, $3, $4) ",
    "ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, ",
    "profile = excluded.profile, updated_at = excluded.updated_at"
);
/// Binds the clinic's account id.
pub const CLINIC_PROFILE: &str = concat!(
    "SELECT ",
    clinic_profile_columns!(),
    " FROM clinic_profiles WHERE account_id = $1"
);
/// Binds [`CLINIC_LINK_COLUMNS`]; replaces the season's link.
pub const LINK_CLINIC: &str = concat!(
    "INSERT INTO clinic_links (",
    clinic_link_columns!(),
    ") VALUES ($1, $2, $3) ",
    "ON CONFLICT (season_id) DO UPDATE SET clinic_id = excluded.clinic_id, ",
    "created_at = excluded.created_at"
);
/// Binds the season id.
pub const UNLINK_CLINIC: &str = "DELETE FROM clinic_links WHERE season_id = $1";
/// Binds the season id.
pub const CLINIC_LINK: &str = concat!(
    "SELECT ",
    clinic_link_columns!(),
    " FROM clinic_links WHERE season_id = $1"
);
/// Binds the clinic's account id; read with [`season_from`].
pub const SEASONS_LINKED_TO: &str = "SELECT s.id, s.owner_id, s.name, s.time_zone, \
     s.created_at, s.current_version, s.feed_alarm_minutes \
     FROM seasons s JOIN clinic_links l ON l.season_id = s.id WHERE l.clinic_id = $1 ORDER BY s.id";
/// Binds season, clinic, date, kind, status, proposed date, note, created at, updated at.
pub const CREATE_REQUEST: &str = concat!(
    "INSERT INTO booking_requests (season_id, clinic_id, date, kind, status, proposed_date, note, created_at, updated_at) ",
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ",
    request_columns!()
);
/// Binds the request id.
pub const REQUEST: &str = concat!(
    "SELECT ",
    request_columns!(),
    " FROM booking_requests WHERE id = $1"
);
/// Binds the season id.
pub const REQUESTS_OF_SEASON: &str = concat!(
    "SELECT ",
    request_columns!(),
    " FROM booking_requests WHERE season_id = $1 ORDER BY date, id"
);
/// Binds the clinic's account id: requests of the seasons still linked to it.
pub const REQUESTS_OF_CLINIC: &str = "SELECT r.id, r.season_id, r.clinic_id, r.date, r.kind, r.status, \
     r.proposed_date, r.note, r.therapist, r.created_at, r.updated_at FROM booking_requests r \
     JOIN clinic_links l ON l.season_id = r.season_id AND l.clinic_id = r.clinic_id \
     WHERE r.clinic_id = $1 ORDER BY r.date, r.id";
/// Binds status, proposed date, now, id.
pub const SET_REQUEST_STATUS: &str = concat!(
    "UPDATE booking_requests SET status = $1, proposed_date = $2, updated_at = $3 WHERE id = $4 RETURNING ",
    request_columns!()
);
/// Binds the therapist, now, the id.
pub const ASSIGN_THERAPIST: &str = concat!(
    "UPDATE booking_requests SET therapist = $1, updated_at = $2 WHERE id = $3 RETURNING ",
    request_columns!()
);
/// Binds token hash, clinic, therapist, created at.
pub const CREATE_CLINIC_FEED: &str = "INSERT INTO clinic_feeds (token_hash, clinic_id, therapist, created_at) \
     VALUES ($1, $2, $3, $4)";
/// Binds the token hash.
pub const CLINIC_FEED: &str = "SELECT token_hash, clinic_id, therapist, created_at, revoked_at \
     FROM clinic_feeds WHERE token_hash = $1 AND revoked_at IS NULL";
/// Binds the clinic.
pub const CLINIC_FEEDS: &str = "SELECT token_hash, clinic_id, therapist, created_at, revoked_at \
     FROM clinic_feeds WHERE clinic_id = $1 ORDER BY created_at, token_hash";
/// Binds now, the clinic, the therapist.
pub const REVOKE_CLINIC_FEEDS: &str = "UPDATE clinic_feeds SET revoked_at = $1 \
     WHERE clinic_id = $2 AND therapist = $3 AND revoked_at IS NULL";
/// Binds [`HISTORY_COLUMNS`]; inserts a first history, or nothing if there is one.
pub const INSERT_HISTORY: &str = concat!(
    "INSERT INTO season_history (",
    history_columns!(),
    ") VALUES ($1, $2, $3, $4) ON CONFLICT (season_id) DO NOTHING"
);
/// Binds activities, files, updated at, season id, the files expected.
pub const UPDATE_HISTORY_IF: &str = "UPDATE season_history SET activities = $1, files = $2, \
     updated_at = $3 WHERE season_id = $4 AND files = $5";
/// Binds the season id.
pub const HISTORY_FILES: &str = "SELECT files FROM season_history WHERE season_id = $1";
/// Binds the season id.
pub const CLEAR_HISTORY: &str = "DELETE FROM season_history WHERE season_id = $1";
/// Binds [`API_TOKEN_COLUMNS`].
pub const CREATE_API_TOKEN: &str = concat!(
    "INSERT INTO api_tokens (",
    api_token_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6)"
);
/// Binds now, the token hash.
pub const USE_API_TOKEN: &str = concat!(
    "UPDATE api_tokens SET last_used_at = $1 ",
    "WHERE token_hash = $2 AND revoked_at IS NULL RETURNING ",
    api_token_columns!()
);
/// Binds the account id.
pub const API_TOKENS: &str = concat!(
    "SELECT ",
    api_token_columns!(),
    " FROM api_tokens WHERE account_id = $1 ORDER BY created_at, token_hash"
);
/// Binds now, the account id, the token hash.
pub const REVOKE_API_TOKEN: &str = "UPDATE api_tokens SET revoked_at = $1 \
     WHERE account_id = $2 AND token_hash = $3 AND revoked_at IS NULL";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_constants_match_their_statements() {
        assert!(CREATE_ACCOUNT.ends_with(ACCOUNT_COLUMNS));
        assert!(INSERT_VERSION.ends_with(VERSION_COLUMNS));
        assert!(USE_API_TOKEN.ends_with(API_TOKEN_COLUMNS));
        assert!(UPSERT_FEED_EVENT.contains(FEED_EVENT_COLUMNS));
        assert!(INSERT_FEED_TOKEN.contains(FEED_TOKEN_COLUMNS));
        assert!(CREATE_SEASON.ends_with(SEASON_COLUMNS));
        assert!(HISTORY.contains(HISTORY_COLUMNS));
        assert!(SET_HISTORY.contains(HISTORY_COLUMNS));
    }

    #[test]
    fn shared_seasons_select_every_season_column() {
        let prefixed: Vec<String> = SEASON_COLUMNS
            .split(", ")
            .map(|column| format!("s.{column}"))
            .collect();
        assert!(
            SEASONS_SHARED_WITH.contains(&prefixed.join(", ")),
            "{SEASONS_SHARED_WITH}"
        );
    }
}
