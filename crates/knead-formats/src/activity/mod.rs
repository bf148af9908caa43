//! Recorded activities: FIT, GPX and TCX files (plain or gzipped), folders of
//! them, and Strava bulk exports (the `.zip` or its unpacked folder), read into
//! [`knead_core::model::Activity`] values.
//!
//! # Which figures
//!
//! Figures are the device's own wherever the file carries them:
//!
//! * **FIT**: one activity per `session` message, with its `total_elapsed_time`
//!   (elapsed), `total_timer_time` (moving), `total_distance`,
//!   `avg_heart_rate`, `max_heart_rate`, `total_ascent` and `sport`. The UTC
//!   offset comes from the `activity` message (`local_timestamp - timestamp`).
//!   A file without sessions is summarised from its `record` messages as below.
//! * **TCX**: per `<Activity>`, the laps' `TotalTimeSeconds` summed (moving);
//!   distance is the device's running `DistanceMeters` at the last trackpoint
//!   (the laps' sum without one); heart rate is the mean and maximum of the
//!   samples when they span at least 90 % of the activity (as python-tcxparser
//!   reports them), else the laps' `AverageHeartRateBpm` weighted by lap time
//!   and their largest `MaximumHeartRateBpm`; elapsed is first lap start to last
//!   trackpoint; ascent is the sum of every rise between consecutive
//!   `AltitudeMeters` (the device already smooths its barometric altitude; this
//!   is also the definition other TCX readers use).
//! * **GPX**: one activity per `<trk>`, computed from its points (see below).
//!
//! # Computed figures (GPX, and FIT files without a session)
//!
//! * distance: haversine sum over consecutive points of a segment (Earth radius
//!   6,371,008.8 m); no distance is counted across a segment break;
//! * elapsed: first to last timestamp;
//! * moving: the sum of the intervals between consecutive points of a segment
//!   that last at most [`MAX_MOVING_GAP_S`] seconds and cover the ground at
//!   [`MIN_MOVING_SPEED`] m/s or more; longer gaps (auto-pause, signal loss) and
//!   slower intervals (standing at a light) count as stopped;
//! * ascent: climbs from a low point to the next high point, counted only when
//!   the rise reaches [`ASCENT_HYSTERESIS_M`] metres and ended by a fall of the
//!   same size (so GPS and barometer noise below that does not add up);
//! * heart rate: average and maximum of the samples (Garmin
//!   `TrackPointExtension` `hr`, and any extension element named `hr`,
//!   `heartrate` or `heart_rate`).
//!
//! # Sports
//!
//! Each format's words for its sport are mapped onto knead's vocabulary
//! ([`Sport`], see [`sport`]). A file that names no sport at all gets one from
//! the Strava export's activity type when there is one, else from its speed
//! (a run at 1.9-5.5 m/s, a ride faster); a file that says "other" stays
//! [`Sport::Other`] unless the export's type says more.
//!
//! # Start times
//!
//! `start` is an instant; `utc_offset_s` is the offset the file recorded it
//! with, the same way for every format: GPX and TCX from the first timestamp
//! that carries a numeric offset (`2020-12-02T06:08:29-03:00`; `Z` says UTC,
//! not the local time), FIT from the activity message (`local_timestamp -
//! timestamp`). When the content has none, a file name that gives the local
//! start and its offset, as Garmin Connect's exports do
//! (`2020-12-02T06_08_29-300_Running.tcx`: 06:08:29 at -03:00), supplies it,
//! provided it names the same instant; else the offset is 0.
//! [`Activity::start_rfc3339`] writes the start with it.
//!
//! # Duplicates
//!
//! [`import`] counts the same activity once when it is found twice (as FIT and
//! GPX, or as a loose file and inside the Strava export): same sport family
//! ([`Sport::Other`] matches any), starts within [`DUPLICATE_START_S`] seconds
//! and distances within [`DUPLICATE_DISTANCE_FRACTION`] of each other (or both
//! missing). The copy with more data is kept: FIT over TCX over GPX; each
//! dropped copy is listed in [`Import::dropped`] with the one kept.
//!
//! # Warnings and errors
//!
//! A file that can be read but has something odd about it (bytes after the
//! end of a GPX or TCX document) gives its activities and an
//! [`ActivityWarning`]; one that cannot gives an [`ActivityError`]. Both name
//! the file, and neither quotes the file's content raw: quoted text is cut
//! short and its non-printable characters escaped.

mod archive;
mod fit;
mod gpx;
mod offset;
pub mod sport;
mod tcx;
mod track;
mod xml;

use std::io::Read;
use std::path::Path;

use knead_core::model::{Activity, Sport};

pub use archive::{Duplicate, Import, import};
pub use sport::fit_sport;

