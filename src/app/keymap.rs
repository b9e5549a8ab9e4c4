//! The key tables: the one source of dispatch, the help overlay and the
//! README's key list, so the three cannot disagree.
//!
//! A [`Table`] is a named group of bindings that applies in some modes
//! ("browse" in the list and the reader, "search" in the query line); its
//! title heads its section in the help and the README. A key pressed in a
//! mode means what the first table of that mode binding it says; a key no
//! table of the mode binds means nothing there (in a mode that takes text,
//! an unbound character is typed). The defaults are data
//! ([`Keymap::default`]), so a user configuration can patch them.
//!
//! A configuration patches per mode ([`Keymap::configured`]): an entry
//! `[keys.reader] next_mention = ["ctrl-n"]` is an [`Override`] that gives
//! the action exactly those keys in that mode and takes them from any other
//! action there. Lookup, the help and `dateline keys` all read the tables
//! through the overrides, so what they show is what the keys do. Whatever
//! a mode binds by default can be remapped, with nothing to add here:
//! [`Keymap::names`] tells the configuration every mode, action and key.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;
use super::mode::ModeName;
use crate::config::{Chord, KeyBinding, KeyName, KeyNames, ModeKeys};

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// A character without modifiers.
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        }
    }

    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// The key of a terminal key event (none for a key release). Drops
    /// modifiers that are part of the character ('G' comes with Shift) or
    /// of the key (Shift-Tab).
    pub fn from_event(event: KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
            (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
            (c, _) => c,
        };
        Some(Key { code, mods })
    }

    /// The character this key types into a line, if it types one.
    pub fn typed(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }

    /// As the help shows it: `j`, `Ctrl-d`, `PgDn`.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "\u{2193}".to_owned(),
            KeyCode::Up => "\u{2191}".to_owned(),
            KeyCode::Left => "\u{2190}".to_owned(),
            KeyCode::Right => "\u{2192}".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

impl Key {
    /// The key a configuration's chord names.
    pub fn from_chord(c: Chord) -> Key {
        let code = match c.key {
            KeyName::Char(ch) => KeyCode::Char(ch),
            KeyName::Enter => KeyCode::Enter,
            KeyName::Tab => KeyCode::Tab,
            KeyName::BackTab => KeyCode::BackTab,
            KeyName::Esc => KeyCode::Esc,
            KeyName::Backspace => KeyCode::Backspace,
            KeyName::Delete => KeyCode::Delete,
            KeyName::Insert => KeyCode::Insert,
            KeyName::Home => KeyCode::Home,
            KeyName::End => KeyCode::End,
            KeyName::PageUp => KeyCode::PageUp,
            KeyName::PageDown => KeyCode::PageDown,
            KeyName::Up => KeyCode::Up,
            KeyName::Down => KeyCode::Down,
            KeyName::Left => KeyCode::Left,
            KeyName::Right => KeyCode::Right,
            KeyName::F(n) => KeyCode::F(n),
        };
        let mut mods = KeyModifiers::NONE;
        mods.set(KeyModifiers::CONTROL, c.ctrl);
        mods.set(KeyModifiers::ALT, c.alt);
        mods.set(KeyModifiers::SHIFT, c.shift);
        Key { code, mods }
    }

    /// The chord a configuration writes for this key (none for a key it
    /// has no name for).
    pub fn chord(self) -> Option<Chord> {
        let key = match self.code {
            KeyCode::Char(ch) => KeyName::Char(ch),
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => KeyName::BackTab,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Insert => KeyName::Insert,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            KeyCode::F(n) => KeyName::F(n),
            _ => return None,
        };
        Some(Chord {
            key,
            ctrl: self.mods.contains(KeyModifiers::CONTROL),
            alt: self.mods.contains(KeyModifiers::ALT),
            shift: self.mods.contains(KeyModifiers::SHIFT),
        })
    }
}

const fn key(c: char) -> Key {
    Key::char(c)
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn special(code: KeyCode) -> Key {
    Key::plain(code)
}
const fn ctrl_special(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}

/// Keys bound to one action, with what they do there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
}

/// A named group of bindings for some modes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Stable name (`browse`, `search`…).
    pub name: &'static str,
    /// Heading in the help and the README.
    pub title: &'static str,
    /// The modes it applies in.
    pub modes: &'static [ModeName],
    pub bindings: Vec<Binding>,
}

