//! The wrap worker: a long article's body is wrapped on its own thread, so
//! opening a 100 MB article or resizing the terminal over it never keeps
//! the loop from reading keys (the reader shows the body's first part
//! meanwhile; see `app::reader`).
//!
//! Only the newest request waiting is run: the others (an article left,
//! a width the terminal no longer has) are stale before they start. A
//! wrap already running finishes and `update` drops its answer.

use std::sync::mpsc::{self, Receiver, Sender};

use super::Event;
use crate::app::effect::WrapRequest;

/// The handle of the wrap worker.
pub struct Wrapper {
    requests: Sender<WrapRequest>,
}

impl Wrapper {
    /// Starts the worker; its answers go into `answers` as
    /// [`Event::Wrapped`]. It ends when the handle is dropped or nobody
    /// listens for answers.
    pub fn spawn(answers: Sender<Event>) -> Wrapper {
        let (requests, rx) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("dateline-wrap".into())
            .spawn(move || work(&rx, &answers));
        if started.is_err() {
            return Wrapper::inline();
        }
        Wrapper { requests }
    }

    /// A wrapper without a thread: [`Wrapper::run`] hands every request
    /// back, to be wrapped where it was asked.
    pub fn inline() -> Wrapper {
        let (requests, _) = mpsc::channel();
        Wrapper { requests }
    }

    /// Queues `request`. Returns it when the worker is gone.
    pub fn run(&self, request: WrapRequest) -> Result<(), WrapRequest> {
        self.requests.send(request).map_err(|e| e.0)
    }
}

/// The worker's loop: the newest request waiting, wrapped.
fn work(rx: &Receiver<WrapRequest>, answers: &Sender<Event>) {
    while let Ok(first) = rx.recv() {
        let newest = rx.try_iter().last().unwrap_or(first);
        let wrapped = newest.run();
        if answers.send(Event::Wrapped(Box::new(wrapped))).is_err() {
            return;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::corpus::{Input, load_all};
    use crate::textview::wrap::wrap;

    #[test]
    fn the_newest_waiting_request_is_wrapped() {
        let loaded = load_all(&Input::Seeds);
        let article = Arc::new(loaded.articles[0].clone());
        let (tx, rx) = mpsc::channel();
        let wrapper = Wrapper::spawn(tx);
        for width in [20, 30, 40] {
            wrapper
                .run(WrapRequest {
                    article: 0,
                    text: Arc::clone(&article),
                    width,
                })
                .unwrap();
        }
        // The first may have started before the others came; the last
        // answer is for the newest width.
        let mut last = None;
        while let Ok(Event::Wrapped(w)) = rx.recv_timeout(Duration::from_millis(500)) {
            last = Some(w);
        }
        let last = last.unwrap();
        assert_eq!(last.width, 40);
        assert_eq!(last.lines, wrap(&article.body, 40));
    }
}
