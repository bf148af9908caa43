//! The exact scheduler: dynamic programming over the days of the window.
//!
//! Each day holds nothing or one professional massage of one type. Hard rules
//! are local to a day and a type ([`crate::constraints`]), except the monthly
//! budget. The objective ([`crate::objective`]) needs a little memory: days
//! since the previous massage (capped at [`GAP_CAP`]), whether it was deep, the
//! spend so far this month, whether the month has a massage yet, and what the
//! prepaid packages can still pay for (`credits`). With that state the best
//! schedule is found exactly; ties break by a fixed order (states in index
//! order, then actions in the order nothing, deep, ART, Swedish, each type paid
//! in cash before by a credit), so the same plan always gives the same
//! schedule. With packages the state is larger, and bounds (`bound`) set aside
//! the labels that cannot lead to an optimum. DESIGN.md has the formulation.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints;
use crate::context::PlanContext;
use crate::days::month_key;
use crate::model::{Booking, Cents, MAX_CREDITS, MassageType, Prices, money};
use crate::objective::{self, GAP_CAP, SpacingDay};

mod bound;
mod credits;

use credits::{CLOSED, Credits};

/// A professional massage in a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// The day.
    pub date: Date,
    /// The type.
    pub kind: MassageType,
    /// True when the runner booked it (kept as it is), false when knead proposes it.
    pub booked: bool,
    /// The prepaid package that pays for it (index into the athlete's
    /// credits); `None`: paid in cash.
    pub credit: Option<usize>,
}

impl Placed {
    /// A booking of the runner, kept as it is, paid in cash. [`booked`] gives
    /// a booking of a plan with the package that pays for it.
    pub fn booking(b: &Booking) -> Placed {
        Placed {
            date: b.date,
            kind: b.kind,
            booked: true,
            credit: None,
        }
    }

    /// What it costs in cash: its price, or 0 when a package pays for it.
    pub fn cost(&self, prices: &Prices) -> Cents {
        match self.credit {
            Some(_) => 0,
            None => prices.of(self.kind),
        }
    }
}

