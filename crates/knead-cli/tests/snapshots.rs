//! Snapshots of what the user sees: a change to any rendered output shows in review.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("knead")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const PLAN: &str = r#"
[athlete]
name = "Kim"
time_zone = "Europe/Berlin"
currency = "EUR"
monthly_budget = 130
tools = ["foam-roller", "ball", "percussion-gun"]
[athlete.prices]
deep = 70
art = 80
swedish = 55
[[athlete.injuries]]
area = "shins"
since = 2027-05-01
until = 2027-05-09

[[workouts]]
date = 2027-05-03
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-04
kind = "intervals"
minutes = 50
[[workouts]]
date = 2027-05-06
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-05-08
kind = "long"
minutes = 120
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
name = "Lake 10K"
distance = "10k"
priority = "A"

[[bookings]]
date = 2027-05-10
type = "deep"
"#;

fn with_plan(f: impl FnOnce(&str)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kim.toml");
    std::fs::write(&path, PLAN).unwrap();
    f(path.to_str().unwrap());
}

#[test]
fn text() {
    with_plan(|p| insta::assert_snapshot!(run(&["plan", p])));
}

#[test]
fn markdown() {
    with_plan(|p| insta::assert_snapshot!(run(&["plan", p, "--format", "markdown"])));
}

#[test]
fn json() {
    with_plan(|p| insta::assert_snapshot!(run(&["plan", p, "--format", "json"])));
}

#[test]
fn ics() {
    with_plan(|p| {
        insta::assert_snapshot!(run(&["plan", p, "--format", "ics"]).replace("\r\n", "\n"))
    });
}

#[test]
fn explain() {
    with_plan(|p| insta::assert_snapshot!(run(&["explain", p, "2027-05-05"])));
}

#[test]
fn rules_table() {
    insta::assert_snapshot!(run(&["rules", "--short"]));
}

#[test]
fn rules_listing() {
    insta::assert_snapshot!(run(&["rules"]));
}

#[test]
fn rules_myths() {
    insta::assert_snapshot!(run(&["rules", "--myths"]));
}