/// Every key table, in the order keys are looked up and listed, and the
/// configuration's changes to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub tables: Vec<Table>,
    /// Per mode, actions whose keys the configuration replaced.
    pub overrides: Vec<Override>,
}

/// In `mode`, `action` has exactly `keys` (none: unbound there), and no
/// other action has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub mode: ModeName,
    pub action: Action,
    pub keys: Vec<Key>,
}

const BROWSE: &[ModeName] = &[ModeName::List, ModeName::Reader];

fn bind(keys: &[Key], action: Action, help: &'static str) -> Binding {
    Binding {
        keys: keys.to_vec(),
        action,
        help,
    }
}

impl Default for Keymap {
    /// The built-in keys.
    #[rustfmt::skip]
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        let table = |name, title, modes, bindings| Table { name, title, modes, bindings };
        Keymap {
            overrides: Vec::new(),
            tables: vec![
                table("move", "Move and scroll (list and reader)", BROWSE, vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "next article / scroll down"),
                    bind(&[key('k'), special(K::Up)], A::Up, "previous article / scroll up"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[ctrl('d')], A::HalfPageDown, "half a page down"),
                    bind(&[ctrl('u')], A::HalfPageUp, "half a page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first article / top of text"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last article / end of text"),
                ]),
                table("list", "In the list", &[ModeName::List], vec![
                    bind(&[special(K::Enter)], A::Open, "read the article"),
                    bind(&[special(K::Esc)], A::Back, "back to the wider list (search, entity)"),
                ]),
                table("reader", "In the reader", &[ModeName::Reader], vec![
                    bind(&[special(K::Enter)], A::ShowMentions, "every mention of the entity under the cursor"),
                    bind(&[special(K::Esc)], A::Back, "back to the list"),
                    bind(&[key('v')], A::VisualSelect, "select lines to clip (j/k extend, c clips, Esc cancels)"),
                ]),
                table("panes", "Panes (list and reader)", BROWSE, vec![
                    bind(&[special(K::Tab)], A::FocusNext, "next pane"),
                    bind(&[special(K::BackTab)], A::FocusPrev, "previous pane"),
                    bind(&[key('h'), special(K::Left)], A::FocusList, "focus the article list"),
                    bind(&[key('l'), special(K::Right)], A::FocusReader, "focus the reader"),
                    bind(&[key('w')], A::Warnings, "show load warnings"),
                    bind(&[key('?'), special(K::F(1))], A::Help, "show this help"),
                    bind(&[key('q')], A::Quit, "quit"),
                ]),
                table("find", "Search and entities (list and reader)", BROWSE, vec![
                    bind(&[key('/')], A::Search, "search the list shown (results as you type)"),
                    bind(&[key('n')], A::NextHit, "next hit, on into the next result"),
                    bind(&[key('N')], A::PrevHit, "previous hit, back into the previous result"),
                    bind(&[key(']')], A::NextMention, "next entity mention in the article"),
                    bind(&[key('[')], A::PrevMention, "previous entity mention in the article"),
                    bind(&[key('*')], A::NextSameEntity, "next mention of the same entity in the list"),
                    bind(&[key('#')], A::PrevSameEntity, "previous mention of the same entity"),
                    bind(&[key('m')], A::ShowMentions, "all mentions of the entity, in context"),
                    bind(&[key('e')], A::EntitiesArticle, "entities of this article"),
                    bind(&[key('E')], A::EntitiesCorpus, "every entity in the corpus"),
                    bind(&[key('H')], A::ToggleEntities, "entity highlighting on / off"),
                    bind(&[key('x')], A::CorrectionsMenu, "correct the entity at the mention cursor (menu)"),
                    bind(&[key('X')], A::CorrectionsPane, "every correction made (undo, redo, remove)"),
                ]),
                table("marks", "Your marks (list and reader)", BROWSE, vec![
                    bind(&[key('r')], A::ToggleRead, "read / unread (an article open a moment is read)"),
                    bind(&[key('u')], A::NextUnread, "next unread article"),
                    bind(&[key('U')], A::PrevUnread, "previous unread article"),
                    bind(&[key('s')], A::ToggleStar, "star / unstar"),
                    bind(&[key('t')], A::EditTags, "edit tags (Tab completes)"),
                    bind(&[key('a')], A::EditNote, "edit the note ($VISUAL / $EDITOR, else one line)"),
                    bind(&[key('c')], A::Clip, "clip the sentence at the cursor or hit"),
                    bind(&[key('y')], A::Copy, "copy the sentence with its citation"),
                    bind(&[key('Y')], A::ShowClips, "the clips"),
                    bind(&[key('S')], A::SaveSearch, "save the query shown"),
                    bind(&[key('\'')], A::ShowSaved, "the saved searches"),
                    bind(&[key('o')], A::CycleSort, "sort the list: path, date (newest first), title, last read"),
                ]),
                table("pictures", "Pictures (list and reader)", BROWSE, vec![
                    bind(&[key('T')], A::Timeline, "timeline of the list (reader: of the entity here)"),
                    bind(&[key('C')], A::Cooccurrence, "who appears with the entity, most telling first"),
                    bind(&[key('O')], A::Overview, "overview of the collection"),
                ]),
                table("search", "In the query line", &[ModeName::Search], vec![
                    bind(&[special(K::Enter)], A::Submit, "keep the results, focus the list"),
                    bind(&[special(K::Esc)], A::Back, "close the search, back to the list as it was"),
                    bind(&[special(K::Up)], A::HistoryPrev, "previous query"),
                    bind(&[special(K::Down)], A::HistoryNext, "next query"),
                    bind(&[special(K::Left), ctrl('b')], A::CursorLeft, "cursor left"),
                    bind(&[special(K::Right), ctrl('f')], A::CursorRight, "cursor right"),
                    bind(&[ctrl_special(K::Left), alt('b')], A::WordLeft, "a word left"),
                    bind(&[ctrl_special(K::Right), alt('f')], A::WordRight, "a word right"),
                    bind(&[special(K::Home), ctrl('a')], A::LineStart, "start of the line"),
                    bind(&[special(K::End), ctrl('e')], A::LineEnd, "end of the line"),
                    bind(&[special(K::Backspace), ctrl('h')], A::DeleteBack, "delete the character before the cursor"),
                    bind(&[special(K::Delete), ctrl('d')], A::DeleteForward, "delete the character under the cursor"),
                    bind(&[ctrl('w')], A::DeleteWord, "delete the word before the cursor"),
                    bind(&[ctrl('u')], A::DeleteToStart, "delete to the start of the line"),
                    bind(&[ctrl('k')], A::DeleteToEnd, "delete to the end of the line"),
                ]),
                table("entities", "In the entities pane (typing filters)", &[ModeName::Entities], vec![
                    bind(&[special(K::Down), ctrl('n')], A::Down, "next entity"),
                    bind(&[special(K::Up), ctrl('p')], A::Up, "previous entity"),
                    bind(&[special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[special(K::Enter)], A::Open, "narrow the list to the articles that mention it"),
                    bind(&[special(K::Tab)], A::CycleKind, "type filter: all, PER, LOC, ORG, MISC, DATE"),
                    bind(&[ctrl('a')], A::ToggleScope, "this article / whole corpus"),
                    bind(&[ctrl('x')], A::CorrectionsMenu, "correct the selected entity (menu)"),
                    bind(&[ctrl('t')], A::Timeline, "timeline of the entity in the list"),
                    bind(&[ctrl('o')], A::Cooccurrence, "who appears with the entity"),
                    bind(&[special(K::Backspace), ctrl('h')], A::DeleteBack, "delete a character"),
                    bind(&[ctrl('w')], A::DeleteWord, "delete a word"),
                    bind(&[ctrl('u')], A::DeleteToStart, "clear the filter"),
                    bind(&[special(K::Esc)], A::Back, "close the pane"),
                ]),
                table("concordance", "In the concordance (m)", &[ModeName::Concordance], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "next mention"),
                    bind(&[key('k'), special(K::Up)], A::Up, "previous mention"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first mention"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last mention"),
                    bind(&[special(K::Enter)], A::Open, "read the article at this mention"),
                    bind(&[special(K::Esc), key('q'), key('m')], A::Back, "close"),
                ]),
                table("correct", "Correcting an entity (x)", &[ModeName::Correct], vec![
                    bind(&[key('r')], A::Rename, "rename it"),
                    bind(&[key('t')], A::Retype, "change its kind (PER LOC ORG MISC DATE)"),
                    bind(&[key('m')], A::Merge, "merge it into another entity (fuzzy picker)"),
                    bind(&[key('f')], A::SplitForm, "split a surface form off, everywhere (\"Bush\")"),
                    bind(&[key('a')], A::SplitArticle, "split its mentions in this article off"),
                    bind(&[key('s')], A::SplitMention, "split just this mention off"),
                    bind(&[key('h')], A::HideForm, "not an entity: this form, everywhere"),
                    bind(&[key('H')], A::HideMention, "not an entity: just this mention"),
                    bind(&[key('n')], A::AddForm, "add a missed form as a new entity"),
                    bind(&[key('A')], A::AddAlias, "add a missed form to this entity"),
                    bind(&[key('u')], A::Undo, "undo the last correction"),
                    bind(&[key('U'), ctrl('r')], A::Redo, "redo"),
                    bind(&[key('X')], A::CorrectionsPane, "every correction made"),
                    bind(&[special(K::Esc), key('q')], A::Back, "close"),
                ]),
                table("correct_kind", "Choosing a kind", &[ModeName::CorrectKind], vec![
                    bind(&[key('p')], A::KindPerson, "person (PER)"),
                    bind(&[key('l')], A::KindPlace, "place (LOC)"),
                    bind(&[key('o')], A::KindOrg, "organisation (ORG)"),
                    bind(&[key('m')], A::KindMisc, "other name (MISC)"),
                    bind(&[key('d')], A::KindDate, "date (DATE)"),
                    bind(&[special(K::Esc), key('q')], A::Back, "cancel"),
                ]),
                table("correct_line", "Typing a name or form, picking an entity", &[ModeName::CorrectLine], vec![
                    bind(&[special(K::Enter)], A::Submit, "done"),
                    bind(&[special(K::Down), ctrl('n')], A::Down, "next match (merge)"),
                    bind(&[special(K::Up), ctrl('p')], A::Up, "previous match (merge)"),
                    bind(&[special(K::Left), ctrl('b')], A::CursorLeft, "cursor left"),
                    bind(&[special(K::Right), ctrl('f')], A::CursorRight, "cursor right"),
                    bind(&[special(K::Home), ctrl('a')], A::LineStart, "start of the line"),
                    bind(&[special(K::End), ctrl('e')], A::LineEnd, "end of the line"),
                    bind(&[special(K::Backspace), ctrl('h')], A::DeleteBack, "delete a character"),
                    bind(&[ctrl('w')], A::DeleteWord, "delete a word"),
                    bind(&[ctrl('u')], A::DeleteToStart, "clear"),
                    bind(&[special(K::Esc)], A::Back, "cancel"),
                ]),
                table("corrections", "In the corrections pane (X)", &[ModeName::Corrections], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "next correction"),
                    bind(&[key('k'), special(K::Up)], A::Up, "previous correction"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last"),
                    bind(&[key('d'), special(K::Delete)], A::RemoveCorrection, "remove the selected correction"),
                    bind(&[key('u')], A::Undo, "undo the last correction"),
                    bind(&[key('U'), ctrl('r')], A::Redo, "redo"),
                    bind(&[special(K::Esc), key('q'), key('X')], A::Back, "close"),
                ]),
                table("timeline", "In the timeline (T)", &[ModeName::Timeline], vec![
                    bind(&[key('l'), key('j'), special(K::Right), special(K::Down)], A::Down, "next period"),
                    bind(&[key('h'), key('k'), special(K::Left), special(K::Up)], A::Up, "previous period"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "ten periods on"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "ten periods back"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first period"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last period"),
                    bind(&[special(K::Enter)], A::Open, "narrow the list to the period (as its date: filter)"),
                    bind(&[special(K::Tab)], A::ToggleSubject, "the list / the entity"),
                    bind(&[key('t')], A::ToggleTable, "bars / table of counts"),
                    bind(&[key('+')], A::Coarser, "longer periods"),
                    bind(&[key('-')], A::Finer, "shorter periods"),
                    bind(&[special(K::Esc), key('q'), key('T')], A::Back, "close"),
                ]),
                table("cooccurrence", "In the co-occurrence view (C)", &[ModeName::Cooccurrence], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "next entity"),
                    bind(&[key('k'), special(K::Up)], A::Up, "previous entity"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first entity"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last entity"),
                    bind(&[special(K::Enter)], A::Open, "narrow the list to articles naming both (* walks either)"),
                    bind(&[special(K::Tab)], A::CycleKind, "type filter: all, PER, LOC, ORG, MISC"),
                    bind(&[special(K::Esc), key('q'), key('C')], A::Back, "close"),
                ]),
                table("overview", "In the overview (O)", &[ModeName::Overview], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "scroll down"),
                    bind(&[key('k'), special(K::Up)], A::Up, "scroll up"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "top"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "end"),
                    bind(&[special(K::Esc), key('q'), key('O')], A::Back, "close"),
                ]),
                table("overlay", "In the help and the warnings", &[ModeName::Help, ModeName::Warnings], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "scroll down"),
                    bind(&[key('k'), special(K::Up)], A::Up, "scroll up"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "top"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "end"),
                    bind(&[key('?'), special(K::F(1))], A::Help, "the help (closes it when shown)"),
                    bind(&[key('w')], A::Warnings, "the warnings (closes them when shown)"),
                    bind(&[special(K::Esc), key('q')], A::Back, "close"),
                ]),
                table("prompt", "In a prompt (tags, note, search name)", &[ModeName::Prompt], vec![
                    bind(&[special(K::Enter)], A::Submit, "keep"),
                    bind(&[special(K::Esc)], A::Back, "cancel"),
                    bind(&[special(K::Tab)], A::Complete, "complete the tag"),
                    bind(&[special(K::Left), ctrl('b')], A::CursorLeft, "cursor left"),
                    bind(&[special(K::Right), ctrl('f')], A::CursorRight, "cursor right"),
                    bind(&[special(K::Home), ctrl('a')], A::LineStart, "start of the line"),
                    bind(&[special(K::End), ctrl('e')], A::LineEnd, "end of the line"),
                    bind(&[special(K::Backspace), ctrl('h')], A::DeleteBack, "delete the character before the cursor"),
                    bind(&[special(K::Delete), ctrl('d')], A::DeleteForward, "delete the character under the cursor"),
                    bind(&[ctrl('w')], A::DeleteWord, "delete the word before the cursor"),
                    bind(&[ctrl('u')], A::DeleteToStart, "delete to the start of the line"),
                    bind(&[ctrl('k')], A::DeleteToEnd, "delete to the end of the line"),
                ]),
                table("lists", "In the clips (Y) and saved searches (')", &[ModeName::Clips, ModeName::Saved], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "next"),
                    bind(&[key('k'), special(K::Up)], A::Up, "previous"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "page down"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "page up"),
                    bind(&[key('g'), special(K::Home)], A::Top, "first"),
                    bind(&[key('G'), special(K::End)], A::Bottom, "last"),
                    bind(&[special(K::Enter)], A::Open, "open the article at the clip / run the search"),
                    bind(&[key('y')], A::Copy, "copy the clip with its citation"),
                    bind(&[special(K::Esc), key('q')], A::Back, "close"),
                ]),
                table("visual", "Selecting lines in the reader (v)", &[ModeName::Visual], vec![
                    bind(&[key('j'), special(K::Down)], A::Down, "one more line"),
                    bind(&[key('k'), special(K::Up)], A::Up, "one line less (or up from the start)"),
                    bind(&[key(' '), special(K::PageDown)], A::PageDown, "a page more"),
                    bind(&[key('b'), special(K::PageUp)], A::PageUp, "a page up"),
                    bind(&[ctrl('d')], A::HalfPageDown, "half a page more"),
                    bind(&[ctrl('u')], A::HalfPageUp, "half a page up"),
                    bind(&[key('c')], A::Clip, "clip the lines selected, with their file offsets"),
                    bind(&[special(K::Esc), key('v'), key('q')], A::Back, "cancel"),
                ]),
                table("global", "Everywhere", ModeName::ALL, vec![
                    bind(&[ctrl('c')], A::ForceQuit, "quit at once"),
                    bind(&[ctrl('z')], A::Suspend, "suspend (fg resumes)"),
                ]),
            ],
        }
    }
}

