//! Prepaid packages (credits): what they pay for, when, and what the plan,
//! the checker and the summaries say about them.

mod common;

use jiff::civil::{Date, date};
use knead_core::check;
use knead_core::context::{Options, PlanContext};
use knead_core::days::add_days;
use knead_core::model::*;
use knead_core::plan::{self, What};
use knead_core::scheduler::{self, Placed};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn credit(kind: Option<MassageType>, sessions: u32, valid_until: Date) -> Credit {
    Credit {
        kind,
        sessions,
        valid_from: None,
        valid_until,
        name: None,
    }
}

fn run(day: Date, kind: WorkoutKind, minutes: f64) -> Workout {
    let mut w = Workout::new(day, kind);
    w.minutes = Some(minutes);
    w
}

/// A runner with no money for a therapist (budget 0): only credits pay.
fn plan_of(workouts: Vec<Workout>, races: Vec<Race>, credits: Vec<Credit>) -> Plan {
    let mut athlete = common::athlete();
    athlete.monthly_budget = 0;
    athlete.credits = credits;
    Plan {
        athlete,
        workouts,
        races,
        bookings: vec![],
        units: DistanceUnit::Km,
    }
}

fn window(plan: &Plan, from: Date, to: Date) -> PlanContext<'_> {
    PlanContext::new(
        plan,
        Options {
            from: Some(from),
            to: Some(to),
            ..Options::default()
        },
    )
    .unwrap()
}

/// Two weeks of short daily runs from Monday 3 May 2027, with a long run on
/// Wednesday 5 May: a training month, and a long run to recover from.
fn two_weeks() -> Vec<Workout> {
    let start = date(2027, 5, 3);
    (0..14)
        .map(|i| {
            let kind = if i == 2 {
                WorkoutKind::Long
            } else {
                WorkoutKind::Easy
            };
            run(add_days(start, i), kind, 30.0)
        })
        .collect()
}

#[test]
fn a_credit_pays_where_the_budget_cannot_and_costs_the_month_nothing() {
    let plan = plan_of(
        two_weeks(),
        vec![],
        vec![Credit {
            name: Some("Clinic 10-pack".into()),
            ..credit(None, 10, date(2027, 6, 30))
        }],
    );
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let sol = scheduler::solve(&ctx);
    assert!(!sol.massages.is_empty(), "the credit pays for a massage");
    assert!(sol.massages.iter().all(|m| m.credit == Some(0)));
    assert_eq!(scheduler::score(&ctx, &sol.massages), sol.score);

    let schedule = plan::assemble(&ctx, &sol);
    assert_eq!(schedule.months[0].spend_cents, 0);
    assert_eq!(schedule.months[0].massages, sol.massages.len());
    for item in &schedule.items {
        if let What::Massage {
            price_cents,
            credit,
            credit_package,
            ..
        } = &item.what
        {
            assert_eq!(*price_cents, 0);
            assert_eq!(credit.as_deref(), Some("Clinic 10-pack"));
            assert_eq!(*credit_package, Some(0));
            assert!(
                item.reasons
                    .iter()
                    .any(|r| r.rule == "F-BUDGET" && r.text.contains("paid with credit")),
                "{:?}",
                item.reasons
            );
        }
    }
    assert_eq!(schedule.massages(), sol.massages);
    let used = sol.massages.len() as u32;
    assert_eq!(
        schedule.credits,
        vec![check::CreditUse {
            package: 0,
            name: Some("Clinic 10-pack".into()),
            label: "Clinic 10-pack".into(),
            kind: None,
            valid_from: None,
            valid_until: date(2027, 6, 30),
            sessions: 10,
            used_before: 0,
            used,
            used_after: 0,
            left: 10 - used,
            expiring_unused: 0,
        }]
    );
    // The budget notice knows the packages pay.
    assert!(
        schedule
            .notices
            .iter()
            .any(|n| n.rule == "F-BUDGET" && n.text.contains("prepaid packages")),
        "{:?}",
        schedule.notices
    );
    // No F-BUDGET money term for a massage a credit pays for.
    for (_, t) in scheduler::breakdown(&ctx, &sol.massages) {
        if t.rule_id == "F-BUDGET" {
            assert_eq!(t.value, 0);
            assert!(t.text.starts_with("paid with credit"), "{}", t.text);
        }
    }
}

