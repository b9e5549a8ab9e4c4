//! Terminal-safe text. Article text must never move the cursor, change
//! colours, set the window title or touch the clipboard, so every C0/C1
//! control character, DEL and every bidirectional override is shown in a
//! visible form, as `less` does: `^[` for ESC, `<U+202E>` for the others.

use unicode_width::UnicodeWidthChar;

/// How one character of article text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The character itself, `width` columns wide (0 for combining marks).
    Char(char, usize),
    /// A C0 control or DEL in caret notation: `^` and this letter.
    Caret(char),
    /// Another invisible control, shown as `<U+XXXX>`.
    Code(u32),
}

impl Shown {
    pub fn width(self) -> usize {
        match self {
            Shown::Char(_, w) => w,
            Shown::Caret(_) => 2,
            Shown::Code(c) => format!("<U+{c:04X}>").len(),
        }
    }

    /// Appends the visible form to `out`.
    pub fn push_to(self, out: &mut String) {
        match self {
            Shown::Char(c, _) => out.push(c),
            Shown::Caret(l) => {
                out.push('^');
                out.push(l);
            }
            Shown::Code(c) => out.push_str(&format!("<U+{c:04X}>")),
        }
    }

    pub fn is_control(self) -> bool {
        !matches!(self, Shown::Char(..))
    }
}

/// The visible form of `c`. White space other than a plain space is the
/// caller's business (see [`is_space`]); here a tab is a control.
pub fn shown(c: char) -> Shown {
    let code = c as u32;
    match code {
        0x00..=0x1F => Shown::Caret(char::from(b'@' + code as u8)),
        0x7F => Shown::Caret('?'),
        0x80..=0x9F => Shown::Code(code),
        // Bidi embeddings, overrides and isolates, and the marks that can
        // reorder what follows them.
        0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069 => Shown::Code(code),
        _ => Shown::Char(c, c.width().unwrap_or(0)),
    }
}

/// White space that separates words (and becomes one plain space).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c as u32, 0x80..=0x9F)
}

/// Display width of `s` as shown by [`safe_line`].
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if is_space(c) { 1 } else { shown(c).width() })
        .sum()
}

/// `s` on one line: each run of white space becomes one space, controls
/// become visible.
pub fn safe_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_space(c) {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        shown(c).push_to(&mut out);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `s` as typed into a one-line field: like [`safe_line`], but every white
/// space character stays, as one space, so that the text before a cursor
/// is as wide as it looks.
pub fn safe_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_space(c) {
            out.push(' ');
        } else {
            shown(c).push_to(&mut out);
        }
    }
    out
}

/// `s` with every control character made visible and nothing else
/// changed: spaces stay, a tab or a line break becomes `^I` or `^J`. For
/// text printed whole on one line: a message, a warning, a file name.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' {
            out.push(' ');
        } else {
            shown(c).push_to(&mut out);
        }
    }
    out
}

/// A path as it may be printed: every control character visible (see
/// [`escaped`]) and each byte that is not UTF-8 as `\xNN`, so a file name
/// can neither drive the terminal nor lose what it is.
pub fn path(p: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&escaped(chunk.valid()));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        escaped(&p.to_string_lossy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_and_paths_show_every_control() {
        let name = "x\u{1b}]0;HACKED\u{7}\u{1b}[2J\tnew\nline \u{9b}31m.txt";
        let shown = escaped(name);
        assert_eq!(shown, "x^[]0;HACKED^G^[[2J^Inew^Jline <U+009B>31m.txt");
        assert!(!shown.chars().any(char::is_control));
        assert_eq!(path(std::path::Path::new(name)), shown);
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let p = std::path::Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9 \x1b.txt"));
        assert_eq!(path(p), "caf\\xE9 ^[.txt");
    }

    #[test]
    fn a_field_keeps_its_spaces() {
        assert_eq!(safe_field("border  wall "), "border  wall ");
        assert_eq!(safe_field("a\tb\u{1b}"), "a b^[");
        assert_eq!(width(&safe_field("border ")), 7);
    }

    #[test]
    fn controls_become_visible() {
        let s = safe_line("a\u{1b}]0;pwned\u{7}b\u{202E}c\u{85}d\u{7f}");
        assert_eq!(s, "a^[]0;pwned^Gb<U+202E>c<U+0085>d^?");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn white_space_collapses_and_tabs_expand_to_space() {
        assert_eq!(safe_line("  a\t\tb \r\n c  "), "a b c");
    }

    #[test]
    fn widths_of_wide_and_combining_characters() {
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\u{1b}"), 2);
        assert_eq!(width("😀"), 2);
    }
}

/// `s` (already safe) cut to `max` display columns, ending in an ellipsis
/// when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = shown(c).width();
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('\u{2026}');
    }
    out
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc\u{2026}");
        assert_eq!(fit("日本語", 4), "日\u{2026}");
        assert_eq!(fit("abc", 0), "");
    }
}
