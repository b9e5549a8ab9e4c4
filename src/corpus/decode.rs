//! Bytes to text, remembering where each decoded byte came from, so offsets
//! into the decoded text map back to the file.
//!
//! - UTF-8, with or without a byte-order mark (the mark is not text); invalid
//!   sequences become U+FFFD and are counted.
//! - UTF-16 (little or big endian) when the file starts with its byte-order
//!   mark; unpaired surrogates become U+FFFD.
//! - A lone carriage return (old Mac line ends) becomes a line feed: one
//!   byte for one byte, so offsets do not move. CR LF stays as it is.
//! - NUL bytes (in UTF-8) or NUL characters (in UTF-16) mean the file is not
//!   text.

use super::OffsetMap;

/// Decoded text and the map from its offsets to offsets in the raw bytes.
pub struct Decoded {
    pub text: String,
    /// `(text offset, raw offset)` checkpoints; linear between them.
    points: Vec<(u32, u32)>,
    /// Number of invalid sequences that became U+FFFD.
    pub replaced: usize,
    /// How the bytes were read.
    pub encoding: Encoding,
    raw_len: usize,
}

/// The encodings [`Decoded::new`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 after a byte-order mark.
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
        }
    }
}

/// Why bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes: a binary file.
    Binary,
    /// NUL bytes in every other position, as UTF-16 without a byte-order
    /// mark has them.
    Utf16WithoutBom,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotText::Binary => "binary file (contains NUL bytes), skipped",
            NotText::Utf16WithoutBom => {
                "looks like UTF-16 without a byte-order mark (NUL bytes in every other place), skipped: save it as UTF-8, or as UTF-16 with a BOM"
            }
        })
    }
}

impl Decoded {
    /// Decodes `raw` (see the module doc for what is read).
    pub fn new(mut raw: Vec<u8>) -> Result<Self, NotText> {
        let raw_len = raw.len();
        let mut d = match raw.as_slice() {
            [0xFF, 0xFE, ..] => Decoded::utf16(&raw, Encoding::Utf16Le, u16::from_le_bytes),
            [0xFE, 0xFF, ..] => Decoded::utf16(&raw, Encoding::Utf16Be, u16::from_be_bytes),
            _ => {
                if memchr::memchr(0, &raw).is_some() {
                    return Err(if looks_like_utf16(&raw) {
                        NotText::Utf16WithoutBom
                    } else {
                        NotText::Binary
                    });
                }
                if raw.starts_with(b"\xEF\xBB\xBF") {
                    raw.drain(..3);
                    Decoded::utf8(raw, 3, Encoding::Utf8Bom)
                } else {
                    Decoded::utf8(raw, 0, Encoding::Utf8)
                }
            }
        };
        d.raw_len = raw_len;
        if matches!(d.encoding, Encoding::Utf16Le | Encoding::Utf16Be) && d.text.contains('\0') {
            return Err(NotText::Binary);
        }
        d.text = lone_cr_to_lf(std::mem::take(&mut d.text));
        Ok(d)
    }

    /// `raw` as UTF-8 that starts `base` bytes into the file.
    fn utf8(raw: Vec<u8>, base: usize, encoding: Encoding) -> Self {
        let raw = match String::from_utf8(raw) {
            Ok(text) => {
                return Decoded {
                    text,
                    points: vec![(0, base as u32)],
                    replaced: 0,
                    encoding,
                    raw_len: 0,
                };
            }
            Err(e) => e.into_bytes(),
        };
        let mut text = String::with_capacity(raw.len() + 16);
        let mut points = vec![(0u32, base as u32)];
        let mut replaced = 0;
        let mut raw_pos = base;
        for chunk in raw.utf8_chunks() {
            text.push_str(chunk.valid());
            raw_pos += chunk.valid().len();
            let bad = chunk.invalid();
            if !bad.is_empty() {
                if points.last().map(|p| p.0 as usize) != Some(text.len()) {
                    points.push((text.len() as u32, raw_pos as u32));
                }
                text.push('\u{FFFD}');
                raw_pos += bad.len();
                replaced += 1;
                points.push((text.len() as u32, raw_pos as u32));
            }
        }
        Decoded {
            text,
            points,
            replaced,
            encoding,
            raw_len: 0,
        }
    }

