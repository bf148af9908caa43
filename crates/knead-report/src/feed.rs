//! The schedule as a *subscribed* calendar feed, for `knead serve`.
//!
//! [`crate::calendar`] writes a one-shot export: every run stamps every event
//! with the clock (DTSTAMP, and a SEQUENCE counted from it), which is right for
//! a file imported once but wrong for a URL that calendar apps fetch again and
//! again. A feed has to answer two questions at every fetch:
//!
//! - *What changed since last time?* An event keeps its UID for ever (the UID
//!   says which item it is: kind, day and calendar, see [`event_uid`]). Its
//!   SEQUENCE goes up and its DTSTAMP moves only when what the event shows
//!   changes. An unchanged plan then gives the same bytes at every fetch, which
//!   lets the server answer with an ETag and `304 Not Modified`, and lets a
//!   client that merges by UID keep what it has.
//! - *What went away?* An item that is no longer planned is published for a
//!   while as a cancelled event (STATUS:CANCELLED, SEQUENCE one higher), so a
//!   client that merges by UID (an import, a sync tool) removes it. Clients
//!   that replace the whole subscription at every refresh simply drop it.
//!
//! The split of work: this module is pure and has no clock and no storage.
//!
//! 1. [`entries`] lists what the feed shows now, each with a
//!    [`FeedEntry::content_hash`]: a SHA-256 of everything the event shows.
//! 2. The server keeps, per UID, the hash it last published and a
//!    [`FeedState`]. For each entry: same hash, keep the state; new UID, start at
//!    SEQUENCE 0 with DTSTAMP = now; changed hash (or an item back after a
//!    cancellation), SEQUENCE + 1 and DTSTAMP = now. For a stored UID that is
//!    not among the entries: SEQUENCE + 1, DTSTAMP = now and `cancelled` set,
//!    once; after that its state stays as it is until the server forgets it.
//! 3. [`write_feed`] writes the calendar from the entries and those states.
//!
//! Two views of one schedule: [`FeedView::Full`] is the runner's own calendar
//! (every item and warning, with the reasons, exactly the events of
//! [`crate::calendar::render_for`]); [`FeedView::Busy`] is for sharing with a
//! family or work calendar: only the professional massages, titled "Busy",
//! with nothing about health or training, private (CLASS:PRIVATE) and blocking
//! time (TRANSP:OPAQUE). Its UIDs use the kind `busy`, so the two views never
//! share a UID.
//!
//! The calendar also names the runner's time zone (X-WR-TIMEZONE and a
//! VTIMEZONE built from the zone's transitions over the feed's dates), asks
//! clients to refresh every hour (REFRESH-INTERVAL from RFC 7986, and
//! X-PUBLISHED-TTL for the clients that read that one; clients may refresh less
//! often whatever the feed says), and can carry a reminder (VALARM) on every
//! massage. Events are all-day (DATE values, with no zone), so a reminder
//! relative to the start fires relative to local midnight on the day, except
//! the massages knead names a slot for (when the runner's free times or the
//! therapist's hours are known): those are timed, `DTSTART;TZID=…` to
//! `DTEND;TZID=…` in local time, in both views (blocking time, OPAQUE, in the
//! busy view, as every busy event does), and their reminder fires relative to
//! the slot's start.

use std::fmt::Write as _;

use calcard::icalendar::{
    ICalendarAction, ICalendarClassification, ICalendarComponentType, ICalendarDuration,
    ICalendarEntry, ICalendarParameter, ICalendarParameterName, ICalendarParameterValue,
    ICalendarProperty, ICalendarRelated, ICalendarStatus, ICalendarTransparency, ICalendarValue,
    ICalendarValueType,
};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::plan::Schedule;
use knead_core::slots::{Slot, show_time};
use sha2::{Digest, Sha256};

