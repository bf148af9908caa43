//! Recorded activities for people and spreadsheets: a table and CSV.

use std::fmt::Write;

use knead_app::respond::{ActivitiesResponse, ActivityRow};

fn opt(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The value serde gives a unit enum (its documented name), e.g. `trail-running`.
fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// CSV with a header row; empty fields where the file has no such data.
pub fn csv(r: &ActivitiesResponse) -> String {
    let mut s = String::from(
        "source,sport,start,elapsed_s,moving_s,distance_m,avg_hr,max_hr,ascent_m,trimp,trimp_method\n",
    );
    for a in &r.activities {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&a.source),
            a.sport.as_str(),
            a.start,
            opt(a.elapsed_s),
            opt(a.moving_s),
            opt(a.distance_m),
            opt(a.avg_hr),
            opt(a.max_hr),
            opt(a.ascent_m),
            opt(a.trimp),
            a.trimp_method.map(|m| name(&m)).unwrap_or_default()
        );
    }
    s
}

fn hms(s: Option<f64>) -> String {
    s.map(|s| {
        let s = s.round() as i64;
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    })
    .unwrap_or_else(|| "-".into())
}

fn num(x: Option<f64>, places: usize) -> String {
    x.map(|v| format!("{v:.places$}"))
        .unwrap_or_else(|| "-".into())
}

fn row(s: &mut String, a: &ActivityRow) {
    let _ = writeln!(
        s,
        "{:<26} {:<14} {:>9} {:>9} {:>10} {:>5} {:>5} {:>7} {:>7}  {}",
        a.start,
        a.sport.as_str(),
        hms(a.elapsed_s),
        hms(a.moving_s),
        num(a.distance_m.map(|m| m / 1000.0), 2),
        num(a.avg_hr, 0),
        num(a.max_hr, 0),
        num(a.ascent_m, 0),
        num(a.trimp, 0),
        a.source
    );
}

/// A table for the terminal, with a count line.
pub fn table(r: &ActivitiesResponse) -> String {
    let mut s = format!(
        "{:<26} {:<14} {:>9} {:>9} {:>10} {:>5} {:>5} {:>7} {:>7}  SOURCE\n",
        "START", "SPORT", "ELAPSED", "MOVING", "KM", "AVGHR", "MAXHR", "ASCENT", "TRIMP"
    );
    for a in &r.activities {
        row(&mut s, a);
    }
    let _ = writeln!(
        s,
        "{} activit(ies), {} file error(s), {} duplicate(s)",
        r.activities.len(),
        r.errors.len(),
        r.duplicates
    );
    s
}
