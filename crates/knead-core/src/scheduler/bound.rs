//! Upper bounds on what a label can still reach, so that the dynamic program
//! with prepaid packages only extends labels that can lead to an optimum
//! (branch and bound; the answer stays exact).
//!
//! The credit state is what makes the state large, so the bound relaxes it:
//! credits may pay for any number of massages, and each set of packages `P`
//! whose slack tells states apart (see [`super::credits`]) charges `mu[P]` per
//! credited massage within it (a Lagrangian relaxation of Hall's conditions).
//! The monthly budget is relaxed to a count: a month whose budget can bind
//! allows as many more cash massages as its budget left (after its bookings)
//! holds of the cheapest type. With that, the best value from a day, base
//! state (days since the last massage, whether it was deep, whether the month
//! has one) and count is a small backward dynamic program, and for every label
//!
//! ```text
//! value + the relaxation's best value to come from its base state and count
//!       + Σ sets mu[P] × slack of P
//! ```
//!
//! is at least the best value any schedule extending it can reach: every
//! schedule that keeps the rules is one of the relaxation's, with the same
//! value less `mu[P]` per credited massage within `P`, and it has no more of
//! those than the slack of `P`. Any prices zero or more give a valid bound; a
//! few steps of subgradient descent make it tight. All of it is in integers
//! (values times [`SCALE`]), so no rounding can make a bound too low.
//!
//! The exact pass then extends only labels whose bound reaches a floor: the
//! bound itself first, then lower floors until a pass finds a schedule that
//! reaches its floor. Whenever a pass finds a schedule at or above its floor,
//! every label on the way to the schedule the unbounded program picks was kept
//! (its bound is at least the optimum), and only labels that program keeps are
//! (a label that dominates another has a bound as high): the schedule is the
//! same, ties included (`solve_forced_unbounded` is the reference in the
//! tests).

use super::credits::SETS;
use super::{
    BASE, GAP_CAP, Keep, Label, MassageType, Problem, Solution, group, objective, ungroup,
};

/// Values of the bound are label values times this (prices are whole numbers
/// of these units).
pub(super) const SCALE: i64 = 1024;

/// Subgradient steps at most.
const STEPS: usize = 40;

/// The value of a state no schedule leaves (a restriction it cannot honour):
/// far below any value, and safe to add values to.
pub(super) const NONE: i64 = i64::MIN / 4;

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
        if self.counted {
            self.most as usize + 1
        } else {
            1
        }
    }
}

/// The relaxation under one set of prices.
pub(super) struct Bound {
    /// The sets of packages priced, and the price of a credited massage within
    /// each (scaled).
    sets: Vec<usize>,
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
    /// How many credited massages within each priced set the relaxation's
    /// best schedule has.
    uses: Vec<i64>,
}

/// The slack of each priced set in credit state `id`.
fn slacks(problem: &Problem<'_, '_>, sets: &[usize], id: u32) -> Vec<i64> {
    let slack = problem.credits.slack(id);
    sets.iter().map(|&set| i64::from(slack[set])).collect()
}

