//! JSON Lines and JSON array inputs: objects with fields such as title,
//! body/text/content, date/published, source/url and author. Unknown fields
//! are ignored. The body string is decoded with a map back to the file, so
//! spans in it still point at the right bytes of the JSON on disk.

use serde_json::{Map, Value};

use super::OffsetMap;
use super::charref;

const TITLE_KEYS: &[&str] = &["title", "headline", "name"];
const BODY_KEYS: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "full_text",
    "description",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "pubDate",
    "datetime",
    "time",
];
const SOURCE_KEYS: &[&str] = &["source", "url", "link", "site", "publisher"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline"];

/// One article read from a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonRecord {
    pub title: Option<String>,
    /// Offsets of `title` in the file, when it is a JSON string read as is.
    pub title_origin: Option<OffsetMap>,
    pub body: String,
    /// Offsets of `body` in the file.
    pub origin: OffsetMap,
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
}

/// Why an object did not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Not valid JSON, with serde's message (line and column inside the input).
    Syntax(String),
    /// Valid JSON but not an object.
    NotObject,
    /// An object without a non-empty body field.
    NoBody,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Syntax(m) => write!(f, "invalid JSON: {m}"),
            RecordError::NotObject => f.write_str("not a JSON object"),
            RecordError::NoBody => write!(f, "no text field (one of {})", BODY_KEYS.join(", ")),
        }
    }
}

/// Parses one JSON object; `base` is where `src` starts in the file.
pub fn parse_object(src: &str, base: usize) -> Result<JsonRecord, RecordError> {
    let value: Value = serde_json::from_str(src).map_err(|e| RecordError::Syntax(e.to_string()))?;
    let start = src.len() - src.trim_start().len();
    record(src, start, value, base)
}

/// Parses a JSON array of objects (or one object) at offset 0 of the file.
/// Returns each element's result, in order.
pub fn parse_array(src: &str) -> Result<Vec<Result<JsonRecord, RecordError>>, RecordError> {
    let value: Value = serde_json::from_str(src).map_err(|e| RecordError::Syntax(e.to_string()))?;
    let start = src.len() - src.trim_start().len();
    match value {
        Value::Array(items) => {
            let spans = scan::array_items(src, start);
            Ok(items
                .into_iter()
                .enumerate()
                .map(|(i, v)| record(src, spans.get(i).copied().unwrap_or(start), v, 0))
                .collect())
        }
        other => Ok(vec![record(src, start, other, 0)]),
    }
}

/// Builds a record from the parsed `value`, whose text starts at `at` in `src`.
fn record(src: &str, at: usize, value: Value, base: usize) -> Result<JsonRecord, RecordError> {
    let Value::Object(fields) = value else {
        return Err(RecordError::NotObject);
    };
    let spans = scan::object_fields(src, at);
    let body_key = BODY_KEYS
        .iter()
        .find(|k| {
            fields
                .get(**k)
                .and_then(Value::as_str)
                .is_some_and(|b| !b.trim().is_empty())
        })
        .ok_or(RecordError::NoBody)?;
    let (body, origin) = spans
        .iter()
        .rev() // with a repeated key, serde keeps the last
        .find(|(k, _)| k == body_key)
        .and_then(|(_, span)| decode_string(&src[span.clone()], base + span.start))
        .ok_or(RecordError::NoBody)?;
    let (body, origin) = charref::decode_mapped(body, origin);
    let title = raw_text_of(&fields, TITLE_KEYS);
    let title_origin = TITLE_KEYS
        .iter()
        .find(|k| fields.contains_key(**k))
        .and_then(|key| spans.iter().rev().find(|(k, _)| k == key))
        .and_then(|(_, span)| decode_string(&src[span.clone()], base + span.start))
        .filter(|(text, _)| Some(text) == title.as_ref())
        .map(|(_, origin)| origin);
    let (title, title_origin) = match title {
        Some(t) => {
            let (t, o) = charref::decode_title(t, title_origin);
            (Some(t), o)
        }
        None => (None, None),
    };
    Ok(JsonRecord {
        title,
        title_origin,
        body,
        origin,
        date: text_of(&fields, DATE_KEYS),
        source: text_of(&fields, SOURCE_KEYS),
        author: text_of(&fields, AUTHOR_KEYS),
    })
}

