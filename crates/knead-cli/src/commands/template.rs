//! `knead template`: published plans laid out back from race day.

use std::path::Path;

use knead_app::respond;
use knead_formats::plan_file;
use knead_report::{json, templates};

use crate::cli::{TemplateArgs, TemplateFormat};
use crate::exit::Status;
use crate::input;
use crate::output;

/// Lists the built-in plans, or lays one out.
pub fn run(args: &TemplateArgs) -> miette::Result<Status> {
    if args.name == "list" {
        let answer = respond::templates();
        let out = match args.format {
            TemplateFormat::Json => json::render(&answer),
            TemplateFormat::Toml => templates::list(&answer),
        };
        output::emit(args.out.as_deref(), &out)?;
        return Ok(Status::Fine);
    }
    output::refuse_inputs(args.out.as_deref(), &[Path::new(&args.name)])?;
    let race = args.race.ok_or_else(|| {
        crate::exit::usage(format!(
            "--race DATE is needed to lay out `{}` (the plan ends on race day)",
            args.name
        ))
    })?;
    let t = input::load_template(&args.name)?;
    let answer = respond::template(&t, race, args.units);
    for n in &answer.diagnostics {
        eprintln!("{n}");
    }
    let text = match args.format {
        TemplateFormat::Json => json::render(&answer),
        TemplateFormat::Toml => format!(
            "# knead plan from {} ({}), race day {race}.\n# Edit the athlete section: budget, prices, tools, injuries, therapist days.\n{}",
            t.name,
            t.id,
            plan_file::to_toml(&answer.plan)
        ),
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(Status::Fine)
}
