//! Throughput (bytes per second) of the activity readers on the real files in
//! `fixtures/`, plain and gzipped.

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use knead_formats::activity::read_bytes;

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

criterion_group!(benches, readers);
criterion_main!(benches);
