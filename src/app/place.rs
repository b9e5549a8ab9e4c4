//! Where the user was, kept between runs: the list shown (the stack of
//! queries and entities that made it), the selected article and how far it
//! was read, and each article's reading position.
//!
//! Saving: after every message `update` compares where the user is with
//! what it last asked to save and returns [`Effect::SavePlace`] when it
//! changed, and [`Effect::SaveReading`] for an article the reader leaves
//! (and for the open one when the app quits). Nothing is asked before what
//! was saved earlier has been taken in ([`Msg::Remembered`]), so the first
//! screen of a run never overwrites the place it is about to restore.
//!
//! Restoring: the shell sends [`Remembered::Place`] once the workspace
//! knows the loaded articles. Unless the user has already pressed a key,
//! the list levels are rebuilt bottom up, each when what it needs is there
//! (an entity level the resolution, a search level the index and its
//! answer, which comes back as a [`Purpose::Restore`] query), then the
//! article is selected and scrolled to where it was read. Any key, click
//! or paste stops a restore where it is.
//!
//! A reading position is 0 for the top of an article, `2n + 1` when body
//! byte `n` begins the first line shown and `2n + 2` when that line is the
//! blank one between paragraphs that begins there: a byte, not a line, so
//! it holds when the reader is wrapped at another width.
//!
//! [`Msg::Remembered`]: super::Msg::Remembered

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::effect::{Effect, Found, Purpose, SearchRequest};
use super::reader;
use super::search::{RESULT_LIMIT, narrowed};
use super::sources::{Narrowing, Source, Subset};
use super::state::{AppState, ReaderLine};
use crate::corpus::ArticleIdx;
use crate::facts;

/// Reading positions taken in at most (the most recent).
pub const POSITIONS_LIMIT: usize = 100_000;

/// What the workspace remembered from earlier runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remembered {
    /// Queries of earlier runs, oldest first.
    History(Vec<String>),
    /// The list's order chosen for the collection in an earlier run.
    Sort(crate::reading::ListSort),
    /// Where the user was, and the reading positions of the loaded
    /// articles (articles no longer loaded are left out).
    Place {
        place: Option<SavedPlace>,
        positions: Vec<(ArticleIdx, u32)>,
    },
}

/// Where the user was, as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPlace {
    /// The list levels above every article ([`encode_levels`]).
    pub source: String,
    /// The selected article.
    pub article: Option<ArticleIdx>,
    /// How far it was read (a reading position).
    pub reading: u32,
    /// How many rows below the top of the list the selected article stood.
    pub list_row: u32,
}

/// One list level, as saved: what made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavedLevel {
    /// A query's results.
    #[serde(rename = "search")]
    Search(String),
    /// The articles that mention an entity (by its stable key).
    #[serde(rename = "entity")]
    Entity(String),
}

/// The levels as saved text (a JSON list; `[]` is every article).
pub fn encode_levels(levels: &[SavedLevel]) -> String {
    serde_json::to_string(levels).unwrap_or_else(|_| "[]".into())
}

/// The levels of saved text; text that is not a list of levels is every
/// article.
pub fn decode_levels(text: &str) -> Vec<SavedLevel> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Where the user is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Where {
    pub levels: Vec<SavedLevel>,
    pub article: Option<ArticleIdx>,
    pub reading: u32,
    /// The selected row's height in the list (rows below its top).
    pub list_row: u32,
}

/// What the app keeps of the user's place.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// What was saved before has been taken in: changes are saved.
    pub active: bool,
    /// The user has pressed a key (or clicked, or pasted) in this run.
    pub touched: bool,
    /// A restore under way.
    pub restoring: Option<Restoring>,
    /// Each article's reading position.
    pub positions: HashMap<ArticleIdx, u32>,
    /// Where the user was when saving was last asked for.
    pub last: Option<Where>,
}

/// A restore under way: the levels still to build, then the article.
#[derive(Debug, Clone)]
pub struct Restoring {
    pub levels: VecDeque<SavedLevel>,
    pub article: Option<ArticleIdx>,
    pub reading: u32,
    pub list_row: u32,
    /// A search level's answer is awaited.
    pub waiting: bool,
}

/// The reading position of the reader now.
pub fn reading(state: &AppState) -> u32 {
    match state.reader.lines.get(state.reader.scroll) {
        Some(ReaderLine::Body(r)) if state.reader.scroll > 0 => {
            let blank = u64::from(r.is_empty());
            let at = (r.start as u64).saturating_mul(2).saturating_add(1 + blank);
            u32::try_from(at).unwrap_or(u32::MAX)
        }
        _ => 0,
    }
}

