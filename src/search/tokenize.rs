//! The one definition of a word, shared by the index, the query and the
//! highlighter.
//!
//! A word is a maximal run of alphanumeric characters (tantivy's
//! `SimpleTokenizer`), lowercased and folded to ASCII (`LowerCaser`, then
//! `AsciiFoldingFilter`). [`FoldTokenizer`] does it in one pass: ASCII words,
//! the vast majority, are lowercased in place; any other word goes through
//! tantivy's own `LowerCaser` + `AsciiFoldingFilter`, so the result is the
//! same as the three-stage chain, only faster to index.
//!
//! With `prefixes(n)` the tokenizer emits, instead of each word, its first
//! 1..=n characters: the index uses this for short prefixes, which then are
//! one posting list each instead of thousands of completions. A one- or
//! two- or three-letter ASCII gram is emitted at most [`MAX_GRAM_FREQ`] times
//! per text.

use std::ops::Range;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Folds single words the way the index does.
#[derive(Clone)]
pub(crate) struct Folder {
    slow: Option<TextAnalyzer>,
}

impl Folder {
    pub(crate) fn new() -> Self {
        Folder { slow: None }
    }

    /// Writes the folded form of `word` (one alphanumeric run) to `out`.
    pub(crate) fn fold(&mut self, word: &str, out: &mut String) {
        out.clear();
        if word.is_ascii() {
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        let analyzer = self.slow.get_or_insert_with(|| {
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build()
        });
        let mut stream = analyzer.token_stream(word);
        while let Some(tok) = stream.next() {
            out.push_str(&tok.text);
        }
    }
}

/// Byte range of the first word of `text` at or after `from`.
pub(crate) fn next_word(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = from;
    // Skip to the start of a word.
    loop {
        let &b = bytes.get(i)?;
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            let c = text.get(i..)?.chars().next()?;
            if c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
    }
    let start = i;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match text.get(i..).and_then(|s| s.chars().next()) {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    Some(start..i)
}

/// Words (or word prefixes) of a text, folded.
#[derive(Clone)]
pub(crate) struct FoldTokenizer {
    token: Token,
    folder: Folder,
    /// 0: whole words; n: the prefixes of 1..=n characters of each word.
    prefixes: usize,
    /// Per-text counts of the short ASCII grams, and which slots are set.
    counts: Vec<u8>,
    touched: Vec<u32>,
}

impl FoldTokenizer {
    pub(crate) fn words() -> Self {
        FoldTokenizer {
            token: Token::default(),
            folder: Folder::new(),
            prefixes: 0,
            counts: Vec::new(),
            touched: Vec::new(),
        }
    }

    pub(crate) fn prefixes(n: usize) -> Self {
        FoldTokenizer {
            prefixes: n,
            ..FoldTokenizer::words()
        }
    }
}

pub(crate) struct FoldStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
    folder: &'a mut Folder,
    prefixes: usize,
    /// The folded word whose prefixes are being emitted.
    word: String,
    /// Character count of the next prefix to emit.
    next_len: usize,
    /// How often each short ASCII gram was emitted for this text.
    counts: &'a mut Vec<u8>,
    touched: &'a mut Vec<u32>,
}

impl Tokenizer for FoldTokenizer {
    type TokenStream<'a> = FoldStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldStream<'a> {
        self.token.reset();
        if self.prefixes > 0 {
            if self.counts.len() != GRAM_SLOTS {
                self.counts = vec![0; GRAM_SLOTS];
            }
            for &slot in &self.touched {
                if let Some(n) = self.counts.get_mut(slot as usize) {
                    *n = 0;
                }
            }
            self.touched.clear();
        }
        FoldStream {
            text,
            pos: 0,
            token: &mut self.token,
            folder: &mut self.folder,
            prefixes: self.prefixes,
            word: String::new(),
            next_len: 0,
            counts: &mut self.counts,
            touched: &mut self.touched,
        }
    }
}

impl FoldStream<'_> {
    fn emit_prefix(&mut self) -> bool {
        while self.next_len > 0 && self.next_len <= self.prefixes {
            let end = if self.word.is_ascii() {
                if self.next_len > self.word.len() {
                    return false;
                }
                self.next_len
            } else {
                match self.word.char_indices().nth(self.next_len) {
                    Some((i, _)) => i,
                    None if self.word.chars().count() == self.next_len => self.word.len(),
                    None => return false,
                }
            };
            self.next_len += 1;
            let gram = &self.word[..end];
            if let Some(slot) = gram_slot(gram)
                && let Some(n) = self.counts.get_mut(slot)
            {
                if *n >= MAX_GRAM_FREQ {
                    continue;
                }
                if *n == 0 {
                    self.touched.push(slot as u32);
                }
                *n += 1;
            }
            self.token.text.clear();
            self.token.text.push_str(gram);
            return true;
        }
        false
    }
}

