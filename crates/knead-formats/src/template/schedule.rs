//! Laying a template back from race day: where the race falls, and one
//! workout per day with a title.

use jiff::Span;
use jiff::civil::Date;
use knead_core::model::distance::{HALF, MARATHON};
use knead_core::model::{DistanceUnit, Workout, WorkoutKind};

use super::long_run::{Placed, promote_long_runs};
use super::render::{one_line, render};
use super::{PlanDistance, PlannedWorkout, Scheduled, Template};
use crate::classify::{Classified, classify_title, is_general_aerobic};

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

/// Places a template on dates so that its race falls on `race` (see the module
/// docs), classifying every title. `title_units` chooses the units of the titles only;
/// distances are always km.
pub fn schedule(t: &Template, race: Date, title_units: DistanceUnit) -> Scheduled {
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
    let classified: Vec<Option<Classified>> = days
        .iter()
        .map(|(_, _, p)| (!p.title.trim().is_empty()).then(|| classify_title(&p.title, t.units)))
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
            title: Some(one_line(&render(&planned.title, t.units, title_units))),
            notes: planned
                .description
                .as_deref()
                .map(|n| render(n, t.units, title_units)),
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

/// A workout's `distance` field in km: the upper value of a range; `None` for 0
/// (nothing stated). In a plan in miles, 42.195 or 21.0975 is a marathon or
/// half marathon written in km (FIRST's plan does so).
fn field_km(p: PlanDistance, units: DistanceUnit) -> Option<f64> {
    let v = p.upper();
    let km = if units == DistanceUnit::Mi && [MARATHON, HALF].iter().any(|r| (v - r).abs() < 1e-6) {
        v
    } else {
        v * units.km_per_unit()
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
