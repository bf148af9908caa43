//! VTIMEZONE components: a time zone's rules as iCalendar writes them, built
//! from jiff's transitions over the span of days a calendar needs. Used by the
//! one-shot export ([`crate::ics`], for timed events) and the feed
//! ([`crate::feed`], always).

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponentType, ICalendarEntry, ICalendarProperty, ICalendarValue,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::ics::{DayEvent, add_component, clean, entry, text};

/// Adds a VTIMEZONE for every zone the timed events of `events` use (in name
/// order), over the days of those events; `feed_zone` (a name and its zone)
/// gets one whatever the events, over `feed_span`. Zones jiff does not know
/// get none.
pub(crate) fn add_vtimezones(
    cal: &mut ICalendar,
    events: &[DayEvent],
    feed_zone: Option<(&str, &TimeZone)>,
    feed_span: Option<(jiff::Timestamp, jiff::Timestamp)>,
) {
    let mut zones: std::collections::BTreeMap<&str, Vec<Date>> = Default::default();
    for e in events {
        if let Some(slot) = &e.slot {
            zones
                .entry(slot.time_zone.as_str())
                .or_default()
                .push(e.date);
        }
    }
    if let (Some((name, tz)), Some(span)) = (feed_zone, feed_span) {
        zones.remove(name);
        add_vtimezone(cal, tz, name, span);
    }
    for (name, dates) in zones {
        let (Ok(tz), Some(span)) = (TimeZone::get(name), span(dates.into_iter(), 0)) else {
            continue;
        };
        add_vtimezone(cal, &tz, name, span);
    }
}

/// The instants a VTIMEZONE must cover for events on `dates`: from before the
/// first day's start (and `lead_minutes` before it, for a reminder) to after
/// the last day's end. Local midnight is within 26 hours of UTC midnight, so
/// two days either side cover every zone.
pub(crate) fn span(
    dates: impl Iterator<Item = Date>,
    lead_minutes: i64,
) -> Option<(Timestamp, Timestamp)> {
    let (first, last) = dates.fold(None, |acc: Option<(Date, Date)>, d| match acc {
        None => Some((d, d)),
        Some((first, last)) => Some((first.min(d), last.max(d))),
    })?;
    let midnight_utc = |d: Date| Offset::UTC.to_timestamp(d.at(0, 0, 0, 0));
    let start = midnight_utc(first.saturating_sub(2.days())).unwrap_or(Timestamp::MIN);
    let end = midnight_utc(last.saturating_add(3.days())).unwrap_or(Timestamp::MAX);
    let lead = lead_minutes.max(0);
    let start = start
        .checked_sub(SignedDuration::from_secs(lead.saturating_mul(60)))
        .unwrap_or(Timestamp::MIN);
    Some((start, end))
}

/// One STANDARD or DAYLIGHT sub-component: from `start` (a UTC instant) the
/// zone is at `to`, named `name`; just before, it was at `from`.
struct Observance {
    start: Timestamp,
    from: Offset,
    to: Offset,
    name: String,
    daylight: bool,
}

impl Observance {
    /// Its properties; `None` when its local start cannot be written.
    fn entries(&self) -> Option<Vec<ICalendarEntry>> {
        // RFC 5545: DTSTART is the local time of the onset, in the offset
        // in effect before it (TZOFFSETFROM).
        let local = local_date_time(self.from.to_datetime(self.start))?;
        Some(vec![
            entry(
                ICalendarProperty::Dtstart,
                ICalendarValue::PartialDateTime(Box::new(local)),
            ),
            entry(ICalendarProperty::Tzoffsetfrom, utc_offset(self.from)),
            entry(ICalendarProperty::Tzoffsetto, utc_offset(self.to)),
            text(ICalendarProperty::Tzname, &clean(&self.name)),
        ])
    }
}

