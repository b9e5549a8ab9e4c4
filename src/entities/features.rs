//! Features of one chunk token for the learned tagger, as hashed buckets.
//!
//! The same function serves training and tagging, so the two cannot drift
//! apart. Features: the lower-cased word, its shape, prefix and suffixes,
//! neighbouring words, letter case with sentence position and line style,
//! position in the chunk, gazetteer classes of the token and of the chunk's
//! last word, and whether the word appears capitalised mid-sentence
//! elsewhere in the text.

use super::common::common_words;
use super::doc::{Doc, LineStyle};
use super::gazetteer::class;
use super::tokenize::{Case, TokKind, ascii_lower_hash, finish, lower_hash, mix};

/// Number of tag labels: O, then B/I for PER, LOC, ORG, MISC.
pub const NL: usize = 9;

#[inline]
fn f(template: u64, v: u64) -> u64 {
    finish(mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15), v))
}

/// Hash of the word's shape: runs of upper case (`X`), lower case (`x`),
/// digits (`d`) and other characters, at most 7 runs.
#[inline]
fn shape(w: &str) -> u64 {
    if w.is_ascii() {
        // the same classes as below, byte by byte
        return shape_of(w.bytes().map(|b| SHAPE_CLASS[usize::from(b)]));
    }
    shape_of(w.chars().map(|c| {
        if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        }
    }))
}

/// Shape class of each ASCII byte: `X`, `x`, `d` or the byte itself (the
/// rest of the table is unused).
static SHAPE_CLASS: [char; 256] = {
    let mut t = [' '; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            'X'
        } else if c.is_ascii_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c as char
        };
        b += 1;
    }
    t
};

#[inline]
fn shape_of(classes: impl Iterator<Item = char>) -> u64 {
    let mut h = 7u64;
    let mut last = ' ';
    let mut n = 0;
    for s in classes {
        if s != last {
            h = mix(h, u64::from(u32::from(s)));
            last = s;
            n += 1;
            if n > 6 {
                break;
            }
        }
    }
    h
}

/// [`lower_hash`] of the last `n` characters of `w`.
#[inline]
fn suffix_hash(w: &str, n: usize) -> u64 {
    if w.is_ascii() {
        let b = w.as_bytes();
        return ascii_lower_hash(b.get(b.len().saturating_sub(n)..).unwrap_or(b));
    }
    let start = w.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    lower_hash(w.get(start..).unwrap_or(w))
}

fn case_code(c: Case) -> u64 {
    match c {
        Case::Lower => 0,
        Case::Title => 1,
        Case::Upper => 2,
        Case::Mixed => 3,
    }
}

fn style_code(s: LineStyle) -> u64 {
    match s {
        LineStyle::Prose => 0,
        LineStyle::Title => 1,
        LineStyle::Caps => 2,
    }
}

/// Appends the feature hashes of token `i` in chunk `(s, e)` to `out`.
pub fn features(doc: &Doc, s: usize, e: usize, i: usize, out: &mut Vec<u64>) {
    each_feature(doc, s, e, i, |h| out.push(h));
}

/// Calls `out` with each feature hash of token `i` in chunk `(s, e)`, in
/// the order [`features`] lists them.
#[inline]
pub fn each_feature(doc: &Doc, s: usize, e: usize, i: usize, mut out: impl FnMut(u64)) {
    let t = &doc.toks[i];
    let w = doc.word(i);
    let lw = t.lhash;
    let style = style_code(doc.style[i]);
    let case = case_code(t.case);
    let ss = u64::from(t.sent_start);
    let g = doc.gaz[i];
    let prev = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| doc.toks.get(j))
            .map_or(1, |t| t.lhash)
    };
    let next = |k: usize| doc.toks.get(i + k).map_or(2, |t| t.lhash);
    let pcase = i
        .checked_sub(1)
        .and_then(|j| doc.toks.get(j))
        .map_or(9, |t| {
            case_code(t.case) + 4 * u64::from(t.kind == TokKind::Punct)
        });
    let ncase = doc.toks.get(i + 1).map_or(9, |t| {
        case_code(t.case) + 4 * u64::from(t.kind == TokKind::Punct)
    });
    let pos = u64::from(i == s) + 2 * u64::from(i + 1 == e);
    let len = (e - s).min(4) as u64;
    let common = common_words().contains(lw);
    let len_w = w.len().min(6) as u64;

    out(f(0, 0));
    out(f(1, lw));
    out(f(2, shape(w)));
    out(f(3, suffix_hash(w, 3)));
    out(f(6, case | ss << 3 | style << 4));
    out(f(7, prev(1)));
    out(f(9, next(1)));
    out(f(11, mix(prev(1), lw)));
    out(f(12, mix(lw, next(1))));
    out(f(13, pcase | ncase << 4 | case << 8));
    out(f(14, pos | len << 2 | style << 5));
    out(f(
        15,
        u64::from(g.span) | u64::from(g.begin) << 10 | u64::from(g.last) << 11,
    ));
    out(f(16, u64::from(g.single)));
    // each of the 8 class bits set in either, lowest first
    let mut bits = (g.span | g.single) & 0xff;
    while bits != 0 {
        let b = bits.trailing_zeros();
        bits &= bits - 1;
        let bit = 1u16 << b;
        if g.span & bit != 0 {
            out(f(17, u64::from(b) | u64::from(g.begin) << 4 | style << 5));
        }
        if g.single & bit != 0 {
            out(f(18, u64::from(b) | ss << 4 | style << 5));
        }
    }
    let last_single = doc.gaz[e - 1].single & (class::ORGSUF | class::LOCSUF);
    out(f(19, u64::from(last_single) | u64::from(i + 1 == e) << 8));
    let first_single = doc.gaz[s].single & (class::TITLE | class::FIRST);
    out(f(20, u64::from(first_single) | pos << 8));
    let prev_in = if i > s {
        u64::from(doc.gaz[i - 1].single & (class::TITLE | class::FIRST))
    } else {
        99
    };
    out(f(21, prev_in));
    out(f(
        22,
        u64::from(doc.cap_mid.contains(lw)) | ss << 1 | style << 2 | case << 4,
    ));
    out(f(23, u64::from(common) | ss << 1 | style << 2 | case << 4));
    out(f(24, mix(lw, style)));
    out(f(25, len_w | case << 4));
    // the word just before the chunk (title, "in", "said" ...) and just after
    let before = s.checked_sub(1).map_or(1, |j| doc.toks[j].lhash);
    let after = doc.toks.get(e).map_or(2, |t| t.lhash);
    out(f(26, mix(before, pos)));
    out(f(27, mix(after, pos)));
}
