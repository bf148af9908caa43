//! The FIT binary protocol, decoded only as far as knead needs: file headers
//! (12, 14 or any larger size), definition messages (little- or big-endian,
//! with developer fields skipped by their size), data messages (normal and
//! compressed-timestamp headers), invalid values per base type, the header
//! and file CRCs, and chained FIT files.
//!
//! Data messages are handed to a visitor as they are read; nothing is
//! allocated per message. Field values are read on demand by field number
//! ([`Message::number`], [`Message::bytes`]); the profile (names, scales,
//! units) is the caller's business.
//!
//! Lenient where a finished recording is at stake, each time with a warning:
//! * bytes after the last file's CRC that are not another FIT file;
//! * a data section that stops decoding after its `activity` message (which a
//!   device writes last to close a recording): crashing recorders leave junk
//!   there, and the recording before it is kept.
//!
//! Anything else that breaks the protocol is a [`DecodeError`] naming the byte
//! offset where it was found.

use super::crc::crc16;

/// Global message number of `activity`, the message that closes a recording.
const ACTIVITY: u16 = 34;
/// Field number of `timestamp` in every message.
const TIMESTAMP: u8 = 253;
/// The signature at bytes 8..12 of every FIT header.
const SIGNATURE: &[u8; 4] = b".FIT";

/// Why the bytes are not a FIT file. Every detail names a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// The bytes break the protocol.
    Invalid(String),
    /// A header or file checksum does not match.
    BadCrc(String),
    /// The bytes end before the file does.
    Truncated(String),
}

/// One field of a definition message.
#[derive(Debug, Clone, Copy)]
struct FieldDef {
    num: u8,
    /// Size in bytes.
    size: u8,
    /// Base type number (the low 5 bits of the base type byte).
    base: u8,
    /// Where the field starts in the message's data.
    offset: u16,
}

/// What a definition message says of the data messages of its local type.
#[derive(Debug, Default)]
struct Definition {
    global: u16,
    big_endian: bool,
    fields: Vec<FieldDef>,
    /// The data size of each message: fields and developer fields.
    size: usize,
    /// Offset of a 4-byte `timestamp` field, when there is one.
    timestamp_at: Option<usize>,
}

/// One data message, borrowed from the file.
pub(crate) struct Message<'a> {
    /// Its global message number (`session` is 18, `record` 20...).
    pub global: u16,
    /// Seconds since the FIT epoch: its `timestamp` field, or the time a
    /// compressed-timestamp header gives it.
    pub timestamp: Option<u32>,
    def: &'a Definition,
    data: &'a [u8],
}

impl Message<'_> {
    /// The base type number and bytes of a field.
    fn field(&self, num: u8) -> Option<(u8, &[u8])> {
        let f = self.def.fields.iter().find(|f| f.num == num)?;
        let start = usize::from(f.offset);
        let bytes = self.data.get(start..start + usize::from(f.size))?;
        Some((f.base, bytes))
    }

    /// A single numeric value (any integer or float base type); `None` when
    /// the field is absent, holds its base type's invalid value, is an array
    /// or text, or is not finite.
    pub(crate) fn number(&self, num: u8) -> Option<f64> {
        let (base, bytes) = self.field(num)?;
        number(base, bytes, self.def.big_endian)
    }

    /// The bytes of a `byte` array field; `None` when absent or invalid
    /// (every byte 0xFF).
    pub(crate) fn bytes(&self, num: u8) -> Option<&[u8]> {
        let (base, bytes) = self.field(num)?;
        (base == BYTE && bytes.iter().any(|b| *b != 0xFF)).then_some(bytes)
    }
}

/// Base type number of `byte`.
const BYTE: u8 = 13;

/// Reads an unsigned integer of 1 to 8 bytes.
fn uint(bytes: &[u8], big_endian: bool) -> u64 {
    let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
    if big_endian {
        bytes.iter().fold(0, fold)
    } else {
        bytes.iter().rev().fold(0, fold)
    }
}

