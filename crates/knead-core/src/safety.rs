//! Safety screening (evidence.md §3): health flags and what each one does to the
//! plan. Blocking conditions are hard constraints for the scheduler and
//! violations for the checker.

use jiff::civil::Date;
use serde::Serialize;

use crate::block::Block;
use crate::model::{Athlete, BodyArea, Condition, HealthFlag, MassageType};

/// What a health flag does to massage while it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// No massage and no self-massage at all; seek care.
    Block,
    /// See a clinician before any massage or self-massage.
    Refer,
    /// Massage stays possible, but never on the flagged body area.
    AvoidArea,
    /// Light (Swedish) massage only; no deep or ART work.
    LightOnly,
}

/// The rule id and action for a condition.
pub fn rule_for(condition: Condition) -> (&'static str, Action) {
    match condition {
        Condition::SuspectedDvt => ("S-DVT", Action::Block),
        Condition::Fever => ("S-FEVER", Action::Block),
        Condition::Rhabdomyolysis => ("S-RHABDO", Action::Block),
        Condition::AcuteStrain => ("S-ACUTE", Action::AvoidArea),
        Condition::Wound => ("S-WOUND", Action::AvoidArea),
        Condition::Fracture => ("S-FRACTURE", Action::AvoidArea),
        Condition::Anticoagulants => ("S-ANTICOAG", Action::LightOnly),
        Condition::Pregnancy => ("S-PREGNANCY", Action::LightOnly),
        Condition::Cancer => ("S-CANCER", Action::Refer),
        Condition::UnexplainedPain => ("S-REFER", Action::Refer),
    }
}

/// A human name for a condition.
pub fn describe(condition: Condition) -> &'static str {
    match condition {
        Condition::SuspectedDvt => "suspected deep-vein thrombosis",
        Condition::Fever => "fever or acute illness",
        Condition::Rhabdomyolysis => "warning signs of rhabdomyolysis",
        Condition::AcuteStrain => "acute strain, sprain or contusion",
        Condition::Wound => "wound or skin infection",
        Condition::Fracture => "fracture or recent surgery",
        Condition::Anticoagulants => "anticoagulants or a bleeding disorder",
        Condition::Pregnancy => "pregnancy",
        Condition::Cancer => "cancer or a tumour",
        Condition::UnexplainedPain => {
            "severe or unexplained pain, numbness or uncontrolled hypertension"
        }
    }
}

/// What the runner should do, in one line, for a blocking or referring flag.
pub fn advice(condition: Condition) -> &'static str {
    match condition {
        Condition::SuspectedDvt => {
            "see a doctor now: calf pain, swelling or warmth can be a clot, and massage can dislodge it"
        }
        Condition::Fever => "rest and recover first; no massage while you have a fever",
        Condition::Rhabdomyolysis => {
            "get medical care now: cola-coloured urine, disproportionate pain or no urine after a race are warning signs"
        }
        Condition::Cancer => {
            "ask your oncologist before any massage; no deep pressure over the site"
        }
        Condition::UnexplainedPain => "see a clinician before any massage",
        Condition::AcuteStrain => "let the area settle for 72 hours; no massage on it",
        Condition::Wound => "keep massage off the area until it has healed",
        Condition::Fracture => {
            "keep massage off the area; ask your clinician when it may be worked"
        }
        Condition::Anticoagulants => "light massage only; deep pressure can bruise",
        Condition::Pregnancy => "ask your provider first; no deep leg pressure",
    }
}

fn active<'a>(athlete: &'a Athlete, date: Date) -> impl Iterator<Item = &'a HealthFlag> + 'a {
    athlete.health.iter().filter(move |f| f.active_on(date))
}

/// Hard blocks that the athlete's health flags put on a professional massage.
pub fn massage_blocks(athlete: &Athlete, date: Date, kind: MassageType) -> Vec<Block> {
    let mut out = Vec::new();
    for flag in active(athlete, date) {
        let (rule_id, action) = rule_for(flag.condition);
        let reason = match action {
            Action::Block | Action::Refer => {
                format!("{}: {}", describe(flag.condition), advice(flag.condition))
            }
            Action::LightOnly if kind.is_deep() => {
                format!("{}: light (Swedish) massage only", describe(flag.condition))
            }
            Action::LightOnly | Action::AvoidArea => continue,
        };
        out.push(Block { rule_id, reason });
    }
    out
}

/// The block on self-massage that day, if a flag forbids all massage.
pub fn self_massage_block(athlete: &Athlete, date: Date) -> Option<Block> {
    active(athlete, date)
        .find(|f| matches!(rule_for(f.condition).1, Action::Block | Action::Refer))
        .map(|f| Block {
            rule_id: rule_for(f.condition).0,
            reason: format!("{}: {}", describe(f.condition), advice(f.condition)),
        })
}

/// Body areas to keep massage off on `date`, with the rule behind each.
pub fn avoided_areas(athlete: &Athlete, date: Date) -> Vec<(BodyArea, &'static str)> {
    active(athlete, date)
        .filter(|f| rule_for(f.condition).1 == Action::AvoidArea)
        .filter_map(|f| f.area.map(|a| (a, rule_for(f.condition).0)))
        .collect()
}

/// A warning that heads every output while a blocking or referring flag holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// The rule id, e.g. `S-DVT`.
    pub rule_id: &'static str,
    /// The condition.
    pub condition: Condition,
    /// What it does to the plan.
    pub action: Action,
    /// First day it holds.
    pub from: Date,
    /// Last day it holds, if known.
    pub until: Option<Date>,
    /// What to do.
    pub message: String,
}

/// Alerts for every flag that holds somewhere in `from..=to`, blocking ones first.
pub fn alerts(athlete: &Athlete, from: Date, to: Date) -> Vec<Alert> {
    let mut out: Vec<Alert> = athlete
        .health
        .iter()
        .filter(|f| f.from <= to && f.until.is_none_or(|u| u >= from))
        .map(|f| {
            let (rule_id, action) = rule_for(f.condition);
            let area = f
                .area
                .map(|a| format!(" ({})", a.label()))
                .unwrap_or_default();
            Alert {
                rule_id,
                condition: f.condition,
                action,
                from: f.from,
                until: f.until,
                message: format!("{}{area}: {}", describe(f.condition), advice(f.condition)),
            }
        })
        .collect();
    out.sort_by_key(|a| (!matches!(a.action, Action::Block | Action::Refer), a.from));
    out
}

/// Whether any alert blocks or refers (the output must then start with a warning).
pub fn any_blocking(alerts: &[Alert]) -> bool {
    alerts
        .iter()
        .any(|a| matches!(a.action, Action::Block | Action::Refer))
}
