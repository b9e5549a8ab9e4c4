//! The one key table. Dispatch, the help overlay and the README's key list
//! all come from [`BINDINGS`], so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;

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

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Moving in the list and the reader.
    Move,
    /// Panes and overlays.
    Panes,
    /// Leaving.
    Quit,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Move => "Move and scroll",
            Section::Panes => "Panes",
            Section::Quit => "Quit",
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
pub const BINDINGS: &[Binding] = &[
    Binding {
        section: Section::Move,
        keys: &[key('j'), special(KeyCode::Down)],
        action: Action::Down,
        help: "next article / scroll down",
    },
    Binding {
        section: Section::Move,
        keys: &[key('k'), special(KeyCode::Up)],
        action: Action::Up,
        help: "previous article / scroll up",
    },
    Binding {
        section: Section::Move,
        keys: &[key(' '), special(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "page down",
    },
    Binding {
        section: Section::Move,
        keys: &[key('b'), special(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "page up",
    },
    Binding {
        section: Section::Move,
        keys: &[ctrl('d')],
        action: Action::HalfPageDown,
        help: "half a page down",
    },
    Binding {
        section: Section::Move,
        keys: &[ctrl('u')],
        action: Action::HalfPageUp,
        help: "half a page up",
    },
    Binding {
        section: Section::Move,
        keys: &[key('g'), special(KeyCode::Home)],
        action: Action::Top,
        help: "first article / top of text",
    },
    Binding {
        section: Section::Move,
        keys: &[key('G'), special(KeyCode::End)],
        action: Action::Bottom,
        help: "last article / end of text",
    },
    Binding {
        section: Section::Panes,
        keys: &[special(KeyCode::Enter)],
        action: Action::Open,
        help: "open the selected article",
    },
    Binding {
        section: Section::Panes,
        keys: &[special(KeyCode::Tab)],
        action: Action::FocusNext,
        help: "next pane",
    },
    Binding {
        section: Section::Panes,
        keys: &[special(KeyCode::BackTab)],
        action: Action::FocusPrev,
        help: "previous pane",
    },
    Binding {
        section: Section::Panes,
        keys: &[key('h'), special(KeyCode::Left)],
        action: Action::FocusList,
        help: "focus the article list",
    },
    Binding {
        section: Section::Panes,
        keys: &[key('l'), special(KeyCode::Right)],
        action: Action::FocusReader,
        help: "focus the reader",
    },
    Binding {
        section: Section::Panes,
        keys: &[key('w')],
        action: Action::ToggleWarnings,
        help: "show load warnings",
    },
    Binding {
        section: Section::Panes,
        keys: &[key('?'), special(KeyCode::F(1))],
        action: Action::ToggleHelp,
        help: "show this help",
    },
    Binding {
        section: Section::Panes,
        keys: &[special(KeyCode::Esc)],
        action: Action::Back,
        help: "close overlay / back to the list",
    },
    Binding {
        section: Section::Quit,
        keys: &[key('q')],
        action: Action::Quit,
        help: "quit (closes an overlay first)",
    },
    Binding {
        section: Section::Quit,
        keys: &[ctrl('c')],
        action: Action::ForceQuit,
        help: "quit at once",
    },
];

/// The action bound to a key press, if any.
pub fn action_for(event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = normalize(event);
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&pressed))
        .map(|b| b.action)
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
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
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
        action_for(KeyEvent::new(code, mods))
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
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(!seen.contains(k), "{} bound twice", key_name(*k));
                seen.push(*k);
            }
        }
    }
}
