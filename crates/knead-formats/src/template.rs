//! Published training plans (calendar-hack's plan format) placed by race date.
//!
//! A template is a JSON or YAML file following calendar-hack's
//! `plan-schema.json` (shipped in `crates/knead-formats/plans/`): `id`, `name`
//! (`title` in older files; the `id` when missing), `description`, `units` (`mi`
//! or `km`), `source`, `type` (Marathon, Half Marathon, 5K, ...) and
//! `schedule`, a list of weeks of seven workouts, each with a `title`, an
//! optional `description`, `distance` (a number or a `[low, high]` range, in the
//! plan's units) and `tags`. A blank title is a day with nothing planned.
//! Unknown fields (`schemaVersion`, a week's `distance`) are ignored.
//!
//! Published files are not always regular, and are read as calendar-hack
//! reads them, with a warning ([`Template::warnings`]):
//!
//! * an entry that is only a `distance`, right after a workout without one, in
//!   a week of more than seven entries, is that workout's distance (a YAML slip,
//!   `- distance: 4.0` for `  distance: 4.0`, in Higdon's 5K and 10K plans);
//! * a week of other than seven days keeps its days, laid end to end.
//!
//! # Dates
//!
//! calendar-hack lays the plan's days end to end and ends the plan on the chosen
//! race day: the first day is `days - 1` days before it. Weeks are not aligned
//! to a weekday; the race day's weekday decides. knead does the same, with
//! these corrections, each with a warning:
//!
//! * when the last day is not a race but one of the last 14 days is
//!   (Pfitzinger's *Faster Road Racing* plans end with a recovery week after the
//!   goal race), that race is put on race day and the days after it follow;
//! * when no day near the end is a race and the last day is a run or a workout
//!   (the B.A.A.'s Boston plans end on the Sunday before a Monday race), the plan
//!   ends the day before race day and a race is added on race day; a last day
//!   with nothing planned, a rest or an unrecognised title holds the race;
//! * a recovery block (its id or name says "recovery", and it holds no race:
//!   Pfitzinger's five-week blocks after a marathon) starts the day after race
//!   day, and a race is added on race day.
//!
//! # Workouts
//!
//! Each title goes through [`classify_title`](crate::classify::classify_title).
//! The distance is the larger of the workout's `distance` field (the upper value
//! of a range, converted to km; 0 states nothing) and the title's: plans mistype
//! one or the other. A rest day carries no distance. In a plan in miles, a field
//! of 42.195 or 21.0975 is a marathon or half marathon written in km. Minutes
//! come from the title. The race-day workout becomes [`WorkoutKind::Race`]; the
//! race distance comes from the plan type (Marathon 42.195 km, Half Marathon
//! 21.0975, 5K, 10K, 15k/10m the longer, 10 miles, 50K, 100K, 100M), else from
//! the race-day title, else from its `distance` field.
//!
//! A run classified easy (not a general aerobic run, a session of its own) is
//! made the long run when it is clearly the week's long run: strictly longer
//! than every other run of the week, and at least 1.5 times the median distance
//! of the week's runs (races left out, and never in a week that holds a race).
//! The weekday most of those clear long runs fall on is the plan's long-run day;
//! there, an easy run that is strictly the week's longest run is the long run
//! too (step-back weeks: Higdon's 8 after 10 and 11). Plans that name a long run
//! in at least half of their weeks (Pfitzinger, Hansons, FIRST) are taken at
//! their word, and none of their easy runs is promoted.
//!
//! Titles keep the author's words with `{a:b}` rendered in the units asked for
//! ("6 mi run" or "9.7 km run"), as calendar-hack does.

use std::fmt::Write as _;
use std::path::Path;

use jiff::Span;
use jiff::civil::Date;
use knead_core::model::distance::{FIVE_K, HALF, MARATHON, MILE_KM, TEN_K};
use knead_core::model::{Workout, WorkoutKind};
use serde::{Deserialize, Serialize};

use crate::classify::{Classified, classify_title, is_general_aerobic, parse_brace};

/// Distance units of a plan, or of the titles shown to the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Miles.
    Mi,
    /// Kilometres.
    Km,
}

impl Units {
    /// The label used in files and titles: `mi` or `km`.
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Mi => "mi",
            Units::Km => "km",
        }
    }

    /// Kilometres in one unit.
    pub fn km(self) -> f64 {
        match self {
            Units::Mi => MILE_KM,
            Units::Km => 1.0,
        }
    }
}

