//! Appointment slots: when, on a given weekday, the runner is free and the
//! therapist is open for one appointment.
//!
//! Both sides give weekly windows ([`Window`]): the runner's free times
//! (`Athlete::free`) and the therapist's opening hours (`Availability::hours`),
//! civil times in the athlete's time zone. An empty list means "any time" on
//! that side. A massage fits a day when the two sides share a stretch of time
//! at least one appointment long (`Availability::appointment_minutes`); the
//! slot knead names is the earliest such start. Windows of one side that
//! overlap or touch count as one stretch (17:00-18:00 and 18:00-19:00 hold a
//! 90-minute appointment at 17:00).
//!
//! Everything here is pure and depends on the weekday only (closed dates are
//! [`crate::model::Availability::open_on`]'s business), so the plan context
//! computes it once per weekday.

use std::fmt;

use jiff::SignedDuration;
use jiff::civil::Time;
use serde::{Serialize, Serializer};

use crate::model::Window;

/// A stretch of one day, `from` (inclusive) to `to` (exclusive), `from < to`.
pub type Span = (Time, Time);

/// The appointment knead names for a proposed massage: a start and an end on
/// the massage's day, civil times in `time_zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// When the appointment starts (`HH:MM` in JSON).
    #[serde(serialize_with = "hhmm")]
    pub start: Time,
    /// When it ends (`HH:MM` in JSON).
    #[serde(serialize_with = "hhmm")]
    pub end: Time,
    /// The IANA time zone the times are in: the athlete's.
    pub time_zone: String,
}

/// How a massage fits one weekday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// Neither side lists hours: the massage fits any time of the day, and
    /// knead names no slot (the all-day behaviour).
    AnyTime,
    /// The earliest common slot, start and end.
    At(Time, Time),
    /// No common stretch is one appointment long.
    NoSlot(NoSlot),
}

/// Why a weekday has no common slot: both sides' stretches of that day
/// (`None` for a side that gives no hours, i.e. any time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSlot {
    /// The weekday, Monday-zero.
    pub weekday: usize,
    /// The runner's free stretches that day.
    pub free: Option<Vec<Span>>,
    /// The therapist's open stretches that day.
    pub hours: Option<Vec<Span>>,
    /// The appointment length in minutes.
    pub minutes: u16,
}

const WEEKDAY_PLURALS: [&str; 7] = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
];

