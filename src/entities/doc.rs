//! One text analysed for tagging: tokens, line styles, dates, candidate chunks
//! and gazetteer hits.
//!
//! A *chunk* is a maximal run of capitalised words, joined by the lower-case
//! connectors names contain ("of", "for", "de", "&", "-" ...). Only chunk
//! tokens can be part of a PER/LOC/ORG/MISC mention; everything else is
//! outside any name. This keeps the tagger's work to the few tokens that
//! matter (about one in six in news text), which is what makes it fast.

use std::sync::OnceLock;

use super::date::find_dates_into;
use super::gazetteer::{Gazetteer, Single, WordSet, class};
use super::tokenize::{Case, TokKind, Token, finish, tokenize_into};

/// Per-token gazetteer evidence.
#[derive(Debug, Clone, Copy, Default)]
pub struct GazTag {
    /// Classes of the longest entity-name entry covering this token (LOC, CITY, MISC, ORG).
    pub span: u16,
    /// This token begins that entry.
    pub begin: bool,
    /// This token ends that entry.
    pub last: bool,
    /// Classes of the token on its own (FIRST, TITLE, ORGSUF, LOCSUF and the rest).
    pub single: u16,
}

/// How a line is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    /// Ordinary prose.
    #[default]
    Prose,
    /// Headline style: nearly every word capitalised.
    Title,
    /// Shouted: nearly every word in capitals.
    Caps,
}

/// A text prepared for tagging.
pub struct Doc<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens.
    pub toks: Vec<Token>,
    /// Style of the line of each token (indexed by token).
    pub style: Vec<LineStyle>,
    /// Date spans (token ranges).
    pub dates: Vec<(usize, usize)>,
    /// Candidate chunks (token ranges).
    pub chunks: Vec<(usize, usize)>,
    /// Gazetteer evidence per token.
    pub gaz: Vec<GazTag>,
    /// Lower-case hashes of words seen capitalised in prose away from a sentence start.
    pub cap_mid: WordFilter,
    /// Working memory of [`Doc::with_buffers`], kept for the next text.
    spare: Spare,
}

/// Memory of an analysed text, to analyse the next one without allocating
/// (see [`Doc::into_buffers`]).
#[derive(Default)]
pub struct Buffers {
    toks: Vec<Token>,
    style: Vec<LineStyle>,
    dates: Vec<(usize, usize)>,
    chunks: Vec<(usize, usize)>,
    gaz: Vec<GazTag>,
    cap_mid: WordFilter,
    spare: Spare,
}

/// Working memory used only while a [`Doc`] is built.
#[derive(Default)]
struct Spare {
    in_date: Vec<bool>,
    singles: Vec<Single>,
    /// Indices of the tokens that can start a date or a chunk (see [`scan_lines`]).
    starts: Vec<u32>,
    /// Indices of the title-case words away from a sentence start (see [`scan_lines`]).
    capitalised: Vec<u32>,
}

const CONNECTORS: &[&str] = &[
    "of", "for", "de", "del", "della", "di", "da", "do", "dos", "das", "la", "le", "les", "du",
    "von", "van", "der", "den", "y", "and", "the", "al", "el", "bin", "ibn", "&", "-",
];

const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "at", "by", "as", "with", "from", "or",
    "but", "is", "are", "vs", "via", "into", "over", "after",
];

/// A small set of word hashes with no allocation per insert (a one-hash
/// Bloom filter of 8,192 bits: rare false positives, never false negatives).
#[derive(Clone)]
pub struct WordFilter(Box<[u64; 128]>);

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter(Box::new([0; 128]))
    }
}

impl WordFilter {
    /// Removes every word.
    fn clear(&mut self) {
        self.0.fill(0);
    }

    #[inline]
    fn slot(h: u64) -> (usize, u64) {
        let b = (finish(h) & 8191) as usize;
        (b >> 6, 1u64 << (b & 63))
    }

    /// Adds a word hash.
    #[inline]
    pub fn insert(&mut self, h: u64) {
        let (w, m) = Self::slot(h);
        self.0[w] |= m;
    }

    /// Was the word hash (probably) added?
    #[inline]
    pub fn contains(&self, h: u64) -> bool {
        let (w, m) = Self::slot(h);
        self.0[w] & m != 0
    }
}

fn connectors() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(CONNECTORS))
}

fn title_small() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(TITLE_SMALL))
}

impl<'a> Doc<'a> {
    /// Analyses `text`.
    pub fn new(text: &'a str, gaz: &Gazetteer) -> Self {
        Self::with_buffers(text, gaz, Buffers::default())
    }

