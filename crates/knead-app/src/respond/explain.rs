use jiff::civil::Date;
use knead_core::explain::{self as explainer, Explanation};
use knead_core::{plan, scheduler};
use serde::Serialize;

use crate::error::AppError;
use crate::notice::Notice;
use crate::season::Season;

/// `knead explain`: why a day holds what it holds, and why nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainResponse {
    /// `knead-explain/2`.
    pub format: &'static str,
    /// Currency of the prices in the items.
    pub currency: String,
    /// The explanation.
    #[serde(flatten)]
    pub explanation: Explanation,
    /// What was noticed while reading the sources.
    pub diagnostics: Vec<Notice>,
}

/// Explains `date` in the season's schedule.
///
/// # Errors
/// [`AppError::Plan`] when the plan cannot be scheduled.
pub fn explain(season: &Season, date: Date) -> Result<ExplainResponse, AppError> {
    let ctx = season.context()?;
    let best = scheduler::solve(&ctx);
    let schedule = plan::assemble(&ctx, &best);
    Ok(ExplainResponse {
        format: "knead-explain/2",
        currency: schedule.currency.clone(),
        explanation: explainer::explain(&ctx, &best, &schedule, date),
        diagnostics: season.notices.clone(),
    })
}
