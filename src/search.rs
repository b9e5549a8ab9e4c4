//! Full-text search over the loaded articles, fast enough to run on every
//! keystroke.
//!
//! Three parts:
//!
//! * **The index** ([`SearchIndex::build`]): a tantivy index held in RAM with
//!   the title (boosted above the body), the body, the names and aliases of
//!   each article's entities (all together, and per kind for `person:`,
//!   `place:`, `org:`), the entity kinds and the date as a fast field. It
//!   stores no text: the app's store has it. Articles are addressed by their
//!   position in the build input. Beside it, postings of the first one to
//!   three letters of every word (`grams`), so that a short prefix is one
//!   posting list.
//! * **The query** ([`SearchIndex::search`]): the user's query language
//!   (words ANDed, last word a prefix, `"phrases"`, `-excluded`, `OR`,
//!   `title:`, `person:`, `place:`, `org:`) is parsed by hand and planned
//!   against the index vocabulary into BM25-ranked tantivy queries; a word
//!   the index lacks falls back to near spellings. Results carry the
//!   [`MatchTerm`]s needed to show them. Per-prefix expansions are cached, and
//!   the reader (searcher) is kept open, so a keystroke costs about a
//!   millisecond on 100,000 articles.
//! * **Highlighting** ([`SearchResults::snippet`],
//!   [`SearchResults::hit_ranges`]): computed lazily, only for the rows on
//!   screen or the open article, by re-tokenizing that text with the index's
//!   own rules. Ranges are byte ranges into the text given.
//!
//! The app builds the index on a background thread (it is `Send + Sync`),
//! rebuilding it when entities arrive, and runs [`SearchIndex::search`] on
//! every keystroke; a [`QueryError`] leaves the previous results on screen.
//!
//! ```
//! use dateline::search::{DocInput, SearchIndex};
//!
//! let docs = [("Storm hits coast", "The government said the storm..."),
//!             ("Budget vote", "Ministers govern by decree.")];
//! let index = SearchIndex::build(
//!     docs.iter().map(|(title, body)| DocInput::text(title, body)),
//!     |_done| {},
//! ).unwrap();
//! let results = index.search("govern", 50).unwrap();
//! assert_eq!(results.total, 2);
//! let snippet = results.snippet(docs[0].1, 40);
//! assert_eq!(&snippet.text[snippet.highlights[0].clone()], "government");
//! ```

mod build;
mod grams;
mod highlight;
mod plan;
mod query;
mod schema;
mod tokenize;
mod vocab;

use std::ops::Range;
use std::sync::Arc;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::EnableScoring;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use highlight::{MatchTerm, Snippet};
pub use query::{FILTER_NAMES, QueryError};

use grams::GramIndex;
use highlight::Matcher;
use plan::{ExpansionCache, Planner};
use schema::{ANALYZER, Fields};
use vocab::{Stats, Vocab};

/// One article to index. The article's address is its position in the input.
#[derive(Debug, Clone, Default)]
pub struct DocInput<'a> {
    /// Headline.
    pub title: &'a str,
    /// Body text.
    pub body: &'a str,
    /// Date as given: `YYYY-MM-DD` is understood, other text is ignored.
    pub date: Option<&'a str>,
    /// Entities found in the article.
    pub entities: Vec<EntityField<'a>>,
}

impl<'a> DocInput<'a> {
    /// An article with only a title and a body.
    pub fn text(title: &'a str, body: &'a str) -> Self {
        DocInput {
            title,
            body,
            ..DocInput::default()
        }
    }
}

/// The articles to index, by position. Each indexing thread asks for the
/// articles it inverts one at a time, so inputs made per article (entity
/// lists) never all exist at once.
pub trait Articles: Sync {
    /// Number of articles.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Bytes of title and body of article `i` (to share out the work).
    fn text_len(&self, i: usize) -> usize;
    /// Article `i`, for `i < len()`.
    fn get(&self, i: usize) -> DocInput<'_>;
}

