//! One broken hard rule: what the constraints and the safety screening both
//! report, and what the checker turns into violations.

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The rule id, e.g. `R-PRE-RACE-DEEP`.
    pub rule_id: &'static str,
    /// Why, in one line.
    pub reason: String,
}
