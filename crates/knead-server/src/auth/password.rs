//! Passwords: argon2id with the crate's default parameters (19 MiB, 2 passes,
//! one lane: OWASP's recommended minimum), stored as PHC strings.
//!
//! Hashing is slow on purpose, so it runs on a blocking thread, never on the
//! threads that answer requests.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::WebError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (argon2 would take more, but nobody types it).
pub const MAX_LENGTH: usize = 1024;

/// Checks a new password's length.
///
/// # Errors
/// [`WebError::Invalid`] saying what is expected.
pub fn acceptable(password: &str) -> Result<(), WebError> {
    let n = password.chars().count();
    if !(MIN_LENGTH..=MAX_LENGTH).contains(&n) {
        return Err(WebError::Invalid(format!(
            "password: expected {MIN_LENGTH} to {MAX_LENGTH} characters"
        )));
    }
    Ok(())
}

/// The argon2id PHC string of `password`.
///
/// # Errors
/// [`WebError::Internal`] when hashing fails.
pub async fn hash(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| WebError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

/// Whether `password` matches the PHC string `phc`. With no `phc` (no such
/// account) a fixed hash is checked anyway, so an answer takes as long for an
/// unknown email as for a wrong password.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let phc = phc.unwrap_or_else(|| DUMMY.to_owned());
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// The hash of a password nobody has, checked for unknown emails.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$xIOXyJ5TqOQkqVq1Jgq8Ht/t3W7Dp5YbbRKY3zvbk0o";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(h)).await);
        assert!(!verify("anything at all".into(), None).await);
    }

    #[test]
    fn lengths() {
        assert!(acceptable("short").is_err());
        assert!(acceptable("long enough now").is_ok());
    }
}
