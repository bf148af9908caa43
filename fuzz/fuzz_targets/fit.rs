//! Fuzzes the FIT reader: any input must give activities or an error, never a
//! panic; errors and warnings name the file and hold no raw binary.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let printable = |s: &str| !s.chars().any(char::is_control);
    match knead_formats::activity::read_bytes("fuzz.fit", data) {
        Ok(read) => {
            for w in &read.warnings {
                let w = w.to_string();
                assert!(w.starts_with("fuzz.fit: ") && printable(&w), "{w:?}");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("fuzz.fit: ") && printable(&msg), "{msg:?}");
        }
    }
});
