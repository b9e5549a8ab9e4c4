//! Postings of short word prefixes, kept beside the tantivy index.
//!
//! Typing `g` must rank every article that has a word starting with g, with
//! an exact count, in a millisecond or two. Expanding `g` to its thousands of
//! completions is too slow for a keystroke, and indexing the first letters of
//! every word as tantivy terms more than doubled the build time (each token
//! becomes three hash-table updates). So the grams — the first 1 to
//! [`GRAMS`] characters of each folded word — get postings of their own,
//! built beside each segment by the index builder: it works out the grams
//! of each distinct word once ([`WordGrams`]) and adds each document's
//! words with their counts, and ASCII grams go to direct array slots.
//!
//! A posting list holds, for every document whose title, body or entity
//! names have a word starting with the gram, how many such words (counted up
//! to [`MAX_GRAM_FREQ`], where BM25 has nearly saturated). It is a byte
//! string of LEB128 varints, `(doc gap << 3) | (count - 1)`.
//!
//! [`GramQuery`] exposes one gram as a tantivy query scored with BM25 like
//! a term, so it combines with the other clauses of a query.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError};

/// Prefixes up to this many characters have postings.
pub(crate) const GRAMS: usize = 3;
/// A gram is counted at most this many times per document.
const MAX_GRAM_FREQ: u8 = 8;
/// Bits of an entry that hold `count - 1`.
const COUNT_BITS: u32 = 3;
/// Slots for the ASCII grams of one to three letters or digits.
const ASCII_SLOTS: usize = 36 + 36 * 36 + 36 * 36 * 36;

// BM25 parameters, as tantivy uses them for terms.
const K1: f32 = 1.2;
const B: f32 = 0.75;

fn alnum_index(b: u8) -> Option<usize> {
    match b {
        b'0'..=b'9' => Some(usize::from(b - b'0')),
        b'a'..=b'z' => Some(10 + usize::from(b - b'a')),
        _ => None,
    }
}

/// Slot of an ASCII gram of one to three lowercase letters or digits.
fn ascii_slot(gram: &[u8]) -> Option<usize> {
    match *gram {
        [a] => alnum_index(a),
        [a, b] => Some(36 + alnum_index(a)? * 36 + alnum_index(b)?),
        [a, b, c] => {
            Some(36 + 36 * 36 + (alnum_index(a)? * 36 + alnum_index(b)?) * 36 + alnum_index(c)?)
        }
        _ => None,
    }
}

/// One gram's postings in one segment.
#[derive(Debug, Clone)]
struct List {
    doc_freq: u32,
    bytes: Arc<[u8]>,
}

/// The gram postings of one tantivy segment.
#[derive(Debug)]
pub(crate) struct SegmentGrams {
    id: SegmentId,
    ascii: Vec<Option<List>>,
    other: HashMap<Box<str>, List>,
    /// Words per document (title, body and entity names), by doc id.
    lens: Arc<[u32]>,
}

impl SegmentGrams {
    fn list(&self, gram: &str) -> Option<&List> {
        match ascii_slot(gram.as_bytes()) {
            Some(slot) => self.ascii.get(slot)?.as_ref(),
            None => self.other.get(gram),
        }
    }
}

/// Gram postings of every segment of an index.
#[derive(Debug, Default)]
pub(crate) struct GramIndex {
    segments: Vec<SegmentGrams>,
    num_docs: u64,
    avg_len: f32,
}

impl GramIndex {
    /// The index of the given segments' postings.
    pub(crate) fn new(segments: Vec<SegmentGrams>) -> GramIndex {
        let num_docs: u64 = segments.iter().map(|s| s.lens.len() as u64).sum();
        let words: u64 = segments
            .iter()
            .flat_map(|s| s.lens.iter())
            .map(|&n| u64::from(n))
            .sum();
        GramIndex {
            segments,
            num_docs,
            avg_len: if num_docs == 0 {
                1.0
            } else {
                (words as f32 / num_docs as f32).max(1.0)
            },
        }
    }

