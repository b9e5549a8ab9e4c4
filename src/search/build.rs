//! Writes the index segments: our own inversion of the articles, serialized
//! in tantivy's segment format.
//!
//! tantivy's `IndexWriter` updates an arena hash table and an unrolled linked
//! list for every token; on 100,000 articles that was over half of the build
//! time. Here each thread inverts a contiguous run of articles into one
//! segment: an open-addressing term table whose slots are 64-byte entries
//! holding the term's first bytes and its postings so far (so a token
//! usually costs one memory access), and one growing byte string per term.
//! Each field value is first scanned into a batch of words (eight bytes
//! classified at a time), and each word's table slot is prefetched a few
//! words before the word is added.
//! The sorted terms then go to tantivy's own serializers (`InvertedIndexSerializer`,
//! `FieldNormsWriter`, `FastFieldsWriter`, `StoreWriter`). The files are the
//! ones tantivy would write for the same documents, so searching is
//! tantivy's as before; a test compares both builds posting by posting.
//!
//! Positions follow tantivy's rules exactly: one per token, a gap of one
//! between the values of a multi-valued field, tokens longer than
//! `MAX_TOKEN_LEN` dropped.

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use prefetch_index::prefetch_index;
use tantivy::directory::{Directory, TerminatingWrite};
use tantivy::fastfield::FastFieldsWriter;
use tantivy::fieldnorm::{FieldNormReaders, FieldNormsSerializer, FieldNormsWriter};
use tantivy::index::{IndexMeta, SegmentComponent, SegmentMeta};
use tantivy::postings::InvertedIndexSerializer;
use tantivy::schema::{Field, Schema};
use tantivy::store::StoreWriter;
use tantivy::tokenizer::MAX_TOKEN_LEN;
use tantivy::{DocId, Index, TantivyDocument, TantivyError};

use super::Articles;
use super::grams::{GramIndex, SegmentBuilder, SegmentGrams, WordGrams, ascii_longest};
use super::schema::{self, Fields, TextField};
use super::tokenize::{Folder, next_word};

/// tantivy leaves this many positions between two values of one field.
const POSITION_GAP: u32 = 1;

/// Text per segment at most (about): keeps each field's [`Pool`] well
/// under its 4 GiB of offsets.
const MAX_SEGMENT_TEXT: usize = 512 << 20;

/// Writes `docs` as segments of consecutive articles, at least one per
/// thread, `threads` at a time, and makes them the index's committed
/// segments. `progress` gets the number of articles inverted so far (every
/// 512 articles).
pub(crate) fn write_index(
    index: &Index,
    fields: &Fields,
    docs: &(impl Articles + ?Sized),
    threads: usize,
    progress: impl Fn(usize),
) -> tantivy::Result<GramIndex> {
    write_segments(index, fields, docs, threads, MAX_SEGMENT_TEXT, progress)
}

/// [`write_index`] with segments of at most about `max_text` bytes.
fn write_segments(
    index: &Index,
    fields: &Fields,
    docs: &(impl Articles + ?Sized),
    threads: usize,
    max_text: usize,
    progress: impl Fn(usize),
) -> tantivy::Result<GramIndex> {
    let parts = threads.max(text_size(docs).div_ceil(max_text.max(1)));
    let chunks = split(docs, parts);
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // Each worker takes the next run until none is left.
    let work = |report: &dyn Fn(usize)| {
        let mut built = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = chunks.get(i) else {
                return built;
            };
            built.push((i, write_segment(index, fields, docs, run.clone(), report)));
        }
    };
    let count = |n| {
        done.fetch_add(n, Ordering::Relaxed);
    };
    let mut built = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads.clamp(1, chunks.len()))
            .map(|_| scope.spawn(|| work(&count)))
            .collect();
        // The calling thread works too and reports for all.
        let mut built = work(&|n| progress(done.fetch_add(n, Ordering::Relaxed) + n));
        for h in handles {
            let segments = h
                .join()
                .map_err(|_| TantivyError::InternalError("an indexing thread panicked".into()))?;
            built.extend(segments);
        }
        Ok::<_, TantivyError>(built)
    })?;
    built.sort_by_key(|(i, _)| *i);
    let built = built
        .into_iter()
        .map(|(_, segment)| segment)
        .collect::<tantivy::Result<Vec<(SegmentMeta, SegmentGrams)>>>()?;
    let (metas, grams): (Vec<SegmentMeta>, Vec<SegmentGrams>) = built.into_iter().unzip();
    let meta = IndexMeta {
        index_settings: index.settings().clone(),
        persisted_custom_extensions: Vec::new(),
        segments: metas,
        schema: index.schema(),
        opstamp: 0,
        payload: None,
    };
    let mut json = serde_json::to_vec_pretty(&meta)?;
    json.push(b'\n');
    index
        .directory()
        .atomic_write(Path::new("meta.json"), &json)?;
    Ok(GramIndex::new(grams))
}

/// What an article counts for in splitting the work.
fn doc_size(docs: &(impl Articles + ?Sized), i: usize) -> usize {
    docs.text_len(i) + 64
}

fn text_size(docs: &(impl Articles + ?Sized)) -> usize {
    (0..docs.len()).map(|i| doc_size(docs, i)).sum()
}

/// Splits the articles into at most `parts` runs of consecutive ones of
/// about equal text size.
fn split(docs: &(impl Articles + ?Sized), parts: usize) -> Vec<Range<usize>> {
    let total = text_size(docs);
    let per_part = total.div_ceil(parts).max(1);
    let mut out = Vec::with_capacity(parts);
    let (mut start, mut acc) = (0usize, 0usize);
    for i in 0..docs.len() {
        acc += doc_size(docs, i);
        if acc >= per_part && out.len() + 1 < parts {
            out.push(start..i + 1);
            start = i + 1;
            acc = 0;
        }
    }
    if start < docs.len() || out.is_empty() {
        out.push(start..docs.len());
    }
    out
}

