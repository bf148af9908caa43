//! A well-formed request for every route of the server, so that tests going
//! over all routes (CSRF, cross-site posts, other people's seasons) send what
//! the route accepts and are refused for the reason under test, not for a
//! malformed body. A route the source has and this file does not know makes
//! those tests fail: add it here.

use axum::http::Method;
use serde_json::json;

use super::client::{Client, PASSWORD, Part, Resp};
use super::data;
use super::routes::Route;

/// What a request carries.
#[derive(Debug, Clone)]
pub enum Body {
    /// Nothing.
    Empty,
    /// A form (the CSRF field is added by [`send`]).
    Form(Vec<(String, String)>),
    /// A multipart form (the CSRF field is added by [`send`]).
    Multipart(Vec<Part>),
    /// JSON, for the API.
    Json(serde_json::Value),
    /// Raw bytes, for the API.
    Bytes(Vec<u8>),
}

/// A request for one route.
#[derive(Debug, Clone)]
pub struct Req {
    /// The route it is for.
    pub route: Route,
    /// Its method.
    pub method: Method,
    /// The path, parameters filled in.
    pub path: String,
    /// Its body.
    pub body: Body,
}

/// What the requests are about.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The season `{id}` names.
    pub season: i64,
    /// Its current version (edits and restores are based on it).
    pub version: i64,
    /// A day for `{date}`.
    pub date: String,
    /// The `{token}` of `/feeds/{token}`.
    pub feed_token: String,
    /// The hex id of an API token, for `/account/tokens/revoke`.
    pub api_token_id: String,
    /// The email for `/signin` and `/signup`.
    pub email: String,
    /// The booking request `/clinic/requests/{id}` names.
    pub request: i64,
    /// The `{token}` of `/invite/{token}`.
    pub invite_token: String,
    /// The `{token}` of `/clinic-feeds/{token}`.
    pub clinic_feed_token: String,
}

impl Ctx {
    /// A context about `season` at `version`, with tokens and a request that
    /// name nothing (tests set those they need).
    pub fn new(season: i64, version: i64, date: &str, email: &str) -> Ctx {
        Ctx {
            season,
            version,
            date: date.to_owned(),
            feed_token: "0".repeat(64),
            api_token_id: String::new(),
            email: email.to_owned(),
            request: 0,
            invite_token: "0".repeat(43),
            clinic_feed_token: "0".repeat(64),
        }
    }
}

