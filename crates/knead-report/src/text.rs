//! The terminal view: a week-by-week table of training and recovery, with the
//! rule ids (and evidence grades) behind every item. Colour only when asked for
//! (the CLI asks when writing to a terminal and `NO_COLOR` is unset).

use std::fmt::Write;

use knead_core::check::money;
use knead_core::context::PlanContext;
use knead_core::days::{add_days, week_start};
use knead_core::plan::{Schedule, What};

use crate::words::{budget_line, headline, reason_line, safety_banner, short_day};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
}

/// Renders the schedule as text; `colour` adds ANSI colours.
pub fn render(ctx: &PlanContext<'_>, s: &Schedule, colour: bool) -> String {
    let p = Paint { on: colour };
    let mut out = String::new();
    for line in safety_banner(s) {
        let _ = writeln!(out, "{}", p.red(&format!("!! {line}")));
    }
    if s.blocking_alert {
        out.push('\n');
    }
    let massages = s
        .items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { .. }))
        .count();
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "knead plan for {} · {} to {} · budget {} · {massages} professional massage(s)",
            s.athlete,
            s.from,
            s.to,
            budget_line(s)
        ))
    );

    let mut week = week_start(s.from);
    let mut n = 1;
    while week <= s.to {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&format!(
                "Week {n} · from {} · {:.0} min planned",
                week,
                ctx.week_minutes(week)
            ))
        );
        for i in 0..7 {
            let day = add_days(week, i);
            if day < s.from || day > s.to {
                continue;
            }
            let training = knead_core::plan::day_summary(ctx, day);
            let items: Vec<_> = s.items.iter().filter(|it| it.date == day).collect();
            let _ = writeln!(out, "  {}  {}", p.dim(&short_day(day)), training);
            for item in items {
                let head = headline(item, &s.currency);
                let head = match item.what {
                    What::Massage { .. } => p.green(&format!("▸ {head}")),
                    What::SelfMassage { .. } => p.cyan(&format!("▸ {head}")),
                    What::Aftercare { .. } => p.dim(&format!("▸ {head}")),
                };
                let _ = writeln!(out, "              {head}");
                for r in &item.reasons {
                    let _ = writeln!(out, "                {}", p.dim(&reason_line(r)));
                }
            }
        }
        week = add_days(week, 7);
        n += 1;
    }

    let _ = writeln!(out, "\n{}", p.bold("Spend by month"));
    for m in &s.months {
        let _ = writeln!(
            out,
            "  {}  {} massage(s)  {} of {} {}",
            m.month,
            m.massages,
            money(m.spend_cents),
            money(m.budget_cents),
            s.currency
        );
    }
    if !s.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Warnings"));
        for w in &s.warnings {
            let date = w.date.map(|d| format!("{d} ")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}",
                p.yellow(&format!("{date}{}: {}", w.rule, w.message))
            );
        }
    }
    if !s.notices.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Notes"));
        for r in &s.notices {
            let _ = writeln!(out, "  {}", reason_line(r));
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        p.dim("Rule ids: `knead rules`; grades: A meta-analyses agree, B some trials, C expert opinion, D contradicted.")
    );
    out
}