/// Inverts the articles `run` into a new segment and serializes it; builds
/// the segment's prefix postings on the way.
fn write_segment(
    index: &Index,
    fields: &Fields,
    docs: &(impl Articles + ?Sized),
    run: Range<usize>,
    report: &dyn Fn(usize),
) -> tantivy::Result<(SegmentMeta, SegmentGrams)> {
    let schema = index.schema();
    let segment = index.new_segment();
    let mut inverted = Inverted::new(fields);
    let mut grams = SegmentBuilder::new();
    let mut norms = FieldNormsWriter::for_schema(&schema);
    let mut fast = FastFieldsWriter::from_schema_and_tokenizer_manager(
        &schema,
        index.fast_field_tokenizer().clone(),
    )?;
    let mut words = Words::new();
    let mut since_report = 0;
    let first = run.start as u64;
    let max_doc = run.len() as DocId;
    for (doc, i) in run.enumerate() {
        let d = &docs.get(i);
        let doc = doc as DocId;
        let mut add = |f: TextField, values: &mut dyn Iterator<Item = &str>| {
            let postings = &mut inverted.fields[f.slot()];
            let n = postings.add_values(doc, values, &mut words);
            norms.record(doc, postings.field, n);
            n
        };
        let typed_values = |kind: TextField| {
            d.entities
                .iter()
                .filter(move |e| entity_field(e.kind) == Some(kind))
                .flat_map(super::EntityField::typed_values)
        };
        let mut total = add(TextField::Title, &mut std::iter::once(d.title));
        total += add(TextField::Body, &mut std::iter::once(d.body));
        if !d.entities.is_empty() {
            let mut names = d.entities.iter().flat_map(super::EntityField::names);
            total += add(TextField::Entities, &mut names);
            for f in [TextField::Person, TextField::Place, TextField::Org] {
                if d.entities.iter().any(|e| entity_field(e.kind) == Some(f)) {
                    add(f, &mut typed_values(f));
                }
            }
            let mut kinds: Vec<String> = Vec::new();
            for e in &d.entities {
                let kind = e.kind.to_ascii_lowercase();
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            let kind = &mut inverted.fields[KIND];
            for (pos, k) in kinds.iter().enumerate() {
                let k = k.as_bytes();
                let (word, head) = (Word::Folded(k), head_of(k));
                kind.add_token(
                    word,
                    head,
                    word.hash(head),
                    doc,
                    pos as u32 * (1 + POSITION_GAP),
                );
            }
            kind.total_tokens += kinds.len() as u64;
            norms.record(doc, kind.field, kinds.len() as u32);
        }
        for postings in &mut inverted.fields {
            postings.count_grams(&mut grams);
        }
        grams.end_doc(doc, total);
        let mut values = TantivyDocument::new();
        values.add_u64(fields.idx, first + u64::from(doc));
        if let Some(date) = d.date.and_then(schema::date_key) {
            values.add_u64(fields.date, date);
        }
        fast.add_document(&values)?;
        since_report += 1;
        if since_report == 512 {
            report(since_report);
            since_report = 0;
        }
    }
    report(since_report);
    norms.fill_up_to_max_doc(max_doc);
    norms.serialize(
        FieldNormsSerializer::from_write(segment.open_write(SegmentComponent::FieldNorms)?)?,
        None,
    )?;
    let norm_readers = FieldNormReaders::open(segment.open_read(SegmentComponent::FieldNorms)?)?;
    let mut serializer = InvertedIndexSerializer::open(&segment)?;
    let mut positions = Vec::new();
    for postings in &inverted.fields {
        postings.serialize(&mut serializer, &norm_readers, &mut positions)?;
    }
    serializer.close()?;
    let mut write = segment.open_write(SegmentComponent::FastFields)?;
    fast.serialize(&mut write, None)?;
    write.terminate()?;
    let settings = index.settings();
    let mut store = StoreWriter::new(
        segment.open_write(SegmentComponent::Store)?,
        settings.docstore_compression,
        settings.docstore_blocksize,
        false,
    )?;
    let empty = TantivyDocument::new();
    for _ in 0..max_doc {
        store.store(&empty, &schema)?;
    }
    store.close()?;
    let segment = segment.with_max_doc(max_doc);
    let grams = grams.finish(segment.id());
    Ok((segment.meta().clone(), grams))
}

fn entity_field(kind: &str) -> Option<TextField> {
    match kind {
        "PER" => Some(TextField::Person),
        "LOC" | "GPE" => Some(TextField::Place),
        "ORG" => Some(TextField::Org),
        _ => None,
    }
}

/// Slot of the entity-kind field in [`Inverted::fields`], after the text
/// fields.
const KIND: usize = TextField::ALL.len();

/// Marks [`Entry::grams`] of a term whose grams are not all ASCII.
const NOT_ASCII: u32 = 1 << 31;

/// The postings of every indexed field of one segment.
struct Inverted {
    fields: Vec<FieldPostings>,
}

impl Inverted {
    fn new(fields: &Fields) -> Self {
        let mut all: Vec<FieldPostings> = TextField::ALL
            .iter()
            .map(|&f| {
                let grams = matches!(f, TextField::Title | TextField::Body | TextField::Entities);
                FieldPostings::new(fields.field(f), &fields.schema, grams)
            })
            .collect();
        all.push(FieldPostings::new(fields.kind, &fields.schema, false));
        Inverted { fields: all }
    }
}

/// The first 16 bytes of a term, zero-padded, as two little-endian words:
/// all of most words, compared and hashed without touching the arena.
type Head = [u64; 2];

/// Bytes of a term kept in its [`Head`].
const HEAD: usize = 16;

/// Every byte of a word has this bit set once lowercased (ASCII letters and
/// digits alike).
const LOWER: u64 = 0x2020_2020_2020_2020;

/// Up to eight bytes as a little-endian word, zero-padded.
fn pack(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .enumerate()
        .fold(0, |w, (k, &b)| w | u64::from(b) << (8 * k))
}

/// The low `bytes` bytes of a word set.
fn low_bytes(bytes: usize) -> u64 {
    if bytes >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * bytes)) - 1
    }
}

