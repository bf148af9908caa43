//! Garmin FIT activity files, decoded with the `fitparser` crate, which
//! expands compressed timestamps and checks the header and file CRCs.
//!
//! One activity per `session` message, from its totals; the `record` messages
//! give the heart-rate samples. A file without sessions is summarised from its
//! records.
//!
//! Around the decoder:
//! * it can panic on corrupt input (an arithmetic overflow when accumulating
//!   fields, in debug builds), so it runs under [`std::panic::catch_unwind`]:
//!   a panic becomes an [`ActivityError::Fit`], never a crash;
//! * it accumulates `compressed_speed_distance` by adding raw values, so the
//!   record distance is recomputed here from the raw field (see [`Odometer`]);
//! * a file is refused on a CRC mismatch, a corrupt header or an early end,
//!   with one exception: junk after a finished recording (see [`decode_stream`]).

use std::panic::{AssertUnwindSafe, catch_unwind};

use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};
use knead_core::model::{Activity, Sport};

use super::sport::fit_sport;
use super::track::{Point, hr_stats, summarise};
use super::{ActivityError, Found, timestamp_ms};

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
const FIT_EPOCH_S: i64 = 631_065_600;

/// A session's totals.
#[derive(Default, Debug)]
struct Session {
    start_ms: Option<i64>,
    end_ms: Option<i64>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    ascent_m: Option<f64>,
    sport: SportCodes,
}

/// A number from a field value; `None` for text, arrays and invalid values.
fn num(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Byte(x) | Value::Enum(x) | Value::UInt8(x) | Value::UInt8z(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

/// Milliseconds since the Unix epoch of a timestamp field.
fn time_ms(v: &Value) -> Option<i64> {
    match v {
        Value::Timestamp(t) => Some(t.timestamp_millis()),
        _ => None,
    }
}

/// The `sport` and `sub_sport` numbers of a session or sport message, as far
/// as it has them.
#[derive(Default, Debug, Clone, Copy)]
struct SportCodes {
    sport: Option<u8>,
    sub_sport: Option<u8>,
}

impl SportCodes {
    /// Takes the `sport` or `sub_sport` field; other fields are ignored.
    fn take(&mut self, field: &str, v: &Value) {
        match field {
            "sport" => self.sport = sport_number(v, true),
            "sub_sport" => self.sub_sport = sport_number(v, false),
            _ => {}
        }
    }

    /// The sport these numbers name (see [`fit_sport`]); `None` without a `sport`.
    fn sport(self) -> Option<Sport> {
        Some(fit_sport(self.sport?, self.sub_sport.unwrap_or(0)))
    }
}

/// The profile number of a `sport` (or, with `sport` false, a `sub_sport`)
/// field: the decoder gives the profile's name, or the number itself when the
/// profile has no name for it.
fn sport_number(v: &Value, sport: bool) -> Option<u8> {
    use fitparser::profile::field_types::{Sport as FitSport, SubSport};
    match v {
        Value::String(s) if sport => Some(FitSport::from(s.as_str()).as_u8()),
        Value::String(s) => Some(SubSport::from(s.as_str()).as_u8()),
        Value::Enum(n) => Some(*n),
        _ => None,
    }
}

/// Decodes the file, mapping every failure (including a panic inside the
/// decoder) to an [`ActivityError`].
fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, ActivityError> {
    let err = |detail: String| ActivityError::Fit {
        name: name.to_owned(),
        detail,
    };
    if bytes.len() < 12 || &bytes[8..12] != b".FIT" {
        return Err(err("no .FIT signature in the header".to_owned()));
    }
    let header_size = usize::from(bytes[0]);
    if header_size < 12 {
        return Err(err(format!("header size {header_size} is too small")));
    }
    let data_size = u64::from(u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]));
    let announced = header_size as u64 + data_size + 2;
    let truncated = |detail: String| ActivityError::Truncated {
        name: name.to_owned(),
        detail: if (bytes.len() as u64) < announced {
            format!(
                "{detail} (the header announces {announced} bytes, the file has {})",
                bytes.len()
            )
        } else {
            detail
        },
    };
    let decoded = catch_unwind(AssertUnwindSafe(|| decode_stream(bytes)))
        .map_err(|_| err("the decoder failed on corrupt data".to_owned()))?;
    match decoded {
        Ok(d) if d.ended_before_crc => Err(truncated("the file ends before its CRC".to_owned())),
        Ok(d) => Ok(d),
        Err(e) => Err(match *e {
            ErrorKind::InvalidCrc(..) => ActivityError::BadCrc {
                name: name.to_owned(),
                detail: e.to_string(),
            },
            ErrorKind::UnexpectedEof(_) => truncated(e.to_string()),
            _ => err(e.to_string()),
        }),
    }
}

