//! Facts about each day of a plan window, computed once and shared by the
//! constraints, the objective, the scheduler, the checker and the explanations.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::days::{add_days, days_between, each_day, month_key, week_start};
use crate::model::{Booking, Cents, MassageType, Plan, Race, Workout, WorkoutKind};
use crate::slots::{self, Fit, Slot};

/// A day that the training history (not the plan) marks as hard or as low form.
#[derive(Debug, Clone, PartialEq)]
pub struct DayNote {
    /// The day.
    pub date: Date,
    /// The rule behind it (`L-HARD` or `L-FORM`).
    pub rule_id: &'static str,
    /// Why, with the numbers behind it.
    pub reason: String,
}

/// What a training history does to a plan window: how many of its hard
/// (L-HARD) and low-form (L-FORM) days shape the plan, and how many lie too far
/// outside the window to change anything. Each count is of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HistoryReach {
    /// Hard days inside the window.
    pub hard_in_window: usize,
    /// Hard days just outside the window that still shape it: the two days
    /// before it (R-POST-HARD looks 1-2 days back) and the day after it
    /// (R-DAY-AFTER keeps the window's last day free of massage).
    pub hard_at_edges: usize,
    /// Low-form days inside the window.
    pub low_form_in_window: usize,
    /// Hard and low-form days before the window that change nothing in the plan.
    pub before_window: usize,
    /// Hard and low-form days after the window that change nothing in the plan.
    pub after_window: usize,
}

/// How to plan: the window, a budget override and facts from training history.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// First day to plan (default: the plan's first workout, race or booking).
    pub from: Option<Date>,
    /// Last day to plan (default: the last workout, or the end of the last race's
    /// recovery window).
    pub to: Option<Date>,
    /// Monthly budget to use instead of the athlete's.
    pub budget: Option<Cents>,
    /// Days the training history makes hard (L-HARD).
    pub history_hard: Vec<DayNote>,
    /// Days of low form from the training history (L-FORM).
    pub low_form: Vec<DayNote>,
}

/// Why a day counts as hard.
#[derive(Debug, Clone, PartialEq)]
pub enum HardWhy {
    /// A planned workout of a hard kind.
    Workout(WorkoutKind),
    /// A race.
    Race(String),
    /// The training history (L-HARD).
    History(String),
}

impl HardWhy {
    /// A short description, e.g. "long run" or "race: Berlin Marathon".
    pub fn describe(&self) -> String {
        match self {
            HardWhy::Workout(k) => format!("{} session", k.as_str()),
            HardWhy::Race(name) => format!("race: {name}"),
            HardWhy::History(reason) => format!("hard day in your history ({reason})"),
        }
    }
}

/// A plan with its window and per-day facts.
#[derive(Debug, Clone)]
pub struct PlanContext<'p> {
    /// The plan.
    pub plan: &'p Plan,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window (inclusive).
    pub to: Date,
    /// The monthly budget in force.
    pub budget: Cents,
    /// Options used.
    pub options: Options,
    races: Vec<Race>,
    workouts_by_day: BTreeMap<Date, Vec<usize>>,
    races_by_day: BTreeMap<Date, Vec<usize>>,
    history_by_day: BTreeMap<Date, usize>,
    low_form_by_day: BTreeMap<Date, usize>,
    week_minutes: BTreeMap<Date, f64>,
    max_week_minutes: f64,
    /// How an appointment fits each weekday (Monday first).
    fits: [Fit; 7],
    booking_credits: Vec<Option<usize>>,
    credits_after_bookings: Vec<u32>,
}

/// Problems that make a plan impossible to schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// The window ends before it starts.
    EndBeforeStart {
        /// First day asked for.
        from: Date,
        /// Last day asked for.
        to: Date,
    },
    /// Nothing to plan: no workouts, races or bookings, and no window given.
    Empty,
    /// The window reaches outside the years knead plans in.
    OutOfRange {
        /// First day asked for.
        from: Date,
        /// Last day asked for.
        to: Date,
    },
    /// The window is longer than knead plans at once.
    TooLong {
        /// Days asked for.
        days: i64,
    },
}

