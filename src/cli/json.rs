//! JSON Lines output that is safe to print: besides what JSON must escape
//! (C0 controls, quotes, backslashes), DEL, the C1 controls and the
//! bidirectional controls are written as `\uXXXX`, so no string of an
//! article or a file name can drive a terminal the output is shown on. A
//! path that is not UTF-8 also comes as its exact bytes.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::textview::safe::{Shown, shown};

/// Writes `row` as one line of JSON.
pub fn write_line(out: &mut impl Write, row: &impl Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, SafeFormatter);
    row.serialize(&mut ser).map_err(io::Error::other)?;
    writeln!(out)
}

/// A path for JSON: `path` as text (invalid UTF-8 as U+FFFD) and, only when
/// that loses something, `path_bytes` with the name's exact bytes.
#[derive(Debug, Clone, Serialize)]
pub struct JsonPath {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
}

impl JsonPath {
    pub fn of(p: &Path) -> Self {
        let path = p.to_string_lossy().into_owned();
        let raw = p.as_os_str().as_encoded_bytes();
        let path_bytes = (path.as_bytes() != raw).then(|| raw.to_vec());
        JsonPath { path, path_bytes }
    }
}

struct SafeFormatter;

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            // What the terminal could act on: every control `shown` makes
            // visible (serde has escaped the C0 ones already).
            if matches!(shown(c), Shown::Char(..)) {
                continue;
            }
            CompactFormatter.write_string_fragment(writer, &fragment[start..i])?;
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                write!(writer, "\\u{u:04x}")?;
            }
            start = i + c.len_utf8();
        }
        CompactFormatter.write_string_fragment(writer, &fragment[start..])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        path: JsonPath,
        title: &'a str,
    }

    fn line(p: &Path, title: &str) -> String {
        let mut out = Vec::new();
        write_line(
            &mut out,
            &Row {
                path: JsonPath::of(p),
                title,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_are_escaped_and_the_json_reads_back() {
        let title = "a\u{1b}]0;x\u{7}b\u{7f}c\u{9b}d\u{202e}e é";
        let out = line(Path::new("x\u{1b}[2J.txt"), title);
        assert!(!out.trim_end().chars().any(|c| c.is_control()), "{out}");
        assert!(!out.contains('\u{202e}'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["title"], title);
        assert_eq!(back["path"], "x\u{1b}[2J.txt");
        assert!(back.get("path_bytes").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_comes_with_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        let back: serde_json::Value = serde_json::from_str(&line(p, "t")).unwrap();
        assert_eq!(back["path"], "caf\u{FFFD}.txt");
        let bytes: Vec<u8> = back["path_bytes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        assert_eq!(bytes, b"caf\xe9.txt");
    }
}
