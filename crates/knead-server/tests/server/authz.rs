//! Who may do what, over every route the source has: another account gets
//! 404 for everything of someone else's season (pages and API alike, never
//! the season's name); signed-out visitors are sent to sign in; the API
//! without a token answers 401 in JSON.

use axum::http::Method;
use knead_store::{Grant, Permission, SeasonId};

use crate::common::requests::{self, Csrf, Ctx};
use crate::common::routes::{self, Route};
use crate::common::world::{self, Owner, snapshot};
use crate::common::{App, Client, Db, PASSWORD, Resp, data};

both!(
    another_account_gets_404_for_every_route_of_a_season,
    shared_seasons_allow_exactly_what_the_grant_allows,
    routes_without_a_season_show_nothing_of_others,
    signed_out_visitors_are_sent_to_sign_in,
    the_api_without_a_valid_token_answers_401_json,
);

/// A name that must never appear in another account's answers.
const SECRET: &str = "Ada's XYZZY season";

async fn ctx_for(app: &App, season: i64, email: &str) -> Ctx {
    let version = app
        .store
        .season(SeasonId(season))
        .await
        .unwrap()
        .unwrap()
        .current_version;
    Ctx::new(
        season,
        version,
        &data::shifted(jiff::civil::date(2027, 1, 5)).to_string(),
        email,
    )
}

#[track_caller]
fn no_secret(r: &Resp, what: &str) {
    let text = r.text();
    for leak in [SECRET, "XYZZY", &crate::common::escape(SECRET)] {
        assert!(
            !text.contains(leak),
            "{what}: the answer shows {leak:?}: {text}"
        );
    }
}

/// Bob's season to check that each request is right (works on his own).
async fn control(bob: &mut Client) -> i64 {
    let id = bob
        .season_from_plan("Bob's control", &data::shifted_example())
        .await;
    bob.upload_run(id, data::yesterday()).await.expect(200);
    bob.get("/seasons").await.expect(200);
    id
}

async fn another_account_gets_404_for_every_route_of_a_season(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", SECRET).await;
    let mut bob = world::owner(&app, "Bob", "bob@example.org", "Bob's season").await;
    let ada_before = snapshot(&*app.store, ada.account).await;
    let ada_ctx = ctx_for(&app, ada.season, "bob@example.org").await;
    let mut bobs = control(&mut bob.client).await;
    let mut covered = Vec::new();
    for route in routes::all() {
        if !route.of_season() {
            continue;
        }
        let req = requests::for_route(&route, &ada_ctx);
        // Ada reaches each page of hers at this address.
        if route.method == "GET" {
            let mut own = ada.client.fork();
            let r = requests::send(&mut own, &req, Csrf::Valid).await;
            r.expect(200);
        }
        // Bob, signed in (or with his token), is told there is nothing.
        bob.client.get("/seasons").await.expect(200);
        let r = requests::send(&mut bob.client, &req, Csrf::Valid).await;
        assert_eq!(
            r.status.as_u16(),
            404,
            "{} of Ada's season as Bob: {}",
            route.name(),
            r.text()
        );
        no_secret(&r, &route.name());
        if route.api() {
            assert_eq!(r.json()["error"]["status"], 404, "{}", route.name());
        }
        assert_eq!(
            snapshot(&*app.store, ada.account).await,
            ada_before,
            "{} as Bob changed Ada's season",
            route.name()
        );
        // The same request on Bob's own season works: the 404 was for whose
        // season it is, not for the request.
        let ctx = ctx_for(&app, bobs, "bob@example.org").await;
        let req = requests::for_route(&route, &ctx);
        bob.client.get("/seasons").await.expect(200);
        let r = requests::send(&mut bob.client, &req, Csrf::Valid).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{} on Bob's own season: {} {}",
            route.name(),
            r.status,
            r.text()
        );
        if app.store.season(SeasonId(bobs)).await.unwrap().is_none() {
            bobs = control(&mut bob.client).await;
        }
        covered.push(route.name());
    }
    assert!(covered.len() >= 20, "{covered:?}");
    // Everything of Ada's still works for her.
    ada.client
        .get(&format!("/seasons/{}", ada.season))
        .await
        .expect(200);
    ada.client.get(&ada.feed).await.expect(200);
    ada.client
        .api(
            Method::GET,
            &format!("/api/v1/seasons/{}", ada.season),
            None,
        )
        .await
        .expect(200);
}