impl std::fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanProblem::EndBeforeStart { from, to } => {
                write!(f, "the plan window ends ({to}) before it starts ({from})")
            }
            PlanProblem::Empty => {
                write!(
                    f,
                    "nothing to plan: the plan has no workouts, races or bookings"
                )
            }
            PlanProblem::OutOfRange { from, to } => write!(
                f,
                "the plan window {from} to {to} reaches outside the years knead plans in ({FIRST_DAY} to {LAST_DAY})"
            ),
            PlanProblem::TooLong { days } => write!(
                f,
                "the plan window is {days} days long; knead plans at most {MAX_WINDOW_DAYS} days at once (use --from/--to)"
            ),
        }
    }
}

impl std::error::Error for PlanProblem {}

/// The longest window planned at once (about three years).
pub const MAX_WINDOW_DAYS: i64 = 1100;

/// The earliest day a plan window may start.
pub const FIRST_DAY: Date = Date::constant(1900, 1, 1);

/// The latest day a plan window may end.
pub const LAST_DAY: Date = Date::constant(2999, 12, 31);

/// The longest race, in km, that counts as "up to 10 km" for R-POST-RACE: a 10 km
/// race exactly (6.2 mi, 9.98 km, is inside; 10.1 km is not). The 1e-9 only
/// absorbs floating-point rounding of a converted distance.
pub const POST_RACE_SHORT_MAX_KM: f64 = 10.0;

/// The longest race, in km, that counts as a half marathon for R-POST-RACE:
/// 21.0975 km as it is usually written, rounded up to 21.1 km (13.1 mi, 21.08 km,
/// is inside). Anything longer waits as long as a marathon.
pub const POST_RACE_HALF_MAX_KM: f64 = 21.1;

/// Days after a race when a recovery massage fits (R-POST-RACE, DEFAULT by
/// distance): `(earliest, latest)` days after race day: (1, 2) up to
/// [`POST_RACE_SHORT_MAX_KM`], (2, 3) up to [`POST_RACE_HALF_MAX_KM`], (3, 5)
/// beyond. Self-massage follows the same wait (see `selfcare`).
pub fn post_race_window(distance_km: f64) -> (i64, i64) {
    if distance_km <= POST_RACE_SHORT_MAX_KM + 1e-9 {
        (1, 2)
    } else if distance_km <= POST_RACE_HALF_MAX_KM + 1e-9 {
        (2, 3)
    } else {
        (3, 5)
    }
}

/// Settles the plan's bookings against its prepaid packages (see
/// [`PlanContext::booking_credit`]): the package paying for each booking, and
/// the sessions each package has left after them all.
fn settle_bookings(plan: &Plan) -> (Vec<Option<usize>>, Vec<u32>) {
    let credits = &plan.athlete.credits;
    let mut left: Vec<u32> = credits.iter().map(|c| c.sessions).collect();
    let mut order: Vec<usize> = (0..plan.bookings.len()).collect();
    order.sort_by_key(|&i| (plan.bookings[i].date, i));
    let mut paid = vec![None; plan.bookings.len()];
    for i in order {
        let b = &plan.bookings[i];
        let pick = (0..credits.len())
            .filter(|&p| left[p] > 0 && credits[p].covers(b.date, b.kind))
            .min_by_key(|&p| (credits[p].valid_until, credits[p].kind.is_none(), p));
        if let Some(p) = pick {
            left[p] -= 1;
            paid[i] = Some(p);
        }
    }
    (paid, left)
}

/// Days before a race that the default window reaches back, so that a plan of
/// races alone still has room for the pre-race massages (R-PRE-RACE-DEEP's
/// 5-15 days).
pub const PRE_RACE_LEAD_DAYS: i64 = 15;

/// The plan's races, plus a race for every `race` workout on a day that has no
/// race entry (from a calendar or a template, say): the race rules must hold for
/// every race, however it was written. Such a race is a priority B race of its
/// stated distance, or of marathon distance when none is stated (the longest
/// post-race wait: the cautious reading).
pub fn all_races(plan: &Plan) -> Vec<Race> {
    let mut races = plan.races.clone();
    for w in plan.workouts.iter().filter(|w| w.kind == WorkoutKind::Race) {
        if !races.iter().any(|r| r.date == w.date) {
            races.push(Race {
                date: w.date,
                name: w.title.clone().unwrap_or_else(|| "race".into()),
                distance_km: w
                    .distance_km
                    .filter(|d| *d > 0.0)
                    .unwrap_or(crate::model::distance::MARATHON),
                priority: crate::model::Priority::B,
            });
        }
    }
    races.sort_by_key(|r| r.date);
    races
}