    /// Number of documents with a word starting with `gram` (a folded
    /// prefix of at most [`GRAMS`] characters).
    pub(crate) fn doc_freq(&self, gram: &str) -> u32 {
        self.segments
            .iter()
            .filter_map(|s| s.list(gram))
            .map(|l| l.doc_freq)
            .sum()
    }
}

/// No gram in this place of [`WordGrams::ascii`].
const NO_SLOT: u32 = u32::MAX;

/// The grams of one folded word, worked out once per distinct word of a
/// segment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WordGrams {
    /// Slots of its ASCII grams, then [`NO_SLOT`].
    ascii: [u32; GRAMS],
    /// Its other grams.
    other: Box<[Box<str>]>,
}

/// The slot of the longest gram of a word whose first bytes (up to
/// [`GRAMS`]) are `prefix`, when they are all ASCII letters or digits: the
/// word's other grams follow from it ([`shorter_slot`]).
pub(crate) fn ascii_longest(prefix: &[u8]) -> Option<u32> {
    ascii_slot(prefix.get(..prefix.len().min(GRAMS))?).map(|s| s as u32)
}

/// The slot of the gram one character shorter than the ASCII gram in
/// `slot`.
fn shorter_slot(slot: usize) -> Option<usize> {
    const TWO: usize = 36 + 36 * 36;
    match slot {
        0..36 => None,
        36..TWO => Some((slot - 36) / 36),
        _ => Some(36 + (slot - TWO) / 36),
    }
}

impl WordGrams {
    pub(crate) fn of(word: &str) -> WordGrams {
        let ends: Vec<usize> = if word.bytes().take(GRAMS).all(|b| b.is_ascii()) {
            (1..=word.len().min(GRAMS)).collect()
        } else {
            let ends = word.char_indices().map(|(i, _)| i).skip(1);
            ends.chain(std::iter::once(word.len()))
                .take(GRAMS)
                .collect()
        };
        let mut ascii = [NO_SLOT; GRAMS];
        let mut filled = 0;
        let mut other = Vec::new();
        for end in ends {
            let gram = &word[..end];
            match ascii_slot(gram.as_bytes()) {
                Some(slot) => {
                    if let Some(place) = ascii.get_mut(filled) {
                        *place = slot as u32;
                        filled += 1;
                    }
                }
                None => other.push(gram.into()),
            }
        }
        WordGrams {
            ascii,
            other: other.into(),
        }
    }
}

/// Accumulates the postings of one segment, document by document in doc id
/// order: the caller adds each distinct word of a document with the number
/// of times it occurs, then ends the document.
pub(crate) struct SegmentBuilder {
    counts: DocCounts,
    ascii: Vec<Open>,
    other: HashMap<Box<str>, Open>,
    lens: Vec<u32>,
}

/// Gram counts of the document being added.
struct DocCounts {
    /// Counts of ASCII grams by slot, and the slots set.
    ascii: Vec<u8>,
    touched: Vec<u32>,
    other: HashMap<Box<str>, u8>,
}

/// A list being written.
#[derive(Default)]
struct Open {
    doc_freq: u32,
    last_doc: DocId,
    bytes: Vec<u8>,
}

impl Open {
    fn push(&mut self, doc: DocId, count: u8) {
        let gap = u64::from(doc - self.last_doc);
        let mut v = (gap << COUNT_BITS) | u64::from(count.saturating_sub(1));
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
        self.last_doc = doc;
        self.doc_freq += 1;
    }

    fn close(self) -> Option<List> {
        (self.doc_freq > 0).then(|| List {
            doc_freq: self.doc_freq,
            bytes: self.bytes.into(),
        })
    }
}

/// `count` more, up to [`MAX_GRAM_FREQ`].
fn capped_add(n: u8, count: u32) -> u8 {
    u32::from(n)
        .saturating_add(count)
        .min(u32::from(MAX_GRAM_FREQ)) as u8
}

