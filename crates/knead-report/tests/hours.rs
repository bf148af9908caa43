//! Proposed massages with a slot, in every output: text, Markdown and JSON
//! name it, the one-shot calendar export and the feed write timed events
//! with a VTIMEZONE, and knead reads its timed export back.

use calcard::icalendar::{ICalendar, ICalendarComponentType};
use jiff::Timestamp;
use jiff::civil::{Date, date, time};
use jiff::tz::TimeZone;
use knead_core::context::{Options, PlanContext};
use knead_core::model::{MassageType, WorkoutKind};
use knead_core::plan::{self, Item, Schedule, What};
use knead_core::slots::Slot;
use knead_report::feed::{FeedOptions, FeedState, FeedView, entries, write_feed};
use knead_report::words::slot_line;
use knead_report::{calendar, json, markdown, text};

const PLAN: &str = r#"
[athlete]
name = "Jo"
time_zone = "Europe/Paris"
currency = "EUR"
monthly_budget = 200

[athlete.prices]
deep = 70
art = 80
swedish = 55

[athlete.therapist]
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat"]

[[athlete.therapist.hours]]
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
from = "09:00"
to = "19:00"

[[athlete.free]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "17:30"
to = "21:00"

[[races]]
date = 2027-03-21
name = "Spring Half"
distance = "half"

[[bookings]]
date = 2027-03-06
type = "swedish"
"#;

fn schedule() -> Schedule {
    let mut text = PLAN.to_string();
    // Four weeks of running: easy, with a tempo on Wednesdays.
    for i in 0..28 {
        let day = date(2027, 3, 1).saturating_add(jiff::ToSpan::days(i));
        let kind = if day.weekday() == jiff::civil::Weekday::Wednesday {
            "tempo"
        } else {
            "easy"
        };
        text.push_str(&format!(
            "\n[[workouts]]\ndate = {day}\nkind = \"{kind}\"\nminutes = 50\n"
        ));
    }
    let parsed = knead_formats::plan_file::parse("jo.toml", &text).expect("the plan reads");
    // Leaked: the schedule borrows nothing, but the context borrows the plan.
    let plan = Box::leak(Box::new(parsed.plan));
    let ctx = PlanContext::new(plan, Options::default()).expect("a window");
    plan::build(&ctx)
}

fn proposed(s: &Schedule) -> Vec<&Item> {
    s.items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { booked: false, .. }))
        .collect()
}

fn evening() -> Slot {
    Slot {
        start: time(17, 30, 0, 0),
        end: time(18, 30, 0, 0),
        time_zone: "Europe/Paris".into(),
    }
}

#[test]
fn proposed_massages_name_the_evening_slot() {
    let s = schedule();
    let list = proposed(&s);
    assert!(!list.is_empty());
    for item in &list {
        assert_eq!(item.slot, Some(evening()), "{:?}", item.date);
    }
    // The booking on a Saturday has no slot of its own and no common slot
    // that day: kept, with a warning.
    let booked: Vec<&Item> = s
        .items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { booked: true, .. }))
        .collect();
    assert_eq!(booked.len(), 1);
    assert!(booked[0].slot.is_none());
    assert!(
        s.warnings.iter().any(|w| w.rule == "P-AVAILABILITY"
            && w.message.starts_with(
                "your booked swedish massage on 2027-03-06: no common 60-minute slot on Saturdays"
            )),
        "{:?}",
        s.warnings
    );
}

#[test]
fn text_and_markdown_show_the_slot() {
    let s = schedule();
    let first = proposed(&s)[0];
    let line = slot_line(first.date, first.slot.as_ref().unwrap());
    assert_eq!(
        line,
        format!(
            "{} 17:30-18:30 (Europe/Paris)",
            first.date.strftime("%a %-d %b")
        )
    );
    assert!(!line.contains(" 0"), "no leading zero: {line}");
    let t = text::render(&s, false);
    assert!(t.contains(&format!(" · {line}\n")), "{t}");
    let m = markdown::render(&s);
    assert!(m.contains(&format!(" · {line}; aftercare |")), "{m}");
}

#[test]
fn json_items_carry_the_slot() {
    let s = schedule();
    let v: serde_json::Value = serde_json::from_str(&json::render(&s)).unwrap();
    let items = v["items"].as_array().unwrap();
    let with_slot: Vec<&serde_json::Value> =
        items.iter().filter(|i| i.get("slot").is_some()).collect();
    assert_eq!(with_slot.len(), proposed(&s).len());
    for i in with_slot {
        assert_eq!(i["type"], "massage");
        assert_eq!(i["booked"], false);
        assert_eq!(
            i["slot"],
            serde_json::json!({"start": "17:30", "end": "18:30", "time_zone": "Europe/Paris"})
        );
    }
}

