//! The plan file: every field, alias, default, error and warning, the built-in
//! example, and that parsing never panics.

use jiff::civil::{Date, Weekday, date};
use knead_core::model::{
    BodyArea, Condition, DateRange, MassageType, Priority, Sex, Tool, WorkoutKind, distance,
};
use knead_formats::example::{MARATHON_TOML, marathon};
use knead_formats::plan_file::{Parsed, PlanError, parse, to_toml};
use proptest::prelude::*;

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

/// The example of the format description, with every field.
const FULL: &str = r#"units = "km"

[athlete]
name = "Sam Runner"
time_zone = "Europe/London"
currency = "gbp"
monthly_budget = 120.5
regular_massage = true
tools = ["foam-roller", "ball"]
sex = "female"
resting_hr = 52
max_hr = 186

[athlete.prices]
deep = 70
art = 85
swedish = 59.99

[[athlete.injuries]]
area = "plantar-fascia"
since = 2026-01-10
until = 2026-03-01

[[athlete.injuries]]
area = "calf"
since = "2026-02-01"

[athlete.therapist]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
closed = [2026-04-01, { from = 2026-04-10, to = 2026-04-20 }]

[[athlete.health]]
condition = "acute-strain"
area = "calf"
from = 2026-03-03
until = 2026-03-06

[[athlete.health]]
condition = "fever"
from = 2026-03-20

[[workouts]]
date = 2026-03-03
kind = "tempo"
distance = "10 mi"
notes = "3 x 2 mi at threshold"

[[workouts]]
date = 2026-03-02
kind = "long"
minutes = 200
distance = 32
title = "20 miler"

[[workouts]]
date = 2026-03-04
kind = "rest"

[[races]]
date = 2026-04-26
name = "London Marathon"
distance = "marathon"
priority = "A"

[[races]]
date = 2026-04-12
name = "Tune-up 10K"
distance = "10k"
priority = "c"

[[bookings]]
date = 2026-04-22
type = "swedish"

[[bookings]]
date = 2026-03-24
type = "deep"
"#;

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

/// Asserts an error's message and 1-based position, and that `Display` says
/// `plan.toml:line:column: message`.
fn assert_error(e: &PlanError, message: &str, line: usize, column: usize) {
    assert_eq!(e.message(), message, "message of {e}");
    assert_eq!((e.line(), e.column()), (line, column), "position of {e}");
    assert_eq!(
        e.to_string(),
        format!("plan.toml:{line}:{column}: {message}")
    );
    assert_eq!(e.file(), "plan.toml");
}

/// BASE with the workout's `kind` line replaced.
fn workout(fields: &str) -> String {
    BASE.replace("kind = \"easy\"\n", fields)
}

#[test]
fn full_example_parses_every_field() {
    let parsed = ok(FULL);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let plan = parsed.plan;
    let a = &plan.athlete;
    assert_eq!(a.name, "Sam Runner");
    assert_eq!(a.time_zone, "Europe/London");
    assert_eq!(a.currency, "GBP");
    assert_eq!(a.monthly_budget, 12050);
    assert!(a.regular_massage);
    assert_eq!(a.tools, vec![Tool::FoamRoller, Tool::Ball]);
    assert_eq!(a.physiology.sex, Sex::Female);
    assert_eq!(a.physiology.resting_hr, 52);
    assert_eq!(a.physiology.max_hr, 186);
    assert_eq!(
        (a.prices.deep, a.prices.art, a.prices.swedish),
        (7000, 8500, 5999)
    );

    assert_eq!(a.injuries.len(), 2);
    assert_eq!(a.injuries[0].area, BodyArea::PlantarFascia);
    assert_eq!(a.injuries[0].since, date(2026, 1, 10));
    assert_eq!(a.injuries[0].until, Some(date(2026, 3, 1)));
    assert_eq!(a.injuries[1].area, BodyArea::Calf);
    assert_eq!(a.injuries[1].since, date(2026, 2, 1));
    assert_eq!(a.injuries[1].until, None);

    assert_eq!(
        a.therapist.weekdays,
        [true, true, true, true, true, false, false]
    );
    assert_eq!(
        a.therapist.closed,
        vec![
            DateRange {
                from: date(2026, 4, 1),
                to: date(2026, 4, 1)
            },
            DateRange {
                from: date(2026, 4, 10),
                to: date(2026, 4, 20)
            },
        ]
    );

    assert_eq!(a.health.len(), 2);
    assert_eq!(a.health[0].condition, Condition::AcuteStrain);
    assert_eq!(a.health[0].area, Some(BodyArea::Calf));
    assert_eq!(a.health[0].from, date(2026, 3, 3));
    assert_eq!(a.health[0].until, Some(date(2026, 3, 6)));
    assert_eq!(a.health[1].condition, Condition::Fever);
    assert_eq!(a.health[1].area, None);
    assert_eq!(a.health[1].until, None);

    // Sorted by date.
    let w = &plan.workouts;
    assert_eq!(w.len(), 3);
    assert_eq!(w[0].date, date(2026, 3, 2));
    assert_eq!(w[0].kind, WorkoutKind::Long);
    assert_eq!(w[0].minutes, Some(200.0));
    assert_eq!(w[0].distance_km, Some(32.0));
    assert_eq!(w[0].title.as_deref(), Some("20 miler"));
    assert_eq!(w[0].notes, None);
    assert_eq!(w[0].source, None);
    assert_eq!(w[1].kind, WorkoutKind::Tempo);
    assert_eq!(w[1].minutes, None);
    assert_eq!(w[1].distance_km, Some(10.0 * distance::MILE_KM));
    assert_eq!(w[1].notes.as_deref(), Some("3 x 2 mi at threshold"));
    assert_eq!(
        (w[2].kind, w[2].minutes, w[2].distance_km),
        (WorkoutKind::Rest, None, None)
    );

    assert_eq!(plan.races.len(), 2);
    assert_eq!(plan.races[0].name, "Tune-up 10K");
    assert_eq!(plan.races[0].date, date(2026, 4, 12));
    assert_eq!(plan.races[0].distance_km, 10.0);
    assert_eq!(plan.races[0].priority, Priority::C);
    assert_eq!(plan.races[1].name, "London Marathon");
    assert_eq!(plan.races[1].distance_km, distance::MARATHON);
    assert_eq!(plan.races[1].priority, Priority::A);

    assert_eq!(plan.bookings.len(), 2);
    assert_eq!(
        (plan.bookings[0].date, plan.bookings[0].kind),
        (date(2026, 3, 24), MassageType::Deep)
    );
    assert_eq!(
        (plan.bookings[1].date, plan.bookings[1].kind),
        (date(2026, 4, 22), MassageType::Swedish)
    );
    assert_eq!(plan.bookings[1].source, None);
}

