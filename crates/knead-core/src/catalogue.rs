//! The rule catalogue's entries (filled from rules.md and evidence.md).
use crate::rules::Rule;

/// Every rule knead knows.
pub static RULES: &[Rule] = &[];
