//! The plan file's time windows (`[[athlete.free]]`, `[[athlete.therapist.hours]]`,
//! `appointment_minutes`) and repeating bookings (`repeat`), and the series
//! of a calendar's recurring massage.

use jiff::civil::{Date, Time, date, time};
use jiff::tz::TimeZone;
use knead_core::model::{MassageType, Plan, Window, WorkoutKind};
use knead_formats::ics::import;
use knead_formats::plan_file::{Parsed, PlanError, parse, to_toml};

const BASE: &str = r#"[athlete]
name = "Sam"
time_zone = "Europe/London"
currency = "GBP"
monthly_budget = 120

[athlete.prices]
deep = 70
art = 85
swedish = 60

[[workouts]]
date = 2027-01-04
kind = "easy"
"#;

fn ok(text: &str) -> Parsed {
    match parse("plan.toml", text) {
        Ok(p) => p,
        Err(e) => panic!("expected the plan to parse, got: {e}"),
    }
}

fn err(text: &str) -> PlanError {
    match parse("plan.toml", text) {
        Ok(p) => panic!("expected an error, got a plan: {:?}", p.plan),
        Err(e) => e,
    }
}

/// The error's message and 1-based line, as `plan.toml:LINE:...` says it.
fn error_at(text: &str) -> (String, usize) {
    let e = err(text);
    assert!(
        e.to_string()
            .starts_with(&format!("plan.toml:{}:", e.line()))
    );
    (e.message().to_string(), e.line())
}

fn t(h: i8, m: i8) -> Time {
    time(h, m, 0, 0)
}

fn days(list: &[usize]) -> [bool; 7] {
    let mut out = [false; 7];
    for &d in list {
        out[d] = true;
    }
    out
}

const HOURS: &str = r#"
[athlete.therapist]
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat"]
appointment_minutes = 90

