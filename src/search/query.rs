//! The query language, parsed by hand into a small syntax tree.
//!
//! ```text
//! query   := item*
//! item    := 'OR' | 'AND' | ['-' | 'NOT'] atom
//! atom    := [field ':'] (word | '"' words '"') | 'date:' dates
//! field   := title | person | place | org (and aliases: location, people, …)
//! ```
//!
//! `date:` takes a date or a range of dates (`date:2018-10`,
//! `date:2018-10-01..2018-11-15`, `date:>2018-06`; [`crate::dates`] has the
//! grammar); it can be excluded (`-date:2018`) and OR-ed like a word, and a
//! date that cannot be read is an error saying why.
//!
//! Items are ANDed; `OR` joins the items on either side of it into one
//! alternative (`a b OR c d` = a AND (b OR c) AND d). `AND` may be written
//! (it changes nothing) and `NOT a` is `-a`, as most search boxes read them;
//! in lower case they are words. The last item is a
//! prefix while it is being typed: when the query does not end with a space
//! or a closing quote, its last word matches every word it begins. An
//! unclosed quote is read as a phrase that runs to the end of the query (its
//! last word a prefix), so results keep flowing while a phrase is typed.
//!
//! The reader's own marks filter too: `is:read`, `is:unread`, `is:starred`,
//! `tag:NAME`, `has:note`, `has:clip`, `has:tag` ([`MarkKind`]). They are
//! atoms like words (ANDed, excluded with `-`, OR-ed with each other, not
//! with words) that the index does not hold: the caller says which
//! articles carry which mark ([`super::Marked`]).
//!
//! What cannot be read gives a [`QueryError`] saying what is wrong and where;
//! the parser never panics.

use std::fmt;
use std::ops::Range;

use super::schema::TextField;
use crate::dates::{self, KeyRange};

/// A query that cannot be run, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    /// Human-readable explanation, e.g. "`-` must be followed by a word to exclude".
    pub message: String,
    /// Byte range of the query the message is about.
    pub span: Range<usize>,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl QueryError {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        QueryError {
            message: message.into(),
            span,
        }
    }
}

/// Where an atom looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// Title, body and entity names.
    Text,
    /// One field (`title:`, `person:`, `place:`, `org:`).
    Field(TextField),
    /// Articles dated in the range (`date:`); the atom has no text.
    Date(KeyRange),
    /// Articles with a mark of the user's (`is:`, `tag:`, `has:`); the
    /// atom's text is the tag's name for [`MarkKind::Tag`].
    Mark(MarkKind),
}

/// A mark of the user's that a query can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// `is:read`
    Read,
    /// `is:unread`
    Unread,
    /// `is:starred`
    Starred,
    /// `tag:NAME` (the name in the atom's text, as [`tag_name`] gives it)
    Tag,
    /// `has:tag`: any tag
    AnyTag,
    /// `has:note`
    Note,
    /// `has:clip`
    Clip,
}

