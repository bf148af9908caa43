//! Training history: recorded activities turned into the hard days (L-HARD)
//! and low-form days (L-FORM) the scheduler takes into account, and a summary
//! of what they change in the plan window.

use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::context::{self, DayNote, Options};
use knead_core::load;
use knead_core::model::{Activity, Plan};
use serde::Serialize;

/// Hard and low-form days found in a history.
#[derive(Debug, Clone, Default)]
pub struct HistoryDays {
    /// Days the history makes hard (L-HARD).
    pub hard: Vec<DayNote>,
    /// Days of low form (L-FORM).
    pub low_form: Vec<DayNote>,
}

/// What a history does to a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Activities read.
    pub activities: usize,
    /// First and last day with an activity.
    pub first: Option<Date>,
    /// Last day with an activity.
    pub last: Option<Date>,
    /// Hard days (L-HARD) inside the plan window: they move massages.
    pub hard_in_window: usize,
    /// Low-form days (L-FORM) inside the plan window.
    pub low_form_in_window: usize,
    /// Hard and low-form days outside the window: they change nothing.
    pub outside_window: usize,
}

impl fmt::Display for Summary {
    /// One line for a person: what was read and what it changes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "history: {} activities", self.activities)?;
        if let (Some(first), Some(last)) = (self.first, self.last) {
            write!(f, " from {first} to {last}")?;
        }
        write!(
            f,
            "; {} hard day(s) and {} low-form day(s) fall in the plan window",
            self.hard_in_window, self.low_form_in_window
        )?;
        if self.outside_window > 0 {
            write!(
                f,
                "; {} other day(s) lie outside it and change nothing",
                self.outside_window
            )?;
        }
        Ok(())
    }
}

/// The hard and low-form days of `activities` in the athlete's time zone,
/// with their summary against the plan window.
pub fn hard_days(
    activities: &[Activity],
    plan: &Plan,
    options: &Options,
    tz: &TimeZone,
) -> (HistoryDays, Summary) {
    let p = &plan.athlete.physiology;
    let daily = load::daily_loads(activities, tz, p);
    let (first, last) = (daily.first().map(|d| d.0), daily.last().map(|d| d.0));
    let days = match first.zip(last) {
        None => HistoryDays::default(),
        Some((first, last)) => {
            // The series runs to the plan's last workout, so form keeps
            // recovering through days without recorded activity.
            let end = plan
                .workouts
                .iter()
                .map(|w| w.date)
                .max()
                .map_or(last, |d| d.max(last));
            let series = load::pmc(&daily, first, end, &load::PmcConfig::default());
            let cfg = load::HardDayConfig::default();
            let minutes = load::activity_minutes(activities, tz);
            let to_note = |h: load::HardDay| DayNote {
                date: h.date,
                rule_id: h.rule,
                reason: format!("{}: {}", h.reason, h.numbers),
            };
            HistoryDays {
                hard: load::hard_days(&series, &minutes, &cfg)
                    .into_iter()
                    .map(to_note)
                    .collect(),
                low_form: load::low_form_days(&series, &cfg)
                    .into_iter()
                    .map(to_note)
                    .collect(),
            }
        }
    };
    let window = context::window(plan, options).ok();
    let inside = |d: &DayNote| window.is_some_and(|(from, to)| (from..=to).contains(&d.date));
    let hard_in_window = days.hard.iter().filter(|d| inside(d)).count();
    let low_form_in_window = days.low_form.iter().filter(|d| inside(d)).count();
    let summary = Summary {
        activities: activities.len(),
        first,
        last,
        hard_in_window,
        low_form_in_window,
        outside_window: days.hard.len() + days.low_form.len() - hard_in_window - low_form_in_window,
    };
    (days, summary)
}
