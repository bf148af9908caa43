//! `knead plan`: schedule and render.

use std::path::{Path, PathBuf};

use knead_app::respond;
use knead_report::{calendar, json, markdown, text};

use crate::cli::{PlanArgs, PlanFormat};
use crate::exit::Status;
use crate::input::Sources;
use crate::output;

/// Plans and writes the schedule in the chosen format.
pub fn run(args: &PlanArgs) -> miette::Result<Status> {
    let src = &args.source;
    let template_file = src.template.as_deref().map(Path::new);
    let mut reads: Vec<&Path> = src.file.iter().map(PathBuf::as_path).collect();
    reads.extend(src.options.calendars.iter().map(PathBuf::as_path));
    reads.extend(src.options.history.iter().map(PathBuf::as_path));
    reads.extend(template_file.filter(|p| p.exists()));
    output::refuse_inputs(args.out.as_deref(), &reads)?;

    let template = match (&src.template, src.race) {
        (Some(name), Some(race)) => Some((name.as_str(), race, src.units)),
        _ => None,
    };
    let sources = Sources::read(src.file.as_deref(), template, &src.options)?;
    let season = sources.season()?;
    let answer = respond::plan(&season).map_err(miette::Report::new)?;
    super::print_notices(&answer.diagnostics);
    let s = &answer.schedule;
    let to_stdout = output::is_stdout(args.out.as_deref());
    let rendered = match args.format {
        PlanFormat::Text => text::render(s, to_stdout && output::colour_stdout()),
        PlanFormat::Json => json::render(&answer),
        PlanFormat::Ics => calendar::render(s, output::export_time()),
        PlanFormat::Markdown => markdown::render(s),
    };
    output::emit(args.out.as_deref(), &rendered)?;
    Ok(super::history_status(&sources))
}
