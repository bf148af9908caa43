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
    use knead_store::sql::{self, files_in, migration_files};
    use knead_store::{SeasonId, Store};
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

    use super::MIGRATIONS;
    use crate::SqliteStore;

    #[test]
    fn every_file_in_migrations_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        assert_eq!(files_in(dir).unwrap(), migration_files(MIGRATIONS));
    }

    /// A database made before the feed reminder and the history: its seasons
    /// get the default reminder and no history, and the check holds.
    #[tokio::test]
    async fn a_database_at_the_initial_migration_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .foreign_keys(true);
        let old = SqlitePool::connect_with(options).await.unwrap();
        sql::migrate(&old, &MIGRATIONS[..1]).await.unwrap();
        sqlx::query(
            "INSERT INTO accounts (id, email, email_key, password_hash, display_name, role, \
             created_at) VALUES (1, 'ada@example.org', 'ada@example.org', 'h', 'Ada', 'runner', 0)",
        )
        .execute(&old)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO seasons (id, owner_id, name, time_zone, created_at, current_version) \
             VALUES (7, 1, 'Spring', 'Europe/Paris', 0, 1)",
        )
        .execute(&old)
        .await
        .unwrap();
        old.close().await;

        let store = SqliteStore::open(&path).await.unwrap();
        let season = store.season(SeasonId(7)).await.unwrap().unwrap();
        assert_eq!(season.feed_alarm_minutes, Some(360));
        assert!(store.history(SeasonId(7)).await.unwrap().is_none());
        let refused = sqlx::query("UPDATE seasons SET feed_alarm_minutes = 10081")
            .execute(store.pool())
            .await;
        assert!(refused.is_err(), "the range is checked in the database too");
        store.pool().close().await;
    }
}
