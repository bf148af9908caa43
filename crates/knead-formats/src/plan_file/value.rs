//! Values whose spelling knead interprets (names, dates, money, distances,
//! heart rates), each with a `Deserialize` impl so that a bad value fails
//! inside toml's deserializer, which then attaches the value's span.

use std::fmt;
use std::marker::PhantomData;

use jiff::civil::Date;
use knead_core::model::{
    BodyArea, Cents, Condition, DistanceUnit, MAX_CREDIT_SESSIONS, MassageType, Priority, Sex,
    Tool, WorkoutKind,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::distance::{self, Distance};
use super::names;

/// A weekday as its Monday-zero index.
pub(super) struct Weekday(pub usize);

/// Something written as a name in the file.
pub(super) trait Named: Sized {
    /// What the visitor expects, for type errors ("a workout kind such as \"easy\"").
    const EXPECTING: &'static str;
    /// Looks a name up, or says what was expected.
    fn lookup(name: &str) -> Result<Self, String>;
}

macro_rules! named {
    ($t:ty, $f:path, $expecting:literal) => {
        impl Named for $t {
            const EXPECTING: &'static str = $expecting;
            fn lookup(name: &str) -> Result<Self, String> {
                $f(name)
            }
        }
    };
}

named!(Tool, names::tool, "a tool name such as \"foam-roller\"");
named!(BodyArea, names::body_area, "a body area such as \"calf\"");
named!(
    WorkoutKind,
    names::workout_kind,
    "a workout kind such as \"easy\""
);
named!(
    MassageType,
    names::massage_type,
    "a massage type such as \"deep\""
);
named!(Condition, names::condition, "a condition such as \"fever\"");
named!(
    Priority,
    names::priority,
    "a race priority, \"A\", \"B\" or \"C\""
);
named!(Sex, names::sex, "\"male\" or \"female\"");
named!(DistanceUnit, distance::units, "\"km\" or \"mi\"");

impl Named for Weekday {
    const EXPECTING: &'static str = "a weekday such as \"mon\"";
    fn lookup(name: &str) -> Result<Self, String> {
        names::weekday(name).map(Weekday)
    }
}

/// The type a prepaid package pays for: a massage type, or `None` for any.
pub(super) struct CreditType(pub Option<MassageType>);

impl Named for CreditType {
    const EXPECTING: &'static str = "a massage type such as \"deep\", or \"any\"";
    fn lookup(name: &str) -> Result<Self, String> {
        names::credit_type(name).map(CreditType)
    }
}

/// A value written as a name, looked up through [`Named`].
pub(super) struct Name<T>(pub T);

impl<'de, T: Named> Deserialize<'de> for Name<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: Named> Visitor<'_> for V<T> {
            type Value = Name<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::lookup(v).map(Name).map_err(E::custom)
            }
        }
        d.deserialize_str(V(PhantomData))
    }
}

/// The serde field name under which toml hands a datetime to a visitor's `visit_map`.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

const DATE_EXPECTING: &str = "a date like 2026-03-02";

/// A civil date, written as a TOML date or as a `"YYYY-MM-DD"` string.
pub(super) struct DateVal(pub Date);

/// Parses `YYYY-MM-DD` exactly.
pub(super) fn parse_date_str(s: &str) -> Result<Date, String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("cannot read date `{s}`: expected {DATE_EXPECTING}"));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    Date::new(y, m as i8, d as i8).map_err(|_| format!("`{s}` is not a day of the calendar"))
}

/// Converts a TOML datetime that must be a plain date.
fn toml_date(dt: &toml::value::Datetime) -> Result<Date, String> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            let year =
                i16::try_from(d.year).map_err(|_| format!("year {} is out of range", d.year))?;
            Date::new(year, d.month as i8, d.day as i8)
                .map_err(|_| format!("`{dt}` is not a day of the calendar"))
        }
        _ => Err(format!(
            "expected a date without a time of day like 2026-03-02, found `{dt}`"
        )),
    }
}

