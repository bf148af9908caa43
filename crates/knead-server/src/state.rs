//! What every handler shares: the store and the settings (and a cache of
//! rendered feeds). A server process holds no sessions, seasons or counters of
//! its own.

use std::sync::Arc;

use knead_store::{Store, StoreError};
use knead_store_postgres::PostgresStore;
use knead_store_sqlite::SqliteStore;

/// The settings of a running server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people reach the server at (`https://knead.example.org`),
    /// for feed URLs; `None` uses the request's Host header.
    pub public_url: Option<String>,
    /// Mark cookies `Secure` (behind TLS). Also on when `public_url` is https.
    pub secure_cookies: bool,
    /// The largest request body, uploads included.
    pub max_upload_bytes: usize,
    /// The most an uploaded zip may unpack to.
    pub max_unpacked_bytes: u64,
    /// Failed sign-ins per account in [`Settings::login_window_minutes`] before
    /// sign-in is refused for a while.
    pub login_failures_per_account: u64,
    /// Failed sign-ins per client address in the window.
    pub login_failures_per_address: u64,
    /// The window failed sign-ins are counted over.
    pub login_window_minutes: i64,
    /// How long a session lasts without use, in days.
    pub session_days: i64,
    /// Behind a reverse proxy: take the client's address from
    /// X-Forwarded-For (else every client would share the proxy's address
    /// and its sign-in limit).
    pub trust_proxy: bool,
    /// Let runners link calendars on this machine or private networks (for
    /// tests and private deployments; off, the server refuses them).
    pub allow_private_fetch: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            public_url: None,
            secure_cookies: false,
            max_upload_bytes: 32 * 1024 * 1024,
            max_unpacked_bytes: 512 * 1024 * 1024,
            login_failures_per_account: 5,
            login_failures_per_address: 20,
            login_window_minutes: 15,
            session_days: 30,
            trust_proxy: false,
            allow_private_fetch: false,
        }
    }
}

/// The state handlers share, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Where everything lives.
    pub store: Arc<dyn Store>,
    /// How the server behaves.
    pub settings: Arc<Settings>,
    /// Feeds already rendered by this process (derived, never authoritative).
    pub feed_cache: Arc<crate::feed::Cache>,
}

impl AppState {
    /// State over `store` with `settings`.
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> AppState {
        AppState {
            store,
            settings: Arc::new(settings),
            feed_cache: Arc::default(),
        }
    }
}

/// Opens (creating and migrating) the database a URL names:
/// `postgres://...` or `postgresql://...` for PostgreSQL, `sqlite:...` or a
/// plain file path for SQLite.
///
/// # Errors
/// When the database cannot be reached, opened or migrated.
pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else {
        Ok(Arc::new(SqliteStore::open(url).await?))
    }
}
