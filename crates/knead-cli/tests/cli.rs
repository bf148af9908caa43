//! The `knead` binary end to end: every command, the output formats, and the
//! bad-input paths.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn knead() -> Command {
    let mut c = Command::cargo_bin("knead").expect("binary built");
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000");
    c
}

/// Runs `cmd`, checks its exit status, and returns what it printed.
fn stdout(cmd: &mut Command, code: i32) -> Vec<u8> {
    cmd.assert().code(code).get_output().stdout.clone()
}

/// The built-in example as a plan file in `dir`.
fn example(dir: &Path) -> std::path::PathBuf {
    write(dir, "example.toml", knead_formats::example::MARATHON_TOML)
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A small clean plan: two weeks, one half marathon, no bookings.
const SMALL: &str = r#"
[athlete]
name = "Kim"
time_zone = "Europe/Berlin"
currency = "EUR"
monthly_budget = 200
tools = ["foam-roller", "ball"]
[athlete.prices]
deep = 70
art = 80
swedish = 55

[[workouts]]
date = 2027-05-03
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-04
kind = "intervals"
minutes = 50
[[workouts]]
date = 2027-05-05
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-06
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-08
kind = "long"
minutes = 120
[[workouts]]
date = 2027-05-10
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-11
kind = "tempo"
minutes = 45
[[workouts]]
date = 2027-05-13
kind = "easy"
minutes = 30

[[races]]
date = 2027-05-16
name = "Lake Half"
distance = "half"
priority = "A"
"#;

#[test]
fn plan_without_a_file_runs_the_built_in_example() {
    knead()
        .arg("plan")
        .assert()
        .success()
        .stdout(predicate::str::contains("Week 18"))
        .stdout(predicate::str::contains("massage: Active Release (ART)"))
        .stdout(predicate::str::contains("T-ART"))
        .stdout(predicate::str::contains("R-HYDRATE drink to thirst"))
        .stderr(predicate::str::contains("built-in example"));
}

#[test]
fn plan_json_is_documented_shape_and_every_massage_has_reasons() {
    let out = stdout(knead().args(["plan", "--format", "json"]), 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["format"], "knead-schedule/2");
    assert_eq!(v["from"], "2026-12-21");
    let items = v["items"].as_array().unwrap();
    let massages: Vec<_> = items.iter().filter(|i| i["type"] == "massage").collect();
    assert!(massages.len() >= 4, "a season has several massages");
    for m in &massages {
        assert!(["deep", "art", "swedish"].contains(&m["kind"].as_str().unwrap()));
        assert!(!m["reasons"].as_array().unwrap().is_empty());
        for r in m["reasons"].as_array().unwrap() {
            assert!(r["rule_id"].as_str().unwrap().contains('-'));
            assert!(["A", "B", "C", "D"].contains(&r["grade"].as_str().unwrap()));
        }
    }
    assert!(items.iter().any(|i| i["type"] == "self-massage"));
    assert!(items.iter().any(|i| i["type"] == "aftercare"));
    assert_eq!(v["blocking_alert"], false);
}

#[test]
fn ics_output_is_stable_and_has_reasons() {
    let a = stdout(knead().args(["plan", "--format", "ics"]), 0);
    let b = stdout(knead().args(["plan", "--format", "ics"]), 0);
    assert_eq!(a, b, "same plan, same calendar");
    let text = String::from_utf8(a).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains("UID:massage-"));
    // Stamped with the export time (SOURCE_DATE_EPOCH here): subscribed
    // calendars take a re-export's changes.
    assert!(text.contains("DTSTAMP:20270115T080000Z"));
    assert!(text.contains("SEQUENCE:3702720"));
    assert!(text.contains("@knead"));
    assert!(text.contains("DESCRIPTION:"));
    assert!(text.contains("R-POST-HARD"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
    }
}

#[test]
fn out_writes_a_file_atomically_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.md");
    knead()
        .args(["plan", "--format", "markdown", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Recovery plan for Alex Example"));
    assert!(md.contains("| Day | Training | Recovery | Why |"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn out_to_a_missing_folder_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("plan.ics");
    knead()
        .args(["plan", "--format", "ics", "--out"])
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("could not write"));
    assert!(!out.exists());
}

#[test]
fn plan_file_schedules_a_light_massage_before_the_a_race() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "small.toml", SMALL);
    let out = stdout(knead().arg("plan").arg(&plan).args(["--format", "json"]), 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let pre_race = v["items"].as_array().unwrap().iter().find(|i| {
        i["type"] == "massage" && (i["date"] == "2027-05-13" || i["date"] == "2027-05-14")
    });
    let pre_race = pre_race.expect("a massage 2-3 days before the A race");
    assert_eq!(pre_race["kind"], "swedish");
    assert!(
        pre_race["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule_id"] == "R-PRE-RACE-LIGHT")
    );
}

#[test]
fn budget_override_below_every_price_means_no_therapist_and_tool_advice() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "small.toml", SMALL);
    knead()
        .arg("plan")
        .arg(&plan)
        .args(["--budget", "20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 professional massage(s)"))
        .stdout(predicate::str::contains("below the cheapest massage"))
        .stdout(predicate::str::contains("massage stick (about 45 USD;"));
}

