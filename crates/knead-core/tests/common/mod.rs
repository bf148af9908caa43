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
        tools: vec![Tool::FoamRoller, Tool::Ball],
        regular_massage: false,
        injuries: vec![],
        therapist: Availability::default(),
        health: vec![],
        physiology: Physiology::default(),
        free: vec![],
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

/// Weekly windows of whole hours on random weekdays.
pub fn windows_strategy() -> impl Strategy<Value = Vec<Window>> {
    prop::collection::vec(
        (prop::array::uniform7(any::<bool>()), 6i8..22, 1i8..5),
        1..3,
    )
    .prop_map(|list| {
        list.into_iter()
            .map(|(weekdays, from, len)| Window {
                weekdays,
                from: jiff::civil::time(from, 0, 0, 0),
                to: jiff::civil::time((from + len).min(23), 0, 0, 0),
            })
            .collect()
    })
}

/// The runner's free times, the therapist's hours and the appointment
/// length: often none at all (the all-day behaviour), else one side or both.
pub fn hours_strategy() -> impl Strategy<Value = (Vec<Window>, Vec<Window>, u16)> {
    prop_oneof![
        2 => Just((vec![], vec![], DEFAULT_APPOINTMENT_MINUTES)),
        1 => (windows_strategy(), windows_strategy(), prop::sample::select(vec![30u16, 60, 90, 120]), 0u8..3)
            .prop_map(|(free, hours, minutes, sides)| match sides {
                0 => (free, vec![], minutes),
                1 => (vec![], hours, minutes),
                _ => (free, hours, minutes),
            }),
    ]
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
        hours_strategy(),
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
                (free, hours, minutes),
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
                a.free = free;
                a.therapist.hours = hours;
                a.therapist.appointment_minutes = minutes;
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
                        series: None,
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

pub fn window(plan: &Plan) -> (Date, Date) {
    let from = plan.workouts.iter().map(|w| w.date).min().unwrap();
    let to = plan.workouts.iter().map(|w| w.date).max().unwrap();
    (from, to)
}
