//! Random plans for property tests (shared by the scheduler tests).
#![allow(dead_code)]

use jiff::civil::{Date, date};
use knead_core::constraints;
use knead_core::context::PlanContext;
use knead_core::days::add_days;
use knead_core::model::*;
use knead_core::scheduler::{self, Placed};
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

/// A random plan of `days` days starting on a random day of 2027, with 0-2
/// prepaid packages of 1-3 sessions.
pub fn plan_strategy(min_days: usize, max_days: usize) -> impl Strategy<Value = Plan> {
    plan_strategy_with_credits(min_days, max_days, 0..=2, 1..=3)
}

/// [`plan_strategy`] with `packages` prepaid packages of `sessions` sessions.
pub fn plan_strategy_with_credits(
    min_days: usize,
    max_days: usize,
    packages: std::ops::RangeInclusive<usize>,
    sessions: std::ops::RangeInclusive<u32>,
) -> impl Strategy<Value = Plan> {
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
        (
            hours_strategy(),
            credits_strategy(max_days, packages, sessions),
        ),
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
                ((free, hours, minutes), credits),
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

/// `packages` prepaid packages of `sessions` sessions: a type (or any), an
/// expiry offset and maybe a first-day offset, turned into dates by
/// [`plan_strategy_with_credits`].
pub fn credits_strategy(
    max_days: usize,
    packages: std::ops::RangeInclusive<usize>,
    sessions: std::ops::RangeInclusive<u32>,
) -> impl Strategy<Value = Vec<(u8, u32, usize, Option<usize>)>> {
    prop::collection::vec(
        (
            0u8..4,
            sessions,
            0usize..max_days + 6,
            prop::option::of(0usize..max_days + 2),
        ),
        packages,
    )
}

pub fn window(plan: &Plan) -> (Date, Date) {
    let from = plan.workouts.iter().map(|w| w.date).min().unwrap();
    let to = plan.workouts.iter().map(|w| w.date).max().unwrap();
    (from, to)
}

/// The package paying for each booking by the rule of
/// `PlanContext::booking_credit`, written again here: bookings in date order
/// (file order on a day), each taking a session of a package for its type,
/// valid that day, with sessions left: the one expiring first, a one-type
/// package before an any-type one, then the first listed.
pub fn settle(plan: &Plan) -> (Vec<Option<usize>>, Vec<u32>) {
    let credits = &plan.athlete.credits;
    let mut left: Vec<u32> = credits.iter().map(|c| c.sessions).collect();
    let mut paid = vec![None; plan.bookings.len()];
    let mut order: Vec<usize> = (0..plan.bookings.len()).collect();
    order.sort_by_key(|&i| (plan.bookings[i].date, i));
    for i in order {
        let b = &plan.bookings[i];
        let mut pick: Option<usize> = None;
        for (p, c) in credits.iter().enumerate() {
            let fits = left[p] > 0
                && (c.kind.is_none() || c.kind == Some(b.kind))
                && c.valid_from.is_none_or(|f| f <= b.date)
                && b.date <= c.valid_until;
            let better = pick.is_none_or(|q| {
                let cq = &credits[q];
                (c.valid_until, c.kind.is_none()) < (cq.valid_until, cq.kind.is_none())
            });
            if fits && better {
                pick = Some(p);
            }
        }
        if let Some(p) = pick {
            left[p] -= 1;
            paid[i] = Some(p);
        }
    }
    (paid, left)
}

/// Whether proposed massages keep the budget: a month with a massage proposed
/// and paid in cash spends no more than the budget in cash, bookings of the
/// whole month included (a massage paid by a package costs nothing).
pub fn within_budget(ctx: &PlanContext<'_>, massages: &[Placed], paid: &[Option<usize>]) -> bool {
    let mut spend = std::collections::BTreeMap::new();
    let outside = ctx
        .plan
        .bookings
        .iter()
        .enumerate()
        .filter(|(_, b)| ctx.index(b.date).is_none())
        .map(|(i, b)| Placed {
            date: b.date,
            kind: b.kind,
            booked: true,
            credit: paid[i],
        });
    for m in massages.iter().copied().chain(outside) {
        let e = spend
            .entry((m.date.year(), m.date.month()))
            .or_insert((0u32, false));
        if m.credit.is_none() {
            e.0 += ctx.plan.athlete.prices.of(m.kind);
            e.1 |= !m.booked;
        }
    }
    !spend
        .values()
        .any(|&(total, proposed)| proposed && total > ctx.budget)
}

/// The best score over every feasible schedule: each day of the window holds
/// nothing or a type the hard rules allow, paid in cash or by any package that
/// covers it with a session left (4^n choices and their payments).
pub fn brute_force(ctx: &PlanContext<'_>) -> i64 {
    struct Search<'a, 'p> {
        ctx: &'a PlanContext<'p>,
        days: Vec<jiff::civil::Date>,
        paid: Vec<Option<usize>>,
        left: Vec<u32>,
        massages: Vec<Placed>,
        best: i64,
    }
    impl Search<'_, '_> {
        fn go(&mut self, i: usize) {
            let ctx = self.ctx;
            if i == self.days.len() {
                if within_budget(ctx, &self.massages, &self.paid) {
                    self.best = self.best.max(scheduler::score(ctx, &self.massages));
                }
                return;
            }
            let d = self.days[i];
            let booked: Vec<Placed> = ctx
                .plan
                .bookings
                .iter()
                .enumerate()
                .filter(|(_, b)| b.date == d)
                .map(|(j, b)| Placed {
                    date: d,
                    kind: b.kind,
                    booked: true,
                    credit: self.paid[j],
                })
                .collect();
            if !booked.is_empty() {
                let len = self.massages.len();
                self.massages.extend(booked);
                self.go(i + 1);
                self.massages.truncate(len);
                return;
            }
            self.go(i + 1);
            for kind in MassageType::ALL {
                if !constraints::allowed(ctx, d, kind) {
                    continue;
                }
                let payments: Vec<Option<usize>> = std::iter::once(None)
                    .chain(
                        ctx.plan
                            .athlete
                            .credits
                            .iter()
                            .enumerate()
                            .filter(|(p, c)| {
                                self.left[*p] > 0
                                    && (c.kind.is_none() || c.kind == Some(kind))
                                    && c.valid_from.is_none_or(|f| f <= d)
                                    && d <= c.valid_until
                            })
                            .map(|(p, _)| Some(p)),
                    )
                    .collect();
                for credit in payments {
                    if let Some(p) = credit {
                        self.left[p] -= 1;
                    }
                    self.massages.push(Placed {
                        date: d,
                        kind,
                        booked: false,
                        credit,
                    });
                    self.go(i + 1);
                    self.massages.pop();
                    if let Some(p) = credit {
                        self.left[p] += 1;
                    }
                }
            }
        }
    }
    let (paid, left) = settle(ctx.plan);
    let mut search = Search {
        ctx,
        days: ctx.days().collect(),
        paid,
        left,
        massages: Vec::new(),
        best: i64::MIN,
    };
    search.go(0);
    search.best
}