use crate::calendar::schedule_events;
use crate::ics::{
    DayEvent, add_component, calendar, clean, entry, event_entries, event_uid, header, text,
    to_text, utc_stamp,
};
use crate::vtimezone::{add_vtimezones, span};

/// Which events of a schedule a feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedView {
    /// The runner's own calendar: every item (massages, self-massage,
    /// aftercare) and every dated warning, with the reasons in DESCRIPTION.
    Full,
    /// A calendar to share: the professional massages only, each titled
    /// "Busy", with no description and no categories, marked private and busy.
    Busy,
}

/// One event a feed shows, as [`entries`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The event's UID, stable for ever: `{kind}-{YYYYMMDD}-{calendar_id}@knead`
    /// (see [`event_uid`]); the kind is `busy` in the busy view.
    pub uid: String,
    /// The day of the (all-day) event.
    pub date: Date,
    /// The title (SUMMARY).
    pub summary: String,
    /// The body (DESCRIPTION); empty in the busy view.
    pub description: String,
    /// CATEGORIES; empty in the busy view.
    pub categories: Vec<String>,
    /// A professional massage: [`write_feed`] gives these the reminder.
    pub massage: bool,
    /// The appointment's time for a timed event (a proposed massage with a
    /// slot), in both views; `None` for an all-day event.
    pub slot: Option<Slot>,
    /// A SHA-256, in lower-case hex, of everything the feed shows of the event
    /// (day, title, description, categories, whether it is a massage, and the
    /// slot of a timed event): the
    /// same for the same event in every run and every version of knead that
    /// writes events the same way, different as soon as anything shown changes.
    /// A server compares it with the hash it last published to know when to
    /// raise the SEQUENCE. The UID is not part of it: it is the key.
    pub content_hash: String,
}

impl FeedEntry {
    fn new(event: DayEvent, massage: bool) -> FeedEntry {
        let content_hash = content_hash(&event, massage);
        let DayEvent {
            uid,
            date,
            summary,
            description,
            categories,
            slot,
        } = event;
        FeedEntry {
            uid,
            date,
            summary,
            description,
            categories,
            massage,
            slot,
            content_hash,
        }
    }

    fn day_event(&self) -> DayEvent {
        DayEvent {
            uid: self.uid.clone(),
            date: self.date,
            summary: self.summary.clone(),
            description: self.description.clone(),
            categories: self.categories.clone(),
            slot: self.slot.clone(),
        }
    }
}

/// The events the feed of `s` shows now in `view`, in date order, with UIDs
/// made from `calendar_id` (see [`event_uid`]).
///
/// [`FeedView::Full`] gives exactly the events of
/// [`crate::calendar::render_for`]; [`FeedView::Busy`] one event per day with a
/// professional massage (booked or proposed), UID kind `busy`.
pub fn entries(s: &Schedule, calendar_id: &str, view: FeedView) -> Vec<FeedEntry> {
    schedule_events(s, calendar_id)
        .into_iter()
        .filter_map(|e| match view {
            FeedView::Full => Some(FeedEntry::new(e.event, e.massage)),
            FeedView::Busy => e.massage.then(|| {
                let busy = DayEvent {
                    uid: event_uid(BUSY_KIND, e.event.date, calendar_id),
                    date: e.event.date,
                    summary: BUSY_SUMMARY.into(),
                    description: String::new(),
                    categories: Vec::new(),
                    slot: e.event.slot.clone(),
                };
                FeedEntry::new(busy, true)
            }),
        })
        .collect()
}

/// What a server remembers of one published event and hands back to
/// [`write_feed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedState {
    /// The event's SEQUENCE: 0 when first published, one more at every change
    /// and at its cancellation.
    pub sequence: i64,
    /// When the event last changed (DTSTAMP, written in UTC to the second).
    pub dtstamp: Timestamp,
    /// The event was withdrawn. [`write_feed`] writes STATUS:CANCELLED (and no
    /// reminder) for an event whose state says so, and for every UID in its
    /// `cancelled` list whatever this says.
    pub cancelled: bool,
}