/// The window `plan` is scheduled over under `options`: the options' days, else
/// from the first workout, booking or race lead-in to the last workout, booking
/// or end of a race's recovery window.
///
/// # Errors
/// A [`PlanProblem`] when the plan gives no days and the options none either,
/// or when the window is backwards, out of range or too long.
pub fn window(plan: &Plan, options: &Options) -> Result<(Date, Date), PlanProblem> {
    window_of(plan, &all_races(plan), options)
}

fn window_of(plan: &Plan, races: &[Race], options: &Options) -> Result<(Date, Date), PlanProblem> {
    let first = plan
        .workouts
        .iter()
        .map(|w| w.date)
        .chain(races.iter().map(|r| add_days(r.date, -PRE_RACE_LEAD_DAYS)))
        .chain(plan.bookings.iter().map(|b| b.date))
        .min();
    let last_workout = plan
        .workouts
        .iter()
        .map(|w| w.date)
        .chain(plan.bookings.iter().map(|b| b.date))
        .max();
    let last_race_end = races
        .iter()
        .map(|r| add_days(r.date, post_race_window(r.distance_km).1))
        .max();
    let last = last_workout.into_iter().chain(last_race_end).max();
    let from = match (options.from, first) {
        (Some(f), _) => f,
        (None, Some(f)) => f,
        (None, None) => return Err(PlanProblem::Empty),
    };
    let to = match (options.to, last) {
        (Some(t), _) => t,
        (None, Some(t)) => t.max(from),
        (None, None) => return Err(PlanProblem::Empty),
    };
    if to < from {
        return Err(PlanProblem::EndBeforeStart { from, to });
    }
    if from < FIRST_DAY || to > LAST_DAY {
        return Err(PlanProblem::OutOfRange { from, to });
    }
    let days = days_between(from, to) + 1;
    if days > MAX_WINDOW_DAYS {
        return Err(PlanProblem::TooLong { days });
    }
    Ok((from, to))
}

impl<'p> PlanContext<'p> {
    /// Builds the context for `plan` under `options`.
    ///
    /// # Errors
    /// A [`PlanProblem`] when no window can be set (see [`window`]).
    pub fn new(plan: &'p Plan, options: Options) -> Result<PlanContext<'p>, PlanProblem> {
        let races = all_races(plan);
        let (from, to) = window_of(plan, &races, &options)?;
        let mut workouts_by_day: BTreeMap<Date, Vec<usize>> = BTreeMap::new();
        let mut week_minutes: BTreeMap<Date, f64> = BTreeMap::new();
        for (i, w) in plan.workouts.iter().enumerate() {
            workouts_by_day.entry(w.date).or_default().push(i);
            if w.kind.is_run() || w.kind == WorkoutKind::Cross {
                *week_minutes.entry(week_start(w.date)).or_default() += w.estimated_minutes();
            }
        }
        let mut races_by_day: BTreeMap<Date, Vec<usize>> = BTreeMap::new();
        for (i, r) in races.iter().enumerate() {
            races_by_day.entry(r.date).or_default().push(i);
        }
        let history_by_day = options
            .history_hard
            .iter()
            .enumerate()
            .map(|(i, n)| (n.date, i))
            .collect();
        let low_form_by_day = options
            .low_form
            .iter()
            .enumerate()
            .map(|(i, n)| (n.date, i))
            .collect();
        let max_week_minutes = week_minutes.values().copied().fold(0.0, f64::max);
        let athlete = &plan.athlete;
        let fits = std::array::from_fn(|weekday| {
            slots::fit(
                &athlete.free,
                &athlete.therapist.hours,
                weekday,
                athlete.therapist.appointment_minutes,
            )
        });
        let (booking_credits, credits_after_bookings) = settle_bookings(plan);
        Ok(PlanContext {
            plan,
            from,
            to,
            budget: options.budget.unwrap_or(plan.athlete.monthly_budget),
            options,
            races,
            workouts_by_day,
            races_by_day,
            history_by_day,
            low_form_by_day,
            week_minutes,
            max_week_minutes,
            fits,
            booking_credits,
            credits_after_bookings,
        })
    }

    /// Number of days in the window.
    pub fn len(&self) -> usize {
        (days_between(self.from, self.to) + 1) as usize
    }

    /// Whether the window is empty (never, for a built context).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The date of window day `i`.
    pub fn date(&self, i: usize) -> Date {
        add_days(self.from, i as i64)
    }

    /// The window index of `date`, if inside.
    pub fn index(&self, date: Date) -> Option<usize> {
        let i = days_between(self.from, date);
        (0..self.len() as i64).contains(&i).then_some(i as usize)
    }

    /// Every day of the window.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        each_day(self.from, self.to)
    }

