//! Finding the matched words in a text, for snippets and for the reader.
//!
//! The index knows which documents match but not where; positions in the
//! user's text are found here by re-tokenizing just the text on screen with
//! the index's own rules (alphanumeric runs, lowercased, accents folded) and
//! comparing each word with the query's match terms. This is cheaper than
//! tantivy's snippet generator (no stored text, no per-document query
//! re-evaluation) and gives every hit, not only the best fragment.

use std::collections::VecDeque;
use std::ops::Range;

use super::tokenize::{Folder, next_word};

/// What a query matched, as needed to highlight it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchTerm {
    /// A whole word (folded: lowercase, no accents).
    Word(String),
    /// Any word starting with this (folded) prefix.
    Prefix(String),
    /// Adjacent words; the last may be a prefix.
    Phrase {
        /// The folded words in order.
        words: Vec<String>,
        /// Whether the last word matches as a prefix.
        last_is_prefix: bool,
    },
}

/// A one-line excerpt with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The excerpt, whitespace collapsed to single spaces, with `…` where the
    /// text was cut.
    pub text: String,
    /// Byte ranges of `text` to highlight, sorted, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// Calls `f(range, folded)` for each word of `text`, in order, stopping when
/// `f` returns false. Words are the alphanumeric runs, as the index sees them;
/// a word's range takes in the combining accents after it (the `e` + U+0301
/// of a decomposed "José"), so a highlight covers what the eye sees.
fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>, &str) -> bool) {
    let mut folder = Folder::new();
    let mut buf = String::new();
    let mut pos = 0;
    while let Some(range) = next_word(text, pos) {
        pos = range.end;
        folder.fold(&text[range.clone()], &mut buf);
        let marks: usize = text[range.end..]
            .chars()
            .take_while(|&c| is_combining_mark(c))
            .map(char::len_utf8)
            .sum();
        if !f(range.start..range.end + marks, &buf) {
            return;
        }
    }
}

/// Characters of the Unicode blocks of combining diacritical marks.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

/// The match terms of a query, ready to scan texts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    words: Vec<String>,
    prefixes: Vec<String>,
    phrases: Vec<(Vec<String>, bool)>,
    longest_phrase: usize,
}

impl Matcher {
    pub(crate) fn new(terms: &[MatchTerm]) -> Matcher {
        let mut m = Matcher::default();
        for t in terms {
            match t {
                MatchTerm::Word(w) => m.words.push(w.clone()),
                MatchTerm::Prefix(p) => m.prefixes.push(p.clone()),
                MatchTerm::Phrase {
                    words,
                    last_is_prefix,
                } if !words.is_empty() => {
                    m.longest_phrase = m.longest_phrase.max(words.len());
                    m.phrases.push((words.clone(), *last_is_prefix));
                }
                MatchTerm::Phrase { .. } => {}
            }
        }
        m
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefixes.is_empty() && self.phrases.is_empty()
    }

    fn word_hit(&self, w: &str) -> bool {
        self.words.iter().any(|x| x == w) || self.prefixes.iter().any(|p| w.starts_with(&**p))
    }

    /// Byte ranges of every hit in `text`, sorted and merged; stops after
    /// `max_end` (a byte offset) when given.
    pub(crate) fn ranges(&self, text: &str, max_end: Option<usize>) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        if self.is_empty() {
            return out;
        }
        // The last few words, for phrases.
        let mut recent: VecDeque<(Range<usize>, String)> = VecDeque::new();
        for_each_word(text, |range, w| {
            if max_end.is_some_and(|end| range.start > end) {
                return false;
            }
            if self.word_hit(w) {
                out.push(range.clone());
            }
            if self.longest_phrase > 0 {
                if recent.len() == self.longest_phrase {
                    recent.pop_front();
                }
                recent.push_back((range.clone(), w.to_string()));
                for (words, last_prefix) in &self.phrases {
                    if let Some(start) = phrase_ends_here(&recent, words, *last_prefix) {
                        out.push(start..range.end);
                    }
                }
            }
            true
        });
        merge(out)
    }
}

