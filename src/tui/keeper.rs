//! The shell's side of the workspace: one thread does all the reading and
//! writing of the user's store, so a slow or full disk never holds up a
//! key.
//!
//! The loop hands the keeper what `update` asked to save (a query, the
//! place, a reading position) and tells it when the analysis has
//! identified the articles. The keeper answers into the loop's channel:
//! the query history at once, the place and the reading positions once the
//! articles are identified (mapped from the store's rows to the loaded
//! articles), and the workspace's status whenever it changes (read-only,
//! rebuilt, saving off after a failed write, data kept aside).
//!
//! Saves that arrive together are gathered for a moment and only the
//! newest place is written; each query and each reading position is its
//! own transaction. Dropping the keeper writes what is pending and waits
//! for it, so quitting loses nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Event;
use crate::app::Msg;
use crate::app::place::{POSITIONS_LIMIT, Remembered, SavedPlace};
use crate::corpus::ArticleIdx;
use crate::workspace::{ArticleRow, Place, Workspace, WorkspaceStatus, user::HISTORY_LIMIT};

/// How long saves are gathered before they are written.
const GATHER: Duration = Duration::from_millis(200);

/// A job for the keeper.
#[derive(Debug)]
pub enum Job {
    /// The articles are identified: send what was kept about them.
    Recall,
    /// Keep a query in the history.
    Query(String),
    /// Keep where the user is.
    Place(SavedPlace),
    /// Keep how far an article was read.
    Reading(ArticleIdx, u32),
    /// Keep the list's order chosen (at once, one transaction).
    Sort(crate::reading::ListSort),
    /// Send the workspace's status if it changed.
    Status,
    /// Save a change of the entity corrections (at once, one transaction).
    Correction(crate::corrections::saved::Change),
}

/// The keeper thread and the way to it.
pub struct Keeper {
    workspace: Arc<Workspace>,
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Keeper {
    /// Starts the keeper of `workspace`, answering into `tx`.
    pub fn start(workspace: Arc<Workspace>, tx: Sender<Event>) -> Keeper {
        let (jobs, rx) = mpsc::channel();
        let ws = Arc::clone(&workspace);
        let thread = std::thread::spawn(move || run(&ws, &rx, &tx));
        Keeper {
            workspace,
            jobs: Some(jobs),
            thread: Some(thread),
        }
    }

    /// The workspace kept.
    pub fn workspace(&self) -> &Arc<Workspace> {
        &self.workspace
    }

    /// Hands `job` to the keeper.
    pub fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        // The thread writes what is pending once the channel closes.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Saves waiting to be written.
#[derive(Default)]
struct Pending {
    queries: Vec<String>,
    place: Option<SavedPlace>,
    readings: Vec<(ArticleIdx, u32)>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.queries.is_empty() && self.place.is_none() && self.readings.is_empty()
    }
}

fn run(ws: &Workspace, rx: &Receiver<Job>, tx: &Sender<Event>) {
    let mut shown = WorkspaceStatus::default();
    let history = ws.user().query_history(HISTORY_LIMIT).unwrap_or_default();
    let _ = tx.send(Event::Workspace(Msg::Remembered(Remembered::History(
        history,
    ))));
    if let Some(sort) = crate::reading::sort::kept_sort(&ws.user()) {
        let _ = tx.send(Event::Workspace(Msg::Remembered(Remembered::Sort(sort))));
    }
    status(ws, tx, &mut shown);
    let mut pending = Pending::default();
    let mut deadline: Option<Instant> = None;
    loop {
        let job = match deadline {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
        };
        match job {
            Ok(Job::Recall) => {
                let _ = tx.send(Event::Workspace(Msg::Remembered(recall(ws))));
                status(ws, tx, &mut shown);
            }
            Ok(Job::Status) => status(ws, tx, &mut shown),
            Ok(Job::Sort(sort)) => {
                let _ = crate::reading::sort::set_setting(&mut ws.user(), "list_sort", sort.name());
                status(ws, tx, &mut shown);
            }
            Ok(Job::Correction(change)) => {
                // A failure turns saving off, which the status shows.
                let _ = change.save(&mut ws.user());
                status(ws, tx, &mut shown);
            }
            Ok(job) => {
                match job {
                    Job::Query(q) => pending.queries.push(q),
                    Job::Place(p) => pending.place = Some(p),
                    Job::Reading(a, r) => pending.readings.push((a, r)),
                    Job::Recall | Job::Status | Job::Correction(_) | Job::Sort(_) => {}
                }
                deadline.get_or_insert_with(|| Instant::now() + GATHER);
            }
            Err(RecvTimeoutError::Timeout) => {
                write(ws, &mut pending);
                deadline = None;
                status(ws, tx, &mut shown);
            }
            Err(RecvTimeoutError::Disconnected) => {
                write(ws, &mut pending);
                return;
            }
        }
    }
}

/// Sends the workspace's status when it is not what the app shows.
fn status(ws: &Workspace, tx: &Sender<Event>, shown: &mut WorkspaceStatus) {
    let now = ws.status();
    if now != *shown {
        *shown = now.clone();
        let _ = tx.send(Event::Workspace(Msg::Workspace(Box::new(now))));
    }
}

/// What was kept about the loaded articles: the place and the reading
/// positions, by the articles' positions in the store.
fn recall(ws: &Workspace) -> Remembered {
    let rows = ws.article_rows();
    let at: HashMap<ArticleRow, ArticleIdx> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some(((*r)?, ArticleIdx::try_from(i).ok()?)))
        .collect();
    let user = ws.user();
    let list_row = crate::reading::sort::setting(&user, "list_row")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let place = user.place().ok().flatten().map(|p| SavedPlace {
        source: p.source,
        article: p.article.and_then(|r| at.get(&r).copied()),
        reading: p.scroll,
        list_row,
    });
    let positions = user
        .read_positions(POSITIONS_LIMIT)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(row, reading)| Some((*at.get(&row)?, reading)))
        .collect();
    Remembered::Place { place, positions }
}

/// Writes what is pending (failures show in the workspace's status).
fn write(ws: &Workspace, pending: &mut Pending) {
    if pending.is_empty() {
        return;
    }
    let rows = ws.article_rows();
    let row = |a: ArticleIdx| rows.get(a as usize).copied().flatten();
    let mut user = ws.user();
    for q in pending.queries.drain(..) {
        let _ = user.record_query(&q);
    }
    let mut last: HashMap<ArticleIdx, u32> = HashMap::new();
    for (a, r) in pending.readings.drain(..) {
        last.insert(a, r);
    }
    for (a, reading) in last {
        if let Some(r) = row(a) {
            let _ = user.set_read_position(r, reading);
        }
    }
    if let Some(p) = pending.place.take() {
        let _ = user.set_place(&Place {
            source: p.source,
            article: p.article.and_then(row),
            scroll: p.reading,
        });
        let _ = crate::reading::sort::set_setting(&mut user, "list_row", &p.list_row.to_string());
    }
}