/// A workout's planned distance, in the plan's units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlanDistance {
    /// One value.
    Single(f64),
    /// A range, low and high.
    Range(f64, f64),
}

impl PlanDistance {
    /// The value used for planning: the single value, or the upper end of a range.
    pub fn upper(self) -> f64 {
        match self {
            PlanDistance::Single(v) => v,
            PlanDistance::Range(lo, hi) => lo.max(hi),
        }
    }
}

/// One day of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedWorkout {
    /// The author's title, with `{a:b}` distances as written; empty for a day with
    /// nothing planned.
    pub title: String,
    /// Details, if any.
    pub description: Option<String>,
    /// Planned distance in the plan's units.
    pub distance: Option<PlanDistance>,
    /// calendar-hack tags ("Rest", "Long Run", ...), as written.
    pub tags: Vec<String>,
}

/// One week of a template: its days, the first being the first day of the week.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// The week's note, if any.
    pub description: Option<String>,
    /// Seven days, unless the file says otherwise (see [`Template::warnings`]).
    pub workouts: Vec<PlannedWorkout>,
}

/// A published training plan, not yet placed on dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Identifier, e.g. `higdon_nov_mara1`.
    pub id: String,
    /// Display name, e.g. "Hal Higdon: Novice 1".
    pub name: String,
    /// What the plan is, in the author's words.
    pub description: String,
    /// Units of the plan's distances.
    pub units: Units,
    /// Where the plan was published, when given.
    pub source: Option<String>,
    /// The plan's `type`: "Marathon", "Half Marathon", "5K", "Base", ...
    pub race_type: String,
    /// The weeks, first to last.
    pub weeks: Vec<Week>,
    /// What was repaired or tolerated when reading the file (a week of other
    /// than seven days, a distance written as a workout of its own).
    pub warnings: Vec<String>,
}

impl Template {
    /// The race distance the plan type names, in km ("Marathon" 42.195; "15k/10m"
    /// the longer, 10 miles); `None` for "Base", "Multiple Distances" and unknown
    /// types.
    pub fn race_distance_km(&self) -> Option<f64> {
        match self.race_type.trim().to_ascii_lowercase().as_str() {
            "marathon" => Some(MARATHON),
            "half marathon" | "half-marathon" => Some(HALF),
            "5k" => Some(FIVE_K),
            "10k" => Some(TEN_K),
            "15k/10m" | "15k/10 miles" | "10m" => Some(10.0 * MILE_KM),
            "50k" => Some(50.0),
            "100k" => Some(100.0),
            "100m" => Some(100.0 * MILE_KM),
            _ => None,
        }
    }

    /// Whether the plan leads to no race ("Base" plans build fitness).
    pub fn is_base(&self) -> bool {
        self.race_type.trim().eq_ignore_ascii_case("base")
    }

    /// Whether the plan follows a race rather than leading to one: a recovery
    /// block ("5 Week Recovery Block", `pfitz_55_recovery`) whose days hold no race.
    pub fn is_recovery_block(&self) -> bool {
        let named = [&self.id, &self.name]
            .iter()
            .any(|s| s.to_ascii_lowercase().contains("recovery"));
        named
            && !self.weeks.iter().flat_map(|w| &w.workouts).any(|p| {
                !p.title.trim().is_empty()
                    && classify_title(&p.title, self.units == Units::Km).kind == WorkoutKind::Race
            })
    }
}

/// A line of `knead template list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateInfo {
    /// Identifier to pass to [`load`] (the file stem).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Units of the plan.
    pub units: Units,
    /// Number of weeks.
    pub weeks: usize,
    /// The plan's `type`: "Marathon", "Half Marathon", "5K", ...
    pub race_type: String,
}

/// A template placed on dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduled {
    /// The workouts in date order, rest days included.
    pub workouts: Vec<Workout>,
    /// Race day and race distance in km; `None` for a base plan, or when the
    /// distance is unknown.
    pub race_day: Option<(Date, f64)>,
    /// Titles that were not recognised (with week and day) and other things the
    /// runner should check.
    pub warnings: Vec<String>,
}

impl Scheduled {
    /// The plan's goal race, as a priority A race named after the plan.
    pub fn goal_race(&self, t: &Template) -> Option<knead_core::model::Race> {
        self.race_day
            .map(|(date, distance_km)| knead_core::model::Race {
                date,
                name: t.name.clone(),
                distance_km,
                priority: knead_core::model::Priority::A,
            })
    }
}

