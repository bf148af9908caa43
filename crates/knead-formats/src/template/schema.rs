//! calendar-hack's plan schema as serde reads it, and the repairs that turn a
//! published file into a [`Template`].

use knead_core::model::DistanceUnit;
use serde::Deserialize;

use super::render::one_line;
use super::{PlanDistance, PlannedWorkout, Template, TemplateError, Week};

#[derive(Deserialize)]
pub(super) struct RawPlan {
    id: String,
    /// Older calendar-hack files call it `title`.
    #[serde(default, alias = "title")]
    name: String,
    #[serde(default)]
    description: String,
    units: DistanceUnit,
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
    pub(super) fn into_template(self, file: &str) -> Result<Template, TemplateError> {
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