/// Reads the datetime string toml hands over under [`TOML_DATETIME_FIELD`].
fn datetime_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Date, A::Error> {
    let raw: String = map.next_value()?;
    let dt: toml::value::Datetime = raw.parse().map_err(de::Error::custom)?;
    toml_date(&dt).map_err(de::Error::custom)
}

impl<'de> Deserialize<'de> for DateVal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateVal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DATE_EXPECTING)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                parse_date_str(v).map(DateVal).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                match map.next_key::<String>()? {
                    Some(k) if k == TOML_DATETIME_FIELD => datetime_value(&mut map).map(DateVal),
                    _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

const TIME_EXPECTING: &str = "a time of day like \"17:30\" (HH:MM, 24-hour)";

/// A time of day, written as a `"HH:MM"` string (24-hour, two digits each) or
/// as a TOML local time with no seconds (`17:30` or `17:30:00`).
pub(super) struct TimeVal(pub jiff::civil::Time);

/// Parses `HH:MM` exactly (00:00 to 23:59).
pub(super) fn parse_time_str(s: &str) -> Result<jiff::civil::Time, String> {
    let b = s.as_bytes();
    let shaped = b.len() == 5
        && b[2] == b':'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("cannot read time `{s}`: expected {TIME_EXPECTING}"));
    }
    let (h, m) = (
        s[0..2].parse::<i8>().unwrap_or(99),
        s[3..5].parse::<i8>().unwrap_or(99),
    );
    jiff::civil::Time::new(h, m, 0, 0)
        .map_err(|_| format!("`{s}` is not a time of day: expected 00:00 to 23:59"))
}

/// Reads the datetime string toml hands over as a local time of whole minutes.
fn time_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<jiff::civil::Time, A::Error> {
    let raw: String = map.next_value()?;
    let dt: toml::value::Datetime = raw.parse().map_err(de::Error::custom)?;
    match (dt.date, dt.time, dt.offset) {
        (None, Some(t), None) if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 => {
            jiff::civil::Time::new(t.hour as i8, t.minute as i8, 0, 0)
                .map_err(|_| de::Error::custom(format!("`{dt}` is not a time of day")))
        }
        _ => Err(de::Error::custom(format!(
            "expected {TIME_EXPECTING}, found `{dt}`"
        ))),
    }
}

impl<'de> Deserialize<'de> for TimeVal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TimeVal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(TIME_EXPECTING)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                parse_time_str(v).map(TimeVal).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                match map.next_key::<String>()? {
                    Some(k) if k == TOML_DATETIME_FIELD => time_value(&mut map).map(TimeVal),
                    _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A whole number, zero or more (counts, weeks, minutes), checked for range
/// where it is used so the message can name the field.
pub(super) struct Whole(pub u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number like 2")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                u64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(format!("{v} must not be negative")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Whole(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A closed day or an inclusive range of closed days in `[athlete.therapist]`.
pub(super) enum Closed {
    /// One day.
    Day(Date),
    /// `{ from = ..., to = ... }`.
    Range {
        from: Spanned<DateVal>,
        to: Spanned<DateVal>,
    },
}

impl<'de> Deserialize<'de> for Closed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Closed;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a date like 2026-04-01 or a range like { from = 2026-04-10, to = 2026-04-20 }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                parse_date_str(v).map(Closed::Day).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut from = None;
                let mut to = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        TOML_DATETIME_FIELD => return datetime_value(&mut map).map(Closed::Day),
                        "from" => from = Some(map.next_value()?),
                        "to" => to = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["from", "to"])),
                    }
                }
                match (from, to) {
                    (Some(from), Some(to)) => Ok(Closed::Range { from, to }),
                    (None, _) => Err(de::Error::missing_field("from")),
                    (_, None) => Err(de::Error::missing_field("to")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a TOML number (integer or float) as `f64`.
macro_rules! number_visits {
    ($conv:ident) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.$conv(v as f64)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.$conv(v as f64)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            self.$conv(v)
        }
    };
}

