//! `knead plan`: schedule and render.

use knead_core::context::PlanContext;
use knead_core::plan;
use knead_report::{calendar, json, markdown, text};

use crate::cli::{PlanArgs, PlanFormat};
use crate::input::{self, Input};
use crate::output;

/// Plans and writes the schedule in the chosen format.
pub fn run(args: &PlanArgs) -> miette::Result<()> {
    output::refuse_overwriting_input(args.out.as_deref(), args.source.file.as_deref())?;
    let Input {
        plan,
        options,
        notes,
        is_example,
    } = input::gather(&args.source)?;
    for n in &notes {
        eprintln!("{n}");
    }
    if is_example && args.format == PlanFormat::Text && args.out.is_none() {
        eprintln!(
            "(no plan file given: planning the built-in example; `knead example > plan.toml` writes it out)"
        );
    }
    let ctx = PlanContext::new(&plan, options).map_err(|e| miette::miette!("{e}"))?;
    if !ctx
        .days()
        .any(|d| ctx.workouts_on(d).next().is_some() || ctx.races_on(d).next().is_some())
    {
        eprintln!(
            "warning: no training or race between {} and {}: only bookings and the rules shape this window",
            ctx.from, ctx.to
        );
    }
    let schedule = plan::build(&ctx);
    let rendered = match args.format {
        PlanFormat::Text => text::render(
            &ctx,
            &schedule,
            args.out.is_none() && output::colour_stdout(),
        ),
        PlanFormat::Json => json::render(&schedule),
        PlanFormat::Ics => calendar::render(&schedule, output::export_time()),
        PlanFormat::Markdown => markdown::render(&ctx, &schedule),
    };
    output::emit(args.out.as_deref(), &rendered)
}
