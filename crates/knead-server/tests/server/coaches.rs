//! Coaches: an invitation link is accepted once, by one account; a coach who
//! may view never edits; a coach who may edit changes the training only (by
//! an edit, a whole plan file or an old version), and is named as the
//! author; the roster lists the seasons shared with the coach, those with a
//! booking problem first.

use axum::http::Method;
use jiff::civil::Date;
use knead_core::model::Plan;
use knead_store::{AccountId, Permission, SeasonId, Store};
use serde_json::json;

use crate::common::client::attribute_after;
use crate::common::requests::token_id;
use crate::common::world::{self, sharing};
use crate::common::{App, Client, Db, data, escape};

both!(
    an_invitation_is_accepted_once_by_one_account,
    a_coach_edits_the_training_only_and_only_with_an_edit_grant,
    a_coach_changes_no_more_by_a_plan_file_or_an_old_version,
    the_roster_lists_shared_seasons_problems_first,
);

/// The edits a coach who may edit may make (`knead_app::edit::Edit::is_training`).
const TRAINING: [&str; 6] = [
    "add_workout",
    "move_workout",
    "delete_workout",
    "add_race",
    "delete_race",
    "apply_template",
];

async fn account(store: &dyn Store, email: &str) -> AccountId {
    store
        .account_by_email(email)
        .await
        .unwrap()
        .expect("the account")
        .id
}

async fn current(store: &dyn Store, id: i64) -> (i64, String) {
    let v = store.current_version(SeasonId(id)).await.unwrap().unwrap();
    (v.number, v.plan_toml)
}

async fn author(store: &dyn Store, id: i64, number: i64) -> Option<AccountId> {
    store
        .version(SeasonId(id), number)
        .await
        .unwrap()
        .expect("the version")
        .author
}

fn parse(toml: &str) -> Plan {
    knead_formats::plan_file::parse("plan.toml", toml)
        .expect("the stored plan reads")
        .plan
}

/// A runner with a season (the shifted example, no history).
async fn runner(app: &App, name: &str, email: &str, season: &str) -> (Client, i64) {
    let mut c = app.client();
    c.sign_up(name, email).await;
    let id = c.season_from_plan(season, &data::shifted_example()).await;
    (c, id)
}