async fn routes_without_a_season_show_nothing_of_others(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", SECRET).await;
    // Ada books with a clinic and shares with a coach; one invitation of
    // hers was revoked, one accepted.
    let cleo = world::clinic(
        &app,
        "cleo@example.org",
        "Clinic Cleo",
        "Kim: deep, art, swedish",
    )
    .await;
    let ada_requests =
        world::link_and_request(&app, &mut ada.client, ada.season, &cleo.email).await;
    let revoked = world::invite(&mut ada.client, ada.season, "edit").await;
    world::sharing(
        &mut ada.client,
        ada.season,
        &[
            ("action", "revoke_invitation"),
            ("token", &requests::token_id(&revoked)),
        ],
    )
    .await
    .expect(200);
    let accepted = world::invite(&mut ada.client, ada.season, "view").await;
    let mut ed = app.client();
    ed.sign_up_as("Ed", "ed@example.org", "coach").await;
    ed.get(&format!("/invite/{accepted}")).await.expect(200);
    ed.post_form(&format!("/invite/{accepted}"), &[])
        .await
        .expect_redirect(&format!("/seasons/{}", ada.season));
    let Owner {
        client: mut bob,
        season: bob_season,
        feed: bob_feed,
        account: bob_account,
        ..
    } = world::owner(&app, "Bob", "bob@example.org", "Bob's season").await;
    let ada_before = snapshot(&*app.store, ada.account).await;
    let cleo_before = snapshot(&*app.store, cleo.account).await;
    let mut last: Vec<Route> = Vec::new();
    for route in routes::all() {
        if route.of_season() {
            continue;
        }
        let name = route.name();
        bob.get("/seasons").await.expect(200);
        let r = match (route.method.as_str(), route.path.as_str()) {
            ("GET", "/" | "/signup" | "/signin") => {
                let r = bob.get(&route.path).await;
                r.expect_redirect("/seasons");
                r
            }
            ("GET", "/static/{file}") => {
                let r = bob.get("/static/knead.css").await;
                r.expect(200);
                bob.get("/static/knead.js").await.expect(200);
                bob.get("/static/secret.txt").await.expect(404);
                r
            }
            ("GET", "/healthz" | "/account" | "/seasons") => {
                let r = bob.get(&route.path).await;
                r.expect(200);
                r
            }
            ("GET", "/account/export") => {
                let r = bob.get(&route.path).await;
                r.expect(200);
                for (file, bytes) in data::unzip(&r.body) {
                    assert!(!file.contains("xyzzy"), "{file}");
                    assert!(
                        !String::from_utf8_lossy(&bytes).contains("XYZZY"),
                        "Bob's export holds Ada's season in {file}"
                    );
                    assert!(!file.starts_with(&format!("{}-", ada.season)), "{file}");
                }
                r
            }
            ("GET", "/feeds/{token}") => {
                // Feeds are reached by their secret alone: a wrong one is 404.
                bob.get(&format!("/feeds/{}.ics", "0".repeat(64)))
                    .await
                    .expect(404);
                bob.get("/feeds/nothing").await.expect(404);
                let r = bob.get(&bob_feed).await;
                r.expect(200);
                r
            }
            ("POST", "/seasons") => {
                let ctx = ctx_for(&app, bob_season, "bob@example.org").await;
                let req = requests::for_route(&route, &ctx);
                let r = requests::send(&mut bob, &req, Csrf::Valid).await;
                let id = crate::common::season_id(&r);
                assert_ne!(id, ada.season);
                r
            }
            ("POST", "/account/tokens") => {
                bob.get("/account").await.expect(200);
                let r = bob
                    .post_form("/account/tokens", &[("name", "second")])
                    .await;
                r.expect(200);
                r
            }
            ("POST", "/account/tokens/revoke") => {
                // Ada's token, named by its id, is not Bob's to revoke.
                bob.get("/account").await.expect(200);
                let r = bob
                    .post_form("/account/tokens/revoke", &[("id", &ada.api_token_id())])
                    .await;
                r.expect(404);
                ada.client
                    .api(Method::GET, "/api/v1/account", None)
                    .await
                    .expect(200);
                r
            }
            ("POST", "/account/password") => {
                bob.get("/account").await.expect(200);
                let r = bob
                    .post_form(
                        "/account/password",
                        &[("current", PASSWORD), ("new", PASSWORD)],
                    )
                    .await;
                r.expect(200);
                r
            }
            ("POST", "/signin") => {
                let mut fresh = app.client();
                let r = fresh.sign_in("bob@example.org", PASSWORD).await;
                r.expect_redirect("/seasons");
                no_secret(&fresh.get("/seasons").await, &name);
                r
            }
            ("POST", "/signup") => {
                let mut fresh = app.client();
                fresh.sign_up("Carol", "carol@example.org").await;
                let r = fresh.get("/seasons").await;
                r.expect(200);
                r
            }
            ("POST", "/signout" | "/signout-everywhere" | "/account/delete") => {
                last.push(route.clone());
                continue;
            }
            ("GET" | "POST", "/invite/{token}") => {
                // An invitation that is unknown, revoked or already accepted
                // is not found, and grants nothing.
                let mut answers = Vec::new();
                for token in ["0".repeat(43), revoked.clone(), accepted.clone()] {
                    let path = format!("/invite/{token}");
                    let r = if route.method == "GET" {
                        bob.get(&path).await
                    } else {
                        bob.post_form(&path, &[]).await
                    };
                    assert_eq!(r.status.as_u16(), 404, "{name} with {token}: {}", r.text());
                    no_secret(&r, &name);
                    answers.push(r);
                }
                assert!(
                    app.store
                        .seasons_shared_with(bob_account)
                        .await
                        .unwrap()
                        .is_empty(),
                    "{name}: Bob was granted a season"
                );
                answers.remove(0)
            }
            ("GET", "/coach") => {
                // Bob coaches nobody: his roster is empty.
                let r = bob.get("/coach").await;
                r.expect(200);
                assert!(r.text().contains("No runner has shared"), "{}", r.text());
                r
            }
            ("GET", "/clinic" | "/clinic/profile")
            | ("POST", "/clinic/profile" | "/clinic/feeds" | "/clinic/requests/{id}")
            | ("GET", "/clinic/requests/{id}/check") => {
                // Bob is no clinic: the clinic's pages do not exist for him,
                // whichever request they name.
                let mut ctx = ctx_for(&app, bob_season, "bob@example.org").await;
                let mut answers = Vec::new();
                for r in &ada_requests {
                    ctx.request = r.id;
                    let req = requests::for_route(&route, &ctx);
                    let r = requests::send(&mut bob, &req, Csrf::Valid).await;
                    assert_eq!(r.status.as_u16(), 404, "{name}: {}", r.text());
                    assert!(!r.text().contains("Clinic Cleo"), "{name}");
                    answers.push(r);
                }
                answers.remove(0)
            }
            ("GET", "/clinic-feeds/{token}") => {
                // A clinic feed is reached by its secret alone.
                bob.get(&format!("/clinic-feeds/{}.ics", "0".repeat(64)))
                    .await
                    .expect(404);
                bob.get("/clinic-feeds/nothing").await.expect(404);
                let r = bob.get(&format!("/clinic-feeds/{}", "0".repeat(64))).await;
                r.expect(404);
                r
            }
            ("GET", "/api/v1/openapi.json" | "/api/v1/account" | "/api/v1/seasons") => {
                let r = bob.api(Method::GET, &route.path, None).await;
                r.expect(200);
                if route.path == "/api/v1/seasons" {
                    let list = r.json();
                    let ids: Vec<i64> = list
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s["id"].as_i64().unwrap())
                        .collect();
                    assert!(!ids.contains(&ada.season), "{ids:?}");
                }
                if route.path == "/api/v1/account" {
                    assert_eq!(r.json()["email"], "bob@example.org");
                }
                r
            }
            ("POST", "/api/v1/seasons") => {
                let ctx = ctx_for(&app, bob_season, "bob@example.org").await;
                let req = requests::for_route(&route, &ctx);
                let r = requests::send(&mut bob, &req, Csrf::Valid).await;
                r.expect(201);
                assert_ne!(r.json()["id"].as_i64(), Some(ada.season));
                r
            }
            _ => panic!(
                "{name}: a route without a season that this test does not know: say here what another account may see of it"
            ),
        };
        no_secret(&r, &name);
    }
    // Last, what ends Bob's sessions and account.
    last.sort_by_key(|r| match r.path.as_str() {
        "/signout" => 0,
        "/signout-everywhere" => 1,
        _ => 2,
    });
    for route in last {
        let mut fresh = app.client();
        fresh
            .sign_in("bob@example.org", PASSWORD)
            .await
            .expect_redirect("/seasons");
        let r = match route.path.as_str() {
            "/signout" | "/signout-everywhere" => {
                let r = fresh.post_form(&route.path, &[]).await;
                r.expect_redirect("/");
                r
            }
            _ => {
                fresh.get("/account").await.expect(200);
                let r = fresh
                    .post_form("/account/delete", &[("password", PASSWORD)])
                    .await;
                r.expect(200);
                r
            }
        };
        no_secret(&r, &route.name());
    }
    assert!(
        app.store
            .account_by_email("bob@example.org")
            .await
            .unwrap()
            .is_none(),
        "Bob's account was deleted"
    );
    // Nothing of Ada's or her clinic's changed, and her session, feed and
    // token work.
    assert_eq!(snapshot(&*app.store, ada.account).await, ada_before);
    assert_eq!(snapshot(&*app.store, cleo.account).await, cleo_before);
    ada.client.get("/seasons").await.expect(200);
    ada.client.get(&ada.feed).await.expect(200);
    ada.client
        .api(Method::GET, "/api/v1/seasons", None)
        .await
        .expect(200);
}

