//! Calendar feeds, read back with an independent iCalendar parser: stable
//! UIDs, SEQUENCE and DTSTAMP that change only with the event, cancelled
//! events for moved massages, ETag and 304, the busy-only view, the
//! reminder, revoking and re-issuing.

use std::collections::BTreeMap;

use axum::http::Method;
use jiff::civil::Date;
use knead_core::model::Plan;
use knead_store::SeasonId;

use crate::common::client::attribute_after;
use crate::common::ics::{self, Event, duration_minutes};
use crate::common::{App, Client, Db, data, path_of};

both!(
    a_feed_is_stable_and_follows_a_moved_massage,
    the_busy_feed_shows_only_busy_blocks,
    the_reminder_follows_the_setting,
    a_renamed_season_renames_its_feed,
    revoked_and_reissued_feeds_stop_working,
);

async fn season(db: &Db) -> (App, Client, i64) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    c.make_token("script").await;
    (app, c, id)
}

async fn fetch(c: &mut Client, feed: &str) -> (String, BTreeMap<String, Event>) {
    let r = c.get(feed).await;
    r.expect(200);
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let text = r.text();
    let events = ics::events(&text);
    (text, events)
}

pub(crate) fn live(events: &BTreeMap<String, Event>, kind: &str) -> Vec<String> {
    events
        .values()
        .filter(|e| e.uid().starts_with(&format!("{kind}-")) && !e.cancelled())
        .map(|e| e.uid().to_owned())
        .collect()
}

/// The day in a knead UID (`massage-20270105-season1@knead`).
fn uid_day(uid: &str) -> Date {
    let d = uid.split('-').nth(1).expect("a day in the UID");
    jiff::civil::Date::strptime("%Y%m%d", d).expect("a day")
}

fn plan_of(toml: &str) -> Plan {
    knead_formats::plan_file::parse("plan.toml", toml)
        .expect("the plan reads")
        .plan
}

/// Moves hard workouts next to proposed massages, one at a time, until one
/// move moves a massage (returning to version 1 after each that did not).
/// Returns the version's summary.
pub(crate) async fn move_a_massage(app: &App, c: &mut Client, id: i64) -> String {
    let r = c
        .api(Method::GET, &format!("/api/v1/seasons/{id}"), None)
        .await;
    let proposed: Vec<Date> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "massage" && i["booked"] == false)
        .map(|i| i["date"].as_str().unwrap().parse().unwrap())
        .collect();
    let original = plan_of(
        &app.store
            .version(SeasonId(id), 1)
            .await
            .unwrap()
            .unwrap()
            .plan_toml,
    );
    for date in proposed.iter().take(8) {
        for to in [date.yesterday().unwrap(), *date, date.tomorrow().unwrap()] {
            // The nearest hard session not already on that day.
            let Some((index, _)) = original
                .workouts
                .iter()
                .enumerate()
                .filter(|(_, w)| {
                    matches!(w.kind.as_str(), "intervals" | "tempo" | "hills" | "long")
                        && w.date != to
                })
                .min_by_key(|(_, w)| (w.date - to).get_days().abs())
            else {
                continue;
            };
            let v = app
                .store
                .season(SeasonId(id))
                .await
                .unwrap()
                .unwrap()
                .current_version;
            let r = c
                .api(
                    Method::POST,
                    &format!("/api/v1/seasons/{id}/edits"),
                    Some(serde_json::json!({
                        "based_on": v,
                        "edit": {"op": "move_workout", "index": index, "date": to.to_string()}
                    })),
                )
                .await;
            r.expect(200);
            let summary = r.json()["summary"].as_str().unwrap().to_owned();
            let moved = r.json()["moved"].as_array().unwrap().clone();
            if moved
                .iter()
                .any(|m| m.as_str().unwrap().contains(" moved from "))
            {
                return summary;
            }
            c.api(
                Method::POST,
                &format!("/api/v1/seasons/{id}/restore"),
                Some(serde_json::json!({"number": 1, "based_on": v + 1})),
            )
            .await
            .expect(200);
        }
    }
    panic!("no move of a hard session next to a proposed massage moved it");
}

