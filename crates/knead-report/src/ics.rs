//! Calendars out: a schedule as an iCalendar (RFC 5545) file of all-day events
//! that Google, Apple and Outlook calendars subscribe to or import. An event
//! with a slot (a proposed massage when the runner's free times or the
//! therapist's hours are known) is timed instead: `DTSTART;TZID=…` and
//! `DTEND;TZID=…` in local time, with a VTIMEZONE for its zone.
//!
//! The file is written by the `calcard` crate: CRLF line ends, lines folded at
//! 75 octets without splitting a UTF-8 character, and TEXT values escaped
//! (backslash, semicolon, comma, newline). [`write_calendar_at`] stamps the
//! export time (DTSTAMP, and a SEQUENCE that grows with it so subscribed
//! calendars take changes); [`write_calendar`] is deterministic, with DTSTAMP on
//! the event's own day at 00:00:00 UTC and no SEQUENCE.
//!
//! [`crate::feed`] writes the same events as a subscribed feed, with a
//! SEQUENCE and DTSTAMP that change only when an event does.
//!
//! knead reads its own export back (`knead_formats::ics`): UIDs made by [`uid`]
//! and [`event_uid`] end with `@knead`; massage events (kind `massage`) come back as bookings, the
//! others are recognised and skipped.

use calcard::common::{CalendarScale, PartialDateTime};
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarMethod,
    ICalendarParameter, ICalendarParameterName, ICalendarParameterValue, ICalendarProperty,
    ICalendarTransparency, ICalendarValue, ICalendarValueType,
};
use jiff::civil::{Date, Time};
use knead_core::slots::Slot;

/// One event of the exported calendar: all-day, or timed when it has a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEvent {
    /// Stable unique id, normally made by [`uid`], so re-exports update events
    /// instead of duplicating them.
    pub uid: String,
    /// The day of the event.
    pub date: Date,
    /// The title (SUMMARY).
    pub summary: String,
    /// The body (DESCRIPTION); may hold several lines. Left out when empty.
    pub description: String,
    /// CATEGORIES, e.g. `["knead", "massage", "deep"]`. Left out when empty.
    pub categories: Vec<String>,
    /// The appointment's time on `date`: a timed event from its start to its
    /// end in its zone; `None` for an all-day event.
    pub slot: Option<Slot>,
}

/// The PRODID of every calendar knead writes.
pub const PRODID: &str = "-//knead//knead planner//EN";

/// Writes `events` as an iCalendar named `cal_name` (X-WR-CALNAME).
///
/// Each event without a slot is all-day: `DTSTART;VALUE=DATE` on its day and
/// `DTEND` the next day. An event with a slot is timed:
/// `DTSTART;TZID=<zone>:YYYYMMDDTHHMMSS` and DTEND likewise, local times in
/// the slot's zone, and the calendar then holds a VTIMEZONE for every such
/// zone (one that jiff's time-zone database knows), built from its
/// transitions around the timed events' days. Every event is marked free
/// (TRANSP:TRANSPARENT) so it does not block the runner's time. Events whose
/// year cannot be written in iCalendar (before year 1) are left out.
pub fn write_calendar(cal_name: &str, events: &[DayEvent]) -> String {
    write(cal_name, events, None)
}

/// Like [`write_calendar`], stamped with the export time: DTSTAMP is `now`, and
/// SEQUENCE counts minutes since 2020-01-01 UTC, so every later export of an
/// event outranks the earlier one and subscribed calendars take its changes
/// (a changed massage type keeps its UID).
pub fn write_calendar_at(cal_name: &str, events: &[DayEvent], now: jiff::Timestamp) -> String {
    write(cal_name, events, Some(now))
}

fn write(cal_name: &str, events: &[DayEvent], now: Option<jiff::Timestamp>) -> String {
    let export = now.map(|t| {
        let sequence = sequence_at(t);
        (utc_stamp(t), sequence)
    });
    let mut cal = calendar(header(cal_name));
    crate::vtimezone::add_vtimezones(&mut cal, events, None, None);
    for event in events {
        let stamp = match &export {
            Some((stamp, _)) => Some(stamp.clone()),
            None => midnight_utc(event.date),
        };
        let Some(stamp) = stamp else {
            continue;
        };
        let Some(mut entries) = event_entries(event, stamp, export.as_ref().map(|(_, s)| *s))
        else {
            continue;
        };
        entries.push(entry(
            ICalendarProperty::Transp,
            ICalendarValue::Transparency(ICalendarTransparency::Transparent),
        ));
        add_component(&mut cal, 0, ICalendarComponentType::VEvent, entries);
    }
    to_text(&cal)
}

/// A calendar whose only component is the VCALENDAR (id 0) with `entries`.
pub(crate) fn calendar(entries: Vec<ICalendarEntry>) -> ICalendar {
    ICalendar {
        components: vec![ICalendarComponent {
            component_type: ICalendarComponentType::VCalendar,
            entries,
            component_ids: Vec::new(),
        }],
    }
}

