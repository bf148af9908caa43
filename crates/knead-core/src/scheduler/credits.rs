//! The prepaid packages in the dynamic program: what a label needs to know
//! of them, and which package pays for each massage of the schedule found.
//!
//! The program decides only whether a proposed massage is paid by a credit,
//! not by which package. A massage of type `t` on day `d` may be paid by any
//! package of its *class*: the set of packages that cover `t` on `d`. A set of
//! credited massages can be paid for, each by a package of its class, exactly
//! when for every set `P` of packages the massages whose class lies within `P`
//! are no more than the sessions `P` has left (Hall's theorem for this
//! matching). So a label keeps, for each set of packages, its *slack*: how many
//! more credited massages within that set can still be paid. Two labels whose
//! slacks agree have the same futures, however their massages would be paid,
//! so the many ways to share massages among packages make one state, not
//! many.
//!
//! Slacks only matter for what is to come. Entering a day, the slack of a set
//! becomes the least slack of the sets holding the same classes of the days
//! ahead (a package past its expiry no longer tells sets apart), capped at
//! the days ahead on which a massage of such a class can be placed (more can
//! never be used). Labels that differ only in what can no longer matter
//! merge.

use std::cell::RefCell;

use crate::context::PlanContext;
use crate::model::{MAX_CREDITS, MassageType};

/// Sets of packages as bitmasks (bit `k` for the `k`-th package taking part);
/// at most [`MAX_CREDITS`] packages, so 16 sets.
pub(super) const SETS: usize = 1 << MAX_CREDITS;

/// A state: the slack of every set of packages (index 0, the empty set, is
/// always 0).
pub(super) type Slack = [u16; SETS];

/// The packages taking part and the classes of the window's days.
#[derive(Debug, Default)]
pub(super) struct Credits {
    /// The athlete's index of each package taking part.
    pub(super) index: Vec<usize>,
    /// Sessions each has left after the bookings.
    left: Vec<u32>,
    /// `closure[i][set]`: the union of the classes of days `i..` that lie
    /// within `set` (`i` up to the window's length).
    closure: Vec<[u8; SETS]>,
    /// `most[i][set]`: days from `i` on with a class within `set`.
    most: Vec<[u16; SETS]>,
    /// Every state met so far, by number.
    states: RefCell<Interner>,
}

/// States by number, and transitions already worked out on the current day.
#[derive(Debug, Default)]
struct Interner {
    slack: Vec<Slack>,
    ids: Map<Slack, u32>,
    /// The day of the cached transitions (by state and class); the cache is
    /// for one day at a time.
    day: usize,
    moves: Map<(u32, u8), u32>,
}

type Map<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<super::GroupHasher>>;

/// A transition that is not open (no slack left for the class).
pub(super) const CLOSED: u32 = u32::MAX;

impl Credits {
    /// The packages `index` (the athlete's indices, at most [`MAX_CREDITS`])
    /// taking part in the program, with the sessions the bookings leave them;
    /// [`Credits::prepare`] sets up the days.
    pub(super) fn new(ctx: &PlanContext<'_>, index: Vec<usize>) -> Credits {
        let left = ctx.credits_after_bookings();
        Credits {
            left: index.iter().map(|&p| left[p]).collect(),
            index,
            ..Credits::default()
        }
    }

    /// How many packages take part.
    pub(super) fn len(&self) -> usize {
        self.index.len()
    }

    /// The class of a massage of `kind` on `day`: the packages taking part
    /// that cover it.
    pub(super) fn class(
        &self,
        ctx: &PlanContext<'_>,
        day: jiff::civil::Date,
        kind: MassageType,
    ) -> u8 {
        let credits = &ctx.plan.athlete.credits;
        self.index
            .iter()
            .enumerate()
            .filter(|(_, p)| credits[**p].covers(day, kind))
            .fold(0, |acc, (k, _)| acc | (1 << k))
    }

    /// Sets up the days ahead from the classes of each window day's credit
    /// choices, and returns the first state.
    pub(super) fn prepare(&mut self, classes: &[Vec<u8>]) -> u32 {
        let n = classes.len();
        let sets = 1usize << self.len();
        self.closure = vec![[0; SETS]; n + 1];
        self.most = vec![[0; SETS]; n + 1];
        for i in (0..n).rev() {
            let (mut closure, mut most) = (self.closure[i + 1], self.most[i + 1]);
            for set in 1..sets {
                let within: Vec<u8> = classes[i]
                    .iter()
                    .copied()
                    .filter(|&c| c != 0 && c as usize & !set == 0)
                    .collect();
                for c in &within {
                    closure[set] |= c;
                }
                if !within.is_empty() {
                    most[set] = most[set].saturating_add(1);
                }
            }
            self.closure[i] = closure;
            self.most[i] = most;
        }
        let mut slack = [0u16; SETS];
        for (set, s) in slack.iter_mut().enumerate().take(sets).skip(1) {
            let sessions: u32 = (0..self.len())
                .filter(|k| set & (1 << k) != 0)
                .map(|k| self.left[k])
                .sum();
            *s = sessions.min(u32::from(u16::MAX)) as u16;
        }
        self.intern(self.canonical(slack, 0))
    }

