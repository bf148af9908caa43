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

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints;
use crate::context::PlanContext;
use crate::days::month_key;
use crate::model::{Cents, MassageType};
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
        let cost = booked.iter().map(|b| prices.of(b.kind)).sum();
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
        if cost > ctx.budget || !constraints::allowed(ctx, date, kind) {
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

/// The spend values one month can reach, so spend is a small index.
struct SpendSpace {
    /// False when the budget cannot bind this month: spend is then not tracked.
    tracked: bool,
    values: Vec<Cents>,
    index: BTreeMap<Cents, usize>,
}

impl SpendSpace {
    fn new(ctx: &PlanContext<'_>, days: &[(Date, Vec<Action>)], reserved: &[Cents]) -> SpendSpace {
        let booked: Cents = days
            .iter()
            .flat_map(|(_, a)| a)
            .filter(|a| a.booked)
            .map(|a| a.cost)
            .sum();
        let p = &ctx.plan.athlete.prices;
        let max_price = p.deep.max(p.art).max(p.swedish);
        let never_binds = u64::from(ctx.budget) >= 31 * u64::from(max_price) + u64::from(booked);
        let mut values: BTreeSet<Cents> = BTreeSet::from([0]);
        if !never_binds {
            let mut frontier: BTreeSet<Cents> = BTreeSet::from([0]);
            for ((_, acts), &reserved) in days.iter().zip(reserved) {
                let mut next = BTreeSet::new();
                for &v in &frontier {
                    for a in acts {
                        match a.kind {
                            None => {
                                next.insert(v);
                            }
                            Some(_) if a.booked => {
                                next.insert(v.saturating_add(a.cost));
                            }
                            Some(_) => {
                                if v.saturating_add(a.cost).saturating_add(reserved) <= ctx.budget {
                                    next.insert(v + a.cost);
                                }
                            }
                        }
                    }
                }
                values.extend(next.iter().copied());
                frontier = next;
            }
        }
        let values: Vec<Cents> = values.into_iter().collect();
        let index = values.iter().enumerate().map(|(i, &v)| (v, i)).collect();
        SpendSpace {
            tracked: !never_binds,
            values,
            index,
        }
    }

    fn size(&self) -> usize {
        self.values.len() * 4 * GAP_CAP as usize
    }
}

const CAP: usize = GAP_CAP as usize;
const NEG: i64 = i64::MIN / 4;

fn idx(spend: usize, has: bool, deep: bool, gap: u32) -> usize {
    ((spend * 2 + usize::from(has)) * 2 + usize::from(deep)) * CAP + (gap as usize - 1)
}

fn decode(i: usize) -> (usize, bool, bool, u32) {
    let gap = (i % CAP) as u32 + 1;
    let rest = i / CAP;
    let deep = rest % 2 == 1;
    let rest = rest / 2;
    (rest / 2, rest % 2 == 1, deep, gap)
}

/// Finds the best schedule for `ctx`.
pub fn solve(ctx: &PlanContext<'_>) -> Solution {
    // Without a restriction "nothing" is always allowed and bookings ignore the
    // budget, so a schedule always exists; the fallback only guards that claim.
    solve_forced(ctx, None).unwrap_or_else(|| {
        let massages = crate::check::bookings(ctx);
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

    // Split the window into calendar months.
    let mut months: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..=n {
        if i == n || month_key(days[i].0) != month_key(days[start].0) {
            months.push(start..i);
            start = i;
        }
    }

    let missed = objective::missed_month_value();
    let mut backs: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut resets: Vec<Vec<u32>> = Vec::with_capacity(months.len());
    let mut spaces: Vec<SpendSpace> = Vec::with_capacity(months.len());
    let mut cur: Vec<i64> = Vec::new();

    for (m, range) in months.iter().enumerate() {
        // Bookings later in the month are paid for first: a proposed massage may
        // only use what they leave of the budget.
        let month_days = &days[range.clone()];
        let mut reserved: Vec<Cents> = vec![0; month_days.len()];
        let mut later: Cents = 0;
        for (i, (_, acts)) in month_days.iter().enumerate().rev() {
            reserved[i] = later;
            later = later.saturating_add(acts.iter().filter(|a| a.booked).map(|a| a.cost).sum());
        }
        let space = SpendSpace::new(ctx, month_days, &reserved);
        let mut entry = vec![NEG; space.size()];
        let mut reset = vec![u32::MAX; space.size()];
        if m == 0 {
            entry[idx(0, false, false, objective::initial_gap(ctx))] = 0;
        } else {
            let prev_month_day = days[months[m - 1].start].0;
            let charge = ctx.is_training_month(prev_month_day);
            for (j, &v) in cur.iter().enumerate() {
                if v <= NEG {
                    continue;
                }
                let (_, has, deep, gap) = decode(j);
                let v = v + if charge && !has { missed } else { 0 };
                let k = idx(0, false, deep, gap);
                if v > entry[k] {
                    entry[k] = v;
                    reset[k] = j as u32;
                }
            }
        }
        resets.push(reset);
        cur = entry;

        for ((date, acts), &reserved) in month_days.iter().zip(&reserved) {
            let spacing = SpacingDay::new(ctx, *date);
            let mut next = vec![NEG; space.size()];
            let mut back = vec![u32::MAX; space.size()];
            for (j, &v) in cur.iter().enumerate() {
                if v <= NEG {
                    continue;
                }
                let (s, has, deep, gap) = decode(j);
                for (a_i, a) in acts.iter().enumerate() {
                    let (k, value) = match a.kind {
                        None => (idx(s, has, deep, (gap + 1).min(GAP_CAP)), v),
                        Some(kind) => {
                            let s2 = if space.tracked {
                                let spend = space.values[s].saturating_add(a.cost);
                                if !a.booked && spend.saturating_add(reserved) > ctx.budget {
                                    continue;
                                }
                                match space.index.get(&spend) {
                                    Some(&s2) => s2,
                                    None => continue,
                                }
                            } else {
                                0
                            };
                            let value =
                                v + a.value + objective::spacing_value(&spacing, kind, gap, deep);
                            (idx(s2, true, kind.is_deep(), 1), value)
                        }
                    };
                    if value > next[k] {
                        next[k] = value;
                        back[k] = ((j as u32) << 2) | a_i as u32;
                    }
                }
            }
            backs.push(back);
            cur = next;
        }
        spaces.push(space);
    }

    // Close the last month and pick the best end state.
    let last_charge = months
        .last()
        .is_some_and(|r| ctx.is_training_month(days[r.start].0));
    let mut best = (NEG, usize::MAX);
    for (j, &v) in cur.iter().enumerate() {
        if v <= NEG {
            continue;
        }
        let (_, has, _, _) = decode(j);
        let v = v + if last_charge && !has { missed } else { 0 };
        if v > best.0 {
            best = (v, j);
        }
    }

    if best.1 == usize::MAX {
        return None;
    }
    // Walk the back pointers.
    let mut massages = Vec::new();
    let mut state = best.1;
    for (m, range) in months.iter().enumerate().rev() {
        for i in range.clone().rev() {
            let bp = backs[i][state];
            let a = days[i].1[(bp & 3) as usize];
            let date = days[i].0;
            if a.booked {
                // Every booking of the day is kept, in file order.
                massages.extend(
                    ctx.plan
                        .bookings
                        .iter()
                        .filter(|b| b.date == date)
                        .rev()
                        .map(|b| Placed {
                            date,
                            kind: b.kind,
                            booked: true,
                        }),
                );
            } else if let Some(kind) = a.kind {
                massages.push(Placed {
                    date,
                    kind,
                    booked: false,
                });
            }
            state = (bp >> 2) as usize;
        }
        if m > 0 {
            state = resets[m][state] as usize;
        }
    }
    massages.reverse();
    Some(Solution {
        massages,
        score: best.0,
    })
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
    let mut months_with: BTreeSet<(i16, i8)> = BTreeSet::new();
    let mut i = 0;
    while i < sorted.len() {
        let day = sorted[i].date;
        // Every massage that day is paid for; the first one counts for the objective.
        let same_day: Vec<&Placed> = sorted[i..].iter().take_while(|p| p.date == day).collect();
        let first = same_day[0];
        let cost: Cents = same_day.iter().map(|p| prices.of(p.kind)).sum();
        let (gap, prev_deep) = match prev {
            Some(p) => (
                (crate::days::days_between(p.date, day) as u32).min(GAP_CAP),
                p.kind.is_deep(),
            ),
            None => {
                let since_start = crate::days::days_between(ctx.from, day) as u32;
                (
                    objective::initial_gap(ctx)
                        .saturating_add(since_start)
                        .min(GAP_CAP),
                    false,
                )
            }
        };
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
                text: format!("costs {}", crate::check::money(cost)),
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
