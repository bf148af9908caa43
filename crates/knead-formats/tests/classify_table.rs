//! The classifier against hand-labelled titles (`tests/data/titles.tsv`): every
//! title of every shipped plan, and titles of other published plans.

use std::collections::BTreeSet;

use knead_core::model::{DistanceUnit, WorkoutKind};
use knead_formats::classify::{classify_title, patterns};
use knead_formats::template;

const TABLE: &str = include_str!("data/titles.tsv");
const DOC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/classifier.md"
));

/// One hand-labelled row.
struct Row {
    line: usize,
    title: String,
    kind: WorkoutKind,
    distance_km: Option<f64>,
    minutes: Option<f64>,
    plan_unit: DistanceUnit,
}

fn kind(name: &str) -> Option<WorkoutKind> {
    WorkoutKind::ALL.into_iter().find(|k| k.as_str() == name)
}

fn number(field: &str) -> Result<Option<f64>, String> {
    match field.trim() {
        "-" => Ok(None),
        f => f
            .parse::<f64>()
            .map(Some)
            .map_err(|e| format!("`{f}`: {e}")),
    }
}

/// The table: tab-separated title, kind, distance in km or `-`, minutes or `-`,
/// and an optional unit of the plan (`mi`, the default, or `km`). `#` starts a
/// comment line; `\n` in a title stands for a line break.
fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            (4..=5).contains(&cols.len()),
            "titles.tsv:{}: expected 4 or 5 tab-separated columns, got {}: {line:?}",
            n + 1,
            cols.len()
        );
        let parse =
            |f: &str| number(f).unwrap_or_else(|e| panic!("titles.tsv:{}: bad number {e}", n + 1));
        out.push(Row {
            line: n + 1,
            title: cols[0].replace("\\n", "\n"),
            kind: kind(cols[1].trim())
                .unwrap_or_else(|| panic!("titles.tsv:{}: unknown kind `{}`", n + 1, cols[1])),
            distance_km: parse(cols[2]),
            minutes: parse(cols[3]),
            plan_unit: match cols.get(4).map(|u| u.trim()) {
                None | Some("mi") => DistanceUnit::Mi,
                Some("km") => DistanceUnit::Km,
                Some(u) => panic!("titles.tsv:{}: unit `{u}`; expected mi or km", n + 1),
            },
        });
    }
    out
}

/// Every distinct non-blank title of every built-in plan, with the plans it is in.
fn shipped_titles() -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    for info in template::builtin() {
        let t = template::load(&info.id).expect("built-in plan loads");
        for week in &t.weeks {
            for w in &week.workouts {
                if !w.title.trim().is_empty() {
                    seen.insert((w.title.clone(), t.id.clone()));
                }
            }
        }
    }
    seen.into_iter().collect()
}

fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= tolerance,
        _ => false,
    }
}

