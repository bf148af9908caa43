//! Headers every answer carries, and the refusal of form posts from other
//! sites (a second line behind each form's CSRF token, and the only one for
//! the sign-in and sign-up forms, which come before a session).

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

/// The Content-Security-Policy: everything from this origin only, no inline
/// script or style, no framing, forms post only here.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers, and refuses a state-changing browser request
/// that another site sent.
pub async fn headers(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let api = request.uri().path().starts_with("/api/");
    if unsafe_method && !api && cross_site(request.headers()) {
        let mut r = WebError::Forbidden("a form from another site cannot change anything here")
            .into_response();
        *r.status_mut() = StatusCode::FORBIDDEN;
        add(r.headers_mut());
        return r;
    }
    let mut response = next.run(request).await;
    add(response.headers_mut());
    response
}

fn add(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    // Feed URLs hold their token: never send a URL of ours to another site.
    // (`no-referrer` would also make browsers send `Origin: null` on our own
    // form posts, which the cross-site check must then refuse.)
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    set(h, header::CACHE_CONTROL, "no-store");
}

/// Whether the browser says the request comes from another site: Sec-Fetch-Site
/// `cross-site`, or an Origin whose host is not the Host asked for.
pub fn cross_site(h: &HeaderMap) -> bool {
    // A browser that sends Sec-Fetch-Site says where the request comes from;
    // `same-origin` and `none` (typed or bookmarked) are ours.
    match h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin" | "none") => return false,
        Some(_) => return true,
        None => {}
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host = h
        .get("x-forwarded-host")
        .or_else(|| h.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    host.is_some_and(|host| !origin_host.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_site_posts_pass_and_others_do_not() {
        assert!(!cross_site(&headers(&[("host", "a.test")])));
        assert!(!cross_site(&headers(&[
            ("host", "a.test"),
            ("origin", "https://a.test")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "a.test"),
            ("origin", "https://evil.test")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "a.test"),
            ("origin", "null")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "a.test"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
