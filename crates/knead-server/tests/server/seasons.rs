//! Starting seasons (a published plan by race date, a plan file, a training
//! calendar, the example) and adding recorded runs; a bad file is named with
//! what is wrong and stores nothing.

use axum::http::Method;
use knead_store::{SeasonId, Store};

use crate::common::data::{self, race_day, zip_of};
use crate::common::{Client, Db, Part, Resp, season_id};

both!(
    start_from_a_published_plan_by_race_date,
    start_from_a_plan_file,
    start_from_a_training_calendar,
    start_from_the_example,
    bad_starts_are_named_and_store_no_season,
    a_bad_plan_file_is_named_with_its_line_and_stores_no_season,
    bad_activity_files_store_no_history,
    a_zip_whose_entry_leaves_its_folder_is_refused,
    a_gpx_run_adds_history_and_the_load_chart,
);

async fn signed_up(db: &Db) -> (crate::common::App, Client, knead_store::AccountId) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    let id = app
        .store
        .account_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    (app, c, id)
}

async fn plan_of(store: &dyn Store, id: i64) -> String {
    store
        .current_version(SeasonId(id))
        .await
        .unwrap()
        .unwrap()
        .plan_toml
}

async fn start_from_a_published_plan_by_race_date(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let templates = knead_formats::template::builtin();
    let template = templates
        .iter()
        .find(|t| t.race_type == "Marathon")
        .unwrap_or(&templates[0]);
    let race = race_day();
    let r = c
        .new_season(&[
            Part::text("name", "Autumn marathon"),
            Part::text("time_zone", "Europe/London"),
            Part::text("source", "template"),
            Part::text("template", &template.id),
            Part::text("race", &race.to_string()),
            Part::text("units", "km"),
        ])
        .await;
    let id = season_id(&r);
    let season = app.store.season(SeasonId(id)).await.unwrap().unwrap();
    assert_eq!(season.name, "Autumn marathon");
    assert_eq!(season.time_zone, "Europe/London");
    assert_eq!(season.current_version, 1);
    let v1 = app.store.version(SeasonId(id), 1).await.unwrap().unwrap();
    assert!(v1.summary.contains(&race.to_string()), "{}", v1.summary);
    assert!(
        v1.plan_toml.contains(&race.to_string()),
        "the race is in the plan"
    );
    let page = c.get(&format!("/seasons/{id}")).await;
    page.expect(200);
    assert!(page.text().contains("Autumn marathon"));
    assert!(page.text().contains("massages ("), "the totals card");
    c.get(&format!("/seasons/{id}/days/{race}"))
        .await
        .expect(200);
}

async fn start_from_a_plan_file(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let id = c
        .season_from_plan("Spring marathon", knead_formats::example::MARATHON_TOML)
        .await;
    assert_eq!(
        plan_of(&*app.store, id).await,
        knead_formats::example::MARATHON_TOML,
        "the plan file is kept as it was sent"
    );
    let v1 = app.store.version(SeasonId(id), 1).await.unwrap().unwrap();
    assert_eq!(v1.summary, "Started from the plan file plan.toml");
    let page = c.get(&format!("/seasons/{id}")).await;
    page.expect(200);
    assert!(page.text().contains("City Marathon"));
    let file = c.get(&format!("/seasons/{id}/plan.toml")).await;
    file.expect(200);
    assert_eq!(file.text(), knead_formats::example::MARATHON_TOML);
    assert!(
        file.header("content-disposition")
            .is_some_and(|d| d.contains(&format!("{id}-spring-marathon.toml")))
    );
}

async fn start_from_a_training_calendar(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let r = c
        .new_season(&[
            Part::text("name", "From my calendar"),
            Part::text("time_zone", "UTC"),
            Part::text("source", "calendar"),
            Part::file("calendar", "training.ics", data::training_ics().as_bytes()),
        ])
        .await;
    let id = season_id(&r);
    let plan = knead_formats::plan_file::parse("p", &plan_of(&*app.store, id).await)
        .unwrap()
        .plan;
    assert_eq!(plan.workouts.len(), 12, "{:?}", plan.workouts);
    assert!(
        plan.workouts.iter().any(|w| w.kind.as_str() == "intervals"),
        "{:?}",
        plan.workouts
    );
    c.get(&format!("/seasons/{id}")).await.expect(200);
    let v1 = app.store.version(SeasonId(id), 1).await.unwrap().unwrap();
    assert!(v1.summary.contains("training.ics"), "{}", v1.summary);
}

async fn start_from_the_example(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let r = c
        .new_season(&[
            Part::text("name", "Example"),
            Part::text("source", "example"),
        ])
        .await;
    let id = season_id(&r);
    assert_eq!(
        plan_of(&*app.store, id).await,
        knead_formats::example::MARATHON_TOML
    );
    let season = app.store.season(SeasonId(id)).await.unwrap().unwrap();
    assert_eq!(
        season.time_zone,
        knead_formats::example::marathon().athlete.time_zone
    );
    c.get(&format!("/seasons/{id}")).await.expect(200);
    let list = c.get("/seasons").await;
    assert!(list.text().contains(&format!("/seasons/{id}")));
}