/// The two file formats of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Why a template could not be loaded: the file, where in it, and what was expected.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum TemplateError {
    /// Neither a built-in template nor an existing file.
    #[error(
        "no template `{name}`: not a built-in template (see `knead template list`) and no such file"
    )]
    #[diagnostic(code(knead::template::not_found))]
    NotFound {
        /// What was asked for.
        name: String,
    },
    /// The file could not be read.
    #[error("{path}: cannot read the template: {source}")]
    #[diagnostic(code(knead::template::read))]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid JSON or YAML, or does not have the plan's shape.
    #[error("{file}:{line}:{column}: {message}")]
    #[diagnostic(code(knead::template::parse))]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What went wrong and what was expected.
        message: String,
    },
    /// The file parses but breaks a rule of the format (no days, a distance of
    /// three numbers...).
    #[error("{file}: {message}")]
    #[diagnostic(code(knead::template::invalid))]
    Invalid {
        /// The file.
        file: String,
        /// What was expected.
        message: String,
    },
}

// ---------------------------------------------------------------------------
// Built-in templates.

/// A template embedded in the binary.
struct Builtin {
    id: &'static str,
    format: Format,
    text: &'static str,
}

macro_rules! builtin {
    ($id:literal, json) => {
        Builtin {
            id: $id,
            format: Format::Json,
            text: include_str!(concat!("../plans/", $id, ".json")),
        }
    };
    ($id:literal, yaml) => {
        Builtin {
            id: $id,
            format: Format::Yaml,
            text: include_str!(concat!("../plans/", $id, ".yaml")),
        }
    };
}

/// The shipped plans (MIT, from calendar-hack; `plans/LICENSE.md`), by id.
const BUILTIN: &[Builtin] = &[
    builtin!("frr_5k_01", json),
    builtin!("hansons_beg_mara", yaml),
    builtin!("higdon_adv_mara1", json),
    builtin!("higdon_int_mara1", yaml),
    builtin!("higdon_nov_half1", yaml),
    builtin!("higdon_nov_mara1", yaml),
];

/// The built-in templates, by id, for `knead template list`.
pub fn builtin() -> Vec<TemplateInfo> {
    BUILTIN
        .iter()
        .filter_map(|b| parse_builtin(b).ok())
        .map(|t| TemplateInfo {
            id: t.id,
            name: t.name,
            units: t.units,
            weeks: t.weeks.len(),
            race_type: t.race_type,
        })
        .collect()
}

fn parse_builtin(b: &Builtin) -> Result<Template, TemplateError> {
    let ext = match b.format {
        Format::Json => "json",
        Format::Yaml => "yaml",
    };
    let mut t = parse_str(b.text, b.format, &format!("(built-in) {}.{ext}", b.id))?;
    t.id = b.id.to_string();
    Ok(t)
}

/// Loads a built-in template by id (`higdon_nov_mara1`), or a `.json`, `.yaml`
/// or `.yml` file by path. A file with another extension is read as JSON when
/// it starts with `{`, else as YAML.
pub fn load(name_or_path: &str) -> Result<Template, TemplateError> {
    if let Some(b) = BUILTIN.iter().find(|b| b.id == name_or_path) {
        return parse_builtin(b);
    }
    let path = Path::new(name_or_path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let known = matches!(ext.as_deref(), Some("json" | "yaml" | "yml"));
    if !known && !path.exists() {
        return Err(TemplateError::NotFound {
            name: name_or_path.to_string(),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
        path: name_or_path.to_string(),
        source,
    })?;
    let format = match ext.as_deref() {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ if text.trim_start().starts_with('{') => Format::Json,
        _ => Format::Yaml,
    };
    parse_str(&text, format, name_or_path)
}

/// Parses a template from text; `file` names it in errors.
pub fn parse_str(text: &str, format: Format, file: &str) -> Result<Template, TemplateError> {
    let raw: RawPlan = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            TemplateError::Parse {
                file: file.to_string(),
                line: e.line(),
                column: e.column(),
                message: message
                    .strip_suffix(&suffix)
                    .unwrap_or(&message)
                    .to_string(),
            }
        })?,
        Format::Yaml => serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((0, 0));
            TemplateError::Parse {
                file: file.to_string(),
                line,
                column,
                message: yaml_message(&e),
            }
        })?,
    };
    raw.into_template(file)
}