    /// `raw` (byte-order mark first) as UTF-16 read by `unit`.
    fn utf16(raw: &[u8], encoding: Encoding, unit: fn([u8; 2]) -> u16) -> Self {
        let body = raw.get(2..).unwrap_or(&[]);
        let units = body.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let mut text = String::with_capacity(body.len() + body.len() / 2);
        // Checkpoints cut the text into stretches that move in step with the
        // bytes (a character of two bytes either way) and single characters
        // that do not (ASCII is one byte of text for two of file): about one
        // per character for Latin text. A stretch of unequal lengths is one
        // unit to the offset map, so every such character stands alone.
        let mut points = vec![(0u32, 2u32)];
        let mut in_unit = false;
        let mut replaced = 0;
        let mut raw_pos = 2usize;
        for c in char::decode_utf16(units) {
            let (c, raw_units) = match c {
                Ok(c) => (c, c.len_utf16()),
                Err(_) => {
                    replaced += 1;
                    ('\u{FFFD}', 1)
                }
            };
            let at = (text.len() as u32, raw_pos as u32);
            let unit = c.len_utf8() != 2 * raw_units;
            if (unit || in_unit) && points.last().is_none_or(|p| p.0 != at.0) {
                points.push(at);
            }
            in_unit = unit;
            text.push(c);
            raw_pos += 2 * raw_units;
        }
        if body.len() % 2 == 1 {
            // A dangling last byte.
            text.push('\u{FFFD}');
            replaced += 1;
        }
        Decoded {
            text,
            points,
            replaced,
            encoding,
            raw_len: 0,
        }
    }

    /// When every text offset is its raw offset plus the same amount, that
    /// amount (the length of a byte-order mark, or 0).
    pub fn shift(&self) -> Option<usize> {
        match self.points.as_slice() {
            [(0, r)] if self.replaced == 0 => Some(*r as usize),
            _ => None,
        }
    }

    /// `text[range]` as an owned string, reusing the text's buffer.
    pub fn into_slice(self, range: std::ops::Range<usize>) -> String {
        let mut text = self.text;
        text.truncate(range.end);
        text.drain(..range.start);
        text
    }

    /// Raw offset of the text offset `pos` as the end of a range: the end
    /// of the file for the end of the text.
    pub fn raw_end(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            self.raw_len
        } else {
            self.raw_offset(pos)
        }
    }

    /// Raw offset of the text offset `pos`.
    pub fn raw_offset(&self, pos: usize) -> usize {
        let p = pos as u32;
        let i = self.points.partition_point(|&(t, _)| t <= p);
        let (t, r) = self
            .points
            .get(i.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0));
        ((r + (p - t)) as usize).min(self.raw_len)
    }

    /// The offset map of `text[range]` into the raw bytes, shifted by `base`
    /// (where the raw bytes start in the file).
    pub fn map_range(&self, range: std::ops::Range<usize>, base: usize) -> OffsetMap {
        let (s, e) = (range.start as u32, range.end as u32);
        let mut points = vec![(0, (base + self.raw_offset(range.start)) as u32)];
        let first = self.points.partition_point(|&(t, _)| t <= s);
        for &(t, r) in &self.points[first..] {
            if t >= e {
                break;
            }
            points.push((t - s, base as u32 + r));
        }
        let end_raw = self.raw_end(range.end);
        OffsetMap::from_points(points, (e - s, (base + end_raw) as u32))
    }
}

