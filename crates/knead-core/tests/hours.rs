//! Availability in hours (the runner's free times, the therapist's opening
//! hours, the appointment length) and the checker's alternatives for
//! bookings that break a rule.

mod common;

use jiff::civil::{Date, Time, date, time};
use knead_core::check;
use knead_core::context::{Options, PlanContext};
use knead_core::days::{add_days, days_between};
use knead_core::model::*;
use knead_core::plan::{self, What};
use proptest::prelude::*;

fn window_of(plan: &Plan) -> Options {
    let (from, to) = common::window(plan);
    Options {
        from: Some(from),
        to: Some(to),
        ..Options::default()
    }
}

fn minute(t: Time) -> i32 {
    i32::from(t.hour()) * 60 + i32::from(t.minute())
}

/// Whether minute `m` of `day` lies in one of `windows` (any time when there are none).
fn covered(windows: &[Window], day: Date, m: i32) -> bool {
    windows.is_empty()
        || windows
            .iter()
            .any(|w| w.on(day) && minute(w.from) <= m && m < minute(w.to))
}

/// Whether an appointment of `len` minutes from minute `start` fits both sides.
fn fits(a: &Athlete, day: Date, start: i32, len: i32) -> bool {
    (start..start + len).all(|m| covered(&a.free, day, m) && covered(&a.therapist.hours, day, m))
}

fn window(days: &[usize], from: Time, to: Time) -> Window {
    let mut weekdays = [false; 7];
    for &d in days {
        weekdays[d] = true;
    }
    Window { weekdays, from, to }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Every proposed massage names the earliest slot both sides leave free
    /// for one appointment, checked minute by minute; none names a slot when
    /// neither side lists hours, and bookings never do.
    #[test]
    fn proposed_massages_take_the_earliest_common_slot(plan in common::plan_strategy(10, 60)) {
        let ctx = PlanContext::new(&plan, window_of(&plan)).unwrap();
        let schedule = plan::build(&ctx);
        let a = &plan.athlete;
        let len = i32::from(a.therapist.appointment_minutes);
        for item in &schedule.items {
            let What::Massage { booked, .. } = item.what else {
                prop_assert!(item.slot.is_none());
                continue;
            };
            if booked || (a.free.is_empty() && a.therapist.hours.is_empty()) {
                prop_assert!(item.slot.is_none(), "{:?}", item);
                continue;
            }
            let slot = item.slot.as_ref().expect("a proposed massage names its slot");
            prop_assert_eq!(&slot.time_zone, &a.time_zone);
            let start = minute(slot.start);
            prop_assert_eq!(minute(slot.end) - start, len);
            prop_assert!(fits(a, item.date, start, len), "{:?} does not fit", slot);
            // Windows are whole hours, so an earlier fit would start on the hour.
            for h in 0..24 {
                prop_assert!(h * 60 >= start || !fits(a, item.date, h * 60, len),
                    "{:02}:00 fits before {:?}", h, slot);
            }
        }
    }

    /// An alternative offered for a booking is never itself a violation: the
    /// plan with that booking moved there breaks no rule on that day, and no
    /// other booking breaks a rule it did not break before.
    #[test]
    fn an_alternative_is_never_a_violation(plan in common::plan_strategy(10, 60)) {
        let options = window_of(&plan);
        let ctx = PlanContext::new(&plan, options.clone()).unwrap();
        let violations = check::check(&ctx);
        let key = |v: &check::Violation| (v.date, v.kind, v.rule_id);
        for v in violations.iter().filter(|v| v.alternative.is_some()) {
            let alt = v.alternative.unwrap();
            let away = days_between(v.date, alt).abs();
            prop_assert!((1..=check::ALTERNATIVE_REACH).contains(&away));
            prop_assert!(ctx.index(alt).is_some());
            let mut moved = plan.clone();
            let b = moved.bookings.iter_mut()
                .find(|b| b.date == v.date && b.kind == v.kind)
                .expect("a violation of a booking");
            b.date = alt;
            let moved_ctx = PlanContext::new(&moved, options.clone()).unwrap();
            let after = check::check(&moved_ctx);
            prop_assert!(after.iter().all(|w| w.date != alt),
                "moving {} to {} still breaks {:?}", v.date, alt, after);
            for w in &after {
                prop_assert!(violations.iter().any(|x| key(x) == key(w)),
                    "moving {} to {} breaks {:?}", v.date, alt, w);
            }
            prop_assert_eq!(check::alternative(&ctx, v.date, v.kind), Some(alt));
            // Nothing nearer would have done (the earlier day first at equal distance).
            let nearer = (1..=away)
                .flat_map(|k| [add_days(v.date, -k), add_days(v.date, k)])
                .take_while(|&d| d != alt);
            for d in nearer {
                let open = ctx.index(d).is_some()
                    && !plan.bookings.iter().any(|b| b.date == d)
                    && knead_core::constraints::can_propose(&ctx, d, v.kind);
                if !open {
                    continue;
                }
                let mut there = plan.clone();
                there.bookings.iter_mut()
                    .find(|b| b.date == v.date && b.kind == v.kind)
                    .unwrap()
                    .date = d;
                let there_ctx = PlanContext::new(&there, options.clone()).unwrap();
                let found = check::check(&there_ctx);
                prop_assert!(found.iter().any(|w| w.date == d
                    || !violations.iter().any(|x| key(x) == key(w))),
                    "{} was nearer than {} for the booking on {}", d, alt, v.date);
            }
        }
    }
}

