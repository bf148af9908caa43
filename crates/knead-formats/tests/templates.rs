//! Published plan templates: loading, and placing them by race date.

use std::path::Path;

use jiff::civil::{Date, date};
use knead_core::model::{DistanceUnit, Workout, WorkoutKind};
use knead_formats::template::{
    self, Format, PlanDistance, Scheduled, Template, TemplateError, load, parse_str, schedule,
};

const PLANS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/plans");

const RACE: Date = date(2027, 4, 18);

fn builtin(id: &str) -> Template {
    load(id).unwrap_or_else(|e| panic!("built-in {id} loads: {e}"))
}

fn on(s: &Scheduled, day: Date) -> Vec<&Workout> {
    s.workouts.iter().filter(|w| w.date == day).collect()
}

fn km(mi: f64) -> f64 {
    mi * 1.609344
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

#[test]
fn every_shipped_plan_loads_and_schedules() {
    let infos = template::builtin();
    assert_eq!(infos.len(), 6, "six plans are shipped: {infos:?}");
    for info in infos {
        let t = builtin(&info.id);
        assert_eq!(t.id, info.id);
        assert_eq!(t.weeks.len(), info.weeks);
        assert!(t.weeks.iter().all(|w| w.workouts.len() == 7));
        assert!(
            !t.name.is_empty() && !t.description.is_empty(),
            "{}",
            info.id
        );
        let s = schedule(&t, RACE, DistanceUnit::Km);
        assert!(
            !s.warnings.iter().any(|w| w.contains("unrecognised")),
            "{}: {:?}",
            info.id,
            s.warnings
        );
        let (day, distance) = s
            .race_day
            .unwrap_or_else(|| panic!("{} has a race day", info.id));
        assert_eq!(day, RACE);
        assert_eq!(Some(distance), t.race_distance_km(), "{}", info.id);
        let race = on(&s, RACE);
        assert_eq!(race.len(), 1, "{}", info.id);
        assert_eq!(race[0].kind, WorkoutKind::Race, "{}", info.id);
        // Dates follow one another, one day at most per workout.
        assert!(
            s.workouts.windows(2).all(|w| w[0].date < w[1].date),
            "{}",
            info.id
        );
        assert!(
            s.workouts
                .iter()
                .all(|w| w.source.as_deref() == Some(&*format!("template:{}", info.id)))
        );
        // Every title is rendered in km.
        assert!(
            s.workouts
                .iter()
                .all(|w| !w.title.as_deref().unwrap_or("").contains('{')),
            "{}",
            info.id
        );
    }
}

#[test]
fn every_plan_file_shipped_is_built_in_with_its_licence() {
    let ids: Vec<String> = template::builtin().into_iter().map(|i| i.id).collect();
    let mut files = 0;
    for entry in std::fs::read_dir(PLANS).expect("plans/ exists") {
        let path = entry.expect("readable entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if !matches!(ext, "json" | "yaml") || stem == "plan-schema" {
            continue;
        }
        files += 1;
        assert!(
            ids.contains(&stem),
            "{} is not in template::BUILTIN",
            path.display()
        );
    }
    assert_eq!(files, ids.len());
    let licence =
        std::fs::read_to_string(Path::new(PLANS).join("LICENSE.md")).expect("LICENSE.md ships");
    assert!(licence.contains("MIT License"));
}

#[test]
fn higdon_novice_1_ends_on_race_day() {
    let t = builtin("higdon_nov_mara1");
    assert_eq!(t.units, DistanceUnit::Mi);
    assert_eq!(t.race_type, "Marathon");
    assert_eq!(t.weeks.len(), 18);
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.workouts.len(), 18 * 7, "rest days are kept");
    assert_eq!(s.race_day, Some((RACE, 42.195)));

    let last = s.workouts.last().expect("workouts");
    assert_eq!(last.date, RACE);
    assert_eq!(last.kind, WorkoutKind::Race);
    assert_eq!(last.title.as_deref(), Some("Marathon (26.2 mi)"));
    assert!(
        approx(last.distance_km, km(26.2)),
        "the plan's own distance: {:?}",
        last.distance_km
    );

    let first = &s.workouts[0];
    assert_eq!(first.date, date(2026, 12, 14));
    assert_eq!(
        first.date.until(RACE).map(|d| d.get_days()).ok(),
        Some(18 * 7 - 1)
    );
    assert_eq!(first.kind, WorkoutKind::Rest);
    assert_eq!(first.title.as_deref(), Some("Rest"));

    // Week 1: Tue-Thu "{3:4.8} run", Sat "{6:9.7}" (the long run), Sun "Cross".
    let tuesday = on(&s, date(2026, 12, 15))[0];
    assert_eq!(tuesday.kind, WorkoutKind::Easy);
    assert!(approx(tuesday.distance_km, km(3.0)));
    assert_eq!(tuesday.title.as_deref(), Some("3 mi run"));
    let long = on(&s, date(2026, 12, 19))[0];
    assert_eq!(long.kind, WorkoutKind::Long);
    assert!(approx(long.distance_km, km(6.0)), "{:?}", long.distance_km);
    assert_eq!(long.title.as_deref(), Some("6 mi"));
    let first_long = s
        .workouts
        .iter()
        .find(|w| w.kind == WorkoutKind::Long)
        .expect("a long run");
    assert_eq!(first_long.date, date(2026, 12, 19));
    assert_eq!(on(&s, date(2026, 12, 20))[0].kind, WorkoutKind::Cross);
    // Week 3 steps back: 3, 4, 3 and "{5:8.1}" on the long-run day (Saturday).
    let step_back = on(&s, date(2027, 1, 2))[0];
    assert_eq!(step_back.title.as_deref(), Some("5 mi"));
    assert_eq!(step_back.kind, WorkoutKind::Long);
    // Every Saturday before the half-marathon week holds a long run.
    let saturdays = s.workouts.iter().filter(|w| {
        w.date.weekday() == jiff::civil::Weekday::Saturday && w.date < date(2027, 2, 6)
    });
    assert!(
        saturdays.clone().count() == 7 && saturdays.clone().all(|w| w.kind == WorkoutKind::Long)
    );

    // Week 8 ends with a half marathon: a race, 13.1 mi.
    let half = on(&s, date(2027, 2, 7))[0];
    assert_eq!(half.kind, WorkoutKind::Race);
    assert!(approx(half.distance_km, km(13.1)));

    // 18 long runs at most; the peak is 20 miles three weeks out.
    let peak = s
        .workouts
        .iter()
        .filter(|w| w.kind == WorkoutKind::Long)
        .max_by(|a, b| {
            a.distance_km
                .unwrap_or(0.0)
                .total_cmp(&b.distance_km.unwrap_or(0.0))
        })
        .expect("long runs");
    assert!(approx(peak.distance_km, km(20.0)));
    assert_eq!(peak.date, date(2027, 3, 27));
}