impl SegmentBuilder {
    pub(crate) fn new() -> Self {
        SegmentBuilder {
            counts: DocCounts {
                ascii: vec![0; ASCII_SLOTS],
                touched: Vec::new(),
                other: HashMap::new(),
            },
            ascii: (0..ASCII_SLOTS).map(|_| Open::default()).collect(),
            other: HashMap::new(),
            lens: Vec::new(),
        }
    }

    /// Counts `count` times a word of the current document whose grams are
    /// ASCII, the longest in slot `longest` ([`ascii_longest`]).
    pub(crate) fn add_ascii_word(&mut self, longest: u32, count: u32) {
        let counts = &mut self.counts;
        let mut slot = Some(longest as usize);
        while let Some(s) = slot {
            if let Some(n) = counts.ascii.get_mut(s) {
                if *n == 0 {
                    counts.touched.push(s as u32);
                }
                *n = capped_add(*n, count);
            }
            slot = shorter_slot(s);
        }
    }

    /// Counts a word of the current document `count` times.
    pub(crate) fn add_word(&mut self, grams: &WordGrams, count: u32) {
        let counts = &mut self.counts;
        for &slot in grams.ascii.iter().take_while(|&&s| s != NO_SLOT) {
            if let Some(n) = counts.ascii.get_mut(slot as usize) {
                if *n == 0 {
                    counts.touched.push(slot);
                }
                *n = capped_add(*n, count);
            }
        }
        for gram in &grams.other {
            let n = counts.other.entry(gram.clone()).or_insert(0);
            *n = capped_add(*n, count);
        }
    }

    /// Ends the current document, `doc` (one more than the previous one),
    /// which has `words` words in all.
    pub(crate) fn end_doc(&mut self, doc: DocId, words: u32) {
        let counts = &mut self.counts;
        for &slot in &counts.touched {
            let slot = slot as usize;
            if let (Some(n), Some(list)) = (counts.ascii.get_mut(slot), self.ascii.get_mut(slot)) {
                list.push(doc, *n);
                *n = 0;
            }
        }
        counts.touched.clear();
        for (gram, n) in counts.other.drain() {
            self.other.entry(gram).or_default().push(doc, n);
        }
        self.lens.push(words);
    }

    pub(crate) fn finish(self, id: SegmentId) -> SegmentGrams {
        SegmentGrams {
            id,
            ascii: self.ascii.into_iter().map(Open::close).collect(),
            other: self
                .other
                .into_iter()
                .filter_map(|(g, l)| Some((g, l.close()?)))
                .collect(),
            lens: self.lens.into(),
        }
    }
}

/// The documents with a word starting with a gram, ranked by BM25 over how
/// many of their words start with it.
#[derive(Clone)]
pub(crate) struct GramQuery {
    index: Arc<GramIndex>,
    gram: Box<str>,
}

impl std::fmt::Debug for GramQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GramQuery")
            .field("gram", &self.gram)
            .finish()
    }
}

impl GramQuery {
    pub(crate) fn new(index: Arc<GramIndex>, gram: &str) -> Self {
        GramQuery {
            index,
            gram: gram.into(),
        }
    }
}

impl Query for GramQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let n = self.index.num_docs as f32;
        let df = self.index.doc_freq(&self.gram) as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        Ok(Box::new(GramWeight {
            index: Arc::clone(&self.index),
            gram: self.gram.clone(),
            weight: idf * (1.0 + K1),
        }))
    }
}

struct GramWeight {
    index: Arc<GramIndex>,
    gram: Box<str>,
    /// `idf * (1 + k1)`.
    weight: f32,
}

impl GramWeight {
    /// The concrete scorer of `reader`'s segment; `None` when no document
    /// there has the gram.
    fn gram_scorer(&self, reader: &SegmentReader, boost: Score) -> Option<GramScorer> {
        let id = reader.segment_id();
        let seg = self.index.segments.iter().find(|s| s.id == id)?;
        let list = seg.list(&self.gram)?;
        Some(GramScorer::new(
            list,
            Arc::clone(&seg.lens),
            self.weight * boost,
            self.index.avg_len,
        ))
    }
}