/// What a key press means in a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A bound action.
    Action(Action),
    /// A character typed into the mode's line.
    Type(char),
}

impl Keymap {
    /// The built-in keys with a configuration's key entries over them, in
    /// file order. Entries naming a mode or action there is not are left
    /// out (the configuration has reported them, see [`Keymap::names`]).
    pub fn configured(entries: &[KeyBinding]) -> Keymap {
        let mut map = Keymap::default();
        for e in entries {
            let (Some(mode), Some(action)) =
                (ModeName::from_name(&e.mode), Action::from_name(&e.action))
            else {
                continue;
            };
            let keys: Vec<Key> = e.keys.iter().map(|&c| Key::from_chord(c)).collect();
            map.overrides
                .retain(|o| !(o.mode == mode && o.action == action));
            for o in map.overrides.iter_mut().filter(|o| o.mode == mode) {
                o.keys.retain(|k| !keys.contains(k));
            }
            map.overrides.push(Override { mode, action, keys });
        }
        map
    }

    /// What a configuration may name: every mode with the actions its
    /// tables bind and their keys, and the action that must keep a key.
    pub fn names(&self) -> KeyNames {
        let modes = ModeName::ALL
            .iter()
            .map(|&mode| ModeKeys {
                name: mode.name(),
                actions: self
                    .actions_of(mode)
                    .into_iter()
                    .map(|a| {
                        let keys = self.keys_in(mode, a);
                        (a.name(), keys.into_iter().filter_map(Key::chord).collect())
                    })
                    .collect(),
            })
            .collect();
        KeyNames {
            modes,
            required: vec![Action::ForceQuit.name()],
        }
    }

