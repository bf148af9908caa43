//! Importing many activities at once: files, folders (recursively), Strava
//! bulk exports (the `.zip` or its unpacked folder), read in parallel, with
//! duplicates removed.
//!
//! A Strava export holds `activities.csv` (one row per activity; its
//! `Filename` column names the file, e.g. `activities/123.fit.gz`, and its
//! `Activity Type` column the sport) and the files themselves. When a folder
//! or zip has an `activities.csv`, the files it lists are read (the type
//! fills in the sport when the file names none or says "other", see
//! [`super::sport::strava_sport`]); otherwise every `.fit`, `.gpx` and `.tcx`
//! file (each optionally `.gz`) is read.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use knead_core::model::{Activity, Sport};
use rayon::prelude::*;

use super::sport::strava_sport;
use super::{
    ActivityError, ActivityWarning, DUPLICATE_DISTANCE_FRACTION, DUPLICATE_START_S, FileRead,
    Format, MAX_DECOMPRESSED_BYTES, parse,
};

/// What [`import`] found. When every file fails, `activities` is empty and
/// `errors` holds one entry per file, each naming it and saying why.
#[derive(Debug, Default)]
pub struct Import {
    /// The activities read, duplicates removed, sorted by start.
    pub activities: Vec<Activity>,
    /// Files that could not be read: the path (or `archive.zip!entry`) and why
    /// (the error's message starts with the same name).
    pub errors: Vec<(String, ActivityError)>,
    /// What was odd about files that were still read, each naming its file,
    /// in the order the files were listed.
    pub warnings: Vec<ActivityWarning>,
    /// Each activity dropped as a copy of another, with the one kept.
    pub dropped: Vec<Duplicate>,
}

/// An activity dropped as a copy of another. Displays as
/// `dropped.gpx: duplicate of kept.fit, dropped`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The `source` of the copy dropped.
    pub dropped: String,
    /// The `source` of the copy kept.
    pub kept: String,
    /// When the dropped copy started, as [`Activity::start_rfc3339`] writes
    /// it (RFC 3339 with the file's own UTC offset).
    pub start: String,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: the activity starting {} is a duplicate of the one in {}, dropped",
            self.dropped, self.start, self.kept
        )
    }
}

/// A zip archive being imported.
struct ZipSource {
    path: PathBuf,
    display: String,
}

/// One unit of work.
enum Job {
    File {
        path: PathBuf,
        hint: Option<Sport>,
    },
    Entry {
        zip: Arc<ZipSource>,
        index: usize,
        name: String,
        hint: Option<Sport>,
    },
    Failed {
        name: String,
        error: ActivityError,
    },
}

/// Imports every activity under `paths`: activity files, folders (searched
/// recursively for `.fit`, `.gpx`, `.tcx` and their `.gz`), Strava export
/// `.zip` files and unpacked Strava export folders.
///
/// Files are read in parallel; a file that cannot be read goes to
/// [`Import::errors`] and the rest still import. `progress`, when given, is
/// called with (files done, files in total) after each file, from worker
/// threads. The same activity found twice is kept once (see the module docs of
/// [`super`]) and listed in [`Import::dropped`].
pub fn import(paths: &[PathBuf], progress: Option<&(dyn Fn(usize, usize) + Sync)>) -> Import {
    let mut jobs = Vec::new();
    for path in paths {
        list_path(path, &mut jobs);
    }
    let total = jobs.len();
    let done = AtomicUsize::new(0);
    let results: Vec<(String, Result<FileRead, ActivityError>)> = jobs
        .into_par_iter()
        .map_init(
            HashMap::<PathBuf, Result<zip::ZipArchive<File>, String>>::new,
            |archives, job| {
                let result = run(job, archives);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if let Some(report) = progress {
                    report(n, total);
                }
                result
            },
        )
        .collect();

    let mut out = Import::default();
    let mut found = Vec::new();
    for (name, result) in results {
        match result {
            Ok(read) => {
                found.extend(read.activities);
                out.warnings.extend(read.warnings);
            }
            Err(e) => out.errors.push((name, e)),
        }
    }
    let (activities, dropped) = dedup(found);
    out.activities = activities;
    out.dropped = dropped;
    out
}

