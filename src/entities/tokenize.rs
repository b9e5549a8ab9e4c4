//! Tokenizer tuned for news text.
//!
//! Splits text into words, numbers and punctuation with byte offsets. What it
//! does about the awkward cases:
//! - a possessive `'s` / `’s` is split off its word ("Trump's" → "Trump", "'s");
//! - dotted abbreviations stay whole ("U.S.", "Mr.", "George W. Bush");
//! - hyphens are tokens of their own ("US-Mexico" → "US", "-", "Mexico");
//! - numbers keep their inner separators ("1996-08-30", "3.5", "1,000").
//!
//! Each word also carries a hash of its lower-cased form, so that gazetteer
//! look-up and model features never allocate.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (maybe with digits, inner apostrophes or abbreviation dots).
    Word,
    /// Starts with a digit.
    Number,
    /// One punctuation or symbol character (or a possessive `'s`).
    Punct,
}

/// Letter case of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// No upper-case letter.
    Lower,
    /// First letter upper case, some lower-case letter after it ("Trump", "McDonald").
    Title,
    /// Every letter upper case ("NATO", "U.S.", "A").
    Upper,
    /// Upper case somewhere but not first ("iPhone", "eBay").
    Mixed,
}

/// One token: a byte range of the text plus what the tagger needs to know.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// Letter case (words only; `Lower` for the rest).
    pub case: Case,
    /// Hash of the lower-cased token text, dots removed ("U.S." ≡ "us").
    pub lhash: u64,
    /// Line number (0-based) the token is on.
    pub line: u32,
    /// First token of a sentence (after line start or `.`, `!`, `?`, `:`, allowing opening quotes).
    pub sent_start: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// Does the word start with an upper-case letter?
    pub fn is_cap(&self) -> bool {
        self.kind == TokKind::Word && matches!(self.case, Case::Title | Case::Upper)
    }
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Mixes one value into a running hash (a fast multiplicative mix).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Final avalanche, so that low bits of the result are usable as a bucket.
#[inline]
pub fn finish(h: u64) -> u64 {
    let mut x = h;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Hash of the lower-cased form of `s`, ignoring dots and mapping curly
/// apostrophes to straight ones: the same value [`Token::lhash`] holds.
pub fn lower_hash(s: &str) -> u64 {
    if s.is_ascii() {
        return ascii_lower_hash(s.as_bytes());
    }
    let mut h = SEED;
    for c in s.chars() {
        if c == '.' {
            continue;
        }
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_ascii() {
            h = mix(h, u64::from(c.to_ascii_lowercase() as u8));
        } else {
            for l in c.to_lowercase() {
                h = mix(h, u64::from(u32::from(l)));
            }
        }
    }
    h
}

/// [`lower_hash`] of ASCII text.
#[inline]
pub fn ascii_lower_hash(s: &[u8]) -> u64 {
    let mut h = SEED;
    for &b in s {
        if b != b'.' {
            h = mix(h, u64::from(b.to_ascii_lowercase()));
        }
    }
    h
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Words that take a following dot as part of themselves.
fn takes_dot(word: &str) -> bool {
    // a `match` on string literals compiles to a length switch: no scan of a list
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Jr"
            | "Sr"
            | "Gen"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Prof"
            | "Rev"
            | "Inc"
            | "Corp"
            | "Co"
            | "Ltd"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "No"
            | "vs"
            | "Mt"
            | "Ft"
            | "Maj"
            | "Adm"
            | "Cmdr"
            | "Supt"
            | "Bros"
            | "Messrs"
            | "Gens"
            | "Sens"
            | "Reps"
            | "Mme"
            | "Mlle"
    )
}

/// Letter case and [`lower_hash`] of a word in one pass (ASCII fast path).
fn case_and_hash(s: &str) -> (Case, u64) {
    if !s.is_ascii() {
        return (case_of(s), lower_hash(s));
    }
    let mut h = SEED;
    let mut first_upper = None;
    let mut any_upper = false;
    let mut any_lower = false;
    for &b in s.as_bytes() {
        if b == b'.' {
            continue;
        }
        if b.is_ascii_uppercase() {
            first_upper.get_or_insert(true);
            any_upper = true;
        } else if b.is_ascii_lowercase() {
            first_upper.get_or_insert(false);
            any_lower = true;
        }
        h = mix(h, u64::from(b.to_ascii_lowercase()));
    }
    let case = match (first_upper, any_upper, any_lower) {
        (Some(true), _, false) => Case::Upper,
        (Some(true), _, true) => Case::Title,
        (_, true, _) => Case::Mixed,
        _ => Case::Lower,
    };
    (case, h)
}

fn case_of(s: &str) -> Case {
    let mut first_upper = None;
    let mut any_upper = false;
    let mut any_lower = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            let up = c.is_uppercase();
            let low = c.is_lowercase();
            if first_upper.is_none() {
                first_upper = Some(up);
            }
            any_upper |= up;
            any_lower |= low;
        }
    }
    match (first_upper, any_upper, any_lower) {
        (Some(true), _, false) => Case::Upper,
        (Some(true), _, true) => Case::Title,
        (_, true, _) => Case::Mixed,
        _ => Case::Lower,
    }
}

