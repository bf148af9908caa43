//! What people type comes back escaped on every page that shows it, and every
//! answer carries the security headers (a CSP the pages keep to).

use knead_store::Permission;

use crate::common::world::{self, sharing};
use crate::common::{Client, Db, Part, Resp, data, escape};

both!(
    hostile_names_are_escaped_on_every_page,
    clinic_coach_and_therapist_names_are_escaped,
    answers_carry_the_security_headers,
);

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const NAME: &str = "<b onmouseover=alert(1)>Ada</b>";
const THERAPIST: &str = "<script>alert(2)</script>";

#[track_caller]
fn escaped(r: &Resp, page: &str, shows: &[&str]) {
    r.expect(200);
    let text = r.text();
    for raw in [
        SCRIPT,
        IMG,
        NAME,
        THERAPIST,
        "onerror=alert(1)>",
        "<b onmouseover",
    ] {
        assert!(!text.contains(raw), "{page} shows {raw:?} unescaped");
    }
    for s in shows {
        assert!(
            text.contains(&escape(s)),
            "{page} does not show {:?}: {text}",
            escape(s)
        );
    }
}

/// The index of the workout titled `title` in the season's current plan.
async fn workout_index(c: &mut Client, id: i64, title: &str) -> usize {
    let r = c.get(&format!("/seasons/{id}/plan.toml")).await;
    r.expect(200);
    let plan = knead_formats::plan_file::parse("plan.toml", &r.text())
        .expect("the stored plan reads")
        .plan;
    plan.workouts
        .iter()
        .position(|w| w.title.as_deref() == Some(title))
        .expect("the workout")
}