impl Articles for [DocInput<'_>] {
    fn len(&self) -> usize {
        <[DocInput<'_>]>::len(self)
    }

    fn text_len(&self, i: usize) -> usize {
        self.get(i).map_or(0, |d| d.title.len() + d.body.len())
    }

    fn get(&self, i: usize) -> DocInput<'_> {
        <[DocInput<'_>]>::get(self, i).cloned().unwrap_or_default()
    }
}

/// An entity of an article, for entity search and filters.
#[derive(Debug, Clone, Default)]
pub struct EntityField<'a> {
    /// `PER`, `LOC`, `ORG`, `MISC` or `DATE`.
    pub kind: &'a str,
    /// Canonical name.
    pub name: &'a str,
    /// Other names the article uses for it.
    pub aliases: Vec<&'a str>,
    /// How often the article mentions it (0 is read as 1).
    pub mentions: u32,
}

/// In the field of its type (`person:`, `place:`, `org:`), an entity's name
/// is indexed once per mention, up to this many times, so that a filter
/// ranks the articles about it above those that name it in passing (BM25's
/// term frequency, which saturates).
const MAX_NAME_REPEATS: u32 = 8;

impl<'a> EntityField<'a> {
    /// Its name and aliases, once each (for plain searches).
    pub(crate) fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }

    /// The values for the field of its type: its name once per mention (see
    /// [`MAX_NAME_REPEATS`]), then its aliases.
    pub(crate) fn typed_values(&self) -> impl Iterator<Item = &'a str> + '_ {
        let repeats = self.mentions.clamp(1, MAX_NAME_REPEATS) as usize;
        std::iter::repeat_n(self.name, repeats).chain(self.aliases.iter().copied())
    }
}

/// Why the index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (out of memory for the indexing heap, a bug).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// A search hit: an article and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position of the article in the build input.
    pub doc: u32,
    /// Relevance, higher is better.
    pub score: f32,
}

/// The outcome of a query.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Best first, at most the limit asked for.
    pub hits: Vec<Hit>,
    /// Number of matching articles.
    pub total: usize,
    /// `total` is a lower bound (a short prefix was expanded only to its most
    /// frequent completions): show it as "2,084+".
    pub total_is_lower_bound: bool,
    /// A word had no exact match and near spellings were used instead.
    pub fuzzy: bool,
    /// A `name:` in the query that reads like a filter but is none (it was
    /// searched as words), e.g. `date`.
    pub unknown_field: Option<String>,
    /// What matched, for highlighting.
    pub terms: Vec<MatchTerm>,
    matcher: Matcher,
}

impl SearchResults {
    /// Byte ranges of every hit of the query in `text` (a body or title), in
    /// order, for the reader's highlighting and n/N.
    pub fn hit_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.matcher.ranges(text, None)
    }

    /// A one-line excerpt of `body` of at most `max_chars` characters around
    /// its hits, with the hits marked.
    pub fn snippet(&self, body: &str, max_chars: usize) -> Snippet {
        highlight::snippet(&self.matcher, body, max_chars)
    }
}

/// The search index over a set of articles. `Send + Sync`: build it on a
/// background thread, then share it.
pub struct SearchIndex {
    fields: Fields,
    reader: IndexReader,
    vocab: Vocab,
    grams: Arc<GramIndex>,
    /// Article index of each document, per segment.
    idx: Vec<Column<u64>>,
    cache: ExpansionCache,
    num_docs: usize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("num_docs", &self.num_docs)
            .field("segments", &self.idx.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Indexes `docs`, calling `progress` with the number of articles sent
    /// to the indexer so far (every 512 articles), and with their number
    /// once the index is ready.
    pub fn build<'a>(
        docs: impl IntoIterator<Item = DocInput<'a>>,
        progress: impl Fn(usize),
    ) -> Result<Self, SearchError> {
        let docs: Vec<DocInput<'a>> = docs.into_iter().collect();
        SearchIndex::build_from(docs.as_slice(), progress)
    }

