//! The window as a calendar: each day's training, the weeks (Monday to
//! Sunday) with their planned minutes, and the totals of a schedule. Every
//! renderer (terminal, Markdown, JSON, web page) lays a schedule out from these,
//! so none of them needs the plan behind it.

use jiff::civil::Date;
use serde::Serialize;

use crate::context::PlanContext;
use crate::days::week_start;
use crate::model::Cents;

/// One day of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    /// The day.
    pub date: Date,
    /// What the plan holds, e.g. "long 150 min 24 km" or "rest".
    pub training: String,
    /// Why the day is hard (race, long run, tempo, intervals, hills, or a hard
    /// day in the history), when it is.
    pub hard: Option<String>,
}

/// One week of the window, Monday to Sunday (the first and last may be cut by
/// the window).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// Week number in the window, from 1.
    pub number: usize,
    /// Its Monday (may fall before the window).
    pub monday: Date,
    /// Its first day in the window.
    pub from: Date,
    /// Its last day in the window.
    pub to: Date,
    /// Minutes of running and cross-training planned in the whole week.
    pub planned_minutes: f64,
}

/// What a schedule adds up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Professional massages in the window.
    pub massages: usize,
    /// Of which booked by the runner.
    pub booked: usize,
    /// Of which proposed by knead.
    pub proposed: usize,
    /// Spend in the window's months (bookings outside the window in those
    /// months included, as they share the budget), in cents.
    pub spend_cents: Cents,
    /// Days with a self-massage session.
    pub self_massage_days: usize,
}

/// Every day of the window.
pub fn days(ctx: &PlanContext<'_>) -> Vec<Day> {
    ctx.days()
        .map(|date| Day {
            date,
            training: day_summary(ctx, date),
            hard: ctx.hard(date).map(|why| why.describe()),
        })
        .collect()
}

/// The window's weeks in order.
pub fn weeks(ctx: &PlanContext<'_>) -> Vec<Week> {
    let mut out: Vec<Week> = Vec::new();
    for date in ctx.days() {
        let monday = week_start(date);
        match out.last_mut() {
            Some(w) if w.monday == monday => w.to = date,
            _ => out.push(Week {
                number: out.len() + 1,
                monday,
                from: date,
                to: date,
                planned_minutes: ctx.week_minutes(monday),
            }),
        }
    }
    out
}

/// What the plan holds on `date`, e.g. "easy 40 min" or "rest".
pub fn day_summary(ctx: &PlanContext<'_>, date: Date) -> String {
    let mut parts: Vec<String> = ctx
        .races_on(date)
        .map(|r| format!("race {} ({})", r.name, ctx.plan.units.show(r.distance_km)))
        .collect();
    for w in ctx.workouts_on(date) {
        if w.kind == crate::model::WorkoutKind::Race && !parts.is_empty() {
            continue;
        }
        let mut s = w.kind.as_str().to_string();
        if let Some(m) = w.minutes {
            s.push_str(&format!(" {m:.0} min"));
        }
        if let Some(km) = w.distance_km {
            s.push_str(&format!(" {}", ctx.plan.units.show(km)));
        }
        parts.push(s);
    }
    if parts.is_empty() {
        "rest".into()
    } else {
        parts.join(", ")
    }
}
