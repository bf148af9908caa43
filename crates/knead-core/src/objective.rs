//! The scheduler's objective: what a good massage schedule is worth.
//!
//! A schedule's score is the sum of
//! * per-massage rewards that depend only on the day and the type ([`day_terms`]):
//!   the post-hard window, the post-race window, a light massage before a race,
//!   ART for an injury that calls for it, deep work for a problem area or a heavy
//!   week, low form from the training history;
//! * terms that depend on the previous massage ([`spacing_terms`]): spacing that
//!   shrinks as weekly volume grows (F-MORE, P-SPACING), recovery after deep work
//!   (T-DEPTH), deep work close to a race after a long break (R-PRE-RACE-DEEP);
//! * a penalty for each training month with no massage at all (F-MIN);
//! * money, as a small tie-breaker (F-BUDGET).
//!
//! All weights live in [`Weights::DEFAULT`]; DESIGN.md explains each one. Scores
//! are integers (hundredths of a point) so that the optimum is exact and ties
//! break the same way on every machine.

use jiff::civil::Date;
use serde::Serialize;

use crate::constraints::{PRE_RACE_DEEP_PREFERRED, PRE_RACE_LIGHT_WINDOW};
use crate::context::{PlanContext, post_race_window};
use crate::days::days_between;
use crate::model::{Cents, MassageType, Priority};

/// Hundredths of a point: the unit of every score.
pub const UNIT: i64 = 100;

/// Fewer days than this between two massages are penalised steeply (P-SPACING).
pub const MIN_GAP: u32 = 3;

/// The longest gap between massages the objective distinguishes, in days.
pub const GAP_CAP: u32 = 35;

/// Objective weights, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// R-POST-HARD: a massage 1-2 days after a hard session.
    pub post_hard: i64,
    /// R-POST-RACE: a massage inside the post-race window, for an A race (B: 80 %, C: 50 %).
    pub post_race: i64,
    /// R-PRE-RACE-LIGHT: a Swedish massage 2-3 days before an A race.
    pub pre_race_light_a: i64,
    /// R-PRE-RACE-LIGHT: the same before a B race.
    pub pre_race_light_b: i64,
    /// R-PRE-RACE-DEEP: deep or ART work 5-15 days before an A race (the preferred range).
    pub pre_race_deep_a: i64,
    /// R-PRE-RACE-DEEP: the same before a B race.
    pub pre_race_deep_b: i64,
    /// R-PRE-RACE-DEEP: penalty for deep work 5-7 days before a race when the runner is
    /// not used to massage and the last one was 28 or more days ago.
    pub unaccustomed_pre_race: i64,
    /// T-ART: ART while an injury that calls for it is active.
    pub art_injury: i64,
    /// T-DEEP: deep tissue while another problem area is active.
    pub deep_injury: i64,
    /// T-DEEP: deep tissue in a heavy week (70 % of the plan's biggest week or more).
    pub deep_heavy: i64,
    /// T-DEEP: deep tissue in a very heavy week (85 % or more).
    pub deep_very_heavy: i64,
    /// L-FORM: any massage on a day of low form in the training history.
    pub low_form: i64,
    /// P-SPACING / F-MORE: penalty per day short of the target interval.
    pub spacing_per_day: i64,
    /// P-SPACING: penalty per day short of 3 days between any two massages, so
    /// that no reward is collected twice on neighbouring days.
    pub too_close_per_day: i64,
    /// T-DEPTH: penalty per day short of 4 days after a deep or ART massage.
    pub deep_recovery_per_day: i64,
    /// F-MIN: penalty for a training month with no massage.
    pub missed_month: i64,
    /// F-BUDGET: points lost per 10 currency units spent.
    pub money_per_ten: i64,
}

impl Weights {
    /// The weights knead plans with.
    pub const DEFAULT: Weights = Weights {
        post_hard: 30,
        post_race: 60,
        pre_race_light_a: 50,
        pre_race_light_b: 25,
        pre_race_deep_a: 15,
        pre_race_deep_b: 8,
        unaccustomed_pre_race: 20,
        art_injury: 40,
        deep_injury: 25,
        deep_heavy: 10,
        deep_very_heavy: 20,
        low_form: 20,
        spacing_per_day: 2,
        too_close_per_day: 100,
        deep_recovery_per_day: 50,
        missed_month: 80,
        money_per_ten: 1,
    };
}

/// One term of the score, with the rule behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// The rule id.
    pub rule_id: &'static str,
    /// Its value in hundredths of a point (negative for a penalty).
    pub value: i64,
    /// What it rewards or penalises.
    pub text: String,
}

fn term(rule_id: &'static str, points: i64, text: String) -> Term {
    Term {
        rule_id,
        value: points * UNIT,
        text,
    }
}

fn priority_share(p: Priority, full: i64) -> i64 {
    match p {
        Priority::A => full,
        Priority::B => full * 4 / 5,
        Priority::C => full / 2,
    }
}

