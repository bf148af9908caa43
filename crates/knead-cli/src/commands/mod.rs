//! One module per subcommand.

pub mod activities;
pub mod check;
pub mod explain;
pub mod plan;
pub mod rules;
pub mod template;
