//! A small browser and API client over the real router: a cookie jar for the
//! session, the CSRF token scraped from the last page, form and multipart
//! posts, and JSON with a Bearer token. Requests go through
//! `tower::ServiceExt::oneshot`, with the client's address as axum's
//! `ConnectInfo`, as `knead serve` gives it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use knead_store::Store;
use tower::ServiceExt;

/// The host every request names.
pub const HOST: &str = "knead.test";

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery";

/// A server: its router and the store under it.
#[derive(Clone)]
pub struct App {
    /// `knead_server::router(...)`.
    pub router: Router,
    /// The store the router's state holds.
    pub store: Arc<dyn Store>,
}

impl App {
    /// A new signed-out client from 192.0.2.1.
    pub fn client(&self) -> Client {
        Client::new(self.router.clone(), "192.0.2.1:40000")
    }

    /// A new signed-out client from `addr`.
    pub fn client_from(&self, addr: &str) -> Client {
        Client::new(self.router.clone(), addr)
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Resp {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Where a redirect goes.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// Panics unless the status is `status`, showing the body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Resp {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status}, got {}: {}",
            self.status,
            self.text().chars().take(3000).collect::<String>()
        );
        self
    }

    /// Panics unless this is a 303 to `to` (compared up to `to`'s length).
    #[track_caller]
    pub fn expect_redirect(&self, to: &str) -> &str {
        self.expect(303);
        let at = self.location().expect("a Location");
        assert!(at.starts_with(to), "redirect to {at}, expected {to}");
        at
    }
}

/// One part of a multipart form.
#[derive(Debug, Clone)]
pub enum Part {
    /// A text field.
    Text(String, String),
    /// A file: field name, file name, content.
    File(String, String, Vec<u8>),
}

impl Part {
    /// A text field.
    pub fn text(name: &str, value: &str) -> Part {
        Part::Text(name.into(), value.into())
    }

    /// A file.
    pub fn file(name: &str, file: &str, bytes: &[u8]) -> Part {
        Part::File(name.into(), file.into(), bytes.to_vec())
    }
}

const BOUNDARY: &str = "----kneadtestboundary7MA4YWxkTrZu0gW";

