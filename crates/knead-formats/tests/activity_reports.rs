//! What an import tells its caller about each file: sports as the files name
//! them, start times with their own UTC offset, warnings for oddities,
//! errors that name the file and never print raw binary, and which copy of a
//! duplicate was dropped.

use std::io::Write;
use std::path::PathBuf;

use knead_core::model::Sport;
use knead_formats::activity::{ActivityError, import, read_bytes};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/");

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(format!("{FIXTURES}{rel}"))
}

/// A GPX track of two points 30 s apart, with `type` (if any) and these times.
fn gpx(kind: Option<&str>, t0: &str, t1: &str) -> String {
    let kind = kind
        .map(|k| format!("<type>{k}</type>"))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0"?>
<gpx version="1.1"><trk>{kind}<trkseg>
<trkpt lat="0" lon="0"><time>{t0}</time></trkpt>
<trkpt lat="0.0009" lon="0"><time>{t1}</time></trkpt>
</trkseg></trk></gpx>"#
    )
}

/// A TCX activity of one lap, with this `Sport` attribute and start.
fn tcx(sport: &str, start: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="{sport}"><Id>{start}</Id>
<Lap StartTime="{start}"><TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>5000</DistanceMeters>
<Track><Trackpoint><Time>{start}</Time></Trackpoint></Track></Lap>
</Activity></Activities></TrainingCenterDatabase>"#
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

// ------------------------------------------------------------ sports

#[test]
fn sports_are_read_as_the_files_name_them() {
    let t = ("2024-05-01T05:00:00Z", "2024-05-01T05:00:30Z");
    for (kind, want) in [
        ("trail_running", Sport::TrailRun),
        ("treadmill_running", Sport::TreadmillRun),
        ("VirtualRide", Sport::VirtualRide),
        ("open_water_swimming", Sport::OpenWaterSwim),
        ("hiking", Sport::Hike),
        ("9", Sport::Run),
        ("1", Sport::Ride),
        ("golf", Sport::Other),
    ] {
        let read = read_bytes("t.gpx", gpx(Some(kind), t.0, t.1).as_bytes()).expect(kind);
        assert_eq!(read.activities[0].sport, want, "{kind}");
    }
    // TCX: Other stays other, even at a running pace; Biking is a ride.
    let other = read_bytes("o.tcx", tcx("Other", "2024-05-01T05:00:00Z").as_bytes());
    assert_eq!(other.expect("reads").activities[0].sport, Sport::Other);
    let ride = read_bytes("b.tcx", tcx("Biking", "2024-05-01T05:00:00Z").as_bytes());
    assert_eq!(ride.expect("reads").activities[0].sport, Sport::Ride);
    // A file that says nothing: 5 km in 30 min is a run, from the speed.
    let silent = tcx("Running", "2024-05-01T05:00:00Z").replace(" Sport=\"Running\"", "");
    let read = read_bytes("s.tcx", silent.as_bytes()).expect("reads");
    assert_eq!(read.activities[0].sport, Sport::Run);
}

#[test]
fn fit_sports_come_from_the_session() {
    let read =
        knead_formats::activity::read_file(&fixture("fit/garmin-fenix-5-bike.fit")).expect("reads");
    assert_eq!(
        read.activities[0].sport.family(),
        knead_core::model::SportFamily::Ride
    );
}

// ------------------------------------------------------------ start times

#[test]
fn gpx_and_tcx_starts_keep_their_offset() {
    let g = gpx(
        Some("running"),
        "2020-12-02T06:08:29-03:00",
        "2020-12-02T06:08:59-03:00",
    );
    let a = &read_bytes("run.gpx", g.as_bytes()).expect("gpx").activities[0];
    assert_eq!(a.utc_offset_s, -10_800);
    assert_eq!(a.start.to_string(), "2020-12-02T09:08:29Z");
    assert_eq!(a.start_rfc3339(), "2020-12-02T06:08:29-03:00");

    let t = tcx("Running", "2020-12-02T14:38:29+05:30");
    let a = &read_bytes("run.tcx", t.as_bytes()).expect("tcx").activities[0];
    assert_eq!(a.start_rfc3339(), "2020-12-02T14:38:29+05:30");

    // "Z" is UTC with no local offset: +00:00, unless the name says more.
    let z = tcx("Running", "2020-12-02T09:08:29Z");
    let a = &read_bytes("run.tcx", z.as_bytes()).expect("tcx").activities[0];
    assert_eq!(a.start_rfc3339(), "2020-12-02T09:08:29+00:00");
    let named = "export/2020-12-02T06_08_29-300_Running.tcx";
    let a = &read_bytes(named, z.as_bytes()).expect("tcx").activities[0];
    assert_eq!(a.start_rfc3339(), "2020-12-02T06:08:29-03:00");
    // A name that names another instant is not believed.
    let wrong = "export/2020-12-02T07_08_29-300_Running.tcx";
    let a = &read_bytes(wrong, z.as_bytes()).expect("tcx").activities[0];
    assert_eq!(a.utc_offset_s, 0);
    // The content's own offset wins over the name's.
    let a = &read_bytes(named, t.as_bytes()).expect("tcx").activities[0];
    assert_eq!(a.utc_offset_s, 5 * 3600 + 1800);
}

// ------------------------------------------------------------ warnings

#[test]
fn bytes_after_the_document_are_a_warning() {
    let t = ("2024-05-01T05:00:00Z", "2024-05-01T05:00:30Z");
    let mut g = gpx(Some("running"), t.0, t.1).into_bytes();
    g.extend_from_slice(b"\n\x00\x00\xff</gpx>garbage");
    let read = read_bytes("tail.gpx", &g).expect("reads despite the tail");
    assert_eq!(read.activities.len(), 1);
    assert_eq!(read.warnings.len(), 1);
    let w = read.warnings[0].to_string();
    assert!(w.starts_with("tail.gpx: "), "{w}");
    assert!(w.contains("after </gpx> ignored"), "{w}");
    assert!(
        !w.chars().any(|c| c.is_control() || c == '\u{fffd}'),
        "{w:?}"
    );

    let mut x = tcx("Running", "2024-05-01T05:00:00Z").into_bytes();
    x.extend_from_slice(b"<TrainingCenterDatabase>");
    let read = read_bytes("tail.tcx", &x).expect("reads despite the tail");
    assert_eq!(read.activities.len(), 1);
    assert!(
        read.warnings[0]
            .to_string()
            .contains("after </TrainingCenterDatabase> ignored"),
        "{:?}",
        read.warnings
    );

    // Whitespace after the end is nothing to warn about.
    let clean = format!("{}\n\n", gpx(None, t.0, t.1));
    assert!(
        read_bytes("c.gpx", clean.as_bytes())
            .expect("reads")
            .warnings
            .is_empty()
    );

    // An import carries each file's warnings with the file's name.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tail.gpx.gz");
    std::fs::write(&path, gzip(&g)).expect("write");
    let result = import(std::slice::from_ref(&path), None);
    assert_eq!(result.activities.len(), 1);
    assert_eq!(result.warnings.len(), 1);
    assert_eq!(result.warnings[0].file, path.display().to_string());
}

// ------------------------------------------------------------ errors

/// The message has no raw control bytes, no replacement characters and no
/// long quote of the content.
fn assert_printable(msg: &str) {
    assert!(
        !msg.chars().any(|c| c.is_control() || c == '\u{fffd}'),
        "{msg:?}"
    );
    assert!(msg.len() < 400, "{} chars: {msg:?}", msg.len());
}

#[test]
fn errors_never_print_raw_binary() {
    // A FIT file, a PNG header and arbitrary bytes, all named .gpx or .tcx.
    let fit = std::fs::read(fixture("fit/garmin-fenix-5-run.fit")).expect("fixture");
    let mut noise: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    noise.insert(0, b'<');
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00".to_vec();
    let bad_number = gpx(Some("running"), "2024-05-01T05:00:00Z", "x").replace(
        "<time>x</time>",
        &format!("<time>\u{1}{}</time>", "9".repeat(500)),
    );
    let bad_root = format!("<\u{7}{}/>", "a".repeat(300));
    for (name, bytes) in [
        ("fit.gpx", fit.clone()),
        ("noise.gpx", noise.clone()),
        ("noise.tcx", noise),
        ("png.tcx", png),
        ("number.gpx", bad_number.into_bytes()),
        ("root.gpx", bad_root.into_bytes()),
    ] {
        // A FIT file is read as FIT whatever its name; everything else fails.
        match read_bytes(name, &bytes) {
            Ok(read) => assert_eq!(name, "fit.gpx", "{:?}", read.activities),
            Err(err) => {
                let msg = err.to_string();
                assert!(msg.starts_with(name), "{msg}");
                assert_printable(&msg);
            }
        }
    }
}

#[test]
fn a_gz_that_is_not_gzip_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.gpx.gz");
    std::fs::copy(fixture("gpx/garmin-activity.gpx"), &path).expect("copy");
    let result = import(std::slice::from_ref(&path), None);
    assert!(result.activities.is_empty());
    let [(name, err)] = &result.errors[..] else {
        panic!("{:?}", result.errors)
    };
    assert_eq!(name, &path.display().to_string());
    assert!(matches!(err, ActivityError::NotGzip { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("{}: not a gzip file (no gzip header)", path.display())
    );
}

#[test]
fn when_every_file_fails_each_is_named_with_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let files: Vec<(PathBuf, &str)> = vec![
        (
            write("binary.gpx", &[0u8, 159, 146, 150, 1, 2, 3]),
            "not a GPX file: there is no <gpx> element",
        ),
        (
            write("plain.tcx.gz", b"<TrainingCenterDatabase/>"),
            "not a gzip file",
        ),
        (
            write("kml.gpx", b"<kml><Document/></kml>"),
            "not a GPX file: the root element is <kml>",
        ),
        (
            write(
                "course.tcx",
                b"<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>",
            ),
            "no activity in the file",
        ),
        (write("empty.fit", b""), "invalid FIT file"),
        (d.join("missing.fit"), "cannot read"),
    ];
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let result = import(&paths, None);
    assert!(result.activities.is_empty());
    assert_eq!(result.errors.len(), files.len(), "{:?}", result.errors);
    for (path, reason) in &files {
        let shown = path.display().to_string();
        let (_, err) = result
            .errors
            .iter()
            .find(|(n, _)| *n == shown)
            .unwrap_or_else(|| panic!("{shown} is not named: {:?}", result.errors));
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("{shown}: ")), "{msg}");
        assert!(msg.contains(reason), "{msg} should say {reason:?}");
        assert_printable(&msg);
    }
}