#[test]
fn titles_are_rendered_in_the_units_asked_for() {
    let t = builtin("higdon_nov_mara1");
    let s = schedule(&t, RACE, DistanceUnit::Km);
    assert_eq!(
        on(&s, date(2026, 12, 15))[0].title.as_deref(),
        Some("4.8 km run")
    );
    assert_eq!(
        on(&s, date(2026, 12, 19))[0].title.as_deref(),
        Some("9.7 km")
    );
    assert_eq!(
        s.workouts.last().and_then(|w| w.title.as_deref()),
        Some("Marathon (42.2 km)")
    );
    // Distances stay in km whatever the display units.
    let mi = schedule(&t, RACE, DistanceUnit::Mi);
    let kms: Vec<Option<f64>> = s.workouts.iter().map(|w| w.distance_km).collect();
    let mis: Vec<Option<f64>> = mi.workouts.iter().map(|w| w.distance_km).collect();
    assert_eq!(kms, mis);
}

#[test]
fn the_taper_weeks_bare_distance_stays_easy() {
    // A one-week plan of 3, 4, 3 and a bare 5: 5 < 1.5 x 3.5, not clearly the
    // long run, and with no clear long run the plan has no long-run day.
    let yaml = "id: taper\nname: Taper\nunits: mi\ntype: 10K\nschedule:\n- workouts:\n  \
                - title: Rest\n  - title: '{3:4.8} run'\n  - title: '{4:6.4} run'\n  \
                - title: '{3:4.8} run'\n  - title: Rest\n  - title: '{5:8.1}'\n  - title: 10K race\n";
    let t = parse_str(yaml, Format::Yaml, "taper.yaml").expect("parses");
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    let bare = s
        .workouts
        .iter()
        .find(|w| w.title.as_deref() == Some("5 mi"))
        .expect("the bare 5");
    assert_eq!(bare.kind, WorkoutKind::Easy);
    assert_eq!(s.race_day, Some((RACE, 10.0)));
}

