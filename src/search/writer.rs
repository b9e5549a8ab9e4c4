//! The index's files and their updates, all through tantivy's own
//! `IndexWriter`: an article is added as one document under its key,
//! deleted by its key, and a commit makes a batch of both visible at once
//! (tantivy writes `meta.json` atomically, so a kill leaves the last commit).
//!
//! The index lives in RAM (a session without a workspace, tests) or in a
//! directory of the workspace (`MmapDirectory`). Each document also keeps,
//! as fast fields, its article's key, a hash of its text and a signature of
//! its entity fields, so a reopened index tells which articles it holds and
//! whether they changed without reading any text ([`IndexStore::stored`]).

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::MmapDirectory;
use tantivy::index::{IndexSettings, IndexSortByField, Order};
use tantivy::indexer::{IndexWriterOptions, NoMergePolicy};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::grams::{GramsPlugin, gram_fields};
use super::schema::{self, ANALYZER, Fields, TextField};
use super::{DocInput, SearchError, SearchIndex};

/// Indexing memory per thread: segments of tens of MB of text, few enough
/// for fast keystrokes after the merges.
const MEMORY_PER_THREAD: usize = 400 << 20;
/// The least tantivy accepts per thread (small builds in tests).
const MEMORY_MIN: usize = 15 << 20;

/// What the index holds for one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredDoc {
    /// The article's key.
    pub key: u64,
    /// Hash of its text when indexed.
    pub hash: u64,
    /// Signature of its entity fields when indexed (0: none).
    pub sig: u64,
}

/// A dateline index: its tantivy index, schema and reader.
pub struct IndexStore {
    index: Index,
    fields: Fields,
    reader: IndexReader,
}

impl std::fmt::Debug for IndexStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexStore").finish_non_exhaustive()
    }
}

/// Documents are kept sorted by article key in every segment, so that an
/// index merged into one segment is laid out the same however it was
/// written (cold, or updated article by article): tantivy sums a
/// document's term scores in an order that follows the layout, so the
/// same layout gives the very same scores.
fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: "key".into(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

fn builder(fields: &Fields) -> tantivy::IndexBuilder {
    Index::builder()
        .schema(fields.schema.clone())
        .settings(settings())
        .register_plugin(Arc::new(GramsPlugin::new(gram_fields(fields))))
}

impl IndexStore {
    /// An empty index in RAM.
    pub fn in_ram() -> Result<IndexStore, SearchError> {
        let fields = Fields::new();
        let index = builder(&fields).create_in_ram()?;
        IndexStore::with(index, fields)
    }

    /// The index in `dir`, created when the directory holds none and
    /// `create` is set. Fails on an index of another schema or with
    /// damaged files: the caller removes the directory and starts again.
    pub fn open_dir(dir: &Path, create: bool) -> Result<IndexStore, SearchError> {
        if create {
            std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
        }
        let fields = Fields::new();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Io(e.to_string()))?;
        // A damaged file can make tantivy panic while reading it: that is
        // a damaged index too.
        let opened = std::panic::catch_unwind(|| -> Result<IndexStore, SearchError> {
            let index = if create {
                builder(&fields).open_or_create(directory)?
            } else {
                let mut index = Index::open(directory)?;
                if index.schema() != fields.schema || *index.settings() != settings() {
                    return Err(SearchError::Damaged("another schema".into()));
                }
                index.register_plugin(Arc::new(GramsPlugin::new(gram_fields(&fields))));
                index
            };
            let store = IndexStore::with(index, fields.clone())?;
            // Reading every document's key opens every segment's files.
            store.stored()?;
            Ok(store)
        });
        opened.unwrap_or_else(|_| Err(SearchError::Damaged("reading it failed".into())))
    }

    fn with(index: Index, fields: Fields) -> Result<IndexStore, SearchError> {
        index.tokenizers().register(ANALYZER, schema::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(IndexStore {
            index,
            fields,
            reader,
        })
    }

    /// Key, hash and entity signature of every live document, from the
    /// last commit.
    pub fn stored(&self) -> Result<Vec<StoredDoc>, SearchError> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let (key, hash, sig) = (ff.u64("key")?, ff.u64("hash")?, ff.u64("sig")?);
            for doc in seg.doc_ids_alive() {
                out.push(StoredDoc {
                    key: key.first(doc).unwrap_or(0),
                    hash: hash.first(doc).unwrap_or(0),
                    sig: sig.first(doc).unwrap_or(0),
                });
            }
        }
        Ok(out)
    }

    /// A writer for updates, indexing on `threads` threads.
    pub fn writer(&self, threads: usize) -> Result<IndexUpdate, SearchError> {
        let threads = threads.clamp(1, 8);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(MEMORY_PER_THREAD.max(MEMORY_MIN))
            .build();
        let writer: IndexWriter<TantivyDocument> = self.index.writer_with_options(options)?;
        // Merges are chosen here ([`IndexUpdate::tidy`]), never in the
        // background behind our back.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(IndexUpdate {
            writer,
            fields: self.fields.clone(),
            pending: 0,
        })
    }

    /// The searchable index as of the last commit; `position` gives the
    /// article (its place in the store) of a key, `None` for an article
    /// that is not there.
    pub fn searcher(
        &self,
        position: &dyn Fn(u64) -> Option<u32>,
    ) -> Result<SearchIndex, SearchError> {
        self.reader.reload()?;
        SearchIndex::open(self.reader.searcher(), self.fields.clone(), position)
    }

    #[cfg(test)]
    pub(crate) fn reader_for_tests(&self) -> &IndexReader {
        let _ = self.reader.reload();
        &self.reader
    }

    /// Number of segments of the last commit.
    pub fn segments(&self) -> Result<usize, SearchError> {
        Ok(self.index.searchable_segment_ids()?.len())
    }
}

