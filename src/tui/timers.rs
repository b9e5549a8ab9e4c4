//! The app's clock: one thread holds the timers `update` asked for
//! ([`Effect::Timer`](crate::app::Effect::Timer)) and sends each into the
//! loop's channel when it is up ([`Event::Timer`]). `update` never reads
//! the time; a timer that is no longer wanted when it fires is dropped
//! there (each says which dwell it ends).

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::Event;
use crate::app::effect::Timer;

/// The handle of the timer thread.
pub struct Timers {
    requests: Sender<(Instant, Timer)>,
}

impl Timers {
    /// Starts the thread; it ends when the handle is dropped or nobody
    /// listens.
    pub fn spawn(tx: Sender<Event>) -> Timers {
        let (requests, rx) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("dateline-timers".into())
            .spawn(move || run(&rx, &tx));
        Timers { requests }
    }

    /// Sends `timer` back once `after` has passed.
    pub fn start(&self, after: Duration, timer: Timer) {
        let _ = self.requests.send((Instant::now() + after, timer));
    }
}

fn run(rx: &Receiver<(Instant, Timer)>, tx: &Sender<Event>) {
    let mut waiting: Vec<(Instant, Timer)> = Vec::new();
    loop {
        let next = waiting.iter().map(|&(at, _)| at).min();
        let got = match next {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match got {
            Ok(t) => waiting.push(t),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        let (due, later): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|&(at, _)| at <= now);
        waiting = later;
        for (_, t) in due {
            if tx.send(Event::Timer(t)).is_err() {
                return;
            }
        }
    }
}
