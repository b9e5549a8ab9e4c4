//! Everything the user can ask of the app, by a stable name.
//!
//! An [`Action`] is what a key means in a mode (the key tables of
//! [`super::keymap`] map keys to actions). Each has a snake_case name, the
//! same in serde and in [`Action::name`], that a key configuration can use
//! (`"next_same_entity"`); names never change once released.

use serde::{Deserialize, Serialize};

/// Defines [`Action`] with its names from one list, so the enum, its
/// names and [`Action::ALL`] cannot drift apart.
macro_rules! actions {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// One thing to do. What it does can depend on the mode (`down` moves
        /// the list's selection, scrolls the reader, moves in a pane).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Action {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Action {
            /// Every action.
            pub const ALL: &[Action] = &[$(Action::$variant,)*];

            /// The action's stable name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// The action of a name.
            pub fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    /// One line or row down.
    Down = "down",
    /// One line or row up.
    Up = "up",
    /// One page down.
    PageDown = "page_down",
    /// One page up.
    PageUp = "page_up",
    /// Half a page down.
    HalfPageDown = "half_page_down",
    /// Half a page up.
    HalfPageUp = "half_page_up",
    /// To the first row or the top of the text.
    Top = "top",
    /// To the last row or the end of the text.
    Bottom = "bottom",
    /// Open what is selected (an article, an entity's articles, a mention).
    Open = "open",
    /// Focus the next pane.
    FocusNext = "focus_next",
    /// Focus the previous pane.
    FocusPrev = "focus_prev",
    /// Focus the article list.
    FocusList = "focus_list",
    /// Focus the reader.
    FocusReader = "focus_reader",
    /// One step back: close what is open, or go back to the wider list.
    Back = "back",
    /// Show the keys (or close them).
    Help = "help",
    /// Show the load warnings (or close them).
    Warnings = "warnings",
    /// Quit.
    Quit = "quit",
    /// Quit at once, from any mode (exit status 130, as interrupted).
    ForceQuit = "force_quit",
    /// Give the terminal back to the shell until `fg`.
    Suspend = "suspend",
    /// Open the query line.
    Search = "search",
    /// Next search hit, on into the next result.
    NextHit = "next_hit",
    /// Previous search hit, back into the previous result.
    PrevHit = "prev_hit",
    /// Next entity mention in the article.
    NextMention = "next_mention",
    /// Previous entity mention in the article.
    PrevMention = "prev_mention",
    /// Next mention of the current mention's entity, on into other articles.
    NextSameEntity = "next_same_entity",
    /// Previous mention of the current mention's entity.
    PrevSameEntity = "prev_same_entity",
    /// Every mention of the current entity, in context.
    ShowMentions = "show_mentions",
    /// The entities pane on the open article.
    EntitiesArticle = "entities_article",
    /// The entities pane on the whole corpus.
    EntitiesCorpus = "entities_corpus",
    /// Entity highlighting on or off.
    ToggleEntities = "toggle_entities",
    /// Keep what the line gives (the query's results) and leave it.
    Submit = "submit",
    /// The previous query of this run.
    HistoryPrev = "history_prev",
    /// The next query of this run.
    HistoryNext = "history_next",
    /// The line's cursor one character left.
    CursorLeft = "cursor_left",
    /// The line's cursor one character right.
    CursorRight = "cursor_right",
    /// The line's cursor one word left.
    WordLeft = "word_left",
    /// The line's cursor one word right.
    WordRight = "word_right",
    /// The line's cursor to its start.
    LineStart = "line_start",
    /// The line's cursor to its end.
    LineEnd = "line_end",
    /// Delete the character before the cursor.
    DeleteBack = "delete_back",
    /// Delete the character under the cursor.
    DeleteForward = "delete_forward",
    /// Delete the word before the cursor.
    DeleteWord = "delete_word",
    /// Delete from the start of the line to the cursor.
    DeleteToStart = "delete_to_start",
    /// Delete from the cursor to the end of the line.
    DeleteToEnd = "delete_to_end",
    /// The entities pane's type filter: all, PER, LOC, ORG, MISC, DATE.
    CycleKind = "cycle_kind",
    /// The entities pane between the article and the corpus.
    ToggleScope = "toggle_scope",
    /// The timeline of the list shown, or of the entity under the cursor.
    Timeline = "timeline",
    /// The entities named with the entity under the cursor.
    Cooccurrence = "cooccurrence",
    /// The overview of the collection.
    Overview = "overview",
    /// The timeline between the list and the entity.
    ToggleSubject = "toggle_subject",
    /// The timeline between bars and a table of counts.
    ToggleTable = "toggle_table",
    /// The timeline in longer periods (weeks to months …).
    Coarser = "coarser",
    /// The timeline in shorter periods (months to weeks …).
    Finer = "finer",
    /// Mark the article read or unread.
    ToggleRead = "toggle_read",
    /// The next unread article in the list.
    NextUnread = "next_unread",
    /// The previous unread article in the list.
    PrevUnread = "prev_unread",
    /// Star or unstar the article.
    ToggleStar = "toggle_star",
    /// Edit the article's tags.
    EditTags = "edit_tags",
    /// Edit the article's note ($VISUAL / $EDITOR, else one line).
    EditNote = "edit_note",
    /// Clip the sentence at the cursor or hit, with its file offsets.
    Clip = "clip",
    /// Copy the sentence (or the clip) with its citation (OSC 52).
    Copy = "copy",
    /// The clips pane.
    ShowClips = "show_clips",
    /// Save the query shown under a name.
    SaveSearch = "save_search",
    /// The saved-searches pane.
    ShowSaved = "show_saved",
    /// Select lines of the reader to clip (j/k extend, c clips).
    VisualSelect = "visual_select",
    /// Sort the list by the next order: path, date, title, last read.
    CycleSort = "cycle_sort",
    /// Complete the word being typed (the tag editor).
    Complete = "complete",
    /// The corrections menu on the entity here.
    CorrectionsMenu = "corrections_menu",
    /// Every correction made, to undo, redo or remove.
    CorrectionsPane = "corrections_pane",
    /// Rename the entity.
    Rename = "rename_entity",
    /// Change the entity's kind.
    Retype = "retype_entity",
    /// Merge the entity into another (a fuzzy picker).
    Merge = "merge_entity",
    /// This surface form (everywhere) becomes an entity of its own.
    SplitForm = "split_form",
    /// This article's mentions of the entity become an entity of their own.
    SplitArticle = "split_article",
    /// This mention becomes an entity of its own.
    SplitMention = "split_mention",
    /// This surface form is no entity, anywhere.
    HideForm = "hide_form",
    /// This mention is no entity.
    HideMention = "hide_mention",
    /// A form the extractor missed is an entity (every whole-word occurrence).
    AddForm = "add_form",
    /// A form the extractor missed is this entity.
    AddAlias = "add_alias",
    /// Undo the last correction.
    Undo = "undo",
    /// Redo the last undone correction.
    Redo = "redo",
    /// Remove the selected correction.
    RemoveCorrection = "remove_correction",
    /// The kind: person.
    KindPerson = "kind_person",
    /// The kind: place.
    KindPlace = "kind_place",
    /// The kind: organisation.
    KindOrg = "kind_org",
    /// The kind: other names.
    KindMisc = "kind_misc",
    /// The kind: date.
    KindDate = "kind_date",
}

impl Action {
    /// The edit of a one-line field this action makes, if it is one.
    pub fn edit(self) -> Option<super::line_edit::Edit> {
        use super::line_edit::Edit;
        Some(match self {
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::WordLeft => Edit::WordLeft,
            Action::WordRight => Edit::WordRight,
            Action::LineStart => Edit::Home,
            Action::LineEnd => Edit::End,
            Action::DeleteBack => Edit::Backspace,
            Action::DeleteForward => Edit::Delete,
            Action::DeleteWord => Edit::DeleteWord,
            Action::DeleteToStart => Edit::DeleteToStart,
            Action::DeleteToEnd => Edit::DeleteToEnd,
            _ => return None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_the_serde_names() {
        let mut seen = std::collections::HashSet::new();
        for &a in Action::ALL {
            let name = a.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert_eq!(Action::from_name(name), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), a);
        }
        assert_eq!(Action::from_name("no_such_action"), None);
    }
}