/// A prefix is counted at most this many times per text: BM25's term
/// frequency has nearly saturated by then, and the index stays small and
/// quick to build.
const MAX_GRAM_FREQ: u8 = 8;

/// Slots for the ASCII grams of one to three characters.
const GRAM_SLOTS: usize = 36 + 36 * 36 + 36 * 36 * 36;

fn alnum_index(b: u8) -> Option<usize> {
    match b {
        b'0'..=b'9' => Some(usize::from(b - b'0')),
        b'a'..=b'z' => Some(10 + usize::from(b - b'a')),
        _ => None,
    }
}

/// Counter slot of an ASCII gram of one to three characters.
fn gram_slot(gram: &str) -> Option<usize> {
    match gram.as_bytes() {
        [a] => alnum_index(*a),
        [a, b] => Some(36 + alnum_index(*a)? * 36 + alnum_index(*b)?),
        [a, b, c] => {
            Some(36 + 36 * 36 + (alnum_index(*a)? * 36 + alnum_index(*b)?) * 36 + alnum_index(*c)?)
        }
        _ => None,
    }
}

impl TokenStream for FoldStream<'_> {
    fn advance(&mut self) -> bool {
        if self.prefixes > 0 && self.emit_prefix() {
            return true;
        }
        let Some(range) = next_word(self.text, self.pos) else {
            return false;
        };
        self.pos = range.end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        if self.prefixes == 0 {
            self.folder.fold(&self.text[range], &mut self.token.text);
            return true;
        }
        self.folder.fold(&self.text[range], &mut self.word);
        self.next_len = 1;
        if self.emit_prefix() {
            true
        } else {
            // A word folding to nothing: move on.
            self.advance()
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::tokenizer::SimpleTokenizer;

    fn reference(text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    fn ours(text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut a = TextAnalyzer::from(FoldTokenizer::words());
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    #[test]
    fn same_as_the_tantivy_chain() {
        for text in [
            "José Pérez went to MÉXICO, then Straße; 3G and don't æon",
            "",
            "  ,,, ",
            "ÀÉÎÕÜ ß ﬁ Ǆ İstanbul ŉ",
        ] {
            assert_eq!(ours(text), reference(text), "{text}");
        }
    }

    #[test]
    fn prefixes() {
        let mut a = TextAnalyzer::from(FoldTokenizer::prefixes(3));
        // (3 here to show longer grams too; the index uses PREFIX_GRAMS.)
        let mut s = a.token_stream("Go Éclair x");
        let mut got = Vec::new();
        while let Some(t) = s.next() {
            got.push(t.text.clone());
        }
        assert_eq!(got, vec!["g", "go", "e", "ec", "ecl", "x"]);
        drop(s);
        // Grams are capped per text.
        let text = "gone ".repeat(20);
        let mut s = a.token_stream(&text);
        let mut n = 0;
        while s.next().is_some() {
            n += 1;
        }
        assert_eq!(n, 8 + 8 + 8);
        drop(s);
        // ... and counted afresh for the next text.
        let mut s = a.token_stream("gone");
        let mut n = 0;
        while s.next().is_some() {
            n += 1;
        }
        assert_eq!(n, 3);
    }

    proptest! {
        #[test]
        fn any_text_tokenizes_like_the_chain(text in "\\PC{0,40}") {
            prop_assert_eq!(ours(&text), reference(&text));
        }
    }
}
