//! `explain` for people: the day, its items with their reasons, and why
//! nothing else went there.

use std::fmt::Write;

use knead_app::respond::ExplainResponse;
use knead_core::explain::Alternative;

use crate::words::{headline, reason_line};

/// The explanation of a day for the terminal.
pub fn text(r: &ExplainResponse) -> String {
    let e = &r.explanation;
    let currency = &r.currency;
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
