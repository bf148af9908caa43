//! Random plans for property tests (shared by the scheduler tests).
#![allow(dead_code)]

use jiff::civil::{Date, date};
use knead_core::days::add_days;
use knead_core::model::*;
use proptest::prelude::*;

pub fn athlete() -> Athlete {
    Athlete {
        name: "Test Runner".into(),
        time_zone: "Europe/Berlin".into(),
        currency: "EUR".into(),
        monthly_budget: 15_000,
        prices: Prices {
            deep: 7_000,
            art: 8_000,
            swedish: 5_500,
        },
        credits: vec![],
        tools: vec![Tool::FoamRoller, Tool::Ball],
        regular_massage: false,
        injuries: vec![],
        therapist: Availability::default(),
        health: vec![],
        physiology: Physiology::default(),
    }
}

pub fn kind_strategy() -> impl Strategy<Value = WorkoutKind> {
    prop::sample::select(WorkoutKind::ALL.to_vec())
}

pub fn mtype_strategy() -> impl Strategy<Value = MassageType> {
    prop::sample::select(MassageType::ALL.to_vec())
}

/// Race distances in km: any from 3 to 60, and often one on or just past a
/// boundary of R-POST-RACE's wait (10 km, the half marathon as 21.0975 or
/// 21.1 km, a little longer, the marathon).
pub fn race_km_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        3.0f64..60.0,
        prop::sample::select(vec![
            10.0,
            10.05,
            distance::HALF,
            21.1,
            21.15,
            21.59,
            distance::MARATHON
        ]),
    ]
}

/// R-POST-RACE's wait as DESIGN.md states it, written independently of the
/// code: the earliest day after a race a massage may come, by distance (up to
/// 10 km: 1; up to a half, 21.1 km as written: 2; longer: 3).
pub fn design_earliest_after_race(km: f64) -> i64 {
    if km <= 10.0 {
        1
    } else if km <= 21.1 {
        2
    } else {
        3
    }
}

/// A random plan of `days` days starting on a random day of 2027.
pub fn plan_strategy(min_days: usize, max_days: usize) -> impl Strategy<Value = Plan> {
    (
        0i64..365,
        prop::collection::vec((kind_strategy(), 20.0f64..200.0), min_days..=max_days),
        prop::collection::vec((0usize..max_days, race_km_strategy(), 0u8..3), 0..3),
        prop::collection::vec((0usize..max_days, mtype_strategy()), 0..3),
        (
            0u32..40_000,
            2_000u32..12_000,
            2_000u32..12_000,
            2_000u32..12_000,
        ),
        prop::collection::vec(any::<bool>(), 7),
        any::<bool>(),
        prop::collection::vec((0usize..max_days, 0usize..10, 0u8..14), 0..2),
        prop::collection::vec((0usize..max_days, 0usize..10, 0u8..4), 0..2),
        prop::sample::subsequence(Tool::ALL.to_vec(), 0..=Tool::ALL.len()),
        credits_strategy(max_days),
    )
        .prop_map(
            |(
                offset,
                kinds,
                races,
                bookings,
                money,
                open,
                regular,
                injuries,
                health,
                tools,
                credits,
            )| {
                let start = add_days(date(2027, 1, 1), offset);
                let n = kinds.len();
                let mut a = athlete();
                a.monthly_budget = money.0;
                a.prices = Prices {
                    deep: money.1,
                    art: money.2,
                    swedish: money.3,
                };
                a.therapist.weekdays.copy_from_slice(&open);
                a.regular_massage = regular;
                a.tools = tools;
                a.credits = credits
                    .iter()
                    .map(|&(kind, sessions, until, from)| {
                        // Expiry anywhere from a few days before the plan to a few
                        // days after it, sometimes with a first day too.
                        let valid_until = add_days(start, (until % (n + 6)) as i64 - 3);
                        Credit {
                            kind: [
                                Some(MassageType::Deep),
                                Some(MassageType::Art),
                                Some(MassageType::Swedish),
                                None,
                            ][kind as usize],
                            sessions,
                            valid_from: from
                                .map(|f| add_days(valid_until, -((f % (n + 2)) as i64))),
                            valid_until,
                            name: None,
                        }
                    })
                    .collect();
                let areas = [
                    BodyArea::PlantarFascia,
                    BodyArea::Shins,
                    BodyArea::Hamstring,
                    BodyArea::Knee,
                    BodyArea::Calf,
                    BodyArea::ItBand,
                    BodyArea::Quads,
                    BodyArea::Foot,
                    BodyArea::Glutes,
                    BodyArea::Achilles,
                ];
                a.injuries = injuries
                    .iter()
                    .map(|&(d, area, len)| Injury {
                        area: areas[area],
                        since: add_days(start, (d % n) as i64),
                        until: Some(add_days(start, (d % n) as i64 + i64::from(len))),
                    })
                    .collect();
                let conditions = [
                    Condition::SuspectedDvt,
                    Condition::Fever,
                    Condition::AcuteStrain,
                    Condition::Wound,
                    Condition::Fracture,
                    Condition::Anticoagulants,
                    Condition::Pregnancy,
                    Condition::Cancer,
                    Condition::Rhabdomyolysis,
                    Condition::UnexplainedPain,
                ];
                a.health = health
                    .iter()
                    .map(|&(d, c, len)| HealthFlag {
                        condition: conditions[c],
                        area: Some(areas[c % areas.len()]),
                        from: add_days(start, (d % n) as i64),
                        until: Some(add_days(start, (d % n) as i64 + i64::from(len))),
                    })
                    .collect();
                let workouts = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, &(kind, minutes))| {
                        let mut w = Workout::new(add_days(start, i as i64), kind);
                        w.minutes = Some(minutes.round());
                        w
                    })
                    .collect();
                let races = races
                    .iter()
                    .map(|&(d, km, p)| Race {
                        date: add_days(start, (d % n) as i64),
                        name: format!("Race {d}"),
                        distance_km: km,
                        priority: [Priority::A, Priority::B, Priority::C][p as usize],
                    })
                    .collect();
                let bookings = bookings
                    .iter()
                    .map(|&(d, kind)| Booking {
                        date: add_days(start, (d % n) as i64),
                        kind,
                        source: None,
                    })
                    .collect();
                Plan {
                    athlete: a,
                    workouts,
                    races,
                    bookings,
                    units: DistanceUnit::Km,
                }
            },
        )
}

/// 0-2 prepaid packages of 1-3 sessions: a type (or any), an expiry offset and
/// maybe a first-day offset, turned into dates by [`plan_strategy`].
pub fn credits_strategy(
    max_days: usize,
) -> impl Strategy<Value = Vec<(u8, u32, usize, Option<usize>)>> {
    prop::collection::vec(
        (
            0u8..4,
            1u32..=3,
            0usize..max_days + 6,
            prop::option::of(0usize..max_days + 2),
        ),
        0..=2,
    )
}

pub fn window(plan: &Plan) -> (Date, Date) {
    let from = plan.workouts.iter().map(|w| w.date).min().unwrap();
    let to = plan.workouts.iter().map(|w| w.date).max().unwrap();
    (from, to)
}
