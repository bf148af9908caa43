//! `knead check`: every rule the booked massages break.

use knead_app::respond;
use knead_report::{check, json};

use crate::cli::{CheckArgs, CheckFormat};
use crate::exit::Status;
use crate::input::Sources;
use crate::output;

/// Checks the bookings; findings (a broken rule, a damaged calendar) exit 1.
pub fn run(args: &CheckArgs) -> miette::Result<Status> {
    let sources = Sources::read(Some(&args.file), None, &args.options)?;
    let season = sources.season()?;
    let answer = respond::check(&season).map_err(miette::Report::new)?;
    super::print_notices(&answer.diagnostics);
    let out = match args.format {
        CheckFormat::Json => json::render(&answer),
        CheckFormat::Text => check::text(&answer),
        CheckFormat::Markdown => check::markdown(&answer),
    };
    output::emit(None, &out)?;
    Ok(if answer.is_clean() && sources.unreadable_history() == 0 {
        Status::Fine
    } else {
        Status::Findings
    })
}