async fn an_invitation_is_accepted_once_by_one_account(db: &Db) {
    let app = db.app().await;
    let (mut ada, id) = runner(&app, "Ada", "ada@example.org", "Spring build").await;
    let token = world::invite(&mut ada, id, "edit").await;
    let page = ada.get(&format!("/seasons/{id}/sharing")).await;
    assert!(
        page.text().contains("Open invitation (edit)"),
        "{}",
        page.text()
    );

    // Ed opens it: who invites him to what, and accepts.
    let mut ed = app.client();
    ed.sign_up_as("Ed", "ed@example.org", "coach").await;
    let r = ed.get(&format!("/invite/{token}")).await;
    r.expect(200);
    for shown in ["Ada", "Spring build", "see and edit the training of"] {
        assert!(r.text().contains(shown), "{shown}: {}", r.text());
    }
    ed.post_form(&format!("/invite/{token}"), &[])
        .await
        .expect_redirect(&format!("/seasons/{id}"));
    let ed_id = account(&*app.store, "ed@example.org").await;
    let grants = app.store.grants(SeasonId(id)).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].account, grants[0].permission),
        (ed_id, Permission::Edit)
    );
    ed.get(&format!("/seasons/{id}")).await.expect(200);
    assert!(ed.get("/coach").await.text().contains("Spring build"));
    // The owner's page names him, and the invitation is no longer open.
    let page = ada.get(&format!("/seasons/{id}/sharing")).await;
    assert!(
        page.text().contains("Ed (coach) · can edit the training"),
        "{}",
        page.text()
    );
    assert!(!page.text().contains("Open invitation"));

    // Once accepted, the link is spent: for Vera, and for Ed again.
    let mut vera = app.client();
    vera.sign_up_as("Vera", "vera@example.org", "coach").await;
    let vera_id = account(&*app.store, "vera@example.org").await;
    vera.get(&format!("/invite/{token}")).await.expect(404);
    vera.post_form(&format!("/invite/{token}"), &[])
        .await
        .expect(404);
    ed.get("/coach").await.expect(200);
    ed.post_form(&format!("/invite/{token}"), &[])
        .await
        .expect(404);
    vera.get(&format!("/seasons/{id}")).await.expect(404);
    assert_eq!(app.store.grants(SeasonId(id)).await.unwrap().len(), 1);

    // A revoked invitation finds nothing.
    let revoked = world::invite(&mut ada, id, "view").await;
    let page = sharing(
        &mut ada,
        id,
        &[
            ("action", "revoke_invitation"),
            ("token", &token_id(&revoked)),
        ],
    )
    .await;
    page.expect(200);
    assert!(page.text().contains("Invitation revoked."));
    assert!(!page.text().contains("Open invitation"));
    vera.get("/coach").await.expect(200);
    vera.get(&format!("/invite/{revoked}")).await.expect(404);
    vera.post_form(&format!("/invite/{revoked}"), &[])
        .await
        .expect(404);
    assert!(
        app.store
            .seasons_shared_with(vera_id)
            .await
            .unwrap()
            .is_empty()
    );
    // Revoked twice: nothing to revoke.
    sharing(
        &mut ada,
        id,
        &[
            ("action", "revoke_invitation"),
            ("token", &token_id(&revoked)),
        ],
    )
    .await
    .expect(404);

    // Ada's own invitation is not hers to accept: an error, no grant, and
    // the link still open for the coach it is for.
    let own = world::invite(&mut ada, id, "view").await;
    ada.get(&format!("/invite/{own}")).await.expect(200);
    let r = ada.post_form(&format!("/invite/{own}"), &[]).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(r.text().contains("your own season"), "{}", r.text());
    assert_eq!(app.store.grants(SeasonId(id)).await.unwrap().len(), 1);
    vera.get(&format!("/invite/{own}")).await.expect(200);
    vera.post_form(&format!("/invite/{own}"), &[])
        .await
        .expect_redirect(&format!("/seasons/{id}"));
    assert_eq!(
        app.store.seasons_shared_with(vera_id).await.unwrap()[0].1,
        Permission::View
    );

    // Removing a coach's access: the season is gone for him.
    let page = sharing(
        &mut ada,
        id,
        &[
            ("action", "revoke_grant"),
            ("account", &ed_id.0.to_string()),
        ],
    )
    .await;
    page.expect(200);
    assert!(page.text().contains("Access removed."));
    ed.get(&format!("/seasons/{id}")).await.expect(404);
    assert!(!ed.get("/coach").await.text().contains("Spring build"));
    let grants = app.store.grants(SeasonId(id)).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].account, vera_id);
}