#[test]
fn defaults_apply_to_optional_fields() {
    let text =
        format!("{BASE}\n[[races]]\ndate = 2026-04-26\nname = \"Local 5K\"\ndistance = \"5k\"\n");
    let plan = ok(&text).plan;
    let a = &plan.athlete;
    assert!(!a.regular_massage);
    assert!(a.tools.is_empty() && a.injuries.is_empty() && a.health.is_empty());
    assert_eq!(a.physiology.sex, Sex::Male);
    assert_eq!((a.physiology.resting_hr, a.physiology.max_hr), (60, 190));
    assert_eq!(
        a.therapist.weekdays,
        [true, true, true, true, true, true, false]
    );
    assert!(a.therapist.closed.is_empty());
    assert_eq!(plan.races[0].priority, Priority::A);
    assert_eq!(plan.races[0].distance_km, 5.0);
    assert!(plan.bookings.is_empty());
}

#[test]
fn workouts_may_omit_minutes_and_distance() {
    let w = &ok(BASE).plan.workouts[0];
    assert_eq!(
        (w.kind, w.minutes, w.distance_km, w.title.as_deref()),
        (WorkoutKind::Easy, None, None, None)
    );
}

#[test]
fn a_plan_of_races_only_is_fine() {
    let text = BASE.replace(
        "[[workouts]]\ndate = 2026-03-02\nkind = \"easy\"\n",
        "[[races]]\ndate = 2026-05-03\nname = \"R\"\ndistance = 21.0975\n",
    );
    let plan = ok(&text).plan;
    assert!(plan.workouts.is_empty());
    assert_eq!(plan.races[0].distance_km, 21.0975);
}

#[test]
fn tool_aliases() {
    let text = BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\ntools = [\"stick\", \"Roller\", \"tennis ball\", \"gun\", \"massage-gun\", \"percussion-gun\"]",
    );
    assert_eq!(
        ok(&text).plan.athlete.tools,
        vec![
            Tool::MassageStick,
            Tool::FoamRoller,
            Tool::Ball,
            Tool::PercussionGun
        ]
    );
}

#[test]
fn body_area_aliases() {
    let cases = [
        ("plantar fasciitis", BodyArea::PlantarFascia),
        ("shin splints", BodyArea::Shins),
        ("IT band", BodyArea::ItBand),
        ("itb", BodyArea::ItBand),
        ("hamstrings", BodyArea::Hamstring),
        ("calves", BodyArea::Calf),
        ("Achilles", BodyArea::Achilles),
        ("hip_flexors", BodyArea::HipFlexors),
        ("lower-back", BodyArea::LowerBack),
        ("runner's knee", BodyArea::Knee),
    ];
    for (name, area) in cases {
        let text = format!("{BASE}\n[[athlete.injuries]]\narea = \"{name}\"\nsince = 2026-01-10\n");
        assert_eq!(ok(&text).plan.athlete.injuries[0].area, area, "{name}");
    }
}

#[test]
fn every_canonical_body_area_round_trips() {
    for area in knead_formats::plan_file::names::BODY_AREAS {
        let parsed = knead_formats::plan_file::names::body_area(area).map(|a| a.as_str());
        assert_eq!(parsed, Ok(area));
    }
}

#[test]
fn weekday_full_and_short_names() {
    let text = format!(
        "{BASE}\n[athlete.therapist]\nweekdays = [\"Tuesday\", \"weds\", \"thurs\", \"SUN\"]\n"
    );
    let t = ok(&text).plan.athlete.therapist;
    assert_eq!(t.weekdays, [false, true, true, true, false, false, true]);
    assert_eq!(
        t.open_weekdays(),
        vec![
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Sunday
        ]
    );
}

