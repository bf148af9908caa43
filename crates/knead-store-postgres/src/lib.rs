//! knead's [`Store`](knead_store::Store) on PostgreSQL, through sqlx.
//!
//! [`PostgresStore::connect`] applies the migrations in `migrations/`
//! (embedded in the binary; sqlx takes an advisory lock, so several servers
//! starting at once migrate once). Several server processes on one database
//! behave as one: a version is saved by a conditional update of the season's
//! current version (the row lock makes a second writer wait, then find the
//! season moved on), and a feed sync locks its season's row first.

mod migrations;

use std::str::FromStr;

use async_trait::async_trait;
use knead_store::StoreResult;
use knead_store::sql::{self, SqlStore, database};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgQueryResult};
use sqlx::{Pool, Postgres, Transaction};

/// A [`Store`](knead_store::Store) in one PostgreSQL database (or schema: see
/// [`PgConnectOptions::options`] with `search_path`).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database a `postgres://` URL names and migrates it.
    ///
    /// # Errors
    /// [`StoreError::Database`](knead_store::StoreError::Database) when it
    /// cannot connect (or the URL is not PostgreSQL's),
    /// [`StoreError::Migration`](knead_store::StoreError::Migration) when
    /// migrating fails.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        PostgresStore::connect_with(PgConnectOptions::from_str(url).map_err(database)?).await
    }

    /// Connects with `options` (a pool of sqlx's default size) and migrates.
    ///
    /// # Errors
    /// As [`PostgresStore::connect`].
    pub async fn connect_with(options: PgConnectOptions) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .connect_with(options)
            .await
            .map_err(database)?;
        PostgresStore::new(pool).await
    }

    /// Migrates the database `pool` connects to and stores in it.
    ///
    /// # Errors
    /// [`StoreError::Migration`](knead_store::StoreError::Migration) when migrating fails.
    pub async fn new(pool: PgPool) -> StoreResult<PostgresStore> {
        sql::migrate(&pool, migrations::MIGRATIONS).await?;
        Ok(PostgresStore { pool })
    }

    /// The connection pool, for health checks and closing.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl SqlStore for PostgresStore {
    type Db = Postgres;

    const FAILED_LOGINS_BY_ACCOUNT: &'static str = "SELECT COUNT(*) AS n FROM login_attempts \
         WHERE account_id = $1 AND at >= $2 AND NOT succeeded";
    const FAILED_LOGINS_BY_ADDRESS: &'static str = "SELECT COUNT(*) AS n FROM login_attempts \
         WHERE address = $1 AND at >= $2 AND NOT succeeded";
    const LOCK_SEASON: &'static str = "SELECT id FROM seasons WHERE id = $1 FOR UPDATE";
    const UNIQUE_VERSION_IS_CONFLICT: bool = true;

    fn pool(&self) -> &Pool<Postgres> {
        &self.pool
    }

    /// A write transaction (READ COMMITTED; the statements lock what they need).
    async fn write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(database)
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }
}