/// A runner free only on Saturday mornings and a therapist open Monday to
/// Saturday from 10:00: massages go on Saturdays at 10:00 only.
#[test]
fn massages_go_where_both_are_free() {
    let mut a = common::athlete();
    a.free = vec![window(&[5], time(9, 0, 0, 0), time(12, 0, 0, 0))];
    a.therapist.hours = vec![window(
        &[0, 1, 2, 3, 4, 5],
        time(10, 0, 0, 0),
        time(18, 0, 0, 0),
    )];
    a.therapist.appointment_minutes = 90;
    let start = date(2027, 3, 1);
    let plan = Plan {
        athlete: a,
        workouts: (0..42)
            .map(|i| {
                let kind = if i % 7 == 2 {
                    WorkoutKind::Long
                } else {
                    WorkoutKind::Easy
                };
                Workout::new(add_days(start, i), kind)
            })
            .collect(),
        races: vec![],
        bookings: vec![],
        units: DistanceUnit::Km,
    };
    let ctx = PlanContext::new(&plan, Options::default()).unwrap();
    let schedule = plan::build(&ctx);
    let massages: Vec<_> = schedule
        .items
        .iter()
        .filter(|i| matches!(i.what, What::Massage { .. }))
        .collect();
    assert!(!massages.is_empty());
    for m in massages {
        assert_eq!(m.date.weekday(), jiff::civil::Weekday::Saturday);
        let slot = m.slot.as_ref().unwrap();
        assert_eq!(
            (slot.start, slot.end, slot.time_zone.as_str()),
            (time(10, 0, 0, 0), time(11, 30, 0, 0), "Europe/Berlin")
        );
    }
    // Why not a Thursday: the rule and the two sides' hours.
    let thursday = date(2027, 3, 11);
    let blocks = knead_core::constraints::blocks(
        &ctx,
        thursday,
        MassageType::Swedish,
        knead_core::constraints::Origin::Proposed,
    );
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].rule_id, "P-AVAILABILITY");
    assert_eq!(
        blocks[0].reason,
        "no common 90-minute slot on Thursdays: you are never free; the therapist's hours are 10:00-18:00"
    );
}

/// A booking outside the listed hours is kept and warned about, not a
/// violation; a booking on a closed day stays a violation.
#[test]
fn a_booking_outside_the_hours_is_a_warning() {
    let mut a = common::athlete();
    a.therapist.hours = vec![window(
        &[0, 1, 2, 3, 4],
        time(9, 0, 0, 0),
        time(17, 0, 0, 0),
    )];
    let start = date(2027, 3, 1); // a Monday
    let booking = |d: Date| Booking {
        date: d,
        kind: MassageType::Swedish,
        source: None,
        series: Some("every week from 2027-03-06".into()),
    };
    let plan = Plan {
        athlete: a,
        workouts: (0..14)
            .map(|i| Workout::new(add_days(start, i), WorkoutKind::Easy))
            .collect(),
        races: vec![],
        // Saturday: open (Monday to Saturday) but no hours listed; Sunday: closed.
        bookings: vec![booking(date(2027, 3, 6)), booking(date(2027, 3, 7))],
        units: DistanceUnit::Km,
    };
    let ctx = PlanContext::new(&plan, Options::default()).unwrap();
    let violations = check::check(&ctx);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(
        (violations[0].date, violations[0].rule_id),
        (date(2027, 3, 7), "P-AVAILABILITY")
    );
    assert_eq!(
        violations[0].series.as_deref(),
        Some("every week from 2027-03-06")
    );
    let warnings = plan::booking_warnings(&ctx);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].date, Some(date(2027, 3, 6)));
    assert_eq!(
        warnings[0].message,
        "your booked swedish massage on 2027-03-06 (every week from 2027-03-06): no common 60-minute slot on Saturdays: the therapist has no hours; kept as booked (it may have been made outside the listed hours): check its time"
    );
    let schedule = plan::build(&ctx);
    assert!(schedule.warnings.iter().any(|w| w == &warnings[0]));
    // The booked massages name no slot: their time is the runner's.
    assert!(schedule.items.iter().all(|i| i.slot.is_none()));
}

/// A fortnightly Swedish course across a race week: the occurrence inside
/// the post-race wait breaks R-POST-RACE, names its series, and is offered
/// the nearest day outside the wait.
#[test]
fn a_course_occurrence_in_the_post_race_wait_gets_an_alternative() {
    let start = date(2027, 1, 4); // a Monday
    let series = "every 2 weeks from 2027-01-07";
    let plan = Plan {
        athlete: common::athlete(),
        workouts: (0..70)
            .map(|i| Workout::new(add_days(start, i), WorkoutKind::Easy))
            .collect(),
        // A marathon on Tuesday 2 February: wait at least 3 days.
        races: vec![Race {
            date: date(2027, 2, 2),
            name: "Winter Marathon".into(),
            distance_km: distance::MARATHON,
            priority: Priority::A,
        }],
        bookings: (0..5)
            .map(|k| Booking {
                date: add_days(date(2027, 1, 7), 14 * k),
                kind: MassageType::Swedish,
                source: None,
                series: Some(series.into()),
            })
            .collect(),
        units: DistanceUnit::Km,
    };
    let ctx = PlanContext::new(&plan, Options::default()).unwrap();
    let violations = check::check(&ctx);
    // Thursday 4 February is 2 days after the race.
    assert_eq!(violations.len(), 1, "{violations:?}");
    let v = &violations[0];
    assert_eq!((v.date, v.rule_id), (date(2027, 2, 4), "R-POST-RACE"));
    assert_eq!(v.series.as_deref(), Some(series));
    // Friday 5 February: 3 days after, the first day outside the wait.
    assert_eq!(v.alternative, Some(date(2027, 2, 5)));
}