#[track_caller]
fn refused_with(r: &Resp, says: &[&str]) {
    assert_eq!(r.status.as_u16(), 422, "{}", r.text());
    for s in says {
        assert!(
            r.text().contains(&crate::common::escape(s)),
            "the answer does not say {s:?}: {}",
            r.text()
        );
    }
}

async fn bad_starts_are_named_and_store_no_season(db: &Db) {
    let (app, mut c, me) = signed_up(db).await;
    let race = race_day().to_string();
    let cases: Vec<(Vec<Part>, &[&str])> = vec![
        (
            vec![
                Part::text("name", "x"),
                Part::text("source", "template"),
                Part::text("template", "higdon_nov_mara9"),
                Part::text("race", &race),
            ],
            &["template \"higdon_nov_mara9\""],
        ),
        (
            vec![
                Part::text("name", "x"),
                Part::text("source", "template"),
                Part::text("template", "higdon_nov_mara1"),
                Part::text("race", "next spring"),
            ],
            &["race day", "expected a date"],
        ),
        (
            vec![Part::text("name", ""), Part::text("source", "example")],
            &["name: expected 1 to 100 characters"],
        ),
        (
            vec![
                Part::text("name", "x"),
                Part::text("time_zone", "Mars/Olympus"),
                Part::text("source", "template"),
                Part::text("template", "higdon_nov_mara1"),
                Part::text("race", &race),
            ],
            &["Mars/Olympus"],
        ),
        (
            vec![Part::text("name", "x"), Part::text("source", "plan")],
            &["plan file: expected a file"],
        ),
        (
            vec![
                Part::text("name", "x"),
                Part::text("source", "calendar"),
                Part::file(
                    "calendar",
                    "empty.ics",
                    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n",
                ),
            ],
            &["empty.ics"],
        ),
        (
            vec![
                Part::text("name", "x"),
                Part::text("source", "plan"),
                Part::file("plan", "latin1.toml", b"[athlete]\nname = \"Zo\xeb\"\n"),
            ],
            &["latin1.toml:2: expected UTF-8 text"],
        ),
        (
            vec![Part::text("name", "x"), Part::text("source", "telepathy")],
            &["telepathy"],
        ),
    ];
    for (parts, says) in cases {
        let r = c.new_season(&parts).await;
        refused_with(&r, says);
        assert!(
            app.store.seasons_of(me).await.unwrap().is_empty(),
            "{says:?}"
        );
    }
}

async fn a_bad_plan_file_is_named_with_its_line_and_stores_no_season(db: &Db) {
    let (app, mut c, me) = signed_up(db).await;
    let good = data::shifted_example();
    let line = good
        .lines()
        .position(|l| l.starts_with("time_zone"))
        .expect("the example names its time zone")
        + 1;
    let bad = good.replacen("time_zone", "time_zon", 1);
    let r = c
        .new_season(&[
            Part::text("name", "Typo"),
            Part::text("source", "plan"),
            Part::file("plan", "my-plan.toml", bad.as_bytes()),
        ])
        .await;
    refused_with(&r, &[&format!("my-plan.toml:{line}:"), "time_zon"]);
    assert!(
        r.text().contains("time_zone"),
        "the answer suggests the right name: {}",
        r.text()
    );
    // A syntax error too.
    let r = c
        .new_season(&[
            Part::text("name", "Broken"),
            Part::text("source", "plan"),
            Part::file("plan", "broken.toml", b"units = \"km\"\n\nraces = [\n"),
        ])
        .await;
    refused_with(&r, &["broken.toml:"]);
    assert!(app.store.seasons_of(me).await.unwrap().is_empty());
    // The same through the API.
    c.make_token("script").await;
    let r = c
        .api(
            Method::POST,
            "/api/v1/seasons",
            Some(serde_json::json!({"name": "Typo", "start": {"from": "plan_file", "text": bad}})),
        )
        .await;
    r.expect(422);
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains(&format!(":{line}:")), "{message}");
    assert!(app.store.seasons_of(me).await.unwrap().is_empty());
}

async fn history_of(store: &dyn Store, id: i64) -> Option<usize> {
    store.history(SeasonId(id)).await.unwrap().map(|h| {
        serde_json::from_str::<Vec<serde_json::Value>>(&h.activities_json)
            .unwrap()
            .len()
    })
}

