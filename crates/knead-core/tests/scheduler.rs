//! The scheduler against an independent scorer, brute force and the checker.

mod common;

use knead_core::check;
use knead_core::constraints;
use knead_core::context::{Options, PlanContext};
use knead_core::model::{MassageType, Plan};
use knead_core::scheduler;
use proptest::prelude::*;

/// The window starts two days after the first workout and, on longer plans,
/// ends two days before the last one, so bookings on those days lie outside it
/// (they count for spacing, the month's budget and the month's massage, F-MIN).
fn ctx_for(plan: &Plan) -> PlanContext<'_> {
    let (from, to) = common::window(plan);
    let days = knead_core::days::days_between(from, to);
    let from = if days > 4 {
        knead_core::days::add_days(from, 2)
    } else {
        from
    };
    let to = if days > 6 {
        knead_core::days::add_days(to, -2)
    } else {
        to
    };
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The scheduler's own value equals the independent scorer's value of its schedule.
    #[test]
    fn value_matches_scorer(plan in common::plan_strategy(10, 120)) {
        let ctx = ctx_for(&plan);
        let sol = scheduler::solve(&ctx);
        prop_assert_eq!(sol.score, scheduler::score(&ctx, &sol.massages));
    }

    /// No hard rule is ever broken by a proposed massage, and no proposed massage
    /// takes a month over budget (the checker is the judge).
    #[test]
    fn plan_output_passes_check(plan in common::plan_strategy(10, 150)) {
        let ctx = ctx_for(&plan);
        let sol = scheduler::solve(&ctx);
        let booked_violations = check::check_massages(&ctx, &check::bookings(&ctx));
        let mut everything = sol.massages.clone();
        everything.extend((0..plan.bookings.len()).filter(|&i| ctx.index(plan.bookings[i].date).is_none())
            .map(|i| scheduler::booked(&ctx, i)));
        // Every package pays only for what it covers, while valid, as often as it holds.
        let credit_problems = check::check_credits(&ctx, &sol.massages);
        prop_assert!(credit_problems.is_empty(), "{:?}", credit_problems);
        // Bookings are paid as the settling rule says.
        let (paid, _) = common::settle(&plan);
        for (i, p) in paid.iter().enumerate() {
            prop_assert_eq!(ctx.booking_credit(i), *p, "booking {}", i);
        }
        let all = check::check_massages(&ctx, &everything);
        // No proposed massage breaks a rule; the budget only breaks where the
        // bookings alone already break it.
        for v in &all {
            let proposed = sol.massages.iter().any(|m| m.date == v.date && !m.booked);
            prop_assert!(!proposed || v.rule_id == "F-BUDGET",
                "proposed massage breaks {}: {} on {}", v.rule_id, v.reason, v.date);
            if v.rule_id == "F-BUDGET" {
                prop_assert!(booked_violations.iter().any(|b| b.rule_id == "F-BUDGET"
                    && (b.date.year(), b.date.month()) == (v.date.year(), v.date.month())),
                    "proposed massages take {} over budget", v.date);
            }
        }
        // Bookings are all kept.
        for (i, b) in plan.bookings.iter().enumerate().filter(|(_, b)| ctx.index(b.date).is_some()) {
            prop_assert!(sol.massages.iter().any(|m| m.booked && m.date == b.date && m.kind == b.kind
                && m.credit == ctx.booking_credit(i)));
        }
        // At most one proposed massage a day, never on a booked day.
        for m in sol.massages.iter().filter(|m| !m.booked) {
            prop_assert_eq!(sol.massages.iter().filter(|x| x.date == m.date).count(), 1);
        }
    }

    /// R-POST-RACE blocks exactly the days DESIGN.md says, boundaries included.
    #[test]
    fn post_race_wait_follows_design(plan in common::plan_strategy(10, 60)) {
        let ctx = ctx_for(&plan);
        let races: Vec<_> = ctx.races().collect();
        for day in ctx.days() {
            let blocked = constraints::blocks(&ctx, day, MassageType::Swedish, constraints::Origin::Proposed)
                .iter()
                .any(|b| b.rule_id == "R-POST-RACE");
            let expected = races.iter().any(|r| {
                let after = knead_core::days::days_between(r.date, day);
                (1..common::design_earliest_after_race(r.distance_km)).contains(&after)
            });
            prop_assert_eq!(blocked, expected, "{}: races {:?}", day,
                races.iter().map(|r| (r.date, r.distance_km)).collect::<Vec<_>>());
        }
    }

    /// F-MIN has one definition: a month the schedule, the checker's advice and
    /// the months summary agree on (a booking anywhere in the calendar month counts).
    #[test]
    fn f_min_months_agree(plan in common::plan_strategy(10, 90)) {
        let ctx = ctx_for(&plan);
        let sol = scheduler::solve(&ctx);
        let schedule = knead_core::plan::assemble(&ctx, &sol);
        let month_of = |d: jiff::civil::Date| format!("{:04}-{:02}", d.year(), d.month());
        let missed: Vec<String> = scheduler::breakdown(&ctx, &sol.massages)
            .iter()
            .filter(|(_, t)| t.rule_id == "F-MIN")
            .map(|(d, _)| month_of(*d))
            .collect();
        for m in &schedule.months {
            prop_assert_eq!(missed.contains(&m.month), m.massages == 0 && {
                let first = ctx.days().find(|d| month_of(*d) == m.month).unwrap();
                ctx.is_training_month(first)
            }, "month {}", m.month);
        }
        // The checker's advice judges the bookings alone by the same definition.
        let booked: Vec<String> = plan.bookings.iter().map(|b| month_of(b.date)).collect();
        for t in check::advice(&ctx).iter().filter(|t| t.rule_id == "F-MIN") {
            prop_assert!(!booked.iter().any(|b| t.text.starts_with(b.as_str())), "{}", t.text);
        }
    }

    /// No reason speaks of a previous massage when none came before the window.
    #[test]
    fn no_invented_previous_massage(plan in common::plan_strategy(10, 60)) {
        let ctx = ctx_for(&plan);
        if plan.bookings.iter().all(|b| b.date >= ctx.from) {
            let schedule = knead_core::plan::build(&ctx);
            // Up to and including the first massage (a second booking the same
            // day does have a previous massage).
            let first = schedule.items.iter().position(|i| matches!(i.what, knead_core::plan::What::Massage { .. }));
            if let Some(first) = first {
                for item in &schedule.items[..=first] {
                    for r in &item.reasons {
                        prop_assert!(!r.text.contains("previous massage"), "{}: {}", r.rule, r.text);
                    }
                }
            }
        }
    }

    /// Deterministic: the same plan gives the same schedule.
    #[test]
    fn deterministic(plan in common::plan_strategy(10, 60)) {
        let ctx = ctx_for(&plan);
        prop_assert_eq!(scheduler::solve(&ctx), scheduler::solve(&ctx));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Explaining any day never fails, and a worse alternative really scores lower.
    #[test]
    fn explain_every_day(plan in common::plan_strategy(5, 40), day in 0usize..40) {
        let ctx = ctx_for(&plan);
        let best = scheduler::solve(&ctx);
        let schedule = knead_core::plan::assemble(&ctx, &best);
        let date = ctx.date(day % ctx.len());
        let e = knead_core::explain::explain(&ctx, &best, &schedule, date);
        for a in &e.alternatives {
            if let knead_core::explain::Alternative::Worse { points_lost, .. } = a {
                prop_assert!(*points_lost > 0.0);
            }
        }
        // A forced choice can never beat the optimum.
        for kind in MassageType::ALL {
            if let Some(f) = scheduler::solve_forced(&ctx, Some((date, scheduler::Force::Type(kind)))) {
                prop_assert!(f.score <= best.score);
            }
        }
    }

    /// Exactly optimal: brute force over all 4^n schedules, and every way of
    /// paying for their proposed massages, finds no better one.
    #[test]
    fn optimal_against_brute_force(plan in common::plan_strategy(3, 10)) {
        let ctx = ctx_for(&plan);
        let sol = scheduler::solve(&ctx);
        prop_assert_eq!(sol.score, common::brute_force(&ctx));
    }
}
