//! The checker: the single source of truth for the hard rules. `knead check`
//! runs it on the runner's bookings, and every schedule `knead plan` writes must
//! pass it (a property test holds the scheduler to that).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints::{self, Origin};
use crate::context::PlanContext;
use crate::days::month_key;
use crate::model::{Cents, MassageType, money};
use crate::scheduler::Placed;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The day of the massage that breaks it.
    pub date: Date,
    /// The massage type concerned.
    pub kind: MassageType,
    /// The rule id.
    pub rule_id: &'static str,
    /// Why, in one line.
    pub reason: String,
}

/// Every hard rule broken by `massages` (bookings and proposed ones alike), in
/// date order.
pub fn check_massages(ctx: &PlanContext<'_>, massages: &[Placed]) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut per_day: BTreeMap<Date, Vec<&Placed>> = BTreeMap::new();
    for m in massages {
        per_day.entry(m.date).or_default().push(m);
    }
    let prices = &ctx.plan.athlete.prices;
    let mut month_spend: BTreeMap<(i16, i8), Cents> = BTreeMap::new();
    for (date, list) in &per_day {
        for m in list {
            let origin = if m.booked {
                Origin::Booked
            } else {
                Origin::Proposed
            };
            for b in constraints::blocks(ctx, *date, m.kind, origin) {
                out.push(Violation {
                    date: *date,
                    kind: m.kind,
                    rule_id: b.rule_id,
                    reason: b.reason,
                });
            }
        }
        for extra in list.iter().skip(1) {
            out.push(Violation {
                date: *date,
                kind: extra.kind,
                rule_id: "P-ONE-A-DAY",
                reason: format!("{} massages on one day; one is enough", list.len()),
            });
        }
        for m in list {
            let spent = month_spend.entry(month_key(*date)).or_default();
            *spent = spent.saturating_add(prices.of(m.kind));
            if *spent > ctx.budget {
                out.push(Violation {
                    date: *date,
                    kind: m.kind,
                    rule_id: "F-BUDGET",
                    reason: format!(
                        "the month's spend reaches {} {}, over the budget of {} {}",
                        money(*spent),
                        ctx.plan.athlete.currency,
                        money(ctx.budget),
                        ctx.plan.athlete.currency
                    ),
                });
            }
        }
    }
    out
}

/// The runner's bookings as placed massages.
pub fn bookings(ctx: &PlanContext<'_>) -> Vec<Placed> {
    ctx.plan.bookings.iter().map(Placed::booking).collect()
}

/// Every hard rule broken by the plan's bookings inside the window (the whole
/// month's bookings count for the budget).
pub fn check(ctx: &PlanContext<'_>) -> Vec<Violation> {
    check_massages(ctx, &bookings(ctx))
        .into_iter()
        .filter(|v| ctx.index(v.date).is_some())
        .collect()
}

/// Soft rules the bookings strain without breaking a hard rule: sessions too
/// close together (P-SPACING, T-DEPTH), deep work close to a race after a long
/// break (R-PRE-RACE-DEEP), training months with no massage (F-MIN). These are
/// the objective's penalties for the booked schedule, by rule and day.
pub fn advice(ctx: &PlanContext<'_>) -> Vec<crate::objective::Term> {
    let in_window: Vec<Placed> = bookings(ctx)
        .into_iter()
        .filter(|b| ctx.index(b.date).is_some())
        .collect();
    crate::scheduler::breakdown(ctx, &in_window)
        .into_iter()
        .filter(|(_, t)| t.value < 0 && t.rule_id != "F-BUDGET")
        .map(|(d, t)| {
            // F-MIN's text names its month already.
            let text = if t.rule_id == "F-MIN" {
                t.text.clone()
            } else {
                format!("{d}: {}", t.text)
            };
            crate::objective::Term { text, ..t }
        })
        .collect()
}
