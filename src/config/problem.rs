//! What is wrong with a configuration file, and where: a message, the byte
//! span it is about and what was expected, shown as `FILE:LINE:COLUMN` with
//! the offending line underlined (the way rustc and miette show errors).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::textview::safe::{escaped, path as safe_path};

/// Which file a problem is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The defaults built into dateline.
    Embedded,
    /// A file on disk.
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => f.write_str("<built-in defaults>"),
            Origin::File(p) => f.write_str(&safe_path(p)),
        }
    }
}

/// Where in a file: 1-based line and column (in characters), and the line's
/// text for showing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The line holding the start of the span, without its line break.
    pub text: String,
    /// Columns (1-based, in characters) the span covers on that line.
    pub width: usize,
}

impl Location {
    /// The location of byte span `span` of `source`.
    pub fn of(source: &str, span: &Range<usize>) -> Location {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let width = source[start..end.min(line_end)].chars().count().max(1);
        Location {
            line,
            column,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_owned(),
            width,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong with a configuration file. The entry it is about falls
/// back to its default; everything else in the file still applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    /// Where, when the problem is about a place in the file (not, say, a
    /// file that cannot be read).
    pub location: Option<Location>,
    /// What is wrong: "unknown action `donw`".
    pub message: String,
    /// What would be right: "an action name such as `down` (did you mean `down`?)".
    pub expected: Option<String>,
}

impl Problem {
    /// A problem at byte span `span` of `source`.
    pub fn at(
        origin: &Origin,
        source: &str,
        span: &Range<usize>,
        message: impl Into<String>,
        expected: Option<String>,
    ) -> Problem {
        Problem {
            origin: origin.clone(),
            location: Some(Location::of(source, span)),
            message: message.into(),
            expected,
        }
    }

    /// A problem with the file as a whole.
    pub fn file(origin: &Origin, message: impl Into<String>) -> Problem {
        Problem {
            origin: origin.clone(),
            location: None,
            message: message.into(),
            expected: None,
        }
    }

    /// The file this is about, if it is a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Embedded => None,
        }
    }

    /// The long form: the one-line summary, then the line of the file with
    /// the span underlined and what was expected under it.
    ///
    /// ```text
    /// config.toml:3:1: unknown action `donw` in [keys.list]
    ///   |
    /// 3 | donw = ["j"]
    ///   | ^^^^ expected an action, such as `down` (did you mean `down`?)
    /// ```
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        let Some(loc) = &self.location else {
            return out;
        };
        let number = loc.line.to_string();
        let pad = " ".repeat(number.len());
        // The line as the terminal will show it: controls made visible.
        let shown = escaped(&loc.text);
        let before: String = loc.text.chars().take(loc.column - 1).collect();
        let marked: String = loc
            .text
            .chars()
            .skip(loc.column - 1)
            .take(loc.width)
            .collect();
        let indent = unicode_width::UnicodeWidthStr::width(escaped(&before).as_str());
        let carets = unicode_width::UnicodeWidthStr::width(escaped(&marked).as_str()).max(1);
        out.push_str(&format!("\n{pad} |\n{number} | {shown}\n{pad} | "));
        out.push_str(&" ".repeat(indent));
        out.push_str(&"^".repeat(carets));
        if let Some(e) = &self.expected {
            out.push_str(&format!(" expected {}", escaped(e)));
        }
        out
    }
}

impl fmt::Display for Problem {
    /// `FILE:LINE:COLUMN: MESSAGE (expected …)`, on one line, controls
    /// made visible.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", escaped(&self.message))?;
        if let (Some(e), None) = (&self.expected, &self.location) {
            write!(f, " (expected {})", escaped(e))?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word` (by edit distance, at most a third
/// of its length), for "did you mean".
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance in characters, a swap of two neighbours counting as one
/// edit (optimal string alignment), so `donw` is one edit from `down`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let src = "a = 1\n# é comment\nbé = 2\n";
        let at = src.find("= 2").unwrap();
        let loc = Location::of(src, &(at..at + 3));
        assert_eq!((loc.line, loc.column, loc.width), (3, 4, 3));
        assert_eq!(loc.text, "bé = 2");
        // A span past the end is clamped, not a panic.
        let end = Location::of(src, &(500..900));
        assert_eq!(end.line, 4);
        // A span inside a character starts at that character.
        let mid = Location::of("é", &(1..2));
        assert_eq!((mid.line, mid.column), (1, 1));
    }

    #[test]
    fn render_underlines_the_span() {
        let src = "[keys.list]\ndonw = [\"j\"]\n";
        let p = Problem::at(
            &Origin::File("c.toml".into()),
            src,
            &(12..16),
            "unknown action `donw`",
            Some("an action (did you mean `down`?)".into()),
        );
        assert_eq!(
            p.render(),
            "c.toml:2:1: unknown action `donw`\n  |\n2 | donw = [\"j\"]\n  | ^^^^ expected an action (did you mean `down`?)"
        );
        assert_eq!(p.to_string(), "c.toml:2:1: unknown action `donw`");
    }

    #[test]
    fn render_shows_controls_and_keeps_carets_under_them() {
        let src = "x = \"\u{1b}[31m\"";
        let p = Problem::at(&Origin::Embedded, src, &(4..src.len()), "bad", None);
        let text = p.render();
        assert!(!text.contains('\u{1b}'), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].find('"').unwrap();
        let caret = lines[3].find('^').unwrap();
        assert_eq!(shown, caret);
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let names = ["down", "up", "page_down"];
        assert_eq!(closest("donw", names), Some("down"));
        assert_eq!(closest("pagedown", names), Some("page_down"));
        assert_eq!(closest("quit", names), None);
        assert_eq!(closest("lsit", ["list", "reader"]), Some("list"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