/// The properties every knead calendar starts with: PRODID, VERSION, CALSCALE,
/// METHOD:PUBLISH and X-WR-CALNAME.
pub(crate) fn header(cal_name: &str) -> Vec<ICalendarEntry> {
    vec![
        text(ICalendarProperty::Prodid, PRODID),
        text(ICalendarProperty::Version, "2.0"),
        entry(
            ICalendarProperty::Calscale,
            ICalendarValue::CalendarScale(CalendarScale::Gregorian),
        ),
        entry(
            ICalendarProperty::Method,
            ICalendarValue::Method(ICalendarMethod::Publish),
        ),
        text(
            ICalendarProperty::Other("X-WR-CALNAME".into()),
            &clean(cal_name),
        ),
    ]
}

/// Adds a component of `component_type` holding `entries` inside the
/// component `parent` (0 is the VCALENDAR) and returns its id. calcard keeps
/// components in one flat list; a parent lists its children's positions in
/// `component_ids`, and the writer nests them in that order.
pub(crate) fn add_component(
    cal: &mut ICalendar,
    parent: usize,
    component_type: ICalendarComponentType,
    entries: Vec<ICalendarEntry>,
) -> usize {
    let id = cal.components.len();
    cal.components.push(ICalendarComponent {
        component_type,
        entries,
        component_ids: Vec::new(),
    });
    // A calendar holds far fewer than 2^32 components.
    cal.components[parent].component_ids.push(id as u32);
    id
}

/// The calendar as text: CRLF line ends, folded lines, escaped TEXT.
pub(crate) fn to_text(cal: &ICalendar) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = cal.write_to(&mut out);
    out
}

/// The properties of an event: UID, DTSTAMP (`stamp`), DTSTART, SEQUENCE
/// (when given), DTEND, SUMMARY, and DESCRIPTION and CATEGORIES when not
/// empty. DTSTART and DTEND are dates (all-day), or local times with TZID
/// when the event has a slot. `None` when the event's year cannot be written
/// (before year 1).
pub(crate) fn event_entries(
    event: &DayEvent,
    stamp: PartialDateTime,
    sequence: Option<i64>,
) -> Option<Vec<ICalendarEntry>> {
    let start = day(event.date)?;
    let mut entries = vec![
        text(ICalendarProperty::Uid, &clean(&event.uid)),
        entry(
            ICalendarProperty::Dtstamp,
            ICalendarValue::PartialDateTime(Box::new(stamp)),
        ),
    ];
    let end = match &event.slot {
        Some(slot) => {
            entries.push(zoned_entry(
                ICalendarProperty::Dtstart,
                &start,
                slot.start,
                &slot.time_zone,
            ));
            Some(zoned_entry(
                ICalendarProperty::Dtend,
                &start,
                slot.end,
                &slot.time_zone,
            ))
        }
        None => {
            entries.push(date_entry(ICalendarProperty::Dtstart, start));
            event
                .date
                .tomorrow()
                .ok()
                .and_then(day)
                .map(|end| date_entry(ICalendarProperty::Dtend, end))
        }
    };
    if let Some(sequence) = sequence {
        entries.push(entry(
            ICalendarProperty::Sequence,
            ICalendarValue::Integer(sequence),
        ));
    }
    entries.extend(end);
    entries.push(text(ICalendarProperty::Summary, &clean(&event.summary)));
    if !event.description.trim().is_empty() {
        entries.push(text(
            ICalendarProperty::Description,
            &clean(&event.description),
        ));
    }
    let categories: Vec<ICalendarValue> = event
        .categories
        .iter()
        .map(|c| clean(c))
        .filter(|c| !c.is_empty())
        .map(ICalendarValue::Text)
        .collect();
    if !categories.is_empty() {
        entries.push(ICalendarEntry {
            name: ICalendarProperty::Categories,
            params: Vec::new(),
            values: categories,
        });
    }
    Some(entries)
}

/// `t` as a UTC DATE-TIME (`…Z`), to the second.
pub(crate) fn utc_stamp(t: jiff::Timestamp) -> PartialDateTime {
    let dt = jiff::tz::Offset::UTC.to_datetime(t);
    PartialDateTime {
        year: u16::try_from(dt.year()).ok(),
        month: u8::try_from(dt.month()).ok(),
        day: u8::try_from(dt.day()).ok(),
        hour: u8::try_from(dt.hour()).ok(),
        minute: u8::try_from(dt.minute()).ok(),
        second: u8::try_from(dt.second()).ok(),
        tz_hour: Some(0),
        tz_minute: Some(0),
        tz_minus: false,
    }
}

/// 2020-01-01T00:00:00Z: SEQUENCE counts minutes from here.
const SEQUENCE_EPOCH_S: i64 = 1_577_836_800;

