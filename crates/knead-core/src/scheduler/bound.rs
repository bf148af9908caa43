//! Upper bounds on what a label can still reach, so that the dynamic program
//! with prepaid packages only extends labels that can lead to an optimum
//! (branch and bound; the answer stays exact).
//!
//! Sessions left per package are what make the state large, so the bound
//! relaxes them: a package may pay for any number of massages, at a price of
//! `mu[p]` points per session (a Lagrangian relaxation). The monthly budget is
//! relaxed to a count: a month whose budget can bind allows as many more cash
//! massages as its budget left (after its bookings) holds of the cheapest
//! type. With that, the best value from a day, base state (days since the last
//! massage, whether it was deep, whether the month has one) and count is a
//! small backward dynamic program, and for every label
//!
//! ```text
//! value + the relaxation's best value to come from its base state and count
//!       + Σ packages mu[p] × sessions left
//! ```
//!
//! is at least the best value any schedule extending it can reach: every
//! schedule that keeps the rules is one of the relaxation's, with the same
//! value less `mu[p]` per session it uses, and it uses no more than are left.
//! Any prices zero or more give a valid bound; a few steps of subgradient
//! descent make it tight. All of it is in integers (values times [`SCALE`]),
//! so no rounding can make a bound too low.
//!
//! The exact pass then extends only labels whose bound reaches a floor. A beam
//! search (the few labels with the best bound in each base group) finds a
//! schedule, whose value is a safe floor; a higher floor, just under the
//! bound, is tried first, and lowered until the pass finds a schedule that
//! reaches it. Whenever a pass finds a schedule at or above its floor, every
//! label on the way to the schedule the unbounded program picks was kept (its
//! bound is at least the optimum), and only labels that program keeps are (a
//! label that dominates another has a bound as high): the schedule is the
//! same, ties included (`solve_forced_unbounded` is the reference in the tests).

use super::{BASE, GAP_CAP, Keep, Label, MassageType, Problem, Solution, group, objective, ungroup};

/// Values of the bound are label values times this (prices are whole numbers
/// of these units).
pub(super) const SCALE: i64 = 1024;

/// Labels kept per base group by the beam search.
const BEAM_WIDTH: usize = 8;

/// Subgradient steps at most.
const STEPS: usize = 40;

/// The value of a state no schedule leaves (a restriction it cannot honour):
/// far below any value, and safe to add values to.
const NONE: i64 = i64::MIN / 4;

/// The most cash massages a month's count may track; a month whose budget
/// holds more is relaxed to any number.
const MAX_COUNT: i64 = 8;

/// How the bound sees a month's budget.
#[derive(Debug, Clone, Copy)]
struct Count {
    /// Whether cash massages are counted (the budget can bind, and its count
    /// is small); otherwise any number is allowed.
    counted: bool,
    /// The most cash massages the budget left after the month's bookings
    /// holds (when counted).
    most: i64,
}

impl Count {
    fn of(problem: &Problem<'_, '_>, m: usize) -> Count {
        let month = &problem.months[m];
        let room = i64::from(problem.ctx.budget) - i64::from(month.booked);
        let cheapest = i64::from(problem.ctx.plan.athlete.prices.cheapest().max(1));
        let most = room.max(0) / cheapest;
        Count {
            counted: month.tracked && most <= MAX_COUNT,
            most,
        }
    }

    /// States of the count: `0..=most`, or one when not counted.
    fn width(self) -> usize {
        if self.counted { self.most as usize + 1 } else { 1 }
    }
}

/// The relaxation under one set of package prices.
pub(super) struct Bound {
    /// Price of one session, per package (scaled).
    mu: Vec<i64>,
    counts: Vec<Count>,
    /// `after[i][s * width + c]`: the relaxation's best value (scaled) from
    /// the start of window day `i`, its month open, in base state `s` with `c`
    /// cash massages left to count.
    after: Vec<Vec<i64>>,
    /// `close[i][s]`: the same before the previous month closes, on the first
    /// day `i` of a month after the first (empty on other days), and on the
    /// day past the window (the last month closing).
    close: Vec<Vec<i64>>,
    /// The bound of the first label.
    first: i64,
    /// How often the relaxation's best schedule uses each package.
    uses: Vec<i64>,
}

