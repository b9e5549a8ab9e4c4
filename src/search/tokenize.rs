//! The one definition of a word, shared by the index, the query, the prefix
//! postings and the highlighter.
//!
//! A word is a maximal run of alphanumeric characters (tantivy's
//! `SimpleTokenizer`), lowercased and folded to ASCII (`LowerCaser`, then
//! `AsciiFoldingFilter`). [`FoldTokenizer`] does it in one pass: ASCII words,
//! the vast majority, are lowercased in place; any other word goes through
//! tantivy's own `LowerCaser` + `AsciiFoldingFilter`, so the result is the
//! same as the three-stage chain, only faster to index.
//!
//! One addition to tantivy's rule: an invisible joiner between two letters
//! (zero-width joiner or non-joiner, word joiner, soft hyphen) does not end
//! the word, and the word is folded without it, so "Lon\u{200D}don" is the
//! word "london" (its byte range still covers the joiner).

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
        let joined;
        let word = if word.contains(is_joiner) {
            joined = word.replace(is_joiner, "");
            joined.as_str()
        } else {
            word
        };
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

/// An invisible character that joins the letters around it (see the module
/// doc).
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The length of the joiners at the start of `rest` when a letter or digit
/// follows them (0 when none does).
fn joiners_before_a_letter(rest: &str) -> usize {
    let mut len = 0;
    for c in rest.chars() {
        if is_joiner(c) {
            len += c.len_utf8();
        } else {
            return if c.is_alphanumeric() { len } else { 0 };
        }
    }
    0
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
            let rest = text.get(i..).unwrap_or("");
            match rest.chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                Some(c) if is_joiner(c) => match joiners_before_a_letter(rest) {
                    0 => break,
                    n => i += n,
                },
                _ => break,
            }
        }
    }
    Some(start..i)
}

/// Words of a text, folded.
#[derive(Clone)]
pub(crate) struct FoldTokenizer {
    token: Token,
    folder: Folder,
}

impl FoldTokenizer {
    pub(crate) fn words() -> Self {
        FoldTokenizer {
            token: Token::default(),
            folder: Folder::new(),
        }
    }
}

pub(crate) struct FoldStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
    folder: &'a mut Folder,
}

impl Tokenizer for FoldTokenizer {
    type TokenStream<'a> = FoldStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldStream<'a> {
        self.token.reset();
        FoldStream {
            text,
            pos: 0,
            token: &mut self.token,
            folder: &mut self.folder,
        }
    }
}

impl TokenStream for FoldStream<'_> {
    fn advance(&mut self) -> bool {
        // Fast path: an ASCII word after ASCII separators, lowercased as it
        // is copied. Anything else takes the general path.
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let range = if i > start && bytes.get(i).is_none_or(u8::is_ascii) {
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..i]);
            self.token.text.make_ascii_lowercase();
            start..i
        } else {
            let Some(range) = next_word(self.text, start) else {
                self.pos = self.text.len();
                return false;
            };
            self.folder
                .fold(&self.text[range.clone()], &mut self.token.text);
            range
        };
        self.pos = range.end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        true
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
    fn a_joiner_inside_a_word_does_not_split_it() {
        for text in [
            "in Lon\u{200D}don today",
            "in Lon\u{200C}don today",
            "in Lon\u{AD}don today",
            "in Lon\u{2060}\u{200D}don today",
        ] {
            let toks = ours(text);
            assert_eq!(
                toks.iter().map(|t| t.3.as_str()).collect::<Vec<_>>(),
                ["in", "london", "today"],
                "{text:?}"
            );
            // The range covers the whole word, joiners included.
            assert_eq!(&text[toks[1].1..toks[1].2], &text[3..text.len() - 6]);
        }
        // A joiner not between letters still separates.
        let toks = ours("London\u{200D} and \u{200D}Paris");
        assert_eq!(
            toks.iter().map(|t| t.3.as_str()).collect::<Vec<_>>(),
            ["london", "and", "paris"]
        );
    }

    proptest! {
        #[test]
        fn any_text_tokenizes_like_the_chain(text in "\\PC{0,40}") {
            prop_assert_eq!(ours(&text), reference(&text));
        }

        #[test]
        fn mostly_ascii_text_tokenizes_like_the_chain(text in "[a-zA-Z0-9 ,.'é\u{2019}ß-]{0,60}") {
            prop_assert_eq!(ours(&text), reference(&text));
        }
    }
}
