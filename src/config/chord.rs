//! Keys as a configuration writes them: `j`, `G`, `ctrl-d`, `alt-b`,
//! `shift-tab`, `f1`, `space`, `pagedown`, `ctrl-left`.
//!
//! A [`Chord`] is plain data (no terminal types); the app turns it into the
//! key it compares with what the terminal sends. It is kept in the form a
//! terminal reports: a letter typed with Shift is the capital letter, Ctrl
//! with a letter is the lowercase letter (terminals do not tell Ctrl-D from
//! Ctrl-d), and Shift-Tab is [`KeyName::BackTab`].

use std::fmt;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyName {
    Char(char),
    Enter,
    Tab,
    /// Shift-Tab.
    BackTab,
    Esc,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
    /// F1 to F24.
    F(u8),
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub key: KeyName,
    pub ctrl: bool,
    pub alt: bool,
    /// Shift with a key that is not a character (`shift-up`); a shifted
    /// character is its capital instead.
    pub shift: bool,
}

/// The names of keys that are not characters, as written in a
/// configuration (the first of each is how dateline writes it).
const NAMES: &[(&str, KeyName)] = &[
    ("space", KeyName::Char(' ')),
    ("enter", KeyName::Enter),
    ("return", KeyName::Enter),
    ("tab", KeyName::Tab),
    ("backtab", KeyName::BackTab),
    ("esc", KeyName::Esc),
    ("escape", KeyName::Esc),
    ("backspace", KeyName::Backspace),
    ("del", KeyName::Delete),
    ("delete", KeyName::Delete),
    ("insert", KeyName::Insert),
    ("ins", KeyName::Insert),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("pageup", KeyName::PageUp),
    ("pgup", KeyName::PageUp),
    ("pagedown", KeyName::PageDown),
    ("pgdn", KeyName::PageDown),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("minus", KeyName::Char('-')),
];

/// What a key may be written as, for error messages.
pub const CHORD_EXPECTED: &str = "a key: a character (j, G, /), a name (space, enter, tab, esc, \
     backspace, del, insert, home, end, pageup, pagedown, up, down, left, right, f1-f24), \
     optionally after ctrl-, alt- or shift- (ctrl-d, alt-b, shift-tab)";

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChordError {
    Empty,
    /// Not a key name: the part that is not one.
    UnknownKey(String),
    /// Not a modifier: the part that is not one.
    UnknownModifier(String),
}

impl fmt::Display for ChordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChordError::Empty => f.write_str("an empty key name"),
            ChordError::UnknownKey(k) => write!(f, "unknown key name `{k}`"),
            ChordError::UnknownModifier(m) => {
                write!(f, "unknown modifier `{m}` (ctrl, alt and shift are)")
            }
        }
    }
}

impl Chord {
    /// A key without modifiers.
    pub const fn plain(key: KeyName) -> Chord {
        Chord {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Reads `ctrl-d`, `alt-b`, `shift-tab`, `f1`, `G`, `space`, `-`,
    /// `ctrl--`. Names and modifiers may be in any case and joined by `-`
    /// or `+`; `c-`, `a-`/`m-` and `s-` are short for the modifiers.
    pub fn parse(s: &str) -> Result<Chord, ChordError> {
        // `page-up` and `page-down` are one key each.
        let joined;
        let s = match s.to_ascii_lowercase().rfind("page-") {
            Some(i) if s.len() > i + 5 => {
                joined = format!("{}{}", &s[..i + 4], &s[i + 5..]);
                joined.as_str()
            }
            _ => s,
        };
        if s.is_empty() {
            return Err(ChordError::Empty);
        }
        // A single character is that character, whatever it is (`-`, `+`).
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Chord::plain(KeyName::Char(c)).normalized());
        }
        // The key is the last part; a separator at the very end is the key
        // itself (`ctrl--`, `alt-+`).
        let (mods, key) = match s.char_indices().last() {
            Some((i, c @ ('-' | '+'))) if i > 0 && s[..i].ends_with(['-', '+']) => {
                (&s[..i - 1], c.to_string())
            }
            _ => match s.rfind(['-', '+']) {
                Some(i) => (&s[..i], s[i + 1..].to_owned()),
                None => ("", s.to_owned()),
            },
        };
        let mut chord = Chord::plain(key_name(&key)?);
        for m in mods.split(['-', '+']).filter(|m| !m.is_empty()) {
            match m.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => chord.ctrl = true,
                "alt" | "meta" | "option" | "a" | "m" => chord.alt = true,
                "shift" | "s" => chord.shift = true,
                _ => return Err(ChordError::UnknownModifier(m.to_owned())),
            }
        }
        Ok(chord.normalized())
    }

    /// In the form a terminal reports (see the module doc).
    fn normalized(mut self) -> Chord {
        match self.key {
            KeyName::Char(c) if self.ctrl => {
                self.key = KeyName::Char(c.to_ascii_lowercase());
                self.shift = false;
            }
            KeyName::Char(c) if self.shift => {
                self.key = KeyName::Char(c.to_uppercase().next().unwrap_or(c));
                self.shift = false;
            }
            KeyName::Tab if self.shift => {
                self.key = KeyName::BackTab;
                self.shift = false;
            }
            _ => {}
        }
        self
    }
}