// ------------------------------------------------------------ duplicates

#[test]
fn the_duplicate_note_names_the_dropped_and_the_kept_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fit = dir.path().join("run.fit");
    let gz = dir.path().join("copy-of-run.fit.gz");
    std::fs::copy(fixture("fit/garmin-fenix-5-run.fit"), &fit).expect("copy");
    std::fs::write(
        &gz,
        gzip(&std::fs::read(fixture("fit/garmin-fenix-5-run.fit")).expect("fixture")),
    )
    .expect("write");
    let result = import(&[fit.clone(), gz.clone()], None);
    assert_eq!(result.activities.len(), 1);
    assert_eq!(result.dropped.len(), 1);
    let d = &result.dropped[0];
    let names = [d.dropped.as_str(), d.kept.as_str()];
    let (f, g) = (fit.display().to_string(), gz.display().to_string());
    assert!(
        names == [f.as_str(), g.as_str()] || names == [g.as_str(), f.as_str()],
        "{d}"
    );
    assert_eq!(result.activities[0].source, d.kept);
    let note = d.to_string();
    assert!(note.starts_with(&format!("{}: ", d.dropped)), "{note}");
    assert!(note.contains(&d.kept), "{note}");
    // The start as the file recorded it: Pacific Daylight Time.
    assert_eq!(d.start, "2017-06-11T07:34:09-07:00");
}
