//! Full-text search over the loaded articles, fast enough to run on every
//! keystroke.
//!
//! Three parts:
//!
//! * **The index** ([`IndexStore`], [`SearchIndex::build`]): a tantivy index,
//!   in RAM or in a workspace directory, written and updated only through
//!   tantivy's `IndexWriter` ([`IndexUpdate`]: add, delete by article key,
//!   commit). It holds the title (boosted above the body), the body, the
//!   names and aliases of each article's entities (all together, and per
//!   kind for `person:`, `place:`, `org:`), the entity kinds and the date as
//!   a fast field. It stores no text: the app's store has it. Each document
//!   carries its article's key; hits are reported as positions in the
//!   caller's store. Beside the postings, each segment keeps postings of the
//!   first one to three letters of every word (`grams`, a segment plugin
//!   that follows merges), so that a short prefix is one posting list.
//! * **The query** ([`SearchIndex::search`]): the user's query language
//!   (words ANDed, last word a prefix, `"phrases"`, `-excluded`, `OR`,
//!   `title:`, `person:`, `place:`, `org:`, `date:` on the date field) is
//!   parsed by hand and planned
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

mod bits;
mod grams;
mod highlight;
mod plan;
mod query;
mod schema;
mod tokenize;
mod vocab;
mod writer;

use std::ops::Range;
use std::sync::Arc;

use tantivy::query::EnableScoring;
use tantivy::{Score, Searcher};

pub use bits::Bits;
pub use highlight::{MatchTerm, Snippet};
pub use query::{FILTER_NAMES, MarkKind, QueryError, tag_name};
pub use writer::{IndexStore, IndexUpdate, StoredDoc};

use grams::GramIndex;
use highlight::Matcher;
use plan::{ExpansionCache, Planner};
use schema::Fields;
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

/// Why the index could not be built, opened or updated.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (a damaged or foreign index, a full disk, out of
    /// memory for the indexing heap).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory cannot be read or made.
    #[error("search index: {0}")]
    Io(String),
    /// The index files are damaged.
    #[error("search index damaged: {0}")]
    Damaged(String),
}

/// A search hit: an article and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position of the article in the store (the build input, for
    /// [`SearchIndex::build`]).
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
    /// What the bounds on one query's work left out (a query of thousands
    /// of words), for the user.
    pub note: Option<String>,
    /// What matched, for highlighting.
    pub terms: Vec<MatchTerm>,
    /// The hits are every match in store order, unranked (a query of marks
    /// alone): a list may show them in its own order.
    pub listed: bool,
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

/// Which articles carry which of the user's marks, by store position: what
/// `is:`, `tag:` and `has:` filter on. The index does not hold marks (they
/// change on every key press); the caller's store of them answers.
pub trait Marked {
    /// Articles in the store: a query of marks alone lists the positions
    /// `0..articles()` that pass, in order.
    fn articles(&self) -> usize;
    /// Whether article `doc` has the mark `kind` (for [`MarkKind::Tag`],
    /// the tag `tag`, as [`tag_name`] gives it).
    fn has(&self, doc: u32, kind: MarkKind, tag: &str) -> bool;
    /// Every article with the mark `kind` (`tag`), as a set of positions
    /// `0..articles()`, when the marks are kept as sets too: a filter is
    /// then made 64 articles at a time and a query of words visits only
    /// the articles it lets through. `None` (the default): the filter asks
    /// [`Marked::has`] article by article.
    fn set(&self, _kind: MarkKind, _tag: &str) -> Option<std::borrow::Cow<'_, Bits>> {
        None
    }
}

/// No marks: every one of `0..self.0` is unread.
#[derive(Debug, Clone, Copy)]
pub struct NoMarks(pub usize);

impl Marked for NoMarks {
    fn articles(&self) -> usize {
        self.0
    }

    fn has(&self, _doc: u32, kind: MarkKind, _tag: &str) -> bool {
        kind == MarkKind::Unread
    }

