//! Reading recorded activities from real files written by watches and apps
//! (`fixtures/`, expected values from its README), gzip copies, folders
//! and Strava-style exports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use knead_core::model::{Activity, Sport};
use knead_formats::activity::{ActivityError, import, read_bytes, read_file};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/");

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(format!("{FIXTURES}{rel}"))
}

/// The one activity in a fixture.
fn one(rel: &str) -> Activity {
    let read = read_file(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(read.warnings.is_empty(), "{rel}: {:?}", read.warnings);
    let mut acts = read.activities;
    assert_eq!(acts.len(), 1, "{rel}: one activity");
    acts.remove(0)
}

fn close(got: Option<f64>, want: f64, tol: f64, what: &str) {
    let g = got.unwrap_or_else(|| panic!("{what}: missing, want {want}"));
    assert!((g - want).abs() <= tol, "{what}: {g}, want {want} ± {tol}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

// ---------------------------------------------------------------- FIT

#[test]
fn fit_session_totals_match_the_device() {
    let a = one("fit/garmin-fenix-5-run.fit");
    assert_eq!(a.sport, Sport::Run);
    close(a.distance_m, 157.56, 0.005, "fenix-5-run distance");
    close(a.elapsed_s, 56.9, 0.05, "fenix-5-run elapsed");
    close(a.moving_s, 56.9, 0.05, "fenix-5-run moving");
    assert_eq!((a.avg_hr, a.max_hr), (Some(90.0), Some(112.0)));
    assert_eq!(a.start.to_string(), "2017-06-11T14:34:09Z");
    // The activity message's local_timestamp says Pacific Daylight Time.
    assert_eq!(a.utc_offset_s, -7 * 3600);
    assert_eq!(a.start_rfc3339(), "2017-06-11T07:34:09-07:00");

    let a = one("fit/compressed-speed-distance.fit");
    assert_eq!(a.sport, Sport::Run);
    close(a.distance_m, 10_248.67, 0.005, "compressed distance");
    close(a.moving_s, 3_772.75, 0.005, "compressed timer time");
    assert!(
        a.elapsed_s >= a.moving_s,
        "elapsed {:?} >= moving {:?}",
        a.elapsed_s,
        a.moving_s
    );
    assert_eq!((a.avg_hr, a.max_hr), (Some(170.0), Some(190.0)));

    let a = one("fit/2013-02-06-12-11-14.fit");
    assert_eq!(a.sport, Sport::Run);
    close(a.distance_m, 4_835.38, 0.005, "fr110 distance");
    close(a.elapsed_s, 2_625.14, 0.005, "fr110 elapsed");
    assert_eq!((a.avg_hr, a.max_hr), (Some(147.0), Some(171.0)));

    let a = one("fit/activity-small-fenix2-run.fit");
    close(a.distance_m, 9_008.0, 0.5, "fenix2 distance");
    close(a.elapsed_s, 2_832.0, 0.5, "fenix2 elapsed");
    assert!(
        a.hr_samples.len() > 2_800,
        "HR in nearly every record: {}",
        a.hr_samples.len()
    );
    assert_eq!(a.utc_offset_s, 2 * 3600);

    // Strava's app wrote bytes no decoder can follow after the recording: read
    // with one warning that says where decoding stopped.
    let read = read_file(&fixture("fit/strava-android-app-201.10-b1218918.fit")).unwrap();
    assert_eq!(read.warnings.len(), 1);
    assert!(
        read.warnings[0]
            .message
            .contains("decoding stopped after the recording"),
        "{:?}",
        read.warnings
    );
    let a = read.activities.into_iter().next().unwrap();
    assert_eq!(a.sport, Sport::Run);
    assert_eq!((a.avg_hr, a.max_hr), (None, None));
    assert!(a.hr_samples.is_empty());
    assert!(
        a.distance_m.is_some_and(|d| d > 10_000.0),
        "{:?}",
        a.distance_m
    );
    assert_eq!(a.start.to_string(), "2021-09-27T14:13:10Z");

    let a = one("fit/garmin-fenix-5-bike.fit");
    assert_eq!(a.sport, Sport::Ride);
}

/// Heart rate (and its time) of every record, against another parser's CSV.
#[test]
fn fit_heart_rate_samples_match_other_parsers_records() {
    let a = one("fit/compressed-speed-distance.fit");
    // The file's records are on the device clock (seconds since power-on), so
    // times are compared relative to the first record.
    let csv_first: i64 =
        std::fs::read_to_string(fixture("fit/compressed-speed-distance-records.csv"))
            .expect("csv")
            .lines()
            .nth(1)
            .and_then(|l| l.split(',').next()?.trim().parse().ok())
            .expect("first timestamp");
    let start_fit = csv_first - a.hr_samples[0].0 as i64;
    let csv =
        std::fs::read_to_string(fixture("fit/compressed-speed-distance-records.csv")).expect("csv");
    let rows: Vec<(f64, f64)> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let ts: i64 = c[0].trim().parse().expect("timestamp");
            (
                (ts - start_fit) as f64,
                c[1].trim().parse().expect("heart rate"),
            )
        })
        .collect();
    assert_eq!(rows.len(), 754);
    assert_eq!(a.hr_samples, rows);

    // Timestamps written as "Sun Jun 11 07:34:09 PDT 2017" (UTC-7).
    let a = one("fit/garmin-fenix-5-run.fit");
    let csv = std::fs::read_to_string(fixture("fit/garmin-fenix-5-run-records.csv")).expect("csv");
    let start_local = 7 * 3600 + 34 * 60 + 9;
    let rows: Vec<(f64, f64)> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let hms: Vec<i64> = c[0]
                .split(' ')
                .nth(3)
                .expect("time")
                .split(':')
                .map(|x| x.parse().expect("n"))
                .collect();
            (
                (hms[0] * 3600 + hms[1] * 60 + hms[2] - start_local) as f64,
                c[1].parse().expect("heart rate"),
            )
        })
        .collect();
    assert_eq!(rows.len(), 21);
    assert_eq!(a.hr_samples, rows);
}

