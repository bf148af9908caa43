//! Calendar export: format details, a snapshot, and round trips through knead's
//! own calendar import.

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use knead_core::model::{MassageType, WorkoutKind};
use knead_formats::ics::{CalendarImport, import};
use knead_report::ics::{DayEvent, athlete_calendar_id, event_uid, uid, write_calendar};

fn event(kind: &str, day: Date, summary: &str, description: &str, categories: &[&str]) -> DayEvent {
    DayEvent {
        uid: uid(kind, day, "Jo Runner"),
        date: day,
        summary: summary.to_string(),
        description: description.to_string(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        slot: None,
    }
}

fn plan_events() -> Vec<DayEvent> {
    vec![
        event(
            "massage",
            date(2025, 3, 4),
            "Massage: deep tissue",
            "Book 60 min.\nNot within 48 h of speed work.",
            &["knead", "massage", "deep"],
        ),
        event(
            "self",
            date(2025, 3, 5),
            "Self-massage: foam roller, 10 min",
            "Calves; quads; IT band.",
            &["knead", "self-massage"],
        ),
        event(
            "aftercare",
            date(2025, 3, 5),
            "Aftercare: easy day",
            "",
            &["knead"],
        ),
        event(
            "massage",
            date(2025, 3, 6),
            "Massage: Active Release (ART)",
            "Shins",
            &[],
        ),
        event(
            "warning",
            date(2025, 3, 7),
            "No deep massage: race in 2 days",
            "",
            &["knead", "warning"],
        ),
    ]
}

/// Accepts every title as a run, so anything not filtered as knead's own would show.
fn any_title(_: &str) -> (WorkoutKind, Option<f64>, Option<f64>, bool) {
    (WorkoutKind::Easy, None, None, true)
}

fn reimport(text: &str) -> CalendarImport {
    let window = (date(2025, 1, 1), date(2025, 12, 31));
    import(
        "knead.ics",
        text,
        window,
        &TimeZone::get("Europe/Paris").unwrap(),
        any_title,
    )
    .expect("knead's export is an iCalendar")
}

/// Joins folded lines (CRLF followed by one space).
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

/// Reverses TEXT escaping.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn uid_is_kind_date_calendar_id_at_knead() {
    let jo = athlete_calendar_id("Jo Runner");
    assert_eq!(
        uid("massage", date(2025, 3, 4), "Jo Runner"),
        format!("massage-20250304-{jo}@knead")
    );
    let (slug, hash) = jo.rsplit_once('-').unwrap();
    assert_eq!(slug, "jo-runner");
    assert_eq!(hash.len(), 12);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(
        uid("self", date(2025, 12, 31), "  José O'Neil!! ")
            .starts_with("self-20251231-jos-o-neil-")
    );
    assert!(uid("warning", date(2025, 1, 2), "李").starts_with("warning-20250102-athlete-"));
}

#[test]
fn calendar_ids_are_stable_and_differ_for_names_without_latin_letters() {
    // FNV-1a (64 bits) of "Jo Runner", low 48 bits: fixed for ever.
    assert_eq!(athlete_calendar_id("Jo Runner"), "jo-runner-47d4480da22c");
    assert_eq!(
        athlete_calendar_id(" Jo Runner "),
        athlete_calendar_id("Jo Runner")
    );
    let names = [
        "山田太郎",
        "山田花子",
        "Иван",
        "Иванна",
        "李",
        "",
        "Jo Runner",
        "jo runner",
    ];
    let ids: std::collections::HashSet<String> =
        names.iter().map(|n| athlete_calendar_id(n)).collect();
    assert_eq!(ids.len(), names.len(), "{ids:?}");
    let day = date(2025, 3, 4);
    assert_ne!(uid("massage", day, "山田太郎"), uid("massage", day, "Иван"));
}

#[test]
fn an_explicit_calendar_id_is_kept_when_safe_and_hashed_when_not() {
    let day = date(2025, 3, 4);
    assert_eq!(
        event_uid("massage", day, "season-2025.s_42"),
        "massage-20250304-season-2025.s_42@knead"
    );
    assert_eq!(
        event_uid("massage", day, "saison été"),
        format!(
            "massage-20250304-{}@knead",
            athlete_calendar_id("saison été")
        )
    );
    assert_ne!(event_uid("self", day, "a b"), event_uid("self", day, "a;b"));
}

