//! The commands that bring the runner's own data in: templates, calendars,
//! activity files and training load, on real files written by other programs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn knead() -> Command {
    let mut c = Command::cargo_bin("knead").unwrap();
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000");
    c
}

fn fixtures(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(sub)
}

fn stdout_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn template_list_names_every_shipped_plan() {
    knead()
        .args(["template", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("higdon_nov_mara1"))
        .stdout(predicate::str::contains("hansons_beg_mara"))
        .stdout(predicate::str::contains("frr_5k_01"));
}

#[test]
fn template_json_ends_on_race_day() {
    let v = stdout_json(knead().args([
        "template",
        "higdon_nov_mara1",
        "--race",
        "2027-04-25",
        "--format",
        "json",
    ]));
    let w = v["workouts"].as_array().unwrap();
    assert_eq!(w.len(), 18 * 7);
    assert_eq!(w.last().unwrap()["date"], "2027-04-25");
    assert_eq!(w.last().unwrap()["kind"], "race");
    assert_eq!(w[0]["date"], "2026-12-21", "18 weeks back from race day");
    for x in w {
        for key in ["date", "kind", "title", "distance_km", "minutes"] {
            assert!(x.get(key).is_some(), "{key} present (null where unknown)");
        }
    }
    assert!(
        w.iter()
            .any(|x| x["kind"] == "long" && x["distance_km"].as_f64().unwrap() > 30.0)
    );
}

#[test]
fn template_toml_round_trips_into_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.toml");
    knead()
        .args([
            "template",
            "higdon_nov_half1",
            "--race",
            "2027-10-10",
            "--units",
            "mi",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    knead()
        .arg("plan")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("race Hal Higdon"));
}

#[test]
fn template_needs_a_race_and_a_known_name() {
    knead()
        .args(["template", "higdon_nov_mara1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--race"));
    knead()
        .args(["template", "no_such_plan", "--race", "2027-04-25"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no_such_plan"));
}

#[test]
fn plan_from_a_template_at_once() {
    let v = stdout_json(knead().args([
        "plan",
        "--template",
        "hansons_beg_mara",
        "--race",
        "2027-04-25",
        "--format",
        "json",
    ]));
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["type"] == "massage")
    );
    assert_eq!(
        v["to"], "2027-04-30",
        "window runs to the end of the post-marathon window"
    );
}

#[test]
fn calendar_import_brings_bookings_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("clinic.ics");
    std::fs::write(
        &cal,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a1\r\nDTSTART;VALUE=DATE:20270209\r\nSUMMARY:Sports massage\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a2\r\nDTSTART;VALUE=DATE:20270210\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = knead()
        .args(["plan", "--format", "json", "--calendar"])
        .arg(&cal)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 booked massage(s) imported; 1 other event(s) ignored"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let booked = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["date"] == "2027-02-09" && i["type"] == "massage")
        .expect("the booking is kept");
    assert_eq!(booked["booked"], true);
    assert_eq!(booked["kind"], "deep");
}

#[test]
fn reimporting_knead_s_own_export_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("knead.ics");
    knead()
        .args(["plan", "--format", "ics", "--out"])
        .arg(&cal)
        .assert()
        .success();
    let first = std::fs::read_to_string(&cal).unwrap();
    let again = knead()
        .args(["plan", "--format", "ics", "--calendar"])
        .arg(&cal)
        .output()
        .unwrap();
    let again = String::from_utf8(again.stdout).unwrap();
    let uids = |s: &str| {
        let mut v: Vec<String> = s
            .lines()
            .filter(|l| l.starts_with("UID:massage-"))
            .map(String::from)
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        uids(&first),
        uids(&again),
        "the same massages under the same UIDs"
    );
}

