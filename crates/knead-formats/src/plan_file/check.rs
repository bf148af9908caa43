//! The second step of reading: checks across values, then the model.

use std::ops::Range;

use knead_core::model::{
    Athlete, Availability, Booking, Credit, DateRange, HealthFlag, Injury, MAX_CREDITS, Physiology,
    Plan, Prices, Priority, Race, Window, Workout,
};
use knead_core::slots::{self, Fit};
use toml::Spanned;

use super::error::Source;
use super::raw::{RawPlan, RawRepeat, RawWindow};
use super::value::Closed;
use super::{Parsed, PlanError};
use crate::suggest::{did_you_mean, nearest};

/// "`until` 2026-01-01 is before `since` 2026-02-01".
fn before_message(
    end_name: &str,
    end: jiff::civil::Date,
    start_name: &str,
    start: jiff::civil::Date,
) -> String {
    format!("`{end_name}` {end} is before `{start_name}` {start}")
}

/// The time zones of jiff's database whose names are nearest to `name`, ignoring
/// case ("Europe/Londn", "london": "Europe/London").
fn nearest_time_zones(name: &str) -> Vec<String> {
    let zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|zone| zone.as_str().to_string())
        .collect();
    let lower: Vec<String> = zones.iter().map(|z| z.to_ascii_lowercase()).collect();
    let near = nearest(
        &name.trim().to_ascii_lowercase(),
        lower.iter().map(String::as_str),
    );
    near.into_iter()
        .filter_map(|n| lower.iter().position(|l| l == n))
        .map(|i| zones[i].clone())
        .collect()
}