/// Routes anyone may open.
const PUBLIC: &[&str] = &[
    "GET /",
    "GET /static/{file}",
    "GET /healthz",
    "GET /signup",
    "POST /signup",
    "GET /signin",
    "POST /signin",
    "GET /feeds/{token}",
];

async fn signed_out_visitors_are_sent_to_sign_in(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", SECRET).await;
    let cleo = world::clinic(&app, "cleo@example.org", "Clinic Cleo", "Kim: deep").await;
    let ada_requests =
        world::link_and_request(&app, &mut ada.client, ada.season, &cleo.email).await;
    let invitation = world::invite(&mut ada.client, ada.season, "edit").await;
    ada.client.get("/seasons").await.expect(200);
    let ctx = Ctx {
        api_token_id: ada.api_token_id(),
        feed_token: ada
            .feed
            .trim_start_matches("/feeds/")
            .trim_end_matches(".ics")
            .to_owned(),
        request: ada_requests[0].id,
        invite_token: invitation,
        ..ctx_for(&app, ada.season, "ada@example.org").await
    };
    let before = snapshot(&*app.store, ada.account).await;
    let cleo_before = snapshot(&*app.store, cleo.account).await;
    let mut pages = 0;
    for route in routes::all() {
        if route.api() {
            continue;
        }
        let req = requests::for_route(&route, &ctx);
        let mut visitor = app.client();
        // A visitor with the form of a signed-in page but no session.
        visitor.csrf = ada.client.csrf.clone();
        if route.name() == "GET /clinic-feeds/{token}" {
            // Its secret is its only key: a wrong one finds nothing.
            let r = requests::send(&mut visitor, &req, Csrf::Missing).await;
            r.expect(404);
            visitor.get("/clinic-feeds/nothing").await.expect(404);
            continue;
        }
        if PUBLIC.contains(&route.name().as_str()) {
            if route.method == "GET" {
                let r = requests::send(&mut visitor, &req, Csrf::Missing).await;
                r.expect(200);
                // A feed shows its season to whoever holds its secret URL.
                if route.path != "/feeds/{token}" {
                    no_secret(&r, &route.name());
                }
            }
            continue;
        }
        let r = requests::send(&mut visitor, &req, Csrf::Valid).await;
        r.expect_redirect("/signin");
        assert!(r.body.is_empty() || !r.text().contains("XYZZY"));
        pages += 1;
    }
    assert!(pages >= 20, "{pages}");
    assert_eq!(snapshot(&*app.store, ada.account).await, before);
    assert_eq!(snapshot(&*app.store, cleo.account).await, cleo_before);
}

