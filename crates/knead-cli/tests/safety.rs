//! Health flags end to end: each condition's action shows in every format.

use assert_cmd::Command;

const BASE: &str = r#"
[athlete]
name = "Lee"
time_zone = "America/New_York"
currency = "USD"
monthly_budget = 300
tools = ["foam-roller", "massage-stick", "ball"]
[athlete.prices]
deep = 90
art = 100
swedish = 75

[[workouts]]
date = 2027-06-01
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-06-02
kind = "intervals"
minutes = 50
[[workouts]]
date = 2027-06-04
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-06-05
kind = "long"
minutes = 120
[[workouts]]
date = 2027-06-08
kind = "easy"
minutes = 40
[[workouts]]
date = 2027-06-09
kind = "tempo"
minutes = 50
[[workouts]]
date = 2027-06-12
kind = "long"
minutes = 130
[[workouts]]
date = 2027-06-14
kind = "easy"
minutes = 30
"#;

fn plan_with(flag: &str, area: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let area = area
        .map(|a| format!("area = \"{a}\"\n"))
        .unwrap_or_default();
    let text = format!(
        "{BASE}\n[[athlete.health]]\ncondition = \"{flag}\"\n{area}from = 2027-06-01\nuntil = 2027-06-14\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lee.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn run(path: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("knead")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .arg("plan")
        .arg(path)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&run(path, &["--format", "json"]).1).unwrap()
}

fn of_type<'a>(v: &'a serde_json::Value, t: &str) -> Vec<&'a serde_json::Value> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == t)
        .collect()
}

#[test]
fn blocking_conditions_stop_all_massage_and_lead_every_format() {
    for (flag, rule) in [
        ("suspected-dvt", "S-DVT"),
        ("fever", "S-FEVER"),
        ("rhabdomyolysis", "S-RHABDO"),
        ("cancer", "S-CANCER"),
        ("unexplained-pain", "S-REFER"),
    ] {
        let (_dir, path) = plan_with(flag, None);
        let (code, text) = run(&path, &[]);
        assert_eq!(code, 0);
        assert!(
            text.starts_with(&format!("!! SAFETY {rule}")),
            "{flag}: {text}"
        );
        let v = json(&path);
        assert_eq!(v["blocking_alert"], true, "{flag}");
        assert_eq!(v["alerts"][0]["rule_id"], rule);
        assert!(of_type(&v, "massage").is_empty(), "{flag}: no massage");
        assert!(
            of_type(&v, "self-massage").is_empty(),
            "{flag}: no self-massage"
        );
        let (_, md) = run(&path, &["--format", "markdown"]);
        assert!(md.contains(&format!("> **SAFETY {rule}")), "{flag}");
        let (_, ics) = run(&path, &["--format", "ics"]);
        let unfolded = ics.replace("\r\n ", "");
        // Every event carries the warning in its description.
        let events = unfolded.matches("BEGIN:VEVENT").count();
        let warned = unfolded
            .lines()
            .filter(|l| l.starts_with("DESCRIPTION:SAFETY"))
            .count();
        assert_eq!(events, warned, "{flag}: every ICS event warns");
    }
}

#[test]
fn a_booking_during_a_blocking_flag_is_a_violation() {
    let (dir, path) = plan_with("fever", None);
    let text = std::fs::read_to_string(&path).unwrap()
        + "\n[[bookings]]\ndate = 2027-06-07\ntype = \"swedish\"\n";
    let booked = dir.path().join("booked.toml");
    std::fs::write(&booked, text).unwrap();
    let out = Command::cargo_bin("knead")
        .unwrap()
        .arg("check")
        .arg(&booked)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("2027-06-07  S-FEVER")
    );
}

#[test]
fn local_conditions_keep_sessions_off_the_area() {
    for (flag, area, key) in [
        ("acute-strain", "calf", "calf"),
        ("wound", "hamstring", "hamstring"),
        ("fracture", "shins", "shins"),
    ] {
        let (_dir, path) = plan_with(flag, Some(area));
        let v = json(&path);
        assert_eq!(v["blocking_alert"], false, "{flag}");
        let sessions = of_type(&v, "self-massage");
        assert!(!sessions.is_empty(), "{flag}: sessions are kept");
        for s in sessions {
            let areas: Vec<&str> = s["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            assert!(!areas.contains(&key), "{flag}: {key} worked");
            assert!(s["avoid"].as_array().unwrap().iter().any(|a| a == key));
        }
    }
}

#[test]
fn light_only_conditions_allow_swedish_only() {
    for flag in ["anticoagulants", "pregnancy"] {
        let (_dir, path) = plan_with(flag, None);
        let v = json(&path);
        let massages = of_type(&v, "massage");
        assert!(!massages.is_empty(), "{flag}: light massage still possible");
        for m in massages {
            assert_eq!(m["kind"], "swedish", "{flag}");
        }
    }
}

#[test]
fn without_flags_there_is_no_banner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lee.toml");
    std::fs::write(&path, BASE).unwrap();
    let (_, text) = run(&path, &[]);
    assert!(text.starts_with("knead plan for Lee"));
}

#[test]
fn an_area_to_avoid_is_named_on_professional_massages_and_in_the_header() {
    let (_dir, path) = plan_with("acute-strain", Some("calf"));
    let v = json(&path);
    let massages = of_type(&v, "massage");
    assert!(!massages.is_empty());
    for m in massages {
        assert!(
            m["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule_id"] == "S-ACUTE"
                    && r["text"].as_str().unwrap().contains("keep off the calves")),
            "{m}"
        );
    }
    let (_, text) = run(&path, &[]);
    assert!(text.starts_with("!! HEALTH S-ACUTE"), "{text}");
}
