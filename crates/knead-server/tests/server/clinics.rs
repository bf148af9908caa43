//! Clinics: a profile that says what is wrong with it; a runner links a
//! clinic by its email and requests the massages the plan proposes; the
//! clinic's board shows them, checks a day against the runner's rules, and
//! accepts (the booking goes into the runner's season, in the clinic's name,
//! and into the clinic's feed), declines or proposes another day, which the
//! runner accepts. A clinic sees only the requests of seasons linked to it,
//! nothing of another clinic's, and no season at all; the clinic's pages
//! do not exist for runners and coaches; sharing is the owner's alone.

use axum::http::Method;
use jiff::civil::Date;
use knead_store::{AccountId, BookingRequest, Permission, RequestStatus, SeasonId, Store};

use crate::common::client::attribute_after;
use crate::common::ics;
use crate::common::requests::{self, Csrf, Ctx, token_id};
use crate::common::routes;
use crate::common::world::{self, profile_fields, sharing, snapshot};
use crate::common::{App, Client, Db, Resp, data, path_of};

both!(
    a_clinic_profile_saves_and_says_what_is_wrong,
    a_clinic_answers_what_a_linked_runner_requests,
    a_clinic_sees_only_requests_of_seasons_linked_to_it,
    sharing_is_the_owners_alone,
);

const RUNNER: &str = "Ada Lovelace";

/// A runner with a season (the shifted example, no history).
async fn runner(app: &App, name: &str, email: &str, season: &str) -> (Client, i64) {
    let mut c = app.client();
    c.sign_up(name, email).await;
    let id = c.season_from_plan(season, &data::shifted_example()).await;
    (c, id)
}

/// Posts the profile form: the valid fields with `changes`.
async fn save_profile(c: &mut Client, name: &str, changes: &[(&str, &str)]) -> Resp {
    let mut fields = profile_fields(name, "Kim: deep, art\nLou: swedish");
    for (k, v) in changes {
        fields
            .iter_mut()
            .find(|(f, _)| f == k)
            .expect("a field of the form")
            .1 = (*v).to_owned();
    }
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.get("/clinic/profile").await.expect(200);
    c.post_form("/clinic/profile", &form).await
}

