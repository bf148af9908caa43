//! What can go wrong when storing or reading.

/// An error from a [`Store`](crate::Store).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// An account with this email (compared case-insensitively) exists already.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// The record an operation names does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The season moved on since the version an edit was based on.
    #[error(
        "season {season} is at version {current}, but the edit was based on version {based_on}"
    )]
    Conflict {
        /// The season edited.
        season: i64,
        /// The version the edit was based on.
        based_on: i64,
        /// The season's current version.
        current: i64,
    },
    /// The caller passed something the store refuses (a duplicate event UID, an
    /// empty name).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The database returned a value knead cannot read (an unknown role, a time
    /// out of range, a hash of the wrong length).
    #[error("the database holds a value knead cannot read: {0}")]
    Corrupt(String),
    /// Applying the migrations failed.
    #[error("migrating the database failed: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database failed (connection, I/O, constraint, timeout).
    #[error("database error: {0}")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