/// A key name (`space`, `f12`, `j`), any case for names.
fn key_name(s: &str) -> Result<KeyName, ChordError> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(KeyName::Char(c));
    }
    let lower = s.to_ascii_lowercase().replace('_', "");
    if let Some(&(_, k)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Ok(k);
    }
    match lower.strip_prefix('f').map(str::parse::<u8>) {
        Some(Ok(n @ 1..=24)) => Ok(KeyName::F(n)),
        _ if s.is_empty() => Err(ChordError::Empty),
        _ => Err(ChordError::UnknownKey(s.to_owned())),
    }
}

impl fmt::Display for Chord {
    /// As a configuration writes it: `ctrl-d`, `G`, `shift-tab`, `space`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            KeyName::Char(' ') => f.write_str("space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::BackTab => f.write_str("shift-tab"),
            KeyName::F(n) => write!(f, "f{n}"),
            other => {
                let name = NAMES
                    .iter()
                    .find(|(_, k)| *k == other)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn chord(key: KeyName, ctrl: bool, alt: bool, shift: bool) -> Chord {
        Chord {
            key,
            ctrl,
            alt,
            shift,
        }
    }

    #[test]
    fn chords_in_the_forms_people_write() {
        let ctrl_d = chord(KeyName::Char('d'), true, false, false);
        for s in [
            "ctrl-d",
            "Ctrl-D",
            "C-d",
            "ctrl+d",
            "control-d",
            "ctrl-shift-d",
        ] {
            assert_eq!(Chord::parse(s), Ok(ctrl_d), "{s}");
        }
        assert_eq!(
            Chord::parse("alt-b"),
            Ok(chord(KeyName::Char('b'), false, true, false))
        );
        assert_eq!(Chord::parse("M-b"), Chord::parse("alt-b"));
        assert_eq!(
            Chord::parse("shift-tab"),
            Ok(Chord::plain(KeyName::BackTab))
        );
        assert_eq!(Chord::parse("backtab"), Chord::parse("shift-tab"));
        assert_eq!(Chord::parse("f1"), Ok(Chord::plain(KeyName::F(1))));
        assert_eq!(Chord::parse("F12"), Ok(Chord::plain(KeyName::F(12))));
        assert_eq!(Chord::parse("G"), Ok(Chord::plain(KeyName::Char('G'))));
        assert_eq!(Chord::parse("shift-g"), Chord::parse("G"));
        assert_eq!(Chord::parse("-"), Ok(Chord::plain(KeyName::Char('-'))));
        assert_eq!(
            Chord::parse("ctrl--"),
            Ok(chord(KeyName::Char('-'), true, false, false))
        );
        assert_eq!(
            Chord::parse("alt-+"),
            Ok(chord(KeyName::Char('+'), false, true, false))
        );
        assert_eq!(Chord::parse("space"), Ok(Chord::plain(KeyName::Char(' '))));
        assert_eq!(
            Chord::parse("shift-up"),
            Ok(chord(KeyName::Up, false, false, true))
        );
        assert_eq!(
            Chord::parse("ctrl-left"),
            Ok(chord(KeyName::Left, true, false, false))
        );
        assert_eq!(Chord::parse("é"), Ok(Chord::plain(KeyName::Char('é'))));
        for page_down in ["pagedown", "PageDown", "page-down", "page_down", "pgdn"] {
            assert_eq!(Chord::parse(page_down), Ok(Chord::plain(KeyName::PageDown)));
        }
        assert_eq!(
            Chord::parse("ctrl-page-up"),
            Ok(chord(KeyName::PageUp, true, false, false))
        );
    }

    #[test]
    fn bad_chords_say_which_part() {
        assert_eq!(Chord::parse(""), Err(ChordError::Empty));
        assert_eq!(
            Chord::parse("ctrl-foo"),
            Err(ChordError::UnknownKey("foo".into()))
        );
        assert_eq!(
            Chord::parse("hyper-x"),
            Err(ChordError::UnknownModifier("hyper".into()))
        );
        assert_eq!(
            Chord::parse("f25"),
            Err(ChordError::UnknownKey("f25".into()))
        );
        assert_eq!(Chord::parse("ctrl-"), Err(ChordError::Empty));
        assert_eq!(
            Chord::parse("pagedwn"),
            Err(ChordError::UnknownKey("pagedwn".into()))
        );
    }

    #[test]
    fn chords_print_as_they_parse() {
        let keys = [
            "j",
            "G",
            "ctrl-d",
            "alt-b",
            "shift-tab",
            "f1",
            "space",
            "enter",
            "esc",
            "pageup",
            "pagedown",
            "ctrl-left",
            "shift-up",
            "-",
            "ctrl--",
            "alt-+",
            "del",
            "?",
            "#",
        ];
        for k in keys {
            let c = Chord::parse(k).unwrap();
            assert_eq!(c.to_string(), k);
            assert_eq!(Chord::parse(&c.to_string()), Ok(c));
        }
    }
}
