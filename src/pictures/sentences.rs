//! Where sentences end in news text, for counting the names that share a
//! sentence.
//!
//! A sentence ends at a blank line, or at `.`, `!` or `?` (and any closing
//! quotes or brackets after it) followed by a space and a word that starts
//! with a capital, a digit or an opening quote. A period after a known
//! abbreviation ("Mr.", "Gen.", "Jan.") or after initials ("J.", "U.S.")
//! ends nothing, so "Mr. Blair met Gen. Jackson" stays one sentence. A
//! single line break does not end a sentence either: hard-wrapped text
//! keeps its sentences whole. The rule errs towards longer sentences, which
//! at worst counts two names as sharing a sentence when they share a
//! paragraph's neighbouring lines.

/// Words whose trailing period is an abbreviation's (lower case).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "jr", "sr", "rev", "hon", "vs", "no", "inc", "co", "corp", "ltd", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec", "etc", "approx",
    "dept", "est", "fig", "mt", "ft",
];

/// Counts sentence ends in a text as a reader moves forward through it.
pub(crate) struct Sentences<'a> {
    text: &'a str,
    /// Scanned up to here.
    pos: usize,
    /// Sentence ends before `pos`.
    ends: u32,
}

impl<'a> Sentences<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Sentences {
            text,
            pos: 0,
            ends: 0,
        }
    }

    /// The number (from 0) of the sentence at byte `at`, counting the ends
    /// between the last position asked and `at`. Positions asked must not
    /// go back; `skip_to` jumps over text that ends no sentence (a name).
    pub(crate) fn at(&mut self, at: usize) -> u32 {
        let at = at.min(self.text.len());
        if at > self.pos {
            self.ends += count_ends(self.text, self.pos, at);
            self.pos = at;
        }
        self.ends
    }

    /// Moves past `to` without counting (the inside of a mention: "U.S."
    /// ends no sentence).
    pub(crate) fn skip_to(&mut self, to: usize) {
        self.pos = self.pos.max(to.min(self.text.len()));
    }
}

/// Sentence ends whose mark lies in `from..to` of `text`.
fn count_ends(text: &str, from: usize, to: usize) -> u32 {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'\n' => {
                // A blank line (spaces allowed on it) ends a paragraph.
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'\n' {
                    n += 1;
                    // The run of blank lines is one break.
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            b'.' | b'!' | b'?' if ends_here(text, i) => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// Whether the mark at `i` ends a sentence.
fn ends_here(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    // Closing quotes and brackets after the mark belong to the sentence.
    let mut rest = &text[i + 1..];
    while let Some(c) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}'))
    {
        rest = &rest[c.len_utf8()..];
    }
    let after_space = rest.trim_start();
    if after_space.len() == rest.len() {
        // "3.5", "bbc.co.uk", "?!": no space, no end (unless the text ends).
        return rest.is_empty();
    }
    let next = after_space.chars().next();
    let starts_sentence = next.is_none_or(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\'' | '(' | '\u{201C}' | '\u{2018}')
    });
    if !starts_sentence {
        return false;
    }
    bytes[i] != b'.' || !is_abbreviation(&text[..i])
}

/// The word before a period is an abbreviation or initials ("Mr", "U.S", "J").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\u{201C}'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let initials = word
        .split('.')
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    initials || ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The sentence number of each word of `marked` that starts with `@`
    /// (the marks taken out of the text first).
    fn numbers(marked: &str) -> Vec<u32> {
        let text = marked.replace('@', "");
        let at: Vec<usize> = marked
            .match_indices('@')
            .enumerate()
            .map(|(n, (i, _))| i - n)
            .collect();
        let mut s = Sentences::new(&text);
        at.into_iter().map(|i| s.at(i)).collect()
    }

    #[test]
    fn marks_end_sentences_before_a_capital() {
        assert_eq!(
            numbers("@Ann met @Bob. Then @Cy left! @Di? \"@Ed\""),
            [0, 0, 1, 2, 3]
        );
        assert_eq!(numbers("@A said: \"It is over.\" @B agreed."), [0, 1]);
        assert_eq!(numbers("@A (in 2004.) 2005 @B"), [0, 1]);
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not() {
        assert_eq!(
            numbers("@x Mr. Blair met Gen. @Jackson in the U.S. Senate @y."),
            [0, 0, 0]
        );
        assert_eq!(
            numbers("@George W. Bush won 3.5 points at bbc.co.uk today @x"),
            [0, 0]
        );
        assert_eq!(
            numbers("@a ended. and @b went on"),
            [0, 0],
            "no capital after"
        );
    }

    #[test]
    fn blank_lines_end_paragraphs_single_breaks_do_not() {
        assert_eq!(
            numbers("@A headline\n\n@B body\nwrapped @C\n \n\n@D"),
            [0, 1, 1, 2]
        );
    }

    #[test]
    fn skipped_text_ends_nothing() {
        let text = "A saw Yahoo! Executives. B";
        let mut s = Sentences::new(text);
        assert_eq!(s.at(6), 0);
        s.skip_to(12); // past the name "Yahoo!"
        assert_eq!(s.at(text.len() - 1), 1);
        assert_eq!(Sentences::new(text).at(text.len() - 1), 2, "unskipped");
    }
}
