//! Prepaid packages end to end: a plan file with packages, planned, checked
//! and explained, in every output.

use jiff::civil::date;
use knead_app::respond;
use knead_app::season::{self, PlanSource, SeasonInput, TextFile};

/// Kim's plan of the CLI snapshots, with two packages: three Swedish sessions
/// that expire inside the window, and two of any type for the year.
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
[[athlete.credits]]
type = "swedish"
sessions = 3
valid_until = 2027-05-15
name = "Spa 3-pack"
[[athlete.credits]]
type = "any"
sessions = 2
valid_until = 2027-12-31

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

fn season() -> season::Season {
    season::prepare(SeasonInput::new(
        PlanSource::File(TextFile {
            name: "kim.toml",
            text: PLAN,
        }),
        date(2027, 5, 1),
    ))
    .unwrap()
}

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| l.contains(needle))
        .map(str::trim)
        .collect()
}

#[test]
fn the_plan_says_which_massages_a_package_pays_for() {
    let plan = respond::plan(&season()).unwrap();
    let s = &plan.schedule;
    let text = knead_report::text::render(s, false);
    // The booking is settled with the only package that covers it; the light
    // massage before the race comes from the Swedish package.
    assert_eq!(
        lines_with(&text, "paid with credit ("),
        vec![
            "Sat 01 May  rest                        ▸ massage: Active Release (ART) · paid with credit (any-type package until 2027-12-31)",
            "F-BUDGET [C] paid with credit (any-type package until 2027-12-31): nothing from this month's budget",
            "Mon 10 May  rest                        ▸ massage: deep tissue · paid with credit (any-type package until 2027-12-31) (booked)",
            "F-BUDGET [C] paid with credit (any-type package until 2027-12-31): nothing from this month's budget",
            "Fri 14 May  rest                        ▸ massage: Swedish (light) · paid with credit (Spa 3-pack)",
            "F-BUDGET [C] paid with credit (Spa 3-pack): nothing from this month's budget",
        ],
        "{text}"
    );
    assert!(
        text.contains(
            "Prepaid packages\n  Spa 3-pack (Swedish, until 2027-05-15): 3 sessions; 1 used in this plan; 2 left, 2 expire unused\n  any-type package until 2027-12-31: 2 sessions; 2 used in this plan; 0 left\n"
        ),
        "{text}"
    );
    // Only cash counts toward the month.
    assert!(
        text.contains("2027-05  5 massage(s)  125 of 130 EUR"),
        "{text}"
    );

    let md = knead_report::markdown::render(s);
    assert!(
        md.contains("## Prepaid packages\n\n- Spa 3-pack (Swedish, until 2027-05-15): 3 sessions; 1 used in this plan; 2 left, 2 expire unused\n"),
        "{md}"
    );
    assert!(md.contains("massage: Swedish (light) · paid with credit (Spa 3-pack); aftercare"));

    let json: serde_json::Value = serde_json::from_str(&knead_report::json::render(&plan)).unwrap();
    assert_eq!(json["format"], "knead-schedule/2");
    let credited: Vec<&serde_json::Value> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i.get("credit").is_some())
        .collect();
    assert_eq!(credited.len(), 3);
    for i in &credited {
        assert_eq!(i["type"], "massage");
        assert_eq!(i["price_cents"], 0);
    }
    assert_eq!(credited[2]["credit"], "Spa 3-pack");
    assert_eq!(credited[2]["credit_package"], 0);
    assert_eq!(
        json["credits"][0],
        serde_json::json!({
            "package": 0,
            "name": "Spa 3-pack",
            "label": "Spa 3-pack",
            "kind": "swedish",
            "valid_from": null,
            "valid_until": "2027-05-15",
            "sessions": 3,
            "used_before": 0,
            "used": 1,
            "used_after": 0,
            "left": 2,
            "expiring_unused": 2
        })
    );
    assert_eq!(json["credits"][1]["kind"], serde_json::Value::Null);
    assert_eq!(json["credits"][1]["name"], serde_json::Value::Null);
    assert_eq!(json["totals"]["spend_cents"], 12500);

    let ics = knead_report::calendar::render(s, jiff::Timestamp::UNIX_EPOCH);
    assert!(
        ics.contains("SUMMARY:Massage: Swedish (light) · paid with credit (Spa 3-pack)"),
        "{ics}"
    );
}

#[test]
fn check_warns_about_sessions_left_to_expire() {
    let check = respond::check(&season()).unwrap();
    let text = knead_report::check::text(&check);
    assert!(
        text.ends_with(
            "\nPrepaid packages:\n  3 Swedish credits of 'Spa 3-pack' expire on 2027-05-15 unused\n"
        ),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&knead_report::json::render(&check)).unwrap();
    assert_eq!(json["format"], "knead-check/1");
    assert_eq!(
        json["credits"],
        serde_json::json!([{
            "package": 0,
            "name": "Spa 3-pack",
            "label": "Spa 3-pack",
            "valid_until": "2027-05-15",
            "unused": 3,
            "message": "3 Swedish credits of 'Spa 3-pack' expire on 2027-05-15 unused"
        }])
    );
    // A warning, not a violation: the exit status stays as the rules say.
    assert_eq!(check.is_clean(), check.violations.is_empty());
}

#[test]
fn every_day_can_be_explained() {
    let season = season();
    let plan = respond::plan(&season).unwrap();
    let s = &plan.schedule;
    let mut day = s.from;
    while day <= s.to {
        let e = respond::explain(&season, day).unwrap();
        let text = knead_report::explain::text(&e);
        assert!(text.contains(&day.to_string()), "{text}");
        day = day.tomorrow().unwrap();
    }
    // On the Swedish package's day, paying for something else is not free.
    let e = respond::explain(&season, date(2027, 5, 14)).unwrap();
    assert!(!e.explanation.alternatives.is_empty());
}

#[test]
fn without_packages_nothing_about_them_is_written() {
    let text = PLAN
        .split("[[athlete.credits]]")
        .next()
        .unwrap()
        .to_string()
        + &PLAN[PLAN.find("[[workouts]]").unwrap()..];
    let season = season::prepare(SeasonInput::new(
        PlanSource::File(TextFile {
            name: "kim.toml",
            text: &text,
        }),
        date(2027, 5, 1),
    ))
    .unwrap();
    let plan = respond::plan(&season).unwrap();
    let json = knead_report::json::render(&plan);
    assert!(!json.contains("credit"), "{json}");
    assert!(!knead_report::text::render(&plan.schedule, false).contains("Prepaid"));
    let check = knead_report::json::render(&respond::check(&season).unwrap());
    assert!(!check.contains("credits"), "{check}");
}
