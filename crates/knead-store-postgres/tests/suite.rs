//! The store test suite on PostgreSQL, each test in its own schema.
//!
//! `KNEAD_TEST_POSTGRES_URL` names the database (`scripts/postgres.sh start`
//! prints it). Unset, these tests fail, so a run without PostgreSQL never
//! passes silently; `KNEAD_TEST_POSTGRES_URL=skip` skips them on purpose.

use std::str::FromStr;
use std::sync::Arc;

use knead_store::Token;
use knead_store_postgres::PostgresStore;
use knead_store_tests::TestStore;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};

/// The variable naming the test database.
const URL_VARIABLE: &str = "KNEAD_TEST_POSTGRES_URL";

/// The database URL, or `None` when the tests are to be skipped.
#[allow(clippy::print_stderr)] // a test saying it skipped, seen with --nocapture
fn url() -> Option<String> {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if url == "skip" => {
            eprintln!("skipped: {URL_VARIABLE}=skip");
            None
        }
        Ok(url) if !url.is_empty() => Some(url),
        _ => panic!(
            "{URL_VARIABLE} is not set: the PostgreSQL store tests need a database. \
             Run `scripts/postgres.sh start` and set {URL_VARIABLE} to the URL it prints \
             (postgres://knead:knead@127.0.0.1:5432/knead_test), or set \
             {URL_VARIABLE}=skip to skip them on purpose."
        ),
    }
}

async fn open() -> Option<TestStore> {
    let url = url()?;
    // A random schema per test: tests run in parallel and never see each
    // other's rows. The name is generated hex, so it is safe in SQL text
    // (identifiers cannot be bound parameters).
    let token = Token::generate().expect("random schema name");
    let schema = format!("knead_test_{}", &token.as_str()[..16]);
    let mut admin = PgConnection::connect(&url)
        .await
        .unwrap_or_else(|error| panic!("connect to {URL_VARIABLE}: {error}"));
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .expect("create the test schema");
    let options = PgConnectOptions::from_str(&url)
        .expect("a PostgreSQL URL")
        .options([("search_path", schema.as_str())]);
    let mut pools = Vec::new();
    for _ in 0..2 {
        let pool = PgPoolOptions::new()
            .max_connections(3)
            .connect_with(options.clone())
            .await
            .expect("connect to the test schema");
        pools.push(pool);
    }
    let store = PostgresStore::new(pools[0].clone())
        .await
        .expect("migrate the test schema");
    let twin = PostgresStore::new(pools[1].clone())
        .await
        .expect("open the migrated test schema again");
    Some(TestStore {
        store: Arc::new(store),
        twin: Arc::new(twin),
        cleanup: Some(Box::pin(async move {
            for pool in pools {
                pool.close().await;
            }
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&mut admin)
                .await
                .expect("drop the test schema");
            let _ = admin.close().await;
        })),
    })
}

knead_store_tests::store_tests!(open);
