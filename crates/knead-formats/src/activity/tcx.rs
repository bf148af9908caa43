//! Garmin Training Center (TCX) activities, read with quick-xml's streaming
//! reader. Each `<Activity>` is one activity; the laps' own totals are used
//! (see the module docs of [`super`]).

use knead_core::model::{Activity, Sport};
use quick_xml::events::Event;

use super::sport::tcx_sport;
use super::track::{Point, ascent_raw, haversine, hr_stats};
use super::{ActivityError, Found, Parsed, timestamp_ms, xml};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Activity,
    Id,
    Lap,
    TotalTime,
    Distance,
    AvgHr,
    MaxHr,
    HrBpm,
    Value,
    Trackpoint,
    Time,
    Position,
    Lat,
    Lon,
    Altitude,
    Other,
}

impl Tag {
    fn of(local: &str, parent: Option<Tag>) -> Tag {
        match (local, parent) {
            ("TrainingCenterDatabase", None) => Tag::Root,
            ("Activity", Some(_)) => Tag::Activity,
            ("Id", Some(Tag::Activity)) => Tag::Id,
            ("Lap", Some(Tag::Activity)) => Tag::Lap,
            ("TotalTimeSeconds", Some(Tag::Lap)) => Tag::TotalTime,
            ("DistanceMeters", Some(Tag::Lap | Tag::Trackpoint)) => Tag::Distance,
            ("AverageHeartRateBpm", Some(Tag::Lap)) => Tag::AvgHr,
            ("MaximumHeartRateBpm", Some(Tag::Lap)) => Tag::MaxHr,
            ("HeartRateBpm", Some(Tag::Trackpoint)) => Tag::HrBpm,
            ("Value", Some(Tag::AvgHr | Tag::MaxHr | Tag::HrBpm)) => Tag::Value,
            ("Trackpoint", Some(_)) => Tag::Trackpoint,
            ("Time", Some(Tag::Trackpoint)) => Tag::Time,
            ("Position", Some(Tag::Trackpoint)) => Tag::Position,
            ("LatitudeDegrees", Some(Tag::Position)) => Tag::Lat,
            ("LongitudeDegrees", Some(Tag::Position)) => Tag::Lon,
            ("AltitudeMeters", Some(Tag::Trackpoint)) => Tag::Altitude,
            _ => Tag::Other,
        }
    }
}

#[derive(Default)]
struct Lap {
    start: Option<(i64, Option<i32>)>,
    time_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
}

#[derive(Default)]
struct ActivityBuf {
    sport: Option<String>,
    id: Option<(i64, Option<i32>)>,
    laps: Vec<Lap>,
    points: Vec<Point>,
    /// The first numeric UTC offset of a trackpoint's time (`Z` gives none).
    first_point_offset: Option<i32>,
}

#[derive(Default)]
struct PointBuf {
    time: Option<(i64, Option<i32>)>,
    lat: Option<f64>,
    lon: Option<f64>,
    ele: Option<f64>,
    dist: Option<f64>,
    hr: Option<f64>,
}