/// The second step: checks across values, then the model.
pub(super) fn build(src: &Source<'_>, raw: RawPlan) -> Result<Parsed, PlanError> {
    let mut warnings = Vec::new();
    let units = raw.units.map(|u| u.0).unwrap_or_default();
    let a = raw.athlete;

    let tz_name = a.time_zone.get_ref();
    if jiff::tz::TimeZone::get(tz_name).is_err() {
        let mut message =
            format!("unknown time zone `{tz_name}`: expected an IANA name such as Europe/London");
        if let Some(hint) = did_you_mean(&nearest_time_zones(tz_name)) {
            message = format!("{message}; {hint}");
        }
        return Err(src.error(a.time_zone.span(), message, "unknown time zone", None));
    }

    let currency = a.currency.get_ref().trim();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(src.error(
            a.currency.span(),
            format!("currency `{currency}` is not an ISO 4217 code: expected three letters such as EUR, GBP or USD"),
            "not a currency code",
            None,
        ));
    }

    for (name, price) in [
        ("deep", &a.prices.deep),
        ("art", &a.prices.art),
        ("swedish", &a.prices.swedish),
    ] {
        if price.get_ref().0 == 0 {
            return Err(src.error(
                price.span(),
                format!("the price of one `{name}` session must be more than 0"),
                "zero price",
                None,
            ));
        }
    }

    let defaults = Physiology::default();
    let resting_hr = a
        .resting_hr
        .as_ref()
        .map_or(defaults.resting_hr, |r| r.get_ref().0);
    let max_hr = a.max_hr.as_ref().map_or(defaults.max_hr, |r| r.get_ref().0);
    if resting_hr >= max_hr {
        let span = a
            .max_hr
            .as_ref()
            .or(a.resting_hr.as_ref())
            .map_or(0..0, |s| s.span());
        return Err(src.error(
            span,
            format!("`max_hr` {max_hr} must be above `resting_hr` {resting_hr}"),
            "not above the resting heart rate",
            None,
        ));
    }

    let mut injuries = Vec::with_capacity(a.injuries.len());
    for i in a.injuries {
        let since = i.since.get_ref().0;
        let until = i.until.map(|u| (u.span(), u.into_inner().0));
        if let Some((span, u)) = until.as_ref().filter(|(_, u)| *u < since) {
            return Err(src.error(
                span.clone(),
                before_message("until", *u, "since", since),
                "ends before it starts",
                None,
            ));
        }
        injuries.push(Injury {
            area: i.area.0,
            since,
            until: until.map(|(_, u)| u),
        });
    }

    let mut health = Vec::with_capacity(a.health.len());
    for h in a.health {
        let from = h.from.get_ref().0;
        let until = h.until.map(|u| (u.span(), u.into_inner().0));
        if let Some((span, u)) = until.as_ref().filter(|(_, u)| *u < from) {
            return Err(src.error(
                span.clone(),
                before_message("until", *u, "from", from),
                "ends before it starts",
                None,
            ));
        }
        let local = matches!(
            knead_core::safety::rule_for(h.condition.0).1,
            knead_core::safety::Action::AvoidArea
        );
        if local && h.area.is_none() {
            return Err(src.error(
                h.from.span(),
                format!(
                    "health flag `{}` needs an `area`: massage is kept off that area (e.g. area = \"calf\")",
                    knead_core::safety::describe(h.condition.0)
                ),
                "no area given for this flag",
                None,
            ));
        }
        health.push(HealthFlag {
            condition: h.condition.0,
            // Only local conditions concern one area; a fever is everywhere.
            area: h.area.map(|x| x.0).filter(|_| local),
            from,
            until: until.map(|(_, u)| u),
        });
    }

    let free_span = a.free.first().map(Spanned::span);
    let free = windows(src, a.free)?;
    let mut credits = Vec::with_capacity(a.credits.len());
    for (i, c) in a.credits.into_iter().enumerate() {
        if i == MAX_CREDITS {
            return Err(src.error(
                c.sessions.span(),
                format!(
                    "too many prepaid packages: knead plans with at most {MAX_CREDITS} `[[athlete.credits]]` tables"
                ),
                "one package too many",
                None,
            ));
        }
        let valid_until = c.valid_until.get_ref().0;
        let valid_from = c.valid_from.as_ref().map(|f| f.get_ref().0);
        if let Some(from) = valid_from.filter(|f| valid_until < *f) {
            return Err(src.error(
                c.valid_until.span(),
                before_message("valid_until", valid_until, "valid_from", from),
                "ends before it starts",
                None,
            ));
        }
        credits.push(Credit {
            kind: c.kind.0.0,
            sessions: c.sessions.get_ref().0,
            valid_from,
            valid_until,
            name: c.name,
        });
    }

    let mut therapist = Availability::default();
    let mut first_hours_span = None;
    if let Some(t) = a.therapist {
        let hour_spans: Vec<Range<usize>> = t.hours.iter().map(Spanned::span).collect();
        first_hours_span = hour_spans.first().cloned();
        therapist.hours = windows(src, t.hours)?;
        if let Some(m) = t.appointment_minutes {
            let minutes = m.get_ref().0;
            therapist.appointment_minutes = u16::try_from(minutes)
                .ok()
                .filter(|m| APPOINTMENT_MINUTES.contains(m))
                .ok_or_else(|| {
                    src.error(
                        m.span(),
                        format!(
                            "`appointment_minutes` {minutes} is out of range: expected {} to {} minutes",
                            APPOINTMENT_MINUTES.start(),
                            APPOINTMENT_MINUTES.end()
                        ),
                        "out of range",
                        None,
                    )
                })?;
        }
        let listed = t.weekdays.is_some();
        if let Some(days) = t.weekdays {
            let span = days.span();
            let days = days.into_inner();
            therapist.weekdays = [false; 7];
            for d in &days {
                therapist.weekdays[d.0.0] = true;
            }
            if days.is_empty() {
                warnings.push(src.warning(
                    span.clone(),
                    "`weekdays` is empty: the therapist is never open, so no professional massage can be planned",
                ));
            }
            // Hours and open weekdays that do not meet.
            for (w, wspan) in therapist.hours.iter().zip(&hour_spans) {
                let ignored: Vec<&str> = (0..7)
                    .filter(|&i| w.weekdays[i] && !therapist.weekdays[i])
                    .map(|i| DAY_NAMES[i])
                    .collect();
                if !ignored.is_empty() {
                    warnings.push(src.warning(
                        wspan.clone(),
                        &format!(
                            "these hours are ignored on {}: `weekdays` does not list {}",
                            ignored.join(", "),
                            if ignored.len() == 1 { "it" } else { "them" }
                        ),
                    ));
                }
            }
            if !therapist.hours.is_empty() {
                let without: Vec<&str> = (0..7)
                    .filter(|&i| {
                        therapist.weekdays[i] && !therapist.hours.iter().any(|w| w.weekdays[i])
                    })
                    .map(|i| DAY_NAMES[i])
                    .collect();
                if !without.is_empty() {
                    warnings.push(src.warning(
                        span,
                        &format!(
                            "no `hours` are listed for {}: no professional massage can be planned then",
                            without.join(", ")
                        ),
                    ));
                }
            }
        }
        if !listed && !therapist.hours.is_empty() {
            // Without `weekdays`, the days of the hours are the open days.
            therapist.weekdays =
                std::array::from_fn(|i| therapist.hours.iter().any(|w| w.weekdays[i]));
        }
        for c in t.closed {
            let range = match c.into_inner() {
                Closed::Day(d) => DateRange { from: d, to: d },
                Closed::Range { from, to } => {
                    let (f, t) = (from.get_ref().0, to.get_ref().0);
                    if t < f {
                        return Err(src.error(
                            to.span(),
                            before_message("to", t, "from", f),
                            "ends before it starts",
                            None,
                        ));
                    }
                    DateRange { from: f, to: t }
                }
            };
            therapist.closed.push(range);
        }
    }
    let open_days: Vec<usize> = (0..7).filter(|&i| therapist.weekdays[i]).collect();
    let no_slot = !open_days.is_empty()
        && (!free.is_empty() || !therapist.hours.is_empty())
        && open_days.iter().all(|&i| {
            matches!(
                slots::fit(&free, &therapist.hours, i, therapist.appointment_minutes),
                Fit::NoSlot(_)
            )
        });
    if no_slot {
        warnings.push(src.warning(
            free_span.or(first_hours_span).unwrap_or(0..0),
            &format!(
                "your free times and the therapist's hours share no {}-minute slot on any day: no professional massage can be planned",
                therapist.appointment_minutes
            ),
        ));
    }

    let workouts: Vec<Workout> = raw
        .workouts
        .into_iter()
        .map(|w| Workout {
            date: w.date.into_inner().0,
            kind: w.kind.0,
            minutes: w.minutes.map(|m| m.0),
            distance_km: w.distance.map(|d| d.0.km(units)),
            title: w.title,
            notes: w.notes,
            source: None,
        })
        .collect();

    let races: Vec<Race> = raw
        .races
        .into_iter()
        .map(|r| Race {
            date: r.date.into_inner().0,
            name: r.name,
            distance_km: r.distance.0.km(units),
            priority: r.priority.map_or(Priority::A, |p| p.0),
        })
        .collect();

    let mut bookings: Vec<Booking> = Vec::with_capacity(raw.bookings.len());
    let mut booked: Vec<(jiff::civil::Date, Range<usize>)> = Vec::new();
    for b in raw.bookings {
        let span = b.date.span();
        let first = b.date.into_inner().0;
        let (dates, series) = match (b.repeat, b.series) {
            (Some(_), Some(label)) => {
                return Err(src.error(
                    label.span(),
                    "a booking with `repeat` names its own series: leave `series` out".into(),
                    "`series` beside `repeat`",
                    None,
                ));
            }
            (Some(r), None) => {
                let (every, dates) = occurrences(src, first, r.into_inner())?;
                (dates, Some(series_name(every, first)))
            }
            (None, label) => (vec![first], label.map(Spanned::into_inner)),
        };
        for date in dates {
            if let Some((_, taken)) = booked.iter().find(|(d, _)| *d == date) {
                let message = match &series {
                    Some(name) if date != first => format!(
                        "the booking repeating {name} falls on {date}, where a massage is already booked (line {}): knead plans at most one massage a day",
                        src.line_of(taken)
                    ),
                    _ => format!(
                        "a massage is already booked on {date} (line {}): knead plans at most one massage a day",
                        src.line_of(taken)
                    ),
                };
                return Err(src.error(span, message, "second booking on this day", None));
            }
            if !therapist.open_on(date) {
                warnings.push(src.warning(
                    span.clone(),
                    &format!(
                        "the booking on {date} ({}) falls on a day the therapist is closed",
                        date.weekday_name()
                    ),
                ));
            }
            booked.push((date, span.clone()));
            bookings.push(Booking {
                date,
                kind: b.kind.0,
                source: None,
                series: series.clone(),
            });
        }
    }

    if workouts.is_empty() && races.is_empty() {
        return Err(src.error(
            0..0,
            "nothing to plan: the file has no workouts and no races".to_string(),
            "nothing to plan",
            Some("add at least one [[workouts]] or [[races]] entry".to_string()),
        ));
    }

    let mut plan = Plan {
        athlete: Athlete {
            name: a.name,
            time_zone: tz_name.clone(),
            currency: currency.to_ascii_uppercase(),
            monthly_budget: a.monthly_budget.0,
            prices: Prices {
                deep: a.prices.deep.get_ref().0,
                art: a.prices.art.get_ref().0,
                swedish: a.prices.swedish.get_ref().0,
            },
            credits,
            tools: a.tools.into_iter().fold(Vec::new(), |mut v, t| {
                if !v.contains(&t.0) {
                    v.push(t.0);
                }
                v
            }),
            regular_massage: a.regular_massage,
            injuries,
            therapist,
            health,
            free,
            physiology: Physiology {
                sex: a.sex.map_or(defaults.sex, |s| s.0),
                resting_hr,
                max_hr,
            },
        },
        workouts,
        races,
        bookings,
        units,
    };
    plan.workouts.sort_by_key(|w| w.date);
    plan.races.sort_by_key(|r| r.date);
    plan.bookings.sort_by_key(|b| b.date);
    Ok(Parsed { plan, warnings })
}