/// Reads one job: its name, and its activities and warnings or why it failed.
fn run(
    job: Job,
    archives: &mut HashMap<PathBuf, Result<zip::ZipArchive<File>, String>>,
) -> (String, Result<FileRead, ActivityError>) {
    match job {
        Job::Failed { name, error } => (name, Err(error)),
        Job::File { path, hint } => {
            let name = path.display().to_string();
            let result = std::fs::read(&path)
                .map_err(|source| ActivityError::Io {
                    path: name.clone(),
                    source,
                })
                .and_then(|bytes| parse(&name, &bytes))
                .map(|p| p.settle(&name, hint));
            (name, result)
        }
        Job::Entry {
            zip,
            index,
            name,
            hint,
        } => {
            let source = format!("{}!{}", zip.display, name);
            let zip_err = |detail: String| ActivityError::Zip {
                name: source.clone(),
                detail,
            };
            let archive = archives.entry(zip.path.clone()).or_insert_with(|| {
                File::open(&zip.path)
                    .map_err(|e| e.to_string())
                    .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()))
            });
            let result = match archive {
                Err(e) => Err(zip_err(e.clone())),
                Ok(archive) => read_entry(archive, index)
                    .map_err(zip_err)
                    .and_then(|bytes| parse(&source, &bytes))
                    .map(|p| p.settle(&source, hint)),
            };
            (source, result)
        }
    }
}

/// The bytes of a zip entry, refusing more than [`MAX_DECOMPRESSED_BYTES`].
fn read_entry(archive: &mut zip::ZipArchive<File>, index: usize) -> Result<Vec<u8>, String> {
    let entry = archive.by_index(index).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(entry.size().min(MAX_DECOMPRESSED_BYTES) as usize);
    entry
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(format!(
            "entry is larger than {MAX_DECOMPRESSED_BYTES} bytes"
        ));
    }
    Ok(bytes)
}

