//! Calendar import: real files from other programs (`fixtures/`) and small
//! calendars written here for the cases the fixtures do not cover.

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use knead_core::model::{MassageType, WorkoutKind};
use knead_formats::ics::{CalendarImport, Damage, IcsError, import, massage_kind};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/ics");

type Classified = (WorkoutKind, Option<f64>, Option<f64>, bool);

/// Recognises every non-empty title as an easy run (to count what the fixtures hold).
fn all(_title: &str) -> Classified {
    (WorkoutKind::Easy, None, None, true)
}

/// A small stand-in for knead's title classifier.
fn runs(title: &str) -> Classified {
    let t = title.to_lowercase();
    if t.contains("tempo") {
        (WorkoutKind::Tempo, None, Some(40.0), true)
    } else if t.contains("long") {
        (WorkoutKind::Long, Some(25.0), None, true)
    } else {
        (WorkoutKind::Easy, None, None, false)
    }
}

fn fixture(name: &str) -> String {
    let bytes = std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture exists");
    String::from_utf8_lossy(&bytes).into_owned()
}

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).expect("known zone")
}

fn wide() -> (Date, Date) {
    (date(2000, 1, 1), date(2030, 12, 31))
}

fn read(name: &str, window: (Date, Date), zone: &str) -> CalendarImport {
    import(name, &fixture(name), window, &tz(zone), all).expect("an iCalendar file")
}