    /// `slack` as seen entering window day `i` (see the module's documentation).
    fn canonical(&self, slack: Slack, i: usize) -> Slack {
        let sets = 1usize << self.len();
        let closure = &self.closure[i];
        let mut least = [u16::MAX; SETS];
        for set in 1..sets {
            let u = closure[set] as usize;
            if u != 0 {
                least[u] = least[u].min(slack[set]);
            }
        }
        let mut out = [0u16; SETS];
        for set in 1..sets {
            let u = closure[set] as usize;
            if u != 0 {
                out[set] = least[u].min(self.most[i][u]);
            }
        }
        out
    }

    fn intern(&self, slack: Slack) -> u32 {
        let mut states = self.states.borrow_mut();
        if let Some(&id) = states.ids.get(&slack) {
            return id;
        }
        let id = states.slack.len() as u32;
        states.slack.push(slack);
        states.ids.insert(slack, id);
        id
    }

    /// The slacks of state `id`.
    pub(super) fn slack(&self, id: u32) -> Slack {
        self.states.borrow().slack[id as usize]
    }

    /// The state after window day `today` from state `id`, with a massage of
    /// `class` paid by a credit that day (`class` 0: no credit used), or
    /// [`CLOSED`] when no slack is left for it.
    pub(super) fn step(&self, today: usize, id: u32, class: u8) -> u32 {
        {
            let mut states = self.states.borrow_mut();
            if states.day != today {
                states.day = today;
                states.moves.clear();
            }
            if let Some(&to) = states.moves.get(&(id, class)) {
                return to;
            }
        }
        let mut slack = self.slack(id);
        let sets = 1usize << self.len();
        let mut open = true;
        if class != 0 {
            for (set, s) in slack.iter_mut().enumerate().take(sets).skip(1) {
                if class as usize & !set == 0 {
                    if *s == 0 {
                        open = false;
                        break;
                    }
                    *s -= 1;
                }
            }
        }
        let to = if open {
            self.intern(self.canonical(slack, today + 1))
        } else {
            CLOSED
        };
        self.states.borrow_mut().moves.insert((id, class), to);
        to
    }

    /// Sets of packages that tell states apart at the start of the window
    /// (the others have the slack of one of these).
    pub(super) fn closed_sets(&self) -> Vec<usize> {
        let sets = 1usize << self.len();
        (1..sets)
            .filter(|&set| self.closure.first().is_some_and(|c| c[set] as usize == set))
            .collect()
    }

    /// Which package pays for each credited massage (given in date order by
    /// class): in date order, each takes a package of its class that leaves
    /// the rest payable, the one expiring first (a one-type package before an
    /// any-type one, then the first listed). Always possible for a schedule
    /// the program found; the athlete's indices.
    pub(super) fn assign(&self, ctx: &PlanContext<'_>, classes: &[u8]) -> Vec<usize> {
        let credits = &ctx.plan.athlete.credits;
        let mut left = self.left.clone();
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by_key(|&k| {
            let c = &credits[self.index[k]];
            (c.valid_until, c.kind.is_none(), self.index[k])
        });
        let payable = |left: &[u32], rest: &[u8]| {
            (1..1usize << self.len()).all(|set| {
                let need = rest.iter().filter(|&&c| c as usize & !set == 0).count() as u32;
                let have: u32 = (0..self.len())
                    .filter(|k| set & (1 << k) != 0)
                    .map(|k| left[k])
                    .sum();
                need <= have
            })
        };
        let mut out = Vec::with_capacity(classes.len());
        for (i, &class) in classes.iter().enumerate() {
            let pick = order.iter().copied().find(|&k| {
                if class & (1 << k) == 0 || left[k] == 0 {
                    return false;
                }
                left[k] -= 1;
                let fits = payable(&left, &classes[i + 1..]);
                left[k] += 1;
                fits
            });
            // The program keeps every credited set payable, so a package is
            // always found; the first of the class is the fallback.
            let k = pick
                .unwrap_or_else(|| (0..self.len()).find(|k| class & (1 << k) != 0).unwrap_or(0));
            left[k] = left[k].saturating_sub(1);
            out.push(self.index[k]);
        }
        out
    }
}
