//! Garmin FIT activity files, decoded by knead's own reader of the binary
//! protocol ([`decode`]) and mapped here into activities.
//!
//! One activity per `session` message, from its totals; the `record` messages
//! give the heart-rate samples. A file without sessions is summarised from its
//! records. Only the messages and fields knead uses are read: `file_id`
//! (`time_created`), `session`, `record` (timestamp, heart rate, distance,
//! position, altitude), `activity` (the device's local time) and `sport`.
//!
//! A file is refused on a CRC mismatch, a corrupt header or an early end; it
//! is read with a warning when bytes follow its CRC, or when junk follows a
//! finished recording (see [`decode`]).

mod crc;
mod decode;

use knead_core::model::{Activity, Sport};

use super::sport::fit_sport;
use super::track::{Point, hr_stats, summarise};
use super::{ActivityError, Found, Parsed, timestamp_ms};
use decode::{DecodeError, Message};

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
const FIT_EPOCH_S: i64 = 631_065_600;

/// Global message numbers of the messages read.
const FILE_ID: u16 = 0;
const SPORT: u16 = 12;
const SESSION: u16 = 18;
const RECORD: u16 = 20;
const ACTIVITY: u16 = 34;

/// A session's totals, with its raw FIT sport numbers.
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
    sport: Option<u8>,
    sub_sport: Option<u8>,
}

/// Milliseconds since the Unix epoch of a FIT time (seconds since the FIT epoch).
fn fit_time_ms(s: u32) -> i64 {
    (i64::from(s) + FIT_EPOCH_S) * 1000
}

/// A time field (a `uint32` of seconds since the FIT epoch) in milliseconds
/// since the Unix epoch; `None` when absent, invalid or out of that range.
fn time_field(m: &Message<'_>, num: u8) -> Option<i64> {
    let s = m.number(num)?;
    (0.0..=f64::from(u32::MAX))
        .contains(&s)
        .then(|| fit_time_ms(s as u32))
}

/// A `u8` field (an enum), `None` when absent or invalid.
fn byte_field(m: &Message<'_>, num: u8) -> Option<u8> {
    m.number(num).and_then(|x| u8::try_from(x as i64).ok())
}

/// What the messages say, gathered in file order.
#[derive(Default)]
struct Gathered {
    sessions: Vec<Session>,
    points: Vec<Point>,
    /// `sport` and `sub_sport` of the last `sport` message.
    file_sport: Option<(u8, u8)>,
    created_ms: Option<i64>,
    activity_timer_s: Option<f64>,
    /// The UTC offset of the activity message's local time, when it has one.
    utc_offset_s: Option<i32>,
    /// The last `activity` message's (local_timestamp, timestamp).
    activity_clock: (Option<i64>, Option<i64>),
    odometer: Odometer,
}

impl Gathered {
    /// Takes what knead needs from one message.
    fn message(&mut self, m: &Message<'_>) {
        match m.global {
            SESSION => self.sessions.push(Session {
                start_ms: time_field(m, 2),
                end_ms: m.timestamp.map(fit_time_ms),
                elapsed_s: m.number(7).map(|x| x / 1000.0),
                timer_s: m.number(8).map(|x| x / 1000.0),
                distance_m: m.number(9).map(|x| x / 100.0),
                avg_hr: m.number(16).filter(|h| *h > 0.0),
                max_hr: m.number(17).filter(|h| *h > 0.0),
                ascent_m: m.number(22),
                sport: byte_field(m, 5),
                sub_sport: byte_field(m, 6),
            }),
            RECORD => {
                if let Some(p) = record_point(m, &mut self.odometer) {
                    self.points.push(p);
                }
            }
            SPORT => {
                if let Some(sport) = byte_field(m, 0) {
                    self.file_sport = Some((sport, byte_field(m, 1).unwrap_or(0)));
                }
            }
            FILE_ID => {
                if let Some(t) = time_field(m, 4) {
                    self.created_ms = Some(t);
                }
            }
            ACTIVITY => {
                self.activity_timer_s = m.number(0).map(|x| x / 1000.0);
                let local = time_field(m, 5);
                let utc = m.timestamp.map(fit_time_ms);
                self.activity_clock = (local, utc);
                if let (Some(local), Some(utc)) = (local, utc) {
                    // local_timestamp is the local wall-clock time counted as if
                    // it were UTC; round to the quarter hour that real offsets use.
                    let rounded = ((local - utc) as f64 / 900_000.0).round() * 900.0;
                    if rounded.abs() <= f64::from(14 * 3600) {
                        self.utc_offset_s = Some(rounded as i32);
                    }
                }
            }
            _ => {}
        }
    }

