//! Entity corrections: the user's fixes to what the extractor found, kept
//! as rules and applied on top of every resolution.
//!
//! No extractor is perfect, so the user can rename an entity, change its
//! kind, merge it into another, split a surface form (or one article's
//! mentions, or one mention) off into an entity of its own, hide a form or
//! a mention ("not an entity"), and add a form the extractor missed (as a
//! new entity or as an alias of one). Each fix is a [`Rule`] keyed by what
//! survives re-analysis and applies to articles added later:
//!
//! - an entity's stable key (`PER:tony-blair`), which alias resolution
//!   gives the same way for the same collection;
//! - a surface form ("Franz Ferdinand"), matched exactly (case and all);
//! - one mention: the article's content hash and the mention's byte range
//!   ([`MentionAt`]), so it follows the article when its file moves and
//!   lapses when its text changes.
//!
//! The extractor's resolution is never changed: [`apply`] makes a corrected
//! copy from it and the active rules, in order, and says how many mentions
//! each rule touched (a rule that touches nothing no longer matches: an
//! import reports it). Undo and redo are moves in a [`Log`] of rules; since
//! the corrected resolution is always made from the original and the
//! active rules, undoing every rule gives the original back exactly.
//!
//! The rules are stored in the workspace's user store ([`saved`]), one
//! transaction per action, and shared as JSON Lines (one rule a line).

mod apply;
mod log;
mod rule;
pub mod saved;

use std::sync::Arc;

pub use apply::{Applied, Changes, Corrected, DocId, apply};
pub use log::{Entry, Log};
pub use rule::{MentionAt, Rule, RuleError};

use crate::entities::{ArticleText, Resolution};

/// What corrections are made from: the extractor's resolution, the
/// articles' identities and the log of rules.
#[derive(Debug, Clone, Default)]
pub struct Base {
    /// The resolution before any correction.
    pub raw: Arc<Resolution>,
    /// Each article's identity (content hash, short), in corpus order.
    pub ids: Arc<Vec<DocId>>,
    /// The corrections.
    pub log: Log,
    /// Mentions each active correction touched when the log was last
    /// applied (empty before).
    pub touched: Vec<usize>,
    /// `raw` with rules applied and kept applied, for the next change of
    /// the log to cost only the rules that changed (made on first use).
    pub engine: Option<Box<Corrected>>,
}

impl Base {
    /// The resolution with the active rules applied, from scratch.
    pub fn apply<T: ArticleText + Sync>(&self, texts: &[T]) -> Applied {
        apply(&self.raw, texts, &self.ids, &self.log.rules())
    }

    /// The resolution with the active rules applied, through the kept
    /// state: only the rules that changed since the last call are undone
    /// or applied. Equals [`Base::apply`].
    pub fn update<T: ArticleText + Sync>(&mut self, texts: &[T]) -> Applied {
        let rules = self.log.rules();
        let (raw, ids) = (&self.raw, &self.ids);
        self.engine
            .get_or_insert_with(|| Box::new(Corrected::new(raw, ids)))
            .update(texts, &rules)
    }

    /// Makes the kept state (and applies the active rules to it) ahead of
    /// the first change, so that change costs only itself.
    pub fn prepare<T: ArticleText + Sync>(&mut self, texts: &[T]) {
        let rules = self.log.rules();
        let (raw, ids) = (&self.raw, &self.ids);
        self.engine
            .get_or_insert_with(|| Box::new(Corrected::new(raw, ids)))
            .move_to(texts, &rules);
    }

    /// The extractor's resolution changed (articles came, went or
    /// changed): the kept state is made again on next use.
    pub fn set_raw(&mut self, raw: Arc<Resolution>, ids: Arc<Vec<DocId>>) {
        self.raw = raw;
        self.ids = ids;
        self.engine = None;
    }
}