impl Weight for GramWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.gram_scorer(reader, boost) {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    /// Top-k collection without dynamic dispatch per document, skipping the
    /// exact score of a document whose count alone cannot beat `threshold`.
    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let Some(mut scorer) = self.gram_scorer(reader, 1.0) else {
            return Ok(());
        };
        // The best score a count can reach: that of an empty document.
        let best: [Score; MAX_GRAM_FREQ as usize + 1] =
            std::array::from_fn(|tf| scorer.weight * tf as f32 / (tf as f32 + K1 * (1.0 - B)));
        while scorer.doc != TERMINATED {
            let bound = best
                .get(scorer.count as usize)
                .copied()
                .unwrap_or(Score::MAX);
            if bound > threshold {
                let score = scorer.score();
                if score > threshold {
                    threshold = callback(scorer.doc, score);
                }
            }
            scorer.read_entry(false);
        }
        Ok(())
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        let id = reader.segment_id();
        let list = self.index.segments.iter().find(|s| s.id == id);
        match (list.and_then(|s| s.list(&self.gram)), reader.alive_bitset()) {
            (None, _) => Ok(0),
            // Nothing is ever deleted from this index, but stay exact if so.
            (Some(_), Some(_)) => {
                let mut scorer = self.scorer(reader, 1.0)?;
                let mut n = 0;
                while scorer.doc() != TERMINATED {
                    if !reader.is_deleted(scorer.doc()) {
                        n += 1;
                    }
                    scorer.advance();
                }
                Ok(n)
            }
            (Some(list), None) => Ok(list.doc_freq),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() <= doc && scorer.seek(doc) == doc {
            Ok(Explanation::new("prefix BM25", scorer.score()))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} has no word starting with {:?}",
                self.gram
            )))
        }
    }
}

struct GramScorer {
    bytes: Arc<[u8]>,
    pos: usize,
    doc: DocId,
    count: u32,
    size: u32,
    lens: Arc<[u32]>,
    weight: f32,
    avg_len: f32,
}

impl GramScorer {
    /// A scorer over `list`, on its first document; `lens` are the word
    /// counts of the segment's documents.
    fn new(list: &List, lens: Arc<[u32]>, weight: f32, avg_len: f32) -> Self {
        let mut scorer = GramScorer {
            bytes: Arc::clone(&list.bytes),
            pos: 0,
            doc: 0,
            count: 0,
            size: list.doc_freq,
            lens,
            weight,
            avg_len,
        };
        scorer.read_entry(true);
        scorer
    }

    /// Decodes the entry at `pos` (the first one when `first`), or moves to
    /// [`TERMINATED`] at the end.
    fn read_entry(&mut self, first: bool) {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                self.doc = TERMINATED;
                return;
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
            if shift > 63 {
                self.doc = TERMINATED;
                return;
            }
        }
        let gap = (v >> COUNT_BITS) as DocId;
        let base = if first { 0 } else { self.doc };
        self.doc = base.saturating_add(gap).min(TERMINATED);
        self.count = (v & ((1 << COUNT_BITS) - 1)) as u32 + 1;
    }
}

impl DocSet for GramScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.read_entry(false);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.size
    }
}

impl Scorer for GramScorer {
    fn score(&mut self) -> Score {
        let len = self.lens.get(self.doc as usize).copied().unwrap_or(0) as f32;
        let tf = self.count as f32;
        let norm = K1 * (1.0 - B + B * len / self.avg_len);
        self.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::search::tokenize::{FoldTokenizer, Folder, next_word};

    fn decode(list: &List) -> Vec<(DocId, u32)> {
        let mut s = GramScorer::new(list, Arc::from(Vec::new()), 1.0, 1.0);
        let mut out = Vec::new();
        while s.doc() != TERMINATED {
            out.push((s.doc(), s.count));
            s.advance();
        }
        out
    }

    /// Adds a document the way the index builder does: each distinct word
    /// (as the index tokenizes it) once, with its count.
    fn add_texts(b: &mut SegmentBuilder, doc: DocId, texts: &[&str]) {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let mut tokenizer = FoldTokenizer::words();
        let mut counts = std::collections::BTreeMap::<String, u32>::new();
        let mut words = 0;
        for text in texts {
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                *counts.entry(stream.token().text.clone()).or_default() += 1;
                words += 1;
            }
        }
        for (word, count) in &counts {
            b.add_word(&WordGrams::of(word), *count);
        }
        b.end_doc(doc, words);
    }