/// Intervals longer than this (seconds) count as stopped when computing moving time.
pub const MAX_MOVING_GAP_S: f64 = 30.0;
/// Intervals slower than this (m/s) count as stopped when computing moving time.
pub const MIN_MOVING_SPEED: f64 = 0.5;
/// Smallest rise or fall (metres) that counts when computing ascent from elevations.
pub const ASCENT_HYSTERESIS_M: f64 = 2.0;
/// Two activities starting within this many seconds may be the same one.
pub const DUPLICATE_START_S: f64 = 60.0;
/// Two activities whose distances differ by at most this fraction may be the same one.
pub const DUPLICATE_DISTANCE_FRACTION: f64 = 0.03;
/// Largest decompressed size accepted from a `.gz` file or a zip entry (bytes).
pub const MAX_DECOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;

/// Why an activity file could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ActivityError {
    /// The file could not be read from disk.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Neither the name nor the content says FIT, GPX or TCX.
    #[error(
        "{name}: unsupported file type (expected .fit, .gpx or .tcx, optionally gzipped as .gz)"
    )]
    Unsupported {
        /// The file.
        name: String,
    },
    /// A FIT checksum did not match.
    #[error("{name}: bad CRC: {detail}")]
    BadCrc {
        /// The file.
        name: String,
        /// Which checksum and the values.
        detail: String,
    },
    /// The file ends before its content does.
    #[error("{name}: truncated file: {detail}")]
    Truncated {
        /// The file.
        name: String,
        /// What was cut off.
        detail: String,
    },
    /// The FIT file is corrupt.
    #[error("{name}: invalid FIT file: {detail}")]
    Fit {
        /// The file.
        name: String,
        /// What is wrong.
        detail: String,
    },
    /// The file is not well-formed XML.
    #[error("{name}: not XML: {detail}")]
    NotXml {
        /// The file.
        name: String,
        /// The XML error.
        detail: String,
    },
    /// Well-formed XML, but not the expected document (wrong root element, say).
    #[error("{name}: not a {format} file: {detail}")]
    WrongDocument {
        /// The file.
        name: String,
        /// The format expected: "GPX" or "TCX".
        format: &'static str,
        /// What was found instead.
        detail: String,
    },
    /// A value in the file could not be understood.
    #[error("{name}: bad value: {detail}")]
    BadValue {
        /// The file.
        name: String,
        /// The value and where it was.
        detail: String,
    },
    /// A GPX track or route without times.
    #[error("{name}: no timestamps: a route, not a recorded activity")]
    NoTimestamps {
        /// The file.
        name: String,
    },
    /// The file parsed but holds no activity.
    #[error("{name}: no activity in the file: {detail}")]
    NoActivity {
        /// The file.
        name: String,
        /// What was missing.
        detail: String,
    },
    /// The name ends in `.gz` but the content is not gzip.
    #[error("{name}: not a gzip file (no gzip header)")]
    NotGzip {
        /// The file.
        name: String,
    },
    /// The gzip stream is corrupt or too large.
    #[error("{name}: bad gzip data: {detail}")]
    Gzip {
        /// The file.
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// The zip archive (a Strava export) is corrupt or an entry cannot be read.
    #[error("{name}: bad zip archive: {detail}")]
    Zip {
        /// The archive, or `archive.zip!entry`.
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// A Strava `activities.csv` could not be read, or names a file that is not there.
    #[error("{name}: {detail}")]
    Export {
        /// The `activities.csv` (or the file it lists).
        name: String,
        /// What went wrong.
        detail: String,
    },
}

/// The three recorded-activity formats, in the order of preference for
/// duplicates (more data first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Format {
    Fit,
    Tcx,
    Gpx,
}

impl Format {
    /// The format a file name's extension names, looking through a `.gz` suffix.
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
        if stem.ends_with(".fit") {
            Some(Format::Fit)
        } else if stem.ends_with(".gpx") {
            Some(Format::Gpx)
        } else if stem.ends_with(".tcx") {
            Some(Format::Tcx)
        } else {
            None
        }
    }

    /// The format the content looks like: FIT signature, or the XML root element.
    fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
            return Some(Format::Fit);
        }
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        let mut rest = text.as_ref();
        // Skip the declaration, comments and processing instructions to the root tag.
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            if rest.starts_with('?') || rest.starts_with('!') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local = name.rsplit(':').next().unwrap_or("");
            return match local {
                "gpx" => Some(Format::Gpx),
                "TrainingCenterDatabase" => Some(Format::Tcx),
                _ => None,
            };
        }
        None
    }
}

/// Something odd about a file that was still read, e.g. bytes after the end
/// of its document. Displays as `file: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityWarning {
    /// The file (a path, or `archive.zip!entry`).
    pub file: String,
    /// What was odd, without the file name.
    pub message: String,
}