async fn a_feed_is_stable_and_follows_a_moved_massage(db: &Db) {
    let (app, mut c, id) = season(db).await;
    // Issued behind TLS: the https address, shown once.
    let mut tls = c.fork();
    tls.headers
        .push(("x-forwarded-proto".into(), "https".into()));
    tls.get(&format!("/seasons/{id}/settings"))
        .await
        .expect(200);
    let page = tls
        .post_form(
            &format!("/seasons/{id}/feeds"),
            &[("kind", "full"), ("action", "issue")],
        )
        .await;
    page.expect(200);
    let html = page.text();
    let url = attribute_after(&html, "id=\"feed-https\"", "value").expect("the feed URL");
    assert!(
        url.starts_with("https://knead.test/feeds/") && url.ends_with(".ics"),
        "{url}"
    );
    assert_eq!(html.matches(&url).count(), 1, "the https URL once");
    let token = url
        .trim_start_matches("https://knead.test/feeds/")
        .trim_end_matches(".ics")
        .to_owned();
    assert!(html.contains(&format!("webcal://knead.test/feeds/{token}.ics")));
    let again = c.get(&format!("/seasons/{id}/settings")).await;
    assert!(
        !again.text().contains(&token),
        "the token is shown only once"
    );
    assert!(again.text().contains("A link is active."));
    let feed = path_of(&url);

    let (first, before) = fetch(&mut c, &feed).await;
    assert!(!before.is_empty());
    assert!(before.values().all(|e| e.sequence() == 0 && !e.cancelled()));
    assert!(
        !live(&before, "massage").is_empty(),
        "the feed shows massages"
    );
    let one = c.get(&feed).await;
    let two = c.get(&feed).await;
    assert_eq!(one.body, two.body, "the same plan gives the same bytes");
    assert_eq!(one.text(), first);
    same_from_a_new_process(db, &c, &feed, &one.body).await;
    let etag = one.header("etag").expect("an ETag").to_owned();
    assert_eq!(two.header("etag"), Some(etag.as_str()));
    assert!(one.header("last-modified").is_some());
    let cached = c.get_with(&feed, &[("if-none-match", &etag)]).await;
    cached.expect(304);
    assert!(cached.body.is_empty());
    // A proxy that compresses makes the ETag weak; it still matches.
    c.get_with(&feed, &[("if-none-match", &format!("W/{etag}"))])
        .await
        .expect(304);
    c.get_with(&feed, &[("if-none-match", "\"something-else\"")])
        .await
        .expect(200);

    let summary = move_a_massage(&app, &mut c, id).await;
    let (_, after) = fetch(&mut c, &feed).await;
    let old: Vec<String> = live(&before, "massage")
        .into_iter()
        .filter(|u| !live(&after, "massage").contains(u))
        .collect();
    let new: Vec<String> = live(&after, "massage")
        .into_iter()
        .filter(|u| !before.contains_key(u))
        .collect();
    assert!(!old.is_empty() && !new.is_empty(), "{summary}");
    for uid in &old {
        let e = &after[uid];
        assert!(e.cancelled(), "{uid} is not marked cancelled");
        assert_eq!(e.sequence(), before[uid].sequence() + 1, "{uid}");
        assert!(
            e.alarms.is_empty(),
            "a cancelled massage keeps its reminder"
        );
    }
    assert!(
        old.iter()
            .any(|u| summary.contains(&format!("moved from {}", uid_day(u).strftime("%a %-d %b")))),
        "{summary}: {old:?}"
    );
    for uid in &new {
        assert_eq!(after[uid].sequence(), 0, "{uid}");
        assert_eq!(after[uid].get("STATUS"), Some("CONFIRMED"));
    }
    let mut unchanged = 0;
    for (uid, b) in &before {
        let Some(a) = after.get(uid) else {
            panic!("{uid} left the feed instead of being cancelled");
        };
        if a.content() == b.content() {
            assert_eq!(a.sequence(), b.sequence(), "{uid}: unchanged, new SEQUENCE");
            assert_eq!(
                a.get("DTSTAMP"),
                b.get("DTSTAMP"),
                "{uid}: unchanged, new DTSTAMP"
            );
            unchanged += 1;
        } else {
            assert_eq!(
                a.sequence(),
                b.sequence() + 1,
                "{uid}: changed, same SEQUENCE"
            );
            assert!(a.get("DTSTAMP") >= b.get("DTSTAMP"), "{uid}");
        }
    }
    assert!(unchanged > 0, "every event changed");
    // Stable again from here, and a new ETag.
    let later = c.get(&feed).await;
    assert_ne!(later.header("etag"), Some(etag.as_str()));
    assert_eq!(ics::events(&later.text()), after);
    same_from_a_new_process(db, &c, &feed, &later.body).await;
}