/// Booking `index` of the plan as a placed massage, with the package that pays
/// for it ([`PlanContext::booking_credit`]).
pub fn booked(ctx: &PlanContext<'_>, index: usize) -> Placed {
    let b = &ctx.plan.bookings[index];
    Placed {
        credit: ctx.booking_credit(index),
        ..Placed::booking(b)
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
    /// For a proposed massage paid by a credit, its class: the packages that
    /// may pay for it (see [`credits`]); 0 for everything else.
    credit: u8,
}

/// The types the hard rules allow on a day without a booking (in the order of
/// [`MassageType::ALL`]); none on a booked day.
fn open_types(ctx: &PlanContext<'_>, date: Date) -> [bool; 3] {
    if ctx.plan.bookings.iter().any(|b| b.date == date) {
        return [false; 3];
    }
    MassageType::ALL.map(|k| constraints::allowed(ctx, date, k))
}

/// The choices for `date`: the booking when there is one; otherwise nothing and
/// every type the hard rules allow (`open`, see [`open_types`]), paid in cash
/// (when one session fits in the budget) or by a credit of a package of
/// `credits` that covers it (restricted by `force` on its day).
fn actions(
    ctx: &PlanContext<'_>,
    date: Date,
    open: [bool; 3],
    force: Option<(Date, Force)>,
    credits: &Credits,
) -> Vec<Action> {
    let prices = &ctx.plan.athlete.prices;
    let booked: Vec<(usize, &Booking)> = ctx
        .plan
        .bookings
        .iter()
        .enumerate()
        .filter(|(_, b)| b.date == date)
        .collect();
    if let Some((_, first)) = booked.first() {
        let cost = booked.iter().fold(0, |acc: Cents, (i, _)| {
            acc.saturating_add(ctx.booking_cost(*i))
        });
        let value = objective::total(&objective::day_terms(ctx, date, first.kind))
            + objective::money_value(cost);
        return vec![Action {
            kind: Some(first.kind),
            cost,
            booked: true,
            value,
            credit: 0,
        }];
    }
    let forced = force.filter(|(d, _)| *d == date).map(|(_, f)| f);
    let nothing = Action {
        kind: None,
        cost: 0,
        booked: false,
        value: 0,
        credit: 0,
    };
    let mut out = Vec::with_capacity(4);
    if matches!(forced, None | Some(Force::Nothing)) {
        out.push(nothing);
    }
    for (kind, open) in MassageType::ALL.into_iter().zip(open) {
        if forced.is_some_and(|f| f != Force::Type(kind)) || !open {
            continue;
        }
        let terms = objective::total(&objective::day_terms(ctx, date, kind));
        let cost = prices.of(kind);
        if cost <= ctx.budget {
            out.push(Action {
                kind: Some(kind),
                cost,
                booked: false,
                value: terms + objective::money_value(cost),
                credit: 0,
            });
        }
        let class = credits.class(ctx, date, kind);
        if class != 0 {
            out.push(Action {
                kind: Some(kind),
                cost: 0,
                booked: false,
                value: terms,
                credit: class,
            });
        }
    }
    if out.is_empty() {
        // A forced type the rules do not allow: fall back to nothing.
        out.push(nothing);
    }
    out
}

/// The packages of the dynamic program (those with sessions left after the
/// bookings that can pay on some day of the window, at most [`MAX_CREDITS`],
/// in the athlete's order), the window's days with their choices, and the
/// first credit state.
fn plan_days(
    ctx: &PlanContext<'_>,
    force: Option<(Date, Force)>,
) -> (Credits, Vec<(Date, Vec<Action>)>, u32) {
    let open: Vec<(Date, [bool; 3])> = ctx.days().map(|d| (d, open_types(ctx, d))).collect();
    let left = ctx.credits_after_bookings();
    let athlete_credits = &ctx.plan.athlete.credits;
    let candidates: Vec<usize> = athlete_credits
        .iter()
        .enumerate()
        .filter(|(p, c)| {
            // Sessions left, and a day it can pay on: open to proposals and
            // allowed for a type it covers.
            left[*p] > 0
                && open.iter().any(|(d, open)| {
                    MassageType::ALL
                        .into_iter()
                        .zip(open)
                        .any(|(k, &o)| o && c.covers(*d, k))
                })
        })
        .map(|(p, _)| p)
        .take(MAX_CREDITS)
        .collect();
    let mut credits = Credits::new(ctx, candidates);
    let days: Vec<(Date, Vec<Action>)> = open
        .into_iter()
        .map(|(d, open)| (d, actions(ctx, d, open, force, &credits)))
        .collect();
    let classes: Vec<Vec<u8>> = days
        .iter()
        .map(|(_, acts)| acts.iter().map(|a| a.credit).filter(|&c| c != 0).collect())
        .collect();
    let first = credits.prepare(&classes);
    (credits, days, first)
}

/// One partial schedule in the dynamic program: its state, value and where it
/// came from. Labels of the same state group (days since the last massage,
/// whether it was deep, whether the month has one, the credit state) that spend
/// more for no more value are dropped: whatever follows a label is open to any
/// label of its group that spent less, for the same future rewards, so the
/// optimum is kept exactly.
#[derive(Debug, Clone, Copy)]
struct Label {
    /// `credit * BASE + base`: the credit state (a number, see [`credits`])
    /// and the base group of [`group`].
    group: u64,
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

/// Base groups: days since the last massage, whether it was deep, whether the
/// month has one.
const BASE: u64 = 4 * CAP as u64;

fn group(gap: u32, deep: bool, has: bool, credit: u64) -> u64 {
    credit * BASE + u64::from((u32::from(has) * 2 + u32::from(deep)) * CAP + (gap - 1))
}

fn ungroup(g: u64) -> (u32, bool, bool, u64) {
    let credit = g / BASE;
    let g = (g % BASE) as u32;
    let gap = g % CAP + 1;
    let rest = g / CAP;
    (gap, rest % 2 == 1, rest / 2 == 1, credit)
}

/// A hasher for label groups and credit states (integers spread by one
/// multiplication per word): the prune looks every new label's group up once.
#[derive(Default)]
struct GroupHasher(u64);

impl GroupHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::Hasher for GroupHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
}

type GroupMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<GroupHasher>>;

/// Keeps, per group, only labels that no cheaper label of the group matches in
/// value (the Pareto front of spend and value). `labels` come in the order they
/// were made (by the label they extend, then by action); of two alike the first
/// is kept. The result is sorted by group, then spend, so the same plan always
/// gives the same labels in the same order.
fn prune(labels: Vec<Label>) -> Vec<Label> {
    // A few labels (no packages): sorting them all is quickest. Many (with
    // packages): one look-up each. Both keep the same labels in the same order.
    if labels.len() <= 2048 {
        prune_sorted(labels)
    } else {
        prune_hashed(labels)
    }
}

/// [`prune`] by sorting: by group, spend, value (highest first), then the
/// order they were made in, keeping a label when it is worth more than every
/// cheaper one of its group.
fn prune_sorted(mut labels: Vec<Label>) -> Vec<Label> {
    labels.sort_unstable_by(|x, y| {
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
    let mut best: Option<(u64, i64)> = None;
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

/// [`prune`] with a Pareto front per group, looked up by hash.
fn prune_hashed(labels: Vec<Label>) -> Vec<Label> {
    let mut kept: Vec<Label> = Vec::with_capacity(labels.len() / 2 + 1);
    let mut alive: Vec<bool> = Vec::with_capacity(labels.len() / 2 + 1);
    let mut fronts: GroupMap<Vec<u32>> = GroupMap::default();
    for l in labels {
        let front = fronts.entry(l.group).or_default();
        if front
            .iter()
            .any(|&k| kept[k as usize].spend <= l.spend && kept[k as usize].value >= l.value)
        {
            continue;
        }
        front.retain(|&k| {
            let old = &kept[k as usize];
            let dominated = old.spend >= l.spend && old.value <= l.value;
            if dominated {
                alive[k as usize] = false;
            }
            !dominated
        });
        front.push(kept.len() as u32);
        kept.push(l);
        alive.push(true);
    }
    let mut out: Vec<Label> = kept
        .into_iter()
        .zip(alive)
        .filter_map(|(l, a)| a.then_some(l))
        .collect();
    out.sort_unstable_by_key(|l| (l.group, l.spend));
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
        let massages: Vec<Placed> = (0..ctx.plan.bookings.len())
            .map(|i| booked(ctx, i))
            .collect();
        Solution {
            score: score(ctx, &massages),
            massages,
        }
    })
}

/// Finds the best schedule with one day restricted, or `None` when no schedule
/// can honour the restriction (e.g. the month's budget cannot pay for it).
pub fn solve_forced(ctx: &PlanContext<'_>, force: Option<(Date, Force)>) -> Option<Solution> {
    let problem = Problem::new(ctx, force);
    if problem.credits.len() == 0 {
        return problem.forward(Keep::All).0;
    }
    bound::solve(&problem)
}

/// [`solve_forced`] without the bounds that set labels aside (every label the
/// dominance keeps is extended): the same schedule, found more slowly. For
/// tests that hold the bounds to that.
#[doc(hidden)]
pub fn solve_forced_unbounded(
    ctx: &PlanContext<'_>,
    force: Option<(Date, Force)>,
) -> Option<Solution> {
    Problem::new(ctx, force).forward(Keep::All).0
}

/// One calendar month of the window, as the dynamic program sees it.
#[derive(Debug)]
struct MonthSpan {
    /// Its first and one past its last window day.
    start: usize,
    end: usize,
    /// Whether spend is tracked (the budget can bind).
    tracked: bool,
    /// After each of its window days, the cash of the month's bookings still
    /// to come (in the window or after it).
    reserved: Vec<Cents>,
    /// Cash of all the month's bookings, before, in and after the window.
    booked: Cents,
    /// Whether it is a training month (F-MIN, charged when it closes).
    training: bool,
    /// Whether a booking outside the window gives it its massage.
    has_outside: bool,
}

/// Everything the passes over the window share: its days with their choices,
/// the packages, the months and the first label.
struct Problem<'c, 'p> {
    ctx: &'c PlanContext<'p>,
    credits: Credits,
    days: Vec<(Date, Vec<Action>)>,
    spacing: Vec<SpacingDay>,
    months: Vec<MonthSpan>,
    /// The month (index into `months`) of each window day.
    month_of: Vec<usize>,
    start: Label,
}

/// Which labels a forward pass extends, beyond those the dominance keeps.
#[derive(Clone, Copy)]
enum Keep<'b> {
    /// All of them: the exact dynamic program.
    All,
    /// Those whose upper bound reaches `floor` (scaled, see [`bound`]): when
    /// the optimum reaches the floor, no label below it leads to one.
    Bounded { bound: &'b bound::Bound, floor: i64 },
}

impl<'c, 'p> Problem<'c, 'p> {
    fn new(ctx: &'c PlanContext<'p>, force: Option<(Date, Force)>) -> Problem<'c, 'p> {
        let n = ctx.len();
        let (credits, days, credit0) = plan_days(ctx, force);
        let spacing = days.iter().map(|(d, _)| SpacingDay::new(ctx, *d)).collect();
        let prices = &ctx.plan.athlete.prices;
        let max_price = prices.deep.max(prices.art).max(prices.swedish);
        let mut months = Vec::new();
        let mut month_of = vec![0; n];
        let mut month_start = 0;
        while month_start < n {
            let key = month_key(days[month_start].0);
            let month_end = (month_start..n)
                .find(|&i| month_key(days[i].0) != key)
                .unwrap_or(n);
            // Bookings later in the month (inside the window or after it) are
            // paid for first: a proposed massage may only use what they leave.
            let month_bookings: Vec<(Date, Cents)> = ctx
                .plan
                .bookings
                .iter()
                .enumerate()
                .filter(|(_, b)| month_key(b.date) == key)
                .map(|(i, b)| (b.date, ctx.booking_cost(i)))
                .collect();
            let reserved = days[month_start..month_end]
                .iter()
                .map(|(day, _)| {
                    month_bookings
                        .iter()
                        .filter(|(d, _)| d > day)
                        .fold(0, |acc: Cents, (_, c)| acc.saturating_add(*c))
                })
                .collect();
            let booked = month_bookings
                .iter()
                .fold(0, |acc: Cents, (_, c)| acc.saturating_add(*c));
            // When even a massage every day could not reach the budget, spend is
            // not tracked (all labels of a group then collapse to the best one).
            let tracked = u64::from(ctx.budget) < 31 * u64::from(max_price) + u64::from(booked);
            month_of[month_start..month_end].fill(months.len());
            months.push(MonthSpan {
                start: month_start,
                end: month_end,
                tracked,
                reserved,
                booked,
                training: ctx.is_training_month(days[month_start].0),
                has_outside: month_booked_outside(ctx, days[month_start].0),
            });
            month_start = month_end;
        }
        let (gap0, deep0) = objective::initial_gap(ctx);
        // Bookings earlier in the first month, before the window, are already
        // spent (later ones are reserved, month by month).
        let spent_before = ctx
            .indexed_bookings_outside_window_in_month(ctx.from)
            .filter(|(_, b)| b.date < ctx.from)
            .fold(0, |acc: Cents, (i, _)| {
                acc.saturating_add(ctx.booking_cost(i))
            });
        let start = Label {
            group: group(
                gap0,
                deep0,
                month_booked_outside(ctx, ctx.from),
                u64::from(credit0),
            ),
            spend: spent_before,
            value: 0,
            back: 0,
            action: RESET,
        };
        Problem {
            ctx,
            credits,
            days,
            spacing,
            months,
            month_of,
            start,
        }
    }

    /// The labels `l` leads to on day `today` (in the order of the day's actions).
    fn extend(&self, today: usize, i: usize, l: &Label, next: &mut Vec<Label>) {
        let acts = &self.days[today].1;
        let month = &self.months[self.month_of[today]];
        let (gap, deep, has, credit) = ungroup(l.group);
        let credit = credit as u32;
        // The credit state after the day without a credit used, once for all
        // actions that use none.
        let kept = if self.credits.len() == 0 {
            credit
        } else {
            self.credits.step(today, credit, 0)
        };
        for (a_i, a) in acts.iter().enumerate() {
            let label = match a.kind {
                None => Label {
                    group: group((gap + 1).min(GAP_CAP), deep, has, u64::from(kept)),
                    spend: l.spend,
                    value: l.value,
                    back: i as u32,
                    action: a_i as u8,
                },
                Some(kind) => {
                    let to = if a.credit == 0 {
                        kept
                    } else {
                        self.credits.step(today, credit, a.credit)
                    };
                    if to == CLOSED {
                        continue;
                    }
                    let spend = if month.tracked {
                        l.spend.saturating_add(a.cost)
                    } else {
                        0
                    };
                    if month.tracked
                        && !a.booked
                        && a.credit == 0
                        && spend.saturating_add(month.reserved[today - month.start])
                            > self.ctx.budget
                    {
                        continue;
                    }
                    Label {
                        group: group(1, kind.is_deep(), true, u64::from(to)),
                        spend,
                        value: l.value
                            + a.value
                            + objective::spacing_value(&self.spacing[today], kind, gap, deep),
                        back: i as u32,
                        action: a_i as u8,
                    }
                }
            };
            next.push(label);
        }
    }

    /// One pass of the dynamic program over the window, keeping labels as
    /// `keep` says: the best schedule it finds (`None` when none is left), and
    /// whether the bound set any label aside.
    fn forward(&self, keep: Keep<'_>) -> (Option<Solution>, bool) {
        let mut pruned = false;
        let ctx = self.ctx;
        let n = self.days.len();
        let missed = objective::missed_month_value();
        // Layers of labels: one per day, plus one at each month boundary.
        let mut layers: Vec<(Option<usize>, Vec<Label>)> = Vec::with_capacity(n + 40);
        let mut current = vec![self.start];
        for (m, month) in self.months.iter().enumerate() {
            if m > 0 {
                // Close the previous month: F-MIN, then spend and the month flag
                // reset (a booking of the new month outside the window already
                // gives it its massage).
                let charge = self.months[m - 1].training;
                let entry: Vec<Label> = current
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let (gap, deep, has, credit) = ungroup(l.group);
                        Label {
                            group: group(gap, deep, month.has_outside, credit),
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
            for today in month.start..month.end {
                let mut next = Vec::with_capacity(current.len() * self.days[today].1.len());
                for (i, l) in current.iter().enumerate() {
                    self.extend(today, i, l, &mut next);
                }
                if let Keep::Bounded { bound, floor } = keep {
                    next.retain(|l| {
                        let upper = bound.upper(self, today, l);
                        // A label with no schedule ahead is not set aside: it has none.
                        pruned |= upper < floor && upper != bound::NONE;
                        upper >= floor
                    });
                }
                layers.push((Some(today), std::mem::take(&mut current)));
                current = prune(next);
            }
        }

        // Close the last month and pick the best end state (first on ties).
        let last_charge = self.months.last().is_some_and(|m| m.training);
        let mut best: Option<(i64, usize)> = None;
        for (i, l) in current.iter().enumerate() {
            let (_, _, has, _) = ungroup(l.group);
            let v = l.value + if last_charge && !has { missed } else { 0 };
            if best.is_none_or(|(bv, _)| v > bv) {
                best = Some((v, i));
            }
        }
        let Some((score, mut at)) = best else {
            return (None, pruned);
        };

        // Walk the back pointers: the label at `at` in `current` was built from
        // layer k's labels by the action it records.
        let mut massages = Vec::new();
        // Classes of the credited massages, last first.
        let mut classes = Vec::new();
        let mut label = current[at];
        for (day, labels) in layers.iter().rev() {
            if let Some(i) = day {
                let (date, acts) = &self.days[*i];
                let a = acts[label.action as usize];
                if a.booked {
                    // Every booking of the day is kept, in file order.
                    massages.extend(
                        (0..ctx.plan.bookings.len())
                            .filter(|&b| ctx.plan.bookings[b].date == *date)
                            .rev()
                            .map(|b| booked(ctx, b)),
                    );
                } else if let Some(kind) = a.kind {
                    if a.credit != 0 {
                        classes.push(a.credit);
                    }
                    massages.push(Placed {
                        date: *date,
                        kind,
                        booked: false,
                        // Set below, once every credited massage is known.
                        credit: (a.credit != 0).then_some(usize::MAX),
                    });
                }
            }
            at = label.back as usize;
            label = labels[at];
        }
        massages.reverse();
        classes.reverse();
        let mut paid = self.credits.assign(ctx, &classes).into_iter();
        for m in massages
            .iter_mut()
            .filter(|m| m.credit.is_some() && !m.booked)
        {
            m.credit = paid.next();
        }
        (Some(Solution { massages, score }), pruned)
    }
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
            .fold(0, |acc: Cents, p| acc.saturating_add(p.cost(prices)));
        let credited: Vec<String> = same_day
            .iter()
            .filter_map(|p| p.credit)
            .map(|c| {
                ctx.plan
                    .athlete
                    .credits
                    .get(c)
                    .map_or_else(|| format!("package {c}"), |c| c.label())
            })
            .collect();
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
                text: match (cost, credited.is_empty()) {
                    (_, true) => format!("costs {}", money(cost)),
                    (0, false) => format!("paid with credit ({})", credited.join(", ")),
                    (_, false) => format!(
                        "costs {} (and paid with credit ({}))",
                        money(cost),
                        credited.join(", ")
                    ),
                },
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The two ways to prune keep the same labels in the same order.
        #[test]
        fn prunes_agree(labels in prop::collection::vec((0u64..6, 0u32..5, -4i64..4), 0..200)) {
            let labels: Vec<Label> = labels
                .iter()
                .enumerate()
                .map(|(i, &(group, spend, value))| Label {
                    group,
                    spend,
                    value,
                    back: (i / 3) as u32,
                    action: (i % 3) as u8,
                })
                .collect();
            let key = |ls: Vec<Label>| -> Vec<(u64, u32, i64, u32, u8)> {
                ls.iter().map(|l| (l.group, l.spend, l.value, l.back, l.action)).collect()
            };
            prop_assert_eq!(key(prune_sorted(labels.clone())), key(prune_hashed(labels)));
        }
    }
}
