//! Why a use case could not answer.

use knead_core::context::PlanProblem;
use knead_formats::{ics::IcsError, plan_file::PlanError};

/// A use case's failure: bad input (with file, line and what was expected) or a
/// plan that cannot be scheduled.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum AppError {
    /// The plan file could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    PlanFile(#[from] PlanError),
    /// A calendar could not be read at all.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Calendar(#[from] IcsError),
    /// The plan cannot be scheduled as asked (empty, window backwards or too long).
    #[error("{0}")]
    Plan(#[from] PlanProblem),
    /// A value given by the caller is out of range.
    #[error("{0}")]
    Invalid(String),
}