/// A process that has rendered nothing yet (its own store and cache)
/// answers the same bytes: the feed is the database's, not a process's.
async fn same_from_a_new_process(db: &Db, c: &Client, feed: &str, body: &[u8]) {
    let fresh = db.app().await;
    let r = c.on(&fresh).get(feed).await;
    r.expect(200);
    assert!(r.body == body, "another process renders other bytes");
}

async fn the_busy_feed_shows_only_busy_blocks(db: &Db) {
    let (app, mut c, id) = season(db).await;
    let full = path_of(&c.issue_feed(id, "full").await);
    let busy = path_of(&c.issue_feed(id, "busy").await);
    assert_ne!(full, busy);
    let (_, f) = fetch(&mut c, &full).await;
    let (text, b) = fetch(&mut c, &busy).await;
    assert!(!b.is_empty());
    assert!(!text.contains("Spring"), "the busy feed names the season");
    for e in b.values() {
        assert!(e.uid().starts_with("busy-"), "{}", e.uid());
        assert_eq!(e.get("SUMMARY"), Some("Busy"));
        assert!(e.get("DESCRIPTION").is_none(), "{e:?}");
        assert!(e.get("CATEGORIES").is_none(), "{e:?}");
        assert_eq!(e.get("CLASS"), Some("PRIVATE"));
        assert_eq!(e.get("TRANSP"), Some("OPAQUE"));
    }
    // One block a day with a massage.
    let days = |uids: Vec<String>| -> Vec<Date> {
        let mut d: Vec<Date> = uids.iter().map(|u| uid_day(u)).collect();
        d.sort();
        d.dedup();
        d
    };
    assert_eq!(days(live(&b, "busy")), days(live(&f, "massage")));
    // After a massage moves, the busy feed still says nothing but Busy (and
    // Cancelled for the day it left).
    move_a_massage(&app, &mut c, id).await;
    let (_, b2) = fetch(&mut c, &busy).await;
    for e in b2.values() {
        assert!(e.get("DESCRIPTION").is_none(), "{e:?}");
        let summary = e.get("SUMMARY").unwrap();
        if e.cancelled() {
            assert_ne!(summary, "Busy");
            assert!(!summary.to_lowercase().contains("massage"), "{summary}");
        } else {
            assert_eq!(summary, "Busy");
        }
    }
    assert!(
        b2.values().any(Event::cancelled),
        "the moved massage's block"
    );
}

fn triggers(events: &BTreeMap<String, Event>) -> Vec<(String, i64)> {
    events
        .values()
        .flat_map(|e| {
            e.alarms.iter().map(|a| {
                assert_eq!(
                    a.get("ACTION").and_then(|v| v.first()).map(String::as_str),
                    Some("DISPLAY")
                );
                let t = a.get("TRIGGER").and_then(|v| v.first()).expect("a TRIGGER");
                (e.uid().to_owned(), duration_minutes(t))
            })
        })
        .collect()
}

async fn the_reminder_follows_the_setting(db: &Db) {
    let (app, mut c, id) = season(db).await;
    let feed = path_of(&c.issue_feed(id, "full").await);
    let (_, events) = fetch(&mut c, &feed).await;
    let massages = live(&events, "massage");
    let alarms = triggers(&events);
    assert_eq!(
        alarms.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>(),
        massages,
        "one reminder on each massage, none elsewhere"
    );
    assert!(
        alarms
            .iter()
            .all(|(_, m)| *m == -knead_store::DEFAULT_FEED_ALARM_MINUTES),
        "{alarms:?}"
    );
    let settings = c.get(&format!("/seasons/{id}/settings")).await;
    assert!(settings.text().contains("<option value=\"360\" selected>"));

    // Never.
    c.post_form(
        &format!("/seasons/{id}/settings"),
        &[("name", "Spring"), ("alarm", "")],
    )
    .await
    .expect(200);
    assert_eq!(
        app.store
            .season(SeasonId(id))
            .await
            .unwrap()
            .unwrap()
            .feed_alarm_minutes,
        None
    );
    let (text, quiet) = fetch(&mut c, &feed).await;
    assert!(!text.contains("BEGIN:VALARM"));
    assert!(triggers(&quiet).is_empty());
    // The events themselves did not change.
    for (uid, e) in &events {
        assert_eq!(quiet[uid].sequence(), e.sequence(), "{uid}");
    }
    // The day before at 15:00.
    c.post_form(
        &format!("/seasons/{id}/settings"),
        &[("name", "Spring"), ("alarm", "540")],
    )
    .await
    .expect(200);
    let (_, again) = fetch(&mut c, &feed).await;
    let alarms = triggers(&again);
    assert_eq!(alarms.len(), massages.len());
    assert!(alarms.iter().all(|(_, m)| *m == -540), "{alarms:?}");
    // Out of range.
    c.post_form(
        &format!("/seasons/{id}/settings"),
        &[("name", "Spring"), ("alarm", "-5")],
    )
    .await
    .expect(422);
    c.post_form(
        &format!("/seasons/{id}/settings"),
        &[("name", "Spring"), ("alarm", "soon")],
    )
    .await
    .expect(422);
    assert_eq!(
        app.store
            .season(SeasonId(id))
            .await
            .unwrap()
            .unwrap()
            .feed_alarm_minutes,
        Some(540)
    );
}