async fn the_api_without_a_valid_token_answers_401_json(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", SECRET).await;
    let ctx = ctx_for(&app, ada.season, "ada@example.org").await;

    // Revoke a second token of Ada's, to try it too.
    let revoked = ada.client.make_token("old").await;
    ada.client.get("/account").await.expect(200);
    ada.client
        .post_form(
            "/account/tokens/revoke",
            &[("id", &requests::token_id(&revoked))],
        )
        .await
        .expect_redirect("/account");
    let before = snapshot(&*app.store, ada.account).await;

    let mut routes_seen = 0;
    for route in routes::all() {
        if !route.api() {
            continue;
        }
        let req = requests::for_route(&route, &ctx);
        if route.path == "/api/v1/openapi.json" {
            let mut anyone = app.client();
            requests::send(&mut anyone, &req, Csrf::Missing)
                .await
                .expect(200);
            continue;
        }
        for token in [None, Some("knead_0000"), Some(revoked.as_str()), Some("")] {
            let mut c = app.client();
            c.bearer = token.map(str::to_owned);
            let r = requests::send(&mut c, &req, Csrf::Missing).await;
            assert_eq!(
                r.status.as_u16(),
                401,
                "{} with {token:?}: {}",
                route.name(),
                r.text()
            );
            assert_eq!(r.header("www-authenticate"), Some("Bearer"));
            assert!(
                r.header("content-type")
                    .is_some_and(|t| t.starts_with("application/json"))
            );
            assert_eq!(r.json()["error"]["status"], 401);
            no_secret(&r, &route.name());
        }
        // A signed-in browser's cookie is not a token.
        let mut browser = ada.client.fork();
        browser.bearer = None;
        let r = browser
            .request(
                req.method.clone(),
                &req.path,
                Some("application/json"),
                b"{}".to_vec(),
            )
            .await;
        assert_eq!(r.status.as_u16(), 401, "{} with a cookie", route.name());
        routes_seen += 1;
    }
    assert!(routes_seen >= 12);
    // Unknown API paths answer in JSON too.
    let r = ada.client.api(Method::GET, "/api/v1/nothing", None).await;
    r.expect(404);
    assert_eq!(r.json()["error"]["status"], 404);
    assert_eq!(snapshot(&*app.store, ada.account).await, before);
}

