//! Hard constraints: the rules a professional massage on a given day must never
//! break. The scheduler never places a massage where [`blocks`] finds anything,
//! and the checker reports exactly what [`blocks`] finds for booked massages, so
//! the two cannot disagree.
//!
//! One rule is judged differently for bookings: a booked massage on a day with
//! no common slot of the runner's free times and the therapist's hours is a
//! warning ([`booking_outside_hours`]), not a broken rule, since a booking may
//! have been made outside the listed hours (by phone, say). A booking on a
//! closed day stays a broken rule.

use jiff::civil::Date;

use crate::block::Block;
use crate::context::{PlanContext, post_race_window};
use crate::days::{add_days, days_between};
use crate::model::MassageType;
use crate::safety;
use crate::slots::Fit;

/// Whether the massage being judged is one the runner already booked (availability
/// is then taken as given) or one the scheduler would add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Already booked by the runner.
    Booked,
    /// Proposed by the scheduler.
    Proposed,
}

/// Every hard rule a massage of type `kind` on `date` breaks (empty when allowed).
/// The monthly budget and one-a-day are judged over the whole schedule elsewhere.
pub fn blocks(ctx: &PlanContext<'_>, date: Date, kind: MassageType, origin: Origin) -> Vec<Block> {
    let mut out = Vec::new();
    let tomorrow = add_days(date, 1);

    if !ctx.therapist_open(date) {
        out.push(Block {
            rule_id: "P-AVAILABILITY",
            reason: match origin {
                Origin::Proposed => "no therapist is available that day".into(),
                Origin::Booked => {
                    "the plan says the therapist is closed that day; check the booking".into()
                }
            },
        });
    } else if origin == Origin::Proposed
        && let Fit::NoSlot(why) = ctx.fit(date)
    {
        out.push(Block {
            rule_id: "P-AVAILABILITY",
            reason: why.to_string(),
        });
    }
    if let Some(why) = ctx.hard(date) {
        out.push(Block {
            rule_id: "R-NOT-ADJACENT",
            reason: format!("same day as a hard session ({})", why.describe()),
        });
    }
    if let Some(why) = ctx.hard(tomorrow) {
        // A race tomorrow is judged by R-NOT-ADJACENT; other hard sessions by R-DAY-AFTER.
        let rule_id = if matches!(why, crate::context::HardWhy::Race(_)) {
            "R-NOT-ADJACENT"
        } else {
            "R-DAY-AFTER"
        };
        out.push(Block {
            rule_id,
            reason: format!(
                "the next day ({tomorrow}) holds a hard session ({}); the day after a massage must be easy or rest",
                why.describe()
            ),
        });
    }
    for race in ctx.races() {
        let before = days_between(date, race.date);
        if kind.is_deep() && PRE_RACE_DEEP_FORBIDDEN.contains(&before) {
            out.push(Block {
                rule_id: "R-PRE-RACE-DEEP",
                reason: format!(
                    "{} only {before} day(s) before {}; deep work needs at least 5 days before a race",
                    kind.label(),
                    race.name
                ),
            });
        }
        if kind == MassageType::Swedish && PRE_RACE_LIGHT_FORBIDDEN.contains(&before) {
            out.push(Block {
                rule_id: "R-PRE-RACE-LIGHT",
                reason: format!(
                    "a light massage {before} day(s) before {} is too close; 2-3 days before fits",
                    race.name
                ),
            });
        }
        let after = days_between(race.date, date);
        let (earliest, _) = post_race_window(race.distance_km);
        if (1..earliest).contains(&after) {
            out.push(Block {
                rule_id: "R-POST-RACE",
                reason: format!(
                    "only {after} day(s) after {} ({}); wait at least {earliest} days",
                    race.name,
                    ctx.plan.units.show(race.distance_km)
                ),
            });
        }
    }
    out.extend(safety::massage_blocks(&ctx.plan.athlete, date, kind));
    out
}

/// The warning for a booking on `date`, an open day with no common slot of the
/// runner's free times and the therapist's hours (P-AVAILABILITY): the booking
/// is kept, and the runner asked to check its time. `None` when a slot fits,
/// when neither side lists hours, or when the therapist is closed that day
/// ([`blocks`] reports that).
pub fn booking_outside_hours(ctx: &PlanContext<'_>, date: Date) -> Option<Block> {
    match ctx.fit(date) {
        Fit::NoSlot(why) if ctx.therapist_open(date) => Some(Block {
            rule_id: "P-AVAILABILITY",
            reason: format!(
                "{why}; kept as booked (it may have been made outside the listed hours): check its time"
            ),
        }),
        _ => None,
    }
}

/// Days before a race on which deep or ART work is forbidden (R-PRE-RACE-DEEP:
/// the earliest allowed day is 5 days before).
pub const PRE_RACE_DEEP_FORBIDDEN: std::ops::RangeInclusive<i64> = 0..=4;
/// The range 5-15 days before a race that R-PRE-RACE-DEEP prefers for deep work.
pub const PRE_RACE_DEEP_PREFERRED: std::ops::RangeInclusive<i64> = 5..=15;
/// Days before a race on which even a light massage is forbidden (R-PRE-RACE-LIGHT).
pub const PRE_RACE_LIGHT_FORBIDDEN: std::ops::RangeInclusive<i64> = 0..=1;
/// Days before a race that suit a light massage (R-PRE-RACE-LIGHT, DEFAULT 2-3).
pub const PRE_RACE_LIGHT_WINDOW: std::ops::RangeInclusive<i64> = 2..=3;

/// Whether the scheduler may propose a massage of `kind` on `date`: the hard
/// rules allow it and one session fits in the monthly budget.
pub fn can_propose(ctx: &PlanContext<'_>, date: Date, kind: MassageType) -> bool {
    ctx.plan.athlete.prices.of(kind) <= ctx.budget && allowed(ctx, date, kind)
}

/// Whether the hard rules allow proposing a massage of `kind` on `date`.
pub fn allowed(ctx: &PlanContext<'_>, date: Date, kind: MassageType) -> bool {
    blocks(ctx, date, kind, Origin::Proposed).is_empty()
}