#[test]
fn check_passes_the_example_s_booking() {
    let dir = tempfile::tempdir().unwrap();
    knead()
        .arg("check")
        .arg(example(dir.path()))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 booked massage(s) checked: no rule broken.",
        ));
}

#[test]
fn check_lists_every_violation_with_date_rule_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{SMALL}\n[[bookings]]\ndate = 2027-05-04\ntype = \"deep\"\n[[bookings]]\ndate = 2027-05-13\ntype = \"deep\"\n[[bookings]]\ndate = 2027-05-17\ntype = \"swedish\"\n"
    );
    let plan = write(dir.path(), "booked.toml", &text);
    let out = stdout(knead().arg("check").arg(&plan), 1);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("2027-05-04  R-NOT-ADJACENT"), "{out}");
    assert!(out.contains("2027-05-13  R-PRE-RACE-DEEP"), "{out}");
    assert!(out.contains("2027-05-17  R-POST-RACE"), "{out}");
    let json = stdout(
        knead().arg("check").arg(&plan).args(["--format", "json"]),
        1,
    );
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["bookings"], 3);
    assert!(v["violations"].as_array().unwrap().len() >= 3);
}

#[test]
fn check_is_clean_without_bookings() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "small.toml", SMALL);
    knead()
        .arg("check")
        .arg(&plan)
        .assert()
        .success()
        .stdout(predicate::str::contains("no rule broken"));
}

#[test]
fn rules_lists_every_contract_id_and_filters_by_grade() {
    let out = stdout(knead().arg("rules"), 0);
    let out = String::from_utf8(out).unwrap();
    for id in [
        "T-DEEP",
        "T-ART",
        "T-SWEDISH",
        "R-NOT-ADJACENT",
        "R-POST-HARD",
        "R-POST-RACE",
        "R-PRE-RACE-DEEP",
        "R-PRE-RACE-LIGHT",
        "R-DAY-AFTER",
        "R-HYDRATE",
        "F-MIN",
        "F-MORE",
        "F-BUDGET",
        "A-FOAM",
        "A-STICK",
        "A-BALL",
        "B-ADHESIONS",
        "B-CIRCULATION",
        "B-PAIN",
        "B-RELAX",
        "B-DOMS",
        "C-LACTIC",
        "C-THERAPIST",
        "X-WARMUP",
        "X-GUN-PRE",
    ] {
        assert!(out.contains(id), "{id} missing");
    }
    assert!(out.contains("DISPUTED"));
    let d = stdout(knead().args(["rules", "--grade", "D"]), 0);
    let d = String::from_utf8(d).unwrap();
    assert!(d.contains("C-LACTIC") && d.contains("R-HYDRATE") && d.contains("B-CIRCULATION"));
    assert!(!d.contains("R-POST-HARD"));
    let json = stdout(
        knead().args(["rules", "--format", "json", "--grade", "d"]),
        0,
    );
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["format"], "knead-rules/1");
    for r in v["rules"].as_array().unwrap() {
        assert_eq!(r["grade"], "D");
        assert!(!r["references"].as_array().unwrap().is_empty());
    }
    knead()
        .args(["rules", "--grade", "E"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected A, B, C or D"));
    knead()
        .args(["rules", "--id", "c-lactic"])
        .assert()
        .success()
        .stdout(predicate::str::contains("conflict:"))
        .stdout(predicate::str::contains("DISPUTED"));
}

#[test]
fn explain_says_why_and_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path());
    let out = stdout(knead().arg("explain").arg(&plan).arg("2027-01-22"), 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("massage: deep tissue"), "{out}");
    assert!(out.contains("Why nothing else:"), "{out}");
    assert!(
        out.contains("nothing: allowed, but the best plan with it scores"),
        "{out}"
    );
    // A hard day: every type is blocked by a rule.
    let out = stdout(knead().arg("explain").arg(&plan).arg("2027-01-21"), 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("deep: not allowed"), "{out}");
    assert!(out.contains("R-NOT-ADJACENT"), "{out}");
    knead()
        .arg("explain")
        .arg(&plan)
        .arg("21/01/2027")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value '21/01/2027'"));
}

