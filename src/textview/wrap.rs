//! Breaking an article body into display lines.
//!
//! A body is split into paragraphs at blank lines. Within a paragraph, lines
//! that look hard-wrapped (no line in the body is long) are joined; otherwise
//! each line is its own paragraph. Paragraphs are wrapped with textwrap's
//! first-fit algorithm over our own fragments, which carry byte ranges, so a
//! display line is simply a byte range of the body and highlights (entities,
//! search hits) map onto it directly. Paragraphs are kept apart by one blank
//! line, shown as an empty range.

use std::ops::Range;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;

use super::safe::{is_space, shown};

/// A line longer than this (in bytes) means the text is not hard-wrapped.
const HARD_WRAP_MAX: usize = 100;

/// One word (or piece of a long word) with its byte range and width.
#[derive(Debug, Clone)]
struct Word {
    range: Range<usize>,
    width: usize,
}

impl Fragment for Word {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        1.0
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Display lines of `body` at `width` columns, as byte ranges of `body`. An
/// empty range is a blank line between paragraphs.
pub fn wrap(body: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let hard_wrapped = body.split('\n').all(|l| l.len() <= HARD_WRAP_MAX);
    let mut lines = Vec::new();
    for para in paragraphs(body, hard_wrapped) {
        if !lines.is_empty() {
            lines.push(para.start..para.start);
        }
        wrap_paragraph(body, para, width, &mut lines);
    }
    lines
}

/// Byte ranges of the paragraphs of `body`.
fn paragraphs(body: &str, join_lines: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end();
        let blank = content.trim_start().is_empty();
        let starts_block = starts_block(content.trim_start());
        if blank || !join_lines || starts_block {
            out.extend(current.take());
        }
        if !blank {
            let end = start + content.len();
            current = Some(current.map_or(start..end, |c| c.start..end));
        }
    }
    out.extend(current);
    out
}

/// A line that begins a block of its own: a list item or a heading.
fn starts_block(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with(['-', '*', '#', '\u{2022}', '>'])
        || (digits > 0 && line[digits..].starts_with(['.', ')']))
}

fn wrap_paragraph(body: &str, para: Range<usize>, width: usize, lines: &mut Vec<Range<usize>>) {
    let words = words(body, para.clone(), width);
    if words.is_empty() {
        return;
    }
    let widths = [width as f64];
    for line in wrap_first_fit(&words, &widths) {
        if let (Some(first), Some(last)) = (line.first(), line.last()) {
            lines.push(first.range.start..last.range.end);
        }
    }
}

/// The words of `body[para]`; a word wider than `width` is cut into pieces.
fn words(body: &str, para: Range<usize>, width: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let mut w = 0;
    let base = para.start;
    for (i, c) in body[para.clone()].char_indices() {
        let at = base + i;
        if is_space(c) {
            if let Some(s) = start.take() {
                out.push(Word {
                    range: s..at,
                    width: w,
                });
            }
            w = 0;
            continue;
        }
        let cw = shown(c).width();
        match start {
            None => start = Some(at),
            Some(s) if w + cw > width && w > 0 => {
                out.push(Word {
                    range: s..at,
                    width: w,
                });
                start = Some(at);
                w = 0;
            }
            Some(_) => {}
        }
        w += cw;
    }
    if let Some(s) = start {
        out.push(Word {
            range: s..para.end,
            width: w,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textview::safe::{safe_line, width as text_width};

    fn shown_lines(body: &str, width: usize) -> Vec<String> {
        wrap(body, width)
            .into_iter()
            .map(|r| safe_line(&body[r]))
            .collect()
    }

    #[test]
    fn paragraphs_stay_apart_and_lines_fit() {
        let body = "One two three four five.\n\nSix seven eight.";
        assert_eq!(
            shown_lines(body, 10),
            ["One two", "three four", "five.", "", "Six seven", "eight."]
        );
    }

    #[test]
    fn long_lines_are_paragraphs_of_their_own() {
        let long = "word ".repeat(30);
        let body = format!("{long}\n{long}");
        let lines = shown_lines(&body, 80);
        assert!(lines.contains(&String::new()), "{lines:?}");
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let body = "This paragraph was\nwrapped by hand at\nshort widths.\n- but a list\n- stays";
        assert_eq!(
            shown_lines(body, 40),
            [
                "This paragraph was wrapped by hand at",
                "short widths.",
                "",
                "- but a list",
                "",
                "- stays"
            ]
        );
    }

    #[test]
    fn long_words_are_cut_and_wide_characters_fit() {
        for line in shown_lines(&"x".repeat(25), 10) {
            assert!(text_width(&line) <= 10);
        }
        for line in shown_lines("日本語のテキストです 日本語", 5) {
            assert!(text_width(&line) <= 5, "{line}");
        }
    }

    #[test]
    fn width_zero_and_empty_bodies() {
        assert!(wrap("", 10).is_empty());
        assert!(!wrap("abc", 0).is_empty());
    }
}
