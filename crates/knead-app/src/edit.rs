//! Edits to a season's plan, as a runner makes them on a page or through the
//! API: one [`Edit`] at a time, applied to the plan file's text, checked by
//! reading the result back, and described in words for the season's history.
//!
//! Names (workout kinds, massage types, body areas, conditions, tools,
//! weekdays, priorities) are read as the plan file reads them, aliases and
//! did-you-mean suggestions included, so a page, the API and the file accept
//! the same words.
//!
//! ```
//! use knead_app::edit::{self, Edit};
//! use knead_formats::example;
//!
//! let date = jiff::civil::date(2027, 1, 6);
//! let edit = Edit::AddWorkout {
//!     date,
//!     kind: "intervals".into(),
//!     minutes: Some(50.0),
//!     distance_km: None,
//!     title: Some("6 x 800 m".into()),
//! };
//! let done = edit::apply(example::MARATHON_TOML, &edit).unwrap();
//! assert_eq!(done.description, "Intervals added on Wed 6 Jan");
//! assert!(done.plan.workouts.iter().any(|w| w.title.as_deref() == Some("6 x 800 m")));
//! ```

use jiff::civil::Date;
use knead_core::model::{Booking, DateRange, HealthFlag, Injury, Plan, Race, Workout, money};
use knead_formats::plan_file::{self, names};
use knead_formats::template;
use serde::Deserialize;

use crate::error::AppError;
use crate::season::cents;

/// The name edited plans are read back under, in error messages.
pub const EDIT_FILE_NAME: &str = "edited plan";

/// One change to a plan. Indexes count from 0 in the plan's date order (as
/// the season page and the API's season list them), in the version the edit
/// was made from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Adds a workout.
    AddWorkout {
        /// Its day.
        date: Date,
        /// Its kind (`easy`, `long`, `tempo`, `intervals`, ...).
        kind: String,
        /// Planned minutes.
        #[serde(default)]
        minutes: Option<f64>,
        /// Planned distance in kilometres.
        #[serde(default)]
        distance_km: Option<f64>,
        /// Its title.
        #[serde(default)]
        title: Option<String>,
    },
    /// Moves a workout to another day.
    MoveWorkout {
        /// Which workout.
        index: usize,
        /// Its new day.
        date: Date,
    },
    /// Removes a workout.
    DeleteWorkout {
        /// Which workout.
        index: usize,
    },
    /// Adds a race.
    AddRace {
        /// Race day.
        date: Date,
        /// Its name.
        name: String,
        /// Its distance in kilometres.
        distance_km: f64,
        /// `A` (goal), `B` or `C`.
        priority: String,
    },
    /// Removes a race.
    DeleteRace {
        /// Which race.
        index: usize,
    },
    /// Books a massage (marks a planned one booked, or adds a booking).
    BookMassage {
        /// Its day.
        date: Date,
        /// Its type (`deep`, `art`, `swedish`).
        kind: String,
    },
    /// Cancels a booking.
    CancelBooking {
        /// Which booking.
        index: usize,
    },
    /// Adds an injury (a niggle: an area to keep deep work off).
    AddInjury {
        /// The body area.
        area: String,
        /// Since when.
        since: Date,
        /// Until when, if it has an end.
        #[serde(default)]
        until: Option<Date>,
    },
    /// Removes an injury.
    DeleteInjury {
        /// Which injury.
        index: usize,
    },
    /// Adds a health flag (a contraindication).
    AddHealth {
        /// The condition.
        condition: String,
        /// The body area it concerns, if one.
        #[serde(default)]
        area: Option<String>,
        /// Since when.
        from: Date,
        /// Until when, if it has an end.
        #[serde(default)]
        until: Option<Date>,
    },
    /// Removes a health flag.
    DeleteHealth {
        /// Which flag.
        index: usize,
    },
    /// Sets the monthly budget and the prices, in currency units.
    SetMoney {
        /// Monthly budget.
        monthly_budget: f64,
        /// Price of a deep-tissue massage.
        deep: f64,
        /// Price of an ART session.
        art: f64,
        /// Price of a Swedish massage.
        swedish: f64,
    },
    /// Sets the self-massage tools owned.
    SetTools {
        /// Tool names (`foam-roller`, `massage-stick`, `ball`, `percussion-gun`).
        tools: Vec<String>,
    },
    /// Sets the weekdays the therapist works.
    SetTherapistDays {
        /// Weekday names (`mon` ... `sun`).
        weekdays: Vec<String>,
    },
    /// Adds a period the therapist is closed.
    AddClosed {
        /// First closed day.
        from: Date,
        /// Last closed day.
        to: Date,
    },
    /// Removes a closed period.
    DeleteClosed {
        /// Which period.
        index: usize,
    },
    /// Adds a prepaid package of sessions.
    AddCredit {
        /// The type it pays for (`deep`, `art`, `swedish`, or `any`).
        kind: String,
        /// Sessions it holds.
        sessions: u32,
        /// First day it may be used, if it has one.
        #[serde(default)]
        valid_from: Option<Date>,
        /// Last day it may be used.
        valid_until: Date,
        /// Its name ("Clinic 10-pack").
        #[serde(default)]
        name: Option<String>,
    },
    /// Removes a prepaid package.
    DeleteCredit {
        /// Which package.
        index: usize,
    },
    /// Lays a published plan (a built-in template) out back from race day:
    /// its workouts replace those in its span, and its goal race is added.
    ApplyTemplate {
        /// The template's id (`knead template list`).
        id: String,
        /// Race day.
        race: Date,
        /// `km` or `mi`, the units its titles are read in (default km).
        #[serde(default)]
        units: Option<String>,
    },
}

