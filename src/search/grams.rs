//! Postings of short word prefixes, kept beside the tantivy index.
//!
//! Typing `g` must rank every article that has a word starting with g, with
//! an exact count, in a millisecond or two. Expanding `g` to its thousands of
//! completions is too slow for a keystroke, and indexing the first letters of
//! every word as tantivy terms more than doubled the build time (each token
//! becomes three hash-table updates). So the grams — the first 1 to
//! [`GRAMS`] characters of each folded word — get postings of their own.
//!
//! They are a tantivy [`SegmentPlugin`]: each segment has a `.grams` file
//! beside its postings, written when tantivy writes the segment and again
//! when it merges segments. Both times the file is derived from the
//! segment's own term dictionaries and postings (title, body and entity
//! names), which tantivy has written by then: all words that share a prefix
//! are neighbours in the sorted dictionaries, so one pass over the terms
//! adds each posting to the lists of its one, two and three letter grams.
//! The grams therefore follow every merge and delete, and hold exactly the
//! words the index holds.
//!
//! A posting list holds, for every document whose title, body or entity
//! names have a word starting with the gram, how many such words (counted up
//! to [`MAX_GRAM_FREQ`], where BM25 has nearly saturated). It is a byte
//! string of LEB128 varints, `(doc gap << 3) | (count - 1)`.
//!
//! [`GramQuery`] exposes one gram as a tantivy query scored with BM25 like
//! a term, so it combines with the other clauses of a query.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use tantivy::directory::{OwnedBytes, TerminatingWrite};
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::plugin::{PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin};
use tantivy::postings::Postings;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::{DocId, DocSet, Score, Searcher, Segment, SegmentReader, TERMINATED, TantivyError};

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
    /// Live documents in the list.
    doc_freq: u32,
    bytes: OwnedBytes,
}

/// The gram postings of one tantivy segment.
#[derive(Debug)]
pub(crate) struct SegmentGrams {
    id: SegmentId,
    ascii: Vec<Option<List>>,
    other: HashMap<Box<str>, List>,
    /// Words per document (title, body and entity names), by doc id, as
    /// little-endian u32s.
    lens: OwnedBytes,
    /// Tokens per document of each text field ([`TEXT_FIELDS`] of them),
    /// field after field, as little-endian u32s.
    tokens: OwnedBytes,
}

impl SegmentGrams {
    fn list(&self, gram: &str) -> Option<&List> {
        match ascii_slot(gram.as_bytes()) {
            Some(slot) => self.ascii.get(slot)?.as_ref(),
            None => self.other.get(gram),
        }
    }

    fn len_of(&self, doc: DocId) -> u32 {
        u32_at(&self.lens, doc as usize)
    }

    /// Tokens of document `doc` in text field `slot`.
    fn tokens_of(&self, slot: usize, doc: DocId) -> u32 {
        u32_at(&self.tokens, slot * self.max_doc() as usize + doc as usize)
    }

    fn max_doc(&self) -> u32 {
        (self.lens.len() / 4) as u32
    }
}

