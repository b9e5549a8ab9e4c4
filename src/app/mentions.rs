//! Entity mentions: the mention cursor (`]` / `[`), jumps to the next or
//! previous mention of the same entity (`*` / `#`) and the concordance of
//! an entity (`m`), all within the list shown.
//!
//! A jump follows the entity of the mention under the cursor; with no
//! cursor (browsing the list) it follows the article's leading entity. A
//! mention that names no entity (an ambiguous "Mr Blair") cannot be
//! followed, and the status bar says so: a jump never lands on another
//! entity. Jumps and the concordance stay within the articles of the list
//! shown, so the list and the reader never disagree; over a search whose
//! results are not all fetched yet, they are fetched first.

use super::Action;
use super::effect::Effect;
use super::mode::Mode;
use super::reader;
use super::search::fetch_all;
use super::sources::Members;
use super::state::{AppState, Focus};
use super::switch;
use crate::facts::{self, MentionSpan};

/// The concordance of one entity: its mentions within the list shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concordance {
    pub entity: u32,
    /// `(article, mention number)` in corpus order.
    pub rows: Vec<(u32, u32)>,
    pub selected: usize,
    /// Its mentions in the whole corpus.
    pub in_corpus: usize,
}

/// `]` / `[`: the next or previous mention of any entity in the article.
pub fn step_mention(state: &mut AppState, forward: bool) {
    let Some(article) = state.reader.article else {
        return;
    };
    let spans = state.mention_spans(article);
    if spans.is_empty() {
        state.message = Some("no entities in this article".into());
        return;
    }
    let next = match state.reader.mention {
        Some(m) if forward => (m + 1).min(spans.len() - 1),
        Some(m) => m.saturating_sub(1).min(spans.len() - 1),
        None => first_in_view(state, &spans),
    };
    state.reader.mention = Some(next);
    let Some(span) = spans.get(next) else {
        return;
    };
    reader::scroll_to_place(state, &span.place());
    let name = match entity_name(state, span) {
        Some(name) => format!("{name} ({})", span.kind.label()),
        None => format!(
            "{} ({}, not linked to one entity)",
            mention_text(state, article, span),
            span.kind.label()
        ),
    };
    state.message = Some(format!(
        "{name} \u{b7} mention {}/{} in this article",
        next + 1,
        spans.len()
    ));
}

/// The canonical name of the entity a mention names.
fn entity_name(state: &AppState, span: &MentionSpan) -> Option<String> {
    let e = span.entity?;
    let res = state.analysis.resolution.as_ref()?;
    res.entities.get(e as usize).map(|e| e.name.clone())
}

/// The text of a mention.
fn mention_text(state: &AppState, article: u32, span: &MentionSpan) -> String {
    let a = state.store.get(article);
    let text = a.and_then(|a| {
        let t = if span.in_title { &a.title } else { &a.body };
        t.get(span.range.clone())
    });
    text.unwrap_or_default().to_owned()
}

/// Index of the first mention on or below the reader's top line.
fn first_in_view(state: &AppState, spans: &[MentionSpan]) -> usize {
    spans
        .iter()
        .position(|s| {
            s.in_title && state.reader.scroll == 0
                || state
                    .line_of_place(&s.place())
                    .is_some_and(|l| l >= state.reader.scroll)
        })
        .unwrap_or(0)
}

/// Puts the cursor on the first mention in view (when the reader takes
/// the keys).
pub fn cursor_to_view(state: &mut AppState) {
    let Some(article) = state.reader.article else {
        return;
    };
    let spans = state.mention_spans(article);
    state.reader.mention = (!spans.is_empty()).then(|| first_in_view(state, &spans));
}

/// The entity to follow from here: the one under the cursor, or (with no
/// cursor) the article's leading entity. `Err` says why there is none.
pub fn entity_here(state: &AppState) -> Result<(u32, Option<u32>), String> {
    let article = state.reader.article.ok_or("no article open")?;
    let res = state
        .analysis
        .resolution
        .as_ref()
        .ok_or("entities are still being found")?;
    let doc = res
        .docs
        .get(article as usize)
        .map_or(&[][..], |d| d.as_slice());
    match state.reader.mention {
        Some(m) => {
            let spans = state.mention_spans(article);
            let span = spans.get(m).ok_or("no mention here")?;
            match span.entity {
                Some(e) => Ok((e, Some(m as u32))),
                None => Err(format!(
                    "\u{201c}{}\u{201d} is not linked to one entity (the name is ambiguous): * # m follow linked mentions",
                    mention_text(state, article, span)
                )),
            }
        }
        None => match facts::leading_entities(doc).first() {
            Some(&e) => Ok((e, None)),
            None => Err("no entity here to follow: move to a mention with ] or [".into()),
        },
    }
}

/// The postings of `entity` within the list shown.
fn postings_in_list(state: &AppState, entity: u32, members: &Members) -> Vec<(u32, u32)> {
    let all = state
        .analysis
        .postings
        .get(entity as usize)
        .map_or(&[][..], Vec::as_slice);
    if members.is_all() {
        return all.to_vec();
    }
    all.iter()
        .copied()
        .filter(|p| members.contains(p.0))
        .collect()
}

/// The articles of the list shown, or the effect that fetches them first
/// (then `again` runs again).
fn list_members(state: &AppState, again: Action) -> Result<Members, Vec<Effect>> {
    let top = state.list();
    if !top.source.complete() {
        return Err(fetch_all(state, state.lists.depth(), again));
    }
    Ok(top.source.members(state.store.len()))
}