/// Weekday names for messages, Monday first.
const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Appointment lengths accepted, in minutes.
const APPOINTMENT_MINUTES: std::ops::RangeInclusive<u16> = 1..=720;

/// Weeks a booking may repeat every.
const EVERY_WEEKS: std::ops::RangeInclusive<u64> = 1..=52;

/// The most occurrences one repeating booking expands to (five years weekly).
pub(super) const MAX_OCCURRENCES: usize = 260;

/// Reads weekly windows: days named, `from` before `to` (no overnight window).
fn windows(src: &Source<'_>, raw: Vec<Spanned<RawWindow>>) -> Result<Vec<Window>, PlanError> {
    let mut out = Vec::with_capacity(raw.len());
    for w in raw {
        let w = w.into_inner();
        if w.days.get_ref().is_empty() {
            return Err(src.error(
                w.days.span(),
                "`days` is empty: name the weekdays the window holds on, e.g. [\"mon\", \"wed\"]"
                    .into(),
                "no days",
                None,
            ));
        }
        let (from, to) = (w.from.get_ref().0, w.to.get_ref().0);
        if from >= to {
            return Err(src.error(
                w.to.span(),
                format!(
                    "`from` {} must be before `to` {}: a window ends on the day it starts (split one that runs past midnight in two)",
                    slots::show_time(from),
                    slots::show_time(to)
                ),
                "not after `from`",
                None,
            ));
        }
        let mut weekdays = [false; 7];
        for d in w.days.get_ref() {
            weekdays[d.0.0] = true;
        }
        out.push(Window { weekdays, from, to });
    }
    Ok(out)
}

