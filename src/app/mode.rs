//! The mode: which part of the app has the keys.
//!
//! Exactly one [`Mode`] is active ([`super::AppState::mode`]); the modes it
//! was opened over wait in [`super::AppState::behind`] and come back, as
//! they were, when it closes. Each mode owns its keys (its tables in
//! [`super::keymap`]): a key the active mode does not bind does nothing,
//! and never reaches a mode behind it. A mode that is open holds its own
//! state (the entities pane its filter and rows, the help its scroll), so
//! closing it leaves nothing behind.
//!
//! Adding a mode: a variant here (and in [`ModeName`]), its key table in
//! `keymap.rs`, its arm in `update.rs`, and its drawing in `ui/`.

use serde::{Deserialize, Serialize};

use super::cooccur::CooccurView;
use super::corrections::{CorrectMenu, CorrectionsPane, Step};
use super::entities_pane::EntitiesPane;
use super::marking::{ClipsPane, Prompt, SavedPane};
use super::mentions::Concordance;
use super::overview::OverviewView;
use super::timeline::TimelineView;

/// The active mode and its state.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The article list has the keys.
    List,
    /// The reader has the keys.
    Reader,
    /// The query line has the keys; its results narrow the list level
    /// `parent` of the list-source stack.
    Search { parent: usize },
    /// The entities pane, in place of the list.
    Entities(Box<EntitiesPane>),
    /// Every mention of one entity, in context (an overlay).
    Concordance(Box<Concordance>),
    /// The keys and the query language (an overlay).
    Help { scroll: usize },
    /// What could not be loaded (an overlay).
    Warnings { scroll: usize },
    /// Articles and mentions per period, of the list or an entity (a view
    /// over the panes).
    Timeline(Box<TimelineView>),
    /// The entities named with one entity, most telling first (a view over
    /// the panes).
    Cooccurrence(Box<CooccurView>),
    /// What the collection holds (a view over the panes).
    Overview(Box<OverviewView>),
    /// A one-line prompt: tags, an inline note, a saved search's name.
    Prompt(Box<Prompt>),
    /// The clips (an overlay).
    Clips(Box<ClipsPane>),
    /// The saved searches (an overlay).
    Saved(Box<SavedPane>),
    /// The corrections menu on an entity (an overlay): its operations, a
    /// kind to choose, or a line to type (a name, a form, the merge picker).
    Correct(Box<CorrectMenu>),
    /// Every correction made (an overlay).
    Corrections(CorrectionsPane),
    /// Lines of the reader being selected to clip (over the reader).
    Visual(super::visual::Selection),
}

/// Defines [`ModeName`] and its names from one list.
macro_rules! mode_names {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// A mode without its state: what key tables and a key
        /// configuration name (`[keys.reader]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ModeName {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $variant, )*
        }

        impl ModeName {
            /// Every mode.
            pub const ALL: &[ModeName] = &[$(ModeName::$variant,)*];

            /// The mode's stable name.
            pub fn name(self) -> &'static str {
                match self {
                    $(ModeName::$variant => $name,)*
                }
            }

            /// The mode of a name.
            pub fn from_name(name: &str) -> Option<ModeName> {
                match name {
                    $($name => Some(ModeName::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

mode_names! {
    /// The article list.
    List = "list",
    /// The reader.
    Reader = "reader",
    /// The query line.
    Search = "search",
    /// The entities pane.
    Entities = "entities",
    /// The concordance of an entity.
    Concordance = "concordance",
    /// The key help.
    Help = "help",
    /// The load warnings.
    Warnings = "warnings",
    /// The timeline view.
    Timeline = "timeline",
    /// The co-occurrence view.
    Cooccurrence = "cooccurrence",
    /// The collection overview.
    Overview = "overview",
    /// A one-line prompt (tags, note, saved search name).
    Prompt = "prompt",
    /// The clips pane.
    Clips = "clips",
    /// The saved-searches pane.
    Saved = "saved",
    /// The corrections menu (`x`).
    Correct = "correct",
    /// The corrections menu asking for a kind.
    CorrectKind = "correct_kind",
    /// The corrections menu asking for a name or a form, or picking an entity.
    CorrectLine = "correct_line",
    /// The corrections pane (`X`).
    Corrections = "corrections",
    /// Selecting lines of the reader to clip (`v`).
    Visual = "visual",
}

impl Mode {
    /// Its name.
    pub fn name(&self) -> ModeName {
        match self {
            Mode::List => ModeName::List,
            Mode::Reader => ModeName::Reader,
            Mode::Search { .. } => ModeName::Search,
            Mode::Entities(_) => ModeName::Entities,
            Mode::Concordance(_) => ModeName::Concordance,
            Mode::Help { .. } => ModeName::Help,
            Mode::Warnings { .. } => ModeName::Warnings,
            Mode::Timeline(_) => ModeName::Timeline,
            Mode::Cooccurrence(_) => ModeName::Cooccurrence,
            Mode::Overview(_) => ModeName::Overview,
            Mode::Prompt(_) => ModeName::Prompt,
            Mode::Clips(_) => ModeName::Clips,
            Mode::Saved(_) => ModeName::Saved,
            Mode::Correct(m) => match m.step {
                Step::Menu => ModeName::Correct,
                Step::Kind(_) => ModeName::CorrectKind,
                Step::Line { .. } => ModeName::CorrectLine,
            },
            Mode::Corrections(_) => ModeName::Corrections,
            Mode::Visual(_) => ModeName::Visual,
        }
    }
}

impl ModeName {
    /// Drawn over the panes, changing nothing behind it while open.
    pub fn is_overlay(self) -> bool {
        matches!(
            self,
            ModeName::Concordance
                | ModeName::Help
                | ModeName::Warnings
                | ModeName::Timeline
                | ModeName::Cooccurrence
                | ModeName::Overview
                | ModeName::Clips
                | ModeName::Saved
                | ModeName::Correct
                | ModeName::CorrectKind
                | ModeName::CorrectLine
                | ModeName::Corrections
        )
    }

    /// Characters the mode's keys leave unbound are typed into its line.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            ModeName::Search | ModeName::Entities | ModeName::Prompt | ModeName::CorrectLine
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for &m in ModeName::ALL {
            assert_eq!(ModeName::from_name(m.name()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.name())
            );
        }
    }
}