fn now() -> Timestamp {
    "2027-02-20T10:00:00Z".parse().unwrap()
}

fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

#[test]
fn the_export_writes_timed_massages_with_their_zone() {
    let s = schedule();
    let ics = unfold(&calendar::render(&s, now()));
    for item in proposed(&s) {
        let day = item.date.strftime("%Y%m%d");
        assert!(
            ics.contains(&format!("DTSTART;TZID=Europe/Paris:{day}T173000\r\n")),
            "{ics}"
        );
        assert!(ics.contains(&format!("DTEND;TZID=Europe/Paris:{day}T183000\r\n")));
    }
    // Everything else stays all-day, the booking included.
    assert!(ics.contains("DTSTART;VALUE=DATE:20270306\r\n"));
    assert_eq!(ics.matches("BEGIN:VTIMEZONE\r\n").count(), 1);
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
    // The rule in force over the timed events' days: winter time.
    assert!(
        ics.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"),
        "{ics}"
    );
    // calcard reads it, and the VTIMEZONE comes before the events.
    let cal = ICalendar::parse(&ics).expect("an iCalendar");
    let kinds: Vec<ICalendarComponentType> = cal.components[0]
        .component_ids
        .iter()
        .map(|&id| cal.component_by_id(id).unwrap().component_type.clone())
        .collect();
    assert_eq!(kinds[0], ICalendarComponentType::VTimezone);
    assert!(
        kinds[1..]
            .iter()
            .all(|k| *k == ICalendarComponentType::VEvent)
    );
}

#[test]
fn an_export_without_slots_has_no_vtimezone() {
    let mut s = schedule();
    for item in &mut s.items {
        item.slot = None;
    }
    let ics = calendar::render(&s, now());
    assert!(!ics.contains("VTIMEZONE"));
    assert!(!ics.contains("TZID"));
}

#[test]
fn knead_reads_its_timed_export_back() {
    let s = schedule();
    let ics = calendar::render(&s, now());
    let zone = TimeZone::get("Europe/Paris").unwrap();
    let back = knead_formats::ics::import("knead.ics", &ics, (s.from, s.to), &zone, |_| {
        (WorkoutKind::Easy, None, None, true)
    })
    .expect("knead's export reads back");
    let massages: Vec<(Date, MassageType)> = s
        .items
        .iter()
        .filter_map(|i| match i.what {
            What::Massage { kind, .. } => Some((i.date, kind)),
            _ => None,
        })
        .collect();
    let bookings: Vec<(Date, MassageType)> =
        back.bookings.iter().map(|b| (b.date, b.kind)).collect();
    assert_eq!(bookings, massages);
    assert!(back.workouts.is_empty(), "{:?}", back.workouts);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    // Read in a zone far away, a 17:30 Paris massage is still on its day in
    // Paris' neighbours, and on the next day in Tokyo.
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
    let far = knead_formats::ics::import("knead.ics", &ics, (s.from, s.to), &tokyo, |_| {
        (WorkoutKind::Easy, None, None, true)
    })
    .unwrap();
    let first = proposed(&s)[0].date;
    assert!(
        far.bookings
            .iter()
            .any(|b| b.date == first.tomorrow().unwrap())
    );
}

fn feed(s: &Schedule, view: FeedView) -> String {
    let tz = TimeZone::get("Europe/Paris").unwrap();
    let state = FeedState {
        sequence: 0,
        dtstamp: now(),
        cancelled: false,
    };
    let events: Vec<_> = entries(s, "season-1", view)
        .into_iter()
        .map(|e| (e, state))
        .collect();
    unfold(&write_feed(
        &FeedOptions {
            name: "Jo",
            time_zone: &tz,
            time_zone_name: "Europe/Paris",
            alarm: None,
            view,
        },
        &events,
        &[],
    ))
}

/// The VEVENT blocks of a calendar's text.
fn vevents(ics: &str) -> Vec<&str> {
    ics.split("BEGIN:VEVENT\r\n").skip(1).collect()
}

#[test]
fn the_busy_view_blocks_the_slot() {
    let s = schedule();
    let ics = feed(&s, FeedView::Busy);
    assert_eq!(ics.matches("BEGIN:VTIMEZONE\r\n").count(), 1);
    let days: Vec<String> = proposed(&s)
        .iter()
        .map(|i| i.date.strftime("%Y%m%d").to_string())
        .collect();
    let events = vevents(&ics);
    for day in &days {
        let event = events
            .iter()
            .find(|e| e.contains(&format!("DTSTART;TZID=Europe/Paris:{day}T173000")))
            .expect("a timed busy event");
        assert!(event.contains(&format!("DTEND;TZID=Europe/Paris:{day}T183000")));
        assert!(event.contains("TRANSP:OPAQUE\r\n"));
        assert!(event.contains("CLASS:PRIVATE\r\n"));
        assert!(event.contains("SUMMARY:Busy\r\n"));
    }
    // The booking stays all-day (and busy).
    let booked = events
        .iter()
        .find(|e| e.contains("DTSTART;VALUE=DATE:20270306"))
        .expect("the booking");
    assert!(booked.contains("TRANSP:OPAQUE\r\n"));
}

