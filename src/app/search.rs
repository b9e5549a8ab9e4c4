//! The query line and its results.
//!
//! `/` opens the line over the list shown; what is typed runs as a query
//! (an [`Effect::Search`]) on every change, and its results become the
//! list level right above the one the line was opened over, narrowed to
//! that level's articles. Esc takes the level away again; Enter keeps it.
//! `/` over a list of results edits that query. The line keeps this run's
//! queries as a history, and what was being typed while walking it.

use std::sync::Arc;

use super::Action;
use super::effect::{Effect, Found, Purpose, SearchRequest};
use super::line_edit;
use super::mode::Mode;
use super::place;
use super::reader;
use super::sources::{SearchList, Source};
use super::state::AppState;
use super::switch;

/// Results asked of the index per keystroke; the list fetches more as it
/// is walked.
pub const RESULT_LIMIT: usize = 500;

/// The query line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QueryLine {
    pub input: String,
    /// Byte offset of the cursor in `input`.
    pub cursor: usize,
    /// Why the current input does not parse (the last good results stay).
    pub error: Option<String>,
    /// A query typed before the index was ready; it runs when it is.
    pub pending: bool,
    /// Queries of this run, oldest first.
    pub history: Vec<String>,
    /// Position while walking the history with Up/Down.
    pub history_pos: Option<usize>,
    /// What was typed before walking the history; Down past the newest
    /// query brings it back.
    pub draft: String,
    /// Counts the queries the line has asked for: an answer to any but
    /// the newest is stale and dropped.
    pub generation: u64,
}

impl QueryLine {
    /// Remembers the line at the end of the history (once); true when it
    /// was added.
    pub fn remember(&mut self) -> bool {
        self.history_pos = None;
        let q = self.input.trim();
        if !q.is_empty() && self.history.last().map(String::as_str) != Some(q) {
            self.history.push(q.to_owned());
            return true;
        }
        false
    }

    /// Walks the history: `back` towards older queries.
    pub fn walk_history(&mut self, back: bool) {
        if self.history.is_empty() {
            return;
        }
        let last = self.history.len() - 1;
        let pos = match (self.history_pos, back) {
            (None, true) => {
                // The newest query may be the line itself (after Enter):
                // going back to it would change nothing.
                let same = self.history[last] == self.input.trim();
                if same && last == 0 {
                    return;
                }
                self.draft = self.input.clone();
                Some(if same { last - 1 } else { last })
            }
            (None, false) => return,
            (Some(p), true) => Some(p.saturating_sub(1)),
            // Past the newest, or onto a newest equal to the draft (skipped
            // on the way back): the draft.
            (Some(p), false) if p >= last => None,
            (Some(p), false) if p + 1 == last && self.history[last] == self.draft.trim() => None,
            (Some(p), false) => Some(p + 1),
        };
        self.history_pos = pos;
        self.input = match pos.and_then(|p| self.history.get(p)) {
            Some(q) => q.clone(),
            None => std::mem::take(&mut self.draft),
        };
        self.cursor = self.input.len();
    }
}

/// `/`: opens the query line over the list shown (or, over a list of
/// results, on the query that made them).
pub fn open(state: &mut AppState) {
    let top = state.lists.depth();
    let parent = match state.list().source.search() {
        Some(s) => {
            state.line.input = s.query.clone();
            top.saturating_sub(1)
        }
        None => {
            state.line.input.clear();
            top
        }
    };
    state.line.cursor = state.line.input.len();
    state.line.history_pos = None;
    state.line.error = None;
    switch::open(state, Mode::Search { parent });
}

/// The parent level of the open query line.
fn parent(state: &AppState) -> Option<usize> {
    match state.mode {
        Mode::Search { parent } => Some(parent),
        _ => None,
    }
}

/// A key of the query line.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(parent) = parent(state) else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            let added = state.line.remember();
            let has_results = state.lists.depth() > parent;
            if !has_results && state.line.input.trim().is_empty() {
                cancel(state, parent);
            } else {
                switch::close(state);
                switch::focus(state, super::Focus::List);
            }
            if added {
                place::record_query(state)
            } else {
                Vec::new()
            }
        }
        Action::Back => cancel(state, parent),
        Action::HistoryPrev | Action::HistoryNext => {
            state.line.walk_history(action == Action::HistoryPrev);
            run(state, parent)
        }
        _ => match action.edit() {
            Some(edit) => {
                let l = &mut state.line;
                if line_edit::apply(&mut l.input, &mut l.cursor, edit) {
                    l.history_pos = None;
                    run(state, parent)
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        },
    }
}

/// A character typed into the query line.
pub fn type_char(state: &mut AppState, c: char) -> Vec<Effect> {
    let Some(parent) = parent(state) else {
        return Vec::new();
    };
    let l = &mut state.line;
    line_edit::insert(&mut l.input, &mut l.cursor, c);
    l.history_pos = None;
    run(state, parent)
}

/// Text pasted into the query line (one line: breaks become spaces).
pub fn paste(state: &mut AppState, text: &str) -> Vec<Effect> {
    let Some(parent) = parent(state) else {
        return Vec::new();
    };
    let l = &mut state.line;
    line_edit::paste(&mut l.input, &mut l.cursor, text);
    l.history_pos = None;
    run(state, parent)
}