/// The first line of a YAML error, without the snippet the crate draws and
/// without the position (the error gives it once, in front).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid YAML")
        .trim()
        .trim_start_matches("error: ");
    // "line 6 column 5: message"
    let without_position = first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(position, _)| {
            position.contains(" column ")
                && position
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_alphabetic() || c == ' ')
        })
        .map_or(first, |(_, message)| message);
    without_position.to_string()
}

#[derive(Deserialize)]
struct RawPlan {
    id: String,
    /// Older calendar-hack files call it `title`.
    #[serde(default, alias = "title")]
    name: String,
    #[serde(default)]
    description: String,
    units: Units,
    #[serde(default)]
    source: Option<String>,
    #[serde(rename = "type", default)]
    race_type: String,
    schedule: Vec<RawWeek>,
}

#[derive(Deserialize)]
struct RawWeek {
    #[serde(default)]
    description: Option<String>,
    workouts: Vec<RawWorkout>,
}

#[derive(Deserialize)]
struct RawWorkout {
    /// `None` when the entry has no `title` at all (not even an empty one).
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    distance: Option<RawDistance>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDistance {
    One(f64),
    Many(Vec<f64>),
}

impl RawPlan {
    fn into_template(self, file: &str) -> Result<Template, TemplateError> {
        let invalid = |message: String| TemplateError::Invalid {
            file: file.to_string(),
            message,
        };
        if self.schedule.is_empty() {
            return Err(invalid(
                "`schedule` has no weeks; expected at least one".into(),
            ));
        }
        let mut weeks = Vec::with_capacity(self.schedule.len());
        let mut warnings = Vec::new();
        for (w, week) in self.schedule.into_iter().enumerate() {
            // (whether the entry had a title, the workout)
            let mut days: Vec<(bool, PlannedWorkout)> = Vec::with_capacity(7);
            for (d, raw) in week.workouts.into_iter().enumerate() {
                let distance = match raw.distance {
                    None => None,
                    Some(RawDistance::One(v)) => Some(PlanDistance::Single(v)),
                    Some(RawDistance::Many(v)) => match v.as_slice() {
                        [one] => Some(PlanDistance::Single(*one)),
                        [lo, hi] => Some(PlanDistance::Range(*lo, *hi)),
                        _ => {
                            return Err(invalid(format!(
                                "week {} day {}: `distance` has {} numbers; expected a number or [low, high]",
                                w + 1,
                                d + 1,
                                v.len()
                            )));
                        }
                    },
                };
                if let Some(bad) = distance.filter(|d| !(d.upper().is_finite() && d.upper() >= 0.0))
                {
                    return Err(invalid(format!(
                        "week {} day {}: `distance` {:?} is not a distance; expected a number of {} of 0 or more",
                        w + 1,
                        d + 1,
                        bad,
                        self.units.as_str()
                    )));
                }
                days.push((
                    raw.title.is_some(),
                    PlannedWorkout {
                        title: raw.title.unwrap_or_default(),
                        description: raw.description.filter(|d| !d.trim().is_empty()),
                        distance,
                        tags: raw.tags,
                    },
                ));
            }
            // A week of more than seven entries where one is only a `distance`
            // right after a workout without one: a YAML slip ("- distance: 4.0"
            // for "  distance: 4.0"), read as that workout's distance.
            let mut d = 1;
            while days.len() > 7 && d < days.len() {
                let (titled, ref slip) = days[d];
                let (prev_titled, ref prev) = days[d - 1];
                if !titled
                    && slip.description.is_none()
                    && slip.tags.is_empty()
                    && slip.distance.is_some()
                    && prev_titled
                    && prev.distance.is_none()
                {
                    let (_, slip) = days.remove(d);
                    days[d - 1].1.distance = slip.distance;
                    warnings.push(format!(
                        "week {} day {}: a `distance` written as an entry of its own after \"{}\" is read as that workout's distance",
                        w + 1,
                        d,
                        one_line(&days[d - 1].1.title)
                    ));
                } else {
                    d += 1;
                }
            }
            if days.len() != 7 {
                warnings.push(format!(
                    "week {} has {} days, not 7: its days are laid end to end as written, so the weeks after it start on another weekday",
                    w + 1,
                    days.len()
                ));
            }
            weeks.push(Week {
                description: week.description,
                workouts: days.into_iter().map(|(_, p)| p).collect(),
            });
        }
        if weeks.iter().all(|w| w.workouts.is_empty()) {
            return Err(invalid(
                "`schedule` has no days; expected seven workouts a week".into(),
            ));
        }
        let name = if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            self.name
        };
        Ok(Template {
            id: self.id,
            name,
            description: self.description,
            units: self.units,
            source: self.source,
            race_type: self.race_type,
            weeks,
            warnings,
        })
    }
}