/// The `i`-th little-endian u32 of `bytes` (0 past the end).
fn u32_at(bytes: &OwnedBytes, i: usize) -> u32 {
    let at = i * 4;
    bytes
        .as_slice()
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Text fields whose tokens are counted, in [`TextField::ALL`] order; the
/// first [`GRAM_FIELDS`] of them have grams.
///
/// [`TextField::ALL`]: super::schema::TextField::ALL
pub(crate) const TEXT_FIELDS: usize = 6;
const GRAM_FIELDS: usize = 3;

/// Gram postings of every segment of an index, and the exact token counts
/// of its live documents.
#[derive(Debug, Default)]
pub(crate) struct GramIndex {
    segments: Vec<SegmentGrams>,
    num_docs: u64,
    avg_len: f32,
    /// Tokens of the live documents, per text field.
    field_tokens: [u64; TEXT_FIELDS],
}

impl GramIndex {
    /// Reads the gram files of the searcher's segments. Lists and counts
    /// leave deleted documents out.
    pub(crate) fn open(searcher: &Searcher) -> tantivy::Result<GramIndex> {
        let mut segments = Vec::new();
        let (mut num_docs, mut words) = (0u64, 0u64);
        let mut field_tokens = [0u64; TEXT_FIELDS];
        for reader in searcher.segment_readers() {
            let bytes = reader
                .open_read(SegmentComponent::Custom(EXTENSION.into()))?
                .read_bytes()?;
            let mut seg = parse(reader.segment_id(), bytes)?;
            if seg.max_doc() != reader.max_doc() {
                return Err(corrupt("document count differs from the segment's"));
            }
            let alive = |doc: DocId| !reader.is_deleted(doc);
            if reader.has_deletes() {
                let lists = seg.ascii.iter_mut().flatten().chain(seg.other.values_mut());
                for list in lists {
                    list.doc_freq = docs_of(&list.bytes).filter(|&(d, _)| alive(d)).count() as u32;
                }
            }
            for doc in (0..seg.max_doc()).filter(|&d| alive(d)) {
                num_docs += 1;
                words += u64::from(seg.len_of(doc));
                for (slot, total) in field_tokens.iter_mut().enumerate() {
                    *total += u64::from(seg.tokens_of(slot, doc));
                }
            }
            segments.push(seg);
        }
        Ok(GramIndex {
            segments,
            num_docs,
            field_tokens,
            avg_len: if num_docs == 0 {
                1.0
            } else {
                (words as f32 / num_docs as f32).max(1.0)
            },
        })
    }

    /// Tokens in text field `slot` of all live documents: exact, however
    /// the segments were merged (tantivy estimates this after a merge of
    /// segments with deletes).
    pub(crate) fn field_tokens(&self, slot: usize) -> u64 {
        self.field_tokens.get(slot).copied().unwrap_or(0)
    }

    /// Number of live documents with a word starting with `gram` (a folded
    /// prefix of at most [`GRAMS`] characters).
    pub(crate) fn doc_freq(&self, gram: &str) -> u32 {
        self.segments
            .iter()
            .filter_map(|s| s.list(gram))
            .map(|l| l.doc_freq)
            .sum()
    }
}

/// Every (doc, count) entry of a list.
fn docs_of(bytes: &OwnedBytes) -> impl Iterator<Item = (DocId, u32)> + '_ {
    let mut pos = 0;
    let mut doc: Option<DocId> = None;
    std::iter::from_fn(move || {
        let v = read_varint(bytes.as_slice(), &mut pos)?;
        let d = doc
            .map_or(0, |d| d)
            .saturating_add((v >> COUNT_BITS) as DocId);
        doc = Some(d);
        Some((d, (v & ((1 << COUNT_BITS) - 1)) as u32 + 1))
    })
}

fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// The file extension of a segment's gram postings.
pub(crate) const EXTENSION: &str = "grams";
/// First bytes of a gram file (the number is the layout's version).
const MAGIC: &[u8; 8] = b"DLGRAM02";

fn corrupt(why: &str) -> TantivyError {
    TantivyError::InternalError(format!("prefix postings: {why}"))
}

/// Reads a gram file: [`MAGIC`], the segment's document count, the number
/// of lists, the word count of each document, the token count of each
/// document in each text field, then each list as its gram, document count,
/// byte length and bytes.
fn parse(id: SegmentId, bytes: OwnedBytes) -> tantivy::Result<SegmentGrams> {
    let data = bytes.as_slice();
    let mut pos = 0usize;
    let mut take = |n: usize| -> tantivy::Result<std::ops::Range<usize>> {
        let r = pos..pos.checked_add(n).ok_or_else(|| corrupt("too long"))?;
        if r.end > data.len() {
            return Err(corrupt("truncated"));
        }
        pos = r.end;
        Ok(r)
    };
    let u32_at = |r: std::ops::Range<usize>| -> u32 {
        data.get(r)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    };
    if data.get(take(MAGIC.len())?) != Some(&MAGIC[..]) {
        return Err(corrupt("not a prefix postings file"));
    }
    let max_doc = u32_at(take(4)?) as usize;
    let lists = u32_at(take(4)?) as usize;
    let array = max_doc.checked_mul(4).ok_or_else(|| corrupt("too long"))?;
    let lens = bytes.slice(take(array)?);
    let tokens = bytes.slice(take(array * TEXT_FIELDS)?);
    let mut ascii: Vec<Option<List>> = vec![None; ASCII_SLOTS];
    let mut other = HashMap::new();
    for _ in 0..lists {
        let n = data.get(take(1)?.start).copied().unwrap_or(0) as usize;
        let gram = std::str::from_utf8(data.get(take(n)?).unwrap_or_default())
            .map_err(|_| corrupt("a gram is not UTF-8"))?;
        let doc_freq = u32_at(take(4)?);
        let len = u32_at(take(4)?) as usize;
        let list = List {
            doc_freq,
            bytes: bytes.slice(take(len)?),
        };
        match ascii_slot(gram.as_bytes()) {
            Some(slot) => ascii[slot] = Some(list),
            None => {
                other.insert(gram.into(), list);
            }
        }
    }
    if pos != data.len() {
        return Err(corrupt("trailing bytes"));
    }
    Ok(SegmentGrams {
        id,
        ascii,
        other,
        lens,
        tokens,
    })
}