    fn set(&self, kind: MarkKind, _tag: &str) -> Option<std::borrow::Cow<'_, Bits>> {
        Some(std::borrow::Cow::Owned(if kind == MarkKind::Unread {
            Bits::full(self.0)
        } else {
            Bits::new(self.0)
        }))
    }
}

/// The mark items of a query: each must pass.
struct MarkFilter<'q> {
    items: Vec<&'q query::Item>,
}

impl MarkFilter<'_> {
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn passes(&self, marked: &dyn Marked, doc: u32) -> bool {
        let has = |a: &query::Atom| match a.target {
            query::Target::Mark(kind) => marked.has(doc, kind, &a.text),
            _ => false,
        };
        self.items.iter().all(|item| match item {
            query::Item::AnyOf(alts) => alts.iter().any(has),
            query::Item::Not(a) => !has(a),
        })
    }

    /// The positions `0..marked.articles()` that pass, made from the marks'
    /// sets; `None` when `marked` keeps no sets (or the filter is empty).
    fn positions(&self, marked: &dyn Marked) -> Option<Bits> {
        if self.is_empty() {
            return None;
        }
        let n = marked.articles();
        let set = |a: &query::Atom| -> Option<Bits> {
            let query::Target::Mark(kind) = a.target else {
                return Some(Bits::new(n));
            };
            let mut b = marked.set(kind, &a.text)?.into_owned();
            b.resize(n);
            Some(b)
        };
        let mut out = Bits::full(n);
        for item in &self.items {
            let b = match item {
                query::Item::AnyOf(alts) => {
                    let mut any = Bits::new(n);
                    for a in alts.iter() {
                        any.or(&set(a)?);
                    }
                    any
                }
                query::Item::Not(a) => {
                    let mut b = set(a)?;
                    b.not();
                    b
                }
            };
            out.and(&b);
        }
        Some(out)
    }
}

/// Position of a document whose article is not in the store.
const UNKNOWN: u32 = u32::MAX;

/// The `limit` best hits seen: highest score first, then lowest position.
struct TopHits {
    limit: usize,
    /// Worst on top.
    heap: std::collections::BinaryHeap<Ranked>,
}

#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    doc: u32,
}

impl Ord for Ranked {
    /// Greater is worse: a lower score, or an equal score further on.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

impl TopHits {
    fn new(limit: usize) -> Self {
        TopHits {
            limit,
            heap: std::collections::BinaryHeap::with_capacity(limit + 1),
        }
    }

    fn push(&mut self, score: Score, doc: u32) {
        let hit = Ranked { score, doc };
        if self.heap.len() < self.limit {
            self.heap.push(hit);
        } else if self.heap.peek().is_some_and(|worst| hit < *worst) {
            self.heap.pop();
            self.heap.push(hit);
        }
    }

    /// Scores above this can enter: just below the worst kept score once
    /// full, so that an equal score further up the store still can.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.limit => worst.score.next_down(),
            _ => Score::MIN,
        }
    }

    fn into_hits(self) -> Vec<Hit> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| Hit {
                doc: r.doc,
                score: r.score,
            })
            .collect()
    }
}

/// The search index over a set of articles. `Send + Sync`: build it on a
/// background thread, then share it.
pub struct SearchIndex {
    fields: Fields,
    /// The segments as of one commit: later commits do not change them.
    searcher: Searcher,
    vocab: Vocab,
    grams: Arc<GramIndex>,
    /// Article position of each document, per segment ([`UNKNOWN`] for
    /// an article not in the store).
    positions: Vec<Vec<u32>>,
    cache: ExpansionCache,
    num_docs: usize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("num_docs", &self.num_docs)
            .field("segments", &self.positions.len())
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