    /// Analyses `text`, in the memory of `bufs` (from [`Doc::into_buffers`]).
    pub fn with_buffers(text: &'a str, gaz: &Gazetteer, bufs: Buffers) -> Self {
        let Buffers {
            mut toks,
            mut style,
            mut dates,
            mut chunks,
            gaz: mut tags,
            mut cap_mid,
            mut spare,
        } = bufs;
        tokenize_into(text, &mut toks);
        let starts = scan_lines(&toks, &mut style, &mut cap_mid, &mut spare);
        let starts = spare.starts.get(..starts).unwrap_or_default();
        find_dates_into(&toks, text, starts, &mut dates);
        let in_date = &mut spare.in_date;
        in_date.clear();
        in_date.resize(toks.len(), false);
        for &(s, e) in &dates {
            for d in in_date.iter_mut().take(e).skip(s) {
                *d = true;
            }
        }
        find_chunks(&toks, text, in_date, starts, &mut chunks);
        tags.clear();
        tags.resize(toks.len(), GazTag::default());
        let names = class::LOC | class::CITY | class::MISC | class::ORG;
        let singles = &mut spare.singles;
        for &(s, e) in &chunks {
            singles.clear();
            singles.extend(toks[s..e].iter().map(|t| gaz.single(t)));
            for (t, g) in tags[s..e].iter_mut().zip(singles.iter()) {
                t.single = g.classes;
            }
            let mut i = s;
            while i < e {
                if let Some((n, c)) = gaz.longest_from(&toks[i..e], singles[i - s], names) {
                    for (k, t) in tags.iter_mut().enumerate().take(i + n).skip(i) {
                        t.span = c;
                        t.begin = k == i;
                        t.last = k + 1 == i + n;
                    }
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        Doc {
            text,
            toks,
            style,
            dates,
            chunks,
            gaz: tags,
            cap_mid,
            spare,
        }
    }

    /// Gives back the memory of this analysis for [`Doc::with_buffers`].
    pub fn into_buffers(self) -> Buffers {
        Buffers {
            toks: self.toks,
            style: self.style,
            dates: self.dates,
            chunks: self.chunks,
            gaz: self.gaz,
            cap_mid: self.cap_mid,
            spare: self.spare,
        }
    }

    /// Text of token `i` ("" out of range).
    pub fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }
}

/// What [`scan_lines`] counts of a token, by kind and case (bit flags).
mod flag {
    /// A word.
    pub const WORD: u8 = 1;
    /// A word in capitals.
    pub const UPPER: u8 = 1 << 1;
    /// A word in title case.
    pub const TITLE: u8 = 1 << 2;
    /// A word in lower or mixed case.
    pub const LOWER: u8 = 1 << 3;
    /// A number or a word with an upper-case letter: may start a date or chunk.
    pub const START: u8 = 1 << 4;
}

/// [`flag`]s of a token of `kind` and `case`.
const fn flags_of(kind: TokKind, case: Case) -> u8 {
    match kind {
        TokKind::Word => {
            flag::WORD
                | match case {
                    Case::Lower => flag::LOWER,
                    Case::Title => flag::TITLE | flag::START,
                    Case::Upper => flag::UPPER | flag::START,
                    Case::Mixed => flag::LOWER | flag::START,
                }
        }
        TokKind::Number => flag::START,
        TokKind::Punct => 0,
    }
}

/// [`flags_of`] every kind and case, at `kind as usize * 4 + case as usize`.
static FLAGS: [u8; 12] = {
    let kinds = [TokKind::Word, TokKind::Number, TokKind::Punct];
    let cases = [Case::Lower, Case::Title, Case::Upper, Case::Mixed];
    let mut t = [0; 12];
    let mut k = 0;
    while k < kinds.len() {
        let mut c = 0;
        while c < cases.len() {
            t[kinds[k] as usize * 4 + cases[c] as usize] = flags_of(kinds[k], cases[c]);
            c += 1;
        }
        k += 1;
    }
    t
};

/// [`flag`]s of `t` (a table look-up: no branches on its kind and case,
/// which would mispredict about as often as they are taken).
#[inline]
fn flags(t: &Token) -> u8 {
    FLAGS[t.kind as usize * 4 + t.case as usize]
}

/// The style of each token's line into `style`; the words capitalised in
/// prose away from a sentence start into `cap_mid` (cleared first); and
/// into `spare.starts`, the indices of the tokens that can start a date or
/// a chunk (numbers and words with an upper-case letter, about one token in
/// five), so that later passes visit only those. Returns how many of
/// `spare.starts` are set.
fn scan_lines(
    toks: &[Token],
    style: &mut Vec<LineStyle>,
    cap_mid: &mut WordFilter,
    spare: &mut Spare,
) -> usize {
    // Indices are written without branches: every slot a token may take
    // exists, and only the first `n_*` slots mean anything.
    grow(&mut spare.starts, toks.len());
    grow(&mut spare.capitalised, toks.len());
    let (starts, capitalised) = (&mut spare.starts, &mut spare.capitalised);
    let (mut n_starts, mut n_capitalised) = (0, 0);
    for (i, t) in toks.iter().enumerate() {
        let f = flags(t);
        if let Some(x) = starts.get_mut(n_starts) {
            *x = i as u32;
        }
        n_starts += usize::from(f & flag::START != 0);
        if let Some(x) = capitalised.get_mut(n_capitalised) {
            *x = i as u32;
        }
        n_capitalised += usize::from((f & flag::TITLE != 0) & !t.sent_start);
    }

    style.clear();
    style.resize(toks.len(), LineStyle::Prose);
    let small = title_small();
    let mut s = 0;
    while s < toks.len() {
        let line = toks[s].line;
        let mut e = s;
        let (mut words, mut caps, mut titled) = (0u32, 0u32, 0u32);
        // a lower-case word other than the small words of titles (only
        // whether there is one matters, so look-ups stop at the first)
        let mut lower = false;
        for t in toks[s..].iter().take_while(|t| t.line == line) {
            e += 1;
            // words of one letter count for nothing (masked: a branch would mispredict)
            let f = flags(t) & 0u8.wrapping_sub(u8::from(t.end - t.start >= 2));
            words += u32::from(f & flag::WORD);
            caps += u32::from(f & flag::UPPER != 0);
            titled += u32::from(f & flag::TITLE != 0);
            if !lower && f & flag::LOWER != 0 {
                lower = !small.contains(t.lhash);
            }
        }
        // a lone capitalised word on a short line ("BRUSSELS 1996-08-22") is a dateline
        let short = e - s <= 4;
        let line_style = if caps * 10 >= words * 7 && (caps >= 2 || (caps == 1 && short)) {
            LineStyle::Caps
        } else if words >= 3 && !lower && titled + caps >= 3 {
            LineStyle::Title
        } else {
            LineStyle::Prose
        };
        if line_style != LineStyle::Prose {
            style[s..e].fill(line_style);
        }
        s = e;
    }

    cap_mid.clear();
    for &i in capitalised.iter().take(n_capitalised) {
        let i = i as usize;
        if style.get(i) == Some(&LineStyle::Prose) {
            cap_mid.insert(toks[i].lhash);
        }
    }
    n_starts
}

/// Makes `v` at least `n` long (new items are default values).
fn grow<T: Default + Clone>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        v.resize(n, T::default());
    }
}