impl Bound {
    /// The relaxation with packages priced `mu`.
    fn new(problem: &Problem<'_, '_>, mu: Vec<i64>) -> Bound {
        let n = problem.days.len();
        let nb = BASE as usize;
        let counts: Vec<Count> = (0..problem.months.len())
            .map(|m| Count::of(problem, m))
            .collect();
        let missed = SCALE * objective::missed_month_value();
        let closing = |training: bool, s: usize| {
            let (_, _, has, _) = ungroup(s as u64);
            if training && !has { missed } else { 0 }
        };
        let mut after: Vec<Vec<i64>> = vec![Vec::new(); n];
        let mut close: Vec<Vec<i64>> = vec![Vec::new(); n + 1];
        let last = problem.months.last().is_some_and(|m| m.training);
        close[n] = (0..nb).map(|s| closing(last, s)).collect();
        for i in (0..n).rev() {
            let m = problem.month_of[i];
            let width = counts[m].width();
            let mut values = vec![0i64; nb * width];
            for s in 0..nb {
                for c in 0..width {
                    values[s * width + c] =
                        Self::best(problem, &counts, &mu, &after, &close, i, s, c).0;
                }
            }
            after[i] = values;
            let month = &problem.months[m];
            if i == month.start && m > 0 {
                let full = width - 1;
                close[i] = (0..nb)
                    .map(|s| {
                        let (gap, deep, _, _) = ungroup(s as u64);
                        let reset = group(gap, deep, month.has_outside, 0) as usize;
                        closing(problem.months[m - 1].training, s) + after[i][reset * width + full]
                    })
                    .collect();
            }
        }

        // The relaxation's best schedule from the first label, for the subgradient.
        let packages = &problem.packages;
        let (_, _, _, credit0) = ungroup(problem.start.group);
        let mut uses = vec![0i64; packages.len()];
        let mut s = (problem.start.group % BASE) as usize;
        let count0 = Self::count_of(problem, &counts, 0, problem.start.spend, None);
        let mut c = count0;
        for i in 0..n {
            let m = problem.month_of[i];
            let month = &problem.months[m];
            if i == month.start && m > 0 {
                let (gap, deep, _, _) = ungroup(s as u64);
                s = group(gap, deep, month.has_outside, 0) as usize;
                c = counts[m].width() - 1;
            }
            let (_, a, to, c_to) = Self::best(problem, &counts, &mu, &after, &close, i, s, c);
            if let Some(p) = a.and_then(|a| problem.days[i].1[a].credit) {
                uses[p] += 1;
            }
            (s, c) = (to, c_to);
        }
        let s0 = (problem.start.group % BASE) as usize;
        let first = after.first().map_or(close[n][s0], |a| {
            a[s0 * counts[0].width() + count0]
        }) + (0..packages.len())
            .map(|p| mu[p] * i64::from(packages.left(credit0, p)))
            .sum::<i64>();
        Bound {
            mu,
            counts,
            after,
            close,
            first,
            uses,
        }
    }

    /// The count of a label in month `m` that has spent `spend`, with `reserved`
    /// still to come for the month's bookings (`None`: all of them, before the
    /// month's first day).
    fn count_of(
        problem: &Problem<'_, '_>,
        counts: &[Count],
        m: usize,
        spend: u32,
        reserved: Option<u32>,
    ) -> usize {
        let count = counts[m];
        if !count.counted {
            return 0;
        }
        let month = &problem.months[m];
        let reserved = reserved.unwrap_or_else(|| month.booked.saturating_sub(spend));
        let left = i64::from(problem.ctx.budget) - i64::from(spend) - i64::from(reserved);
        let cheapest = i64::from(problem.ctx.plan.athlete.prices.cheapest().max(1));
        (left.max(0) / cheapest).min(count.most) as usize
    }

    /// The relaxation's value (scaled) from the start of day `i + 1` for a
    /// label of base state `s` and count `c` made on day `i`.
    fn to_come(&self, problem: &Problem<'_, '_>, i: usize, s: usize, c: usize) -> i64 {
        let next = i + 1;
        if !self.close[next].is_empty() {
            self.close[next][s]
        } else {
            let width = self.counts[problem.month_of[next]].width();
            self.after[next][s * width + c]
        }
    }

