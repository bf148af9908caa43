//! `knead serve` driven through its real router (`tower::ServiceExt::oneshot`)
//! over a real database: every test runs twice, on a fresh SQLite file and in
//! a fresh PostgreSQL schema (`KNEAD_TEST_POSTGRES_URL`; unset fails, `skip`
//! skips the PostgreSQL half on purpose).

/// Makes, for each named `async fn name(db: &Db)` of the calling module, a
/// test on SQLite (`sqlite::name`) and one on PostgreSQL (`postgres::name`).
macro_rules! both {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::Db::sqlite().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::common::Db::postgres().await else {
                        return;
                    };
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            )+
        }
    };
}

mod common;

mod accounts;
mod api;
mod authz;
mod clinics;
mod coaches;
mod csrf;
mod edits;
mod escaping;
mod feeds;
mod seasons;
mod twins;
