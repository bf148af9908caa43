//! `knead explain`: why a day holds what it holds.

use knead_app::respond;
use knead_report::{explain, json};

use crate::cli::{ExplainArgs, ListFormat};
use crate::exit::Status;
use crate::input::Sources;
use crate::output;

/// Explains one day.
pub fn run(args: &ExplainArgs) -> miette::Result<Status> {
    let sources = Sources::read(Some(&args.file), None, &args.options)?;
    let season = sources.season()?;
    let answer = respond::explain(&season, args.date).map_err(miette::Report::new)?;
    super::print_notices(&answer.diagnostics);
    let out = match args.format {
        ListFormat::Json => json::render(&answer),
        ListFormat::Text => explain::text(&answer),
    };
    output::emit(None, &out)?;
    Ok(super::history_status(&sources))
}