/// Wraps VEVENT lines in a calendar with CRLF line ends.
fn cal(body: &str) -> String {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for line in body.lines() {
        s.push_str(line.trim_start_matches('|'));
        s.push_str("\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

fn dates(i: &CalendarImport) -> Vec<Date> {
    i.workouts.iter().map(|w| w.date).collect()
}

#[test]
fn every_fixture_reads_and_licence_files_are_not_calendars() {
    let mut calendars = 0;
    for entry in std::fs::read_dir(FIXTURES).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        let result = import(&name, &text, wide(), &tz("Europe/London"), all);
        if name.ends_with(".ics") {
            calendars += 1;
            assert!(result.is_ok(), "{name}: {result:?}");
        } else {
            let err = result.expect_err("a licence file is not a calendar");
            assert!(matches!(&err, IcsError::NotICalendar { line: 1, .. }));
            assert!(err.to_string().starts_with(&format!("{name}:1: ")), "{err}");
        }
    }
    assert_eq!(calendars, 13);
}

#[test]
fn not_a_calendar_is_an_error_naming_file_and_line() {
    let err = import("notes.txt", "hello\nworld\n", wide(), &tz("UTC"), all).unwrap_err();
    assert_eq!(
        err.to_string(),
        "notes.txt:1: not an iCalendar file: expected a `BEGIN:VCALENDAR` line"
    );
    assert!(import("empty.ics", "", wide(), &tz("UTC"), all).is_err());
}

#[test]
fn daily_recurrence_expands_over_the_window_only() {
    let i = read(
        "daily_recur.ics",
        (date(2012, 8, 10), date(2012, 8, 16)),
        "America/Los_Angeles",
    );
    assert_eq!(
        dates(&i),
        (10..=16).map(|d| date(2012, 8, d)).collect::<Vec<_>>()
    );
    assert!(i.workouts.iter().all(|w| w.minutes == Some(60.0)));
    assert!(
        i.workouts
            .iter()
            .all(|w| w.source.as_deref() == Some("tgh9qho17b07pk2n2ji3gluans@google.com"))
    );
    assert_eq!(i.ignored, 0);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);

    // Before DTSTART: nothing. Thirteen years later: every day of March.
    let before = read(
        "daily_recur.ics",
        (date(2012, 7, 1), date(2012, 7, 31)),
        "UTC",
    );
    assert!(before.workouts.is_empty());
    let later = read(
        "daily_recur.ics",
        (date(2025, 3, 1), date(2025, 3, 31)),
        "America/Los_Angeles",
    );
    assert_eq!(later.workouts.len(), 31);
    assert_eq!(later.workouts[0].date, date(2025, 3, 1));
}

#[test]
fn daily_recurrence_lands_on_the_plan_zone_date() {
    // 05:00 PDT is 12:00 UTC is 00:00 NZST the next day: each occurrence moves a day.
    let i = read(
        "daily_recur.ics",
        (date(2012, 8, 1), date(2012, 8, 3)),
        "Pacific/Auckland",
    );
    assert_eq!(dates(&i), vec![date(2012, 8, 2), date(2012, 8, 3)]);
    let la = read(
        "daily_recur.ics",
        (date(2012, 8, 1), date(2012, 8, 3)),
        "America/Los_Angeles",
    );
    assert_eq!(
        dates(&la),
        vec![date(2012, 8, 1), date(2012, 8, 2), date(2012, 8, 3)]
    );
}

#[test]
fn vtimezone_with_custom_id_places_the_new_york_event() {
    let london = read("america_new_york.ics", wide(), "Europe/London");
    assert_eq!(london.workouts.len(), 1);
    assert_eq!(london.workouts[0].date, date(2014, 8, 29));
    assert_eq!(london.workouts[0].minutes, Some(120.0));
    assert_eq!(
        london.workouts[0].title.as_deref(),
        Some("an event with a custom tz name")
    );
    assert_eq!(london.workouts[0].source.as_deref(), Some("noend123"));
    // 08:00 EDT is 00:00 NZST the next day.
    let auckland = read("america_new_york.ics", wide(), "Pacific/Auckland");
    assert_eq!(auckland.workouts[0].date, date(2014, 8, 30));
    assert!(auckland.warnings.is_empty(), "{:?}", auckland.warnings);
}

#[test]
fn bare_tzids_are_iana_names_and_rdate_periods_count() {
    let i = read("issue_722_missing_timezones.ics", wide(), "UTC");
    // DTSTART 08:00 New York, DTEND 08:00 Los Angeles: three hours.
    assert_eq!(dates(&i), vec![date(2014, 8, 29), date(2024, 9, 13)]);
    assert_eq!(i.workouts[0].minutes, Some(180.0));
    assert_eq!(i.workouts[1].minutes, Some(120.0), "RDATE period PT2H");
    assert_eq!(i.ignored, 1, "the untitled RECURRENCE-ID event");
    assert_eq!(i.warnings.len(), 2, "{:?}", i.warnings);
    assert!(
        i.warnings[0].starts_with("issue_722_missing_timezones.ics:15: "),
        "{:?}",
        i.warnings
    );
    assert!(i.warnings[0].contains("no DTSTART"));
    assert_eq!(
        i.warnings[1],
        "issue_722_missing_timezones.ics: 1 event(s) could not be read"
    );
    assert_eq!((i.unread_events, i.damaged), (1, None));
}

#[test]
fn unknown_tzid_falls_back_to_plan_zone_with_a_warning() {
    let text = cal("BEGIN:VEVENT
|UID:a
|DTSTART;TZID=Mars/Olympus_Mons:20250301T233000
|SUMMARY:Long run
|END:VEVENT
|BEGIN:VEVENT
|UID:b
|DTSTART;TZID=America/New_York:20250301T233000
|SUMMARY:Tempo run
|END:VEVENT");
    let i = import("x.ics", &text, wide(), &tz("Europe/London"), runs).unwrap();
    assert_eq!(i.workouts.len(), 2);
    let long = i
        .workouts
        .iter()
        .find(|w| w.kind == WorkoutKind::Long)
        .unwrap();
    assert_eq!(long.date, date(2025, 3, 1), "read as 23:30 London time");
    let tempo = i
        .workouts
        .iter()
        .find(|w| w.kind == WorkoutKind::Tempo)
        .unwrap();
    assert_eq!(
        tempo.date,
        date(2025, 3, 2),
        "23:30 New York is 04:30 London"
    );
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
    assert!(i.warnings[0].starts_with("x.ics:4: unknown time zone \"Mars/Olympus_Mons\""));
    assert!(i.warnings[0].contains("Europe/London"));
}

#[test]
fn outlook_windows_zone_names_resolve() {
    let text = cal("BEGIN:VTIMEZONE
|TZID:W. Europe Standard Time
|BEGIN:STANDARD
|DTSTART:16010101T030000
|TZOFFSETFROM:+0200
|TZOFFSETTO:+0100
|RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
|END:STANDARD
|BEGIN:DAYLIGHT
|DTSTART:16010101T020000
|TZOFFSETFROM:+0100
|TZOFFSETTO:+0200
|RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
|END:DAYLIGHT
|END:VTIMEZONE
|BEGIN:VEVENT
|UID:040000008200E00074C5B7101A82E008
|DTSTART;TZID=W. Europe Standard Time:20250302T003000
|DTEND;TZID=W. Europe Standard Time:20250302T013000
|SUMMARY:Long run
|END:VEVENT");
    let i = import("outlook.ics", &text, wide(), &tz("Europe/London"), runs).unwrap();
    assert_eq!(i.workouts.len(), 1);
    assert_eq!(
        i.workouts[0].date,
        date(2025, 3, 1),
        "00:30 Berlin is 23:30 London"
    );
    assert_eq!(i.workouts[0].minutes, Some(60.0));
    assert_eq!(i.workouts[0].distance_km, Some(25.0));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn floating_and_utc_times() {
    let text = cal("BEGIN:VEVENT
|UID:float
|DTSTART:20250301T233000
|SUMMARY:Tempo floating
|END:VEVENT
|BEGIN:VEVENT
|UID:utc
|DTSTART:20250301T233000Z
|SUMMARY:Long utc
|END:VEVENT");
    let i = import("t.ics", &text, wide(), &tz("Pacific/Auckland"), runs).unwrap();
    let by = |k| i.workouts.iter().find(|w| w.kind == k).unwrap().date;
    assert_eq!(
        by(WorkoutKind::Tempo),
        date(2025, 3, 1),
        "floating: the written date"
    );
    assert_eq!(
        by(WorkoutKind::Long),
        date(2025, 3, 2),
        "23:30Z is 12:30 NZDT next day"
    );
    // No DTEND or DURATION: the title's minutes are kept.
    let tempo = i
        .workouts
        .iter()
        .find(|w| w.kind == WorkoutKind::Tempo)
        .unwrap();
    assert_eq!(tempo.minutes, Some(40.0));
}

#[test]
fn bom_files_read() {
    let i = read("bom_calendar.ics", wide(), "UTC");
    assert_eq!(
        (i.workouts.len(), i.bookings.len(), i.warnings.len()),
        (0, 0, 0)
    );
    let text = format!(
        "\u{feff}{}",
        cal(
            "BEGIN:VEVENT\n|UID:b\n|DTSTART;VALUE=DATE:20250301\n|SUMMARY:Sports massage\n|END:VEVENT"
        )
    );
    let i = import("bom.ics", &text, wide(), &tz("UTC"), all).unwrap();
    assert_eq!(i.bookings.len(), 1);
    assert_eq!(i.bookings[0].date, date(2025, 3, 1));
}

#[test]
fn google_all_day_event_keeps_its_date_in_every_zone() {
    for zone in ["Pacific/Auckland", "America/Los_Angeles", "UTC"] {
        let i = read("only_dtstart_date.ics", wide(), zone);
        assert_eq!(dates(&i), vec![date(2012, 6, 30)], "{zone}");
        assert_eq!(i.workouts[0].minutes, None, "all-day has no duration");
    }
    let outside = read(
        "only_dtstart_date.ics",
        (date(2012, 7, 1), date(2012, 7, 31)),
        "UTC",
    );
    assert_eq!(
        (outside.workouts.len(), outside.ignored),
        (0, 0),
        "outside the window: not counted"
    );
}

#[test]
fn duration_instead_of_dtend() {
    // DURATION:P1D is not a workout length (12 hours or more).
    let i = read("duration_instead_of_dtend.ics", wide(), "Europe/London");
    assert_eq!(dates(&i), vec![date(2012, 6, 30)]);
    assert_eq!(i.workouts[0].minutes, None);
    let text = cal("BEGIN:VEVENT
|UID:d
|DTSTART:20250301T070000Z
|DURATION:PT45M
|SUMMARY:Tempo
|END:VEVENT");
    let i = import("d.ics", &text, wide(), &tz("UTC"), runs).unwrap();
    assert_eq!(
        i.workouts[0].minutes,
        Some(45.0),
        "event duration wins over the title"
    );
}

#[test]
fn rrule_with_count_and_invalid_rrule() {
    let i = read("issue_1081_event_with_rrule.ics", wide(), "UTC");
    assert_eq!(
        dates(&i),
        (1..=10).map(|d| date(2025, 1, d)).collect::<Vec<_>>()
    );
    let part = read(
        "issue_1081_event_with_rrule.ics",
        (date(2025, 1, 5), date(2025, 1, 31)),
        "UTC",
    );
    assert_eq!(part.workouts.len(), 6);

    let bad = read("issue_1081_invalid_rrule_freq.ics", wide(), "UTC");
    assert_eq!(dates(&bad), vec![date(2025, 1, 1)], "read once, on DTSTART");
    assert_eq!(bad.warnings.len(), 1);
    assert!(
        bad.warnings[0].starts_with("issue_1081_invalid_rrule_freq.ics:4: "),
        "{:?}",
        bad.warnings
    );
    assert!(bad.warnings[0].contains("RRULE"));
}

#[test]
fn broken_and_empty_calendars_recover() {
    let broken = read("broken_ical.ics", wide(), "UTC");
    assert_eq!(dates(&broken), vec![date(2014, 4, 9)]);
    assert_eq!(
        broken.workouts[0].title.as_deref(),
        Some("An Event with too many semicolons")
    );

    let bad = read("big_bad_calendar.ics", wide(), "UTC");
    assert!(bad.workouts.is_empty() && bad.bookings.is_empty());
    assert_eq!(
        bad.warnings.len(),
        22,
        "the missing END:VCALENDAR, one per event without DTSTART, the count"
    );
    assert_eq!(
        bad.warnings[0],
        "big_bad_calendar.ics:1: VCALENDAR begun here has no END:VCALENDAR; the file seems cut short"
    );
    assert!(
        bad.warnings[1].starts_with("big_bad_calendar.ics:2: "),
        "{:?}",
        bad.warnings[1]
    );
    assert!(
        bad.warnings[20].starts_with("big_bad_calendar.ics:40: "),
        "{:?}",
        bad.warnings[20]
    );
    assert_eq!(
        bad.warnings[21],
        "big_bad_calendar.ics: 20 event(s) could not be read"
    );
    assert_eq!(bad.unread_events, 20);
    assert_eq!(
        bad.damaged,
        Some(Damage {
            line: 1,
            unread_events: 0
        })
    );

    let blank = read("blank_line_mid.ics", wide(), "UTC");
    assert_eq!((blank.workouts.len(), blank.ignored), (0, 0));
}

#[test]
fn two_rrules_are_both_followed_until_until() {
    // Weekly on Mondays plus every Sunday, until 2012-07-30 06:59:59Z.
    let i = read(
        "multiple_rrules.ics",
        (date(2012, 7, 1), date(2012, 7, 31)),
        "America/Los_Angeles",
    );
    let expect: Vec<Date> = [1, 2, 8, 9, 15, 16, 22, 23, 29]
        .iter()
        .map(|&d| date(2012, 7, d))
        .collect();
    assert_eq!(dates(&i), expect);
    assert!(i.workouts.iter().all(|w| w.minutes == Some(30.0)));
    assert_eq!(i.workouts[0].notes.as_deref(), Some("weekly 1on1"));
    // Not a run: the runner's classifier ignores it.
    let none = import(
        "m.ics",
        &fixture("multiple_rrules.ics"),
        wide(),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    assert!(none.workouts.is_empty());
    assert_eq!(none.ignored, 36);
}

#[test]
fn alarms_are_not_events() {
    let i = read("alarm_google_future.ics", wide(), "Europe/Berlin");
    assert_eq!(dates(&i), vec![date(2024, 10, 4)]);
    assert_eq!(i.workouts[0].minutes, Some(45.0));
}

#[test]
fn rdate_and_exdate_on_all_day_and_timed_events() {
    let text = cal("BEGIN:VEVENT
|UID:long@tp
|DTSTART;VALUE=DATE:20250301
|RRULE:FREQ=WEEKLY;COUNT=4
|EXDATE;VALUE=DATE:20250308
|RDATE;VALUE=DATE:20250304
|SUMMARY:Long run
|END:VEVENT
|BEGIN:VEVENT
|UID:easy@tp
|DTSTART;TZID=Europe/Berlin:20250310T070000
|DTEND;TZID=Europe/Berlin:20250310T075000
|RRULE:FREQ=DAILY;INTERVAL=2
|EXDATE;TZID=Europe/Berlin:20250312T070000,20250316T070000
|SUMMARY:Tempo run
|END:VEVENT");
    let window = (date(2025, 3, 1), date(2025, 3, 20));
    let i = import("tp.ics", &text, window, &tz("Europe/Berlin"), runs).unwrap();
    let long: Vec<Date> = i
        .workouts
        .iter()
        .filter(|w| w.kind == WorkoutKind::Long)
        .map(|w| w.date)
        .collect();
    assert_eq!(
        long,
        vec![
            date(2025, 3, 1),
            date(2025, 3, 4),
            date(2025, 3, 15),
            date(2025, 3, 22)
        ]
        .into_iter()
        .filter(|d| *d <= window.1)
        .collect::<Vec<_>>()
    );
    let tempo: Vec<Date> = i
        .workouts
        .iter()
        .filter(|w| w.kind == WorkoutKind::Tempo)
        .map(|w| w.date)
        .collect();
    assert_eq!(
        tempo,
        vec![
            date(2025, 3, 10),
            date(2025, 3, 14),
            date(2025, 3, 18),
            date(2025, 3, 20)
        ]
    );
    assert!(
        i.workouts
            .iter()
            .filter(|w| w.kind == WorkoutKind::Tempo)
            .all(|w| w.minutes == Some(50.0))
    );
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn massages_are_recognised_by_keyword() {
    let events = [
        ("Sports massage", Some(MassageType::Deep)),
        ("Deep tissue with Anna", Some(MassageType::Deep)),
        ("MASSAGE", Some(MassageType::Deep)),
        ("ART session", Some(MassageType::Art)),
        ("Active release therapy (calves)", Some(MassageType::Art)),
        ("Swedish massage", Some(MassageType::Swedish)),
        ("Relaxing massage", Some(MassageType::Swedish)),
        ("Light massage before race", Some(MassageType::Swedish)),
        ("Leg flush", Some(MassageType::Swedish)),
        ("Start of season party", None),
        ("Art class", None),
        ("Smart trainer setup", None),
        ("Self-massage with roller", None),
        ("Team meeting", None),
    ];
    for (title, kind) in events {
        assert_eq!(massage_kind(title), kind, "{title}");
    }
}

#[test]
fn bookings_workouts_and_ignored_events() {
    let text = cal("BEGIN:VEVENT
|UID:m1@google.com
|DTSTART:20250303T170000Z
|DTEND:20250303T180000Z
|SUMMARY:Sports massage
|END:VEVENT
|BEGIN:VEVENT
|UID:m2@google.com
|DTSTART;VALUE=DATE:20250303
|SUMMARY:Deep tissue massage (reminder)
|END:VEVENT
|BEGIN:VEVENT
|UID:m3@google.com
|DTSTART;VALUE=DATE:20250305
|SUMMARY:ART – left shin
|END:VEVENT
|BEGIN:VEVENT
|UID:p@google.com
|DTSTART;VALUE=DATE:20250306
|SUMMARY:Start of season party
|END:VEVENT
|BEGIN:VEVENT
|UID:b@google.com
|DTSTART;VALUE=DATE:20250307
|RRULE:FREQ=YEARLY
|SUMMARY:Mum's birthday
|END:VEVENT
|BEGIN:VEVENT
|UID:r@google.com
|DTSTART;VALUE=DATE:20250308
|SUMMARY:Run with Sam
|DESCRIPTION:Meet at the park\\, 8am
|END:VEVENT
|BEGIN:VEVENT
|UID:t@google.com
|DTSTART;VALUE=DATE:20250309
|SUMMARY:Tempo 8 km
|END:VEVENT
|BEGIN:VEVENT
|UID:t2@google.com
|DTSTART;VALUE=DATE:20250309
|SUMMARY:Tempo 8 km
|END:VEVENT
|BEGIN:VEVENT
|UID:c@google.com
|DTSTART;VALUE=DATE:20250310
|STATUS:CANCELLED
|SUMMARY:Sports massage
|END:VEVENT");
    let i = import(
        "g.ics",
        &text,
        (date(2025, 3, 1), date(2025, 3, 31)),
        &tz("Europe/London"),
        runs,
    )
    .unwrap();
    let bookings: Vec<(Date, MassageType)> = i.bookings.iter().map(|b| (b.date, b.kind)).collect();
    assert_eq!(
        bookings,
        vec![
            (date(2025, 3, 3), MassageType::Deep),
            (date(2025, 3, 5), MassageType::Art)
        ]
    );
    assert_eq!(i.bookings[0].source.as_deref(), Some("m1@google.com"));
    assert_eq!(i.workouts.len(), 2, "{:?}", i.workouts);
    let run = &i.workouts[0];
    assert_eq!((run.date, run.kind), (date(2025, 3, 8), WorkoutKind::Easy));
    assert_eq!(run.title.as_deref(), Some("Run with Sam"));
    assert_eq!(run.notes.as_deref(), Some("Meet at the park, 8am"));
    assert_eq!(run.source.as_deref(), Some("r@google.com"));
    assert_eq!(
        (i.workouts[1].date, i.workouts[1].kind),
        (date(2025, 3, 9), WorkoutKind::Tempo)
    );
    assert_eq!(i.ignored, 3, "party, birthday, cancelled massage");
    assert_eq!(i.own_events, 0);
}

#[test]
fn knead_own_export_is_recognised() {
    let text = cal("BEGIN:VEVENT
|UID:massage-20250304-jo-runner@knead
|DTSTART;VALUE=DATE:20250304
|SUMMARY:Massage: Swedish (light)
|END:VEVENT
|BEGIN:VEVENT
|UID:massage-20250306-jo-runner@knead
|DTSTART;VALUE=DATE:20250306
|SUMMARY:Book a session
|CATEGORIES:knead,art
|END:VEVENT
|BEGIN:VEVENT
|UID:self-20250305-jo-runner@knead
|DTSTART;VALUE=DATE:20250305
|SUMMARY:Self-massage: foam roller, 10 min
|END:VEVENT
|BEGIN:VEVENT
|UID:warning-20250307-jo-runner@knead
|DTSTART;VALUE=DATE:20250307
|SUMMARY:No deep massage: race in 2 days
|END:VEVENT");
    let i = import("k.ics", &text, wide(), &tz("UTC"), all).unwrap();
    let bookings: Vec<(Date, MassageType)> = i.bookings.iter().map(|b| (b.date, b.kind)).collect();
    assert_eq!(
        bookings,
        vec![
            (date(2025, 3, 4), MassageType::Swedish),
            (date(2025, 3, 6), MassageType::Art)
        ]
    );
    assert_eq!(i.own_events, 2);
    assert!(i.workouts.is_empty());
    assert_eq!(i.ignored, 0);
}

#[test]
fn folded_lines_crlf_and_repeated_files_do_not_duplicate() {
    let one = "BEGIN:VEVENT\r\nUID:f@x\r\nDTSTART;VALUE=DATE:20250301\r\nSUMMARY:Sports mas\r\n sage with a very long title that an old client folded across\r\n  lines\r\nEND:VEVENT\r\n";
    let text = format!(
        "BEGIN:VCALENDAR\r\n\r\n{one}{one}END:VCALENDAR\r\nBEGIN:VCALENDAR\r\n{one}END:VCALENDAR\r\n"
    );
    let i = import("f.ics", &text, wide(), &tz("UTC"), all).unwrap();
    assert_eq!(i.bookings.len(), 1);
    assert_eq!(i.bookings[0].kind, MassageType::Deep);
    // Same title on one day twice: one workout.
    let w = "BEGIN:VEVENT\nUID:w\nDTSTART:20250302T060000Z\nSUMMARY:Tempo\nEND:VEVENT\n";
    let text = format!(
        "BEGIN:VCALENDAR\n{w}{}END:VCALENDAR\n",
        w.replace("UID:w", "UID:w2")
    );
    let i = import("w.ics", &text, wide(), &tz("UTC"), runs).unwrap();
    assert_eq!(i.workouts.len(), 1);
}

#[test]
fn endless_fine_grained_rules_stay_bounded() {
    let text = cal("BEGIN:VEVENT
|UID:s
|DTSTART:20000101T000000Z
|RRULE:FREQ=SECONDLY
|SUMMARY:Tempo
|END:VEVENT
|BEGIN:VEVENT
|UID:c
|DTSTART:20250301T060000Z
|RRULE:FREQ=DAILY;COUNT=4000000000
|SUMMARY:Long run
|END:VEVENT");
    let start = std::time::Instant::now();
    let i = import(
        "s.ics",
        &text,
        (date(2025, 3, 1), date(2025, 3, 7)),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    assert!(start.elapsed().as_secs() < 20);
    assert_eq!(i.workouts.len(), 7, "the daily COUNT rule over one week");
    assert!(i.workouts.iter().all(|w| w.kind == WorkoutKind::Long));
    assert!(
        i.warnings.iter().any(|w| w.contains("recurs more than")),
        "{:?}",
        i.warnings
    );
    assert_eq!(i.rules_cut_off, 1, "the SECONDLY rule");
}

#[test]
fn a_file_that_spends_the_occurrence_budget_counts_each_rule_cut_once() {
    let text = recurring(30, "FREQ=SECONDLY");
    let i = import(
        "b.ics",
        &text,
        (date(2026, 1, 1), date(2026, 1, 2)),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    // 20 rules of 50,000 occurrences spend the file's 1,000,000; 10 are read once.
    assert_eq!(i.rules_cut_off, 30, "{:?}", i.warnings);
}

/// The first `lines` lines of `text`, each with its line end.
fn first_lines(text: &str, lines: usize) -> String {
    text.split_inclusive('\n').take(lines).collect()
}

/// A whole calendar of `n` massages on consecutive days from 2025-03-01.
fn massages(n: u32) -> String {
    let mut body = String::new();
    for k in 0..n {
        let day = date(2025, 3, 1)
            .checked_add(jiff::Span::new().days(i64::from(k)))
            .unwrap();
        body.push_str(&format!(
            "BEGIN:VEVENT\nUID:m{k}@x\nDTSTART;VALUE=DATE:{}\nSUMMARY:Sports massage\nEND:VEVENT\n",
            day.strftime("%Y%m%d")
        ));
    }
    cal(&body)
}

#[test]
fn whole_files_are_not_damaged() {
    for name in [
        "daily_recur.ics",
        "issue_722_missing_timezones.ics",
        "multiple_rrules.ics",
    ] {
        assert_eq!(read(name, wide(), "UTC").damaged, None, "{name}");
    }
    let i = import("m.ics", &massages(5), wide(), &tz("UTC"), all).unwrap();
    assert_eq!((i.bookings.len(), i.unread_events, i.damaged), (5, 0, None));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn a_calendar_cut_inside_an_event_names_the_event_and_counts_it() {
    // Five massages, 5 lines each after 3 header lines: event k begins on line 4 + 5k.
    let whole = massages(5);
    for (cut, line, read_back) in [(6, 4, 0), (10, 9, 1), (16, 14, 2), (27, 24, 4)] {
        let text = first_lines(&whole, cut);
        let i = import("calendar.ics", &text, wide(), &tz("UTC"), all).unwrap();
        assert_eq!(i.bookings.len(), read_back, "cut after line {cut}");
        assert_eq!(
            i.damaged,
            Some(Damage {
                line,
                unread_events: 1
            }),
            "cut after line {cut}"
        );
        assert_eq!(i.unread_events, 1);
        assert_eq!(
            i.warnings[0],
            format!(
                "calendar.ics:{line}: VEVENT begun here has no END:VEVENT; the file seems cut short"
            )
        );
        assert_eq!(
            i.warnings[1],
            "calendar.ics:1: VCALENDAR begun here has no END:VCALENDAR; the file seems cut short"
        );
        assert_eq!(
            i.warnings.last().unwrap(),
            "calendar.ics: 1 event(s) could not be read"
        );
    }
}

#[test]
fn a_calendar_cut_between_events_is_damaged_with_nothing_unread() {
    let text = first_lines(&massages(5), 13);
    let i = import("calendar.ics", &text, wide(), &tz("UTC"), all).unwrap();
    assert_eq!(i.bookings.len(), 2);
    assert_eq!(
        i.damaged,
        Some(Damage {
            line: 1,
            unread_events: 0
        })
    );
    assert_eq!(i.unread_events, 0);
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
}

#[test]
fn cut_real_fixtures_are_damaged() {
    for name in [
        "daily_recur.ics",
        "america_new_york.ics",
        "multiple_rrules.ics",
        "alarm_google_future.ics",
        "issue_722_missing_timezones.ics",
    ] {
        let whole = fixture(name);
        let begin = whole
            .lines()
            .position(|l| l.trim() == "BEGIN:VEVENT")
            .expect("an event");
        let end = whole
            .lines()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|l| l.trim() == "END:VCALENDAR")
            .expect("an end");
        // Inside the first event, before the last END:VEVENT, before END:VCALENDAR.
        for cut in [begin + 2, end - 1, end] {
            let text = first_lines(&whole, cut);
            let i = import(name, &text, wide(), &tz("UTC"), all).unwrap();
            let damage = i.damaged.unwrap_or_else(|| panic!("{name} cut at {cut}"));
            assert!(damage.line <= cut, "{name} cut at {cut}: {damage:?}");
            assert!(
                i.warnings[0].contains("the file seems cut short"),
                "{name}: {:?}",
                i.warnings
            );
        }
    }
}

#[test]
fn an_event_without_end_before_the_next_is_not_read() {
    let text = cal("BEGIN:VEVENT
|UID:a
|DTSTART;VALUE=DATE:20250301
|SUMMARY:Sports massage
|BEGIN:VEVENT
|UID:b
|DTSTART;VALUE=DATE:20250302
|SUMMARY:Swedish massage
|END:VEVENT");
    let i = import("x.ics", &text, wide(), &tz("UTC"), all).unwrap();
    assert_eq!(i.bookings.len(), 1);
    assert_eq!(i.bookings[0].kind, MassageType::Swedish);
    assert_eq!(
        i.damaged,
        Some(Damage {
            line: 4,
            unread_events: 1
        })
    );
    assert_eq!(
        i.warnings[0],
        "x.ics:4: VEVENT begun here has no END:VEVENT; line 8 begins another component first"
    );
}

#[test]
fn an_event_with_an_unreadable_dtstart_is_counted_and_named() {
    let text = cal("BEGIN:VEVENT
|UID:a
|DTSTART:2025-03-01 morning
|SUMMARY:Sports massage
|END:VEVENT
|BEGIN:VEVENT
|UID:b
|DTSTART;VALUE=DATE:20250302
|SUMMARY:Swedish massage
|END:VEVENT");
    let i = import("x.ics", &text, wide(), &tz("UTC"), all).unwrap();
    assert_eq!(i.bookings.len(), 1);
    assert_eq!((i.unread_events, i.damaged), (1, None));
    assert!(
        i.warnings[0].starts_with("x.ics:4: event \"Sports massage\""),
        "{:?}",
        i.warnings
    );
    assert_eq!(
        i.warnings.last().unwrap(),
        "x.ics: 1 event(s) could not be read"
    );
}

/// Real calendars, some with several events, recurrences and time zones.
const CUT_FIXTURES: &[&str] = &[
    "daily_recur.ics",
    "issue_722_missing_timezones.ics",
    "multiple_rrules.ics",
    "alarm_google_future.ics",
    "america_new_york.ics",
    "duration_instead_of_dtend.ics",
];

/// Whether `whole` cut after `cut` bytes reads like the whole file or says it
/// is damaged (or is no calendar at all, when `BEGIN:VCALENDAR` was cut).
fn read_whole_or_damaged(whole: &str, cut: usize) -> bool {
    let window = (date(2012, 6, 1), date(2025, 3, 31));
    let full = import("c.ics", whole, window, &tz("UTC"), all).expect("a calendar");
    let text = String::from_utf8_lossy(&whole.as_bytes()[..cut]).into_owned();
    match import("c.ics", &text, window, &tz("UTC"), all) {
        Ok(part) => part == full || part.damaged.is_some(),
        Err(IcsError::NotICalendar { .. }) => !text.lines().any(|l| l.trim() == "BEGIN:VCALENDAR"),
    }
}

#[test]
fn a_calendar_cut_at_every_byte_is_read_whole_or_said_damaged() {
    let whole = massages(4);
    for cut in 0..=whole.len() {
        assert!(read_whole_or_damaged(&whole, cut), "cut at byte {cut}");
    }
}

/// `n` events on consecutive days of 2025 with the RRULE `rule`.
fn recurring(n: usize, rule: &str) -> String {
    let mut body = String::new();
    for k in 0..n {
        body.push_str(&format!(
            "BEGIN:VEVENT\nUID:r{k}@x\nDTSTART:2025{:02}{:02}T070000Z\nRRULE:{rule}\nSUMMARY:Tempo run\nEND:VEVENT\n",
            1 + k % 12,
            1 + k % 28
        ));
    }
    cal(&body)
}

#[test]
fn rules_that_never_match_cost_nothing_and_say_so() {
    let text = recurring(1000, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31");
    let start = std::time::Instant::now();
    let i = import("n.ics", &text, wide(), &tz("UTC"), runs).unwrap();
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    assert!(i.workouts.is_empty());
    assert_eq!((i.rules_cut_off, i.unread_events), (0, 0));
    assert!(
        i.warnings[0].contains("never matches"),
        "{:?}",
        i.warnings[0]
    );
    // 30 April, and a MONTHLY rule whose INTERVAL never reaches its BYMONTH.
    for rule in [
        "FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31",
        "FREQ=MONTHLY;INTERVAL=12;BYMONTH=2",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30,31,-30",
    ] {
        let i = import("n.ics", &recurring(1, rule), wide(), &tz("UTC"), runs).unwrap();
        assert!(i.workouts.is_empty(), "{rule}");
        assert!(
            i.warnings[0].contains("never matches"),
            "{rule}: {:?}",
            i.warnings
        );
    }
}

#[test]
fn rules_that_seldom_match_are_read_up_to_a_limit_per_file() {
    // 29 February on a Monday: 2044, then 2072.
    let leap_monday = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO";
    let i = import(
        "s.ics",
        &recurring(20, leap_monday),
        wide(),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    assert_eq!(i.rules_cut_off, 12, "8 are read, 12 cut off");
    assert_eq!(i.unread_events, 12);
    let cut: Vec<&String> = i
        .warnings
        .iter()
        .filter(|w| w.contains("may seldom or never match"))
        .collect();
    assert_eq!(cut.len(), 12, "{:?}", i.warnings);
    assert!(cut[0].starts_with("s.ics:"), "{}", cut[0]);
    let far = (date(2044, 1, 1), date(2044, 12, 31));
    let one = import("s.ics", &recurring(1, leap_monday), far, &tz("UTC"), runs).unwrap();
    assert_eq!(dates(&one), vec![date(2044, 2, 29)]);
}

#[test]
fn outlook_last_weekday_rules_are_not_limited_per_file() {
    let text = recurring(20, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1");
    let window = (date(2025, 12, 1), date(2026, 3, 31));
    let i = import("o.ics", &text, window, &tz("UTC"), all).unwrap();
    assert_eq!(i.rules_cut_off, 0, "{:?}", i.warnings);
    let mut days = dates(&i);
    days.dedup();
    assert_eq!(
        days,
        vec![
            date(2025, 12, 31),
            date(2026, 1, 30),
            date(2026, 2, 27),
            date(2026, 3, 31)
        ]
    );
    // The tenth position of five weekdays a week may never come: limited.
    let rare = recurring(20, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=10");
    let r = import("r.ics", &rare, window, &tz("UTC"), all).unwrap();
    assert_eq!(r.rules_cut_off, 12);
}

#[test]
fn a_29_february_birthday_still_recurs() {
    let text = cal("BEGIN:VEVENT
|UID:leap
|DTSTART;VALUE=DATE:20240229
|RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29
|SUMMARY:Long run
|END:VEVENT");
    let i = import(
        "l.ics",
        &text,
        (date(2025, 1, 1), date(2032, 12, 31)),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    assert_eq!(dates(&i), vec![date(2028, 2, 29), date(2032, 2, 29)]);
    assert_eq!(i.rules_cut_off, 0);
}

#[test]
fn old_endless_rules_and_huge_counts_are_bounded_by_the_window() {
    let text = cal("BEGIN:VEVENT
|UID:d
|DTSTART;TZID=Europe/Berlin:19700101T063000
|RRULE:FREQ=DAILY
|SUMMARY:Tempo
|END:VEVENT
|BEGIN:VEVENT
|UID:c
|DTSTART:19700102T060000Z
|RRULE:FREQ=DAILY;COUNT=4000000000
|SUMMARY:Long run
|END:VEVENT
|BEGIN:VEVENT
|UID:h
|DTSTART:19700101T000000Z
|RRULE:FREQ=HOURLY;INTERVAL=5
|SUMMARY:Easy run
|END:VEVENT");
    let start = std::time::Instant::now();
    let i = import(
        "o.ics",
        &text,
        (date(2025, 3, 1), date(2025, 3, 7)),
        &tz("Europe/Berlin"),
        all,
    )
    .unwrap();
    assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
    let titles = |t: &str| {
        i.workouts
            .iter()
            .filter(|w| w.title.as_deref() == Some(t))
            .map(|w| w.date)
            .collect::<Vec<_>>()
    };
    let week: Vec<Date> = (1..=7).map(|d| date(2025, 3, d)).collect();
    assert_eq!(titles("Tempo"), week);
    assert_eq!(titles("Long run"), week);
    assert_eq!(titles("Easy run"), week);
    assert_eq!(i.rules_cut_off, 0);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn a_start_moved_to_the_window_avoids_daylight_saving_gaps_and_folds() {
    // 02:30 does not exist in Berlin on 2025-03-30 and comes twice on 2025-10-26;
    // windows opening three days later move DTSTART onto those days.
    for (from, to) in [
        (date(2025, 4, 2), date(2025, 4, 4)),
        (date(2025, 10, 29), date(2025, 10, 31)),
    ] {
        let text = cal("BEGIN:VEVENT
|UID:g
|DTSTART;TZID=Europe/Berlin:20200101T023000
|DTEND;TZID=Europe/Berlin:20200101T033000
|RRULE:FREQ=DAILY
|SUMMARY:Tempo
|END:VEVENT");
        let i = import("g.ics", &text, (from, to), &tz("Europe/Berlin"), runs).unwrap();
        assert_eq!(i.workouts.len(), 3, "{from}: {:?}", i.warnings);
        assert!(i.workouts.iter().all(|w| w.minutes == Some(60.0)));
        assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    }
}

#[test]
fn a_count_that_ends_before_the_window_still_ends_the_rule() {
    let text = cal("BEGIN:VEVENT
|UID:c
|DTSTART;VALUE=DATE:20250101
|RRULE:FREQ=WEEKLY;COUNT=3
|SUMMARY:Long run
|END:VEVENT");
    let i = import(
        "c.ics",
        &text,
        (date(2025, 1, 10), date(2025, 3, 1)),
        &tz("UTC"),
        runs,
    )
    .unwrap();
    assert_eq!(dates(&i), vec![date(2025, 1, 15)]);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VALARM",
        "END:VALARM",
        "BEGIN:VTIMEZONE",
        "END:VTIMEZONE",
        "UID:x",
        "UID:y@knead",
        "UID:massage-20250301-a@knead",
        "SUMMARY:Sports massage",
        "SUMMARY:Tempo run",
        "DTSTART:20250301T100000Z",
        "DTSTART;VALUE=DATE:20250301",
        "DTSTART;TZID=Nowhere:20250301T100000",
        "DTSTART:99991231T235959",
        "DTSTART:00000000",
        "DTEND:20250228T100000Z",
        "DURATION:-P1D",
        "DURATION:P99999W",
        "RRULE:FREQ=YEARLY;BYSETPOS=-1;BYDAY=MO",
        "RRULE:FREQ=DAILY;UNTIL=20000101",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=65535",
        "RRULE:FREQ=WEEKLY;BYDAY=5FR;COUNT=3",
        "RDATE;VALUE=PERIOD:20250301T100000Z/PT1H",
        "EXDATE:20250301T100000Z",
        "RECURRENCE-ID:20250301T100000Z",
        "STATUS:CANCELLED",
        " folded",
        "",
        ";;;",
        ":",
        "\u{feff}BEGIN:VCALENDAR",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn random_calendars(picks in proptest::collection::vec(0..LINES.len(), 0..40), noise in ".{0,20}") {
            let mut text = String::from("BEGIN:VCALENDAR\n");
            for p in picks {
                text.push_str(LINES[p]);
                text.push('\n');
            }
            text.push_str(&noise);
            let r = import("p.ics", &text, (date(2024, 1, 1), date(2026, 1, 1)), &tz("Europe/London"), all);
            prop_assert!(r.is_ok());
        }

        #[test]
        fn a_real_calendar_cut_anywhere_is_read_whole_or_said_damaged(
            pick in 0..CUT_FIXTURES.len(),
            fraction in 0.0..=1.0f64,
        ) {
            let whole = fixture(CUT_FIXTURES[pick]);
            let cut = ((whole.len() as f64) * fraction) as usize;
            prop_assert!(read_whole_or_damaged(&whole, cut), "{} cut at byte {cut}", CUT_FIXTURES[pick]);
        }

        #[test]
        fn a_narrow_window_sees_what_a_wide_one_sees(
            freq in 0..3usize,
            interval in 1..8u32,
            days in proptest::collection::btree_set(0..7usize, 0..4),
            hour in 0..24u32,
            from in 300..900i64,
            len in 1..60i64,
        ) {
            const FREQS: [&str; 3] = ["DAILY", "WEEKLY", "HOURLY"];
            const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
            let interval = if freq == 2 { interval * 5 } else { interval };
            let mut rule = format!("FREQ={};INTERVAL={interval}", FREQS[freq]);
            if !days.is_empty() {
                let names: Vec<&str> = days.iter().map(|&d| DAYS[d]).collect();
                rule.push_str(&format!(";BYDAY={}", names.join(",")));
            }
            let text = cal(&format!("BEGIN:VEVENT\n|UID:p\n|DTSTART;TZID=America/New_York:20230310T{hour:02}1500\n|RRULE:{rule}\n|SUMMARY:Tempo\n|END:VEVENT"));
            let zone = tz("Europe/London");
            let first = date(2023, 3, 1);
            let a = first.checked_add(jiff::Span::new().days(from)).unwrap();
            let b = a.checked_add(jiff::Span::new().days(len)).unwrap();
            let wide = import("w.ics", &text, (first, b), &zone, all).unwrap();
            let narrow = import("n.ics", &text, (a, b), &zone, all).unwrap();
            let expected: Vec<Date> = dates(&wide).into_iter().filter(|d| *d >= a).collect();
            prop_assert_eq!(dates(&narrow), expected, "{}", rule);
        }

        #[test]
        fn arbitrary_text(text in "\\PC{0,200}") {
            let r = import("a.ics", &text, (date(2024, 1, 1), date(2026, 1, 1)), &tz("UTC"), all);
            prop_assert_eq!(r.is_ok(), text.lines().any(|l| l.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case("BEGIN:VCALENDAR")));
        }
    }
}

#[test]
fn an_event_with_two_dtstarts_is_not_expanded_and_says_why() {
    // Found by the fuzzer: an unreadable first DTSTART left the weekly rule
    // unbounded (about a second of work for a 1 KB file).
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Easy run\r\nDTSTART;TZID=America/New_York;X:NOT-A-DATE\r\nRRULE:FREQ=WEEKLY\r\nDTSTART;TZID=America/Los_Angeles:20120326T110000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = import(
        "two.ics",
        text,
        (date(2024, 1, 1), date(2026, 12, 31)),
        &tz("UTC"),
        all,
    )
    .expect("a calendar");
    assert!(found.workouts.len() <= 1, "{}", found.workouts.len());
    assert!(
        found.warnings.iter().any(|w| w.contains("2 DTSTART lines")),
        "{:?}",
        found.warnings
    );
}

#[test]
fn a_recurrence_from_centuries_ago_is_not_walked() {
    // Found by the fuzzer: monthly rules from the year 1012 took about a second.
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Easy run\r\nDTSTART:10120502T181500Z\r\nRRULE:FREQ=MONTHLY;BYDAY=-1SU\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = import(
        "old.ics",
        text,
        (date(2024, 1, 1), date(2026, 12, 31)),
        &tz("UTC"),
        all,
    )
    .expect("a calendar");
    assert!(found.workouts.is_empty());
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.contains("from the year 1012")),
        "{:?}",
        found.warnings
    );
}
