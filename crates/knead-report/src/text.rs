//! The terminal view: a week-by-week table of training and recovery, with the
//! rule ids (and evidence grades) behind every item. Colour only when asked for
//! (the CLI asks when writing to a terminal and `NO_COLOR` is unset).

use std::fmt::Write;

use knead_core::model::money;
use knead_core::plan::{Schedule, What};

use crate::words::{
    alert_lines, budget_line, credit_line, headline_with_slot, reason_line, short_day,
};

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

/// Width of the training column.
const TRAINING_WIDTH: usize = 26;
/// Where the recovery column starts: indent, day, gap, training, gap.
const RECOVERY_COLUMN: usize = 2 + 10 + 2 + TRAINING_WIDTH + 2;

/// Renders the schedule as text; `colour` adds ANSI colours.
pub fn render(s: &Schedule, colour: bool) -> String {
    let p = Paint { on: colour };
    let mut out = String::new();
    for line in alert_lines(s, false) {
        let _ = writeln!(out, "{}", p.red(&format!("!! {line}")));
    }
    if !s.alerts.is_empty() {
        out.push('\n');
    }
    let massages = s.totals.massages;
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

    for week in &s.weeks {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&format!(
                "Week {} · from {} · {:.0} min planned",
                week.number, week.monday, week.planned_minutes
            ))
        );
        let _ = writeln!(
            out,
            "  {}",
            p.dim(&format!(
                "{:<10}  {:<TRAINING_WIDTH$}  RECOVERY (rule [grade] why)",
                "DAY", "TRAINING"
            ))
        );
        for day in s
            .days
            .iter()
            .filter(|d| (week.from..=week.to).contains(&d.date))
        {
            let items: Vec<_> = s.items.iter().filter(|it| it.date == day.date).collect();
            let lead = format!(
                "  {}  {:<TRAINING_WIDTH$}",
                p.dim(&short_day(day.date)),
                day.training
            );
            if items.is_empty() {
                let _ = writeln!(out, "{}", lead.trim_end());
            }
            for (i, item) in items.into_iter().enumerate() {
                let head = headline_with_slot(item, &s.currency);
                let head = match item.what {
                    What::Massage { .. } => p.green(&format!("▸ {head}")),
                    What::SelfMassage { .. } => p.cyan(&format!("▸ {head}")),
                    What::Aftercare { .. } => p.dim(&format!("▸ {head}")),
                };
                // The first item shares the day's row; the rest line up under it.
                let row = if i == 0 {
                    lead.clone()
                } else {
                    " ".repeat(RECOVERY_COLUMN - 2)
                };
                let _ = writeln!(out, "{row}  {head}");
                for r in &item.reasons {
                    let _ = writeln!(
                        out,
                        "{}{}",
                        " ".repeat(RECOVERY_COLUMN + 2),
                        p.dim(&reason_line(r))
                    );
                }
            }
        }
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
    if !s.credits.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Prepaid packages"));
        for c in &s.credits {
            let _ = writeln!(out, "  {}", credit_line(c));
        }
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