/// Adds the jobs for one path given by the caller.
fn list_path(path: &Path, jobs: &mut Vec<Job>) {
    let name = path.display().to_string();
    match std::fs::metadata(path) {
        Err(source) => jobs.push(Job::Failed {
            name: name.clone(),
            error: ActivityError::Io { path: name, source },
        }),
        Ok(m) if m.is_dir() => list_dir(path, jobs),
        Ok(_) if has_extension(path, "zip") => list_zip(path, jobs),
        Ok(_) => jobs.push(Job::File {
            path: path.to_owned(),
            hint: None,
        }),
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Adds the activity files under a folder; an unpacked Strava export (a folder
/// with `activities.csv`) contributes the files its CSV lists.
fn list_dir(dir: &Path, jobs: &mut Vec<Job>) {
    let csv_path = dir.join("activities.csv");
    if csv_path.is_file() {
        match std::fs::read(&csv_path)
            .map_err(|source| ActivityError::Io {
                path: csv_path.display().to_string(),
                source,
            })
            .and_then(|bytes| strava_rows(&csv_path.display().to_string(), &bytes))
        {
            Ok(rows) => {
                for row in rows {
                    let path = dir.join(&row.file);
                    if path.is_file() {
                        jobs.push(Job::File {
                            path,
                            hint: row.sport,
                        });
                    } else {
                        let name = path.display().to_string();
                        jobs.push(Job::Failed {
                            error: ActivityError::Export {
                                name: name.clone(),
                                detail: format!("listed in {} but not there", csv_path.display()),
                            },
                            name,
                        });
                    }
                }
                return;
            }
            Err(error) => jobs.push(Job::Failed {
                name: csv_path.display().to_string(),
                error,
            }),
        }
    }
    walk(dir, jobs);
}

/// Adds every activity file under `dir`, recursively, in name order.
fn walk(dir: &Path, jobs: &mut Vec<Job>) {
    let name = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(e) => e,
        Err(source) => {
            jobs.push(Job::Failed {
                name: name.clone(),
                error: ActivityError::Io { path: name, source },
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => list_dir(&path, jobs),
            Ok(_) if Format::from_name(&e.file_name().to_string_lossy()).is_some() => {
                jobs.push(Job::File { path, hint: None });
            }
            _ => {}
        }
    }
}

/// Adds the activity files inside a zip archive.
fn list_zip(path: &Path, jobs: &mut Vec<Job>) {
    let display = path.display().to_string();
    let fail = |detail: String| Job::Failed {
        name: display.clone(),
        error: ActivityError::Zip {
            name: display.clone(),
            detail,
        },
    };
    let mut archive = match File::open(path) {
        Err(source) => {
            jobs.push(Job::Failed {
                name: display.clone(),
                error: ActivityError::Io {
                    path: display,
                    source,
                },
            });
            return;
        }
        Ok(f) => match zip::ZipArchive::new(f) {
            Ok(a) => a,
            Err(e) => {
                jobs.push(fail(e.to_string()));
                return;
            }
        },
    };
    let zip = Arc::new(ZipSource {
        path: path.to_owned(),
        display: display.clone(),
    });
    let names: Vec<(usize, String)> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(|n| (i, n.to_owned())))
        .collect();
    // The export's own list, if it has one: the shortest `…activities.csv`.
    let csv = names
        .iter()
        .filter(|(_, n)| n == "activities.csv" || n.ends_with("/activities.csv"))
        .min_by_key(|(_, n)| n.len())
        .cloned();
    if let Some((csv_index, csv_name)) = csv {
        let csv_display = format!("{display}!{csv_name}");
        let prefix = &csv_name[..csv_name.len() - "activities.csv".len()];
        let rows = read_entry(&mut archive, csv_index)
            .map_err(|detail| ActivityError::Zip {
                name: csv_display.clone(),
                detail,
            })
            .and_then(|bytes| strava_rows(&csv_display, &bytes));
        match rows {
            Ok(rows) => {
                let index: HashMap<&str, usize> =
                    names.iter().map(|(i, n)| (n.as_str(), *i)).collect();
                for row in rows {
                    let entry = format!("{prefix}{}", row.file.trim_start_matches("./"));
                    match index.get(entry.as_str()) {
                        Some(&i) => jobs.push(Job::Entry {
                            zip: Arc::clone(&zip),
                            index: i,
                            name: entry,
                            hint: row.sport,
                        }),
                        None => {
                            let name = format!("{display}!{entry}");
                            jobs.push(Job::Failed {
                                error: ActivityError::Export {
                                    name: name.clone(),
                                    detail: format!(
                                        "listed in {csv_display} but not in the archive"
                                    ),
                                },
                                name,
                            });
                        }
                    }
                }
                return;
            }
            Err(error) => jobs.push(Job::Failed {
                name: csv_display,
                error,
            }),
        }
    }
    for (i, n) in names {
        if !n.ends_with('/') && Format::from_name(&n).is_some() {
            jobs.push(Job::Entry {
                zip: Arc::clone(&zip),
                index: i,
                name: n,
                hint: None,
            });
        }
    }
}

/// A row of a Strava `activities.csv` that names a file.
#[derive(Debug, PartialEq)]
struct StravaRow {
    file: String,
    sport: Option<Sport>,
}

/// The rows of a Strava `activities.csv` that name a file (manual entries have none).
fn strava_rows(name: &str, bytes: &[u8]) -> Result<Vec<StravaRow>, ActivityError> {
    let err = |detail: String| ActivityError::Export {
        name: name.to_owned(),
        detail,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| err(format!("bad CSV header: {e}")))?
        .clone();
    let col = |want: &str| {
        headers.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(want)
        })
    };
    let file_col = col("Filename")
        .ok_or_else(|| err("no Filename column: not a Strava activities.csv".to_owned()))?;
    let type_col = col("Activity Type");
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| err(format!("bad CSV: {e}")))?;
        let file = record.get(file_col).unwrap_or("").trim();
        if file.is_empty() {
            continue;
        }
        let sport = type_col
            .and_then(|c| record.get(c))
            .map(strava_sport)
            .filter(|s| *s != Sport::Other);
        rows.push(StravaRow {
            file: file.to_owned(),
            sport,
        });
    }
    Ok(rows)
}