/// NUL bytes in nearly all the odd places, or nearly all the even ones, and
/// hardly any in the others, as Latin text in UTF-16 has them.
fn looks_like_utf16(raw: &[u8]) -> bool {
    let sample = &raw[..raw.len().min(4096) & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = sample.len() / 2;
    pairs >= 4 && even.max(odd) * 10 >= pairs * 7 && even.min(odd) * 10 <= pairs
}

/// `text` with each CR that no LF follows made a LF (same length).
fn lone_cr_to_lf(text: String) -> String {
    let lone = |b: &[u8], i: usize| b.get(i + 1) != Some(&b'\n');
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'\r', bytes).any(|i| lone(bytes, i)) {
        return text;
    }
    let lone_ones: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| lone(bytes, i))
        .collect();
    let mut bytes = text.into_bytes();
    for i in lone_ones {
        bytes[i] = b'\n';
    }
    // An ASCII byte for another keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn decode(raw: &[u8]) -> Decoded {
        Decoded::new(raw.to_vec()).unwrap()
    }

    #[test]
    fn valid_text_maps_one_to_one() {
        let d = decode("héllo".as_bytes());
        assert_eq!(d.replaced, 0);
        assert_eq!(d.shift(), Some(0));
        let m = d.map_range(1..6, 10);
        assert_eq!(m.to_file(0), 11);
        assert_eq!(m.to_file_end(5), 16);
    }

    #[test]
    fn invalid_bytes_become_replacement_and_map_back() {
        let raw = b"caf\xe9 au lait";
        let d = decode(raw);
        assert_eq!(d.text, "caf\u{FFFD} au lait");
        assert_eq!(d.replaced, 1);
        assert_eq!(d.shift(), None);
        let whole = d.map_range(0..d.text.len(), 0);
        // "au" starts after the 3-byte replacement in text, after 1 byte in raw.
        let au = d.text.find("au").unwrap_or(0);
        assert_eq!(whole.to_file(au), 5);
        assert_eq!(&raw[whole.to_file(au)..whole.to_file_end(au + 2)], b"au");
        assert_eq!(whole.to_file_end(d.text.len()), raw.len());
        // The replacement character covers exactly the invalid byte.
        assert_eq!(whole.to_file(3)..whole.to_file_end(6), 3..4);
    }

    #[test]
    fn a_utf8_byte_order_mark_is_not_text_and_offsets_skip_it() {
        let raw = b"\xEF\xBB\xBF{\"a\": 1}";
        let d = decode(raw);
        assert_eq!(d.text, "{\"a\": 1}");
        assert_eq!(d.shift(), Some(3));
        let m = d.map_range(1..4, 0);
        assert_eq!(&raw[m.to_file(0)..m.to_file_end(3)], b"\"a\"");
    }

    /// `s` in UTF-16 with a byte-order mark.
    fn utf16(s: &str, little: bool) -> Vec<u8> {
        let mut out = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            out.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_and_maps_back() {
        let s = "Zoë visits 東京 😀 today.";
        for little in [true, false] {
            let raw = utf16(s, little);
            let d = decode(&raw);
            assert_eq!(d.text, s);
            assert_eq!(d.replaced, 0);
            let m = d.map_range(0..d.text.len(), 0);
            // Every word maps to its own bytes in the file.
            for word in ["Zoë", "東京", "😀", "today"] {
                let at = s.find(word).unwrap();
                let r = m.to_file(at)..m.to_file_end(at + word.len());
                let back: Vec<u8> = utf16(word, little)[2..].to_vec();
                assert_eq!(&raw[r], back.as_slice(), "{word} little={little}");
            }
            assert_eq!(m.to_file_end(d.text.len()), raw.len());
            // A range inside the text too.
            let at = s.find("visits").unwrap();
            let part = d.map_range(at..at + 6, 100);
            let units_before = s[..at].encode_utf16().count();
            assert_eq!(part.to_file(0), 100 + 2 + 2 * units_before);
            assert_eq!(part.to_file_end(6), 100 + 2 + 2 * (units_before + 6));
        }
    }

    #[test]
    fn broken_utf16_is_replaced_and_utf16_without_a_mark_is_named() {
        // An unpaired surrogate and a dangling byte.
        let mut raw = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        raw.push(b'c');
        let d = decode(&raw);
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(d.replaced, 2);
        let plain: Vec<u8> = "Hello, world. Some text."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(Decoded::new(plain).err(), Some(NotText::Utf16WithoutBom));
        assert_eq!(
            Decoded::new(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0".to_vec()).err(),
            Some(NotText::Binary)
        );
        assert_eq!(
            Decoded::new(b"abc\0def".to_vec()).err(),
            Some(NotText::Binary)
        );
        assert_eq!(
            Decoded::new(utf16("a\0b", true)).err(),
            Some(NotText::Binary)
        );
    }

    #[test]
    fn a_lone_cr_is_a_line_break_and_offsets_stay() {
        let d = decode(b"Title\rBody one.\r\rBody two.\r\nEnd\r");
        assert_eq!(d.text, "Title\nBody one.\n\nBody two.\r\nEnd\n");
        assert_eq!(d.shift(), Some(0));
    }
}