/// Start of the phrase if the most recent words spell it.
fn phrase_ends_here(
    recent: &VecDeque<(Range<usize>, String)>,
    words: &[String],
    last_prefix: bool,
) -> Option<usize> {
    if recent.len() < words.len() {
        return None;
    }
    let tail = recent.iter().skip(recent.len() - words.len());
    let mut start = None;
    for (i, ((range, got), want)) in tail.zip(words).enumerate() {
        let ok = if last_prefix && i + 1 == words.len() {
            got.starts_with(&**want)
        } else {
            got == want
        };
        if !ok {
            return None;
        }
        start.get_or_insert(range.start);
    }
    start
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Cuts a one-line excerpt of at most `max_chars` characters from `body`
/// around its best cluster of hits (or from the start if it has none).
pub(crate) fn snippet(matcher: &Matcher, body: &str, max_chars: usize) -> Snippet {
    if max_chars == 0 {
        return Snippet::default();
    }
    let all_hits = matcher.ranges(body, None);
    let hits = &all_hits;
    // Approximate chars by bytes for the window choice (exact for ASCII).
    let budget = max_chars.saturating_sub(2);
    let mut best = (0usize, 0usize); // (hit count, index of the first hit)
    let mut j = 0;
    for i in 0..hits.len() {
        while j < hits.len() && hits[j].end <= hits[i].start + budget {
            j += 1;
        }
        let count = j.saturating_sub(i);
        if count > best.0 {
            best = (count, i);
        }
    }
    let start = match hits.get(best.1) {
        Some(h) if best.0 > 0 => {
            // Lead in with a little context, starting at a word.
            let lead = (budget / 5).min(40);
            let mut s = floor_char(body, h.start.saturating_sub(lead));
            if s > 0 {
                // Move to the start of the next word when mid-word.
                let next_ws = body[s..h.start]
                    .find(|c: char| c.is_whitespace())
                    .map(|p| s + p);
                if let Some(p) = next_ws {
                    s = p;
                }
            }
            s
        }
        _ => 0,
    };
    build(body, start, max_chars, hits)
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders `body[start..]` as one line of at most `max_chars` characters.
fn build(body: &str, start: usize, max_chars: usize, hits: &[Range<usize>]) -> Snippet {
    let mut text = String::with_capacity(max_chars + 8);
    let mut chars = 0;
    let mut pending_space = false;
    if start > 0 {
        text.push('…');
        chars += 1;
    }
    // Body offset → text offset at the boundaries we pass.
    let mut hl: Vec<Range<usize>> = Vec::new();
    let mut hit_iter = hits.iter().skip_while(|h| h.end <= start).peekable();
    let mut open: Option<(usize, usize)> = None; // (text start, body end)
    let mut truncated = false;
    let rest = &body[start..];
    for (off, c) in rest.char_indices() {
        let pos = start + off;
        if let Some((tstart, bend)) = open
            && pos >= bend
        {
            hl.push(tstart..text.len());
            open = None;
        }
        if c.is_whitespace() {
            pending_space = !text.is_empty();
            continue;
        }
        // Keep room for a closing ellipsis.
        if chars + 1 + usize::from(pending_space) + 1 > max_chars {
            truncated = true;
            break;
        }
        if pending_space {
            text.push(' ');
            chars += 1;
            pending_space = false;
        }
        while let Some(h) = hit_iter.peek() {
            if h.end <= pos {
                hit_iter.next();
                continue;
            }
            if h.start <= pos && open.is_none() {
                open = Some((text.len(), h.end));
                hit_iter.next();
            }
            break;
        }
        text.push(c);
        chars += 1;
    }
    if let Some((tstart, _)) = open {
        hl.push(tstart..text.len());
    }
    if truncated && chars < max_chars {
        text.push('…');
    }
    hl.retain(|r| !r.is_empty());
    Snippet {
        text,
        highlights: hl,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn m(terms: &[MatchTerm]) -> Matcher {
        Matcher::new(terms)
    }

    #[test]
    fn words_prefixes_phrases() {
        let mm = m(&[
            MatchTerm::Word("jose".into()),
            MatchTerm::Prefix("gov".into()),
            MatchTerm::Phrase {
                words: vec!["prime".into(), "minister".into()],
                last_is_prefix: false,
            },
        ]);
        let text = "José said the Government and the prime minister, not the prime.";
        let r = mm.ranges(text, None);
        let got: Vec<&str> = r.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, vec!["José", "Government", "prime minister"]);
        // A decomposed accent belongs to the hit it follows.
        let decomposed = "Jose\u{301} said";
        let r = mm.ranges(decomposed, None);
        assert_eq!(r, vec![0..6]);
    }

    #[test]
    fn snippet_marks_hits() {
        let mm = m(&[MatchTerm::Word("fox".into())]);
        let body =
            "The quick\nbrown fox jumps over the lazy dog and keeps running far away from here.";
        let s = snippet(&mm, body, 30);
        assert!(s.text.chars().count() <= 30, "{:?}", s.text);
        assert_eq!(s.highlights.len(), 1);
        assert_eq!(&s.text[s.highlights[0].clone()], "fox");
        assert!(!s.text.contains('\n'));
    }

    #[test]
    fn snippet_without_hits_starts_at_top() {
        let mm = m(&[MatchTerm::Word("zebra".into())]);
        let s = snippet(&mm, "Plain   text here", 80);
        assert_eq!(s.text, "Plain text here");
        assert!(s.highlights.is_empty());
    }
}
