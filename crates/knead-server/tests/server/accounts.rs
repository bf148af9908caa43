//! Accounts: signing up, in and out, passwords, rate limits, the session
//! cookie, deleting an account and exporting it.

use axum::http::Method;
use knead_store::{AccountId, SeasonId};

use crate::common::data::{self, unzip};
use crate::common::ics;
use crate::common::{Client, Db, PASSWORD, path_of};

both!(
    sign_up_in_and_out,
    sign_up_refuses_bad_input,
    wrong_password_and_unknown_email_get_the_same_401,
    sign_out_everywhere_ends_every_session,
    password_change_ends_the_other_sessions_only,
    five_failures_lock_the_account_even_with_the_right_password,
    twenty_failures_lock_the_address_even_with_the_right_password,
    session_cookie_attributes,
    deleting_the_account_removes_everything,
    export_holds_every_season,
);

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn sign_up_in_and_out(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    c.get("/").await.expect_redirect("/seasons");
    c.get("/signin").await.expect_redirect("/seasons");
    c.get("/signup").await.expect_redirect("/seasons");
    let account = c.get("/account").await;
    account.expect(200);
    assert!(account.text().contains("ada@example.org"));

    let old = c.session.clone();
    c.get("/seasons").await.expect(200);
    c.post_form("/signout", &[]).await.expect_redirect("/");
    assert!(c.session.is_none(), "the cookie is cleared");
    c.get("/seasons").await.expect_redirect("/signin");
    // The old cookie is dead on the server, not only in this browser.
    let mut replay = app.client();
    replay.session = old;
    replay.get("/seasons").await.expect_redirect("/signin");
    replay.get("/account").await.expect_redirect("/signin");

    c.sign_in("ada@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
    // Emails are matched whatever their case.
    let mut other = app.client();
    other
        .sign_in("ADA@Example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
    assert_ne!(other.session, c.session, "each sign-in is its own session");
}

async fn sign_up_refuses_bad_input(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    for (name, email, password, says) in [
        ("Ada again", "ADA@example.org", PASSWORD, "already exists"),
        ("Bob", "bob@example.org", "short", "password"),
        ("Bob", "not-an-email", PASSWORD, "email"),
        ("", "bob@example.org", PASSWORD, "name"),
    ] {
        let mut d = app.client();
        let r = d
            .post_form_raw(
                "/signup",
                &[("name", name), ("email", email), ("password", password)],
            )
            .await;
        r.expect(422);
        assert!(r.text().contains(says), "{says}: {}", r.text());
        assert!(d.session.is_none());
    }
    assert!(
        app.store
            .account_by_email("bob@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

/// The error paragraph of a page.
fn error_of(html: &str) -> String {
    let at = html.find("class=\"error\"").expect("an error on the page");
    let rest = &html[at..];
    let start = rest.find('>').expect("tag end") + 1;
    let end = rest.find("</p>").expect("paragraph end");
    rest[start..end].to_owned()
}

async fn wrong_password_and_unknown_email_get_the_same_401(db: &Db) {
    let app = db.app().await;
    app.client().sign_up("Ada", "ada@example.org").await;
    let mut c = app.client();
    let wrong = c.sign_in("ada@example.org", "not the password").await;
    wrong.expect(401);
    assert!(c.session.is_none());
    let unknown = c.sign_in("nobody@example.org", PASSWORD).await;
    unknown.expect(401);
    assert!(c.session.is_none());
    assert_eq!(error_of(&wrong.text()), error_of(&unknown.text()));
    assert_eq!(
        wrong.text().replace("ada@example.org", "EMAIL"),
        unknown.text().replace("nobody@example.org", "EMAIL"),
        "the two answers differ beyond the email typed"
    );
}

async fn sign_out_everywhere_ends_every_session(db: &Db) {
    let app = db.app().await;
    let mut one = app.client();
    one.sign_up("Ada", "ada@example.org").await;
    let mut two = app.client_from("198.51.100.7:5000");
    two.sign_in("ada@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
    let mut bob = app.client();
    bob.sign_up("Bob", "bob@example.org").await;

    let old = one.session.clone();
    one.get("/account").await.expect(200);
    one.post_form("/signout-everywhere", &[])
        .await
        .expect_redirect("/");
    assert!(one.session.is_none());
    let mut replay = app.client();
    replay.session = old;
    replay.get("/seasons").await.expect_redirect("/signin");
    two.get("/seasons").await.expect_redirect("/signin");
    // Only Ada's sessions.
    bob.get("/seasons").await.expect(200);
}

async fn password_change_ends_the_other_sessions_only(db: &Db) {
    let app = db.app().await;
    let mut here = app.client();
    here.sign_up("Ada", "ada@example.org").await;
    let mut there = app.client_from("198.51.100.7:5000");
    there
        .sign_in("ada@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");

    // A wrong current password changes nothing.
    here.get("/account").await.expect(200);
    let r = here
        .post_form(
            "/account/password",
            &[("current", "not the password"), ("new", NEW_PASSWORD)],
        )
        .await;
    r.expect(422);
    assert!(r.text().contains("current password is wrong"));
    there.get("/seasons").await.expect(200);
    // Nor does a new one that is too short.
    here.post_form(
        "/account/password",
        &[("current", PASSWORD), ("new", "short")],
    )
    .await
    .expect(422);
    there.get("/seasons").await.expect(200);

    let r = here
        .post_form(
            "/account/password",
            &[("current", PASSWORD), ("new", NEW_PASSWORD)],
        )
        .await;
    r.expect(200);
    assert!(
        r.text().contains("1 other session(s) signed out"),
        "{}",
        r.text()
    );
    here.get("/account").await.expect(200);
    there.get("/account").await.expect_redirect("/signin");

    let mut fresh = app.client();
    fresh.sign_in("ada@example.org", PASSWORD).await.expect(401);
    fresh
        .sign_in("ada@example.org", NEW_PASSWORD)
        .await
        .expect_redirect("/seasons");
}

async fn five_failures_lock_the_account_even_with_the_right_password(db: &Db) {
    let app = db.app().await;
    app.client().sign_up("Ada", "ada@example.org").await;
    app.client().sign_up("Bob", "bob@example.org").await;
    // From five addresses, so that no address reaches its own limit.
    for i in 1..=5 {
        app.client_from(&format!("203.0.113.{i}:1000"))
            .sign_in("ada@example.org", "not the password")
            .await
            .expect(401);
    }
    let mut c = app.client_from("203.0.113.99:1000");
    let r = c.sign_in("ada@example.org", PASSWORD).await;
    r.expect(429);
    assert!(r.text().contains("Too many failed sign-ins"));
    assert!(c.session.is_none());
    // Another account from the same address is not locked.
    c.sign_in("bob@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
}

async fn twenty_failures_lock_the_address_even_with_the_right_password(db: &Db) {
    let app = db.app().await;
    app.client().sign_up("Ada", "ada@example.org").await;
    // Twenty failures from one address, each for another (unknown) email, so
    // that no account reaches its own limit.
    let mut c = app.client_from("203.0.113.50:1000");
    for i in 0..20 {
        c.sign_in(&format!("runner{i}@example.org"), "not the password")
            .await
            .expect(401);
    }
    let r = c.sign_in("ada@example.org", PASSWORD).await;
    r.expect(429);
    assert!(c.session.is_none());
    // The same account from another address signs in.
    app.client_from("203.0.113.51:1000")
        .sign_in("ada@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
}

async fn session_cookie_attributes(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    let cookie = c.last_set_cookie.clone().expect("a cookie");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");

    let mut tls = app.client();
    tls.headers
        .push(("x-forwarded-proto".into(), "https".into()));
    tls.sign_in("ada@example.org", PASSWORD)
        .await
        .expect_redirect("/seasons");
    let cookie = tls.last_set_cookie.clone().expect("a cookie");
    for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    tls.post_form("/signout", &[]).await.expect_redirect("/");
    let cleared = tls.last_set_cookie.clone().expect("a cookie");
    assert!(
        cleared.contains("Max-Age=0") && cleared.contains("Secure"),
        "{cleared}"
    );
}

async fn deleting_the_account_removes_everything(db: &Db) {
    let app = db.app().await;
    let mut ada = app.client();
    ada.sign_up("Ada", "ada@example.org").await;
    let plan = data::shifted_example();
    let first = ada.season_from_plan("Spring", &plan).await;
    let second = ada.season_from_plan("Autumn", &plan).await;
    ada.upload_run(first, data::yesterday()).await.expect(200);
    let feed = path_of(&ada.issue_feed(first, "full").await);
    ada.get(&feed).await.expect(200);
    let token = ada.make_token("script").await;
    ada.api(Method::GET, "/api/v1/seasons", None)
        .await
        .expect(200);
    let ada_id = app
        .store
        .account_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;

    let mut bob = app.client();
    bob.sign_up("Bob", "bob@example.org").await;
    let bobs = bob.season_from_plan("Bob's", &plan).await;

    // The wrong password deletes nothing.
    ada.get("/account").await.expect(200);
    let r = ada
        .post_form("/account/delete", &[("password", "not the password")])
        .await;
    r.expect(422);
    assert!(app.store.season(SeasonId(first)).await.unwrap().is_some());
    ada.get(&feed).await.expect(200);

    let r = ada
        .post_form("/account/delete", &[("password", PASSWORD)])
        .await;
    r.expect(200);
    assert!(ada.session.is_none(), "the cookie is cleared");
    assert!(r.text().contains("deleted"));

    let s = &app.store;
    assert!(s.account(ada_id).await.unwrap().is_none());
    assert!(
        s.account_by_email("ada@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.seasons_of(ada_id).await.unwrap().is_empty());
    for id in [first, second] {
        assert!(s.season(SeasonId(id)).await.unwrap().is_none());
        assert!(s.history(SeasonId(id)).await.unwrap().is_none());
        assert!(s.versions(SeasonId(id)).await.unwrap().is_empty());
        assert!(s.feed_tokens(SeasonId(id)).await.unwrap().is_empty());
        assert!(s.feed_events(SeasonId(id)).await.unwrap().is_empty());
    }
    assert!(s.api_tokens(ada_id).await.unwrap().is_empty());
    ada.get(&feed).await.expect(404);
    let mut api = app.client();
    api.bearer = Some(token);
    api.api(Method::GET, "/api/v1/seasons", None)
        .await
        .expect(401);
    app.client()
        .sign_in("ada@example.org", PASSWORD)
        .await
        .expect(401);
    // Bob keeps his.
    bob.get(&format!("/seasons/{bobs}")).await.expect(200);
    assert_ne!(AccountId(0), ada_id);
}

async fn export_holds_every_season(db: &Db) {
    let app = db.app().await;
    let mut ada = app.client();
    ada.sign_up("Ada", "ada@example.org").await;
    let plan = data::shifted_example();
    let first = ada.season_from_plan("Spring build", &plan).await;
    let second = ada.season_from_plan("Autumn build", &plan).await;
    ada.upload_run(first, data::yesterday()).await.expect(200);
    let r = ada.get("/account/export").await;
    r.expect(200);
    assert_eq!(r.header("content-type"), Some("application/zip"));
    assert!(
        r.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment;")),
        "{:?}",
        r.header("content-disposition")
    );
    let entries = unzip(&r.body);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let file = |name: &str| -> &[u8] {
        &entries
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in {names:?}"))
            .1
    };
    let account: serde_json::Value = serde_json::from_slice(file("account.json")).unwrap();
    assert_eq!(account["email"], "ada@example.org");
    for (id, stem) in [(first, "spring-build"), (second, "autumn-build")] {
        let dir = format!("{id}-{stem}");
        let stored = app
            .store
            .current_version(SeasonId(id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(file(&format!("{dir}/plan.toml"))),
            stored.plan_toml
        );
        let cal = String::from_utf8_lossy(file(&format!("{dir}/calendar.ics"))).into_owned();
        assert!(!ics::events(&cal).is_empty(), "an empty calendar");
        let schedule: serde_json::Value =
            serde_json::from_slice(file(&format!("{dir}/schedule.json"))).unwrap();
        assert_eq!(schedule["format"], "knead-schedule/2");
        let versions: serde_json::Value =
            serde_json::from_slice(file(&format!("{dir}/versions.json"))).unwrap();
        let versions = versions.as_array().expect("a list of versions");
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0]["plan_toml"], stored.plan_toml);
    }
    let history: serde_json::Value =
        serde_json::from_slice(file(&format!("{first}-spring-build/history.json"))).unwrap();
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with(&format!("{second}-")) && n.ends_with("history.json")),
        "{names:?}"
    );
}

#[allow(dead_code)]
fn _uses(_: Client) {}