/// A tag as stored and matched: lower case, spaces and commas made `-`,
/// control characters dropped; `None` when nothing is left.
pub fn tag_name(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_whitespace() || c == ',' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        } else if !c.is_control() {
            out.extend(c.to_lowercase());
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

/// The mark a `name:value` asks for, if `name` is `is`, `has` or `tag`:
/// `Ok(None)` when it is none of them, an error message for a value the
/// filter does not know.
fn mark_filter(name: &str, value: &str) -> Result<Option<(MarkKind, String)>, String> {
    let v = value.to_ascii_lowercase();
    if name.eq_ignore_ascii_case("is") {
        let kind = match v.as_str() {
            "read" | "seen" => MarkKind::Read,
            "unread" | "new" => MarkKind::Unread,
            "starred" | "star" | "flagged" => MarkKind::Starred,
            _ => return Err("is: takes read, unread or starred".into()),
        };
        return Ok(Some((kind, String::new())));
    }
    if name.eq_ignore_ascii_case("has") {
        let kind = match v.as_str() {
            "note" | "notes" => MarkKind::Note,
            "clip" | "clips" => MarkKind::Clip,
            "tag" | "tags" => MarkKind::AnyTag,
            _ => return Err("has: takes note, clip or tag".into()),
        };
        return Ok(Some((kind, String::new())));
    }
    if name.eq_ignore_ascii_case("tag") || name.eq_ignore_ascii_case("tags") {
        return match tag_name(value) {
            Some(t) => Ok(Some((MarkKind::Tag, t))),
            None => Err("tag: needs a tag name, e.g. tag:follow-up".into()),
        };
    }
    Ok(None)
}

/// `is:`, `has:` and `tag:`.
fn is_mark_filter(name: &str) -> bool {
    ["is", "has", "tag", "tags"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// A word or a quoted phrase, as typed (not yet tokenized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Atom {
    pub target: Target,
    pub text: String,
    /// Quoted: the words must be adjacent.
    pub quoted: bool,
    /// The last word matches as a prefix.
    pub prefix: bool,
}

/// One AND-ed item: alternatives joined by OR, or one excluded atom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    AnyOf(Vec<Atom>),
    Not(Atom),
}

#[derive(Debug)]
enum Lexeme {
    Or,
    /// `AND`: joins the items on either side (as they would be anyway).
    And,
    Atom {
        atom: Atom,
        negated: bool,
    },
}

/// The filters by their main names, as the help and messages list them
/// (each also has the aliases of `FIELDS`).
pub const FILTER_NAMES: &[&str] = &[
    "title", "person", "place", "org", "date", "is", "tag", "has",
];

const FIELDS: &[(&str, TextField)] = &[
    ("title", TextField::Title),
    ("headline", TextField::Title),
    ("person", TextField::Person),
    ("people", TextField::Person),
    ("per", TextField::Person),
    ("who", TextField::Person),
    ("place", TextField::Place),
    ("location", TextField::Place),
    ("loc", TextField::Place),
    ("where", TextField::Place),
    ("org", TextField::Org),
    ("organisation", TextField::Org),
    ("organization", TextField::Org),
];

/// The first `name:word` of `query` (outside quotes) that reads like a
/// filter but names none, such as `date:2004`; it is searched as words.
pub(crate) fn unknown_field(query: &str) -> Option<&str> {
    let mut in_quotes = false;
    for word in query.split_whitespace() {
        let was_in_quotes = in_quotes;
        in_quotes ^= word.matches('"').count() % 2 == 1;
        if was_in_quotes {
            continue;
        }
        let word = word.strip_prefix('-').unwrap_or(word);
        let Some((name, rest)) = word.split_once(':') else {
            continue;
        };
        let looks_like_a_field = !name.is_empty()
            && name.len() <= 16
            && name.bytes().all(|b| b.is_ascii_alphabetic())
            && !rest.is_empty()
            && !rest.starts_with('/');
        if looks_like_a_field
            && field_named(name).is_none()
            && !is_date_filter(name)
            && !is_mark_filter(name)
        {
            return Some(name);
        }
    }
    None
}

fn field_named(name: &str) -> Option<TextField> {
    let named = |name: &str| {
        FIELDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    };
    // Plurals work too: "places:", "orgs:".
    named(name).or_else(|| name.strip_suffix(['s', 'S']).and_then(named))
}

/// `date:` and its aliases (`dates:`, `when:`).
fn is_date_filter(name: &str) -> bool {
    ["date", "dates", "when"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// Parses `query` into AND-ed items. An empty query gives no items.
pub(crate) fn parse(query: &str) -> Result<Vec<Item>, QueryError> {
    let lexemes = lex(query)?;
    let mut items: Vec<Item> = Vec::new();
    let mut pending_or = false;
    let mut pending_and = false;
    for (lexeme, span) in lexemes {
        match lexeme {
            Lexeme::And => {
                if pending_or || pending_and {
                    return Err(QueryError::new(
                        "AND cannot follow OR or AND: put a word between them",
                        span,
                    ));
                }
                if items.is_empty() {
                    return Err(QueryError::new(
                        "AND needs a word before it (use lowercase \"and\" to search for the word)",
                        span,
                    ));
                }
                pending_and = true;
            }
            Lexeme::Or => {
                if pending_or {
                    return Err(QueryError::new("OR twice in a row", span));
                }
                if pending_and {
                    return Err(QueryError::new(
                        "OR cannot follow AND: put a word between them",
                        span,
                    ));
                }
                match items.last() {
                    Some(Item::AnyOf(_)) => pending_or = true,
                    Some(Item::Not(_)) => {
                        return Err(QueryError::new(
                            "OR cannot join an excluded word; put the exclusion elsewhere",
                            span,
                        ));
                    }
                    None => {
                        return Err(QueryError::new(
                            "OR needs a word before it (use lowercase \"or\" to search for the word)",
                            span,
                        ));
                    }
                }
            }
            Lexeme::Atom { atom, negated } => {
                pending_and = false;
                if pending_or {
                    pending_or = false;
                    if negated {
                        return Err(QueryError::new(
                            "OR cannot join an excluded word; put the exclusion elsewhere",
                            span,
                        ));
                    }
                    if let Some(Item::AnyOf(alts)) = items.last_mut() {
                        alts.push(atom);
                        continue;
                    }
                }
                items.push(if negated {
                    Item::Not(atom)
                } else {
                    Item::AnyOf(vec![atom])
                });
            }
        }
    }
    if pending_or || pending_and {
        let end = query.trim_end().len();
        let (op, len) = if pending_or { ("OR", 2) } else { ("AND", 3) };
        return Err(QueryError::new(
            format!("{op} needs a word after it"),
            end.saturating_sub(len)..end,
        ));
    }
    let is_mark = |a: &Atom| matches!(a.target, Target::Mark(_));
    for item in &items {
        if let Item::AnyOf(alts) = item
            && alts.iter().any(is_mark)
            && !alts.iter().all(is_mark)
        {
            return Err(QueryError::new(
                "is:, tag: and has: can be OR-ed with each other, not with words",
                0..query.len(),
            ));
        }
    }
    let marks = items.iter().any(|i| match i {
        Item::AnyOf(alts) => alts.iter().any(is_mark),
        Item::Not(a) => is_mark(a),
    });
    let excluded_words = items
        .iter()
        .any(|i| matches!(i, Item::Not(a) if !is_mark(a)));
    let words = items
        .iter()
        .any(|i| matches!(i, Item::AnyOf(alts) if !alts.iter().any(is_mark)));
    if marks && excluded_words && !words {
        return Err(QueryError::new(
            "excluding words needs a word to search for beside is:, tag: and has:",
            0..query.len(),
        ));
    }
    if !marks && !items.is_empty() && items.iter().all(|i| matches!(i, Item::Not(_))) {
        return Err(QueryError::new(
            "a query cannot only exclude: add a word to search for",
            0..query.len(),
        ));
    }
    Ok(items)
}

fn lex(query: &str) -> Result<Vec<(Lexeme, Range<usize>)>, QueryError> {
    let mut out = Vec::new();
    let bytes = query.as_bytes();
    let mut i = 0;
    let is_space = |b: u8| b.is_ascii_whitespace();
    // Where a `NOT` began: the next atom is excluded.
    let mut not: Option<usize> = None;
    while i < bytes.len() {
        if is_space(bytes[i]) {
            i += 1;
            continue;
        }
        let start = not.unwrap_or(i);
        let mut negated = not.take().is_some();
        let bare = &query[i..find_word_end(bytes, i)];
        if bare == "NOT" || bare == "AND" {
            let end = i + bare.len();
            if negated {
                return Err(QueryError::new(
                    format!("NOT must be followed by a word to exclude, not {bare}"),
                    start..end,
                ));
            }
            if bare == "AND" {
                out.push((Lexeme::And, i..end));
            } else {
                not = Some(i);
            }
            i = end;
            continue;
        }
        if bytes[i] == b'-' {
            if negated {
                return Err(QueryError::new(
                    "NOT and `-` both exclude: write one of them",
                    start..i + 1,
                ));
            }
            negated = true;
            i += 1;
            if i >= bytes.len() || is_space(bytes[i]) {
                return Err(QueryError::new(
                    "`-` must be followed by a word to exclude, e.g. -sport",
                    start..i,
                ));
            }
        }
        // A field name, if the word starts with `name:`.
        let mut target = Target::Text;
        let word_end = find_word_end(bytes, i);
        if let Some(colon) = query[i..word_end].find(':')
            && is_date_filter(&query[i..i + colon])
        {
            let value = i + colon + 1;
            let range = dates::parse_filter(&query[value..word_end]).map_err(|e| {
                let span = if e.span.is_empty() {
                    start..word_end
                } else {
                    value + e.span.start..value + e.span.end
                };
                QueryError::new(e.message, span)
            })?;
            let atom = Atom {
                target: Target::Date(range),
                text: String::new(),
                quoted: false,
                prefix: false,
            };
            out.push((Lexeme::Atom { atom, negated }, start..word_end));
            i = word_end;
            continue;
        }
        if let Some(colon) = query[i..word_end].find(':')
            && is_mark_filter(&query[i..i + colon])
        {
            let value = i + colon + 1;
            let found = mark_filter(&query[i..i + colon], &query[value..word_end])
                .map_err(|m| QueryError::new(m, start..word_end))?;
            if let Some((kind, text)) = found {
                let atom = Atom {
                    target: Target::Mark(kind),
                    text,
                    quoted: false,
                    prefix: false,
                };
                out.push((Lexeme::Atom { atom, negated }, start..word_end));
                i = word_end;
                continue;
            }
        }
        if let Some(colon) = query[i..word_end].find(':')
            && let Some(field) = field_named(&query[i..i + colon])
        {
            target = Target::Field(field);
            i += colon + 1;
            if i >= bytes.len() || is_space(bytes[i]) {
                let name = &query[start..i];
                return Err(QueryError::new(
                    format!("`{name}` needs a word after it, e.g. {name}smith"),
                    start..i,
                ));
            }
        }
        if bytes[i] == b'"' {
            let open = i;
            i += 1;
            let close = query[i..].find('"').map(|p| i + p);
            let (text, closed) = match close {
                Some(c) => (&query[i..c], true),
                None => (&query[i..], false),
            };
            i = close.map_or(bytes.len(), |c| c + 1);
            if text.trim().is_empty() {
                if closed {
                    return Err(QueryError::new(
                        "empty quotes: put words between them",
                        open..i,
                    ));
                }
                // A lone opening quote being typed: nothing to search yet.
                if negated || target != Target::Text {
                    return Err(QueryError::new(
                        "unclosed quote: type the phrase and a closing \"",
                        open..i,
                    ));
                }
                continue;
            }
            out.push((
                Lexeme::Atom {
                    atom: Atom {
                        target,
                        text: text.to_string(),
                        quoted: true,
                        // An open phrase at the end is still being typed.
                        prefix: !closed && !negated && !text.ends_with(char::is_whitespace),
                    },
                    negated,
                },
                start..i,
            ));
            continue;
        }
        let end = find_word_end(bytes, i);
        let text = &query[i..end];
        i = end;
        if text == "OR" && !negated && target == Target::Text {
            out.push((Lexeme::Or, start..end));
            continue;
        }
        if text == "OR" && negated {
            return Err(QueryError::new(
                "NOT must be followed by a word to exclude, not OR",
                start..end,
            ));
        }
        let last = end == bytes.len();
        out.push((
            Lexeme::Atom {
                atom: Atom {
                    target,
                    text: text.to_string(),
                    quoted: false,
                    prefix: last && !negated,
                },
                negated,
            },
            start..end,
        ));
    }
    if let Some(at) = not {
        return Err(QueryError::new(
            "NOT must be followed by a word to exclude, e.g. NOT sport",
            at..bytes.len(),
        ));
    }
    Ok(out)
}

/// End of a bare word starting at `i`: the next space or quote.
fn find_word_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'"')
        .map_or(bytes.len(), |p| i + p)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn word(text: &str, prefix: bool) -> Atom {
        Atom {
            target: Target::Text,
            text: text.into(),
            quoted: false,
            prefix,
        }
    }

    #[test]
    fn words_and_prefix() {
        let items = parse("prime min").unwrap();
        assert_eq!(
            items,
            vec![
                Item::AnyOf(vec![word("prime", false)]),
                Item::AnyOf(vec![word("min", true)])
            ]
        );
        let items = parse("prime min ").unwrap();
        assert_eq!(items[1], Item::AnyOf(vec![word("min", false)]));
    }

    #[test]
    fn or_groups() {
        let items = parse("a b OR c d").unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1],
            Item::AnyOf(vec![word("b", false), word("c", false)])
        );
    }

    #[test]
    fn fields_phrases_negation() {
        let items = parse("person:\"donald trump\" -title:sport place:hondu").unwrap();
        assert_eq!(items.len(), 3);
        let Item::AnyOf(a) = &items[0] else { panic!() };
        assert_eq!(a[0].target, Target::Field(TextField::Person));
        assert!(a[0].quoted);
        let Item::Not(n) = &items[1] else { panic!() };
        assert_eq!(n.target, Target::Field(TextField::Title));
        let Item::AnyOf(p) = &items[2] else { panic!() };
        assert!(p[0].prefix);
    }

    #[test]
    fn errors() {
        for q in [
            "-",
            "a -",
            "person:",
            "a OR",
            "OR a",
            "a OR OR b",
            "-a",
            "\"\"",
            "a -b OR c",
        ] {
            assert!(parse(q).is_err(), "{q}");
        }
        assert!(parse("").unwrap().is_empty());
        assert!(parse("\"").unwrap().is_empty());
        // Unknown field names are plain words.
        assert_eq!(parse("foo:bar").unwrap().len(), 1);
    }

    #[test]
    fn and_is_implied_and_not_excludes() {
        assert_eq!(
            parse("blair AND brown").unwrap(),
            parse("blair brown").unwrap()
        );
        assert_eq!(
            parse("blair NOT brown").unwrap(),
            parse("blair -brown").unwrap()
        );
        assert_eq!(
            parse("blair NOT title:\"gordon brown\"").unwrap(),
            parse("blair -title:\"gordon brown\"").unwrap()
        );
        assert_eq!(
            parse("a OR b AND c").unwrap(),
            parse("a OR b c").unwrap(),
            "OR binds tighter, as before"
        );
        // In lower case they are words.
        let items = parse("not and").unwrap();
        assert_eq!(items.len(), 2);
        for q in [
            "AND a",
            "a AND",
            "a NOT",
            "NOT",
            "a AND OR b",
            "a OR AND b",
            "a AND AND b",
            "a NOT NOT b",
            "a NOT -b",
            "a NOT OR b",
            "NOT a",
            "a OR NOT b",
        ] {
            assert!(parse(q).is_err(), "{q}");
        }
        let e = parse("blair NOT").unwrap_err();
        assert!(e.message.contains("NOT"), "{}", e.message);
    }

    #[test]
    fn filter_names_are_filters() {
        for name in FILTER_NAMES
            .iter()
            .filter(|&&n| !["date", "is", "tag", "has"].contains(&n))
        {
            assert!(field_named(name).is_some(), "{name}");
        }
    }

    #[test]
    fn date_filters_are_atoms_that_exclude_and_join_like_words() {
        let items = parse("iraq date:2004-03 -date:2004-03-14 x").unwrap();
        assert_eq!(items.len(), 4);
        let Item::AnyOf(a) = &items[1] else { panic!() };
        let Target::Date(range) = a[0].target else {
            panic!()
        };
        assert_eq!(range, crate::dates::parse_filter("2004-03").unwrap());
        assert!(!a[0].prefix, "a date is no prefix even when typed last");
        assert!(matches!(&items[2], Item::Not(n) if matches!(n.target, Target::Date(_))));
        let items = parse("date:2004 OR date:2006 When:>2001").unwrap();
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Item::AnyOf(alts) if alts.len() == 2));
    }

    #[test]
    fn bad_dates_are_errors_that_point_at_the_date() {
        let q = "iraq date:2004-02-30 x";
        let e = parse(q).unwrap_err();
        assert_eq!(
            e.message,
            "2004-02-30 is not a date: February 2004 has 29 days"
        );
        assert_eq!(&q[e.span.clone()], "2004-02-30");
        let e = parse("iraq date:").unwrap_err();
        assert!(e.message.contains("needs a date"), "{}", e.message);
        assert_eq!(e.span, 5..10);
        assert!(parse("date:18").is_err());
        assert!(parse("-date:2018").is_err(), "only excluding");
    }

    #[test]
    fn field_names_take_aliases_and_plurals_and_unknown_ones_are_flagged() {
        for q in [
            "location:iraq",
            "places:iraq",
            "persons:blair",
            "Organisations:un",
        ] {
            let items = parse(q).unwrap();
            let Item::AnyOf(a) = &items[0] else { panic!() };
            assert!(matches!(a[0].target, Target::Field(_)), "{q}");
            assert_eq!(unknown_field(q), None, "{q}");
        }
        assert_eq!(unknown_field("iraq date:2004"), None, "date: is a filter");
        assert_eq!(unknown_field("iraq year:2004"), Some("year"));
        assert_eq!(unknown_field("-misc:iraqi"), Some("misc"));
        assert_eq!(unknown_field("\"ratio 3 to:1\" x"), None, "inside quotes");
        assert_eq!(unknown_field("https://bbc.co.uk"), None);
        assert_eq!(unknown_field("10:30 kick-off"), None);
        assert_eq!(unknown_field("date:"), None, "nothing after the colon yet");
    }

    #[test]
    fn mark_filters_are_atoms() {
        let items = parse("is:starred person:trump tag:Follow-Up -has:note border").unwrap();
        assert_eq!(items.len(), 5);
        let Item::AnyOf(a) = &items[0] else { panic!() };
        assert_eq!(a[0].target, Target::Mark(MarkKind::Starred));
        let Item::AnyOf(t) = &items[2] else { panic!() };
        assert_eq!(t[0].target, Target::Mark(MarkKind::Tag));
        assert_eq!(t[0].text, "follow-up");
        assert!(matches!(&items[3], Item::Not(n) if n.target == Target::Mark(MarkKind::Note)));
        // Alone, or only excluded, they still list articles.
        assert_eq!(parse("-is:read").unwrap().len(), 1);
        assert_eq!(parse("is:read OR is:starred").unwrap().len(), 1);
        for q in [
            "is:bogus",
            "has:x",
            "tag:",
            "is:read OR trump",
            "is:starred -trump",
        ] {
            assert!(parse(q).is_err(), "{q}");
        }
        assert_eq!(unknown_field("is:read tag:x has:note"), None);
    }

    #[test]
    fn tag_names_are_normalised() {
        assert_eq!(tag_name("  Follow Up, Now "), Some("follow-up-now".into()));
        assert_eq!(tag_name("\u{1b}x"), Some("x".into()));
        assert_eq!(tag_name(" , "), None);
    }
}