/// The SEQUENCE of an event last changed at `t`: minutes since 2020-01-01 UTC,
/// so a later change always outranks an earlier one.
pub fn sequence_at(t: jiff::Timestamp) -> i64 {
    (t.as_second() - SEQUENCE_EPOCH_S).max(0) / 60
}

/// The UID of a knead event for the athlete named `athlete`:
/// `{kind}-{YYYYMMDD}-{id}@knead` with the id made by [`athlete_calendar_id`]
/// (`"Jo Runner"` → `massage-20250304-jo-runner-47d4480da22c@knead`), unique
/// for every name, Latin letters or not. knead uses the kinds `massage`,
/// `self`, `aftercare` and `warning`, and `busy` in the busy view of the feed
/// ([`crate::feed`]).
///
/// Before this id, UIDs ended with the slug alone (`…-jo-runner@knead`);
/// knead's calendar import still recognises those.
pub fn uid(kind: &str, date: Date, athlete: &str) -> String {
    event_uid(kind, date, &athlete_calendar_id(athlete))
}

/// The UID of a knead event in the calendar `calendar_id` (for instance a
/// season id held by a server): `{kind}-{YYYYMMDD}-{calendar_id}@knead`.
///
/// An id that is empty or holds anything but ASCII letters, digits, `-`, `_`
/// and `.` is first turned into one by [`athlete_calendar_id`], so every id
/// gives its own UIDs.
pub fn event_uid(kind: &str, date: Date, calendar_id: &str) -> String {
    let safe = !calendar_id.is_empty()
        && calendar_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let id = if safe {
        calendar_id.to_string()
    } else {
        athlete_calendar_id(calendar_id)
    };
    format!("{kind}-{}-{id}@knead", date.strftime("%Y%m%d"))
}

/// A stable calendar id for an athlete: the slug of the name (lower-case ASCII
/// letters and digits, every other run of characters one dash; `athlete` if
/// nothing is left) and 12 hex digits of the 64-bit FNV-1a hash of the name
/// with surrounding spaces trimmed: `"Jo Runner"` → `jo-runner-47d4480da22c`,
/// `"山田太郎"` → `athlete-…` with a hash of its own.
pub fn athlete_calendar_id(athlete: &str) -> String {
    let name = athlete.trim();
    format!(
        "{}-{:012x}",
        slug(name),
        fnv1a_64(name.as_bytes()) & 0xffff_ffff_ffff
    )
}

/// Lower-case ASCII letters and digits of `name`, other runs as one dash;
/// `athlete` when nothing is left.
fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("athlete");
    }
    slug
}

/// The 64-bit FNV-1a hash: fixed for ever, unlike the standard library's hasher.
fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// TEXT as iCalendar wants it: line breaks as `\n` (escaped by the writer),
/// other control characters dropped.
pub(crate) fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

pub(crate) fn entry(name: ICalendarProperty, value: ICalendarValue) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: Vec::new(),
        values: vec![value],
    }
}

pub(crate) fn text(name: ICalendarProperty, value: &str) -> ICalendarEntry {
    entry(name, ICalendarValue::Text(value.to_string()))
}

pub(crate) fn date_entry(name: ICalendarProperty, day: PartialDateTime) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![ICalendarParameter {
            name: ICalendarParameterName::Value,
            value: ICalendarParameterValue::Value(ICalendarValueType::Date),
        }],
        values: vec![ICalendarValue::PartialDateTime(Box::new(day))],
    }
}

/// A local DATE-TIME on `day` (a DATE value) at `time`, with `TZID=zone`.
fn zoned_entry(
    name: ICalendarProperty,
    day: &PartialDateTime,
    time: Time,
    zone: &str,
) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![ICalendarParameter {
            name: ICalendarParameterName::Tzid,
            value: ICalendarParameterValue::Text(clean(zone)),
        }],
        values: vec![ICalendarValue::PartialDateTime(Box::new(PartialDateTime {
            hour: Some(time.hour() as u8),
            minute: Some(time.minute() as u8),
            second: Some(time.second() as u8),
            ..day.clone()
        }))],
    }
}

/// A DATE value; `None` for years iCalendar cannot write.
pub(crate) fn day(date: Date) -> Option<PartialDateTime> {
    Some(PartialDateTime {
        year: Some(u16::try_from(date.year()).ok().filter(|&y| y >= 1)?),
        month: Some(date.month() as u8),
        day: Some(date.day() as u8),
        ..PartialDateTime::default()
    })
}

/// The day at 00:00:00Z, as a UTC DATE-TIME.
fn midnight_utc(date: Date) -> Option<PartialDateTime> {
    Some(PartialDateTime {
        hour: Some(0),
        minute: Some(0),
        second: Some(0),
        tz_hour: Some(0),
        tz_minute: Some(0),
        ..day(date)?
    })
}