/// A batch of updates to the index: adds and deletes, made visible
/// together by [`IndexUpdate::commit`].
pub struct IndexUpdate {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    pending: usize,
}

impl IndexUpdate {
    /// Adds the article `doc` under `key`, with the hash of its text and
    /// the signature of its entities (0 when indexed without them).
    pub fn add(
        &mut self,
        key: u64,
        hash: u64,
        sig: u64,
        doc: &DocInput<'_>,
    ) -> Result<(), SearchError> {
        self.writer
            .add_document(document(&self.fields, doc, key, hash, sig))?;
        self.pending += 1;
        Ok(())
    }

    /// Deletes the article with `key` (all its documents).
    pub fn delete(&mut self, key: u64) {
        self.writer
            .delete_term(Term::from_field_u64(self.fields.key, key));
        self.pending += 1;
    }

    /// Deletes every document (cheaper than each by key when all go).
    pub fn delete_all(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        self.pending += 1;
        Ok(())
    }

    /// Makes every add and delete since the last commit visible, durably.
    pub fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        self.pending = 0;
        Ok(())
    }

    /// Merges all segments into one (fewer segments, faster keystrokes).
    pub fn merge_all(&mut self) -> Result<(), SearchError> {
        let ids = self.writer.index().searchable_segment_ids()?;
        if ids.len() > 1 {
            self.writer.merge(&ids).wait()?;
        }
        Ok(())
    }

    /// Waits for running merges to end (before the process exits).
    pub fn finish(self) -> Result<(), SearchError> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// The entity field of a kind, for the typed filters.
fn entity_field(kind: &str) -> Option<TextField> {
    match kind {
        "PER" => Some(TextField::Person),
        "LOC" | "GPE" => Some(TextField::Place),
        "ORG" => Some(TextField::Org),
        _ => None,
    }
}

/// The tantivy document of `d`.
pub(crate) fn document(
    fields: &Fields,
    d: &DocInput<'_>,
    key: u64,
    hash: u64,
    sig: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_u64(fields.key, key);
    doc.add_u64(fields.hash, hash);
    doc.add_u64(fields.sig, sig);
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
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind);
            doc.add_text(fields.kind, e.kind.to_ascii_lowercase());
        }
    }
    // Each typed field gets its values entity by entity, in input order.
    for f in [TextField::Person, TextField::Place, TextField::Org] {
        for e in d
            .entities
            .iter()
            .filter(|e| entity_field(e.kind) == Some(f))
        {
            for value in e.typed_values() {
                doc.add_text(fields.field(f), value);
            }
        }
    }
    doc
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const TEXTS: &[(&str, &str)] = &[
        (
            "Storm hits coast",
            "The government said the storm hit the coast hard.",
        ),
        (
            "Budget vote",
            "Ministers govern by decree; the government fell.",
        ),
        (
            "Phones",
            "Mobile phone makers and phone networks; mobile data.",
        ),
        (
            "Mobile TV",
            "Phone users watch TV on the mobile phone network.",
        ),
        (
            "Gone",
            "A text that is deleted later on, government phone mobile.",
        ),
    ];

    fn scores(index: &SearchIndex, q: &str) -> Vec<(u32, String)> {
        let r = index.search(q, 10).unwrap();
        r.hits
            .iter()
            .map(|h| (h.doc, format!("{:?}", h.score)))
            .collect()
    }

    #[test]
    fn an_updated_index_scores_as_a_fresh_one() {
        let fresh = IndexStore::in_ram().unwrap();
        let mut w = fresh.writer(1).unwrap();
        for (i, (t, b)) in TEXTS.iter().enumerate().take(4) {
            w.add(i as u64, 0, 0, &DocInput::text(t, b)).unwrap();
        }
        w.commit().unwrap();
        w.merge_all().unwrap();
        w.finish().unwrap();
        let updated = IndexStore::in_ram().unwrap();
        let mut w = updated.writer(1).unwrap();
        for i in [4usize, 1, 0] {
            let (t, b) = TEXTS[i];
            w.add(i as u64, 0, 0, &DocInput::text(t, b)).unwrap();
        }
        w.commit().unwrap();
        w.delete(4);
        for i in [3usize, 2] {
            let (t, b) = TEXTS[i];
            w.add(i as u64, 0, 0, &DocInput::text(t, b)).unwrap();
        }
        w.commit().unwrap();
        let position = |k: u64| (k < 4).then_some(k as u32);
        let before_merge = updated.searcher(&position).unwrap();
        w.merge_all().unwrap();
        w.finish().unwrap();
        let a = fresh.searcher(&position).unwrap();
        let b = updated.searcher(&position).unwrap();
        for q in [
            "mobile",
            "phone",
            "network",
            "government",
            "mobile OR phone",
            "phone mobile network",
            "g",
            "gov",
            "\"mobile phone\"",
        ] {
            assert_eq!(scores(&a, q), scores(&b, q), "{q}");
            assert_eq!(
                scores(&a, q),
                scores(&before_merge, q),
                "{q} before the merge"
            );
        }
    }
}
