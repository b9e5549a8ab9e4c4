//! The reader's own work on a collection: which articles they have read,
//! starred, tagged and annotated, the quotes they clipped (with the file
//! offsets they came from) and the searches they saved.
//!
//! Three parts, no terminal types:
//!
//! * **Keeping** ([`keep`]): the tables of the user store (schema version 2,
//!   [`MIGRATION`]) and one function per user action, each one transaction
//!   through [`UserStore::write`](crate::workspace::UserStore::write), so a
//!   mark the screen shows is on disk.
//! * **Marks in memory** ([`Marks`]): every loaded article's marks by its
//!   position in the store, what the list draws and what the query
//!   language's `is:`, `tag:` and `has:` filters test
//!   ([`crate::search::Marked`]).
//! * **The keeper** ([`Keeper`]): what the app's shell and the headless
//!   commands write through: a [`Change`] to one article, by its position,
//!   kept in the workspace (or, without one, in a store in memory for the
//!   session) and read back as it now stands.
//! * **The list's order** ([`sort`]): path, date, title or last read,
//!   and the order chosen for the collection (schema version 4).
//! * **Exchange** ([`exchange`]): records of an article with its state,
//!   tags, note and clips, for `dateline export` and `dateline import`.
//!
//! Articles are referred to by their [`ArticleRow`](crate::workspace::ArticleRow)
//! in the user store: their content hash, so marks follow a moved file.

pub mod exchange;
pub mod keep;
mod keeper;
mod marks;
pub mod sort;

pub use keep::{Clip, MIGRATION, SavedSearch, Stored};
pub use keeper::{Change, Keeper, marks_of, rows_of};
pub use marks::Marks;
pub use sort::ListSort;

use std::ops::Range;

/// The sentence of `text` around byte `at`: from after the end of the
/// sentence before (`.`, `!` or `?` and any closing quotes, then a space
/// and a capital, digit or quote; or a blank line) to the end of its own,
/// without surrounding spaces.
pub fn sentence_at(text: &str, at: usize) -> Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let bytes = text.as_bytes();
    // An end: a terminator (and closers) followed by whitespace.
    let end_after = |i: usize| -> Option<usize> {
        let b = *bytes.get(i)?;
        if !matches!(b, b'.' | b'!' | b'?') {
            return None;
        }
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
            j += 1;
        }
        if text[j..].starts_with(['\u{201d}', '\u{2019}']) {
            j += 3;
        }
        // A sentence starts after it: a capital, a digit or a quote
        // ("U.S. border" goes on).
        let next = text[j..].trim_start();
        let starts = next.chars().next().is_none_or(|c| {
            c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(c)
        });
        let spaced = j >= bytes.len() || bytes[j].is_ascii_whitespace();
        (spaced && starts).then_some(j)
    };
    let para_break = |i: usize| bytes.get(i) == Some(&b'\n') && bytes.get(i + 1) == Some(&b'\n');
    let mut start = 0;
    let mut i = at;
    while i > 0 {
        i -= 1;
        if para_break(i) {
            start = i + 2;
            break;
        }
        if let Some(e) = end_after(i)
            && e <= at
        {
            start = e;
            break;
        }
    }
    let mut end = text.len();
    let mut j = at;
    while j < bytes.len() {
        if para_break(j) {
            end = j;
            break;
        }
        if let Some(e) = end_after(j) {
            end = e.min(text.len());
            break;
        }
        j += 1;
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    start + lead..(end - trail).max(start + lead)
}

/// A quote with its citation, for the clipboard: the quote in quotation
/// marks, then the title, the file, the date and the file's byte offsets.
pub fn citation(
    quote: &str,
    title: &str,
    path: &str,
    date: Option<&str>,
    file: Range<usize>,
) -> String {
    let safe = |s: &str| crate::textview::safe::safe_line(s);
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!("\u{201c}{}\u{201d} \u{2014} {}", safe(&quote), safe(title));
    if let Some(d) = date {
        out.push_str(&format!(", {}", safe(d)));
    }
    out.push_str(&format!(
        " ({}, bytes {}..{})",
        safe(path),
        file.start,
        file.end
    ));
    out
}

/// For each saved search: the articles matching it now (`None` when the
/// query does not run) and how many of them the store first saw after the
/// search was last opened.
pub fn saved_counts(
    index: &crate::search::SearchIndex,
    marks: &Marks,
    saved: &[SavedSearch],
) -> Vec<(Option<usize>, usize)> {
    saved
        .iter()
        .map(|s| {
            let newer = (0..marks.len())
                .filter(|&i| marks.get(i).is_some_and(|m| m.first_seen > s.opened))
                .count();
            let limit = if newer == 0 { 1 } else { index.len().max(1) };
            match index.search_marked(&s.query, limit, marks) {
                Ok(r) => {
                    let new = if newer == 0 {
                        0
                    } else {
                        r.hits
                            .iter()
                            .filter(|h| {
                                marks
                                    .get(h.doc as usize)
                                    .is_some_and(|m| m.first_seen > s.opened)
                            })
                            .count()
                    };
                    (Some(r.total.max(r.hits.len())), new)
                }
                Err(_) => (None, 0),
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_found_around_a_position() {
        let t = "First one. Mr Blair said \"no.\" Then more!\n\nNew para here";
        let u = "Crossing U.S. border has risen. Next.";
        assert_eq!(&u[sentence_at(u, 3)], "Crossing U.S. border has risen.");
        let at = t.find("Blair").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Mr Blair said \"no.\"");
        assert_eq!(&t[sentence_at(t, 0)], "First one.");
        assert_eq!(&t[sentence_at(t, t.find("Then").unwrap())], "Then more!");
        assert_eq!(&t[sentence_at(t, t.len())], "New para here");
        assert_eq!(&t[sentence_at(t, t.find("para").unwrap())], "New para here");
        // Any position, any text: a range of whole characters.
        let u = "é. ü? “x.” y";
        for i in 0..=u.len() {
            let r = sentence_at(u, i);
            assert!(u.get(r).is_some(), "{i}");
        }
    }

    #[test]
    fn saved_searches_count_matches_and_new_arrivals() {
        let texts = ["border wall", "border fence", "budget vote"];
        let index = crate::search::SearchIndex::build(
            texts.iter().map(|t| crate::search::DocInput::text("T", t)),
            |_| {},
        )
        .unwrap();
        let mut marks = Marks::new(3);
        marks.update(0, |m| m.first_seen = 10);
        marks.update(1, |m| m.first_seen = 30);
        marks.update(2, |m| m.first_seen = 30);
        marks.update(1, |m| m.starred = true);
        let s = |query: &str, opened| SavedSearch {
            name: query.into(),
            query: query.into(),
            opened,
        };
        let got = saved_counts(
            &index,
            &marks,
            &[
                s("border ", 20),
                s("border ", 40),
                s("is:starred", 0),
                s("a OR", 0),
            ],
        );
        assert_eq!(got, [(Some(2), 1), (Some(2), 0), (Some(1), 1), (None, 0)]);
    }

    #[test]
    fn citations_name_the_source_and_show_no_controls() {
        let c = citation(
            "said  \"no\"\n",
            "Title\u{1b}[31m",
            "a/b.txt",
            Some("2004-03-01"),
            5..15,
        );
        assert_eq!(
            c,
            "\u{201c}said \"no\"\u{201d} \u{2014} Title^[[31m, 2004-03-01 (a/b.txt, bytes 5..15)"
        );
    }
}
