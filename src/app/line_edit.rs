//! Editing a one-line text field with a cursor, readline style: the query
//! line uses it.

/// One editing key of a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Delete from the start of the line to the cursor.
    DeleteToStart,
    /// Delete from the cursor to the end of the line.
    DeleteToEnd,
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
}

/// Applies `edit` to `text` with its cursor at byte `cursor`; true when the
/// text changed (not only the cursor).
pub fn apply(text: &mut String, cursor: &mut usize, edit: Edit) -> bool {
    let at = clamp(text, *cursor);
    // Deletions go from the new cursor to the old one, or from the cursor on.
    let before = |to: usize| (remove(text, to..at), to);
    let (new_text, new_cursor) = match edit {
        Edit::Backspace => before(prev_char(text, at)),
        Edit::DeleteWord => before(word_start(text, at)),
        Edit::DeleteToStart => before(0),
        Edit::Delete => (remove(text, at..next_char(text, at)), at),
        Edit::DeleteToEnd => (remove(text, at..text.len()), at),
        Edit::Left => (None, prev_char(text, at)),
        Edit::Right => (None, next_char(text, at)),
        Edit::WordLeft => (None, word_start(text, at)),
        Edit::WordRight => (None, word_end(text, at)),
        Edit::Home => (None, 0),
        Edit::End => (None, text.len()),
    };
    *cursor = new_cursor;
    match new_text {
        Some(t) => {
            *text = t;
            true
        }
        None => false,
    }
}

/// Types `c` at the cursor.
pub fn insert(text: &mut String, cursor: &mut usize, c: char) {
    let at = clamp(text, *cursor);
    text.insert(at, c);
    *cursor = at + c.len_utf8();
}

/// Puts pasted `pasted` at the cursor, as one line: line breaks and tabs
/// become spaces (CR LF one space), other control characters are dropped.
/// One insertion however long the paste (not a character at a time).
pub fn paste(text: &mut String, cursor: &mut usize, pasted: &str) {
    let at = clamp(text, *cursor);
    let mut line = String::with_capacity(pasted.len());
    let mut after_cr = false;
    for c in pasted.chars() {
        let cr_lf = after_cr && c == '\n';
        after_cr = c == '\r';
        if cr_lf {
            continue;
        }
        if !c.is_control() {
            line.push(c);
        } else if c.is_whitespace() {
            line.push(' ');
        }
    }
    text.insert_str(at, &line);
    *cursor = at + line.len();
}

/// What of a field fits in `width` columns with the cursor in view: the
/// field is shown as `before` the cursor and `after` it (both already made
/// safe to print). Returns the text to draw and the cursor's column in it.
///
/// A field that fits is shown whole. Otherwise the cursor keeps up to a
/// third of the width to its right, the text before it is cut from the
/// left and the text after it from the right, each cut marked with `…`.
pub fn window(before: &str, after: &str, width: usize) -> (String, usize) {
    let (wb, wa) = (columns(before), columns(after));
    if wb + wa < width {
        return (format!("{before}{after}"), wb);
    }
    // The cursor's cell is the first of `after` (or past the end).
    let right = wa.min(width / 3).max(1);
    let room = width.saturating_sub(right);
    let mut shown = if wb <= room {
        before.to_owned()
    } else if room > 1 {
        format!("\u{2026}{}", tail(before, room - 1))
    } else {
        String::new()
    };
    let cursor = columns(&shown);
    let left = width.saturating_sub(cursor);
    if wa <= left {
        shown.push_str(after);
    } else if left > 1 {
        shown.push_str(head(after, left - 1));
        shown.push('\u{2026}');
    } else {
        // One cell: the character under the cursor rather than a mark.
        shown.push_str(head(after, left));
    }
    (shown, cursor)
}