/// What the decoder got from a file: its data messages, and whether it ended
/// inside a data section (before the CRC).
pub(crate) struct Decoded {
    pub records: Vec<FitDataRecord>,
    pub ended_before_crc: bool,
}

/// Decodes message by message.
///
/// Any error is fatal (CRC mismatch, a corrupt header, a file that ends before
/// its CRC) except one: a decoding error inside a data section after that
/// section's `activity` message, which a device writes last to close a
/// recording. Recording apps that crash can leave junk there (Strava's Android
/// app 201.10 does); the finished recording before it is kept.
fn decode_stream(bytes: &[u8]) -> fitparser::Result<Decoded> {
    let mut processor = FitStreamProcessor::new();
    // Keep `compressed_speed_distance` whole, to accumulate its distance right.
    processor.add_option(DecodeOption::KeepCompositeFields);
    let mut records = Vec::new();
    let mut buf = bytes;
    let mut expect_header = true;
    let mut closed = false;
    while !buf.is_empty() {
        match processor.deserialize_next(buf) {
            Ok((rest, obj)) => {
                match obj {
                    FitObject::Crc(_) => {
                        processor.reset();
                        expect_header = true;
                    }
                    FitObject::Header(_) => {
                        expect_header = false;
                        closed = false;
                    }
                    FitObject::DataMessage(msg) => {
                        let rec = processor.decode_message(msg)?;
                        closed |= rec.kind() == MesgNum::Activity;
                        records.push(rec);
                    }
                    FitObject::DefinitionMessage(_) => {}
                }
                buf = rest;
            }
            Err(e) => {
                let junk = matches!(
                    *e,
                    ErrorKind::MissingDefinitionMessage(..)
                        | ErrorKind::ParseError(..)
                        | ErrorKind::ValueError(_)
                );
                if junk && closed && !expect_header {
                    return Ok(Decoded {
                        records,
                        ended_before_crc: false,
                    });
                }
                return Err(e);
            }
        }
    }
    Ok(Decoded {
        records,
        ended_before_crc: !expect_header,
    })
}

/// The machine's UTC offset (seconds) at the FIT epoch: `fitparser` places a
/// `local_date_time` field on that zone's reference date (chrono's `Local`,
/// which reads `TZ` and `/etc/localtime` as jiff's system zone does), and this
/// undoes it.
fn local_epoch_shift_s() -> i64 {
    let tz = jiff::tz::TimeZone::system();
    jiff::Timestamp::from_second(FIT_EPOCH_S).map_or(0, |t| i64::from(tz.to_offset(t).seconds()))
}

/// The UTC offset (seconds) of the activity message's `local_timestamp` over
/// its `timestamp` (both in milliseconds as decoded): `local_timestamp` was
/// placed on the machine's zone, which is undone, then rounded to the quarter
/// hour that real offsets use. `None` beyond ±14 hours.
fn activity_offset_s(local_ms: i64, utc_ms: i64) -> Option<i32> {
    let diff_s = (local_ms - utc_ms) / 1000 + local_epoch_shift_s();
    let rounded = ((diff_s as f64 / 900.0).round() * 900.0) as i64;
    (rounded.abs() <= 14 * 3600).then_some(rounded as i32)
}

