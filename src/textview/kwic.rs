//! Keyword in context: the words around a mention, cut to fixed widths so
//! that a list of mentions lines up on the mention.

use std::ops::Range;

use super::safe::{fit, safe_line, width};

/// The text left of `range` (right-aligned to `left` columns), the mention,
/// and the text right of it (cut to `right` columns), all terminal-safe.
pub fn kwic(
    text: &str,
    range: Range<usize>,
    left: usize,
    right: usize,
) -> (String, String, String) {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let (Some(before), Some(mention), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return (" ".repeat(left), String::new(), String::new());
    };
    // Only a bounded stretch either side matters.
    let before = tail_chars(before, left * 2 + 8);
    let after = head_chars(after, right * 2 + 8);
    let mut l = safe_line(before);
    if before.ends_with(char::is_whitespace) {
        l.push(' ');
    }
    let l = cut_left(&l, left);
    let pad = left.saturating_sub(width(&l));
    let mut r = String::new();
    if after.starts_with(char::is_whitespace) {
        r.push(' ');
    }
    r.push_str(&safe_line(after));
    (
        format!("{}{l}", " ".repeat(pad)),
        safe_line(mention),
        fit(&r, right),
    )
}

fn tail_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

fn head_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `max` columns of `s`, starting with an ellipsis when cut.
fn cut_left(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw > max {
            break;
        }
        kept.push(c);
        w += cw;
    }
    kept.push('\u{2026}');
    kept.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_up_on_the_mention() {
        let text = "In a speech Thursday night, Trump accused the Democrats of paving the way.";
        let at = text.find("Trump").unwrap();
        let (l, m, r) = kwic(text, at..at + 5, 20, 20);
        assert_eq!(width(&l), 20);
        assert!(l.ends_with("night, "));
        assert_eq!(m, "Trump");
        assert!(r.starts_with(" accused"));
        assert!(width(&r) <= 20);
        let (l, _, _) = kwic("Trump said", 0..5, 10, 10);
        assert_eq!(l, " ".repeat(10));
    }
}
