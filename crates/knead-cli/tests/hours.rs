//! `knead` end to end with time windows and repeating bookings: `check` in
//! its three formats, and `plan` naming slots in text and the calendar.

use assert_cmd::Command;

fn knead() -> Command {
    let mut c = Command::cargo_bin("knead").expect("binary built");
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000");
    c
}

/// Runs `args` on a plan file holding `text`; checks the exit status and
/// returns standard output.
fn run(text: &str, args: &[&str], code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    let out = knead()
        .arg(args[0])
        .arg(&path)
        .args(&args[1..])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// A fortnightly Swedish course across a marathon, weekday evenings free.
fn plan() -> String {
    let mut text = String::from(
        r#"
[athlete]
name = "Kim"
time_zone = "Europe/Berlin"
currency = "EUR"
monthly_budget = 200

[athlete.prices]
deep = 70
art = 80
swedish = 55

[athlete.therapist]

[[athlete.therapist.hours]]
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
from = "09:00"
to = "19:00"

[[athlete.free]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "17:30"
to = "21:00"

[[races]]
date = 2027-02-02
name = "Winter Marathon"
distance = "marathon"

[[bookings]]
date = 2027-01-07
type = "swedish"
repeat = { every_weeks = 2, count = 5 }
"#,
    );
    for i in 0..70 {
        let day = jiff::civil::date(2027, 1, 4).saturating_add(jiff::ToSpan::days(i));
        text.push_str(&format!("\n[[workouts]]\ndate = {day}\nkind = \"easy\"\n"));
    }
    text
}

const LINE: &str = "2027-02-04  R-POST-RACE      [C] swedish massage (every 2 weeks from 2027-01-07): only 2 day(s) after Winter Marathon (42.2 km); wait at least 3 days; try Fri 5 Feb instead";

#[test]
fn check_names_the_occurrence_and_offers_a_day() {
    let out = run(&plan(), &["check"], 1);
    assert!(out.starts_with(LINE), "{out}");
    let md = run(&plan(), &["check", "--format", "markdown"], 1);
    assert!(md.starts_with("# Check of the booked massages\n"), "{md}");
    assert!(md.contains("| try Fri 5 Feb instead |"), "{md}");
    let json = run(&plan(), &["check", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["violations"][0]["alternative"], "2027-02-05");
    assert_eq!(
        v["violations"][0]["series"],
        "every 2 weeks from 2027-01-07"
    );
}

#[test]
fn plan_names_the_slot_and_the_calendar_is_timed() {
    let text = run(&plan(), &["plan"], 0);
    assert!(text.contains(" 17:30-18:30 (Europe/Berlin)\n"), "{text}");
    let ics = run(&plan(), &["plan", "--format", "ics"], 0);
    assert!(ics.contains("DTSTART;TZID=Europe/Berlin:"), "{ics}");
    assert!(ics.contains("T173000\r\n"), "{ics}");
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
        "{ics}"
    );
}

#[test]
fn an_overnight_window_is_an_error_with_its_line() {
    let text = plan().replace("to = \"21:00\"", "to = \"02:00\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    let err = knead()
        .arg("check")
        .arg(&path)
        .assert()
        .code(3)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("plan.toml:23:6"), "{err}");
    assert!(
        err.contains("`from` 17:30 must be before `to` 02:00"),
        "{err}"
    );
}