/// Reads a FIT file.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Vec<Found>, ActivityError> {
    let Decoded { records, .. } = decode(name, bytes)?;

    let mut sessions: Vec<Session> = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    let mut file_sport: Option<Sport> = None;
    let mut created_ms: Option<i64> = None;
    let mut activity_timer_s: Option<f64> = None;
    let mut utc_offset_s: Option<i32> = None;
    let mut activity_clock: (Option<i64>, Option<i64>) = (None, None);
    let mut odometer = Odometer::default();

    for rec in &records {
        match rec.kind() {
            MesgNum::Session => {
                let mut s = Session::default();
                for f in rec.fields() {
                    let v = f.value();
                    match f.name() {
                        "start_time" => s.start_ms = time_ms(v),
                        "timestamp" => s.end_ms = time_ms(v),
                        "total_elapsed_time" => s.elapsed_s = num(v),
                        "total_timer_time" => s.timer_s = num(v),
                        "total_distance" => s.distance_m = num(v),
                        "avg_heart_rate" => s.avg_hr = num(v).filter(|h| *h > 0.0),
                        "max_heart_rate" => s.max_hr = num(v).filter(|h| *h > 0.0),
                        "total_ascent" => s.ascent_m = num(v),
                        name @ ("sport" | "sub_sport") => s.sport.take(name, v),
                        _ => {}
                    }
                }
                sessions.push(s);
            }
            MesgNum::Record => {
                if let Some(p) = record_point(rec, &mut odometer) {
                    points.push(p);
                }
            }
            MesgNum::Sport => {
                let mut codes = SportCodes::default();
                for f in rec.fields() {
                    codes.take(f.name(), f.value());
                }
                if let Some(s) = codes.sport() {
                    file_sport = Some(s);
                }
            }
            MesgNum::FileId => {
                if let Some(t) = rec
                    .fields()
                    .iter()
                    .find(|f| f.name() == "time_created")
                    .and_then(|f| time_ms(f.value()))
                {
                    created_ms = Some(t);
                }
            }
            MesgNum::Activity => {
                let field = |n: &str| {
                    rec.fields()
                        .iter()
                        .find(|f| f.name() == n)
                        .map(|f| f.value())
                };
                activity_timer_s = field("total_timer_time").and_then(num);
                activity_clock = (
                    field("local_timestamp").and_then(time_ms),
                    field("timestamp").and_then(time_ms),
                );
                if let (Some(local), Some(utc)) = activity_clock {
                    utc_offset_s = activity_offset_s(local, utc);
                }
            }
            _ => {}
        }
    }

    let mut out = Vec::new();
    if sessions.is_empty() {
        let Some(summary) = summarise(&plausible(points)) else {
            return Err(ActivityError::NoActivity {
                name: name.to_owned(),
                detail: "no session or record messages".to_owned(),
            });
        };
        let activity = Activity {
            source: name.to_owned(),
            sport: file_sport.unwrap_or(Sport::Other),
            start: timestamp_ms(name, summary.start_ms)?,
            utc_offset_s: utc_offset_s.unwrap_or(0),
            elapsed_s: Some(summary.elapsed_s),
            moving_s: activity_timer_s.or(Some(summary.moving_s)),
            distance_m: summary.distance_m,
            avg_hr: summary.avg_hr,
            max_hr: summary.max_hr,
            ascent_m: summary.ascent_m,
            hr_samples: summary.hr_samples,
        };
        out.push(Found::new(activity).stated(file_sport.is_some(), utc_offset_s.is_some()));
        return Ok(out);
    }

    // Times below 0x10000000 s after the FIT epoch are the device's own clock
    // (seconds since it was switched on), not dates. The activity message's
    // local time, or the file's creation time, then tells the real start.
    let relative = |t: i64| t < (FIT_EPOCH_S + 0x1000_0000) * 1000;
    let clock_fix_ms = match (activity_clock, created_ms) {
        ((Some(local), Some(device)), _) if relative(device) && !relative(local) => {
            utc_offset_s = None;
            local + local_epoch_shift_s() * 1000 - device
        }
        (_, Some(created)) if !relative(created) => {
            let first = sessions.iter().filter_map(|s| s.start_ms).min();
            first.filter(|t| relative(*t)).map_or(0, |t| created - t)
        }
        _ => 0,
    };

    let single = sessions.len() == 1;
    for s in &sessions {
        let start_ms = match s.start_ms.or(points.first().map(|p| p.t_ms)).or(created_ms) {
            Some(t) => t,
            None => {
                return Err(ActivityError::NoActivity {
                    name: name.to_owned(),
                    detail: "a session without a start time".to_owned(),
                });
            }
        };
        let end_ms = s
            .elapsed_s
            .map(|e| start_ms + (e * 1000.0).round() as i64)
            .into_iter()
            .chain(s.end_ms)
            .max()
            .unwrap_or(i64::MAX);
        // A session's records are those in its window; a lone session also takes
        // those a minute either side (devices stamp sessions a little early or late).
        let slack = if single { 60_000 } else { 0 };
        let in_session = |p: &&Point| {
            p.t_ms >= start_ms.saturating_sub(slack) && p.t_ms <= end_ms.saturating_add(slack)
        };
        let (hr_samples, rec_avg, rec_max) = hr_stats(
            points
                .iter()
                .filter(in_session)
                .filter_map(|p| p.hr.map(|hr| (p.t_ms, hr))),
            start_ms,
        );
        let sport = s.sport.sport().or(file_sport);
        let activity = Activity {
            source: name.to_owned(),
            sport: sport.unwrap_or(Sport::Other),
            start: timestamp_ms(name, start_ms.saturating_add(clock_fix_ms))?,
            utc_offset_s: utc_offset_s.unwrap_or(0),
            elapsed_s: s.elapsed_s,
            moving_s: s.timer_s,
            distance_m: s.distance_m,
            avg_hr: s.avg_hr.or(rec_avg),
            max_hr: s.max_hr.or(rec_max),
            ascent_m: s.ascent_m,
            hr_samples,
        };
        out.push(Found::new(activity).stated(sport.is_some(), utc_offset_s.is_some()));
    }
    Ok(out)
}