/// Decodes a single value of a base type; `None` for the type's invalid
/// value, for arrays, text and unknown base types.
fn number(base: u8, bytes: &[u8], big_endian: bool) -> Option<f64> {
    // (size, invalid raw value, signed, float) per base type number.
    let (size, invalid, signed, float) = match base {
        0 | 2 | BYTE => (1, 0xFF, false, false), // enum, uint8, byte
        1 => (1, 0x7F, true, false),             // sint8
        3 => (2, 0x7FFF, true, false),           // sint16
        4 => (2, 0xFFFF, false, false),          // uint16
        5 => (4, 0x7FFF_FFFF, true, false),      // sint32
        6 => (4, 0xFFFF_FFFF, false, false),     // uint32
        8 => (4, 0xFFFF_FFFF, false, true),      // float32
        9 => (8, u64::MAX, false, true),         // float64
        10 => (1, 0, false, false),              // uint8z
        11 => (2, 0, false, false),              // uint16z
        12 => (4, 0, false, false),              // uint32z
        14 => (8, 0x7FFF_FFFF_FFFF_FFFF, true, false), // sint64
        15 => (8, u64::MAX, false, false),       // uint64
        16 => (8, 0, false, false),              // uint64z
        _ => return None,                        // string (7), unknown
    };
    if bytes.len() != size {
        return None;
    }
    let raw = uint(bytes, big_endian);
    if raw == invalid {
        return None;
    }
    let x = match (float, signed, size) {
        (true, _, 4) => f64::from(f32::from_bits(raw as u32)),
        (true, _, _) => f64::from_bits(raw),
        (false, true, _) => {
            // Sign-extend from `size` bytes.
            let shift = 64 - 8 * size as u32;
            (((raw << shift) as i64) >> shift) as f64
        }
        (false, false, _) => raw as f64,
    };
    x.is_finite().then_some(x)
}

/// Size in bytes of a base type number, `None` when unknown.
fn base_size(base: u8) -> Option<u8> {
    match base {
        0..=2 | 7 | 10 | 13 => Some(1),
        3 | 4 | 11 => Some(2),
        5 | 6 | 8 | 12 => Some(4),
        9 | 14..=16 => Some(8),
        _ => None,
    }
}

/// Decodes every FIT file in `bytes` (one, or several chained), handing each
/// data message to `visit` in file order. Returns the warnings (see the
/// module docs), or the first error.
pub(crate) fn decode(
    bytes: &[u8],
    mut visit: impl FnMut(&Message<'_>),
) -> Result<Vec<String>, DecodeError> {
    let mut warnings = Vec::new();
    let mut start = 0;
    loop {
        match File::decode(bytes, start, &mut visit)? {
            Ended::Crc(next) => start = next,
            Ended::Junk(warning) => {
                warnings.push(warning);
                return Ok(warnings);
            }
        }
        let rest = &bytes[start..];
        if rest.is_empty() {
            return Ok(warnings);
        }
        if rest.get(8..12) == Some(SIGNATURE) {
            continue; // a chained file
        }
        if damaged_header(rest) {
            return Err(DecodeError::Invalid(format!(
                "the FIT file chained at byte {start} has a corrupt header: expected the signature \".FIT\" at bytes {}..{}",
                start + 8,
                start + 12
            )));
        }
        warnings.push(format!(
            "{} byte(s) after the FIT file's CRC (from byte {start}) ignored",
            rest.len()
        ));
        return Ok(warnings);
    }
}

/// Whether bytes after a file's CRC look like another file's header with a
/// damaged signature: a header size of 12 or 14, protocol version 1 or 2, and
/// a data size that fits in the bytes there. Random trailing bytes (under
/// 1 KB) pass this less than once in 10^9.
fn damaged_header(rest: &[u8]) -> bool {
    let Some(h) = rest.get(..12) else {
        return false;
    };
    let data_size = u64::from(u32::from_le_bytes([h[4], h[5], h[6], h[7]]));
    matches!(h[0], 12 | 14)
        && matches!(h[1] >> 4, 1 | 2)
        && u64::from(h[0]) + data_size + 2 <= rest.len() as u64
}

/// How a file ended.
enum Ended {
    /// At its CRC; the next file, or trailing bytes, start at this offset.
    Crc(usize),
    /// In junk after a closed recording, with the warning to give.
    Junk(String),
}

/// One FIT file being decoded: its bounds and the decoder's state.
struct File<'a> {
    bytes: &'a [u8],
    start: usize,
    /// Where the data section ends (and the CRC starts), as the header says.
    data_end: usize,
    /// The definition of each local message type.
    defs: [Option<Definition>; 16],
    /// The last timestamp seen, for compressed-timestamp headers.
    last_time: u32,
}

