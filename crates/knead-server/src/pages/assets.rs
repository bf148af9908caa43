//! The stylesheet and the small script, compiled into the binary and served
//! with a long cache life (their URLs change with the binary's version).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

const CSS: &str = include_str!("../../static/knead.css");
const JS: &str = include_str!("../../static/knead.js");

/// `GET /static/{file}`.
pub async fn asset(Path(file): Path<String>) -> Result<Response, WebError> {
    let (body, kind) = match file.as_str() {
        "knead.css" => (CSS, "text/css; charset=utf-8"),
        "knead.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return Err(WebError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}
