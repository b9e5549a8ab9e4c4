//! The timeline view: articles (and an entity's mentions) per period, for
//! the list shown or for one entity within it.
//!
//! `T` counts the list shown (every article, a search's results, an
//! entity's articles); in the reader, with the mention cursor on an entity,
//! it counts that entity's articles and mentions in the list, and Tab goes
//! between the two. The periods are the shortest (day, week, month …) that
//! put the list's dates in the bars the width has room for; `+` and `-`
//! choose longer or shorter ones, and bars that do not fit scroll with the
//! cursor. Both subjects share the list's span, so they compare bar by
//! bar. Enter narrows the list to the period under the cursor: the
//! articles its `date:` filter finds there (see [`crate::dates`]), as a
//! new list level.

use ratatui::layout::Rect;

use super::effect::Effect;
use super::mode::Mode;
use super::pictures::{self, view_area};
use super::sources::{Narrowing, Source};
use super::state::AppState;
use super::{Action, layout, mentions, switch};
use crate::dates::{DateKey, Unit};
use crate::facts;
use crate::pictures::{Bar, DateColumn, Timeline};

/// What a timeline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The articles of the list.
    List,
    /// One entity's articles in the list, with its mentions in each.
    Entity(u32),
}

/// The timeline view's state.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineView {
    pub subject: Subject,
    /// The entity Tab goes to (and back from), when there is one.
    pub entity: Option<u32>,
    /// The list level counted (the one shown when the view opened).
    pub level: usize,
    /// The list's articles, in store order.
    pub articles: Vec<u32>,
    /// What is counted: `(article, mentions)` in store order.
    pub items: Vec<(u32, u32)>,
    /// The list's first and last dates: the axis of both subjects.
    pub span: Option<(DateKey, DateKey)>,
    /// Periods chosen with `+` and `-`; `None`: the shortest that fit.
    pub unit: Option<Unit>,
    /// The bars.
    pub timeline: Timeline,
    /// The bar under the cursor.
    pub cursor: usize,
    /// The first bar shown, when they do not all fit.
    pub offset: usize,
    /// Shown as a table of counts rather than bars.
    pub table: bool,
}

/// Periods PgDn and PgUp move by.
const PAGE: isize = 10;

/// Columns left of the bars (a space, the scale, the axis) and the margin
/// on the right.
pub const PLOT_MARGIN: usize = 3;

impl TimelineView {
    /// Width of the scale's labels: the widest count a bar can have.
    pub fn label_width(&self) -> usize {
        let mentions: u64 = self.items.iter().map(|&(_, m)| u64::from(m)).sum();
        let widest = match self.subject {
            Subject::List => self.items.len() as u64,
            Subject::Entity(_) => mentions.max(self.items.len() as u64),
        };
        facts::thousands(widest as usize).len()
    }

    /// Columns for the bars on a screen of `size`.
    pub fn plot_width(&self, size: Rect) -> usize {
        let inner = layout::inner(view_area(size));
        (inner.width as usize).saturating_sub(self.label_width() + PLOT_MARGIN)
    }

    /// Number of bars shown at once on a screen of `size`.
    pub fn bars_shown(&self, size: Rect) -> usize {
        self.plot_width(size).min(self.timeline.bars.len())
    }

    /// The bar under the cursor.
    pub fn bar(&self) -> Option<&Bar> {
        self.timeline.bars.get(self.cursor)
    }

    /// Counts the items again for a screen of `size` (a new width, a new
    /// unit, a new subject), keeping the cursor on the same date.
    pub fn refit(&mut self, dates: &DateColumn, size: Rect) {
        let at = self.bar().map(|b| b.period.start());
        let items = self.items.iter().copied();
        self.timeline = match self.unit {
            Some(unit) => Timeline::with_unit(dates, items, unit, self.span),
            None => Timeline::fit(dates, items, self.plot_width(size).max(1), self.span),
        };
        let last = self.timeline.bars.len().saturating_sub(1);
        self.cursor = match (at, self.timeline.bars.first()) {
            (Some(day), Some(first)) => {
                let i = self.timeline.unit.index(day) - first.period.index;
                usize::try_from(i).unwrap_or(0).min(last)
            }
            _ => self.cursor.min(last),
        };
        self.keep_cursor_in_view(size);
    }