impl<'a> File<'a> {
    /// Decodes the file starting at `start`.
    fn decode(
        bytes: &'a [u8],
        start: usize,
        visit: &mut impl FnMut(&Message<'_>),
    ) -> Result<Ended, DecodeError> {
        let (data_start, data_end) = header(bytes, start)?;
        let mut file = File {
            bytes,
            start,
            data_end,
            defs: Default::default(),
            last_time: 0,
        };
        let mut pos = data_start;
        let mut closed = false;
        while pos < data_end {
            match file.message(pos, visit) {
                Ok((next, global)) => {
                    closed |= global == Some(ACTIVITY);
                    pos = next;
                }
                Err(DecodeError::Invalid(detail)) if closed => {
                    return Ok(Ended::Junk(format!(
                        "decoding stopped after the recording's activity message: {detail}; \
                         the {} byte(s) from byte {pos} on are ignored",
                        bytes.len().saturating_sub(pos)
                    )));
                }
                Err(e) => return Err(e),
            }
        }
        let Some(stored) = data_end
            .checked_add(2)
            .and_then(|end| bytes.get(data_end..end))
        else {
            return Err(file.truncated(format!("the file ends before its CRC at byte {data_end}")));
        };
        let stored = u16::from_le_bytes([stored[0], stored[1]]);
        let computed = crc16(&bytes[start..data_end]);
        if stored != computed {
            return Err(DecodeError::BadCrc(format!(
                "file CRC at byte {data_end}: expected 0x{computed:04X} (computed over bytes {start}..{data_end}), found 0x{stored:04X}"
            )));
        }
        Ok(Ended::Crc(data_end + 2))
    }

    /// A truncation error, saying how long the header says the file is.
    fn truncated(&self, detail: String) -> DecodeError {
        DecodeError::Truncated(format!(
            "{detail} (the header at byte {} announces a file up to byte {}, the bytes end at {})",
            self.start,
            self.data_end.saturating_add(2),
            self.bytes.len()
        ))
    }

    /// `n` bytes at `pos` of what `what` describes, inside the data section.
    fn take(&self, pos: usize, n: usize, what: &str) -> Result<&'a [u8], DecodeError> {
        let end = pos.saturating_add(n);
        if end > self.data_end {
            return Err(DecodeError::Invalid(format!(
                "{what} at byte {pos} needs {n} byte(s), past the end of the data section at byte {}",
                self.data_end
            )));
        }
        self.bytes
            .get(pos..end)
            .ok_or_else(|| self.truncated(format!("{what} at byte {pos} is cut off")))
    }