    /// A segment's lists (gram, then (doc, count) entries) and the word
    /// counts of its documents.
    pub(crate) type SegmentDump = (Vec<(String, Vec<(DocId, u32)>)>, Vec<u32>);

    /// Every list of `index`, segment by segment: gram, then (doc, count)
    /// entries; and the word counts of the documents.
    pub(crate) fn dump(index: &GramIndex) -> Vec<SegmentDump> {
        index
            .segments
            .iter()
            .map(|s| {
                let mut lists: Vec<(String, Vec<(DocId, u32)>)> = s
                    .ascii
                    .iter()
                    .enumerate()
                    .filter_map(|(slot, l)| Some((slot_names()[slot].clone(), decode(l.as_ref()?))))
                    .chain(s.other.iter().map(|(g, l)| (g.to_string(), decode(l))))
                    .collect();
                lists.sort();
                (lists, s.lens.to_vec())
            })
            .collect()
    }

    /// The postings of one segment of `docs` (each a list of texts), counted
    /// word by word.
    pub(crate) fn plain(docs: &[Vec<&str>]) -> GramIndex {
        let refs: Vec<&[&str]> = docs.iter().map(Vec::as_slice).collect();
        GramIndex::new(vec![segment(&refs)])
    }

    fn segment(docs: &[&[&str]]) -> SegmentGrams {
        let mut b = SegmentBuilder::new();
        for (i, texts) in docs.iter().enumerate() {
            add_texts(&mut b, i as DocId, texts);
        }
        b.finish(SegmentId::generate_random())
    }

    #[test]
    fn grams_of_every_word_counted_per_document() {
        let s = segment(&[
            &["Go Éclair", "going gone"],
            &["nothing here"],
            &["", "GOAL"],
        ]);
        assert_eq!(decode(s.list("g").unwrap()), vec![(0, 3), (2, 1)]);
        assert_eq!(decode(s.list("go").unwrap()), vec![(0, 3), (2, 1)]);
        assert_eq!(decode(s.list("gon").unwrap()), vec![(0, 1)]);
        assert_eq!(decode(s.list("ecl").unwrap()), vec![(0, 1)]);
        assert_eq!(decode(s.list("h").unwrap()), vec![(1, 1)]);
        assert!(s.list("x").is_none());
        assert_eq!(&*s.lens, &[4, 2, 1]);
    }

    #[test]
    fn counts_are_capped_and_gaps_can_be_large() {
        let long = "gone ".repeat(20);
        let mut docs: Vec<Vec<&str>> = vec![vec![long.as_str()]];
        docs.extend(std::iter::repeat_n(vec!["x"], 5000));
        docs.push(vec!["gone"]);
        let refs: Vec<&[&str]> = docs.iter().map(Vec::as_slice).collect();
        let s = segment(&refs);
        assert_eq!(decode(s.list("gon").unwrap()), vec![(0, 8), (5001, 1)]);
    }

