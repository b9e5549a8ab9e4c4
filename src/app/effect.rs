//! What `update` asks the shell to do, and what comes back.
//!
//! `update` changes the state and returns [`Effect`]s; it does no I/O and
//! runs no query itself. The shell (`tui.rs`) carries each effect out and
//! sends any answer back as a [`Msg`] into the same loop. A search is a
//! [`SearchRequest`] that holds all it needs (the index is shared), so it
//! can run on the loop's thread, as now, or on a worker that a newer
//! request makes stale: an answer says which request it answers, and
//! `update` drops answers to a line that has changed since.
//!
//! [`drive`] is the loop without a terminal: it applies a message and
//! answers search effects at once, returning the other effects. Tests and
//! benchmarks use it; the shell sends searches to its query worker
//! instead.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;

use super::msg::Msg;
use super::place::SavedPlace;
use super::state::AppState;
use super::{Action, update};
use crate::corpus::{Article, ArticleIdx};
use crate::entities::Resolution;
use crate::pictures::Presence;
use crate::search::{Hit, QueryError, SearchIndex, SearchResults};
use crate::textview::wrap::wrap;

/// Something for the shell to do.
#[derive(Debug)]
pub enum Effect {
    /// Run a query; the answer comes back as [`Msg::Found`].
    Search(SearchRequest),
    /// Find the entities of the loaded articles and index them, sending
    /// [`Msg::Analysis`] events as the work goes on.
    Analyse(Vec<Arc<Article>>),
    /// Save a change of the corrections in the workspace.
    SaveCorrection(crate::corrections::saved::Change),
    /// Index the articles whose entities changed again (in the
    /// background); the new index comes back as [`Msg::Analysis`].
    Reindex(Arc<crate::entities::Resolution>),
    /// Count which entities each article names (for the co-occurrence
    /// view and the overview), off the loop's thread; the answer comes
    /// back as [`Msg::Presence`].
    CountPresence(PresenceRequest),
    /// Keep a query in the workspace's history.
    RecordQuery(String),
    /// Keep where the user is (see [`super::place`]).
    SavePlace(SavedPlace),
    /// Keep how far `article` was read (a reading position).
    SaveReading { article: ArticleIdx, reading: u32 },
    /// Leave the app.
    Quit,
    /// Leave the app at once, as interrupted (Ctrl-C): the exit status
    /// says so.
    Interrupt,
    /// Give the terminal back and stop until continued (Ctrl-Z).
    Suspend,
    /// Wrap a long article's body off the loop's thread; the lines come
    /// back as [`Msg::Wrapped`].
    Wrap(WrapRequest),
    /// Keep a change to an article's marks; the answer is [`Msg::Kept`].
    Keep {
        article: crate::corpus::ArticleIdx,
        change: crate::reading::Change,
    },
    /// Edit the article's note (now `text`) in `$VISUAL`/`$EDITOR`, the
    /// terminal suspended meanwhile; then keep it ([`Msg::Kept`]).
    EditNote {
        article: crate::corpus::ArticleIdx,
        text: String,
    },
    /// Put `text` on the system clipboard (OSC 52).
    Copy(String),
    /// Read the clips; the answer is [`Msg::Clips`].
    ShowClips,
    /// Read the saved searches and count their matches; the answer is
    /// [`Msg::Saved`].
    ShowSaved,
    /// Save `query` as `name`; the answer is [`Msg::Told`].
    SaveSearch { name: String, query: String },
    /// The saved search `name` was opened now (its "new" count restarts).
    OpenedSearch(String),
    /// Keep the list's order chosen for the collection.
    SaveSort(crate::reading::ListSort),
    /// Send [`Msg::Timer`] with `timer` once `after` has passed.
    Timer {
        after: std::time::Duration,
        timer: Timer,
    },
}

/// What a timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The dwell numbered so is up (see [`super::dwell`]).
    Dwell(u64),
}

/// The articles and the resolution to count presence in.
#[derive(Debug)]
pub struct PresenceRequest {
    pub articles: Vec<Arc<Article>>,
    pub resolution: Arc<Resolution>,
}