    /// Decodes the message at `pos`: returns where the next one starts and,
    /// for a data message, its global number.
    fn message(
        &mut self,
        pos: usize,
        visit: &mut impl FnMut(&Message<'_>),
    ) -> Result<(usize, Option<u16>), DecodeError> {
        let header = self.take(pos, 1, "a record header")?[0];
        if header & 0x80 != 0 {
            // Compressed timestamp: local type in bits 5-6, seconds in bits 0-4
            // (the low 5 bits of the time, rolling over from the last one).
            let offset = u32::from(header & 0x1F);
            let base = self.last_time & !0x1F;
            let time = if offset >= self.last_time & 0x1F {
                base.wrapping_add(offset)
            } else {
                base.wrapping_add(offset).wrapping_add(0x20)
            };
            self.last_time = time;
            self.data(pos, (header >> 5) & 0x3, Some(time), visit)
        } else if header & 0x40 != 0 {
            self.definition(pos, header).map(|next| (next, None))
        } else {
            self.data(pos, header & 0xF, None, visit)
        }
    }

    /// Reads a definition message; returns where the next message starts.
    fn definition(&mut self, pos: usize, header: u8) -> Result<usize, DecodeError> {
        let what = "a definition message";
        let fixed = self.take(pos + 1, 5, what)?;
        let big_endian = match fixed[1] {
            0 => false,
            1 => true,
            other => {
                return Err(DecodeError::Invalid(format!(
                    "architecture of the definition message at byte {pos}: expected 0 (little-endian) or 1 (big-endian), found {other}"
                )));
            }
        };
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let count = usize::from(fixed[4]);
        let mut next = pos + 6;
        let raw_fields = self.take(next, 3 * count, what)?;
        next += 3 * count;
        let local = usize::from(header & 0xF);
        let mut def = self.defs[local].take().unwrap_or_default();
        def.fields.clear();
        def.global = global;
        def.big_endian = big_endian;
        def.timestamp_at = None;
        let mut size = 0usize;
        for f in raw_fields.chunks_exact(3) {
            let (num, field_size, base) = (f[0], f[1], f[2] & 0x1F);
            if num == TIMESTAMP && field_size == 4 && base_size(base) == Some(4) {
                def.timestamp_at = Some(size);
            }
            def.fields.push(FieldDef {
                num,
                size: field_size,
                base,
                // At most 255 fields of 255 bytes: fits in u16.
                offset: size as u16,
            });
            size += usize::from(field_size);
        }
        if header & 0x20 != 0 {
            // Developer fields: (field number, size, developer data index) each,
            // skipped by their size.
            let count = usize::from(self.take(next, 1, what)?[0]);
            let dev = self.take(next + 1, 3 * count, what)?;
            next += 1 + 3 * count;
            size += dev
                .chunks_exact(3)
                .map(|d| usize::from(d[1]))
                .sum::<usize>();
        }
        def.size = size;
        self.defs[local] = Some(def);
        Ok(next)
    }

    /// Reads a data message of local type `local`, hands it to `visit`, and
    /// returns where the next message starts and its global number.
    fn data(
        &mut self,
        pos: usize,
        local: u8,
        compressed_time: Option<u32>,
        visit: &mut impl FnMut(&Message<'_>),
    ) -> Result<(usize, Option<u16>), DecodeError> {
        let Some(def) = &self.defs[usize::from(local)] else {
            return Err(DecodeError::Invalid(format!(
                "the data message at byte {pos} is of local message type {local}, which no definition message defined"
            )));
        };
        let (bytes, data_end) = (self.bytes, self.data_end);
        let end = pos + 1 + def.size;
        if end > data_end {
            return Err(DecodeError::Invalid(format!(
                "the data message at byte {pos} needs {} byte(s), past the end of the data section at byte {data_end}",
                def.size + 1
            )));
        }
        let Some(data) = bytes.get(pos + 1..end) else {
            return Err(self.truncated(format!("the data message at byte {pos} is cut off")));
        };
        let own_time = def.timestamp_at.and_then(|at| {
            let t = uint(&data[at..at + 4], def.big_endian) as u32;
            (t != u32::MAX).then_some(t)
        });
        let global = def.global;
        visit(&Message {
            global,
            timestamp: own_time.or(compressed_time),
            def,
            data,
        });
        if let Some(t) = own_time {
            self.last_time = t;
        }
        Ok((end, Some(global)))
    }
}

/// Reads the header of the file at `start`; returns where its data section
/// starts and ends.
fn header(bytes: &[u8], start: usize) -> Result<(usize, usize), DecodeError> {
    let rest = &bytes[start..];
    let Some(h) = rest.get(..12) else {
        return Err(DecodeError::Invalid(format!(
            "expected a FIT header of at least 12 bytes at byte {start}, found {} byte(s)",
            rest.len()
        )));
    };
    if &h[8..12] != SIGNATURE {
        return Err(DecodeError::Invalid(format!(
            "expected the signature \".FIT\" at bytes {}..{}",
            start + 8,
            start + 12
        )));
    }
    let size = usize::from(h[0]);
    if size < 12 {
        return Err(DecodeError::Invalid(format!(
            "header size at byte {start}: expected at least 12 (12 or 14 in practice), found {size}"
        )));
    }
    let data_start = start + size;
    if rest.len() < size {
        return Err(DecodeError::Truncated(format!(
            "the header at byte {start} says it is {size} bytes long; the bytes end at {}",
            bytes.len()
        )));
    }
    if size >= 14 {
        let stored = u16::from_le_bytes([rest[12], rest[13]]);
        let computed = crc16(h);
        // 0 means the writer did not compute it.
        if stored != 0 && stored != computed {
            return Err(DecodeError::BadCrc(format!(
                "header CRC at byte {}: expected 0x{computed:04X} (computed over bytes {start}..{}), found 0x{stored:04X}",
                start + 12,
                start + 12
            )));
        }
    }
    let data_size = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
    Ok((data_start, data_start.saturating_add(data_size)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIT file around `data`: a header of `header_size` bytes (its CRC at
    /// bytes 12..14 when there is room), then the file CRC.
    fn file(header_size: u8, data: &[u8]) -> Vec<u8> {
        let mut f = vec![header_size, 0x20, 0x54, 0x08];
        f.extend_from_slice(&(data.len() as u32).to_le_bytes());
        f.extend_from_slice(SIGNATURE);
        f.resize(usize::from(header_size), 0);
        if header_size >= 14 {
            let crc = crc16(&f[..12]);
            f[12..14].copy_from_slice(&crc.to_le_bytes());
        }
        f.extend_from_slice(data);
        let crc = crc16(&f);
        f.extend_from_slice(&crc.to_le_bytes());
        f
    }

    /// A definition message: (field number, size, base type byte) per field
    /// and per developer field.
    fn definition(
        local: u8,
        global: u16,
        big_endian: bool,
        fields: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) -> Vec<u8> {
        let dev_flag = if dev.is_empty() { 0 } else { 0x20 };
        let mut m = vec![0x40 | dev_flag | local, 0, u8::from(big_endian)];
        if big_endian {
            m.extend_from_slice(&global.to_be_bytes());
        } else {
            m.extend_from_slice(&global.to_le_bytes());
        }
        m.push(fields.len() as u8);
        for &(num, size, base) in fields {
            m.extend_from_slice(&[num, size, base]);
        }
        if !dev.is_empty() {
            m.push(dev.len() as u8);
            for &(num, size, index) in dev {
                m.extend_from_slice(&[num, size, index]);
            }
        }
        m
    }

    /// What a decoded message shows: global number, time, and the numbers of
    /// the fields asked for.
    type Seen = (u16, Option<u32>, Vec<Option<f64>>);

    fn decode_all(bytes: &[u8], fields: &[u8]) -> Result<(Vec<Seen>, Vec<String>), DecodeError> {
        let mut seen = Vec::new();
        let warnings = decode(bytes, |m| {
            seen.push((
                m.global,
                m.timestamp,
                fields.iter().map(|f| m.number(*f)).collect(),
            ));
        })?;
        Ok((seen, warnings))
    }

    const UINT8: u8 = 0x02;
    const UINT16: u8 = 0x84;
    const UINT32: u8 = 0x86;

    /// A record definition (local 0: timestamp, heart rate) and one record.
    fn one_record() -> Vec<u8> {
        let mut d = definition(0, 20, false, &[(253, 4, UINT32), (3, 1, UINT8)], &[]);
        d.push(0);
        d.extend_from_slice(&1000u32.to_le_bytes());
        d.push(150);
        d
    }

    #[test]
    fn compressed_timestamps_count_on_from_the_last_time() {
        let mut d = one_record();
        // Local 1: heart rate only, sent with compressed-timestamp headers.
        d.extend(definition(1, 20, false, &[(3, 1, UINT8)], &[]));
        // 1000 s has 8 in its low 5 bits: offset 10 is 1002; offset 3 (below
        // 10) rolls over to 992 + 32 + 3.
        d.extend_from_slice(&[0x80 | 0x20 | 10, 151, 0x80 | 0x20 | 3, 152]);
        let (seen, warnings) = decode_all(&file(14, &d), &[3]).expect("decodes");
        assert!(warnings.is_empty());
        let times: Vec<_> = seen.iter().map(|s| (s.1, s.2[0])).collect();
        assert_eq!(
            times,
            [
                (Some(1000), Some(150.0)),
                (Some(1002), Some(151.0)),
                (Some(1027), Some(152.0))
            ]
        );
    }

    #[test]
    fn big_endian_definitions_read_big_endian_values() {
        let mut d = definition(
            3,
            18,
            true,
            &[(253, 4, UINT32), (9, 4, UINT32), (22, 2, UINT16), (5, 1, 0)],
            &[],
        );
        d.push(3);
        d.extend_from_slice(&0x1234_5678u32.to_be_bytes());
        d.extend_from_slice(&1_000_000u32.to_be_bytes());
        d.extend_from_slice(&300u16.to_be_bytes());
        d.push(1);
        let (seen, _) = decode_all(&file(14, &d), &[9, 22, 5]).expect("decodes");
        assert_eq!(
            seen,
            [(
                18,
                Some(0x1234_5678),
                vec![Some(1_000_000.0), Some(300.0), Some(1.0)]
            )]
        );
    }

    #[test]
    fn developer_fields_are_skipped_by_their_size() {
        let mut d = definition(0, 20, false, &[(3, 1, UINT8)], &[(0, 4, 0), (1, 2, 0)]);
        d.extend_from_slice(&[0, 140, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]);
        d.extend_from_slice(&[0, 141, 1, 2, 3, 4, 5, 6]);
        let (seen, _) = decode_all(&file(14, &d), &[3]).expect("decodes");
        let hr: Vec<_> = seen.iter().map(|s| s.2[0]).collect();
        assert_eq!(hr, [Some(140.0), Some(141.0)]);
    }

    #[test]
    fn invalid_values_are_absent_per_base_type() {
        // (base type, invalid bytes, a valid value's bytes, that value)
        let cases: &[(u8, &[u8], &[u8], f64)] = &[
            (0x00, &[0xFF], &[7], 7.0),                           // enum
            (0x01, &[0x7F], &[0xFE], -2.0),                       // sint8
            (0x02, &[0xFF], &[0], 0.0),                           // uint8
            (0x83, &[0xFF, 0x7F], &[0xFE, 0xFF], -2.0),           // sint16
            (0x84, &[0xFF, 0xFF], &[0x34, 0x12], 4660.0),         // uint16
            (0x85, &[0xFF, 0xFF, 0xFF, 0x7F], &[0; 4], 0.0),      // sint32
            (0x86, &[0xFF; 4], &[1, 0, 0, 0], 1.0),               // uint32
            (0x88, &[0xFF; 4], &1.5f32.to_le_bytes(), 1.5),       // float32
            (0x89, &[0xFF; 8], &(-0.25f64).to_le_bytes(), -0.25), // float64
            (0x0A, &[0], &[5], 5.0),                              // uint8z
            (0x8B, &[0, 0], &[0xFF, 0xFF], 65535.0),              // uint16z
            (0x8C, &[0; 4], &[2, 0, 0, 0], 2.0),                  // uint32z
            (
                0x8E,
                &[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
                &(-3i64).to_le_bytes(),
                -3.0,
            ), // sint64
            (0x8F, &[0xFF; 8], &[9, 0, 0, 0, 0, 0, 0, 0], 9.0),   // uint64
            (0x90, &[0; 8], &[1, 0, 0, 0, 0, 0, 0, 0], 1.0),      // uint64z
        ];
        for &(base, invalid, valid, value) in cases {
            let size = invalid.len() as u8;
            let mut d = definition(0, 20, false, &[(7, size, base)], &[]);
            for bytes in [invalid, valid] {
                d.push(0);
                d.extend_from_slice(bytes);
            }
            let (seen, _) = decode_all(&file(14, &d), &[7]).expect("decodes");
            let got: Vec<_> = seen.iter().map(|s| s.2[0]).collect();
            assert_eq!(got, [None, Some(value)], "base type 0x{base:02X}");
        }
        // NaN, a string, an array and a size that does not fit the base type.
        let mut d = definition(
            0,
            20,
            false,
            &[(1, 4, 0x88), (2, 3, 0x07), (3, 2, UINT8), (4, 3, UINT16)],
            &[],
        );
        d.push(0);
        d.extend_from_slice(&f32::NAN.to_le_bytes());
        d.extend_from_slice(b"ab\0");
        d.extend_from_slice(&[1, 2, 3, 4, 5]);
        let (seen, _) = decode_all(&file(14, &d), &[1, 2, 3, 4]).expect("decodes");
        assert_eq!(seen[0].2, [None, None, None, None]);
    }

    #[test]
    fn byte_arrays_are_read_whole_and_all_0xff_is_invalid() {
        let mut d = definition(0, 20, false, &[(8, 3, 0x0D)], &[]);
        d.extend_from_slice(&[0, 1, 2, 3, 0, 0xFF, 0xFF, 0xFF]);
        let mut got = Vec::new();
        decode(&file(14, &d), |m| got.push(m.bytes(8).map(<[u8]>::to_vec))).expect("decodes");
        assert_eq!(got, [Some(vec![1, 2, 3]), None]);
    }

    #[test]
    fn headers_of_12_14_and_odd_sizes_read_the_same() {
        let d = one_record();
        let want = decode_all(&file(14, &d), &[3]).expect("14");
        assert_eq!(want.0.len(), 1);
        for size in [12, 13, 16, 40] {
            assert_eq!(
                decode_all(&file(size, &d), &[3]),
                Ok(want.clone()),
                "{size}"
            );
        }
        // A header CRC of 0 was not computed: accepted.
        let mut f = file(14, &d);
        f[12..14].copy_from_slice(&[0, 0]);
        let n = f.len() - 2;
        let crc = crc16(&f[..n]);
        f[n..].copy_from_slice(&crc.to_le_bytes());
        assert_eq!(decode_all(&f, &[3]), Ok(want));
    }

    #[test]
    fn crc_mismatches_name_the_checksum_and_where_it_is() {
        let d = one_record();
        let mut f = file(14, &d);
        f[12] ^= 1;
        let Err(DecodeError::BadCrc(detail)) = decode_all(&f, &[]) else {
            panic!("header CRC")
        };
        assert!(
            detail.starts_with("header CRC at byte 12: expected 0x"),
            "{detail}"
        );

        let mut f = file(14, &d);
        let last = f.len() - 1;
        f[last] ^= 1;
        let Err(DecodeError::BadCrc(detail)) = decode_all(&f, &[]) else {
            panic!("file CRC")
        };
        assert_eq!(
            detail,
            format!(
                "file CRC at byte {}: expected 0x{:04X} (computed over bytes 0..{}), found 0x{:04X}",
                last - 1,
                crc16(&f[..last - 1]),
                last - 1,
                u16::from_le_bytes([f[last - 1], f[last]])
            )
        );
    }

    #[test]
    fn trailing_bytes_are_a_warning() {
        let f = file(14, &one_record());
        let want = decode_all(&f, &[3]).expect("plain").0;
        let mut longer = f.clone();
        longer.extend_from_slice(&[0, 0xFF, 7, 7, 7, 7, 7]);
        let (seen, warnings) = decode_all(&longer, &[3]).expect("tolerated");
        assert_eq!(seen, want);
        assert_eq!(
            warnings,
            [format!(
                "7 byte(s) after the FIT file's CRC (from byte {}) ignored",
                f.len()
            )]
        );
    }

    #[test]
    fn a_damaged_chained_header_is_an_error_not_trailing_bytes() {
        let f = file(12, &one_record());
        let mut chained = f.clone();
        let mut second = file(12, &one_record());
        second[9] = b'G';
        chained.extend_from_slice(&second);
        let err = decode_all(&chained, &[]).expect_err("corrupt header");
        assert_eq!(
            err,
            DecodeError::Invalid(format!(
                "the FIT file chained at byte {0} has a corrupt header: expected the signature \".FIT\" at bytes {1}..{2}",
                f.len(),
                f.len() + 8,
                f.len() + 12
            ))
        );
    }

    #[test]
    fn chained_files_are_read_in_turn_each_with_its_own_definitions() {
        let f = file(14, &one_record());
        let mut chained = f.clone();
        chained.extend_from_slice(&f);
        let (seen, warnings) = decode_all(&chained, &[3]).expect("two files");
        assert_eq!(seen.len(), 2);
        assert!(warnings.is_empty());
        // The second file may not use the first one's definitions.
        let mut chained = f.clone();
        chained.extend(file(14, &[0, 0xE8, 3, 0, 0, 150]));
        let err = decode_all(&chained, &[3]).expect_err("undefined");
        assert_eq!(
            err,
            DecodeError::Invalid(format!(
                "the data message at byte {} is of local message type 0, which no definition message defined",
                f.len() + 14
            ))
        );
    }

    #[test]
    fn junk_after_the_activity_message_is_a_warning_and_before_it_an_error() {
        let mut d = one_record();
        let activity = definition(1, ACTIVITY, false, &[(253, 4, UINT32)], &[]);
        let closed = [&activity[..], &[1], &2000u32.to_le_bytes()].concat();
        // Local type 5 was never defined.
        let junk = [5u8, 1, 2, 3];
        let mut with_junk = d.clone();
        with_junk.extend_from_slice(&closed);
        let at = 14 + with_junk.len();
        with_junk.extend_from_slice(&junk);
        let f = file(14, &with_junk);
        let (seen, warnings) = decode_all(&f, &[]).expect("kept");
        assert_eq!(seen.len(), 2);
        assert_eq!(
            warnings,
            [format!(
                "decoding stopped after the recording's activity message: the data message at byte {at} is of local message type 5, which no definition message defined; the {} byte(s) from byte {at} on are ignored",
                f.len() - at
            )]
        );
        d.extend_from_slice(&junk);
        assert!(matches!(
            decode_all(&file(14, &d), &[]),
            Err(DecodeError::Invalid(_))
        ));
    }

    #[test]
    fn short_and_broken_headers_are_clean_errors() {
        // The 52-byte file with header size 0xFF that made fitparser panic.
        let mut f = file(14, &one_record());
        f.resize(52, 0);
        f[0] = 0xFF;
        assert_eq!(
            decode_all(&f, &[]),
            Err(DecodeError::Truncated(
                "the header at byte 0 says it is 255 bytes long; the bytes end at 52".to_owned()
            ))
        );
        f[0] = 11;
        assert_eq!(
            decode_all(&f, &[]),
            Err(DecodeError::Invalid(
                "header size at byte 0: expected at least 12 (12 or 14 in practice), found 11"
                    .to_owned()
            ))
        );
        let f = file(14, &one_record());
        let cut = &f[..f.len() - 3];
        let Err(DecodeError::Truncated(detail)) = decode_all(cut, &[]) else {
            panic!("cut")
        };
        assert!(
            detail.contains("is cut off")
                && detail.contains(&format!("the bytes end at {}", cut.len())),
            "{detail}"
        );
        // The header says more data than there is, and a message runs past
        // the end of the data section.
        let mut f = file(12, &one_record());
        f[4] -= 2;
        let Err(DecodeError::Invalid(detail)) = decode_all(&f, &[]) else {
            panic!("overrun")
        };
        assert!(
            detail.contains("past the end of the data section at byte"),
            "{detail}"
        );
    }

    #[test]
    fn a_bad_architecture_byte_is_an_error_at_its_message() {
        let mut d = definition(0, 20, false, &[(3, 1, UINT8)], &[]);
        d[2] = 7;
        assert_eq!(
            decode_all(&file(14, &d), &[]),
            Err(DecodeError::Invalid(
                "architecture of the definition message at byte 14: expected 0 (little-endian) or 1 (big-endian), found 7"
                    .to_owned()
            ))
        );
    }
}
