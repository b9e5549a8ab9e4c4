//! Plain-text and Markdown articles: finding the title, an optional leading
//! `date YYYY-MM-DD` marker, and the body, which stays a verbatim slice.
//!
//! Rules:
//! - a first line that reads as a headline (short, no sentence-ending
//!   punctuation, followed by a line break) is the title and is not part of
//!   the body; a short question or exclamation followed by a blank line is a
//!   headline too;
//! - otherwise the title is the first sentence, shortened with an ellipsis,
//!   and the body is the whole text;
//! - a `date YYYY-MM-DD` marker at the start of the text (or of the body after
//!   a headline) becomes the date and is left out of the body.

use std::ops::Range;

/// Longest title before it is shortened with an ellipsis, in characters.
pub const TITLE_MAX_CHARS: usize = 90;
/// Longest line that can still be a headline, in words.
const HEADLINE_MAX_WORDS: usize = 25;
/// Longest headline that may end in `?` or `!`, in words.
const QUESTION_HEADLINE_MAX_WORDS: usize = 14;

/// Where the parts of a plain-text article lie in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextParts {
    pub title: String,
    /// The title was made from the first sentence (there was no headline).
    pub title_derived: bool,
    /// Byte range of the title in the text, when the headline line is the
    /// title as shown (no runs of white space inside it).
    pub title_range: Option<Range<usize>>,
    pub date: Option<String>,
    /// Byte range of the body in the text.
    pub body: Range<usize>,
}

/// Splits `text` into title, date and body. `None` when there is no text.
pub fn parse(text: &str) -> Option<TextParts> {
    let start = skip_space(text, text.strip_prefix('\u{FEFF}').map_or(0, |_| 3));
    if start >= text.len() {
        return None;
    }
    let mut date = None;
    let mut pos = start;
    if let Some((d, after)) = date_marker(text, pos) {
        date = Some(d);
        pos = after;
    }
    let mut title = None;
    let mut title_range = None;
    if let Some((whole, after)) = headline(text, pos) {
        // A Markdown heading's marks are not part of the title (nor are
        // the optional closing ones, "## Title ##").
        let (lead, line) = match whole.trim_start_matches('#') {
            rest if rest.len() < whole.len() && rest.starts_with([' ', '\t']) => {
                let rest = rest.trim_start();
                let lead = whole.len() - rest.len();
                match rest.trim_end_matches('#') {
                    inner if inner.len() < rest.len() && inner.ends_with([' ', '\t']) => {
                        (lead, inner.trim_end())
                    }
                    _ => (lead, rest),
                }
            }
            _ => (0, whole),
        };
        let clean = clean_title(line);
        if clean == line {
            let start = pos + lead;
            title_range = Some(start..start + line.len());
        }
        title = Some(clean);
        pos = after;
        if date.is_none()
            && let Some((d, after)) = date_marker(text, pos)
        {
            date = Some(d);
            pos = after;
        }
    }
    let end = text.trim_end().len().max(pos);
    let body = pos..end;
    let (title, title_derived) = match title {
        Some(t) => (t, false),
        None => (derive_title(&text[body.clone()]), true),
    };
    Some(TextParts {
        title,
        title_derived,
        title_range,
        date,
        body,
    })
}

fn skip_space(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    from + (rest.len() - rest.trim_start().len())
}

/// A `date YYYY-MM-DD` (or `date: YYYY-MM-DD`) marker at `pos`: the date and
/// the offset of the first non-space after it.
fn date_marker(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = text.get(pos..)?;
    let head = rest.get(..4)?;
    if !head.eq_ignore_ascii_case("date") {
        return None;
    }
    let after_word = rest[4..].strip_prefix(':').unwrap_or(&rest[4..]);
    let trimmed = after_word.trim_start_matches([' ', '\t']);
    if trimmed.len() == after_word.len() && after_word.len() == rest.len() - 4 {
        // "date" must be followed by a colon or a space.
        return None;
    }
    let d = trimmed.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    // The date must end there (not "2018-04-031").
    if trimmed[10..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let date_end = pos + (rest.len() - trimmed.len()) + 10;
    Some((d.to_owned(), skip_space(text, date_end)))
}

/// The first line at `pos` if it reads as a headline: the line and the offset
/// of the body after it.
fn headline(text: &str, pos: usize) -> Option<(&str, usize)> {
    let rest = &text[pos..];
    let nl = rest.find('\n')?;
    let line = rest[..nl].trim_end();
    let after = skip_space(text, pos + nl);
    if line.is_empty() || after >= text.len() {
        return None;
    }
    let words = line.split_whitespace().count();
    if words > HEADLINE_MAX_WORDS {
        return None;
    }
    let last = line
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')'])
        .chars()
        .next_back()?;
    let blank_line_follows = rest[nl + 1..]
        .trim_start_matches([' ', '\t', '\r'])
        .starts_with('\n');
    let ok = match last {
        '.' | ':' | ';' | ',' | '\u{2026}' => false,
        '?' | '!' => blank_line_follows && words <= QUESTION_HEADLINE_MAX_WORDS,
        _ => true,
    };
    ok.then_some((line, after))
}