/// Reads a TCX document. Anything after `</TrainingCenterDatabase>` is
/// ignored with a warning.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Parsed, ActivityError> {
    let text = xml::text(bytes);
    let mut reader = xml::reader(&text);
    let mut stack: Vec<Tag> = Vec::with_capacity(16);
    let mut done: Vec<ActivityBuf> = Vec::new();
    let mut act: Option<ActivityBuf> = None;
    let mut point: Option<PointBuf> = None;
    let mut saw_root = false;
    let mut warnings = Vec::new();

    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml::not_xml(name, &reader, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                let parent = stack.last().copied();
                let tag = Tag::of(local.as_ref(), parent);
                if parent.is_none() {
                    if tag != Tag::Root {
                        return Err(xml::wrong_root(
                            name,
                            "TCX",
                            local.as_ref(),
                            "TrainingCenterDatabase",
                        ));
                    }
                    saw_root = true;
                }
                match tag {
                    Tag::Activity => {
                        let sport = match e.try_get_attribute("Sport") {
                            Ok(a) => a.map(|a| a.value.into_owned()),
                            Err(err) => return Err(xml::not_xml_attribute(name, err)),
                        };
                        act = Some(ActivityBuf {
                            sport,
                            ..ActivityBuf::default()
                        });
                    }
                    Tag::Lap => {
                        let start = match e.try_get_attribute("StartTime") {
                            Ok(Some(a)) => Some(xml::time(name, "Lap StartTime", &a.value)?),
                            Ok(None) => None,
                            Err(err) => return Err(xml::not_xml_attribute(name, err)),
                        };
                        if let Some(a) = act.as_mut() {
                            a.laps.push(Lap {
                                start,
                                ..Lap::default()
                            });
                        }
                    }
                    Tag::Trackpoint => point = Some(PointBuf::default()),
                    _ => {}
                }
                if empty {
                    close(tag, &mut act, &mut point, &mut done);
                } else {
                    stack.push(tag);
                }
                if stack.is_empty() {
                    break;
                }
            }
            Event::Text(t) => {
                let s: &str = &t;
                let n = stack.len();
                let (parent, top) = match n {
                    0 => continue,
                    1 => (None, stack[0]),
                    _ => (Some(stack[n - 2]), stack[n - 1]),
                };
                text_of(name, parent, top, s, &mut act, &mut point)?;
            }
            Event::End(_) => {
                if let Some(tag) = stack.pop() {
                    close(tag, &mut act, &mut point, &mut done);
                }
                if stack.is_empty() {
                    let pos = reader.buffer_position();
                    warnings.extend(xml::trailing(&text, pos, "TrainingCenterDatabase"));
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(xml::truncated(name, &format!("{open:?}")));
    }
    if !saw_root {
        return Err(ActivityError::WrongDocument {
            name: name.to_owned(),
            format: "TCX",
            detail: "there is no <TrainingCenterDatabase> element".to_owned(),
        });
    }
    let mut out = Vec::with_capacity(done.len());
    for a in done {
        if let Some(activity) = finish(name, a)? {
            out.push(activity);
        }
    }
    if out.is_empty() {
        return Err(ActivityError::NoActivity {
            name: name.to_owned(),
            detail: "no <Activity> with a time (a course or an empty file)".to_owned(),
        });
    }
    Ok(Parsed {
        found: out,
        warnings,
    })
}

