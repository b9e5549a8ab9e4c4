//! The entities pane: the entities of the open article (or of the whole
//! corpus) with their mention counts, filtered as you type and by type.
//! Choosing one narrows the list shown to its articles.
//!
//! The filter is `nucleo-matcher`'s (the matcher of helix and television)
//! with its pattern syntax: words in any order, each fuzzy, `'word` exact,
//! `^word` a prefix, `word$` a suffix, `!word` excluded; smart case. An
//! entity matches by its name or any alias, scored by the best.

use std::cmp::Reverse;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Action;
use super::effect::Effect;
use super::line_edit;
use super::mode::Mode;
use super::reader;
use super::search::fetch_all;
use super::sources::{Narrowing, Source, Subset};
use super::state::{AppState, Focus};
use super::switch;
use crate::corpus::ArticleIdx;
use crate::entities::{EntityKind, Resolution};
use crate::facts::{self, Postings};

/// One row: an entity and its mention counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityRow {
    pub entity: u32,
    /// Mentions in the pane's article.
    pub in_article: usize,
    /// Mentions in the corpus.
    pub in_corpus: usize,
    /// The alias that matched the filter best, when it was not the name.
    pub alias: Option<u32>,
}

/// The pane's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntitiesPane {
    /// Every entity of the corpus, or those of `article`.
    pub corpus: bool,
    /// The article the pane was opened on.
    pub article: Option<ArticleIdx>,
    pub filter: String,
    /// Byte offset of the cursor in `filter`.
    pub cursor: usize,
    pub kind: Option<EntityKind>,
    pub rows: Vec<EntityRow>,
    pub selected: usize,
    /// The rows of each filter typed since the scope or the type last
    /// changed: typing on narrows from them, deleting takes them back.
    pub seen: Vec<(String, Vec<EntityRow>)>,
}

/// Filters whose rows are kept (besides the empty one).
const SEEN: usize = 32;

/// `e` / `E`: opens the pane on the open article or the corpus.
pub fn open(state: &mut AppState, corpus: bool) {
    let Some(res) = &state.analysis.resolution else {
        state.message = Some("entities are still being found".into());
        return;
    };
    let mut pane = EntitiesPane {
        corpus,
        article: state.reader.article,
        ..EntitiesPane::default()
    };
    pane.rows = rows(
        res,
        &state.analysis.postings,
        &state.analysis.entity_letters,
        &pane,
        None,
    );
    pane.seen = vec![(String::new(), pane.rows.clone())];
    switch::focus(state, Focus::List);
    switch::open(state, Mode::Entities(Box::new(pane)));
}

/// The entity on the pane's selected row, when the pane is open.
pub fn selected_entity(state: &AppState) -> Option<u32> {
    match &state.mode {
        Mode::Entities(pane) => pane.rows.get(pane.selected).map(|r| r.entity),
        _ => None,
    }
}

/// Keys of the pane.
pub fn act(state: &mut AppState, action: Action, page: usize) -> Vec<Effect> {
    let Mode::Entities(pane) = &mut state.mode else {
        return Vec::new();
    };
    let last = pane.rows.len().saturating_sub(1);
    let page = page.max(1) as isize;
    let mv = |pane: &mut EntitiesPane, by: isize| {
        pane.selected = pane.selected.saturating_add_signed(by).min(last);
    };
    match action {
        Action::Down => mv(pane, 1),
        Action::Up => mv(pane, -1),
        Action::PageDown | Action::HalfPageDown => mv(pane, page),
        Action::PageUp | Action::HalfPageUp => mv(pane, -page),
        Action::Top => pane.selected = 0,
        Action::Bottom => pane.selected = last,
        Action::CycleKind => {
            pane.kind = next_kind(pane.kind);
            pane.seen.clear();
            refresh(state);
        }
        Action::ToggleScope => {
            pane.corpus = !pane.corpus;
            pane.seen.clear();
            refresh(state);
        }
        Action::Open => return choose(state),
        Action::CorrectionsMenu => super::corrections::open_menu(state),
        Action::Back | Action::Quit => switch::close(state),
        _ => {
            if let Some(edit) = action.edit()
                && line_edit::apply(&mut pane.filter, &mut pane.cursor, edit)
            {
                refresh(state);
            }
        }
    }
    Vec::new()
}

