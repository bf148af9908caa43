//! Bounds on recurrence expansion, so the work per file stays small.
//!
//! calcard expands a rule from its DTSTART and, between two occurrences,
//! searches period after period (up to year 10,000 or 100,000 periods) for the
//! next one: a rule that never matches (`BYMONTH=2;BYMONTHDAY=31`) costs
//! milliseconds, an old DAILY rule walks every day since its DTSTART, and a
//! huge COUNT is followed to the end. Here a rule is
//! - found to never match when its days of the month fit none of its months
//!   (it then gives no occurrence, at no cost);
//! - started near the window instead of at DTSTART when whole periods can be
//!   skipped (DAILY, WEEKLY and finer rules without a COUNT that can bind);
//! - classed as "dense" when it is sure to match again within a few years of
//!   any day; other rules cost up to a few milliseconds each, and the caller
//!   bounds how many of them one file may have.

use calcard::common::PartialDateTime;
use calcard::icalendar::{ICalendarFrequency, ICalendarRecurrenceRule};
use jiff::civil::DateTime;

/// Days in each month of a leap year (the most a month can have).
const MONTH_DAYS: [i8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The months (1-12) a rule can fall in: its BYMONTH, and for a MONTHLY rule
/// only those its INTERVAL reaches from the month of DTSTART.
fn reachable_months(rule: &ICalendarRecurrenceRule, start_month: u8) -> Vec<u8> {
    let listed = |m: u8| rule.bymonth.is_empty() || rule.bymonth.iter().any(|b| b.month() == m);
    let interval = usize::from(rule.interval.unwrap_or(1).max(1));
    let mut months: Vec<u8> = if rule.freq == ICalendarFrequency::Monthly && interval > 1 {
        (0..12)
            .map(|k| ((usize::from(start_month.clamp(1, 12)) - 1 + k * interval) % 12) as u8 + 1)
            .collect()
    } else {
        (1..=12).collect()
    };
    months.sort_unstable();
    months.dedup();
    months.retain(|&m| listed(m));
    months
}

/// Whether some BYMONTHDAY value exists in one of `months` (any of them when
/// there is no BYMONTHDAY); `limit` is the least number of days counted for a
/// month (29 to accept 29 February, 30 to take it as too rare).
fn some_month_day_fits(rule: &ICalendarRecurrenceRule, months: &[u8], limit: i8) -> bool {
    if rule.bymonthday.is_empty() {
        return !months.is_empty();
    }
    rule.bymonthday.iter().any(|&d| {
        months.iter().any(|&m| {
            let days = MONTH_DAYS[usize::from(m.clamp(1, 12)) - 1];
            let days = if m == 2 && limit > 29 { 28 } else { days };
            d != 0 && d.unsigned_abs() <= days.unsigned_abs()
        })
    })
}

/// The rule with the day of the month calcard takes from DTSTART when a
/// MONTHLY or YEARLY rule names no day (`FREQ=YEARLY;BYMONTH=2` from 31 January
/// means 31 February).
pub(super) fn with_implicit_day(
    rule: &ICalendarRecurrenceRule,
    start: &PartialDateTime,
) -> ICalendarRecurrenceRule {
    let mut rule = rule.clone();
    let names_days = !rule.byweekno.is_empty()
        || !rule.byyearday.is_empty()
        || !rule.bymonthday.is_empty()
        || !rule.byday.is_empty();
    let by_month_or_year = matches!(
        rule.freq,
        ICalendarFrequency::Monthly | ICalendarFrequency::Yearly
    );
    if by_month_or_year && !names_days {
        rule.bymonthday = start
            .day
            .and_then(|d| i8::try_from(d).ok())
            .into_iter()
            .collect();
    }
    rule
}

/// Whether the rule can never give an occurrence: no month it reaches has a
/// day it names (30 February, 31 April), or BYMONTH and INTERVAL never meet.
pub(super) fn never_matches(rule: &ICalendarRecurrenceRule, start: &PartialDateTime) -> bool {
    let months = reachable_months(rule, start.month.unwrap_or(1));
    months.is_empty() || !some_month_day_fits(rule, &months, 29)
}

/// Whether calcard is sure to find the rule's next occurrence within a few
/// years of any day: plain rules and the common Outlook, Google and Apple
/// patterns. Anything unusual is not dense (which costs time, not
/// correctness).
pub(super) fn is_dense(rule: &ICalendarRecurrenceRule, start: &PartialDateTime) -> bool {
    use ICalendarFrequency::*;
    if !rule.byweekno.is_empty() || !rule.byyearday.is_empty() {
        return false;
    }
    if !rule.bysetpos.is_empty() && !dense_positions(rule) {
        return false;
    }
    let day_filters =
        !rule.bymonth.is_empty() || !rule.bymonthday.is_empty() || !rule.byday.is_empty();
    let interval = rule.interval.unwrap_or(1).max(1);
    match rule.freq {
        Hourly | Minutely | Secondly => {
            !day_filters
                && rule.byhour.is_empty()
                && rule.byminute.is_empty()
                && rule.bysecond.is_empty()
        }
        Daily if interval > 1 => !day_filters,
        Weekly if rule.byday.iter().any(|d| d.ordwk.is_some()) => false,
        Weekly if interval > 4 => rule.bymonth.is_empty() && rule.bymonthday.is_empty(),
        Weekly => rule.bymonthday.is_empty(),
        Daily | Monthly | Yearly => dense_days(rule, start),
    }
}

/// Whether BYSETPOS picks an occurrence in every period: plain weekdays
/// (Outlook's "last weekday of the month") in a WEEKLY, MONTHLY or YEARLY rule
/// with a position no further than the weekdays each period surely holds.
fn dense_positions(rule: &ICalendarRecurrenceRule) -> bool {
    let per_week = rule.byday.len();
    let weeks = match rule.freq {
        ICalendarFrequency::Weekly => 1,
        ICalendarFrequency::Monthly => 4,
        ICalendarFrequency::Yearly if rule.bymonth.is_empty() => 52,
        ICalendarFrequency::Yearly => 4,
        _ => return false,
    };
    let plain =
        per_week > 0 && rule.byday.iter().all(|d| d.ordwk.is_none()) && rule.bymonthday.is_empty();
    let times = [rule.byhour.len(), rule.byminute.len(), rule.bysecond.len()]
        .iter()
        .map(|&n| n.max(1))
        .product::<usize>();
    plain
        && rule
            .bysetpos
            .iter()
            .any(|&p| p != 0 && p.unsigned_abs() as usize <= per_week * weeks * times)
}

/// For DAILY (every day), MONTHLY and YEARLY rules: whether the days they name
/// come at least every few years.
fn dense_days(rule: &ICalendarRecurrenceRule, start: &PartialDateTime) -> bool {
    let months = reachable_months(rule, start.month.unwrap_or(1));
    // 29 February alone comes once in four (or eight) years: not dense.
    if !some_month_day_fits(rule, &months, 30) {
        return false;
    }
    let all_months = months.len() == 12;
    if rule.byday.is_empty() {
        return true;
    }
    // A weekday on given days of the month (Friday 13th): dense only over every month.
    if !rule.bymonthday.is_empty() {
        return all_months && rule.bymonthday.iter().any(|d| d.unsigned_abs() <= 28);
    }
    let yearly_ordinal = rule.freq == ICalendarFrequency::Yearly && rule.bymonth.is_empty();
    rule.byday.iter().any(|d| match d.ordwk {
        None => true,
        Some(n) if yearly_ordinal => n != 0 && n.unsigned_abs() <= 52,
        Some(n) => n != 0 && (n.unsigned_abs() <= 4 || (n.unsigned_abs() == 5 && all_months)),
    })
}

/// The length in seconds of the rule's period times its INTERVAL, for the
/// frequencies whose periods are fixed lengths (DAILY, WEEKLY and finer).
pub(super) fn step_seconds(rule: &ICalendarRecurrenceRule) -> Option<i64> {
    let unit = match rule.freq {
        ICalendarFrequency::Weekly => 7 * 86_400,
        ICalendarFrequency::Daily => 86_400,
        ICalendarFrequency::Hourly => 3_600,
        ICalendarFrequency::Minutely => 60,
        ICalendarFrequency::Secondly => 1,
        ICalendarFrequency::Monthly | ICalendarFrequency::Yearly => return None,
    };
    Some(unit * i64::from(rule.interval.unwrap_or(1).max(1)))
}

/// The most occurrences the rule can have from `start` to `cutoff`: one per
/// second for the finer frequencies, else one per day and time of day.
fn most_occurrences(rule: &ICalendarRecurrenceRule, start: DateTime, cutoff: DateTime) -> i64 {
    let seconds = start.duration_until(cutoff).as_secs().max(0);
    if rule.freq > ICalendarFrequency::Daily {
        return seconds.saturating_add(1);
    }
    let times = [rule.byhour.len(), rule.byminute.len(), rule.bysecond.len()]
        .iter()
        .map(|&n| n.max(1) as i64)
        .product::<i64>();
    (seconds / 86_400 + 2).saturating_mul(times)
}

/// Drops a COUNT too large to end the rule before `cutoff`: the rule is then
/// bounded by the window like an endless one.
pub(super) fn drop_unreachable_count(
    rule: &mut ICalendarRecurrenceRule,
    start: DateTime,
    cutoff: DateTime,
) {
    if rule
        .count
        .is_some_and(|c| i64::from(c) > most_occurrences(rule, start, cutoff))
    {
        rule.count = None;
    }
}

/// How many seconds DTSTART may move forward, in whole periods of the rule,
/// without passing `target` (a time before the window): `None` when it may not
/// move (a COUNT counts from DTSTART; MONTHLY and YEARLY periods vary in length).
pub(super) fn skippable_seconds(
    rule: &ICalendarRecurrenceRule,
    start: DateTime,
    target: DateTime,
) -> Option<i64> {
    if rule.count.is_some() {
        return None;
    }
    let step = step_seconds(rule)?;
    let gap = start.duration_until(target).as_secs();
    let skip = gap / step * step;
    (skip > 0).then_some(skip)
}

/// The civil date and time of a DATE or DATE-TIME value (midnight for a DATE).
pub(super) fn civil(value: &PartialDateTime) -> Option<DateTime> {
    DateTime::new(
        i16::try_from(value.year?).ok()?,
        i8::try_from(value.month?).ok()?,
        i8::try_from(value.day?).ok()?,
        i8::try_from(value.hour.unwrap_or(0)).ok()?,
        i8::try_from(value.minute.unwrap_or(0)).ok()?,
        i8::try_from(value.second.unwrap_or(0).min(59)).ok()?,
        0,
    )
    .ok()
}

/// Moves a DATE or DATE-TIME value `seconds` later, keeping its form (date
/// only, zone); `false` when it cannot be moved.
pub(super) fn move_later(value: &mut PartialDateTime, seconds: i64) -> bool {
    let Some(moved) =
        civil(value).and_then(|c| c.checked_add(jiff::SignedDuration::from_secs(seconds)).ok())
    else {
        return false;
    };
    let Ok(year) = u16::try_from(moved.year()) else {
        return false;
    };
    value.year = Some(year);
    value.month = Some(moved.month() as u8);
    value.day = Some(moved.day() as u8);
    if value.has_time() {
        value.hour = Some(moved.hour() as u8);
        value.minute = Some(moved.minute() as u8);
        value.second = Some(moved.second() as u8);
    }
    true
}
