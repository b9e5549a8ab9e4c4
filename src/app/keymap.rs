//! The one key table. Dispatch, the help overlay and the README's key list
//! all come from [`BINDINGS`], so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;
use super::line_edit::Edit;

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn special(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl_special(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}

/// Which keys are live: the normal keys, or those of the query line (where
/// any other character is typed into the query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Query,
    /// The entities pane: typing filters it.
    Entities,
}

/// The group a binding is listed under in the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Moving in the list and the reader.
    Move,
    /// Panes and overlays.
    Panes,
    /// Search and entities.
    Find,
    /// Keys of the query line.
    QueryLine,
    /// Keys of the entities pane.
    EntitiesPane,
    /// Leaving.
    Quit,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Move => "Move and scroll",
            Section::Panes => "Panes",
            Section::Find => "Search and entities",
            Section::QueryLine => "In the query line",
            Section::EntitiesPane => "In the entities pane (typing filters)",
            Section::Quit => "Quit",
        }
    }

    pub fn mode(self) -> Mode {
        match self {
            Section::QueryLine => Mode::Query,
            Section::EntitiesPane => Mode::Entities,
            _ => Mode::Normal,
        }
    }
}

/// One line of the key table.
#[derive(Debug)]
pub struct Binding {
    pub section: Section,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

/// Every key binding, in the order the help shows them.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(Section::Move, &[key('j'), special(KeyCode::Down)], Action::Down, "next article / scroll down"),
    bind(Section::Move, &[key('k'), special(KeyCode::Up)], Action::Up, "previous article / scroll up"),
    bind(Section::Move, &[key(' '), special(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind(Section::Move, &[key('b'), special(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Section::Move, &[ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind(Section::Move, &[ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind(Section::Move, &[key('g'), special(KeyCode::Home)], Action::Top, "first article / top of text"),
    bind(Section::Move, &[key('G'), special(KeyCode::End)], Action::Bottom, "last article / end of text"),
    bind(Section::Panes, &[special(KeyCode::Enter)], Action::Open, "open the article; in the reader: mentions of this one"),
    bind(Section::Panes, &[special(KeyCode::Tab)], Action::FocusNext, "next pane"),
    bind(Section::Panes, &[special(KeyCode::BackTab)], Action::FocusPrev, "previous pane"),
    bind(Section::Panes, &[key('h'), special(KeyCode::Left)], Action::FocusList, "focus the article list"),
    bind(Section::Panes, &[key('l'), special(KeyCode::Right)], Action::FocusReader, "focus the reader"),
    bind(Section::Panes, &[key('w')], Action::ToggleWarnings, "show load warnings"),
    bind(Section::Panes, &[key('?'), special(KeyCode::F(1))], Action::ToggleHelp, "show this help"),
    bind(Section::Panes, &[special(KeyCode::Esc)], Action::Back, "close overlay or search / back to the list"),
    bind(Section::Find, &[key('/')], Action::SearchOpen, "search (results update as you type)"),
    bind(Section::Find, &[key('n')], Action::NextHit, "next hit, on into the next result"),
    bind(Section::Find, &[key('N')], Action::PrevHit, "previous hit, back into the previous result"),
    bind(Section::Find, &[key(']')], Action::NextMention, "next entity mention in the article"),
    bind(Section::Find, &[key('[')], Action::PrevMention, "previous entity mention in the article"),
    bind(Section::Find, &[key('*')], Action::NextSameEntity, "next mention of the same entity, across articles"),
    bind(Section::Find, &[key('#')], Action::PrevSameEntity, "previous mention of the same entity"),
    bind(Section::Find, &[key('m')], Action::ShowMentions, "all mentions of the entity, in context"),
    bind(Section::Find, &[key('e')], Action::EntitiesArticle, "entities of this article"),
    bind(Section::Find, &[key('E')], Action::EntitiesCorpus, "every entity in the corpus"),
    bind(Section::Find, &[key('H')], Action::ToggleEntities, "entity highlighting on / off"),
    bind(Section::QueryLine, &[special(KeyCode::Enter)], Action::QuerySubmit, "keep the results, focus the list"),
    bind(Section::QueryLine, &[special(KeyCode::Esc)], Action::QueryCancel, "close the search, restore the list"),
    bind(Section::QueryLine, &[special(KeyCode::Up)], Action::QueryHistoryPrev, "previous query"),
    bind(Section::QueryLine, &[special(KeyCode::Down)], Action::QueryHistoryNext, "next query"),
    bind(Section::QueryLine, &[special(KeyCode::Left), ctrl('b')], Action::QueryEdit(Edit::Left), "cursor left"),
    bind(Section::QueryLine, &[special(KeyCode::Right), ctrl('f')], Action::QueryEdit(Edit::Right), "cursor right"),
    bind(Section::QueryLine, &[ctrl_special(KeyCode::Left), alt('b')], Action::QueryEdit(Edit::WordLeft), "a word left"),
    bind(Section::QueryLine, &[ctrl_special(KeyCode::Right), alt('f')], Action::QueryEdit(Edit::WordRight), "a word right"),
    bind(Section::QueryLine, &[special(KeyCode::Home), ctrl('a')], Action::QueryEdit(Edit::Home), "start of the line"),
    bind(Section::QueryLine, &[special(KeyCode::End), ctrl('e')], Action::QueryEdit(Edit::End), "end of the line"),
    bind(Section::QueryLine, &[special(KeyCode::Backspace), ctrl('h')], Action::QueryEdit(Edit::Backspace), "delete the character before the cursor"),
    bind(Section::QueryLine, &[special(KeyCode::Delete), ctrl('d')], Action::QueryEdit(Edit::Delete), "delete the character under the cursor"),
    bind(Section::QueryLine, &[ctrl('w')], Action::QueryEdit(Edit::DeleteWord), "delete the word before the cursor"),
    bind(Section::QueryLine, &[ctrl('u')], Action::QueryEdit(Edit::DeleteToStart), "delete to the start of the line"),
    bind(Section::QueryLine, &[ctrl('k')], Action::QueryEdit(Edit::DeleteToEnd), "delete to the end of the line"),
    bind(Section::EntitiesPane, &[special(KeyCode::Down), ctrl('n')], Action::Down, "next entity"),
    bind(Section::EntitiesPane, &[special(KeyCode::Up), ctrl('p')], Action::Up, "previous entity"),
    bind(Section::EntitiesPane, &[special(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind(Section::EntitiesPane, &[special(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(Section::EntitiesPane, &[special(KeyCode::Enter)], Action::Open, "list the articles that mention it"),
    bind(Section::EntitiesPane, &[special(KeyCode::Tab)], Action::PaneKind, "type filter: all, PER, LOC, ORG, MISC, DATE"),
    bind(Section::EntitiesPane, &[ctrl('a')], Action::PaneScope, "this article / whole corpus"),
    bind(Section::EntitiesPane, &[special(KeyCode::Backspace)], Action::PaneBackspace, "delete a character"),
    bind(Section::EntitiesPane, &[special(KeyCode::Esc)], Action::Back, "close the pane"),
    bind(Section::Quit, &[key('q')], Action::Quit, "quit (closes an overlay first)"),
    bind(Section::Quit, &[ctrl('c')], Action::ForceQuit, "quit at once"),
];

const fn bind(
    section: Section,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        section,
        keys,
        action,
        help,
    }
}

/// The query language, as the help shows it after the keys (and the
/// README's table of it).
pub const QUERY_SYNTAX: &[(&str, &str)] = &[
    ("border wall", "both words; the last one is also a prefix"),
    ("\"prime minister\"", "the phrase"),
    ("trump -tariff", "without a word"),
    ("mexico OR guatemala", "either word"),
    ("title:election", "a word in the title"),
    (
        "person:trump place:honduras",
        "these entities, by any alias (also org:)",
    ),
];

/// One line of the help overlay.
#[derive(Debug, Clone, Copy)]
pub enum HelpRow {
    Heading(&'static str),
    Blank,
    Keys(&'static Binding),
    /// A query example and what it finds.
    Syntax(&'static str, &'static str),
}

/// The help overlay's lines: the keys by section, then the query language.
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows = Vec::new();
    let mut section = None;
    for b in BINDINGS {
        if section != Some(b.section) {
            if section.is_some() {
                rows.push(HelpRow::Blank);
            }
            rows.push(HelpRow::Heading(b.section.title()));
            section = Some(b.section);
        }
        rows.push(HelpRow::Keys(b));
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

/// The action bound to a key press in `mode`, if any. Ctrl-C quits in
/// every mode; in the query line an unbound character is typed.
pub fn action_for(event: KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = normalize(event);
    let bound = BINDINGS
        .iter()
        .find(|b| {
            (b.section.mode() == mode
                || b.section == Section::Quit && pressed.mods.contains(KeyModifiers::CONTROL))
                && b.keys.contains(&pressed)
        })
        .map(|b| b.action);
    match (bound, mode, pressed.code) {
        (Some(a), _, _) => Some(a),
        (None, Mode::Query | Mode::Entities, KeyCode::Char(c))
            if !pressed
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(if mode == Mode::Query {
                Action::QueryChar(c)
            } else {
                Action::PaneChar(c)
            })
        }
        _ => None,
    }
}

/// Drops modifiers that are part of the character ('G' comes with Shift) or
/// of the key (Shift-Tab).
fn normalize(event: KeyEvent) -> Key {
    let mut mods =
        event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
        (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
        (c, _) => c,
    };
    Key { code, mods }
}

/// A key as the help shows it: `j`, `Ctrl-d`, `PgDn`.
pub fn key_name(k: Key) -> String {
    let base = match k.code {
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
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else if k.mods.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

/// The keys of a binding joined for display: `j ↓`.
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| key_name(*k))
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

/// The key table as Markdown, for the README.
pub fn markdown_table() -> String {
    let mut out = String::from("| Keys | Action |\n| --- | --- |\n");
    for b in BINDINGS {
        let keys: Vec<String> = b
            .keys
            .iter()
            .map(|k| format!("`{}`", key_name(*k)))
            .collect();
        out.push_str(&format!("| {} | {} |\n", keys.join(" "), b.help));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        action_for(KeyEvent::new(code, mods), Mode::Normal)
    }

    #[test]
    fn query_line_types_characters_and_keeps_its_keys() {
        let q = |code, mods| action_for(KeyEvent::new(code, mods), Mode::Query);
        assert_eq!(
            q(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Action::QueryChar('j'))
        );
        assert_eq!(
            q(KeyCode::Char('Q'), KeyModifiers::SHIFT),
            Some(Action::QueryChar('Q'))
        );
        assert_eq!(
            q(KeyCode::Enter, KeyModifiers::NONE),
            Some(Action::QuerySubmit)
        );
        assert_eq!(
            q(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::ForceQuit)
        );
        assert_eq!(
            q(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Some(Action::QueryEdit(Edit::DeleteToStart))
        );
        assert_eq!(
            q(KeyCode::Left, KeyModifiers::CONTROL),
            Some(Action::QueryEdit(Edit::WordLeft))
        );
        assert_eq!(
            q(KeyCode::Char('b'), KeyModifiers::ALT),
            Some(Action::QueryEdit(Edit::WordLeft))
        );
        assert_eq!(
            q(KeyCode::Home, KeyModifiers::NONE),
            Some(Action::QueryEdit(Edit::Home))
        );
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(
            press(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Action::Down)
        );
        assert_eq!(
            press(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Action::Bottom)
        );
        assert_eq!(
            press(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::ForceQuit)
        );
        assert_eq!(
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Action::FocusPrev)
        );
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::NONE), None);
        assert_eq!(
            press(KeyCode::Char('/'), KeyModifiers::NONE),
            Some(Action::SearchOpen)
        );
        assert_eq!(
            press(KeyCode::Char('N'), KeyModifiers::SHIFT),
            Some(Action::PrevHit)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                let entry = (b.section.mode(), *k);
                assert!(!seen.contains(&entry), "{} bound twice", key_name(*k));
                seen.push(entry);
            }
        }
    }
}