    /// Scrolls the bars so the cursor's is shown.
    fn keep_cursor_in_view(&mut self, size: Rect) {
        let shown = self.bars_shown(size).max(1);
        let n = self.timeline.bars.len();
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + shown {
            self.offset = self.cursor + 1 - shown;
        }
        self.offset = self.offset.min(n.saturating_sub(shown));
    }

    /// Moves the cursor by `by` bars, clamped.
    fn step(&mut self, by: isize, size: Rect) {
        let last = self.timeline.bars.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(by).min(last);
        self.keep_cursor_in_view(size);
    }
}

/// The `(article, mentions)` of entity `e` among `articles` (store order).
fn entity_items(state: &AppState, e: u32, articles: &[u32]) -> Vec<(u32, u32)> {
    let postings = state
        .analysis
        .postings
        .get(e as usize)
        .map_or(&[][..], Vec::as_slice);
    let mut items: Vec<(u32, u32)> = Vec::new();
    for &(a, _) in postings {
        match items.last_mut() {
            Some(last) if last.0 == a => last.1 += 1,
            _ if articles.binary_search(&a).is_ok() => items.push((a, 1)),
            _ => {}
        }
    }
    items
}

/// The first and last dates of `articles`.
fn span_of(dates: &DateColumn, articles: &[u32]) -> Option<(DateKey, DateKey)> {
    let mut keys = articles.iter().filter_map(|&a| dates.get(a));
    let first = keys.next()?;
    Some(keys.fold((first, first), |(lo, hi), k| (lo.min(k), hi.max(k))))
}

/// `T` in the list or the reader: the timeline of the list, or of the
/// entity under the mention cursor in the reader.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    let here = mentions::entity_here(state).ok();
    let narrowed_to = match &state.list().source {
        Source::Subset(s) => match s.why {
            Narrowing::Entity(e) => Some(e),
            _ => None,
        },
        _ => None,
    };
    let entity = narrowed_to.or(here.map(|h| h.0));
    let on_mention = state.mode == Mode::Reader && here.is_some_and(|h| h.1.is_some());
    let subject = match (narrowed_to, here) {
        (Some(e), _) => Subject::Entity(e),
        (None, Some((e, _))) if on_mention => Subject::Entity(e),
        _ => Subject::List,
    };
    open_on(state, subject, entity, Action::Timeline)
}

/// The timeline of entity `e` in the list shown (from the entities pane).
pub fn open_entity(state: &mut AppState, e: u32) -> Vec<Effect> {
    open_on(state, Subject::Entity(e), Some(e), Action::Timeline)
}

