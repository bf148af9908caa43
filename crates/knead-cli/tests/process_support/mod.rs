//! What the process tests (`tests/process_*.rs`) share: real `knead serve`
//! processes, a plain-HTTP client for them, the pages' forms (sign-up, CSRF,
//! API tokens), and a database per test (a SQLite file, or a fresh schema of
//! the PostgreSQL database `KNEAD_TEST_POSTGRES_URL` names: unset fails,
//! `skip` skips, as the store suite does).

#![allow(dead_code, clippy::print_stderr, clippy::print_stdout)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The variable naming the PostgreSQL test database.
pub const POSTGRES_VARIABLE: &str = "KNEAD_TEST_POSTGRES_URL";

/// How long a server may take to start listening (a debug build migrating a
/// fresh database on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `knead serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// What it printed on stdout (the demo lines among them).
    pub stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

fn collect(
    stream: impl Read + Send + 'static,
    into: Arc<Mutex<Vec<String>>>,
) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut v) = into.lock() {
                v.push(line.clone());
            }
            let _ = tx.send(line);
        }
    });
    rx
}

impl Server {
    /// Starts `knead serve --listen 127.0.0.1:0 --database DATABASE` (and
    /// `extra` arguments) and waits until it listens.
    pub fn start(database: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_knead"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database", database])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start knead serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = collect(child.stdout.take().expect("stdout"), stdout.clone());
        let _ = collect(child.stderr.take().expect("stderr"), stderr.clone());
        let deadline = Instant::now() + START_TIMEOUT;
        let mut base = None;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split("listening on ").nth(1) {
                        base = Some(rest.split(' ').next().unwrap_or_default().to_owned());
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        let mut server = Server {
            child,
            base: String::new(),
            stdout,
            stderr,
        };
        match base {
            Some(b) => server.base = b,
            None => {
                server.kill();
                panic!(
                    "knead serve on {database} did not start listening; stderr:\n{}",
                    server.stderr_text()
                );
            }
        }
        // With --demo the demo lines follow the listening line.
        if extra.contains(&"--demo") {
            let deadline = Instant::now() + START_TIMEOUT;
            while server.printed("demo feed:").is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        server
    }

    /// The first stdout line starting with `prefix`, without it, trimmed.
    pub fn printed(&self, prefix: &str) -> Option<String> {
        self.stdout
            .lock()
            .ok()?
            .iter()
            .find_map(|l| l.strip_prefix(prefix).map(|r| r.trim().to_owned()))
    }

    /// What the server wrote on stderr so far.
    pub fn stderr_text(&self) -> String {
        self.stderr.lock().map(|v| v.join("\n")).unwrap_or_default()
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL (on unix) and reap: no shutdown, no flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A client for this server.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!(
                "--- knead serve {} stderr ---\n{}",
                self.base,
                self.stderr_text()
            );
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// Headers, names lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Answer {
    /// The first header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `name=value` of the Set-Cookie named `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next())
            .find(|pair| pair.split_once('=').is_some_and(|(n, _)| n.trim() == name))
            .map(|pair| pair.trim().to_owned())
    }

    /// The value of the input with id `id` in an HTML body.
    pub fn input_value(&self, id: &str) -> Option<String> {
        input_value(&self.body, &format!("id=\"{id}\""))
    }

    /// The CSRF token of a page.
    pub fn csrf(&self) -> Option<String> {
        input_value(&self.body, "name=\"csrf\"")
    }
}

/// The `value` of the first `<input ...>` whose attributes hold `marker`.
pub fn input_value(html: &str, marker: &str) -> Option<String> {
    html.split("<input").skip(1).find_map(|tag| {
        let tag = tag.split('>').next()?;
        if !tag.contains(marker) {
            return None;
        }
        let value = tag.split("value=\"").nth(1)?;
        Some(value.split('"').next()?.to_owned())
    })
}

/// A plain-HTTP client: no redirects followed, every status an answer.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

/// A request failed below HTTP (refused, reset, timed out).
#[derive(Debug)]
pub struct Transport(pub String);

