//! `knead explain`: why a day holds what it holds.

use std::fmt::Write;
use std::path::PathBuf;

use jiff::civil::Date;
use knead_core::context::PlanContext;
use knead_core::explain::{self, Alternative};
use knead_core::plan;
use knead_core::scheduler;
use knead_report::words::{headline, reason_line};
use miette::miette;

use crate::cli::{ExplainArgs, ListFormat, PlanSource, Units};
use crate::input;

/// Explains one day.
pub fn run(args: &ExplainArgs) -> miette::Result<()> {
    let (file, day) = match args.args.as_slice() {
        [day] => (None, day),
        [file, day] => (Some(PathBuf::from(file)), day),
        _ => {
            return Err(miette!(
                "expected FILE DATE, or only DATE for the built-in example"
            ));
        }
    };
    let date: Date = day
        .parse()
        .map_err(|e| miette!("`{day}` is not a date: expected YYYY-MM-DD ({e})"))?;
    let source = PlanSource {
        file,
        template: None,
        race: None,
        units: Units::Km,
        options: args.options.clone(),
    };
    let gathered = input::gather(&source)?;
    let ctx =
        PlanContext::new(&gathered.plan, gathered.options.clone()).map_err(|e| miette!("{e}"))?;
    let best = scheduler::solve(&ctx);
    let schedule = plan::assemble(&ctx, &best);
    let e = explain::explain(&ctx, &best, &schedule, date);
    let out = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&e).unwrap_or_default() + "\n",
        ListFormat::Text => render(&e, &schedule.currency),
    };
    crate::output::emit(None, &out)
}

fn render(e: &explain::Explanation, currency: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", e.date, e.date.strftime("%A"));
    let _ = writeln!(out, "training: {}", e.training);
    if e.outside_window {
        let _ = writeln!(out, "This day is outside the planned window.");
        return out;
    }
    if e.items.is_empty() {
        let _ = writeln!(out, "recovery: nothing planned");
    }
    for item in &e.items {
        let _ = writeln!(out, "▸ {}", headline(item, currency));
        for r in &item.reasons {
            let _ = writeln!(out, "    {}", reason_line(r));
        }
    }
    if !e.alternatives.is_empty() {
        let _ = writeln!(out, "\nWhy nothing else:");
    }
    for a in &e.alternatives {
        match a {
            Alternative::Blocked { option, rules } => {
                let _ = writeln!(out, "  {option}: not allowed");
                for r in rules {
                    let _ = writeln!(out, "    {} {}", r.rule, r.reason);
                }
            }
            Alternative::Worse {
                option,
                points_lost,
                terms,
                changes,
            } => {
                let _ = writeln!(
                    out,
                    "  {option}: allowed, but the best plan with it scores {points_lost:.2} points lower"
                );
                for t in terms {
                    let _ = writeln!(
                        out,
                        "    {} {:+.2}: {}",
                        t.rule_id,
                        t.value as f64 / 100.0,
                        t.text
                    );
                }
                for c in changes {
                    let _ = writeln!(out, "    then {c}");
                }
            }
            Alternative::Tie { option } => {
                let _ = writeln!(
                    out,
                    "  {option}: just as good; the fixed tie-break order chose the plan's choice"
                );
            }
        }
    }
    out
}
