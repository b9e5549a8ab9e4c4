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

use super::entities_pane::EntitiesPane;
use super::marking::{ClipsPane, Prompt, SavedPane};
use super::mentions::Concordance;

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
    /// A one-line prompt: tags, an inline note, a saved search's name.
    Prompt(Box<Prompt>),
    /// The clips (an overlay).
    Clips(Box<ClipsPane>),
    /// The saved searches (an overlay).
    Saved(Box<SavedPane>),
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
    /// A one-line prompt (tags, note, saved search name).
    Prompt = "prompt",
    /// The clips pane.
    Clips = "clips",
    /// The saved-searches pane.
    Saved = "saved",
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
            Mode::Prompt(_) => ModeName::Prompt,
            Mode::Clips(_) => ModeName::Clips,
            Mode::Saved(_) => ModeName::Saved,
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
                | ModeName::Clips
                | ModeName::Saved
        )
    }

    /// Characters the mode's keys leave unbound are typed into its line.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            ModeName::Search | ModeName::Entities | ModeName::Prompt
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
