//! The list's order in the app: `o` cycles path → date → title → last
//! read, as the list header shows. The order is made once
//! ([`crate::reading::sort::order`]) when it is chosen, when loading ends,
//! when the marks arrive (for last read) and when a watched folder brings
//! articles, never per key; each list level keeps its selected article
//! (see [`super::sources::ListStack::set_order`]).
//!
//! Articles read while the list is sorted by last read keep their rows
//! until the order is made again (`o` round to it, or the next run): the
//! list does not move under the reader.
//!
//! The order starts as the configuration's `list_sort`; an order chosen
//! with `o` is kept in the workspace ([`Effect::SaveSort`]) and, sent back
//! on the next run ([`Remembered::Sort`]), wins over the configuration for
//! that collection.
//!
//! [`Remembered::Sort`]: super::place::Remembered::Sort

use super::effect::Effect;
use super::reader;
use super::search;
use super::sources::{Order, Source};
use super::state::AppState;
use crate::reading::{ListSort, sort};

/// Makes the order of `state.sort` over the loaded articles and puts the
/// list in it (path order costs nothing).
pub fn apply(state: &mut AppState) {
    let order = if state.sort == ListSort::Path {
        Order::default()
    } else {
        let marks = &state.marks;
        let rows = sort::order(state.sort, state.store.articles(), |i| {
            marks.get(i).and_then(|m| m.read_at)
        });
        Order::new(state.sort, rows)
    };
    if order.is_path() && state.lists.order().is_path() {
        return;
    }
    state.lists.set_order(order, state.store.len());
    reader::follow_list(state);
}

/// Makes the order again when it depends on what changed: the marks (for
/// last read) or the articles.
pub fn articles_changed(state: &mut AppState) {
    if state.sort != ListSort::Path {
        apply(state);
    }
}

/// The marks arrived: the order by last read can be made.
pub fn marks_arrived(state: &mut AppState) {
    if state.sort == ListSort::Read {
        apply(state);
    }
}

/// `o`: the next order; kept in the workspace.
pub fn cycle(state: &mut AppState) -> Vec<Effect> {
    state.sort = state.sort.next();
    state.sort_chosen = true;
    apply(state);
    state.message = Some(format!(
        "sorted {} \u{b7} o: {} next",
        state.sort.label(),
        state.sort.next().label()
    ));
    let mut effects = vec![Effect::SaveSort(state.sort)];
    effects.extend(fetch_unsorted(state));
    effects
}

/// The order kept for the collection, unless one was chosen in this run.
pub fn remembered(state: &mut AppState, kept: ListSort) -> Vec<Effect> {
    if state.sort_chosen || kept == state.sort {
        return Vec::new();
    }
    state.sort = kept;
    apply(state);
    fetch_unsorted(state)
}

/// A query of marks alone lists every match when the list is sorted:
/// its rows are rearranged, so all of them are needed.
pub fn wants_every_match(state: &AppState, query: &str) -> bool {
    state.sort != ListSort::Path && may_use_marks(query)
}

/// Whether `query` may filter by the reader's marks (`is:`, `tag:`,
/// `has:`).
fn may_use_marks(query: &str) -> bool {
    let q = query.to_lowercase();
    ["is:", "tag:", "has:"].iter().any(|f| q.contains(f))
}

/// Every match of the lists of marks alone that hold only their first
/// results (asked before the list was sorted).
fn fetch_unsorted(state: &AppState) -> Vec<Effect> {
    if state.sort == ListSort::Path {
        return Vec::new();
    }
    let all = state.analysis.index.as_ref().map_or(0, |i| i.len());
    (0..=state.lists.depth())
        .filter(|&l| {
            matches!(state.lists.get(l).map(|l| &l.source),
                Some(Source::Search(s)) if s.results.listed && !s.complete)
        })
        .flat_map(|l| search::fetch_more(state, l, all, None))
        .collect()
}