    /// The tables that apply in `mode`, in lookup order.
    pub fn tables_for(&self, mode: ModeName) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.modes.contains(&mode))
    }

    /// The configuration's keys for `action` in `mode`, if it set them.
    fn overridden(&self, mode: ModeName, action: Action) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.mode == mode && o.action == action)
    }

    /// The keys of `binding` in force in `mode`.
    fn binding_keys(&self, mode: ModeName, binding: &Binding) -> Vec<Key> {
        if let Some(o) = self.overridden(mode, binding.action) {
            return o.keys.clone();
        }
        let taken = |k: &Key| {
            self.overrides
                .iter()
                .any(|o| o.mode == mode && o.keys.contains(k))
        };
        binding.keys.iter().copied().filter(|k| !taken(k)).collect()
    }

    /// What `key` means in `mode`, if anything.
    pub fn meaning(&self, mode: ModeName, key: Key) -> Option<Meaning> {
        let set = self
            .overrides
            .iter()
            .find(|o| o.mode == mode && o.keys.contains(&key))
            .map(|o| o.action);
        let bound = set.or_else(|| {
            self.tables_for(mode)
                .flat_map(|t| &t.bindings)
                .filter(|b| self.overridden(mode, b.action).is_none())
                .find(|b| b.keys.contains(&key))
                .map(|b| b.action)
        });
        bound
            .map(Meaning::Action)
            .or_else(|| key.typed().filter(|_| mode.takes_text()).map(Meaning::Type))
    }

    /// The actions `mode`'s tables bind, in table order, each once.
    pub fn actions_of(&self, mode: ModeName) -> Vec<Action> {
        let mut out = Vec::new();
        for b in self.tables_for(mode).flat_map(|t| &t.bindings) {
            if !out.contains(&b.action) {
                out.push(b.action);
            }
        }
        out
    }

    /// The keys that reach `action` in `mode`.
    pub fn keys_in(&self, mode: ModeName, action: Action) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for b in self
            .tables_for(mode)
            .flat_map(|t| &t.bindings)
            .filter(|b| b.action == action)
        {
            for k in self.binding_keys(mode, b) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// The first key that reaches `action` in `mode`, as the help names it
    /// (for hints such as "? help").
    pub fn key_name(&self, mode: ModeName, action: Action) -> Option<String> {
        self.keys_in(mode, action).first().map(|k| k.name())
    }

    /// Every key bound in `mode`.
    pub fn keys_of(&self, mode: ModeName) -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::new();
        for a in self.actions_of(mode) {
            for k in self.keys_in(mode, a) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys
    }

    /// The keys of `binding` of `table` as the help shows them: `j ↓`; when
    /// the configuration made them differ between the table's modes, the
    /// most common keys and then the others by mode: `] (reader: Ctrl-n)`.
    pub fn label(&self, table: &Table, binding: &Binding) -> String {
        let mut groups: Vec<(Vec<Key>, Vec<ModeName>)> = Vec::new();
        for &mode in table.modes {
            let keys = self.binding_keys(mode, binding);
            match groups.iter_mut().find(|(k, _)| *k == keys) {
                Some((_, modes)) => modes.push(mode),
                None => groups.push((keys, vec![mode])),
            }
        }
        groups.sort_by_key(|(_, modes)| std::cmp::Reverse(modes.len()));
        let names = |keys: &[Key]| {
            if keys.is_empty() {
                "none".to_owned()
            } else {
                keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(" ")
            }
        };
        let mut out = groups.first().map(|(k, _)| names(k)).unwrap_or_default();
        for (keys, modes) in groups.iter().skip(1) {
            let modes: Vec<&str> = modes.iter().map(|m| m.name()).collect();
            out.push_str(&format!(" ({}: {})", modes.join(", "), names(keys)));
        }
        out
    }

    /// The help overlay's lines: each table's keys, then the query language.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        let mut rows = Vec::new();
        for (i, t) in self.tables.iter().enumerate() {
            if i > 0 {
                rows.push(HelpRow::Blank);
            }
            rows.push(HelpRow::Heading(t.title));
            rows.extend(
                t.bindings
                    .iter()
                    .map(|b| HelpRow::Keys(self.label(t, b), b.help)),
            );
        }
        rows.push(HelpRow::Blank);
        rows.push(HelpRow::Heading("Search queries"));
        rows.extend(
            QUERY_SYNTAX
                .iter()
                .map(|&(q, what)| HelpRow::Syntax(q, what)),
        );
        rows
    }

    /// The key tables as Markdown, one section per table, for the README.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for t in &self.tables {
            out.push_str(&format!(
                "### {}\n\n| Keys | Action |\n| --- | --- |\n",
                t.title
            ));
            for b in &t.bindings {
                let keys: Vec<String> = self
                    .label(t, b)
                    .split(' ')
                    .map(|k| format!("`{k}`"))
                    .collect();
                out.push_str(&format!("| {} | {} |\n", keys.join(" "), b.help));
            }
            out.push('\n');
        }
        out
    }

    /// The keys in force, per mode, as configuration entries a user can
    /// copy (`dateline keys`): `down = ["j", "down"]  # next article`.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for &mode in ModeName::ALL {
            out.push_str(&format!("[keys.{}]\n", mode.name()));
            let rows: Vec<(String, &str)> = self
                .actions_of(mode)
                .into_iter()
                .map(|a| {
                    let keys: Vec<String> = self
                        .keys_in(mode, a)
                        .into_iter()
                        .filter_map(Key::chord)
                        .map(|c| format!("{:?}", c.to_string()))
                        .collect();
                    let help = self
                        .tables_for(mode)
                        .flat_map(|t| &t.bindings)
                        .find(|b| b.action == a)
                        .map_or("", |b| b.help);
                    (format!("{} = [{}]", a.name(), keys.join(", ")), help)
                })
                .collect();
            let w = rows
                .iter()
                .map(|(e, _)| e.chars().count())
                .max()
                .unwrap_or(0);
            for (entry, help) in rows {
                out.push_str(&format!("{entry:<w$}  # {help}\n"));
            }
            out.push('\n');
        }
        out
    }
}

