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
    with_text(PLAN, f);
}

fn with_text(text: &str, f: impl FnOnce(&str)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kim.toml");
    std::fs::write(&path, text).unwrap();
    f(path.to_str().unwrap());
}

/// Kim's plan with two prepaid packages: three Swedish sessions that expire
/// in the window, and two of any type for the year.
fn with_credits(f: impl FnOnce(&str)) {
    let credits = r#"[[athlete.credits]]
type = "swedish"
sessions = 3
valid_until = 2027-05-15
name = "Spa 3-pack"
[[athlete.credits]]
type = "any"
sessions = 2
valid_until = 2027-12-31

"#;
    let at = PLAN.find("[[workouts]]").unwrap();
    with_text(&format!("{}{credits}{}", &PLAN[..at], &PLAN[at..]), f);
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

#[test]
fn text_with_credits() {
    with_credits(|p| insta::assert_snapshot!(run(&["plan", p])));
}

#[test]
fn check_with_credits() {
    with_credits(|p| insta::assert_snapshot!(run(&["check", p])));
}