/// The text fields, the first [`GRAM_FIELDS`] of which have grams.
pub(crate) fn gram_fields(fields: &super::schema::Fields) -> [Field; TEXT_FIELDS] {
    super::schema::TextField::ALL.map(|f| fields.field(f))
}

/// The gram postings as a segment component of the index.
#[derive(Debug)]
pub(crate) struct GramsPlugin {
    fields: [Field; TEXT_FIELDS],
}

impl GramsPlugin {
    pub(crate) fn new(fields: [Field; TEXT_FIELDS]) -> Self {
        GramsPlugin { fields }
    }
}

impl SegmentPlugin for GramsPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, _ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(GramsWriter {
            fields: self.fields,
            docs: 0,
        }))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        // The merged postings are written by now; deleted documents are gone.
        let docs: u32 = ctx.readers.iter().map(SegmentReader::num_docs).sum();
        write_derived(ctx.target_segment, docs, &self.fields)
    }
}

/// Counts the documents of a new segment; derives its grams once tantivy
/// has written its postings.
struct GramsWriter {
    fields: [Field; TEXT_FIELDS],
    docs: u32,
}

impl PluginWriter for GramsWriter {
    fn add_document(
        &mut self,
        doc_id: DocId,
        _doc: &dyn ErasedDocument,
        _schema: &Schema,
    ) -> tantivy::Result<()> {
        self.docs = self.docs.max(doc_id + 1);
        Ok(())
    }

    fn serialize(
        self: Box<Self>,
        segment: &Segment,
        _doc_id_map: Option<&tantivy::indexer::DocIdMapping>,
    ) -> tantivy::Result<()> {
        write_derived(segment, self.docs, &self.fields)
    }