    /// Workouts on `date`.
    pub fn workouts_on(&self, date: Date) -> impl Iterator<Item = &'p Workout> + '_ {
        self.workouts_by_day
            .get(&date)
            .into_iter()
            .flatten()
            .map(|&i| &self.plan.workouts[i])
    }

    /// Races on `date`.
    pub fn races_on(&self, date: Date) -> impl Iterator<Item = &Race> + '_ {
        self.races_by_day
            .get(&date)
            .into_iter()
            .flatten()
            .map(|&i| &self.races[i])
    }

    /// All races (see [`all_races`]), in date order.
    pub fn races(&self) -> impl Iterator<Item = &Race> + '_ {
        self.races.iter()
    }

    /// Why `date` is hard, if it is (a race, a hard workout, or the history says so).
    pub fn hard(&self, date: Date) -> Option<HardWhy> {
        if let Some(r) = self.races_on(date).next() {
            return Some(HardWhy::Race(r.name.clone()));
        }
        if let Some(w) = self.workouts_on(date).find(|w| w.kind.is_hard()) {
            return Some(HardWhy::Workout(w.kind));
        }
        self.history_by_day
            .get(&date)
            .map(|&i| HardWhy::History(self.options.history_hard[i].reason.clone()))
    }

    /// The low-form note for `date`, if the history flags one (L-FORM).
    pub fn low_form(&self, date: Date) -> Option<&DayNote> {
        self.low_form_by_day
            .get(&date)
            .map(|&i| &self.options.low_form[i])
    }

    /// Running (and cross-training) minutes planned in the ISO week holding `date`.
    pub fn week_minutes(&self, date: Date) -> f64 {
        self.week_minutes
            .get(&week_start(date))
            .copied()
            .unwrap_or(0.0)
    }

    /// Recent weekly volume for `date`: the mean of its ISO week and the three
    /// before it (weeks before the plan's first week are left out), so a taper
    /// or cutback week keeps the frequency its block earned (F-MORE).
    pub fn recent_week_minutes(&self, date: Date) -> f64 {
        let first = self.week_minutes.keys().next().copied();
        let this = week_start(date);
        let weeks: Vec<f64> = (0..4)
            .map(|i| add_days(this, -7 * i))
            .filter(|w| first.is_some_and(|f| *w >= f))
            .map(|w| self.week_minutes.get(&w).copied().unwrap_or(0.0))
            .collect();
        if weeks.is_empty() {
            0.0
        } else {
            weeks.iter().sum::<f64>() / weeks.len() as f64
        }
    }

    /// The largest weekly volume of the plan, in minutes.
    pub fn max_week_minutes(&self) -> f64 {
        self.max_week_minutes
    }

    /// Whether a therapist is open on `date` (P-AVAILABILITY).
    pub fn therapist_open(&self, date: Date) -> bool {
        self.plan.athlete.therapist.open_on(date)
    }

    /// How an appointment fits `date` between the runner's free times and the
    /// therapist's hours (P-AVAILABILITY; closed days are [`Self::therapist_open`]'s).
    pub fn fit(&self, date: Date) -> &Fit {
        &self.fits[date.weekday().to_monday_zero_offset() as usize]
    }

    /// The slot knead names for a massage proposed on `date`: the earliest
    /// common start, in the athlete's time zone; `None` when neither side lists
    /// hours (any time of the day) or when no slot fits.
    pub fn slot(&self, date: Date) -> Option<Slot> {
        match self.fit(date) {
            Fit::At(start, end) => Some(Slot {
                start: *start,
                end: *end,
                time_zone: self.plan.athlete.time_zone.clone(),
            }),
            Fit::AnyTime | Fit::NoSlot(_) => None,
        }
    }

    /// What the training history of [`Options`] does to this window.
    pub fn history_reach(&self) -> HistoryReach {
        let edges = |d: Date| {
            (add_days(self.from, -2)..self.from).contains(&d) || d == add_days(self.to, 1)
        };
        let mut reach = HistoryReach::default();
        let outside = |d: Date, reach: &mut HistoryReach| {
            if d < self.from {
                reach.before_window += 1;
            } else {
                reach.after_window += 1;
            }
        };
        for note in &self.options.history_hard {
            if self.index(note.date).is_some() {
                reach.hard_in_window += 1;
            } else if edges(note.date) {
                reach.hard_at_edges += 1;
            } else {
                outside(note.date, &mut reach);
            }
        }
        for note in &self.options.low_form {
            if self.index(note.date).is_some() {
                reach.low_form_in_window += 1;
            } else {
                outside(note.date, &mut reach);
            }
        }
        reach
    }

    /// The runner's bookings outside the window in the calendar month of `day`.
    /// One definition for F-MIN and F-BUDGET everywhere (scheduler, scorer,
    /// checker advice, months summary): a month is judged whole, so such a
    /// booking gives the month its massage and its spend, exactly as if it lay
    /// inside the window.
    pub fn bookings_outside_window_in_month(
        &self,
        day: Date,
    ) -> impl Iterator<Item = &'p Booking> + '_ {
        self.indexed_bookings_outside_window_in_month(day)
            .map(|(_, b)| b)
    }

    /// [`Self::bookings_outside_window_in_month`] with each booking's index in
    /// the plan's bookings (for [`Self::booking_credit`] and [`Self::booking_cost`]).
    pub fn indexed_bookings_outside_window_in_month(
        &self,
        day: Date,
    ) -> impl Iterator<Item = (usize, &'p Booking)> + '_ {
        let key = month_key(day);
        let bookings: &'p [Booking] = &self.plan.bookings;
        bookings
            .iter()
            .enumerate()
            .filter(move |(_, b)| month_key(b.date) == key && self.index(b.date).is_none())
    }

    /// The prepaid package (index into the athlete's credits) that pays for
    /// booking `index` of the plan, if one does. Bookings are settled before
    /// anything is planned, in date order, inside the window or outside it: each
    /// uses a session of a package that covers it (its type, valid that day,
    /// sessions left), the one that expires first; on the same expiry a package
    /// of one type before an any-type one, then the first listed. A booking is a
    /// commitment the clinic charges when it comes, so it is paid first, as it
    /// is paid first from the month's budget; the scheduler places proposed
    /// massages with what is left ([`Self::credits_after_bookings`]).
    pub fn booking_credit(&self, index: usize) -> Option<usize> {
        self.booking_credits.get(index).copied().flatten()
    }

    /// What booking `index` of the plan costs in cash: its price, or 0 when a
    /// prepaid package pays for it ([`Self::booking_credit`]).
    pub fn booking_cost(&self, index: usize) -> Cents {
        match (self.booking_credit(index), self.plan.bookings.get(index)) {
            (None, Some(b)) => self.plan.athlete.prices.of(b.kind),
            _ => 0,
        }
    }

    /// Sessions of each prepaid package (in the athlete's order) that the
    /// plan's bookings leave for proposed massages.
    pub fn credits_after_bookings(&self) -> &[u32] {
        &self.credits_after_bookings
    }

    /// Whether a prepaid package with sessions left after the bookings pays
    /// for a massage of `kind` on `day`.
    pub fn credit_available(&self, day: Date, kind: MassageType) -> bool {
        self.plan
            .athlete
            .credits
            .iter()
            .zip(&self.credits_after_bookings)
            .any(|(c, &left)| left > 0 && c.covers(day, kind))
    }

    /// Whether `month` (a day in it) is a training month for F-MIN: at least 14 of
    /// its days in the window and on average three or more runs a week there.
    pub fn is_training_month(&self, day_in_month: Date) -> bool {
        let first = day_in_month.first_of_month().max(self.from);
        let last = day_in_month.last_of_month().min(self.to);
        if last < first {
            return false;
        }
        let covered = days_between(first, last) + 1;
        let run_days = each_day(first, last)
            .filter(|&d| self.workouts_on(d).any(|w| w.kind.is_run()))
            .count() as i64;
        covered >= 14 && run_days * 7 >= 3 * covered
    }
}