#[test]
fn condition_massage_and_priority_aliases() {
    let text = format!(
        "{BASE}\n[[athlete.health]]\ncondition = \"DVT\"\nfrom = 2026-01-01\n\n[[athlete.health]]\ncondition = \"stress fracture\"\narea = \"shin splints\"\nfrom = 2026-01-01\n\n[[bookings]]\ndate = 2026-03-03\ntype = \"Deep Tissue\"\n\n[[bookings]]\ndate = 2026-03-04\ntype = \"active release\"\n\n[[bookings]]\ndate = 2026-03-05\ntype = \"light\"\n\n[[races]]\ndate = 2026-04-26\nname = \"R\"\ndistance = \"half marathon\"\npriority = \"b\"\n"
    );
    let plan = ok(&text).plan;
    assert_eq!(plan.athlete.health[0].condition, Condition::SuspectedDvt);
    assert_eq!(plan.athlete.health[1].condition, Condition::Fracture);
    assert_eq!(plan.athlete.health[1].area, Some(BodyArea::Shins));
    let kinds: Vec<MassageType> = plan.bookings.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![MassageType::Deep, MassageType::Art, MassageType::Swedish]
    );
    assert_eq!(plan.races[0].priority, Priority::B);
    assert_eq!(plan.races[0].distance_km, distance::HALF);
}

#[test]
fn workout_kinds_accept_every_canonical_name_in_any_case() {
    for kind in WorkoutKind::ALL {
        let text = workout(&format!("kind = \"{}\"\n", kind.as_str().to_uppercase()));
        assert_eq!(ok(&text).plan.workouts[0].kind, kind);
    }
}

#[test]
fn string_and_toml_dates_are_the_same() {
    let toml_date = ok(BASE).plan.workouts[0].date;
    let string_date = ok(&BASE.replace("date = 2026-03-02", "date = \"2026-03-02\""))
        .plan
        .workouts[0]
        .date;
    assert_eq!(toml_date, date(2026, 3, 2));
    assert_eq!(string_date, toml_date);
    let closed = format!(
        "{BASE}\n[athlete.therapist]\nclosed = [\"2026-04-01\", {{ from = \"2026-04-10\", to = 2026-04-12 }}]\n"
    );
    assert_eq!(
        ok(&closed).plan.athlete.therapist.closed,
        vec![
            DateRange {
                from: date(2026, 4, 1),
                to: date(2026, 4, 1)
            },
            DateRange {
                from: date(2026, 4, 10),
                to: date(2026, 4, 12)
            },
        ]
    );
}

fn workout_km(units: &str, distance: &str) -> Option<f64> {
    let text = format!(
        "units = \"{units}\"\n{}",
        workout(&format!("kind = \"easy\"\ndistance = {distance}\n"))
    );
    ok(&text).plan.workouts[0].distance_km
}

#[test]
fn distances_in_kilometre_files() {
    assert_eq!(workout_km("km", "32"), Some(32.0));
    assert_eq!(workout_km("km", "12.5"), Some(12.5));
    assert_eq!(workout_km("km", "\"32 km\""), Some(32.0));
    assert_eq!(workout_km("km", "\"25k\""), Some(25.0));
    assert_eq!(
        workout_km("km", "\"20 mi\""),
        Some(20.0 * distance::MILE_KM)
    );
    assert_eq!(workout_km("km", "\"20mi\""), Some(20.0 * distance::MILE_KM));
    assert_eq!(
        workout_km("km", "\"13.1 miles\""),
        Some(13.1 * distance::MILE_KM)
    );
    assert_eq!(workout_km("km", "\"7\""), Some(7.0));
}

#[test]
fn distances_in_mile_files() {
    assert_eq!(workout_km("mi", "20"), Some(20.0 * distance::MILE_KM));
    assert_eq!(workout_km("mi", "\"20\""), Some(20.0 * distance::MILE_KM));
    assert_eq!(workout_km("mi", "\"32 km\""), Some(32.0));
    assert_eq!(
        workout_km("mi", "\"20 mi\""),
        Some(20.0 * distance::MILE_KM)
    );
    assert_eq!(workout_km("mi", "\"marathon\""), Some(distance::MARATHON));
}

#[test]
fn race_distances() {
    let race_km = |units: &str, d: &str| {
        let text = format!(
            "units = \"{units}\"\n{BASE}\n[[races]]\ndate = 2026-04-26\nname = \"R\"\ndistance = {d}\n"
        );
        ok(&text).plan.races[0].distance_km
    };
    assert_eq!(race_km("km", "\"5k\""), 5.0);
    assert_eq!(race_km("km", "\"10K\""), 10.0);
    assert_eq!(race_km("km", "\"half\""), distance::HALF);
    assert_eq!(race_km("km", "\"marathon\""), distance::MARATHON);
    assert_eq!(race_km("km", "\"ultra\""), 50.0);
    assert_eq!(race_km("km", "\"25 km\""), 25.0);
    assert_eq!(race_km("km", "\"15 mi\""), 15.0 * distance::MILE_KM);
    assert_eq!(race_km("km", "30"), 30.0);
    assert_eq!(race_km("mi", "30"), 30.0 * distance::MILE_KM);
    assert_eq!(race_km("mi", "\"ultra\""), 50.0);
}

#[test]
fn money_rounds_to_cents() {
    let budget = |v: &str| {
        ok(&BASE.replace("monthly_budget = 120", &format!("monthly_budget = {v}")))
            .plan
            .athlete
            .monthly_budget
    };
    assert_eq!(budget("120"), 12000);
    assert_eq!(budget("0"), 0);
    assert_eq!(budget("99.5"), 9950);
    assert_eq!(budget("19.999"), 2000);
    assert_eq!(budget("0.004"), 0);
    assert_eq!(budget("1_000"), 100000);
}

