//! knead's plan file: a TOML description of the runner, their training, races
//! and booked massages, read into [`knead_core::model::Plan`].
//!
//! The format is documented field by field in `docs/plan-format.md`; the
//! built-in example ([`crate::example::MARATHON_TOML`]) is a complete file.
//!
//! Reading happens in two steps. Serde (through toml) checks the shape: TOML
//! syntax, field names (unknown fields are errors, so typos do not vanish),
//! value types, and the spelling of names, dates, amounts and distances; toml
//! reports where each error is. Then [`parse`] checks what needs more than one
//! value: periods that end before they start, time windows that do not end
//! after they start (no window runs past midnight), the time zone, prices,
//! heart rates, repeating bookings (expanded here into one booking per
//! occurrence, each naming its series), double bookings, and that there is
//! something to plan. A booking on a day the therapist is closed is a warning,
//! not an error: the runner may know better (a different therapist, a changed
//! holiday).

mod check;
mod distance;
mod error;
pub mod names;
mod raw;
mod value;
mod write;

use knead_core::model::Plan;

pub use error::PlanError;
pub use write::to_toml;

use check::build;
use error::Source;
use raw::RawPlan;

/// A plan read from a file, with the warnings found while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The plan. Workouts, races and bookings are sorted by date (stable, so
    /// several workouts on one day keep their file order).
    pub plan: Plan,
    /// Problems that do not stop knead, each as `file:line:column: warning: message`.
    pub warnings: Vec<String>,
}

/// Reads a plan file. `path_for_messages` names the file in errors and warnings;
/// `text` is its content.
///
/// # Errors
/// A [`PlanError`] for a TOML syntax error, an unknown or missing field, a value
/// of the wrong type or spelling, or a failed check (see the module docs).
pub fn parse(path_for_messages: &str, text: &str) -> Result<Parsed, PlanError> {
    let src = Source {
        file: path_for_messages,
        text,
    };
    let raw: RawPlan = toml::from_str(text).map_err(|e| src.toml_error(&e))?;
    build(&src, raw)
}
