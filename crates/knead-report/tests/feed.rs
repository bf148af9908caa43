//! The subscribed feed: every calendar it writes is read back with calcard's
//! own parser, and what a calendar app would see is checked there.

use std::collections::HashSet;

use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarDuration,
    ICalendarParameterName, ICalendarParameterValue, ICalendarProperty, ICalendarRelated,
    ICalendarStatus, ICalendarTransparency, ICalendarValue,
};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use jiff::tz::{Offset, TimeZone};
use knead_core::calendar::Totals;
use knead_core::context::{Options, PlanContext};
use knead_core::model::{BodyArea, Condition, MassageType, Tool};
use knead_core::plan::{self, Item, Reason, Schedule, Warning, What};
use knead_core::safety::{Action, Alert};
use knead_report::feed::{Alarm, FeedEntry, FeedOptions, FeedState, FeedView, entries, write_feed};
use knead_report::ics::event_uid;

const CALENDAR: &str = "season-2027";

fn massage(day: Date, kind: MassageType, booked: bool) -> Item {
    Item {
        date: day,
        what: What::Massage {
            kind,
            booked,
            price_cents: 7000,
            credit: None,
            credit_package: None,
        },
        reasons: vec![Reason::new("R-POST-HARD", "two days after the long run")],
        slot: None,
    }
}

/// A small schedule over 2027, with a blocking health alert (its banner is in
/// every full-view description) and a warning.
fn schedule() -> Schedule {
    let jan = date(2027, 1, 12);
    let dec = date(2027, 12, 7);
    Schedule {
        athlete: "Jo Runner".into(),
        currency: "EUR".into(),
        from: date(2027, 1, 1),
        to: date(2027, 12, 31),
        alerts: vec![Alert {
            rule_id: "S-DVT",
            condition: Condition::SuspectedDvt,
            action: Action::Block,
            from: date(2027, 6, 1),
            until: Some(date(2027, 6, 20)),
            message: "suspected thrombosis: see a doctor before any massage".into(),
        }],
        blocking_alert: true,
        items: vec![
            massage(jan, MassageType::Deep, true),
            Item {
                date: jan,
                what: What::Aftercare {
                    advice: vec!["drink to thirst".into()],
                },
                reasons: vec![Reason::new("R-HYDRATE", "drink to thirst")],
                slot: None,
            },
            Item {
                date: date(2027, 1, 13),
                what: What::SelfMassage {
                    tools: vec![Tool::FoamRoller],
                    areas: vec![BodyArea::Calf],
                    avoid: vec![BodyArea::PlantarFascia],
                    dose: "10 min".into(),
                },
                reasons: vec![Reason::new("A-FOAM", "calves after the intervals")],
                slot: None,
            },
            massage(dec, MassageType::Swedish, false),
        ],
        warnings: vec![Warning {
            date: Some(date(2027, 6, 5)),
            rule: "R-PRE-RACE",
            message: "no deep massage: race in 2 days".into(),
        }],
        notices: Vec::new(),
        months: Vec::new(),
        credits: Vec::new(),
        days: Vec::new(),
        weeks: Vec::new(),
        totals: Totals {
            massages: 2,
            booked: 1,
            proposed: 1,
            spend_cents: 14000,
            self_massage_days: 1,
        },
        score: 0,
    }
}

/// The built-in marathon plan (Dec 2026 – Apr 2027), planned by the core.
fn marathon() -> Schedule {
    let plan = knead_formats::example::marathon();
    let ctx = PlanContext::new(&plan, Options::default()).expect("the example plans");
    plan::build(&ctx)
}

fn stamp() -> Timestamp {
    "2027-01-02T03:04:05Z".parse().unwrap()
}

fn state(sequence: i64) -> FeedState {
    FeedState {
        sequence,
        dtstamp: stamp(),
        cancelled: false,
    }
}

fn with_states(entries: Vec<FeedEntry>, sequence: i64) -> Vec<(FeedEntry, FeedState)> {
    entries.into_iter().map(|e| (e, state(sequence))).collect()
}

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap()
}

fn options<'a>(tz: &'a TimeZone, view: FeedView, alarm: Option<Alarm>) -> FeedOptions<'a> {
    FeedOptions {
        name: "Jo's recovery",
        time_zone: tz,
        time_zone_name: "Europe/Paris",
        alarm,
        view,
    }
}

