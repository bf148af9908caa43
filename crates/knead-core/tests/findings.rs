//! Regression tests for what an independent checker and MILP solver, written
//! from DESIGN.md alone, found: each fails on the code before its fix.

mod common;

use jiff::civil::{Date, date};
use knead_core::check;
use knead_core::context::{DayNote, HistoryReach, Options, PlanContext, post_race_window};
use knead_core::days::{add_days, each_day};
use knead_core::model::*;
use knead_core::plan::{self, What};
use knead_core::scheduler;

fn plan_of(workouts: Vec<Workout>, races: Vec<Race>, bookings: Vec<Booking>) -> Plan {
    Plan {
        athlete: common::athlete(),
        workouts,
        races,
        bookings,
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

/// R-POST-RACE: a half written as 21.1 km (or 13.1 mi) is a half; anything
/// longer waits 3 days; 10 km exactly is "up to 10 km", 10.05 km is not.
#[test]
fn post_race_wait_boundaries() {
    assert_eq!(post_race_window(10.0), (1, 2));
    assert_eq!(post_race_window(6.2 * distance::MILE_KM), (1, 2));
    assert_eq!(post_race_window(10.05), (2, 3));
    assert_eq!(post_race_window(distance::HALF), (2, 3));
    assert_eq!(post_race_window(21.1), (2, 3));
    assert_eq!(post_race_window(13.1 * distance::MILE_KM), (2, 3));
    assert_eq!(post_race_window(21.15), (3, 5));
    assert_eq!(post_race_window(21.5), (3, 5));
    assert_eq!(post_race_window(21.59), (3, 5));

    // The constraint follows: a massage two days after a 21.5 km race is blocked.
    let race_day = date(2027, 4, 11);
    let race = Race {
        date: race_day,
        name: "Long half".into(),
        distance_km: 21.5,
        priority: Priority::A,
    };
    let plan = plan_of(vec![], vec![race], vec![]);
    let ctx = window(&plan, add_days(race_day, -3), add_days(race_day, 6));
    let blocks = knead_core::constraints::blocks(
        &ctx,
        add_days(race_day, 2),
        MassageType::Swedish,
        knead_core::constraints::Origin::Proposed,
    );
    assert!(
        blocks.iter().any(|b| b.rule_id == "R-POST-RACE"),
        "{blocks:?}"
    );
}

/// A month of easy runs every day; deep and ART cost more than the budget, so
/// only F-MIN could make a Swedish massage worth its price.
fn easy_month(bookings: Vec<Booking>) -> Plan {
    let mut plan = plan_of(
        each_day(date(2027, 3, 1), date(2027, 3, 31))
            .map(|d| {
                let mut w = Workout::new(d, WorkoutKind::Easy);
                w.minutes = Some(40.0);
                w
            })
            .collect(),
        vec![],
        bookings,
    );
    plan.athlete.prices.deep = 20_000;
    plan.athlete.prices.art = 20_000;
    plan
}

/// F-MIN: a booking later in the month than the window's end gives the month
/// its massage for the scheduler, the checker's advice and the months summary.
#[test]
fn f_min_counts_a_booking_after_the_window_in_the_same_month() {
    let booking = Booking {
        date: date(2027, 3, 25),
        kind: MassageType::Swedish,
        source: None,
        series: None,
    };
    let plan = easy_month(vec![booking]);
    let ctx = window(&plan, date(2027, 3, 1), date(2027, 3, 20));
    assert!(ctx.is_training_month(date(2027, 3, 1)));
    let solution = scheduler::solve(&ctx);
    assert!(
        solution.massages.is_empty(),
        "no massage is needed: {:?}",
        solution.massages
    );
    assert!(
        !scheduler::breakdown(&ctx, &solution.massages)
            .iter()
            .any(|(_, t)| t.rule_id == "F-MIN")
    );
    assert!(!check::advice(&ctx).iter().any(|t| t.rule_id == "F-MIN"));
    let schedule = plan::assemble(&ctx, &solution);
    assert_eq!(schedule.months.len(), 1);
    assert_eq!(schedule.months[0].massages, 1);

    // Without the booking the same month does need one.
    let bare = easy_month(vec![]);
    let ctx = window(&bare, date(2027, 3, 1), date(2027, 3, 20));
    assert_eq!(scheduler::solve(&ctx).massages.len(), 1);
    assert!(check::advice(&ctx).iter().any(|t| t.rule_id == "F-MIN"));
}

/// No reason speaks of a previous massage when there was none, even for a
/// runner who gets massages regularly.
#[test]
fn no_previous_massage_is_invented() {
    let start = date(2027, 5, 3);
    let workouts = (0..21)
        .map(|i| {
            let kind = if i % 7 == 5 {
                WorkoutKind::Long
            } else {
                WorkoutKind::Easy
            };
            let mut w = Workout::new(add_days(start, i), kind);
            // 160 min a week: a 28-day target interval, so a made-up massage 14 days
            // before the window would cost the first one a spacing penalty.
            w.minutes = Some(if kind == WorkoutKind::Long {
                100.0
            } else {
                10.0
            });
            w
        })
        .collect();
    let mut plan = plan_of(workouts, vec![], vec![]);
    plan.athlete.regular_massage = true;
    // Ten days: the long run on day 5 is the only one whose massage fits.
    let ctx = window(&plan, start, add_days(start, 9));
    let schedule = plan::build(&ctx);
    let massages = schedule.massages();
    assert!(!massages.is_empty(), "the long run earns a massage");
    let first = massages[0].date;
    for item in schedule.items.iter().filter(|i| i.date <= first) {
        for r in &item.reasons {
            assert!(
                !r.text.contains("previous massage"),
                "{}: {} {}",
                item.date,
                r.rule,
                r.text
            );
        }
    }
}

/// After a marathon, self-massage is gentle only while professional massage
/// waits, and says why (R-POST-RACE).
#[test]
fn self_massage_after_a_marathon_is_gentle() {
    let race_day = date(2027, 10, 10);
    let mut race_run = Workout::new(race_day, WorkoutKind::Race);
    race_run.distance_km = Some(distance::MARATHON);
    let mut plan = plan_of(
        vec![race_run],
        vec![Race {
            date: race_day,
            name: "City Marathon".into(),
            distance_km: distance::MARATHON,
            priority: Priority::A,
        }],
        vec![],
    );
    plan.athlete.tools = Tool::ALL.to_vec();
    let ctx = window(&plan, add_days(race_day, -3), add_days(race_day, 6));
    let schedule = plan::build(&ctx);
    let day_after = add_days(race_day, 1);
    let item = schedule
        .items
        .iter()
        .find(|i| i.date == day_after && matches!(i.what, What::SelfMassage { .. }))
        .expect("a self-massage the day after the race");
    let What::SelfMassage { tools, dose, .. } = &item.what else {
        unreachable!()
    };
    assert_eq!(dose, knead_core::selfcare::GENTLE_DOSE);
    assert!(!dose.contains("moderate"));
    assert!(!tools.contains(&Tool::PercussionGun));
    assert!(item.reasons.iter().any(|r| r.rule == "R-POST-RACE"));
}

/// Self-massage on the day of a hard session says when: after it.
#[test]
fn self_massage_on_a_hard_day_comes_after_the_session() {
    let start = date(2027, 6, 7);
    let workouts = vec![
        Workout::new(start, WorkoutKind::Long),
        Workout::new(add_days(start, 1), WorkoutKind::Tempo),
    ];
    let mut plan = plan_of(workouts, vec![], vec![]);
    plan.athlete.tools = Tool::ALL.to_vec();
    plan.athlete.monthly_budget = 0;
    let ctx = window(&plan, start, add_days(start, 3));
    let schedule = plan::build(&ctx);
    let item = schedule
        .items
        .iter()
        .find(|i| i.date == add_days(start, 1) && matches!(i.what, What::SelfMassage { .. }))
        .expect("self-massage the day after the long run");
    assert!(
        item.reasons
            .iter()
            .any(|r| r.rule == "X-WARMUP" && r.text.contains("after today's tempo session")),
        "{:?}",
        item.reasons
    );
    let What::SelfMassage { tools, .. } = &item.what else {
        unreachable!()
    };
    assert!(
        !tools.contains(&Tool::PercussionGun),
        "X-GUN-PRE on a tempo day"
    );
}

/// The history's reach: what falls in the window, what touches its edges, and
/// what changes nothing.
#[test]
fn history_reach_counts_days_by_where_they_fall() {
    let from = date(2027, 2, 1);
    let to = date(2027, 2, 28);
    let note = |d: Date, rule_id: &'static str| DayNote {
        date: d,
        rule_id,
        reason: "test".into(),
    };
    let plan = plan_of(vec![Workout::new(from, WorkoutKind::Easy)], vec![], vec![]);
    let ctx = PlanContext::new(
        &plan,
        Options {
            from: Some(from),
            to: Some(to),
            history_hard: vec![
                note(date(2027, 1, 10), "L-HARD"),
                note(date(2027, 1, 30), "L-HARD"),
                note(date(2027, 2, 3), "L-HARD"),
                note(date(2027, 2, 4), "L-HARD"),
                note(date(2027, 3, 1), "L-HARD"),
                note(date(2027, 3, 2), "L-HARD"),
            ],
            low_form: vec![
                note(date(2027, 1, 31), "L-FORM"),
                note(date(2027, 2, 10), "L-FORM"),
            ],
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(
        ctx.history_reach(),
        HistoryReach {
            hard_in_window: 2,
            hard_at_edges: 2,
            low_form_in_window: 1,
            before_window: 2,
            after_window: 1,
        }
    );
}

/// Tool prices come from the source blog in USD: a suggestion says so, whatever
/// the runner's currency.
#[test]
fn tool_prices_say_usd() {
    let mut plan = plan_of(
        vec![Workout::new(date(2027, 8, 2), WorkoutKind::Long)],
        vec![],
        vec![],
    );
    plan.athlete.tools.clear();
    plan.athlete.monthly_budget = 0;
    let ctx = window(&plan, date(2027, 8, 2), date(2027, 8, 8));
    let schedule = plan::build(&ctx);
    let tools: Vec<_> = schedule
        .notices
        .iter()
        .filter(|r| r.text.starts_with("consider a"))
        .collect();
    assert_eq!(tools.len(), 3, "{:?}", schedule.notices);
    assert!(tools.iter().all(|r| r.text.contains(" USD")), "{tools:?}");
    assert_eq!(
        knead_core::selfcare::typical_price(Tool::PercussionGun),
        None
    );
}