#[test]
fn a_credit_is_never_used_after_it_expires() {
    // Valid until the long run: the days after it, where the massage would
    // help most, are out of its reach.
    let until = date(2027, 5, 5);
    let plan = plan_of(two_weeks(), vec![], vec![credit(None, 5, until)]);
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let sol = scheduler::solve(&ctx);
    assert!(!sol.massages.is_empty());
    for m in &sol.massages {
        assert_eq!(m.credit, Some(0));
        assert!(m.date <= until, "{m:?}");
    }
    assert!(check::check_credits(&ctx, &sol.massages).is_empty());
    // Forcing a massage after expiry: nothing can pay for it.
    let forced = scheduler::solve_forced(
        &ctx,
        Some((
            date(2027, 5, 6),
            scheduler::Force::Type(MassageType::Swedish),
        )),
    );
    assert!(
        forced.is_none_or(|f| !f.massages.iter().any(|m| m.date == date(2027, 5, 6))),
        "no cash and an expired package: no massage on 6 May"
    );
    // The checker catches a credit used after expiry, and over its sessions.
    let late = Placed {
        date: date(2027, 5, 6),
        kind: MassageType::Deep,
        booked: false,
        credit: Some(0),
    };
    assert_eq!(check::check_credits(&ctx, &[late]).len(), 1);
    let plan_one = plan_of(two_weeks(), vec![], vec![credit(None, 1, until)]);
    let ctx_one = window(&plan_one, date(2027, 5, 3), date(2027, 5, 16));
    let twice: Vec<Placed> = [3, 4]
        .iter()
        .map(|&d| Placed {
            date: date(2027, 5, d),
            kind: MassageType::Swedish,
            booked: false,
            credit: Some(0),
        })
        .collect();
    let problems = check::check_credits(&ctx_one, &twice);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].date, date(2027, 5, 4));
}

#[test]
fn a_credit_never_pays_for_another_type() {
    let mut plan = plan_of(
        two_weeks(),
        vec![],
        vec![credit(Some(MassageType::Swedish), 5, date(2027, 6, 30))],
    );
    // Shin splints: ART would earn T-ART, but only Swedish is prepaid.
    plan.athlete.injuries = vec![Injury {
        area: BodyArea::Shins,
        since: date(2027, 5, 1),
        until: None,
    }];
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let sol = scheduler::solve(&ctx);
    assert!(!sol.massages.is_empty());
    for m in &sol.massages {
        assert_eq!((m.kind, m.credit), (MassageType::Swedish, Some(0)));
    }
    let wrong = Placed {
        date: date(2027, 5, 6),
        kind: MassageType::Art,
        booked: false,
        credit: Some(0),
    };
    assert_eq!(check::check_credits(&ctx, &[wrong]).len(), 1);

    // With money, ART is bought in cash beside the Swedish credit.
    plan.athlete.monthly_budget = 50_000;
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let sol = scheduler::solve(&ctx);
    for m in &sol.massages {
        assert!(
            m.credit.is_none() || m.kind == MassageType::Swedish,
            "{m:?}"
        );
    }
}

