//! `knead activities` and `knead load`: recorded activities and training load.

use std::path::{Path, PathBuf};

use knead_app::respond;
use knead_core::load::{PmcConfig, Weighting};
use knead_formats::activity::Import;
use knead_report::{activities, json, load};

use crate::cli::{ActivitiesArgs, LoadArgs, LoadFormat, TableFormat};
use crate::exit::Status;
use crate::input;
use crate::output;

fn report_problems(imported: &Import) {
    // Every message starts with the file it is about.
    for (_, err) in &imported.errors {
        eprintln!("error: {err}");
    }
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    for d in &imported.dropped {
        eprintln!("note: {d}");
    }
}

fn reads<'a>(paths: &'a [PathBuf], plan: Option<&'a Path>) -> Vec<&'a Path> {
    paths.iter().map(PathBuf::as_path).chain(plan).collect()
}

/// Lists activities; unreadable files exit 1.
pub fn run_activities(args: &ActivitiesArgs) -> miette::Result<Status> {
    output::refuse_inputs(
        args.out.as_deref(),
        &reads(&args.paths, args.plan.as_deref()),
    )?;
    let plan = input::plan_for_settings(args.plan.as_deref())?;
    let imported = input::import_activities(&args.paths);
    report_problems(&imported);
    let answer = respond::activities(&imported, plan.as_ref());
    let text = match args.format {
        TableFormat::Json => json::render(&answer),
        TableFormat::Csv => activities::csv(&answer),
        TableFormat::Table => activities::table(&answer),
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(if imported.errors.is_empty() {
        Status::Fine
    } else {
        Status::Findings
    })
}

/// Prints the daily load series; unreadable files exit 1.
pub fn run_load(args: &LoadArgs) -> miette::Result<Status> {
    output::refuse_inputs(
        args.out.as_deref(),
        &reads(&args.paths, args.plan.as_deref()),
    )?;
    if !((1.0..=365.0).contains(&args.ctl_days) && (1.0..=365.0).contains(&args.atl_days)) {
        return Err(crate::exit::usage(
            "--ctl-days and --atl-days: expected numbers from 1 to 365",
        ));
    }
    let plan = input::plan_for_settings(args.plan.as_deref())?;
    let imported = input::import_activities(&args.paths);
    report_problems(&imported);
    if imported.activities.is_empty() {
        return Err(miette::miette!(
            "no activities could be read from the given paths"
        ));
    }
    let cfg = PmcConfig {
        ctl_days: args.ctl_days,
        atl_days: args.atl_days,
        weighting: if args.exponential {
            Weighting::Exponential
        } else {
            Weighting::Linear
        },
        ..PmcConfig::default()
    };
    let answer =
        respond::load(&imported.activities, &cfg, plan.as_ref()).map_err(miette::Report::new)?;
    let weighting = if args.exponential {
        "exponential (GoldenCheetah)"
    } else {
        "1/N (TrainingPeaks)"
    };
    let text = match args.format {
        LoadFormat::Json => json::render(&answer),
        LoadFormat::Csv => load::csv(&answer),
        LoadFormat::Text => load::table(&answer, args.ctl_days, args.atl_days, weighting),
        LoadFormat::Svg => knead_report::svg::load_chart(&answer.series, &answer.marks),
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(if imported.errors.is_empty() {
        Status::Fine
    } else {
        Status::Findings
    })
}
