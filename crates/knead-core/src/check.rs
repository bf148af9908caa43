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
        // A massage paid by a prepaid package takes nothing from the month.
        for m in list.iter().filter(|m| m.credit.is_none()) {
            let spent = month_spend.entry(month_key(*date)).or_default();
            *spent = spent.saturating_add(m.cost(prices));
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

/// The runner's bookings as placed massages, each with the package that pays
/// for it ([`PlanContext::booking_credit`]).
pub fn bookings(ctx: &PlanContext<'_>) -> Vec<Placed> {
    (0..ctx.plan.bookings.len())
        .map(|i| crate::scheduler::booked(ctx, i))
        .collect()
}

/// Every massage of `massages` that a prepaid package pays for but may not:
/// no such package, a package for another type, a day outside its validity,
/// or more of its sessions used (bookings outside `massages` included) than it
/// holds. Empty for every schedule the scheduler returns (a property test
/// holds it to that); the rule id is F-BUDGET, the rule payment belongs to.
pub fn check_credits(ctx: &PlanContext<'_>, massages: &[Placed]) -> Vec<Violation> {
    let credits = &ctx.plan.athlete.credits;
    let mut out = Vec::new();
    let mut used = vec![0u32; credits.len()];
    // Bookings outside the window use their sessions too.
    for (i, b) in ctx.plan.bookings.iter().enumerate() {
        if ctx.index(b.date).is_none()
            && let Some(p) = ctx.booking_credit(i)
        {
            used[p] += 1;
        }
    }
    let mut sorted: Vec<&Placed> = massages.iter().collect();
    sorted.sort_by_key(|m| m.date);
    for m in sorted {
        let Some(p) = m.credit else { continue };
        let problem = match credits.get(p) {
            None => Some(format!("there is no prepaid package {p}")),
            Some(c) if c.kind.is_some_and(|k| k != m.kind) => Some(format!(
                "'{}' pays for {} sessions only",
                c.label(),
                c.kind_words()
            )),
            Some(c) if !c.valid_on(m.date) => Some(format!(
                "'{}' is not valid on {} (valid {}until {})",
                c.label(),
                m.date,
                c.valid_from.map_or(String::new(), |f| format!("from {f} ")),
                c.valid_until
            )),
            Some(c) => {
                used[p] += 1;
                (used[p] > c.sessions).then(|| {
                    format!(
                        "'{}' holds {} session(s); this would be use number {}",
                        c.label(),
                        c.sessions,
                        used[p]
                    )
                })
            }
        };
        if let Some(reason) = problem {
            out.push(Violation {
                date: m.date,
                kind: m.kind,
                rule_id: "F-BUDGET",
                reason,
                series: None,
                alternative: None,
            });
        }
    }
    out
}

/// What became of one prepaid package in a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditUse {
    /// Its index in the athlete's credits.
    pub package: usize,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// How outputs name it: its name, or a description
    /// ([`crate::model::Credit::label`]).
    pub label: String,
    /// The type it pays for; `None` (null in JSON): any type.
    pub kind: Option<MassageType>,
    /// First day it may be used, if it has one.
    pub valid_from: Option<Date>,
    /// Last day it may be used.
    pub valid_until: Date,
    /// Sessions it holds in all.
    pub sessions: u32,
    /// Sessions used by bookings before the window.
    pub used_before: u32,
    /// Sessions used in the window (bookings and proposed massages).
    pub used: u32,
    /// Sessions used by bookings after the window.
    pub used_after: u32,
    /// Sessions left after every use the plan knows of.
    pub left: u32,
    /// Sessions that expire unused: those left when the package expires on or
    /// before the window's last day (0 when it is still valid after the window).
    pub expiring_unused: u32,
}

