//! Throughput (bytes per second) of the activity readers on the real files in
//! `fixtures/`, plain and gzipped, and of the calendar reader on generated
//! 1 MB calendars of recurring events (rules that never match, and ordinary
//! rules since 2015) over an 18-week window.

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::date;
use jiff::tz::TimeZone;
use knead_core::model::WorkoutKind;
use knead_formats::activity::read_bytes;
use knead_formats::ics::import;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/");

const FILES: &[(&str, &str)] = &[
    ("fit", "fit/activity-small-fenix2-run.fit"),
    ("fit", "fit/compressed-speed-distance.fit"),
    ("gpx", "gpx/garmin-activity.gpx"),
    ("tcx", "tcx/test.tcx"),
    ("tcx", "tcx/2020-12-06T06_36_21-300_Running.tcx"),
];

fn readers(c: &mut Criterion) {
    for (format, rel) in FILES {
        let bytes = std::fs::read(format!("{FIXTURES}{rel}"))
            .unwrap_or_else(|e| panic!("fixture {rel} is in the repository: {e}"));
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut group = c.benchmark_group(*format);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| read_bytes(black_box(name), black_box(&bytes)))
        });
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        if enc.write_all(&bytes).is_ok()
            && let Ok(gz) = enc.finish()
        {
            let gz_name = format!("{name}.gz");
            // Throughput stays in uncompressed bytes, to compare with the plain file.
            group.bench_function(&gz_name, |b| {
                b.iter(|| read_bytes(black_box(&gz_name), black_box(&gz)))
            });
        }
        group.finish();
    }
}

/// Ordinary rules as Google, Apple and Outlook write them.
const ORDINARY: &[&str] = &[
    "FREQ=WEEKLY;BYDAY=TU,TH",
    "FREQ=DAILY",
    "FREQ=MONTHLY;BYDAY=2SA",
    "FREQ=YEARLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
    "FREQ=MONTHLY;BYMONTHDAY=15",
];

/// A calendar of about 1 MB: recurring events since 2015 with the rules `rules`, in turn.
fn calendar_of(rules: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n");
    let mut k = 0usize;
    while text.len() < 1_000_000 {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:event-{k}@bench\r\nDTSTART;TZID=Europe/Paris:2015{:02}{:02}T070000\r\nDTEND;TZID=Europe/Paris:2015{:02}{:02}T080000\r\nRRULE:{}\r\nSUMMARY:Tempo run {k}\r\nEND:VEVENT\r\n",
            1 + k % 12,
            1 + k % 28,
            1 + k % 12,
            1 + k % 28,
            rules[k % rules.len()],
        ));
        k += 1;
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn calendars(c: &mut Criterion) {
    let window = (date(2025, 3, 1), date(2025, 7, 5));
    let tz = TimeZone::get("Europe/Paris").expect("a bundled zone");
    let mut group = c.benchmark_group("ics");
    group.sample_size(10);
    for (name, rules) in [
        (
            "1MB-never-matching",
            &["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"][..],
        ),
        ("1MB-ordinary", ORDINARY),
    ] {
        let text = calendar_of(rules);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                import(name, black_box(&text), window, &tz, |_| {
                    (WorkoutKind::Easy, None, None, true)
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, readers, calendars);
criterion_main!(benches);