/// Scrolls the reader to reading position `reading`: the body line that
/// begins at its byte (the blank one or the other: a blank line between
/// paragraphs begins where the next paragraph does), else the line that
/// holds the byte (the reader is wrapped at another width).
pub fn scroll_to_reading(state: &mut AppState, reading: u32) {
    let line = match reading.checked_sub(1) {
        None => 0,
        Some(at) => {
            let (byte, blank) = ((at / 2) as usize, at % 2 == 1);
            state
                .reader
                .lines
                .iter()
                .position(
                    |l| matches!(l, ReaderLine::Body(r) if r.start == byte && r.is_empty() == blank),
                )
                .or_else(|| state.line_of(byte))
                .unwrap_or(0)
        }
    };
    state.reader.scroll = line.min(state.reader_max_scroll());
}

/// The reading position kept for `article`, if any.
pub fn kept_reading(state: &AppState, article: ArticleIdx) -> Option<u32> {
    state.kept.positions.get(&article).copied()
}

/// Where the user is now.
pub fn where_now(state: &AppState) -> Where {
    let entities = state.analysis.resolution.as_ref().map(|r| &r.entities);
    // A period or a pair of entities (from the pictures) is not kept: the
    // levels are kept up to it.
    let levels = state
        .lists
        .levels()
        .iter()
        .skip(1)
        .map_while(|l| match &l.source {
            Source::All => Some(None),
            Source::Search(s) => Some(Some(SavedLevel::Search(s.query.clone()))),
            Source::Subset(s) => match s.why {
                Narrowing::Entity(id) => Some(
                    entities
                        .and_then(|e| e.get(id as usize))
                        .map(|e| SavedLevel::Entity(e.key.clone())),
                ),
                Narrowing::Period(_) | Narrowing::Pair(..) => None,
            },
        })
        .flatten()
        .collect();
    let top = state.list();
    Where {
        levels,
        article: state.reader.article,
        reading: reading(state),
        list_row: u32::try_from(top.selected.saturating_sub(top.offset)).unwrap_or(0),
    }
}

/// The user did something: a restore that has not finished stops where it
/// is, and from now on changes are saved.
pub fn touched(state: &mut AppState) {
    state.kept.touched = true;
    if state.kept.restoring.take().is_some() {
        start_saving(state);
    }
}

fn start_saving(state: &mut AppState) {
    state.kept.active = true;
    state.kept.last = Some(where_now(state));
}

/// Takes in what the workspace remembered.
pub fn remembered(state: &mut AppState, what: Remembered) -> Vec<Effect> {
    match what {
        Remembered::History(earlier) => {
            let line = &mut state.line;
            let this_run = std::mem::take(&mut line.history);
            line.history = earlier;
            for q in this_run {
                if line.history.last() != Some(&q) {
                    line.history.push(q);
                }
            }
            line.history_pos = None;
            Vec::new()
        }
        Remembered::Sort(sort) => super::sort::remembered(state, sort),
        Remembered::Place { place, positions } => {
            state.kept.positions.extend(positions);
            match place.filter(|_| !state.kept.touched) {
                Some(p) => {
                    if let Some(a) = p.article {
                        state.kept.positions.insert(a, p.reading);
                    }
                    state.kept.restoring = Some(Restoring {
                        levels: decode_levels(&p.source).into(),
                        article: p.article,
                        reading: p.reading,
                        list_row: p.list_row,
                        waiting: false,
                    });
                    advance(state)
                }
                None => {
                    start_saving(state);
                    Vec::new()
                }
            }
        }
    }
}

/// Builds the levels of a restore that can be built now; returns the
/// query to run for the next one, or finishes the restore when none is
/// left. Called again when the entities or the index arrive.
pub fn advance(state: &mut AppState) -> Vec<Effect> {
    loop {
        let Some(r) = &state.kept.restoring else {
            return Vec::new();
        };
        if r.waiting {
            return Vec::new();
        }
        let more_after = r.levels.len() > 1;
        match r.levels.front().cloned() {
            None => {
                finish(state);
                return Vec::new();
            }
            Some(SavedLevel::Entity(key)) => {
                let Some(resolution) = &state.analysis.resolution else {
                    return Vec::new();
                };
                let found = resolution
                    .entities
                    .binary_search_by(|e| e.key.as_str().cmp(&key))
                    .ok();
                let Some(id) = found else {
                    // The entity is gone: the restore ends at the level below.
                    finish(state);
                    return Vec::new();
                };
                let members = state.list().source.members(state.store.len());
                let postings = state
                    .analysis
                    .postings
                    .get(id)
                    .map_or(&[][..], Vec::as_slice);
                let articles: Vec<ArticleIdx> = facts::articles_of(postings)
                    .into_iter()
                    .filter(|&a| members.contains(a))
                    .collect();
                state.lists.push(Source::Subset(Box::new(Subset {
                    why: Narrowing::Entity(id as u32),
                    articles,
                })));
                reader::list_changed(state);
                if let Some(r) = &mut state.kept.restoring {
                    r.levels.pop_front();
                }
            }
            Some(SavedLevel::Search(query)) => {
                let Some(index) = &state.analysis.index else {
                    return Vec::new();
                };
                let parent = state.lists.depth();
                let narrowed = !matches!(state.list().source, Source::All);
                // A level above needs every result, as typing would have.
                let limit =
                    if narrowed || more_after || super::sort::wants_every_match(state, &query) {
                        index.len()
                    } else {
                        RESULT_LIMIT
                    };
                let request = SearchRequest {
                    index: Arc::clone(index),
                    query,
                    limit,
                    purpose: Purpose::Restore { parent },
                };
                if let Some(r) = &mut state.kept.restoring {
                    r.waiting = true;
                }
                return vec![Effect::Search(request)];
            }
        }
    }
}

