//! GPX 1.0/1.1 tracks, read with quick-xml's streaming reader (the `gpx`
//! crate does not expose the heart-rate extensions).
//!
//! Each `<trk>` with timed points is one activity; figures are computed from
//! its points (see the module docs of [`super`]). A file whose tracks or
//! routes have no `<time>` is a planned route, not an activity.

use knead_core::model::{Activity, Sport};
use quick_xml::events::{BytesStart, Event};

use super::sport::gpx_sport;
use super::track::{Point, summarise};
use super::{ActivityError, Found, Parsed, timestamp_ms, xml};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Gpx,
    Trk,
    Seg,
    Pt,
    Ele,
    Time,
    Type,
    Hr,
    RoutePoint,
    Other,
}

impl Tag {
    fn of(local: &str, parent: Option<Tag>) -> Tag {
        match (local, parent) {
            ("gpx", None) => Tag::Gpx,
            ("trk", Some(Tag::Gpx)) => Tag::Trk,
            ("trkseg", Some(Tag::Trk)) => Tag::Seg,
            ("trkpt", Some(Tag::Seg)) => Tag::Pt,
            ("rtept" | "wpt", _) => Tag::RoutePoint,
            ("ele", Some(Tag::Pt)) => Tag::Ele,
            ("time", Some(Tag::Pt)) => Tag::Time,
            ("type", Some(Tag::Trk)) => Tag::Type,
            // Extensions nest at any depth below the point.
            ("hr" | "heartrate" | "heart_rate" | "HeartRate" | "heartRate", Some(_)) => Tag::Hr,
            _ => Tag::Other,
        }
    }
}

/// One track being read.
#[derive(Default)]
struct TrackBuf {
    sport: Option<String>,
    points: Vec<Point>,
    /// The first numeric UTC offset of a point's time (`Z` gives none).
    first_offset: Option<i32>,
    untimed: usize,
    segment_break: bool,
}

/// The point being read.
#[derive(Default)]
struct PointBuf {
    pos: Option<(f64, f64)>,
    ele: Option<f64>,
    time: Option<(i64, Option<i32>)>,
    hr: Option<f64>,
}

fn position(name: &str, e: &BytesStart<'_>) -> Result<Option<(f64, f64)>, ActivityError> {
    let attr = |key: &str| -> Result<Option<f64>, ActivityError> {
        match e.try_get_attribute(key) {
            Ok(Some(a)) => xml::number(name, &format!("trkpt {key}"), &a.value).map(Some),
            Ok(None) => Ok(None),
            Err(err) => Err(xml::not_xml_attribute(name, err)),
        }
    };
    match (attr("lat")?, attr("lon")?) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            Ok(Some((lat, lon)))
        }
        (Some(lat), Some(lon)) => Err(ActivityError::BadValue {
            name: name.to_owned(),
            detail: format!("trkpt position lat={lat} lon={lon} is off the globe"),
        }),
        _ => Ok(None),
    }
}