    /// The relaxation's best choice on day `i` from base state `s` with count
    /// `c`: its value (scaled, with what follows), the action, and the state
    /// and count it leads to.
    #[allow(clippy::too_many_arguments)]
    fn best(
        problem: &Problem<'_, '_>,
        counts: &[Count],
        mu: &[i64],
        after: &[Vec<i64>],
        close: &[Vec<i64>],
        i: usize,
        s: usize,
        c: usize,
    ) -> (i64, Option<usize>, usize, usize) {
        let m = problem.month_of[i];
        let month = &problem.months[m];
        let count = counts[m];
        let budget = i64::from(problem.ctx.budget);
        let (gap, deep, has, _) = ungroup(s as u64);
        let value_at = |to: usize, c_to: usize| {
            let next = i + 1;
            if !close[next].is_empty() {
                close[next][to]
            } else {
                let width = counts[problem.month_of[next]].width();
                after[next][to * width + c_to]
            }
        };
        let mut best: (i64, Option<usize>, usize, usize) = (NONE, None, s, c);
        for (a_i, a) in problem.days[i].1.iter().enumerate() {
            let (value, to, c_to) = match a.kind {
                None => {
                    let to = group((gap + 1).min(GAP_CAP), deep, has, 0) as usize;
                    (0, to, c)
                }
                Some(kind) => {
                    let (price, c_to) = if a.booked {
                        (0, c)
                    } else if let Some(p) = a.credit {
                        (mu[p], c)
                    } else if month.tracked {
                        // Never open: the month's bookings leave too little.
                        if i64::from(a.cost) + i64::from(month.booked) > budget {
                            continue;
                        }
                        if count.counted {
                            if c == 0 {
                                continue;
                            }
                            (0, c - 1)
                        } else {
                            (0, c)
                        }
                    } else {
                        (0, c)
                    };
                    let earned =
                        a.value + objective::spacing_value(&problem.spacing[i], kind, gap, deep);
                    let to = group(1, MassageType::is_deep(kind), true, 0) as usize;
                    (SCALE * earned - price, to, c_to)
                }
            };
            let then = value_at(to, c_to);
            if then <= NONE {
                continue;
            }
            let total = value + then;
            if total > best.0 {
                best = (total, Some(a_i).filter(|_| a.kind.is_some()), to, c_to);
            }
        }
        best
    }

    /// The bound of `l`, a label made on window day `today` (scaled).
    pub(super) fn upper(&self, problem: &Problem<'_, '_>, today: usize, l: &Label) -> i64 {
        let m = problem.month_of[today];
        let month = &problem.months[m];
        let s = (l.group % BASE) as usize;
        let (_, _, _, credit) = ungroup(l.group);
        let c = Self::count_of(
            problem,
            &self.counts,
            m,
            l.spend,
            Some(month.reserved[today - month.start]),
        );
        let then = self.to_come(problem, today, s, c);
        if then <= NONE {
            return NONE;
        }
        let mut ub = SCALE * l.value + then;
        for (p, mu) in self.mu.iter().enumerate() {
            ub += mu * i64::from(problem.packages.left(credit, p));
        }
        ub
    }