/// The calendar's name (X-WR-CALNAME).
fn calendar_name(text: &str) -> String {
    let cal = ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("a calendar")
        .expect("it parses");
    cal.properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .and_then(|p| p.value.clone())
        .expect("X-WR-CALNAME")
}

async fn a_renamed_season_renames_its_feed(db: &Db) {
    let (app, mut c, id) = season(db).await;
    let feed = path_of(&c.issue_feed(id, "full").await);
    let (text, events) = fetch(&mut c, &feed).await;
    assert_eq!(calendar_name(&text), "knead: Spring");
    let etag = c.get(&feed).await.header("etag").unwrap().to_owned();
    c.get(&format!("/seasons/{id}/settings")).await.expect(200);
    let r = c
        .post_form(
            &format!("/seasons/{id}/settings"),
            &[("name", "Spring marathon"), ("alarm", "360")],
        )
        .await;
    r.expect(200);
    assert!(r.text().contains("Saved."));
    assert_eq!(
        app.store.season(SeasonId(id)).await.unwrap().unwrap().name,
        "Spring marathon"
    );
    let r = c.get_with(&feed, &[("if-none-match", &etag)]).await;
    r.expect(200);
    assert_eq!(calendar_name(&r.text()), "knead: Spring marathon");
    assert_eq!(ics::events(&r.text()), events, "the events did not change");
    same_from_a_new_process(db, &c, &feed, &r.body).await;
}

async fn revoked_and_reissued_feeds_stop_working(db: &Db) {
    let (_app, mut c, id) = season(db).await;
    let full = path_of(&c.issue_feed(id, "full").await);
    let busy = path_of(&c.issue_feed(id, "busy").await);
    c.get(&full).await.expect(200);
    c.get(&busy).await.expect(200);

    // Turning the full feed off leaves the busy one.
    let r = c
        .post_form(
            &format!("/seasons/{id}/feeds"),
            &[("kind", "full"), ("action", "revoke")],
        )
        .await;
    r.expect(200);
    assert!(r.text().contains("The link is off"));
    c.get(&full).await.expect(404);
    c.get(&busy).await.expect(200);

    // A new link replaces the old one.
    let first = path_of(&c.issue_feed(id, "full").await);
    let second = path_of(&c.issue_feed(id, "full").await);
    assert_ne!(first, second);
    c.get(&first).await.expect(404);
    c.get(&second).await.expect(200);
    c.get(&full).await.expect(404);
    // The same without the .ics ending; and nothing for a made-up token.
    c.get(second.trim_end_matches(".ics")).await.expect(200);
    c.get(&format!("/feeds/{}.ics", "a".repeat(64)))
        .await
        .expect(404);
    // Through the API too.
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/seasons/{id}/feeds"),
            Some(serde_json::json!({"kind": "full"})),
        )
        .await;
    r.expect(201);
    let third = path_of(r.json()["https"].as_str().unwrap());
    assert!(
        r.json()["webcal"]
            .as_str()
            .unwrap()
            .starts_with("webcal://")
    );
    c.get(&second).await.expect(404);
    c.get(&third).await.expect(200);
    // Deleting the season ends its feeds.
    c.get(&format!("/seasons/{id}/settings")).await.expect(200);
    c.post_form(&format!("/seasons/{id}/delete"), &[])
        .await
        .expect_redirect("/seasons");
    c.get(&third).await.expect(404);
    c.get(&busy).await.expect(404);
    c.get(&format!("/seasons/{id}")).await.expect(404);
}
