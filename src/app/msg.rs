//! Everything `update` takes in: the user's keys, mouse and pastes, the
//! terminal's size, and the background work's progress and answers.

use super::Action;
use super::effect::{Counted, Found, Wrapped};
use super::keymap::Key;
use super::place::Remembered;
use crate::analysis::AnalysisEvent;
use crate::corpus::LoadEvent;
use crate::watch::Batch;
use crate::workspace::WorkspaceStatus;

/// One input to `update`.
#[derive(Debug)]
pub enum Msg {
    /// A key press: the active mode's key tables say what it means.
    Key(Key),
    /// An action, as a key would give it (tests, later a command line).
    Action(Action),
    /// Text pasted at once (one event, into the active line if any).
    Paste(String),
    /// The terminal has a new size (columns, rows).
    Resize(u16, u16),
    /// A click at (column, row).
    Click(u16, u16),
    /// The mouse wheel at (column, row): lines, down positive.
    Wheel(u16, u16, i8),
    /// The loader's progress.
    Load(LoadEvent),
    /// The analysis' progress.
    Analysis(AnalysisEvent),
    /// New entities from the analysis, with what the app derives from
    /// them made already ([`super::incoming::prepare`]).
    Entities(Box<super::incoming::Entities>),
    /// A query's answer.
    Found(Box<Found>),
    /// Which entities each article names, counted for a resolution.
    Presence(Box<Counted>),
    /// Files of a watched folder that came, changed or went.
    Watch(Batch),
    /// A long article's body, wrapped off the loop's thread.
    Wrapped(Box<Wrapped>),
    /// The marks of every article, as kept (once the articles are known).
    Marks(crate::reading::Marks),
    /// An article's marks after a change was kept, or why it was not.
    Kept {
        article: crate::corpus::ArticleIdx,
        result: Result<crate::reading::Stored, String>,
    },
    /// The clips, for the clips pane.
    Clips(Vec<super::marking::ClipRow>),
    /// The saved searches, for their pane (with their counts, or with
    /// the counts to follow as [`Msg::SavedCounted`]).
    Saved(Vec<super::marking::SavedRow>),
    /// The saved searches' counts, made off the loop's thread.
    SavedCounted(Vec<super::marking::SavedRow>),
    /// Something to say in the status bar.
    Told(String),
    /// A timer asked for with [`Effect::Timer`](super::Effect::Timer) is up.
    Timer(super::effect::Timer),
    /// What the workspace remembered from earlier runs.
    Remembered(Remembered),
    /// What to tell the user about the workspace (read-only, rebuilt,
    /// saving off, data kept aside), as it is now.
    Workspace(Box<WorkspaceStatus>),
}

impl From<Action> for Msg {
    fn from(a: Action) -> Self {
        Msg::Action(a)
    }
}

impl From<Key> for Msg {
    fn from(k: Key) -> Self {
        Msg::Key(k)
    }
}