#[test]
fn bad_plan_file_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = SMALL.replace("kind = \"tempo\"", "kind = \"tempo run\"");
    let plan = write(dir.path(), "bad.toml", &bad);
    let line = bad.lines().position(|l| l.contains("tempo run")).unwrap() + 1;
    knead()
        .arg("plan")
        .arg(&plan)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(format!("bad.toml:{line}:")))
        .stderr(predicate::str::contains("tempo run"));
}

#[test]
fn missing_plan_file_is_a_clear_error() {
    knead()
        .args(["plan", "no-such-plan.toml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("could not read no-such-plan.toml"));
}

#[test]
fn from_after_to_is_refused() {
    knead()
        .args(["plan", "--from", "2027-03-01", "--to", "2027-02-01"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "ends (2027-02-01) before it starts (2027-03-01)",
        ));
}

#[test]
fn example_prints_a_plan_file_that_plans() {
    let out = stdout(knead().arg("example"), 0);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, out).unwrap();
    knead()
        .arg("plan")
        .arg(&plan)
        .assert()
        .success()
        .stdout(predicate::str::contains("Alex Example"));
}

/// Header and athlete only, for plans built in the tests below.
const ATHLETE: &str = r#"
[athlete]
name = "Ria"
time_zone = "Europe/Madrid"
currency = "EUR"
monthly_budget = 100
[athlete.prices]
deep = 70
art = 80
swedish = 55
[athlete.therapist]
weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"#;

#[test]
fn a_race_written_only_as_a_workout_still_gets_the_race_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{ATHLETE}\n[[workouts]]\ndate = 2027-04-25\nkind = \"race\"\ntitle = \"Valencia Marathon\"\ndistance = \"42.2 km\"\n[[bookings]]\ndate = 2027-04-22\ntype = \"deep\"\n[[bookings]]\ndate = 2027-04-26\ntype = \"swedish\"\n"
    );
    let plan = write(dir.path(), "race-workout.toml", &text);
    let out = stdout(knead().arg("check").arg(&plan), 1);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("2027-04-22  R-PRE-RACE-DEEP"), "{out}");
    assert!(out.contains("2027-04-26  R-POST-RACE"), "{out}");
}

#[test]
fn a_plan_of_races_alone_gets_its_pre_race_massage() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[[races]]\ndate = 2027-04-25\nname = \"City 10K\"\ndistance = \"10k\"\npriority = \"A\"\n",
        ATHLETE.replace("monthly_budget = 100", "monthly_budget = 200")
    );
    let plan = write(dir.path(), "races.toml", &text);
    let out = stdout(knead().arg("plan").arg(&plan).args(["--format", "json"]), 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v["from"], "2027-04-10",
        "the window reaches 15 days before the race"
    );
    let pre = v["items"].as_array().unwrap().iter().any(|i| {
        i["type"] == "massage"
            && i["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule_id"] == "R-PRE-RACE-LIGHT")
    });
    assert!(pre, "a light massage 2-3 days before the race");
}