#[test]
fn repeated_tools_are_kept_once() {
    let text = BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\ntools = [\"ball\", \"tennis-ball\"]",
    );
    assert_eq!(ok(&text).plan.athlete.tools, vec![Tool::Ball]);
}

// ---- errors -------------------------------------------------------------

#[test]
fn unknown_workout_kind() {
    let e = err(&workout("kind = \"tempo run\"\n"));
    assert_error(
        &e,
        "unknown workout kind `tempo run`: expected one of rest, easy, recovery, long, tempo, intervals, hills, race, cross, strength; did you mean \"tempo\"? (in `workouts.kind`)",
        14,
        8,
    );
    assert_eq!(
        &BASE.replace("\"easy\"", "\"tempo run\"")[e.span()],
        "\"tempo run\""
    );
}

#[test]
fn unknown_names_list_the_accepted_ones() {
    let e = err(&BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\ntools = [\"ball\", \"hammer\"]",
    ));
    assert_error(
        &e,
        "unknown tool `hammer`: expected one of foam-roller, massage-stick, ball, percussion-gun (in `athlete.tools`)",
        6,
        18,
    );
    let e = err(&format!(
        "{BASE}\n[[athlete.injuries]]\narea = \"elbow\"\nsince = 2026-01-10\n"
    ));
    assert!(
        e.message()
            .starts_with("unknown body area `elbow`: expected one of plantar-fascia, foot,"),
        "{e}"
    );
    assert_eq!((e.line(), e.column()), (17, 8));
    let e = err(&format!(
        "{BASE}\n[athlete.therapist]\nweekdays = [\"mon\", \"funday\"]\n"
    ));
    assert_error(
        &e,
        "unknown weekday `funday`: expected one of mon, tue, wed, thu, fri, sat, sun; did you mean \"sunday\"? (in `athlete.therapist.weekdays`)",
        17,
        20,
    );
    let e = err(&format!("units = \"miles\"\n{BASE}"));
    assert_error(
        &e,
        "unknown unit `miles`: expected one of km, mi; did you mean \"mi\"? (in `units`)",
        1,
        9,
    );
    let e = err(&format!(
        "{BASE}\n[[bookings]]\ndate = 2026-03-03\ntype = \"thai\"\n"
    ));
    assert_error(
        &e,
        "unknown massage type `thai`: expected one of deep, art, swedish (in `bookings.type`)",
        18,
        8,
    );
}

#[test]
fn misspelt_names_suggest_the_nearest_known_ones() {
    // Each keeps its position and lists the accepted names before the hint.
    let e = err(&workout("kind = \"tmepo\"\n"));
    assert_eq!((e.line(), e.column()), (14, 8), "{e}");
    assert!(
        e.message()
            .starts_with("unknown workout kind `tmepo`: expected one of rest, easy,"),
        "{e}"
    );
    assert!(
        e.message()
            .ends_with("strength; did you mean \"tempo\"? (in `workouts.kind`)"),
        "{e}"
    );
    let e = err(&BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\ntools = [\"foam roler\"]",
    ));
    assert_error(
        &e,
        "unknown tool `foam roler`: expected one of foam-roller, massage-stick, ball, percussion-gun; did you mean \"foam-roller\"? (in `athlete.tools`)",
        6,
        10,
    );
    let e = err(&format!(
        "{BASE}\n[[athlete.injuries]]\narea = \"hamstrung\"\nsince = 2026-01-10\n"
    ));
    assert_eq!((e.line(), e.column()), (17, 8), "{e}");
    assert!(
        e.message()
            .ends_with("back; did you mean \"hamstring\"? (in `athlete.injuries.area`)"),
        "{e}"
    );
    let e = err(&format!(
        "{BASE}\n[[bookings]]\ndate = 2026-03-03\ntype = \"swedsh\"\n"
    ));
    assert_error(
        &e,
        "unknown massage type `swedsh`: expected one of deep, art, swedish; did you mean \"swedish\"? (in `bookings.type`)",
        18,
        8,
    );
    let e = err(&format!(
        "{BASE}\n[athlete.therapist]\nweekdays = [\"wedensday\"]\n"
    ));
    assert!(e.message().contains("; did you mean \"wednesday\"?"), "{e}");
    let e = err(&format!(
        "{BASE}\n[[athlete.health]]\ncondition = \"fevr\"\nfrom = 2026-01-10\n"
    ));
    assert!(e.message().contains("; did you mean \"fever\"?"), "{e}");
}

#[test]
fn names_far_from_every_known_one_suggest_nothing() {
    for e in [
        err(&workout("kind = \"swimming\"\n")),
        err(&BASE.replace(
            "monthly_budget = 120",
            "monthly_budget = 120\ntools = [\"hammer\"]",
        )),
        err(&format!(
            "{BASE}\n[[races]]\ndate = 2026-04-26\nname = \"R\"\ndistance = \"10k\"\npriority = \"D\"\n"
        )),
    ] {
        assert!(e.message().starts_with("unknown "), "{e}");
        assert!(!e.message().contains("did you mean"), "{e}");
    }
}