async fn hostile_names_are_escaped_on_every_page(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up(NAME, "ada@example.org").await;
    let id = c.season_from_plan(SCRIPT, &data::shifted_example()).await;
    let day = data::shifted(jiff::civil::date(2027, 1, 6));
    let other = data::shifted(jiff::civil::date(2027, 1, 7));
    c.get(&format!("/seasons/{id}")).await.expect(200);
    let d = day.to_string();
    c.post_form(
        &format!("/seasons/{id}/edit"),
        &[
            ("version", "1"),
            ("op", "add_workout"),
            ("date", &d),
            ("kind", "easy"),
            ("minutes", "30"),
            ("title", IMG),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=2"));
    let index = workout_index(&mut c, id, IMG).await.to_string();
    let o = other.to_string();
    c.post_form(
        &format!("/seasons/{id}/edit"),
        &[
            ("version", "2"),
            ("op", "move_workout"),
            ("index", &index),
            ("date", &o),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=3"));
    c.post_form(
        &format!("/seasons/{id}/edit"),
        &[
            ("version", "3"),
            ("op", "add_race"),
            ("date", &o),
            ("name", SCRIPT),
            ("distance_km", "5"),
            ("priority", "C"),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=4"));

    escaped(&c.get("/seasons").await, "seasons", &[SCRIPT, NAME]);
    let page = c.get(&format!("/seasons/{id}?changed=4")).await;
    escaped(&page, "season", &[SCRIPT, IMG, NAME]);
    escaped(
        &c.get(&format!("/seasons/{id}?changed=3")).await,
        "season after the move",
        &[SCRIPT, IMG],
    );
    escaped(
        &c.get(&format!("/seasons/{id}/days/{o}")).await,
        "day",
        &[SCRIPT],
    );
    let versions = c.get(&format!("/seasons/{id}/versions")).await;
    escaped(&versions, "versions", &[SCRIPT, IMG, NAME]);
    escaped(
        &c.get(&format!("/seasons/{id}/settings")).await,
        "settings",
        &[SCRIPT],
    );
    escaped(&c.get("/account").await, "account", &[NAME]);
    // Inside attributes too: the settings form's name field.
    let settings = c.get(&format!("/seasons/{id}/settings")).await.text();
    assert!(settings.contains(&format!("value=\"{}\"", escape(SCRIPT))));
    // A file name in an error.
    let r = c
        .new_season(&[
            Part::text("name", "Bad"),
            Part::text("source", "plan"),
            Part::file(
                "plan",
                &format!("{IMG}.toml"),
                b"units = \"km\"\nnot toml at all ]]\n",
            ),
        ])
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(!r.text().contains(IMG));
    assert!(r.text().contains(&escape(IMG)), "{}", r.text());
    // The plan file's download name.
    let r = c.get(&format!("/seasons/{id}/plan.toml")).await;
    let disposition = r.header("content-disposition").unwrap_or_default();
    assert!(
        disposition
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || " ;=\"-._".contains(ch)),
        "{disposition}"
    );
}

async fn clinic_coach_and_therapist_names_are_escaped(db: &Db) {
    let app = db.app().await;
    // A clinic named <script>, whose therapist is named <script> too.
    let mut clinic = world::clinic(
        &app,
        "clinic@example.org",
        SCRIPT,
        &format!("{THERAPIST}: deep, art, swedish"),
    )
    .await;
    let mut ada = app.client();
    ada.sign_up(NAME, "ada@example.org").await;
    let id = ada.season_from_plan(IMG, &data::shifted_example()).await;
    // A coach named <img>.
    world::coach(
        &app,
        &mut ada,
        id,
        IMG,
        "coach@example.org",
        Permission::View,
    )
    .await;
    let sent = world::link_and_request(&app, &mut ada, id, &clinic.email).await;
    let page = ada.get(&format!("/seasons/{id}/sharing")).await;
    escaped(&page, "sharing", &[SCRIPT, IMG, &format!("{IMG} (coach)")]);
    // The clinic's pages: its name, the runner's, the therapist's.
    escaped(
        &clinic.client.get("/clinic").await,
        "board",
        &[SCRIPT, NAME],
    );
    let profile = clinic.client.get("/clinic/profile").await;
    escaped(&profile, "clinic profile", &[SCRIPT, THERAPIST]);
    assert!(
        profile
            .text()
            .contains(&format!("value=\"{}\"", escape(SCRIPT))),
        "the name field"
    );
    let check = clinic
        .client
        .get(&format!(
            "/clinic/requests/{}/check?date={}",
            sent[0].id, sent[0].date
        ))
        .await;
    escaped(&check, "check", &[]);
    let r = clinic
        .client
        .post_form("/clinic/feeds", &[("therapist", THERAPIST)])
        .await;
    escaped(&r, "clinic feed", &[THERAPIST]);
    // A date the clinic typed, in an error.
    clinic.client.get("/clinic").await.expect(200);
    let r = clinic
        .client
        .get(&format!(
            "/clinic/requests/{}/check?date=%3Cscript%3E",
            sent[0].id
        ))
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(!r.text().contains("<script>"), "{}", r.text());
    // An invitation and the roster: the runner's and the season's names.
    let token = world::invite(&mut ada, id, "edit").await;
    let mut cora = app.client();
    cora.sign_up_as(SCRIPT, "cora@example.org", "coach").await;
    escaped(
        &cora.get(&format!("/invite/{token}")).await,
        "invitation",
        &[NAME, IMG],
    );
    cora.post_form(&format!("/invite/{token}"), &[])
        .await
        .expect_redirect(&format!("/seasons/{id}"));
    escaped(&cora.get("/coach").await, "roster", &[NAME, IMG, SCRIPT]);
    // A clinic proposal seen by the runner, and the clinic named in an error.
    let r = sharing(&mut ada, id, &[("action", "link"), ("email", IMG)]).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(!r.text().contains(IMG), "{}", r.text());
    assert!(r.text().contains(&escape(IMG)), "{}", r.text());
}

#[track_caller]
fn secure_headers(r: &Resp, what: &str) {
    let csp = r
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert!(
        r.header("referrer-policy")
            .is_some_and(|p| p == "no-referrer" || p.contains("origin")),
        "{what}: {:?}",
        r.header("referrer-policy")
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
    // The pages keep to the CSP: no inline script, style or handlers.
    if r.header("content-type")
        .is_some_and(|t| t.starts_with("text/html"))
    {
        let html = r.text();
        let mut rest = html.as_str();
        while let Some(at) = rest.find("<script") {
            let tag = &rest[at..at + rest[at..].find('>').unwrap_or(0)];
            assert!(tag.contains("src="), "{what}: inline script {tag}");
            rest = &rest[at + 7..];
        }
        assert!(!html.contains("<style"), "{what}: inline style");
        assert!(!html.contains(" style="), "{what}: a style attribute");
        assert!(!html.contains(" onclick="), "{what}: an inline handler");
    }
}

async fn answers_carry_the_security_headers(db: &Db) {
    let app = db.app().await;
    let mut visitor = app.client();
    for path in [
        "/",
        "/signin",
        "/signup",
        "/nothing/here",
        "/static/knead.css",
        "/healthz",
    ] {
        secure_headers(&visitor.get(path).await, path);
    }
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    let feed = crate::common::path_of(&c.issue_feed(id, "full").await);
    c.make_token("script").await;
    for path in [
        "/seasons".to_owned(),
        format!("/seasons/{id}"),
        format!("/seasons/{id}/versions"),
        format!("/seasons/{id}/settings"),
        format!(
            "/seasons/{id}/days/{}",
            data::shifted(jiff::civil::date(2027, 1, 5))
        ),
        format!("/seasons/{id}/plan.toml"),
        "/account".to_owned(),
        "/account/export".to_owned(),
        feed.clone(),
        format!("/seasons/{}", id + 1000),
    ] {
        secure_headers(&c.get(&path).await, &path);
    }
    secure_headers(
        &c.api(
            axum::http::Method::GET,
            &format!("/api/v1/seasons/{id}"),
            None,
        )
        .await,
        "the API",
    );
    // Errors and refusals too.
    let bad = c
        .new_season(&[Part::text("name", ""), Part::text("source", "example")])
        .await;
    assert_eq!(bad.status.as_u16(), 422);
    secure_headers(&bad, "a 422");
    let mut evil = c.fork();
    evil.headers
        .push(("origin".into(), "https://evil.example".into()));
    let refused = evil.post_form("/signout", &[]).await;
    refused.expect(403);
    secure_headers(&refused, "a cross-site refusal");
    let redirect = app.client().get("/seasons").await;
    redirect.expect_redirect("/signin");
    secure_headers(&redirect, "a redirect");
}
