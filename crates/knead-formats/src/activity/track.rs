//! Figures computed from a sequence of track points, for files that carry no
//! totals of their own (GPX, FIT without a session), and the time parsing the
//! XML readers share.

use super::{ASCENT_HYSTERESIS_M, MAX_MOVING_GAP_S, MIN_MOVING_SPEED};

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// One recorded point.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Point {
    /// Milliseconds since the Unix epoch.
    pub t_ms: i64,
    /// Latitude and longitude in degrees.
    pub pos: Option<(f64, f64)>,
    /// Elevation in metres.
    pub ele: Option<f64>,
    /// Heart rate in bpm.
    pub hr: Option<f64>,
    /// Cumulative distance in metres, when the device recorded it.
    pub dist: Option<f64>,
    /// True for the first point of a new segment (no distance or moving time
    /// is counted from the previous point).
    pub new_segment: bool,
}

/// What [`summarise`] computes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub start_ms: i64,
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub ascent_m: Option<f64>,
    pub hr_samples: Vec<(f64, f64)>,
}

/// Great-circle distance in metres between two points given in degrees.
pub(crate) fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = lon2 - lon1;
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Total ascent with hysteresis: a climb from a low point to the following high
/// point counts once the rise reaches `h` metres; the climb ends when the
/// elevation falls `h` below the high point (or the data ends).
pub(crate) fn ascent_with_hysteresis(eles: impl IntoIterator<Item = f64>, h: f64) -> Option<f64> {
    let mut it = eles.into_iter().filter(|e| e.is_finite());
    let first = it.next()?;
    let (mut low, mut high, mut climbing, mut total) = (first, first, false, 0.0);
    for e in it {
        if climbing {
            if e > high {
                high = e;
            } else if high - e >= h {
                total += high - low;
                climbing = false;
                low = e;
            }
        } else if e < low {
            low = e;
        } else if e - low >= h {
            climbing = true;
            high = e;
        }
    }
    if climbing {
        total += high - low;
    }
    Some(total)
}

/// Sum of every rise between consecutive elevations (no smoothing).
pub(crate) fn ascent_raw(eles: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut prev: Option<f64> = None;
    let mut total = None;
    for e in eles.into_iter().filter(|e| e.is_finite()) {
        let t = total.get_or_insert(0.0);
        if let Some(p) = prev
            && e > p
        {
            *t += e - p;
        }
        prev = Some(e);
    }
    total
}

/// Heart-rate samples as (seconds since `start_ms`, bpm), with their mean and maximum.
pub(crate) fn hr_stats(
    points: impl IntoIterator<Item = (i64, f64)>,
    start_ms: i64,
) -> (Vec<(f64, f64)>, Option<f64>, Option<f64>) {
    let samples: Vec<(f64, f64)> = points
        .into_iter()
        .filter(|(_, hr)| hr.is_finite() && *hr > 0.0)
        .map(|(t, hr)| ((t - start_ms) as f64 / 1000.0, hr))
        .collect();
    if samples.is_empty() {
        return (samples, None, None);
    }
    let avg = samples.iter().map(|s| s.1).sum::<f64>() / samples.len() as f64;
    let max = samples.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    (samples, Some(avg), Some(max))
}

/// Summarises points in recording order. `None` when there are none.
pub(crate) fn summarise(points: &[Point]) -> Option<Summary> {
    let first = points.first()?;
    let start_ms = points.iter().map(|p| p.t_ms).min().unwrap_or(first.t_ms);
    let end_ms = points.iter().map(|p| p.t_ms).max().unwrap_or(first.t_ms);

    let device_distance = points
        .iter()
        .filter_map(|p| p.dist)
        .filter(|d| d.is_finite())
        .reduce(f64::max);
    let has_positions = points.iter().any(|p| p.pos.is_some());
    let mut gps_distance = 0.0;
    let mut moving_s = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.new_segment {
            continue;
        }
        let step = match (a.pos, b.pos) {
            (Some(pa), Some(pb)) => Some(haversine(pa, pb)),
            _ => None,
        };
        if let Some(d) = step {
            gps_distance += d;
        }
        let ground = match (a.dist, b.dist) {
            (Some(da), Some(db)) => Some((db - da).max(0.0)),
            _ => step,
        };
        let dt = (b.t_ms - a.t_ms) as f64 / 1000.0;
        if dt > 0.0 && dt <= MAX_MOVING_GAP_S && ground.is_none_or(|d| d / dt >= MIN_MOVING_SPEED) {
            moving_s += dt;
        }
    }
    let distance_m = device_distance.or(has_positions.then_some(gps_distance));
    let ascent_m = ascent_with_hysteresis(points.iter().filter_map(|p| p.ele), ASCENT_HYSTERESIS_M);
    let (hr_samples, avg_hr, max_hr) = hr_stats(
        points.iter().filter_map(|p| p.hr.map(|hr| (p.t_ms, hr))),
        start_ms,
    );
    Some(Summary {
        start_ms,
        elapsed_s: (end_ms - start_ms) as f64 / 1000.0,
        moving_s,
        distance_m,
        avg_hr,
        max_hr,
        ascent_m,
        hr_samples,
    })
}