fn head_of(term: &[u8]) -> Head {
    [pack(term), pack(term.get(8..).unwrap_or_default())]
}

/// The head of the lowercased ASCII word `text[start..start + len]`, read
/// straight from the text (no byte-by-byte copy to read back).
fn ascii_head(text: &[u8], start: usize, len: usize) -> Head {
    let raw = match (window(text, start), window(text, start + 8)) {
        (Some(lo), Some(hi)) => [lo, hi],
        _ => head_of(text.get(start..start + len).unwrap_or_default()),
    };
    let n = len.min(HEAD);
    [
        (raw[0] | LOWER) & low_bytes(n),
        (raw[1] | LOWER) & low_bytes(n.saturating_sub(8)),
    ]
}

/// A word as the scanner found it.
#[derive(Clone, Copy)]
enum Word<'a> {
    /// ASCII letters and digits as the text has them: the term is their
    /// lowercase.
    Ascii(&'a [u8]),
    /// The term itself.
    Folded(&'a [u8]),
}

impl Word<'_> {
    fn len(self) -> usize {
        match self {
            Word::Ascii(b) | Word::Folded(b) => b.len(),
        }
    }

    /// Whether the term is `stored`.
    fn is(self, stored: &[u8]) -> bool {
        match self {
            Word::Ascii(b) => {
                b.len() == stored.len() && b.iter().zip(stored).all(|(&x, &y)| x | 0x20 == y)
            }
            Word::Folded(b) => b == stored,
        }
    }

    /// Appends the term to `out`.
    fn push_to(self, out: &mut Vec<u8>) {
        match self {
            Word::Ascii(b) => out.extend(b.iter().map(|&x| x | 0x20)),
            Word::Folded(b) => out.extend_from_slice(b),
        }
    }

    /// The hash of the term whose head is `head`.
    fn hash(self, head: Head) -> u64 {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
        let mut h = mix(mix((self.len() as u64).wrapping_mul(K), head[0]), head[1]);
        let (rest, lower) = match self {
            Word::Ascii(b) => (b.get(HEAD..), LOWER),
            Word::Folded(b) => (b.get(HEAD..), 0),
        };
        for chunk in rest.unwrap_or_default().chunks(8) {
            h = mix(h, pack(chunk) | (lower & low_bytes(chunk.len())));
        }
        // The low bits pick the slot: mix the high ones in.
        h ^ (h >> 29)
    }
}

/// A slot of a field's term table: a term and its postings so far, in one
/// cache line, so that a token usually costs one memory access.
#[derive(Default)]
#[repr(C, align(64))]
struct Entry {
    head: Head,
    /// The term's postings in the field's [`Pool`].
    stream: Stream,
    /// Where the whole term starts in the field's arena.
    start: u32,
    /// One more than the last document that had the term.
    next_doc: DocId,
    last_pos: u32,
    doc_freq: u32,
    /// The term's grams: the slot of its longest gram when they are all
    /// ASCII, else [`NOT_ASCII`] and their index in [`FieldPostings::grams`].
    grams: u32,
    /// Length of the term; 0 marks an empty slot.
    len: u16,
    /// Occurrences in the current document (saturating).
    tf: u16,
}

/// The terms of one field and their postings: an open-addressing table of
/// [`Entry`]s, at most half full.
struct FieldPostings {
    field: Field,
    /// Term frequencies are kept (text fields; not the entity kinds).
    with_freqs: bool,
    table: Vec<Entry>,
    terms: usize,
    arena: Vec<u8>,
    pool: Pool,
    total_tokens: u64,
    /// For fields whose words feed the prefix postings: the grams of each
    /// term, and the slots of the terms of the current document.
    grams: Option<Vec<WordGrams>>,
    touched: Vec<u32>,
}

impl FieldPostings {
    fn new(field: Field, schema: &Schema, with_grams: bool) -> Self {
        FieldPostings {
            field,
            with_freqs: schema
                .get_field_entry(field)
                .field_type()
                .index_record_option()
                .is_some_and(|o| o.has_freq()),
            table: std::iter::repeat_with(Entry::default)
                .take(1 << 10)
                .collect(),
            terms: 0,
            arena: Vec::new(),
            pool: Pool::default(),
            total_tokens: 0,
            grams: with_grams.then(Vec::new),
            touched: Vec::new(),
        }
    }