/// The query language, as the help shows it after the keys (and the
/// README's table of it).
pub const QUERY_SYNTAX: &[(&str, &str)] = &[
    ("border wall", "both words; the last one is also a prefix"),
    ("\"prime minister\"", "the phrase"),
    ("trump -tariff", "without a word (or: trump NOT tariff)"),
    (
        "mexico OR guatemala",
        "either word (AND may be written too)",
    ),
    ("title:election", "a word in the title"),
    (
        "person:trump place:honduras",
        "these entities, by any alias (also org:)",
    ),
];

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(&'static str),
    Blank,
    /// The keys in force (see [`Keymap::label`]) and what they do.
    Keys(String, &'static str),
    /// A query example and what it finds.
    Syntax(&'static str, &'static str),
}

/// The query language as Markdown, for the README.
pub fn syntax_markdown_table() -> String {
    let mut out = String::from("| Query | Finds |\n| --- | --- |\n");
    for (q, what) in QUERY_SYNTAX {
        out.push_str(&format!("| `{q}` | {what} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meaning(mode: ModeName, code: KeyCode, mods: KeyModifiers) -> Option<Meaning> {
        let key = Key::from_event(KeyEvent::new(code, mods))?;
        Keymap::default().meaning(mode, key)
    }

    fn act(a: Action) -> Option<Meaning> {
        Some(Meaning::Action(a))
    }

    #[test]
    fn the_query_line_types_characters_and_keeps_its_keys() {
        let q = |code, mods| meaning(ModeName::Search, code, mods);
        assert_eq!(
            q(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Meaning::Type('j'))
        );
        assert_eq!(
            q(KeyCode::Char('Q'), KeyModifiers::SHIFT),
            Some(Meaning::Type('Q'))
        );
        assert_eq!(q(KeyCode::Enter, KeyModifiers::NONE), act(Action::Submit));
        assert_eq!(
            q(KeyCode::Char('c'), KeyModifiers::CONTROL),
            act(Action::ForceQuit)
        );
        assert_eq!(
            q(KeyCode::Char('u'), KeyModifiers::CONTROL),
            act(Action::DeleteToStart)
        );
        assert_eq!(
            q(KeyCode::Left, KeyModifiers::CONTROL),
            act(Action::WordLeft)
        );
        assert_eq!(
            q(KeyCode::Char('b'), KeyModifiers::ALT),
            act(Action::WordLeft)
        );
        assert_eq!(q(KeyCode::Home, KeyModifiers::NONE), act(Action::LineStart));
        assert_eq!(q(KeyCode::Char('x'), KeyModifiers::CONTROL), None);
    }

    #[test]
    fn keys_mean_actions_by_mode() {
        let list = |code, mods| meaning(ModeName::List, code, mods);
        assert_eq!(
            list(KeyCode::Char('j'), KeyModifiers::NONE),
            act(Action::Down)
        );
        assert_eq!(
            list(KeyCode::Char('G'), KeyModifiers::SHIFT),
            act(Action::Bottom)
        );
        assert_eq!(
            list(KeyCode::Char('d'), KeyModifiers::CONTROL),
            act(Action::HalfPageDown)
        );
        assert_eq!(
            list(KeyCode::BackTab, KeyModifiers::SHIFT),
            act(Action::FocusPrev)
        );
        assert_eq!(list(KeyCode::Char('v'), KeyModifiers::NONE), None);
        assert_eq!(list(KeyCode::Enter, KeyModifiers::NONE), act(Action::Open));
        let reader = |code| meaning(ModeName::Reader, code, KeyModifiers::NONE);
        assert_eq!(reader(KeyCode::Enter), act(Action::ShowMentions));
        // The concordance owns its keys: `e`, `/` and `n` mean nothing there.
        for c in ['e', '/', 'n', 'E', '*'] {
            assert_eq!(
                meaning(ModeName::Concordance, KeyCode::Char(c), KeyModifiers::NONE),
                None
            );
        }
        assert_eq!(
            meaning(ModeName::Help, KeyCode::Char('n'), KeyModifiers::NONE),
            None
        );
        assert_eq!(
            meaning(ModeName::Entities, KeyCode::Char('q'), KeyModifiers::NONE),
            Some(Meaning::Type('q'))
        );
        assert_eq!(
            meaning(
                ModeName::Warnings,
                KeyCode::Char('c'),
                KeyModifiers::CONTROL
            ),
            act(Action::ForceQuit)
        );
        assert_eq!(
            Key::from_event(KeyEvent::new_with_kind(
                KeyCode::Char('j'),
                KeyModifiers::NONE,
                KeyEventKind::Release
            )),
            None
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        let map = Keymap::default();
        for &mode in ModeName::ALL {
            let mut seen = Vec::new();
            for b in map.tables_for(mode).flat_map(|t| &t.bindings) {
                for k in &b.keys {
                    assert!(
                        !seen.contains(k),
                        "{} bound twice in {}",
                        k.name(),
                        mode.name()
                    );
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_mode_can_be_left_and_tables_have_unique_names() {
        let map = Keymap::default();
        for &mode in ModeName::ALL {
            let actions: Vec<Action> = map
                .tables_for(mode)
                .flat_map(|t| &t.bindings)
                .map(|b| b.action)
                .collect();
            assert!(actions.contains(&Action::ForceQuit), "{}", mode.name());
            let leaves = actions.contains(&Action::Back) || actions.contains(&Action::Quit);
            assert!(leaves, "{} has no way out", mode.name());
        }
        let mut names: Vec<&str> = map.tables.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), map.tables.len());
    }
}
