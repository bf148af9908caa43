//! What `knead serve` acknowledged survives its death: edits (through the
//! pages and the API) and activity uploads run concurrently for a few
//! seconds, the server is killed with SIGKILL at a random moment, restarted
//! on the same database, and then every acknowledged edit is there (its
//! version, its summary, its workout), the versions run 1..n without a gap,
//! every version's plan file reads, the training history reads and holds
//! every acknowledged upload. On a SQLite file and on PostgreSQL (a fresh
//! schema of `KNEAD_TEST_POSTGRES_URL`; unset fails, `skip` skips).
//!
//! The kill moment is random; `KNEAD_TEST_KILL_MS` fixes it (milliseconds
//! after the stream starts) to replay a run, whose moment is printed.

#![allow(clippy::print_stderr)]

mod process_support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use knead_core::model::Activity;
use knead_store::SeasonId;
use process_support::{Client, Database, Server, random_hex};

/// The stream runs at most this long (the kill comes before).
const STREAM: Duration = Duration::from_secs(3);

/// What the server acknowledged.
#[derive(Debug, Default)]
struct Acks {
    /// API edits: version, summary, workout title.
    api: Vec<(i64, String, String)>,
    /// Page edits (303 to `?changed=N`): version, workout title.
    pages: Vec<(i64, String)>,
    /// Uploads (200): the activity's start.
    uploads: Vec<Timestamp>,
    /// Answers that were neither an acknowledgement nor a conflict.
    odd: Vec<String>,
}

/// A short run, starting `n` x 3 hours after 2026-06-01 06:00 UTC.
fn gpx(n: u32) -> (Timestamp, String) {
    let start: Timestamp = "2026-06-01T06:00:00Z".parse().expect("a timestamp");
    let start = start + jiff::SignedDuration::from_hours(3 * i64::from(n));
    let mut points = String::new();
    for i in 0..30i64 {
        let at = start + jiff::SignedDuration::from_secs(10 * i);
        points.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"13.4\"><time>{}</time></trkpt>",
            52.5 + 0.0003 * i as f64,
            at.strftime("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    (
        start,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"knead-test\" \
             xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>run {n}</name><type>running</type>\
             <trkseg>{points}</trkseg></trk></gpx>\n"
        ),
    )
}

/// A workout day for the `n`th edit, inside the example season.
fn day(n: u32) -> String {
    let first = jiff::civil::date(2027, 1, 4);
    (first + jiff::Span::new().days(i64::from(n * 3 % 90))).to_string()
}

fn current_version(c: &Client, token: &str, id: i64) -> Option<i64> {
    let auth = format!("Bearer {token}");
    let a = c
        .try_get(
            &format!("/api/v1/seasons/{id}/plan"),
            &[("authorization", &auth)],
        )
        .ok()?;
    let v: serde_json::Value = serde_json::from_str(&a.body).ok()?;
    v["version"].as_i64()
}

fn note_odd(acks: &Mutex<Acks>, what: String) {
    if let Ok(mut a) = acks.lock() {
        a.odd.push(what);
    }
}

fn kill_after() -> Duration {
    let ms = std::env::var("KNEAD_TEST_KILL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            let r = u64::from_str_radix(&random_hex(), 16).unwrap_or(0);
            800 + r % (STREAM.as_millis() as u64 - 800)
        });
    Duration::from_millis(ms)
}

