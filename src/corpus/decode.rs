//! Bytes to text: lossy UTF-8 decoding that remembers where each decoded byte
//! came from, so offsets into the decoded text map back to the file.

use super::OffsetMap;

/// Decoded text and the map from its offsets to offsets in the raw bytes.
pub struct Decoded {
    pub text: String,
    /// `(text offset, raw offset)` checkpoints; linear between them.
    points: Vec<(u32, u32)>,
    /// Number of invalid byte sequences that became U+FFFD.
    pub replaced: usize,
    raw_len: usize,
}

impl Decoded {
    /// Decodes `raw`, replacing each invalid sequence with U+FFFD.
    pub fn new(raw: Vec<u8>) -> Self {
        let raw = match String::from_utf8(raw) {
            Ok(text) => {
                let raw_len = text.len();
                return Decoded {
                    text,
                    points: vec![(0, 0)],
                    replaced: 0,
                    raw_len,
                };
            }
            Err(e) => e.into_bytes(),
        };
        let mut text = String::with_capacity(raw.len() + 16);
        let mut points = vec![(0u32, 0u32)];
        let mut replaced = 0;
        let mut raw_pos = 0usize;
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
            raw_len: raw.len(),
        }
    }

    /// `text[range]` as an owned string, reusing the text's buffer.
    pub fn into_slice(self, range: std::ops::Range<usize>) -> String {
        let mut text = self.text;
        text.truncate(range.end);
        text.drain(..range.start);
        text
    }

    /// Raw offset of the text offset `pos`.
    fn raw_offset(&self, pos: usize) -> usize {
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
        for &(t, r) in &self.points {
            if t > s && t < e {
                points.push((t - s, base as u32 + r));
            }
        }
        let end_raw = if range.end >= self.text.len() {
            self.raw_len
        } else {
            self.raw_offset(range.end)
        };
        OffsetMap::from_points(points, (e - s, (base + end_raw) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_maps_one_to_one() {
        let d = Decoded::new("héllo".as_bytes().to_vec());
        assert_eq!(d.replaced, 0);
        let m = d.map_range(1..6, 10);
        assert_eq!(m.to_file(0), 11);
        assert_eq!(m.to_file_end(5), 16);
    }

    #[test]
    fn invalid_bytes_become_replacement_and_map_back() {
        let raw = b"caf\xe9 au lait";
        let d = Decoded::new(raw.to_vec());
        assert_eq!(d.text, "caf\u{FFFD} au lait");
        assert_eq!(d.replaced, 1);
        let whole = d.map_range(0..d.text.len(), 0);
        // "au" starts after the 3-byte replacement in text, after 1 byte in raw.
        let au = d.text.find("au").unwrap_or(0);
        assert_eq!(whole.to_file(au), 5);
        assert_eq!(&raw[whole.to_file(au)..whole.to_file_end(au + 2)], b"au");
        assert_eq!(whole.to_file_end(d.text.len()), raw.len());
        // The replacement character covers exactly the invalid byte.
        assert_eq!(whole.to_file(3)..whole.to_file_end(6), 3..4);
    }
}
