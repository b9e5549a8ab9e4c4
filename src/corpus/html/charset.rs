//! Pages in legacy encodings (`windows-1252`, `iso-8859-1`, `shift_jis`...):
//! the charset a page declares, and its text decoded with a map back to the
//! bytes of the file, so offsets stay exact.
//!
//! A page that is valid UTF-8 is read as UTF-8 whatever it declares (a page
//! saved by a browser is re-encoded but keeps its old `<meta charset>`).

use encoding_rs::{Encoding, UTF_8};

use crate::corpus::OffsetMap;
use crate::corpus::article::MapBuilder;

/// How far into the page a charset declaration is looked for.
const PRESCAN: usize = 4096;

/// The legacy encoding `raw` declares, when it is not UTF-8 and `raw` is
/// not valid UTF-8.
pub fn legacy(raw: &[u8]) -> Option<&'static Encoding> {
    if raw.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(raw).is_ok() {
        return None;
    }
    let head: Vec<u8> = raw[..raw.len().min(PRESCAN)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&head[from..], b"charset=").map(|i| from + i) {
        from = i + 8;
        let label: Vec<u8> = head[from..]
            .iter()
            .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .copied()
            .collect();
        if let Some(enc) = Encoding::for_label(&label) {
            return (enc != UTF_8).then_some(enc);
        }
    }
    let xml = memchr::memmem::find(&head, b"encoding=").map(|i| i + 9)?;
    let label: Vec<u8> = head[xml..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\''))
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .copied()
        .collect();
    Encoding::for_label(&label).filter(|e| *e != UTF_8)
}

/// `raw` decoded from `enc`, with the map from the text to `raw`.
pub fn decode(raw: &[u8], enc: &'static Encoding) -> (String, OffsetMap) {
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(raw.len() + raw.len() / 2);
    let mut map = MapBuilder::default();
    let mut start = 0;
    // One byte at a time: each character's bytes are then known exactly.
    for i in 0..raw.len() {
        let before = out.len();
        out.reserve(dec.max_utf8_buffer_length(1).unwrap_or(16));
        let _ = dec.decode_to_string(&raw[i..=i], &mut out, i + 1 == raw.len());
        if out.len() > before {
            let (body, file) = (out.len() - before, i + 1 - start);
            if body == file && raw[start..=i].is_ascii() {
                map.verbatim(before, start, file);
            } else {
                map.unit(before, start..i + 1);
            }
            start = i + 1;
        }
    }
    let len = out.len();
    (out, map.finish(len, raw.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_1252_page_decodes_and_maps_back() {
        let raw = b"<meta charset=\"windows-1252\"><p>Caf\xe9 \x93quoted\x94 \xa35m</p>";
        let enc = legacy(raw).unwrap();
        let (text, map) = decode(raw, enc);
        assert!(text.contains("Caf\u{e9} \u{201c}quoted\u{201d} \u{a3}5m"));
        let at = text.find('\u{a3}').unwrap();
        assert_eq!(&raw[map.to_file(at)..map.to_file_end(at + 4)], b"\xa35m");
        let q = text.find("quoted").unwrap();
        assert_eq!(&raw[map.to_file(q)..map.to_file_end(q + 6)], b"quoted");
    }

    #[test]
    fn utf8_pages_and_declarations_are_left_alone() {
        assert!(legacy("<meta charset=iso-8859-1><p>caf\u{e9}</p>".as_bytes()).is_none());
        assert!(legacy(b"<meta charset=utf-8><p>caf\xe9</p>").is_none());
        assert!(legacy(b"<p>caf\xe9</p>").is_none());
        let sjis = legacy(
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\x93\xfa",
        );
        assert_eq!(sjis.map(|e| e.name()), Some("Shift_JIS"));
    }
}