impl Client {
    /// A client for `base`.
    pub fn new(base: &str) -> Client {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    fn answer(
        r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, Transport> {
        let r = r.map_err(|e| Transport(e.to_string()))?;
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let body = r
            .into_body()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Transport(e.to_string()))?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// GET with `headers`.
    pub fn try_get(&self, path: &str, headers: &[(&str, &str)]) -> Result<Answer, Transport> {
        let mut req = self.agent.get(self.url(path));
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        Client::answer(req.call())
    }

    /// GET, panicking on a transport failure.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.try_get(path, headers)
            .unwrap_or_else(|e| panic!("GET {path}: {e:?}"))
    }

    /// POST a body of `content_type` with `headers`.
    pub fn try_post(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Result<Answer, Transport> {
        let mut req = self
            .agent
            .post(self.url(path))
            .header("content-type", content_type);
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        Client::answer(req.send(body))
    }

    /// POST a URL-encoded form.
    pub fn try_post_form(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Result<Answer, Transport> {
        let body = form_encode(fields);
        self.try_post(
            path,
            headers,
            "application/x-www-form-urlencoded",
            body.as_bytes(),
        )
    }

    /// POST a URL-encoded form, panicking on a transport failure.
    pub fn post_form(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Answer {
        self.try_post_form(path, headers, fields)
            .unwrap_or_else(|e| panic!("POST {path}: {e:?}"))
    }

    /// POST a multipart form of text fields.
    pub fn post_multipart(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Answer {
        let boundary = "knead-process-test-boundary-7c1d";
        let mut body = String::new();
        for (n, v) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        self.try_post(
            path,
            headers,
            &format!("multipart/form-data; boundary={boundary}"),
            body.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("POST {path}: {e:?}"))
    }

    /// POST JSON with a bearer token.
    pub fn try_post_json(&self, path: &str, token: &str, json: &str) -> Result<Answer, Transport> {
        let auth = format!("Bearer {token}");
        self.try_post(
            path,
            &[("authorization", &auth)],
            "application/json",
            json.as_bytes(),
        )
    }

    /// PUT JSON with a bearer token, panicking on a transport failure.
    pub fn put_json(&self, path: &str, token: &str, json: &str) -> Answer {
        let req = self
            .agent
            .put(self.url(path))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"));
        Client::answer(req.send(json)).unwrap_or_else(|e| panic!("PUT {path}: {e:?}"))
    }

    /// Signs up a new account; returns its `knead_session=...` cookie.
    pub fn sign_up(&self, name: &str, email: &str, password: &str) -> String {
        let a = self.post_form(
            "/signup",
            &[],
            &[("name", name), ("email", email), ("password", password)],
        );
        assert_eq!(a.status, 303, "sign-up: {}", a.body);
        a.cookie("knead_session").expect("a session cookie")
    }

    /// Signs in; returns the session cookie.
    pub fn sign_in(&self, email: &str, password: &str) -> String {
        let a = self.post_form("/signin", &[], &[("email", email), ("password", password)]);
        assert_eq!(a.status, 303, "sign-in: {}", a.body);
        a.cookie("knead_session").expect("a session cookie")
    }

    /// The CSRF token of the session `cookie` (from the account page).
    pub fn csrf(&self, cookie: &str) -> String {
        let a = self.get("/account", &[("cookie", cookie)]);
        assert_eq!(a.status, 200, "account page: {}", a.body);
        a.csrf().expect("a csrf field on the account page")
    }

    /// Makes an API token for the session `cookie`.
    pub fn api_token(&self, cookie: &str, name: &str) -> String {
        let csrf = self.csrf(cookie);
        let a = self.post_form(
            "/account/tokens",
            &[("cookie", cookie)],
            &[("csrf", &csrf), ("name", name)],
        );
        assert_eq!(a.status, 200, "new token: {}", a.body);
        a.input_value("newtoken")
            .expect("the new token on the page")
    }
}

/// `application/x-www-form-urlencoded`.
pub fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes all but unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A random hex string (from the standard library's hasher seeds).
pub fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("{:016x}", h.finish())
}

/// A database for one test, removed when dropped.
pub struct Database {
    /// What `knead serve --database` takes.
    pub url: String,
    /// The PostgreSQL schema to drop at the end.
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Database {
    /// A fresh SQLite file in a temporary folder.
    pub fn sqlite() -> Database {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = dir.path().join("knead.db").display().to_string();
        Database {
            url,
            schema: None,
            _dir: Some(dir),
        }
    }

    /// A fresh schema in the PostgreSQL database `KNEAD_TEST_POSTGRES_URL`
    /// names; `None` when it is `skip`; a panic when it is unset.
    pub fn postgres() -> Option<Database> {
        let base = match std::env::var(POSTGRES_VARIABLE) {
            Ok(url) if url == "skip" => {
                eprintln!("skipped: {POSTGRES_VARIABLE}=skip");
                return None;
            }
            Ok(url) if !url.is_empty() => url,
            _ => panic!(
                "{POSTGRES_VARIABLE} is not set: the PostgreSQL process tests need a database. \
                 Run `scripts/postgres.sh start` and set {POSTGRES_VARIABLE} to the URL it prints, \
                 or set {POSTGRES_VARIABLE}=skip to skip them on purpose."
            ),
        };
        // Generated hex: safe in SQL text (identifiers cannot be bound).
        let schema = format!("knead_proc_{}", random_hex());
        run_sql(&base, &format!("CREATE SCHEMA {schema}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options[search_path]={schema}");
        Some(Database {
            url,
            schema: Some((base, schema)),
            _dir: None,
        })
    }

    /// Opens the store the server uses, to read back what it wrote, on
    /// `rt` (its connections belong to that runtime).
    pub fn store(&self, rt: &tokio::runtime::Runtime) -> Arc<dyn knead_store::Store> {
        rt.block_on(knead_server::open_store(&self.url))
            .expect("open the test database")
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.schema {
            run_sql(base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// A runtime for the store calls of a test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn run_sql(url: &str, sql: &str) {
    use sqlx::Connection;
    let sql = sql.to_owned();
    let url = url.to_owned();
    runtime().block_on(async move {
        let mut c = sqlx::PgConnection::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("connect to {POSTGRES_VARIABLE}: {e}"));
        sqlx::raw_sql(&sql)
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let _ = c.close().await;
    });
}

/// Each `BEGIN:VEVENT` block's UID and SEQUENCE, sorted.
pub fn uid_sequences(ics: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for event in ics.split("BEGIN:VEVENT").skip(1) {
        let event = event.split("END:VEVENT").next().unwrap_or_default();
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        out.push((field("UID:"), field("SEQUENCE:")));
    }
    out.sort();
    out
}