    /// Grams of `text` counted the plain way: every word folded, then its
    /// first characters.
    fn reference(text: &str) -> (u32, std::collections::BTreeMap<String, u8>) {
        let mut folder = Folder::new();
        let mut word = String::new();
        let mut out = std::collections::BTreeMap::new();
        let mut words = 0;
        let mut pos = 0;
        while let Some(r) = next_word(text, pos) {
            pos = r.end;
            words += 1;
            folder.fold(&text[r], &mut word);
            for n in 1..=GRAMS {
                let Some((end, _)) = word.char_indices().nth(n) else {
                    if word.chars().count() == n {
                        let c = out.entry(word.clone()).or_insert(0u8);
                        *c = (*c + 1).min(MAX_GRAM_FREQ);
                    }
                    break;
                };
                let c = out.entry(word[..end].to_string()).or_insert(0u8);
                *c = (*c + 1).min(MAX_GRAM_FREQ);
            }
        }
        (words, out)
    }

    /// The gram of every ASCII slot.
    fn slot_names() -> &'static [String] {
        static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        NAMES.get_or_init(|| {
            let alnum: Vec<char> = "0123456789abcdefghijklmnopqrstuvwxyz".chars().collect();
            let mut names = vec![String::new(); ASCII_SLOTS];
            let mut grams = vec![String::new()];
            for _ in 0..GRAMS {
                grams = grams
                    .iter()
                    .flat_map(|p| alnum.iter().map(move |c| format!("{p}{c}")))
                    .collect();
                for g in &grams {
                    names[ascii_slot(g.as_bytes()).unwrap()] = g.clone();
                }
            }
            names
        })
    }

    fn fast(text: &str) -> (u32, std::collections::BTreeMap<String, u8>) {
        let mut b = SegmentBuilder::new();
        add_texts(&mut b, 0, &[text]);
        let s = b.finish(SegmentId::generate_random());
        let words = s.lens[0];
        let mut out = std::collections::BTreeMap::new();
        for (slot, list) in s.ascii.iter().enumerate() {
            if let Some(list) = list {
                let gram = slot_names()[slot].clone();
                out.insert(gram, decode(list)[0].1 as u8);
            }
        }
        for (gram, list) in &s.other {
            out.insert(gram.to_string(), decode(list)[0].1 as u8);
        }
        (words, out)
    }

    #[test]
    fn counts_like_the_plain_way() {
        for text in [
            "Go, GOAL! gone-going 3G x2 a",
            "Straße café naïve Ærø ﬁne",
            "abcé ÉCOLE 1990s",
            "",
        ] {
            assert_eq!(fast(text), reference(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_counts_like_the_plain_way(text in "[a-zA-Z0-9 ,.éßÆ\\-ﬁМо]{0,40}") {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_grams_found_from_the_longest_are_those_of_the_word(word in "[a-z0-9é.ßø]{1,6}") {
            let prefix = &word.as_bytes()[..word.len().min(GRAMS)];
            let all_alnum = prefix.iter().all(u8::is_ascii_alphanumeric);
            match ascii_longest(prefix) {
                Some(longest) => {
                    let mut slots = vec![longest];
                    while let Some(&s) = slots.last() {
                        match shorter_slot(s as usize) {
                            Some(shorter) => slots.push(shorter as u32),
                            None => break,
                        }
                    }
                    slots.reverse();
                    slots.resize(GRAMS, NO_SLOT);
                    let of = WordGrams::of(&word);
                    proptest::prop_assert_eq!(&slots[..], &of.ascii[..]);
                    proptest::prop_assert!(of.other.is_empty());
                }
                None => proptest::prop_assert!(!all_alnum),
            }
        }
    }

    #[test]
    fn grams_beyond_ascii() {
        let s = segment(&[&["Москва и мир"], &["Μόναχο"]]);
        assert_eq!(decode(s.list("м").unwrap()), vec![(0, 2)]);
        assert_eq!(decode(s.list("мос").unwrap()), vec![(0, 1)]);
        assert_eq!(decode(s.list("и").unwrap()), vec![(0, 1)]);
        // Greek folds to lowercase, accents stay where ASCII has none.
        let greek: Vec<&Box<str>> = s.other.keys().filter(|k| k.starts_with('μ')).collect();
        assert!(
            !greek.is_empty(),
            "{:?}",
            s.other.keys().collect::<Vec<_>>()
        );
    }
}