/// Parses an ISO 8601 / RFC 3339 date-time (`2020-12-02T09:08:29Z`,
/// `2017-07-29T14:46:35.000Z`, `2020-12-02T06:08:29-03:00`; a space for `T`
/// and a missing offset, read as UTC, are accepted) with jiff's Temporal
/// parser. Returns milliseconds since the Unix epoch and the numeric UTC
/// offset in seconds (`None` for `Z` or no offset: those say UTC, not the
/// local time).
pub(crate) fn parse_time(s: &str) -> Option<(i64, Option<i32>)> {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    let pieces = Pieces::parse(s.trim()).ok()?;
    let time = pieces.time()?;
    let offset = match pieces.offset() {
        Some(PiecesOffset::Numeric(n)) => Some(n.offset()),
        Some(PiecesOffset::Zulu) | None => None,
        Some(_) => return None,
    };
    let ts = offset
        .unwrap_or(jiff::tz::Offset::UTC)
        .to_timestamp(pieces.date().to_datetime(time))
        .ok()?;
    Some((ts.as_millisecond(), offset.map(|o| o.seconds())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some((0, None)));
        assert_eq!(
            parse_time("2020-12-02T09:08:29Z"),
            Some((1_606_900_109_000, None))
        );
        assert_eq!(
            parse_time("2020-12-02T06:08:29-03:00"),
            Some((1_606_900_109_000, Some(-10_800)))
        );
        assert_eq!(
            parse_time("2020-12-02T09:08:29+00:00"),
            Some((1_606_900_109_000, Some(0)))
        );
        assert_eq!(
            parse_time("2017-07-29T14:46:35.250Z").map(|t| t.0 % 1000),
            Some(250)
        );
        assert_eq!(
            parse_time("2017-07-29T14:46:35.5+0200").map(|t| t.1),
            Some(Some(7200))
        );
        assert_eq!(
            parse_time(" 2000-02-29 12:00:00 "),
            Some((951_825_600_000, None))
        );
        for bad in [
            "",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-12-02T09:08:29Q",
            "yesterday",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn haversine_one_degree_of_latitude() {
        let d = haversine((0.0, 0.0), (1.0, 0.0));
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
    }

    #[test]
    fn hysteresis_ignores_noise_but_counts_climbs() {
        let noisy = [100.0, 101.0, 100.0, 101.5, 100.2, 101.0];
        assert_eq!(ascent_with_hysteresis(noisy, 2.0), Some(0.0));
        let climb = [100.0, 99.0, 102.0, 105.0, 104.5, 110.0, 103.0, 108.0];
        // 99 -> 110 (11 m), then 103 -> 108 (5 m).
        assert_eq!(ascent_with_hysteresis(climb, 2.0), Some(16.0));
        assert_eq!(ascent_raw([1.0, 2.0, 1.5, 3.0]), Some(2.5));
        assert_eq!(ascent_raw([]), None);
    }

    #[test]
    fn moving_time_skips_pauses_and_standing() {
        let p = |t: i64, lat: f64| Point {
            t_ms: t * 1000,
            pos: Some((lat, 0.0)),
            ..Point::default()
        };
        // 10 s at ~3 m/s, 10 s standing, a 60 s gap, then 10 s moving again.
        let pts = [
            p(0, 0.0),
            p(10, 0.00027),
            p(20, 0.00027),
            p(80, 0.0006),
            p(90, 0.00087),
        ];
        let s = summarise(&pts).expect("points");
        assert_eq!(s.elapsed_s, 90.0);
        assert_eq!(s.moving_s, 20.0);
        assert!(
            (s.distance_m.unwrap_or(0.0) - 96.7).abs() < 1.0,
            "{:?}",
            s.distance_m
        );
    }
}