async fn bad_activity_files_store_no_history(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    let path = format!("/seasons/{id}/history");
    let good = data::gpx_run(data::yesterday());
    let eof: &[u8] = include_bytes!("../../../../fixtures/fit/invalid/activity-unexpected-eof.fit");
    let cases: Vec<(Vec<Part>, &[&str])> = vec![
        (
            vec![Part::file(
                "activities",
                "broken.gpx",
                b"<gpx><trk><trkseg><trkpt",
            )],
            &["broken.gpx"],
        ),
        (
            vec![Part::file("activities", "watch.fit", eof)],
            &["watch.fit"],
        ),
        (
            vec![Part::file("activities", "notes.txt", b"ran 10k today")],
            &["notes.txt"],
        ),
        (
            vec![Part::file("activities", "fake.gpx.gz", b"not gzip")],
            &["fake.gpx.gz"],
        ),
        // One bad file spoils the lot: the good one is not stored either.
        (
            vec![
                Part::file("activities", "good.gpx", &good),
                Part::file("activities", "bad.tcx", b"<TrainingCenterDatabase>"),
            ],
            &["bad.tcx"],
        ),
        (vec![], &["activities: expected one or more files"]),
    ];
    for (parts, says) in cases {
        c.get(&format!("/seasons/{id}")).await.expect(200);
        let r = c.post_multipart(&path, &parts).await;
        refused_with(&r, says);
        assert_eq!(history_of(&*app.store, id).await, None, "{says:?}");
    }
    c.make_token("script").await;
    let r = c
        .api_raw(
            Method::POST,
            &format!("/api/v1/seasons/{id}/history?name=broken.gpx"),
            Some("application/octet-stream"),
            b"<gpx".to_vec(),
        )
        .await;
    r.expect(422);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("broken.gpx")
    );
    assert_eq!(history_of(&*app.store, id).await, None);
    c.get(&format!("/seasons/{id}/load.svg")).await.expect(404);
    // A file named like a folder is read as a file (it was written over the
    // folder's name, a server error, before).
    for name in ["..", ".", "x/.."] {
        let r = c
            .api_raw(
                Method::POST,
                &format!("/api/v1/seasons/{id}/history?name={name}"),
                Some("application/octet-stream"),
                good.clone(),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{name}: {}", r.text());
    }
    c.get(&format!("/seasons/{id}")).await.expect(200);
    c.post_multipart(&path, &[Part::file("activities", "..", &good)])
        .await
        .expect(200);
    assert_eq!(history_of(&*app.store, id).await, Some(1));
}

async fn a_zip_whose_entry_leaves_its_folder_is_refused(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    let run = data::gpx_run(data::yesterday());
    for entry in ["../evil.gpx", "activities/../../evil.gpx", "/etc/evil.gpx"] {
        let zip = zip_of(&[("activities/fine.gpx", &run), (entry, &run)]);
        c.get(&format!("/seasons/{id}")).await.expect(200);
        let r = c
            .post_multipart(
                &format!("/seasons/{id}/history"),
                &[Part::file("activities", "export.zip", &zip)],
            )
            .await;
        assert_eq!(r.status.as_u16(), 422, "{entry}");
        refused_with(&r, &[&format!("export.zip!{entry}"), "refused"]);
        assert_eq!(history_of(&*app.store, id).await, None, "{entry}");
    }
    c.make_token("script").await;
    let zip = zip_of(&[("../evil.gpx", &run)]);
    let r = c
        .api_raw(
            Method::POST,
            &format!("/api/v1/seasons/{id}/history?name=export.zip"),
            Some("application/zip"),
            zip,
        )
        .await;
    r.expect(422);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("export.zip!../evil.gpx")
    );
    assert_eq!(history_of(&*app.store, id).await, None);
    // A zip that stays in its folder is read.
    let zip = zip_of(&[("activities/fine.gpx", &run)]);
    c.get(&format!("/seasons/{id}")).await.expect(200);
    let r = c
        .post_multipart(
            &format!("/seasons/{id}/history"),
            &[Part::file("activities", "export.zip", &zip)],
        )
        .await;
    r.expect(200);
    assert_eq!(history_of(&*app.store, id).await, Some(1));
}

async fn a_gpx_run_adds_history_and_the_load_chart(db: &Db) {
    let (app, mut c, _) = signed_up(db).await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    let chart = format!("/seasons/{id}/load.svg");
    c.get(&chart).await.expect(404);
    let page = c.get(&format!("/seasons/{id}")).await;
    assert!(
        !page.text().contains("load.svg"),
        "no chart without history"
    );

    let r = c.upload_run(id, data::yesterday()).await;
    r.expect(200);
    assert!(r.text().contains("1 activity added"), "{}", r.text());
    assert_eq!(history_of(&*app.store, id).await, Some(1));
    // The same run again is not counted twice; another day's is.
    let r = c.upload_run(id, data::yesterday()).await;
    assert!(r.text().contains("0 activities added"), "{}", r.text());
    let yesterday = data::yesterday().yesterday().unwrap();
    c.upload_run(id, yesterday).await.expect(200);
    assert_eq!(history_of(&*app.store, id).await, Some(2));
    let stored = app.store.history(SeasonId(id)).await.unwrap().unwrap();
    assert_eq!(stored.files, 3);
    assert!(
        !stored.activities_json.contains("/tmp"),
        "the server's temporary paths are not kept"
    );

    let page = c.get(&format!("/seasons/{id}")).await;
    assert!(page.text().contains(&format!("/seasons/{id}/load.svg")));
    let svg = c.get(&chart).await;
    svg.expect(200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    let text = svg.text();
    assert!(
        text.contains("<svg") && text.trim_end().ends_with("</svg>"),
        "{text}"
    );
}
