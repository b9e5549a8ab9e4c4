//! The co-occurrence view: the entities named in the same articles as one
//! entity, ranked by log-likelihood G² (see [`crate::pictures::Presence`]
//! for why that measure), with the articles and sentences they share.
//!
//! `C` opens it on the entity under the mention cursor (or the article's
//! leading entity), `Ctrl-o` on the entity chosen in the entities pane. The
//! counts are the collection's, as `dateline cooccur` prints them. Enter
//! narrows the list shown to the articles naming both entities (a
//! [`Narrowing::Pair`]), where `*` and `#` walk the mentions of either.

use super::effect::Effect;
use super::mode::Mode;
use super::pictures;
use super::sources::Narrowing;
use super::state::AppState;
use super::{Action, mentions, reader, switch};
use crate::entities::EntityKind;
use crate::facts;
use crate::pictures::Cooccurrence;

/// The co-occurrence view's state.
#[derive(Debug, Clone, PartialEq)]
pub struct CooccurView {
    /// The entity and every entity named with it more often than chance.
    pub found: Cooccurrence,
    /// Only partners of this kind are shown.
    pub kind: Option<EntityKind>,
    /// The partners shown: indexes into `found.partners`, best first.
    pub rows: Vec<usize>,
    pub selected: usize,
}

impl CooccurView {
    /// The partner on the selected row.
    pub fn partner(&self) -> Option<&crate::pictures::Partner> {
        self.rows
            .get(self.selected)
            .and_then(|&i| self.found.partners.get(i))
    }

    fn filter(&mut self) {
        let kind = self.kind;
        self.rows = (0..self.found.partners.len())
            .filter(|&i| kind.is_none_or(|k| self.found.partners[i].kind == k))
            .collect();
        self.selected = 0;
    }
}

/// `C`: the view on the entity under the cursor (or the article's leading
/// entity).
pub fn open(state: &mut AppState) -> Vec<Effect> {
    match mentions::entity_here(state) {
        Ok((e, _)) => open_entity(state, e),
        Err(why) => {
            state.message = Some(why);
            Vec::new()
        }
    }
}

/// The view on entity `e`.
pub fn open_entity(state: &mut AppState, e: u32) -> Vec<Effect> {
    let Some(presence) = state.analysis.presence.clone() else {
        state.message = Some("who appears with whom is still being counted".into());
        return Vec::new();
    };
    let found = presence.cooccurrence_with(e, usize::MAX, &mut state.pictures.counts);
    let mut view = CooccurView {
        found,
        kind: None,
        rows: Vec::new(),
        selected: 0,
    };
    view.filter();
    switch::open(state, Mode::Cooccurrence(Box::new(view)));
    Vec::new()
}

/// The next kind of the type filter: all, PER, LOC, ORG, MISC (dates are
/// never partners).
fn next_kind(kind: Option<EntityKind>) -> Option<EntityKind> {
    match kind {
        None => Some(EntityKind::Person),
        Some(EntityKind::Person) => Some(EntityKind::Place),
        Some(EntityKind::Place) => Some(EntityKind::Org),
        Some(EntityKind::Org) => Some(EntityKind::Misc),
        Some(_) => None,
    }
}

/// Keys of the view; `page` is the number of rows shown.
pub fn act(state: &mut AppState, action: Action, page: usize) -> Vec<Effect> {
    let Mode::Cooccurrence(view) = &mut state.mode else {
        return Vec::new();
    };
    let last = view.rows.len().saturating_sub(1);
    let page = page.max(1) as isize;
    let mut mv = |by: isize| view.selected = view.selected.saturating_add_signed(by).min(last);
    match action {
        Action::Down => mv(1),
        Action::Up => mv(-1),
        Action::PageDown | Action::HalfPageDown => mv(page),
        Action::PageUp | Action::HalfPageUp => mv(-page),
        Action::Top => view.selected = 0,
        Action::Bottom => view.selected = last,
        Action::CycleKind => {
            view.kind = next_kind(view.kind);
            view.filter();
        }
        Action::Open => return narrow(state),
        Action::Back | Action::Quit | Action::Cooccurrence => switch::close(state),
        _ => {}
    }
    Vec::new()
}

/// The mouse wheel over the view: `by` rows.
pub fn wheel(state: &mut AppState, by: isize) {
    if let Mode::Cooccurrence(view) = &mut state.mode {
        let last = view.rows.len().saturating_sub(1);
        view.selected = view.selected.saturating_add_signed(by).min(last);
    }
}

/// Enter: the list shown narrowed to the articles naming both entities,
/// the reader on the first mention of either.
fn narrow(state: &mut AppState) -> Vec<Effect> {
    let (Mode::Cooccurrence(view), Some(presence)) = (&state.mode, &state.analysis.presence) else {
        return Vec::new();
    };
    let Some(partner) = view.partner() else {
        return Vec::new();
    };
    let (e, f) = (view.found.entity, partner.entity);
    let both = presence.articles_with_both(e, f);
    let list = match pictures::list_articles(state, state.lists.depth(), Action::Open) {
        Ok(a) => a,
        Err(fetch) => return fetch,
    };
    let articles: Vec<u32> = both
        .iter()
        .copied()
        .filter(|a| list.binary_search(a).is_ok())
        .collect();
    let names = format!(
        "{} and {}",
        pictures::entity_name(state, e),
        pictures::entity_name(state, f)
    );
    let Some(&first) = articles.first() else {
        state.message = Some(format!(
            "no article of this list names both {names} ({} in the collection)",
            facts::thousands(both.len())
        ));
        return Vec::new();
    };
    let n = articles.len();
    pictures::narrow(state, Narrowing::Pair(e, f), articles);
    let spans = state.mention_spans(first);
    if let Some(m) = spans
        .iter()
        .position(|s| s.entity == Some(e) || s.entity == Some(f))
    {
        reader::go_to_mention(state, first, m);
    }
    state.message = Some(format!(
        "{} both {names} \u{b7} * # walk the mentions of either \u{b7} Esc: back",
        facts::counted(n, false, "article names", "articles name")
    ));
    Vec::new()
}