#[test]
fn unknown_fields_are_rejected_with_their_name() {
    let e = err(&BASE.replace("monthly_budget = 120", "monthly_budget = 120\nbudget = 3"));
    assert_error(
        &e,
        "unknown field `budget`, expected one of `name`, `time_zone`, `currency`, `monthly_budget`, `regular_massage`, `tools`, `sex`, `resting_hr`, `max_hr`, `prices`, `injuries`, `therapist`, `health`, `free`, `credits`; did you mean \"monthly_budget\"? (in `athlete`)",
        6,
        1,
    );
    let e = err(&BASE.replace("date = 2026-03-02", "dat = 2026-03-02"));
    assert_error(
        &e,
        "unknown field `dat`, expected one of `date`, `kind`, `minutes`, `distance`, `title`, `notes`; did you mean \"date\"? (in `workouts`)",
        13,
        1,
    );
    let e = err(&format!("unit = \"mi\"\n{BASE}"));
    assert_error(
        &e,
        "unknown field `unit`, expected one of `units`, `athlete`, `workouts`, `races`, `bookings`; did you mean \"units\"?",
        1,
        1,
    );
    let e = err(&format!("{BASE}\n[plan]\nx = 1\n"));
    assert!(e.message().starts_with("unknown field `plan`"), "{e}");
    assert_eq!((e.line(), e.column()), (16, 2));
    let e = err(&format!(
        "{BASE}\n[athlete.therapist]\nclosed = [{{ from = 2026-04-10, too = 2026-04-12 }}]\n"
    ));
    assert_error(
        &e,
        "unknown field `too`, expected `from` or `to`; did you mean \"to\"? (in `athlete.therapist.closed`)",
        17,
        11,
    );
    let e = err(&BASE.replace("swedish = 60", "swedish = 60\nthai = 50"));
    assert_error(
        &e,
        "unknown field `thai`, expected one of `deep`, `art`, `swedish` (in `athlete.prices`)",
        11,
        1,
    );
}

#[test]
fn missing_required_fields() {
    let e = err(&BASE.replace("name = \"Sam\"\n", ""));
    assert_error(&e, "missing field `name` (in `athlete`)", 1, 1);
    let e = err(&BASE.replace("kind = \"easy\"\n", ""));
    assert_error(&e, "missing field `kind` (in `workouts`)", 12, 1);
    let e = err(&format!(
        "{BASE}\n[athlete.therapist]\nclosed = [{{ from = 2026-04-10 }}]\n"
    ));
    assert_error(
        &e,
        "missing field `to` (in `athlete.therapist.closed`)",
        17,
        11,
    );
}

#[test]
fn syntax_errors_use_toml_positions() {
    let e = err(&BASE.replace("kind = \"easy\"", "kind = easy"));
    assert_eq!((e.line(), e.column()), (14, 8));
    assert!(e.message().contains("string values must be quoted"), "{e}");
    let e = err(&BASE.replace("kind = \"easy\"\n", "kind = \"easy\"\nkind = \"rest\"\n"));
    assert_error(&e, "duplicate key", 15, 1);
}

#[test]
fn type_errors_say_what_was_expected() {
    let e = err(&BASE.replace("date = 2026-03-02", "date = 5"));
    assert_error(
        &e,
        "invalid type: integer `5`, expected a date like 2026-03-02 (in `workouts.date`)",
        13,
        8,
    );
    let e = err(&BASE.replace("deep = 70", "deep = \"70\""));
    assert_error(
        &e,
        "invalid type: string \"70\", expected an amount of money like 70 or 69.50 (in `athlete.prices.deep`)",
        8,
        8,
    );
    let e = err(&BASE.replace("[[workouts]]", "[workouts]"));
    assert_error(
        &e,
        "invalid type: table, expected an array (in `workouts`)",
        12,
        1,
    );
    let e = err(&BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\nregular_massage = \"yes\"",
    ));
    assert_error(
        &e,
        "invalid type: string \"yes\", expected a boolean (in `athlete.regular_massage`)",
        6,
        19,
    );
}

#[test]
fn bad_dates() {
    let e = err(&BASE.replace("date = 2026-03-02", "date = \"2026-13-02\""));
    assert_error(
        &e,
        "`2026-13-02` is not a day of the calendar (in `workouts.date`)",
        13,
        8,
    );
    let e = err(&BASE.replace("date = 2026-03-02", "date = \"March 2nd\""));
    assert_error(
        &e,
        "cannot read date `March 2nd`: expected a date like 2026-03-02 (in `workouts.date`)",
        13,
        8,
    );
    let e = err(&BASE.replace("date = 2026-03-02", "date = 2026-03-02T10:00:00"));
    assert_error(
        &e,
        "expected a date without a time of day like 2026-03-02, found `2026-03-02T10:00:00` (in `workouts.date`)",
        13,
        8,
    );
}

#[test]
fn bad_distances_and_minutes() {
    let e = err(&workout("kind = \"easy\"\ndistance = \"32 furlongs\"\n"));
    assert_error(
        &e,
        "unknown distance unit in `32 furlongs`: expected a number with a unit such as \"25 km\" or \"15 mi\", or one of 5k, 10k, half, marathon, ultra (in `workouts.distance`)",
        15,
        12,
    );
    let e = err(&workout("kind = \"easy\"\ndistance = 0\n"));
    assert_error(
        &e,
        "distance 0 must be more than 0 (in `workouts.distance`)",
        15,
        12,
    );
    let e = err(&workout("kind = \"easy\"\ndistance = \"-3 km\"\n"));
    assert_error(
        &e,
        "distance -3 must be more than 0 in `-3 km` (in `workouts.distance`)",
        15,
        12,
    );
    let e = err(&workout("kind = \"easy\"\nminutes = -10\n"));
    assert_error(
        &e,
        "minutes -10 must not be negative (in `workouts.minutes`)",
        15,
        11,
    );
    let e = err(&workout("kind = \"easy\"\nminutes = nan\n"));
    assert_error(
        &e,
        "minutes NaN is not a finite number (in `workouts.minutes`)",
        15,
        11,
    );
}

