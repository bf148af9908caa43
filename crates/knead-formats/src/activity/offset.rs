//! The UTC offset a file name states, for files whose content gives none:
//! Garmin Connect names its exports after the local start and its offset,
//! e.g. `2020-12-02T06_08_29-300_Running.tcx` (06:08:29 at -03:00).

/// The offset (seconds) named by the last `YYYY-MM-DDTHH_MM_SS±HMM` (or
/// `±HHMM`; `:` for `_` too) in the base name of `name`, provided that local
/// time at that offset is the instant `start` (to the second); `None` when no
/// such stamp is there, it is not a real time, the offset is beyond ±14
/// hours, or it names another instant.
pub(crate) fn from_name(name: &str, start: jiff::Timestamp) -> Option<i32> {
    let base = name
        .rsplit(['/', '\\', '!'])
        .next()
        .unwrap_or(name)
        .as_bytes();
    // Stamps are ASCII; look at each 'T' with a date before it.
    (10..base.len())
        .rev()
        .filter(|&i| base[i] == b'T')
        .find_map(|i| stamp(&base[i - 10..], start))
}

/// The offset of the stamp at the start of `b`, if it names `start`.
fn stamp(b: &[u8], start: jiff::Timestamp) -> Option<i32> {
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let s = b.get(r)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0, |n, d| n * 10 + i32::from(d - b'0')))
    };
    let sep = |i: usize, want: &[u8]| b.get(i).is_some_and(|c| want.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"T") && sep(13, b"_:") && sep(16, b"_:")) {
        return None;
    }
    let sign = match b.get(19)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let len = b[20..].iter().take_while(|c| c.is_ascii_digit()).count();
    let hm = match len {
        3 | 4 => digits(20..20 + len)?,
        _ => return None,
    };
    let (hours, minutes) = (hm / 100, hm % 100);
    if minutes >= 60 || hours > 14 {
        return None;
    }
    let offset_s = sign * (hours * 3600 + minutes * 60);
    let local = jiff::civil::DateTime::new(
        i16::try_from(digits(0..4)?).ok()?,
        i8::try_from(digits(5..7)?).ok()?,
        i8::try_from(digits(8..10)?).ok()?,
        i8::try_from(digits(11..13)?).ok()?,
        i8::try_from(digits(14..16)?).ok()?,
        i8::try_from(digits(17..19)?).ok()?,
        0,
    )
    .ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset_s).ok()?;
    let named = offset.to_timestamp(local).ok()?;
    (named.as_second() == start.as_second()).then_some(offset_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn garmin_export_names_give_the_offset() {
        let start = at("2020-12-02T09:08:29Z");
        let name = "a/b/2020-12-02T06_08_29-300_Running.tcx";
        assert_eq!(from_name(name, start), Some(-3 * 3600));
        assert_eq!(
            from_name("x.zip!2020-12-02T14:38:29+0530.gpx", start),
            Some(5 * 3600 + 1800)
        );
        // Milliseconds of the start do not matter.
        let later = at("2020-12-02T09:08:29.750Z");
        assert_eq!(from_name(name, later), Some(-10_800));
    }

    #[test]
    fn names_that_do_not_agree_or_say_nothing_give_none() {
        let start = at("2020-12-02T09:08:29Z");
        for name in [
            "2020-12-02T06_08_30-300_Running.tcx",  // another second
            "2020-12-02T06_08_29-400_Running.tcx",  // another instant
            "2020-12-02T06_08_29_Running.tcx",      // no offset
            "2020-12-02T06_08_29-3_Running.tcx",    // too short
            "2020-12-02T06_08_29-1500_Running.tcx", // beyond 14 h
            "2020-13-02T06_08_29-300_Running.tcx",  // no such month
            "run.tcx",
            "T",
            "",
            "2020-12-02T06_08_29-300_Running/other.tcx", // in a folder's name
        ] {
            assert_eq!(from_name(name, start), None, "{name}");
        }
    }
}
