//! Sessions: a random token in an HttpOnly, SameSite=Lax cookie, stored in the
//! database only as its SHA-256, renewed as it is used; and the CSRF token of
//! each session, which every form posts back.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use jiff::{SignedDuration, Timestamp};
use knead_store::{Account, Session, Token, TokenHash};

use crate::error::WebError;
use crate::state::AppState;

/// The session cookie's name. `__Host-` would pin it to the host and path, but
/// needs `Secure`, which plain-HTTP development lacks.
pub const COOKIE: &str = "knead_session";

/// The signed-in person of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Their account.
    pub account: Account,
    /// This session.
    pub session: Session,
}

impl CurrentUser {
    /// The CSRF token forms of this session carry.
    pub fn csrf(&self) -> &str {
        &self.session.csrf_secret
    }

    /// Checks a form's CSRF token.
    ///
    /// # Errors
    /// [`WebError::Forbidden`] when it is not this session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if constant_time_eq(sent.as_bytes(), self.session.csrf_secret.as_bytes()) {
            Ok(())
        } else {
            Err(WebError::Forbidden(
                "the form is out of date or came from another site; reload the page",
            ))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session token in a request's cookies.
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// Looks up the request's session and account; `None` when signed out or
/// expired. A session used more than an hour after its last use is renewed
/// for another `session_days`.
async fn current(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, WebError> {
    let Some(token) = token_in(&parts.headers) else {
        return Ok(None);
    };
    let hash = TokenHash::of(&token);
    let now = Timestamp::now();
    let Some(session) = state.store.session(&hash, now).await? else {
        return Ok(None);
    };
    let Some(account) = state.store.account(session.account).await? else {
        return Ok(None);
    };
    if now.duration_since(session.last_seen_at) > SignedDuration::from_hours(1) {
        let until = now + SignedDuration::from_hours(24 * state.settings.session_days);
        state.store.touch_session(&hash, now, until).await?;
    }
    Ok(Some(CurrentUser { account, session }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        current(parts, state).await?.ok_or(WebError::SignIn)
    }
}

/// The signed-in person, if anyone is.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        Ok(MaybeUser(current(parts, state).await?))
    }
}

/// Starts a session for `account`: stores it and returns the Set-Cookie value.
///
/// # Errors
/// When the store fails or no random token can be made.
pub async fn start(
    state: &AppState,
    account: &Account,
    secure: bool,
) -> Result<HeaderValue, WebError> {
    let token = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    let csrf = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    let now = Timestamp::now();
    let days = state.settings.session_days;
    state
        .store
        .create_session(&Session {
            token_hash: token.hash(),
            account: account.id,
            csrf_secret: csrf.as_str().to_owned(),
            created_at: now,
            expires_at: now + SignedDuration::from_hours(24 * days),
            last_seen_at: now,
        })
        .await?;
    cookie(token.as_str(), days * 24 * 3600, secure)
}

/// The Set-Cookie value that removes the session cookie.
pub fn clear(secure: bool) -> HeaderValue {
    cookie("", 0, secure).unwrap_or(HeaderValue::from_static(
        "knead_session=; Max-Age=0; Path=/",
    ))
}

fn cookie(value: &str, max_age: i64, secure: bool) -> Result<HeaderValue, WebError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .map_err(|e| WebError::Internal(e.to_string()))
}

/// Whether cookies must be `Secure`: set so, a public https URL, or a
/// request that came through a TLS-terminating proxy.
pub fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.settings.secure_cookies
        || state
            .settings
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; knead_session=abc; b=2"),
        );
        assert_eq!(token_in(&h).as_deref(), Some("abc"));
        h.clear();
        h.insert(header::COOKIE, HeaderValue::from_static("knead_sessionx=1"));
        assert_eq!(token_in(&h), None);
    }

    #[test]
    fn cookie_attributes() {
        let c = cookie("t", 60, true).unwrap();
        let c = c.to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(
            !cookie("t", 60, false)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
