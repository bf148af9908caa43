//! Markdown: one table per week, for notes, coaches and issue trackers.

use std::fmt::Write;

use knead_core::check::money;
use knead_core::context::PlanContext;
use knead_core::plan::{Schedule, day_summary};

use crate::words::{alert_lines, budget_line, headline, short_day, weeks};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the schedule as Markdown.
pub fn render(ctx: &PlanContext<'_>, s: &Schedule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Recovery plan for {}\n", cell(&s.athlete));
    for line in alert_lines(s, false) {
        let _ = writeln!(out, "> **{}**", cell(&line));
    }
    if !s.alerts.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{} to {} · budget {}\n", s.from, s.to, budget_line(s));
    for (n, week, days) in weeks(s) {
        let _ = writeln!(
            out,
            "## Week {n} (from {week}, {:.0} min)\n",
            ctx.week_minutes(week)
        );
        let _ = writeln!(
            out,
            "| Day | Training | Recovery | Why |\n|---|---|---|---|"
        );
        for day in days {
            let items: Vec<_> = s.items.iter().filter(|it| it.date == day).collect();
            let recovery: Vec<String> = items.iter().map(|it| headline(it, &s.currency)).collect();
            let why: Vec<String> = items
                .iter()
                .flat_map(|it| {
                    it.reasons
                        .iter()
                        .map(|r| format!("`{}` ({})", r.rule, r.grade.as_str()))
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                short_day(day),
                cell(&day_summary(ctx, day)),
                cell(&recovery.join("; ")),
                why.join(", ")
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
