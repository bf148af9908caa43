//! Looking rules up: every rule knead applies, by id, and the two source texts.
//!
//! What a rule is ([`Rule`], its [`Grade`], [`Status`], [`Category`] and
//! [`Reference`]s) and every entry are defined in [`crate::catalogue`]; this
//! module is the face the rest of knead uses. Rule ids are the ones of the
//! domain contract (`rules.md`) and the evidence review (`evidence.md`), used
//! verbatim wherever a rule is applied, so `grep R-POST-RACE` finds the rule, its
//! checks and its tests.

pub use crate::catalogue::{Category, Grade, Reference, Rule, Status};

/// The two source texts of the domain contract.
pub const SOURCES: [(&str, &str); 2] = [
    (
        "000",
        "Treat Yo Self: Why Massages Should Be Part of Every Runner's Training (a runner's blog, marathon build)",
    ),
    (
        "001",
        "Massage for Runners: The What, When and How (a guide)",
    ),
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    crate::catalogue::RULES.iter().find(|r| r.id == id)
}

/// All rules, in catalogue order.
pub fn all() -> &'static [Rule] {
    crate::catalogue::RULES
}