impl Edit {
    /// Whether the edit changes only training (workouts, races, published
    /// plans): what a coach allowed to edit may do. Budget, bookings, health,
    /// tools and the therapist stay the runner's.
    pub fn is_training(&self) -> bool {
        matches!(
            self,
            Edit::AddWorkout { .. }
                | Edit::MoveWorkout { .. }
                | Edit::DeleteWorkout { .. }
                | Edit::AddRace { .. }
                | Edit::DeleteRace { .. }
                | Edit::ApplyTemplate { .. }
        )
    }
}

/// An edit applied: the new plan file, the plan it reads as, and what changed
/// in words.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The plan file after the edit.
    pub plan_toml: String,
    /// The plan after the edit, as read back from `plan_toml`.
    pub plan: Plan,
    /// What the edit did, for the season's history ("Intervals added on Wed 6 Jan").
    pub description: String,
}

/// Applies `edit` to the plan file `plan_toml`.
///
/// # Errors
/// [`AppError::PlanFile`] when the stored plan does not read;
/// [`AppError::Invalid`] for an unknown name, an index past the end, or a plan
/// the edit would leave invalid (the plan file's own checks, such as two
/// bookings on one day), saying what was expected.
pub fn apply(plan_toml: &str, edit: &Edit) -> Result<Edited, AppError> {
    let mut plan = plan_file::parse(EDIT_FILE_NAME, plan_toml)?.plan;
    let description = change(&mut plan, edit)?;
    let text = plan_file::to_toml(&plan);
    let reread = plan_file::parse(EDIT_FILE_NAME, &text)
        .map_err(|e| AppError::Invalid(format!("{description}: {}", e.message())))?;
    Ok(Edited {
        plan_toml: text,
        plan: reread.plan,
        description,
    })
}

/// A day as the history names it: `Wed 6 Jan`.
pub fn day_name(date: Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

fn invalid(what: &str, message: String) -> AppError {
    AppError::Invalid(format!("{what}: {message}"))
}

fn at<T>(list: &mut Vec<T>, index: usize, what: &str) -> Result<T, AppError> {
    if index >= list.len() {
        return Err(AppError::Invalid(format!(
            "{what} {index}: expected a number below {} (the plan has {} {what}s)",
            list.len(),
            list.len()
        )));
    }
    Ok(list.remove(index))
}

fn positive(value: Option<f64>, field: &str, max: f64) -> Result<Option<f64>, AppError> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0 && v <= max) => Err(AppError::Invalid(format!(
            "{field} {v}: expected a number above 0 and at most {max}"
        ))),
        other => Ok(other),
    }
}

