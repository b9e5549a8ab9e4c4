//! Dates by rule: full dates ("March 3, 2019", "3 March 2019", "2019-03-03"),
//! month-day ("March 3"), month-year, weekdays, months and years.
//!
//! Dates have a closed vocabulary, so rules do better than a model here. "May"
//! alone is a date only next to a number or after a word such as "in" or
//! "since"; "March" only when capitalised, so the verb "march" is no date.

use std::sync::OnceLock;

use super::gazetteer::WordSet;
use super::keymap::KeyMap;
use super::tokenize::{Case, TokKind, Token, lower_hash};

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Apr.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
];
/// Month words that are also ordinary words or names: dates only with a number or a cue.
const AMBIGUOUS_MONTHS: &[&str] = &["May", "Mar."];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Month,
    AmbiguousMonth,
    Weekday,
}

fn date_words() -> &'static KeyMap<Option<Word>> {
    static MAP: OnceLock<KeyMap<Option<Word>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = KeyMap::default();
        for (list, w) in [
            (MONTHS, Word::Month),
            (AMBIGUOUS_MONTHS, Word::AmbiguousMonth),
            (WEEKDAYS, Word::Weekday),
        ] {
            for s in list {
                m.insert(lower_hash(s), Some(w));
            }
        }
        m
    })
}

fn may_cues() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(MAY_CUES))
}

/// Month/weekday words count in title case, or in capitals (headlines).
fn date_word(t: &Token) -> Option<Word> {
    let ok = t.kind == TokKind::Word
        && (t.case == Case::Title || (t.case == Case::Upper && t.end - t.start >= 3));
    if ok {
        date_words().get(t.lhash).flatten()
    } else {
        None
    }
}

fn is_day(t: &Token, text: &str) -> bool {
    if t.kind != TokKind::Number {
        return false;
    }
    let w = t.text(text);
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let rest = &w[digits.len()..];
    matches!(rest, "" | "st" | "nd" | "rd" | "th")
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(t: &Token, text: &str) -> bool {
    if t.kind != TokKind::Number {
        return false;
    }
    let w = t.text(text);
    let w = w.strip_suffix('s').unwrap_or(w);
    w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && w.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y))
}

fn is_numeric_date(t: &Token, text: &str) -> bool {
    if t.kind != TokKind::Number {
        return false;
    }
    let w = t.text(text);
    if w.len() < 6 || !w.bytes().any(|b| b == b'-' || b == b'/') {
        return false;
    }
    let mut lens = [0usize; 3];
    let mut n = 0;
    for p in w.split(['-', '/']) {
        if n == 3 || p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        lens[n] = p.len();
        n += 1;
    }
    n == 3 && (lens[0] == 4 || lens[2] >= 2)
}

const MAY_CUES: &[&str] = &[
    "in", "of", "since", "until", "till", "by", "last", "next", "early", "late", "mid", "this",
    "through", "from", "before", "after", "during", "on",
];

/// Date spans as token index ranges (end exclusive), in order, non-overlapping.
#[cfg(test)]
pub fn find_dates(toks: &[Token], text: &str) -> Vec<(usize, usize)> {
    let starts: Vec<u32> = (0..toks.len() as u32).collect();
    let mut out = Vec::new();
    find_dates_into(toks, text, &starts, &mut out);
    out
}

/// [`find_dates`] into `out` (cleared first), given the indices of (at
/// least) every number and capitalised word in order: only those start dates.
pub fn find_dates_into(toks: &[Token], text: &str, starts: &[u32], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let word = |i: usize| toks.get(i).map(|t| t.text(text)).unwrap_or("");
    // tokens before `free` belong to a date already
    let mut free = 0;
    for &start in starts {
        let i = start as usize;
        let Some(t) = toks.get(i) else {
            break;
        };
        if i < free || !(t.kind == TokKind::Number || t.is_cap()) {
            continue;
        }
        free = i + 1;
        let dw = date_word(t);
        if matches!(dw, Some(Word::Month | Word::AmbiguousMonth)) {
            let mut s = i;
            let mut e = i + 1;
            // "3 March" / "3rd of March"
            if i >= 1 && is_day(&toks[i - 1], text) {
                s = i - 1;
            } else if i >= 2 && toks[i - 1].lhash == lower_hash("of") && is_day(&toks[i - 2], text)
            {
                s = i - 2;
            }
            let mut has_num = s < i;
            if e < toks.len() && is_day(&toks[e], text) && !is_year(&toks[e], text) {
                e += 1;
                has_num = true;
            }
            // optional ", 2019" or " 2019"
            if e < toks.len() && is_year(&toks[e], text) {
                e += 1;
                has_num = true;
            } else if e + 1 < toks.len() && word(e) == "," && is_year(&toks[e + 1], text) {
                e += 2;
                has_num = true;
            }
            // "Dec" without its dot and without a number is no date ("Ant
            // and Dec"); "Dec." and "Dec 3" are
            let w = t.text(text);
            let clipped = !w.ends_with('.')
                && !MONTHS
                    .iter()
                    .any(|m| !m.ends_with('.') && m.eq_ignore_ascii_case(w));
            // "Dec." alone: a date after a word of time ("in Dec."), not
            // a name's word ending a sentence ("hosts Ant and Dec.")
            let dotted = w.len() <= 5 && w.ends_with('.');
            let accept = if dw == Some(Word::AmbiguousMonth) {
                has_num || (i >= 1 && may_cues().contains(toks[i - 1].lhash))
            } else if clipped {
                has_num
            } else if dotted && !has_num {
                i >= 1 && toks[i - 1].case == Case::Lower && may_cues().contains(toks[i - 1].lhash)
            } else {
                true
            };
            if accept {
                out.push((s, e));
                free = e;
            }
        } else if dw == Some(Word::Weekday) || is_numeric_date(t, text) {
            out.push((i, i + 1));
        } else if is_year(t, text) {
            let prev = word(i.wrapping_sub(1));
            let next = word(i + 1);
            let money = matches!(prev, "$" | "£" | "€" | "#");
            let unit = matches!(next, "%" | "percent" | "per" | "people" | "km" | "miles");
            if !money && !unit {
                out.push((i, i + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::tokenize;
    use super::*;

    fn dates(s: &str) -> Vec<&str> {
        let t = tokenize(s);
        find_dates(&t, s)
            .into_iter()
            .map(|(a, b)| &s[t[a].start as usize..t[b - 1].end as usize])
            .collect()
    }

    #[test]
    fn full_and_partial_dates() {
        assert_eq!(
            dates("On March 3, 2019 and 4 July 2020 they met; on Thursday in May, in 2018."),
            ["March 3, 2019", "4 July 2020", "Thursday", "May", "2018"]
        );
        assert_eq!(dates("Sept. 11 was 2001-09-11"), ["Sept. 11", "2001-09-11"]);
        assert_eq!(
            dates("They march. May I? It costs $2000"),
            Vec::<&str>::new()
        );
        assert_eq!(dates("from October to December"), ["October", "December"]);
    }
}
