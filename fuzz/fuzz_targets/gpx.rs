//! Fuzzes the GPX reader: any input must give activities or an error, never
//! a panic, and no message (error or warning) may print raw bytes of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// True when the message has no control character and no U+FFFD (which
/// stands for invalid UTF-8 in the input).
fn printable(msg: &str) -> bool {
    !msg.chars().any(|c| c.is_control() || c == '\u{fffd}')
}

fuzz_target!(|data: &[u8]| {
    match knead_formats::activity::read_bytes("fuzz.gpx", data) {
        Ok(read) => {
            for w in &read.warnings {
                assert!(printable(&w.to_string()), "{w:?}");
            }
        }
        Err(e) => assert!(printable(&e.to_string()), "{e:?}"),
    }
});