fn text(value: Option<&str>, field: &str) -> Result<Option<String>, AppError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > 200 {
        return Err(AppError::Invalid(format!(
            "{field}: expected at most 200 characters"
        )));
    }
    Ok(Some(v.to_owned()))
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Applies one edit to `plan`; returns its description.
fn change(plan: &mut Plan, edit: &Edit) -> Result<String, AppError> {
    let a = &mut plan.athlete;
    Ok(match edit {
        Edit::AddWorkout {
            date,
            kind,
            minutes,
            distance_km,
            title,
        } => {
            let kind = names::workout_kind(kind).map_err(|e| invalid("kind", e))?;
            let mut w = Workout::new(*date, kind);
            w.minutes = positive(*minutes, "minutes", 1440.0)?;
            w.distance_km = positive(*distance_km, "distance", 1000.0)?;
            w.title = text(title.as_deref(), "title")?;
            plan.workouts.push(w);
            plan.workouts.sort_by_key(|w| w.date);
            format!(
                "{} added on {}",
                capitalised(kind.as_str()),
                day_name(*date)
            )
        }
        Edit::MoveWorkout { index, date } => {
            let mut w = at(&mut plan.workouts, *index, "workout")?;
            let from = w.date;
            w.date = *date;
            let name = workout_name(&w);
            plan.workouts.push(w);
            plan.workouts.sort_by_key(|w| w.date);
            format!(
                "{name} moved from {} to {}",
                day_name(from),
                day_name(*date)
            )
        }
        Edit::DeleteWorkout { index } => {
            let w = at(&mut plan.workouts, *index, "workout")?;
            format!("{} removed from {}", workout_name(&w), day_name(w.date))
        }
        Edit::AddRace {
            date,
            name,
            distance_km,
            priority,
        } => {
            let priority = names::priority(priority).map_err(|e| invalid("priority", e))?;
            let name = text(Some(name), "race name")?
                .ok_or_else(|| AppError::Invalid("race name: expected a name".into()))?;
            let distance_km = positive(Some(*distance_km), "distance", 1000.0)?.unwrap_or(0.0);
            let line = format!("Race {name} added on {}", day_name(*date));
            plan.races.push(Race {
                date: *date,
                name,
                distance_km,
                priority,
            });
            plan.races.sort_by_key(|r| r.date);
            line
        }
        Edit::DeleteRace { index } => {
            let r = at(&mut plan.races, *index, "race")?;
            format!("Race {} on {} removed", r.name, day_name(r.date))
        }
        Edit::BookMassage { date, kind } => {
            let kind = names::massage_type(kind).map_err(|e| invalid("massage type", e))?;
            if plan.bookings.iter().any(|b| b.date == *date) {
                return Err(AppError::Invalid(format!(
                    "{}: a massage is already booked that day",
                    day_name(*date)
                )));
            }
            plan.bookings.push(Booking {
                date: *date,
                kind,
                source: None,
                series: None,
            });
            plan.bookings.sort_by_key(|b| b.date);
            format!("{} booked on {}", kind.label(), day_name(*date))
        }
        Edit::CancelBooking { index } => {
            let b = at(&mut plan.bookings, *index, "booking")?;
            format!("{} on {} cancelled", b.kind.label(), day_name(b.date))
        }
        Edit::AddInjury { area, since, until } => {
            let area = names::body_area(area).map_err(|e| invalid("area", e))?;
            a.injuries.push(Injury {
                area,
                since: *since,
                until: *until,
            });
            format!("Injury added: {} since {}", area.label(), day_name(*since))
        }
        Edit::DeleteInjury { index } => {
            let i = at(&mut a.injuries, *index, "injury")?;
            format!("Injury removed: {}", i.area.label())
        }
        Edit::AddHealth {
            condition,
            area,
            from,
            until,
        } => {
            let condition = names::condition(condition).map_err(|e| invalid("condition", e))?;
            let area = match area.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(name) => Some(names::body_area(name).map_err(|e| invalid("area", e))?),
                None => None,
            };
            a.health.push(HealthFlag {
                condition,
                area,
                from: *from,
                until: *until,
            });
            format!("Health flag added from {}", day_name(*from))
        }
        Edit::DeleteHealth { index } => {
            at(&mut a.health, *index, "health flag")?;
            "Health flag removed".to_owned()
        }
        Edit::SetMoney {
            monthly_budget,
            deep,
            art,
            swedish,
        } => {
            a.monthly_budget = cents(*monthly_budget)?;
            a.prices.deep = cents(*deep)?;
            a.prices.art = cents(*art)?;
            a.prices.swedish = cents(*swedish)?;
            format!(
                "Budget {} {} a month; prices deep {}, ART {}, Swedish {}",
                money(a.monthly_budget),
                a.currency,
                money(a.prices.deep),
                money(a.prices.art),
                money(a.prices.swedish)
            )
        }
        Edit::SetTools { tools } => {
            let mut owned = Vec::new();
            for t in tools.iter().filter(|t| !t.trim().is_empty()) {
                let tool = names::tool(t).map_err(|e| invalid("tool", e))?;
                if !owned.contains(&tool) {
                    owned.push(tool);
                }
            }
            a.tools = owned;
            if a.tools.is_empty() {
                "Tools: none".to_owned()
            } else {
                let labels: Vec<&str> = a.tools.iter().map(|t| t.label()).collect();
                format!("Tools: {}", labels.join(", "))
            }
        }
        Edit::SetTherapistDays { weekdays } => {
            let mut days = [false; 7];
            for d in weekdays.iter().filter(|d| !d.trim().is_empty()) {
                days[names::weekday(d).map_err(|e| invalid("weekday", e))?] = true;
            }
            a.therapist.weekdays = days;
            let open: Vec<&str> = (0..7)
                .filter(|&i| days[i])
                .map(|i| names::WEEKDAYS[i])
                .collect();
            format!("Therapist open on: {}", open.join(", "))
        }
        Edit::AddClosed { from, to } => {
            if to < from {
                return Err(AppError::Invalid(format!(
                    "closed period {from} to {to}: expected the end on or after the start"
                )));
            }
            a.therapist.closed.push(DateRange {
                from: *from,
                to: *to,
            });
            format!(
                "Therapist closed from {} to {}",
                day_name(*from),
                day_name(*to)
            )
        }
        Edit::AddCredit {
            kind,
            sessions,
            valid_from,
            valid_until,
            name,
        } => {
            let kind = names::credit_type(kind).map_err(|e| invalid("type", e))?;
            if a.credits.len() >= knead_core::model::MAX_CREDITS {
                return Err(AppError::Invalid(format!(
                    "prepaid packages: expected at most {}",
                    knead_core::model::MAX_CREDITS
                )));
            }
            if !(1..=knead_core::model::MAX_CREDIT_SESSIONS).contains(sessions) {
                return Err(AppError::Invalid(format!(
                    "sessions {sessions}: expected 1 to {}",
                    knead_core::model::MAX_CREDIT_SESSIONS
                )));
            }
            if valid_from.is_some_and(|f| f > *valid_until) {
                return Err(AppError::Invalid(format!(
                    "valid until {valid_until}: expected on or after the first day"
                )));
            }
            let credit = knead_core::model::Credit {
                kind,
                sessions: *sessions,
                valid_from: *valid_from,
                valid_until: *valid_until,
                name: text(name.as_deref(), "name")?,
            };
            let line = format!("Prepaid package added: {}", credit.label());
            a.credits.push(credit);
            line
        }
        Edit::DeleteCredit { index } => {
            let c = at(&mut a.credits, *index, "prepaid package")?;
            format!("Prepaid package removed: {}", c.label())
        }
        Edit::ApplyTemplate { id, race, units } => {
            let units = match units.as_deref() {
                None | Some("km") => knead_core::model::DistanceUnit::Km,
                Some("mi") => knead_core::model::DistanceUnit::Mi,
                Some(other) => {
                    return Err(AppError::Invalid(format!(
                        "units {other:?}: expected km or mi"
                    )));
                }
            };
            if !template::builtin().iter().any(|t| t.id == *id) {
                return Err(AppError::Invalid(format!(
                    "template {id:?}: expected the id of a published plan (knead template list)"
                )));
            }
            let t = template::load(id).map_err(|e| AppError::Invalid(e.to_string()))?;
            let laid = template::schedule(&t, *race, units);
            let (Some(first), Some(last)) = (laid.workouts.first(), laid.workouts.last()) else {
                return Err(AppError::Invalid(format!(
                    "template {id:?} has no workouts"
                )));
            };
            let (first, last) = (first.date, last.date);
            plan.workouts.retain(|w| w.date < first || w.date > last);
            let added = laid.workouts.len();
            if let Some(goal) = laid.goal_race(&t)
                && !plan.races.iter().any(|r| r.date == goal.date)
            {
                plan.races.push(goal);
                plan.races.sort_by_key(|r| r.date);
            }
            plan.workouts.extend(laid.workouts);
            plan.workouts.sort_by_key(|w| w.date);
            format!(
                "Applied {} for race day {}: {added} workouts from {} to {}",
                t.name,
                day_name(*race),
                day_name(first),
                day_name(last)
            )
        }
        Edit::DeleteClosed { index } => {
            let r = at(&mut a.therapist.closed, *index, "closed period")?;
            format!(
                "Therapist open again from {} to {}",
                day_name(r.from),
                day_name(r.to)
            )
        }
    })
}

