//! Character references (`&amp;`, `&#163;`, `&#xE9;`, `&eacute;`) decoded
//! with a map back to the bytes they came from.
//!
//! HTML decodes them everywhere; plain text, Markdown and JSON exports of
//! web pages carry them too (a BBC article's `&#163;5m`). Text and JSON are
//! decoded strictly: only references closed by `;` are taken, so `S&P` or
//! `AT&T` stay as written. HTML follows the browser's rules: the old names
//! that may omit the `;` (`&copy 2019`, `&amp`) are taken too, except inside
//! an attribute value where the next character is `=` or alphanumeric (a
//! URL's `?a=1&copy=2`).
//!
//! The names are the 2,231 of the HTML standard, from the `entities` crate.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::OffsetMap;
use super::article::MapBuilder;

/// Which rules to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only references closed by `;` (plain text, Markdown, JSON).
    Strict,
    /// HTML text: the legacy names may omit the `;`.
    Html,
    /// An HTML attribute value: as `Html`, but a legacy name followed by
    /// `=` or a letter or digit is left as written.
    Attribute,
}

/// Longest name of the standard (`&CounterClockwiseContourIntegral;`).
const LONGEST_NAME: usize = 32;

fn names() -> &'static HashMap<&'static str, &'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .filter_map(|e| Some((e.entity.strip_prefix('&')?, e.characters)))
            .collect()
    })
}

/// `text` with its references decoded and the map from the decoded text to
/// `text`; `None` when there is nothing to decode.
pub fn decode(text: &str, mode: Mode) -> Option<(String, OffsetMap)> {
    memchr::memchr(b'&', text.as_bytes())?;
    let mut out = String::with_capacity(text.len());
    let mut map = MapBuilder::default();
    if decode_into(text, 0, mode, &mut out, &mut map) == 0 {
        return None;
    }
    let len = out.len();
    Some((out, map.finish(len, text.len())))
}

/// `text`, whose map to the file is `origin`, with its references decoded
/// (strictly) and the map that leads from the decoded text to the file.
pub fn decode_mapped(text: String, origin: OffsetMap) -> (String, OffsetMap) {
    match decode(&text, Mode::Strict) {
        Some((decoded, inner)) => (decoded, inner.then(&origin)),
        None => (text, origin),
    }
}

/// A title with its references decoded; its map (when the file holds the
/// title as shown) leads to the file still.
pub fn decode_title(title: String, origin: Option<OffsetMap>) -> (String, Option<OffsetMap>) {
    match decode(&title, Mode::Strict) {
        Some((decoded, inner)) => (decoded, origin.map(|o| inner.then(&o))),
        None => (title, origin),
    }
}

/// Appends `src`, which lies at offset `at` of the file, to `out` with its
/// references decoded, recording each piece in `map`. Returns the number
/// of references decoded.
pub fn decode_into(
    src: &str,
    at: usize,
    mode: Mode,
    out: &mut String,
    map: &mut MapBuilder,
) -> usize {
    let mut found = 0;
    let bytes = src.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(rel) = memchr::memchr(b'&', &bytes[i..]) {
        let amp = i + rel;
        i = amp + 1;
        let Some((decoded, len)) = reference(&src[amp..], mode) else {
            continue;
        };
        if amp > copied {
            map.verbatim(out.len(), at + copied, amp - copied);
            out.push_str(&src[copied..amp]);
        }
        map.unit(out.len(), at + amp..at + amp + len);
        decoded.push_to(out);
        found += 1;
        i = amp + len;
        copied = i;
    }
    if copied < src.len() {
        map.verbatim(out.len(), at + copied, src.len() - copied);
        out.push_str(&src[copied..]);
    }
    found
}

/// What a reference stands for.
enum Decoded {
    Char(char),
    Str(&'static str),
}

impl Decoded {
    fn push_to(&self, out: &mut String) {
        match self {
            Decoded::Char(c) => out.push(*c),
            Decoded::Str(s) => out.push_str(s),
        }
    }
}

/// The reference at the start of `s` (which starts with `&`): what it
/// stands for and its length in bytes.
fn reference(s: &str, mode: Mode) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        return numeric(b, mode);
    }
    let name_len = b[1..]
        .iter()
        .take(LONGEST_NAME + 1)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let table = names();
    if b.get(1 + name_len) == Some(&b';')
        && let Some(chars) = s.get(1..2 + name_len).and_then(|n| table.get(n))
    {
        return Some((Decoded::Str(chars), name_len + 2));
    }
    if mode == Mode::Strict {
        return None;
    }
    // The longest legacy name (without `;`) that starts the word.
    (2..=name_len.min(6)).rev().find_map(|n| {
        let chars = table.get(s.get(1..1 + n)?)?;
        let next = b.get(1 + n).copied();
        let blocked =
            mode == Mode::Attribute && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric());
        (!blocked).then_some((Decoded::Str(chars), n + 1))
    })
}