fn multipart_body(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(name, file, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Form encoding of `fields`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A browser (cookie jar and the page's CSRF token) or an API client (a
/// Bearer token).
#[derive(Clone)]
pub struct Client {
    router: Router,
    /// The client's address, as the server sees it.
    pub addr: SocketAddr,
    /// The session cookie's value.
    pub session: Option<String>,
    /// The CSRF token of the last page that had one.
    pub csrf: Option<String>,
    /// The API token.
    pub bearer: Option<String>,
    /// Headers sent with every request.
    pub headers: Vec<(String, String)>,
    /// The last Set-Cookie of the session cookie.
    pub last_set_cookie: Option<String>,
}

impl Client {
    fn new(router: Router, addr: &str) -> Client {
        Client {
            router,
            addr: addr.parse().expect("an address"),
            session: None,
            csrf: None,
            bearer: None,
            headers: Vec::new(),
            last_set_cookie: None,
        }
    }

    /// The same person (cookie, token) on another server.
    pub fn on(&self, app: &App) -> Client {
        let mut c = self.clone();
        c.router = app.router.clone();
        c
    }

    /// A copy that sends the same session but keeps its own jar from now on.
    pub fn fork(&self) -> Client {
        self.clone()
    }

    /// Sends `request` with the session cookie, host and address, and takes
    /// up the cookie and the CSRF token of the answer.
    pub async fn send(&mut self, mut request: Request<Body>) -> Resp {
        let h = request.headers_mut();
        h.entry(header::HOST)
            .or_insert(header::HeaderValue::from_static(HOST));
        if let Some(s) = &self.session {
            h.append(
                header::COOKIE,
                format!("knead_session={s}").parse().expect("cookie"),
            );
        }
        for (k, v) in &self.headers {
            h.insert(
                header::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                v.parse().expect("value"),
            );
        }
        request.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
            .to_vec();
        for cookie in headers.get_all(header::SET_COOKIE) {
            let cookie = cookie.to_str().expect("ASCII cookie");
            let Some(rest) = cookie.strip_prefix("knead_session=") else {
                continue;
            };
            self.last_set_cookie = Some(cookie.to_owned());
            let value = rest.split(';').next().unwrap_or_default();
            if value.is_empty() || cookie.contains("Max-Age=0") {
                self.session = None;
                self.csrf = None;
            } else {
                self.session = Some(value.to_owned());
            }
        }
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if html && let Some(token) = scrape_csrf(&String::from_utf8_lossy(&body)) {
            self.csrf = Some(token);
        }
        Resp {
            status,
            headers,
            body,
        }
    }

    /// A request to `path` with `method` and `body` of `content_type`.
    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = content_type {
            b = b.header(header::CONTENT_TYPE, t);
        }
        self.send(b.body(Body::from(body)).expect("a request"))
            .await
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Resp {
        self.request(Method::GET, path, None, Vec::new()).await
    }

    /// `GET path` with extra headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut b = Request::builder().method(Method::GET).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::empty()).expect("a request")).await
    }

    /// The CSRF token of the last page (panics when no page had one).
    pub fn csrf(&self) -> String {
        self.csrf.clone().expect("a page with a CSRF token first")
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts a form as it is.
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.request(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            form_body(fields).into_bytes(),
        )
        .await
    }

    /// Posts a multipart form with this session's CSRF token first.
    pub async fn post_multipart(&mut self, path: &str, parts: &[Part]) -> Resp {
        let mut all = vec![Part::text("csrf", &self.csrf())];
        all.extend_from_slice(parts);
        self.post_multipart_raw(path, &all).await
    }

    /// Posts a multipart form as it is.
    pub async fn post_multipart_raw(&mut self, path: &str, parts: &[Part]) -> Resp {
        self.request(
            Method::POST,
            path,
            Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
            multipart_body(parts),
        )
        .await
    }

    /// An API request with the Bearer token and a JSON body.
    pub async fn api(
        &mut self,
        method: Method,
        path: &str,
        json: Option<serde_json::Value>,
    ) -> Resp {
        let body = json.map(|j| j.to_string().into_bytes());
        let content_type = body.as_ref().map(|_| "application/json");
        self.api_raw(method, path, content_type, body.unwrap_or_default())
            .await
    }

    /// An API request with the Bearer token and a body as it is.
    pub async fn api_raw(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = content_type {
            b = b.header(header::CONTENT_TYPE, t);
        }
        if let Some(token) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        // An API client has no cookie.
        let session = self.session.take();
        let r = self
            .send(b.body(Body::from(body)).expect("a request"))
            .await;
        self.session = session;
        r
    }

    /// Signs up with `name` and `email` (password [`PASSWORD`]) and opens the
    /// seasons page.
    pub async fn sign_up(&mut self, name: &str, email: &str) {
        self.post_form_raw(
            "/signup",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await
        .expect_redirect("/seasons");
        assert!(self.session.is_some(), "signed up without a cookie");
        self.get("/seasons").await.expect(200);
    }

    /// Signs up with `name` and `email` as a `role` (`runner`, `coach`,
    /// `clinic`): lands on that role's home page, and opens it.
    pub async fn sign_up_as(&mut self, name: &str, email: &str, role: &str) {
        let home = match role {
            "coach" => "/coach",
            "clinic" => "/clinic",
            _ => "/seasons",
        };
        let r = self
            .post_form_raw(
                "/signup",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", PASSWORD),
                    ("role", role),
                ],
            )
            .await;
        assert_eq!(r.expect_redirect(home), home, "{role} lands at home");
        assert!(self.session.is_some(), "signed up without a cookie");
        self.get(home).await.expect(200);
    }

    /// Signs in and opens the seasons page; returns the sign-in answer.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        let r = self
            .post_form_raw("/signin", &[("email", email), ("password", password)])
            .await;
        if r.status == StatusCode::SEE_OTHER {
            self.get("/seasons").await.expect(200);
        }
        r
    }

    /// Makes an API token on the account page and keeps it as this client's
    /// Bearer token.
    pub async fn make_token(&mut self, name: &str) -> String {
        self.get("/account").await.expect(200);
        let page = self.post_form("/account/tokens", &[("name", name)]).await;
        page.expect(200);
        let text = page.text();
        let token =
            attribute_after(&text, "id=\"newtoken\"", "value").expect("the new token on the page");
        assert!(token.starts_with("knead_"), "{token}");
        self.bearer = Some(token.clone());
        token
    }

    /// Starts a season from a multipart form's `parts` (CSRF added); returns
    /// the answer.
    pub async fn new_season(&mut self, parts: &[Part]) -> Resp {
        if self.csrf.is_none() {
            self.get("/seasons").await.expect(200);
        }
        self.post_multipart("/seasons", parts).await
    }

    /// Starts a season named `name` from the plan file `toml`; returns its id.
    pub async fn season_from_plan(&mut self, name: &str, toml: &str) -> i64 {
        let r = self
            .new_season(&[
                Part::text("name", name),
                Part::text("time_zone", "UTC"),
                Part::text("source", "plan"),
                Part::file("plan", "plan.toml", toml.as_bytes()),
            ])
            .await;
        season_id(&r)
    }

    /// Issues a feed of `kind` (`full`, `busy`) on the season's settings
    /// page; returns its https URL as the page shows it.
    pub async fn issue_feed(&mut self, id: i64, kind: &str) -> String {
        self.get(&format!("/seasons/{id}/settings"))
            .await
            .expect(200);
        let page = self
            .post_form(
                &format!("/seasons/{id}/feeds"),
                &[("kind", kind), ("action", "issue")],
            )
            .await;
        page.expect(200);
        attribute_after(&page.text(), "id=\"feed-https\"", "value")
            .expect("the feed URL on the page")
    }

    /// Uploads a GPX run on `day` to the season's history from its page.
    pub async fn upload_run(&mut self, id: i64, day: jiff::civil::Date) -> Resp {
        self.get(&format!("/seasons/{id}")).await.expect(200);
        self.post_multipart(
            &format!("/seasons/{id}/history"),
            &[Part::file(
                "activities",
                "run.gpx",
                &super::data::gpx_run(day),
            )],
        )
        .await
    }
}

/// The season id a redirect to `/seasons/{id}` names.
#[track_caller]
pub fn season_id(r: &Resp) -> i64 {
    let at = r.expect_redirect("/seasons/");
    at.trim_start_matches("/seasons/")
        .split(['?', '/'])
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no season id in {at}"))
}

/// The value of the CSRF field on a page.
pub fn scrape_csrf(html: &str) -> Option<String> {
    attribute_after(html, "name=\"csrf\"", "value")
}

/// The value of attribute `attr` in the first tag after `marker`.
pub fn attribute_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let end = rest.find('>')?;
    let tag = &rest[..end];
    let key = format!("{attr}=\"");
    let v = tag.find(&key)? + key.len();
    let value = &tag[v..];
    Some(unescape(&value[..value.find('"')?]))
}

/// HTML text escaped as maud escapes it.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The reverse of [`escape`].
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The path of a URL of this server (`http://knead.test/feeds/x.ics` →
/// `/feeds/x.ics`).
pub fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let at = rest.find('/').expect("a path in the URL");
    rest[at..].to_owned()
}