/// The postings of entities `e` and `f` together, in corpus order.
fn merged_postings(state: &AppState, e: u32, f: u32) -> Vec<(u32, u32)> {
    let of = |x: u32| {
        state
            .analysis
            .postings
            .get(x as usize)
            .map_or(&[][..], Vec::as_slice)
    };
    let mut both = [of(e), of(f)].concat();
    both.sort_unstable();
    both.dedup();
    both
}

/// `*` / `#`: the next or previous mention of the entity here, on into
/// other articles of the list (wrapping at the ends). In a list of the
/// articles naming two entities (from the co-occurrence view), the
/// mentions of either, unless the cursor is on a third entity.
pub fn jump_same(state: &mut AppState, forward: bool, again: Action) -> Vec<Effect> {
    let (entity, cursor) = match entity_here(state) {
        Ok(e) => e,
        Err(why) => {
            state.message = Some(why);
            return Vec::new();
        }
    };
    let Some(article) = state.reader.article else {
        return Vec::new();
    };
    let members = match list_members(state, again) {
        Ok(m) => m,
        Err(fetch) => return fetch,
    };
    let narrowed = !members.is_all();
    let pair = state
        .lists
        .pair()
        .filter(|&(e, f)| cursor.is_none() || entity == e || entity == f);
    let list = match pair {
        Some((e, f)) => {
            let mut both = merged_postings(state, e, f);
            both.retain(|p| members.contains(p.0));
            both
        }
        None if narrowed => postings_in_list(state, entity, &members),
        None => Vec::new(),
    };
    let list: &[(u32, u32)] = if narrowed || pair.is_some() {
        &list
    } else {
        state
            .analysis
            .postings
            .get(entity as usize)
            .map_or(&[][..], Vec::as_slice)
    };
    let n = list.len();
    if n == 0 {
        return Vec::new();
    }
    let pos = match cursor {
        Some(m) => match list.binary_search(&(article, m)) {
            Ok(i) if forward => (i + 1) % n,
            Ok(i) => (i + n - 1) % n,
            Err(i) if forward => i % n,
            Err(i) => (i + n - 1) % n,
        },
        // From the list: the entity's first mention in this article.
        None => list.partition_point(|&(a, _)| a < article) % n,
    };
    let (target_article, target_mention) = list[pos];
    let articles = facts::articles_of(list);
    let article_no = articles
        .iter()
        .position(|&a| a == target_article)
        .map_or(0, |i| i + 1);
    let name_of = |x: u32| {
        state
            .analysis
            .resolution
            .as_ref()
            .and_then(|r| r.entities.get(x as usize))
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    let name = match pair {
        Some((e, f)) => format!("{} or {}", name_of(e), name_of(f)),
        None => name_of(entity),
    };
    let in_list = if narrowed { " in this list" } else { "" };
    let message = format!(
        "{name} \u{b7} mention {}/{} \u{b7} article {}/{}{in_list}",
        facts::thousands(pos + 1),
        facts::thousands(n),
        facts::thousands(article_no),
        facts::thousands(articles.len())
    );
    reader::go_to_mention(state, target_article, target_mention as usize);
    state.message = Some(message);
    Vec::new()
}

/// `m` (or Enter in the reader): the concordance of the entity here,
/// within the list shown, on the current mention.
pub fn open_concordance(state: &mut AppState, again: Action) -> Vec<Effect> {
    let (entity, cursor) = match entity_here(state) {
        Ok(e) => e,
        Err(why) => {
            state.message = Some(why);
            return Vec::new();
        }
    };
    let members = match list_members(state, again) {
        Ok(m) => m,
        Err(fetch) => return fetch,
    };
    let rows = postings_in_list(state, entity, &members);
    let here = state.reader.article.zip(cursor);
    let selected = here.and_then(|h| rows.binary_search(&h).ok()).unwrap_or(0);
    let in_corpus = state
        .analysis
        .postings
        .get(entity as usize)
        .map_or(0, Vec::len);
    switch::open(
        state,
        Mode::Concordance(Box::new(Concordance {
            entity,
            rows,
            selected,
            in_corpus,
        })),
    );
    Vec::new()
}

/// Keys of the concordance: move, read a mention, close.
pub fn concordance_act(state: &mut AppState, action: Action, page: usize) {
    let Mode::Concordance(c) = &mut state.mode else {
        return;
    };
    let last = c.rows.len().saturating_sub(1);
    let moved = |by: isize| c.selected.saturating_add_signed(by).min(last);
    let page = page.max(1) as isize;
    match action {
        Action::Down => c.selected = moved(1),
        Action::Up => c.selected = moved(-1),
        Action::PageDown | Action::HalfPageDown => c.selected = moved(page),
        Action::PageUp | Action::HalfPageUp => c.selected = moved(-page),
        Action::Top => c.selected = 0,
        Action::Bottom => c.selected = last,
        Action::Open => {
            let Some(&(article, mention)) = c.rows.get(c.selected) else {
                return;
            };
            switch::close(state);
            switch::focus(state, Focus::Reader);
            reader::go_to_mention(state, article, mention as usize);
        }
        Action::Back | Action::Quit | Action::ShowMentions => switch::close(state),
        _ => {}
    }
}

/// The mouse wheel over the concordance: `by` rows.
pub fn concordance_wheel(state: &mut AppState, by: isize) {
    if let Mode::Concordance(c) = &mut state.mode {
        c.selected = c
            .selected
            .saturating_add_signed(by)
            .min(c.rows.len().saturating_sub(1));
    }
}