impl CreditUse {
    /// "3 deep-tissue credits of 'Clinic 10-pack' expire on 2027-06-30 unused",
    /// when some do.
    pub fn expiry_message(&self) -> Option<String> {
        (self.expiring_unused > 0).then(|| {
            format!(
                "{} {} credit{} of '{}' expire{} on {} unused",
                self.expiring_unused,
                crate::model::credit_kind_words(self.kind),
                if self.expiring_unused == 1 { "" } else { "s" },
                self.label,
                if self.expiring_unused == 1 { "s" } else { "" },
                self.valid_until
            )
        })
    }
}

/// Each prepaid package of the athlete and what `massages` (the window's
/// massages, bookings included) and the bookings outside the window use of it.
pub fn credit_uses(ctx: &PlanContext<'_>, massages: &[Placed]) -> Vec<CreditUse> {
    ctx.plan
        .athlete
        .credits
        .iter()
        .enumerate()
        .map(|(p, c)| {
            let outside = |before: bool| {
                ctx.plan
                    .bookings
                    .iter()
                    .enumerate()
                    .filter(|(i, b)| {
                        ctx.booking_credit(*i) == Some(p)
                            && ctx.index(b.date).is_none()
                            && (b.date < ctx.from) == before
                    })
                    .count() as u32
            };
            let used_before = outside(true);
            let used_after = outside(false);
            let used = massages
                .iter()
                .filter(|m| m.credit == Some(p) && ctx.index(m.date).is_some())
                .count() as u32;
            let left = c.sessions.saturating_sub(used_before + used + used_after);
            CreditUse {
                package: p,
                name: c.name.clone(),
                label: c.label(),
                kind: c.kind,
                valid_from: c.valid_from,
                valid_until: c.valid_until,
                sessions: c.sessions,
                used_before,
                used,
                used_after,
                left,
                expiring_unused: if c.valid_until <= ctx.to { left } else { 0 },
            }
        })
        .collect()
}

/// A prepaid package whose sessions expire unused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiringCredit {
    /// Its index in the athlete's credits.
    pub package: usize,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// How outputs name it: its name, or a description.
    pub label: String,
    /// Its last day.
    pub valid_until: Date,
    /// Sessions that expire unused.
    pub unused: u32,
    /// e.g. "3 deep-tissue credits of 'Clinic 10-pack' expire on 2027-06-30 unused".
    pub message: String,
}

/// Prepaid packages that the bookings alone leave with sessions when they
/// expire, on or before the window's last day (`knead check`'s warning: book
/// them, or they are lost).
pub fn expiring_credits(ctx: &PlanContext<'_>) -> Vec<ExpiringCredit> {
    let in_window: Vec<Placed> = bookings(ctx)
        .into_iter()
        .filter(|b| ctx.index(b.date).is_some())
        .collect();
    credit_uses(ctx, &in_window)
        .into_iter()
        .filter_map(|u| {
            let message = u.expiry_message()?;
            Some(ExpiringCredit {
                package: u.package,
                name: u.name,
                label: u.label,
                valid_until: u.valid_until,
                unused: u.expiring_unused,
                message,
            })
        })
        .collect()
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
    all.iter().position(|m| m.date == date && m.kind == kind)?;
    let key = |v: &Violation| (v.date, v.kind, v.rule_id);
    let known: std::collections::BTreeSet<_> = before.iter().map(key).collect();
    (1..=ALTERNATIVE_REACH)
        .flat_map(|k| [add_days(date, -k), add_days(date, k)])
        .filter(|&d| ctx.index(d).is_some())
        .filter(|&d| !all.iter().any(|m| m.date == d))
        .filter(|&d| constraints::can_propose(ctx, d, kind))
        .find(|&d| {
            // The plan itself with the booking moved: prepaid packages are
            // settled again in the new order, so its money is judged as the
            // runner would pay it.
            let mut plan = ctx.plan.clone();
            let Some(b) = plan
                .bookings
                .iter_mut()
                .find(|b| b.date == date && b.kind == kind)
            else {
                return false;
            };
            b.date = d;
            let Ok(moved) = PlanContext::new(&plan, ctx.options.clone()) else {
                return false;
            };
            check_massages(&moved, &bookings(&moved))
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
