//! Fuzzes the TCX reader: any input must give activities or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = knead_formats::activity::read_bytes("fuzz.tcx", data);
});
