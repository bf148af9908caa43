//! The training-load chart: well-formed, complete, and stable.

use jiff::civil::{Date, date};
use knead_core::load::{PmcConfig, PmcDay, pmc};
use knead_report::svg::{Mark, MarkKind, load_chart};

/// Checks that `xml` is well-formed enough for a browser: every tag closes in
/// order, attributes are quoted, and text holds no bare `<` or stray `&`.
/// Returns the number of elements.
fn check_well_formed(xml: &str) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "'<' inside tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("close without open: {name}"));
            assert_eq!(top, name.trim(), "mismatched close tag");
        } else {
            elements += 1;
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .expect("empty tag")
                .to_string();
            check_attributes(&body[name.len()..]);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    elements
}

fn check_text(text: &str) {
    assert!(!text.contains('>'), "bare '>' in text: {text}");
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |j| i + j + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
            "bad entity in {text}"
        );
    }
}

fn check_attributes(attrs: &str) {
    let mut rest = attrs.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .unwrap_or_else(|| panic!("attribute without value: {rest}"));
        let name = rest[..eq].trim();
        assert!(
            !name.is_empty() && !name.contains(char::is_whitespace),
            "bad attribute name {name:?}"
        );
        let value = &rest[eq + 1..];
        assert!(value.starts_with('"'), "unquoted attribute {name}");
        let end = value[1..].find('"').expect("unterminated attribute") + 1;
        check_text(&value[1..end]);
        rest = value[end + 1..].trim_start();
    }
}

fn series(from: Date, loads: &[f64]) -> Vec<PmcDay> {
    let daily: Vec<(Date, f64)> = loads
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            (
                from.checked_add(jiff::Span::new().days(i as i64)).unwrap(),
                l,
            )
        })
        .collect();
    pmc(&daily, from, daily.last().unwrap().0, &PmcConfig::default())
}

#[test]
fn chart_is_well_formed_and_complete() {
    let loads: Vec<f64> = (0..90)
        .map(|i| {
            if i % 7 == 6 {
                0.0
            } else {
                40.0 + f64::from(i % 5) * 25.0
            }
        })
        .collect();
    let days = series(date(2025, 2, 20), &loads);
    let marks = [
        Mark {
            date: date(2025, 4, 13),
            label: "Paris <Marathon> & \"friends\"".into(),
            kind: MarkKind::Race,
        },
        Mark {
            date: date(2025, 4, 2),
            label: "deep tissue".into(),
            kind: MarkKind::Massage,
        },
        Mark {
            date: date(2025, 4, 16),
            label: "Swedish".into(),
            kind: MarkKind::Massage,
        },
        // Outside the chart: not drawn.
        Mark {
            date: date(2026, 1, 1),
            label: "later".into(),
            kind: MarkKind::Race,
        },
    ];
    let svg = load_chart(&days, &marks);
    assert!(check_well_formed(&svg) > 100);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(r#"width="1000" height="420""#));

    let with_load = days.iter().filter(|d| d.load > 0.0).count();
    assert_eq!(with_load, 90 - 12);
    assert_eq!(svg.matches(r#"<rect class="bar""#).count(), with_load);

    for label in [
        "Daily load (TRIMP)",
        "CTL (fitness)",
        "ATL (fatigue)",
        "TSB (form)",
        "Race",
        "Massage",
    ] {
        assert!(svg.contains(&format!(">{label}</text>")), "legend {label}");
    }
    for class in ["ctl", "atl", "tsb"] {
        assert_eq!(
            svg.matches(&format!(r#"<polyline class="{class}""#))
                .count(),
            1
        );
    }
    assert_eq!(svg.matches(r#"<g class="mark race">"#).count(), 1);
    assert_eq!(svg.matches(r#"<g class="mark massage">"#).count(), 2);
    assert!(svg.contains("Paris &lt;Marathon&gt; &amp; &quot;friends&quot;"));
    assert!(!svg.contains(">later<"));

    // Month labels: Feb 2025 (the first day, 9 days before March), then Mar, Apr, May.
    let months: Vec<&str> = svg
        .match_indices(r#"<text class="month""#)
        .map(|(i, _)| {
            let t = &svg[i..];
            &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()]
        })
        .collect();
    assert_eq!(months, ["Feb 2025", "Mar", "Apr", "May"]);
    assert!(svg.contains("<title>Training load, 2025-02-20 to 2025-05-20</title>"));
    assert!(svg.contains("Load (TRIMP); CTL, ATL, TSB"));
    assert!(svg.contains(r#"<line class="zero""#));
}

#[test]
fn empty_chart_is_still_a_document() {
    let svg = load_chart(&[], &[]);
    check_well_formed(&svg);
    assert!(svg.contains("No training data"));
    assert!(!svg.contains("<polyline"));
}

#[test]
fn small_chart_snapshot() {
    let days = series(
        date(2025, 3, 28),
        &[60.0, 0.0, 110.0, 45.0, 0.0, 320.0, 0.0, 30.0],
    );
    let marks = [
        Mark {
            date: date(2025, 4, 2),
            label: "10K".into(),
            kind: MarkKind::Race,
        },
        Mark {
            date: date(2025, 4, 4),
            label: "Swedish".into(),
            kind: MarkKind::Massage,
        },
    ];
    let svg = load_chart(&days, &marks);
    check_well_formed(&svg);
    insta::assert_snapshot!(svg);
}