/// The massages of a season's schedule: day, kind, booked.
async fn massages(c: &mut Client, id: i64) -> Vec<(Date, String, bool)> {
    let r = c
        .api(Method::GET, &format!("/api/v1/seasons/{id}"), None)
        .await;
    r.expect(200);
    r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "massage")
        .map(|i| {
            (
                i["date"].as_str().unwrap().parse().unwrap(),
                i["kind"].as_str().unwrap().to_owned(),
                i["booked"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn request(store: &dyn Store, id: i64) -> BookingRequest {
    store.request(id).await.unwrap().expect("the request")
}

fn parse(toml: &str) -> knead_core::model::Plan {
    knead_formats::plan_file::parse("plan.toml", toml)
        .expect("the stored plan reads")
        .plan
}

async fn a_clinic_profile_saves_and_says_what_is_wrong(db: &Db) {
    let app = db.app().await;
    let mut cleo = world::clinic(&app, "cleo@example.org", "Clinic Cleo", "Kim: deep").await;
    let saved = app
        .store
        .clinic_profile(cleo.account)
        .await
        .unwrap()
        .expect("a saved profile");
    assert_eq!(saved.name, "Clinic Cleo");
    let page = cleo.client.get("/clinic/profile").await;
    page.expect(200);
    assert!(page.text().contains("value=\"Clinic Cleo\""));
    assert!(page.text().contains("Kim: deep\n"), "{}", page.text());
    assert!(
        cleo.client
            .get("/clinic")
            .await
            .text()
            .contains("Clinic Cleo: booking requests")
    );

    // Each mistake is named, and nothing is saved.
    for (field, value, says) in [
        ("weekdays", "mon funday", "funday"),
        ("therapists", "Kim: deep, shiatsu", "shiatsu"),
        ("therapists", "Kim deep", "therapists line 1"),
        ("deep", "cheap", "deep \"cheap\": expected a number"),
        (
            "closed",
            "2027-05-10 2027-05-01",
            "expected the end on or after the start",
        ),
        ("closed", "May 1st", "closed line 1"),
        ("appointment_minutes", "5", "appointment length"),
        ("name", "", "name"),
    ] {
        let r = save_profile(&mut cleo.client, "Clinic Cleo", &[(field, value)]).await;
        assert_eq!(r.status.as_u16(), 422, "{field} {value:?}: {}", r.text());
        let text = crate::common::client::unescape(&r.text());
        assert!(text.contains(says), "{field} {value:?}: {text}");
        assert_eq!(
            app.store
                .clinic_profile(cleo.account)
                .await
                .unwrap()
                .as_ref(),
            Some(&saved),
            "{field} {value:?} saved something"
        );
    }
    let r = save_profile(
        &mut cleo.client,
        "Clinic Cleo",
        &[("weekdays", "mon funday")],
    )
    .await;
    assert!(r.text().contains("weekday"), "{}", r.text());

    // A good one is saved, and a linked runner's plan follows it: open on
    // Mondays only, every massage it proposes is on a Monday.
    let r = save_profile(
        &mut cleo.client,
        "Clinic Cleo",
        &[("weekdays", "mon"), ("deep", "65.50")],
    )
    .await;
    r.expect(200);
    assert!(r.text().contains("Saved."), "{}", r.text());
    let json = app
        .store
        .clinic_profile(cleo.account)
        .await
        .unwrap()
        .unwrap()
        .profile_json;
    assert!(json.contains("65.5"), "{json}");
    let (mut ada, id) = runner(&app, RUNNER, "ada@example.org", "Spring").await;
    ada.make_token("script").await;
    let own = massages(&mut ada, id).await;
    assert!(
        own.iter()
            .any(|(d, _, booked)| !booked && d.weekday() != jiff::civil::Weekday::Monday),
        "{own:?}"
    );
    world::link_and_request(&app, &mut ada, id, &cleo.email).await;
    let linked = massages(&mut ada, id).await;
    let proposed: Vec<_> = linked.iter().filter(|(_, _, booked)| !booked).collect();
    assert!(!proposed.is_empty());
    assert!(
        proposed
            .iter()
            .all(|(d, _, _)| d.weekday() == jiff::civil::Weekday::Monday),
        "{proposed:?}"
    );
}

async fn a_clinic_answers_what_a_linked_runner_requests(db: &Db) {
    let app = db.app().await;
    let mut cleo = world::clinic(
        &app,
        "cleo@example.org",
        "Clinic Cleo",
        "Kim: deep, art\nLou: swedish",
    )
    .await;
    let (mut ada, id) = runner(&app, RUNNER, "ada@example.org", "Spring").await;
    let ada_id = app
        .store
        .account_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    ada.make_token("script").await;
    let (_bob, _) = runner(&app, "Bob", "bob@example.org", "Bob's").await;

    // Linking needs a clinic's email.
    for email in ["nobody@example.org", "bob@example.org"] {
        let r = sharing(&mut ada, id, &[("action", "link"), ("email", email)]).await;
        assert_eq!(r.status.as_u16(), 422, "{email}: {}", r.text());
        assert!(
            r.text().contains(&format!("{email}: no clinic on knead")),
            "{}",
            r.text()
        );
        assert!(app.store.clinic_link(SeasonId(id)).await.unwrap().is_none());
    }
    let r = sharing(&mut ada, id, &[("action", "request_all")]).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(r.text().contains("link a clinic first"));

    // Linked: the requests are the massages proposed from today on.
    let r = sharing(&mut ada, id, &[("action", "link"), ("email", &cleo.email)]).await;
    r.expect(200);
    assert!(
        r.text()
            .contains("Booking with <strong>Clinic Cleo</strong>"),
        "{}",
        r.text()
    );
    let expected: Vec<(Date, String)> = massages(&mut ada, id)
        .await
        .into_iter()
        .filter(|(d, _, booked)| !booked && *d >= data::today())
        .map(|(d, k, _)| (d, k))
        .collect();
    assert!(expected.len() >= 3, "{expected:?}");
    let r = sharing(&mut ada, id, &[("action", "request_all")]).await;
    r.expect(200);
    assert!(
        r.text()
            .contains(&format!("{} request(s) sent.", expected.len())),
        "{}",
        r.text()
    );
    let sent = app.store.requests_of_season(SeasonId(id)).await.unwrap();
    let got: Vec<(Date, String)> = sent.iter().map(|r| (r.date, r.kind.clone())).collect();
    assert_eq!(got, expected);
    assert!(
        sent.iter()
            .all(|r| r.clinic == cleo.account && r.status == RequestStatus::Requested)
    );
    // Sent once: asking again sends nothing.
    let r = sharing(&mut ada, id, &[("action", "request_all")]).await;
    assert!(r.text().contains("0 request(s) sent."), "{}", r.text());

    // The board shows each, by day.
    let board = cleo.client.get("/clinic").await;
    board.expect(200);
    for r in &sent {
        let day = r.date.strftime("%A %-d %B %Y").to_string();
        assert!(board.text().contains(&day), "{day}: {}", board.text());
        assert!(
            board
                .text()
                .contains(&format!("/clinic/requests/{}\"", r.id))
        );
    }
    assert!(board.text().contains(RUNNER));

    // The day before the half marathon breaks the runner's rules.
    let race = data::shifted(jiff::civil::date(2027, 3, 14));
    let eve = race.yesterday().unwrap();
    let first = &sent[0];
    let check = cleo
        .client
        .get(&format!("/clinic/requests/{}/check?date={eve}", first.id))
        .await;
    check.expect(200);
    assert!(
        check.text().contains("breaks the runner&#39;s rules")
            || check.text().contains("breaks the runner's rules"),
        "{}",
        check.text()
    );
    assert!(check.text().contains("<li>R-"), "{}", check.text());
    assert!(check.text().contains("Propose anyway"));
    // The planned day itself is fine.
    let check = cleo
        .client
        .get(&format!(
            "/clinic/requests/{}/check?date={}",
            first.id, first.date
        ))
        .await;
    check.expect(200);
    assert!(
        !check.text().contains("breaks the runner"),
        "{}",
        check.text()
    );
    cleo.client
        .get(&format!("/clinic/requests/{}/check?date=soon", first.id))
        .await
        .expect(422);

    // Accepting books it in the runner's season, in the clinic's name.
    let (n, _) = {
        let v = app
            .store
            .current_version(SeasonId(id))
            .await
            .unwrap()
            .unwrap();
        (v.number, v.plan_toml)
    };
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{}", first.id),
            &[("action", "accept")],
        )
        .await
        .expect_redirect("/clinic");
    let v = app
        .store
        .current_version(SeasonId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.number, n + 1);
    assert_eq!(v.author, Some(cleo.account));
    assert!(v.summary.to_lowercase().contains("booked"), "{}", v.summary);
    let plan = parse(&v.plan_toml);
    assert!(
        plan.bookings
            .iter()
            .any(|b| b.date == first.date && b.kind.as_str() == first.kind),
        "{:?}",
        plan.bookings
    );
    let accepted = request(&*app.store, first.id).await;
    assert_eq!(accepted.status, RequestStatus::Accepted);
    let therapist = if first.kind == "swedish" {
        "Lou"
    } else {
        "Kim"
    };
    assert_eq!(accepted.therapist, therapist);
    assert!(
        massages(&mut ada, id)
            .await
            .contains(&(first.date, first.kind.clone(), true))
    );
    // Answered once only.
    let r = cleo
        .client
        .post_form(
            &format!("/clinic/requests/{}", first.id),
            &[("action", "decline")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    assert!(r.text().contains("already accepted"), "{}", r.text());

    // The clinic's feed lists the booking with its therapist; a therapist's
    // own feed only theirs.
    cleo.client.get("/clinic/profile").await.expect(200);
    let page = cleo
        .client
        .post_form("/clinic/feeds", &[("therapist", "")])
        .await;
    page.expect(200);
    let url = attribute_after(&page.text(), "id=\"clinic-feed\"", "value").expect("the feed URL");
    let feed = path_of(&url);
    let mut anyone = app.client();
    let r = anyone.get(&feed).await;
    r.expect(200);
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let events = ics::events(&r.text());
    let event = events
        .values()
        .find(|e| e.uid().contains(&format!("-r{}@", first.id)))
        .unwrap_or_else(|| panic!("the booking in the feed: {}", r.text()));
    let summary = event.get("SUMMARY").unwrap();
    assert!(summary.contains(therapist), "{summary}");
    assert!(summary.contains(RUNNER), "{summary}");
    assert!(
        event
            .get("DTSTART")
            .unwrap()
            .contains(&first.date.strftime("%Y%m%d").to_string()),
        "{event:?}"
    );
    assert_eq!(events.len(), 1, "{}", r.text());
    let other = if therapist == "Kim" { "Lou" } else { "Kim" };
    let page = cleo
        .client
        .post_form("/clinic/feeds", &[("therapist", other)])
        .await;
    page.expect(200);
    let theirs = path_of(&attribute_after(&page.text(), "id=\"clinic-feed\"", "value").unwrap());
    let r = anyone.get(&theirs).await;
    r.expect(200);
    assert!(ics::events(&r.text()).is_empty(), "{}", r.text());
    // The whole clinic's feed still works; an unknown therapist has none.
    anyone.get(&feed).await.expect(200);
    let r = cleo
        .client
        .post_form("/clinic/feeds", &[("therapist", "Nobody")])
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    // A new whole-clinic feed stops the old one.
    cleo.client.get("/clinic/profile").await.expect(200);
    cleo.client
        .post_form("/clinic/feeds", &[("therapist", "")])
        .await
        .expect(200);
    anyone.get(&feed).await.expect(404);

    // Proposing another day: the runner sees it and accepts it.
    let second = &sent[1];
    let day = second.date.tomorrow().unwrap();
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{}", second.id),
            &[("action", "propose"), ("date", &day.to_string())],
        )
        .await
        .expect_redirect("/clinic");
    let proposed = request(&*app.store, second.id).await;
    assert_eq!(proposed.status, RequestStatus::Proposed);
    assert_eq!(proposed.proposed_date, Some(day));
    let board = cleo.client.get("/clinic").await.text();
    assert!(
        board.contains(&format!("you proposed {day} instead of {}", second.date)),
        "{board}"
    );
    let page = ada.get(&format!("/seasons/{id}/sharing")).await;
    assert!(
        page.text()
            .contains(&format!("the clinic proposes <strong>{day}</strong>")),
        "{}",
        page.text()
    );
    let r = sharing(
        &mut ada,
        id,
        &[
            ("action", "accept_proposal"),
            ("request", &second.id.to_string()),
        ],
    )
    .await;
    r.expect(200);
    assert!(
        r.text().contains(&format!("Booked on {day}.")),
        "{}",
        r.text()
    );
    let v = app
        .store
        .current_version(SeasonId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.author, Some(ada_id));
    assert!(
        parse(&v.plan_toml)
            .bookings
            .iter()
            .any(|b| b.date == day && b.kind.as_str() == second.kind)
    );
    let done = request(&*app.store, second.id).await;
    assert_eq!(done.status, RequestStatus::Accepted);
    assert_eq!(done.proposed_date, Some(day));
    // Accepted once.
    let r = sharing(
        &mut ada,
        id,
        &[
            ("action", "accept_proposal"),
            ("request", &second.id.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());

    // Declined, and withdrawn: the runner's page says so; neither books.
    let (third, fourth) = (&sent[2], sent.get(3));
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{}", third.id),
            &[("action", "decline")],
        )
        .await
        .expect_redirect("/clinic");
    assert_eq!(
        request(&*app.store, third.id).await.status,
        RequestStatus::Declined
    );
    if let Some(fourth) = fourth {
        sharing(
            &mut ada,
            id,
            &[
                ("action", "cancel_request"),
                ("request", &fourth.id.to_string()),
            ],
        )
        .await
        .expect(200);
        assert_eq!(
            request(&*app.store, fourth.id).await.status,
            RequestStatus::Cancelled
        );
        cleo.client.get("/clinic").await.expect(200);
        let r = cleo
            .client
            .post_form(
                &format!("/clinic/requests/{}", fourth.id),
                &[("action", "accept")],
            )
            .await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    }
    let page = ada.get(&format!("/seasons/{id}/sharing")).await.text();
    assert!(page.contains("declined"), "{page}");
    let bookings = parse(
        &app.store
            .current_version(SeasonId(id))
            .await
            .unwrap()
            .unwrap()
            .plan_toml,
    )
    .bookings;
    assert!(!bookings.iter().any(|b| b.date == third.date));
}

/// Every season route of `season` as `c`: 404, and nothing of `owner`'s changes.
async fn no_season_route(app: &App, c: &mut Client, season: i64, owner: AccountId, who: &str) {
    let before = snapshot(&*app.store, owner).await;
    let version = app
        .store
        .season(SeasonId(season))
        .await
        .unwrap()
        .unwrap()
        .current_version;
    let ctx = Ctx::new(
        season,
        version,
        &data::shifted(jiff::civil::date(2027, 1, 5)).to_string(),
        "x@example.org",
    );
    let mut seen = 0;
    for route in routes::all() {
        if !route.of_season() {
            continue;
        }
        let req = requests::for_route(&route, &ctx);
        c.get("/seasons").await.expect(200);
        let r = requests::send(c, &req, Csrf::Valid).await;
        assert_eq!(
            r.status.as_u16(),
            404,
            "{} as {who}: {}",
            route.name(),
            r.text()
        );
        assert!(!r.text().contains("Spring"), "{}", route.name());
        seen += 1;
    }
    assert!(seen >= 20);
    assert_eq!(snapshot(&*app.store, owner).await, before, "{who}");
}

/// The clinic's routes as `c`, about request `id`: all 404.
async fn no_clinic_route(c: &mut Client, id: i64, who: &str) {
    c.get("/seasons").await.expect(200);
    for path in ["/clinic", "/clinic/profile"] {
        let r = c.get(path).await;
        assert_eq!(r.status.as_u16(), 404, "{path} as {who}");
    }
    let r = c
        .get(&format!(
            "/clinic/requests/{id}/check?date={}",
            data::today()
        ))
        .await;
    assert_eq!(r.status.as_u16(), 404, "check as {who}");
    c.get("/seasons").await.expect(200);
    let profile = profile_fields("Mine now", "Eve: deep");
    let profile: Vec<(&str, &str)> = profile.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (path, form) in [
        (format!("/clinic/requests/{id}"), vec![("action", "accept")]),
        (
            format!("/clinic/requests/{id}"),
            vec![("action", "decline")],
        ),
        ("/clinic/profile".to_owned(), profile),
        ("/clinic/feeds".to_owned(), vec![("therapist", "")]),
    ] {
        let r = c.post_form(&path, &form).await;
        assert_eq!(r.status.as_u16(), 404, "{path} as {who}: {}", r.text());
        assert!(!r.text().contains("Clinic Cleo"));
    }
}

async fn a_clinic_sees_only_requests_of_seasons_linked_to_it(db: &Db) {
    let app = db.app().await;
    let mut cleo = world::clinic(
        &app,
        "cleo@example.org",
        "Clinic Cleo",
        "Kim: deep, art, swedish",
    )
    .await;
    let mut bea = world::clinic(
        &app,
        "bea@example.org",
        "Clinic Bea",
        "Bo: deep, art, swedish",
    )
    .await;
    let (mut ada, id) = runner(&app, RUNNER, "ada@example.org", "Spring").await;
    let ada_id = app
        .store
        .account_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (mut ed, _) =
        world::coach(&app, &mut ada, id, "Ed", "ed@example.org", Permission::Edit).await;
    let (mut bob, _) = runner(&app, "Bob", "bob@example.org", "Bob's").await;
    let sent = world::link_and_request(&app, &mut ada, id, &cleo.email).await;
    let first = sent[0].id;

    // Cleo books with Ada, but has no grant: none of Ada's season is hers,
    // by page or API.
    cleo.client.make_token("desk").await;
    no_season_route(&app, &mut cleo.client, id, ada_id, "the linked clinic").await;
    // Nor is it the roster of a coach.
    let roster = cleo.client.get("/coach").await;
    roster.expect(200);
    assert!(!roster.text().contains("Spring"), "{}", roster.text());

    // Her board has Ada's requests; Bea's has none, and Cleo's requests,
    // profile and feeds are not Bea's to see or answer.
    let board = cleo.client.get("/clinic").await.text();
    assert!(board.contains(RUNNER));
    let cleo_before = snapshot(&*app.store, cleo.account).await;
    let ada_before = snapshot(&*app.store, ada_id).await;
    let board = bea.client.get("/clinic").await;
    board.expect(200);
    assert!(!board.text().contains(RUNNER), "{}", board.text());
    assert!(board.text().contains("No requests yet"));
    let profile = bea.client.get("/clinic/profile").await.text();
    assert!(profile.contains("Clinic Bea") && !profile.contains("Clinic Cleo"));
    assert!(!profile.contains("Kim"));
    for r in &sent {
        bea.client
            .get(&format!("/clinic/requests/{}/check?date={}", r.id, r.date))
            .await
            .expect(404);
        bea.client.get("/clinic").await.expect(200);
        for action in ["accept", "decline"] {
            bea.client
                .post_form(&format!("/clinic/requests/{}", r.id), &[("action", action)])
                .await
                .expect(404);
        }
        bea.client
            .post_form(
                &format!("/clinic/requests/{}", r.id),
                &[("action", "propose"), ("date", &r.date.to_string())],
            )
            .await
            .expect(404);
    }
    assert_eq!(snapshot(&*app.store, cleo.account).await, cleo_before);
    assert_eq!(snapshot(&*app.store, ada_id).await, ada_before);

    // Runners and coaches have no clinic pages.
    no_clinic_route(&mut bob, first, "a runner").await;
    no_clinic_route(&mut ed, first, "a coach").await;
    no_clinic_route(&mut ada, first, "the request's own runner").await;
    assert_eq!(snapshot(&*app.store, cleo.account).await, cleo_before);
    assert_eq!(snapshot(&*app.store, ada_id).await, ada_before);

    // Cleo accepts one; her feed has it, Bea's has nothing.
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{first}"),
            &[("action", "accept")],
        )
        .await
        .expect_redirect("/clinic");
    let mut anyone = app.client();
    for (clinic, events) in [(&mut cleo, 1), (&mut bea, 0)] {
        clinic.client.get("/clinic/profile").await.expect(200);
        let page = clinic
            .client
            .post_form("/clinic/feeds", &[("therapist", "")])
            .await;
        page.expect(200);
        let feed = path_of(&attribute_after(&page.text(), "id=\"clinic-feed\"", "value").unwrap());
        let r = anyone.get(&feed).await;
        r.expect(200);
        assert_eq!(ics::events(&r.text()).len(), events, "{}", r.text());
    }

    // Ada unlinks Cleo: the requests leave her board, and cannot be checked
    // or answered.
    let r = sharing(&mut ada, id, &[("action", "unlink")]).await;
    r.expect(200);
    let board = cleo.client.get("/clinic").await;
    board.expect(200);
    assert!(!board.text().contains(RUNNER), "{}", board.text());
    let open = sent[1].clone();
    cleo.client
        .get(&format!(
            "/clinic/requests/{}/check?date={}",
            open.id, open.date
        ))
        .await
        .expect(404);
    cleo.client.get("/clinic").await.expect(200);
    for action in ["accept", "decline"] {
        cleo.client
            .post_form(
                &format!("/clinic/requests/{}", open.id),
                &[("action", action)],
            )
            .await
            .expect(404);
    }
    // Unlinking withdrew what was still open with her.
    assert_eq!(
        request(&*app.store, open.id).await.status,
        RequestStatus::Cancelled
    );

    // Ada links Bea instead: Cleo still sees nothing, Bea not Cleo's old
    // requests, only those Ada sends her.
    sharing(&mut ada, id, &[("action", "link"), ("email", &bea.email)])
        .await
        .expect(200);
    assert!(!cleo.client.get("/clinic").await.text().contains(RUNNER));
    assert!(!bea.client.get("/clinic").await.text().contains(RUNNER));
    bea.client
        .get(&format!(
            "/clinic/requests/{}/check?date={}",
            open.id, open.date
        ))
        .await
        .expect(404);
    let r = sharing(&mut ada, id, &[("action", "request_all")]).await;
    r.expect(200);
    let to_bea: Vec<BookingRequest> = app
        .store
        .requests_of_season(SeasonId(id))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.clinic == bea.account)
        .collect();
    assert!(
        !to_bea.is_empty(),
        "no request for the new clinic: {}",
        r.text()
    );
    assert!(to_bea.iter().any(|r| r.date == open.date), "{to_bea:?}");
    let board = bea.client.get("/clinic").await.text();
    assert!(board.contains(RUNNER));
    assert!(!board.contains(&format!("/clinic/requests/{}\"", open.id)));
    assert!(board.contains(&format!("/clinic/requests/{}\"", to_bea[0].id)));
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{}", to_bea[0].id),
            &[("action", "accept")],
        )
        .await
        .expect(404);
    bea.client
        .get(&format!(
            "/clinic/requests/{}/check?date={}",
            to_bea[0].id, to_bea[0].date
        ))
        .await
        .expect(200);
}

async fn sharing_is_the_owners_alone(db: &Db) {
    let app = db.app().await;
    let mut cleo = world::clinic(
        &app,
        "cleo@example.org",
        "Clinic Cleo",
        "Kim: deep, art, swedish",
    )
    .await;
    let (mut ada, id) = runner(&app, RUNNER, "ada@example.org", "Spring").await;
    let ada_id = app
        .store
        .account_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (mut ed, ed_id) =
        world::coach(&app, &mut ada, id, "Ed", "ed@example.org", Permission::Edit).await;
    let sent = world::link_and_request(&app, &mut ada, id, &cleo.email).await;
    // One request with a proposal to accept, one open invitation.
    let proposed = &sent[1];
    cleo.client.get("/clinic").await.expect(200);
    cleo.client
        .post_form(
            &format!("/clinic/requests/{}", proposed.id),
            &[
                ("action", "propose"),
                ("date", &proposed.date.tomorrow().unwrap().to_string()),
            ],
        )
        .await
        .expect_redirect("/clinic");
    let open = world::invite(&mut ada, id, "edit").await;
    let (mut bob, bobs) = runner(&app, "Bob", "bob@example.org", "Bob's").await;
    let _bea = world::clinic(&app, "bea@example.org", "Clinic Bea", "Bo: deep").await;
    let before = snapshot(&*app.store, ada_id).await;

    let token = token_id(&open);
    let ed_account = ed_id.0.to_string();
    let first = sent[0].id.to_string();
    let proposal = proposed.id.to_string();
    let actions: Vec<Vec<(&str, &str)>> = vec![
        vec![("action", "invite"), ("permission", "edit")],
        vec![("action", "revoke_invitation"), ("token", &token)],
        vec![("action", "revoke_grant"), ("account", &ed_account)],
        vec![("action", "link"), ("email", "bea@example.org")],
        vec![("action", "unlink")],
        vec![("action", "request_all")],
        vec![("action", "cancel_request"), ("request", &first)],
        vec![("action", "accept_proposal"), ("request", &proposal)],
    ];
    let mut others: Vec<(&str, &mut Client)> = vec![
        ("another runner", &mut bob),
        ("a coach who may edit", &mut ed),
        ("the linked clinic", &mut cleo.client),
    ];
    for (who, c) in &mut others {
        c.get(&format!("/seasons/{id}/sharing")).await.expect(404);
        for fields in &actions {
            c.get("/seasons").await.expect(200);
            let r = c.post_form(&format!("/seasons/{id}/sharing"), fields).await;
            assert_eq!(r.status.as_u16(), 404, "{fields:?} as {who}: {}", r.text());
            assert!(!r.text().contains("Spring"));
            assert_eq!(
                snapshot(&*app.store, ada_id).await,
                before,
                "{fields:?} as {who}"
            );
        }
    }
    // Bob, on his own season, naming Ada's invitation, coach and requests.
    for fields in &actions[1..3] {
        let r = sharing(&mut bob, bobs, fields).await;
        assert_eq!(
            r.status.as_u16(),
            404,
            "{fields:?} on Bob's own: {}",
            r.text()
        );
    }
    for fields in &actions[6..] {
        let r = sharing(&mut bob, bobs, fields).await;
        assert_eq!(
            r.status.as_u16(),
            404,
            "{fields:?} on Bob's own: {}",
            r.text()
        );
    }
    assert_eq!(snapshot(&*app.store, ada_id).await, before);
    // Each action works for Ada, in this order.
    for fields in actions.iter().rev() {
        let r = sharing(&mut ada, id, fields).await;
        assert!(
            r.status.is_success(),
            "{fields:?} as Ada: {} {}",
            r.status,
            r.text()
        );
    }
    assert_ne!(snapshot(&*app.store, ada_id).await, before);
}
