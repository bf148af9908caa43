use knead_core::check::{self as checker, ExpiringCredit, Violation};
use knead_core::objective::Term;
use knead_core::plan::Warning;
use serde::Serialize;

use crate::error::AppError;
use crate::notice::Notice;
use crate::season::Season;

/// `knead check`: the rules the booked massages break, and soft-rule advice.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResponse {
    /// `knead-check/1`.
    pub format: &'static str,
    /// Booked massages checked.
    pub bookings: usize,
    /// Hard rules broken, in date order; each names the booking's series when
    /// it repeats and the nearest day it could move to (`alternative`).
    pub violations: Vec<Violation>,
    /// Bookings kept but worth a look, not violations: a booking on a day the
    /// runner's free times and the therapist's hours leave no common slot for
    /// (it may have been made outside the listed hours).
    pub warnings: Vec<Warning>,
    /// Soft rules strained (spacing, recovery after deep work, months without massage).
    pub advice: Vec<Term>,
    /// Prepaid packages whose sessions the bookings leave to expire unused
    /// (absent from JSON when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<ExpiringCredit>,
    /// Inputs that were damaged (a calendar cut short): bookings in the lost
    /// part were not checked, so "no rule broken" is not the whole answer.
    pub damaged_inputs: Vec<String>,
    /// What was noticed while reading the sources.
    pub diagnostics: Vec<Notice>,
}

impl CheckResponse {
    /// True when every booking keeps every hard rule and nothing was damaged.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty() && self.damaged_inputs.is_empty()
    }
}

/// Checks the season's bookings.
///
/// # Errors
/// [`AppError::Plan`] when the plan has no window.
pub fn check(season: &Season) -> Result<CheckResponse, AppError> {
    let ctx = season.context()?;
    Ok(CheckResponse {
        format: "knead-check/1",
        bookings: season.plan.bookings.len(),
        violations: checker::check(&ctx),
        warnings: knead_core::plan::booking_warnings(&ctx),
        advice: checker::advice(&ctx),
        credits: checker::expiring_credits(&ctx),
        damaged_inputs: season.damaged_inputs.clone(),
        diagnostics: season.notices.clone(),
    })
}
