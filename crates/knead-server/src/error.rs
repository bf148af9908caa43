//! What a request can fail with, and the answer each failure gets: a page for
//! people, JSON under `/api/`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use knead_app::AppError;
use knead_store::StoreError;

use crate::pages::layout;

/// A request's failure.
#[derive(Debug)]
pub enum WebError {
    /// Nothing here, or nothing of yours: the same answer either way.
    NotFound,
    /// The page needs a signed-in person.
    SignIn,
    /// The form's CSRF token is missing or wrong, or it came from another site.
    Forbidden(&'static str),
    /// What was sent is wrong; the message says what was expected.
    Invalid(String),
    /// The season changed since the page was loaded.
    Conflict,
    /// Too many failed sign-ins; try again later.
    TooManyAttempts,
    /// Something broke on our side (logged, not shown).
    Internal(String),
    /// An API request without a valid token.
    Unauthorized,
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Conflict { .. } => WebError::Conflict,
            StoreError::Invalid(m) => WebError::Invalid(m),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        WebError::Invalid(e.to_string())
    }
}

impl WebError {
    /// The HTTP status of this failure.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::SignIn => StatusCode::SEE_OTHER,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict => StatusCode::CONFLICT,
            WebError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
        }
    }

    /// What the person is told.
    pub fn message(&self) -> String {
        match self {
            WebError::NotFound => "Not found.".into(),
            WebError::SignIn => "Please sign in.".into(),
            WebError::Forbidden(why) => format!("Refused: {why}."),
            WebError::Invalid(m) => m.clone(),
            WebError::Conflict => {
                "This season changed since you opened the page (another tab, device or person). Reload it and make your change again.".into()
            }
            WebError::TooManyAttempts => {
                "Too many failed sign-ins. Wait a few minutes and try again.".into()
            }
            WebError::Internal(_) => "Something went wrong on our side.".into(),
            WebError::Unauthorized => {
                "Send a personal access token: Authorization: Bearer <token>.".into()
            }
        }
    }

    /// The answer for an API client: `{"error": {"status": 404, "message": ...}}`.
    pub fn json(self) -> Response {
        if let WebError::Internal(why) = &self {
            log_internal(why);
        }
        let status = self.status();
        let status = if status == StatusCode::SEE_OTHER {
            StatusCode::UNAUTHORIZED
        } else {
            status
        };
        let body =
            serde_json::json!({"error": {"status": status.as_u16(), "message": self.message()}});
        let mut r = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        r
    }
}

#[allow(clippy::print_stderr)]
fn log_internal(why: &str) {
    eprintln!("knead serve: internal error: {why}");
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match &self {
            WebError::SignIn => return Redirect::to("/signin").into_response(),
            WebError::Internal(why) => log_internal(why),
            _ => {}
        }
        let status = self.status();
        let title = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::UNPROCESSABLE_ENTITY => "That did not work",
            _ => "Sorry",
        };
        (status, layout::error_page(title, &self.message())).into_response()
    }
}
