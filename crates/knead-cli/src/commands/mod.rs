//! One module per subcommand.

pub mod activities;
pub mod check;
pub mod explain;
pub mod plan;
pub mod rules;
pub mod serve;
pub mod shell;
pub mod template;

use knead_app::Notice;

use crate::exit::Status;
use crate::input::Sources;

/// Findings (exit 1) when files of the history could not be read, else fine.
fn history_status(sources: &Sources) -> Status {
    if sources.unreadable_history() > 0 {
        Status::Findings
    } else {
        Status::Fine
    }
}

/// Prints what was noticed while reading, one line each, to standard error.
fn print_notices(notices: &[Notice]) {
    for n in notices {
        eprintln!("{n}");
    }
}