impl std::fmt::Display for ActivityWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// What one activity file gave: its activities, and warnings about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRead {
    /// The activities, in file order (most files hold one; a FIT file with
    /// several sessions or a GPX file with several tracks gives several).
    pub activities: Vec<Activity>,
    /// What was odd about the file, each naming it.
    pub warnings: Vec<ActivityWarning>,
}

/// An activity as a reader found it, with what the file itself stated.
#[derive(Debug)]
pub(crate) struct Found {
    pub activity: Activity,
    /// The file named a sport (even "other"); else `activity.sport` is
    /// [`Sport::Other`] as a placeholder.
    pub sport_stated: bool,
    /// The file's content gave the UTC offset of the start.
    pub offset_stated: bool,
}

impl Found {
    /// An activity whose sport and offset the file stated.
    pub(crate) fn new(activity: Activity) -> Found {
        Found {
            activity,
            sport_stated: true,
            offset_stated: true,
        }
    }

    /// Sets what the file stated.
    pub(crate) fn stated(mut self, sport: bool, offset: bool) -> Found {
        self.sport_stated = sport;
        self.offset_stated = offset;
        self
    }
}

/// What a reader found in one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub found: Vec<Found>,
    /// Warnings, without the file name.
    pub warnings: Vec<String>,
}

impl From<Vec<Found>> for Parsed {
    fn from(found: Vec<Found>) -> Parsed {
        Parsed {
            found,
            warnings: Vec::new(),
        }
    }
}

impl Parsed {
    /// The activities with their sports settled (see [`with_sport`]; `hint`
    /// is a Strava export's activity type), and the warnings naming `name`.
    pub(crate) fn settle(self, name: &str, hint: Option<Sport>) -> FileRead {
        FileRead {
            activities: self
                .found
                .into_iter()
                .map(|f| with_sport(f, hint))
                .collect(),
            warnings: warnings_of(name, self.warnings),
        }
    }
}

/// The activity with its sport settled: the file's own when it named one
/// other than "other"; else `hint` (a Strava export's activity type) when
/// there is one; else the file's "other"; else a guess from the speed.
fn with_sport(found: Found, hint: Option<Sport>) -> Activity {
    let mut a = found.activity;
    let named = found.sport_stated && a.sport != Sport::Other;
    if !named {
        a.sport = match hint {
            Some(h) => h,
            None if found.sport_stated => Sport::Other,
            None => sport::sport_from_speed(&a),
        };
    }
    a
}

/// Warnings as [`ActivityWarning`]s naming `name`.
fn warnings_of(name: &str, warnings: Vec<String>) -> Vec<ActivityWarning> {
    warnings
        .into_iter()
        .map(|message| ActivityWarning {
            file: name.to_owned(),
            message,
        })
        .collect()
}

/// Reads one activity file: FIT, GPX or TCX, chosen by extension (`.fit`,
/// `.gpx`, `.tcx`, each optionally `.gz`) or else by content.
pub fn read_file(path: &Path) -> Result<FileRead, ActivityError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ActivityError::Io {
        path: name.clone(),
        source,
    })?;
    read_bytes(&name, &bytes)
}

/// Reads one activity file already in memory. `name` is used to choose the
/// format by extension (content decides when the extension does not), in error
/// messages and warnings, as each activity's `source`, and for the start's UTC
/// offset when the content has none (see the module docs).
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<FileRead, ActivityError> {
    parse(name, bytes).map(|p| p.settle(name, None))
}

/// [`read_bytes`] before the sports are settled.
pub(crate) fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, ActivityError> {
    let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
    let inner = strip_gz(name);
    let mut parsed = if gzipped {
        read_plain(name, inner, &gunzip(name, bytes)?)?
    } else if inner.len() < name.len() {
        return Err(ActivityError::NotGzip {
            name: name.to_owned(),
        });
    } else {
        read_plain(name, inner, bytes)?
    };
    for f in parsed.found.iter_mut().filter(|f| !f.offset_stated) {
        if let Some(offset) = offset::from_name(name, f.activity.start) {
            f.activity.utc_offset_s = offset;
        }
    }
    Ok(parsed)
}

/// `name` without a trailing `.gz` (any case).
fn strip_gz(name: &str) -> &str {
    let n = name.len();
    if n >= 3 && name.is_char_boundary(n - 3) && name[n - 3..].eq_ignore_ascii_case(".gz") {
        &name[..n - 3]
    } else {
        name
    }
}

