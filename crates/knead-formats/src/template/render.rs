//! Titles as shown to the runner: `{a:b}` distances in the units asked for.

use std::fmt::Write as _;

use knead_core::model::DistanceUnit;

use crate::classify::parse_brace;

/// Collapses runs of whitespace (titles sometimes hold line breaks) to one space.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `{a}`, `{a:b}` and `{a-b:c-d}` in `to` units, as calendar-hack does:
/// "6 mi" or "9.7 km". When converting, the author's second value is kept if it
/// is within 5% of the conversion (plans round it), else the conversion is shown.
pub(super) fn render(text: &str, from: DistanceUnit, to: DistanceUnit) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        match parse_brace(&after[..close]) {
            Some(b) => {
                let (lo, hi) = if from == to {
                    b.plan
                } else {
                    let conv = |v: f64| v * from.km_per_unit() / to.km_per_unit();
                    let converted = (conv(b.plan.0), conv(b.plan.1));
                    match b.other {
                        Some(o) if close_to(o.1, converted.1) && close_to(o.0, converted.0) => o,
                        _ => converted,
                    }
                };
                if (lo - hi).abs() < 1e-9 {
                    let _ = write!(out, "{} {}", number(hi), to.as_str());
                } else {
                    let _ = write!(out, "{}-{} {}", number(lo), number(hi), to.as_str());
                }
            }
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn close_to(given: f64, exact: f64) -> bool {
    (given - exact).abs() <= 0.05 * exact.abs().max(0.1)
}

/// A whole number without decimals, else one decimal (calendar-hack's format).
fn number(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if (rounded - rounded.round()).abs() < 1e-9 {
        format!("{}", rounded.round())
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_braces_in_either_unit() {
        assert_eq!(
            render("{3:4.8} run", DistanceUnit::Mi, DistanceUnit::Mi),
            "3 mi run"
        );
        assert_eq!(
            render("{3:4.8} run", DistanceUnit::Mi, DistanceUnit::Km),
            "4.8 km run"
        );
        assert_eq!(
            render("{6:8.7}", DistanceUnit::Mi, DistanceUnit::Km),
            "9.7 km"
        );
        assert_eq!(
            render("{1.5} Warm Up", DistanceUnit::Mi, DistanceUnit::Km),
            "2.4 km Warm Up"
        );
        assert_eq!(
            render("{8-9:13-14}", DistanceUnit::Mi, DistanceUnit::Mi),
            "8-9 mi"
        );
        assert_eq!(
            render(
                "at {30 sec per:19 sec per}",
                DistanceUnit::Mi,
                DistanceUnit::Km
            ),
            "at {30 sec per:19 sec per}"
        );
        assert_eq!(
            render("broken {3", DistanceUnit::Mi, DistanceUnit::Km),
            "broken {3"
        );
    }
}
