//! The migrations in `migrations/`, embedded in the binary and applied on open
//! (through [`knead_store::sql::migrator`]).

use knead_store::sql::Migrations;

/// Each migration: version, description, SQL. Add new files here in order.
pub(crate) const MIGRATIONS: Migrations = &[
    (
        20261130000000,
        "initial",
        include_str!("../migrations/20261130000000_initial.sql"),
    ),
    (
        20261201000000,
        "feed_alarm_and_history",
        include_str!("../migrations/20261201000000_feed_alarm_and_history.sql"),
    ),
    (
        20261202000000,
        "coaches_and_clinics",
        include_str!("../migrations/20261202000000_coaches_and_clinics.sql"),
    ),
];

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use knead_store::sql::{self, files_in, migration_files};
    use knead_store::{SeasonId, Store, Token};
    use sqlx::Connection;
    use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};

    use super::MIGRATIONS;
    use crate::PostgresStore;

    #[test]
    fn every_file_in_migrations_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        assert_eq!(files_in(dir).unwrap(), migration_files(MIGRATIONS));
    }

    /// A database made before the feed reminder and the history: its seasons
    /// get the default reminder and no history, and the check holds. In its
    /// own schema of the database `KNEAD_TEST_POSTGRES_URL` names, as the
    /// suite (`tests/suite.rs`), whose rules it follows: unset fails, `skip`
    /// skips.
    #[tokio::test]
    async fn a_database_at_the_initial_migration_is_brought_up_to_date() {
        let url = match std::env::var("KNEAD_TEST_POSTGRES_URL") {
            Ok(url) if url == "skip" => return,
            Ok(url) if !url.is_empty() => url,
            _ => panic!(
                "KNEAD_TEST_POSTGRES_URL is not set: see tests/suite.rs \
                 (or set it to skip to skip the PostgreSQL tests on purpose)"
            ),
        };
        let token = Token::generate().unwrap();
        let schema = format!("knead_test_{}", &token.as_str()[..16]);
        let mut admin = PgConnection::connect(&url).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut admin)
            .await
            .unwrap();
        let options = PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", schema.as_str())]);
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .unwrap();
        sql::migrate(&pool, &MIGRATIONS[..1]).await.unwrap();
        let owner: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, email_key, password_hash, display_name, role, \
             created_at) VALUES ('ada@example.org', 'ada@example.org', 'h', 'Ada', 'runner', 0) \
             RETURNING id",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let season: i64 = sqlx::query_scalar(
            "INSERT INTO seasons (owner_id, name, time_zone, created_at, current_version) \
             VALUES ($1, 'Spring', 'Europe/Paris', 0, 1) RETURNING id",
        )
        .bind(owner)
        .fetch_one(&pool)
        .await
        .unwrap();

        let store = PostgresStore::new(pool.clone()).await.unwrap();
        let read = store.season(SeasonId(season)).await.unwrap().unwrap();
        assert_eq!(read.feed_alarm_minutes, Some(360));
        assert!(store.history(SeasonId(season)).await.unwrap().is_none());
        let refused = sqlx::query("UPDATE seasons SET feed_alarm_minutes = 10081")
            .execute(&pool)
            .await;
        assert!(refused.is_err(), "the range is checked in the database too");

        pool.close().await;
        sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
    }
}
