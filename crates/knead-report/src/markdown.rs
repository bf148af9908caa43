//! Markdown: one table per week, for notes, coaches and issue trackers.

use std::fmt::Write;

use knead_core::check::money;
use knead_core::context::PlanContext;
use knead_core::days::{add_days, week_start};
use knead_core::plan::{Schedule, day_summary};

use crate::words::{budget_line, headline, safety_banner, short_day};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the schedule as Markdown.
pub fn render(ctx: &PlanContext<'_>, s: &Schedule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Recovery plan for {}\n", cell(&s.athlete));
    for line in safety_banner(s) {
        let _ = writeln!(out, "> **{}**", cell(&line));
    }
    if s.blocking_alert {
        out.push('\n');
    }
    let _ = writeln!(out, "{} to {} · budget {}\n", s.from, s.to, budget_line(s));
    let mut week = week_start(s.from);
    let mut n = 1;
    while week <= s.to {
        let _ = writeln!(
            out,
            "## Week {n} (from {week}, {:.0} min)\n",
            ctx.week_minutes(week)
        );
        let _ = writeln!(
            out,
            "| Day | Training | Recovery | Why |\n|---|---|---|---|"
        );
        for i in 0..7 {
            let day = add_days(week, i);
            if day < s.from || day > s.to {
                continue;
            }
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
        week = add_days(week, 7);
        n += 1;
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
