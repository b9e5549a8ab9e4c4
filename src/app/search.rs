//! Search state of the app: the query line, its history, the last good
//! results, and the list position to go back to when the search closes.

use super::state::ListState;
use crate::search::SearchResults;

/// Results asked of the index per keystroke; the list pages through these.
pub const RESULT_LIMIT: usize = 500;

/// The query line and its results.
#[derive(Debug, Default)]
pub struct SearchState {
    /// Keys go to the query line.
    pub editing: bool,
    pub input: String,
    /// Byte offset of the cursor in `input`.
    pub cursor: usize,
    /// The last good results; `None` when no search is shown.
    pub results: Option<SearchResults>,
    /// The query `results` answer (the input may have moved on to one that
    /// does not parse).
    pub results_query: String,
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
    /// Where the full list was when the search opened.
    pub saved: Option<ListState>,
}

impl SearchState {
    /// Whether the list shows search results.
    pub fn active(&self) -> bool {
        self.results.is_some()
    }

    /// Remembers `query` at the end of the history (once).
    pub fn remember(&mut self) {
        let q = self.input.trim();
        if !q.is_empty() && self.history.last().map(String::as_str) != Some(q) {
            self.history.push(q.to_owned());
        }
        self.history_pos = None;
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