    /// The activities: one per session, or one summarised from the records.
    fn activities(self, name: &str) -> Result<Vec<Found>, ActivityError> {
        let Gathered {
            sessions,
            points,
            file_sport,
            created_ms,
            activity_timer_s,
            mut utc_offset_s,
            activity_clock,
            odometer: _,
        } = self;
        let file_sport = file_sport.map(|(sport, sub)| fit_sport(sport, sub));

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
                local - device
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
                .map(|e| start_ms.saturating_add((e * 1000.0).round() as i64))
                .into_iter()
                .chain(s.end_ms)
                .max()
                .unwrap_or(i64::MAX);
            // A session's records are those in its window; a lone session also
            // takes those a minute either side (devices stamp sessions a little
            // early or late).
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
            let sport = s
                .sport
                .map(|sport| fit_sport(sport, s.sub_sport.unwrap_or(0)));
            let stated_sport = sport.or(file_sport);
            let activity = Activity {
                source: name.to_owned(),
                sport: stated_sport.unwrap_or(Sport::Other),
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
            out.push(Found::new(activity).stated(stated_sport.is_some(), utc_offset_s.is_some()));
        }
        Ok(out)
    }
}

/// Reads a FIT file: its activities with what the file stated, and warnings
/// (without the file's name).
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Parsed, ActivityError> {
    let mut gathered = Gathered::default();
    let warnings = decode::decode(bytes, |m| gathered.message(m)).map_err(|e| match e {
        DecodeError::Invalid(detail) => ActivityError::Fit {
            name: name.to_owned(),
            detail,
        },
        DecodeError::BadCrc(detail) => ActivityError::BadCrc {
            name: name.to_owned(),
            detail,
        },
        DecodeError::Truncated(detail) => ActivityError::Truncated {
            name: name.to_owned(),
            detail,
        },
    })?;
    Ok(Parsed {
        found: gathered.activities(name)?,
        warnings: warnings.into_iter().map(|w| w.to_string()).collect(),
    })
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
/// 1/16 m that roll over every 256 m, accumulated as the FIT SDK does.
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

/// A `record` message as a point; `None` when it has no timestamp.
fn record_point(m: &Message<'_>, odometer: &mut Odometer) -> Option<Point> {
    let t = m.timestamp?;
    // Distance is in centimetres; a compressed_speed_distance field carries it
    // instead on older devices.
    let dist = match m.bytes(8) {
        Some(b) => odometer.advance(b),
        None => m.number(5).map(|d| d / 100.0),
    };
    // Positions are in semicircles; altitudes in 1/5 m above -500 m.
    let deg = 180.0 / 2f64.powi(31);
    let pos = m
        .number(0)
        .zip(m.number(1))
        .map(|(a, b)| (a * deg, b * deg));
    let ele = m.number(78).or(m.number(2)).map(|a| a / 5.0 - 500.0);
    Some(Point {
        t_ms: fit_time_ms(t),
        hr: m.number(3).filter(|h| *h > 0.0),
        dist,
        pos,
        ele,
        ..Point::default()
    })
}

/// (seconds since the FIT epoch, heart rate, distance) of every timed record,
/// for comparing with other parsers' output.
#[cfg(test)]
pub(crate) fn record_rows(bytes: &[u8]) -> Vec<(i64, Option<f64>, Option<f64>)> {
    let mut odometer = Odometer::default();
    let mut rows = Vec::new();
    let decoded = decode::decode(bytes, |m| {
        if m.global == RECORD
            && let Some(p) = record_point(m, &mut odometer)
        {
            rows.push((p.t_ms / 1000 - FIT_EPOCH_S, p.hr, p.dist));
        }
    });
    assert!(decoded.is_ok(), "{decoded:?}");
    rows
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
    fn a_recording_with_bytes_appended_reads_the_same_with_a_warning() {
        let bytes = fixture("garmin-fenix-5-run.fit");
        let plain = read("run.fit", &bytes)
            .expect("reads")
            .settle("run.fit", None);
        assert!(plain.warnings.is_empty(), "{:?}", plain.warnings);
        let mut longer = bytes.clone();
        longer.extend_from_slice(b"\0\0junk");
        let read = read("run.fit", &longer)
            .expect("still reads")
            .settle("run.fit", None);
        assert_eq!(read.activities, plain.activities);
        assert_eq!(
            read.warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [format!(
                "run.fit: 6 byte(s) after the FIT file's CRC (from byte {}) ignored",
                bytes.len()
            )]
        );
    }

    #[test]
    fn the_strava_app_file_keeps_its_recording_with_a_warning() {
        // Strava's Android app 201.10 wrote the session and activity messages,
        // then bytes that no decoder can follow (fitparser and fitdecode stop
        // at the same byte).
        let read = read(
            "strava.fit",
            &fixture("strava-android-app-201.10-b1218918.fit"),
        )
        .expect("reads")
        .settle("strava.fit", None);
        assert_eq!(read.activities.len(), 1);
        assert_eq!(
            read.warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "strava.fit: decoding stopped after the recording's activity message: the data \
              message at byte 7471 is of local message type 11, which no definition message \
              defined; the 70762 byte(s) from byte 7471 on are ignored"
            ]
        );
    }

    #[test]
    fn times_and_durations_of_any_type_and_size_never_overflow() {
        // A session whose elapsed time and distance are a 64-bit float and
        // integer at their extremes, and an activity whose local time is a
        // 64-bit integer.
        let mut data = vec![0x40, 0, 0, SESSION as u8, 0, 4];
        data.extend_from_slice(&[2, 4, 0x86, 7, 8, 0x89, 9, 8, 0x8E, 253, 4, 0x86]);
        data.push(0);
        data.extend_from_slice(&1000u32.to_le_bytes());
        data.extend_from_slice(&1e300f64.to_le_bytes());
        data.extend_from_slice(&i64::MIN.to_le_bytes());
        data.extend_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        data.extend_from_slice(&[
            0x41,
            0,
            0,
            ACTIVITY as u8,
            0,
            2,
            5,
            8,
            0x8F,
            253,
            4,
            0x86,
            1,
        ]);
        data.extend_from_slice(&u64::MAX.wrapping_sub(1).to_le_bytes());
        data.extend_from_slice(&5u32.to_le_bytes());
        let mut file = vec![12, 0x20, 0, 0];
        file.extend_from_slice(&(data.len() as u32).to_le_bytes());
        file.extend_from_slice(b".FIT");
        file.extend_from_slice(&data);
        let crc = crc::crc16(&file);
        file.extend_from_slice(&crc.to_le_bytes());
        let read = read("odd.fit", &file).expect("reads");
        let a = &read.found[0].activity;
        assert_eq!(a.start.as_second(), 1000 + FIT_EPOCH_S);
        assert_eq!(
            (a.elapsed_s, a.distance_m),
            (Some(1e297), Some(i64::MIN as f64 / 100.0))
        );
        // A local time out of the uint32 range is no local time.
        assert_eq!(a.utc_offset_s, 0);
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
