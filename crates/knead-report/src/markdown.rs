//! Markdown: one table per week, for notes, coaches and issue trackers.

use std::fmt::Write;

use knead_core::model::money;
use knead_core::plan::Schedule;

use crate::words::{
    alert_lines, budget_line, credit_line, headline_with_slot, reason_line, short_day,
};

/// Text made safe for a table cell: pipes escaped, one line, and no raw HTML
/// (Markdown renderers pass HTML through, so a workout title cannot inject it).
pub(crate) fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// Renders the schedule as Markdown.
pub fn render(s: &Schedule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Recovery plan for {}\n", cell(&s.athlete));
    for line in alert_lines(s, false) {
        let _ = writeln!(out, "> **{}**", cell(&line));
    }
    if !s.alerts.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{} to {} · budget {}\n", s.from, s.to, budget_line(s));
    for week in &s.weeks {
        let _ = writeln!(
            out,
            "## Week {} (from {}, {:.0} min)\n",
            week.number, week.monday, week.planned_minutes
        );
        let _ = writeln!(
            out,
            "| Day | Training | Recovery | Why |\n|---|---|---|---|"
        );
        for day in s
            .days
            .iter()
            .filter(|d| (week.from..=week.to).contains(&d.date))
        {
            let items: Vec<_> = s.items.iter().filter(|it| it.date == day.date).collect();
            let recovery: Vec<String> = items
                .iter()
                .map(|it| headline_with_slot(it, &s.currency))
                .collect();
            let why: Vec<String> = items
                .iter()
                .flat_map(|it| it.reasons.iter().map(|r| cell(&reason_line(r))))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                short_day(day.date),
                cell(&day.training),
                cell(&recovery.join("; ")),
                why.join("<br>")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Spend by month\n\n| Month | Massages | Spend | Budget |\n|---|---|---|---|"
    );
    for m in &s.months {
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} {} |",
            m.month,
            m.massages,
            money(m.spend_cents),
            s.currency,
            money(m.budget_cents),
            s.currency
        );
    }
    if !s.credits.is_empty() {
        let _ = writeln!(out, "\n## Prepaid packages\n");
        for c in &s.credits {
            let _ = writeln!(out, "- {}", cell(&credit_line(c)));
        }
    }
    if !s.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for w in &s.warnings {
            let date = w.date.map(|d| format!("{d} ")).unwrap_or_default();
            let _ = writeln!(out, "- {date}`{}`: {}", w.rule, cell(&w.message));
        }
    }
    if !s.notices.is_empty() {
        let _ = writeln!(out, "\n## Notes\n");
        for r in &s.notices {
            let _ = writeln!(
                out,
                "- `{}` ({}): {}",
                r.rule,
                r.grade.as_str(),
                cell(&r.text)
            );
        }
    }
    out
}
