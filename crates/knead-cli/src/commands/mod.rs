//! One module per subcommand.

pub mod activities;
pub mod check;
pub mod explain;
pub mod plan;
pub mod rules;
pub mod shell;
pub mod template;

use knead_app::Notice;

/// Prints what was noticed while reading, one line each, to standard error.
fn print_notices(notices: &[Notice]) {
    for n in notices {
        eprintln!("{n}");
    }
}