    fn mem_usage(&self) -> usize {
        0
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// Derives the grams of `segment` (of `docs` documents, postings written)
/// and writes its gram file.
fn write_derived(segment: &Segment, docs: u32, fields: &[Field]) -> tantivy::Result<()> {
    let reader = SegmentReader::open(&segment.clone().with_max_doc(docs))?;
    let bytes = derive(&reader, fields)?;
    let mut write = segment.open_write(SegmentComponent::Custom(EXTENSION.into()))?;
    write.write_all(&bytes)?;
    write.terminate()?;
    Ok(())
}

/// The lists of one gram length being filled: the current gram and the
/// counts of the documents seen for it.
struct Level {
    gram: Option<Box<[u8]>>,
    counts: Vec<u8>,
    touched: Vec<DocId>,
}

impl Level {
    fn new(max_doc: usize) -> Level {
        Level {
            gram: None,
            counts: vec![0; max_doc],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, doc: DocId, tf: u32) {
        if let Some(n) = self.counts.get_mut(doc as usize) {
            if *n == 0 {
                self.touched.push(doc);
            }
            *n = capped_add(*n, tf);
        }
    }

    /// Writes the current gram's list to `out` and starts `next`.
    fn switch_to(&mut self, next: Option<&[u8]>, out: &mut Vec<u8>, lists: &mut u32) {
        if self.gram.as_deref() == next {
            return;
        }
        if let Some(gram) = self.gram.take()
            && !self.touched.is_empty()
        {
            self.touched.sort_unstable();
            let mut list = Open::default();
            for &doc in &self.touched {
                if let Some(n) = self.counts.get_mut(doc as usize) {
                    list.push(doc, *n);
                    *n = 0;
                }
            }
            self.touched.clear();
            out.push(gram.len() as u8);
            out.extend_from_slice(&gram);
            out.extend_from_slice(&list.doc_freq.to_le_bytes());
            out.extend_from_slice(&(list.bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(&list.bytes);
            *lists += 1;
        }
        self.gram = next.map(Box::from);
    }
}

/// Byte ends of the first [`GRAMS`] characters of `word`.
fn gram_ends(word: &str) -> impl Iterator<Item = usize> + '_ {
    word.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(GRAMS)
}

/// The gram file of a written segment: one pass over the terms of the gram
/// fields in sorted order (the fields' dictionaries merged), each posting
/// added to the lists of the term's grams.
fn derive(reader: &SegmentReader, fields: &[Field]) -> tantivy::Result<Vec<u8>> {
    let max_doc = reader.max_doc() as usize;
    let mut lens = vec![0u32; max_doc];
    let mut tokens = vec![0u32; max_doc * fields.len()];
    let inverted = fields
        .iter()
        .map(|&f| reader.inverted_index(f))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // Fields without grams: only their tokens are counted.
    for (slot, inv) in inverted.iter().enumerate().skip(GRAM_FIELDS) {
        let mut stream = inv.terms().stream()?;
        while stream.advance() {
            let mut postings =
                inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                if let Some(n) = tokens.get_mut(slot * max_doc + postings.doc() as usize) {
                    *n += postings.term_freq();
                }
                postings.advance();
            }
        }
    }
    let inverted = inverted.get(..GRAM_FIELDS).unwrap_or_default();
    let mut streams = Vec::with_capacity(inverted.len());
    for inv in inverted {
        let mut s = inv.terms().stream()?;
        let live = s.advance();
        streams.push((s, live));
    }
    let mut levels: Vec<Level> = (0..GRAMS).map(|_| Level::new(max_doc)).collect();
    let mut lists_bytes = Vec::new();
    let mut lists = 0u32;
    // Each step takes the stream whose term comes first.
    while let Some(next) = streams
        .iter()
        .enumerate()
        .filter(|(_, (_, live))| *live)
        .min_by(|a, b| a.1.0.key().cmp(b.1.0.key()))
        .map(|(i, _)| i)
    {
        let (stream, live) = &mut streams[next];
        if let Ok(word) = std::str::from_utf8(stream.key()) {
            let ends: Vec<usize> = gram_ends(word).collect();
            for (n, level) in levels.iter_mut().enumerate() {
                let gram = ends.get(n).map(|&e| &word.as_bytes()[..e]);
                level.switch_to(gram, &mut lists_bytes, &mut lists);
            }
            let mut postings = inverted[next]
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                let (doc, tf) = (postings.doc(), postings.term_freq());
                if let Some(n) = lens.get_mut(doc as usize) {
                    *n += tf;
                }
                if let Some(n) = tokens.get_mut(next * max_doc + doc as usize) {
                    *n += tf;
                }
                for level in levels.iter_mut().take(ends.len()) {
                    level.add(doc, tf);
                }
                postings.advance();
            }
        }
        *live = stream.advance();
    }
    for level in &mut levels {
        level.switch_to(None, &mut lists_bytes, &mut lists);
    }
    let mut out = Vec::with_capacity(16 + 4 * (lens.len() + tokens.len()) + lists_bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(max_doc as u32).to_le_bytes());
    out.extend_from_slice(&lists.to_le_bytes());
    for n in lens.iter().chain(&tokens) {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&lists_bytes);
    Ok(out)
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
}

/// `count` more, up to [`MAX_GRAM_FREQ`].
fn capped_add(n: u8, count: u32) -> u8 {
    u32::from(n)
        .saturating_add(count)
        .min(u32::from(MAX_GRAM_FREQ)) as u8
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
            seg.lens.clone(),
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

    /// The list's live documents, counted when the index was opened.
    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        let id = reader.segment_id();
        let seg = self.index.segments.iter().find(|s| s.id == id);
        Ok(seg
            .and_then(|s| s.list(&self.gram))
            .map_or(0, |l| l.doc_freq))
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
    bytes: OwnedBytes,
    pos: usize,
    doc: DocId,
    count: u32,
    size: u32,
    /// Word counts of the segment's documents (little-endian u32s).
    lens: OwnedBytes,
    weight: f32,
    avg_len: f32,
}

impl GramScorer {
    /// A scorer over `list`, on its first document; `lens` are the word
    /// counts of the segment's documents.
    fn new(list: &List, lens: OwnedBytes, weight: f32, avg_len: f32) -> Self {
        let mut scorer = GramScorer {
            bytes: list.bytes.clone(),
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
            let Some(&b) = self.bytes.as_slice().get(self.pos) else {
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
        let at = self.doc as usize * 4;
        let len = self
            .lens
            .as_slice()
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])) as f32;
        let tf = self.count as f32;
        let norm = K1 * (1.0 - B + B * len / self.avg_len);
        self.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::search::tokenize::{Folder, next_word};
    use crate::search::{DocInput, EntityField, IndexStore};

    /// Every list of `index` as gram → (article key, count) entries, with
    /// the word count of each article.
    pub(crate) type Dump = (BTreeMap<String, Vec<(u64, u32)>>, BTreeMap<u64, u32>);

    fn dump(store: &IndexStore) -> Dump {
        let searcher = store.reader_for_tests().searcher();
        let grams = GramIndex::open(&searcher).unwrap();
        let mut lists: BTreeMap<String, Vec<(u64, u32)>> = BTreeMap::new();
        let mut lens = BTreeMap::new();
        for (seg, reader) in grams.segments.iter().zip(searcher.segment_readers()) {
            assert_eq!(seg.id, reader.segment_id());
            let keys = reader.fast_fields().u64("key").unwrap();
            let key = |d: DocId| keys.first(d).unwrap();
            let named = seg
                .ascii
                .iter()
                .enumerate()
                .filter_map(|(slot, l)| Some((slot_names()[slot].clone(), l.as_ref()?)))
                .chain(seg.other.iter().map(|(g, l)| (g.to_string(), l)));
            for (gram, list) in named {
                let live: Vec<(u64, u32)> = docs_of(&list.bytes)
                    .filter(|&(d, _)| !reader.is_deleted(d))
                    .map(|(d, n)| (key(d), n))
                    .collect();
                assert_eq!(list.doc_freq as usize, live.len(), "{gram}");
                if !live.is_empty() {
                    lists.entry(gram).or_default().extend(live);
                }
            }
            for d in reader.doc_ids_alive() {
                lens.insert(key(d), seg.len_of(d));
            }
        }
        for l in lists.values_mut() {
            l.sort_unstable();
        }
        (lists, lens)
    }

    /// The grams of texts counted the plain way: every word folded, then
    /// its first characters, per article key.
    fn reference(docs: &[(u64, Vec<&str>)]) -> Dump {
        let mut lists: BTreeMap<String, Vec<(u64, u32)>> = BTreeMap::new();
        let mut lens = BTreeMap::new();
        let mut folder = Folder::new();
        let mut word = String::new();
        for (key, texts) in docs {
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            let mut words = 0;
            for text in texts {
                let mut pos = 0;
                while let Some(r) = next_word(text, pos) {
                    pos = r.end;
                    folder.fold(&text[r], &mut word);
                    if word.len() > tantivy::tokenizer::MAX_TOKEN_LEN {
                        continue;
                    }
                    words += 1;
                    for end in gram_ends(&word) {
                        let c = counts.entry(word[..end].to_string()).or_insert(0);
                        *c = (*c + 1).min(u32::from(MAX_GRAM_FREQ));
                    }
                }
            }
            lens.insert(*key, words);
            for (g, n) in counts {
                lists.entry(g).or_default().push((*key, n));
            }
        }
        (lists, lens)
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

    /// Title, body and an entity for each of `texts`.
    fn docs_of_texts<'a>(texts: &'a [(&'a str, &'a str, &'a str)]) -> Vec<DocInput<'a>> {
        texts
            .iter()
            .map(|&(title, body, entity)| DocInput {
                entities: if entity.is_empty() {
                    Vec::new()
                } else {
                    vec![EntityField {
                        kind: "PER",
                        name: entity,
                        aliases: Vec::new(),
                        mentions: 3,
                    }]
                },
                ..DocInput::text(title, body)
            })
            .collect()
    }

    fn reference_of(texts: &[(&str, &str, &str)], keys: impl Iterator<Item = u64>) -> Dump {
        let docs: Vec<(u64, Vec<&str>)> = keys
            .zip(texts)
            .map(|(k, &(t, b, e))| (k, vec![t, b, e]))
            .collect();
        reference(&docs)
    }

    const TEXTS: &[(&str, &str, &str)] = &[
        ("Go Éclair", "going gone, GOAL gone", "Gordon Brown"),
        ("Nothing", "here at all", ""),
        ("", "Москва и мир; Μόναχο", "Мо"),
        ("Straße café", "naïve Ærø ﬁne 1990s 3G x2 a", "Café Society"),
    ];

    #[test]
    fn grams_of_a_new_segment_are_those_of_its_words() {
        let store = IndexStore::in_ram().unwrap();
        let mut w = store.writer(1).unwrap();
        for (i, d) in docs_of_texts(TEXTS).iter().enumerate() {
            w.add(i as u64, 0, 0, d).unwrap();
        }
        w.commit().unwrap();
        assert_eq!(dump(&store), reference_of(TEXTS, 0..));
    }

    #[test]
    fn grams_follow_deletes_and_merges() {
        let store = IndexStore::in_ram().unwrap();
        let mut w = store.writer(1).unwrap();
        let docs = docs_of_texts(TEXTS);
        for (i, d) in docs.iter().enumerate().take(2) {
            w.add(i as u64, 0, 0, d).unwrap();
        }
        w.commit().unwrap();
        for (i, d) in docs.iter().enumerate().skip(2) {
            w.add(i as u64, 0, 0, d).unwrap();
        }
        w.delete(0);
        w.commit().unwrap();
        let live: Vec<(&str, &str, &str)> = TEXTS[1..].to_vec();
        // Deleted documents are left out of lists and counts before a merge…
        assert_eq!(dump(&store), reference_of(&live, 1..));
        w.merge_all().unwrap();
        w.finish().unwrap();
        assert_eq!(store.segments().unwrap(), 1);
        // …and are gone from the merged segment's file.
        assert_eq!(dump(&store), reference_of(&live, 1..));
    }

    #[test]
    fn counts_are_capped_and_gaps_can_be_large() {
        let long = "gone ".repeat(20);
        let mut texts: Vec<(&str, &str, &str)> = vec![("", long.as_str(), "")];
        texts.extend(std::iter::repeat_n(("", "x", ""), 3000));
        texts.push(("", "gone", ""));
        let store = IndexStore::in_ram().unwrap();
        let mut w = store.writer(1).unwrap();
        for (i, d) in docs_of_texts(&texts).iter().enumerate() {
            w.add(i as u64, 0, 0, d).unwrap();
        }
        w.commit().unwrap();
        let (lists, _) = dump(&store);
        assert_eq!(lists["gon"], vec![(0, 8), (3001, 1)]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_texts_give_the_plain_grams(
            texts in proptest::collection::vec(
                ("[a-zA-Z ]{0,12}", "[a-zA-Z0-9 ,.éßÆ\\-ﬁМо]{0,40}", "[A-Z][a-z]{0,6}( [A-Z][a-z]{0,6})?"),
                1..12,
            )
        ) {
            let texts: Vec<(&str, &str, &str)> =
                texts.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
            let store = IndexStore::in_ram().unwrap();
            let mut w = store.writer(1).unwrap();
            for (i, d) in docs_of_texts(&texts).iter().enumerate() {
                w.add(i as u64, 0, 0, d).unwrap();
            }
            w.commit().unwrap();
            proptest::prop_assert_eq!(dump(&store), reference_of(&texts, 0..));
        }
    }
}