    /// Indexes the values of this field in `doc`, returning the number of
    /// tokens (the field norm).
    fn add_values<'t>(
        &mut self,
        doc: DocId,
        values: impl Iterator<Item = &'t str>,
        words: &mut Words,
    ) -> u32 {
        let mut tokens = 0u32;
        let mut base = 0u32;
        for value in values {
            words.scan(value);
            let found = &words.found;
            for (i, t) in found.iter().enumerate() {
                // The table slot of a word a few words on is fetched into
                // the cache while this one is added.
                if let Some(ahead) = found.get(i + PREFETCH_AHEAD) {
                    prefetch_index(&self.table, ahead.hash as usize & (self.table.len() - 1));
                }
                self.add_token(words.word(value, t), t.head, t.hash, doc, base + t.pos);
            }
            tokens += found.len() as u32;
            let end = found.last().map_or(base, |t| base + t.pos + 1);
            base = end.wrapping_add(POSITION_GAP);
        }
        self.total_tokens += u64::from(tokens);
        tokens
    }

    /// Records one occurrence of `word` at `pos` in `doc`. Documents come in
    /// increasing order, and positions within a document too.
    #[inline]
    fn add_token(&mut self, word: Word<'_>, head: Head, hash: u64, doc: DocId, pos: u32) {
        let slot = self.intern(word, head, hash);
        let Some(e) = self.table.get_mut(slot) else {
            return;
        };
        if e.next_doc <= doc {
            let pool = &mut self.pool;
            pool.push_varint(&mut e.stream, (u64::from(doc - e.next_doc + 1) << 1) | 1);
            pool.push_varint(&mut e.stream, u64::from(pos));
            e.next_doc = doc + 1;
            e.doc_freq += 1;
            e.tf = 1;
            if self.grams.is_some() {
                self.touched.push(slot as u32);
            }
        } else {
            let gap = u64::from(pos.wrapping_sub(e.last_pos)) << 1;
            self.pool.push_varint(&mut e.stream, gap);
            e.tf = e.tf.saturating_add(1);
        }
        e.last_pos = pos;
    }

    /// The slot of `word`'s term, added when new.
    #[inline]
    fn intern(&mut self, word: Word<'_>, head: Head, hash: u64) -> usize {
        let mask = self.table.len() - 1;
        let mut i = (hash as usize) & mask;
        loop {
            let Some(e) = self.table.get(i) else {
                return usize::MAX;
            };
            if e.len == 0 {
                return self.add_term(i, word, head);
            }
            if e.head == head
                && usize::from(e.len) == word.len()
                && (word.len() <= HEAD || word.is(self.term(e)))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn add_term(&mut self, slot: usize, word: Word<'_>, head: Head) -> usize {
        let (Ok(len), Ok(start)) = (u16::try_from(word.len()), u32::try_from(self.arena.len()))
        else {
            return usize::MAX;
        };
        if len == 0 {
            // No tokenizer rule makes an empty word; an empty slot has
            // length 0.
            return usize::MAX;
        }
        word.push_to(&mut self.arena);
        let grams = match &mut self.grams {
            Some(grams) => {
                let term = self.arena.get(start as usize..).unwrap_or_default();
                match ascii_longest(term) {
                    Some(slot) => slot,
                    None => {
                        grams.push(WordGrams::of(&String::from_utf8_lossy(term)));
                        NOT_ASCII | (grams.len() as u32 - 1)
                    }
                }
            }
            None => 0,
        };
        if let Some(e) = self.table.get_mut(slot) {
            *e = Entry {
                head,
                stream: self.pool.new_stream(),
                start,
                len,
                grams,
                ..Entry::default()
            };
        }
        self.terms += 1;
        if self.terms * 2 > self.table.len() {
            self.grow(slot)
        } else {
            slot
        }
    }

    /// Doubles the table; returns the new slot of the term in `slot`.
    fn grow(&mut self, slot: usize) -> usize {
        let size = self.table.len() * 2;
        let old = std::mem::replace(
            &mut self.table,
            std::iter::repeat_with(Entry::default).take(size).collect(),
        );
        let mut moved = vec![u32::MAX; old.len()];
        let mask = size - 1;
        for (from, e) in old.into_iter().enumerate() {
            if e.len == 0 {
                continue;
            }
            let term = Word::Folded(self.term(&e));
            let mut i = (term.hash(e.head) as usize) & mask;
            while self.table.get(i).is_some_and(|t| t.len != 0) {
                i = (i + 1) & mask;
            }
            if let (Some(to), Some(m)) = (self.table.get_mut(i), moved.get_mut(from)) {
                *to = e;
                *m = i as u32;
            }
        }
        for t in &mut self.touched {
            *t = moved.get(*t as usize).copied().unwrap_or(u32::MAX);
        }
        moved.get(slot).map_or(usize::MAX, |&m| m as usize)
    }

    fn term(&self, e: &Entry) -> &[u8] {
        let start = e.start as usize;
        self.arena
            .get(start..start + usize::from(e.len))
            .unwrap_or_default()
    }

    /// Adds the words of the current document to the prefix postings.
    fn count_grams(&mut self, out: &mut SegmentBuilder) {
        let Some(grams) = &self.grams else {
            return;
        };
        for slot in self.touched.drain(..) {
            let Some(e) = self.table.get(slot as usize) else {
                continue;
            };
            if e.grams & NOT_ASCII == 0 {
                out.add_ascii_word(e.grams, u32::from(e.tf));
            } else if let Some(g) = grams.get((e.grams & !NOT_ASCII) as usize) {
                out.add_word(g, u32::from(e.tf));
            }
        }
    }

    /// Writes the field's terms in byte order with their postings.
    fn serialize(
        &self,
        serializer: &mut InvertedIndexSerializer,
        norms: &FieldNormReaders,
        positions: &mut Vec<u32>,
    ) -> tantivy::Result<()> {
        if self.pool.overflowed {
            return Err(TantivyError::InternalError(
                "a field's postings outgrew 4 GiB in one segment".into(),
            ));
        }
        if self.terms == 0 {
            return Ok(());
        }
        let mut order: Vec<&Entry> = self.table.iter().filter(|e| e.len != 0).collect();
        // Terms hold no zero byte, so zero-padded heads read big-endian
        // order them as their bytes would, up to the 16th.
        let key = |e: &Entry| (e.head[0].swap_bytes(), e.head[1].swap_bytes());
        order.sort_unstable_by(|a, b| {
            key(a)
                .cmp(&key(b))
                .then_with(|| self.term(a).cmp(self.term(b)))
        });
        let mut stream = Vec::new();
        let norm_reader = norms.get_field(self.field)?;
        let mut out = serializer.new_field(self.field, self.total_tokens, norm_reader)?;
        for e in order {
            out.new_term(self.term(e), e.doc_freq, self.with_freqs)?;
            self.pool.read(&e.stream, &mut stream);
            let mut bytes = stream.as_slice();
            let mut next_doc = 0u32;
            positions.clear();
            while let Some(v) = read_varint(&mut bytes) {
                if v & 1 == 1 {
                    if next_doc > 0 {
                        out.write_doc(next_doc - 1, positions.len() as u32, positions);
                        positions.clear();
                    }
                    next_doc += (v >> 1) as u32;
                    positions.extend(read_varint(&mut bytes).map(|p| p as u32));
                } else {
                    positions.push((v >> 1) as u32);
                }
            }
            if next_doc > 0 {
                out.write_doc(next_doc - 1, positions.len() as u32, positions);
            }
            out.close_term()?;
        }
        out.close()?;
        Ok(())
    }
}

/// Splits text into folded words exactly as
/// [`FoldTokenizer`](super::tokenize::FoldTokenizer) does, without making a
/// token of each: an ASCII word is referred to where it is in the text (its
/// head read and lowercased in two words), any other word is folded by the
/// tokenizer's own rules into a scratch buffer.
struct Words {
    /// The words of the last text scanned, in order.
    found: Vec<Found>,
    /// Folded words of the last text scanned, one after another.
    folded: Vec<u8>,
    fold: String,
    folder: Folder,
}

/// A word of the scanned text, with what finding its term needs.
struct Found {
    head: Head,
    hash: u64,
    /// Position among the words of the text (counting words too long to
    /// index, which are left out).
    pos: u32,
    /// Where the word is: in the text, or in [`Words::folded`].
    start: u32,
    len: u32,
    in_folded: bool,
}

/// Words are added this many words after their table slot is prefetched.
const PREFETCH_AHEAD: usize = 8;

impl Words {
    fn new() -> Self {
        Words {
            found: Vec::new(),
            folded: Vec::new(),
            fold: String::new(),
            folder: Folder::new(),
        }
    }

    /// The word `w` found in `text` by the last [`Words::scan`].
    fn word<'a>(&'a self, text: &'a str, w: &Found) -> Word<'a> {
        let (start, end) = (w.start as usize, w.start as usize + w.len as usize);
        if w.in_folded {
            Word::Folded(self.folded.get(start..end).unwrap_or_default())
        } else {
            Word::Ascii(text.as_bytes().get(start..end).unwrap_or_default())
        }
    }

    /// Finds the words of `text` that are indexed, into [`Words::found`].
    /// Eight bytes are classified at a time where the text allows.
    fn scan(&mut self, text: &str) {
        self.found.clear();
        self.folded.clear();
        let bytes = text.as_bytes();
        let mut pos = 0u32;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // Skip to the next letter, digit or non-ASCII byte.
            match window(bytes, i) {
                Some(w) => {
                    let starts = alnum_bits(w) | (w & HIGH);
                    if starts == 0 {
                        i += 8;
                        continue;
                    }
                    i += (starts.trailing_zeros() / 8) as usize;
                }
                None if CLASS[usize::from(b)] == SEPARATOR => {
                    i += 1;
                    continue;
                }
                None => {}
            }
            let start = i;
            i += ascii_run(bytes, start);
            let (word, head, at) = if i > start && bytes.get(i).is_none_or(u8::is_ascii) {
                let word = Word::Ascii(bytes.get(start..i).unwrap_or_default());
                (word, ascii_head(bytes, start, i - start), start)
            } else {
                // A non-ASCII character starts or continues the word.
                let Some(range) = next_word(text, start) else {
                    return;
                };
                i = range.end;
                self.folder.fold(&text[range], &mut self.fold);
                let at = self.folded.len();
                self.folded.extend_from_slice(self.fold.as_bytes());
                let word = Word::Folded(self.fold.as_bytes());
                (word, head_of(word_bytes(word)), at)
            };
            if word.len() <= MAX_TOKEN_LEN {
                self.found.push(Found {
                    head,
                    hash: word.hash(head),
                    pos,
                    start: at as u32,
                    len: word.len() as u32,
                    in_folded: matches!(word, Word::Folded(_)),
                });
            }
            pos = pos.wrapping_add(1);
        }
    }
}

