//! What the GPX and TCX readers share: turning bytes into text for quick-xml,
//! and turning its errors into [`ActivityError`]s.

use std::borrow::Cow;

use quick_xml::Reader;

use super::ActivityError;

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
        detail: format!("{e} (near byte {})", reader.error_position()),
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
            detail: format!("{what} is {s:?}, not a number"),
        })
}

/// Parses a date-time from element text.
pub(crate) fn time(name: &str, what: &str, s: &str) -> Result<(i64, i32), ActivityError> {
    super::track::parse_time(s).ok_or_else(|| ActivityError::BadValue {
        name: name.to_owned(),
        detail: format!("{what} is {s:?}, not an ISO 8601 date-time"),
    })
}