#[test]
fn a_race_before_a_recovery_week_goes_on_race_day() {
    // Faster Road Racing's 5K plan: the goal race is week 12's Saturday, then a recovery week.
    let t = builtin("frr_5k_01");
    assert_eq!(t.weeks.len(), 13);
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    let race = on(&s, RACE);
    assert_eq!(race[0].title.as_deref(), Some("5K goal race 9 mi"));
    assert_eq!(race[0].kind, WorkoutKind::Race);
    assert!(
        approx(race[0].distance_km, km(9.0)),
        "race day with warm-up and cool-down"
    );
    assert_eq!(s.race_day, Some((RACE, 5.0)));
    assert_eq!(s.workouts.first().map(|w| w.date), Some(date(2027, 1, 26)));
    assert_eq!(s.workouts.last().map(|w| w.date), Some(date(2027, 4, 26)));
    assert!(
        s.warnings.iter().any(|w| w.contains("week 12 day 6")),
        "{:?}",
        s.warnings
    );
    // Only one race in the plan: tune-up races stay races, but before race day.
    assert!(
        s.workouts
            .iter()
            .filter(|w| w.kind == WorkoutKind::Race)
            .all(|w| w.date <= RACE)
    );
}

#[test]
fn hansons_plan_ends_on_race_day_with_the_marathon() {
    let s = schedule(&builtin("hansons_beg_mara"), RACE, DistanceUnit::Mi);
    let last = s.workouts.last().expect("workouts");
    assert_eq!((last.date, last.kind), (RACE, WorkoutKind::Race));
    assert_eq!(s.race_day, Some((RACE, 42.195)));
    // "{1} Warm Up, {10} Tempo @ Goal MP, {1} Cool Down, ({12})": tempo, 12 miles.
    let tempo = s
        .workouts
        .iter()
        .find(|w| {
            w.title.as_deref()
                == Some("1 mi Warm Up, 10 mi Tempo @ Goal MP, 1 mi Cool Down, (12 mi)")
        })
        .expect("the 10-mile tempo");
    assert_eq!(tempo.kind, WorkoutKind::Tempo);
    assert!(approx(tempo.distance_km, km(12.0)));
    assert!(
        tempo
            .notes
            .as_deref()
            .is_some_and(|n| n.contains("10 mi Tempo"))
    );
}