[[athlete.therapist.hours]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "09:00"
to = "19:00"

[[athlete.therapist.hours]]
days = ["saturday"]
from = 09:30
to = 13:00:00

[[athlete.free]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "17:30"
to = "21:00"

[[athlete.free]]
days = ["sat", "sun"]
from = "08:00"
to = "12:00"
"#;

fn with(extra: &str) -> String {
    // Tables after the workout would belong to it: put them before.
    BASE.replace("[[workouts]]", &format!("{extra}\n[[workouts]]"))
}

#[test]
fn windows_are_read() {
    let parsed = ok(&with(HOURS));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let a = &parsed.plan.athlete;
    assert_eq!(a.therapist.appointment_minutes, 90);
    assert_eq!(
        a.therapist.hours,
        vec![
            Window {
                weekdays: days(&[0, 1, 2, 3, 4]),
                from: t(9, 0),
                to: t(19, 0)
            },
            Window {
                weekdays: days(&[5]),
                from: t(9, 30),
                to: t(13, 0)
            },
        ]
    );
    assert_eq!(
        a.free,
        vec![
            Window {
                weekdays: days(&[0, 1, 2, 3, 4]),
                from: t(17, 30),
                to: t(21, 0)
            },
            Window {
                weekdays: days(&[5, 6]),
                from: t(8, 0),
                to: t(12, 0)
            },
        ]
    );
}

#[test]
fn no_windows_keep_the_all_day_defaults() {
    let a = ok(BASE).plan.athlete;
    assert!(a.free.is_empty() && a.therapist.hours.is_empty());
    assert_eq!(a.therapist.appointment_minutes, 60);
}

#[test]
fn a_window_must_end_after_it_starts() {
    let text = with("[[athlete.free]]\ndays = [\"fri\"]\nfrom = \"21:00\"\nto = \"07:00\"\n");
    let (message, line) = error_at(&text);
    assert_eq!(
        message,
        "`from` 21:00 must be before `to` 07:00: a window ends on the day it starts (split one that runs past midnight in two)"
    );
    assert_eq!(line, 15);
    let text = with("[[athlete.free]]\ndays = [\"fri\"]\nfrom = \"09:00\"\nto = \"09:00\"\n");
    assert!(
        error_at(&text)
            .0
            .starts_with("`from` 09:00 must be before `to` 09:00")
    );
}

#[test]
fn times_are_hh_mm() {
    for (written, message) in [
        (
            "\"7:30\"",
            "cannot read time `7:30`: expected a time of day like \"17:30\" (HH:MM, 24-hour)",
        ),
        (
            "\"24:00\"",
            "`24:00` is not a time of day: expected 00:00 to 23:59",
        ),
        (
            "\"12:60\"",
            "`12:60` is not a time of day: expected 00:00 to 23:59",
        ),
        (
            "\"5pm\"",
            "cannot read time `5pm`: expected a time of day like \"17:30\" (HH:MM, 24-hour)",
        ),
        (
            "17:30:15",
            "expected a time of day like \"17:30\" (HH:MM, 24-hour), found `17:30:15`",
        ),
        (
            "2027-01-04",
            "expected a time of day like \"17:30\" (HH:MM, 24-hour), found `2027-01-04`",
        ),
    ] {
        let text = with(&format!(
            "[[athlete.free]]\ndays = [\"fri\"]\nfrom = {written}\nto = \"23:00\"\n"
        ));
        let (got, line) = error_at(&text);
        assert!(got.starts_with(message), "{written}: {got}");
        assert_eq!(line, 14, "{written}");
    }
}

#[test]
fn windows_need_days_and_known_fields() {
    let text = with("[[athlete.free]]\ndays = []\nfrom = \"09:00\"\nto = \"10:00\"\n");
    let (message, line) = error_at(&text);
    assert!(message.starts_with("`days` is empty"), "{message}");
    assert_eq!(line, 13);
    let text = with("[[athlete.free]]\ndays = [\"fri\"]\nfrom = \"09:00\"\nuntil = \"10:00\"\n");
    let (message, _) = error_at(&text);
    assert!(message.starts_with("unknown field `until`"), "{message}");
    let text = with("[[athlete.free]]\ndays = [\"fry\"]\nfrom = \"09:00\"\nto = \"10:00\"\n");
    let (message, _) = error_at(&text);
    assert!(message.starts_with("unknown weekday `fry`"), "{message}");
}

#[test]
fn appointment_minutes_are_checked() {
    for bad in ["0", "721", "-5", "60.5"] {
        let text = with(&format!(
            "[athlete.therapist]\nappointment_minutes = {bad}\n"
        ));
        let (message, line) = error_at(&text);
        assert_eq!(line, 13, "{bad}: {message}");
    }
}

#[test]
fn open_days_follow_the_hours_unless_weekdays_are_listed() {
    let text = with(
        "[athlete.therapist]\n\n[[athlete.therapist.hours]]\ndays = [\"tue\", \"thu\"]\nfrom = \"10:00\"\nto = \"16:00\"\n",
    );
    let parsed = ok(&text);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(
        parsed.plan.athlete.therapist.weekdays,
        days(&[1, 3]),
        "the hours' days are the open days"
    );
    // Listed weekdays and hours that disagree: both ways warned about.
    let text = with(
        "[athlete.therapist]\nweekdays = [\"mon\", \"tue\"]\n\n[[athlete.therapist.hours]]\ndays = [\"tue\", \"sun\"]\nfrom = \"10:00\"\nto = \"16:00\"\n",
    );
    let parsed = ok(&text);
    assert_eq!(parsed.plan.athlete.therapist.weekdays, days(&[0, 1]));
    assert_eq!(
        parsed.warnings,
        vec![
            "plan.toml:15:1: warning: these hours are ignored on Sunday: `weekdays` does not list it".to_string(),
            "plan.toml:13:12: warning: no `hours` are listed for Monday: no professional massage can be planned then".to_string(),
        ]
    );
}

#[test]
fn free_times_that_never_meet_the_hours_are_warned_about() {
    let text = with(
        "[athlete.therapist]\n\n[[athlete.therapist.hours]]\ndays = [\"mon\"]\nfrom = \"09:00\"\nto = \"17:00\"\n\n[[athlete.free]]\ndays = [\"mon\"]\nfrom = \"16:30\"\nto = \"20:00\"\n",
    );
    let parsed = ok(&text);
    assert_eq!(
        parsed.warnings,
        vec!["plan.toml:19:1: warning: your free times and the therapist's hours share no 60-minute slot on any day: no professional massage can be planned".to_string()]
    );
}

const COURSE: &str = r#"
[[bookings]]
date = 2027-01-07
type = "swedish"
repeat = { every_weeks = 2, count = 4 }

[[bookings]]
date = 2027-01-12
type = "deep"
repeat = { every_weeks = 1, until = 2027-01-26 }

[[bookings]]
date = 2027-03-01
type = "art"
"#;

fn booked(plan: &Plan) -> Vec<(Date, MassageType, Option<&str>)> {
    plan.bookings
        .iter()
        .map(|b| (b.date, b.kind, b.series.as_deref()))
        .collect()
}

#[test]
fn repeating_bookings_expand_with_their_series() {
    let parsed = ok(&format!("{BASE}{COURSE}"));
    let fortnightly = Some("every 2 weeks from 2027-01-07");
    let weekly = Some("every week from 2027-01-12");
    use MassageType::*;
    assert_eq!(
        booked(&parsed.plan),
        vec![
            (date(2027, 1, 7), Swedish, fortnightly),
            (date(2027, 1, 12), Deep, weekly),
            (date(2027, 1, 19), Deep, weekly),
            (date(2027, 1, 21), Swedish, fortnightly),
            (date(2027, 1, 26), Deep, weekly),
            (date(2027, 2, 4), Swedish, fortnightly),
            (date(2027, 2, 18), Swedish, fortnightly),
            (date(2027, 3, 1), Art, None),
        ]
    );
}

#[test]
fn a_repeat_is_checked() {
    let booking = |repeat: &str| {
        format!("{BASE}\n[[bookings]]\ndate = 2027-01-07\ntype = \"swedish\"\nrepeat = {repeat}\n")
    };
    for (repeat, message) in [
        (
            "{ every_weeks = 2 }",
            "`repeat` needs `count` (how many times) or `until` (the last day)",
        ),
        (
            "{ every_weeks = 2, count = 3, until = 2027-02-01 }",
            "give `count` or `until` in `repeat`, not both",
        ),
        (
            "{ every_weeks = 2, count = 0 }",
            "`count` must be at least 1",
        ),
        (
            "{ every_weeks = 0, count = 3 }",
            "`every_weeks` 0 is out of range: expected 1 to 52",
        ),
        (
            "{ every_weeks = 2, until = 2027-01-06 }",
            "`until` 2027-01-06 is before `date` 2027-01-07",
        ),
        (
            "{ every_weeks = 1, count = 261 }",
            "a booking repeats at most 260 times",
        ),
        (
            "{ every_weeks = 1, until = 2032-01-07 }",
            "a booking repeats at most 260 times",
        ),
        (
            "{ every_days = 2, count = 3 }",
            "unknown field `every_days`",
        ),
    ] {
        let (got, line) = error_at(&booking(repeat));
        assert!(got.starts_with(message), "{repeat}: {got}");
        assert_eq!(line, 19, "{repeat}");
    }
    // `until` on the first day: one occurrence.
    let one = ok(&booking("{ every_weeks = 2, until = 2027-01-07 }"));
    assert_eq!(one.plan.bookings.len(), 1);
    // A repeat with a series label: the label is knead's to write.
    let text = format!(
        "{BASE}\n[[bookings]]\ndate = 2027-01-07\ntype = \"swedish\"\nrepeat = {{ every_weeks = 2, count = 2 }}\nseries = \"mine\"\n"
    );
    assert!(
        error_at(&text)
            .0
            .starts_with("a booking with `repeat` names its own series")
    );
}

#[test]
fn an_occurrence_on_a_booked_day_is_an_error_naming_both() {
    let text = format!(
        "{BASE}\n[[bookings]]\ndate = 2027-01-21\ntype = \"deep\"\n\n[[bookings]]\ndate = 2027-01-07\ntype = \"swedish\"\nrepeat = {{ every_weeks = 2, count = 4 }}\n"
    );
    let (message, line) = error_at(&text);
    assert_eq!(
        message,
        "the booking repeating every 2 weeks from 2027-01-07 falls on 2027-01-21, where a massage is already booked (line 17): knead plans at most one massage a day"
    );
    assert_eq!(line, 21);
}

#[test]
fn occurrences_on_closed_days_are_warnings() {
    let text = format!(
        "{}{COURSE}",
        with("[athlete.therapist]\nclosed = [2027-01-21]\n")
    );
    let parsed = ok(&text);
    assert_eq!(
        parsed.warnings,
        vec!["plan.toml:20:8: warning: the booking on 2027-01-21 (Thursday) falls on a day the therapist is closed".to_string()]
    );
}

#[test]
fn windows_and_series_round_trip_through_the_writer() {
    let plan = ok(&format!("{}{COURSE}", with(HOURS))).plan;
    let text = to_toml(&plan);
    assert!(
        text.contains("repeat = { every_weeks = 2, count = 4 }"),
        "{text}"
    );
    assert!(
        text.contains("repeat = { every_weeks = 1, count = 3 }"),
        "{text}"
    );
    assert!(text.contains("appointment_minutes = 90"), "{text}");
    assert!(
        text.contains(
            "[[athlete.therapist.hours]]\ndays = [\"sat\"]\nfrom = \"09:30\"\nto = \"13:00\""
        ),
        "{text}"
    );
    let again = ok(&text);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.plan, plan, "{text}");

    // One occurrence cancelled: the rest are written one by one, keeping their series.
    let mut cancelled = plan.clone();
    cancelled.bookings.remove(3); // 2027-01-21
    let text = to_toml(&cancelled);
    assert!(
        text.contains("series = \"every 2 weeks from 2027-01-07\""),
        "{text}"
    );
    assert!(
        text.contains("repeat = { every_weeks = 1, count = 3 }"),
        "{text}"
    );
    assert_eq!(ok(&text).plan, cancelled, "{text}");

    // A calendar's series, and a series of another type on its days.
    let mut other = plan.clone();
    other.bookings[0].series = Some("RRULE:FREQ=WEEKLY;BYDAY=TH from 2027-01-07".into());
    other.bookings[3].kind = MassageType::Deep;
    let text = to_toml(&other);
    assert_eq!(ok(&text).plan, other, "{text}");
}

#[test]
fn a_calendars_recurring_massage_names_its_series() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
        BEGIN:VEVENT\r\nUID:course-1\r\nDTSTART;TZID=Europe/London:20270107T180000\r\nDTEND;TZID=Europe/London:20270107T190000\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8\r\nSUMMARY:Swedish massage\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:course-2\r\nDTSTART;VALUE=DATE:20270105\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20270115\r\nSUMMARY:Deep tissue massage\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:once\r\nDTSTART;VALUE=DATE:20270110\r\nSUMMARY:ART session\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    let zone = TimeZone::get("Europe/London").unwrap();
    let window = (date(2027, 1, 1), date(2027, 1, 31));
    let read = import("course.ics", text, window, &zone, |_| {
        (WorkoutKind::Easy, None, None, false)
    })
    .unwrap();
    let got: Vec<(Date, MassageType, Option<&str>)> = read
        .bookings
        .iter()
        .map(|b| (b.date, b.kind, b.series.as_deref()))
        .collect();
    let fortnightly = Some("every 2 weeks from 2027-01-07");
    let rule = Some("RRULE:FREQ=WEEKLY;UNTIL=20270115;BYDAY=TU,FR from 2027-01-05");
    use MassageType::*;
    assert_eq!(
        got,
        vec![
            (date(2027, 1, 5), Deep, rule),
            (date(2027, 1, 7), Swedish, fortnightly),
            (date(2027, 1, 8), Deep, rule),
            (date(2027, 1, 10), Art, None),
            (date(2027, 1, 12), Deep, rule),
            (date(2027, 1, 15), Deep, rule),
            (date(2027, 1, 21), Swedish, fortnightly),
        ]
    );
}
