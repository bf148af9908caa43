//! `knead check`: every rule the booked massages break.

use std::process::ExitCode;

use knead_core::check;
use knead_core::context::PlanContext;
use knead_core::rules;

use crate::cli::{CheckArgs, ListFormat};
use crate::input;

/// Checks the bookings; exit status 1 when any rule is broken.
pub fn run(args: &CheckArgs) -> miette::Result<ExitCode> {
    let gathered = input::gather(&args.source)?;
    for n in &gathered.notes {
        eprintln!("{n}");
    }
    let ctx = PlanContext::new(&gathered.plan, gathered.options.clone())
        .map_err(|e| miette::miette!("{e}"))?;
    let violations = check::check(&ctx);
    let advice = check::advice(&ctx);
    let out = match args.format {
        ListFormat::Json => {
            let doc = serde_json::json!({
                "bookings": gathered.plan.bookings.len(),
                "violations": violations,
                "advice": advice,
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        ListFormat::Text => {
            let mut out = String::new();
            if violations.is_empty() {
                out.push_str(&format!(
                    "{} booked massage(s) checked: no rule broken.\n",
                    gathered.plan.bookings.len()
                ));
            }
            for v in &violations {
                let grade = rules::rule(v.rule_id).map_or("?", |r| r.grade.as_str());
                out.push_str(&format!(
                    "{}  {:<16} [{grade}] {} massage: {}\n",
                    v.date,
                    v.rule_id,
                    v.kind.as_str(),
                    v.reason
                ));
            }
            if !advice.is_empty() {
                out.push_str("\nAdvice (soft rules, not violations):\n");
            }
            for t in &advice {
                out.push_str(&format!("  {:<16} {}\n", t.rule_id, t.text));
            }
            out
        }
    };
    crate::output::emit(None, &out)?;
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