#[test]
fn json_and_yaml_files_load_alike() {
    let yaml = load(&format!("{PLANS}/higdon_nov_mara1.yaml")).expect("YAML loads");
    assert_eq!(yaml, builtin("higdon_nov_mara1"));
    let json = load(&format!("{PLANS}/higdon_adv_mara1.json")).expect("JSON loads");
    assert_eq!(json.weeks.len(), 18);
    assert_eq!(json.units, DistanceUnit::Mi);

    let dir = tempfile::tempdir().expect("temp dir");
    let yml = dir.path().join("mine.yml");
    std::fs::write(
        &yml,
        "id: mine\nname: Mine\ndescription: one week\nunits: km\nsource: me\ntype: 5K\nschedule:\n\
         - workouts:\n  - title: Rest\n  - title: '{8:5} run'\n    distance: [6, 8]\n  \
         - title: Zumba\n  - title: ''\n  - title: Strength\n  - title: Tempo 30 min\n  \
         - title: Race Day!\n",
    )
    .expect("write");
    let json_path = dir.path().join("mine.json");
    std::fs::write(
        &json_path,
        r#"{"id": "mine", "name": "Mine", "description": "one week", "units": "km", "source": "me",
            "type": "5K", "schedule": [{"workouts": [{"title": "Rest"},
            {"title": "{8:5} run", "distance": [6, 8]}, {"title": "Zumba"}, {"title": ""},
            {"title": "Strength"}, {"title": "Tempo 30 min"}, {"title": "Race Day!"}]}]}"#,
    )
    .expect("write");
    let from_yaml = load(&yml.to_string_lossy()).expect("yml loads");
    let from_json = load(&json_path.to_string_lossy()).expect("json loads");
    assert_eq!(from_yaml, from_json);
    assert_eq!(
        from_yaml.weeks[0].workouts[1].distance,
        Some(PlanDistance::Range(6.0, 8.0))
    );

    let s = schedule(&from_yaml, RACE, DistanceUnit::Mi);
    assert_eq!(s.workouts.len(), 6, "the blank day has nothing planned");
    let run = &s.workouts[1];
    assert_eq!(run.distance_km, Some(8.0), "a range takes its upper value");
    assert_eq!(run.title.as_deref(), Some("5 mi run"));
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].contains("week 1 day 3") && s.warnings[0].contains("Zumba"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.workouts[2].kind, WorkoutKind::Easy);
    assert_eq!(s.workouts[4].minutes, Some(30.0));
    assert_eq!(s.race_day, Some((RACE, 5.0)));
    assert_eq!(
        s.workouts[5].distance_km,
        Some(5.0),
        "race day with no distance takes the race's"
    );
}

