//! Writes a [`Plan`] as a plan file that [`super::parse`] reads back to the same plan.

use std::fmt::Write as _;

use jiff::civil::Date;
use knead_core::model::money;
use knead_core::model::{Booking, DEFAULT_APPOINTMENT_MINUTES, Plan, Priority, Sex, Window};
use knead_core::slots::show_time;

use super::check::{MAX_OCCURRENCES, occurrence, parse_series_name};
use super::names::WEEKDAYS;

/// Writes `plan` as a plan file in its own units, with one `[[workouts]]`,
/// `[[races]]` and `[[bookings]]` table per entry.
///
/// Parsing the result gives `plan` back, except that the `source` of workouts
/// and bookings is not part of the file format (it reads back as `None`) and
/// workouts, races and bookings read back sorted by date. The occurrences of
/// a repeating booking, all of them as the file's `repeat` made them, are
/// written back as that one entry with `repeat`; other bookings of a series
/// (one occurrence cancelled, a calendar's series) one by one, each with its
/// `series`. Values the parser rejects (a non-finite number, a date outside
/// years 0000-9999, a time with seconds) are written as they are and fail
/// when read.
pub fn to_toml(plan: &Plan) -> String {
    let mut out = String::new();
    let a = &plan.athlete;
    // Distances are written as bare numbers in the plan's units (exact for
    // kilometres; miles go through one division).
    let per_unit = plan.units.km_per_unit();
    out.push_str(&format!(
        "units = \"{}\"\n\n[athlete]\n",
        plan.units.as_str()
    ));
    kv(&mut out, "name", &string(&a.name));
    kv(&mut out, "time_zone", &string(&a.time_zone));
    kv(&mut out, "currency", &string(&a.currency));
    kv(&mut out, "monthly_budget", &money(a.monthly_budget));
    kv(&mut out, "regular_massage", &a.regular_massage.to_string());
    let tools: Vec<String> = a.tools.iter().map(|t| string(t.as_str())).collect();
    kv(&mut out, "tools", &format!("[{}]", tools.join(", ")));
    let sex = match a.physiology.sex {
        Sex::Male => "male",
        Sex::Female => "female",
    };
    kv(&mut out, "sex", &string(sex));
    kv(&mut out, "resting_hr", &a.physiology.resting_hr.to_string());
    kv(&mut out, "max_hr", &a.physiology.max_hr.to_string());

    out.push_str("\n[athlete.prices]\n");
    kv(&mut out, "deep", &money(a.prices.deep));
    kv(&mut out, "art", &money(a.prices.art));
    kv(&mut out, "swedish", &money(a.prices.swedish));

    out.push_str("\n[athlete.therapist]\n");
    let days: Vec<String> = (0..7)
        .filter(|&i| a.therapist.weekdays[i])
        .map(|i| string(WEEKDAYS[i]))
        .collect();
    kv(&mut out, "weekdays", &format!("[{}]", days.join(", ")));
    let closed: Vec<String> = a
        .therapist
        .closed
        .iter()
        .map(|r| {
            if r.from == r.to {
                date(r.from)
            } else {
                format!("{{ from = {}, to = {} }}", date(r.from), date(r.to))
            }
        })
        .collect();
    kv(&mut out, "closed", &format!("[{}]", closed.join(", ")));
    if a.therapist.appointment_minutes != DEFAULT_APPOINTMENT_MINUTES {
        kv(
            &mut out,
            "appointment_minutes",
            &a.therapist.appointment_minutes.to_string(),
        );
    }
    for w in &a.therapist.hours {
        window(&mut out, "athlete.therapist.hours", w);
    }
    for w in &a.free {
        window(&mut out, "athlete.free", w);
    }

    for i in &a.injuries {
        out.push_str("\n[[athlete.injuries]]\n");
        kv(&mut out, "area", &string(i.area.as_str()));
        kv(&mut out, "since", &date(i.since));
        if let Some(u) = i.until {
            kv(&mut out, "until", &date(u));
        }
    }
    for h in &a.health {
        out.push_str("\n[[athlete.health]]\n");
        kv(&mut out, "condition", &string(condition_name(h.condition)));
        if let Some(area) = h.area {
            kv(&mut out, "area", &string(area.as_str()));
        }
        kv(&mut out, "from", &date(h.from));
        if let Some(u) = h.until {
            kv(&mut out, "until", &date(u));
        }
    }
    for c in &a.credits {
        out.push_str("\n[[athlete.credits]]\n");
        kv(
            &mut out,
            "type",
            &string(c.kind.map_or("any", |k| k.as_str())),
        );
        kv(&mut out, "sessions", &c.sessions.to_string());
        if let Some(f) = c.valid_from {
            kv(&mut out, "valid_from", &date(f));
        }
        kv(&mut out, "valid_until", &date(c.valid_until));
        if let Some(n) = &c.name {
            kv(&mut out, "name", &string(n));
        }
    }
    for w in &plan.workouts {
        out.push_str("\n[[workouts]]\n");
        kv(&mut out, "date", &date(w.date));
        kv(&mut out, "kind", &string(w.kind.as_str()));
        if let Some(m) = w.minutes {
            kv(&mut out, "minutes", &float(m));
        }
        if let Some(d) = w.distance_km {
            kv(&mut out, "distance", &float(d / per_unit));
        }
        if let Some(t) = &w.title {
            kv(&mut out, "title", &string(t));
        }
        if let Some(n) = &w.notes {
            kv(&mut out, "notes", &string(n));
        }
    }
    for r in &plan.races {
        out.push_str("\n[[races]]\n");
        kv(&mut out, "date", &date(r.date));
        kv(&mut out, "name", &string(&r.name));
        kv(&mut out, "distance", &float(r.distance_km / per_unit));
        let p = match r.priority {
            Priority::A => "A",
            Priority::B => "B",
            Priority::C => "C",
        };
        kv(&mut out, "priority", &string(p));
    }
    let mut written = vec![false; plan.bookings.len()];
    for (i, b) in plan.bookings.iter().enumerate() {
        if written[i] {
            continue;
        }
        out.push_str("\n[[bookings]]\n");
        kv(&mut out, "date", &date(b.date));
        kv(&mut out, "type", &string(b.kind.as_str()));
        match whole_series(&plan.bookings, i, &written) {
            Some((every, members)) => {
                kv(
                    &mut out,
                    "repeat",
                    &format!("{{ every_weeks = {every}, count = {} }}", members.len()),
                );
                for j in members {
                    written[j] = true;
                }
            }
            None => {
                if let Some(s) = &b.series {
                    kv(&mut out, "series", &string(s));
                }
                written[i] = true;
            }
        }
    }
    out
}