#[test]
fn until_before_since() {
    let text = format!(
        "{BASE}\n[[athlete.injuries]]\narea = \"calf\"\nsince = 2026-02-01\nuntil = 2026-01-01\n"
    );
    assert_error(
        &err(&text),
        "`until` 2026-01-01 is before `since` 2026-02-01",
        19,
        9,
    );
}

#[test]
fn health_until_before_from() {
    let text = format!(
        "{BASE}\n[[athlete.health]]\ncondition = \"fever\"\nfrom = 2026-02-01\nuntil = \"2026-01-31\"\n"
    );
    assert_error(
        &err(&text),
        "`until` 2026-01-31 is before `from` 2026-02-01",
        19,
        9,
    );
}

#[test]
fn closed_to_before_from() {
    let text = format!(
        "{BASE}\n[athlete.therapist]\nclosed = [2026-04-01, {{ from = 2026-04-10, to = 2026-04-02 }}]\n"
    );
    assert_error(
        &err(&text),
        "`to` 2026-04-02 is before `from` 2026-04-10",
        17,
        49,
    );
}

#[test]
fn unknown_time_zone() {
    let e = err(&BASE.replace("Europe/London", "Europe/Londn"));
    assert_error(
        &e,
        "unknown time zone `Europe/Londn`: expected an IANA name such as Europe/London; did you mean \"Europe/London\"?",
        3,
        13,
    );
    let e = err(&BASE.replace("Europe/London", "london"));
    assert!(
        e.message().ends_with("; did you mean \"Europe/London\"?"),
        "{e}"
    );
    let e = err(&BASE.replace("Europe/London", "Nowhere/Atlantis"));
    assert!(!e.message().contains("did you mean"), "{e}");
}

#[test]
fn bad_currency() {
    let e = err(&BASE.replace("\"GBP\"", "\"pounds\""));
    assert_error(
        &e,
        "currency `pounds` is not an ISO 4217 code: expected three letters such as EUR, GBP or USD",
        4,
        12,
    );
}

#[test]
fn negative_and_zero_prices() {
    let e = err(&BASE.replace("deep = 70", "deep = -70"));
    assert_error(
        &e,
        "amount -70 must not be negative (in `athlete.prices.deep`)",
        8,
        8,
    );
    let e = err(&BASE.replace("art = 85", "art = 0"));
    assert_error(
        &e,
        "the price of one `art` session must be more than 0",
        9,
        7,
    );
    let e = err(&BASE.replace("swedish = 60", "swedish = 0.001"));
    assert_error(
        &e,
        "the price of one `swedish` session must be more than 0",
        10,
        11,
    );
    let e = err(&BASE.replace("monthly_budget = 120", "monthly_budget = -1"));
    assert_error(
        &e,
        "amount -1 must not be negative (in `athlete.monthly_budget`)",
        5,
        18,
    );
}

#[test]
fn heart_rates() {
    let e = err(&BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\nresting_hr = 300",
    ));
    assert_error(
        &e,
        "heart rate 300 is out of range: expected 20 to 250 beats per minute (in `athlete.resting_hr`)",
        6,
        14,
    );
    let e = err(&BASE.replace("monthly_budget = 120", "monthly_budget = 120\nmax_hr = 55"));
    assert_error(&e, "`max_hr` 55 must be above `resting_hr` 60", 6, 10);
    let e = err(&BASE.replace(
        "monthly_budget = 120",
        "monthly_budget = 120\nresting_hr = 52.5",
    ));
    assert_error(
        &e,
        "invalid type: floating point `52.5`, expected a whole number of beats per minute like 52 (in `athlete.resting_hr`)",
        6,
        14,
    );
}

#[test]
fn duplicate_bookings_on_one_day() {
    let text = format!(
        "{BASE}\n[[bookings]]\ndate = 2026-03-03\ntype = \"deep\"\n\n[[bookings]]\ndate = \"2026-03-03\"\ntype = \"art\"\n"
    );
    assert_error(
        &err(&text),
        "a massage is already booked on 2026-03-03 (line 17): knead plans at most one massage a day",
        21,
        8,
    );
}

#[test]
fn nothing_to_plan() {
    let text = BASE.replace("[[workouts]]\ndate = 2026-03-02\nkind = \"easy\"\n", "");
    let e = err(&text);
    assert_error(
        &e,
        "nothing to plan: the file has no workouts and no races",
        1,
        1,
    );
    let help = miette::Diagnostic::help(&e).map(|h| h.to_string());
    assert_eq!(
        help.as_deref(),
        Some("add at least one [[workouts]] or [[races]] entry")
    );
}

#[test]
fn empty_file_misses_the_athlete() {
    assert_error(&err(""), "missing field `athlete`", 1, 1);
}