/// An amount of money in currency units, held in cents.
pub(super) struct Money(pub Cents);

/// Converts an amount in currency units to cents.
pub(super) fn to_cents(v: f64) -> Result<Cents, String> {
    if !v.is_finite() {
        return Err(format!("amount {v} is not a finite number"));
    }
    if v < 0.0 {
        return Err(format!("amount {v} must not be negative"));
    }
    let cents = (v * 100.0).round();
    if cents > f64::from(Cents::MAX) {
        return Err(format!("amount {v} is too large"));
    }
    Ok(cents as Cents)
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn amount<E: de::Error>(self, v: f64) -> Result<Money, E> {
                to_cents(v).map(Money).map_err(E::custom)
            }
        }
        impl Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount of money like 70 or 69.50")
            }
            number_visits!(amount);
        }
        d.deserialize_any(V)
    }
}

/// A duration in minutes: a finite number, zero or more.
pub(super) struct Minutes(pub f64);

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn minutes<E: de::Error>(self, v: f64) -> Result<Minutes, E> {
                if !v.is_finite() {
                    Err(E::custom(format!("minutes {v} is not a finite number")))
                } else if v < 0.0 {
                    Err(E::custom(format!("minutes {v} must not be negative")))
                } else if v > 1440.0 {
                    Err(E::custom(format!(
                        "minutes {v}: expected at most 1440 (one day) for one workout"
                    )))
                } else {
                    Ok(Minutes(v))
                }
            }
        }
        impl Visitor<'_> for V {
            type Value = Minutes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of minutes like 45")
            }
            number_visits!(minutes);
        }
        d.deserialize_any(V)
    }
}

/// A distance: a bare number in the file's units, or a string (see [`distance::distance`]).
pub(super) struct DistanceVal(pub Distance);

impl<'de> Deserialize<'de> for DistanceVal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn bare<E: de::Error>(self, v: f64) -> Result<DistanceVal, E> {
                distance::check_distance(v)
                    .map(|v| DistanceVal(Distance::Bare(v)))
                    .map_err(E::custom)
            }
        }
        impl Visitor<'_> for V {
            type Value = DistanceVal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a distance like 32, \"32 km\" or \"20 mi\"")
            }
            number_visits!(bare);
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                distance::distance(v).map(DistanceVal).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The sessions of a prepaid package: a whole number from 1 to
/// [`MAX_CREDIT_SESSIONS`].
pub(super) struct Sessions(pub u32);

impl<'de> Deserialize<'de> for Sessions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn sessions<E: de::Error>(self, v: i128) -> Result<Sessions, E> {
                match u32::try_from(v) {
                    Ok(n) if (1..=MAX_CREDIT_SESSIONS).contains(&n) => Ok(Sessions(n)),
                    _ => Err(E::custom(format!(
                        "sessions {v} is out of range: expected 1 to {MAX_CREDIT_SESSIONS}"
                    ))),
                }
            }
        }
        impl Visitor<'_> for V {
            type Value = Sessions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of sessions like 10")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.sessions(i128::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.sessions(i128::from(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Lowest and highest heart rate accepted, in beats per minute.
pub(super) const BPM_RANGE: std::ops::RangeInclusive<u16> = 20..=250;

/// A heart rate in beats per minute.
pub(super) struct Bpm(pub u16);

impl<'de> Deserialize<'de> for Bpm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn bpm<E: de::Error>(self, v: i128) -> Result<Bpm, E> {
                match u16::try_from(v) {
                    Ok(b) if BPM_RANGE.contains(&b) => Ok(Bpm(b)),
                    _ => Err(E::custom(format!(
                        "heart rate {v} is out of range: expected {} to {} beats per minute",
                        BPM_RANGE.start(),
                        BPM_RANGE.end()
                    ))),
                }
            }
        }
        impl Visitor<'_> for V {
            type Value = Bpm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of beats per minute like 52")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.bpm(i128::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.bpm(i128::from(v))
            }
        }
        d.deserialize_any(V)
    }
}