/// When booking `i` is the first of a series that `repeat` made and every
/// occurrence is still there (same type, in order, nothing else with its
/// name): the interval in weeks and the indexes of the occurrences.
fn whole_series(bookings: &[Booking], i: usize, written: &[bool]) -> Option<(u64, Vec<usize>)> {
    let first = &bookings[i];
    let name = first.series.as_deref()?;
    let (every, start) = parse_series_name(name)?;
    let members: Vec<usize> = (i..bookings.len())
        .filter(|&j| !written[j] && bookings[j].series.as_deref() == Some(name))
        .collect();
    let whole = start == first.date
        && members.len() <= MAX_OCCURRENCES
        && members.iter().enumerate().all(|(k, &j)| {
            bookings[j].date == occurrence(start, every, k) && bookings[j].kind == first.kind
        });
    whole.then_some((every, members))
}

/// One `[[table]]` of a weekly window.
fn window(out: &mut String, table: &str, w: &Window) {
    let _ = write!(out, "\n[[{table}]]\n");
    let days: Vec<String> = (0..7)
        .filter(|&i| w.weekdays[i])
        .map(|i| string(WEEKDAYS[i]))
        .collect();
    kv(out, "days", &format!("[{}]", days.join(", ")));
    kv(out, "from", &string(&show_time(w.from)));
    kv(out, "to", &string(&show_time(w.to)));
}

fn kv(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

/// A TOML basic string.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML local date (years 0000-9999), else the date as a string.
fn date(d: Date) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        string(&d.to_string())
    }
}

/// A TOML float that reads back as exactly `v`.
fn float(v: f64) -> String {
    if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        if v > 0.0 {
            "inf".to_string()
        } else {
            "-inf".to_string()
        }
    } else {
        format!("{v:?}")
    }
}

fn condition_name(c: knead_core::model::Condition) -> &'static str {
    use knead_core::model::Condition::*;
    match c {
        SuspectedDvt => "suspected-dvt",
        Fever => "fever",
        AcuteStrain => "acute-strain",
        Wound => "wound",
        Fracture => "fracture",
        Anticoagulants => "anticoagulants",
        Pregnancy => "pregnancy",
        Cancer => "cancer",
        Rhabdomyolysis => "rhabdomyolysis",
        UnexplainedPain => "unexplained-pain",
    }
}