// ---------------------------------------------------------------------------
// Scheduling.

/// How many days before the end a goal race may sit (see the module docs).
const RACE_SEARCH_DAYS: usize = 14;

/// Where the plan's days sit around race day.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RaceSlot {
    /// Day `i` of the plan is race day.
    Day(usize),
    /// The plan ends the day before race day (its last day is not the race).
    Before,
    /// The plan starts the day after race day (a recovery block).
    After,
}

/// One placed workout: its day index in the plan (`None` for a race the plan
/// does not hold), its week, the workout, and whether it may become the week's
/// long run.
type Placed = (Option<usize>, usize, Workout, bool);

/// Places a template on dates so that its race falls on `race` (see the module
/// docs), classifying every title. `units` chooses the units of the titles only;
/// distances are always km.
pub fn schedule(t: &Template, race: Date, units: Units) -> Scheduled {
    let mut warnings = t.warnings.clone();
    let days: Vec<(usize, usize, &PlannedWorkout)> = t
        .weeks
        .iter()
        .enumerate()
        .flat_map(|(w, week)| {
            week.workouts
                .iter()
                .enumerate()
                .map(move |(d, p)| (w, d, p))
        })
        .collect();
    let plan_km = t.units == Units::Km;
    let classified: Vec<Option<Classified>> = days
        .iter()
        .map(|(_, _, p)| (!p.title.trim().is_empty()).then(|| classify_title(&p.title, plan_km)))
        .collect();
    let Some(last) = days.len().checked_sub(1) else {
        return Scheduled {
            workouts: Vec::new(),
            race_day: None,
            warnings,
        };
    };

    // Which day is race day.
    let is_race = |i: usize| {
        classified[i]
            .as_ref()
            .is_some_and(|c| c.kind == WorkoutKind::Race)
    };
    // A last day with nothing planned, a rest or an unrecognised title holds
    // the race; a run or workout there is the day before it.
    let holds_race = |i: usize| {
        classified[i]
            .as_ref()
            .is_none_or(|c| !c.recognised || c.kind == WorkoutKind::Rest)
    };
    let slot = if t.is_base() || is_race(last) {
        RaceSlot::Day(last)
    } else if t.is_recovery_block() {
        RaceSlot::After
    } else if let Some(i) = (last.saturating_sub(RACE_SEARCH_DAYS - 1)..=last)
        .rev()
        .find(|&i| is_race(i))
    {
        RaceSlot::Day(i)
    } else if holds_race(last) {
        RaceSlot::Day(last)
    } else {
        RaceSlot::Before
    };
    let offset = match slot {
        RaceSlot::Day(i) => -(i as i64),
        RaceSlot::Before => -(days.len() as i64),
        RaceSlot::After => 1,
    };
    match slot {
        RaceSlot::Day(i) if i != last => {
            let (w, d, _) = days[i];
            warnings.push(format!(
                "the plan's race is on week {} day {}, not its last day: it is put on race day, and the plan's last {} days follow it",
                w + 1,
                d + 1,
                last - i
            ));
        }
        RaceSlot::Before => warnings.push(
            "the plan's last day is not its race: the plan ends the day before race day, and the race is added on race day"
                .to_string(),
        ),
        RaceSlot::After => warnings.push(
            "a recovery block: the race is on race day, and the plan's days follow it".to_string(),
        ),
        RaceSlot::Day(_) => {}
    }
    let Some(start) = add_days(race, offset) else {
        warnings.push(format!(
            "race day {race} is too close to the end of the calendar to place the plan"
        ));
        return Scheduled {
            workouts: Vec::new(),
            race_day: None,
            warnings,
        };
    };

    // One workout per day with a title.
    let mut placed: Vec<Placed> = Vec::with_capacity(days.len() + 1);
    for (i, ((w, d, planned), class)) in days.iter().zip(&classified).enumerate() {
        let Some(class) = class else { continue };
        let Some(date) = add_days(start, i as i64) else {
            warnings.push(format!(
                "week {} day {}: date out of range; day skipped",
                w + 1,
                d + 1
            ));
            continue;
        };
        if !class.recognised {
            warnings.push(format!(
                "week {} day {} ({date}): unrecognised title \"{}\"; counted as an easy run",
                w + 1,
                d + 1,
                one_line(&planned.title)
            ));
        }
        let field = planned.distance.and_then(|p| field_km(p, t.units));
        let distance_km = match (class.kind, field, class.distance_km) {
            (WorkoutKind::Rest, _, _) => None,
            (_, Some(a), Some(b)) => Some(a.max(b)),
            (_, a, b) => a.or(b),
        };
        let workout = Workout {
            date,
            kind: class.kind,
            minutes: class.minutes,
            distance_km,
            title: Some(one_line(&render(&planned.title, t.units, units))),
            notes: planned
                .description
                .as_deref()
                .map(|n| render(n, t.units, units)),
            source: Some(format!("template:{}", t.id)),
        };
        let candidate = class.kind == WorkoutKind::Easy && !is_general_aerobic(&planned.title);
        placed.push((Some(i), *w, workout, candidate));
    }

    // Race day.
    let race_day = if t.is_base() {
        None
    } else {
        let race_idx = match slot {
            RaceSlot::Day(i) => Some(i),
            RaceSlot::Before | RaceSlot::After => None,
        };
        let title_distance = race_idx
            .and_then(|i| classified[i].as_ref())
            .and_then(|c| c.distance_km);
        let field_distance = race_idx
            .and_then(|i| days[i].2.distance)
            .and_then(|p| field_km(p, t.units));
        let distance = t.race_distance_km().or(title_distance).or(field_distance);
        match placed
            .iter_mut()
            .find(|(i, _, _, _)| race_idx.is_some() && *i == race_idx)
        {
            Some((_, _, w, candidate)) => {
                if w.kind == WorkoutKind::Rest {
                    // A rest day holding the race's place: the race replaces it.
                    w.title = Some(race_title(t));
                }
                w.kind = WorkoutKind::Race;
                *candidate = false;
                if w.distance_km.is_none() {
                    w.distance_km = distance;
                }
            }
            None => {
                let mut w = Workout::new(race, WorkoutKind::Race);
                w.title = Some(race_title(t));
                w.distance_km = distance;
                w.source = Some(format!("template:{}", t.id));
                match slot {
                    RaceSlot::Day(i) => {
                        let at = placed.partition_point(|(j, _, _, _)| j.is_some_and(|j| j < i));
                        placed.insert(at, (Some(i), days[i].0, w, false));
                    }
                    RaceSlot::Before => placed.push((None, usize::MAX, w, false)),
                    RaceSlot::After => placed.insert(0, (None, usize::MAX, w, false)),
                }
            }
        }
        match distance {
            Some(km) => Some((race, km)),
            None => {
                warnings.push(format!(
                    "race distance unknown: plan type \"{}\" names none and the race-day title states none",
                    t.race_type
                ));
                None
            }
        }
    };

    // Plans that name their long runs in most weeks are taken at their word.
    let weeks_with_long = days
        .iter()
        .zip(&classified)
        .filter(|(_, c)| c.as_ref().is_some_and(|c| c.kind == WorkoutKind::Long))
        .map(|((w, _, _), _)| *w)
        .collect::<std::collections::BTreeSet<usize>>()
        .len();
    let names_long_runs = 2 * weeks_with_long >= t.weeks.len();
    if !names_long_runs {
        promote_long_runs(&mut placed);
    }
    Scheduled {
        workouts: placed.into_iter().map(|(_, _, w, _)| w).collect(),
        race_day,
        warnings,
    }
}

