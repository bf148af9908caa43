//! The store test suite on SQLite, each test on its own temporary database file.

use std::sync::Arc;

use knead_store_sqlite::SqliteStore;
use knead_store_tests::TestStore;

async fn open() -> Option<TestStore> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path().join("knead.db"))
        .await
        .expect("open a new SQLite store");
    let pool = store.pool().clone();
    Some(TestStore {
        store: Arc::new(store),
        cleanup: Some(Box::pin(async move {
            pool.close().await;
            drop(dir);
        })),
    })
}

knead_store_tests::store_tests!(open);