/// Adds a VTIMEZONE for `tz` named `tzid` that holds over `span`: the
/// transition in effect at its start, then every transition in it.
pub(crate) fn add_vtimezone(
    cal: &mut ICalendar,
    tz: &TimeZone,
    tzid: &str,
    span: (Timestamp, Timestamp),
) {
    let written = |span| -> Vec<(ICalendarComponentType, Vec<ICalendarEntry>)> {
        observances(tz, span)
            .iter()
            .filter_map(|o| {
                let kind = if o.daylight {
                    ICalendarComponentType::Daylight
                } else {
                    ICalendarComponentType::Standard
                };
                Some((kind, o.entries()?))
            })
            .collect()
    };
    let mut components = written(span);
    if components.is_empty() {
        // Only for spans at the very ends of time: the zone as it was in 1970.
        components = written((Timestamp::UNIX_EPOCH, Timestamp::UNIX_EPOCH));
    }
    let id = add_component(
        cal,
        0,
        ICalendarComponentType::VTimezone,
        vec![text(ICalendarProperty::Tzid, &clean(tzid))],
    );
    for (kind, entries) in components {
        add_component(cal, id, kind, entries);
    }
}

/// The observances of `tz` over `(start, end)`, in order.
fn observances(tz: &TimeZone, (start, end): (Timestamp, Timestamp)) -> Vec<Observance> {
    let before = |at: Timestamp| {
        at.checked_sub(SignedDuration::from_nanos(1))
            .map_or_else(|_| tz.to_offset(at), |t| tz.to_offset(t))
    };
    let from_transition = |t: jiff::tz::TimeZoneTransition<'_>| Observance {
        start: t.timestamp(),
        from: before(t.timestamp()),
        to: t.offset(),
        name: t.abbreviation().to_string(),
        daylight: t.dst().is_dst(),
    };
    // The transition in effect at `start` (at or before it), then those after.
    let mut list: Vec<Observance> = tz
        .preceding(
            start
                .checked_add(SignedDuration::from_nanos(1))
                .unwrap_or(start),
        )
        .next()
        .map(from_transition)
        .into_iter()
        .collect();
    if list.is_empty() {
        // No transition before the span (a fixed zone such as UTC, or a span
        // older than the zone's history): its offset at the start holds from
        // 1970 or the span's start, whichever is earlier.
        let info = tz.to_offset_info(start);
        list.push(Observance {
            start: start.min(Timestamp::UNIX_EPOCH),
            from: info.offset(),
            to: info.offset(),
            name: info.abbreviation().to_string(),
            daylight: info.dst().is_dst(),
        });
    }
    list.extend(
        tz.following(start)
            .take_while(|t| t.timestamp() <= end)
            .map(from_transition),
    );
    list.dedup_by_key(|o| o.start);
    list
}

/// A local DATE-TIME (no zone, no `Z`); `None` before year 1.
fn local_date_time(dt: DateTime) -> Option<PartialDateTime> {
    Some(PartialDateTime {
        year: Some(u16::try_from(dt.year()).ok().filter(|&y| y >= 1)?),
        month: Some(dt.month() as u8),
        day: Some(dt.day() as u8),
        hour: Some(dt.hour() as u8),
        minute: Some(dt.minute() as u8),
        second: Some(dt.second() as u8),
        ..PartialDateTime::default()
    })
}

/// A UTC-OFFSET value, `±hhmm`, or `±hhmmss` when the offset has seconds
/// (calcard's offset value has no seconds, so those go out as the text).
fn utc_offset(offset: Offset) -> ICalendarValue {
    let seconds = offset.seconds();
    let abs = seconds.unsigned_abs();
    let (hours, minutes, rest) = (abs / 3600, abs / 60 % 60, abs % 60);
    if rest == 0 {
        ICalendarValue::PartialDateTime(Box::new(PartialDateTime {
            tz_hour: u8::try_from(hours).ok(),
            tz_minute: u8::try_from(minutes).ok(),
            tz_minus: seconds < 0,
            ..PartialDateTime::default()
        }))
    } else {
        let sign = if seconds < 0 { '-' } else { '+' };
        ICalendarValue::Text(format!("{sign}{hours:02}{minutes:02}{rest:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_with_seconds_are_written_exactly() {
        let lmt = Offset::from_seconds(561).unwrap(); // Paris mean time, +00:09:21
        assert_eq!(utc_offset(lmt), ICalendarValue::Text("+000921".into()));
        let minus = Offset::from_seconds(-(3 * 3600 + 30 * 60)).unwrap();
        let ICalendarValue::PartialDateTime(v) = utc_offset(minus) else {
            panic!("a whole-minute offset is an offset value");
        };
        assert_eq!(
            (v.tz_hour, v.tz_minute, v.tz_minus),
            (Some(3), Some(30), true)
        );
    }
}