/// What a route of a season needs: to see it, to edit it, or to own it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    View,
    Edit,
    Own,
}

fn need(route: &Route) -> Need {
    match route.name().as_str() {
        "GET /seasons/{id}"
        | "GET /seasons/{id}/days/{date}"
        | "GET /seasons/{id}/load.svg"
        | "GET /seasons/{id}/versions"
        | "GET /seasons/{id}/plan.toml"
        | "GET /api/v1/seasons/{id}"
        | "GET /api/v1/seasons/{id}/plan"
        | "GET /api/v1/seasons/{id}/check"
        | "GET /api/v1/seasons/{id}/days/{date}"
        | "GET /api/v1/seasons/{id}/versions" => Need::View,
        "POST /seasons/{id}/edit"
        | "POST /seasons/{id}/restore"
        | "PUT /api/v1/seasons/{id}/plan"
        | "POST /api/v1/seasons/{id}/edits"
        | "POST /api/v1/seasons/{id}/restore" => Need::Edit,
        // Recorded runs are the runner's own: a coach may not add to them.
        "POST /seasons/{id}/history" | "POST /api/v1/seasons/{id}/history" => Need::Own,
        "GET /seasons/{id}/settings"
        | "POST /seasons/{id}/settings"
        | "POST /seasons/{id}/feeds"
        | "POST /seasons/{id}/delete"
        | "DELETE /api/v1/seasons/{id}"
        | "POST /api/v1/seasons/{id}/feeds"
        | "GET /seasons/{id}/sharing"
        | "POST /seasons/{id}/sharing" => Need::Own,
        other => panic!("{other}: say here whether it needs to view, edit or own the season"),
    }
}

