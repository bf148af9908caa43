//! Properties of the FIT reader: no input makes it panic, and bytes appended
//! to a valid recording change nothing but a warning.

use knead_formats::activity::read_bytes;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

const RUN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/fit/garmin-fenix-5-run.fit"
);

/// The FIT CRC, bit by bit (CRC-16/ARC).
fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// Replaces the last two bytes of a FIT file with the CRC of the rest.
fn fix_crc(file: &mut [u8]) {
    let n = file.len() - 2;
    let crc = crc16(&file[..n]);
    file[n..].copy_from_slice(&crc.to_le_bytes());
}

/// `data` as the data section of a FIT file with a right header and CRC, so
/// that the decoder reads it as messages.
fn wrapped(data: &[u8]) -> Vec<u8> {
    let mut f = vec![12u8, 0x20, 0, 0];
    f.extend_from_slice(&(data.len() as u32).to_le_bytes());
    f.extend_from_slice(b".FIT");
    f.extend_from_slice(data);
    f.extend_from_slice(&[0, 0]);
    fix_crc(&mut f);
    f
}

fn run() -> Vec<u8> {
    std::fs::read(RUN).expect("fixture")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..600)) {
        let _ = read_bytes("any.fit", &bytes);
        let _ = read_bytes("any.fit", &wrapped(&bytes));
    }

    #[test]
    fn a_real_file_with_changed_bytes_and_a_right_crc_never_panics(
        edits in vec((any::<Index>(), any::<u8>()), 1..8)
    ) {
        let mut file = run();
        let data = 14..file.len() - 2;
        for (at, value) in edits {
            file[data.start + at.index(data.len())] = value;
        }
        fix_crc(&mut file);
        let _ = read_bytes("edited.fit", &file);
    }

    #[test]
    fn trailing_bytes_change_nothing_but_a_warning(tail in vec(any::<u8>(), 1..64)) {
        let file = run();
        let want = read_bytes("run.fit", &file).expect("reads");
        let mut longer = file.clone();
        longer.extend_from_slice(&tail);
        let got = read_bytes("run.fit", &longer).expect("still reads");
        prop_assert_eq!(got.activities, want.activities);
        prop_assert_eq!(
            got.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![format!(
                "run.fit: {} byte(s) after the FIT file's CRC (from byte {}) ignored",
                tail.len(),
                file.len()
            )]
        );
    }
}