#[test]
fn a_single_credit_goes_to_the_most_valuable_day() {
    // An A 10K on Wednesday 5 May (the recovery days after it earn 60 points),
    // a long run on Saturday 15 May (the Monday after it earns 30), and too few
    // runs for a training month (no F-MIN). One session, no money.
    let race = Race {
        date: date(2027, 5, 5),
        name: "Lake 10K".into(),
        distance_km: 10.0,
        priority: Priority::A,
    };
    let workouts = vec![
        run(date(2027, 5, 5), WorkoutKind::Race, 45.0),
        run(date(2027, 5, 15), WorkoutKind::Long, 90.0),
    ];
    let one = plan_of(
        workouts.clone(),
        vec![race.clone()],
        vec![credit(None, 1, date(2027, 12, 31))],
    );
    let ctx = window(&one, date(2027, 5, 3), date(2027, 5, 21));
    let sol = scheduler::solve(&ctx);
    assert_eq!(sol.massages.len(), 1, "{:?}", sol.massages);
    let m = sol.massages[0];
    assert!(
        [date(2027, 5, 6), date(2027, 5, 7)].contains(&m.date),
        "{m:?}"
    );
    assert_eq!(m.credit, Some(0));
    // Brute force over the days and types agrees: no single massage is worth more.
    let best_single = ctx
        .days()
        .flat_map(|d| MassageType::ALL.map(|k| (d, k)))
        .filter(|&(d, k)| knead_core::constraints::allowed(&ctx, d, k))
        .map(|(date, kind)| {
            scheduler::score(
                &ctx,
                &[Placed {
                    date,
                    kind,
                    booked: false,
                    credit: Some(0),
                }],
            )
        })
        .max()
        .unwrap();
    assert_eq!(sol.score, best_single.max(scheduler::score(&ctx, &[])));
}

#[test]
fn the_same_plan_gives_the_same_credits() {
    let plan = plan_of(
        two_weeks(),
        vec![],
        vec![
            credit(Some(MassageType::Deep), 2, date(2027, 5, 31)),
            credit(None, 2, date(2027, 5, 10)),
        ],
    );
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let first = scheduler::solve(&ctx);
    for _ in 0..5 {
        assert_eq!(scheduler::solve(&ctx), first);
    }
    assert_eq!(plan::build(&ctx), plan::build(&ctx));
}

#[test]
fn of_two_packages_alike_the_first_listed_is_used_first() {
    let plan = plan_of(
        two_weeks(),
        vec![],
        vec![
            credit(None, 1, date(2027, 6, 30)),
            credit(None, 1, date(2027, 6, 30)),
        ],
    );
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    let sol = scheduler::solve(&ctx);
    // Two massages are worth it here: the first listed pays for the first.
    let credits: Vec<Option<usize>> = sol.massages.iter().map(|m| m.credit).collect();
    assert_eq!(credits, vec![Some(0), Some(1)], "{:?}", sol.massages);
}

#[test]
fn bookings_use_the_package_that_expires_first() {
    let mut plan = plan_of(
        two_weeks(),
        vec![],
        vec![
            credit(None, 1, date(2027, 6, 30)),
            credit(None, 1, date(2027, 5, 31)),
            credit(Some(MassageType::Deep), 1, date(2027, 5, 31)),
        ],
    );
    plan.athlete.monthly_budget = 20_000;
    let booking = |d: i8, kind| Booking {
        date: date(2027, 5, d),
        kind,
        source: None,
        series: None,
    };
    plan.bookings = vec![
        booking(12, MassageType::Swedish),
        booking(6, MassageType::Deep),
        booking(9, MassageType::Deep),
        booking(14, MassageType::Art),
        booking(20, MassageType::Art),
    ];
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    // 6 May deep: the deep package and the second any-type one both end on 31
    // May; the one-type package goes first. 9 May deep: the any-type package
    // ending 31 May. 12 May Swedish: the one ending 30 June. Nothing is left for
    // 14 May or for 20 May (after the window), which are paid in cash.
    let credits: Vec<Option<usize>> = (0..5).map(|i| ctx.booking_credit(i)).collect();
    assert_eq!(credits, vec![Some(0), Some(2), Some(1), None, None]);
    assert_eq!(ctx.booking_cost(0), 0);
    assert_eq!(ctx.booking_cost(3), plan.athlete.prices.art);
    assert_eq!(ctx.credits_after_bookings(), &[0, 0, 0]);
    // The checker's bookings carry their payment, and the month's spend is cash.
    let booked = check::bookings(&ctx);
    assert_eq!(booked.iter().map(|b| b.credit).collect::<Vec<_>>(), credits);
    let schedule = plan::build(&ctx);
    assert_eq!(schedule.months[0].spend_cents, 2 * plan.athlete.prices.art);
    assert_eq!(
        schedule
            .credits
            .iter()
            .map(|c| (c.used, c.used_after, c.left))
            .collect::<Vec<_>>(),
        vec![(1, 0, 0), (1, 0, 0), (1, 0, 0)]
    );
}