impl fmt::Display for NoSlot {
    /// "no common 60-minute slot on Tuesdays: you are free 17:30-21:00; the
    /// therapist's hours are 09:00-18:00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = WEEKDAY_PLURALS[self.weekday.min(6)];
        let side = |spans: &Option<Vec<Span>>, none: &str, some: &str| match spans {
            None => None,
            Some(s) if s.is_empty() => Some(none.to_string()),
            Some(s) => Some(format!("{some} {}", show_spans(s))),
        };
        let parts: Vec<String> = [
            side(&self.free, "you are never free", "you are free"),
            side(
                &self.hours,
                "the therapist has no hours",
                "the therapist's hours are",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        write!(
            f,
            "no common {}-minute slot on {day}: {}",
            self.minutes,
            parts.join("; ")
        )
    }
}

/// "09:00-12:00, 14:00-18:00".
pub fn show_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|(a, b)| format!("{}-{}", show_time(*a), show_time(*b)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time as `HH:MM`, or `HH:MM:SS` when it has seconds (a window built in
/// code; the plan file holds whole minutes).
pub fn show_time(t: Time) -> String {
    if t.second() == 0 && t.subsec_nanosecond() == 0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

fn hhmm<S: Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&show_time(*t))
}

/// Nanoseconds since midnight.
fn nanos(t: Time) -> i64 {
    t.duration_since(Time::midnight()).as_nanos() as i64
}

/// The stretches of `windows` on `weekday` (Monday-zero), sorted, with
/// overlapping or touching ones merged; `None` when `windows` is empty (any
/// time). A window whose `from` is not before its `to` holds no time.
pub fn stretches(windows: &[Window], weekday: usize) -> Option<Vec<Span>> {
    if windows.is_empty() {
        return None;
    }
    let spans: Vec<Span> = windows
        .iter()
        .filter(|w| w.weekdays.get(weekday).copied().unwrap_or(false) && w.from < w.to)
        .map(|w| (w.from, w.to))
        .collect();
    Some(merge(spans))
}

/// `spans` sorted, with overlapping or touching ones merged into one.
pub fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|(a, b)| a < b);
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The time both `a` and `b` cover (each sorted and merged, as [`merge`] gives).
pub fn intersect(a: &[Span], b: &[Span]) -> Vec<Span> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let from = a[i].0.max(b[j].0);
        let to = a[i].1.min(b[j].1);
        if from < to {
            out.push((from, to));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The earliest start in `spans` (sorted) of a stretch `minutes` long, with its end.
pub fn earliest(spans: &[Span], minutes: u16) -> Option<Span> {
    let len = SignedDuration::from_mins(i64::from(minutes));
    let len_nanos = len.as_nanos() as i64;
    spans
        .iter()
        .find(|(a, b)| nanos(*b) - nanos(*a) >= len_nanos)
        .and_then(|(a, _)| a.checked_add(len).ok().map(|end| (*a, end)))
}

/// How an appointment of `minutes` fits `weekday` (Monday-zero) between the
/// runner's `free` windows and the therapist's `hours`.
pub fn fit(free: &[Window], hours: &[Window], weekday: usize, minutes: u16) -> Fit {
    let free_spans = stretches(free, weekday);
    let hour_spans = stretches(hours, weekday);
    let whole_day = || vec![(Time::midnight(), Time::MAX)];
    let common = match (&free_spans, &hour_spans) {
        (None, None) => return Fit::AnyTime,
        (Some(f), None) => intersect(f, &whole_day()),
        (None, Some(h)) => intersect(&whole_day(), h),
        (Some(f), Some(h)) => intersect(f, h),
    };
    match earliest(&common, minutes) {
        Some((start, end)) => Fit::At(start, end),
        None => Fit::NoSlot(NoSlot {
            weekday,
            free: free_spans,
            hours: hour_spans,
            minutes,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::time;

    fn t(h: i8, m: i8) -> Time {
        time(h, m, 0, 0)
    }

    fn window(days: &[usize], from: Time, to: Time) -> Window {
        let mut weekdays = [false; 7];
        for &d in days {
            weekdays[d] = true;
        }
        Window { weekdays, from, to }
    }

    const WEEK: [usize; 5] = [0, 1, 2, 3, 4];

    #[test]
    fn no_hours_on_either_side_is_any_time() {
        assert_eq!(fit(&[], &[], 1, 60), Fit::AnyTime);
    }

    #[test]
    fn the_earliest_common_start_is_chosen() {
        let free = [window(&WEEK, t(17, 30), t(21, 0))];
        let hours = [window(&WEEK, t(9, 0), t(19, 0))];
        assert_eq!(fit(&free, &hours, 1, 60), Fit::At(t(17, 30), t(18, 30)));
        // One side only: the other is open all day.
        assert_eq!(fit(&free, &[], 1, 60), Fit::At(t(17, 30), t(18, 30)));
        assert_eq!(fit(&[], &hours, 1, 60), Fit::At(t(9, 0), t(10, 0)));
    }

    #[test]
    fn minute_boundaries_are_exact() {
        let hours = [window(&WEEK, t(9, 0), t(18, 0))];
        // Exactly one appointment long: fits, ending when the therapist closes.
        let free = [window(&WEEK, t(17, 0), t(21, 0))];
        assert_eq!(fit(&free, &hours, 0, 60), Fit::At(t(17, 0), t(18, 0)));
        // One minute short: no slot.
        let free = [window(&WEEK, t(17, 1), t(21, 0))];
        assert!(matches!(fit(&free, &hours, 0, 60), Fit::NoSlot(_)));
        // Windows that only touch share no time.
        let free = [window(&WEEK, t(18, 0), t(21, 0))];
        assert!(matches!(fit(&free, &hours, 0, 1), Fit::NoSlot(_)));
        // A 1-minute appointment in a 1-minute overlap.
        let free = [window(&WEEK, t(17, 59), t(21, 0))];
        assert_eq!(fit(&free, &hours, 0, 1), Fit::At(t(17, 59), t(18, 0)));
    }

    #[test]
    fn windows_of_one_side_join_when_they_touch_or_overlap() {
        let free = [
            window(&[1], t(18, 0), t(19, 0)),
            window(&[1], t(17, 0), t(18, 0)),
        ];
        assert_eq!(fit(&free, &[], 1, 90), Fit::At(t(17, 0), t(18, 30)));
        let hours = [
            window(&[1], t(8, 0), t(12, 0)),
            window(&[1], t(11, 0), t(13, 0)),
            window(&[1], t(14, 0), t(20, 0)),
        ];
        assert_eq!(
            stretches(&hours, 1),
            Some(vec![(t(8, 0), t(13, 0)), (t(14, 0), t(20, 0))])
        );
    }

    #[test]
    fn intersections_across_several_windows() {
        // Free at lunch and in the evening; open mornings and afternoons.
        let free = [
            window(&WEEK, t(12, 0), t(13, 30)),
            window(&WEEK, t(17, 30), t(21, 0)),
        ];
        let hours = [
            window(&WEEK, t(8, 0), t(12, 30)),
            window(&WEEK, t(13, 0), t(19, 0)),
        ];
        let common = intersect(
            &stretches(&free, 2).unwrap(),
            &stretches(&hours, 2).unwrap(),
        );
        assert_eq!(
            common,
            vec![
                (t(12, 0), t(12, 30)),
                (t(13, 0), t(13, 30)),
                (t(17, 30), t(19, 0)),
            ]
        );
        // Neither lunch piece holds 45 minutes; the evening does.
        assert_eq!(fit(&free, &hours, 2, 45), Fit::At(t(17, 30), t(18, 15)));
        assert_eq!(fit(&free, &hours, 2, 30), Fit::At(t(12, 0), t(12, 30)));
        assert!(matches!(fit(&free, &hours, 2, 91), Fit::NoSlot(_)));
    }

    #[test]
    fn weekdays_are_kept_apart() {
        let free = [window(&[5, 6], t(9, 0), t(12, 0))];
        let hours = [window(&WEEK, t(9, 0), t(18, 0))];
        // Saturday: free but closed (no hours listed for it).
        let Fit::NoSlot(why) = fit(&free, &hours, 5, 60) else {
            panic!("no slot on Saturday");
        };
        assert_eq!(
            why.to_string(),
            "no common 60-minute slot on Saturdays: you are free 09:00-12:00; the therapist has no hours"
        );
        // Monday: open but the runner is never free.
        let Fit::NoSlot(why) = fit(&free, &hours, 0, 60) else {
            panic!("no slot on Monday");
        };
        assert_eq!(
            why.to_string(),
            "no common 60-minute slot on Mondays: you are never free; the therapist's hours are 09:00-18:00"
        );
    }

    #[test]
    fn backwards_windows_hold_no_time() {
        // The plan file refuses them; built in code they are empty, not overnight.
        let free = [window(&WEEK, t(21, 0), t(7, 0))];
        assert_eq!(stretches(&free, 0), Some(vec![]));
        assert!(matches!(fit(&free, &[], 0, 60), Fit::NoSlot(_)));
    }

    #[test]
    fn a_slot_may_end_at_the_last_instant_of_the_day() {
        let free = [window(&[0], t(22, 59), Time::MAX)];
        assert_eq!(fit(&free, &[], 0, 60), Fit::At(t(22, 59), t(23, 59)));
        assert_eq!(show_time(t(7, 5)), "07:05");
        assert_eq!(show_time(time(7, 5, 9, 0)), "07:05:09");
    }
}
