use knead_core::plan::{self as schedule, Schedule};
use serde::Serialize;

use crate::error::AppError;
use crate::history::Summary;
use crate::notice::Notice;
use crate::season::Season;

/// `knead plan`: the explained schedule.
#[derive(Debug, Clone, Serialize)]
pub struct PlanResponse {
    /// `knead-schedule/2`.
    pub format: &'static str,
    /// True when the plan is the built-in example.
    pub example: bool,
    /// What the training history changes in this plan, when history was given.
    pub history: Option<Summary>,
    /// The schedule: days, weeks, totals, items with their reasons.
    #[serde(flatten)]
    pub schedule: Schedule,
    /// What was noticed while reading the sources.
    pub diagnostics: Vec<Notice>,
}

/// Plans the season.
///
/// # Errors
/// [`AppError::Plan`] when the plan cannot be scheduled.
pub fn plan(season: &Season) -> Result<PlanResponse, AppError> {
    let ctx = season.context()?;
    let schedule = schedule::build(&ctx);
    let mut diagnostics = season.notices.clone();
    if !ctx
        .days()
        .any(|d| ctx.workouts_on(d).next().is_some() || ctx.races_on(d).next().is_some())
    {
        diagnostics.push(Notice::warning(format!(
            "no training or race between {} and {}: only bookings and the rules shape this window",
            schedule.from, schedule.to
        )));
    }
    Ok(PlanResponse {
        format: "knead-schedule/2",
        example: season.is_example,
        history: season.history.clone(),
        schedule,
        diagnostics,
    })
}