/// A workout's name in the history: its title, or its kind.
fn workout_name(w: &Workout) -> String {
    match &w.title {
        Some(t) => format!("{} ({t})", capitalised(w.kind.as_str())),
        None => capitalised(w.kind.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use knead_formats::example::MARATHON_TOML;

    use super::*;

    fn d(m: i8, day: i8) -> Date {
        jiff::civil::date(2027, m, day)
    }

    #[test]
    fn every_edit_reads_back_and_says_what_it_did() {
        let edits = [
            Edit::MoveWorkout {
                index: 3,
                date: d(1, 9),
            },
            Edit::DeleteWorkout { index: 0 },
            Edit::AddRace {
                date: d(2, 14),
                name: "Valentine 10K".into(),
                distance_km: 10.0,
                priority: "C".into(),
            },
            Edit::BookMassage {
                date: d(1, 13),
                kind: "swedish".into(),
            },
            Edit::CancelBooking { index: 0 },
            Edit::AddInjury {
                area: "calves".into(),
                since: d(1, 1),
                until: None,
            },
            Edit::AddHealth {
                condition: "fever".into(),
                area: None,
                from: d(1, 2),
                until: Some(d(1, 5)),
            },
            Edit::SetMoney {
                monthly_budget: 150.0,
                deep: 80.0,
                art: 95.5,
                swedish: 60.0,
            },
            Edit::SetTools {
                tools: vec!["roller".into(), "gun".into()],
            },
            Edit::SetTherapistDays {
                weekdays: vec!["mon".into(), "thu".into()],
            },
            Edit::AddCredit {
                kind: "deep".into(),
                sessions: 5,
                valid_from: None,
                valid_until: d(6, 30),
                name: Some("Clinic 5-pack".into()),
            },
            Edit::AddClosed {
                from: d(2, 1),
                to: d(2, 7),
            },
        ];
        for edit in &edits {
            let done = apply(MARATHON_TOML, edit).unwrap();
            assert!(!done.description.is_empty(), "{edit:?}");
            assert_ne!(done.plan_toml, MARATHON_TOML, "{edit:?}");
            // The stored text is a plan file that reads as the edited plan.
            let again = plan_file::parse("x", &done.plan_toml).unwrap().plan;
            assert_eq!(again, done.plan, "{edit:?}");
        }
    }

    #[test]
    fn a_moved_workout_keeps_its_content() {
        let before = plan_file::parse("x", MARATHON_TOML).unwrap().plan;
        let done = apply(
            MARATHON_TOML,
            &Edit::MoveWorkout {
                index: 2,
                date: d(3, 3),
            },
        )
        .unwrap();
        let moved = &before.workouts[2];
        assert!(done.plan.workouts.iter().any(|w| w.date == d(3, 3)
            && w.kind == moved.kind
            && w.title == moved.title
            && w.minutes == moved.minutes));
        assert_eq!(done.plan.workouts.len(), before.workouts.len());
        assert!(done.description.contains("moved from"));
    }

    #[test]
    fn bad_edits_say_what_was_expected() {
        let cases = [
            (
                Edit::DeleteWorkout { index: 10_000 },
                "expected a number below",
            ),
            (
                Edit::AddWorkout {
                    date: d(1, 1),
                    kind: "intervls".into(),
                    minutes: None,
                    distance_km: None,
                    title: None,
                },
                "intervals",
            ),
            (
                Edit::AddWorkout {
                    date: d(1, 1),
                    kind: "easy".into(),
                    minutes: Some(-5.0),
                    distance_km: None,
                    title: None,
                },
                "expected a number above 0",
            ),
            (
                Edit::AddClosed {
                    from: d(2, 7),
                    to: d(2, 1),
                },
                "on or after the start",
            ),
            (
                Edit::SetMoney {
                    monthly_budget: f64::NAN,
                    deep: 1.0,
                    art: 1.0,
                    swedish: 1.0,
                },
                "expected an amount",
            ),
        ];
        for (edit, expected) in cases {
            let err = apply(MARATHON_TOML, &edit).unwrap_err().to_string();
            assert!(err.contains(expected), "{edit:?}: {err}");
        }
    }

    #[test]
    fn a_second_booking_on_a_day_is_refused() {
        let plan = plan_file::parse("x", MARATHON_TOML).unwrap().plan;
        let booked = plan.bookings[0].date;
        let err = apply(
            MARATHON_TOML,
            &Edit::BookMassage {
                date: booked,
                kind: "deep".into(),
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("already booked"), "{err}");
    }

    #[test]
    fn a_published_plan_replaces_the_training_in_its_span() {
        let id = template::builtin()[0].id.clone();
        let race = d(6, 6);
        let done = apply(
            MARATHON_TOML,
            &Edit::ApplyTemplate {
                id: id.clone(),
                race,
                units: None,
            },
        )
        .unwrap();
        assert!(
            done.description.starts_with("Applied"),
            "{}",
            done.description
        );
        assert!(done.plan.races.iter().any(|r| r.date == race));
        assert!(done.plan.workouts.iter().any(|w| w.date <= race));
        let bad = apply(
            MARATHON_TOML,
            &Edit::ApplyTemplate {
                id: "/etc/passwd".into(),
                race,
                units: None,
            },
        )
        .unwrap_err();
        assert!(bad.to_string().contains("published plan"), "{bad}");
        assert!(
            Edit::ApplyTemplate {
                id,
                race,
                units: None
            }
            .is_training()
        );
        assert!(!Edit::SetTools { tools: vec![] }.is_training());
    }

    #[test]
    fn edits_read_from_json() {
        let e: Edit =
            serde_json::from_str(r#"{"op":"move_workout","index":2,"date":"2027-01-05"}"#).unwrap();
        assert_eq!(
            e,
            Edit::MoveWorkout {
                index: 2,
                date: d(1, 5)
            }
        );
        assert!(serde_json::from_str::<Edit>(r#"{"op":"explode"}"#).is_err());
    }
}