/// A restored search level's answer.
pub fn found(state: &mut AppState, found: Found, parent: usize) -> Vec<Effect> {
    let Some(r) = &mut state.kept.restoring else {
        return Vec::new();
    };
    if !r.waiting || state.lists.depth() != parent {
        return Vec::new();
    }
    r.waiting = false;
    match found.result {
        Ok(results) => {
            let list = narrowed(state, parent, found.query, results, found.limit);
            state
                .lists
                .set_above(parent, Source::Search(Box::new(list)));
            reader::list_changed(state);
            if let Some(r) = &mut state.kept.restoring {
                r.levels.pop_front();
            }
            advance(state)
        }
        Err(_) => {
            // The query no longer parses (a newer dateline): stop here.
            finish(state);
            Vec::new()
        }
    }
}

/// Selects the saved article (when the list holds it) at its reading
/// position, and starts saving.
fn finish(state: &mut AppState) {
    if let Some(r) = state.kept.restoring.take()
        && let Some(article) = r.article
        && reader::open_article(state, article)
    {
        scroll_to_reading(state, r.reading);
        // The selected article at the height it stood in the list (as
        // far as this list and screen allow).
        let top = state.lists.top_mut();
        top.offset = top.selected.saturating_sub(r.list_row as usize);
        reader::follow_list(state);
    }
    start_saving(state);
}

/// The saving `update` asks for after a message: the place when it
/// changed, the reading position of an article the reader left (and of the
/// open one when the app quits). Put before a [`Effect::Quit`].
pub fn noticed(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !state.kept.active {
        return;
    }
    let now = where_now(state);
    let quitting = effects.iter().any(|e| matches!(e, Effect::Quit));
    let last = state.kept.last.replace(now.clone());
    let mut out = Vec::new();
    if let Some(last) = &last
        && last.article != now.article
        && let Some(a) = last.article
    {
        save_reading(state, a, last.reading, &mut out);
    }
    if quitting && let Some(a) = now.article {
        save_reading(state, a, now.reading, &mut out);
    }
    if last.as_ref() != Some(&now) {
        out.push(Effect::SavePlace(SavedPlace {
            source: encode_levels(&now.levels),
            article: now.article,
            reading: now.reading,
            list_row: now.list_row,
        }));
    }
    if out.is_empty() {
        return;
    }
    let at = effects
        .iter()
        .position(|e| matches!(e, Effect::Quit))
        .unwrap_or(effects.len());
    effects.splice(at..at, out);
}

/// Keeps `reading` for `article`; asks to save it unless it is the top of
/// an article with nothing kept (browsing the list saves nothing).
fn save_reading(state: &mut AppState, article: ArticleIdx, reading: u32, out: &mut Vec<Effect>) {
    let before = state.kept.positions.insert(article, reading);
    if before == Some(reading) || (reading == 0 && before.is_none()) {
        return;
    }
    out.push(Effect::SaveReading { article, reading });
}

/// A query kept in the history asks to be saved.
pub fn record_query(state: &AppState) -> Vec<Effect> {
    match state.line.history.last() {
        Some(q) => vec![Effect::RecordQuery(q.clone())],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_and_garbage_is_every_article() {
        let levels = vec![
            SavedLevel::Search("brown \"tax\" -sport".into()),
            SavedLevel::Entity("PER:gordon-brown".into()),
        ];
        assert_eq!(decode_levels(&encode_levels(&levels)), levels);
        assert_eq!(encode_levels(&[]), "[]");
        assert!(decode_levels("not json").is_empty());
        assert!(decode_levels("{\"x\":1}").is_empty());
    }

    #[test]
    fn history_of_earlier_runs_comes_before_this_runs() {
        let mut s = AppState::new(crate::store::Store::default(), Default::default());
        s.line.history = vec!["now".into()];
        remembered(
            &mut s,
            Remembered::History(vec!["old".into(), "now".into()]),
        );
        assert_eq!(s.line.history, ["old", "now"]);
        remembered(&mut s, Remembered::History(vec!["older".into()]));
        assert_eq!(s.line.history, ["older", "old", "now"]);
    }
}