/// How much a copy is worth keeping: its format (FIT over TCX over GPX), then
/// its heart-rate samples, then how many figures it has.
fn richness(a: &Activity) -> (u8, usize, usize) {
    let format = match Format::from_name(&a.source) {
        Some(Format::Fit) => 3,
        Some(Format::Tcx) => 2,
        Some(Format::Gpx) => 1,
        None => 0,
    };
    let figures = [
        a.elapsed_s,
        a.moving_s,
        a.distance_m,
        a.avg_hr,
        a.max_hr,
        a.ascent_m,
    ]
    .iter()
    .filter(|f| f.is_some())
    .count();
    (format, a.hr_samples.len(), figures)
}

/// Whether two activities are the same one recorded or exported twice.
fn same_activity(a: &Activity, b: &Activity) -> bool {
    let sport_ok =
        a.sport.family() == b.sport.family() || a.sport == Sport::Other || b.sport == Sport::Other;
    let dt = a.start.duration_since(b.start).as_secs_f64().abs();
    let distance_ok = match (a.distance_m, b.distance_m) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= DUPLICATE_DISTANCE_FRACTION * x.abs().max(y.abs()),
        _ => false,
    };
    sport_ok && dt <= DUPLICATE_START_S && distance_ok
}

/// Drops duplicates, keeping the richest copy; returns the activities sorted by
/// start and the copies dropped, each with the copy finally kept.
fn dedup(mut all: Vec<Activity>) -> (Vec<Activity>, Vec<Duplicate>) {
    all.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.source.cmp(&b.source)));
    let mut kept: Vec<Activity> = Vec::with_capacity(all.len());
    // (source dropped, its start, index in `kept` of the copy that replaced it).
    let mut dropped: Vec<(String, String, usize)> = Vec::new();
    for a in all {
        // Kept copies may be out of order by up to the window; look back twice as far.
        let twin = kept
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, k)| {
                a.start.duration_since(k.start).as_secs_f64() <= 2.0 * DUPLICATE_START_S
            })
            .find(|(_, k)| same_activity(k, &a))
            .map(|(i, _)| i);
        match twin {
            Some(i) => {
                let loser = if richness(&a) > richness(&kept[i]) {
                    std::mem::replace(&mut kept[i], a)
                } else {
                    a
                };
                let start = loser.start_rfc3339();
                dropped.push((loser.source, start, i));
            }
            None => kept.push(a),
        }
    }
    let dropped = dropped
        .into_iter()
        .map(|(source, start, i)| Duplicate {
            dropped: source,
            kept: kept[i].source.clone(),
            start,
        })
        .collect();
    kept.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.source.cmp(&b.source)));
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(source: &str, start_s: i64, sport: Sport, distance_m: Option<f64>) -> Activity {
        Activity {
            source: source.to_owned(),
            sport,
            start: jiff::Timestamp::from_second(1_700_000_000 + start_s).expect("in range"),
            utc_offset_s: 0,
            elapsed_s: Some(3600.0),
            moving_s: None,
            distance_m,
            avg_hr: None,
            max_hr: None,
            ascent_m: None,
            hr_samples: Vec::new(),
        }
    }

    #[test]
    fn dedup_keeps_the_richest_copy() {
        let all = vec![
            act("a.gpx", 30, Sport::Other, Some(10_100.0)),
            act("a.fit.gz", 0, Sport::Run, Some(10_000.0)),
            act("a.tcx", 50, Sport::Run, Some(9_900.0)),
            // Same time, other sport: a different activity.
            act("b.fit", 10, Sport::Ride, Some(10_000.0)),
            // Same sport, 4 % longer: different.
            act("c.fit", 20, Sport::Run, Some(10_400.0)),
            // Two minutes later: different.
            act("d.fit", 180, Sport::Run, Some(10_000.0)),
        ];
        let (kept, dups) = dedup(all);
        let sources: Vec<&str> = kept.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(sources, ["a.fit.gz", "b.fit", "c.fit", "d.fit"]);
        // Each dropped copy names the one finally kept, even when the copy it
        // first matched was itself replaced later.
        let notes = |dups: &[Duplicate]| -> Vec<(String, String)> {
            dups.iter()
                .map(|d| (d.dropped.clone(), d.kept.clone()))
                .collect()
        };
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        // The GPX (no sport, 10.1 km) matches the latest close copy first: c.fit.
        assert_eq!(
            notes(&dups),
            [pair("a.gpx", "c.fit"), pair("a.tcx", "a.fit.gz")]
        );
        assert_eq!(
            dups[1].to_string(),
            "a.tcx: the activity starting 2023-11-14T22:14:10+00:00 is a duplicate of the one in a.fit.gz, dropped"
        );
        let (kept, dups) = dedup(vec![
            act("e.gpx", 0, Sport::Run, Some(10_000.0)),
            act("e.tcx", 10, Sport::Run, Some(10_000.0)),
            act("e.fit", 20, Sport::Run, Some(10_000.0)),
        ]);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            notes(&dups),
            [pair("e.gpx", "e.fit"), pair("e.tcx", "e.fit")]
        );
    }

    #[test]
    fn distance_missing_on_one_side_is_not_a_match() {
        let (kept, dups) = dedup(vec![
            act("x.fit", 0, Sport::Run, None),
            act("y.fit", 5, Sport::TrailRun, None),
        ]);
        assert_eq!((kept.len(), dups.len()), (1, 1), "same family");
        let (kept, dups) = dedup(vec![
            act("x.fit", 0, Sport::Run, Some(5.0)),
            act("y.fit", 5, Sport::Run, None),
        ]);
        assert_eq!((kept.len(), dups.len()), (2, 0));
        let (kept, dups) = dedup(vec![
            act("x.fit", 0, Sport::Run, None),
            act("y.fit", 5, Sport::Walk, None),
        ]);
        assert_eq!((kept.len(), dups.len()), (2, 0), "another family");
    }

    #[test]
    fn strava_csv_rows() {
        let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,Distance\n\
                   1,\"Jan 1, 2024, 7:00:00 AM\",Morning Run,Run,3600,10.0,activities/1.fit.gz,10000.0\n\
                   2,\"Jan 2, 2024, 7:00:00 AM\",Manual,Run,3600,10.0,,10000.0\n\
                   3,\"Jan 3, 2024, 7:00:00 AM\",Spin,Virtual Ride,3600,20.0,activities/3.gpx,20000.0\n";
        let rows = strava_rows("activities.csv", csv.as_bytes()).expect("parses");
        assert_eq!(
            rows,
            vec![
                StravaRow {
                    file: "activities/1.fit.gz".into(),
                    sport: Some(Sport::Run)
                },
                StravaRow {
                    file: "activities/3.gpx".into(),
                    sport: Some(Sport::VirtualRide)
                },
            ]
        );
        let err = strava_rows("activities.csv", b"a,b\n1,2\n").expect_err("no Filename");
        assert!(err.to_string().contains("Filename"), "{err}");
    }
}