    /// The `width` labels of each base group with the highest bound, in their
    /// order (first on ties).
    pub(super) fn beam(
        &self,
        problem: &Problem<'_, '_>,
        today: usize,
        labels: Vec<Label>,
        width: usize,
    ) -> Vec<Label> {
        let mut ranked: Vec<(u64, i64, usize)> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.group % BASE, self.upper(problem, today, l), i))
            .collect();
        ranked.sort_unstable_by_key(|&(s, ub, i)| (s, std::cmp::Reverse(ub), i));
        let mut keep = vec![false; labels.len()];
        let mut run = (u64::MAX, 0);
        for (s, _, i) in ranked {
            if run.0 != s {
                run = (s, 0);
            }
            if run.1 < width {
                keep[i] = true;
                run.1 += 1;
            }
        }
        labels
            .into_iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l))
            .collect()
    }

    /// Package prices that make the bound tight, and a schedule found on the
    /// way (its value scaled is a floor no optimum is below), if the beam
    /// search finds one.
    fn search(problem: &Problem<'_, '_>) -> (Bound, Option<i64>) {
        let packages = problem.packages.len();
        let (_, _, _, credit0) = ungroup(problem.start.group);
        let left0: Vec<i64> = (0..packages)
            .map(|p| i64::from(problem.packages.left(credit0, p)))
            .collect();
        let mut best = Bound::new(problem, vec![0; packages]);
        let beam = |b: &Bound| {
            problem
                .forward(Keep::Beam {
                    bound: b,
                    width: BEAM_WIDTH,
                })
                .map(|s| SCALE * s.score)
        };
        let mut floor = beam(&best);
        let mut mu = vec![0f64; packages];
        // The relaxation at the current prices: its bound and how often its
        // best schedule uses each package.
        let (mut current, mut uses) = (best.first, best.uses.clone());
        let mut theta = 1.0f64;
        let mut stalled = 0;
        for _ in 0..STEPS {
            // Close enough: less than a point above the schedule found.
            if floor.is_some_and(|f| best.first - f < SCALE * objective::UNIT) {
                break;
            }
            let g: Vec<f64> = (0..packages).map(|p| (uses[p] - left0[p]) as f64).collect();
            let norm: f64 = g.iter().map(|g| g * g).sum();
            if norm == 0.0 {
                break;
            }
            // Polyak's step toward the floor, or toward 5 % below the bound.
            let target = floor.unwrap_or(current - current.abs() / 20);
            let step = theta * (current - target).max(SCALE) as f64 / norm;
            for (u, g) in mu.iter_mut().zip(&g) {
                *u = (*u + step * g).max(0.0);
            }
            let b = Bound::new(problem, round(&mu));
            (current, uses) = (b.first, b.uses.clone());
            if b.first < best.first {
                best = b;
                stalled = 0;
            } else {
                stalled += 1;
                if stalled >= 2 {
                    theta /= 2.0;
                    stalled = 0;
                    if theta < 1.0 / 64.0 {
                        break;
                    }
                }
            }
        }
        if let Some(better) = beam(&best) {
            floor = Some(floor.map_or(better, |f| f.max(better)));
        }
        (best, floor)
    }
}

/// The exact pass with bounds: the best schedule, the same as the unbounded
/// program's (see the module's documentation).
pub(super) fn solve(problem: &Problem<'_, '_>) -> Option<Solution> {
    let t = std::time::Instant::now();
    let (bound, safe) = Bound::search(problem);
    let top = bound.first;
    let debug = std::env::var_os("KNEAD_DEBUG_LABELS").is_some();
    if debug {
        eprintln!(
            "search {:?}: bound {:.2} safe {:?} mu {:?}",
            t.elapsed(),
            top as f64 / (SCALE * 100) as f64,
            safe.map(|f| f as f64 / (SCALE * 100) as f64),
            bound.mu
        );
    }
    // Try the bound itself first (a pass with a high floor is quick), then
    // floors a point, two, four... lower, down to the schedule found (always
    // enough).
    let mut below = 0;
    loop {
        let floor = match safe {
            Some(safe) => (top - below).max(safe),
            None => top - below,
        };
        let sure = safe == Some(floor);
        if !sure && safe.is_none() && below > top.abs().max(SCALE * objective::UNIT) * 4 {
            // No schedule found to stop at: extend every label.
            return problem.forward(Keep::All);
        }
        let found = problem.forward(Keep::Bounded {
            bound: &bound,
            floor,
        });
        if debug {
            eprintln!(
                "  floor {:.2}: {:?} at {:?}",
                floor as f64 / (SCALE * 100) as f64,
                found.as_ref().map(|s| s.score),
                t.elapsed()
            );
        }
        match found {
            Some(s) if SCALE * s.score >= floor => return Some(s),
            found if sure => return found,
            _ => below = (below * 2).max(SCALE * objective::UNIT),
        }
    }
}

/// Prices as whole units, zero or more.
fn round(prices: &[f64]) -> Vec<i64> {
    prices
        .iter()
        .map(|p| if p.is_finite() { p.round().max(0.0) as i64 } else { 0 })
        .collect()
}