/// A character typed into the filter.
pub fn type_char(state: &mut AppState, c: char) {
    if let Mode::Entities(pane) = &mut state.mode {
        line_edit::insert(&mut pane.filter, &mut pane.cursor, c);
        refresh(state);
    }
}

/// Text pasted into the filter.
pub fn paste(state: &mut AppState, text: &str) {
    if let Mode::Entities(pane) = &mut state.mode {
        line_edit::paste(&mut pane.filter, &mut pane.cursor, text);
        refresh(state);
    }
}

/// The mouse over the pane: the wheel moves the selection.
pub fn wheel(state: &mut AppState, by: isize) {
    if let Mode::Entities(pane) = &mut state.mode {
        pane.selected = pane
            .selected
            .saturating_add_signed(by)
            .min(pane.rows.len().saturating_sub(1));
    }
}

/// Recomputes the rows for the scope, type and filter, from the best: a
/// filter seen before takes its rows back; one that extends a filter seen
/// (typing on) only looks at that filter's rows, as a longer pattern
/// matches no more (unless it excludes, with `!`).
fn refresh(state: &mut AppState) {
    let (Mode::Entities(pane), Some(res)) = (&mut state.mode, &state.analysis.resolution) else {
        return;
    };
    pane.selected = 0;
    if let Some((_, rows)) = pane.seen.iter().find(|(f, _)| *f == pane.filter) {
        pane.rows = rows.clone();
        return;
    }
    let narrows = !pane.filter.contains('!');
    let from = pane
        .seen
        .iter()
        .filter(|(f, _)| narrows && pane.filter.starts_with(f.as_str()))
        .max_by_key(|(f, _)| f.len())
        .map(|(_, rows)| rows.as_slice());
    let a = &state.analysis;
    let rows = rows(res, &a.postings, &a.entity_letters, pane, from);
    if pane.seen.len() > SEEN {
        pane.seen.remove(1);
    }
    pane.seen.push((pane.filter.clone(), rows.clone()));
    pane.rows = rows;
}

/// Recomputes the rows of the entities pane `mode` for new entities
/// `res` (after a correction), keeping the selection where it can.
pub fn refresh_in(mode: &mut Mode, a: &crate::app::state::AnalysisState, res: &Resolution) {
    let Mode::Entities(pane) = mode else {
        return;
    };
    let selected = pane.selected;
    pane.seen.clear();
    pane.rows = rows(res, &a.postings, &a.entity_letters, pane, None);
    pane.seen.push((pane.filter.clone(), pane.rows.clone()));
    pane.selected = selected.min(pane.rows.len().saturating_sub(1));
}

/// The rows of `pane`: best match first; among equals (and with no
/// filter) the most mentioned, in the article first when the pane is on
/// an article, in the corpus when it is on the corpus.
/// With `within`, only those rows are looked at (their counts kept).
/// `letters` (see [`entity_letters`]) lets most entities that cannot match
/// be passed over without asking the matcher.
pub fn rows(
    res: &Resolution,
    postings: &Postings,
    letters: &[u64],
    pane: &EntitiesPane,
    within: Option<&[EntityRow]>,
) -> Vec<EntityRow> {
    let mut filter = Filter::new(&pane.filter);
    let need = needed_letters(&pane.filter);
    let mut scored: Vec<(u32, EntityRow)> = Vec::new();
    let mut take = |row: EntityRow| {
        let Some(e) = res.entities.get(row.entity as usize) else {
            return;
        };
        let has = letters
            .get(row.entity as usize)
            .copied()
            .unwrap_or(u64::MAX);
        if has & need != need {
            return;
        }
        if let Some((score, alias)) = filter.best(&e.name, &e.aliases) {
            scored.push((score, EntityRow { alias, ..row }));
        }
    };
    match within {
        Some(rows) => rows.iter().copied().for_each(&mut take),
        None => {
            let mut in_article = Vec::new();
            if let Some(doc) = pane.article.and_then(|a| res.docs.get(a as usize)) {
                in_article = vec![0usize; res.entities.len()];
                for m in doc.iter() {
                    if let Some(c) = m.entity.and_then(|e| in_article.get_mut(e.0 as usize)) {
                        *c += 1;
                    }
                }
            }
            for (id, e) in res.entities.iter().enumerate() {
                let here = in_article.get(id).copied().unwrap_or(0);
                let total = postings.get(id).map_or(0, Vec::len);
                let shown =
                    (pane.corpus || here > 0) && total > 0 && pane.kind.is_none_or(|k| k == e.kind);
                if shown {
                    take(EntityRow {
                        entity: id as u32,
                        in_article: here,
                        in_corpus: total,
                        alias: None,
                    });
                }
            }
        }
    }
    let corpus = pane.corpus;
    scored.sort_unstable_by_key(|(score, r)| {
        let counts = if corpus {
            (r.in_corpus, r.in_article)
        } else {
            (r.in_article, r.in_corpus)
        };
        (Reverse(*score), Reverse(counts), r.entity)
    });
    scored.into_iter().map(|(_, r)| r).collect()
}

