//! `check` for people: each broken rule on its line (with the booking's
//! series and the nearest day it could move to), bookings worth a look, then
//! soft-rule advice; as terminal text or Markdown.

use std::fmt::Write;

use knead_app::respond::CheckResponse;
use knead_core::check::Violation;
use knead_core::rules;

use crate::markdown::cell;
use crate::words::day_name;

fn grade(v: &Violation) -> &'static str {
    rules::rule(v.rule_id).map_or("?", |r| r.grade.as_str())
}

/// " (every 2 weeks from 2027-01-07)" for an occurrence of a repeating booking.
fn series(v: &Violation) -> String {
    v.series
        .as_deref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default()
}

/// "try Fri 5 Feb instead", when a day would do.
fn instead(v: &Violation) -> Option<String> {
    v.alternative
        .map(|d| format!("try {} instead", day_name(d)))
}

/// The verdict when no rule is broken.
fn verdict(r: &CheckResponse) -> String {
    let verdict = if r.damaged_inputs.is_empty() {
        "no rule broken"
    } else {
        "no rule broken among the bookings that could be read"
    };
    format!("{} booked massage(s) checked: {verdict}.", r.bookings)
}

/// The check's answer for the terminal.
pub fn text(r: &CheckResponse) -> String {
    let mut out = String::new();
    for file in &r.damaged_inputs {
        let _ = writeln!(
            out,
            "INCOMPLETE: {file} is damaged; bookings in its unreadable part were not checked."
        );
    }
    if r.violations.is_empty() {
        let _ = writeln!(out, "{}", verdict(r));
    }
    for v in &r.violations {
        let _ = writeln!(
            out,
            "{}  {:<16} [{}] {} massage{}: {}{}",
            v.date,
            v.rule_id,
            grade(v),
            v.kind.as_str(),
            series(v),
            v.reason,
            instead(v).map(|t| format!("; {t}")).unwrap_or_default()
        );
    }
    if !r.warnings.is_empty() {
        out.push_str("\nWarnings (kept as booked, not violations):\n");
    }
    for w in &r.warnings {
        let date = w.date.map(|d| format!("{d}  ")).unwrap_or_default();
        let _ = writeln!(out, "  {date}{:<16} {}", w.rule, w.message);
    }
    if !r.advice.is_empty() {
        out.push_str("\nAdvice (soft rules, not violations):\n");
    }
    for t in &r.advice {
        let _ = writeln!(out, "  {:<16} {}", t.rule_id, t.text);
    }
    if !r.credits.is_empty() {
        out.push_str("\nPrepaid packages:\n");
    }
    for c in &r.credits {
        let _ = writeln!(out, "  {}", c.message);
    }
    out
}

/// The check's answer as Markdown: a table of broken rules, then warnings
/// and advice as lists.
pub fn markdown(r: &CheckResponse) -> String {
    let mut out = String::from("# Check of the booked massages\n\n");
    for file in &r.damaged_inputs {
        let _ = writeln!(
            out,
            "> **INCOMPLETE: {} is damaged; bookings in its unreadable part were not checked.**\n",
            cell(file)
        );
    }
    if r.violations.is_empty() {
        let _ = writeln!(out, "{}", verdict(r));
    } else {
        let _ = writeln!(
            out,
            "{} booked massage(s) checked.\n\n## Broken rules\n\n| Day | Rule | Grade | Massage | Why | Instead |\n|---|---|---|---|---|---|",
            r.bookings
        );
        for v in &r.violations {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {}{} | {} | {} |",
                v.date,
                v.rule_id,
                grade(v),
                v.kind.as_str(),
                cell(&series(v)),
                cell(&v.reason),
                instead(v).unwrap_or_else(|| "no day within a week".into())
            );
        }
    }
    if !r.warnings.is_empty() {
        out.push_str("\n## Warnings (kept as booked, not violations)\n\n");
        for w in &r.warnings {
            let date = w.date.map(|d| format!("{d} ")).unwrap_or_default();
            let _ = writeln!(out, "- {date}`{}`: {}", w.rule, cell(&w.message));
        }
    }
    if !r.advice.is_empty() {
        out.push_str("\n## Advice (soft rules, not violations)\n\n");
        for t in &r.advice {
            let _ = writeln!(out, "- `{}`: {}", t.rule_id, cell(&t.text));
        }
    }
    out
}