/// Esc: the search closes and the list it was opened over comes back as
/// it was (the query is kept in the history).
fn cancel(state: &mut AppState, parent: usize) -> Vec<Effect> {
    let added = state.line.remember();
    state.line.input.clear();
    state.line.cursor = 0;
    state.line.error = None;
    state.line.pending = false;
    // An answer still on its way is for a line that is gone.
    state.line.generation = state.line.generation.wrapping_add(1);
    state.lists.truncate_above(parent);
    switch::close(state);
    reader::list_changed(state);
    if added {
        place::record_query(state)
    } else {
        Vec::new()
    }
}

/// Runs the line as a query over level `parent` (or keeps it for when the
/// index is ready). An empty line shows the parent level again.
pub fn run(state: &mut AppState, parent: usize) -> Vec<Effect> {
    let query = state.line.input.trim().to_owned();
    if query.is_empty() {
        state.line.error = None;
        state.line.pending = false;
        if state.lists.depth() > parent {
            state.lists.truncate_above(parent);
            reader::list_changed(state);
        }
        return Vec::new();
    }
    let Some(index) = &state.analysis.index else {
        state.line.pending = true;
        return Vec::new();
    };
    state.line.pending = false;
    let narrowed = state
        .lists
        .get(parent)
        .is_some_and(|l| !matches!(l.source, Source::All));
    // Within a narrowed list every result is needed to know which of them
    // it holds; over every article the best first, more as the list is
    // walked.
    let limit = if narrowed || super::sort::wants_every_match(state, &query) {
        index.len()
    } else {
        RESULT_LIMIT
    };
    state.line.generation = state.line.generation.wrapping_add(1);
    vec![Effect::Search(SearchRequest {
        index: Arc::clone(index),
        query,
        limit,
        purpose: Purpose::Line {
            parent,
            generation: state.line.generation,
        },
    })]
}

/// A query line typed before the index was ready runs once it is.
pub fn run_pending(state: &mut AppState) -> Vec<Effect> {
    match parent(state) {
        Some(parent) if state.line.pending => run(state, parent),
        _ => Vec::new(),
    }
}

/// Asks for more results of the search at `level` (all of them when
/// `all`), doing `then` again once they are in.
pub fn fetch_more(
    state: &AppState,
    level: usize,
    rows: usize,
    then: Option<Action>,
) -> Vec<Effect> {
    let (Some(index), Some(l)) = (&state.analysis.index, state.lists.get(level)) else {
        return Vec::new();
    };
    let Some(s) = l.source.search() else {
        return Vec::new();
    };
    if s.complete {
        return Vec::new();
    }
    let have = s.results.hits.len();
    let limit = rows
        .max(have.saturating_mul(2))
        .min(s.results.total.max(have + 1))
        .min(index.len().max(1));
    vec![Effect::Search(SearchRequest {
        index: Arc::clone(index),
        query: s.query.clone(),
        limit,
        purpose: Purpose::More { level, then },
    })]
}

/// Every result of the search at `level`, then `then` again.
pub fn fetch_all(state: &AppState, level: usize, then: Action) -> Vec<Effect> {
    let all = state.analysis.index.as_ref().map_or(0, |i| i.len());
    fetch_more(state, level, all, Some(then))
}

/// Takes in a query's answer; returns the action to do again now that the
/// results it waited for are in.
pub fn found(state: &mut AppState, found: Found) -> Option<Action> {
    let Found {
        query,
        limit,
        purpose,
        result,
    } = found;
    match purpose {
        Purpose::Line { parent, generation } => {
            // An answer to a line that has asked again or changed since is
            // dropped.
            if generation != state.line.generation
                || query != state.line.input.trim()
                || state.lists.depth() > parent + 1
            {
                return None;
            }
            match result {
                Ok(results) => {
                    let list = narrowed(state, parent, query, results, limit);
                    state.line.error = None;
                    state
                        .lists
                        .set_above(parent, Source::Search(Box::new(list)));
                    reader::list_changed(state);
                }
                Err(e) => state.line.error = Some(e.message),
            }
            None
        }
        Purpose::Matching { level, then } => {
            super::pictures::matching_found(state, level, query, result, then)
        }
        Purpose::More { level, then } => {
            // It parsed before; should it now fail, the list stays.
            let results = result.ok()?;
            let parent = level.saturating_sub(1);
            let before = match state.lists.get(level).and_then(|l| l.source.search()) {
                Some(s) if s.query == query => s.results.hits.len(),
                _ => return None,
            };
            let list = narrowed(state, parent, query, results, limit);
            let grew = list.results.hits.len() > before || list.complete;
            if let Some(l) = state.lists.get_mut(level) {
                l.source = Source::Search(Box::new(list));
            }
            then.filter(|_| grew)
        }
        Purpose::Arrivals { level } => {
            super::arrivals::refreshed(state, level, &query, result);
            None
        }
        // Answered by `place::found`.
        Purpose::Restore { .. } => None,
    }
}

/// `results` of `query` (asked with `limit`) as a list over level
/// `parent`: only the articles that level holds.
pub(super) fn narrowed(
    state: &AppState,
    parent: usize,
    query: String,
    mut results: crate::search::SearchResults,
    limit: usize,
) -> SearchList {
    let all = state.store.len();
    let members = state
        .lists
        .get(parent)
        .map_or(super::sources::Members::All, |l| l.source.members(all));
    let complete = results.hits.len() < limit || results.hits.len() >= results.total;
    let within = !members.is_all();
    if within {
        results.hits.retain(|h| members.contains(h.doc));
        results.total = results.hits.len();
    }
    SearchList {
        query,
        results,
        complete: complete || within,
        within,
    }
}