#[test]
fn a_real_calendar_file_imports() {
    knead()
        .arg("plan")
        .arg("--calendar")
        .arg(fixtures("ics/daily_recur.ics"))
        .assert()
        .success()
        .stderr(predicate::str::contains("daily_recur.ics"));
    knead()
        .arg("plan")
        .arg("--calendar")
        .arg(fixtures("ics/LICENSE-ical.js"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not an iCalendar file"));
}

#[test]
fn activities_json_has_the_documented_fields_and_device_totals() {
    let v = stdout_json(
        knead()
            .args(["activities", "--format", "json"])
            .arg(fixtures("fit/2013-02-06-12-11-14.fit")),
    );
    assert_eq!(v["format"], "knead-activities/1");
    let a = &v["activities"].as_array().unwrap()[0];
    assert_eq!(a["sport"], "run");
    assert_eq!(a["start"], "2013-02-06T12:11:14+00:00");
    assert!((a["distance_m"].as_f64().unwrap() - 4835.38).abs() < 0.01);
    assert!((a["elapsed_s"].as_f64().unwrap() - 2625.14).abs() < 0.01);
    assert_eq!(a["avg_hr"].as_f64().unwrap().round(), 147.0);
    assert_eq!(a["max_hr"].as_f64().unwrap().round(), 171.0);
    assert!(a["trimp"].as_f64().unwrap() > 0.0);
    for key in ["source", "moving_s", "ascent_m"] {
        assert!(a.get(key).is_some());
    }
}

#[test]
fn one_bad_file_never_sinks_the_batch() {
    let out = knead()
        .args(["activities", "--format", "csv"])
        .arg(fixtures("fit"))
        .arg(fixtures("tcx"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "bad files make the exit status non-zero"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.starts_with(
        "source,sport,start,elapsed_s,moving_s,distance_m,avg_hr,max_hr,ascent_m,trimp,trimp_method\n"
    ));
    assert!(
        stdout.lines().count() >= 10,
        "the good files imported: {stdout}"
    );
    assert!(stderr.contains("activity-filecrc.fit"), "{stderr}");
    assert!(stderr.contains("malformed.tcx"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bytes_after_a_fit_file_are_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.fit");
    let mut bytes = std::fs::read(fixtures("fit/garmin-fenix-5-run.fit")).unwrap();
    let end = bytes.len();
    bytes.extend_from_slice(b"junk");
    std::fs::write(&path, &bytes).unwrap();
    let out = knead()
        .args(["activities", "--format", "csv"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "warning: {}: 4 byte(s) after the FIT file's CRC (from byte {end}) ignored",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

fn december_runs() -> Vec<PathBuf> {
    [
        "2020-12-02T06_08_29-300_Running.tcx",
        "2020-12-04T19_09_21-300_Running.tcx",
        "2020-12-06T06_36_21-300_Running.tcx",
        "2020-12-08T06_36_12-300_Running.tcx",
    ]
    .iter()
    .map(|f| fixtures("tcx").join(f))
    .collect()
}

#[test]
fn load_series_in_every_format() {
    let v = stdout_json(
        knead()
            .args(["load", "--format", "json"])
            .args(december_runs()),
    );
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.first().unwrap()["date"], "2020-12-02");
    assert_eq!(days.len(), 7, "2 to 8 December");
    for d in days {
        for key in ["date", "load", "ctl", "atl", "tsb"] {
            assert!(d[key].is_number() || key == "date");
        }
    }
    assert_eq!(
        days[0]["tsb"], 0.0,
        "form is yesterday's fitness minus fatigue"
    );
    knead()
        .args(["load", "--format", "csv"])
        .args(december_runs())
        .assert()
        .stdout(predicate::str::starts_with("date,load,ctl,atl,tsb\n"));
    let svg = knead()
        .args(["load", "--format", "svg"])
        .args(december_runs())
        .output()
        .unwrap();
    let svg = String::from_utf8(svg.stdout).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Training load, 2020-12-02 to 2020-12-08"));
    assert!(svg.contains("CTL") && svg.contains("ATL") && svg.contains("TSB"));
}

/// A GPX run of `minutes` starting at 07:00 UTC on `day`, at 3 m/s northwards.
fn gpx_run(day: jiff::civil::Date, minutes: i64) -> String {
    let start = day.at(7, 0, 0, 0).in_tz("UTC").unwrap().timestamp();
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..=(minutes * 6) {
        let t = start + jiff::SignedDuration::from_secs(i * 10);
        // 30 m every 10 s is 3 m/s; a degree of latitude is about 111.2 km.
        let lat = 45.0 + (i as f64 * 30.0) / 111_195.0;
        s.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"7.0\"><time>{t}</time></trkpt>\n"
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

#[test]
fn history_marks_hard_days_for_the_scheduler() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    std::fs::create_dir(&history).unwrap();
    // Eight weeks of daily 30-minute runs, then a week of 150-minute runs:
    // long sessions (hard at once) and a fatigue that drives form down.
    let first = jiff::civil::date(2020, 10, 1);
    for n in 0..63 {
        let day = first.checked_add(jiff::Span::new().days(n)).unwrap();
        let minutes = if n >= 56 { 150 } else { 30 };
        std::fs::write(
            history.join(format!("run-{n:02}.gpx")),
            gpx_run(day, minutes),
        )
        .unwrap();
    }
    let plan = dir.path().join("late.toml");
    let mut text = String::from(
        "[athlete]\nname = \"Ana\"\ntime_zone = \"UTC\"\ncurrency = \"BRL\"\nmonthly_budget = 1000\ntools = [\"foam-roller\"]\n[athlete.prices]\ndeep = 150\nart = 180\nswedish = 120\n[athlete.therapist]\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n",
    );
    for day in 26..=30 {
        text.push_str(&format!(
            "[[workouts]]\ndate = 2020-11-{day:02}\nkind = \"easy\"\nminutes = 40\n"
        ));
    }
    std::fs::write(&plan, text).unwrap();
    // Without history 27 November is an easy day like any other.
    let out = knead()
        .arg("explain")
        .arg(&plan)
        .arg("2020-11-27")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("hard day in your history")
    );
    // With the history, the 150-minute run that day makes it hard.
    let out = knead()
        .arg("explain")
        .arg(&plan)
        .arg("2020-11-27")
        .arg("--history")
        .arg(&history)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("deep: not allowed"), "{text}");
    assert!(text.contains("hard day in your history"), "{text}");
    let out = knead()
        .arg("plan")
        .arg(&plan)
        .args(["--format", "json", "--history"])
        .arg(&history)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("history: 63 activities from 2020-10-01 to 2020-12-02"),
        "{stderr}"
    );
    assert!(
        stderr.contains("lie outside it and change nothing"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Low form (TSB below -20) from the history is a reason for recovery, with its numbers.
    let low_form = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["reasons"].as_array().unwrap())
        .find(|r| r["rule_id"] == "L-FORM");
    let low_form = low_form.expect("a recovery item cites L-FORM");
    assert!(
        low_form["text"].as_str().unwrap().contains("TSB"),
        "{low_form}"
    );
}

#[test]
fn a_short_history_says_what_it_cannot_judge_yet() {
    let out = knead()
        .arg("plan")
        .args(
            december_runs()
                .iter()
                .flat_map(|r| [Path::new("--history"), r.as_path()]),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("history: 4 activities"), "{stderr}");
    assert!(
        stderr.contains("load spikes and low form are judged only after 42 days"),
        "{stderr}"
    );
}

#[test]
fn load_chart_marks_the_plan_s_races_and_massages() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("marks.toml");
    std::fs::write(
        &plan,
        "[athlete]\nname = \"Ana\"\ntime_zone = \"America/Sao_Paulo\"\ncurrency = \"BRL\"\nmonthly_budget = 1000\n[athlete.prices]\ndeep = 150\nart = 180\nswedish = 120\n[[workouts]]\ndate = 2020-12-02\nkind = \"easy\"\nminutes = 40\n[[races]]\ndate = 2020-12-06\nname = \"Night 10K\"\ndistance = \"10k\"\n[[bookings]]\ndate = 2020-12-03\ntype = \"swedish\"\n",
    )
    .unwrap();
    let out = knead()
        .args(["load", "--format", "svg", "--plan"])
        .arg(&plan)
        .args(december_runs())
        .output()
        .unwrap();
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.contains("Night 10K"), "race marked");
    assert!(svg.contains("Swedish (light)"), "massage marked");
}