#[test]
fn bookings_before_the_window_count_for_the_month_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("{ATHLETE}\n[[bookings]]\ndate = 2027-04-05\ntype = \"deep\"\n");
    for day in 10..=30 {
        let kind = if day % 7 == 3 { "long" } else { "easy" };
        text.push_str(&format!(
            "[[workouts]]\ndate = 2027-04-{day:02}\nkind = \"{kind}\"\nminutes = 50\n"
        ));
    }
    let plan = write(dir.path(), "early.toml", &text);
    let out = stdout(
        knead()
            .arg("plan")
            .arg(&plan)
            .args(["--from", "2027-04-15", "--format", "json"]),
        0,
    );
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let april = &v["months"][0];
    assert_eq!(april["month"], "2027-04");
    assert!(april["spend_cents"].as_u64().unwrap() <= 10_000, "{april}");
    assert!(
        !v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["type"] == "massage"),
        "70 of 100 EUR is spent: no 55 EUR massage fits"
    );
}

#[test]
fn check_gives_soft_rule_advice_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[[workouts]]\ndate = 2027-03-01\nkind = \"easy\"\nminutes = 40\n[[bookings]]\ndate = 2027-03-10\ntype = \"deep\"\n[[bookings]]\ndate = 2027-03-12\ntype = \"deep\"\n",
        ATHLETE.replace("monthly_budget = 100", "monthly_budget = 200")
    );
    let plan = write(dir.path(), "close.toml", &text);
    knead()
        .arg("check")
        .arg(&plan)
        .assert()
        .success()
        .stdout(predicate::str::contains("no rule broken"))
        .stdout(predicate::str::contains(
            "T-DEPTH          2027-03-12: only 2 day(s) after deep work",
        ));
    let out = knead()
        .arg("check")
        .arg(&plan)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["violations"].as_array().unwrap().is_empty());
    assert!(
        v["advice"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["rule_id"] == "T-DEPTH")
    );
}

#[test]
fn a_race_inside_a_closed_period_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}closed = [{{ from = 2027-04-05, to = 2027-04-30 }}]\n[[workouts]]\ndate = 2027-04-01\nkind = \"easy\"\nminutes = 40\n[[races]]\ndate = 2027-04-25\nname = \"Spring 10K\"\ndistance = \"10k\"\npriority = \"A\"\n",
        ATHLETE
    );
    let plan = write(dir.path(), "closed.toml", &text);
    knead()
        .arg("plan")
        .arg(&plan)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "R-PRE-RACE-LIGHT: no window at all before Spring 10K",
        ));
}

#[test]
fn check_flags_a_booking_on_a_closed_day() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}closed = [2027-03-10]\n[[workouts]]\ndate = 2027-03-01\nkind = \"easy\"\nminutes = 40\n[[bookings]]\ndate = 2027-03-10\ntype = \"swedish\"\n",
        ATHLETE
    );
    let plan = write(dir.path(), "closedday.toml", &text);
    knead()
        .arg("check")
        .arg(&plan)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("2027-03-10  P-AVAILABILITY"));
}

#[test]
fn a_plan_in_miles_is_shown_in_miles() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "units = \"mi\"\n{ATHLETE}\n[[workouts]]\ndate = 2027-03-01\nkind = \"long\"\ndistance = 20\n[[races]]\ndate = 2027-03-14\nname = \"Shamrock Half\"\ndistance = \"half\"\n"
    );
    let plan = write(dir.path(), "miles.toml", &text);
    knead()
        .arg("plan")
        .arg(&plan)
        .assert()
        .success()
        .stdout(predicate::str::contains("long 20.0 mi"))
        .stdout(predicate::str::contains("race Shamrock Half (13.1 mi)"));
}