#[test]
fn errors_are_diagnostics_with_source_and_label() {
    let text = workout("kind = \"tempo run\"\n");
    let e = err(&text);
    let d: &dyn miette::Diagnostic = &e;
    assert_eq!(
        d.code().map(|c| c.to_string()).as_deref(),
        Some("knead::plan_file")
    );
    let labels: Vec<miette::LabeledSpan> = d.labels().map(Iterator::collect).unwrap_or_default();
    assert_eq!(labels.len(), 1);
    assert_eq!(
        labels[0].offset(),
        text.find("\"tempo run\"").unwrap_or(usize::MAX)
    );
    assert_eq!(labels[0].len(), "\"tempo run\"".len());
    let source = d.source_code().map(|s| {
        s.read_span(&labels[0].inner().clone(), 0, 0)
            .map(|c| c.name().map(str::to_string))
    });
    assert!(
        matches!(source, Some(Ok(Some(ref n))) if n == "plan.toml"),
        "{source:?}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = BASE
        .replace("name = \"Sam\"", "name = \"Zoë Åsa\"")
        .replace(
            "kind = \"easy\"",
            "title = \"Ünïcode\"\nkind = \"tempo run\"",
        );
    let e = err(&text);
    assert_eq!((e.line(), e.column()), (15, 8));
    let prefix = "races = [{ name = \"Zoë Åsa\", date = 2026-04-26, distance = ";
    let text = format!("{prefix}\"10 furlongs\" }}]\n{BASE}");
    let e = err(&text);
    assert_eq!(e.line(), 1);
    assert_eq!(e.column(), prefix.chars().count() + 1);
    assert_ne!(
        e.column(),
        prefix.len() + 1,
        "the prefix has multi-byte characters"
    );
}

// ---- warnings -----------------------------------------------------------

#[test]
fn booking_on_a_closed_day_is_a_warning() {
    let text = format!(
        "{BASE}\n[athlete.therapist]\nclosed = [{{ from = 2026-04-10, to = 2026-04-20 }}]\n\n[[bookings]]\ndate = 2026-04-14\ntype = \"deep\"\n\n[[bookings]]\ndate = 2026-03-08\ntype = \"swedish\"\n\n[[races]]\ndate = 2026-04-12\nname = \"R\"\ndistance = \"10k\"\n"
    );
    let parsed = ok(&text);
    assert_eq!(
        parsed.warnings,
        vec![
            "plan.toml:20:8: warning: the booking on 2026-04-14 (Tuesday) falls on a day the therapist is closed".to_string(),
            "plan.toml:24:8: warning: the booking on 2026-03-08 (Sunday) falls on a day the therapist is closed".to_string(),
        ]
    );
    assert_eq!(parsed.plan.bookings.len(), 2, "the bookings are kept");
}

#[test]
fn empty_weekdays_is_a_warning() {
    let parsed = ok(&format!("{BASE}\n[athlete.therapist]\nweekdays = []\n"));
    assert_eq!(parsed.plan.athlete.therapist.weekdays, [false; 7]);
    assert_eq!(parsed.warnings.len(), 1);
    assert!(
        parsed.warnings[0].starts_with("plan.toml:17:12: warning: `weekdays` is empty"),
        "{:?}",
        parsed.warnings
    );
}

// ---- the built-in example -----------------------------------------------

fn monday_of(d: Date) -> Date {
    d.checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
        .unwrap_or(d)
}

#[test]
fn example_parses_cleanly() {
    let parsed = ok(MARATHON_TOML);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.plan, marathon());
    let a = &parsed.plan.athlete;
    assert_eq!((a.currency.as_str(), a.monthly_budget), ("EUR", 10000));
    assert_eq!(
        (a.prices.deep, a.prices.art, a.prices.swedish),
        (7000, 8000, 5500)
    );
    assert_eq!(a.tools, vec![Tool::FoamRoller, Tool::Ball]);
    assert_eq!(
        a.therapist.weekdays,
        [false, true, true, true, true, true, false]
    );
    assert_eq!(a.therapist.closed.len(), 1);
    let closure = a.therapist.closed[0];
    assert_eq!(
        closure.from.until(closure.to).map(|s| s.get_days()).ok(),
        Some(7)
    );
    assert_eq!(parsed.plan.bookings.len(), 1);
}

#[test]
fn example_is_an_18_week_build_in_minutes() {
    let plan = marathon();
    let first = plan.workouts.first().map(|w| w.date);
    let last = plan.workouts.last().map(|w| w.date);
    assert_eq!(first, Some(date(2026, 12, 21)));
    assert_eq!(first.map(|d| d.weekday()), Some(Weekday::Monday));
    assert_eq!(last, Some(date(2027, 4, 25)));
    assert_eq!(last.map(|d| d.weekday()), Some(Weekday::Sunday));
    let mut weeks: Vec<Date> = plan.workouts.iter().map(|w| monday_of(w.date)).collect();
    weeks.dedup();
    assert_eq!(weeks.len(), 18);
    for week in &weeks {
        let runs = plan
            .workouts
            .iter()
            .filter(|w| monday_of(w.date) == *week && w.kind.is_run())
            .count();
        assert!((5..=6).contains(&runs), "week of {week}: {runs} runs");
        let monday = plan
            .workouts
            .iter()
            .find(|w| w.date == *week)
            .map(|w| w.kind);
        assert_eq!(monday, Some(WorkoutKind::Rest), "week of {week}");
    }
    assert!(plan.workouts.iter().all(|w| w.distance_km.is_none()));
    assert!(
        plan.workouts
            .iter()
            .all(|w| w.kind == WorkoutKind::Rest || w.minutes.is_some())
    );
}

