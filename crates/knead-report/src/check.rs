//! `check` for people: each broken rule on its line, then soft-rule advice.

use std::fmt::Write;

use knead_app::respond::CheckResponse;
use knead_core::rules;

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
        let verdict = if r.damaged_inputs.is_empty() {
            "no rule broken"
        } else {
            "no rule broken among the bookings that could be read"
        };
        let _ = writeln!(out, "{} booked massage(s) checked: {verdict}.", r.bookings);
    }
    for v in &r.violations {
        let grade = rules::rule(v.rule_id).map_or("?", |r| r.grade.as_str());
        let _ = writeln!(
            out,
            "{}  {:<16} [{grade}] {} massage: {}",
            v.date,
            v.rule_id,
            v.kind.as_str(),
            v.reason
        );
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
