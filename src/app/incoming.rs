//! What the analysis sends, made ready before it reaches `update`, so the
//! loop's thread only swaps it in.
//!
//! New entities for 100,000 articles bring work in proportion to the
//! collection: the postings of every entity ([`facts::postings`]), the
//! letters the entities pane filters by, and, when the old ones go, the
//! freeing of millions of small allocations. [`prepare`] does the first
//! two on the thread that calls it (the shell calls it on the thread that
//! forwards the analysis' events), and [`discard`] frees what `update`
//! replaces on a thread of its own. `update` takes a prepared message as
//! it takes the plain one ([`super::Msg::Analysis`]): the state after
//! either is the same.

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, OnceLock};

use super::msg::Msg;
use crate::analysis::AnalysisEvent;
use crate::entities::Resolution;
use crate::facts::{self, Postings};

/// Entities with what the app derives from them.
#[derive(Debug)]
pub struct Entities {
    pub resolution: Arc<Resolution>,
    /// [`facts::postings`] of the resolution.
    pub postings: Postings,
    /// Each entity's letters ([`super::entities_pane::entity_letters`]).
    pub letters: Vec<u64>,
}

impl Entities {
    /// Derives from `resolution` (the work `update` would otherwise do).
    pub fn of(resolution: Arc<Resolution>) -> Entities {
        Entities {
            postings: facts::postings(&resolution),
            letters: letters(&resolution),
            resolution,
        }
    }
}

/// Each entity's letters, for the entities pane's filter.
pub fn letters(r: &Resolution) -> Vec<u64> {
    r.entities
        .iter()
        .map(super::entities_pane::entity_letters)
        .collect()
}

/// An analysis event made ready for `update`.
#[derive(Debug)]
pub enum Prepared {
    /// Nothing to do before `update`.
    Event(AnalysisEvent),
    /// New entities with what the app derives from them.
    Entities(Box<Entities>),
}

impl From<Prepared> for Msg {
    fn from(p: Prepared) -> Msg {
        match p {
            Prepared::Event(e) => Msg::Analysis(e),
            Prepared::Entities(e) => Msg::Entities(e),
        }
    }
}

/// `event` with the work it brings done here (on the caller's thread).
pub fn prepare(event: AnalysisEvent) -> Prepared {
    match event {
        AnalysisEvent::Entities(r) => Prepared::Entities(Box::new(Entities::of(r))),
        other => Prepared::Event(other),
    }
}

/// Drops `value` on a thread kept for it: what `update` replaces (the old
/// entities, postings, index) is freed off the loop's thread. Values are
/// dropped in the order they come; if the thread cannot be had, here.
pub fn discard<T: Send + 'static>(value: T) {
    static BIN: OnceLock<Option<Bin>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Box<dyn Send>>();
        std::thread::Builder::new()
            .name("dateline-discard".into())
            .spawn(move || {
                for value in rx {
                    drop(value);
                }
            })
            .ok()
            .map(|_| tx)
    });
    let value: Box<dyn Send> = Box::new(value);
    match bin {
        // The thread never ends while the process runs.
        Some(tx) => {
            let _ = tx.send(value);
        }
        None => drop(value),
    }
}

/// Where [`discard`] sends what it frees.
type Bin = Sender<Box<dyn Send>>;
