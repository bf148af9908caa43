//! What only SQLite has: the file, its pragmas, migrations applied once.

use knead_store::{NewAccount, Role, Store};
use knead_store_sqlite::SqliteStore;

#[tokio::test]
async fn creates_the_file_with_wal_and_foreign_keys_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.db");
    let store = SqliteStore::open(&path).await.unwrap();
    assert!(path.exists());
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(keys, 1);
    let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(timeout, 10_000);
    store
        .create_account(&NewAccount {
            email: "ada@example.org".into(),
            password_hash: "h".into(),
            display_name: "Ada".into(),
            role: Role::Runner,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        })
        .await
        .unwrap();
    store.pool().close().await;

    let again = SqliteStore::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert!(
        again
            .account_by_email("ADA@example.org")
            .await
            .unwrap()
            .is_some()
    );
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(applied, 3);
}
