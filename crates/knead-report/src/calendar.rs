//! The schedule as calendar events: one all-day event per item, with stable UIDs
//! (so a re-import updates instead of duplicating) and the reasons in DESCRIPTION.

use knead_core::plan::{Schedule, What};

use crate::ics::{DayEvent, athlete_calendar_id, event_uid, write_calendar_at};
use crate::words::{capitalise, headline, reason_line, safety_banner};

/// Renders the schedule as an iCalendar file (RFC 5545), stamped `now` (the
/// export time: DTSTAMP and SEQUENCE, so re-exports update subscribed calendars).
/// UIDs carry the athlete's calendar id ([`athlete_calendar_id`] of the name).
pub fn render(s: &Schedule, now: jiff::Timestamp) -> String {
    render_for(s, &athlete_calendar_id(&s.athlete), now)
}

/// Like [`render`], with UIDs made from `calendar_id` (see [`event_uid`]), for
/// a caller that holds its own stable id per calendar, such as a season id.
pub fn render_for(s: &Schedule, calendar_id: &str, now: jiff::Timestamp) -> String {
    let events: Vec<DayEvent> = schedule_events(s, calendar_id)
        .into_iter()
        .map(|e| e.event)
        .collect();
    write_calendar_at(&format!("knead: {}", s.athlete), &events, now)
}

/// One event of a schedule's calendar, with what the feed needs to know of it.
pub(crate) struct ScheduleEvent {
    /// The event as every knead calendar writes it.
    pub(crate) event: DayEvent,
    /// A professional massage (kind `massage`): the feed's busy view and
    /// reminders are for these only.
    pub(crate) massage: bool,
}

/// The events of a schedule's calendar, in date order: one per item and one
/// per day with warnings, UIDs made from `calendar_id`. Both [`render_for`]
/// and the feed ([`crate::feed::entries`]) show exactly these.
pub(crate) fn schedule_events(s: &Schedule, calendar_id: &str) -> Vec<ScheduleEvent> {
    let banner = safety_banner(s);
    let mut events = Vec::new();
    for item in &s.items {
        let (kind, summary, category) = match &item.what {
            // The type name in CATEGORIES lets a re-import recognise the booking's type.
            What::Massage { kind, .. } => ("massage", headline(item, &s.currency), kind.as_str()),
            What::SelfMassage { .. } => ("self", headline(item, &s.currency), "Self-massage"),
            What::Aftercare { .. } => (
                "aftercare",
                "Aftercare: drink to thirst, easy day tomorrow".into(),
                "Aftercare",
            ),
        };
        let mut lines = banner.clone();
        lines.extend(item.reasons.iter().map(reason_line));
        let massage = kind == "massage";
        events.push(ScheduleEvent {
            event: DayEvent {
                uid: event_uid(kind, item.date, calendar_id),
                date: item.date,
                summary: capitalise(&summary),
                description: lines.join("\n"),
                categories: if massage {
                    vec!["knead".into(), "Massage".into(), category.into()]
                } else {
                    vec!["knead".into(), category.into()]
                },
                slot: item.slot.clone(),
            },
            massage,
        });
    }
    for w in &s.warnings {
        if let Some(date) = w.date {
            let mut lines = banner.clone();
            lines.push(format!("{}: {}", w.rule, w.message));
            events.push(ScheduleEvent {
                event: DayEvent {
                    uid: event_uid("warning", date, calendar_id),
                    date,
                    summary: format!("knead warning: {}", w.rule),
                    description: lines.join("\n"),
                    categories: vec!["knead".into(), "Warning".into()],
                    slot: None,
                },
                massage: false,
            });
        }
    }
    // Several warnings on one day share a UID: merge them.
    events.sort_by(|a, b| a.event.uid.cmp(&b.event.uid));
    events.dedup_by(|b, a| {
        if a.event.uid == b.event.uid {
            a.event.description.push('\n');
            a.event.description.push_str(&b.event.description);
            true
        } else {
            false
        }
    });
    events.sort_by_key(|e| e.event.date);
    events
}
