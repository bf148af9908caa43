//! "Why does this day hold what it holds, and why nothing else?"
//!
//! For each massage type the day could hold, the answer is either the hard rules
//! that forbid it, or an exact counterfactual: the scheduler solves the plan
//! again with that choice forced on the day, and the difference in score is what
//! the choice would cost.

use jiff::civil::Date;
use serde::Serialize;

use crate::block::Block;
use crate::constraints::{self, Origin};
use crate::context::PlanContext;
use crate::model::MassageType;
use crate::objective::{self, Term};
use crate::plan::{self, Item, Schedule};
use crate::scheduler::{self, Force, Placed, Solution};

/// What was not chosen for a day, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Alternative {
    /// Hard rules forbid it.
    Blocked {
        /// The option: `deep`, `art`, `swedish` or `nothing`.
        option: String,
        /// The rules that forbid it.
        rules: Vec<BlockInfo>,
    },
    /// Allowed, but the best schedule with it scores lower.
    Worse {
        /// The option: `deep`, `art`, `swedish` or `nothing`.
        option: String,
        /// Points lost (in points, not hundredths).
        points_lost: f64,
        /// What changes in the objective, by rule: terms gained (positive or
        /// negative) and terms lost (shown with the opposite sign).
        terms: Vec<Term>,
        /// Massages of the best schedule that would move or go.
        changes: Vec<String>,
    },
    /// Allowed and as good as the chosen schedule (a tie broken by the fixed order).
    Tie {
        /// The option.
        option: String,
    },
}

/// A hard block in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockInfo {
    /// Rule id (`rule_id` in JSON).
    #[serde(rename = "rule_id")]
    pub rule: &'static str,
    /// Why.
    pub reason: String,
}

impl From<Block> for BlockInfo {
    fn from(b: Block) -> Self {
        BlockInfo {
            rule: b.rule_id,
            reason: b.reason,
        }
    }
}

/// The explanation of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The day.
    pub date: Date,
    /// The training planned that day.
    pub training: String,
    /// The schedule's items that day, with their reasons.
    pub items: Vec<Item>,
    /// Everything else the day could have held, and why it does not.
    pub alternatives: Vec<Alternative>,
    /// Whether the day is outside the planned window.
    pub outside_window: bool,
}

/// Explains `date` of the schedule built from `ctx` (its solution is `best`).
pub fn explain(
    ctx: &PlanContext<'_>,
    best: &Solution,
    schedule: &Schedule,
    date: Date,
) -> Explanation {
    let items: Vec<Item> = schedule
        .items
        .iter()
        .filter(|i| i.date == date)
        .cloned()
        .collect();
    let training = plan::day_summary(ctx, date);
    if ctx.index(date).is_none() {
        return Explanation {
            date,
            training,
            items,
            alternatives: Vec::new(),
            outside_window: true,
        };
    }
    let chosen = best.massages.iter().find(|m| m.date == date).copied();
    let mut alternatives = Vec::new();
    if chosen.is_some_and(|m| m.booked) {
        return Explanation {
            date,
            training,
            items,
            alternatives,
            outside_window: false,
        };
    }
    for kind in MassageType::ALL {
        if chosen.is_some_and(|m| m.kind == kind) {
            continue;
        }
        let mut blocks: Vec<BlockInfo> = constraints::blocks(ctx, date, kind, Origin::Proposed)
            .into_iter()
            .map(Into::into)
            .collect();
        if ctx.plan.athlete.prices.of(kind) > ctx.budget && !ctx.credit_available(date, kind) {
            blocks.push(BlockInfo {
                rule: "F-BUDGET",
                reason: format!(
                    "costs more than the monthly budget of {}",
                    crate::model::money(ctx.budget)
                ),
            });
        }
        if !blocks.is_empty() {
            alternatives.push(Alternative::Blocked {
                option: kind.as_str().into(),
                rules: blocks,
            });
            continue;
        }
        match scheduler::solve_forced(ctx, Some((date, Force::Type(kind)))) {
            Some(forced)
                if forced
                    .massages
                    .iter()
                    .any(|m| m.date == date && m.kind == kind) =>
            {
                alternatives.push(compare(ctx, best, &forced, date, kind.as_str()));
            }
            _ => alternatives.push(Alternative::Blocked {
                option: kind.as_str().into(),
                rules: vec![BlockInfo {
                    rule: "F-BUDGET",
                    reason: "the month's budget cannot cover it beside the massages already booked"
                        .into(),
                }],
            }),
        }
    }
    if chosen.is_some()
        && let Some(forced) = scheduler::solve_forced(ctx, Some((date, Force::Nothing)))
    {
        alternatives.push(compare(ctx, best, &forced, date, "nothing"));
    }
    Explanation {
        date,
        training,
        items,
        alternatives,
        outside_window: false,
    }
}

fn compare(
    ctx: &PlanContext<'_>,
    best: &Solution,
    forced: &Solution,
    date: Date,
    option: &str,
) -> Alternative {
    let lost = best.score - forced.score;
    if lost == 0 {
        return Alternative::Tie {
            option: option.into(),
        };
    }
    // A massage that only changes how it is paid stays (its money shows in the terms).
    let same = |a: &Placed, b: &Placed| (a.date, a.kind, a.booked) == (b.date, b.kind, b.booked);
    let mut changes = Vec::new();
    for m in best
        .massages
        .iter()
        .filter(|m| m.date != date && !forced.massages.iter().any(|f| same(f, m)))
    {
        changes.push(format!("{} {} would go", m.date, m.kind.as_str()));
    }
    for m in forced
        .massages
        .iter()
        .filter(|m| m.date != date && !best.massages.iter().any(|b| same(b, m)))
    {
        changes.push(format!("{} {} would come in", m.date, m.kind.as_str()));
    }
    // What changes in the objective: terms of the forced schedule that the best
    // one does not have, and terms of the best one that the forced one loses.
    let with = scheduler::breakdown(ctx, &forced.massages);
    let without = scheduler::breakdown(ctx, &best.massages);
    let mut terms: Vec<Term> = Vec::new();
    for (d, t) in &with {
        if !without.iter().any(|(d2, t2)| d2 == d && t2 == t) {
            terms.push(Term {
                text: format!("{d}: {}", t.text),
                ..t.clone()
            });
        }
    }
    for (d, t) in &without {
        if !with.iter().any(|(d2, t2)| d2 == d && t2 == t) {
            terms.push(Term {
                value: -t.value,
                text: format!("{d}: no longer {}", t.text),
                ..t.clone()
            });
        }
    }
    Alternative::Worse {
        option: option.into(),
        points_lost: lost as f64 / objective::UNIT as f64,
        terms,
        changes,
    }
}
