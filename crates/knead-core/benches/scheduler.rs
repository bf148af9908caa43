//! Scheduling a 52-week plan: the exact solver alone, and the whole explained
//! schedule (solver, reasons, self-massage, aftercare, warnings).
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use knead_core::context::{Options, PlanContext};
use knead_core::days::add_days;
use knead_core::model::*;
use knead_core::{plan, scheduler};

/// A year of training: six runs a week building in four-week blocks, three races,
/// an injury, two bookings, and a budget that binds.
fn year_plan() -> Plan {
    let start = date(2027, 1, 4);
    let week = [
        WorkoutKind::Rest,
        WorkoutKind::Intervals,
        WorkoutKind::Easy,
        WorkoutKind::Tempo,
        WorkoutKind::Cross,
        WorkoutKind::Easy,
        WorkoutKind::Long,
    ];
    let mut workouts = Vec::new();
    for w in 0..52i64 {
        let scale = 1.0 + (w % 4) as f64 * 0.1 + (w / 4) as f64 * 0.03;
        for (d, kind) in week.iter().enumerate() {
            let mut wo = Workout::new(add_days(start, w * 7 + d as i64), *kind);
            wo.minutes = match kind {
                WorkoutKind::Rest => None,
                WorkoutKind::Long => Some((90.0 * scale).min(200.0)),
                _ => Some(45.0 * scale),
            };
            workouts.push(wo);
        }
    }
    let race = |days: i64, name: &str, km: f64, p: Priority| Race {
        date: add_days(start, days),
        name: name.into(),
        distance_km: km,
        priority: p,
    };
    Plan {
        athlete: Athlete {
            name: "Bench".into(),
            time_zone: "Europe/Paris".into(),
            currency: "EUR".into(),
            monthly_budget: 16_000,
            prices: Prices {
                deep: 7_000,
                art: 8_500,
                swedish: 5_500,
            },
            credits: vec![],
            tools: vec![Tool::FoamRoller, Tool::MassageStick, Tool::Ball],
            regular_massage: true,
            injuries: vec![Injury {
                area: BodyArea::Shins,
                since: add_days(start, 60),
                until: Some(add_days(start, 100)),
            }],
            therapist: Availability::default(),
            health: vec![],
            physiology: Physiology::default(),
            free: vec![],
        },
        workouts,
        races: vec![
            race(97, "Spring 10K", 10.0, Priority::C),
            race(125, "Half", 21.0975, Priority::B),
            race(293, "Autumn Marathon", 42.195, Priority::A),
        ],
        bookings: vec![
            Booking {
                date: add_days(start, 30),
                kind: MassageType::Deep,
                source: None,
                series: None,
            },
            Booking {
                date: add_days(start, 200),
                kind: MassageType::Swedish,
                source: None,
                series: None,
            },
        ],
        units: DistanceUnit::Km,
    }
}

fn bench(c: &mut Criterion) {
    let plan = year_plan();
    let ctx = PlanContext::new(&plan, Options::default()).expect("valid plan");
    assert!(ctx.len() >= 364);
    c.bench_function("solve 52-week plan", |b| {
        b.iter(|| scheduler::solve(std::hint::black_box(&ctx)))
    });
    // Odd prices under a large budget: many reachable spends, the hard case for
    // the budget dimension.
    let mut rich = plan.clone();
    rich.athlete.monthly_budget = 200_000;
    rich.athlete.prices = Prices {
        deep: 7_999,
        art: 8_950,
        swedish: 5_995,
    };
    let rich_ctx = PlanContext::new(&rich, Options::default()).expect("valid plan");
    c.bench_function("solve 52-week plan, odd prices, 2000/month budget", |b| {
        b.iter(|| scheduler::solve(std::hint::black_box(&rich_ctx)))
    });
    // Prepaid packages: ten deep-tissue sessions for the first half year and
    // ten of any type for the whole year.
    let mut prepaid = plan.clone();
    prepaid.athlete.credits = vec![
        Credit {
            kind: Some(MassageType::Deep),
            sessions: 10,
            valid_from: None,
            valid_until: date(2027, 6, 30),
            name: Some("Clinic 10-pack".into()),
        },
        Credit {
            kind: None,
            sessions: 10,
            valid_from: Some(date(2027, 3, 1)),
            valid_until: date(2027, 12, 31),
            name: None,
        },
    ];
    let prepaid_ctx = PlanContext::new(&prepaid, Options::default()).expect("valid plan");
    c.bench_function("solve 52-week plan, two 10-session packages", |b| {
        b.iter(|| scheduler::solve(std::hint::black_box(&prepaid_ctx)))
    });
    // The most a plan file allows: four packages of 100 sessions.
    let mut most = plan.clone();
    most.athlete.credits = [
        Some(MassageType::Deep),
        Some(MassageType::Art),
        Some(MassageType::Swedish),
        None,
    ]
    .iter()
    .enumerate()
    .map(|(i, &kind)| Credit {
        kind,
        sessions: MAX_CREDIT_SESSIONS,
        valid_from: None,
        valid_until: date(2027, 12 - 2 * i as i8, 30),
        name: None,
    })
    .collect();
    let most_ctx = PlanContext::new(&most, Options::default()).expect("valid plan");
    c.bench_function("solve 52-week plan, four 100-session packages", |b| {
        b.iter(|| scheduler::solve(std::hint::black_box(&most_ctx)))
    });
    c.bench_function("build explained 52-week schedule", |b| {
        b.iter(|| plan::build(std::hint::black_box(&ctx)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