/// Rewards for a massage of `kind` on `date` that do not depend on other massages.
pub fn day_terms(ctx: &PlanContext<'_>, date: Date, kind: MassageType) -> Vec<Term> {
    let w = Weights::DEFAULT;
    let mut out = Vec::new();

    let after_hard = (1..=2).find_map(|back| {
        let day = crate::days::add_days(date, -back);
        ctx.hard(day)
            .filter(|why| !matches!(why, crate::context::HardWhy::Race(_)))
            .map(|why| (back, day, why))
    });
    if let Some((back, day, why)) = after_hard {
        out.push(term(
            "R-POST-HARD",
            w.post_hard,
            format!(
                "{back} day(s) after a hard session on {day} ({})",
                why.describe()
            ),
        ));
    }

    for race in ctx.races() {
        let after = days_between(race.date, date);
        let (earliest, latest) = post_race_window(race.distance_km);
        if (earliest..=latest).contains(&after) {
            out.push(term(
                "R-POST-RACE",
                priority_share(race.priority, w.post_race),
                format!(
                    "recovery {after} days after {} ({}, window {earliest}-{latest} days)",
                    race.name,
                    ctx.plan.units.show(race.distance_km)
                ),
            ));
        }
        let before = days_between(date, race.date);
        if kind == MassageType::Swedish && PRE_RACE_LIGHT_WINDOW.contains(&before) {
            let points = match race.priority {
                Priority::A => w.pre_race_light_a,
                Priority::B => w.pre_race_light_b,
                Priority::C => 0,
            };
            if points > 0 {
                out.push(term(
                    "R-PRE-RACE-LIGHT",
                    points,
                    format!(
                        "light massage {before} days before {} (priority {:?})",
                        race.name, race.priority
                    ),
                ));
            }
        }
        if kind.is_deep() && PRE_RACE_DEEP_PREFERRED.contains(&before) {
            let points = match race.priority {
                Priority::A => w.pre_race_deep_a,
                Priority::B => w.pre_race_deep_b,
                Priority::C => 0,
            };
            if points > 0 {
                out.push(term(
                    "R-PRE-RACE-DEEP",
                    points,
                    format!(
                        "deep work {before} days before {}, inside the 5-15 day range",
                        race.name
                    ),
                ));
            }
        }
    }

    let injuries: Vec<_> = ctx
        .plan
        .athlete
        .injuries
        .iter()
        .filter(|i| i.active_on(date))
        .collect();
    match kind {
        MassageType::Art => {
            if let Some(i) = injuries.iter().find(|i| i.area.calls_for_art()) {
                out.push(term(
                    "T-ART",
                    w.art_injury,
                    format!("active {} injury: ART is the usual choice", i.area.label()),
                ));
            }
        }
        MassageType::Deep => {
            if let Some(i) = injuries.iter().find(|i| !i.area.calls_for_art()) {
                out.push(term(
                    "T-DEEP",
                    w.deep_injury,
                    format!("problem area: {}", i.area.label()),
                ));
            }
            let max = ctx.max_week_minutes();
            let week = ctx.week_minutes(date);
            if max > 0.0 && week >= 0.85 * max {
                out.push(term(
                    "T-DEEP",
                    w.deep_very_heavy,
                    format!("one of the heaviest weeks ({week:.0} of at most {max:.0} min)"),
                ));
            } else if max > 0.0 && week >= 0.7 * max {
                out.push(term(
                    "T-DEEP",
                    w.deep_heavy,
                    format!("a heavy week ({week:.0} of at most {max:.0} min)"),
                ));
            }
        }
        MassageType::Swedish => {}
    }
    if let Some(note) = ctx.low_form(date) {
        out.push(term("L-FORM", w.low_form, note.reason.clone()));
    }
    out
}

/// Target days between massages around `date` (F-MORE): the more you train, the
/// more often. Volume is the recent weekly average (four weeks).
pub fn target_interval(ctx: &PlanContext<'_>, date: Date) -> u32 {
    // Around a race the race sets the timing: a light massage 2-3 days before
    // and a recovery massage after it are not held to the routine interval.
    let race_window = ctx.races().any(|r| {
        let (earliest, latest) = post_race_window(r.distance_km);
        PRE_RACE_LIGHT_WINDOW.contains(&days_between(date, r.date))
            || (earliest..=latest).contains(&days_between(r.date, date))
    });
    if race_window {
        return MIN_GAP;
    }
    let minutes = ctx.recent_week_minutes(date);
    if minutes < 180.0 {
        28
    } else if minutes < 300.0 {
        14
    } else if minutes < 420.0 {
        10
    } else {
        7
    }
}