/// Handles element text, given the element and its parent.
fn text_of(
    name: &str,
    parent: Option<Tag>,
    top: Tag,
    s: &str,
    act: &mut Option<ActivityBuf>,
    point: &mut Option<PointBuf>,
) -> Result<(), ActivityError> {
    let Some(a) = act.as_mut() else { return Ok(()) };
    match (parent, top) {
        (Some(Tag::Activity), Tag::Id) => a.id = super::track::parse_time(s),
        (Some(Tag::Lap), Tag::TotalTime) => {
            if let Some(l) = a.laps.last_mut() {
                l.time_s = Some(xml::number(name, "Lap TotalTimeSeconds", s)?);
            }
        }
        (Some(Tag::Lap), Tag::Distance) => {
            if let Some(l) = a.laps.last_mut() {
                l.distance_m = Some(xml::number(name, "Lap DistanceMeters", s)?);
            }
        }
        (Some(Tag::AvgHr), Tag::Value) => {
            if let Some(l) = a.laps.last_mut() {
                l.avg_hr = Some(xml::number(name, "Lap AverageHeartRateBpm", s)?);
            }
        }
        (Some(Tag::MaxHr), Tag::Value) => {
            if let Some(l) = a.laps.last_mut() {
                l.max_hr = Some(xml::number(name, "Lap MaximumHeartRateBpm", s)?);
            }
        }
        (_, tag) => {
            let Some(p) = point.as_mut() else {
                return Ok(());
            };
            match (parent, tag) {
                (Some(Tag::Trackpoint), Tag::Time) => {
                    p.time = Some(xml::time(name, "Trackpoint Time", s)?)
                }
                (Some(Tag::Trackpoint), Tag::Distance) => {
                    p.dist = Some(xml::number(name, "Trackpoint DistanceMeters", s)?);
                }
                (Some(Tag::Trackpoint), Tag::Altitude) => {
                    p.ele = Some(xml::number(name, "Trackpoint AltitudeMeters", s)?);
                }
                (Some(Tag::HrBpm), Tag::Value) => {
                    p.hr = Some(xml::number(name, "Trackpoint HeartRateBpm", s)?)
                }
                (Some(Tag::Position), Tag::Lat) => {
                    p.lat = Some(xml::number(name, "LatitudeDegrees", s)?)
                }
                (Some(Tag::Position), Tag::Lon) => {
                    p.lon = Some(xml::number(name, "LongitudeDegrees", s)?)
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn close(
    tag: Tag,
    act: &mut Option<ActivityBuf>,
    point: &mut Option<PointBuf>,
    done: &mut Vec<ActivityBuf>,
) {
    match tag {
        Tag::Trackpoint => {
            let (Some(p), Some(a)) = (point.take(), act.as_mut()) else {
                return;
            };
            // Garmin writes trackpoints without a time at pauses; they carry no figures.
            let Some((t_ms, offset)) = p.time else { return };
            if a.first_point_offset.is_none() {
                a.first_point_offset = offset;
            }
            a.points.push(Point {
                t_ms,
                pos: p.lat.zip(p.lon),
                ele: p.ele,
                hr: p.hr,
                dist: p.dist,
                new_segment: false,
            });
        }
        Tag::Activity => {
            if let Some(a) = act.take() {
                done.push(a);
            }
        }
        _ => {}
    }
}

/// Builds the activity from its laps and trackpoints; `None` when it has no
/// time at all. The UTC offset is the start's own when it has one, else the
/// first trackpoint's.
fn finish(name: &str, a: ActivityBuf) -> Result<Option<Found>, ActivityError> {
    let first_lap = a.laps.iter().find_map(|l| l.start);
    let first_point = a.points.first().map(|p| (p.t_ms, None));
    let Some((start_ms, start_offset)) = first_lap.or(a.id).or(first_point) else {
        return Ok(None);
    };
    let offset = start_offset.or(a.first_point_offset);

    let sum = |f: fn(&Lap) -> Option<f64>| -> Option<f64> {
        let vals: Vec<f64> = a.laps.iter().filter_map(f).collect();
        (!vals.is_empty()).then(|| vals.iter().sum())
    };
    let moving_s = sum(|l| l.time_s);
    // The end: the last trackpoint, or the end of the last lap, whichever is later.
    let last_point_ms = a.points.iter().map(|p| p.t_ms).max();
    let last_lap_end_ms = a
        .laps
        .iter()
        .filter_map(|l| Some(l.start?.0 + (l.time_s? * 1000.0).round() as i64))
        .max();
    let end_ms = last_point_ms.into_iter().chain(last_lap_end_ms).max();
    let elapsed_s = end_ms.map(|e| (e - start_ms).max(0) as f64 / 1000.0);

    // Distance: the device's running total at the last trackpoint (what
    // tcxparser and Garmin Connect show), else the laps' sum, else the track.
    let distance_m = if let Some(d) = a.points.iter().filter_map(|p| p.dist).reduce(f64::max) {
        Some(d)
    } else if a.laps.iter().all(|l| l.distance_m.is_some()) && !a.laps.is_empty() {
        sum(|l| l.distance_m)
    } else if a.points.iter().any(|p| p.pos.is_some()) {
        let mut d = 0.0;
        let mut prev = None;
        for pos in a.points.iter().filter_map(|p| p.pos) {
            if let Some(q) = prev {
                d += haversine(q, pos);
            }
            prev = Some(pos);
        }
        Some(d)
    } else {
        None
    };

    let (hr_samples, _, point_max) = hr_stats(
        a.points.iter().filter_map(|p| p.hr.map(|hr| (p.t_ms, hr))),
        start_ms,
    );
    // Lap averages weighted by lap time, when every lap with time has one.
    let weighted: Vec<(f64, f64)> = a
        .laps
        .iter()
        .filter_map(|l| Some((l.avg_hr?, l.time_s?)))
        .collect();
    let weight: f64 = weighted.iter().map(|w| w.1).sum();
    let lap_avg = (!weighted.is_empty() && weight > 0.0)
        .then(|| weighted.iter().map(|(hr, t)| hr * t).sum::<f64>() / weight);
    let lap_max = a.laps.iter().filter_map(|l| l.max_hr).reduce(f64::max);
    // Heart rate: the mean and maximum of the recorded samples (as tcxparser
    // reports them) when they span most of the activity; else the laps' figures.
    let with_hr: Vec<(i64, f64)> = a
        .points
        .iter()
        .filter_map(|p| p.hr.filter(|h| *h > 0.0).map(|h| (p.t_ms, h)))
        .collect();
    let span_s = match (with_hr.first(), with_hr.last()) {
        (Some(f), Some(l)) => (l.0 - f.0) as f64 / 1000.0,
        _ => 0.0,
    };
    let covered = moving_s.or(elapsed_s).is_none_or(|t| span_s >= 0.9 * t);
    let point_avg = (!with_hr.is_empty() && covered)
        .then(|| with_hr.iter().map(|(_, h)| h).sum::<f64>() / with_hr.len() as f64);
    let point_max = point_max.filter(|_| covered);

    let sport_stated = a.sport.is_some();
    Ok(Some(
        Found::new(Activity {
            source: name.to_owned(),
            sport: a.sport.as_deref().map_or(Sport::Other, tcx_sport),
            start: timestamp_ms(name, start_ms)?,
            utc_offset_s: offset.unwrap_or(0),
            // Laps can overlap by a fraction of a second; elapsed is never less than moving.
            elapsed_s: match (elapsed_s, moving_s) {
                (Some(e), Some(m)) => Some(e.max(m)),
                (e, m) => e.or(m),
            },
            moving_s,
            distance_m,
            avg_hr: point_avg.or(lap_avg),
            max_hr: point_max.or(lap_max),
            ascent_m: ascent_raw(a.points.iter().filter_map(|p| p.ele)),
            hr_samples,
        })
        .stated(sport_stated, offset.is_some()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_LAPS: &str = r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Biking"><Id>2024-05-01T05:00:00Z</Id>
<Lap StartTime="2024-05-01T05:00:00Z"><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters>
<AverageHeartRateBpm><Value>120</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>130</Value></MaximumHeartRateBpm>
<Track><Trackpoint><Time>2024-05-01T05:00:00Z</Time><AltitudeMeters>10</AltitudeMeters><HeartRateBpm><Value>110</Value></HeartRateBpm></Trackpoint>
<Trackpoint><Time>2024-05-01T05:01:40Z</Time><AltitudeMeters>12.5</AltitudeMeters></Trackpoint></Track></Lap>
<Lap StartTime="2024-05-01T05:02:00Z"><TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters>
<AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm></Lap>
</Activity></Activities></TrainingCenterDatabase>"#;

    #[test]
    fn sums_laps() {
        let acts = read("two.tcx", TWO_LAPS.as_bytes()).expect("reads");
        let a = &acts.found[0].activity;
        assert_eq!(a.sport, Sport::Ride);
        assert!(!acts.found[0].offset_stated, "Z is UTC, not a local offset");
        assert_eq!(a.moving_s, Some(400.0));
        assert_eq!(a.elapsed_s, Some(420.0));
        assert_eq!(a.distance_m, Some(3000.0));
        assert_eq!(a.avg_hr, Some(135.0));
        assert_eq!(a.max_hr, Some(150.0));
        assert_eq!(a.ascent_m, Some(2.5));
        assert_eq!(a.hr_samples, vec![(0.0, 110.0)]);
    }

    #[test]
    fn wrong_root_and_bad_numbers_are_errors() {
        let no_root = "<Activities><Activity Sport=\"Running\"/></Activities>";
        let err = read("m.tcx", no_root.as_bytes()).expect_err("no root");
        assert!(
            err.to_string().contains("<TrainingCenterDatabase>"),
            "{err}"
        );
        let bad = TWO_LAPS.replace("<TotalTimeSeconds>100<", "<TotalTimeSeconds>ten<");
        assert!(matches!(
            read("b.tcx", bad.as_bytes()),
            Err(ActivityError::BadValue { .. })
        ));
    }
}