#[test]
fn invalid_fit_files_are_errors_not_panics() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixture("fit/invalid")).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "fit") {
            continue;
        }
        let err = read_file(&path).expect_err(&path.display().to_string());
        let msg = err.to_string();
        assert!(
            msg.starts_with(&path.display().to_string()),
            "names the file: {msg}"
        );
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match file {
            "activity-filecrc.fit" => assert!(matches!(err, ActivityError::BadCrc { .. }), "{msg}"),
            "activity-unexpected-eof.fit" | "activity-settings-nodata.fit" => {
                assert!(matches!(err, ActivityError::Truncated { .. }), "{msg}")
            }
            _ => assert!(matches!(err, ActivityError::Fit { .. }), "{msg}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 4);
}

/// Every prefix and many single-byte corruptions of a real file give a result
/// or an error, never a panic that escapes.
#[test]
fn cut_and_corrupted_fit_never_panics() {
    let bytes = std::fs::read(fixture("fit/garmin-fenix-5-run.fit")).expect("fixture");
    for len in (0..bytes.len()).step_by(53) {
        assert!(
            read_bytes("cut.fit", &bytes[..len]).is_err(),
            "a {len}-byte prefix is not a whole file"
        );
    }
    let mut errors = 0;
    for i in (0..bytes.len()).step_by(41) {
        let mut b = bytes.clone();
        b[i] ^= 0x5a;
        errors += usize::from(read_bytes("flip.fit", &b).is_err());
    }
    // The data CRC covers every byte: each flip is caught.
    assert_eq!(errors, bytes.len().div_ceil(41));
}

// ---------------------------------------------------------------- GPX

#[test]
fn gpx_tracks_are_computed_from_points() {
    let a = one("gpx/garmin-activity.gpx");
    assert_eq!(a.sport, Sport::Run);
    close(a.distance_m, 12_800.0, 100.0, "garmin gpx distance");
    close(a.elapsed_s, 5_498.0, 0.5, "garmin gpx elapsed");
    let moving = a.moving_s.expect("moving");
    assert!(moving > 5_000.0 && moving <= 5_498.0, "moving {moving}");
    assert_eq!(a.hr_samples.len(), 988);
    assert!(
        a.avg_hr.is_some_and(|h| (100.0..180.0).contains(&h)),
        "{:?}",
        a.avg_hr
    );
    assert!(a.max_hr >= a.avg_hr);
    assert!(a.ascent_m.is_some_and(|m| m > 0.0));
    assert_eq!(a.start.to_string(), "2017-07-29T14:46:35Z");

    let w = one("gpx/wahoo_example.gpx");
    assert_eq!(w.start.to_string(), "2022-04-24T20:54:33Z");
    assert_eq!(w.elapsed_s, Some(2.0));
    assert!(w.hr_samples.is_empty());
}

#[test]
fn a_gpx_route_is_not_an_activity() {
    let err = read_file(&fixture("gpx/strava_route_example.gpx")).expect_err("route");
    assert!(matches!(err, ActivityError::NoTimestamps { .. }));
    assert!(
        err.to_string()
            .ends_with("no timestamps: a route, not a recorded activity"),
        "{err}"
    );
}

// ---------------------------------------------------------------- TCX

#[test]
fn tcx_laps_give_the_totals() {
    let a = one("tcx/test.tcx");
    assert_eq!(a.sport, Sport::Run);
    close(a.moving_s, 1_992.78, 0.005, "test.tcx duration");
    close(a.elapsed_s, 1_992.78, 0.005, "test.tcx elapsed");
    // The device's running distance at the last trackpoint, as python-tcxparser
    // asserts (the laps' DistanceMeters sum to 4689.24 m, 0.06 % more).
    close(
        a.distance_m,
        4_686.311_035_16,
        0.000_01,
        "test.tcx distance",
    );
    assert_eq!(a.max_hr, Some(189.0));
    // The mean of the heart-rate samples, as python-tcxparser reports it: 156.
    assert_eq!(a.avg_hr.map(f64::trunc), Some(156.0));
    let mean = a.hr_samples.iter().map(|s| s.1).sum::<f64>() / a.hr_samples.len() as f64;
    assert_eq!(mean.trunc(), 156.0);
    let min = a.hr_samples.iter().map(|s| s.1).fold(f64::MAX, f64::min);
    assert_eq!(min, 60.0);
    // Ascent: every rise between consecutive altitudes, as tcxparser counts it.
    close(a.ascent_m, 153.81, 0.005, "test.tcx ascent");

    let n = one("tcx/no_hr.tcx");
    assert_eq!((n.avg_hr, n.max_hr), (None, None));
    assert!(n.hr_samples.is_empty());
    close(n.moving_s, 1_992.78, 0.005, "no_hr duration");
}

#[test]
fn tcx_week_of_runs() {
    let files = [
        ("2020-12-02T06_08_29-300_Running.tcx", "2020-12-02T06:08:29"),
        ("2020-12-04T19_09_21-300_Running.tcx", "2020-12-04T19:09:21"),
        ("2020-12-06T06_36_21-300_Running.tcx", "2020-12-06T06:36:21"),
        ("2020-12-08T06_36_12-300_Running.tcx", "2020-12-08T06:36:12"),
    ];
    let minus3 = jiff::tz::Offset::from_hours(-3).expect("offset");
    for (file, local) in files {
        let a = one(&format!("tcx/{file}"));
        assert_eq!(a.sport, Sport::Run, "{file}");
        // The files write times in UTC ("Z"); the name gives the local start
        // and its offset (-300 is -03:00), and names the same instant.
        assert_eq!(a.utc_offset_s, -3 * 3600, "{file}");
        assert_eq!(minus3.to_datetime(a.start).to_string(), local, "{file}");
        assert_eq!(a.start_rfc3339(), format!("{local}-03:00"), "{file}");
        assert!(
            a.avg_hr.is_some() && a.max_hr.is_some() && !a.hr_samples.is_empty(),
            "{file}"
        );
        assert!(
            a.distance_m.is_some_and(|d| d > 5_000.0),
            "{file}: {:?}",
            a.distance_m
        );
        assert!(a.elapsed_s >= a.moving_s, "{file}");
    }
}

#[test]
fn malformed_tcx_is_an_error() {
    let err = read_file(&fixture("tcx/malformed.tcx")).expect_err("malformed");
    assert!(matches!(err, ActivityError::WrongDocument { .. }), "{err}");
    assert!(err.to_string().contains("malformed.tcx"), "{err}");
    // Cut short, it is truncated XML.
    let bytes = std::fs::read(fixture("tcx/test.tcx")).expect("fixture");
    let err = read_bytes("cut.tcx", &bytes[..bytes.len() / 2]).expect_err("cut");
    assert!(
        matches!(
            err,
            ActivityError::Truncated { .. } | ActivityError::NotXml { .. }
        ),
        "{err}"
    );
}

// ---------------------------------------------------------------- gzip, folders, exports

#[test]
fn gzip_copies_read_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    for rel in [
        "fit/garmin-fenix-5-run.fit",
        "gpx/garmin-activity.gpx",
        "tcx/test.tcx",
    ] {
        let plain = fixture(rel);
        let name = plain
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_owned();
        let gz = dir.path().join(format!("{name}.gz"));
        std::fs::write(&gz, gzip(&std::fs::read(&plain).expect("fixture"))).expect("write");
        let mut from_gz = read_file(&gz).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_gz.activities[0].source, gz.display().to_string());
        from_gz.activities[0].source = plain.display().to_string();
        assert_eq!(from_gz, read_file(&plain).expect("plain"), "{rel}");
    }
    // Gzipped under a name that does not say so: the magic bytes decide.
    let bytes = gzip(&std::fs::read(fixture("tcx/test.tcx")).expect("fixture"));
    assert_eq!(
        read_bytes("download.tcx", &bytes)
            .expect("reads")
            .activities[0]
            .moving_s,
        Some(1_992.78)
    );
}