fn survives_a_kill(db: &Database, label: &str) {
    let mut server = Server::start(&db.url, &[]);
    let c = server.client();
    let cookie = c.sign_up("Kill Test", "kill@example.org", "a long enough password");
    let csrf = c.csrf(&cookie);
    let token = c.api_token(&cookie, "durability");
    let created = c
        .try_post_json(
            "/api/v1/seasons",
            &token,
            r#"{"name": "Durable", "time_zone": "UTC", "start": {"from": "example"}}"#,
        )
        .expect("create a season");
    assert_eq!(created.status, 201, "{}", created.body);
    let id = serde_json::from_str::<serde_json::Value>(&created.body).expect("JSON")["id"]
        .as_i64()
        .expect("an id");

    let acks = Arc::new(Mutex::new(Acks::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    // Editing through the API.
    {
        let (c, token, acks, stop) = (c.clone(), token.clone(), acks.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let Some(v) = current_version(&c, &token, id) else { break };
                n += 1;
                let title = format!("api-{n}");
                let body = serde_json::json!({
                    "based_on": v,
                    "edit": {"op": "add_workout", "date": day(n), "kind": "easy", "minutes": 30, "title": title},
                });
                let Ok(a) = c.try_post_json(&format!("/api/v1/seasons/{id}/edits"), &token, &body.to_string())
                else {
                    break;
                };
                match a.status {
                    200 => {
                        let out: serde_json::Value = serde_json::from_str(&a.body).expect("JSON");
                        let saved = (
                            out["version"].as_i64().expect("a version"),
                            out["summary"].as_str().expect("a summary").to_owned(),
                            title,
                        );
                        acks.lock().expect("acks").api.push(saved);
                    }
                    409 => {}
                    s => note_odd(&acks, format!("API edit: {s} {}", a.body)),
                }
            }
        }));
    }
    // Editing through the pages.
    {
        let (c, token, acks, stop) = (c.clone(), token.clone(), acks.clone(), stop.clone());
        let (cookie, csrf) = (cookie.clone(), csrf.clone());
        workers.push(std::thread::spawn(move || {
            let mut n = 1000;
            while !stop.load(Ordering::SeqCst) {
                let Some(v) = current_version(&c, &token, id) else {
                    break;
                };
                n += 1;
                let title = format!("page-{n}");
                let Ok(a) = c.try_post_form(
                    &format!("/seasons/{id}/edit"),
                    &[("cookie", &cookie)],
                    &[
                        ("csrf", &csrf),
                        ("version", &v.to_string()),
                        ("op", "add_workout"),
                        ("date", &day(n)),
                        ("kind", "easy"),
                        ("minutes", "30"),
                        ("title", &title),
                    ],
                ) else {
                    break;
                };
                match a.status {
                    303 => {
                        let to = a.header("location").unwrap_or_default();
                        let number: i64 = to
                            .split("changed=")
                            .nth(1)
                            .and_then(|n| n.parse().ok())
                            .unwrap_or_else(|| panic!("a redirect to the new version: {to}"));
                        acks.lock().expect("acks").pages.push((number, title));
                    }
                    409 => {}
                    s => note_odd(&acks, format!("page edit: {s}")),
                }
            }
        }));
    }
    // Uploading activities through the API.
    {
        let (c, token, acks, stop) = (c.clone(), token.clone(), acks.clone(), stop.clone());
        workers.push(std::thread::spawn(move || {
            let auth = format!("Bearer {token}");
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let (start, file) = gpx(n);
                let Ok(a) = c.try_post(
                    &format!("/api/v1/seasons/{id}/history?name=run-{n}.gpx"),
                    &[("authorization", &auth)],
                    "application/octet-stream",
                    file.as_bytes(),
                ) else {
                    break;
                };
                match a.status {
                    200 => acks.lock().expect("acks").uploads.push(start),
                    s => note_odd(&acks, format!("upload: {s} {}", a.body)),
                }
            }
        }));
    }

    let kill_at = kill_after();
    eprintln!(
        "{label}: SIGKILL after {} ms (KNEAD_TEST_KILL_MS)",
        kill_at.as_millis()
    );
    let started = Instant::now();
    std::thread::sleep(kill_at);
    server.kill();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().expect("a worker");
    }
    let acks = std::mem::take(&mut *acks.lock().expect("acks"));
    eprintln!(
        "{label}: killed at {:?}: {} API edits, {} page edits, {} uploads acknowledged",
        started.elapsed(),
        acks.api.len(),
        acks.pages.len(),
        acks.uploads.len()
    );
    assert!(acks.odd.is_empty(), "unexpected answers: {:?}", acks.odd);
    assert!(
        !acks.api.is_empty() || !acks.pages.is_empty(),
        "no edit was acknowledged before the kill"
    );

    // Restarted on the same database.
    let server = Server::start(&db.url, &[]);
    let c = server.client();
    let auth = format!("Bearer {token}");
    let listed = c.get(
        &format!("/api/v1/seasons/{id}/versions"),
        &[("authorization", &auth)],
    );
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed.body).expect("JSON");
    let mut numbers: Vec<i64> = listed.iter().filter_map(|v| v["number"].as_i64()).collect();
    numbers.sort_unstable();
    let n = numbers.len() as i64;
    assert_eq!(
        numbers,
        (1..=n).collect::<Vec<_>>(),
        "versions 1..n without a gap"
    );
    for (number, summary, title) in &acks.api {
        let found = listed
            .iter()
            .find(|v| v["number"].as_i64() == Some(*number))
            .unwrap_or_else(|| panic!("acknowledged version {number} ({title}) is gone"));
        assert_eq!(found["summary"].as_str(), Some(summary.as_str()));
    }

    // Every version's plan file, straight from the store.
    let rt = process_support::runtime();
    let store = db.store(&rt);
    let season = rt
        .block_on(store.season(SeasonId(id)))
        .expect("store")
        .expect("the season");
    assert_eq!(
        season.current_version, n,
        "the season points at its last version"
    );
    let mut plans = Vec::new();
    for number in 1..=n {
        let v = rt
            .block_on(store.version(SeasonId(id), number))
            .expect("store")
            .unwrap_or_else(|| panic!("version {number}"));
        let (plan, _) = knead_app::season::read_plan(knead_app::season::TextFile {
            name: "stored plan",
            text: &v.plan_toml,
        })
        .unwrap_or_else(|e| panic!("version {number} does not read: {e}"));
        plans.push(plan);
    }
    let has = |number: i64, title: &str| {
        plans[(number - 1) as usize]
            .workouts
            .iter()
            .any(|w| w.title.as_deref() == Some(title))
    };
    for (number, _, title) in &acks.api {
        assert!(has(*number, title), "version {number} holds {title}");
        assert!(has(n, title), "the last version still holds {title}");
    }
    for (number, title) in &acks.pages {
        assert!(
            *number <= n,
            "acknowledged version {number} ({title}) is gone"
        );
        assert!(has(*number, title), "version {number} holds {title}");
        assert!(has(n, title), "the last version still holds {title}");
    }

    // The training history: whole, and holding every acknowledged upload.
    let history = rt.block_on(store.history(SeasonId(id))).expect("store");
    if acks.uploads.is_empty() {
        eprintln!("no upload was acknowledged before the kill");
    } else {
        let history = history.expect("a history");
        let activities: Vec<Activity> = serde_json::from_str(&history.activities_json)
            .unwrap_or_else(|e| panic!("the stored history does not read: {e}"));
        for start in &acks.uploads {
            assert!(
                activities.iter().any(|a| a.start == *start),
                "acknowledged upload starting {start} is gone"
            );
        }
    }

    // And the restarted server carries on.
    let page = c.get(&format!("/seasons/{id}"), &[("cookie", &cookie)]);
    assert_eq!(page.status, 200);
    let body = serde_json::json!({
        "based_on": n,
        "edit": {"op": "add_workout", "date": day(7), "kind": "intervals", "minutes": 60},
    });
    let after = c
        .try_post_json(
            &format!("/api/v1/seasons/{id}/edits"),
            &token,
            &body.to_string(),
        )
        .expect("an edit after the restart");
    assert_eq!(after.status, 200, "{}", after.body);
    let after: serde_json::Value = serde_json::from_str(&after.body).expect("JSON");
    assert_eq!(after["version"].as_i64(), Some(n + 1));
}

