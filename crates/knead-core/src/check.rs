//! The checker: the single source of truth for the hard rules. `knead check`
//! runs it on the runner's bookings, and every schedule `knead plan` writes must
//! pass it (a property test holds the scheduler to that).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints::{self, Origin};
use crate::context::PlanContext;
use crate::days::{add_days, month_key};
use crate::model::{Booking, Cents, MassageType, money};
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
    /// The repeating booking this massage is an occurrence of, described
    /// (e.g. "every 2 weeks from 2027-01-07"); left out of JSON when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// For a booking: the nearest day the same massage could move to without
    /// breaking a rule ([`alternative`]); `None` when no day within
    /// [`ALTERNATIVE_REACH`] days would do, and for proposed massages.
    pub alternative: Option<Date>,
}

/// How far [`alternative`] looks either side of a booking, in days.
pub const ALTERNATIVE_REACH: i64 = 7;

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
                    series: None,
                    alternative: None,
                });
            }
        }
        for extra in list.iter().skip(1) {
            out.push(Violation {
                date: *date,
                kind: extra.kind,
                rule_id: "P-ONE-A-DAY",
                reason: format!("{} massages on one day; one is enough", list.len()),
                series: None,
                alternative: None,
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
                    series: None,
                    alternative: None,
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
/// month's bookings count for the budget). Each violation names the series of
/// its booking, if the booking repeats, and the nearest [`alternative`] day.
pub fn check(ctx: &PlanContext<'_>) -> Vec<Violation> {
    let all = bookings(ctx);
    let before = check_massages(ctx, &all);
    let mut out: Vec<Violation> = before
        .iter()
        .filter(|v| ctx.index(v.date).is_some())
        .cloned()
        .collect();
    let mut found: BTreeMap<(Date, MassageType), Option<Date>> = BTreeMap::new();
    for v in &mut out {
        v.series = booking_at(ctx, v.date, v.kind).and_then(|b| b.series.clone());
        v.alternative = *found
            .entry((v.date, v.kind))
            .or_insert_with(|| alternative_with(ctx, &all, &before, v.date, v.kind));
    }
    out
}

/// The booking of `kind` on `date`, if there is one.
fn booking_at<'p>(ctx: &PlanContext<'p>, date: Date, kind: MassageType) -> Option<&'p Booking> {
    ctx.plan
        .bookings
        .iter()
        .find(|b| b.date == date && b.kind == kind)
}

/// The nearest day in the window to which the booked massage of `kind` on
/// `date` could move: 1, 2, ... up to [`ALTERNATIVE_REACH`] days away, the
/// earlier day first at equal distance. A day qualifies when knead could
/// propose that type there under the hard rules
/// ([`constraints::can_propose`]: the therapist is open with a common slot,
/// no race or hard-session rule, no health flag, one session within the
/// budget), no other booking is on it, and the bookings with this one moved
/// there break no rule they did not break before: the moved massage none at
/// all, and no other booking a new one (the month's budget included).
/// `None` when no day qualifies, or when there is no such booking.
pub fn alternative(ctx: &PlanContext<'_>, date: Date, kind: MassageType) -> Option<Date> {
    let all = bookings(ctx);
    let before = check_massages(ctx, &all);
    alternative_with(ctx, &all, &before, date, kind)
}

fn alternative_with(
    ctx: &PlanContext<'_>,
    all: &[Placed],
    before: &[Violation],
    date: Date,
    kind: MassageType,
) -> Option<Date> {
    let at = all.iter().position(|m| m.date == date && m.kind == kind)?;
    let key = |v: &Violation| (v.date, v.kind, v.rule_id);
    let known: std::collections::BTreeSet<_> = before.iter().map(key).collect();
    (1..=ALTERNATIVE_REACH)
        .flat_map(|k| [add_days(date, -k), add_days(date, k)])
        .filter(|&d| ctx.index(d).is_some())
        .filter(|&d| !all.iter().any(|m| m.date == d))
        .filter(|&d| constraints::can_propose(ctx, d, kind))
        .find(|&d| {
            let mut moved = all.to_vec();
            moved[at].date = d;
            moved.sort_by_key(|m| m.date);
            check_massages(ctx, &moved)
                .iter()
                .all(|v| v.date != d && known.contains(&key(v)))
        })
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