fn copy(rel: &str, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::copy(fixture(rel), to).expect("copy");
}

#[test]
fn folder_import_keeps_going_past_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    copy("fit/garmin-fenix-5-run.fit", &d.join("a/run.fit"));
    copy("tcx/test.tcx", &d.join("a/b/old.TCX"));
    copy("gpx/garmin-activity.gpx", &d.join("walk.gpx"));
    copy("tcx/malformed.tcx", &d.join("a/broken.tcx"));
    copy("fit/invalid/activity-filecrc.fit", &d.join("a/b/crc.fit"));
    copy("gpx/strava_route_example.gpx", &d.join("route.gpx"));
    std::fs::write(d.join("notes.txt"), "not an activity").expect("write");

    let calls = Mutex::new(Vec::new());
    let progress = |done: usize, total: usize| calls.lock().expect("lock").push((done, total));
    let result = import(&[d.to_path_buf()], Some(&progress));

    assert_eq!(result.activities.len(), 3);
    assert_eq!(result.dropped.len(), 0);
    let starts: Vec<String> = result
        .activities
        .iter()
        .map(|a| a.start.to_string())
        .collect();
    assert_eq!(
        starts,
        [
            "2012-12-26T21:29:53Z",
            "2017-06-11T14:34:09Z",
            "2017-07-29T14:46:35Z"
        ]
    );
    let mut bad: Vec<&str> = result
        .errors
        .iter()
        .map(|(p, _)| {
            Path::new(p)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
        })
        .collect();
    bad.sort_unstable();
    assert_eq!(bad, ["broken.tcx", "crc.fit", "route.gpx"]);
    for (path, err) in &result.errors {
        assert!(err.to_string().starts_with(path.as_str()), "{path}: {err}");
    }
    let mut calls = calls.into_inner().expect("lock");
    calls.sort_unstable();
    assert_eq!(calls, (1..=6).map(|n| (n, 6)).collect::<Vec<_>>());

    // A path that is not there is an error, not a stop.
    let result = import(&[d.join("missing"), d.join("a/run.fit")], None);
    assert_eq!((result.activities.len(), result.errors.len()), (1, 1));
    assert!(matches!(result.errors[0].1, ActivityError::Io { .. }));
}