/// A reminder on every massage of the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alarm {
    /// Minutes before the event's start; negative for after. All-day events
    /// start at local midnight, so 360 is 18:00 the evening before and -480 is
    /// 08:00 on the day; a timed massage starts at its slot.
    pub minutes_before_start: i64,
}

/// How [`write_feed`] writes a feed.
#[derive(Debug, Clone, Copy)]
pub struct FeedOptions<'a> {
    /// The calendar's name (X-WR-CALNAME), as calendar apps show it.
    pub name: &'a str,
    /// The runner's time zone: the VTIMEZONE is made from its transitions.
    pub time_zone: &'a TimeZone,
    /// The zone's name, normally its IANA name such as `Europe/Paris`: the
    /// VTIMEZONE's TZID and X-WR-TIMEZONE.
    pub time_zone_name: &'a str,
    /// A reminder on every massage, or none.
    pub alarm: Option<Alarm>,
    /// The view the entries were made for (see [`entries`]): busy items are
    /// written private and blocking time, full ones free.
    pub view: FeedView,
}

/// Writes the feed: an iCalendar (RFC 5545) of `events`, each with its state,
/// and of the `cancelled` UIDs, each with its state.
///
/// The header holds PRODID, VERSION, CALSCALE, METHOD:PUBLISH, X-WR-CALNAME,
/// X-WR-TIMEZONE, `REFRESH-INTERVAL;VALUE=DURATION:PT1H` and
/// `X-PUBLISHED-TTL:PT1H`, then a VTIMEZONE for the zone over the days of the
/// events (left out when there is no event at all): the transition in effect
/// on the first day and every one up to the last, each a STANDARD or DAYLIGHT
/// with its local DTSTART, TZOFFSETFROM, TZOFFSETTO and TZNAME.
///
/// Each event, in the order given, is all-day (`DTSTART;VALUE=DATE`, DTEND the
/// next day), or timed when it has a slot (`DTSTART;TZID=<zone>:…` and DTEND
/// in local time, with a VTIMEZONE for a zone other than the feed's), with UID, DTSTAMP (UTC) and SEQUENCE from its state, SUMMARY,
/// DESCRIPTION and CATEGORIES (when not empty), TRANSP (OPAQUE in the busy
/// view, TRANSPARENT otherwise), CLASS:PRIVATE in the busy view and
/// STATUS:CONFIRMED (STATUS:CANCELLED, TRANSPARENT, if its state says
/// cancelled). A massage that is not cancelled carries a VALARM when
/// `options.alarm` is set: ACTION:DISPLAY, the event's title as DESCRIPTION,
/// `TRIGGER;RELATED=START:-PT{n}M`.
///
/// Then each cancelled UID: an event titled "Cancelled" on the day read from
/// the UID, with its state's DTSTAMP and SEQUENCE, STATUS:CANCELLED and
/// TRANSP:TRANSPARENT. A UID that is not knead's
/// `{kind}-{YYYYMMDD}-{id}@knead` is left out, as is any event whose year
/// iCalendar cannot write.
///
/// The output depends on nothing but the arguments: the same arguments give
/// the same bytes.
pub fn write_feed(
    options: &FeedOptions<'_>,
    events: &[(FeedEntry, FeedState)],
    cancelled: &[(String, FeedState)],
) -> String {
    let mut head = header(options.name);
    head.push(text(
        ICalendarProperty::Other("X-WR-TIMEZONE".into()),
        &clean(options.time_zone_name),
    ));
    head.push(ICalendarEntry {
        name: ICalendarProperty::RefreshInterval,
        params: vec![ICalendarParameter {
            name: ICalendarParameterName::Value,
            value: ICalendarParameterValue::Value(ICalendarValueType::Duration),
        }],
        values: vec![ICalendarValue::Duration(ONE_HOUR)],
    });
    head.push(entry(
        ICalendarProperty::Other("X-PUBLISHED-TTL".into()),
        ICalendarValue::Duration(ONE_HOUR),
    ));
    let mut cal = calendar(head);

    let cancelled: Vec<(DayEvent, &FeedState)> = cancelled
        .iter()
        .filter_map(|(uid, state)| {
            let event = DayEvent {
                uid: uid.clone(),
                date: uid_date(uid)?,
                summary: CANCELLED_SUMMARY.into(),
                description: String::new(),
                categories: Vec::new(),
                slot: None,
            };
            Some((event, state))
        })
        .collect();
    let dates = events
        .iter()
        .map(|(e, _)| e.date)
        .chain(cancelled.iter().map(|(e, _)| e.date));
    let timed: Vec<DayEvent> = events
        .iter()
        .filter(|(e, _)| e.slot.is_some())
        .map(|(e, _)| e.day_event())
        .collect();
    let lead = options.alarm.map_or(0, |a| a.minutes_before_start);
    add_vtimezones(
        &mut cal,
        &timed,
        Some((options.time_zone_name, options.time_zone)),
        span(dates, lead),
    );

    let busy = options.view == FeedView::Busy;
    for (event, state) in events {
        let Some(mut entries) = event_entries(
            &event.day_event(),
            utc_stamp(state.dtstamp),
            Some(state.sequence),
        ) else {
            continue;
        };
        let live = !state.cancelled;
        entries.push(transparency(busy && live));
        if busy {
            entries.push(entry(
                ICalendarProperty::Class,
                ICalendarValue::Classification(ICalendarClassification::Private),
            ));
        }
        entries.push(status(live));
        let id = add_component(&mut cal, 0, ICalendarComponentType::VEvent, entries);
        if let Some(alarm) = options.alarm.filter(|_| event.massage && live) {
            add_component(
                &mut cal,
                id,
                ICalendarComponentType::VAlarm,
                alarm_entries(alarm, &event.summary),
            );
        }
    }
    for (event, state) in &cancelled {
        let Some(mut entries) =
            event_entries(event, utc_stamp(state.dtstamp), Some(state.sequence))
        else {
            continue;
        };
        entries.push(status(false));
        entries.push(transparency(false));
        add_component(&mut cal, 0, ICalendarComponentType::VEvent, entries);
    }
    to_text(&cal)
}

