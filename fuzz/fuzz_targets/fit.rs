//! Fuzzes the FIT reader: any input must give activities or an error, never a panic.
//! (libFuzzer's panic hook aborts even on a panic that `read_bytes` catches and
//! reports as an error, so a crash here may be a decoder bug that knead contains.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = knead_formats::activity::read_bytes("fuzz.fit", data);
});
