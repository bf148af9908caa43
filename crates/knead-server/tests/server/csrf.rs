//! Forms: every state-changing form refuses a missing or wrong CSRF token,
//! and every form post another site sends is refused, sign-in and sign-up
//! included; either way nothing changes.

use crate::common::requests::{self, Csrf, Ctx};
use crate::common::routes::{self, Route};
use crate::common::world::{self, snapshot};
use crate::common::{App, Db, Resp};

both!(
    every_form_refuses_a_missing_or_wrong_csrf_token,
    every_form_post_from_another_site_is_refused,
);

/// The form routes: not the API, not GET.
fn form_routes() -> Vec<Route> {
    routes::all()
        .into_iter()
        .filter(|r| !r.api() && r.unsafe_method())
        .collect()
}

async fn ctx(app: &App, owner: &world::Owner, email: &str) -> Ctx {
    let version = app
        .store
        .season(knead_store::SeasonId(owner.season))
        .await
        .unwrap()
        .unwrap()
        .current_version;
    Ctx {
        season: owner.season,
        version,
        date: crate::common::data::today().to_string(),
        feed_token: "0".repeat(64),
        api_token_id: owner.api_token_id(),
        email: email.to_owned(),
    }
}

#[track_caller]
fn refused(r: &Resp, what: &str) {
    assert_eq!(r.status.as_u16(), 403, "{what}: {}", r.text());
    assert!(r.text().contains("Refused"), "{what}: {}", r.text());
}

async fn every_form_refuses_a_missing_or_wrong_csrf_token(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", "Spring").await;
    let before = snapshot(&*app.store, ada.account).await;
    let ctx = ctx(&app, &ada, "ada@example.org").await;
    let other_session = {
        let mut b = app.client();
        b.sign_up("Bob", "bob@example.org").await;
        b.csrf()
    };
    let mut checked = Vec::new();
    for route in form_routes() {
        // Sign-in and sign-up come before a session: the Origin check guards
        // them (the other test).
        if route.path == "/signin" || route.path == "/signup" {
            continue;
        }
        let req = requests::for_route(&route, &ctx);
        ada.client.get("/seasons").await.expect(200);
        let good = ada.client.csrf();
        // One character off.
        let last = if good.ends_with('0') { '1' } else { '0' };
        let almost = format!("{}{last}", &good[..good.len() - 1]);
        assert_ne!(almost, good);
        for csrf in [
            Csrf::Missing,
            Csrf::Wrong(""),
            Csrf::Wrong(&almost),
            Csrf::Wrong(&other_session),
        ] {
            let r = requests::send(&mut ada.client, &req, csrf).await;
            refused(&r, &format!("{} with {csrf:?}", route.name()));
            assert!(ada.client.session.is_some(), "{}: signed out", route.name());
            assert_eq!(
                snapshot(&*app.store, ada.account).await,
                before,
                "{} with {csrf:?} changed something",
                route.name()
            );
            ada.client.get("/account").await.expect(200);
        }
        checked.push(route.name());
    }
    assert!(checked.len() >= 12, "{checked:?}");
    // The requests were right but for the token: with it they work.
    let req = requests::for_route(
        &Route {
            method: "POST".into(),
            path: "/seasons/{id}/edit".into(),
        },
        &ctx,
    );
    ada.client.get("/seasons").await.expect(200);
    requests::send(&mut ada.client, &req, Csrf::Valid)
        .await
        .expect_redirect(&format!("/seasons/{}?changed=", ada.season));
}

async fn every_form_post_from_another_site_is_refused(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", "Spring").await;
    let before = snapshot(&*app.store, ada.account).await;
    let mut checked = 0;
    for route in form_routes() {
        for (header, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
        ] {
            // Sign-up with a new email, sign-in as Ada: both would work but
            // for where the form came from.
            let email = if route.path == "/signup" {
                "mallory@example.org"
            } else {
                "ada@example.org"
            };
            let ctx = ctx(&app, &ada, email).await;
            let req = requests::for_route(&route, &ctx);
            ada.client.get("/seasons").await.expect(200);
            let mut evil = ada.client.fork();
            evil.headers.push((header.into(), value.into()));
            let r = requests::send(&mut evil, &req, Csrf::Valid).await;
            refused(&r, &format!("{} with {header}: {value}", route.name()));
            assert_eq!(
                evil.session,
                ada.client.session,
                "{}: the session changed",
                route.name()
            );
            assert_eq!(
                snapshot(&*app.store, ada.account).await,
                before,
                "{} from another site changed something",
                route.name()
            );
            assert!(
                app.store
                    .account_by_email("mallory@example.org")
                    .await
                    .unwrap()
                    .is_none(),
                "{}: an account was made",
                route.name()
            );
            ada.client.get("/account").await.expect(200);
        }
        checked += 1;
    }
    assert!(checked >= 14);
    // The same forms from this site work: sign-in with our own Origin.
    let mut same = app.client();
    same.headers
        .push(("origin".into(), "http://knead.test".into()));
    same.sign_in("ada@example.org", crate::common::PASSWORD)
        .await
        .expect_redirect("/seasons");
}
