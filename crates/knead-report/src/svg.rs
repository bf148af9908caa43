//! A training-load chart as a self-contained SVG file.
//!
//! [`load_chart`] draws a [`PmcDay`] series the way a performance-management
//! chart usually looks: the daily load (TRIMP) as grey bars, fitness (CTL),
//! fatigue (ATL) and form (TSB) as lines on the same left axis, with a zero line
//! for TSB, month labels under the x axis, and races and massages as dashed
//! vertical markers with their labels. The SVG is written by hand, 1000 × 420
//! pixels, with no scripts, styles or external references, so any browser opens it.

use jiff::civil::Date;
pub use knead_app::respond::{Mark, MarkKind};
use knead_core::load::PmcDay;
use std::fmt::Write as _;

/// Width of the chart in pixels.
pub const WIDTH: f64 = 1000.0;
/// Height of the chart in pixels.
pub const HEIGHT: f64 = 420.0;

// The plot area.
const LEFT: f64 = 70.0;
const RIGHT: f64 = 970.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 350.0;

const BAR_COLOUR: &str = "#adb5bd";
const CTL_COLOUR: &str = "#1f77b4";
const ATL_COLOUR: &str = "#d6336c";
const TSB_COLOUR: &str = "#f59f00";
const RACE_COLOUR: &str = "#212529";
const MASSAGE_COLOUR: &str = "#2b8a3e";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Race => "race",
        MarkKind::Massage => "massage",
    }
}

fn colour(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Race => RACE_COLOUR,
        MarkKind::Massage => MASSAGE_COLOUR,
    }
}

fn legend(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Race => "Race",
        MarkKind::Massage => "Massage",
    }
}

