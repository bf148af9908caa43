//! The exact scheduler: dynamic programming over the days of the window.
//!
//! Each day holds nothing or one professional massage of one type. Hard rules
//! are local to a day and a type ([`crate::constraints`]), except the monthly
//! budget. The objective ([`crate::objective`]) needs a little memory: days
//! since the previous massage (capped at [`GAP_CAP`]), whether it was deep, the
//! spend so far this month and whether the month has a massage yet. With that
//! state the best schedule is found exactly; ties break by a fixed order
//! (states in index order, then actions in the order nothing, deep, ART,
//! Swedish), so the same plan always gives the same schedule. DESIGN.md has the
//! formulation.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints;
use crate::context::PlanContext;
use crate::days::month_key;
use crate::model::{Booking, Cents, MassageType, money};
use crate::objective::{self, GAP_CAP, SpacingDay};

/// A professional massage in a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// The day.
    pub date: Date,
    /// The type.
    pub kind: MassageType,
    /// True when the runner booked it (kept as it is), false when knead proposes it.
    pub booked: bool,
}

impl Placed {
    /// A booking of the runner, kept as it is.
    pub fn booking(b: &Booking) -> Placed {
        Placed {
            date: b.date,
            kind: b.kind,
            booked: true,
        }
    }
}

/// The scheduler's answer: the massages and the objective value they reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Solution {
    /// Massages in date order, bookings included.
    pub massages: Vec<Placed>,
    /// The objective value (hundredths of a point).
    pub score: i64,
}

/// A restriction on one day, used by `explain` to ask "what if".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Force {
    /// No new massage that day.
    Nothing,
    /// A massage of this type that day (when the hard rules allow it).
    Type(MassageType),
}

/// One choice for one day.
#[derive(Debug, Clone, Copy)]
struct Action {
    kind: Option<MassageType>,
    cost: Cents,
    booked: bool,
    value: i64,
}

/// The choices for `date`: the booking when there is one; otherwise nothing and
/// every type the hard rules allow (restricted by `force` on its day).
fn actions(ctx: &PlanContext<'_>, date: Date, force: Option<(Date, Force)>) -> Vec<Action> {
    let prices = &ctx.plan.athlete.prices;
    let booked: Vec<_> = ctx
        .plan
        .bookings
        .iter()
        .filter(|b| b.date == date)
        .collect();
    if let Some(first) = booked.first() {
        let cost = booked
            .iter()
            .fold(0, |acc: Cents, b| acc.saturating_add(prices.of(b.kind)));
        let value = objective::total(&objective::day_terms(ctx, date, first.kind))
            + objective::money_value(cost);
        return vec![Action {
            kind: Some(first.kind),
            cost,
            booked: true,
            value,
        }];
    }
    let forced = force.filter(|(d, _)| *d == date).map(|(_, f)| f);
    let mut out = Vec::with_capacity(4);
    if matches!(forced, None | Some(Force::Nothing)) {
        out.push(Action {
            kind: None,
            cost: 0,
            booked: false,
            value: 0,
        });
    }
    for kind in MassageType::ALL {
        if forced.is_some_and(|f| f != Force::Type(kind)) {
            continue;
        }
        let cost = prices.of(kind);
        if !constraints::can_propose(ctx, date, kind) {
            continue;
        }
        let value =
            objective::total(&objective::day_terms(ctx, date, kind)) + objective::money_value(cost);
        out.push(Action {
            kind: Some(kind),
            cost,
            booked: false,
            value,
        });
    }
    if out.is_empty() {
        // A forced type the rules do not allow: fall back to nothing.
        out.push(Action {
            kind: None,
            cost: 0,
            booked: false,
            value: 0,
        });
    }
    out
}

/// One partial schedule in the dynamic program: its state, value and where it
/// came from. Labels of the same state group (days since the last massage,
/// whether it was deep, whether the month has one) that spend more for no more
/// value are dropped: whatever follows a label is open to any label of its group
/// that spent less, for the same future rewards, so the optimum is kept exactly.
#[derive(Debug, Clone, Copy)]
struct Label {
    group: u16,
    spend: Cents,
    value: i64,
    /// Index of the label it extends in the previous layer.
    back: u32,
    /// Index of the action taken (into the day's actions), or `RESET`.
    action: u8,
}

/// The action code of a month boundary (no day, no massage).
const RESET: u8 = u8::MAX;

const CAP: u32 = GAP_CAP;

fn group(gap: u32, deep: bool, has: bool) -> u16 {
    ((u32::from(has) * 2 + u32::from(deep)) * CAP + (gap - 1)) as u16
}

fn ungroup(g: u16) -> (u32, bool, bool) {
    let g = u32::from(g);
    let gap = g % CAP + 1;
    let rest = g / CAP;
    (gap, rest % 2 == 1, rest / 2 == 1)
}