/// Byte class of an ASCII digit, for the word fast path.
const DIGIT: u8 = 1;
/// Byte class of an ASCII lower-case letter.
const LOWER: u8 = 2;
/// Byte class of an ASCII upper-case letter (`UPPER << 3` is the bit that
/// lower-cases it).
const UPPER: u8 = 4;

/// Class of every byte for the word fast path: 0 for anything but ASCII
/// letters and digits.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Letter case of an ASCII word, by whether its first byte is an upper-case
/// letter (bit 0), it holds a lower-case letter (bit 1) and it holds an
/// upper-case letter (bit 2).
const ASCII_CASE: [Case; 8] = [
    Case::Lower,
    Case::Upper,
    Case::Lower,
    Case::Title,
    Case::Mixed,
    Case::Upper,
    Case::Mixed,
    Case::Title,
];

/// Splits `text` into tokens. Never panics; offsets are on char boundaries.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first), reusing its memory.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    out.reserve(text.len() / 4 + 4);
    let bytes = text.as_bytes();
    let mut line: u32 = 0;
    let mut i = 0usize;
    // Sentence-start tracking: true at the start of the text and of each line.
    let mut at_sent_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        // Fast path for ASCII whitespace.
        if b == b'\n' {
            line += 1;
            at_sent_start = true;
            i += 1;
            continue;
        }
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        // Fast path: a plain ASCII word.
        let first = BYTE_CLASS[usize::from(b)];
        if first & (LOWER | UPPER) != 0 {
            let mut h = SEED;
            let mut seen = 0u8;
            let mut len = 0;
            for &x in bytes.get(i..).unwrap_or_default() {
                let c = BYTE_CLASS[usize::from(x)];
                if c == 0 {
                    break;
                }
                seen |= c;
                h = mix(h, u64::from(x | (c & UPPER) << 3));
                len += 1;
            }
            let j = i + len;
            // ended by ASCII space or punctuation other than an apostrophe,
            // or by a dot that is not its own (initials and abbreviations
            // such as "Mr." keep their dot: the general rules below)
            let plain_end = match bytes.get(j) {
                None => true,
                Some(b'.') => j - i >= 2 && !takes_dot(text.get(i..j).unwrap_or("")),
                Some(&x) => x < 128 && x != b'\'',
            };
            if plain_end {
                // a table look-up rather than branches that mispredict
                let case = ASCII_CASE[usize::from(first == UPPER)
                    | usize::from(seen & LOWER != 0) << 1
                    | usize::from(seen & UPPER != 0) << 2];
                out.push(Token {
                    start: i as u32,
                    end: j as u32,
                    kind: TokKind::Word,
                    case,
                    lhash: h,
                    line,
                    sent_start: at_sent_start,
                });
                at_sent_start = false;
                // the usual single space after a word needs no round of the loop
                i = j + usize::from(bytes.get(j) == Some(&b' '));
                continue;
            }
        }
        // Fast path: ASCII punctuation other than an apostrophe is a token of one byte.
        if b.is_ascii_punctuation() && b != b'\'' {
            out.push(Token {
                start: i as u32,
                end: i as u32 + 1,
                kind: TokKind::Punct,
                case: Case::Lower,
                lhash: if b == b'.' {
                    SEED
                } else {
                    mix(SEED, u64::from(b))
                },
                line,
                sent_start: at_sent_start,
            });
            let is_opening = matches!(b, b'"' | b'(' | b'[' | b'-');
            if !(at_sent_start && is_opening) {
                at_sent_start = matches!(b, b'.' | b'!' | b'?');
            }
            i += 1;
            continue;
        }
        let c = if b < 128 {
            char::from(b)
        } else if let Some(c) = text.get(i..).and_then(|s| s.chars().next()) {
            c
        } else {
            i += 1;
            continue;
        };
        if c.is_whitespace() {
            if c == '\u{2028}' || c == '\u{2029}' {
                line += 1;
                at_sent_start = true;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_ascii_digit() || (c.is_numeric() && !c.is_alphabetic()) {
            // Number: digits with inner separators followed by a digit.
            let mut j = i + c.len_utf8();
            while let Some(&x) = bytes.get(j) {
                if x < 128 {
                    if x.is_ascii_alphanumeric()
                        || (matches!(x, b'.' | b',' | b':' | b'/' | b'-')
                            && bytes.get(j + 1).is_some_and(|d| d.is_ascii_digit()))
                    {
                        j += 1;
                        continue;
                    }
                    break;
                }
                match text.get(j..).and_then(|s| s.chars().next()) {
                    Some(n) if n.is_alphanumeric() => j += n.len_utf8(),
                    _ => break,
                }
            }
            i = j;
            kind = TokKind::Number;
        } else if is_word_char(c) {
            let mut j = i + c.len_utf8();
            // Dotted abbreviation: single letters each followed by a dot ("U.S.", "U.S.A.").
            let dotted = bytes.get(j) == Some(&b'.')
                && bytes.get(j + 1).is_some_and(|x| x.is_ascii_alphabetic())
                && bytes.get(j + 2) == Some(&b'.');
            if dotted {
                while bytes.get(j) == Some(&b'.')
                    && bytes.get(j + 1).is_some_and(|x| x.is_ascii_alphabetic())
                    && matches!(bytes.get(j + 2), Some(&b'.'))
                {
                    j += 2;
                }
                j += 1; // the final dot
            } else {
                loop {
                    while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                        j += 1;
                    }
                    // fast exit on ASCII space or punctuation other than an apostrophe
                    if bytes.get(j).is_none_or(|&b| b < 128 && b != b'\'') {
                        break;
                    }
                    let Some(n) = text.get(j..).and_then(|s| s.chars().next()) else {
                        break;
                    };
                    if is_word_char(n) {
                        j += n.len_utf8();
                    } else if is_apostrophe(n) {
                        // Inner apostrophe followed by letters, unless it is a possessive 's.
                        let after = j + n.len_utf8();
                        let next = text.get(after..).and_then(|s| s.chars().next());
                        match next {
                            Some(l) if l.is_alphabetic() => {
                                let possessive = (l == 's' || l == 'S')
                                    && !text
                                        .get(after + 1..)
                                        .and_then(|s| s.chars().next())
                                        .is_some_and(is_word_char);
                                if possessive {
                                    break;
                                }
                                j = after;
                            }
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
                // A following dot belongs to titles/abbreviations and single initials.
                if bytes.get(j) == Some(&b'.') {
                    let w = text.get(i..j).unwrap_or("");
                    let initial = w.len() == 1 && w.bytes().all(|x| x.is_ascii_uppercase());
                    if initial || takes_dot(w) {
                        j += 1;
                    }
                }
            }
            i = j;
            kind = TokKind::Word;
        } else if is_apostrophe(c)
            && out
                .last()
                .is_some_and(|t| t.end as usize == i && t.kind == TokKind::Word)
            && text
                .get(i + c.len_utf8()..)
                .and_then(|s| s.chars().next())
                .is_some_and(|l| l == 's' || l == 'S')
            && !text
                .get(i + c.len_utf8() + 1..)
                .and_then(|s| s.chars().next())
                .is_some_and(is_word_char)
        {
            // Possessive 's.
            i += c.len_utf8() + 1;
            kind = TokKind::Punct;
        } else {
            i += c.len_utf8();
            kind = TokKind::Punct;
        }
        let end = i;
        let s = text.get(start..end).unwrap_or("");
        let (case, lhash) = if kind == TokKind::Word {
            case_and_hash(s)
        } else if let [b] = s.as_bytes() {
            let h = if *b == b'.' {
                SEED
            } else {
                mix(SEED, u64::from(*b))
            };
            (Case::Lower, h)
        } else {
            (Case::Lower, lower_hash(s))
        };
        let is_opening = kind == TokKind::Punct
            && match s.as_bytes() {
                [b'"' | b'\'' | b'(' | b'[' | b'-'] => true,
                [_] => false,
                _ => matches!(s, "\u{201c}" | "\u{2018}" | "\u{2014}"),
            };
        let ends_sentence = kind == TokKind::Punct && matches!(s.as_bytes(), [b'.' | b'!' | b'?']);
        out.push(Token {
            start: start as u32,
            end: end as u32,
            kind,
            case,
            lhash,
            line,
            sent_start: at_sent_start,
        });
        if !(at_sent_start && is_opening) {
            at_sent_start = ends_sentence;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_possessive_and_hyphen() {
        assert_eq!(
            words("Trump's US-Mexico wall"),
            ["Trump", "'s", "US", "-", "Mexico", "wall"]
        );
        assert_eq!(words("Trump’s plan"), ["Trump", "’s", "plan"]);
        assert_eq!(words("O'Brien said"), ["O'Brien", "said"]);
    }

    #[test]
    fn keeps_dotted_abbreviations() {
        assert_eq!(
            words("the U.S. and Mr. Smith, George W. Bush."),
            [
                "the", "U.S.", "and", "Mr.", "Smith", ",", "George", "W.", "Bush", "."
            ]
        );
        assert_eq!(lower_hash("U.S."), lower_hash("us"));
    }

    #[test]
    fn numbers_keep_separators() {
        assert_eq!(
            words("on 1996-08-30 paid 1,000.5"),
            ["on", "1996-08-30", "paid", "1,000.5"]
        );
    }

    #[test]
    fn sentence_starts() {
        let s = "He left. \"Even so\" she said";
        let t = tokenize(s);
        let starts: Vec<&str> = t
            .iter()
            .filter(|t| t.sent_start)
            .map(|t| t.text(s))
            .collect();
        assert_eq!(starts, ["He", "\"", "Even"]);
    }
}