#[test]
fn a_broken_file_names_the_file_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = dir.path().join("broken.yaml");
    std::fs::write(
        &yaml,
        "id: broken\nname: Broken\nunits: mi\nschedule:\n  - workouts: [\n    - title: x\n",
    )
    .expect("write");
    let name = yaml.to_string_lossy().to_string();
    match load(&name) {
        Err(TemplateError::Parse {
            file,
            line,
            column,
            message,
        }) => {
            assert_eq!(file, name);
            assert!(line >= 5, "line {line}: {message}");
            assert!(column >= 1);
        }
        other => panic!("expected a parse error, got {other:?}"),
    }

    let json = dir.path().join("broken.json");
    std::fs::write(
        &json,
        "{\n  \"id\": \"b\",\n  \"name\": \"B\"\n  \"units\": \"mi\"\n}\n",
    )
    .expect("write");
    let err = load(&json.to_string_lossy()).expect_err("missing comma");
    match &err {
        TemplateError::Parse { line, column, .. } => assert_eq!((*line, *column), (4, 3)),
        other => panic!("expected a parse error, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}:4:3: ", json.display())),
        "{shown}"
    );
    assert!(
        !shown.contains("at line"),
        "the position is said once: {shown}"
    );

    // Valid YAML of the wrong shape: units must be mi or km.
    let err = parse_str(
        "id: a\nname: A\nunits: furlongs\nschedule: []\n",
        Format::Yaml,
        "a.yaml",
    )
    .expect_err("bad units");
    match err {
        TemplateError::Parse {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!((line, column), (3, 8), "{message}");
            assert!(
                message.contains("furlongs") && message.contains("expected one of km, mi"),
                "{message}"
            );
            assert!(
                !message.contains("line 3"),
                "the position is said once: {message}"
            );
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

/// A YAML plan with id `id`; each day is `title` or `title|distance`.
fn plan(id: &str, units: &str, race_type: &str, weeks: &[&[&str]]) -> Template {
    let mut yaml = format!("id: {id}\nname: {id}\nunits: {units}\ntype: {race_type}\nschedule:\n");
    for week in weeks {
        yaml.push_str("- workouts:\n");
        for day in *week {
            let (title, distance) = day.split_once('|').unwrap_or((day, ""));
            let title = serde_json::to_string(title).expect("a string");
            yaml.push_str(&format!("  - title: {title}\n"));
            if !distance.is_empty() {
                yaml.push_str(&format!("    distance: {distance}\n"));
            }
        }
    }
    parse_str(&yaml, Format::Yaml, &format!("{id}.yaml")).unwrap_or_else(|e| panic!("{yaml}\n{e}"))
}

#[test]
fn a_week_of_other_than_seven_days_is_laid_end_to_end() {
    // FRR's "multiple distances" plans have a week of eight days; calendar-hack
    // lays the days end to end, and so does knead, with a warning.
    let t = plan(
        "eight",
        "mi",
        "10K",
        &[
            &[
                "Rest", "{4} run", "{5} run", "Rest", "{4} run", "Rest", "{8} run", "{3} run",
            ],
            &[
                "Rest",
                "{4} run",
                "Rest",
                "{3} run",
                "Rest",
                "10K race",
                "Recovery {4}",
            ],
        ],
    );
    assert_eq!(t.weeks[0].workouts.len(), 8);
    assert!(
        t.warnings.iter().any(|w| w.contains("week 1 has 8 days")),
        "{:?}",
        t.warnings
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    // 15 days; the race is the 14th, on race day; the last day follows it.
    assert_eq!(s.workouts.first().map(|w| w.date), Some(date(2027, 4, 5)));
    assert_eq!(on(&s, RACE)[0].kind, WorkoutKind::Race);
    assert_eq!(
        s.workouts.last().map(|w| (w.date, w.kind)),
        Some((date(2027, 4, 19), WorkoutKind::Recovery))
    );
    assert!(
        s.warnings.iter().any(|w| w.contains("week 1 has 8 days")),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.race_day, Some((RACE, 10.0)));

    // A week of one day is read too; a plan with no day at all is not.
    let t = parse_str(
        "id: a\nname: A\nunits: mi\nschedule:\n- workouts:\n  - title: Rest\n",
        Format::Yaml,
        "short.yaml",
    )
    .expect("one day is read");
    assert_eq!(t.weeks[0].workouts.len(), 1);
    let err = parse_str(
        "id: a\nname: A\nunits: mi\nschedule:\n- workouts: []\n",
        Format::Yaml,
        "empty.yaml",
    )
    .expect_err("no days");
    assert!(err.to_string().contains("no days"), "{err}");
    let err = parse_str(
        r#"{"id": "a", "name": "A", "units": "mi", "schedule": []}"#,
        Format::Json,
        "e.json",
    )
    .expect_err("no weeks");
    assert!(err.to_string().contains("at least one"), "{err}");
}

#[test]
fn a_distance_written_as_an_entry_of_its_own_belongs_to_the_workout_before_it() {
    // Higdon's 5K and 10K files: "- title: 8 x 400 5K pace" then "- distance: 4.0".
    let yaml = "id: slip\nname: Slip\nunits: mi\ntype: 10K\nschedule:\n- workouts:\n  \
                - title: '{3:4.8} run'\n    distance: 3\n  - title: 8 x 400 5K pace\n  \
                - distance: 4.0\n  - title: '{4:6.4} run'\n    distance: 4\n  - title: Rest\n  \
                - title: 60 min Cross\n  - title: Rest\n  - title: 10K Race\n";
    let t = parse_str(yaml, Format::Yaml, "slip.yaml").expect("parses");
    assert_eq!(t.weeks[0].workouts.len(), 7);
    assert_eq!(
        t.weeks[0].workouts[1].distance,
        Some(PlanDistance::Single(4.0))
    );
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    assert!(
        t.warnings[0].contains("8 x 400 5K pace"),
        "{:?}",
        t.warnings
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    assert_eq!(s.workouts.first().map(|w| w.date), Some(date(2027, 4, 12)));
    let speed = on(&s, date(2027, 4, 13))[0];
    assert_eq!(speed.kind, WorkoutKind::Intervals);
    assert!(approx(speed.distance_km, km(4.0)));
    assert_eq!(on(&s, RACE)[0].kind, WorkoutKind::Race);
}

#[test]
fn an_older_file_with_title_and_null_distances_loads() {
    // calendar-hack's first files: the plan's `title` (no `name`), `distance: null`.
    let json = r#"{"id": "levelone", "title": "Level One", "units": "mi", "type": "Marathon",
        "schedule": [{"workouts": [{"title": "Off Day", "distance": null},
        {"title": "5-6 mile Easy Run {6}", "distance": 6}, {"title": "Cross", "distance": null},
        {"title": "4-5 mile Easy Run {5}", "distance": 5}, {"title": "Off Day", "distance": null},
        {"title": "Rest", "distance": 0.0}, {"title": "Marathon", "distance": null}]}]}"#;
    let t = parse_str(json, Format::Json, "levelone.json").expect("parses");
    assert_eq!(t.name, "Level One");
    assert_eq!(t.weeks[0].workouts[0].distance, None);
    let t = parse_str(
        r#"{"id": "noname", "units": "km", "schedule": [{"workouts": [{"title": "Rest"},
        {"title": "Rest"}, {"title": "Rest"}, {"title": "Rest"}, {"title": "Rest"},
        {"title": "Rest"}, {"title": "5K"}]}]}"#,
        Format::Json,
        "noname.json",
    )
    .expect("parses");
    assert_eq!(t.name, "noname", "the id stands in for a missing name");
}

