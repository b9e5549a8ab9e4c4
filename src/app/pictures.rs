//! What the picture views (timeline, co-occurrence, overview) share: the
//! dates column, the articles of a list level, and narrowing the list
//! from a picture.
//!
//! A picture counts the articles of the list shown. Every list level knows
//! its articles except a search whose results are not all fetched: then
//! the view asks the index for every matching article, unranked (an
//! [`Effect::Search`] with [`Purpose::Matching`], cheaper than ranking them
//! all), keeps them here and opens once they are in. Narrowing from a
//! picture (Enter on a bar or a row) closes the view and pushes a
//! [`Narrowing`] over the list it counted, exactly as the entities pane
//! does, so Esc in the list goes back.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::Action;
use super::effect::{Counted, Effect, Purpose, SearchRequest};
use super::mode::Mode;
use super::reader;
use super::sources::{Narrowing, Source, Subset};
use super::state::{AppState, Focus};
use super::switch;
use crate::pictures::{Counts, DateColumn};
use crate::search::{QueryError, SearchResults};
use crate::textview::safe::safe_line;

/// What the pictures keep between openings.
#[derive(Debug, Default)]
pub struct Pictures {
    /// Every article's date, read when a picture first needs them (and
    /// again when more articles have loaded since).
    pub dates: DateColumn,
    /// Every article matching the search at a list level, as last asked
    /// for: `(level, query, articles in store order)`.
    pub matching: Option<(usize, String, Vec<u32>)>,
    /// Scratch space for co-occurrence counts.
    pub counts: Counts,
}

/// The area the picture views cover: the screen above the status bar.
pub fn view_area(size: Rect) -> Rect {
    Rect {
        height: size.height.saturating_sub(u16::from(size.height >= 2)),
        ..size
    }
}

/// Reads the dates of the articles loaded, unless they are read already.
pub fn read_dates(state: &mut AppState) {
    if state.pictures.dates.len() != state.store.len() {
        state.pictures.dates = DateColumn::of(state.store.articles());
    }
}

/// The articles of list level `level`, in store order; or the effect that
/// asks the index for them first (then `again` runs again).
pub fn list_articles(
    state: &AppState,
    level: usize,
    again: Action,
) -> Result<Vec<u32>, Vec<Effect>> {
    let Some(l) = state.lists.get(level) else {
        return Ok(Vec::new());
    };
    match &l.source {
        Source::All => Ok((0..state.store.len() as u32).collect()),
        Source::Subset(s) => Ok(s.articles.clone()),
        Source::Search(s) if s.complete => {
            let mut docs: Vec<u32> = s.results.hits.iter().map(|h| h.doc).collect();
            docs.sort_unstable();
            Ok(docs)
        }
        Source::Search(s) => match &state.pictures.matching {
            Some((at, query, docs)) if *at == level && *query == s.query => Ok(docs.clone()),
            _ => match &state.analysis.index {
                Some(index) => Err(vec![Effect::Search(SearchRequest {
                    index: Arc::clone(index),
                    query: s.query.clone(),
                    limit: index.len(),
                    purpose: Purpose::Matching { level, then: again },
                })]),
                None => Ok(s.results.hits.iter().map(|h| h.doc).collect()),
            },
        },
    }
}

/// Takes in every article matching the search at `level`; returns the
/// action to do again now that they are in.
pub fn matching_found(
    state: &mut AppState,
    level: usize,
    query: String,
    result: Result<SearchResults, QueryError>,
    then: Action,
) -> Option<Action> {
    let results = result.ok()?;
    let same = state
        .lists
        .get(level)
        .and_then(|l| l.source.search())
        .is_some_and(|s| s.query == query);
    if !same {
        return None;
    }
    let docs = results.hits.iter().map(|h| h.doc).collect();
    state.pictures.matching = Some((level, query, docs));
    Some(then)
}

/// Takes in presence counted for a resolution, unless a newer resolution
/// has come since.
pub fn presence_counted(state: &mut AppState, counted: Counted) {
    let current = state
        .analysis
        .resolution
        .as_ref()
        .is_some_and(|r| Arc::ptr_eq(r, &counted.resolution));
    if current {
        state.analysis.presence = Some(counted.presence);
    }
}

/// Closes the picture views and panes down to the list or the reader.
fn close_to_panes(state: &mut AppState) {
    while !matches!(state.mode, Mode::List | Mode::Reader) && !state.behind.is_empty() {
        switch::close(state);
    }
}

/// Closes the views and shows `articles` (in store order, a subset of the
/// list shown) as a new list level narrowed by `why`.
pub fn narrow(state: &mut AppState, why: Narrowing, articles: Vec<u32>) {
    close_to_panes(state);
    state
        .lists
        .push(Source::Subset(Box::new(Subset { why, articles })));
    reader::list_changed(state);
    switch::focus(state, Focus::List);
}

/// An entity's name for messages (safe to show).
pub fn entity_name(state: &AppState, e: u32) -> String {
    state
        .analysis
        .resolution
        .as_ref()
        .and_then(|r| r.entities.get(e as usize))
        .map_or_else(String::new, |e| safe_line(&e.name))
}

/// After the screen size changed: the timelines fit the new width.
pub fn layout_changed(state: &mut AppState) {
    let size = state.size;
    let AppState {
        mode,
        behind,
        pictures,
        ..
    } = state;
    for m in behind.iter_mut().chain(std::iter::once(mode)) {
        if let Mode::Timeline(t) = m {
            t.refit(&pictures.dates, size);
        }
    }
}
