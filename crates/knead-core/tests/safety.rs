//! Safety screening: nothing is ever scheduled where a health flag forbids it.

mod common;

use jiff::civil::Date;
use knead_core::context::{Options, PlanContext};
use knead_core::days::{add_days, days_between};
use knead_core::model::{MassageType, Tool, WorkoutKind};
use knead_core::plan::{self, What};
use knead_core::rules::{self, Grade, Status};
use knead_core::safety::{self, Action};
use knead_core::selfcare;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// No massage or self-massage on a blocked day, no deep work while only light
    /// work is allowed, and no self-massage on an area to avoid.
    #[test]
    fn nothing_on_a_blocked_day_or_area(plan in common::plan_strategy(10, 90)) {
        let (from, to) = common::window(&plan);
        let ctx = PlanContext::new(&plan, Options { from: Some(from), to: Some(to), ..Options::default() }).unwrap();
        let schedule = plan::build(&ctx);
        for item in &schedule.items {
            let flags: Vec<_> = plan.athlete.health.iter().filter(|f| f.active_on(item.date)).collect();
            let actions: Vec<Action> = flags.iter().map(|f| safety::rule_for(f.condition).1).collect();
            let blocked = actions.iter().any(|a| matches!(a, Action::Block | Action::Refer));
            match &item.what {
                What::Massage { kind, booked: false, .. } => {
                    prop_assert!(!blocked, "massage on blocked day {}", item.date);
                    if actions.contains(&Action::LightOnly) {
                        prop_assert_eq!(*kind, MassageType::Swedish);
                    }
                }
                What::SelfMassage { areas, .. } => {
                    prop_assert!(!blocked, "self-massage on blocked day {}", item.date);
                    for f in flags.iter().filter(|f| safety::rule_for(f.condition).1 == Action::AvoidArea) {
                        if let Some(area) = f.area {
                            prop_assert!(!areas.contains(&area), "{:?} worked on {} despite {:?}", area, item.date, f.condition);
                        }
                    }
                }
                _ => {}
            }
        }
        // A blocking flag inside the window puts the alert first.
        let any_block = plan.athlete.health.iter().any(|f| {
            matches!(safety::rule_for(f.condition).1, Action::Block | Action::Refer)
                && f.from <= to && f.until.is_none_or(|u| u >= from)
        });
        prop_assert_eq!(schedule.blocking_alert, any_block);
    }

    /// A contradicted or disputed claim is never given as a reason for anything.
    #[test]
    fn no_myth_is_ever_a_reason(plan in common::plan_strategy(10, 90)) {
        let (from, to) = common::window(&plan);
        let ctx = PlanContext::new(&plan, Options { from: Some(from), to: Some(to), ..Options::default() }).unwrap();
        let schedule = plan::build(&ctx);
        for r in schedule.items.iter().flat_map(|i| &i.reasons).chain(&schedule.notices) {
            let rule = rules::rule(r.rule).expect("every reason cites a catalogue rule");
            prop_assert_eq!(rule.status, Status::Applied, "{} given as a reason", r.rule);
            // A grade D is the sources' claim's, never knead's advice's.
            prop_assert!(r.grade != Grade::D || r.graded_claim.is_some(),
                "{} [D] shown against knead's own advice: {}", r.rule, r.text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Self-massage: no percussion gun on a day with (or before) a race or a
    /// speed session (X-GUN-PRE: tempo, intervals, hills per rules.md); gentle
    /// only on race day and in the post-race wait (R-POST-RACE, by distance);
    /// on the day of a hard session, after it (X-WARMUP).
    #[test]
    fn self_massage_respects_speed_races_and_warm_ups(plan in common::plan_strategy(10, 90)) {
        let (from, to) = common::window(&plan);
        let ctx = PlanContext::new(&plan, Options { from: Some(from), to: Some(to), ..Options::default() }).unwrap();
        let schedule = plan::build(&ctx);
        let speed = |d: Date| {
            ctx.races_on(d).next().is_some()
                || ctx.workouts_on(d).any(|w| matches!(w.kind,
                    WorkoutKind::Tempo | WorkoutKind::Intervals | WorkoutKind::Hills | WorkoutKind::Race))
        };
        for item in &schedule.items {
            let What::SelfMassage { tools, dose, .. } = &item.what else { continue };
            let d = item.date;
            if tools.contains(&Tool::PercussionGun) {
                prop_assert!(!speed(d) && !speed(add_days(d, 1)), "gun on or before speed work on {}", d);
            }
            let in_wait = ctx.races().any(|r| {
                let after = days_between(r.date, d);
                (0..common::design_earliest_after_race(r.distance_km)).contains(&after)
            });
            if in_wait {
                prop_assert_eq!(dose.as_str(), selfcare::GENTLE_DOSE, "firm self-massage on {} after a race", d);
                prop_assert!(!tools.contains(&Tool::PercussionGun));
                prop_assert!(item.reasons.iter().any(|r| r.rule == "R-POST-RACE"));
            } else {
                prop_assert_eq!(dose.as_str(), selfcare::DOSE);
            }
            if ctx.hard(d).is_some() {
                prop_assert!(item.reasons.iter().any(|r| r.rule == "X-WARMUP" && r.text.starts_with("after today's")),
                    "no 'after' on hard day {}", d);
            }
        }
    }
}

#[test]
fn every_condition_maps_to_a_catalogued_safety_rule() {
    use knead_core::model::Condition::*;
    for c in [
        SuspectedDvt,
        Fever,
        AcuteStrain,
        Wound,
        Fracture,
        Anticoagulants,
        Pregnancy,
        Cancer,
        Rhabdomyolysis,
        UnexplainedPain,
    ] {
        let (id, _) = safety::rule_for(c);
        let rule = rules::rule(id).expect("catalogued");
        assert!(id.starts_with("S-"));
        assert!(!rule.references.is_empty());
    }
    assert_eq!(safety::rule_for(SuspectedDvt).1, Action::Block);
    assert_eq!(safety::rule_for(AcuteStrain).1, Action::AvoidArea);
    assert_eq!(safety::rule_for(Anticoagulants).1, Action::LightOnly);
    assert_eq!(safety::rule_for(Cancer).1, Action::Refer);
}