/// Races 5-7 days after `date`, where deep work after a long break is penalised.
fn races_five_to_seven_days_on<'c>(
    ctx: &'c PlanContext<'_>,
    date: Date,
) -> impl Iterator<Item = (i64, &'c crate::model::Race)> + 'c {
    ctx.races()
        .map(move |r| (days_between(date, r.date), r))
        .filter(|(before, _)| (5..=7).contains(before))
}

/// Precomputed facts of one day for the fast path of [`spacing_value`].
#[derive(Debug, Clone, Copy)]
pub struct SpacingDay {
    target: u32,
    races_5_to_7: i64,
    regular: bool,
}

impl SpacingDay {
    /// The facts of `date`.
    pub fn new(ctx: &PlanContext<'_>, date: Date) -> SpacingDay {
        SpacingDay {
            target: target_interval(ctx, date),
            races_5_to_7: races_five_to_seven_days_on(ctx, date).count() as i64,
            regular: ctx.plan.athlete.regular_massage,
        }
    }
}

/// The total of [`spacing_terms`] without building their texts (the scheduler's
/// inner loop). The scheduler's value must equal the scorer's, which uses
/// [`spacing_terms`]; the property tests in `tests/scheduler.rs` hold the two in
/// step.
pub fn spacing_value(day: &SpacingDay, kind: MassageType, gap: u32, prev_deep: bool) -> i64 {
    let w = Weights::DEFAULT;
    let mut points = 0;
    if gap < day.target {
        points -= w.spacing_per_day * i64::from(day.target - gap);
    }
    if gap < MIN_GAP {
        points -= w.too_close_per_day * i64::from(MIN_GAP - gap);
    }
    if prev_deep && gap < 4 {
        points -= w.deep_recovery_per_day * i64::from(4 - gap);
    }
    if kind.is_deep() && !day.regular && gap >= 28 {
        points -= w.unaccustomed_pre_race * day.races_5_to_7;
    }
    points * UNIT
}

/// Terms that depend on the previous massage: `gap` days ago (capped at
/// [`GAP_CAP`]), deep or ART if `prev_deep`.
pub fn spacing_terms(
    ctx: &PlanContext<'_>,
    date: Date,
    kind: MassageType,
    gap: u32,
    prev_deep: bool,
) -> Vec<Term> {
    let w = Weights::DEFAULT;
    let mut out = Vec::new();
    let target = target_interval(ctx, date);
    if gap < target {
        out.push(term(
            "P-SPACING",
            -w.spacing_per_day * i64::from(target - gap),
            format!(
                "{gap} day(s) after the previous massage; recent weekly volume suggests {target}"
            ),
        ));
    }
    if gap < MIN_GAP {
        out.push(term(
            "P-SPACING",
            -w.too_close_per_day * i64::from(MIN_GAP - gap),
            format!(
                "only {gap} day(s) after the previous massage; two sessions so close add nothing"
            ),
        ));
    }
    if prev_deep && gap < 4 {
        out.push(term(
            "T-DEPTH",
            -w.deep_recovery_per_day * i64::from(4 - gap),
            format!("only {gap} day(s) after deep work, which needs its own recovery"),
        ));
    }
    if kind.is_deep() && !ctx.plan.athlete.regular_massage && gap >= 28 {
        for (before, race) in races_five_to_seven_days_on(ctx, date) {
            out.push(term(
                "R-PRE-RACE-DEEP",
                -w.unaccustomed_pre_race,
                format!(
                    "{before} days before {} after a long break from massage: deep work is better a week or more out",
                    race.name
                ),
            ));
        }
    }
    out
}

/// The cost term of a massage priced `price`.
pub fn money_value(price: Cents) -> i64 {
    -(i64::from(price) * Weights::DEFAULT.money_per_ten * UNIT) / 1000
}

/// The F-MIN penalty for a training month with no massage.
pub fn missed_month_value() -> i64 {
    -Weights::DEFAULT.missed_month * UNIT
}

/// What the objective knows at the start of the window: days since the last
/// massage (capped at [`GAP_CAP`]) and whether it was deep. The last booking
/// before the window counts; without one there is no previous massage, which
/// the objective treats as [`GAP_CAP`] days ago: no spacing term applies, so no
/// reason ever speaks of a previous massage that does not exist. Whether the
/// runner gets massages regularly only matters to R-PRE-RACE-DEEP.
pub fn initial_gap(ctx: &PlanContext<'_>) -> (u32, bool) {
    let before = ctx
        .plan
        .bookings
        .iter()
        .filter(|b| b.date < ctx.from)
        .max_by_key(|b| b.date);
    match before {
        Some(b) => (
            (days_between(b.date, ctx.from).clamp(1, i64::from(GAP_CAP))) as u32,
            b.kind.is_deep(),
        ),
        None => (GAP_CAP, false),
    }
}

/// Days since the previous massage and whether it was deep, for a massage on
/// `day` whose predecessor in the window is `prev` (`None`: the first one).
pub fn gap_before(
    ctx: &PlanContext<'_>,
    prev: Option<(Date, MassageType)>,
    day: Date,
) -> (u32, bool) {
    match prev {
        Some((d, kind)) => (
            (days_between(d, day).clamp(0, i64::from(GAP_CAP))) as u32,
            kind.is_deep(),
        ),
        None => {
            let (gap, deep) = initial_gap(ctx);
            let since = days_between(ctx.from, day).clamp(0, i64::from(GAP_CAP)) as u32;
            (gap.saturating_add(since).min(GAP_CAP), deep)
        }
    }
}

/// Sum of a list of terms.
pub fn total(terms: &[Term]) -> i64 {
    terms.iter().map(|t| t.value).sum()
}
