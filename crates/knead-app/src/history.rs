//! Training history: recorded activities turned into the hard days (L-HARD)
//! and low-form days (L-FORM) the scheduler takes into account, and a summary
//! of what they change in the plan window.

use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::context::{DayNote, HistoryReach};
use knead_core::days::days_between;
use knead_core::load;
use knead_core::model::{Activity, Plan};
use knead_formats::activity::Import;
use serde::Serialize;

use crate::notice::Notice;

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
    /// First day with an activity.
    pub first: Option<Date>,
    /// Last day with an activity.
    pub last: Option<Date>,
    /// Days of history needed before load spikes and low form are judged
    /// (CTL's time constant); long sessions count from the first day.
    pub days_needed: u32,
    /// Where the hard and low-form days fall against the plan window.
    pub reach: Reach,
}

/// Where a history's hard and low-form days fall against the plan window
/// (knead-core's [`HistoryReach`], serialisable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Reach {
    /// Hard days inside the window: they move massages.
    pub hard_in_window: usize,
    /// Hard days just outside it that still shape its edges.
    pub hard_at_edges: usize,
    /// Low-form days inside the window.
    pub low_form_in_window: usize,
    /// Days before the window: they change nothing.
    pub before_window: usize,
    /// Days after the window: they change nothing.
    pub after_window: usize,
}

impl From<HistoryReach> for Reach {
    fn from(r: HistoryReach) -> Reach {
        Reach {
            hard_in_window: r.hard_in_window,
            hard_at_edges: r.hard_at_edges,
            low_form_in_window: r.low_form_in_window,
            before_window: r.before_window,
            after_window: r.after_window,
        }
    }
}

impl Summary {
    /// Days from the first activity to the last, both included.
    pub fn days_covered(&self) -> i64 {
        match (self.first, self.last) {
            (Some(first), Some(last)) => days_between(first, last) + 1,
            _ => 0,
        }
    }
}

impl fmt::Display for Summary {
    /// One line for a person: what was read and what it changes in this plan.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.reach;
        write!(f, "history: {} activities", self.activities)?;
        if let (Some(first), Some(last)) = (self.first, self.last) {
            write!(f, " from {first} to {last}")?;
        }
        write!(
            f,
            "; {} hard day(s) and {} low-form day(s) fall in the plan window",
            r.hard_in_window, r.low_form_in_window
        )?;
        if r.hard_at_edges > 0 {
            write!(f, ", {} hard day(s) just outside it", r.hard_at_edges)?;
        }
        let outside = r.before_window + r.after_window;
        if outside > 0 {
            write!(
                f,
                "; {outside} other day(s) lie outside it and change nothing"
            )?;
        }
        let covered = self.days_covered();
        if covered < i64::from(self.days_needed) {
            write!(
                f,
                "; it covers {covered} day(s), and load spikes and low form are judged only after {} days of history (long sessions count at once)",
                self.days_needed
            )?;
        }
        Ok(())
    }
}

/// What the import noticed, as notices: files skipped (with why), files read
/// with a warning, and copies dropped (naming the file kept).
pub fn file_notices(import: &Import) -> Vec<Notice> {
    import
        .errors
        .iter()
        .map(|(_, e)| Notice::warning(format!("history: skipped {e}")))
        .chain(
            import
                .warnings
                .iter()
                .map(|w| Notice::warning(format!("history: {w}"))),
        )
        .chain(
            import
                .dropped
                .iter()
                .map(|d| Notice::note(format!("history: {d}"))),
        )
        .collect()
}

/// The hard and low-form days of `activities` in `tz`, and the summary
/// without its reach (which needs the plan window: [`Summary::reach`] is
/// filled in once the season's context exists).
pub fn hard_days(activities: &[Activity], plan: &Plan, tz: &TimeZone) -> (HistoryDays, Summary) {
    let p = &plan.athlete.physiology;
    let cfg = load::HardDayConfig::default();
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
    let summary = Summary {
        activities: activities.len(),
        first,
        last,
        days_needed: cfg.min_history_days,
        reach: Reach::default(),
    };
    (days, summary)
}