impl Bound {
    /// The relaxation with the sets `sets` priced `mu`.
    fn new(problem: &Problem<'_, '_>, sets: &[usize], mu: Vec<i64>) -> Bound {
        // What a credited massage of each class pays: the prices of the sets
        // it lies within.
        let mut class_price = [0i64; SETS];
        for (class, price) in class_price.iter_mut().enumerate().skip(1) {
            *price = sets
                .iter()
                .zip(&mu)
                .filter(|(set, _)| class & !**set == 0)
                .map(|(_, m)| m)
                .sum();
        }
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
            after[i] = Self::day(problem, &counts, &class_price, &after, &close, i);
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
        let (_, _, _, credit0) = ungroup(problem.start.group);
        let mut uses = vec![0i64; sets.len()];
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
            let (_, a, to, c_to) =
                Self::best(problem, &counts, &class_price, &after, &close, i, s, c);
            let class = a.map_or(0, |a| problem.days[i].1[a].credit as usize);
            if class != 0 {
                for (j, &set) in sets.iter().enumerate() {
                    if class & !set == 0 {
                        uses[j] += 1;
                    }
                }
            }
            (s, c) = (to, c_to);
        }
        let s0 = (problem.start.group % BASE) as usize;
        let first = after
            .first()
            .map_or(close[n][s0], |a| a[s0 * counts[0].width() + count0])
            + slacks(problem, sets, credit0 as u32)
                .iter()
                .zip(&mu)
                .map(|(s, m)| s * m)
                .sum::<i64>();
        Bound {
            sets: sets.to_vec(),
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

    /// The relaxation's best values (scaled) from the start of day `i`, its
    /// month open, for every base state and count: [`Self::best`] for all of
    /// them at once, with what does not depend on the state worked out once.
    fn day(
        problem: &Problem<'_, '_>,
        counts: &[Count],
        class_price: &[i64; SETS],
        after: &[Vec<i64>],
        close: &[Vec<i64>],
        i: usize,
    ) -> Vec<i64> {
        let nb = BASE as usize;
        let m = problem.month_of[i];
        let month = &problem.months[m];
        let count = counts[m];
        let width = count.width();
        let budget = i64::from(problem.ctx.budget);
        let next = i + 1;
        // The values from the next day on: by state (the month closes) or by
        // state and count (it stays open).
        let (next_values, next_width) = if close[next].is_empty() {
            (&after[next][..], counts[problem.month_of[next]].width())
        } else {
            (&close[next][..], 1)
        };
        let at = |to: usize, c: usize| next_values[to * next_width + c.min(next_width - 1)];
        // Massages: (type, scaled value less the price, whether it uses a count).
        let mut massages: Vec<(MassageType, i64, bool)> = Vec::new();
        let mut nothing = false;
        for a in &problem.days[i].1 {
            let Some(kind) = a.kind else {
                nothing = true;
                continue;
            };
            let (price, counted) = if a.booked {
                (0, false)
            } else if a.credit != 0 {
                (class_price[a.credit as usize], false)
            } else if month.tracked {
                // Never open: the month's bookings leave too little.
                if i64::from(a.cost) + i64::from(month.booked) > budget {
                    continue;
                }
                (0, count.counted)
            } else {
                (0, false)
            };
            massages.push((kind, SCALE * a.value - price, counted));
        }
        let mut values = vec![NONE; nb * width];
        for s in 0..nb {
            let (gap, deep, has, _) = ungroup(s as u64);
            let to_nothing = group((gap + 1).min(GAP_CAP), deep, has, 0) as usize;
            let spacing: Vec<i64> = massages
                .iter()
                .map(|(kind, _, _)| {
                    SCALE * objective::spacing_value(&problem.spacing[i], *kind, gap, deep)
                })
                .collect();
            for c in 0..width {
                let mut best = if nothing { at(to_nothing, c) } else { NONE };
                for ((kind, value, counted), spacing) in massages.iter().zip(&spacing) {
                    let c_to = if *counted {
                        if c == 0 {
                            continue;
                        }
                        c - 1
                    } else {
                        c
                    };
                    let to = group(1, MassageType::is_deep(*kind), true, 0) as usize;
                    let then = at(to, c_to);
                    if then > NONE {
                        best = best.max(value + spacing + then);
                    }
                }
                values[s * width + c] = if best > NONE { best } else { NONE };
            }
        }
        values
    }

    /// The relaxation's best choice on day `i` from base state `s` with count
    /// `c`: its value (scaled, with what follows), the action, and the state
    /// and count it leads to.
    #[allow(clippy::too_many_arguments)]
    fn best(
        problem: &Problem<'_, '_>,
        counts: &[Count],
        class_price: &[i64; SETS],
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
                    } else if a.credit != 0 {
                        (class_price[a.credit as usize], c)
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
        if !self.sets.is_empty() {
            let slack = problem.credits.slack(credit as u32);
            for (set, mu) in self.sets.iter().zip(&self.mu) {
                ub += mu * i64::from(slack[*set]);
            }
        }
        ub
    }

    /// Prices that make the bound tight: a few steps of subgradient descent
    /// on the Lagrangian dual from all prices zero (Polyak's step toward a
    /// value a third below the best bound so far, the distance halved
    /// whenever two steps in a row do not lower the bound).
    fn search(problem: &Problem<'_, '_>) -> Bound {
        let sets = problem.credits.closed_sets();
        let (_, _, _, credit0) = ungroup(problem.start.group);
        let left0 = slacks(problem, &sets, credit0 as u32);
        let mut best = Bound::new(problem, &sets, vec![0; sets.len()]);
        let mut mu = vec![0f64; sets.len()];
        // The relaxation at the current prices: its bound, and how many
        // credited massages within each set its best schedule has.
        let (mut current, mut uses) = (best.first, best.uses.clone());
        let mut theta = 1.0f64;
        let mut stalled = 0;
        // Steps in a row that lowered the bound by less than half a point.
        let mut idle = 0;
        for _ in 0..STEPS {
            let g: Vec<f64> = (0..sets.len())
                .map(|j| (uses[j] - left0[j]) as f64)
                .collect();
            let norm: f64 = g.iter().map(|g| g * g).sum();
            if norm == 0.0 {
                // The relaxation's best schedule keeps every set's slack.
                break;
            }
            let gap = theta * (best.first.abs() / 3).max(SCALE * objective::UNIT) as f64;
            let step = ((current - best.first) as f64 + gap).max(SCALE as f64) / norm;
            for (u, g) in mu.iter_mut().zip(&g) {
                *u = (*u + step * g).max(0.0);
            }
            let b = Bound::new(problem, &sets, round(&mu));
            (current, uses) = (b.first, b.uses.clone());
            if b.first < best.first {
                idle = if best.first - b.first < SCALE * objective::UNIT / 2 {
                    idle + 1
                } else {
                    0
                };
                best = b;
                stalled = 0;
            } else {
                idle += 1;
                stalled += 1;
                if stalled >= 2 {
                    theta /= 2.0;
                    stalled = 0;
                }
            }
            if idle >= 4 || theta < 1.0 / 256.0 {
                break;
            }
        }
        best
    }
}

/// The exact pass with bounds: the best schedule, the same as the unbounded
/// program's (see the module's documentation).
pub(super) fn solve(problem: &Problem<'_, '_>) -> Option<Solution> {
    let bound = Bound::search(problem);
    let top = bound.first;
    // Try the bound itself first (a pass with a high floor is quick), then
    // floors a point, two, four... lower. A pass that reaches its floor has
    // the optimum; one that finds a schedule below it gives a floor that is
    // sure to be reached; one that set no label aside was exact anyway.
    let mut below = 0;
    let mut sure: Option<i64> = None;
    loop {
        let floor = sure.map_or(top.saturating_sub(below), |s| {
            s.max(top.saturating_sub(below))
        });
        let (found, pruned) = problem.forward(Keep::Bounded {
            bound: &bound,
            floor,
        });

        match found {
            Some(s) if SCALE * s.score >= floor => return Some(s),
            found if !pruned || sure == Some(floor) => return found,
            Some(s) => sure = Some(SCALE * s.score),
            None => {}
        }
        below = below.saturating_mul(2).max(SCALE * objective::UNIT);
    }
}

/// Prices as whole units, zero or more.
fn round(prices: &[f64]) -> Vec<i64> {
    prices
        .iter()
        .map(|p| {
            if p.is_finite() {
                p.round().max(0.0) as i64
            } else {
                0
            }
        })
        .collect()
}