/// The ASCII letters and digits of `text`, lower-cased, as bits; every
/// bit when it has other characters (the matcher folds accents, so "José"
/// may match "jose": such names are always asked).
fn letter_bits(text: &str) -> u64 {
    let mut bits = 0u64;
    for b in text.bytes() {
        bits |= match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'A'..=b'Z' => 1 << (b - b'A'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            0x80.. => return u64::MAX,
            _ => 0,
        };
    }
    bits
}

/// The letters of an entity's name and aliases (see [`rows`]).
pub fn entity_letters(e: &crate::entities::Entity) -> u64 {
    e.aliases
        .iter()
        .fold(letter_bits(&e.name), |bits, a| bits | letter_bits(a))
}

/// Letters any match of the filter must hold: those of the words it looks
/// for (not of the `!` words it excludes), without the pattern marks.
fn needed_letters(filter: &str) -> u64 {
    filter
        .split_whitespace()
        .filter(|w| !w.starts_with('!') && w.is_ascii())
        .map(letter_bits)
        .fold(0, |a, b| a | b)
}

/// The filter as a nucleo pattern, with the matcher's scratch memory.
pub struct Filter {
    pattern: Option<Pattern>,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Filter {
    pub fn new(text: &str) -> Self {
        let pattern = (!text.trim().is_empty())
            .then(|| Pattern::parse(text, CaseMatching::Smart, Normalization::Smart));
        Filter {
            pattern,
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// The score of `text` (none when it does not match; 0 with no filter).
    pub fn score(&mut self, text: &str) -> Option<u32> {
        let Some(p) = &self.pattern else {
            return Some(0);
        };
        p.score(Utf32Str::new(text, &mut self.buf), &mut self.matcher)
    }

    /// The best score of a name and its aliases, and which alias gave it
    /// (none when the name did as well).
    pub fn best(&mut self, name: &str, aliases: &[String]) -> Option<(u32, Option<u32>)> {
        let mut best = self.score(name).map(|s| (s, None));
        if self.pattern.is_none() {
            return best;
        }
        for (i, alias) in aliases.iter().enumerate() {
            if alias == name {
                continue;
            }
            if let Some(s) = self.score(alias)
                && best.is_none_or(|b| s > b.0)
            {
                best = Some((s, Some(i as u32)));
            }
        }
        best
    }

    /// The characters of `text` (char indices, sorted) the filter matched,
    /// for highlighting.
    pub fn matched_chars(&mut self, text: &str) -> Vec<usize> {
        let Some(p) = &self.pattern else {
            return Vec::new();
        };
        let mut indices = Vec::new();
        p.indices(
            Utf32Str::new(text, &mut self.buf),
            &mut self.matcher,
            &mut indices,
        );
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

/// Enter on an entity: the list shown narrows to the articles that
/// mention it, and the reader opens on its first mention there.
fn choose(state: &mut AppState) -> Vec<Effect> {
    let Mode::Entities(pane) = &state.mode else {
        return Vec::new();
    };
    let Some(row) = pane.rows.get(pane.selected).copied() else {
        return Vec::new();
    };
    let top = state.list();
    if !top.source.complete() {
        return fetch_all(state, state.lists.depth(), Action::Open);
    }
    let members = top.source.members(state.store.len());
    let postings = state
        .analysis
        .postings
        .get(row.entity as usize)
        .map_or(&[][..], Vec::as_slice);
    let articles: Vec<u32> = facts::articles_of(postings)
        .into_iter()
        .filter(|&a| members.contains(a))
        .collect();
    let first = articles
        .first()
        .and_then(|&a| postings.iter().find(|p| p.0 == a))
        .copied();
    let Some((article, mention)) = first else {
        let name = state
            .analysis
            .resolution
            .as_ref()
            .and_then(|r| r.entities.get(row.entity as usize))
            .map_or_else(String::new, |e| e.name.clone());
        state.message = Some(format!("no article of this list mentions {name}"));
        return Vec::new();
    };
    switch::close(state);
    state.lists.push(Source::Subset(Box::new(Subset {
        why: Narrowing::Entity(row.entity),
        articles,
    })));
    reader::list_changed(state);
    reader::go_to_mention(state, article, mention as usize);
    Vec::new()
}

/// The next type in the filter cycle: all, PER, LOC, ORG, MISC, DATE.
pub fn next_kind(kind: Option<EntityKind>) -> Option<EntityKind> {
    match kind {
        None => Some(EntityKind::ALL[0]),
        Some(k) => EntityKind::ALL
            .iter()
            .position(|x| *x == k)
            .and_then(|i| EntityKind::ALL.get(i + 1))
            .copied(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::entities::Entity;

    #[test]
    fn the_letter_prefilter_passes_over_only_what_cannot_match() {
        let names = [
            ("José Martí", vec![]),
            ("Ana Botella", vec!["Botella"]),
            ("Bob Geldof", vec!["Sir Bob"]),
            ("BBC", vec!["BBC News"]),
            ("G8", vec![]),
        ];
        let res = Resolution {
            entities: names
                .iter()
                .map(|(n, a)| Entity {
                    name: (*n).into(),
                    kind: EntityKind::Person,
                    aliases: a.iter().map(|s| s.to_string()).collect(),
                    key: String::new(),
                })
                .collect(),
            docs: Vec::new(),
        };
        let postings: Postings = vec![vec![(0, 0)]; names.len()];
        let letters: Vec<u64> = res.entities.iter().map(entity_letters).collect();
        for filter in [
            "jose", "josé", "b", "B", "!b", "g8", "sir", "'news", "^bo", "la$", "x",
        ] {
            let pane = EntitiesPane {
                corpus: true,
                filter: filter.into(),
                ..EntitiesPane::default()
            };
            assert_eq!(
                rows(&res, &postings, &letters, &pane, None),
                rows(&res, &postings, &[], &pane, None),
                "{filter}"
            );
        }
        let pane = EntitiesPane {
            corpus: true,
            filter: "jose".into(),
            ..EntitiesPane::default()
        };
        assert_eq!(rows(&res, &postings, &letters, &pane, None).len(), 1);
    }

    #[test]
    fn the_filter_prefers_whole_words_and_reports_what_matched() {
        let mut f = Filter::new("trump");
        assert!(f.score("Donald Trump").unwrap() > f.score("the rumpus").unwrap_or(0));
        let mut f = Filter::new("dt");
        assert!(f.score("Donald Trump").is_some());
        assert!(f.score("Mexico").is_none());
        let mut f = Filter::new("blair");
        assert!(f.score("Tony Blair").unwrap() > f.score("Blake Irving").unwrap_or(0));
        let mut f = Filter::new("mr blair");
        let aliases = vec!["Blair".to_owned(), "Mr Blair".to_owned()];
        assert_eq!(f.best("Tony Blair", &aliases).unwrap().1, Some(1));
        let mut f = Filter::new("tb");
        assert_eq!(f.matched_chars("Tony Blair"), vec![0, 5]);
        assert_eq!(needed_letters("^Bl 'x9 !zz"), letter_bits("blx9"));
        assert_eq!(letter_bits("José"), u64::MAX, "accents: always asked");
        assert_eq!(needed_letters("josé b"), letter_bits("b"));
        let mut f = Filter::new("!brown blair");
        assert!(f.score("Gordon Brown Blair").is_none());
        assert!(Filter::new("").score("anything").is_some());
    }
}
