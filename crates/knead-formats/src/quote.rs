//! Quoting a file's content in a message without printing raw binary: what
//! is quoted is cut short and every character that is not printable is
//! escaped, so a binary file misnamed `.gpx` gives a readable error.

/// Longest quote, in characters, before it is cut with `…`.
const MAX_QUOTE_CHARS: usize = 40;
/// Longest message detail (from a parser, possibly quoting content), in characters.
const MAX_DETAIL_CHARS: usize = 200;

/// `s` in double quotes, cut to [`MAX_QUOTE_CHARS`] characters, with
/// non-printable characters escaped (see [`printable`]).
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", printable(s, MAX_QUOTE_CHARS))
}

/// A parser's message about the file, cut to [`MAX_DETAIL_CHARS`] characters,
/// with non-printable characters escaped.
pub(crate) fn detail(s: &str) -> String {
    printable(s, MAX_DETAIL_CHARS)
}

/// `s` cut to `max` characters (then `…`), with every character other than
/// ASCII graphic characters, the space and letters and digits of any script
/// escaped as Rust writes them (`\n`, `\u{0}`, `\u{fffd}` for the replacement
/// character that stands for invalid UTF-8).
pub(crate) fn printable(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max * 2));
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_ascii_graphic() || c == ' ' || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_cuts() {
        assert_eq!(quote("12.5"), "\"12.5\"");
        assert_eq!(quote("a\u{0}b\n\u{fffd}"), "\"a\\u{0}b\\n\\u{fffd}\"");
        assert_eq!(quote("Zürich 東京"), "\"Zürich 東京\"");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(40)));
        assert_eq!(detail(&long).chars().count(), 100);
        assert_eq!(printable("\u{7f}\u{202e}", 10), "\\u{7f}\\u{202e}");
    }
}