fn form(fields: &[(&str, &str)]) -> Body {
    Body::Form(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

/// A well-formed request for `route` about `ctx`.
///
/// # Panics
/// For a route this file does not know: add it.
pub fn for_route(route: &Route, ctx: &Ctx) -> Req {
    let path = route.fill(|param| match (param, route.path.as_str()) {
        ("id", p) if p.starts_with("/clinic/requests/") => ctx.request.to_string(),
        ("id", _) => ctx.season.to_string(),
        ("date", _) => ctx.date.clone(),
        ("file", _) => "knead.css".to_owned(),
        ("token", "/invite/{token}") => ctx.invite_token.clone(),
        ("token", "/clinic-feeds/{token}") => format!("{}.ics", ctx.clinic_feed_token),
        ("token", _) => format!("{}.ics", ctx.feed_token),
        (other, _) => panic!(
            "{}: no value for {{{other}}}: add one in tests/server/common/requests.rs",
            route.name()
        ),
    });
    let v = ctx.version.to_string();
    let edit = json!({"op": "add_race", "date": ctx.date, "name": "Parkrun", "distance_km": 5.0, "priority": "C"});
    let body = match (route.method.as_str(), route.path.as_str()) {
        ("GET", _) => Body::Empty,
        // Pages and forms.
        ("POST", "/signup") => form(&[
            ("name", "New Runner"),
            ("email", &ctx.email),
            ("password", PASSWORD),
        ]),
        ("POST", "/signin") => form(&[("email", &ctx.email), ("password", PASSWORD)]),
        ("POST", "/signout" | "/signout-everywhere" | "/seasons/{id}/delete") => form(&[]),
        ("POST", "/account/password") => {
            form(&[("current", PASSWORD), ("new", "another long passphrase")])
        }
        ("POST", "/account/delete") => form(&[("password", PASSWORD)]),
        ("POST", "/account/tokens") => form(&[("name", "a script")]),
        ("POST", "/account/tokens/revoke") => form(&[("id", &ctx.api_token_id)]),
        ("POST", "/seasons") => Body::Multipart(vec![
            Part::text("name", "Another season"),
            Part::text("time_zone", "UTC"),
            Part::text("source", "example"),
        ]),
        ("POST", "/seasons/{id}/edit") => form(&[
            ("version", &v),
            ("op", "add_race"),
            ("date", &ctx.date),
            ("name", "Parkrun"),
            ("distance_km", "5"),
            ("priority", "C"),
        ]),
        ("POST", "/seasons/{id}/restore") => form(&[("number", "1"), ("version", &v)]),
        ("POST", "/seasons/{id}/history") => Body::Multipart(vec![Part::file(
            "activities",
            "run.gpx",
            &data::gpx_run(data::yesterday()),
        )]),
        ("POST", "/seasons/{id}/settings") => form(&[("name", "Renamed season"), ("alarm", "")]),
        ("POST", "/seasons/{id}/feeds") => form(&[("kind", "full"), ("action", "issue")]),
        // Sharing: an invitation (view) for a coach.
        ("POST", "/seasons/{id}/sharing") => form(&[("action", "invite"), ("permission", "view")]),
        ("POST", "/invite/{token}") => form(&[]),
        // The clinic's side.
        ("POST", "/clinic/profile") => Body::Form(
            super::world::profile_fields("Clinic Nord", "Kim: deep, art\nLou: swedish")
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        ),
        ("POST", "/clinic/requests/{id}") => form(&[("action", "decline")]),
        ("POST", "/clinic/feeds") => form(&[("therapist", "")]),
        // The API.
        ("POST", "/api/v1/seasons") => Body::Json(json!({
            "name": "From the API",
            "start": {"from": "example"}
        })),
        ("DELETE", "/api/v1/seasons/{id}") => Body::Empty,
        ("PUT", "/api/v1/seasons/{id}/plan") => Body::Json(json!({
            "based_on": ctx.version,
            "plan_toml": data::shifted_example(),
        })),
        ("POST", "/api/v1/seasons/{id}/edits") => Body::Json(json!({
            "based_on": ctx.version,
            "edit": edit,
        })),
        ("POST", "/api/v1/seasons/{id}/restore") => Body::Json(json!({
            "number": 1,
            "based_on": ctx.version,
        })),
        ("POST", "/api/v1/seasons/{id}/history") => Body::Bytes(data::gpx_run(data::yesterday())),
        ("POST", "/api/v1/seasons/{id}/feeds") => Body::Json(json!({"kind": "full"})),
        _ => panic!(
            "{}: no request for this route: add one in tests/server/common/requests.rs",
            route.name()
        ),
    };
    let path = match route.path.as_str() {
        "/api/v1/seasons/{id}/history" => format!("{path}?name=run.gpx"),
        "/clinic/requests/{id}/check" => format!("{path}?date={}", ctx.date),
        _ => path,
    };
    Req {
        route: route.clone(),
        method: route.method(),
        path,
        body,
    }
}

/// How the CSRF field is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csrf<'a> {
    /// The client's own token.
    Valid,
    /// No field at all.
    Missing,
    /// This value.
    Wrong(&'a str),
}

/// Sends `req` as `client` (the page's CSRF token as `csrf` says; the API
/// with the client's Bearer token).
pub async fn send(client: &mut Client, req: &Req, csrf: Csrf<'_>) -> Resp {
    let token = match csrf {
        Csrf::Valid => client.csrf.clone(),
        Csrf::Missing => None,
        Csrf::Wrong(t) => Some(t.to_owned()),
    };
    if req.route.api() {
        return match &req.body {
            Body::Json(j) => {
                client
                    .api(req.method.clone(), &req.path, Some(j.clone()))
                    .await
            }
            Body::Bytes(b) => {
                client
                    .api_raw(
                        req.method.clone(),
                        &req.path,
                        Some("application/octet-stream"),
                        b.clone(),
                    )
                    .await
            }
            _ => client.api(req.method.clone(), &req.path, None).await,
        };
    }
    match &req.body {
        Body::Empty => {
            client
                .request(req.method.clone(), &req.path, None, Vec::new())
                .await
        }
        Body::Form(fields) => {
            let mut all: Vec<(&str, &str)> = Vec::new();
            if let Some(t) = &token {
                all.push(("csrf", t));
            }
            all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            client.post_form_raw(&req.path, &all).await
        }
        Body::Multipart(parts) => {
            let mut all = Vec::new();
            if let Some(t) = &token {
                all.push(Part::text("csrf", t));
            }
            all.extend(parts.iter().cloned());
            client.post_multipart_raw(&req.path, &all).await
        }
        Body::Json(_) | Body::Bytes(_) => panic!("{}: JSON outside the API", req.route.name()),
    }
}

/// The hex id the account page gives an API token (its SHA-256).
pub fn token_id(secret: &str) -> String {
    knead_store::TokenHash::of(secret)
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