#[test]
fn a_plan_whose_last_day_is_a_run_ends_the_day_before_the_race() {
    // The B.A.A.'s plans end with an easy Sunday run before the Monday marathon.
    let t = plan(
        "boston",
        "mi",
        "Marathon",
        &[&[
            "Off Day",
            "5-6 mile Easy Run {6}|6",
            "Cross Training or Strength Training",
            "6-7 mile Aerobic Run {7}|7",
            "Off Day",
            "5-6 mile Easy Run {6}|6",
            "2-3 mile Easy Run {3}|3",
        ]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    assert_eq!(s.workouts.first().map(|w| w.date), Some(date(2027, 4, 11)));
    let eve = on(&s, date(2027, 4, 17))[0];
    assert_eq!(
        (eve.kind, eve.title.as_deref()),
        (WorkoutKind::Easy, Some("2-3 mile Easy Run 3 mi"))
    );
    let race = on(&s, RACE);
    assert_eq!(race.len(), 1);
    assert_eq!(race[0].kind, WorkoutKind::Race);
    assert_eq!(race[0].distance_km, Some(42.195));
    assert_eq!(s.race_day, Some((RACE, 42.195)));
    assert!(
        s.warnings.iter().any(|w| w.contains("day before race day")),
        "{:?}",
        s.warnings
    );

    // A rest (or empty) last day holds the race, and takes the race's name.
    let t = plan(
        "rbp",
        "km",
        "5K",
        &[&[
            "Run 20 min",
            "Rest",
            "Run 20 min",
            "Rest",
            "Run 5K",
            "Rest",
            "Rest",
        ]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Km);
    let race = on(&s, RACE)[0];
    assert_eq!(
        (race.kind, race.title.as_deref()),
        (WorkoutKind::Race, Some("5K"))
    );
    assert_eq!(s.workouts.first().map(|w| w.date), Some(date(2027, 4, 12)));
}

#[test]
fn a_recovery_block_follows_the_race() {
    // Pfitzinger's five-week recovery blocks come after a marathon.
    let t = plan(
        "pfitz_55_recovery",
        "mi",
        "Marathon",
        &[&[
            "Rest or cross-training",
            "Rest or cross-training",
            "Recovery {4}|4",
            "Rest or cross-training",
            "Recovery {4}|4",
            "Rest or cross-training",
            "Recovery {5}|5",
        ]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    let race = on(&s, RACE);
    assert_eq!((race.len(), race[0].kind), (1, WorkoutKind::Race));
    assert_eq!(s.race_day, Some((RACE, 42.195)));
    assert_eq!(s.workouts[1].date, date(2027, 4, 19));
    assert_eq!(
        s.workouts.last().map(|w| (w.date, w.kind)),
        Some((date(2027, 4, 25), WorkoutKind::Recovery))
    );
    assert!(
        s.warnings.iter().any(|w| w.contains("recovery block")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn the_larger_of_the_plan_and_title_distances_is_used() {
    let t = plan(
        "distances",
        "mi",
        "Marathon",
        &[&[
            // Higdon's Novice 5K gives 1.5 miles to a 3-mile run.
            "{3:4.8} run|1.5",
            // Hansons' title says 10 in all, the plan 12.
            "{1} Warm Up, {10} Tempo @ Goal MP, {1} Cool Down, ({10})|12",
            // A field of 0 states nothing.
            "{6:9.7} run|0",
            // A rest day carries no distance.
            "Rest or {3-5:5-8} easy|[0.0, 4.0]",
            // Higdon's "60 min run" with its distance.
            "60 min run|6",
            "Rest",
            // FIRST writes the marathon in km in a plan in miles.
            "Marathon|42.195",
        ]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    let d: Vec<Option<f64>> = s.workouts.iter().map(|w| w.distance_km).collect();
    assert!(approx(d[0], km(3.0)), "{d:?}");
    assert!(approx(d[1], km(12.0)), "{d:?}");
    assert!(approx(d[2], km(6.0)), "{d:?}");
    assert_eq!(d[3], None);
    assert!(approx(d[4], km(6.0)), "{d:?}");
    assert_eq!(s.workouts[4].minutes, Some(60.0));
    assert!(approx(d[6], 42.195), "{d:?}");
}

#[test]
fn easy_runs_become_long_runs_unless_the_plan_names_its_long_runs() {
    let week: &[&str] = &[
        "Off Day",
        "5-6 mile Easy Run {6}",
        "Cross",
        "7 mile Aerobic Run {7}",
        "Cross",
        "4-5 mile Easy Run {5}",
        "9-10 mile Aerobic Run {10}",
    ];
    let t = plan("aerobic", "mi", "Marathon", &[week, week, &["Rest"; 7]]);
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    // Three weeks from Monday 29 March; the first Sunday's 10 miles is the long run.
    let sunday = on(&s, date(2027, 4, 4))[0];
    assert_eq!(sunday.kind, WorkoutKind::Long, "{:?}", sunday.title);
    // General aerobic runs are sessions of their own.
    let ga: &[&str] = &[
        "Rest",
        "Gen-aerobic {5}",
        "Rest",
        "Gen-aerobic {5}",
        "Rest",
        "Rest",
        "General aerobic {10}",
    ];
    let t = plan("ga", "mi", "Marathon", &[ga, &["Rest"; 7]]);
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    assert!(s.workouts.iter().all(|w| w.kind != WorkoutKind::Long));
    // Hansons names its long runs (in half the weeks here), so its longest
    // "Easy" stays easy.
    let named: &[&str] = &[
        "{6} Easy",
        "{6} Easy",
        "Rest",
        "{6} Easy",
        "{6} Easy",
        "{6} Easy",
        "{10} Long Run",
    ];
    let plain: &[&str] = &[
        "{6} Easy",
        "{6} Easy",
        "Rest",
        "{6} Easy",
        "{6} Easy",
        "{6} Easy",
        "{10} Easy",
    ];
    let t = plan(
        "hansons",
        "mi",
        "Marathon",
        &[named, plain, named, &["Rest"; 7]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    let easy_sunday = on(&s, date(2027, 4, 4))[0];
    assert_eq!(easy_sunday.title.as_deref(), Some("10 mi Easy"));
    assert_eq!(easy_sunday.kind, WorkoutKind::Easy);
}

#[test]
fn a_fifteen_k_or_ten_mile_plan_races_ten_miles() {
    let t = plan(
        "frr_15k10m",
        "mi",
        "15k/10m",
        &[&[
            "Rest",
            "Rest",
            "Rest",
            "Rest",
            "Rest",
            "Rest",
            "15k or 10-mile goal race\n{13:21}|13",
        ]],
    );
    let s = schedule(&t, RACE, DistanceUnit::Mi);
    assert!(
        s.race_day
            .is_some_and(|(d, km)| d == RACE && (km - 16.09344).abs() < 1e-6),
        "{:?}",
        s.race_day
    );
    assert!(approx(on(&s, RACE)[0].distance_km, km(13.0)));
}

#[test]
fn a_missing_file_is_named() {
    let err = load("no/such/dir/plan.yaml").expect_err("no such file");
    assert!(matches!(err, TemplateError::Read { .. }));
    assert!(err.to_string().contains("no/such/dir/plan.yaml"), "{err}");
    let err = load("higdon_novice_99").expect_err("no such template");
    assert!(matches!(err, TemplateError::NotFound { .. }));
    assert!(err.to_string().contains("higdon_novice_99"), "{err}");
}

#[test]
fn a_misspelt_template_name_suggests_the_nearest_built_in() {
    let err = load("higdon_nov_mara").expect_err("no such template");
    match &err {
        TemplateError::NotFound { name, nearest } => {
            assert_eq!(name, "higdon_nov_mara");
            assert_eq!(nearest, &["higdon_nov_mara1"]);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(
        err.to_string()
            .ends_with("and no such file; did you mean \"higdon_nov_mara1\"?"),
        "{err}"
    );
    // Case does not matter.
    let err = load("Hansons_Beg_Mar").expect_err("no such template");
    assert!(
        err.to_string()
            .ends_with("did you mean \"hansons_beg_mara\"?"),
        "{err}"
    );
    // Nothing near: no suggestion.
    let err = load("couch_to_5k").expect_err("no such template");
    assert!(matches!(&err, TemplateError::NotFound { nearest, .. } if nearest.is_empty()));
    assert!(!err.to_string().contains("did you mean"), "{err}");
}

#[test]
fn a_base_plan_has_no_race() {
    let yaml = "id: base\nname: Base\nunits: km\ntype: Base\nschedule:\n- workouts:\n  \
                - title: Rest\n  - title: '{5} run'\n  - title: Rest\n  - title: '{6} run'\n  \
                - title: Rest\n  - title: '{12}'\n  - title: '{5} run'\n";
    let t = parse_str(yaml, Format::Yaml, "base.yaml").expect("parses");
    let s = schedule(&t, RACE, DistanceUnit::Km);
    assert_eq!(s.race_day, None);
    assert!(s.workouts.iter().all(|w| w.kind != WorkoutKind::Race));
    assert_eq!(
        s.workouts.last().map(|w| (w.date, w.kind)),
        Some((RACE, WorkoutKind::Easy))
    );
    let long: Vec<&Workout> = s
        .workouts
        .iter()
        .filter(|w| w.kind == WorkoutKind::Long)
        .collect();
    assert_eq!(long.len(), 1);
    assert_eq!(long[0].distance_km, Some(12.0));
}