    /// Indexes `articles`, made one by one as they are inverted (see
    /// [`SearchIndex::build`] for `progress`).
    pub fn build_from(
        articles: &(impl Articles + ?Sized),
        progress: impl Fn(usize),
    ) -> Result<Self, SearchError> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        index.tokenizers().register(ANALYZER, schema::analyzer());
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        let grams = build::write_index(&index, &fields, articles, threads, &progress)?;
        let index = SearchIndex::open(index, fields, grams)?;
        progress(articles.len());
        Ok(index)
    }

    /// Opens the built index.
    fn open(index: Index, fields: Fields, grams: GramIndex) -> Result<Self, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let vocab = Vocab::read(&searcher, &fields)?;
        let idx = searcher
            .segment_readers()
            .iter()
            .map(|seg| seg.fast_fields().u64("idx"))
            .collect::<Result<_, _>>()?;
        let num_docs = searcher.num_docs() as usize;
        Ok(SearchIndex {
            fields,
            reader,
            vocab,
            grams: Arc::new(grams),
            idx,
            cache: ExpansionCache::default(),
            num_docs,
        })
    }

    /// Forgets cached prefix expansions and near spellings (for benchmarks
    /// that time cold keystrokes).
    #[doc(hidden)]
    pub fn clear_cache(&self) {
        self.cache.clear();
    }

    /// Number of index segments (for benchmarks).
    #[doc(hidden)]
    pub fn segments(&self) -> usize {
        self.idx.len()
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.num_docs
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.num_docs == 0
    }

    /// Runs `query`, returning the `limit` best hits and the match count.
    /// An empty query (or one of punctuation only) gives no results.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, QueryError> {
        let items = query::parse(query)?;
        let mut planner = Planner {
            vocab: &self.vocab,
            fields: &self.fields,
            analyzer: schema::analyzer(),
            cache: &self.cache,
            grams: &self.grams,
        };
        let Some(plan) = planner.plan(&items) else {
            return Ok(SearchResults::default());
        };
        let internal = |e: tantivy::TantivyError| {
            QueryError::new(format!("search failed: {e}"), 0..query.len())
        };
        let searcher = self.reader.searcher();
        let stats = Stats {
            vocab: &self.vocab,
            searcher: &searcher,
        };
        let weight = plan
            .query
            .weight(EnableScoring::enabled_from_statistics_provider(
                &stats, &searcher,
            ))
            .map_err(internal)?;
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let (best, counted) = if plan.phrases {
            // Phrases gain nothing from pruning: one pass ranks and counts.
            let both = (top, Count);
            let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                fruits.push(
                    both.collect_segment(weight.as_ref(), ord as u32, seg)
                        .map_err(internal)?,
                );
            }
            let (best, count) = both.merge_fruits(fruits).map_err(internal)?;
            (best, Some(count))
        } else {
            // Block-max WAND for the top hits, then a count without scoring.
            let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                fruits.push(
                    top.collect_segment(weight.as_ref(), ord as u32, seg)
                        .map_err(internal)?,
                );
            }
            (top.merge_fruits(fruits).map_err(internal)?, None)
        };
        let mut hits: Vec<Hit> = best
            .into_iter()
            .filter_map(|(score, addr)| {
                let doc = self
                    .idx
                    .get(addr.segment_ord as usize)?
                    .first(addr.doc_id)?;
                Some(Hit {
                    doc: doc as u32,
                    score,
                })
            })
            .collect();
        hits.truncate(limit);
        let total = match counted {
            Some(n) => n,
            None if hits.len() < limit => hits.len(),
            None => {
                let counting = plan
                    .query
                    .weight(EnableScoring::disabled_from_searcher(&searcher))
                    .map_err(internal)?;
                let mut total = 0usize;
                for seg in searcher.segment_readers() {
                    total += counting.count(seg).map_err(internal)? as usize;
                }
                total
            }
        };
        Ok(SearchResults {
            hits,
            total,
            total_is_lower_bound: plan.approximate,
            fuzzy: plan.fuzzy,
            unknown_field: query::unknown_field(query).map(str::to_owned),
            matcher: Matcher::new(&plan.terms),
            terms: plan.terms,
        })
    }

    /// Same as [`SearchResults::snippet`]; `title` is used when the body is
    /// empty.
    pub fn snippet(
        &self,
        results: &SearchResults,
        _doc: u32,
        body: &str,
        title: &str,
        max_chars: usize,
    ) -> Snippet {
        if body.trim().is_empty() {
            results.snippet(title, max_chars)
        } else {
            results.snippet(body, max_chars)
        }
    }
}