/// `&#123;` or `&#x7B;` at the start of `b`.
fn numeric(b: &[u8], mode: Mode) -> Option<(Decoded, usize)> {
    let hex = matches!(b.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let mut end = start + digits;
    if b.get(end) == Some(&b';') {
        end += 1;
    } else if mode == Mode::Strict {
        return None;
    }
    let text = std::str::from_utf8(&b[start..start + digits]).ok()?;
    let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    Some((Decoded::Char(code_point(value)), end))
}

/// The character a numeric reference names, with the HTML standard's
/// repairs: the C1 range read as Windows-1252 (what pages written on
/// Windows meant), nothing invalid let through.
fn code_point(v: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0x80..=0x9F => u32::from(C1[(v - 0x80) as usize]),
        0 => 0xFFFD,
        v => v,
    };
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(s: &str) -> String {
        decode(s, Mode::Strict).map_or_else(|| s.to_owned(), |d| d.0)
    }

    #[test]
    fn text_takes_only_closed_references() {
        assert_eq!(strict("&#163;5m &amp; more"), "£5m & more");
        assert_eq!(strict("caf&eacute; &#xE9;&#XE9;"), "café éé");
        assert_eq!(
            strict("S&P 500, AT&T, R&D; &amp &#163 &"),
            "S&P 500, AT&T, R&D; &amp &#163 &"
        );
        assert_eq!(strict("&nosuchname; &#;"), "&nosuchname; &#;");
        assert!(decode("no references here", Mode::Strict).is_none());
        assert!(decode("S&P", Mode::Strict).is_none());
    }

    #[test]
    fn html_takes_legacy_names_and_repairs_numbers() {
        let html = |s: &str, m| decode(s, m).map_or_else(|| s.to_owned(), |d| d.0);
        assert_eq!(html("&copy 2019 &amp co", Mode::Html), "© 2019 & co");
        assert_eq!(html("&notit;", Mode::Html), "¬it;");
        assert_eq!(html("?a=1&copy=2&amp;b", Mode::Attribute), "?a=1&copy=2&b");
        assert_eq!(
            html("&#150; &#0; &#x110000; &#xD800;", Mode::Html),
            "\u{2013} \u{FFFD} \u{FFFD} \u{FFFD}"
        );
        assert_eq!(html("&#99999999999999999999;", Mode::Html), "\u{FFFD}");
        assert_eq!(
            html("&NotNestedGreaterGreater;", Mode::Html),
            "\u{2AA2}\u{338}"
        );
    }

    #[test]
    fn every_piece_maps_back_to_its_bytes() {
        let src = "Price: &#163;5m &amp; caf&eacute; now";
        let (text, map) = decode(src, Mode::Strict).unwrap();
        assert_eq!(text, "Price: £5m & café now");
        let span = |word: &str| {
            let s = text.find(word).unwrap();
            &src[map.to_file(s)..map.to_file_end(s + word.len())]
        };
        assert_eq!(span("£"), "&#163;");
        assert_eq!(span("£5m"), "&#163;5m");
        assert_eq!(span("&"), "&amp;");
        assert_eq!(span("café"), "caf&eacute;");
        assert_eq!(span("now"), "now");
        assert_eq!(span("Price"), "Price");
    }

    use proptest::prelude::*;

    fn soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("&amp;"),
            Just("&#163;"),
            Just("&#x1F600;"),
            Just("&eacute;"),
            Just("&NotNestedGreaterGreater;"),
            Just("&"),
            Just("&#;"),
            Just("a"),
            Just("\u{e9}"),
            Just(" "),
            Just("\n"),
            Just("\""),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn each_character_maps_to_what_it_was_decoded_from(src in soup()) {
            let Some((text, map)) = decode(&src, Mode::Strict) else { return Ok(()) };
            for (i, c) in text.char_indices() {
                let file = &src[map.to_file(i)..map.to_file_end(i + c.len_utf8())];
                let again = decode(file, Mode::Strict).map_or_else(|| file.to_owned(), |d| d.0);
                // A reference that stands for several characters maps whole.
                prop_assert!(again.contains(c), "{c:?} maps to {file:?}");
            }
        }

        #[test]
        fn json_escapes_then_references_compose(src in soup()) {
            let line = format!("{{\"body\": {}}}", serde_json::to_string(&format!("x{src}")).unwrap_or_default());
            let Ok(rec) = super::super::json::parse_object(&line, 0) else { return Ok(()) };
            for (i, c) in rec.body.char_indices() {
                let file = &line[rec.origin.to_file(i)..rec.origin.to_file_end(i + c.len_utf8())];
                let unescaped: String = serde_json::from_str(&format!("\"{file}\"")).unwrap_or_default();
                let again = decode(&unescaped, Mode::Strict).map_or(unescaped, |d| d.0);
                prop_assert!(again.contains(c), "{c:?} maps to {file:?} in {line}");
            }
        }
    }
}
