//! Files the tests upload, made here with dates around today so the tests do
//! not age: a plan file, a training calendar, a GPX run, zips.

use std::io::Write;

use jiff::ToSpan;
use jiff::civil::Date;

/// Today in UTC, as the server sees it for a season in UTC.
pub fn today() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// Yesterday in UTC: the day of the runs uploaded (a run of today could
/// still be ahead of the clock).
pub fn yesterday() -> Date {
    today().yesterday().expect("a date")
}

/// The Sunday about 20 weeks ahead: a race day for a template.
pub fn race_day() -> Date {
    let mut d = today().checked_add(140.days()).expect("a date");
    while d.weekday() != jiff::civil::Weekday::Sunday {
        d = d.tomorrow().expect("a date");
    }
    d
}

/// The first day of the built-in example's first week.
const EXAMPLE_START: Date = jiff::civil::date(2026, 12, 21);

/// Days the example is moved by so that it starts on a Monday two to three
/// weeks from today (whole weeks, so weekdays stay).
pub fn example_shift_days() -> i64 {
    let target = today().checked_add(14.days()).expect("a date");
    let days = (target - EXAMPLE_START).get_days() as i64;
    days.div_euclid(7) * 7 + 7
}

/// A day of the shifted example: the example's day `d` moved as
/// [`shifted_example`] moves it.
pub fn shifted(d: Date) -> Date {
    d.checked_add(example_shift_days().days()).expect("a date")
}

/// The built-in example plan file (an 18-week marathon build) with every date
/// moved so that it starts soon after today.
pub fn shifted_example() -> String {
    let text = knead_formats::example::MARATHON_TOML;
    let shift = example_shift_days();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if i + 10 <= text.len() && looks_like_date(&bytes[i..i + 10]) {
            let d: Date = text[i..i + 10].parse().expect("a date");
            let d = d.checked_add(shift.days()).expect("a date");
            out.push_str(&d.to_string());
            i += 10;
        } else {
            let c = text[i..].chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn looks_like_date(b: &[u8]) -> bool {
    b.len() == 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// A GPX run of 40 minutes on `day` at 07:00 UTC.
pub fn gpx_run(day: Date) -> Vec<u8> {
    let mut points = String::new();
    for i in 0..=40 {
        let t = day
            .at(7, 0, 0, 0)
            .checked_add((i * 60).seconds())
            .expect("a time");
        // About 200 m a minute northwards: a 5 min/km run.
        let lat = f64::from(i) * 0.0018;
        points.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"0\"><ele>10</ele><time>{}Z</time></trkpt>\n",
            t.strftime("%Y-%m-%dT%H:%M:%S")
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"knead tests\">\n<trk><name>Morning run</name><type>running</type><trkseg>\n{points}</trkseg></trk></gpx>\n"
    )
    .into_bytes()
}

/// A training calendar of four weeks from next Monday: easy runs, intervals
/// and a long run each week.
pub fn training_ics() -> String {
    let mut monday = today().tomorrow().expect("a date");
    while monday.weekday() != jiff::civil::Weekday::Monday {
        monday = monday.tomorrow().expect("a date");
    }
    let mut events = String::new();
    for week in 0..4 {
        for (offset, title) in [(1, "Easy 8 km"), (3, "Intervals 6x800"), (6, "Long run 2h")] {
            let d = monday
                .checked_add((week * 7 + offset).days())
                .expect("a date");
            let next = d.tomorrow().expect("a date");
            events.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:train-{}@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n",
                d.strftime("%Y%m%d"),
                d.strftime("%Y%m%d"),
                next.strftime("%Y%m%d"),
            ));
        }
    }
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//knead tests//EN\r\n{events}END:VCALENDAR\r\n"
    )
}

/// A zip of `entries`.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("a zip entry");
        w.write_all(bytes).expect("zip bytes");
    }
    w.finish().expect("a zip");
    out.into_inner()
}

/// The entries of a zip: name and content.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("entry bytes");
        out.push((entry.name().to_owned(), content));
    }
    out
}
