//! The query worker: the app's searches run on their own thread, so the
//! loop goes on reading keys while the index works.
//!
//! The loop hands every [`SearchRequest`] to [`Searcher::run`] and returns
//! to its channel at once; each answer comes back into that channel as an
//! [`Event::Found`]. The query line asks for a search on every keystroke:
//! a request for the line is stale as soon as a newer one for the line
//! is waiting, so the worker skips it unrun and takes the newest (typing
//! fast or pasting never queues up work). An answer to a line that has
//! changed while it ran is dropped by `update`. Requests for more results
//! of a list (walking it, `n`, `*`) run in order, each one.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, Sender};

use super::Event;
use crate::app::effect::{Purpose, SearchRequest};

/// The handle of the query worker.
pub struct Searcher {
    requests: Sender<SearchRequest>,
}

impl Searcher {
    /// Starts the worker; its answers go into `answers`. It ends when the
    /// handle is dropped or nobody listens for answers.
    pub fn spawn(answers: Sender<Event>) -> Searcher {
        let (requests, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("dateline-search".into())
            .spawn(move || work(&rx, &answers))
            .map_or_else(
                // No thread: searches are answered where they are asked.
                |_| Searcher::inline(),
                |_| Searcher { requests },
            )
    }

    /// A searcher without a thread: [`Searcher::run`] hands every request
    /// back, to be answered where it was asked (when no thread can be
    /// started, or to compare with the worker).
    pub fn inline() -> Searcher {
        let (requests, _) = mpsc::channel();
        Searcher { requests }
    }

    /// Queues `request`; its answer arrives as [`Event::Found`]. Returns
    /// the request when the worker is gone.
    pub fn run(&self, request: SearchRequest) -> Result<(), SearchRequest> {
        self.requests.send(request).map_err(|e| e.0)
    }
}

/// The worker's loop: takes every waiting request, drops the stale ones,
/// runs the first of the rest.
fn work(rx: &Receiver<SearchRequest>, answers: &Sender<Event>) {
    let mut queue = VecDeque::new();
    loop {
        if queue.is_empty() {
            match rx.recv() {
                Ok(r) => queue.push_back(r),
                Err(_) => return,
            }
        }
        queue.extend(rx.try_iter());
        drop_stale(&mut queue);
        let Some(request) = queue.pop_front() else {
            continue;
        };
        let found = request.run();
        if answers.send(Event::Found(Box::new(found))).is_err() {
            return;
        }
    }
}

/// Keeps only the newest request of the query line (requests for more
/// results stay, in order).
fn drop_stale(queue: &mut VecDeque<SearchRequest>) {
    let is_line = |r: &SearchRequest| matches!(r.purpose, Purpose::Line { .. });
    if let Some(newest) = queue.iter().rposition(is_line) {
        let mut i = 0;
        queue.retain(|r| {
            let keep = !is_line(r) || i == newest;
            i += 1;
            keep
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::search::{DocInput, SearchIndex};

    fn index() -> Arc<SearchIndex> {
        let docs = [
            DocInput::text("Rain in Leeds", "It rained in Leeds all day."),
            DocInput::text("Sun in York", "York had sun."),
        ];
        Arc::new(SearchIndex::build(docs, |_| {}).unwrap())
    }

    fn line(index: &Arc<SearchIndex>, query: &str) -> SearchRequest {
        SearchRequest {
            index: Arc::clone(index),
            query: query.into(),
            limit: 10,
            purpose: Purpose::Line {
                parent: 0,
                generation: 1,
            },
        }
    }

    fn more(index: &Arc<SearchIndex>, query: &str) -> SearchRequest {
        SearchRequest {
            purpose: Purpose::More {
                level: 1,
                then: None,
            },
            ..line(index, query)
        }
    }

    #[test]
    fn only_the_newest_line_query_waiting_is_kept() {
        let ix = index();
        let mut queue: VecDeque<_> = [
            line(&ix, "r"),
            more(&ix, "a"),
            line(&ix, "ra"),
            more(&ix, "b"),
            line(&ix, "rai"),
        ]
        .into();
        drop_stale(&mut queue);
        let left: Vec<_> = queue.iter().map(|r| r.query.as_str()).collect();
        assert_eq!(left, ["a", "b", "rai"]);
    }

    #[test]
    fn answers_come_back_into_the_channel() {
        let ix = index();
        let (tx, rx) = mpsc::channel();
        let searcher = Searcher::spawn(tx);
        searcher.run(line(&ix, "leeds")).unwrap();
        let Ok(Event::Found(found)) = rx.recv_timeout(Duration::from_secs(10)) else {
            panic!("no answer");
        };
        assert_eq!(found.query, "leeds");
        assert_eq!(found.result.unwrap().hits.len(), 1);
    }
}
