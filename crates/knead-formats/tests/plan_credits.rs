//! Prepaid packages in the plan file: `[[athlete.credits]]`, its checks, its
//! errors with their positions, and the writer.

use jiff::civil::date;
use knead_core::model::{Credit, MassageType};
use knead_formats::plan_file::{Parsed, PlanError, parse, to_toml};

/// A minimal valid plan; line numbers below are counted from this text.
const BASE: &str = r#"[athlete]
name = "Sam"
time_zone = "Europe/London"
currency = "GBP"
monthly_budget = 120

[athlete.prices]
deep = 70
art = 85
swedish = 60

[[workouts]]
date = 2026-03-02
kind = "easy"
"#;

/// BASE with `credits` (tables) appended: their first line is line 16.
fn with(credits: &str) -> String {
    format!("{BASE}\n{credits}")
}

fn ok(text: &str) -> Parsed {
    match parse("plan.toml", text) {
        Ok(p) => p,
        Err(e) => panic!("expected the plan to parse, got: {e}"),
    }
}

fn err(text: &str) -> PlanError {
    match parse("plan.toml", text) {
        Ok(p) => panic!("expected an error, got a plan: {:?}", p.plan),
        Err(e) => e,
    }
}

fn assert_error(e: &PlanError, message: &str, line: usize, column: usize) {
    assert_eq!(e.message(), message, "message of {e}");
    assert_eq!((e.line(), e.column()), (line, column), "position of {e}");
}

#[test]
fn packages_parse_with_every_field() {
    let parsed = ok(&with(
        r#"[[athlete.credits]]
type = "deep"
sessions = 10
valid_until = 2027-06-30
name = "Clinic 10-pack"

[[athlete.credits]]
type = "any"
sessions = 5
valid_from = "2027-01-01"
valid_until = "2027-12-31"
"#,
    ));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(
        parsed.plan.athlete.credits,
        vec![
            Credit {
                kind: Some(MassageType::Deep),
                sessions: 10,
                valid_from: None,
                valid_until: date(2027, 6, 30),
                name: Some("Clinic 10-pack".into()),
            },
            Credit {
                kind: None,
                sessions: 5,
                valid_from: Some(date(2027, 1, 1)),
                valid_until: date(2027, 12, 31),
                name: None,
            },
        ]
    );
}

#[test]
fn no_packages_is_the_default() {
    assert!(ok(BASE).plan.athlete.credits.is_empty());
}

#[test]
fn package_types_accept_massage_type_aliases_and_any() {
    for (name, kind) in [
        ("deep tissue", Some(MassageType::Deep)),
        ("Active Release", Some(MassageType::Art)),
        ("light", Some(MassageType::Swedish)),
        ("SWEDISH", Some(MassageType::Swedish)),
        ("any", None),
        ("any type", None),
        ("all", None),
    ] {
        let text = with(&format!(
            "[[athlete.credits]]\ntype = \"{name}\"\nsessions = 1\nvalid_until = 2027-01-01\n"
        ));
        assert_eq!(ok(&text).plan.athlete.credits[0].kind, kind, "{name}");
    }
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"thai\"\nsessions = 1\nvalid_until = 2027-01-01\n",
    ));
    assert_error(
        &e,
        "unknown package type `thai`: expected one of deep, art, swedish, any (in `athlete.credits.type`)",
        17,
        8,
    );
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"anny\"\nsessions = 1\nvalid_until = 2027-01-01\n",
    ));
    assert!(e.message().contains("did you mean \"any\""), "{e}");
}

#[test]
fn sessions_are_a_whole_number_from_1_to_100() {
    for (value, message) in [
        ("0", "sessions 0 is out of range: expected 1 to 100"),
        ("101", "sessions 101 is out of range: expected 1 to 100"),
        ("-3", "sessions -3 is out of range: expected 1 to 100"),
        (
            "2.5",
            "invalid type: floating point `2.5`, expected a whole number of sessions like 10",
        ),
        (
            "\"ten\"",
            "invalid type: string \"ten\", expected a whole number of sessions like 10",
        ),
    ] {
        let e = err(&with(&format!(
            "[[athlete.credits]]\ntype = \"deep\"\nsessions = {value}\nvalid_until = 2027-01-01\n"
        )));
        assert_error(
            &e,
            &format!("{message} (in `athlete.credits.sessions`)"),
            18,
            12,
        );
    }
    let text =
        with("[[athlete.credits]]\ntype = \"deep\"\nsessions = 100\nvalid_until = 2027-01-01\n");
    assert_eq!(ok(&text).plan.athlete.credits[0].sessions, 100);
}

