//! knead's [`Store`](knead_store::Store) on SQLite, through sqlx.
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
use knead_store::StoreResult;
use knead_store::sql::{self, SqlStore, database};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteQueryResult,
    SqliteSynchronous,
};
use sqlx::{Pool, Sqlite, Transaction};

/// How long a connection waits for another's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`](knead_store::Store) in one SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it if missing) the database file at `path` and migrates it.
    ///
    /// # Errors
    /// [`StoreError::Database`](knead_store::StoreError::Database) when it cannot be opened,
    /// [`StoreError::Migration`](knead_store::StoreError::Migration) when migrating fails.
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
        sql::migrate(&pool, migrations::MIGRATIONS).await?;
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for health checks and closing.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl SqlStore for SqliteStore {
    type Db = Sqlite;

    const FAILED_LOGINS_BY_ACCOUNT: &'static str = "SELECT COUNT(*) AS n FROM login_attempts \
         WHERE account_id = $1 AND at >= $2 AND succeeded = 0";
    const FAILED_LOGINS_BY_ADDRESS: &'static str = "SELECT COUNT(*) AS n FROM login_attempts \
         WHERE address = $1 AND at >= $2 AND succeeded = 0";
    const LOCK_SEASON: &'static str = "SELECT id FROM seasons WHERE id = $1";
    const UNIQUE_VERSION_IS_CONFLICT: bool = false;

    fn pool(&self) -> &Pool<Sqlite> {
        &self.pool
    }

    /// A write transaction that holds the database's write lock from its start.
    async fn write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(database)
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }
}