/// Keeps, per group, only labels that no cheaper label of the group matches in
/// value. Deterministic: ties keep the label that sorts first.
fn prune(mut labels: Vec<Label>) -> Vec<Label> {
    labels.sort_by(|x, y| {
        (
            x.group,
            x.spend,
            std::cmp::Reverse(x.value),
            x.back,
            x.action,
        )
            .cmp(&(
                y.group,
                y.spend,
                std::cmp::Reverse(y.value),
                y.back,
                y.action,
            ))
    });
    let mut out: Vec<Label> = Vec::with_capacity(labels.len());
    let mut best: Option<(u16, i64)> = None;
    for l in labels {
        match best {
            Some((g, v)) if g == l.group && l.value <= v => {}
            _ => {
                best = Some((l.group, l.value));
                out.push(l);
            }
        }
    }
    out
}

/// Whether the calendar month of `day` already has a massage from a booking
/// outside the window (F-MIN: see
/// [`PlanContext::bookings_outside_window_in_month`]).
fn month_booked_outside(ctx: &PlanContext<'_>, day: Date) -> bool {
    ctx.bookings_outside_window_in_month(day).next().is_some()
}

/// Finds the best schedule for `ctx`.
pub fn solve(ctx: &PlanContext<'_>) -> Solution {
    // Without a restriction "nothing" is always allowed and bookings ignore the
    // budget, so a schedule always exists; the fallback only guards that claim.
    solve_forced(ctx, None).unwrap_or_else(|| {
        let massages: Vec<Placed> = ctx.plan.bookings.iter().map(Placed::booking).collect();
        Solution {
            score: score(ctx, &massages),
            massages,
        }
    })
}

/// Finds the best schedule with one day restricted, or `None` when no schedule
/// can honour the restriction (e.g. the month's budget cannot pay for it).
pub fn solve_forced(ctx: &PlanContext<'_>, force: Option<(Date, Force)>) -> Option<Solution> {
    let n = ctx.len();
    let days: Vec<(Date, Vec<Action>)> = ctx.days().map(|d| (d, actions(ctx, d, force))).collect();
    let missed = objective::missed_month_value();
    let p = &ctx.plan.athlete.prices;
    let max_price = p.deep.max(p.art).max(p.swedish);

    // Layers of labels: one per day, plus one at each month boundary.
    let mut layers: Vec<(Option<usize>, Vec<Label>)> = Vec::with_capacity(n + 40);
    let (gap0, deep0) = objective::initial_gap(ctx);
    // Bookings earlier in the first month, before the window, are already spent
    // (later ones are reserved below, month by month).
    let spent_before = ctx
        .bookings_outside_window_in_month(ctx.from)
        .filter(|b| b.date < ctx.from)
        .fold(0, |acc: Cents, b| acc.saturating_add(p.of(b.kind)));
    let start = Label {
        group: group(gap0, deep0, month_booked_outside(ctx, ctx.from)),
        spend: spent_before,
        value: 0,
        back: 0,
        action: RESET,
    };
    let mut current = vec![start];
    let mut month_start = 0;
    while month_start < n {
        let key = month_key(days[month_start].0);
        let month_end = (month_start..n)
            .find(|&i| month_key(days[i].0) != key)
            .unwrap_or(n);
        let month = &days[month_start..month_end];

        // Bookings later in the month (inside the window or after it) are paid
        // for first: a proposed massage may only use what they leave.
        let month_bookings: Vec<(Date, Cents)> = ctx
            .plan
            .bookings
            .iter()
            .filter(|b| month_key(b.date) == key)
            .map(|b| (b.date, p.of(b.kind)))
            .collect();
        let reserved: Vec<Cents> = month
            .iter()
            .map(|(day, _)| {
                month_bookings
                    .iter()
                    .filter(|(d, _)| d > day)
                    .fold(0, |acc: Cents, (_, c)| acc.saturating_add(*c))
            })
            .collect();
        let booked_total = month_bookings
            .iter()
            .fold(0u64, |acc, (_, c)| acc + u64::from(*c));
        // When even a massage every day could not reach the budget, spend is not
        // tracked (all labels of a group then collapse to the best one).
        let tracked = u64::from(ctx.budget) < 31 * u64::from(max_price) + booked_total;

        if month_start > 0 {
            // Close the previous month: F-MIN, then spend and the month flag reset
            // (a booking of the new month outside the window already gives it its
            // massage).
            let charge = ctx.is_training_month(days[month_start - 1].0);
            let has_new = month_booked_outside(ctx, days[month_start].0);
            let entry: Vec<Label> = current
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let (gap, deep, has) = ungroup(l.group);
                    Label {
                        group: group(gap, deep, has_new),
                        spend: 0,
                        value: l.value + if charge && !has { missed } else { 0 },
                        back: i as u32,
                        action: RESET,
                    }
                })
                .collect();
            layers.push((None, std::mem::take(&mut current)));
            current = prune(entry);
        }

        for (offset, (date, acts)) in month.iter().enumerate() {
            let spacing = SpacingDay::new(ctx, *date);
            let mut next = Vec::with_capacity(current.len() * acts.len());
            for (i, l) in current.iter().enumerate() {
                let (gap, deep, has) = ungroup(l.group);
                for (a_i, a) in acts.iter().enumerate() {
                    let label = match a.kind {
                        None => Label {
                            group: group((gap + 1).min(GAP_CAP), deep, has),
                            spend: l.spend,
                            value: l.value,
                            back: i as u32,
                            action: a_i as u8,
                        },
                        Some(kind) => {
                            let spend = if tracked {
                                l.spend.saturating_add(a.cost)
                            } else {
                                0
                            };
                            if tracked
                                && !a.booked
                                && spend.saturating_add(reserved[offset]) > ctx.budget
                            {
                                continue;
                            }
                            Label {
                                group: group(1, kind.is_deep(), true),
                                spend,
                                value: l.value
                                    + a.value
                                    + objective::spacing_value(&spacing, kind, gap, deep),
                                back: i as u32,
                                action: a_i as u8,
                            }
                        }
                    };
                    next.push(label);
                }
            }
            layers.push((Some(month_start + offset), std::mem::take(&mut current)));
            current = prune(next);
        }
        month_start = month_end;
    }

    // Close the last month and pick the best end state (first on ties).
    let last_charge = n > 0 && ctx.is_training_month(days[n - 1].0);
    let mut best: Option<(i64, usize)> = None;
    for (i, l) in current.iter().enumerate() {
        let (_, _, has) = ungroup(l.group);
        let v = l.value + if last_charge && !has { missed } else { 0 };
        if best.is_none_or(|(bv, _)| v > bv) {
            best = Some((v, i));
        }
    }
    let (score, mut at) = best?;

    // Walk the back pointers: the label at `at` in `current` was built from
    // layer k's labels by the action it records.
    let mut massages = Vec::new();
    let mut label = current[at];
    for (day, labels) in layers.iter().rev() {
        if let Some(i) = day {
            let (date, acts) = &days[*i];
            let a = acts[label.action as usize];
            if a.booked {
                // Every booking of the day is kept, in file order.
                massages.extend(
                    ctx.plan
                        .bookings
                        .iter()
                        .filter(|b| b.date == *date)
                        .rev()
                        .map(|b| Placed {
                            date: *date,
                            kind: b.kind,
                            booked: true,
                        }),
                );
            } else if let Some(kind) = a.kind {
                massages.push(Placed {
                    date: *date,
                    kind,
                    booked: false,
                });
            }
        }
        at = label.back as usize;
        label = labels[at];
    }
    massages.reverse();
    Some(Solution { massages, score })
}