/// The chart of `days` (consecutive days, as [`knead_core::load::pmc()`] returns
/// them) with `marks`, as a complete SVG document.
///
/// Layout: day i of n occupies the slot [70 + i·w, 70 + (i+1)·w] with
/// w = 900 / n; each day with a positive load gets a bar of width 0.7·w (at
/// least 0.5 px); CTL, ATL and TSB are polylines through the slot centres. One
/// y axis, from min(0, all values) to max(all values), rounded out to "nice"
/// steps of 1, 2 or 5 × 10^k, serves all four series; a zero line marks
/// TSB = 0. Month names label the first day of each month (and the first day
/// of the chart when the next month starts 8 or more days later), with the
/// year on the first label and on January; charts of up to 62 days also
/// number their Mondays. Each mark is a dashed vertical line through its day
/// with its label at the top, staggered over three rows; marks on days outside
/// the chart are skipped. With no days the document holds only the title and
/// the words "No training data".
pub fn load_chart(days: &[PmcDay], marks: &[Mark]) -> String {
    let mut s = String::new();
    let title = match (days.first(), days.last()) {
        (Some(a), Some(b)) => format!("Training load, {} to {}", a.date, b.date),
        _ => "Training load".to_string(),
    };
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12" role="img">"#,
        w = WIDTH,
        h = HEIGHT
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&title));
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text class="title" x="{}" y="26" text-anchor="middle" font-size="16" font-weight="bold">{}</text>"#,
        n(WIDTH / 2.0),
        esc(&title)
    );
    if days.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#666">No training data</text>"##,
            n(WIDTH / 2.0),
            n(HEIGHT / 2.0)
        );
        s.push_str("</svg>\n");
        return s;
    }

    let count = days.len() as f64;
    let slot = (RIGHT - LEFT) / count;
    let cx = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let (lo, hi, step) = y_range(days);
    let y = |v: f64| BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);

    // Grid and y axis.
    s.push_str("<g class=\"y-axis\">\n");
    let steps = ((hi - lo) / step).round() as i64;
    for k in 0..=steps {
        let v = lo + k as f64 * step;
        let yy = n(y(v));
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{yy}" x2="{RIGHT}" y2="{yy}" stroke="#e9ecef"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            n(LEFT - 6.0),
            n(y(v) + 4.0),
            tick_label(v, step)
        );
    }
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="black"/><text x="18" y="{mid}" text-anchor="middle" transform="rotate(-90 18 {mid})">Load (TRIMP); CTL, ATL, TSB</text>"#,
        mid = n((TOP + BOTTOM) / 2.0)
    );
    s.push_str("</g>\n");

    // Bars.
    s.push_str("<g class=\"bars\">\n");
    let bar_w = (slot * 0.7).max(0.5);
    for (i, d) in days.iter().enumerate() {
        if d.load > 0.0 {
            let top = y(d.load);
            let _ = writeln!(
                s,
                r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{BAR_COLOUR}"><title>{}: load {:.0}</title></rect>"#,
                n(cx(i) - bar_w / 2.0),
                n(top),
                n(bar_w),
                n(y(0.0) - top),
                d.date,
                d.load
            );
        }
    }
    s.push_str("</g>\n");

    // Zero line (TSB = 0, and the bars' base).
    let _ = writeln!(
        s,
        r##"<line class="zero" x1="{LEFT}" y1="{z}" x2="{RIGHT}" y2="{z}" stroke="#495057"/>"##,
        z = n(y(0.0))
    );

    // Lines.
    for (class, colour, value) in [
        (
            "ctl",
            CTL_COLOUR,
            (|d: &PmcDay| d.ctl) as fn(&PmcDay) -> f64,
        ),
        ("atl", ATL_COLOUR, |d: &PmcDay| d.atl),
        ("tsb", TSB_COLOUR, |d: &PmcDay| d.tsb),
    ] {
        let points: Vec<String> = days
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{},{}", n(cx(i)), n(y(value(d)))))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline class="{class}" fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
    }

    // X axis: month labels, and Monday numbers on short charts.
    s.push_str("<g class=\"x-axis\">\n");
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="black"/>"#
    );
    let mut year_shown = false;
    for (i, d) in days.iter().enumerate() {
        let x0 = LEFT + i as f64 * slot;
        let month_start = d.date.day() == 1;
        let first_label = i == 0 && !month_start && days_to_next_month(d.date) >= 8;
        if month_start || first_label {
            let name = MONTHS[(d.date.month() - 1) as usize];
            let label = if !year_shown || d.date.month() == 1 {
                format!("{name} {}", d.date.year())
            } else {
                name.to_string()
            };
            year_shown = true;
            let _ = writeln!(
                s,
                r#"<line x1="{x}" y1="{BOTTOM}" x2="{x}" y2="{}" stroke="black"/><text class="month" x="{}" y="{}">{}</text>"#,
                n(BOTTOM + 22.0),
                n(x0 + 3.0),
                n(BOTTOM + 34.0),
                esc(&label),
                x = n(x0)
            );
        }
        if days.len() <= 62 && d.date.weekday() == jiff::civil::Weekday::Monday {
            let _ = writeln!(
                s,
                r#"<line x1="{x}" y1="{BOTTOM}" x2="{x}" y2="{}" stroke="black"/><text x="{x}" y="{}" text-anchor="middle" font-size="10">{}</text>"#,
                n(BOTTOM + 4.0),
                n(BOTTOM + 15.0),
                d.date.day(),
                x = n(cx(i))
            );
        }
    }
    s.push_str("</g>\n");

    // Marks.
    let mut row = 0;
    for m in marks {
        let Some(i) = days.iter().position(|d| d.date == m.date) else {
            continue;
        };
        let x = cx(i);
        let ty = TOP + 12.0 + f64::from(row % 3) * 14.0;
        row += 1;
        let (tx, anchor) = if x > RIGHT - 160.0 {
            (x - 4.0, "end")
        } else {
            (x + 4.0, "start")
        };
        let _ = writeln!(
            s,
            r#"<g class="mark {class}"><line x1="{x}" y1="{TOP}" x2="{x}" y2="{BOTTOM}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="{}" y="{}" text-anchor="{anchor}" fill="{colour}">{}</text></g>"#,
            n(tx),
            n(ty),
            esc(&m.label),
            class = class(m.kind),
            colour = colour(m.kind),
            x = n(x)
        );
    }

    // Legend: a swatch (bar, line or dashed line) and a label per series.
    s.push_str("<g class=\"legend\">\n");
    let mut entries: Vec<(&str, &str, &str)> = vec![
        ("bar", BAR_COLOUR, "Daily load (TRIMP)"),
        ("line", CTL_COLOUR, "CTL (fitness)"),
        ("line", ATL_COLOUR, "ATL (fatigue)"),
        ("line", TSB_COLOUR, "TSB (form)"),
    ];
    for kind in [MarkKind::Race, MarkKind::Massage] {
        if marks
            .iter()
            .any(|m| m.kind == kind && days.iter().any(|d| d.date == m.date))
        {
            entries.push(("dash", colour(kind), legend(kind)));
        }
    }
    let ly = 50.0;
    let mut lx = LEFT;
    for (swatch, colour, label) in entries {
        if swatch == "bar" {
            let _ = write!(
                s,
                r#"<rect x="{}" y="{}" width="16" height="10" fill="{colour}"/>"#,
                n(lx),
                n(ly - 5.0)
            );
        } else {
            let dash = if swatch == "dash" {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            };
            let _ = write!(
                s,
                r#"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/>"#,
                n(lx),
                n(lx + 16.0)
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">{}</text>"#,
            n(lx + 22.0),
            n(ly + 4.0),
            esc(label)
        );
        lx += 34.0 + 7.0 * label.len() as f64;
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// The y axis: (lowest tick, highest tick, step).
fn y_range(days: &[PmcDay]) -> (f64, f64, f64) {
    let values = days
        .iter()
        .flat_map(|d| [d.load, d.ctl, d.atl, d.tsb])
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi - lo < 1.0 {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / 5.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// The smallest of 1, 2, 5 × 10^k not below `raw`.
fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

fn tick_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        n0(v)
    } else {
        format!("{:.1}", v + 0.0)
    }
}

fn n0(v: f64) -> String {
    let s = format!("{v:.0}");
    if s == "-0" { "0".into() } else { s }
}

/// A coordinate with one decimal, never "-0.0".
fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

fn days_to_next_month(d: Date) -> i32 {
    i32::from(d.days_in_month()) - i32::from(d.day()) + 1
}

/// Escape text for XML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(13.0), 20.0);
        assert_eq!(nice_step(30.0), 50.0);
        assert_eq!(nice_step(60.0), 100.0);
        assert_eq!(nice_step(100.0), 100.0);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc(r#"<a & "b" 'c'>"#),
            "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;"
        );
    }

    #[test]
    fn y_range_covers_negative_form() {
        let d = jiff::civil::date(2025, 1, 1);
        let days = [PmcDay {
            date: d,
            load: 120.0,
            ctl: 30.0,
            atl: 60.0,
            tsb: -35.0,
        }];
        let (lo, hi, step) = y_range(&days);
        // Range 155 / 5 = 31, rounded up to a step of 50.
        assert_eq!((lo, hi, step), (-50.0, 150.0, 50.0));
    }
}