#[test]
fn the_classifier_agrees_with_every_labelled_title() {
    let rows = rows();
    assert!(
        rows.len() > 150,
        "the table should hold every shipped title and more, has {}",
        rows.len()
    );
    let mut wrong = Vec::new();
    for row in &rows {
        let got = classify_title(&row.title, row.plan_unit);
        let ok = got.kind == row.kind
            && got.recognised
            && close(got.distance_km, row.distance_km, 0.01)
            && close(got.minutes, row.minutes, 0.01);
        if !ok {
            wrong.push(format!(
                "titles.tsv:{}: {:?}: expected {} {:?} km {:?} min, got {} {:?} km {:?} min{}",
                row.line,
                row.title,
                row.kind.as_str(),
                row.distance_km,
                row.minutes,
                got.kind.as_str(),
                got.distance_km,
                got.minutes,
                if got.recognised {
                    ""
                } else {
                    " (unrecognised)"
                }
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows disagree:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_title_of_every_shipped_plan_is_labelled() {
    let labelled: BTreeSet<String> = rows().into_iter().map(|r| r.title).collect();
    let missing: Vec<String> = shipped_titles()
        .into_iter()
        .filter(|(title, _)| !labelled.contains(title))
        .map(|(title, plan)| format!("{plan}: {title:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "titles missing from tests/data/titles.tsv:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_title_is_labelled_twice() {
    let mut seen = BTreeSet::new();
    let twice: Vec<String> = rows()
        .into_iter()
        .filter(|r| !seen.insert((r.title.clone(), r.plan_unit.as_str())))
        .map(|r| format!("titles.tsv:{}: {:?}", r.line, r.title))
        .collect();
    assert!(twice.is_empty(), "labelled twice:\n{}", twice.join("\n"));
}

#[test]
fn unrecognised_titles_fall_back_to_easy_and_say_so() {
    let got = classify_title("Zumba with friends", DistanceUnit::Mi);
    assert_eq!(got.kind, WorkoutKind::Easy);
    assert!(!got.recognised);
    let got = classify_title("", DistanceUnit::Mi);
    assert!(!got.recognised);
}

#[test]
fn the_documented_table_matches_the_code() {
    let table = patterns();
    assert!(table.len() >= 15);
    for (n, (pattern, kind)) in table.iter().enumerate() {
        let row = format!("| {} | `{}` | {} |", n + 1, pattern, kind.as_str());
        assert!(
            DOC.contains(&row),
            "docs/classifier.md lacks the row:\n{row}"
        );
    }
}

/// Pieces of titles, to build odd ones from.
const PIECES: &[&str] = &[
    "{3:4.8}",
    "{1.5}",
    "{8-9:13-14}",
    "{",
    "}",
    "{x:y}",
    "(",
    ")",
    "[",
    "]",
    "x",
    "×",
    "5",
    "800",
    "1,600",
    "0.5",
    "1:30",
    "8:30/mile",
    "min",
    "sec",
    "hr",
    "km",
    "mi",
    "m",
    "k",
    "-",
    "to",
    "%",
    "@",
    "at",
    "with",
    "w/",
    "w.",
    "or",
    ",",
    ";",
    "+",
    ".",
    "rest",
    "race",
    "pace",
    "marathon",
    "half",
    "long",
    "run",
    "easy",
    "tempo",
    "hill",
    "strides",
    "repeat",
    "times",
    "total",
    "cross",
    "walk",
    "strength",
    "vo₂max",
    "MP",
    "T",
    "E",
    "I",
    "–",
    "\n",
];

proptest::proptest! {
    #[test]
    fn any_text_classifies_without_panicking(title in "\\PC{0,60}", km in proptest::bool::ANY) {
        let c = classify_title(&title, if km { DistanceUnit::Km } else { DistanceUnit::Mi });
        proptest::prop_assert!(c.distance_km.is_none_or(|d| d.is_finite() && d >= 0.0));
        proptest::prop_assert!(c.minutes.is_none_or(|m| m.is_finite() && m >= 0.0));
    }

    #[test]
    fn odd_titles_classify_without_panicking(
        picks in proptest::collection::vec((0..PIECES.len(), proptest::bool::ANY), 0..14),
        km in proptest::bool::ANY,
    ) {
        let mut title = String::new();
        for (i, space) in picks {
            title.push_str(PIECES[i]);
            if space {
                title.push(' ');
            }
        }
        let c = classify_title(&title, if km { DistanceUnit::Km } else { DistanceUnit::Mi });
        proptest::prop_assert!(c.distance_km.is_none_or(|d| d.is_finite() && d >= 0.0), "{title:?}");
        proptest::prop_assert!(c.minutes.is_none_or(|m| m.is_finite() && m >= 0.0), "{title:?}");
        // A template of such titles schedules without panicking, in either unit.
        let yaml = format!(
            "id: odd\nname: Odd\nunits: mi\ntype: 5K\nschedule:\n- workouts: [{}]\n",
            vec![format!("{{title: {}}}", serde_json::to_string(&title).unwrap_or_default()); 7].join(", ")
        );
        let t = template::parse_str(&yaml, template::Format::Yaml, "odd.yaml");
        proptest::prop_assert!(t.is_ok(), "{yaml}: {t:?}");
        if let Ok(t) = t {
            for units in [DistanceUnit::Mi, DistanceUnit::Km] {
                let s = template::schedule(&t, jiff::civil::date(2027, 4, 18), units);
                proptest::prop_assert!(s.race_day.is_some());
            }
        }
    }
}
