//! One TOML file read with its spans. Every value is checked where it is
//! read, and a wrong one becomes a [`Problem`] at its span while the rest
//! of the file still counts: the entry keeps its default.
//!
//! A syntax error does not lose the file either: toml's recovering parser
//! reads what it can, every error is reported, and entries on a line with
//! an error are left out (what the parser made of them is a guess).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::problem::{Origin, Problem, closest};

/// A value of the file.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A file being read and what is wrong with it so far.
pub(super) struct Doc<'t> {
    pub origin: Origin,
    pub text: &'t str,
    /// Line numbers (1-based) holding a syntax error.
    broken_lines: Vec<usize>,
    pub problems: Vec<Problem>,
}

impl<'t> Doc<'t> {
    /// Parses `text`, reporting its syntax errors.
    pub fn parse(origin: Origin, text: &'t str) -> (Doc<'t>, DeTable<'t>) {
        let (table, errors) = DeTable::parse_recoverable(text);
        let mut doc = Doc {
            origin,
            text,
            broken_lines: Vec::new(),
            problems: Vec::new(),
        };
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let (message, expected) = syntax_message(e.message());
            let p = Problem::at(&doc.origin, text, &span, message, expected);
            if let Some(loc) = &p.location {
                doc.broken_lines.push(loc.line);
            }
            doc.problems.push(p);
        }
        (doc, table.into_inner())
    }

    /// Reports a problem at `span`.
    pub fn problem(
        &mut self,
        span: &Range<usize>,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        let p = Problem::at(&self.origin, self.text, span, message, expected);
        self.problems.push(p);
    }

    /// Reports that the value at `span` is not what `expected` says.
    pub fn wrong(&mut self, value: &Value<'_>, what: &str, expected: &str) {
        self.problem(
            &value.span(),
            format!("{what} cannot be {}", describe(value.get_ref())),
            Some(expected.to_owned()),
        );
    }

    /// Whether `span` touches a line with a syntax error.
    fn broken(&self, span: &Range<usize>) -> bool {
        if self.broken_lines.is_empty() {
            return false;
        }
        let line = |at: usize| self.text[..at.min(self.text.len())].matches('\n').count() + 1;
        let (first, last) = (line(span.start), line(span.end));
        self.broken_lines.iter().any(|l| (first..=last).contains(l))
    }

    /// The entries of `table` in file order, those on broken lines left out.
    pub fn entries<'a, 'i>(
        &self,
        table: &'a DeTable<'i>,
    ) -> Vec<(&'a Spanned<std::borrow::Cow<'i, str>>, &'a Value<'i>)> {
        let mut out: Vec<_> = table
            .iter()
            .filter(|(k, v)| {
                // A table's own span covers all its entries: those are
                // checked one by one.
                v.get_ref().is_table() || !(self.broken(&k.span()) || self.broken(&v.span()))
            })
            .collect();
        out.sort_by_key(|(k, _)| k.span().start);
        out
    }

    /// Reports an entry whose name is not one of `known` (with a
    /// suggestion) in `section`.
    pub fn unknown_name(
        &mut self,
        span: &Range<usize>,
        kind: &str,
        name: &str,
        section: &str,
        known: &[&str],
        listing: Option<&str>,
    ) {
        let mut expected = match listing {
            Some(l) => l.to_owned(),
            None => format!("one of {}", list(known)),
        };
        if let Some(near) = closest(name, known.iter().copied()) {
            expected.push_str(&format!(" (did you mean `{near}`?)"));
        }
        self.problem(
            span,
            format!("unknown {kind} `{name}` in {section}"),
            Some(expected),
        );
    }

    /// A string value, or a problem.
    pub fn string<'v>(&mut self, value: &'v Value<'_>, what: &str) -> Option<&'v str> {
        let s = value.get_ref().as_str();
        if s.is_none() {
            self.wrong(value, what, "a string");
        }
        s
    }

    /// A boolean value, or a problem.
    pub fn boolean(&mut self, value: &Value<'_>, what: &str) -> Option<bool> {
        let b = value.get_ref().as_bool();
        if b.is_none() {
            self.wrong(value, what, "true or false");
        }
        b
    }

    /// An integer in `range`, or a problem.
    pub fn integer(
        &mut self,
        value: &Value<'_>,
        what: &str,
        range: Range<i64>,
        expected: &str,
    ) -> Option<i64> {
        let n = value
            .get_ref()
            .as_integer()
            .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        match n {
            Some(n) if range.contains(&n) => Some(n),
            Some(n) => {
                self.problem(
                    &value.span(),
                    format!("{what} cannot be {n}"),
                    Some(expected.to_owned()),
                );
                None
            }
            None => {
                self.wrong(value, what, expected);
                None
            }
        }
    }

    /// A table value, or a problem.
    pub fn table<'v, 'i>(&mut self, value: &'v Value<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        let t = value.get_ref().as_table();
        if t.is_none() {
            self.wrong(value, what, "a table");
        }
        t
    }
}

/// `a`, `b` and `c` as backticked names.
pub(super) fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A value's type and, when short, itself: "the string \"x\"", "a table".
fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) if s.chars().count() <= 30 => format!("the string {s:?}"),
        DeValue::String(_) => "a string".to_owned(),
        DeValue::Integer(i) => format!("the integer {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(_) => "a date".to_owned(),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// toml's message split into what is wrong and what was expected:
/// "invalid table header\nexpected `.`, `]`".
fn syntax_message(message: &str) -> (String, Option<String>) {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let what = lines.next().unwrap_or("invalid TOML");
    let rest: Vec<&str> = lines.collect();
    let expected = rest
        .iter()
        .find_map(|l| l.strip_prefix("expected "))
        .map(str::to_owned)
        .or_else(|| (!rest.is_empty()).then(|| rest.join("; ")));
    (format!("TOML syntax: {what}"), expected)
}
