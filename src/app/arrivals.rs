//! Articles that arrive, change or leave while the app runs (`--watch`).
//!
//! A [`Batch`] of the watcher changes the store file by file: articles
//! keep their positions, so nothing the user is looking at moves. New
//! articles are appended to the list of every article; a changed one is
//! replaced in place (and re-read when it is open); a removed one stays
//! where it is, marked gone, so the reader's place is never lost. The
//! status bar says what came ("3 new · 1 changed · 1 removed") until the
//! next key.
//!
//! The store then goes to the analysis again, one analysis at a time
//! (changes that come while one runs wait for it and go together). With a
//! workspace the analysis is incremental (`crate::analysis`). When its
//! index comes, the arrivals that match a search shown are added at the
//! end of its results (within the list it narrows); when its entities
//! come, those that mention the entity a list is narrowed to join it, and
//! the narrowing follows its entity to its new number.
//!
//! Until the new entities come, a changed article shows no entities: the
//! old mentions point at the old text.

use std::collections::HashSet;
use std::sync::Arc;

use super::effect::{Effect, Purpose, SearchRequest};
use super::reader;
use super::sources::{Members, Narrowing, Source};
use super::state::AppState;
use crate::corpus::ArticleIdx;
use crate::entities::Resolution;
use crate::facts;
use crate::search::{QueryError, SearchResults};
use crate::store::FileChange;
use crate::watch::{Batch, Change};

/// What the status bar says while a watched folder has nothing to read.
pub const WAITING: &str = "nothing to read yet: watching for articles";

/// What the watch has done to the app, and the analysis it waits for.
#[derive(Debug, Default)]
pub struct Arrivals {
    /// The opened folders are watched (an empty one is no error then).
    pub watching: bool,
    /// Batches that came while the files were still loading.
    waiting: Vec<Batch>,
    /// An analysis is running.
    pub analysing: bool,
    /// The store changed since the running analysis started.
    again: bool,
    /// Added or changed articles the next analysis will take.
    unsent: Vec<ArticleIdx>,
    /// Added or changed articles the running analysis took.
    sent: Vec<ArticleIdx>,
    /// Articles whose text changed and whose entities are not found yet.
    stale: HashSet<ArticleIdx>,
    /// Counts for the status bar, since the last key.
    pub seen: Seen,
}

/// What arrived since the user last pressed a key.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub new: usize,
    pub changed: usize,
    pub removed: usize,
}

impl Seen {
    /// "3 new · 1 changed · 1 removed", or `None` when nothing came.
    pub fn label(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.new, "new"),
            (self.changed, "changed"),
            (self.removed, "removed"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", facts::thousands(*n)))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" \u{b7} "))
    }
}

impl Arrivals {
    /// The text of article `idx` changed and its entities are not known yet.
    pub fn is_stale(&self, idx: ArticleIdx) -> bool {
        self.stale.contains(&idx)
    }
}

/// Takes in a batch of the watcher (kept for later while loading).
pub fn on_batch(state: &mut AppState, batch: Batch) -> Vec<Effect> {
    if !state.store.progress().finished {
        state.arrivals.waiting.push(batch);
        return Vec::new();
    }
    apply(state, batch)
}

/// Loading has ended: the batches that waited are taken in (the first
/// analysis takes them with the rest).
pub fn loaded(state: &mut AppState) {
    let waiting = std::mem::take(&mut state.arrivals.waiting);
    for batch in waiting {
        take_in(state, batch);
    }
}

fn apply(state: &mut AppState, batch: Batch) -> Vec<Effect> {
    let change = take_in(state, batch);
    if change.is_empty() {
        return Vec::new();
    }
    let seen = &mut state.arrivals.seen;
    seen.new += change.added.len();
    seen.changed += change.changed.len();
    seen.removed += change.removed.len();
    if state.message.as_deref() == Some(WAITING) {
        state.message = None;
    }
    let open = state.reader.article;
    if open.is_some_and(|a| change.changed.contains(&a) || change.added.contains(&a)) {
        // Read again, wrapped afresh, near where the reader was.
        state.reader.width = 0;
        state.reader.mention = None;
        reader::rewrap(state);
        reader::find_hits(state);
    }
    reader::follow_list(state);
    analyse(state)
}

/// Applies `batch` to the store and notes what the analysis must take.
fn take_in(state: &mut AppState, batch: Batch) -> FileChange {
    let mut change = FileChange::default();
    state.store.warn(batch.warnings);
    for c in batch.changes {
        match c {
            Change::File {
                path,
                articles,
                warnings,
            } => change.extend(state.store.replace_file(&path, articles, warnings)),
            Change::Removed(path) => change.extend(state.store.remove_path(&path)),
        }
    }
    // New articles are unread.
    if state.marks.len() < state.store.len() {
        std::sync::Arc::make_mut(&mut state.marks).resize(state.store.len());
    }
    let a = &mut state.arrivals;
    for &idx in change.changed.iter().chain(&change.added) {
        a.stale.insert(idx);
        a.unsent.push(idx);
    }
    change
}

