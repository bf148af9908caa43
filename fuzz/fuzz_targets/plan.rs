//! Fuzzes the plan-file reader: any UTF-8 text must give a plan or an error
//! pointing inside the text, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(e) = knead_formats::plan_file::parse("fuzz.toml", text) {
        assert!(e.line() >= 1 && e.column() >= 1);
        assert!(
            text.get(e.span()).is_some(),
            "span {:?} outside the text",
            e.span()
        );
    }
});