/// Columns `s` takes on screen.
fn columns(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The longest end of `s` that fits in `width` columns.
fn tail(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

/// The longest start of `s` that fits in `width` columns.
fn head(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width {
            return &s[..i];
        }
    }
    s
}

/// `text` without `range`, or `None` when the range is empty.
fn remove(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    if range.is_empty() {
        return None;
    }
    let (head, tail) = (text.get(..range.start)?, text.get(range.end..)?);
    Some([head, tail].concat())
}

/// `cursor` moved onto a character boundary of `text`.
pub fn clamp(text: &str, cursor: usize) -> usize {
    let mut at = cursor.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn prev_char(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|s| s.char_indices().next_back())
        .map_or(0, |(i, _)| i)
}

fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// Start of the word before `at` (white space before the cursor skipped).
fn word_start(text: &str, at: usize) -> usize {
    let head = text.get(..at).unwrap_or(text);
    let trimmed = head.trim_end();
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// End of the word after `at` (white space after the cursor skipped).
fn word_end(text: &str, at: usize) -> usize {
    let tail = text.get(at..).unwrap_or_default();
    let skipped = tail.len() - tail.trim_start().len();
    tail[skipped..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + skipped + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `edits` on "text|cursor" notation: `|` marks the cursor.
    fn run(start: &str, edits: &[Edit]) -> String {
        let at = start.find('|').unwrap_or(start.len());
        let mut text = start.replacen('|', "", 1);
        let mut cursor = at;
        for e in edits {
            apply(&mut text, &mut cursor, *e);
        }
        text.insert(cursor, '|');
        text
    }

    #[test]
    fn moving_and_deleting_like_readline() {
        use Edit::*;
        assert_eq!(run("blair|", &[Left, Left]), "bla|ir");
        assert_eq!(run("|blair", &[Left]), "|blair");
        assert_eq!(run("blair|", &[Right]), "blair|");
        assert_eq!(run("José|", &[Left, Backspace]), "Jo|é");
        assert_eq!(run("José|", &[Left, Delete]), "Jos|");
        assert_eq!(run("prime minister|", &[Home, Delete]), "|rime minister");
        assert_eq!(run("prime minister  |", &[DeleteWord]), "prime |");
        assert_eq!(run("prime min|ister", &[DeleteWord]), "prime |ister");
        assert_eq!(run("prime min|ister", &[DeleteToStart]), "|ister");
        assert_eq!(run("prime min|ister", &[DeleteToEnd]), "prime min|");
        assert_eq!(run("a bc  d|", &[WordLeft, WordLeft]), "a |bc  d");
        assert_eq!(run("|a bc  d", &[WordRight, WordRight]), "a bc|  d");
        assert_eq!(run("a| b", &[End]), "a b|");
    }

    #[test]
    fn typing_goes_in_at_the_cursor() {
        let mut text = "blair".to_owned();
        let mut cursor = 2;
        insert(&mut text, &mut cursor, 'é');
        insert(&mut text, &mut cursor, 'x');
        assert_eq!((text.as_str(), cursor), ("bléxair", 5));
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_as_one_line() {
        let mut text = "prime minister".to_owned();
        let mut cursor = 6;
        paste(&mut text, &mut cursor, "deputy\r\nvice\tx\u{1b}[2J\u{7}");
        assert_eq!(text, "prime deputy vice x[2Jminister");
        assert_eq!(cursor, "prime deputy vice x[2J".len());
    }

    #[test]
    fn a_field_that_fits_is_shown_whole() {
        assert_eq!(window("lond", "on", 10), ("london".to_owned(), 4));
        assert_eq!(window("", "", 1), (String::new(), 0));
    }

    #[test]
    fn a_long_field_keeps_the_cursor_in_view_wherever_it_is() {
        let text: String = (0..200)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        for width in [1, 2, 3, 7, 20, 80] {
            for at in [0, 1, 50, 199, 200] {
                let (before, after) = text.split_at(at);
                let (shown, cursor) = window(before, after, width);
                assert!(columns(&shown) <= width, "{width} {at}: {shown:?}");
                assert!(cursor < width, "{width} {at}: cursor {cursor}");
                // The character under the cursor is the one after it.
                if let (Some(c), true) = (after.chars().next(), width > 2) {
                    assert_eq!(
                        shown.chars().nth(cursor),
                        Some(c),
                        "{width} {at}: {shown:?}"
                    );
                }
                // Typing at the end shows what was typed last.
                if at == 200 && width > 2 {
                    assert!(shown.ends_with(&text[200 - (width - 2)..]), "{shown:?}");
                }
            }
        }
    }

    #[test]
    fn wide_characters_are_cut_whole() {
        let (shown, cursor) = window("東京東京東京", "", 6);
        assert_eq!((shown.as_str(), cursor), ("\u{2026}東京", 5));
    }

    #[test]
    fn a_cursor_off_a_character_boundary_is_moved_onto_one() {
        // Byte 2 is inside "é" (taken as its start, 1); 99 is past the end.
        for (cursor, edit, want) in [
            (2, Edit::Backspace, ("éb", 0)),
            (2, Edit::Delete, ("ab", 1)),
            (2, Edit::Left, ("aéb", 0)),
            (2, Edit::Right, ("aéb", 3)),
            (99, Edit::Backspace, ("aé", 3)),
            (99, Edit::Delete, ("aéb", 4)),
        ] {
            let mut text = "aéb".to_owned();
            let mut at = cursor;
            apply(&mut text, &mut at, edit);
            assert_eq!((text.as_str(), at), want, "{edit:?} at {cursor}");
        }
    }
}