/// Reads a GPX document. Anything after `</gpx>` is ignored with a warning.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Parsed, ActivityError> {
    let text = xml::text(bytes);
    let mut reader = xml::reader(&text);
    let mut stack: Vec<Tag> = Vec::with_capacity(16);
    let mut tracks: Vec<TrackBuf> = Vec::new();
    let mut track: Option<TrackBuf> = None;
    let mut point: Option<PointBuf> = None;
    let mut route_points = 0usize;
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
                let tag = Tag::of(local.as_ref(), stack.last().copied());
                if stack.is_empty() {
                    if tag != Tag::Gpx {
                        return Err(xml::wrong_root(name, "GPX", local.as_ref(), "gpx"));
                    }
                    saw_root = true;
                }
                match tag {
                    Tag::Trk => track = Some(TrackBuf::default()),
                    Tag::Seg => {
                        if let Some(t) = track.as_mut() {
                            t.segment_break = !t.points.is_empty();
                        }
                    }
                    Tag::Pt => {
                        point = Some(PointBuf {
                            pos: position(name, e)?,
                            ..PointBuf::default()
                        })
                    }
                    Tag::RoutePoint => route_points += 1,
                    _ => {}
                }
                if empty {
                    close(tag, &mut track, &mut point, &mut tracks);
                } else {
                    stack.push(tag);
                }
                if stack.is_empty() {
                    break;
                }
            }
            Event::Text(t) => {
                let s: &str = &t;
                match stack.last() {
                    Some(Tag::Ele) if !s.trim().is_empty() => {
                        if let Some(p) = point.as_mut() {
                            p.ele = Some(xml::number(name, "trkpt <ele>", s)?);
                        }
                    }
                    Some(Tag::Time) => {
                        if let Some(p) = point.as_mut() {
                            p.time = Some(xml::time(name, "trkpt <time>", s)?);
                        }
                    }
                    Some(Tag::Hr) if point.is_some() => {
                        if let Some(p) = point.as_mut() {
                            p.hr = Some(xml::number(name, "heart rate", s)?);
                        }
                    }
                    Some(Tag::Type) => {
                        if let Some(t) = track.as_mut() {
                            t.sport = Some(s.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                if let Some(tag) = stack.pop() {
                    close(tag, &mut track, &mut point, &mut tracks);
                }
                if stack.is_empty() {
                    warnings.extend(xml::trailing(&text, reader.buffer_position(), "gpx"));
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(xml::truncated(
            name,
            &format!("{open:?}").to_ascii_lowercase(),
        ));
    }
    if !saw_root {
        return Err(ActivityError::WrongDocument {
            name: name.to_owned(),
            format: "GPX",
            detail: "there is no <gpx> element".to_owned(),
        });
    }

    let untimed: usize = tracks.iter().map(|t| t.untimed).sum();
    let mut out = Vec::new();
    for t in tracks {
        let Some(summary) = summarise(&t.points) else {
            continue;
        };
        out.push(
            Found::new(Activity {
                source: name.to_owned(),
                sport: t.sport.as_deref().map_or(Sport::Other, gpx_sport),
                start: timestamp_ms(name, summary.start_ms)?,
                utc_offset_s: t.first_offset.unwrap_or(0),
                elapsed_s: Some(summary.elapsed_s),
                moving_s: Some(summary.moving_s),
                distance_m: summary.distance_m,
                avg_hr: summary.avg_hr,
                max_hr: summary.max_hr,
                ascent_m: summary.ascent_m,
                hr_samples: summary.hr_samples,
            })
            .stated(t.sport.is_some(), t.first_offset.is_some()),
        );
    }
    if out.is_empty() {
        if untimed > 0 || route_points > 0 {
            return Err(ActivityError::NoTimestamps {
                name: name.to_owned(),
            });
        }
        return Err(ActivityError::NoActivity {
            name: name.to_owned(),
            detail: "no track points".to_owned(),
        });
    }
    Ok(Parsed {
        found: out,
        warnings,
    })
}

/// Finishes the element `tag`: a point goes into its track, a track into the list.
fn close(
    tag: Tag,
    track: &mut Option<TrackBuf>,
    point: &mut Option<PointBuf>,
    tracks: &mut Vec<TrackBuf>,
) {
    match tag {
        Tag::Pt => {
            let (Some(p), Some(t)) = (point.take(), track.as_mut()) else {
                return;
            };
            match p.time {
                Some((t_ms, offset)) => {
                    if t.first_offset.is_none() {
                        t.first_offset = offset;
                    }
                    t.points.push(Point {
                        t_ms,
                        pos: p.pos,
                        ele: p.ele,
                        hr: p.hr,
                        dist: None,
                        new_segment: std::mem::take(&mut t.segment_break),
                    });
                }
                None => t.untimed += 1,
            }
        }
        Tag::Trk => {
            if let Some(t) = track.take() {
                tracks.push(t);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <trk><type>running</type><trkseg>
  <trkpt lat="0" lon="0"><ele>10</ele><time>2024-05-01T07:00:00+02:00</time>
   <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
  <trkpt lat="0.0009" lon="0"><ele>15</ele><time>2024-05-01T07:00:30+02:00</time>
   <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
 </trkseg></trk></gpx>"#;

    #[test]
    fn reads_a_small_track() {
        let parsed = read("run.gpx", RUN.as_bytes()).expect("reads");
        assert_eq!(parsed.found.len(), 1);
        assert!(parsed.found[0].sport_stated && parsed.found[0].offset_stated);
        let a = &parsed.found[0].activity;
        assert_eq!(a.sport, Sport::Run);
        assert_eq!(a.utc_offset_s, 7200);
        assert_eq!(a.start.to_string(), "2024-05-01T05:00:00Z");
        assert_eq!(a.elapsed_s, Some(30.0));
        assert_eq!(a.moving_s, Some(30.0));
        assert!(
            (a.distance_m.unwrap_or(0.0) - 100.08).abs() < 0.1,
            "{:?}",
            a.distance_m
        );
        assert_eq!((a.avg_hr, a.max_hr), (Some(130.0), Some(140.0)));
        assert_eq!(a.ascent_m, Some(5.0));
        assert_eq!(a.hr_samples, vec![(0.0, 120.0), (30.0, 140.0)]);
    }

    #[test]
    fn errors_name_the_problem() {
        let route = r#"<gpx><rte><rtept lat="1" lon="2"/></rte></gpx>"#;
        assert!(matches!(
            read("r.gpx", route.as_bytes()),
            Err(ActivityError::NoTimestamps { .. })
        ));
        let wrong = "<kml></kml>";
        assert!(matches!(
            read("k.gpx", wrong.as_bytes()),
            Err(ActivityError::WrongDocument { .. })
        ));
        let cut = &RUN[..RUN.len() - 40];
        let err = read("cut.gpx", cut.as_bytes()).expect_err("truncated");
        assert!(
            matches!(
                err,
                ActivityError::Truncated { .. } | ActivityError::NotXml { .. }
            ),
            "{err}"
        );
        let bad_time = RUN.replace("2024-05-01T07:00:30+02:00", "soon");
        let err = read("t.gpx", bad_time.as_bytes()).expect_err("bad time");
        assert!(err.to_string().contains("\"soon\""), "{err}");
    }
}
