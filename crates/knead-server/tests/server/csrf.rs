//! Forms: every state-changing form refuses a missing or wrong CSRF token,
//! and every form post another site sends is refused, sign-in and sign-up
//! included; either way nothing changes. Each form is sent by whom it is for
//! (the runner, her coach with an open invitation, her clinic), so that only
//! the token or the origin stands in the way.

use knead_store::AccountId;

use crate::common::requests::{self, Csrf, Ctx};
use crate::common::routes::{self, Route};
use crate::common::world::{self, Snapshot, snapshot};
use crate::common::{App, Client, Db, Resp};

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

/// Ada with a season, her clinic with her requests on its board, and a coach
/// holding an invitation of hers not yet accepted.
struct Cast {
    ada: world::Owner,
    clinic: world::Clinic,
    coach: Client,
    coach_account: AccountId,
    request: i64,
    invitation: String,
}

async fn cast(app: &App) -> Cast {
    let mut ada = world::owner(app, "Ada", "ada@example.org", "Spring").await;
    let clinic = world::clinic(app, "clinic@example.org", "Clinic Nord", "Kim: deep").await;
    let requests = world::link_and_request(app, &mut ada.client, ada.season, &clinic.email).await;
    let invitation = world::invite(&mut ada.client, ada.season, "edit").await;
    let mut coach = app.client();
    coach.sign_up_as("Ed", "ed@example.org", "coach").await;
    coach
        .get(&format!("/invite/{invitation}"))
        .await
        .expect(200);
    let coach_account = app
        .store
        .account_by_email("ed@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    Cast {
        ada,
        clinic,
        coach,
        coach_account,
        request: requests[0].id,
        invitation,
    }
}

impl Cast {
    /// Who sends the form of `route`, and the page they open before it.
    fn sender(&mut self, route: &Route) -> (&mut Client, String) {
        if route.path.starts_with("/clinic") {
            (&mut self.clinic.client, "/clinic".to_owned())
        } else if route.path == "/invite/{token}" {
            (&mut self.coach, format!("/invite/{}", self.invitation))
        } else {
            (&mut self.ada.client, "/seasons".to_owned())
        }
    }

    async fn snapshot(&self, app: &App) -> Vec<Snapshot> {
        vec![
            snapshot(&*app.store, self.ada.account).await,
            snapshot(&*app.store, self.clinic.account).await,
            snapshot(&*app.store, self.coach_account).await,
        ]
    }

    async fn ctx(&self, app: &App, email: &str) -> Ctx {
        let version = app
            .store
            .season(knead_store::SeasonId(self.ada.season))
            .await
            .unwrap()
            .unwrap()
            .current_version;
        Ctx {
            api_token_id: self.ada.api_token_id(),
            request: self.request,
            invite_token: self.invitation.clone(),
            ..Ctx::new(
                self.ada.season,
                version,
                &crate::common::data::today().to_string(),
                email,
            )
        }
    }
}

#[track_caller]
fn refused(r: &Resp, what: &str) {
    assert_eq!(r.status.as_u16(), 403, "{what}: {}", r.text());
    assert!(r.text().contains("Refused"), "{what}: {}", r.text());
}

async fn every_form_refuses_a_missing_or_wrong_csrf_token(db: &Db) {
    let app = db.app().await;
    let mut cast = cast(&app).await;
    let before = cast.snapshot(&app).await;
    let ctx = cast.ctx(&app, "ada@example.org").await;
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
        for csrf in ["missing", "empty", "almost", "another session's"] {
            let (client, home) = cast.sender(&route);
            client.get(&home).await.expect(200);
            let good = client.csrf();
            // One character off.
            let last = if good.ends_with('0') { '1' } else { '0' };
            let almost = format!("{}{last}", &good[..good.len() - 1]);
            assert_ne!(almost, good);
            let token = match csrf {
                "missing" => Csrf::Missing,
                "empty" => Csrf::Wrong(""),
                "almost" => Csrf::Wrong(&almost),
                _ => Csrf::Wrong(&other_session),
            };
            let r = requests::send(client, &req, token).await;
            refused(&r, &format!("{} with {csrf} token", route.name()));
            assert!(client.session.is_some(), "{}: signed out", route.name());
            assert_eq!(
                cast.snapshot(&app).await,
                before,
                "{} with {csrf} token changed something",
                route.name()
            );
        }
        checked.push(route.name());
    }
    assert!(checked.len() >= 17, "{checked:?}");
    // The requests were right but for the token: with it they work.
    for (method, path, expect) in [
        ("POST", "/seasons/{id}/edit", 303),
        ("POST", "/seasons/{id}/sharing", 200),
        ("POST", "/invite/{token}", 303),
        ("POST", "/clinic/profile", 200),
        ("POST", "/clinic/requests/{id}", 303),
        ("POST", "/clinic/feeds", 200),
    ] {
        let route = Route {
            method: method.into(),
            path: path.into(),
        };
        let ctx = cast.ctx(&app, "ada@example.org").await;
        let req = requests::for_route(&route, &ctx);
        let (client, home) = cast.sender(&route);
        client.get(&home).await.expect(200);
        let r = requests::send(client, &req, Csrf::Valid).await;
        r.expect(expect);
    }
    assert_ne!(cast.snapshot(&app).await, before);
}

async fn every_form_post_from_another_site_is_refused(db: &Db) {
    let app = db.app().await;
    let mut cast = cast(&app).await;
    let before = cast.snapshot(&app).await;
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
            let ctx = cast.ctx(&app, email).await;
            let req = requests::for_route(&route, &ctx);
            let (client, home) = cast.sender(&route);
            client.get(&home).await.expect(200);
            let mut evil = client.fork();
            evil.headers.push((header.into(), value.into()));
            let r = requests::send(&mut evil, &req, Csrf::Valid).await;
            refused(&r, &format!("{} with {header}: {value}", route.name()));
            assert_eq!(
                evil.session,
                client.session,
                "{}: the session changed",
                route.name()
            );
            assert_eq!(
                cast.snapshot(&app).await,
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
        }
        checked += 1;
    }
    assert!(checked >= 20);
    // The same forms from this site work: sign-in with our own Origin, and
    // the clinic's profile.
    let mut same = app.client();
    same.headers
        .push(("origin".into(), "http://knead.test".into()));
    same.sign_in("ada@example.org", crate::common::PASSWORD)
        .await
        .expect_redirect("/seasons");
    let ctx = cast.ctx(&app, "ada@example.org").await;
    let route = Route {
        method: "POST".into(),
        path: "/clinic/profile".into(),
    };
    let req = requests::for_route(&route, &ctx);
    let (client, home) = cast.sender(&route);
    client.get(&home).await.expect(200);
    let mut same = client.fork();
    same.headers
        .push(("origin".into(), "http://knead.test".into()));
    requests::send(&mut same, &req, Csrf::Valid)
        .await
        .expect(200);
}