fn parse(text: &str) -> ICalendar {
    let cal = ICalendar::parse(text).unwrap_or_else(|e| panic!("not an iCalendar: {e:?}"));
    assert_eq!(
        cal.components[0].component_type,
        ICalendarComponentType::VCalendar
    );
    cal
}

/// The children of `component`, in order.
fn children<'a>(cal: &'a ICalendar, component: &ICalendarComponent) -> Vec<&'a ICalendarComponent> {
    component
        .component_ids
        .iter()
        .map(|&id| cal.component_by_id(id).expect("child exists"))
        .collect()
}

/// The VEVENTs of the calendar, in order.
fn vevents(cal: &ICalendar) -> Vec<&ICalendarComponent> {
    children(cal, &cal.components[0])
        .into_iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .collect()
}

fn prop_text(c: &ICalendarComponent, name: ICalendarProperty) -> Option<&str> {
    c.property(&name)?.values.first()?.as_text()
}

fn prop_texts(c: &ICalendarComponent, name: ICalendarProperty) -> Vec<String> {
    c.property(&name)
        .map(|e| {
            e.values
                .iter()
                .map(|v| v.as_text().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn prop_date(c: &ICalendarComponent, name: ICalendarProperty) -> Option<Date> {
    let v = c.property(&name)?.values.first()?.as_partial_date_time()?;
    assert!(!v.has_time(), "an all-day {name:?}");
    Some(date(v.year? as i16, v.month? as i8, v.day? as i8))
}

/// A UTC-OFFSET as `+hhmm`.
fn prop_offset(c: &ICalendarComponent, name: ICalendarProperty) -> String {
    let v = c.property(&name).unwrap().values[0]
        .as_partial_date_time()
        .unwrap();
    format!(
        "{}{:02}{:02}",
        if v.tz_minus { '-' } else { '+' },
        v.tz_hour.unwrap(),
        v.tz_minute.unwrap_or(0)
    )
}

fn uids(cal: &ICalendar) -> Vec<String> {
    vevents(cal)
        .iter()
        .map(|e| e.uid().unwrap().to_string())
        .collect()
}

fn by_uid<'a>(entries: &'a [FeedEntry], uid: &str) -> &'a FeedEntry {
    entries.iter().find(|e| e.uid == uid).expect("entry")
}

#[test]
fn uids_are_stable_and_the_views_never_share_one() {
    let s = schedule();
    let full = entries(&s, CALENDAR, FeedView::Full);
    assert_eq!(
        full,
        entries(&s, CALENDAR, FeedView::Full),
        "same entries, same hashes"
    );
    let busy = entries(&s, CALENDAR, FeedView::Busy);
    assert_eq!(busy, entries(&s, CALENDAR, FeedView::Busy));

    let tz = paris();
    let opts = options(
        &tz,
        FeedView::Full,
        Some(Alarm {
            minutes_before_start: 360,
        }),
    );
    let first = write_feed(&opts, &with_states(full.clone(), 3), &[]);
    assert_eq!(
        first,
        write_feed(&opts, &with_states(full.clone(), 3), &[]),
        "deterministic"
    );
    let written = uids(&parse(&first));
    assert_eq!(
        written,
        full.iter().map(|e| e.uid.clone()).collect::<Vec<_>>()
    );
    assert_eq!(
        written.len(),
        5,
        "2 massages, aftercare, self-massage, warning"
    );
    assert!(written.contains(&event_uid("massage", date(2027, 1, 12), CALENDAR)));

    let full_uids: HashSet<&str> = full.iter().map(|e| e.uid.as_str()).collect();
    let busy_uids: HashSet<&str> = busy.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(busy_uids.len(), 2);
    assert!(full_uids.is_disjoint(&busy_uids));
    assert!(busy_uids.contains(event_uid("busy", date(2027, 12, 7), CALENDAR).as_str()));
}

/// What a calendar app shows of an event: UID, day, title, description, categories.
type Shown = (String, Option<Date>, String, String, Vec<String>);

#[test]
fn the_full_view_shows_what_the_export_shows() {
    let s = marathon();
    let full = entries(&s, CALENDAR, FeedView::Full);
    assert!(full.iter().filter(|e| e.massage).count() >= 3);
    let export = parse(&knead_report::calendar::render_for(&s, CALENDAR, stamp()));
    let shown: Vec<Shown> = vevents(&export)
        .iter()
        .map(|e| {
            (
                e.uid().unwrap().to_string(),
                prop_date(e, ICalendarProperty::Dtstart),
                prop_text(e, ICalendarProperty::Summary)
                    .unwrap()
                    .to_string(),
                prop_text(e, ICalendarProperty::Description)
                    .unwrap_or_default()
                    .to_string(),
                prop_texts(e, ICalendarProperty::Categories),
            )
        })
        .collect();
    let listed: Vec<Shown> = full
        .iter()
        .map(|e| {
            (
                e.uid.clone(),
                Some(e.date),
                e.summary.clone(),
                e.description.clone(),
                e.categories.clone(),
            )
        })
        .collect();
    assert_eq!(listed, shown);
    for e in &full {
        assert_eq!(e.massage, e.uid.starts_with("massage-"), "{}", e.uid);
    }
}

#[test]
fn the_hash_changes_when_an_item_moves_or_changes_type_and_only_then() {
    let s = schedule();
    let before = entries(&s, CALENDAR, FeedView::Full);
    let busy_before = entries(&s, CALENDAR, FeedView::Busy);
    for e in before.iter().chain(&busy_before) {
        assert_eq!(e.content_hash.len(), 64);
        assert!(e.content_hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    let hashes: HashSet<&str> = before.iter().map(|e| e.content_hash.as_str()).collect();
    assert_eq!(hashes.len(), before.len(), "every event its own hash");

    // Nothing the feed shows changes: the same hashes.
    let mut unseen = schedule();
    unseen.score = 1234;
    unseen.totals.spend_cents = 1;
    assert_eq!(entries(&unseen, CALENDAR, FeedView::Full), before);

    // The December massage changes type: same UID, new hash; the rest unchanged.
    let mut retyped = schedule();
    retyped.items[3] = massage(date(2027, 12, 7), MassageType::Art, false);
    let after = entries(&retyped, CALENDAR, FeedView::Full);
    let dec = event_uid("massage", date(2027, 12, 7), CALENDAR);
    assert_ne!(
        by_uid(&after, &dec).content_hash,
        by_uid(&before, &dec).content_hash
    );
    for e in before.iter().filter(|e| e.uid != dec) {
        assert_eq!(
            by_uid(&after, &e.uid).content_hash,
            e.content_hash,
            "{}",
            e.uid
        );
    }
    // The busy view shows nothing of the type: its hash stays.
    assert_eq!(entries(&retyped, CALENDAR, FeedView::Busy), busy_before);

    // It moves a day: a new UID and a new hash, in both views.
    let mut moved = schedule();
    moved.items[3] = massage(date(2027, 12, 8), MassageType::Swedish, false);
    let after = entries(&moved, CALENDAR, FeedView::Full);
    let moved_entry = by_uid(&after, &event_uid("massage", date(2027, 12, 8), CALENDAR));
    assert!(!after.iter().any(|e| e.uid == dec));
    assert!(!hashes.contains(moved_entry.content_hash.as_str()));
    let busy_after = entries(&moved, CALENDAR, FeedView::Busy);
    assert_eq!(busy_after[0], busy_before[0]);
    assert_eq!(busy_after[1].date, date(2027, 12, 8));
    assert_ne!(busy_after[1].content_hash, busy_before[1].content_hash);
}

#[test]
fn sequence_and_dtstamp_come_from_the_state() {
    let s = schedule();
    let full = entries(&s, CALENDAR, FeedView::Full);
    let later: Timestamp = "2027-02-03T04:05:06.789Z".parse().unwrap();
    let events: Vec<(FeedEntry, FeedState)> = full
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let dtstamp = if i == 0 { later } else { stamp() };
            (
                e,
                FeedState {
                    sequence: i as i64 * 10,
                    dtstamp,
                    cancelled: false,
                },
            )
        })
        .collect();
    let tz = paris();
    let text = write_feed(&options(&tz, FeedView::Full, None), &events, &[]);
    assert!(text.contains("DTSTAMP:20270203T040506Z\r\n"), "{text}");
    assert!(text.contains("DTSTAMP:20270102T030405Z\r\n"));
    let cal = parse(&text);
    for (i, e) in vevents(&cal).into_iter().enumerate() {
        let sequence = e.property(&ICalendarProperty::Sequence).unwrap().values[0]
            .as_integer()
            .unwrap();
        assert_eq!(sequence, i as i64 * 10);
        let dtstamp = e.property(&ICalendarProperty::Dtstamp).unwrap().values[0]
            .as_partial_date_time()
            .unwrap();
        assert_eq!(
            (dtstamp.tz_hour, dtstamp.tz_minute),
            (Some(0), Some(0)),
            "UTC"
        );
        let expected = if i == 0 {
            (2, 3, 4, 5, 6)
        } else {
            (1, 2, 3, 4, 5)
        };
        assert_eq!(
            (
                dtstamp.month.unwrap(),
                dtstamp.day.unwrap(),
                dtstamp.hour.unwrap(),
                dtstamp.minute.unwrap(),
                dtstamp.second.unwrap()
            ),
            expected
        );
        assert_eq!(e.status(), Some(&ICalendarStatus::Confirmed));
        assert_eq!(
            e.transparency(),
            Some(&ICalendarTransparency::Transparent),
            "the runner's own items do not block time"
        );
    }
}

#[test]
fn cancelled_events_are_cancelled_on_their_day() {
    let s = schedule();
    let full = entries(&s, CALENDAR, FeedView::Full);
    let gone = event_uid("massage", date(2027, 3, 2), CALENDAR);
    let gone_busy = event_uid("busy", date(2027, 3, 2), "jo-runner-47d4480da22c");
    let cancelled_state = FeedState {
        sequence: 4,
        dtstamp: "2027-03-01T12:00:00Z".parse().unwrap(),
        cancelled: true,
    };
    let cancelled = vec![
        (gone.clone(), cancelled_state),
        (gone_busy.clone(), cancelled_state),
        ("someone-else@example.com".to_string(), cancelled_state),
        ("massage-2027-jo@knead".to_string(), cancelled_state),
    ];
    let tz = paris();
    let alarm = Some(Alarm {
        minutes_before_start: 60,
    });
    let text = write_feed(
        &options(&tz, FeedView::Full, alarm),
        &with_states(full.clone(), 0),
        &cancelled,
    );
    let cal = parse(&text);
    let events = vevents(&cal);
    assert_eq!(events.len(), full.len() + 2, "unreadable UIDs are left out");
    for (uid, day) in [(&gone, date(2027, 3, 2)), (&gone_busy, date(2027, 3, 2))] {
        let e = events.iter().find(|e| e.uid() == Some(uid)).expect(uid);
        assert_eq!(e.status(), Some(&ICalendarStatus::Cancelled));
        assert_eq!(prop_date(e, ICalendarProperty::Dtstart), Some(day));
        assert_eq!(prop_date(e, ICalendarProperty::Dtend), day.tomorrow().ok());
        assert_eq!(prop_text(e, ICalendarProperty::Summary), Some("Cancelled"));
        assert_eq!(e.transparency(), Some(&ICalendarTransparency::Transparent));
        let sequence = e.property(&ICalendarProperty::Sequence).unwrap().values[0].as_integer();
        assert_eq!(sequence, Some(4));
        assert!(e.component_ids.is_empty(), "no reminder");
        assert!(!e.has_property(&ICalendarProperty::Description));
    }
    assert!(!text.contains("someone-else"));

    // An entry whose own state says cancelled: cancelled, and no reminder.
    let mut events_in = with_states(full, 0);
    let jan = event_uid("massage", date(2027, 1, 12), CALENDAR);
    events_in
        .iter_mut()
        .find(|(e, _)| e.uid == jan)
        .unwrap()
        .1
        .cancelled = true;
    let cal = parse(&write_feed(
        &options(&tz, FeedView::Full, alarm),
        &events_in,
        &[],
    ));
    let e = vevents(&cal)
        .into_iter()
        .find(|e| e.uid() == Some(jan.as_str()))
        .unwrap();
    assert_eq!(e.status(), Some(&ICalendarStatus::Cancelled));
    assert!(e.component_ids.is_empty());

    // knead's own calendar import ignores the cancelled massage.
    let back = knead_formats::ics::import(
        "feed.ics",
        &text,
        (date(2027, 1, 1), date(2027, 12, 31)),
        &tz,
        any_title,
    )
    .expect("the feed is an iCalendar");
    let bookings: Vec<Date> = back.bookings.iter().map(|b| b.date).collect();
    assert_eq!(bookings, vec![date(2027, 1, 12), date(2027, 12, 7)]);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

/// Accepts every title as a run, so anything not recognised as knead's own would show.
fn any_title(
    _: &str,
) -> (
    knead_core::model::WorkoutKind,
    Option<f64>,
    Option<f64>,
    bool,
) {
    (knead_core::model::WorkoutKind::Easy, None, None, true)
}

#[test]
fn massages_alone_carry_the_reminder_and_only_when_asked() {
    let s = schedule();
    let tz = paris();
    for view in [FeedView::Full, FeedView::Busy] {
        let listed = entries(&s, CALENDAR, view);
        let alarm = Some(Alarm {
            minutes_before_start: 360,
        });
        let text = write_feed(
            &options(&tz, view, alarm),
            &with_states(listed.clone(), 0),
            &[],
        );
        assert!(text.contains("TRIGGER;RELATED=START:-PT360M\r\n"), "{text}");
        let cal = parse(&text);
        let mut reminders = 0;
        for (e, entry) in vevents(&cal).into_iter().zip(&listed) {
            let alarms = children(&cal, e);
            if !entry.massage {
                assert!(alarms.is_empty(), "{}", entry.uid);
                continue;
            }
            assert_eq!(alarms.len(), 1, "{}", entry.uid);
            let a = alarms[0];
            assert_eq!(a.component_type, ICalendarComponentType::VAlarm);
            assert_eq!(
                a.property(&ICalendarProperty::Action).unwrap().values[0],
                ICalendarValue::Action(calcard::icalendar::ICalendarAction::Display)
            );
            assert_eq!(
                prop_text(a, ICalendarProperty::Description),
                Some(entry.summary.as_str())
            );
            let trigger = a.property(&ICalendarProperty::Trigger).unwrap();
            assert_eq!(
                trigger.values,
                vec![ICalendarValue::Duration(ICalendarDuration {
                    neg: true,
                    minutes: 360,
                    ..ICalendarDuration::default()
                })]
            );
            assert_eq!(
                trigger.parameter(&ICalendarParameterName::Related),
                Some(&ICalendarParameterValue::Related(ICalendarRelated::Start))
            );
            reminders += 1;
        }
        assert_eq!(reminders, 2);

        let quiet = write_feed(&options(&tz, view, None), &with_states(listed, 0), &[]);
        assert!(!quiet.contains("VALARM") && !quiet.contains("TRIGGER"));
    }
}

#[test]
fn the_busy_view_shows_massage_days_and_nothing_else() {
    for s in [schedule(), marathon()] {
        let busy = entries(&s, CALENDAR, FeedView::Busy);
        let massage_days: Vec<Date> = s
            .items
            .iter()
            .filter(|i| matches!(i.what, What::Massage { .. }))
            .map(|i| i.date)
            .collect();
        assert_eq!(
            busy.iter().map(|e| e.date).collect::<Vec<_>>(),
            massage_days
        );
        for e in &busy {
            assert!(e.massage && e.summary == "Busy");
            assert!(e.description.is_empty() && e.categories.is_empty());
            assert!(e.uid.starts_with("busy-"));
        }
        let tz = paris();
        let alarm = Some(Alarm {
            minutes_before_start: 90,
        });
        let opts = FeedOptions {
            name: "Jo: away",
            ..options(&tz, FeedView::Busy, alarm)
        };
        let text = write_feed(&opts, &with_states(busy.clone(), 1), &[]);
        let lower = text.to_lowercase();
        for word in [
            "massage",
            "deep",
            "swedish",
            "release",
            "aftercare",
            "self",
            "foam",
            "calf",
            "safety",
            "health",
            "thrombosis",
            "dvt",
            "doctor",
            "warning",
            "race",
            "knead:",
            "r-post",
            "r-hydrate",
            "r-pre",
            "a-foam",
            "s-dvt",
            "categories",
            "[",
            "eur",
        ] {
            let found = lower
                .split("\r\n")
                .filter(|l| !l.starts_with("uid:") && !l.starts_with("prodid:"))
                .filter(|l| !l.starts_with("tzid:") && !l.starts_with("x-wr-timezone:"))
                .find(|l| l.contains(word));
            assert!(found.is_none(), "{word:?} in {found:?}");
        }
        let cal = parse(&text);
        let events = vevents(&cal);
        assert_eq!(events.len(), busy.len());
        for e in events {
            let mut names: Vec<&ICalendarProperty> = e.entries.iter().map(|p| &p.name).collect();
            names.sort();
            let mut expected = vec![
                &ICalendarProperty::Uid,
                &ICalendarProperty::Dtstamp,
                &ICalendarProperty::Dtstart,
                &ICalendarProperty::Sequence,
                &ICalendarProperty::Dtend,
                &ICalendarProperty::Summary,
                &ICalendarProperty::Transp,
                &ICalendarProperty::Class,
                &ICalendarProperty::Status,
            ];
            expected.sort();
            assert_eq!(names, expected);
            assert_eq!(e.transparency(), Some(&ICalendarTransparency::Opaque));
            assert_eq!(
                e.property(&ICalendarProperty::Class).unwrap().values[0],
                ICalendarValue::Classification(
                    calcard::icalendar::ICalendarClassification::Private
                )
            );
            let alarm = children(&cal, e)[0];
            assert_eq!(
                prop_text(alarm, ICalendarProperty::Description),
                Some("Busy")
            );
        }
    }
}

#[test]
fn the_header_asks_for_hourly_refresh_and_names_the_zone() {
    let s = schedule();
    let tz = paris();
    let text = write_feed(
        &options(&tz, FeedView::Full, None),
        &with_states(entries(&s, CALENDAR, FeedView::Full), 0),
        &[],
    );
    assert!(
        text.starts_with(
            "BEGIN:VCALENDAR\r\nPRODID:-//knead//knead planner//EN\r\nVERSION:2.0\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Jo's recovery\r\n\
         X-WR-TIMEZONE:Europe/Paris\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n\
         X-PUBLISHED-TTL:PT1H\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "CRLF only"
    );
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded");
    assert!(
        text.contains("DTSTART;VALUE=DATE:20270112\r\nSEQUENCE:0\r\nDTEND;VALUE=DATE:20270113\r\n")
    );

    // No event at all: a valid calendar with nothing in it, and no VTIMEZONE.
    let empty = write_feed(&options(&tz, FeedView::Full, None), &[], &[]);
    let cal = parse(&empty);
    assert!(children(&cal, &cal.components[0]).is_empty());
    assert!(empty.contains("X-WR-TIMEZONE:Europe/Paris\r\n"));
}

/// One STANDARD or DAYLIGHT: kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME.
type Observance = (ICalendarComponentType, String, String, String, String);

/// The STANDARD and DAYLIGHT components of the feed's VTIMEZONE, as
/// (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME).
fn observances(text: &str) -> (String, Vec<Observance>) {
    let cal = parse(text);
    let zones: Vec<&ICalendarComponent> = children(&cal, &cal.components[0])
        .into_iter()
        .filter(|c| c.component_type == ICalendarComponentType::VTimezone)
        .collect();
    assert_eq!(zones.len(), 1);
    let tzid = prop_text(zones[0], ICalendarProperty::Tzid)
        .unwrap()
        .to_string();
    let list = children(&cal, zones[0])
        .into_iter()
        .map(|o| {
            let start = o.property(&ICalendarProperty::Dtstart).unwrap().values[0]
                .as_partial_date_time()
                .unwrap();
            assert!(start.tz_hour.is_none(), "local time");
            (
                o.component_type.clone(),
                format!(
                    "{:04}{:02}{:02}T{:02}{:02}{:02}",
                    start.year.unwrap(),
                    start.month.unwrap(),
                    start.day.unwrap(),
                    start.hour.unwrap(),
                    start.minute.unwrap(),
                    start.second.unwrap()
                ),
                prop_offset(o, ICalendarProperty::Tzoffsetfrom),
                prop_offset(o, ICalendarProperty::Tzoffsetto),
                prop_text(o, ICalendarProperty::Tzname).unwrap().to_string(),
            )
        })
        .collect();
    (tzid, list)
}

fn feed_in(tz: &TimeZone, name: &str) -> String {
    let s = schedule();
    let opts = FeedOptions {
        time_zone_name: name,
        ..options(tz, FeedView::Full, None)
    };
    write_feed(
        &opts,
        &with_states(entries(&s, CALENDAR, FeedView::Full), 0),
        &[],
    )
}

#[test]
fn the_paris_zone_over_2027_has_its_summer_and_winter_time() {
    use ICalendarComponentType::{Daylight, Standard};
    let (tzid, list) = observances(&feed_in(&paris(), "Europe/Paris"));
    assert_eq!(tzid, "Europe/Paris");
    let s = |kind, start: &str, from: &str, to: &str, name: &str| {
        (
            kind,
            start.to_string(),
            from.to_string(),
            to.to_string(),
            name.to_string(),
        )
    };
    assert_eq!(
        list,
        vec![
            // In effect on the first day (12 January 2027).
            s(Standard, "20261025T030000", "+0200", "+0100", "CET"),
            s(Daylight, "20270328T020000", "+0100", "+0200", "CEST"),
            s(Standard, "20271031T030000", "+0200", "+0100", "CET"),
        ]
    );
}

#[test]
fn zones_without_transitions_get_one_standard_time() {
    use ICalendarComponentType::Standard;
    let (tzid, list) = observances(&feed_in(&TimeZone::UTC, "UTC"));
    assert_eq!(tzid, "UTC");
    assert_eq!(
        list,
        vec![(
            Standard,
            "19700101T000000".into(),
            "+0000".into(),
            "+0000".into(),
            "UTC".into()
        )]
    );

    let fixed = TimeZone::fixed(Offset::from_seconds(-(3 * 3600 + 30 * 60)).unwrap());
    let (_, list) = observances(&feed_in(&fixed, "Etc/Custom"));
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].2.as_str(), list[0].3.as_str()), ("-0330", "-0330"));

    // Kolkata's last transition was in 1945: one STANDARD, from then.
    let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
    let (_, list) = observances(&feed_in(&kolkata, "Asia/Kolkata"));
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!((&list[0].0, list[0].3.as_str()), (&Standard, "+0530"));
    assert!(list[0].1.starts_with("1945"), "{list:?}");
}

#[test]
fn awkward_text_round_trips_through_calcard_unchanged() {
    let awkward = [
        "<script>alert('x')</script>".to_string(),
        "Deep, then easy; really \\ ok".to_string(),
        "Two\nlines, with; everything: \"quoted\"".to_string(),
        "Épaule détendue — ça va mieux 🏃‍♀️ ランニングの後のマッサージ。".repeat(3),
    ];
    let day = date(2027, 5, 4);
    let events: Vec<(FeedEntry, FeedState)> = awkward
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let e = FeedEntry {
                uid: event_uid(
                    "massage",
                    day.saturating_add(jiff::ToSpan::days(i as i64)),
                    CALENDAR,
                ),
                date: day.saturating_add(jiff::ToSpan::days(i as i64)),
                summary: text.clone(),
                description: format!("{text}\n{text}"),
                categories: vec![text.clone(), "a,b;c".into()],
                massage: true,
                slot: None,
                content_hash: String::new(),
            };
            (e, state(0))
        })
        .collect();
    let tz = paris();
    let opts = FeedOptions {
        name: "<b>Jo</b>; runs, rests",
        ..options(
            &tz,
            FeedView::Full,
            Some(Alarm {
                minutes_before_start: 0,
            }),
        )
    };
    let text = write_feed(&opts, &events, &[]);
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded");
    assert!(text.contains("TRIGGER;RELATED=START:PT0S\r\n"));
    let cal = parse(&text);
    assert_eq!(
        prop_text(
            &cal.components[0],
            ICalendarProperty::Other("X-WR-CALNAME".into())
        ),
        Some("<b>Jo</b>; runs, rests")
    );
    let written = vevents(&cal);
    assert_eq!(written.len(), awkward.len());
    for (e, (entry, _)) in written.into_iter().zip(&events) {
        assert_eq!(
            prop_text(e, ICalendarProperty::Summary),
            Some(entry.summary.as_str())
        );
        assert_eq!(
            prop_text(e, ICalendarProperty::Description),
            Some(entry.description.as_str())
        );
        assert_eq!(
            prop_texts(e, ICalendarProperty::Categories),
            entry.categories
        );
        let alarm = children(&cal, e)[0];
        assert_eq!(
            prop_text(alarm, ICalendarProperty::Description),
            Some(entry.summary.as_str())
        );
    }
}

#[test]
fn a_reminder_after_the_start_counts_forward() {
    let s = schedule();
    let tz = paris();
    let text = write_feed(
        &options(
            &tz,
            FeedView::Busy,
            Some(Alarm {
                minutes_before_start: -480,
            }),
        ),
        &with_states(entries(&s, CALENDAR, FeedView::Busy), 0),
        &[],
    );
    assert!(text.contains("TRIGGER;RELATED=START:PT480M\r\n"), "{text}");
}
