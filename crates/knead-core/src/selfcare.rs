//! Self-massage between professional sessions (P-SELF, A-FOAM, A-STICK, A-BALL),
//! with the percussion-gun and warm-up rules (X-GUN-PRE, X-WARMUP) and the safety
//! screening's areas to avoid.

use jiff::civil::Date;

use crate::context::{HardWhy, PlanContext, post_race_window};
use crate::days::{add_days, days_between};
use crate::model::{BodyArea, Race, Tool, WorkoutKind};
use crate::safety;

/// A planned self-massage session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Tools to use, from those owned.
    pub tools: Vec<Tool>,
    /// Areas to work.
    pub areas: Vec<BodyArea>,
    /// Areas to keep off, with the safety rule behind each.
    pub avoid: Vec<(BodyArea, &'static str)>,
    /// How much: [`DOSE`], or [`GENTLE_DOSE`] in a race's recovery wait.
    pub dose: &'static str,
    /// Why: (rule id, text).
    pub reasons: Vec<(&'static str, String)>,
}

/// The dose the evidence supports for rolling (A-FOAM, FR22).
pub const DOSE: &str = "1-3 rounds of 30-120 s per area, moderate pressure";

/// The dose on race day and in the days after it that R-POST-RACE keeps free of
/// professional massage: the body starts healing on its own, so only light
/// strokes, no firm pressure and no percussion gun.
pub const GENTLE_DOSE: &str = "gentle only: light strokes, no firm pressure";

/// The areas each tool reaches well.
pub fn reaches(tool: Tool) -> &'static [BodyArea] {
    use BodyArea::*;
    match tool {
        Tool::FoamRoller => &[Quads, Hamstring, Glutes, ItBand, HipFlexors, Calf],
        Tool::MassageStick => &[Calf, Hamstring, Quads, Shins, ItBand],
        Tool::Ball => &[Foot, PlantarFascia, Glutes, Hip],
        Tool::PercussionGun => &[Calf, Quads, Hamstring, Glutes],
    }
}

/// The catalogue id of a tool.
pub fn tool_rule(tool: Tool) -> &'static str {
    match tool {
        Tool::FoamRoller => "A-FOAM",
        Tool::MassageStick | Tool::PercussionGun => "A-STICK",
        Tool::Ball => "A-BALL",
    }
}

/// Typical price of a tool as the source blog (000, rules.md A-*) gives it, in
/// its currency, USD, said explicitly and never converted (knead knows no
/// exchange rate). `None` for the percussion gun, which the sources do not price.
pub fn typical_price(tool: Tool) -> Option<&'static str> {
    match tool {
        Tool::FoamRoller => Some("20-30 USD"),
        Tool::MassageStick => Some("about 45 USD; cheaper copies exist"),
        Tool::Ball => Some("a few USD for a tennis ball"),
        Tool::PercussionGun => None,
    }
}

fn areas_after(why: &HardWhy) -> Vec<BodyArea> {
    use BodyArea::*;
    match why {
        HardWhy::Workout(WorkoutKind::Long) => vec![Calf, Quads, Hamstring, Glutes, Foot],
        HardWhy::Race(_) => vec![Calf, Quads, Foot],
        HardWhy::Workout(_) => vec![Calf, Quads, Hamstring, HipFlexors],
        HardWhy::History(_) => vec![Calf, Quads, Hamstring],
    }
}