/// The series description of a booking repeating every `every` weeks from
/// `first`: "every week from 2027-01-07", "every 2 weeks from 2027-01-07".
/// [`super::write::to_toml`] reads it back to write the series as one entry.
pub(super) fn series_name(every: u64, first: jiff::civil::Date) -> String {
    if every == 1 {
        format!("every week from {first}")
    } else {
        format!("every {every} weeks from {first}")
    }
}

/// The `k`-th day (from 0) of a booking repeating every `every` weeks from `first`.
pub(super) fn occurrence(first: jiff::civil::Date, every: u64, k: usize) -> jiff::civil::Date {
    knead_core::days::add_days(first, 7 * every as i64 * k as i64)
}

/// Reads a description made by [`series_name`] back: the interval in weeks
/// (within what `every_weeks` accepts) and the first day.
pub(super) fn parse_series_name(name: &str) -> Option<(u64, jiff::civil::Date)> {
    let rest = name.strip_prefix("every ")?;
    let (every, day) = match rest.strip_prefix("week from ") {
        Some(day) => (1, day),
        None => {
            let (n, day) = rest.split_once(" weeks from ")?;
            let n: u64 = n.parse().ok()?;
            (n, day)
        }
    };
    let first = super::value::parse_date_str(day).ok()?;
    (EVERY_WEEKS.contains(&every) && series_name(every, first) == name).then_some((every, first))
}

