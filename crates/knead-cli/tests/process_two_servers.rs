//! Two real `knead serve` processes on one database behave as one server: a
//! session made on one is good on the other, a season started on one is
//! edited there, its feed is issued and read on the other, and the feed read
//! from the second follows an edit made through the first. On a SQLite file,
//! and on PostgreSQL (a fresh schema of `KNEAD_TEST_POSTGRES_URL`; unset
//! fails, `skip` skips).

mod process_support;

use process_support::{Database, Server, uid_sequences};

fn two_servers_act_as_one(db: &Database) {
    // The first starts (and migrates) the database; the second opens it.
    let one = Server::start(&db.url, &[]);
    let two = Server::start(&db.url, &[]);
    let (c1, c2) = (one.client(), two.client());

    let cookie = c1.sign_up("Ada Runner", "ada@example.org", "a long enough password");
    let csrf = c1.csrf(&cookie);
    let headers = [("cookie", cookie.as_str())];

    // The session made on server 1 is valid on server 2, with the same CSRF token.
    let seasons = c2.get("/seasons", &headers);
    assert_eq!(seasons.status, 200, "server 2 knows the session");
    assert_eq!(seasons.csrf().as_deref(), Some(csrf.as_str()));
    // A stranger is sent to sign in.
    assert_eq!(c2.get("/seasons", &[]).status, 303);

    // A season started on 1.
    let created = c1.post_multipart(
        "/seasons",
        &headers,
        &[
            ("csrf", &csrf),
            ("name", "Spring build"),
            ("time_zone", "Europe/Berlin"),
            ("source", "example"),
        ],
    );
    assert_eq!(created.status, 303, "season created: {}", created.body);
    let page = created.header("location").expect("a redirect").to_owned();
    let id: i64 = page
        .strip_prefix("/seasons/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a season address: {page}"));
    let shown = c2.get(&page, &headers);
    assert_eq!(shown.status, 200, "server 2 shows the season made on 1");
    assert!(shown.body.contains("Spring build"));

    // Its feed issued on 2's settings page.
    let settings = c2.get(&format!("/seasons/{id}/settings"), &headers);
    assert_eq!(settings.status, 200);
    let issued = c2.post_form(
        &format!("/seasons/{id}/feeds"),
        &headers,
        &[("csrf", &csrf), ("kind", "full"), ("action", "issue")],
    );
    assert_eq!(issued.status, 200, "feed issued: {}", issued.body);
    let feed = issued.input_value("feed-https").expect("the feed address");
    assert!(feed.starts_with(&two.base), "{feed} is on server 2");
    let feed_path = &feed[two.base.len()..];

    let before = c2.get(feed_path, &[]);
    assert_eq!(before.status, 200);
    assert!(before.body.starts_with("BEGIN:VCALENDAR"));
    // Both processes render the same feed.
    assert_eq!(c1.get(feed_path, &[]).body, before.body);
    let events_before = uid_sequences(&before.body);
    // A hard session on the first massage's day moves that massage.
    let massage_day = events_before
        .iter()
        .find_map(|(uid, _)| uid.strip_prefix("massage-"))
        .map(|rest| rest[..8].to_owned())
        .expect("a massage in the feed");
    let date = format!(
        "{}-{}-{}",
        &massage_day[..4],
        &massage_day[4..6],
        &massage_day[6..8]
    );

    // An edit through 1, made from the version shown on 2.
    let version = process_support::input_value(&shown.body, "name=\"version\"")
        .expect("the version on the season page");
    assert_eq!(version, "1");
    let edited = c1.post_form(
        &format!("/seasons/{id}/edit"),
        &headers,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("op", "add_workout"),
            ("date", &date),
            ("kind", "intervals"),
            ("minutes", "60"),
        ],
    );
    assert_eq!(edited.status, 303, "edit saved: {}", edited.body);
    assert_eq!(
        edited.header("location"),
        Some(format!("/seasons/{id}?changed=2").as_str())
    );

    // Server 2's feed follows: a new UID, or a changed SEQUENCE.
    let after = c2.get(feed_path, &[]);
    assert_eq!(after.status, 200);
    let events_after = uid_sequences(&after.body);
    assert_ne!(
        events_after, events_before,
        "the feed on 2 shows the edit made on 1"
    );
    let new_uid = events_after
        .iter()
        .any(|(uid, _)| !events_before.iter().any(|(u, _)| u == uid));
    let raised = events_after.iter().any(|(uid, seq)| {
        events_before
            .iter()
            .any(|(u, s)| u == uid && s.parse::<i64>().unwrap_or(0) < seq.parse().unwrap_or(0))
    });
    assert!(new_uid || raised, "a new UID or a raised SEQUENCE");
    // The edit made from an old version on 2 is refused as a conflict.
    let stale = c2.post_form(
        &format!("/seasons/{id}/edit"),
        &headers,
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("op", "add_workout"),
            ("date", &date),
            ("kind", "easy"),
            ("minutes", "30"),
        ],
    );
    assert_eq!(stale.status, 409, "an edit from version 1 after version 2");

    // Signing out on 2 ends the session on 1 too.
    let out = c2.post_form("/signout", &headers, &[("csrf", &csrf)]);
    assert_eq!(out.status, 303);
    assert_eq!(c1.get("/seasons", &headers).status, 303);
}

#[test]
fn two_servers_on_one_sqlite_file() {
    two_servers_act_as_one(&Database::sqlite());
}

#[test]
fn two_servers_on_one_postgres_database() {
    if let Some(db) = Database::postgres() {
        two_servers_act_as_one(&db);
    }
}