/// The records in time order, without the ones a crashing recorder stamps
/// wildly (before the previous record, or more than a day after it).
fn plausible(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_none_or(|q| p.t_ms >= q.t_ms && p.t_ms - q.t_ms <= 86_400_000)
        {
            out.push(p);
        }
    }
    out
}

/// Distance carried in `compressed_speed_distance` fields: 12 bits of
/// 1/16 m that roll over every 256 m, accumulated as the FIT SDK does
/// (`fitparser` adds the raw values instead, so its expanded `distance` is
/// wrong for these records).
#[derive(Default)]
struct Odometer {
    last_raw: u64,
    total_raw: u64,
}

impl Odometer {
    fn advance(&mut self, bytes: &[u8]) -> Option<f64> {
        let &[_, b1, b2] = bytes else { return None };
        let raw = (u64::from(b1) >> 4) | (u64::from(b2) << 4);
        self.total_raw += raw.wrapping_sub(self.last_raw) & 0xFFF;
        self.last_raw = raw;
        Some(self.total_raw as f64 / 16.0)
    }
}

/// The bytes of a byte-array field value.
fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Byte(b) | Value::UInt8(b) => Some(*b),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// A `record` message as a point; `None` when it has no timestamp.
fn record_point(rec: &FitDataRecord, odometer: &mut Odometer) -> Option<Point> {
    let mut p = Point::default();
    let mut timed = false;
    let (mut lat, mut lon, mut alt, mut enhanced_alt, mut compressed) =
        (None, None, None, None, None);
    for f in rec.fields() {
        let v = f.value();
        match f.name() {
            "timestamp" => {
                if let Some(t) = time_ms(v) {
                    p.t_ms = t;
                    timed = true;
                }
            }
            "heart_rate" => p.hr = num(v).filter(|h| *h > 0.0),
            "distance" => p.dist = num(v),
            "compressed_speed_distance" => compressed = bytes_of(v),
            "position_lat" => lat = num(v),
            "position_long" => lon = num(v),
            "altitude" => alt = num(v),
            "enhanced_altitude" => enhanced_alt = num(v),
            _ => {}
        }
    }
    if let Some(d) = compressed.and_then(|b| odometer.advance(&b)) {
        p.dist = Some(d);
    }
    // Positions are in semicircles.
    let deg = 180.0 / 2f64.powi(31);
    p.pos = lat.zip(lon).map(|(a, b)| (a * deg, b * deg));
    p.ele = enhanced_alt.or(alt);
    timed.then_some(p)
}

