//! What the GPX and TCX readers share: turning bytes into text for quick-xml,
//! and turning its errors into [`ActivityError`]s.

use std::borrow::Cow;

use quick_xml::Reader;

use super::ActivityError;
use crate::quote::{detail, quote};

/// The document as text: UTF-8 (a byte order mark and leading whitespace, which
/// Strava's TCX files have, are dropped; invalid bytes become U+FFFD, which
/// cannot hide a number or a time).
pub(crate) fn text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[start..])
}

/// A reader over `text` that trims whitespace-only text and checks end tags.
pub(crate) fn reader(text: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(text);
    let config = r.config_mut();
    config.trim_text(true);
    config.check_end_names = true;
    r
}

/// The error for a quick-xml failure at the reader's position.
pub(crate) fn not_xml(
    name: &str,
    reader: &Reader<&[u8]>,
    e: impl std::fmt::Display,
) -> ActivityError {
    ActivityError::NotXml {
        name: name.to_owned(),
        detail: format!(
            "{} (near byte {})",
            detail(&e.to_string()),
            reader.error_position()
        ),
    }
}

/// The error for an attribute quick-xml cannot read.
pub(crate) fn not_xml_attribute(name: &str, e: impl std::fmt::Display) -> ActivityError {
    ActivityError::NotXml {
        name: name.to_owned(),
        detail: detail(&e.to_string()),
    }
}

/// The error for a document that ends with elements still open.
pub(crate) fn truncated(name: &str, open: &str) -> ActivityError {
    ActivityError::Truncated {
        name: name.to_owned(),
        detail: format!("the XML ends inside <{open}>"),
    }
}

/// Parses a decimal number from element text.
pub(crate) fn number(name: &str, what: &str, s: &str) -> Result<f64, ActivityError> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ActivityError::BadValue {
            name: name.to_owned(),
            detail: format!("{what} is {}, not a number", quote(s)),
        })
}

/// Parses a date-time from element text.
pub(crate) fn time(name: &str, what: &str, s: &str) -> Result<(i64, Option<i32>), ActivityError> {
    super::track::parse_time(s).ok_or_else(|| ActivityError::BadValue {
        name: name.to_owned(),
        detail: format!("{what} is {}, not an ISO 8601 date-time", quote(s)),
    })
}

/// The error for a document whose root element is not `want`.
pub(crate) fn wrong_root(
    name: &str,
    format: &'static str,
    found: &str,
    want: &str,
) -> ActivityError {
    ActivityError::WrongDocument {
        name: name.to_owned(),
        format,
        detail: format!("the root element is <{}>, not <{want}>", detail(found)),
    }
}

/// The warning for what follows the end of the root element `root` at byte
/// `pos` of `text`; `None` when that is only whitespace.
pub(crate) fn trailing(text: &str, pos: u64, root: &str) -> Option<String> {
    let rest = usize::try_from(pos).ok().and_then(|p| text.get(p..))?;
    let rest = rest.trim_end_matches(|c: char| c.is_ascii_whitespace());
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    (!rest.is_empty()).then(|| {
        format!(
            "{} byte(s) after </{root}> ignored (starting {})",
            rest.len(),
            quote(rest)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_content_is_measured_and_quoted() {
        let text = "<gpx></gpx>\n\u{0}\u{0}junk\n";
        assert_eq!(
            trailing(text, 11, "gpx").as_deref(),
            Some("6 byte(s) after </gpx> ignored (starting \"\\u{0}\\u{0}junk\")")
        );
        assert_eq!(trailing("<gpx></gpx>\n \r\n", 11, "gpx"), None);
        assert_eq!(trailing("<gpx></gpx>", 99, "gpx"), None);
    }
}
