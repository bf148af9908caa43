//! A fresh database per test: a SQLite file in its own temporary folder, or a
//! schema of its own in the PostgreSQL database `KNEAD_TEST_POSTGRES_URL`
//! names (as the store suite makes them). Every [`Db::store`] is a new store
//! with its own connections, as a second server process would have.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use knead_server::{AppState, Settings};
use knead_store::{Store, Token};
use knead_store_postgres::PostgresStore;
use knead_store_sqlite::SqliteStore;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use super::client::App;

/// The variable naming the test database.
pub const URL_VARIABLE: &str = "KNEAD_TEST_POSTGRES_URL";

/// The PostgreSQL URL, or `None` when the PostgreSQL tests are to be skipped
/// (`KNEAD_TEST_POSTGRES_URL=skip`). Unset, the tests fail, so a run without
/// PostgreSQL never passes silently.
#[allow(clippy::print_stderr)]
fn postgres_url() -> Option<String> {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if url == "skip" => {
            eprintln!("skipped: {URL_VARIABLE}=skip");
            None
        }
        Ok(url) if !url.is_empty() => Some(url),
        _ => panic!(
            "{URL_VARIABLE} is not set: the PostgreSQL server tests need a database. \
             Run `bash scripts/postgres.sh start` and set {URL_VARIABLE} to the URL it prints, \
             or set {URL_VARIABLE}=skip to skip them on purpose."
        ),
    }
}

/// One test's database.
pub enum Db {
    /// A SQLite file.
    Sqlite {
        /// The folder holding it (removed when dropped).
        _dir: tempfile::TempDir,
        /// The file.
        path: PathBuf,
    },
    /// A PostgreSQL schema.
    Postgres {
        /// The database's URL.
        url: String,
        /// Connect options with the schema as the search path.
        options: Box<PgConnectOptions>,
        /// The schema.
        schema: String,
        /// Every pool opened, closed at cleanup.
        pools: Mutex<Vec<PgPool>>,
    },
}

impl Db {
    /// A new SQLite database.
    pub async fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("knead.db");
        Db::Sqlite { _dir: dir, path }
    }

    /// A new PostgreSQL schema, or `None` when skipped.
    pub async fn postgres() -> Option<Db> {
        let url = postgres_url()?;
        let token = Token::generate().expect("random schema name");
        // Generated hex: safe in SQL text (identifiers cannot be bound).
        let schema = format!("knead_srv_{}", &token.as_str()[..16]);
        let mut admin = PgConnection::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("connect to {URL_VARIABLE}: {e}"));
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut admin)
            .await
            .expect("create the test schema");
        let _ = admin.close().await;
        let options = PgConnectOptions::from_str(&url)
            .expect("a PostgreSQL URL")
            .options([("search_path", schema.as_str())]);
        Some(Db::Postgres {
            url,
            options: Box::new(options),
            schema,
            pools: Mutex::new(Vec::new()),
        })
    }

    /// A new store on this database, with its own connections.
    pub async fn store(&self) -> Arc<dyn Store> {
        match self {
            Db::Sqlite { path, .. } => Arc::new(
                SqliteStore::open(path)
                    .await
                    .expect("open the SQLite store"),
            ),
            Db::Postgres { options, pools, .. } => {
                let pool = PgPoolOptions::new()
                    .max_connections(4)
                    .connect_with((**options).clone())
                    .await
                    .expect("connect to the test schema");
                pools.lock().expect("pools").push(pool.clone());
                Arc::new(
                    PostgresStore::new(pool)
                        .await
                        .expect("migrate the test schema"),
                )
            }
        }
    }

    /// A server (router and state) on a new store of this database.
    pub async fn app(&self) -> App {
        self.app_with(Settings::default()).await
    }

    /// A server with `settings` on a new store of this database.
    pub async fn app_with(&self, settings: Settings) -> App {
        let store = self.store().await;
        let router = knead_server::router(AppState::new(store.clone(), settings));
        App { router, store }
    }

    /// Drops the schema (PostgreSQL) or the file (SQLite).
    pub async fn cleanup(self) {
        if let Db::Postgres {
            url, schema, pools, ..
        } = self
        {
            let pools = std::mem::take(&mut *pools.lock().expect("pools"));
            for pool in pools {
                pool.close().await;
            }
            let mut admin = PgConnection::connect(&url).await.expect("connect");
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&mut admin)
                .await
                .expect("drop the test schema");
            let _ = admin.close().await;
        }
    }
}
