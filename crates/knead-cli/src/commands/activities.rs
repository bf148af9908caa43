//! `knead activities` and `knead load`: recorded activities and training load.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use jiff::tz::{Offset, TimeZone};
use knead_core::load::{self, PmcConfig, Weighting};
use knead_core::model::{Activity, Physiology, Plan};
use knead_formats::activity::{self, Import};
use knead_report::svg::{ChartMark, MarkKind};
use serde::Serialize;

use crate::cli::{ActivitiesArgs, LoadArgs, LoadFormat, TableFormat};
use crate::input;
use crate::output;

/// Imports with a progress line on a terminal.
fn import(paths: &[PathBuf]) -> Import {
    if !std::io::stderr().is_terminal() {
        return activity::import(paths, None);
    }
    let last = Mutex::new(std::time::Instant::now());
    let progress = |done: usize, total: usize| {
        let Ok(mut t) = last.lock() else { return };
        if done == total || t.elapsed().as_millis() > 100 {
            *t = std::time::Instant::now();
            let width = 30;
            let filled = (done * width).checked_div(total).unwrap_or(width);
            eprint!(
                "\r[{}{}] {done}/{total} files",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            let _ = std::io::stderr().flush();
        }
    };
    let result = activity::import(paths, Some(&progress));
    eprintln!();
    result
}

fn report_errors(imported: &Import) {
    // Every error message starts with the file it is about.
    for (_, err) in &imported.errors {
        eprintln!("error: {err}");
    }
    // Every warning also starts with its file.
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    if imported.duplicates > 0 {
        eprintln!(
            "note: {} duplicate activit(ies) counted once",
            imported.duplicates
        );
    }
}

fn settings(plan: Option<&Path>) -> miette::Result<(Physiology, TimeZone, Option<Plan>)> {
    match plan {
        None => Ok((Physiology::default(), TimeZone::UTC, None)),
        Some(path) => {
            let mut notes = Vec::new();
            let plan = input::read_plan_file(path, &mut notes)?;
            let tz = TimeZone::get(&plan.athlete.time_zone).unwrap_or(TimeZone::UTC);
            Ok((plan.athlete.physiology, tz, Some(plan)))
        }
    }
}

/// One row of `knead activities`.
#[derive(Serialize)]
struct Row {
    source: String,
    sport: knead_core::model::Sport,
    start: String,
    elapsed_s: Option<f64>,
    moving_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    ascent_m: Option<f64>,
    trimp: Option<f64>,
    trimp_method: Option<load::TrimpMethod>,
}

/// RFC 3339 with the file's UTC offset, e.g. `2020-12-02T06:08:29-03:00`.
pub fn rfc3339(a: &Activity) -> String {
    let offset = Offset::from_seconds(a.utc_offset_s).unwrap_or(Offset::UTC);
    a.start.display_with_offset(offset).to_string()
}

fn round(x: Option<f64>, places: i32) -> Option<f64> {
    let f = 10f64.powi(places);
    x.filter(|v| v.is_finite()).map(|v| (v * f).round() / f)
}

fn rows(activities: &[Activity], p: &Physiology) -> Vec<Row> {
    activities
        .iter()
        .map(|a| {
            let t = load::trimp(a, p, None);
            Row {
                source: a.source.clone(),
                sport: a.sport,
                start: rfc3339(a),
                elapsed_s: round(a.elapsed_s, 2),
                moving_s: round(a.moving_s, 2),
                distance_m: round(a.distance_m, 2),
                avg_hr: round(a.avg_hr, 1),
                max_hr: round(a.max_hr, 1),
                ascent_m: round(a.ascent_m, 1),
                trimp: round(t.map(|t| t.value), 1),
                trimp_method: t.map(|t| t.method),
            }
        })
        .collect()
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

/// Lists activities.
pub fn run_activities(args: &ActivitiesArgs) -> miette::Result<ExitCode> {
    let (physiology, _, _) = settings(args.plan.as_deref())?;
    let imported = import(&args.paths);
    report_errors(&imported);
    let rows = rows(&imported.activities, &physiology);
    let text = match args.format {
        TableFormat::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        TableFormat::Csv => {
            let mut s = String::from(
                "source,sport,start,elapsed_s,moving_s,distance_m,avg_hr,max_hr,ascent_m,trimp,trimp_method\n",
            );
            for r in &rows {
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{},{},{},{}",
                    csv_field(&r.source),
                    serde_json::to_value(r.sport)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    r.start,
                    opt(r.elapsed_s),
                    opt(r.moving_s),
                    opt(r.distance_m),
                    opt(r.avg_hr),
                    opt(r.max_hr),
                    opt(r.ascent_m),
                    opt(r.trimp),
                    r.trimp_method
                        .and_then(|m| serde_json::to_value(m).ok())
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default()
                );
            }
            s
        }
        TableFormat::Table => {
            let mut s = format!(
                "{:<26} {:<8} {:>9} {:>9} {:>10} {:>5} {:>5} {:>7} {:>7}  SOURCE\n",
                "START", "SPORT", "ELAPSED", "MOVING", "KM", "AVGHR", "MAXHR", "ASCENT", "TRIMP"
            );
            for r in &rows {
                let hms = |s: Option<f64>| {
                    s.map(|s| {
                        let s = s.round() as i64;
                        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                    })
                    .unwrap_or_else(|| "-".into())
                };
                let num = |x: Option<f64>, p: usize| {
                    x.map(|v| format!("{v:.p$}")).unwrap_or_else(|| "-".into())
                };
                let _ = writeln!(
                    s,
                    "{:<26} {:<8} {:>9} {:>9} {:>10} {:>5} {:>5} {:>7} {:>7}  {}",
                    r.start,
                    format!("{:?}", r.sport).to_lowercase(),
                    hms(r.elapsed_s),
                    hms(r.moving_s),
                    num(r.distance_m.map(|m| m / 1000.0), 2),
                    num(r.avg_hr, 0),
                    num(r.max_hr, 0),
                    num(r.ascent_m, 0),
                    num(r.trimp, 0),
                    r.source
                );
            }
            let _ = writeln!(
                s,
                "{} activit(ies), {} file error(s), {} duplicate(s)",
                rows.len(),
                imported.errors.len(),
                imported.duplicates
            );
            s
        }
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(if imported.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Prints the daily load series.
pub fn run_load(args: &LoadArgs) -> miette::Result<ExitCode> {
    let (physiology, tz, plan) = settings(args.plan.as_deref())?;
    let imported = import(&args.paths);
    report_errors(&imported);
    if imported.activities.is_empty() {
        return Err(miette::miette!(
            "no activities could be read from the given paths"
        ));
    }
    let daily = load::daily_loads(&imported.activities, &tz, &physiology);
    let from = daily
        .first()
        .map(|d| d.0)
        .ok_or_else(|| miette::miette!("no activity has a duration"))?;
    let to = daily.last().map(|d| d.0).unwrap_or(from);
    if !(args.ctl_days >= 1.0
        && args.atl_days >= 1.0
        && args.ctl_days <= 365.0
        && args.atl_days <= 365.0)
    {
        return Err(miette::miette!(
            "--ctl-days and --atl-days: expected numbers from 1 to 365"
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
    let series = load::pmc(&daily, from, to, &cfg);
    let r = |x: f64| (x * 10.0).round() / 10.0;
    let text = match args.format {
        LoadFormat::Json => {
            let days: Vec<_> = series
                .iter()
                .map(|d| serde_json::json!({"date": d.date.to_string(), "load": r(d.load), "ctl": r(d.ctl), "atl": r(d.atl), "tsb": r(d.tsb)}))
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "days": days })).unwrap_or_default()
                + "\n"
        }
        LoadFormat::Csv => {
            let mut s = String::from("date,load,ctl,atl,tsb\n");
            for d in &series {
                let _ = writeln!(
                    s,
                    "{},{:.1},{:.1},{:.1},{:.1}",
                    d.date, d.load, d.ctl, d.atl, d.tsb
                );
            }
            s
        }
        LoadFormat::Text => {
            let ratios = load::acwr(&series);
            let mut s = format!(
                "{:<10} {:>7} {:>7} {:>7} {:>7} {:>6}\n",
                "DATE", "LOAD", "CTL", "ATL", "TSB", "A:C"
            );
            for (d, a) in series.iter().zip(&ratios) {
                let ratio = a
                    .ratio
                    .map(|x| format!("{x:.2}"))
                    .unwrap_or_else(|| "-".into());
                let _ = writeln!(
                    s,
                    "{} {:>7.1} {:>7.1} {:>7.1} {:>7.1} {:>6}",
                    d.date, d.load, d.ctl, d.atl, d.tsb, ratio
                );
            }
            let _ = writeln!(
                s,
                "CTL fitness ({:.0}-day), ATL fatigue ({:.0}-day), TSB form = yesterday's CTL - ATL (L-PMC), {} weighting.\nA:C is the acute:chronic ratio, a trend only, not an injury risk (L-ACWR).",
                args.ctl_days,
                args.atl_days,
                if args.exponential {
                    "exponential (GoldenCheetah)"
                } else {
                    "1/N (TrainingPeaks)"
                }
            );
            s
        }
        LoadFormat::Svg => {
            // Races (all of them, race workouts included) and the plan's
            // massages, booked and proposed, marked where they fall on the chart.
            let mut marks = Vec::new();
            if let Some(plan) = &plan
                && let Ok(ctx) = knead_core::context::PlanContext::new(plan, Default::default())
            {
                for race in ctx.races() {
                    marks.push(ChartMark {
                        date: race.date,
                        label: race.name.clone(),
                        kind: MarkKind::Race,
                    });
                }
                for m in knead_core::scheduler::solve(&ctx).massages {
                    marks.push(ChartMark {
                        date: m.date,
                        label: m.kind.label().to_string(),
                        kind: MarkKind::Massage,
                    });
                }
            }
            knead_report::svg::load_chart(&series, &marks)
        }
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(if imported.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
