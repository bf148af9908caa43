use knead_core::plan::{self as schedule, Schedule};
use serde::Serialize;

use crate::error::AppError;
use crate::notice::Notice;
use crate::season::Season;

/// `knead plan`: the explained schedule.
#[derive(Debug, Clone, Serialize)]
pub struct PlanResponse {
    /// `knead-schedule/2`.
    pub format: &'static str,
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
    Ok(PlanResponse {
        format: "knead-schedule/2",
        schedule: schedule::build(&ctx),
        diagnostics: season.notices.clone(),
    })
}