/// Zips a folder, paths relative to it.
fn zip_dir(dir: &Path, out: &Path) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                w.start_file(rel, options).expect("start");
                w.write_all(&std::fs::read(&p).expect("read"))
                    .expect("write");
            }
        }
    }
    w.finish().expect("finish");
}

#[test]
fn strava_export_folder_and_zip_import_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("export_12345");
    let acts = export.join("activities");
    std::fs::create_dir_all(&acts).expect("mkdir");
    std::fs::write(
        acts.join("101.fit.gz"),
        gzip(&std::fs::read(fixture("fit/garmin-fenix-5-run.fit")).expect("f")),
    )
    .expect("write");
    std::fs::write(
        acts.join("102.gpx.gz"),
        gzip(&std::fs::read(fixture("gpx/wahoo_example.gpx")).expect("f")),
    )
    .expect("write");
    copy("tcx/test.tcx", &acts.join("103.tcx"));
    // Strava repeats some column names; only Filename and Activity Type matter.
    std::fs::write(
        export.join("activities.csv"),
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,Distance\n\
         101,\"Jun 11, 2017, 2:34:09 PM\",Morning Run,Run,57,0.16,activities/101.fit.gz,157.56\n\
         102,\"Apr 24, 2022, 8:54:33 PM\",Test,Ride,2,0.0,activities/102.gpx.gz,0.0\n\
         103,\"Dec 26, 2012, 9:29:53 PM\",Aerobics,Run,1993,4.69,activities/103.tcx,4689.2\n\
         104,\"Jan 1, 2023, 9:00:00 AM\",Manual entry,Run,3600,10.0,,10000.0\n",
    )
    .expect("write");
    let zip_path = dir.path().join("export_12345.zip");
    zip_dir(&export, &zip_path);

    // The zip alone.
    let from_zip = import(std::slice::from_ref(&zip_path), None);
    assert!(from_zip.errors.is_empty(), "{:?}", from_zip.errors);
    assert_eq!(from_zip.activities.len(), 3);
    assert!(
        from_zip
            .activities
            .iter()
            .all(|a| a.source.contains("export_12345.zip!activities/"))
    );
    // The GPX does not say its sport; activities.csv says Ride.
    let wahoo = from_zip
        .activities
        .iter()
        .find(|a| a.source.ends_with("102.gpx.gz"))
        .expect("wahoo");
    assert_eq!(wahoo.sport, Sport::Ride);

    // The folder, the zip and a loose copy of one run: each activity once.
    let loose = dir.path().join("loose-run.fit");
    copy("fit/garmin-fenix-5-run.fit", &loose);
    let all = import(&[export.clone(), zip_path.clone(), loose], None);
    assert!(all.errors.is_empty(), "{:?}", all.errors);
    assert_eq!(all.activities.len(), 3);
    assert_eq!(all.dropped.len(), 4);
    let sports: Vec<Sport> = all.activities.iter().map(|a| a.sport).collect();
    assert_eq!(sports, [Sport::Run, Sport::Run, Sport::Ride]);
}

#[test]
fn strava_export_listing_a_missing_file_reports_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path();
    copy("tcx/test.tcx", &export.join("activities/1.tcx"));
    std::fs::write(
        export.join("activities.csv"),
        "Activity ID,Activity Type,Filename\n1,Run,activities/1.tcx\n2,Run,activities/2.fit.gz\n",
    )
    .expect("write");
    let result = import(&[export.to_path_buf()], None);
    assert_eq!(result.activities.len(), 1);
    assert_eq!(result.errors.len(), 1);
    assert!(
        result.errors[0].0.ends_with("2.fit.gz"),
        "{:?}",
        result.errors
    );
    assert!(matches!(result.errors[0].1, ActivityError::Export { .. }));

    let not_zip = dir.path().join("export.zip");
    std::fs::write(&not_zip, b"PK but not really").expect("write");
    let result = import(&[not_zip], None);
    assert!(result.activities.is_empty());
    assert!(
        matches!(result.errors[..], [(_, ActivityError::Zip { .. })]),
        "{:?}",
        result.errors
    );
}
