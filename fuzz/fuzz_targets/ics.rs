//! Fuzzes the calendar reader: any text must give an import or the
//! "not an iCalendar" error on line 1, never a panic or an endless expansion;
//! a damaged file names a line of the file.

#![no_main]

use jiff::civil::date;
use jiff::tz::TimeZone;
use knead_core::model::WorkoutKind;
use knead_formats::ics::{IcsError, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let window = (date(2024, 1, 1), date(2026, 12, 31));
    let tz = TimeZone::get("Europe/London").expect("bundled zone");
    match import("fuzz.ics", text, window, &tz, |_| {
        (WorkoutKind::Easy, None, None, true)
    }) {
        Ok(found) => {
            for w in &found.workouts {
                assert!(window.0 <= w.date && w.date <= window.1);
            }
            for b in &found.bookings {
                assert!(window.0 <= b.date && b.date <= window.1);
            }
            if let Some(damage) = found.damaged {
                assert!(damage.line >= 1 && damage.line <= text.lines().count());
                assert!(found.unread_events >= damage.unread_events);
            }
        }
        Err(IcsError::NotICalendar { file, line }) => {
            assert_eq!((file.as_str(), line), ("fuzz.ics", 1));
        }
    }
});