#[test]
fn example_long_runs_peak_at_200_minutes_three_weeks_out() {
    let plan = marathon();
    let longs: Vec<(Date, f64)> = plan
        .workouts
        .iter()
        .filter(|w| w.kind == WorkoutKind::Long)
        .map(|w| (w.date, w.minutes.unwrap_or(0.0)))
        .collect();
    assert!(longs.iter().all(|(d, _)| d.weekday() == Weekday::Sunday));
    assert_eq!(longs.first().map(|l| l.1), Some(90.0));
    let peak = longs.iter().cloned().fold(
        (date(2000, 1, 1), 0.0),
        |a, b| if b.1 > a.1 { b } else { a },
    );
    assert_eq!(peak, (date(2027, 4, 4), 200.0));
    assert_eq!(
        date(2027, 4, 4)
            .until(date(2027, 4, 25))
            .map(|s| s.get_days())
            .ok(),
        Some(21)
    );
}

#[test]
fn example_races_and_niggle() {
    let plan = marathon();
    assert_eq!(plan.races.len(), 2);
    let half = &plan.races[0];
    let full = &plan.races[1];
    assert_eq!(
        (half.date, half.priority, half.distance_km),
        (date(2027, 3, 14), Priority::B, distance::HALF)
    );
    assert_eq!(
        (full.date, full.priority, full.distance_km),
        (date(2027, 4, 25), Priority::A, distance::MARATHON)
    );
    assert_eq!(half.date.weekday(), Weekday::Sunday);
    assert_eq!(
        half.date.until(full.date).map(|s| s.get_days()).ok(),
        Some(42)
    );
    let injuries = &plan.athlete.injuries;
    assert_eq!(injuries.len(), 1);
    assert_eq!(injuries[0].area, BodyArea::PlantarFascia);
    let days = injuries[0]
        .until
        .and_then(|u| injuries[0].since.until(u).ok())
        .map(|s| s.get_days());
    assert!(matches!(days, Some(24..=31)), "{days:?}");
}

#[test]
fn example_round_trips_through_the_writer() {
    let plan = marathon();
    let text = to_toml(&plan);
    let again = ok(&text);
    assert!(again.warnings.is_empty());
    assert_eq!(again.plan, plan);
}

#[test]
fn full_plan_round_trips_through_the_writer() {
    let mut plan = ok(FULL).plan;
    plan.athlete.name = "Quote \" backslash \\ tab\t newline\n bell\u{7}".to_string();
    plan.workouts[0].minutes = Some(45.25);
    plan.workouts[1].distance_km = Some(1e-7);
    let text = to_toml(&plan);
    assert_eq!(ok(&text).plan, plan, "{text}");
}

// ---- robustness -----------------------------------------------------------

/// A parse result's error, if any, points inside the text.
fn check_no_panic(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = parse("fuzz.toml", text) {
        prop_assert!(e.line() >= 1 && e.column() >= 1);
        prop_assert!(e.span().end <= text.len());
        prop_assert!(
            text.get(e.span()).is_some(),
            "span {:?} not on char boundaries",
            e.span()
        );
        prop_assert!(e.to_string().starts_with("fuzz.toml:"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        check_no_panic(&text)?;
    }

    #[test]
    fn parse_never_panics_on_toml_like_text(text in "[\\[\\]a-z_= \"0-9.,{}\\-:\n#]{0,300}") {
        check_no_panic(&text)?;
    }

    #[test]
    fn parse_never_panics_on_truncated_example(cut in 0usize..MARATHON_TOML.len()) {
        let mut at = cut;
        while !MARATHON_TOML.is_char_boundary(at) {
            at -= 1;
        }
        check_no_panic(&MARATHON_TOML[..at])?;
    }

    #[test]
    fn parse_never_panics_on_mutated_example(
        edits in proptest::collection::vec((0usize..MARATHON_TOML.len(), any::<char>()), 1..8)
    ) {
        let mut bytes = MARATHON_TOML.as_bytes().to_vec();
        for (at, c) in edits {
            let mut buf = [0u8; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            let at = at.min(bytes.len().saturating_sub(1));
            bytes.splice(at..at + 1, enc.iter().copied());
        }
        let text = String::from_utf8_lossy(&bytes);
        check_no_panic(&text)?;
    }

    #[test]
    fn parse_never_panics_on_mutated_full_example(
        edits in proptest::collection::vec((0usize..FULL.len(), any::<u8>()), 1..6)
    ) {
        let mut bytes = FULL.as_bytes().to_vec();
        for (at, b) in edits {
            bytes[at] = b;
        }
        let text = String::from_utf8_lossy(&bytes);
        check_no_panic(&text)?;
    }
}

#[test]
fn the_documented_example_parses() {
    let doc = include_str!("../../../docs/plan-format.md");
    let start = doc
        .find("```toml\n")
        .map(|i| i + "```toml\n".len())
        .unwrap_or(0);
    let len = doc[start..].find("```").unwrap_or(0);
    let parsed = ok(&doc[start..start + len]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.plan.athlete.name, "Sam Runner");
    assert_eq!(parsed.plan.workouts.len(), 2);
    assert_eq!(
        parsed.plan.workouts[1].distance_km,
        Some(10.0 * distance::MILE_KM)
    );
    assert_eq!(parsed.plan.races[0].priority, Priority::A);
}