/// The first of `keys` that is there, as text, references decoded.
fn text_of(fields: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    raw_text_of(fields, keys).map(|s| charref::decode_title(s, None).0)
}

fn raw_text_of(fields: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| fields.get(*k))
        .and_then(scalar_text)
        .filter(|s| !s.is_empty())
}

/// A string, number, or array of strings (joined with ", ") as text.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// Finding where values lie in JSON text that serde has already validated.
mod scan {
    use std::ops::Range;

    fn skip_ws(b: &[u8], mut i: usize) -> usize {
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        i
    }

    /// End of the value starting at `i`.
    fn value_end(b: &[u8], i: usize) -> usize {
        match b.get(i) {
            Some(b'"') => string_end(b, i),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                let mut j = i;
                while let Some(&c) = b.get(j) {
                    match c {
                        b'"' => {
                            j = string_end(b, j);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                return j + 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                j
            }
            _ => {
                let mut j = i;
                while b
                    .get(j)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    j += 1;
                }
                j
            }
        }
    }

    /// End of the string literal starting at `i` (after its closing quote).
    fn string_end(b: &[u8], i: usize) -> usize {
        let mut j = i + 1;
        while let Some(&c) = b.get(j) {
            match c {
                b'\\' => j += 2,
                b'"' => return j + 1,
                _ => j += 1,
            }
        }
        j
    }

    /// `(key, value span)` of each field of the object starting at `at`.
    pub fn object_fields(src: &str, at: usize) -> Vec<(String, Range<usize>)> {
        let b = src.as_bytes();
        let mut out = Vec::new();
        let mut i = skip_ws(b, at);
        if b.get(i) != Some(&b'{') {
            return out;
        }
        i += 1;
        loop {
            i = skip_ws(b, i);
            if b.get(i) != Some(&b'"') {
                return out;
            }
            let key_end = string_end(b, i);
            let key: String = src
                .get(i..key_end)
                .and_then(|k| serde_json::from_str(k).ok())
                .unwrap_or_default();
            i = skip_ws(b, key_end);
            if b.get(i) != Some(&b':') {
                return out;
            }
            let v = skip_ws(b, i + 1);
            let end = value_end(b, v);
            out.push((key, v..end));
            i = skip_ws(b, end);
            if b.get(i) != Some(&b',') {
                return out;
            }
            i += 1;
        }
    }

    /// Start of each element of the array starting at `at`.
    pub fn array_items(src: &str, at: usize) -> Vec<usize> {
        let b = src.as_bytes();
        let mut out = Vec::new();
        let mut i = skip_ws(b, at);
        if b.get(i) != Some(&b'[') {
            return out;
        }
        i += 1;
        loop {
            i = skip_ws(b, i);
            if i >= b.len() || b[i] == b']' {
                return out;
            }
            out.push(i);
            i = skip_ws(b, value_end(b, i));
            if b.get(i) != Some(&b',') {
                return out;
            }
            i += 1;
        }
    }
}

/// Decodes the JSON string literal `lit` (quotes included) found at file
/// offset `at`, with a map from decoded offsets to file offsets.
pub(super) fn decode_string(lit: &str, at: usize) -> Option<(String, OffsetMap)> {
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    let start = at + 1;
    let mut out = String::with_capacity(inner.len());
    let mut points = vec![(0u32, start as u32)];
    let bytes = inner.as_bytes();
    let mut i = 0;
    let mut copied_from = 0;
    while let Some(rel) = memchr::memchr(b'\\', &bytes[i..]) {
        let esc = i + rel;
        out.push_str(&inner[copied_from..esc]);
        let (ch, len) = unescape(&inner[esc..])?;
        if points.last().map(|p| p.0 as usize) != Some(out.len()) {
            points.push((out.len() as u32, (start + esc) as u32));
        }
        out.push(ch);
        i = esc + len;
        copied_from = i;
        points.push((out.len() as u32, (start + i) as u32));
    }
    out.push_str(&inner[copied_from..]);
    let end = (out.len() as u32, (start + inner.len()) as u32);
    Some((out, OffsetMap::from_points(points, end)))
}

/// The character an escape at the start of `s` stands for, and its length.
fn unescape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let simple = match b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
            if (0xD800..0xDC00).contains(&hi) && s.get(6..8) == Some("\\u") {
                let lo = u32::from_str_radix(s.get(8..12)?, 16).ok()?;
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                return Some((char::from_u32(c).unwrap_or('\u{FFFD}'), 12));
            }
            return Some((char::from_u32(hi).unwrap_or('\u{FFFD}'), 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_offsets() {
        let line = r#"{"id": 7, "title": "Hello", "text": "Caf\u00e9 \"quoted\"\nnext", "published": "2020-05-01", "authors": ["A", "B"], "extra": {"x": 1}}"#;
        let r = parse_object(line, 100).unwrap();
        assert_eq!(r.title.as_deref(), Some("Hello"));
        assert_eq!(r.body, "Café \"quoted\"\nnext");
        assert_eq!(r.date.as_deref(), Some("2020-05-01"));
        assert_eq!(r.author.as_deref(), Some("A, B"));
        // "quoted" in the body maps to the same word in the line.
        let q = r.body.find("quoted").unwrap();
        let (s, e) = (r.origin.to_file(q) - 100, r.origin.to_file_end(q + 6) - 100);
        assert_eq!(&line[s..e], "quoted");
        // "Café" maps onto its escaped form.
        let (s, e) = (r.origin.to_file(0) - 100, r.origin.to_file_end(5) - 100);
        assert_eq!(&line[s..e], "Caf\\u00e9");
        let n = r.body.find("next").unwrap();
        assert_eq!(
            &line[r.origin.to_file(n) - 100..r.origin.to_file_end(n + 4) - 100],
            "next"
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(
            parse_object("{\"title\": ", 0),
            Err(RecordError::Syntax(_))
        ));
        assert_eq!(parse_object("[1,2]", 0), Err(RecordError::NotObject));
        assert_eq!(
            parse_object("{\"title\": \"x\"}", 0),
            Err(RecordError::NoBody)
        );
        assert_eq!(
            parse_object("{\"body\": \"  \"}", 0),
            Err(RecordError::NoBody)
        );
    }

    #[test]
    fn arrays() {
        let src = r#"[{"body": "one"}, 3, {"content": "two", "headline": "T"}]"#;
        let items = parse_array(src).unwrap();
        assert_eq!(items.len(), 3);
        let one = items[0].as_ref().unwrap();
        assert_eq!(
            &src[one.origin.to_file(0)..one.origin.to_file_end(3)],
            "one"
        );
        assert_eq!(items[1], Err(RecordError::NotObject));
        assert_eq!(items[2].as_ref().unwrap().title.as_deref(), Some("T"));
    }

    #[test]
    fn character_references_decode_after_escapes_and_map_back() {
        let line = r#"{"title": "Tom &amp; Jerry", "body": "Costs \u00a3 vs &#163;5m \"&amp;\" caf&eacute;"}"#;
        let r = parse_object(line, 0).unwrap();
        assert_eq!(r.title.as_deref(), Some("Tom & Jerry"));
        assert_eq!(r.body, "Costs \u{a3} vs \u{a3}5m \"&\" café");
        let span = |from: usize, len: usize| {
            &line[r.origin.to_file(from)..r.origin.to_file_end(from + len)]
        };
        let pound = r.body.rfind('£').unwrap();
        assert_eq!(span(pound, 4), "&#163;5m");
        assert_eq!(span(r.body.find('£').unwrap(), 2), "\\u00a3");
        assert_eq!(span(r.body.find("\"&").unwrap(), 3), "\\\"&amp;\\\"");
        assert_eq!(span(r.body.find("café").unwrap(), 5), "caf&eacute;");
        let t = r.title_origin.as_ref().unwrap();
        assert_eq!(&line[t.to_file(4)..t.to_file_end(5)], "&amp;");
    }

    #[test]
    fn surrogate_pairs_decode() {
        let r = parse_object(r#"{"body": "x \ud83d\ude00 y"}"#, 0).unwrap();
        assert_eq!(r.body, "x \u{1F600} y");
    }
}