/// Makes a week's easy run its long run when it clearly is one (see the module
/// docs): strictly longer than every other run that week and at least 1.5 times
/// the median; then, on the weekday where those clear long runs mostly fall, an
/// easy run that is the week's longest (a step-back week).
fn promote_long_runs(placed: &mut [Placed]) {
    // (index in `placed` of the week's longest candidate, whether it is clearly long).
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    let mut start = 0;
    while start < placed.len() {
        let week = placed[start].1;
        let end = start
            + placed[start..]
                .iter()
                .take_while(|(_, w, _, _)| *w == week)
                .count();
        // A race week's long effort is the race.
        if placed[start..end]
            .iter()
            .any(|(_, _, w, _)| w.kind == WorkoutKind::Race)
        {
            start = end;
            continue;
        }
        let runs: Vec<(usize, f64)> = (start..end)
            .filter(|&j| placed[j].2.kind.is_run() && placed[j].2.kind != WorkoutKind::Race)
            .filter_map(|j| placed[j].2.distance_km.map(|km| (j, km)))
            .collect();
        let best = runs
            .iter()
            .filter(|(j, _)| placed[*j].3)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some(&(j, km)) = best
            && runs.iter().all(|&(k, other)| k == j || other < km)
        {
            let mut sorted: Vec<f64> = runs.iter().map(|r| r.1).collect();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len();
            let median = if n % 2 == 1 {
                sorted[n / 2]
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
            };
            candidates.push((j, km >= 1.5 * median));
        }
        start = end;
    }
    // The plan's long-run day: the weekday most clear long runs fall on.
    let weekday = |placed: &[Placed], j: usize| placed[j].0.map(|i| i % 7);
    let mut per_day = [0usize; 7];
    for &(j, clear) in &candidates {
        if clear && let Some(d) = weekday(placed, j) {
            per_day[d] += 1;
        }
    }
    let long_day = (0..7)
        .filter(|&d| per_day[d] > 0)
        .max_by_key(|&d| (per_day[d], 7 - d));
    for (j, clear) in candidates {
        if clear || (long_day.is_some() && weekday(placed, j) == long_day) {
            placed[j].2.kind = WorkoutKind::Long;
        }
    }
}

