//! Feeds read back with an independent parser (the `ical` crate), not with
//! the library that writes them.

use std::collections::BTreeMap;

/// One VEVENT: its properties (name → values, in order) and its alarms.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Properties by name; a name may repeat.
    pub props: BTreeMap<String, Vec<String>>,
    /// Each VALARM's properties.
    pub alarms: Vec<BTreeMap<String, Vec<String>>>,
}

impl Event {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.props
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// The UID.
    pub fn uid(&self) -> &str {
        self.get("UID").expect("every VEVENT has a UID")
    }

    /// The SEQUENCE.
    pub fn sequence(&self) -> i64 {
        self.get("SEQUENCE")
            .expect("every VEVENT has a SEQUENCE")
            .parse()
            .expect("SEQUENCE is a number")
    }

    /// Whether STATUS is CANCELLED.
    pub fn cancelled(&self) -> bool {
        self.get("STATUS") == Some("CANCELLED")
    }

    /// What the event shows: every property but DTSTAMP and SEQUENCE, and
    /// its alarms.
    pub fn content(&self) -> (BTreeMap<String, Vec<String>>, usize) {
        let mut p = self.props.clone();
        p.remove("DTSTAMP");
        p.remove("SEQUENCE");
        (p, self.alarms.len())
    }
}

fn props(list: &[ical::property::Property]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in list {
        out.entry(p.name.to_ascii_uppercase())
            .or_default()
            .push(p.value.clone().unwrap_or_default());
    }
    out
}

/// The events of a calendar, by UID (panics when it does not parse, has not
/// exactly one calendar, or a UID repeats).
pub fn events(text: &str) -> BTreeMap<String, Event> {
    let mut calendars: Vec<_> = ical::IcalParser::new(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("the feed does not parse: {e}\n{text}"));
    assert_eq!(calendars.len(), 1, "one VCALENDAR");
    let cal = calendars.remove(0);
    let mut out = BTreeMap::new();
    for e in cal.events {
        let event = Event {
            props: props(&e.properties),
            alarms: e.alarms.iter().map(|a| props(&a.properties)).collect(),
        };
        for required in ["UID", "DTSTAMP", "SEQUENCE", "DTSTART", "SUMMARY"] {
            assert!(
                event.get(required).is_some_and(|v| !v.is_empty()),
                "a VEVENT without {required}: {event:?}"
            );
        }
        let uid = event.uid().to_owned();
        assert!(out.insert(uid.clone(), event).is_none(), "UID {uid} twice");
    }
    out
}

/// Minutes of an iCalendar duration such as `-PT6H`, `-PT360M`, `-P1D`
/// (negative before the start).
pub fn duration_minutes(text: &str) -> i64 {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text.trim_start_matches('+')),
    };
    let rest = rest.strip_prefix('P').expect("a duration starts with P");
    let mut minutes = 0;
    let mut number = String::new();
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().expect("a number");
                number.clear();
                minutes += match (unit, in_time) {
                    ('W', false) => n * 7 * 24 * 60,
                    ('D', false) => n * 24 * 60,
                    ('H', true) => n * 60,
                    ('M', true) => n,
                    ('S', true) => n / 60,
                    _ => panic!("unit {unit} in {text}"),
                };
            }
        }
    }
    sign * minutes
}