async fn shared_seasons_allow_exactly_what_the_grant_allows(db: &Db) {
    let app = db.app().await;
    let mut ada = world::owner(&app, "Ada", "ada@example.org", "Ada's shared season").await;
    // A coach who may view, one who may edit, and the clinic Ada books
    // with, which has no grant at all.
    let cleo = world::clinic(&app, "cleo@example.org", "Clinic Cleo", "Kim: deep").await;
    world::link_and_request(&app, &mut ada.client, ada.season, &cleo.email).await;
    let mut people: Vec<(Client, Option<Permission>)> = Vec::new();
    for (name, email, permission) in [
        ("Vera", "vera@example.org", Permission::View),
        ("Ed", "ed@example.org", Permission::Edit),
    ] {
        let mut c = app.client();
        c.sign_up(name, email).await;
        c.make_token("script").await;
        let account = app.store.account_by_email(email).await.unwrap().unwrap().id;
        app.store
            .grant(&Grant {
                season: SeasonId(ada.season),
                account,
                permission,
                created_at: jiff::Timestamp::now(),
            })
            .await
            .unwrap();
        people.push((c, Some(permission)));
    }
    let mut clinic = cleo.client;
    clinic.make_token("booking system").await;
    people.push((clinic, None));
    for (c, permission) in &mut people {
        let list = c.get("/seasons").await;
        let api = c.api(Method::GET, "/api/v1/seasons", None).await;
        let page = c.get(&format!("/seasons/{}", ada.season)).await;
        let Some(permission) = permission else {
            // The clinic: no season of Ada's, by page or API.
            assert!(!list.text().contains("Ada&#39;s shared season"));
            assert_eq!(api.json().as_array().map(Vec::len), Some(0));
            page.expect(404);
            continue;
        };
        assert!(list.text().contains("Shared with you"));
        assert!(
            list.text().contains("Ada&#39;s shared season")
                || list.text().contains("Ada's shared season")
        );
        assert_eq!(api.json()[0]["access"], permission.as_str());
        page.expect(200);
        let edits = page
            .text()
            .contains(&format!("action=\"/seasons/{}/edit\"", ada.season));
        assert_eq!(
            edits,
            *permission == Permission::Edit,
            "{permission:?}: edit forms"
        );
        assert!(
            !page.text().contains("/settings\""),
            "{permission:?}: a settings link"
        );
        assert!(
            !page.text().contains("/sharing\""),
            "{permission:?}: a sharing link"
        );
        let versions = c.get(&format!("/seasons/{}/versions", ada.season)).await;
        versions.expect(200);
    }
    let mut seen = 0;
    for route in routes::all() {
        if !route.of_season() {
            continue;
        }
        let needs = need(&route);
        for (c, permission) in &mut people {
            let allowed = match permission {
                None => false,
                Some(p) => needs == Need::View || (needs == Need::Edit && *p == Permission::Edit),
            };
            let ctx = ctx_for(&app, ada.season, "x@example.org").await;
            let req = requests::for_route(&route, &ctx);
            let before = snapshot(&*app.store, ada.account).await;
            c.get("/seasons").await.expect(200);
            let r = requests::send(c, &req, Csrf::Valid).await;
            if allowed {
                assert!(
                    r.status.is_success() || r.status.is_redirection(),
                    "{} with {permission:?}: {} {}",
                    route.name(),
                    r.status,
                    r.text()
                );
            } else {
                assert_eq!(
                    r.status.as_u16(),
                    404,
                    "{} with {permission:?}: {}",
                    route.name(),
                    r.text()
                );
                if route.api() {
                    assert_eq!(r.json()["error"]["status"], 404, "{}", route.name());
                }
                assert_eq!(
                    snapshot(&*app.store, ada.account).await,
                    before,
                    "{}",
                    route.name()
                );
            }
        }
        seen += 1;
    }
    assert!(seen >= 20);
    // Ada's season is still hers and whole.
    ada.client
        .get(&format!("/seasons/{}/settings", ada.season))
        .await
        .expect(200);
    ada.client.get(&ada.feed).await.expect(200);
}