fn clean_title(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A title from the first sentence of `body`, shortened with an ellipsis.
pub fn derive_title(body: &str) -> String {
    // Only the start matters; never scan a huge single line.
    let head = prefix_chars(body, TITLE_MAX_CHARS * 3);
    let sentence = &head[..first_sentence_end(head)];
    shorten(&clean_title(sentence), TITLE_MAX_CHARS)
}

fn prefix_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Byte offset where the first sentence of `s` ends (after its punctuation).
fn first_sentence_end(s: &str) -> usize {
    let line_end = s.find('\n').unwrap_or(s.len());
    let s_line = &s[..line_end];
    let bytes = s_line.as_bytes();
    for (i, c) in s_line.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = i + c.len_utf8();
        // Closing quotes belong to the sentence.
        let mut end = next;
        while let Some(q) = s_line[end..]
            .chars()
            .next()
            .filter(|q| is_closing_quote(*q))
        {
            end += q.len_utf8();
        }
        let follows_space = bytes.get(end).is_none_or(|b| b.is_ascii_whitespace());
        if !follows_space {
            continue;
        }
        if c == '.' && is_abbreviation(&s_line[..i]) {
            continue;
        }
        return end;
    }
    line_end
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')')
}

/// The word before a period is an abbreviation ("Mr", "U.S", "Jan").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
        "capt", "jr", "sr", "vs", "no", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr",
        "aug", "sept", "sep", "oct", "nov", "dec", "etc", "approx", "dept", "est",
    ];
    let single_letters = word.split('.').all(|p| p.chars().count() == 1);
    !word.is_empty() && (single_letters || TITLES.contains(&word.to_ascii_lowercase().as_str()))
}

/// `s` cut at a word boundary to at most `max` characters, with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut = prefix_chars(s, max.saturating_sub(1));
    let at_word = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut,
    };
    format!("{}\u{2026}", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body<'a>(text: &'a str, p: &TextParts) -> &'a str {
        &text[p.body.clone()]
    }

    #[test]
    fn the_title_range_holds_the_title_as_shown() {
        for (t, title, range) in [
            ("Big news\n\nBody.", "Big news", Some("Big news")),
            ("## Big news\n\nBody.", "Big news", Some("Big news")),
            ("## Big news ##\n\nBody.", "Big news", Some("Big news")),
            ("# C#\n\nBody.", "C#", Some("C#")),
            (
                "#hashtag wins\n\nBody.",
                "#hashtag wins",
                Some("#hashtag wins"),
            ),
            ("Big   news\n\nBody.", "Big news", None),
            (
                "No headline here, just a sentence.",
                "No headline here, just a sentence.",
                None,
            ),
        ] {
            let p = parse(t).unwrap();
            assert_eq!(p.title, title, "{t:?}");
            assert_eq!(p.title_range.map(|r| &t[r]), range, "{t:?}");
        }
    }

    #[test]
    fn headline_line_is_the_title() {
        let t = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped.\n";
        let p = parse(t).unwrap();
        assert_eq!(p.title, "Ad sales boost Time Warner profit");
        assert!(!p.title_derived);
        assert_eq!(
            body(t, &p),
            "Quarterly profits at US media giant TimeWarner jumped."
        );
    }

    #[test]
    fn sentence_first_line_gives_a_derived_title_and_full_body() {
        let t = "THOUSANDS of migrants have turned around.\n\nThey stopped.\n";
        let p = parse(t).unwrap();
        assert_eq!(p.title, "THOUSANDS of migrants have turned around.");
        assert!(p.title_derived);
        assert_eq!(body(t, &p), t.trim_end());
    }

    #[test]
    fn short_question_before_a_blank_line_is_a_headline() {
        let t = "Could Yukos be a blessing in disguise?\n\nBody text here.";
        let p = parse(t).unwrap();
        assert_eq!(p.title, "Could Yukos be a blessing in disguise?");
        assert_eq!(body(t, &p), "Body text here.");
    }

    #[test]
    fn date_marker_becomes_the_date_and_leaves_the_body() {
        let t = " date 2018-04-03 In some of the Mexican towns, the U.S. border is near. More.\n";
        let p = parse(t).unwrap();
        assert_eq!(p.date.as_deref(), Some("2018-04-03"));
        assert!(body(t, &p).starts_with("In some of the Mexican towns"));
        assert_eq!(
            p.title,
            "In some of the Mexican towns, the U.S. border is near."
        );
    }

    #[test]
    fn date_marker_after_headline() {
        let t = "Big news\ndate: 2020-01-31\nBody.";
        let p = parse(t).unwrap();
        assert_eq!(p.title, "Big news");
        assert_eq!(p.date.as_deref(), Some("2020-01-31"));
        assert_eq!(body(t, &p), "Body.");
    }

    #[test]
    fn not_a_date_marker() {
        for t in [
            "dated 2018-04-03 text.",
            "date 2018-4-03 text.",
            "date 2018-04-031 x.",
        ] {
            assert_eq!(parse(t).unwrap().date, None, "{t}");
        }
    }

    #[test]
    fn long_first_sentence_is_shortened_with_an_ellipsis() {
        let t = "word ".repeat(60) + "end.";
        let p = parse(&t).unwrap();
        assert!(p.title.ends_with('\u{2026}'));
        assert!(p.title.chars().count() <= TITLE_MAX_CHARS);
    }

    #[test]
    fn empty_and_blank_texts_have_no_article() {
        assert_eq!(parse(""), None);
        assert_eq!(parse(" \n\t\n"), None);
    }

    #[test]
    fn single_line_text_is_all_body() {
        let p = parse("Just one line").unwrap();
        assert_eq!(p.title, "Just one line");
        assert_eq!(p.body, 0..13);
    }
}