/// Presence counted, with the resolution it was counted for (an answer
/// for an older resolution is dropped).
#[derive(Debug)]
pub struct Counted {
    pub resolution: Arc<Resolution>,
    pub presence: Arc<Presence>,
}

impl PresenceRequest {
    /// Counts (about 40 ms on the 2,225 BBC articles).
    pub fn run(self) -> Counted {
        let texts: Vec<(&str, &str)> = self
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.body.as_str()))
            .collect();
        let presence = Presence::build(&texts, &self.resolution);
        Counted {
            resolution: self.resolution,
            presence: Arc::new(presence),
        }
    }
}

/// A long body to wrap (the reader shows its first part meanwhile).
#[derive(Debug, Clone)]
pub struct WrapRequest {
    pub article: ArticleIdx,
    pub text: Arc<Article>,
    pub width: usize,
}

/// A body wrapped: its display lines as byte ranges (see
/// [`crate::textview::wrap`]).
#[derive(Debug)]
pub struct Wrapped {
    pub article: ArticleIdx,
    pub width: usize,
    pub lines: Vec<Range<usize>>,
}

impl WrapRequest {
    /// Wraps the body (about 100 MB a second).
    pub fn run(self) -> Wrapped {
        Wrapped {
            article: self.article,
            width: self.width,
            lines: wrap(&self.text.body, self.width),
        }
    }
}

/// What a query's answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The query line's results: the list level above level `parent`,
    /// for the line's query number `generation` (an answer to an older
    /// one is stale).
    Line { parent: usize, generation: u64 },
    /// More results of the search at list level `level`; `then` runs again
    /// once they are in (a walk that needed them).
    More { level: usize, then: Option<Action> },
    /// Every article matching the search at list level `level`, unranked
    /// (answered as hits in store order, for the pictures); `then` runs
    /// again once they are in.
    Matching { level: usize, then: Action },
    /// The search at list level `level` asked again after articles arrived
    /// (`--watch`): the arrivals it matches join its results.
    Arrivals { level: usize },
    /// A search level of a restored place, right above level `parent`.
    Restore { parent: usize },
}

/// A query to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub index: Arc<SearchIndex>,
    pub query: String,
    /// Results asked for.
    pub limit: usize,
    pub purpose: Purpose,
}

/// A query's answer.
#[derive(Debug)]
pub struct Found {
    pub query: String,
    pub limit: usize,
    pub purpose: Purpose,
    pub result: Result<SearchResults, QueryError>,
}

impl SearchRequest {
    /// Runs the query (about a millisecond on 100,000 articles), no
    /// article marked.
    pub fn run(self) -> Found {
        let n = crate::search::NoMarks(self.index.len());
        self.run_marked(&n)
    }

    /// Runs the query with `is:`, `tag:` and `has:` answered by `marked`.
    pub fn run_marked(self, marked: &dyn crate::search::Marked) -> Found {
        let result = match self.purpose {
            Purpose::Matching { .. } => {
                self.index.matching_marked(&self.query, marked).map(|docs| {
                    let mut all = SearchResults::default();
                    all.total = docs.len();
                    all.hits = docs
                        .into_iter()
                        .map(|doc| Hit { doc, score: 0.0 })
                        .collect();
                    all
                })
            }
            _ => self.index.search_marked(&self.query, self.limit, marked),
        };
        Found {
            query: self.query,
            limit: self.limit,
            purpose: self.purpose,
            result,
        }
    }
}

/// Applies `msg`, then the answers of the searches (and wraps) it asks
/// for, in order; returns the effects left for the shell (analysis,
/// saving, quit).
pub fn drive(state: &mut AppState, msg: impl Into<Msg>) -> Vec<Effect> {
    let mut left = Vec::new();
    let mut queue: VecDeque<Effect> = update(state, msg).into();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Search(request) => {
                let answer = Msg::Found(Box::new(request.run_marked(&*state.marks)));
                queue.extend(update(state, answer));
            }
            Effect::Wrap(request) => {
                let answer = Msg::Wrapped(Box::new(request.run()));
                queue.extend(update(state, answer));
            }
            other => left.push(other),
        }
    }
    left
}