/// The eight bytes of `bytes` from `at`, as a little-endian word.
fn window(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at.checked_add(8)?)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map(u64::from_le_bytes)
}

/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `w` that is an ASCII letter or digit.
fn alnum_bits(w: u64) -> u64 {
    // With the high bits cleared no byte carries into the next; a byte `b`
    // is then in `lo..=hi` when `b + (0x80 - lo)` reaches 0x80 and
    // `b + (0x7f - hi)` does not.
    let in_range = |v: u64, lo: u8, hi: u8| {
        (v + ONES * u64::from(0x80 - lo)) & !(v + ONES * u64::from(0x7f - hi)) & HIGH
    };
    let low = w & !HIGH;
    (in_range(low | LOWER, b'a', b'z') | in_range(low, b'0', b'9')) & !w
}

/// Length of the run of ASCII letters and digits at `start`.
fn ascii_run(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(w) = window(bytes, i) {
        let stops = !alnum_bits(w) & HIGH;
        if stops != 0 {
            return i - start + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes
        .get(i)
        .is_some_and(|&b| CLASS[usize::from(b)] == ALNUM)
    {
        i += 1;
    }
    i - start
}

fn word_bytes(word: Word<'_>) -> &[u8] {
    match word {
        Word::Ascii(b) | Word::Folded(b) => b,
    }
}

/// [`CLASS`] of an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`CLASS`] of any other ASCII byte.
const SEPARATOR: u8 = 0;
/// [`CLASS`] of a byte of a non-ASCII character.
const OTHER: u8 = 2;

/// What each byte is to the scanner, one lookup per byte.
const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

/// The posting bytes of all terms of a field, in one buffer: each term has
/// a chain of blocks, each twice the size of the one before (up to
/// [`LAST_LEVEL`]) and followed by the 4-byte offset of the next. Unlike a
/// growing vector per term, nothing is ever copied or freed term by term.
#[derive(Default)]
struct Pool {
    bytes: Vec<u8>,
    /// A block did not fit below 4 GiB; the postings are incomplete.
    overflowed: bool,
}

/// Where a term's postings are in its field's [`Pool`]. The bytes are
/// LEB128 varints: `(doc gap << 1) | 1` followed by the first position when
/// a document starts, `(position gap << 1)` for each further position in
/// the same document.
#[derive(Default, Clone, Copy)]
struct Stream {
    first: u32,
    /// Where the next byte goes, and the end of the block it goes in.
    tail: u32,
    end: u32,
    level: u8,
}

/// Size of a term's first block.
const FIRST_BLOCK: u32 = 8;
/// Blocks stop growing at `FIRST_BLOCK << LAST_LEVEL` bytes.
const LAST_LEVEL: u8 = 9;
/// Bytes of the link after each block.
const LINK: u32 = 4;

fn block_size(level: u8) -> u32 {
    FIRST_BLOCK << level.min(LAST_LEVEL)
}

impl Pool {
    /// Adds a block of `level`'s size at the end; its offset.
    fn block(&mut self, level: u8) -> Option<u32> {
        let at = u32::try_from(self.bytes.len()).ok()?;
        let end = at.checked_add(block_size(level) + LINK)?;
        self.bytes.resize(end as usize, 0);
        Some(at)
    }

    fn new_stream(&mut self) -> Stream {
        let Some(at) = self.block(0) else {
            self.overflowed = true;
            return Stream::default();
        };
        Stream {
            first: at,
            tail: at,
            end: at + FIRST_BLOCK,
            level: 0,
        }
    }

    #[inline]
    fn push(&mut self, s: &mut Stream, byte: u8) {
        if s.tail == s.end {
            let level = (s.level + 1).min(LAST_LEVEL);
            let Some(at) = self.block(level) else {
                self.overflowed = true;
                return;
            };
            let link = s.end as usize;
            if let Some(l) = self.bytes.get_mut(link..link + LINK as usize) {
                l.copy_from_slice(&at.to_le_bytes());
            }
            *s = Stream {
                first: s.first,
                tail: at,
                end: at + block_size(level),
                level,
            };
        }
        if let Some(b) = self.bytes.get_mut(s.tail as usize) {
            *b = byte;
        }
        s.tail += 1;
    }

    #[inline]
    fn push_varint(&mut self, s: &mut Stream, mut v: u64) {
        while v >= 0x80 {
            self.push(s, (v as u8) | 0x80);
            v >>= 7;
        }
        self.push(s, v as u8);
    }

    /// The bytes of `s`, into `out`.
    fn read(&self, s: &Stream, out: &mut Vec<u8>) {
        out.clear();
        let (mut at, mut level) = (s.first, 0);
        loop {
            let end = at + block_size(level);
            // Later blocks lie further on, so the tail is in the last one.
            if (at..=end).contains(&s.tail) {
                out.extend_from_slice(
                    self.bytes
                        .get(at as usize..s.tail as usize)
                        .unwrap_or_default(),
                );
                return;
            }
            out.extend_from_slice(
                self.bytes
                    .get(at as usize..end as usize)
                    .unwrap_or_default(),
            );
            let Some(link) = self
                .bytes
                .get(end as usize..(end + LINK) as usize)
                .and_then(|l| <[u8; 4]>::try_from(l).ok())
            else {
                return;
            };
            at = u32::from_le_bytes(link);
            level += 1;
        }
    }
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    //! The segments written here must hold exactly what tantivy's own
    //! `IndexWriter` writes for the same documents.

    use super::*;
    use crate::search::DocInput;
    use crate::search::EntityField;
    use crate::search::schema::{ANALYZER, analyzer};
    use proptest::prelude::*;
    use tantivy::postings::Postings;
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, IndexWriter, SegmentReader, TERMINATED};

    /// The document tantivy's writer gets for `d`.
    fn document(fields: &Fields, d: &DocInput<'_>, idx: u64) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_u64(fields.idx, idx);
        doc.add_text(fields.field(TextField::Title), d.title);
        doc.add_text(fields.field(TextField::Body), d.body);
        if let Some(date) = d.date.and_then(schema::date_key) {
            doc.add_u64(fields.date, date);
        }
        let mut kinds: Vec<&str> = Vec::new();
        for e in &d.entities {
            for name in e.names() {
                doc.add_text(fields.field(TextField::Entities), name);
            }
            if let Some(f) = entity_field(e.kind) {
                for value in e.typed_values() {
                    doc.add_text(fields.field(f), value);
                }
            }
            if !kinds.contains(&e.kind) {
                kinds.push(e.kind);
                doc.add_text(fields.kind, e.kind.to_ascii_lowercase());
            }
        }
        doc
    }

    fn new_index(fields: &Fields) -> Index {
        let index = Index::create_in_ram(fields.schema.clone());
        index.tokenizers().register(ANALYZER, analyzer());
        index
    }

    fn tantivy_build(fields: &Fields, docs: &[DocInput<'_>]) -> SegmentReader {
        let index = new_index(fields);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
        for (i, d) in docs.iter().enumerate() {
            writer.add_document(document(fields, d, i as u64)).unwrap();
        }
        writer.commit().unwrap();
        only_segment(&index)
    }

    fn our_build(fields: &Fields, docs: &[DocInput<'_>]) -> (SegmentReader, GramIndex) {
        let index = new_index(fields);
        let grams = write_index(&index, fields, docs, 1, |_| {}).unwrap();
        (only_segment(&index), grams)
    }

    fn only_segment(index: &Index) -> SegmentReader {
        let searcher = index.reader().unwrap().searcher();
        match searcher.segment_readers() {
            [] => panic!("no segment"),
            [one] => one.clone(),
            more => panic!("{} segments", more.len()),
        }
    }

    /// Everything a field holds: per term, its postings (doc, tf,
    /// positions); the total token count; each document's norm.
    type Dump = (Vec<(Vec<u8>, Vec<(u32, u32, Vec<u32>)>)>, u64, Vec<u8>);

    fn dump(seg: &SegmentReader, field: Field) -> Dump {
        let option = seg
            .schema()
            .get_field_entry(field)
            .field_type()
            .index_record_option()
            .unwrap_or(IndexRecordOption::Basic);
        let inverted = seg.inverted_index(field).unwrap();
        let mut terms = Vec::new();
        let mut stream = inverted.terms().stream().unwrap();
        while let Some((term, info)) = stream.next() {
            let mut postings = inverted.read_postings_from_terminfo(info, option).unwrap();
            let mut docs = Vec::new();
            while postings.doc() != TERMINATED {
                let mut positions = Vec::new();
                if option.has_positions() {
                    postings.positions(&mut positions);
                }
                let tf = if option.has_freq() {
                    postings.term_freq()
                } else {
                    0
                };
                docs.push((postings.doc(), tf, positions));
                postings.advance();
            }
            terms.push((term.to_vec(), docs));
        }
        let norms = match seg.get_fieldnorms_reader(field) {
            Ok(r) => (0..seg.max_doc()).map(|d| r.fieldnorm_id(d)).collect(),
            Err(_) => Vec::new(),
        };
        (terms, inverted.total_num_tokens(), norms)
    }

    fn assert_same(docs: &[DocInput<'_>]) {
        let fields = Fields::new();
        let theirs = tantivy_build(&fields, docs);
        let (ours, grams) = our_build(&fields, docs);
        // The prefix postings equal those counted word by word over each
        // article's title, body and entity names (without the words too
        // long to index).
        let texts: Vec<Vec<String>> = docs
            .iter()
            .map(|d| {
                let mut t = vec![d.title, d.body];
                for e in &d.entities {
                    t.extend(e.names());
                }
                t.into_iter().map(without_long_words).collect()
            })
            .collect();
        let texts: Vec<Vec<&str>> = texts
            .iter()
            .map(|t| t.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            crate::search::grams::tests::dump(&grams),
            crate::search::grams::tests::dump(&crate::search::grams::tests::plain(&texts))
        );
        assert_eq!(ours.max_doc(), theirs.max_doc());
        for field in fields.text.iter().chain([&fields.kind]) {
            let name = fields.schema.get_field_name(*field);
            assert_eq!(dump(&ours, *field), dump(&theirs, *field), "field {name}");
        }
        for name in ["idx", "date"] {
            let values = |seg: &SegmentReader| {
                let col = seg.fast_fields().u64(name).unwrap();
                (0..seg.max_doc()).map(|d| col.first(d)).collect::<Vec<_>>()
            };
            assert_eq!(values(&ours), values(&theirs), "fast field {name}");
        }
    }

    fn without_long_words(text: &str) -> String {
        let mut out = String::new();
        let mut pos = 0;
        while let Some(r) = next_word(text, pos) {
            out.push_str(&text[pos..r.start]);
            if r.len() <= MAX_TOKEN_LEN {
                out.push_str(&text[r.clone()]);
            }
            pos = r.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    fn entity<'a>(kind: &'a str, name: &'a str, aliases: &[&'a str]) -> EntityField<'a> {
        EntityField {
            kind,
            name,
            aliases: aliases.to_vec(),
            mentions: name.len() as u32 % 4,
        }
    }

    #[test]
    fn same_segment_as_tantivy_writes() {
        let long = "x".repeat(MAX_TOKEN_LEN + 1);
        let body_with_long = format!("before {long} after after");
        let docs = vec![
            DocInput {
                title: "Trump meets Obama",
                body: "Mr Trump said the U.S. would act. Trump, Trump!",
                date: Some("2018-10-21"),
                entities: vec![
                    entity("PER", "Donald Trump", &["Trump", "Mr Trump"]),
                    entity("LOC", "United States", &["U.S."]),
                    entity("PER", "Barack Obama", &[]),
                    entity("DATE", "October", &[]),
                ],
            },
            DocInput::text("", ""),
            DocInput {
                title: "José en México",
                body: "Straße, café: naïve ÆON ﬁne Москва 3G x2 don't",
                date: Some("March"),
                entities: vec![entity("ORG", "Pueblo", &["", "Pueblo Sin"])],
            },
            DocInput::text("Long", &body_with_long),
        ];
        assert_same(&docs);
    }

    /// Title, body and entities (kind number, name, aliases).
    type RawDoc = (String, String, Vec<(usize, String, Vec<String>)>);

    fn arb_doc() -> impl Strategy<Value = RawDoc> {
        let text = "[a-zA-Z0-9 ,.'éßÆМо\u{2019}-]{0,60}";
        let name = "[a-zA-Zé .]{0,12}";
        (
            text,
            text,
            proptest::collection::vec(
                (0..5usize, name, proptest::collection::vec(name, 0..3)),
                0..4,
            ),
        )
    }

    /// The terms and positions the analyzer gives for `text`, leaving out
    /// tokens too long to index as the indexer does.
    fn analyzed(text: &str) -> Vec<(Vec<u8>, u32)> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            if t.text.len() <= MAX_TOKEN_LEN {
                out.push((t.text.as_bytes().to_vec(), t.position as u32));
            }
        }
        out
    }

    /// What [`Words::scan`] finds in `text`, as terms and positions; checks
    /// each head and hash against the term.
    fn scanned(text: &str) -> Vec<(Vec<u8>, u32)> {
        let mut words = Words::new();
        words.scan(text);
        words
            .found
            .iter()
            .map(|f| {
                let mut term = Vec::new();
                let word = words.word(text, f);
                word.push_to(&mut term);
                assert_eq!(f.head, head_of(&term), "head of {term:?}");
                assert_eq!(f.hash, Word::Folded(&term).hash(f.head), "hash of {term:?}");
                (term, f.pos)
            })
            .collect()
    }

    #[test]
    fn scanning_finds_the_tokenizers_words_at_every_alignment() {
        // Every ASCII byte next to letters, at each offset in a word, with
        // runs longer than the eight bytes classified at once.
        let mut text = String::new();
        for b in 0u8..128 {
            for pad in 0..9 {
                text.push_str(&"x".repeat(pad));
                text.push(char::from(b));
                text.push_str("Ab9Z");
                text.push(' ');
            }
        }
        text.push_str("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ émigré straße Москва");
        assert_eq!(scanned(&text), analyzed(&text));
        let long = format!("a {} b", "w".repeat(MAX_TOKEN_LEN + 1));
        assert_eq!(scanned(&long), analyzed(&long));
        assert_eq!(scanned(&long)[1], (b"b".to_vec(), 2));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn scanning_finds_the_tokenizers_words(text in "[\\x00-\\x7f]{0,40}|[a-zA-Z0-9 .,@\\[`{/:éÆМ\u{2019}\u{a0}-]{0,80}") {
            prop_assert_eq!(scanned(&text), analyzed(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_documents_give_tantivys_segment(raw in proptest::collection::vec(arb_doc(), 1..12)) {
            const KINDS: [&str; 5] = ["PER", "LOC", "ORG", "MISC", "DATE"];
            let docs: Vec<DocInput<'_>> = raw
                .iter()
                .map(|(title, body, ents)| DocInput {
                    title,
                    body,
                    date: None,
                    entities: ents
                        .iter()
                        .map(|(k, name, aliases)| EntityField {
                            kind: KINDS[*k % KINDS.len()],
                            name,
                            aliases: aliases.iter().map(String::as_str).collect(),
                            mentions: (*k % 11) as u32,
                        })
                        .collect(),
                })
                .collect();
            assert_same(&docs);
        }
    }

    #[test]
    fn postings_longer_than_the_largest_block_read_back_whole() {
        // "news" gets about 60 KB of postings: every block size, then many
        // of the largest; the rare words interleave blocks of other terms.
        let bodies: Vec<String> = (0..600)
            .map(|i| {
                let mut b = String::new();
                for k in 0..(40 + i % 90) {
                    b.push_str(if k % 3 == 0 { "news " } else { "and news " });
                }
                b.push_str(&format!("rare{} word{}", i % 7, i * 131));
                b
            })
            .collect();
        let docs: Vec<DocInput<'_>> = bodies.iter().map(|b| DocInput::text("t", b)).collect();
        assert_same(&docs);
        let mut pool = Pool::default();
        let mut s = pool.new_stream();
        let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for &b in &bytes {
            pool.push(&mut s, b);
        }
        let mut back = Vec::new();
        pool.read(&s, &mut back);
        assert_eq!(back, bytes);
    }

    #[test]
    fn no_articles_make_an_empty_searchable_index() {
        let index = crate::search::SearchIndex::build(std::iter::empty(), |_| {}).unwrap();
        assert!(index.is_empty());
        assert_eq!(index.search("anything", 10).unwrap().total, 0);
        assert_eq!(index.search("a", 10).unwrap().total, 0);
    }

    #[test]
    fn several_segments_address_every_article() {
        // Three threads, three segments; then two threads working through
        // fourteen segments (three articles each), as a large corpus is
        // split.
        for (threads, max_text, segments) in [(3, MAX_SEGMENT_TEXT, 3), (2, 200, 14)] {
            segments_address_every_article(threads, max_text, segments);
        }
    }

    fn segments_address_every_article(threads: usize, max_text: usize, segments: usize) {
        let bodies: Vec<String> = (0..40).map(|i| format!("common word{i} text")).collect();
        let docs: Vec<DocInput<'_>> = bodies.iter().map(|b| DocInput::text("t", b)).collect();
        let fields = Fields::new();
        let index = new_index(&fields);
        let grams =
            write_segments(&index, &fields, docs.as_slice(), threads, max_text, |_| {}).unwrap();
        assert_eq!(grams.doc_freq("com"), 40);
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), segments);
        let mut seen: Vec<u64> = searcher
            .segment_readers()
            .iter()
            .flat_map(|seg| {
                let col = seg.fast_fields().u64("idx").unwrap();
                (0..seg.max_doc())
                    .filter_map(move |d| col.first(d))
                    .collect::<Vec<_>>()
            })
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..40).collect::<Vec<u64>>());
        let term = tantivy::Term::from_field_text(fields.field(TextField::Body), "common");
        assert_eq!(searcher.doc_freq(&term).unwrap(), 40);
    }

    #[test]
    fn runs_split_by_size_cover_every_article_once() {
        let bodies: Vec<String> = (0..50).map(|i| "word ".repeat(i % 7 + 1)).collect();
        let docs: Vec<DocInput<'_>> = bodies.iter().map(|b| DocInput::text("t", b)).collect();
        for parts in 1..6 {
            let runs = split(docs.as_slice(), parts);
            assert!(runs.len() <= parts && !runs.is_empty());
            let mut next = 0;
            for run in &runs {
                assert_eq!(run.start, next);
                next = run.end;
            }
            assert_eq!(next, docs.len());
        }
        let none: &[DocInput<'_>] = &[];
        assert_eq!(split(none, 2).len(), 1);
    }
}
