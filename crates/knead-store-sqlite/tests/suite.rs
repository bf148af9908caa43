//! The store test suite on SQLite, each test on its own temporary database file.

use std::sync::Arc;

use knead_store_sqlite::SqliteStore;
use knead_store_tests::TestStore;

async fn open() -> Option<TestStore> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path().join("knead.db"))
        .await
        .expect("open a new SQLite store");
    let twin = SqliteStore::open(dir.path().join("knead.db"))
        .await
        .expect("open the SQLite store again");
    let pools = [store.pool().clone(), twin.pool().clone()];
    Some(TestStore {
        store: Arc::new(store),
        twin: Arc::new(twin),
        cleanup: Some(Box::pin(async move {
            for pool in pools {
                pool.close().await;
            }
            drop(dir);
        })),
    })
}

knead_store_tests::store_tests!(open);
