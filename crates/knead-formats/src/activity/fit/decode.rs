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
/// a data size that fits in the bytes there. Random trailing junk passes this
/// about once in 10^11.
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
                        bytes.len() - pos
                    )));
                }
                Err(e) => return Err(e),
            }
        }
        let Some(stored) = bytes.get(data_end..data_end + 2) else {
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