/// (seconds since the FIT epoch, heart rate, distance) of every timed record,
/// for comparing with other parsers' output.
#[cfg(test)]
pub(crate) fn record_rows(bytes: &[u8]) -> Vec<(i64, Option<f64>, Option<f64>)> {
    let mut odometer = Odometer::default();
    decode("test.fit", bytes)
        .map(|d| d.records)
        .unwrap_or_default()
        .iter()
        .filter(|r| r.kind() == MesgNum::Record)
        .filter_map(|r| record_point(r, &mut odometer))
        .map(|p| (p.t_ms / 1000 - FIT_EPOCH_S, p.hr, p.dist))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/fit/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture is there")
    }

    /// Seconds since the FIT epoch of "Sun Jun 11 07:34:09 PDT 2017".
    fn pdt_to_fit_s(s: &str) -> i64 {
        let hms: Vec<i64> = s
            .split(' ')
            .nth(3)
            .expect("time")
            .split(':')
            .map(|x| x.parse().expect("n"))
            .collect();
        assert!(
            s.contains("PDT") && s.contains("Jun 11") && s.ends_with("2017"),
            "{s}"
        );
        let midnight_utc_2017_06_11 = 1_497_139_200;
        midnight_utc_2017_06_11 + hms[0] * 3600 + hms[1] * 60 + hms[2] + 7 * 3600 - FIT_EPOCH_S
    }

    /// Every row of another parser's CSV has a record with the same timestamp,
    /// heart rate and distance.
    fn matches_csv(
        fit: &str,
        csv: &str,
        ts: impl Fn(&str) -> i64,
        hr_col: usize,
        dist_col: usize,
    ) -> usize {
        let rows = record_rows(&fixture(fit));
        let text = String::from_utf8(fixture(csv)).expect("utf-8");
        let mut checked = 0;
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split(',').collect();
            let t = ts(cols[0]);
            let row = rows
                .iter()
                .find(|r| r.0 == t)
                .unwrap_or_else(|| panic!("{fit}: no record at {t}"));
            let hr: Option<f64> = cols[hr_col].trim().parse().ok();
            assert_eq!(row.1, hr, "{fit}: heart rate at {t}");
            let dist: f64 = cols[dist_col].trim().parse().expect("distance");
            let got = row.2.unwrap_or(f64::NAN);
            assert!(
                (got - dist).abs() < 0.01,
                "{fit}: distance at {t}: {got} vs {dist}"
            );
            checked += 1;
        }
        checked
    }

    #[test]
    fn records_match_other_parsers() {
        let n = matches_csv(
            "compressed-speed-distance.fit",
            "compressed-speed-distance-records.csv",
            |s| s.trim().parse().expect("ts"),
            1,
            3,
        );
        assert_eq!(n, 754);
        let n = matches_csv(
            "garmin-fenix-5-run.fit",
            "garmin-fenix-5-run-records.csv",
            pdt_to_fit_s,
            1,
            4,
        );
        assert_eq!(n, 21);
    }

    #[test]
    fn short_and_unsigned_input_is_rejected() {
        assert!(matches!(
            read("x.fit", b"abc"),
            Err(ActivityError::Fit { .. })
        ));
        let mut header = vec![14u8, 0x10, 0, 0, 100, 0, 0, 0];
        header.extend_from_slice(b".FIT\0\0");
        let err = read("cut.fit", &header).expect_err("truncated");
        assert!(matches!(err, ActivityError::Truncated { .. }), "{err}");
        header[0] = 3;
        assert!(matches!(
            read("small.fit", &header),
            Err(ActivityError::Fit { .. })
        ));
    }

    #[test]
    fn wild_timestamps_are_dropped() {
        let p = |t: i64| Point {
            t_ms: t,
            ..Point::default()
        };
        let kept: Vec<i64> = plausible(vec![p(0), p(1000), p(500), p(3_000_000_000_000), p(2000)])
            .iter()
            .map(|p| p.t_ms)
            .collect();
        assert_eq!(kept, [0, 1000, 2000]);
    }
}