    /// Indexes `articles` in RAM, each made when the indexer asks for it
    /// (see [`SearchIndex::build`] for `progress`). An article's key is its
    /// position.
    pub fn build_from(
        articles: &(impl Articles + ?Sized),
        progress: impl Fn(usize),
    ) -> Result<Self, SearchError> {
        let store = IndexStore::in_ram()?;
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        let mut update = store.writer(threads)?;
        for i in 0..articles.len() {
            update.add(i as u64, 0, 0, &articles.get(i))?;
            if (i + 1) % 512 == 0 {
                progress(i + 1);
            }
        }
        update.commit()?;
        update.merge_all()?;
        update.finish()?;
        let n = articles.len();
        let index = store.searcher(&|key| (key < n as u64).then_some(key as u32))?;
        progress(articles.len());
        Ok(index)
    }

    /// The index of `reader`'s last commit; `position` maps an article key
    /// to its place in the store.
    fn open(
        searcher: Searcher,
        fields: Fields,
        position: &dyn Fn(u64) -> Option<u32>,
    ) -> Result<Self, SearchError> {
        let grams = GramIndex::open(&searcher)?;
        let vocab = Vocab::read(&searcher, &fields, &grams)?;
        let mut positions = Vec::with_capacity(searcher.segment_readers().len());
        for seg in searcher.segment_readers() {
            let keys = seg.fast_fields().u64("key")?;
            positions.push(
                (0..seg.max_doc())
                    .map(|doc| keys.first(doc).and_then(position).unwrap_or(UNKNOWN))
                    .collect(),
            );
        }
        let num_docs = searcher.num_docs() as usize;
        Ok(SearchIndex {
            fields,
            searcher,
            vocab,
            grams: Arc::new(grams),
            positions,
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
        self.positions.len()
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
    /// An empty query (or one of punctuation only) gives no results. No
    /// article has a mark (see [`SearchIndex::search_marked`]).
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, QueryError> {
        let n = self.positions.iter().flatten().filter(|&&p| p != UNKNOWN);
        let articles = n.max().map_or(0, |&p| p as usize + 1);
        self.search_marked(query, limit, &NoMarks(articles))
    }

    /// Every article matching `query`, in store order, unranked: what a
    /// count of the results by date needs, where [`SearchIndex::search`]
    /// gives the best first. No score is computed, so this costs about
    /// what counting the matches does. Same query language and errors as
    /// `search`; an empty query matches nothing; no article has a mark.
    pub fn matching(&self, query: &str) -> Result<Vec<u32>, QueryError> {
        let n = self.positions.iter().flatten().filter(|&&p| p != UNKNOWN);
        let articles = n.max().map_or(0, |&p| p as usize + 1);
        self.matching_marked(query, &NoMarks(articles))
    }

    /// `parsed` split into its `is:`, `tag:` and `has:` filters and the plan
    /// of the rest (none when the rest searches nothing).
    fn plan_marked<'q>(&self, parsed: &'q [query::Item]) -> (MarkFilter<'q>, Option<plan::Plan>) {
        let is_mark = |a: &query::Atom| matches!(a.target, query::Target::Mark(_));
        let (marks, items): (Vec<&query::Item>, Vec<&query::Item>) =
            parsed.iter().partition(|i| match i {
                query::Item::AnyOf(alts) => alts.iter().any(is_mark),
                query::Item::Not(a) => is_mark(a),
            });
        let items: Vec<query::Item> = items.into_iter().cloned().collect();
        let mut planner = Planner {
            vocab: &self.vocab,
            fields: &self.fields,
            analyzer: schema::analyzer(),
            cache: &self.cache,
            grams: &self.grams,
        };
        (MarkFilter { items: marks }, planner.plan(&items))
    }

    /// [`SearchIndex::matching`] with `is:`, `tag:` and `has:` answered by
    /// `marked`.
    pub fn matching_marked(
        &self,
        query: &str,
        marked: &dyn Marked,
    ) -> Result<Vec<u32>, QueryError> {
        let parsed = query::parse(query)?;
        let (filter, plan) = self.plan_marked(&parsed);
        let allowed = filter.positions(marked);
        let Some(plan) = plan else {
            if filter.is_empty() {
                return Ok(Vec::new());
            }
            let listed = list_marked(query, usize::MAX, marked, &filter, allowed.as_ref());
            return Ok(listed.hits.iter().map(|h| h.doc).collect());
        };
        let internal = |e: tantivy::TantivyError| {
            QueryError::new(format!("search failed: {e}"), 0..query.len())
        };
        let searcher = &self.searcher;
        let weight = plan
            .query
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(internal)?;
        // (Past the marks' end, an article is as `Marked::has` says.)
        let pass = |p: u32| match &allowed {
            Some(bits) if (p as usize) < bits.len() => bits.contains(p as usize),
            _ => filter.is_empty() || filter.passes(marked, p),
        };
        let mut docs = Vec::new();
        for (seg, positions) in searcher.segment_readers().iter().zip(&self.positions) {
            if allowed.as_ref().is_some_and(sparse) {
                let mut scorer = weight.scorer(seg, 1.0).map_err(internal)?;
                let within = allowed_docs(seg, positions, &pass);
                intersect(scorer.as_mut(), &within, |doc, _| {
                    if let Some(&p) = positions.get(doc as usize) {
                        docs.push(p);
                    }
                });
                continue;
            }
            weight
                .for_each_no_score(seg, &mut |block| {
                    for &doc in block {
                        let p = positions.get(doc as usize).copied().unwrap_or(UNKNOWN);
                        if p != UNKNOWN && !seg.is_deleted(doc) && pass(p) {
                            docs.push(p);
                        }
                    }
                })
                .map_err(internal)?;
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(docs)
    }

    /// Runs `query` with its `is:`, `tag:` and `has:` filters answered by
    /// `marked`. A query of marks alone lists the articles that have them in
    /// store order (score 0).
    pub fn search_marked(
        &self,
        query: &str,
        limit: usize,
        marked: &dyn Marked,
    ) -> Result<SearchResults, QueryError> {
        let parsed = query::parse(query)?;
        let (filter, plan) = self.plan_marked(&parsed);
        // The filter as a set of positions, when the marks keep sets.
        let allowed = filter.positions(marked);
        let Some(plan) = plan else {
            if filter.is_empty() {
                return Ok(SearchResults::default());
            }
            return Ok(list_marked(query, limit, marked, &filter, allowed.as_ref()));
        };
        // (Past the marks' end, an article is as `Marked::has` says.)
        let pass = |p: u32| match &allowed {
            Some(bits) if (p as usize) < bits.len() => bits.contains(p as usize),
            _ => filter.is_empty() || filter.passes(marked, p),
        };
        let internal = |e: tantivy::TantivyError| {
            QueryError::new(format!("search failed: {e}"), 0..query.len())
        };
        let searcher = &self.searcher;
        let stats = Stats {
            vocab: &self.vocab,
            searcher,
        };
        let weight = plan
            .query
            .weight(EnableScoring::enabled_from_statistics_provider(
                &stats, searcher,
            ))
            .map_err(internal)?;
        // The best hits by score, ties to the article first in the store,
        // so that the order does not depend on how segments were written.
        let mut top = TopHits::new(limit.max(1));
        let mut counted = 0usize;
        for (seg, positions) in searcher.segment_readers().iter().zip(&self.positions) {
            let position = |doc: tantivy::DocId| {
                if seg.is_deleted(doc) {
                    return None;
                }
                positions
                    .get(doc as usize)
                    .copied()
                    .filter(|&p| p != UNKNOWN && pass(p))
            };
            if allowed.as_ref().is_some_and(sparse) {
                // Few articles pass the marks: only they are visited (the
                // scorer skips to each), ranked and counted.
                let mut scorer = weight.scorer(seg, 1.0).map_err(internal)?;
                let within = allowed_docs(seg, positions, &pass);
                intersect(scorer.as_mut(), &within, |doc, scorer| {
                    if let Some(&p) = positions.get(doc as usize) {
                        counted += 1;
                        top.push(scorer.score(), p);
                    }
                });
            } else if plan.phrases || !filter.is_empty() {
                // Phrases gain nothing from pruning: one pass ranks and counts.
                weight
                    .for_each(seg, &mut |doc, score| {
                        if let Some(p) = position(doc) {
                            counted += 1;
                            top.push(score, p);
                        }
                    })
                    .map_err(internal)?;
            } else {
                // Block-max WAND for the top hits.
                weight
                    .for_each_pruning(top.threshold(), seg, &mut |doc, score| {
                        if let Some(p) = position(doc) {
                            top.push(score, p);
                        }
                        top.threshold()
                    })
                    .map_err(internal)?;
            }
        }
        let hits = top.into_hits();
        let total = if plan.phrases || !filter.is_empty() {
            counted
        } else if hits.len() < limit {
            hits.len()
        } else {
            // A count without scoring.
            let counting = plan
                .query
                .weight(EnableScoring::disabled_from_searcher(searcher))
                .map_err(internal)?;
            let mut total = 0usize;
            for seg in searcher.segment_readers() {
                total += counting.count(seg).map_err(internal)? as usize;
            }
            total
        };
        Ok(SearchResults {
            hits,
            total,
            total_is_lower_bound: plan.approximate,
            fuzzy: plan.fuzzy,
            unknown_field: query::unknown_field(query).map(str::to_owned),
            note: plan.note(),
            matcher: Matcher::new(&plan.terms),
            terms: plan.terms,
            listed: false,
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

/// The articles passing `filter` (`allowed`, when made from the marks'
/// sets), in store order: a query of marks alone.
fn list_marked(
    query: &str,
    limit: usize,
    marked: &dyn Marked,
    filter: &MarkFilter<'_>,
    allowed: Option<&Bits>,
) -> SearchResults {
    let mut hits = Vec::new();
    let mut total = 0usize;
    let mut take = |doc: u32| {
        total += 1;
        if hits.len() < limit.max(1) {
            hits.push(Hit { doc, score: 0.0 });
        }
    };
    match allowed {
        Some(bits) => bits
            .iter()
            .take_while(|&p| p < u32::MAX as usize)
            .for_each(|p| take(p as u32)),
        None => (0..marked.articles().min(u32::MAX as usize) as u32)
            .filter(|&doc| filter.passes(marked, doc))
            .for_each(&mut take),
    }
    SearchResults {
        hits,
        total,
        unknown_field: query::unknown_field(query).map(str::to_owned),
        listed: true,
        ..SearchResults::default()
    }
}

/// Whether so few articles pass a filter that visiting each of them (the
/// scorer skipping to it) beats a pass over every match of the words.
fn sparse(allowed: &Bits) -> bool {
    allowed.count().saturating_mul(4) <= allowed.len()
}

/// The live documents of `seg` whose positions (`positions`, by document)
/// `pass`, in document order.
fn allowed_docs(
    seg: &tantivy::SegmentReader,
    positions: &[u32],
    pass: &dyn Fn(u32) -> bool,
) -> Vec<tantivy::DocId> {
    positions
        .iter()
        .enumerate()
        .filter(|&(doc, &p)| p != UNKNOWN && pass(p) && !seg.is_deleted(doc as tantivy::DocId))
        .map(|(doc, _)| doc as tantivy::DocId)
        .collect()
}

/// Calls `hit` for each of `docs` (in order) that `scorer` matches, with
/// the scorer on it.
fn intersect(
    scorer: &mut dyn tantivy::query::Scorer,
    docs: &[tantivy::DocId],
    mut hit: impl FnMut(tantivy::DocId, &mut dyn tantivy::query::Scorer),
) {
    for &d in docs {
        let mut at = scorer.doc();
        if at == tantivy::TERMINATED {
            return;
        }
        if at < d {
            at = scorer.seek(d);
        }
        if at == d {
            hit(d, scorer);
        }
    }
}