/// The self-massage session for `date`, if one fits: the day after a long run or a
/// hard session, or a day of low form in the training history (L-FORM), with
/// tools the runner owns and no block from the safety screening. On race day
/// and in R-POST-RACE's wait it is gentle only ([`GENTLE_DOSE`], no gun); on
/// the day of a hard session it comes after the session (X-WARMUP); the gun is
/// never used on or the day before speed work or a race (X-GUN-PRE).
/// `Err` holds the safety rule that blocks it.
pub fn session(
    ctx: &PlanContext<'_>,
    date: Date,
) -> Option<Result<Session, (&'static str, String)>> {
    let yesterday = add_days(date, -1);
    let after_hard = ctx.hard(yesterday);
    let low_form = ctx.low_form(date);
    if after_hard.is_none() && low_form.is_none() {
        return None;
    }
    let owned = &ctx.plan.athlete.tools;
    if owned.is_empty() {
        return None;
    }
    if let Some(block) = safety::self_massage_block(&ctx.plan.athlete, date) {
        return Some(Err((block.rule_id, block.reason)));
    }
    let avoid = safety::avoided_areas(&ctx.plan.athlete, date);
    let mut areas = match &after_hard {
        Some(why) => areas_after(why),
        None => vec![BodyArea::Calf, BodyArea::Quads, BodyArea::Hamstring],
    };
    for injury in ctx
        .plan
        .athlete
        .injuries
        .iter()
        .filter(|i| i.active_on(date))
    {
        if !areas.contains(&injury.area) {
            areas.push(injury.area);
        }
    }
    areas.retain(|a| !avoid.iter().any(|(x, _)| x == a));

    let tomorrow = add_days(date, 1);
    let speed_today = speed_on(ctx, date);
    let speed_tomorrow = speed_on(ctx, tomorrow);
    let race_wait = post_race_wait(ctx, date);
    let mut reasons = Vec::new();
    if let Some(why) = &after_hard {
        reasons.push((
            "P-SELF",
            format!(
                "the day after a hard session on {yesterday} ({})",
                why.describe()
            ),
        ));
    }
    if let Some(note) = low_form {
        reasons.push((
            "L-FORM",
            format!("low form in your training history: {}", note.reason),
        ));
    }
    if let Some((race, after, earliest)) = race_wait {
        let when = if after == 0 {
            "race day".to_string()
        } else {
            format!("{after} day(s) after the race")
        };
        reasons.push((
            "R-POST-RACE",
            format!(
                "{when} ({}, {}): let the body start healing on its own; gentle strokes only, firm work from day {earliest}",
                race.name,
                ctx.plan.units.show(race.distance_km)
            ),
        ));
    }
    let mut tools = Vec::new();
    for &tool in owned {
        if tool == Tool::PercussionGun {
            // X-GUN-PRE: no gun on the day of speed work or a race, nor the day
            // before; none in a race's recovery wait either (R-POST-RACE).
            if speed_today || speed_tomorrow {
                let day = if speed_today { date } else { tomorrow };
                reasons.push((
                    "X-GUN-PRE",
                    format!("no percussion gun today: speed work or a race on {day}"),
                ));
                continue;
            }
            if race_wait.is_some() {
                continue;
            }
        }
        if reaches(tool).iter().any(|a| areas.contains(a)) && !tools.contains(&tool) {
            tools.push(tool);
            reasons.push((
                tool_rule(tool),
                format!("{}: {}", tool.label(), tool_use(tool, &areas)),
            ));
        }
    }
    if tools.is_empty() || areas.is_empty() {
        return None;
    }
    if let Some(why) = ctx.hard(date) {
        reasons.push((
            "X-WARMUP",
            format!(
                "after today's {}, not before it: rolling is no warm-up",
                why.describe()
            ),
        ));
    }
    if speed_tomorrow {
        reasons.push((
            "X-WARMUP",
            "rolling is no warm-up: warm up as usual tomorrow".to_string(),
        ));
    }
    areas.sort();
    Some(Ok(Session {
        tools,
        areas,
        avoid,
        dose: if race_wait.is_some() {
            GENTLE_DOSE
        } else {
            DOSE
        },
        reasons,
    }))
}

/// Whether `date` holds speed work or a race (X-GUN-PRE): a race of any kind,
/// or a tempo, intervals or hills session ([`WorkoutKind::is_speed`]).
pub fn speed_on(ctx: &PlanContext<'_>, date: Date) -> bool {
    ctx.races_on(date).next().is_some() || ctx.workouts_on(date).any(|w| w.kind.is_speed())
}

/// The race whose recovery wait holds `date` for self-massage, with the days
/// since it and the first day firm work is allowed again: race day itself and
/// the days R-POST-RACE keeps free of professional massage (before its window's
/// earliest day, [`post_race_window`]).
pub fn post_race_wait<'c>(ctx: &'c PlanContext<'_>, date: Date) -> Option<(&'c Race, i64, i64)> {
    ctx.races().find_map(|r| {
        let after = days_between(r.date, date);
        let (earliest, _) = post_race_window(r.distance_km);
        (0..earliest)
            .contains(&after)
            .then_some((r, after, earliest))
    })
}

fn tool_use(tool: Tool, areas: &[BodyArea]) -> String {
    let list: Vec<&str> = reaches(tool)
        .iter()
        .filter(|a| areas.contains(a))
        .map(|a| a.label())
        .collect();
    list.join(", ")
}
