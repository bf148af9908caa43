//! Edge cases found by trying knead as a user would.

use jiff::civil::date;
use jiff::tz::TimeZone;
use knead_core::model::WorkoutKind;
use knead_formats::{ics, plan_file};

const ATHLETE: &str = "[athlete]\nname = \"E\"\ntime_zone = \"UTC\"\ncurrency = \"EUR\"\nmonthly_budget = 100\n[athlete.prices]\ndeep = 70\nart = 80\nswedish = 55\n";

#[test]
fn a_local_health_flag_needs_its_area() {
    let text = format!(
        "{ATHLETE}[[athlete.health]]\ncondition = \"acute-strain\"\nfrom = 2027-03-01\n[[workouts]]\ndate = 2027-03-02\nkind = \"easy\"\n"
    );
    let err = plan_file::parse("strain.toml", &text).unwrap_err();
    assert!(
        err.message().contains("needs an `area`"),
        "{}",
        err.message()
    );
    assert_eq!(
        err.line(),
        text.lines().position(|l| l.starts_with("from =")).unwrap() + 1
    );
}

#[test]
fn a_whole_body_flag_drops_an_area() {
    let text = format!(
        "{ATHLETE}[[athlete.health]]\ncondition = \"fever\"\narea = \"shins\"\nfrom = 2027-03-01\n[[workouts]]\ndate = 2027-03-02\nkind = \"easy\"\n"
    );
    let plan = plan_file::parse("fever.toml", &text).unwrap().plan;
    assert_eq!(plan.athlete.health[0].area, None);
}

#[test]
fn absurd_minutes_and_distances_are_refused() {
    for (field, value) in [
        ("minutes", "1e308"),
        ("minutes", "2000"),
        ("distance", "1e9"),
    ] {
        let text = format!(
            "{ATHLETE}[[workouts]]\ndate = 2027-03-02\nkind = \"easy\"\n{field} = {value}\n"
        );
        let err = plan_file::parse("big.toml", &text).unwrap_err();
        assert!(
            err.message().contains("expected at most") || err.message().contains("finite"),
            "{}",
            err.message()
        );
    }
}

#[test]
fn massage_guns_rollers_and_flush_runs_are_not_bookings() {
    let events = [
        ("Massage gun session", false),
        ("Foam roller + massage ball", false),
        ("Flush run 30 min", false),
        ("Flush massage", true),
        ("Sports massage", true),
        ("Art class", false),
        ("ART session", true),
    ];
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n");
    for (i, (title, _)) in events.iter().enumerate() {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART;VALUE=DATE:202703{:02}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n",
            i + 1
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let got = ics::import(
        "t.ics",
        &text,
        (date(2027, 3, 1), date(2027, 3, 31)),
        &TimeZone::UTC,
        |_| (WorkoutKind::Easy, None, None, false),
    )
    .unwrap();
    for (i, (title, booked)) in events.iter().enumerate() {
        let day = date(2027, 3, i as i8 + 1);
        assert_eq!(
            got.bookings.iter().any(|b| b.date == day),
            *booked,
            "{title}"
        );
    }
}

#[test]
fn a_fit_file_on_the_device_clock_gets_its_real_date() {
    // Forerunner 70: timestamps count from power-on; the activity message's
    // local time says 13 February 2012.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/fit/compressed-speed-distance.fit"
    );
    let a = &knead_formats::activity::read_file(std::path::Path::new(path))
        .unwrap()
        .activities[0];
    assert_eq!(a.start.to_string(), "2012-02-13T11:16:16Z");
    assert!((a.distance_m.unwrap() - 10_248.67).abs() < 0.01);
}