async fn a_coach_edits_the_training_only_and_only_with_an_edit_grant(db: &Db) {
    let app = db.app().await;
    let (mut ada, id) = runner(&app, "Ada", "ada@example.org", "Spring").await;
    let ada_id = account(&*app.store, "ada@example.org").await;
    let (mut vera, _) = world::coach(
        &app,
        &mut ada,
        id,
        "Vera",
        "vera@example.org",
        Permission::View,
    )
    .await;
    let (mut ed, ed_id) =
        world::coach(&app, &mut ada, id, "Ed", "ed@example.org", Permission::Edit).await;

    // Ed's page offers the training forms, and no form he may not send.
    let page = ed.get(&format!("/seasons/{id}")).await.text();
    for op in TRAINING {
        assert!(
            page.contains(&format!("name=\"op\" value=\"{op}\"")),
            "no {op} form for a coach who may edit"
        );
    }
    for op in crate::edits::ops_in_source() {
        if !TRAINING.contains(&op.as_str()) {
            assert!(
                !page.contains(&format!("name=\"op\" value=\"{op}\"")),
                "a {op} form for a coach, who may not send it"
            );
        }
    }
    let page = vera.get(&format!("/seasons/{id}")).await.text();
    assert!(!page.contains("name=\"op\""), "edit forms for a viewer");

    let mut tried = Vec::new();
    for (op, fields, index) in crate::edits::steps() {
        let (n, before) = current(&*app.store, id).await;
        let version = n.to_string();
        let index = index.map(|f| f(&parse(&before)).to_string());
        let mut form: Vec<(&str, &str)> = vec![("version", &version), ("op", op)];
        if let Some(i) = &index {
            form.push(("index", i));
        }
        form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let owned: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let training = knead_server::pages::season::edit_from_form(&owned)
            .expect("a valid edit")
            .is_training();
        assert_eq!(training, TRAINING.contains(&op), "{op}");

        // Vera may view: the edit route does not exist for her.
        vera.get(&format!("/seasons/{id}")).await.expect(200);
        let r = vera.post_form(&format!("/seasons/{id}/edit"), &form).await;
        assert_eq!(r.status.as_u16(), 404, "{op} by a viewer: {}", r.text());
        assert_eq!(current(&*app.store, id).await, (n, before.clone()), "{op}");

        ed.get(&format!("/seasons/{id}")).await.expect(200);
        let r = ed.post_form(&format!("/seasons/{id}/edit"), &form).await;
        if training {
            // Saved, in Ed's name.
            r.expect_redirect(&format!("/seasons/{id}?changed={}", n + 1));
            assert_eq!(author(&*app.store, id, n + 1).await, Some(ed_id), "{op}");
        } else {
            // Refused, and nothing saved; the same edit from Ada works.
            assert_eq!(r.status.as_u16(), 403, "{op} by a coach: {}", r.text());
            assert!(r.text().contains("Refused"), "{}", r.text());
            assert_eq!(current(&*app.store, id).await, (n, before.clone()), "{op}");
            ada.get(&format!("/seasons/{id}")).await.expect(200);
            ada.post_form(&format!("/seasons/{id}/edit"), &form)
                .await
                .expect_redirect(&format!("/seasons/{id}?changed={}", n + 1));
            assert_eq!(author(&*app.store, id, n + 1).await, Some(ada_id), "{op}");
        }
        tried.push(op.to_owned());
    }
    let mut source = crate::edits::ops_in_source();
    source.sort();
    tried.sort();
    tried.dedup();
    assert_eq!(tried, source, "an edit op not tried by a coach");
    // The history names who made each version.
    let versions = ada.get(&format!("/seasons/{id}/versions")).await.text();
    assert!(versions.contains("Ed"));

    // The API answers the same.
    ed.make_token("coach script").await;
    vera.make_token("viewer script").await;
    let (n, before) = current(&*app.store, id).await;
    let path = format!("/api/v1/seasons/{id}/edits");
    let tools = json!({"based_on": n, "edit": {"op": "set_tools", "tools": ["ball"]}});
    let r = ed.api(Method::POST, &path, Some(tools)).await;
    r.expect(403);
    assert_eq!(r.json()["error"]["status"], 403);
    let race = json!({"based_on": n, "edit": {"op": "add_race", "date": data::race_day().to_string(), "name": "Autumn 10k", "distance_km": 10.0, "priority": "C"}});
    let r = vera.api(Method::POST, &path, Some(race.clone())).await;
    r.expect(404);
    assert_eq!(current(&*app.store, id).await, (n, before));
    let r = ed.api(Method::POST, &path, Some(race)).await;
    r.expect(200);
    assert_eq!(r.json()["version"], n + 1);
    assert_eq!(author(&*app.store, id, n + 1).await, Some(ed_id));
}

