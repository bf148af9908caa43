//! Self-massage between professional sessions (P-SELF, A-FOAM, A-STICK, A-BALL),
//! with the percussion-gun and warm-up rules (X-GUN-PRE, X-WARMUP) and the safety
//! screening's areas to avoid.

use jiff::civil::Date;

use crate::context::{HardWhy, PlanContext};
use crate::days::add_days;
use crate::model::{BodyArea, Tool, WorkoutKind};
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
    /// Why: (rule id, text).
    pub reasons: Vec<(&'static str, String)>,
}

/// The dose the evidence supports for rolling (A-FOAM, FR22).
pub const DOSE: &str = "1-3 rounds of 30-120 s per area, moderate pressure";

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

/// Typical price of a tool, from the source text (000).
pub fn typical_price(tool: Tool) -> &'static str {
    match tool {
        Tool::FoamRoller => "20-30 USD",
        Tool::MassageStick => "about 45 USD; cheaper copies exist",
        Tool::Ball => "a few USD for a tennis ball",
        Tool::PercussionGun => "100-300 USD",
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
/// tools the runner owns and no block from the safety screening.
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
    let speed_tomorrow = ctx.hard(tomorrow).is_some_and(|w| match w {
        HardWhy::Workout(k) => k.is_speed(),
        HardWhy::Race(_) => true,
        HardWhy::History(_) => false,
    });
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
    let mut tools = Vec::new();
    for &tool in owned {
        if tool == Tool::PercussionGun && speed_tomorrow {
            reasons.push((
                "X-GUN-PRE",
                format!("no percussion gun today: speed work or a race follows on {tomorrow}"),
            ));
            continue;
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
        reasons,
    }))
}

fn tool_use(tool: Tool, areas: &[BodyArea]) -> String {
    let list: Vec<&str> = reaches(tool)
        .iter()
        .filter(|a| areas.contains(a))
        .map(|a| a.label())
        .collect();
    list.join(", ")
}