/// Starts an analysis of the store as it is now, or asks for one after
/// the one running.
pub fn analyse(state: &mut AppState) -> Vec<Effect> {
    let a = &mut state.arrivals;
    if a.analysing {
        a.again = true;
        return Vec::new();
    }
    a.analysing = true;
    a.sent.append(&mut a.unsent);
    vec![Effect::Analyse(state.store.for_analysis())]
}

/// The running analysis has ended: the next starts if the store changed.
pub fn analysis_done(state: &mut AppState) -> Vec<Effect> {
    let a = &mut state.arrivals;
    a.analysing = false;
    a.sent.clear();
    if std::mem::take(&mut a.again) {
        return analyse(state);
    }
    Vec::new()
}

/// A new index has come: each search shown asks it again, for the
/// arrivals it now matches.
pub fn index_changed(state: &AppState) -> Vec<Effect> {
    let Some(index) = &state.analysis.index else {
        return Vec::new();
    };
    if state.arrivals.sent.is_empty() {
        return Vec::new();
    }
    state
        .lists
        .levels()
        .iter()
        .enumerate()
        .filter_map(|(level, l)| {
            let s = l.source.search()?;
            Some(Effect::Search(SearchRequest {
                index: Arc::clone(index),
                query: s.query.clone(),
                limit: index.len().max(1),
                purpose: Purpose::Arrivals { level },
            }))
        })
        .collect()
}

/// The answer of [`index_changed`]'s query for the search at `level`: the
/// arrivals it matches (within the level below) join the end of its
/// results; nothing else moves.
pub fn refreshed(
    state: &mut AppState,
    level: usize,
    query: &str,
    result: Result<SearchResults, QueryError>,
) {
    let Ok(results) = result else {
        return;
    };
    let all = state.store.len();
    let below = match level.checked_sub(1).and_then(|l| state.lists.get(l)) {
        Some(l) => l.source.members(all),
        None => Members::All,
    };
    let sent: HashSet<ArticleIdx> = state.arrivals.sent.iter().copied().collect();
    let Some(Source::Search(s)) = state.lists.get_mut(level).map(|l| &mut l.source) else {
        return;
    };
    if s.query != query {
        return;
    }
    let have: HashSet<ArticleIdx> = s.results.hits.iter().map(|h| h.doc).collect();
    let new: Vec<_> = results
        .hits
        .into_iter()
        .filter(|h| sent.contains(&h.doc) && !have.contains(&h.doc) && below.contains(h.doc))
        .collect();
    s.results.total += new.len();
    s.results.hits.extend(new);
    if level == state.lists.depth() {
        reader::follow_list(state);
    }
}

/// New entities are about to replace `old`: each list narrowed to an
/// entity follows it to its number in `new` and takes in the arrivals that
/// mention it (`postings` are `new`'s); the arrivals' entities are known
/// now.
pub fn entities_changed(
    state: &mut AppState,
    old: Option<&Resolution>,
    new: &Resolution,
    postings: &crate::facts::Postings,
) {
    let sent = std::mem::take(&mut state.arrivals.sent);
    for idx in &sent {
        state.arrivals.stale.remove(idx);
    }
    let Some(old) = old else {
        state.arrivals.sent = sent;
        return;
    };
    let narrowed = state
        .lists
        .levels()
        .iter()
        .any(|l| matches!(l.source, Source::Subset(_)));
    if !narrowed {
        state.arrivals.sent = sent;
        return;
    }
    for l in 0..=state.lists.depth() {
        let Some(level) = state.lists.get_mut(l) else {
            continue;
        };
        let at = level.article(level.selected, usize::MAX);
        let from_top = level.selected.saturating_sub(level.offset);
        let Source::Subset(sub) = &mut level.source else {
            continue;
        };
        // A period or a pair of entities keeps the articles it was made
        // from; arrivals join lists narrowed to one entity.
        let Narrowing::Entity(id) = sub.why else {
            continue;
        };
        let Some(key) = old.entities.get(id as usize).map(|e| &e.key) else {
            continue;
        };
        let Some(now) = new.entities.iter().position(|e| &e.key == key) else {
            continue;
        };
        sub.why = Narrowing::Entity(now as u32);
        let mentioning: HashSet<u32> = postings
            .get(now)
            .map(|p| facts::articles_of(p).into_iter().collect())
            .unwrap_or_default();
        let mut joined: Vec<ArticleIdx> = sent
            .iter()
            .copied()
            .filter(|i| mentioning.contains(i) && sub.articles.binary_search(i).is_err())
            .collect();
        joined.sort_unstable();
        joined.dedup();
        // Arrivals are appended to the store, so they come after the
        // subset's articles (corpus order holds); a changed one already
        // in it stays where it is.
        sub.articles.extend(joined);
        sub.articles.sort_unstable();
        // The selected article stays selected, at the same height (in the
        // list's order).
        state.lists.keep_selected(l, at, from_top, usize::MAX);
    }
    state.arrivals.sent = sent;
}