/// The days of a repeating booking from `first`, and its interval in weeks.
fn occurrences(
    src: &Source<'_>,
    first: jiff::civil::Date,
    r: RawRepeat,
) -> Result<(u64, Vec<jiff::civil::Date>), PlanError> {
    let every = r.every_weeks.get_ref().0;
    if !EVERY_WEEKS.contains(&every) {
        return Err(src.error(
            r.every_weeks.span(),
            format!(
                "`every_weeks` {every} is out of range: expected {} to {}",
                EVERY_WEEKS.start(),
                EVERY_WEEKS.end()
            ),
            "out of range",
            None,
        ));
    }
    let step = |k: usize| occurrence(first, every, k);
    let too_many = |span: Range<usize>| {
        src.error(
            span,
            format!("a booking repeats at most {MAX_OCCURRENCES} times"),
            "too many occurrences",
            Some("split the series, or end it sooner".into()),
        )
    };
    let dates = match (r.count, r.until) {
        (Some(count), None) => {
            let n = count.get_ref().0;
            if n == 0 {
                return Err(src.error(
                    count.span(),
                    "`count` must be at least 1".into(),
                    "no occurrence",
                    None,
                ));
            }
            if n > MAX_OCCURRENCES as u64 {
                return Err(too_many(count.span()));
            }
            (0..n as usize).map(step).collect()
        }
        (None, Some(until)) => {
            let last = until.get_ref().0;
            if last < first {
                return Err(src.error(
                    until.span(),
                    before_message("until", last, "date", first),
                    "ends before it starts",
                    None,
                ));
            }
            let dates: Vec<_> = (0..=MAX_OCCURRENCES)
                .map(step)
                .take_while(|d| *d <= last)
                .collect();
            if dates.len() > MAX_OCCURRENCES {
                return Err(too_many(until.span()));
            }
            dates
        }
        (Some(count), Some(_)) => {
            return Err(src.error(
                count.span(),
                "give `count` or `until` in `repeat`, not both".into(),
                "both `count` and `until`",
                None,
            ));
        }
        (None, None) => {
            return Err(src.error(
                r.every_weeks.span(),
                "`repeat` needs `count` (how many times) or `until` (the last day)".into(),
                "no end",
                None,
            ));
        }
    };
    Ok((every, dates))
}

/// English weekday names for messages.
trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for jiff::civil::Date {
    fn weekday_name(&self) -> &'static str {
        DAY_NAMES[self.weekday().to_monday_zero_offset() as usize]
    }
}