#[test]
fn a_package_must_not_end_before_it_starts() {
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"deep\"\nsessions = 3\nvalid_from = 2027-06-01\nvalid_until = 2027-05-31\n",
    ));
    assert_error(
        &e,
        "`valid_until` 2027-05-31 is before `valid_from` 2027-06-01",
        20,
        15,
    );
    assert_eq!(
        e.to_string(),
        "plan.toml:20:15: `valid_until` 2027-05-31 is before `valid_from` 2027-06-01"
    );
    // One day is fine.
    let text = with(
        "[[athlete.credits]]\ntype = \"deep\"\nsessions = 3\nvalid_from = 2027-06-01\nvalid_until = 2027-06-01\n",
    );
    assert_eq!(ok(&text).plan.athlete.credits.len(), 1);
}

#[test]
fn at_most_four_packages() {
    let table = "[[athlete.credits]]\ntype = \"any\"\nsessions = 2\nvalid_until = 2027-01-01\n\n";
    assert_eq!(ok(&with(&table.repeat(4))).plan.athlete.credits.len(), 4);
    let e = err(&with(&table.repeat(5)));
    // The fifth table starts on line 16 + 4 × 5; its `sessions` is two lines down.
    assert_error(
        &e,
        "too many prepaid packages: knead plans with at most 4 `[[athlete.credits]]` tables",
        38,
        12,
    );
}

#[test]
fn package_fields_are_checked_by_name() {
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"deep\"\nsessions = 3\nvalid_untill = 2027-05-31\n",
    ));
    assert!(
        e.message().starts_with(
            "unknown field `valid_untill`, expected one of `type`, `sessions`, `valid_from`, `valid_until`, `name`; did you mean \"valid_until\"?"
        ),
        "{e}"
    );
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"deep\"\nsessions = 3\n",
    ));
    assert_error(
        &e,
        "missing field `valid_until` (in `athlete.credits`)",
        16,
        1,
    );
    let e = err(&with(
        "[[athlete.credits]]\ntype = \"deep\"\nsessions = 3\nvalid_until = 2027-05-31T10:00:00\n",
    ));
    assert!(
        e.message()
            .contains("expected a date without a time of day"),
        "{e}"
    );
}

#[test]
fn packages_round_trip_through_the_writer() {
    let mut plan = ok(BASE).plan;
    plan.athlete.credits = vec![
        Credit {
            kind: Some(MassageType::Art),
            sessions: 10,
            valid_from: Some(date(2027, 1, 15)),
            valid_until: date(2027, 6, 30),
            name: Some("Clinic \"10\"-pack \\ tab\t".into()),
        },
        Credit {
            kind: None,
            sessions: 1,
            valid_from: None,
            valid_until: date(2028, 2, 29),
            name: None,
        },
        Credit {
            kind: Some(MassageType::Swedish),
            sessions: 100,
            valid_from: None,
            valid_until: date(2027, 3, 1),
            name: Some(String::new()),
        },
    ];
    let text = to_toml(&plan);
    assert!(text.contains("[[athlete.credits]]\ntype = \"art\"\nsessions = 10\nvalid_from = 2027-01-15\nvalid_until = 2027-06-30\n"), "{text}");
    assert!(
        text.contains("type = \"any\"\nsessions = 1\nvalid_until = 2028-02-29\n"),
        "{text}"
    );
    let again = ok(&text);
    assert!(again.warnings.is_empty());
    assert_eq!(again.plan, plan, "{text}");
}

#[test]
fn the_documented_example_has_a_package() {
    let doc = include_str!("../../../docs/plan-format.md");
    let start = doc
        .find("```toml\n")
        .map(|i| i + "```toml\n".len())
        .unwrap_or(0);
    let len = doc[start..].find("```").unwrap_or(0);
    let plan = ok(&doc[start..start + len]).plan;
    assert_eq!(
        plan.athlete.credits,
        vec![Credit {
            kind: Some(MassageType::Deep),
            sessions: 10,
            valid_from: None,
            valid_until: date(2026, 12, 31),
            name: Some("Clinic 10-pack".into()),
        }]
    );
}
