//! The built-in example plan: an 18-week marathon build.
//!
//! Week 1 starts on Monday 2026-12-21 and the goal marathon (priority A) is on
//! Sunday 2027-04-25, with a half-marathon tune-up (priority B) six weeks
//! before. The plan is written in minutes, has cutback weeks, a three-week
//! taper, a plantar fascia niggle in the middle of the build, a 100 EUR monthly
//! budget, a therapist closed over Easter and one massage already booked. The
//! file doubles as the complete example of `docs/plan-format.md`.

use knead_core::model::Plan;

/// The name the example goes by in messages.
pub const MARATHON_FILE_NAME: &str = "marathon.toml";

/// The example plan file's text.
pub const MARATHON_TOML: &str = include_str!("../examples-data/marathon.toml");

/// The example plan, parsed.
pub fn marathon() -> Plan {
    // The embedded file is fixed at compile time and a test checks that it
    // parses without errors or warnings, so this cannot fail at run time.
    crate::plan_file::parse(MARATHON_FILE_NAME, MARATHON_TOML)
        .map(|parsed| parsed.plan)
        .expect("the built-in example plan parses (tested in tests/plan_file.rs)")
}