fn read_plain(name: &str, inner_name: &str, bytes: &[u8]) -> Result<Parsed, ActivityError> {
    let sniffed = Format::sniff(bytes);
    // A FIT signature is unambiguous; otherwise the extension decides, so a
    // broken `.tcx` gets the TCX reader's diagnosis.
    let format = match (sniffed, Format::from_name(inner_name)) {
        (Some(Format::Fit), _) => Format::Fit,
        (_, Some(f)) => f,
        (Some(f), None) => f,
        (None, None) => {
            return Err(ActivityError::Unsupported {
                name: name.to_owned(),
            });
        }
    };
    match format {
        Format::Fit => fit::read(name, bytes),
        Format::Gpx => gpx::read(name, bytes),
        Format::Tcx => tcx::read(name, bytes),
    }
}

/// Decompresses gzip data, refusing more than [`MAX_DECOMPRESSED_BYTES`].
pub(crate) fn gunzip(name: &str, bytes: &[u8]) -> Result<Vec<u8>, ActivityError> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4));
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    decoder
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ActivityError::Gzip {
            name: name.to_owned(),
            detail: e.to_string(),
        })?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(ActivityError::Gzip {
            name: name.to_owned(),
            detail: format!("decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"),
        });
    }
    Ok(out)
}

/// Milliseconds since the Unix epoch to a [`jiff::Timestamp`].
pub(crate) fn timestamp_ms(name: &str, ms: i64) -> Result<jiff::Timestamp, ActivityError> {
    jiff::Timestamp::from_millisecond(ms).map_err(|e| ActivityError::BadValue {
        name: name.to_owned(),
        detail: format!("time out of range ({ms} ms since 1970): {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(
            Format::sniff(b"<?xml version='1.0'?>\n<gpx version='1.1'>"),
            Some(Format::Gpx)
        );
        assert_eq!(
            Format::sniff(b"<?xml version='1.0'?><!-- c --><TrainingCenterDatabase xmlns='x'>"),
            Some(Format::Tcx)
        );
        assert_eq!(Format::sniff(b"<Activities>"), None);
        assert_eq!(
            Format::sniff(b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00"),
            Some(Format::Fit)
        );
    }

    #[test]
    fn names_map_to_formats() {
        assert_eq!(Format::from_name("a/B.FIT.gz"), Some(Format::Fit));
        assert_eq!(Format::from_name("x.tcx"), Some(Format::Tcx));
        assert_eq!(Format::from_name("x.csv"), None);
        assert_eq!(strip_gz("a.gpx.GZ"), "a.gpx");
    }

    #[test]
    fn unknown_content_is_unsupported() {
        let err = read_bytes("notes.txt", b"hello").unwrap_err();
        assert!(matches!(err, ActivityError::Unsupported { .. }), "{err}");
        assert!(
            err.to_string().starts_with("notes.txt: unsupported"),
            "{err}"
        );
    }

    #[test]
    fn bad_gzip_is_an_error() {
        let err = read_bytes("x.fit.gz", &[0x1f, 0x8b, 8, 0, 0]).unwrap_err();
        assert!(matches!(err, ActivityError::Gzip { .. }), "{err}");
    }

    #[test]
    fn a_gz_name_without_gzip_content_says_so() {
        let gpx = b"<gpx><trk><trkseg><trkpt lat='0' lon='0'><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>";
        let err = read_bytes("x.gpx.gz", gpx).unwrap_err();
        assert!(matches!(err, ActivityError::NotGzip { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "x.gpx.gz: not a gzip file (no gzip header)"
        );
        assert!(read_bytes("x.gpx", gpx).is_ok());
    }

    fn found(sport: Sport, sport_stated: bool) -> Found {
        let a = Activity {
            source: "x.gpx".into(),
            sport,
            start: jiff::Timestamp::UNIX_EPOCH,
            utc_offset_s: 0,
            elapsed_s: Some(3600.0),
            moving_s: Some(3000.0),
            distance_m: Some(10_000.0),
            avg_hr: None,
            max_hr: None,
            ascent_m: None,
            hr_samples: vec![],
        };
        Found::new(a).stated(sport_stated, true)
    }

    #[test]
    fn the_file_sport_then_the_hint_then_the_speed() {
        // The file's own sport wins.
        let a = with_sport(found(Sport::TrailRun, true), Some(Sport::Walk));
        assert_eq!(a.sport, Sport::TrailRun);
        // "other" in the file: the export's type says more; without one it stays.
        assert_eq!(
            with_sport(found(Sport::Other, true), Some(Sport::Walk)).sport,
            Sport::Walk
        );
        assert_eq!(
            with_sport(found(Sport::Other, true), None).sport,
            Sport::Other
        );
        // Nothing in the file: the hint, else the speed (10 km in 50 min is a run).
        assert_eq!(
            with_sport(found(Sport::Other, false), Some(Sport::Hike)).sport,
            Sport::Hike
        );
        assert_eq!(
            with_sport(found(Sport::Other, false), None).sport,
            Sport::Run
        );
    }
}
