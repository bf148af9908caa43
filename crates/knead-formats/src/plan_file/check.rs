//! The second step of reading: checks across values, then the model.

use std::ops::Range;

use knead_core::model::{
    Athlete, Availability, Booking, Credit, DateRange, HealthFlag, Injury, MAX_CREDITS, Physiology,
    Plan, Prices, Priority, Race, Workout,
};

use super::error::Source;
use super::raw::RawPlan;
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
    if let Some(t) = a.therapist {
        if let Some(days) = t.weekdays {
            let span = days.span();
            let days = days.into_inner();
            therapist.weekdays = [false; 7];
            for d in &days {
                therapist.weekdays[d.0.0] = true;
            }
            if days.is_empty() {
                warnings.push(src.warning(
                    span,
                    "`weekdays` is empty: the therapist is never open, so no professional massage can be planned",
                ));
            }
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
        let date = b.date.into_inner().0;
        if let Some((_, first)) = booked.iter().find(|(d, _)| *d == date) {
            return Err(src.error(
                span,
                format!(
                    "a massage is already booked on {date} (line {}): knead plans at most one massage a day",
                    src.line_of(first)
                ),
                "second booking on this day",
                None,
            ));
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
        booked.push((date, span));
        bookings.push(Booking {
            date,
            kind: b.kind.0,
            source: None,
        });
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

/// English weekday names for messages.
trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for jiff::civil::Date {
    fn weekday_name(&self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.weekday().to_monday_zero_offset() as usize]
    }
}
