//! Personal access tokens for the API: `Authorization: Bearer <token>`,
//! stored only as their SHA-256.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use jiff::Timestamp;
use knead_store::{Account, TokenHash};

use crate::error::WebError;
use crate::state::AppState;

/// The account an API request acts for.
#[derive(Debug, Clone)]
pub struct ApiUser {
    /// The token's account.
    pub account: Account,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiRejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiRejection(WebError::Unauthorized))?;
        let hash = TokenHash::of(token);
        let found = state
            .store
            .use_api_token(&hash, Timestamp::now())
            .await
            .map_err(|e| ApiRejection(e.into()))?
            .ok_or(ApiRejection(WebError::Unauthorized))?;
        let account = state
            .store
            .account(found.account)
            .await
            .map_err(|e| ApiRejection(e.into()))?
            .ok_or(ApiRejection(WebError::Unauthorized))?;
        Ok(ApiUser { account })
    }
}

/// A [`WebError`] answered as JSON.
#[derive(Debug)]
pub struct ApiRejection(pub WebError);

impl From<WebError> for ApiRejection {
    fn from(e: WebError) -> ApiRejection {
        ApiRejection(e)
    }
}

impl From<knead_store::StoreError> for ApiRejection {
    fn from(e: knead_store::StoreError) -> ApiRejection {
        ApiRejection(e.into())
    }
}

impl From<knead_app::AppError> for ApiRejection {
    fn from(e: knead_app::AppError) -> ApiRejection {
        ApiRejection(e.into())
    }
}

impl axum::response::IntoResponse for ApiRejection {
    fn into_response(self) -> axum::response::Response {
        self.0.json()
    }
}