#[test]
fn check_warns_when_credits_would_expire_unused() {
    let start = date(2027, 6, 1);
    let workouts: Vec<Workout> = (0..40)
        .map(|i| run(add_days(start, i), WorkoutKind::Easy, 30.0))
        .collect();
    let mut plan = plan_of(
        workouts,
        vec![],
        vec![
            Credit {
                name: Some("Clinic 10-pack".into()),
                ..credit(Some(MassageType::Deep), 10, date(2027, 6, 30))
            },
            // Still valid after the window: its sessions may yet be booked.
            credit(None, 5, date(2027, 12, 31)),
            // One left, expiring inside the window, without a name.
            credit(Some(MassageType::Swedish), 1, date(2027, 7, 2)),
        ],
    );
    plan.bookings = (0..7)
        .map(|i| Booking {
            date: add_days(start, 3 * i),
            kind: MassageType::Deep,
            source: None,
            series: None,
        })
        .collect();
    let ctx = window(&plan, start, add_days(start, 39));
    let warnings = check::expiring_credits(&ctx);
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "3 deep-tissue credits of 'Clinic 10-pack' expire on 2027-06-30 unused",
            "1 Swedish credit of 'Swedish package until 2027-07-02' expires on 2027-07-02 unused",
        ]
    );
    assert_eq!(warnings[0].unused, 3);
    // The plan uses what it can; whatever it leaves is reported the same way.
    let schedule = plan::build(&ctx);
    let clinic = &schedule.credits[0];
    assert_eq!(clinic.used, 7 + schedule_uses(&schedule, 0));
    assert_eq!(clinic.expiring_unused, clinic.left);
    assert_eq!(schedule.credits[1].expiring_unused, 0);
}

fn schedule_uses(s: &plan::Schedule, package: usize) -> u32 {
    s.massages()
        .iter()
        .filter(|m| !m.booked && m.credit == Some(package))
        .count() as u32
}

#[test]
fn bookings_before_the_window_use_their_sessions_first() {
    let mut plan = plan_of(
        two_weeks(),
        vec![],
        vec![credit(None, 2, date(2027, 6, 30))],
    );
    plan.bookings = vec![Booking {
        date: date(2027, 4, 28),
        kind: MassageType::Swedish,
        source: None,
        series: None,
    }];
    let ctx = window(&plan, date(2027, 5, 3), date(2027, 5, 16));
    assert_eq!(ctx.booking_credit(0), Some(0));
    assert_eq!(ctx.credits_after_bookings(), &[1]);
    let schedule = plan::build(&ctx);
    assert_eq!(schedule.credits[0].used_before, 1);
    assert!(schedule.credits[0].used <= 1);
}

/// A year of training with the most packages a plan file allows, each of the
/// most sessions: the state stays small enough to solve at once.
#[test]
fn four_packages_of_a_hundred_sessions_over_a_year() {
    let start = date(2027, 1, 4);
    // Easy runs and a long run on Sundays, a therapist open every day: a
    // massage is allowed on five days of seven, the most open state space.
    let workouts: Vec<Workout> = (0..364)
        .map(|i| {
            let kind = if i % 7 == 6 {
                WorkoutKind::Long
            } else {
                WorkoutKind::Easy
            };
            run(add_days(start, i), kind, 60.0)
        })
        .collect();
    let mut plan = plan_of(workouts, vec![], vec![]);
    plan.athlete.monthly_budget = 16_000;
    plan.athlete.therapist.weekdays = [true; 7];
    plan.athlete.credits = [
        Some(MassageType::Deep),
        Some(MassageType::Art),
        Some(MassageType::Swedish),
        None,
    ]
    .iter()
    .enumerate()
    .map(|(i, &kind)| credit(kind, MAX_CREDIT_SESSIONS, date(2027, 12 - 2 * i as i8, 30)))
    .collect();
    let ctx = PlanContext::new(&plan, Options::default()).unwrap();
    // The bounds keep this to milliseconds (docs/performance.md).
    let sol = scheduler::solve(&ctx);
    assert_eq!(sol.score, scheduler::score(&ctx, &sol.massages));
    assert!(check::check_credits(&ctx, &sol.massages).is_empty());
    assert!(sol.massages.iter().any(|m| m.credit.is_some()));
}