fn is_candidate(t: &Token, text: &str) -> bool {
    t.kind == TokKind::Word
        && (t.is_cap() || (t.case == Case::Mixed && t.text(text).chars().count() > 2))
}

/// Candidate chunks (token ranges) into `out`; they start only at `starts`
/// (see [`scan_lines`]).
fn find_chunks(
    toks: &[Token],
    text: &str,
    in_date: &[bool],
    starts: &[u32],
    out: &mut Vec<(usize, usize)>,
) {
    out.clear();
    let mut i = 0;
    let cand = |i: usize| is_candidate(&toks[i], text) && !in_date[i];
    for &start in starts {
        let s = start as usize;
        if s < i || !cand(s) {
            continue;
        }
        let mut e = s + 1;
        loop {
            if e < toks.len() && cand(e) && toks[e].line == toks[s].line {
                e += 1;
                continue;
            }
            // up to two connectors followed by a candidate on the same line
            let mut k = e;
            while k < toks.len()
                && k < e + 2
                && toks[k].line == toks[s].line
                && !in_date[k]
                && connectors().contains(toks[k].lhash)
                && (toks[k].text(text) != "-"
                    || (toks[k].start == toks[k - 1].end
                        && toks.get(k + 1).is_some_and(|n| n.start == toks[k].end)))
            {
                k += 1;
            }
            if k > e && k < toks.len() && cand(k) && toks[k].line == toks[s].line {
                e = k + 1;
                continue;
            }
            break;
        }
        out.push((s, e));
        i = e;
    }
}