async fn a_coach_changes_no_more_by_a_plan_file_or_an_old_version(db: &Db) {
    let app = db.app().await;
    let (mut ada, id) = runner(&app, "Ada", "ada@example.org", "Spring").await;
    let (mut ed, ed_id) =
        world::coach(&app, &mut ada, id, "Ed", "ed@example.org", Permission::Edit).await;
    ed.make_token("coach script").await;
    // Ada books a massage: version 2.
    let day = data::shifted(jiff::civil::date(2027, 1, 7)).to_string();
    ada.get(&format!("/seasons/{id}")).await.expect(200);
    ada.post_form(
        &format!("/seasons/{id}/edit"),
        &[
            ("version", "1"),
            ("op", "book_massage"),
            ("date", &day),
            ("kind", "swedish"),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=2"));
    let (_, v2) = current(&*app.store, id).await;

    // Returning to version 1 would cancel Ada's booking: not Ed's to do.
    ed.get(&format!("/seasons/{id}/versions")).await.expect(200);
    let r = ed
        .post_form(
            &format!("/seasons/{id}/restore"),
            &[("number", "1"), ("version", "2")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.text());
    let r = ed
        .api(
            Method::POST,
            &format!("/api/v1/seasons/{id}/restore"),
            Some(json!({"number": 1, "based_on": 2})),
        )
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.text());
    assert_eq!(current(&*app.store, id).await, (2, v2.clone()));

    // A whole plan file that changes the budget or drops the booking: no.
    let plan_path = format!("/api/v1/seasons/{id}/plan");
    let mut richer = parse(&v2);
    richer.athlete.monthly_budget *= 10;
    let mut unbooked = parse(&v2);
    unbooked.bookings.clear();
    for plan in [richer, unbooked] {
        let text = knead_formats::plan_file::to_toml(&plan);
        let r = ed
            .api(
                Method::PUT,
                &plan_path,
                Some(json!({"based_on": 2, "plan_toml": text})),
            )
            .await;
        assert_eq!(r.status.as_u16(), 403, "{}", r.text());
        assert_eq!(current(&*app.store, id).await, (2, v2.clone()));
    }
    // One that changes only the training is his to save.
    let mut trained = parse(&v2);
    let first = trained.workouts[0].date;
    trained.workouts.retain(|w| w.date != first);
    let text = knead_formats::plan_file::to_toml(&trained);
    let r = ed
        .api(
            Method::PUT,
            &plan_path,
            Some(json!({"based_on": 2, "plan_toml": text})),
        )
        .await;
    r.expect(200);
    assert_eq!(author(&*app.store, id, 3).await, Some(ed_id));
    // And so is returning to it: from version 4 (Ada's, training only)...
    ada.get(&format!("/seasons/{id}")).await.expect(200);
    let later = data::shifted(jiff::civil::date(2027, 1, 12)).to_string();
    ada.post_form(
        &format!("/seasons/{id}/edit"),
        &[
            ("version", "3"),
            ("op", "add_race"),
            ("date", &later),
            ("name", "Club 5k"),
            ("distance_km", "5"),
            ("priority", "C"),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=4"));
    ed.get(&format!("/seasons/{id}/versions")).await.expect(200);
    ed.post_form(
        &format!("/seasons/{id}/restore"),
        &[("number", "3"), ("version", "4")],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=5"));
    assert_eq!(author(&*app.store, id, 5).await, Some(ed_id));
    // Ada returns to version 1 herself.
    ada.get(&format!("/seasons/{id}/versions"))
        .await
        .expect(200);
    ada.post_form(
        &format!("/seasons/{id}/restore"),
        &[("number", "1"), ("version", "5")],
    )
    .await
    .expect_redirect(&format!("/seasons/{id}?changed=6"));
}

/// The roster's table rows, in order: each row's text.
fn rows(html: &str) -> Vec<String> {
    html.split("<tr>").skip(2).map(str::to_owned).collect()
}

async fn the_roster_lists_shared_seasons_problems_first(db: &Db) {
    let app = db.app().await;
    let (mut ada, calm) = runner(&app, "Ada", "ada@example.org", "Calm season").await;
    let (mut bob, troubled) = runner(&app, "Bob", "bob@example.org", "Troubled season").await;
    // Bob books a deep tissue massage the day before his half marathon:
    // a booking problem.
    let race = data::shifted(jiff::civil::date(2027, 3, 14));
    let eve = race.yesterday().unwrap().to_string();
    bob.get(&format!("/seasons/{troubled}")).await.expect(200);
    bob.post_form(
        &format!("/seasons/{troubled}/edit"),
        &[
            ("version", "1"),
            ("op", "book_massage"),
            ("date", &eve),
            ("kind", "deep"),
        ],
    )
    .await
    .expect_redirect(&format!("/seasons/{troubled}?changed=2"));
    bob.make_token("script").await;
    let check = bob
        .api(
            Method::GET,
            &format!("/api/v1/seasons/{troubled}/check"),
            None,
        )
        .await;
    check.expect(200);
    let violations = check.json()["violations"].as_array().unwrap().len();
    assert!(violations > 0, "{}", check.text());

    // Cora coaches both: Ada first, Bob after.
    let mut cora = app.client();
    cora.sign_up_as("Cora", "cora@example.org", "coach").await;
    assert!(
        cora.get("/coach")
            .await
            .text()
            .contains("No runner has shared")
    );
    for (owner, id) in [(&mut ada, calm), (&mut bob, troubled)] {
        let token = world::invite(owner, id, "view").await;
        cora.get(&format!("/invite/{token}")).await.expect(200);
        cora.post_form(&format!("/invite/{token}"), &[])
            .await
            .expect_redirect(&format!("/seasons/{id}"));
    }
    let page = cora.get("/coach").await;
    page.expect(200);
    let rows = rows(&page.text());
    assert_eq!(rows.len(), 2, "{}", page.text());
    // Bob's booking problem puts him first.
    assert!(
        rows[0].contains(&format!("/seasons/{troubled}\"")),
        "{rows:?}"
    );
    assert!(rows[0].contains("Bob") && rows[0].contains("Troubled season"));
    assert!(
        rows[0].contains(&format!("<strong class=\"error\">{violations}</strong>")),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains(&format!("/seasons/{calm}\"")), "{rows:?}");
    assert!(rows[1].contains("Ada") && rows[1].contains("Calm season"));

    // Each row shows the next race and the next massage, as the season's
    // schedule has them.
    ada.make_token("script").await;
    let schedule = ada
        .api(Method::GET, &format!("/api/v1/seasons/{calm}"), None)
        .await
        .json();
    let today = data::today();
    let next_massage: Date = schedule["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "massage")
        .map(|i| i["date"].as_str().unwrap().parse::<Date>().unwrap())
        .filter(|d| *d >= today)
        .min()
        .expect("a massage ahead");
    let plan = parse(&current(&*app.store, calm).await.1);
    let next_race = plan
        .races
        .iter()
        .filter(|r| r.date >= today)
        .min_by_key(|r| r.date)
        .expect("a race ahead");
    let short = |d: Date| d.strftime("%a %-d %b").to_string();
    assert!(
        rows[1].contains(&format!(
            "{}<br><span class=\"muted\">{}</span>",
            short(next_race.date),
            escape(&next_race.name)
        )),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains(&format!(
            "{}<br><span class=\"muted\">",
            short(next_massage)
        )),
        "next massage {next_massage}: {}",
        rows[1]
    );
    // A link on the roster opens the runner's season.
    let link = attribute_after(&rows[0], "<a ", "href").unwrap();
    cora.get(&link).await.expect(200);
}