/// A workout's `distance` field in km: the upper value of a range; `None` for 0
/// (nothing stated). In a plan in miles, 42.195 or 21.0975 is a marathon or
/// half marathon written in km (FIRST's plan does so).
fn field_km(p: PlanDistance, units: Units) -> Option<f64> {
    let v = p.upper();
    let km = if units == Units::Mi && [MARATHON, HALF].iter().any(|r| (v - r).abs() < 1e-6) {
        v
    } else {
        v * units.km()
    };
    (km > 0.0).then_some(km)
}

/// The title of a race the plan does not name: its type ("Marathon").
fn race_title(t: &Template) -> String {
    if t.race_type.trim().is_empty() {
        "Race day".to_string()
    } else {
        t.race_type.clone()
    }
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    let span = Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

/// Collapses runs of whitespace (titles sometimes hold line breaks) to one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `{a}`, `{a:b}` and `{a-b:c-d}` in `to` units, as calendar-hack does:
/// "6 mi" or "9.7 km". When converting, the author's second value is kept if it
/// is within 5% of the conversion (plans round it), else the conversion is shown.
fn render(text: &str, from: Units, to: Units) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        match parse_brace(&after[..close]) {
            Some(b) => {
                let (lo, hi) = if from == to {
                    b.plan
                } else {
                    let conv = |v: f64| v * from.km() / to.km();
                    let converted = (conv(b.plan.0), conv(b.plan.1));
                    match b.other {
                        Some(o) if close_to(o.1, converted.1) && close_to(o.0, converted.0) => o,
                        _ => converted,
                    }
                };
                if (lo - hi).abs() < 1e-9 {
                    let _ = write!(out, "{} {}", number(hi), to.as_str());
                } else {
                    let _ = write!(out, "{}-{} {}", number(lo), number(hi), to.as_str());
                }
            }
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn close_to(given: f64, exact: f64) -> bool {
    (given - exact).abs() <= 0.05 * exact.abs().max(0.1)
}

/// A whole number without decimals, else one decimal (calendar-hack's format).
fn number(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if (rounded - rounded.round()).abs() < 1e-9 {
        format!("{}", rounded.round())
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_braces_in_either_unit() {
        assert_eq!(render("{3:4.8} run", Units::Mi, Units::Mi), "3 mi run");
        assert_eq!(render("{3:4.8} run", Units::Mi, Units::Km), "4.8 km run");
        assert_eq!(render("{6:8.7}", Units::Mi, Units::Km), "9.7 km");
        assert_eq!(
            render("{1.5} Warm Up", Units::Mi, Units::Km),
            "2.4 km Warm Up"
        );
        assert_eq!(render("{8-9:13-14}", Units::Mi, Units::Mi), "8-9 mi");
        assert_eq!(
            render("at {30 sec per:19 sec per}", Units::Mi, Units::Km),
            "at {30 sec per:19 sec per}"
        );
        assert_eq!(render("broken {3", Units::Mi, Units::Km), "broken {3");
    }
}