#[test]
fn acknowledged_writes_survive_sigkill_on_sqlite() {
    survives_a_kill(&Database::sqlite(), "SQLite");
}

#[test]
fn acknowledged_writes_survive_sigkill_on_postgres() {
    if let Some(db) = Database::postgres() {
        survives_a_kill(&db, "PostgreSQL");
    }
}

/// Uploads to one season from several clients at once: every acknowledged
/// activity is kept (adding history replaces it only if nobody wrote in
/// between, `Store::replace_history`, and reads again otherwise).
#[test]
fn concurrent_uploads_to_one_season_are_all_kept() {
    let db = Database::sqlite();
    let server = Server::start(&db.url, &[]);
    let c = server.client();
    let cookie = c.sign_up("Many Uploads", "many@example.org", "a long enough password");
    let token = c.api_token(&cookie, "uploads");
    let created = c
        .try_post_json(
            "/api/v1/seasons",
            &token,
            r#"{"name": "Uploads", "start": {"from": "example"}}"#,
        )
        .expect("create a season");
    let id = serde_json::from_str::<serde_json::Value>(&created.body).expect("JSON")["id"]
        .as_i64()
        .expect("an id");
    let workers: Vec<_> = (0..4u32)
        .map(|k| {
            let (c, auth) = (c.clone(), format!("Bearer {token}"));
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for n in (k..40).step_by(4) {
                    let (start, file) = gpx(n);
                    let a = c
                        .try_post(
                            &format!("/api/v1/seasons/{id}/history?name=run-{n}.gpx"),
                            &[("authorization", &auth)],
                            "application/octet-stream",
                            file.as_bytes(),
                        )
                        .expect("an upload");
                    assert_eq!(a.status, 200, "{}", a.body);
                    acknowledged.push(start);
                }
                acknowledged
            })
        })
        .collect();
    let acknowledged: Vec<Timestamp> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("an uploader"))
        .collect();
    let rt = process_support::runtime();
    let history = rt
        .block_on(db.store(&rt).history(SeasonId(id)))
        .expect("store")
        .expect("a history");
    let activities: Vec<Activity> =
        serde_json::from_str(&history.activities_json).expect("the history reads");
    let lost: Vec<&Timestamp> = acknowledged
        .iter()
        .filter(|s| !activities.iter().any(|a| a.start == **s))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged uploads lost",
        lost.len(),
        acknowledged.len()
    );
}
