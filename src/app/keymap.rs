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

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;
use super::mode::ModeName;

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

/// Every key table, in the order keys are looked up and listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub tables: Vec<Table>,
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
                ]),
                table("marks", "Your marks (list and reader)", BROWSE, vec![
                    bind(&[key('r')], A::ToggleRead, "read / unread (opening an article reads it)"),
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
    /// The tables that apply in `mode`, in lookup order.
    pub fn tables_for(&self, mode: ModeName) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.modes.contains(&mode))
    }

    /// What `key` means in `mode`, if anything.
    pub fn meaning(&self, mode: ModeName, key: Key) -> Option<Meaning> {
        let bound = self
            .tables_for(mode)
            .flat_map(|t| &t.bindings)
            .find(|b| b.keys.contains(&key))
            .map(|b| Meaning::Action(b.action));
        bound.or_else(|| key.typed().filter(|_| mode.takes_text()).map(Meaning::Type))
    }

    /// Every key bound in `mode`.
    pub fn keys_of(&self, mode: ModeName) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .tables_for(mode)
            .flat_map(|t| &t.bindings)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        keys.dedup();
        keys
    }

    /// The help overlay's lines: each table's keys, then the query language.
    pub fn help_rows(&self) -> Vec<HelpRow<'_>> {
        let mut rows = Vec::new();
        for (i, t) in self.tables.iter().enumerate() {
            if i > 0 {
                rows.push(HelpRow::Blank);
            }
            rows.push(HelpRow::Heading(t.title));
            rows.extend(t.bindings.iter().map(HelpRow::Keys));
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
                let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.name())).collect();
                out.push_str(&format!("| {} | {} |\n", keys.join(" "), b.help));
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
#[derive(Debug, Clone, Copy)]
pub enum HelpRow<'a> {
    Heading(&'static str),
    Blank,
    Keys(&'a Binding),
    /// A query example and what it finds.
    Syntax(&'static str, &'static str),
}

/// The keys of a binding joined for display: `j ↓`.
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" ")
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
        assert_eq!(list(KeyCode::Char('x'), KeyModifiers::NONE), None);
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