/// The objective value of any complete schedule, computed from scratch (no
/// dynamic programming): the scheduler's own value must equal this for its
/// schedule, and brute force uses it to find the optimum on small plans.
pub fn score(ctx: &PlanContext<'_>, massages: &[Placed]) -> i64 {
    breakdown(ctx, massages).iter().map(|(_, t)| t.value).sum()
}

/// Every term of the objective for a complete schedule, each with its day (the
/// massage's day; the first day of the month for F-MIN).
pub fn breakdown(ctx: &PlanContext<'_>, massages: &[Placed]) -> Vec<(Date, objective::Term)> {
    let prices = &ctx.plan.athlete.prices;
    let mut sorted: Vec<Placed> = massages.to_vec();
    sorted.sort_by_key(|p| p.date);
    let mut out = Vec::new();
    let mut prev: Option<Placed> = None;
    let mut months_with: BTreeSet<(i16, i8)> = ctx
        .days()
        .filter(|&d| month_booked_outside(ctx, d))
        .map(month_key)
        .collect();
    let mut i = 0;
    while i < sorted.len() {
        let day = sorted[i].date;
        // Every massage that day is paid for; the first one counts for the objective.
        let same_day: Vec<&Placed> = sorted[i..].iter().take_while(|p| p.date == day).collect();
        let first = same_day[0];
        let cost = same_day
            .iter()
            .fold(0, |acc: Cents, p| acc.saturating_add(prices.of(p.kind)));
        let (gap, prev_deep) =
            objective::gap_before(ctx, prev.map(|p: Placed| (p.date, p.kind)), day);
        for t in objective::day_terms(ctx, day, first.kind) {
            out.push((day, t));
        }
        for t in objective::spacing_terms(ctx, day, first.kind, gap, prev_deep) {
            out.push((day, t));
        }
        out.push((
            day,
            objective::Term {
                rule_id: "F-BUDGET",
                value: objective::money_value(cost),
                text: format!("costs {}", money(cost)),
            },
        ));
        months_with.insert(month_key(day));
        prev = Some(*first);
        i += same_day.len();
    }
    let mut seen = BTreeSet::new();
    for d in ctx.days() {
        let key = month_key(d);
        if seen.insert(key) && !months_with.contains(&key) && ctx.is_training_month(d) {
            out.push((
                d,
                objective::Term {
                    rule_id: "F-MIN",
                    value: objective::missed_month_value(),
                    text: format!("{}-{:02}: a training month with no massage", key.0, key.1),
                },
            ));
        }
    }
    out.sort_by_key(|(d, _)| *d);
    out
}