fn open_on(
    state: &mut AppState,
    subject: Subject,
    entity: Option<u32>,
    again: Action,
) -> Vec<Effect> {
    let level = state.lists.depth();
    let articles = match pictures::list_articles(state, level, again) {
        Ok(a) => a,
        Err(fetch) => return fetch,
    };
    pictures::read_dates(state);
    let dates = &state.pictures.dates;
    let items = match subject {
        Subject::List => articles.iter().map(|&a| (a, 0)).collect(),
        Subject::Entity(e) => entity_items(state, e, &articles),
    };
    let mut view = TimelineView {
        subject,
        entity,
        level,
        span: span_of(dates, &articles),
        articles,
        items,
        unit: None,
        timeline: Timeline::fit(dates, [], 1, None),
        cursor: 0,
        offset: 0,
        table: false,
    };
    view.refit(dates, state.size);
    // The cursor starts on the open article's period, else the busiest.
    let open_at = state
        .reader
        .article
        .and_then(|a| dates.get(a))
        .and_then(|k| view.timeline.bar_of(k));
    let busiest = view
        .timeline
        .bars
        .iter()
        .enumerate()
        .max_by_key(|(i, b)| (b.tally.articles, std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    view.cursor = open_at.or(busiest).unwrap_or(0);
    view.keep_cursor_in_view(state.size);
    switch::open(state, Mode::Timeline(Box::new(view)));
    Vec::new()
}

/// Keys of the timeline.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let size = state.size;
    let Mode::Timeline(view) = &mut state.mode else {
        return Vec::new();
    };
    match action {
        Action::Down => view.step(1, size),
        Action::Up => view.step(-1, size),
        Action::PageDown | Action::HalfPageDown => view.step(PAGE, size),
        Action::PageUp | Action::HalfPageUp => view.step(-PAGE, size),
        Action::Top => view.step(isize::MIN / 2, size),
        Action::Bottom => view.step(isize::MAX / 2, size),
        Action::ToggleTable => view.table = !view.table,
        Action::Coarser | Action::Finer => {
            let now = view.timeline.unit;
            let next = if action == Action::Coarser {
                Unit::ALL.into_iter().find(|u| *u > now)
            } else {
                Unit::ALL.into_iter().rev().find(|u| *u < now)
            };
            match next {
                Some(u) => {
                    view.unit = Some(u);
                    view.refit(&state.pictures.dates, size);
                    if view.timeline.unit != u {
                        state.message = Some(format!(
                            "per {} would make more than {} bars",
                            u.name(),
                            facts::thousands(crate::pictures::MAX_BARS as usize)
                        ));
                    }
                }
                None => {
                    let which = if action == Action::Coarser {
                        "longest"
                    } else {
                        "shortest"
                    };
                    state.message = Some(format!("per {} is the {which} period", now.name()));
                }
            }
        }
        Action::ToggleSubject => return toggle_subject(state),
        Action::Open => narrow(state),
        Action::Back | Action::Quit | Action::Timeline => switch::close(state),
        _ => {}
    }
    Vec::new()
}

/// The mouse wheel over the timeline: the cursor moves by `by` periods.
pub fn wheel(state: &mut AppState, by: isize) {
    let size = state.size;
    if let Mode::Timeline(view) = &mut state.mode {
        view.step(by, size);
    }
}

/// Tab: from the list to the entity and back.
fn toggle_subject(state: &mut AppState) -> Vec<Effect> {
    let Mode::Timeline(view) = &state.mode else {
        return Vec::new();
    };
    let subject = match (view.subject, view.entity) {
        (Subject::List, Some(e)) => Subject::Entity(e),
        (Subject::Entity(_), _) => Subject::List,
        (Subject::List, None) => {
            state.message = Some(
                "no entity here: in the reader, put the cursor on a mention (] [) first".into(),
            );
            return Vec::new();
        }
    };
    let items = match subject {
        Subject::List => view.articles.iter().map(|&a| (a, 0)).collect(),
        Subject::Entity(e) => entity_items(state, e, &view.articles),
    };
    let size = state.size;
    if let Mode::Timeline(view) = &mut state.mode {
        view.subject = subject;
        view.items = items;
        view.refit(&state.pictures.dates, size);
    }
    Vec::new()
}

/// Enter: the list narrowed to the period under the cursor (the entity's
/// articles in it, for an entity: its articles first, then the period).
fn narrow(state: &mut AppState) {
    let Mode::Timeline(view) = &state.mode else {
        return;
    };
    let Some(bar) = view.bar().copied() else {
        state.message = Some("no dated article to narrow to".into());
        return;
    };
    let keys = bar.period.keys();
    let dates = &state.pictures.dates;
    let in_period = |a: &u32| dates.get(*a).is_some_and(|k| keys.contains(k));
    let (entity_level, articles): (Option<(u32, Vec<u32>)>, Vec<u32>) = match view.subject {
        Subject::List => (
            None,
            view.articles.iter().copied().filter(in_period).collect(),
        ),
        Subject::Entity(e) => {
            let all: Vec<u32> = view.items.iter().map(|&(a, _)| a).collect();
            let in_it = all.iter().copied().filter(in_period).collect();
            let shown = state.lists.get(view.level).map(|l| &l.source);
            let already = matches!(shown, Some(Source::Subset(s)) if s.why == Narrowing::Entity(e));
            (
                (!already && all.len() < view.articles.len()).then_some((e, all)),
                in_it,
            )
        }
    };
    let label = bar.period.label();
    if articles.is_empty() {
        state.message = Some(format!("no article in {label}"));
        return;
    }
    let n = articles.len();
    if let Some((e, all)) = entity_level {
        pictures::narrow(state, Narrowing::Entity(e), all);
    }
    pictures::narrow(state, Narrowing::Period(bar.period), articles);
    state.message = Some(format!(
        "{} in {label} (as {}) \u{b7} Esc: back",
        facts::counted(n, false, "article", "articles"),
        bar.period.query()
    ));
}