/// The UID kind of busy-view events.
const BUSY_KIND: &str = "busy";
/// The title of busy-view events.
const BUSY_SUMMARY: &str = "Busy";
/// The title of cancelled events.
const CANCELLED_SUMMARY: &str = "Cancelled";

/// PT1H: how often the feed asks to be fetched again.
const ONE_HOUR: ICalendarDuration = ICalendarDuration {
    neg: false,
    weeks: 0,
    days: 0,
    hours: 1,
    minutes: 0,
    seconds: 0,
};

/// Bumped if the hashed layout ever changes, so old and new hashes differ.
const HASH_VERSION: &[u8] = b"knead-feed-entry-1";

/// SHA-256 of what the feed shows of `event`, each field length-prefixed so
/// that no two different events feed the hasher the same bytes.
fn content_hash(event: &DayEvent, massage: bool) -> String {
    fn field(hasher: &mut Sha256, bytes: &[u8]) {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    }
    let mut hasher = Sha256::new();
    field(&mut hasher, HASH_VERSION);
    field(&mut hasher, event.date.to_string().as_bytes());
    field(&mut hasher, event.summary.as_bytes());
    field(&mut hasher, event.description.as_bytes());
    field(&mut hasher, &(event.categories.len() as u64).to_be_bytes());
    for category in &event.categories {
        field(&mut hasher, category.as_bytes());
    }
    field(&mut hasher, &[u8::from(massage)]);
    // Only timed events hash their slot, so all-day events keep the hashes
    // they had before slots existed.
    if let Some(slot) = &event.slot {
        field(&mut hasher, b"slot");
        field(&mut hasher, show_time(slot.start).as_bytes());
        field(&mut hasher, show_time(slot.end).as_bytes());
        field(&mut hasher, slot.time_zone.as_bytes());
    }
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The day in a knead UID, `{kind}-{YYYYMMDD}-{calendar_id}@knead` (see
/// [`event_uid`]); `None` for any other UID.
fn uid_date(uid: &str) -> Option<Date> {
    let own = uid.strip_suffix("@knead")?;
    let (kind, rest) = own.split_once('-')?;
    let (digits, calendar_id) = rest.split_once('-')?;
    if kind.is_empty()
        || calendar_id.is_empty()
        || digits.len() != 8
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Date::new(
        digits[..4].parse().ok()?,
        digits[4..6].parse().ok()?,
        digits[6..].parse().ok()?,
    )
    .ok()
}

fn transparency(opaque: bool) -> ICalendarEntry {
    entry(
        ICalendarProperty::Transp,
        ICalendarValue::Transparency(if opaque {
            ICalendarTransparency::Opaque
        } else {
            ICalendarTransparency::Transparent
        }),
    )
}

fn status(confirmed: bool) -> ICalendarEntry {
    entry(
        ICalendarProperty::Status,
        ICalendarValue::Status(if confirmed {
            ICalendarStatus::Confirmed
        } else {
            ICalendarStatus::Cancelled
        }),
    )
}

/// ACTION:DISPLAY, the event's title as the text shown, and
/// `TRIGGER;RELATED=START:-PT{n}M`.
fn alarm_entries(alarm: Alarm, summary: &str) -> Vec<ICalendarEntry> {
    let minutes = alarm.minutes_before_start;
    let trigger = ICalendarDuration {
        neg: minutes > 0,
        minutes: u32::try_from(minutes.unsigned_abs()).unwrap_or(u32::MAX),
        ..ICalendarDuration::default()
    };
    vec![
        entry(
            ICalendarProperty::Action,
            ICalendarValue::Action(ICalendarAction::Display),
        ),
        text(ICalendarProperty::Description, &clean(summary)),
        ICalendarEntry {
            name: ICalendarProperty::Trigger,
            params: vec![ICalendarParameter {
                name: ICalendarParameterName::Related,
                value: ICalendarParameterValue::Related(ICalendarRelated::Start),
            }],
            values: vec![ICalendarValue::Duration(trigger)],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn uid_date_reads_knead_uids_only() {
        let day = date(2027, 3, 28);
        for kind in ["massage", "self", "aftercare", "warning", "busy"] {
            for id in ["season-2027", "jo-runner-47d4480da22c", "a.b_c"] {
                assert_eq!(uid_date(&event_uid(kind, day, id)), Some(day));
            }
        }
        for bad in [
            "",
            "@knead",
            "massage-20270328@knead",
            "massage-20270328-@knead",
            "-20270328-jo@knead",
            "massage-2027032-jo@knead",
            "massage-202703280-jo@knead",
            "massage-2027+328-jo@knead",
            "massage-20270230-jo@knead",
            "massage-20270328-jo@example.com",
            "massage-20270328-jo",
        ] {
            assert_eq!(uid_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn hash_fields_do_not_run_into_each_other() {
        let event = |summary: &str, description: &str| DayEvent {
            uid: "x".into(),
            date: date(2027, 1, 1),
            summary: summary.into(),
            description: description.into(),
            categories: Vec::new(),
            slot: None,
        };
        assert_ne!(
            content_hash(&event("ab", "c"), false),
            content_hash(&event("a", "bc"), false)
        );
        assert_ne!(
            content_hash(&event("a", ""), false),
            content_hash(&event("a", ""), true)
        );
        let hash = content_hash(&event("a", "b"), false);
        assert_eq!(hash.len(), 64);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}
