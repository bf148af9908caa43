use jiff::civil::Date;
use knead_core::model::{DistanceUnit, Plan, WorkoutKind};
use knead_formats::template::{self, Template};
use serde::Serialize;

use crate::notice::Notice;
use crate::season::default_athlete;

/// `knead template list`: the built-in published plans.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateListResponse {
    /// `knead-templates/1`.
    pub format: &'static str,
    /// One entry per plan.
    pub templates: Vec<TemplateSummary>,
}

/// A built-in plan.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    /// The name to pass to `knead template`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Units of its titles: `km` or `mi`.
    pub units: &'static str,
    /// Weeks long.
    pub weeks: usize,
    /// The race it builds to: "Marathon", "Half Marathon", "5K", ...
    #[serde(rename = "type")]
    pub race_type: String,
}

/// Lists the built-in plans.
pub fn templates() -> TemplateListResponse {
    TemplateListResponse {
        format: "knead-templates/1",
        templates: template::builtin()
            .into_iter()
            .map(|t| TemplateSummary {
                units: t.units.as_str(),
                id: t.id,
                name: t.name,
                weeks: t.weeks,
                race_type: t.race_type,
            })
            .collect(),
    }
}

/// `knead template NAME --race DATE`: a published plan laid out back from race day.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateResponse {
    /// `knead-template/1`.
    pub format: &'static str,
    /// The plan's id.
    pub id: String,
    /// The plan's name.
    pub name: String,
    /// Race day.
    pub race: Date,
    /// The workouts, in date order.
    pub workouts: Vec<TemplateWorkout>,
    /// The plan for the default athlete (not serialised: written as a plan file).
    #[serde(skip)]
    pub plan: Plan,
    /// Titles that could not be classified, days out of range.
    pub diagnostics: Vec<Notice>,
}

/// One workout of a laid-out plan.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateWorkout {
    /// The day.
    pub date: Date,
    /// The kind it was classified as.
    pub kind: WorkoutKind,
    /// The title as published.
    pub title: Option<String>,
    /// Distance in km (two decimals), when the title gives one.
    pub distance_km: Option<f64>,
    /// Minutes, when the title gives them.
    pub minutes: Option<f64>,
}

/// Lays out `t` back from `race`, titles read in `units`.
pub fn template(t: &Template, race: Date, units: DistanceUnit) -> TemplateResponse {
    let laid = template::schedule(t, race, units);
    let plan = Plan {
        athlete: default_athlete(),
        races: laid.goal_race(t).into_iter().collect(),
        workouts: laid.workouts.clone(),
        bookings: Vec::new(),
        units,
    };
    TemplateResponse {
        format: "knead-template/1",
        id: t.id.clone(),
        name: t.name.clone(),
        race,
        workouts: laid
            .workouts
            .iter()
            .map(|w| TemplateWorkout {
                date: w.date,
                kind: w.kind,
                title: w.title.clone(),
                distance_km: w.distance_km.map(|d| (d * 100.0).round() / 100.0),
                minutes: w.minutes,
            })
            .collect(),
        plan,
        diagnostics: laid.warnings.into_iter().map(Notice::warning).collect(),
    }
}