#[test]
fn old_and_new_uids_are_both_read_back_as_knead_events() {
    let old = DayEvent {
        uid: "massage-20250304-jo-runner@knead".into(),
        ..event(
            "massage",
            date(2025, 3, 4),
            "Massage: deep tissue",
            "",
            &["deep"],
        )
    };
    let old_self = DayEvent {
        uid: "self-20250305-jo-runner@knead".into(),
        ..event("self", date(2025, 3, 5), "Self-massage", "", &[])
    };
    let mut events = vec![old, old_self];
    events.extend(plan_events());
    let back = reimport(&write_calendar("Jo", &events));
    let bookings: Vec<(Date, MassageType)> =
        back.bookings.iter().map(|b| (b.date, b.kind)).collect();
    assert_eq!(
        bookings,
        vec![
            (date(2025, 3, 4), MassageType::Deep),
            (date(2025, 3, 6), MassageType::Art)
        ],
        "the old and the new UID of one massage give one booking"
    );
    assert_eq!(back.own_events, 4);
    assert!(back.workouts.is_empty(), "{:?}", back.workouts);
}

#[test]
fn header_all_day_events_and_crlf() {
    let text = write_calendar("Jo's recovery", &plan_events());
    assert!(text.starts_with(
        "BEGIN:VCALENDAR\r\nPRODID:-//knead//knead planner//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Jo's recovery\r\n"
    ));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "every line ends with CRLF"
    );
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), 5);
    assert!(text.contains("DTSTART;VALUE=DATE:20250304\r\nDTEND;VALUE=DATE:20250305\r\n"));
    assert!(text.contains("DTSTAMP:20250304T000000Z\r\n"));
    assert!(text.contains("CATEGORIES:knead,massage,deep\r\n"));
    assert_eq!(
        text,
        write_calendar("Jo's recovery", &plan_events()),
        "deterministic"
    );
}

#[test]
fn text_is_escaped() {
    let e = event(
        "warning",
        date(2025, 3, 1),
        r"Rest; no massage, really \ ok",
        "a\r\nb",
        &["a,b"],
    );
    let text = write_calendar("a;b,c", &[e]);
    assert!(text.contains("X-WR-CALNAME:a\\;b\\,c\r\n"), "{text}");
    assert!(
        text.contains(r"SUMMARY:Rest\; no massage\, really \\ ok"),
        "{text}"
    );
    assert!(text.contains("DESCRIPTION:a\\nb\r\n"), "{text}");
    assert!(text.contains("CATEGORIES:a\\,b\r\n"), "{text}");
    let empty = write_calendar("x", &[event("self", date(2025, 3, 1), "S", " ", &[])]);
    assert!(!empty.contains("DESCRIPTION") && !empty.contains("CATEGORIES"));
}

#[test]
fn long_descriptions_fold_at_75_octets_and_unfold_to_the_same_text() {
    let description = "Foam roll calves, quads and IT band; 2 min each side.\nThen: \\stretch\\. "
        .repeat(4)
        + &"Épaule détendue, mollets souples — ça va mieux. 🏃‍♀️🦵 ランニングの後のマッサージ。"
            .repeat(3);
    let e = DayEvent {
        uid: "tempo-20250310-jo@example".into(),
        date: date(2025, 3, 10),
        summary: "Tempo run".into(),
        description: description.clone(),
        categories: vec![],
        slot: None,
    };
    let text = write_calendar("Jo", &[e]);
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "{lines:#?}");
    assert!(
        lines.iter().filter(|l| l.starts_with(' ')).count() >= 5,
        "folded many times"
    );
    let unfolded = unfold(&text);
    let line = unfolded
        .split("\r\n")
        .find_map(|l| l.strip_prefix("DESCRIPTION:"))
        .expect("DESCRIPTION");
    assert_eq!(unescape(line), description);
    // knead's own reader agrees.
    let back = reimport(&text);
    assert_eq!(back.workouts.len(), 1);
    assert_eq!(
        back.workouts[0].notes.as_deref(),
        Some(description.as_str())
    );
    assert_eq!(back.workouts[0].date, date(2025, 3, 10));
}

#[test]
fn massage_round_trip_gives_bookings_and_skips_own_events() {
    let text = write_calendar("Jo", &plan_events());
    let back = reimport(&text);
    let bookings: Vec<(Date, MassageType)> =
        back.bookings.iter().map(|b| (b.date, b.kind)).collect();
    assert_eq!(
        bookings,
        vec![
            (date(2025, 3, 4), MassageType::Deep),
            (date(2025, 3, 6), MassageType::Art)
        ]
    );
    assert_eq!(
        back.bookings[0].source,
        Some(uid("massage", date(2025, 3, 4), "Jo Runner"))
    );
    assert_eq!(back.own_events, 3, "self-massage, aftercare, warning");
    assert!(back.workouts.is_empty(), "{:?}", back.workouts);
    assert_eq!(back.ignored, 0);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);

    // The same export imported twice (two subscriptions, or a re-import) adds nothing.
    let twice = format!("{text}{text}");
    let again = reimport(&twice);
    assert_eq!(again.bookings, back.bookings);
}

#[test]
fn snapshot_of_a_small_calendar() {
    let text = write_calendar("Jo's recovery plan", &plan_events()[..3]);
    insta::assert_snapshot!(text.replace("\r\n", "\n"));
}
