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
//! Each title goes through [`crate::classify::classify_title`].
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

mod builtin;
mod long_run;
mod read;
mod render;
mod schedule;
mod schema;

use jiff::civil::Date;
use knead_core::model::distance::{FIVE_K, HALF, MARATHON, MILE_KM, TEN_K};
use knead_core::model::{DistanceUnit, Workout, WorkoutKind};
use serde::Serialize;

use crate::classify::classify_title;
use crate::suggest::did_you_mean;

pub use builtin::builtin;
pub use read::{Format, load, parse_str};
pub use schedule::schedule;

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
    pub units: DistanceUnit,
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
                    && classify_title(&p.title, self.units).kind == WorkoutKind::Race
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
    pub units: DistanceUnit,
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

/// Why a template could not be loaded: the file, where in it, and what was expected.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum TemplateError {
    /// Neither a built-in template nor an existing file.
    #[error(
        "no template `{name}`: not a built-in template (see `knead template list`) and no such file{}",
        did_you_mean(nearest)
            .map_or_else(String::new, |hint| format!("; {hint}"))
    )]
    #[diagnostic(code(knead::template::not_found))]
    NotFound {
        /// What was asked for.
        name: String,
        /// The built-in templates whose ids are nearest to `name` (see
        /// "did you mean" in the message); empty when none is near.
        nearest: Vec<String>,
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