/// Runs `strategy` `cases` times (deterministically) and counts the plans
/// where `f` holds.
fn count<S: Strategy>(strategy: S, cases: u32, f: impl Fn(&S::Value) -> bool) -> u32 {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    (0..cases)
        .filter(|_| f(&strategy.new_tree(&mut runner).unwrap().current()))
        .count() as u32
}

/// The random plans of the property tests do exercise credits: in a fair
/// share of them the best schedule pays with one.
#[test]
fn the_random_plans_use_credits() {
    let used = count(common::plan_strategy(10, 60), 200, |plan| {
        let (from, to) = common::window(plan);
        let ctx = window(plan, from, to);
        scheduler::solve(&ctx)
            .massages
            .iter()
            .any(|m| !m.booked && m.credit.is_some())
    });
    assert!(used >= 20, "only {used} of 200 plans use a credit");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Credits never make a plan worse: without them the best schedule scores
    /// no more (every schedule paid in cash is still open, and bookings a
    /// package pays for leave more of the budget).
    #[test]
    fn credits_never_hurt(plan in common::plan_strategy(10, 60)) {
        let (from, to) = common::window(&plan);
        let ctx = window(&plan, from, to);
        let with = scheduler::solve(&ctx);
        let mut cash = plan.clone();
        cash.athlete.credits.clear();
        let ctx_cash = window(&cash, from, to);
        let without = scheduler::solve(&ctx_cash);
        prop_assert!(with.score >= without.score, "{} < {}", with.score, without.score);
        prop_assert!(check::check_credits(&ctx, &with.massages).is_empty());
    }

    /// The bounds that set labels aside change nothing: the same schedule as
    /// the program that extends every label, ties included, also with a day
    /// forced (as `explain` asks).
    #[test]
    fn bounds_change_nothing(plan in common::plan_strategy(10, 60), day in 0usize..60, force in 0usize..4) {
        let (from, to) = common::window(&plan);
        let ctx = window(&plan, from, to);
        prop_assert_eq!(scheduler::solve_forced(&ctx, None), scheduler::solve_forced_unbounded(&ctx, None));
        let date = ctx.date(day % ctx.len());
        let force = match force {
            0 => scheduler::Force::Nothing,
            k => scheduler::Force::Type(MassageType::ALL[k - 1]),
        };
        prop_assert_eq!(
            scheduler::solve_forced(&ctx, Some((date, force))),
            scheduler::solve_forced_unbounded(&ctx, Some((date, force)))
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// With three or four packages (the most a plan file allows), brute force
    /// over every schedule and every way of paying for it finds no better one,
    /// the packages pay only for what they may, and the bounds change nothing.
    #[test]
    fn four_packages_against_brute_force(plan in common::plan_strategy_with_credits(3, 5, 3..=4, 1..=2)) {
        let (from, to) = common::window(&plan);
        let ctx = window(&plan, from, to);
        let sol = scheduler::solve(&ctx);
        prop_assert_eq!(sol.score, common::brute_force(&ctx));
        prop_assert_eq!(sol.score, scheduler::score(&ctx, &sol.massages));
        prop_assert!(check::check_credits(&ctx, &sol.massages).is_empty());
        prop_assert_eq!(Some(sol), scheduler::solve_forced_unbounded(&ctx, None));
    }

    /// The same over longer plans against the unbounded program.
    #[test]
    fn four_packages_bounds_change_nothing(plan in common::plan_strategy_with_credits(10, 60, 3..=4, 1..=4)) {
        let (from, to) = common::window(&plan);
        let ctx = window(&plan, from, to);
        let sol = scheduler::solve(&ctx);
        prop_assert!(check::check_credits(&ctx, &sol.massages).is_empty());
        prop_assert_eq!(Some(sol), scheduler::solve_forced_unbounded(&ctx, None));
    }
}