#[test]
fn the_full_view_is_timed_too_and_stays_free() {
    let s = schedule();
    let ics = feed(&s, FeedView::Full);
    let day = proposed(&s)[0].date.strftime("%Y%m%d").to_string();
    let event = vevents(&ics)
        .into_iter()
        .find(|e| e.contains(&format!("DTSTART;TZID=Europe/Paris:{day}T173000")))
        .expect("a timed massage");
    assert!(event.contains("TRANSP:TRANSPARENT\r\n"));
    // The same events as the one-shot export.
    let export = unfold(&calendar::render(&s, now()));
    assert_eq!(
        export.matches("DTSTART;TZID=").count(),
        ics.matches("DTSTART;TZID=").count()
    );
}

#[test]
fn a_moved_slot_changes_the_hash_and_no_slot_keeps_the_old_one() {
    let s = schedule();
    let before = entries(&s, "season-1", FeedView::Busy);
    let mut later = s.clone();
    let first = later
        .items
        .iter_mut()
        .find(|i| i.slot.is_some())
        .expect("a slot");
    let uid_day = first.date;
    first.slot.as_mut().unwrap().start = time(18, 0, 0, 0);
    first.slot.as_mut().unwrap().end = time(19, 0, 0, 0);
    let after = entries(&later, "season-1", FeedView::Busy);
    let changed: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a.content_hash != b.content_hash)
        .map(|(a, _)| a.date)
        .collect();
    assert_eq!(changed, vec![uid_day]);
    // An all-day event hashes as it did before slots existed.
    let mut all_day = s.clone();
    for item in &mut all_day.items {
        item.slot = None;
    }
    let booked = entries(&all_day, "season-1", FeedView::Busy)
        .into_iter()
        .find(|e| e.date == date(2027, 3, 6))
        .unwrap();
    assert_eq!(
        booked.content_hash,
        "5bcc0cdab03afa03e08b90b45b434cc6d409bbc08f6b043528ae3722d0880d9d"
    );
}

/// A fortnightly Swedish course across a race week, as a plan file states it.
const COURSE: &str = r#"
[athlete]
name = "Jo"
time_zone = "Europe/Paris"
currency = "EUR"
monthly_budget = 200

[athlete.prices]
deep = 70
art = 80
swedish = 55

[[races]]
date = 2027-02-02
name = "Winter Marathon"
distance = "marathon"

[[bookings]]
date = 2027-01-07
type = "swedish"
repeat = { every_weeks = 2, count = 5 }
"#;

fn course_check() -> knead_app::respond::CheckResponse {
    use knead_app::season::{self, PlanSource, SeasonInput, TextFile};
    let mut text = COURSE.to_string();
    for i in 0..70 {
        let day = date(2027, 1, 4).saturating_add(jiff::ToSpan::days(i));
        text.push_str(&format!("\n[[workouts]]\ndate = {day}\nkind = \"easy\"\n"));
    }
    let input = SeasonInput::new(
        PlanSource::File(TextFile {
            name: "course.toml",
            text: &text,
        }),
        date(2027, 1, 1),
    );
    let season = season::prepare(input).expect("the plan reads");
    knead_app::respond::check(&season).expect("a window")
}

#[test]
fn check_names_the_occurrence_its_series_and_a_day_outside_the_wait() {
    let r = course_check();
    assert_eq!(r.bookings, 5);
    assert_eq!(r.violations.len(), 1, "{:?}", r.violations);
    let t = knead_report::check::text(&r);
    assert_eq!(
        t.lines().next().unwrap(),
        "2027-02-04  R-POST-RACE      [C] swedish massage (every 2 weeks from 2027-01-07): only 2 day(s) after Winter Marathon (42.2 km); wait at least 3 days; try Fri 5 Feb instead"
    );
    let m = knead_report::check::markdown(&r);
    assert!(
        m.contains("| 2027-02-04 | `R-POST-RACE` | C | swedish (every 2 weeks from 2027-01-07) | only 2 day(s) after Winter Marathon (42.2 km); wait at least 3 days | try Fri 5 Feb instead |"),
        "{m}"
    );
    let v: serde_json::Value = serde_json::from_str(&json::render(&r)).unwrap();
    assert_eq!(v["violations"][0]["alternative"], "2027-02-05");
    assert_eq!(
        v["violations"][0]["series"],
        "every 2 weeks from 2027-01-07"
    );
    assert_eq!(v["warnings"], serde_json::json!([]));
}
