//! The overview view: what the collection holds, at a glance. Articles and
//! words; articles per source, folder or file; per period (a short
//! timeline, as rows); the most named people, places, organisations and
//! other names; how much of it the reader has read and marked. Every count
//! is written beside its bar.
//!
//! The view's lines are data ([`rows`]): the drawing lays them out and
//! `update` scrolls them, from the same list. From 100 columns on, the
//! entities go in a second column.

use ratatui::layout::Rect;

use super::effect::Effect;
use super::mode::Mode;
use super::pictures::{self, view_area};
use super::state::AppState;
use super::{Action, layout, switch};
use crate::entities::EntityKind;
use crate::facts::{counted, thousands};
use crate::pictures::{Overview, Timeline, overview};

/// Entities listed per kind.
pub const TOP: usize = 10;
/// Sources, folders or files listed.
pub const GROUPS: usize = 10;
/// Most rows of the dates' bars.
pub const DATE_ROWS: usize = 16;
/// From this inner width on, two columns.
pub const TWO_COLUMNS: u16 = 100;

/// The overview view's state.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewView {
    pub overview: Overview,
    /// Every article by period, in at most [`DATE_ROWS`] periods.
    pub by_date: Timeline,
    /// First line shown.
    pub scroll: usize,
}

/// One line of the overview.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Heading(String),
    Text(String),
    /// A labelled bar: `value` of `peak`, coloured by `kind` when given.
    Bar {
        label: String,
        value: u64,
        peak: u64,
        kind: Option<EntityKind>,
    },
    Blank,
}

/// `O`: the overview of the whole collection.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    pictures::read_dates(state);
    let dates = &state.pictures.dates;
    let o = overview(
        state.store.articles(),
        dates,
        state.analysis.presence.as_deref(),
        TOP,
    );
    let by_date = Timeline::fit(
        dates,
        (0..state.store.len() as u32).map(|a| (a, 0)),
        DATE_ROWS,
        None,
    );
    switch::open(
        state,
        Mode::Overview(Box::new(OverviewView {
            overview: o,
            by_date,
            scroll: 0,
        })),
    );
    Vec::new()
}

/// The overview in two columns on a screen of `size`.
pub fn two_columns(size: Rect) -> bool {
    layout::inner(view_area(size)).width >= TWO_COLUMNS
}

fn plural(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Place => "Places",
        EntityKind::Org => "Organisations",
        EntityKind::Misc => "Other names",
        EntityKind::Date => "Dates",
    }
}

/// The lines of the overview: the collection (counts, sources, dates),
/// then the entities.
pub fn rows(state: &AppState, view: &OverviewView) -> (Vec<Row>, Vec<Row>) {
    let o = &view.overview;
    let mut left = vec![Row::Heading("Collection".into())];
    let per = (o.words as usize).checked_div(o.articles).unwrap_or(0);
    left.push(Row::Text(format!(
        "{} \u{b7} {} ({} per article)",
        counted(o.articles, false, "article", "articles"),
        counted(o.words as usize, false, "word", "words"),
        thousands(per)
    )));
    left.push(Row::Text(match o.span {
        Some((first, last)) => format!(
            "{} dated, {first} to {last} \u{b7} {} undated",
            thousands(o.dated),
            thousands(o.articles.saturating_sub(o.dated))
        ),
        None => "No article has a date.".into(),
    }));
    if let Some(work) = your_work(state) {
        left.push(Row::Text(work));
    }
    if let Some(by) = o.groups.by {
        left.push(Row::Blank);
        left.push(Row::Heading(format!(
            "By {} ({})",
            by.name(),
            thousands(o.groups.rows.len())
        )));
        let peak = o.groups.rows.first().map_or(0, |r| r.1) as u64;
        for (label, n) in o.groups.rows.iter().take(GROUPS) {
            left.push(Row::Bar {
                label: label.clone(),
                value: *n as u64,
                peak,
                kind: None,
            });
        }
        let rest = &o.groups.rows[GROUPS.min(o.groups.rows.len())..];
        if !rest.is_empty() {
            let n: usize = rest.iter().map(|r| r.1).sum();
            left.push(Row::Text(format!(
                "\u{2026} {} more with {}",
                thousands(rest.len()),
                counted(n, false, "article", "articles")
            )));
        }
    }
    let t = &view.by_date;
    if !t.bars.is_empty() {
        left.push(Row::Blank);
        left.push(Row::Heading(format!("By date (per {})", t.unit.name())));
        let peak = u64::from(t.peak().articles);
        for b in &t.bars {
            left.push(Row::Bar {
                label: b.period.label(),
                value: u64::from(b.tally.articles),
                peak,
                kind: None,
            });
        }
        if t.undated.articles > 0 {
            left.push(Row::Text(format!(
                "{} undated",
                thousands(t.undated.articles as usize)
            )));
        }
    }
    let mut right = Vec::new();
    let res = state.analysis.resolution.as_ref();
    if o.kinds.is_empty() {
        right.push(Row::Heading("Entities".into()));
        right.push(Row::Text(
            "Still being found\u{2026} (open the overview again later)".into(),
        ));
    }
    for k in &o.kinds {
        if !right.is_empty() {
            right.push(Row::Blank);
        }
        right.push(Row::Heading(format!(
            "{} ({} named) \u{b7} articles naming each",
            plural(k.kind),
            thousands(k.entities)
        )));
        let peak = k.top.first().map_or(0, |t| t.1) as u64;
        for &(e, n) in &k.top {
            let name = res
                .and_then(|r| r.entities.get(e as usize))
                .map_or_else(String::new, |e| e.name.clone());
            right.push(Row::Bar {
                label: name,
                value: u64::from(n),
                peak,
                kind: Some(k.kind),
            });
        }
        if k.top.is_empty() {
            right.push(Row::Text("none".into()));
        }
    }
    (left, right)
}

/// "Read 120 of 2,225 (5%) · 8 starred · 3 with notes · 2 tags", once the
/// reader's marks are in (nothing without a workspace's marks).
fn your_work(state: &AppState) -> Option<String> {
    let marks = &state.marks;
    let n = state.store.len();
    if marks.len() != n || n == 0 {
        return None;
    }
    let (mut starred, mut notes) = (0, 0);
    for m in (0..n).filter_map(|i| marks.get(i)) {
        starred += usize::from(m.starred);
        notes += usize::from(m.note.is_some());
    }
    let read = n - marks.unread().min(n);
    Some(format!(
        "Read {} of {} ({}%) \u{b7} {} starred \u{b7} {} \u{b7} {}",
        thousands(read),
        thousands(n),
        read * 100 / n,
        thousands(starred),
        counted(notes, false, "with a note", "with notes"),
        counted(marks.tags_used().len(), false, "tag", "tags"),
    ))
}

/// Lines shown at once.
fn height(size: Rect) -> usize {
    layout::inner(view_area(size)).height as usize
}

/// How far the overview scrolls: until its last line is in view.
fn max_scroll(state: &AppState, view: &OverviewView) -> usize {
    let (left, right) = rows(state, view);
    let lines = if two_columns(state.size) {
        left.len().max(right.len())
    } else {
        left.len() + 1 + right.len()
    };
    lines.saturating_sub(height(state.size))
}

/// Keys of the overview.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let max = match &state.mode {
        Mode::Overview(view) => max_scroll(state, view),
        _ => return Vec::new(),
    };
    let page = height(state.size).max(1) as isize;
    let Mode::Overview(view) = &mut state.mode else {
        return Vec::new();
    };
    let moved = |s: usize, by: isize| s.saturating_add_signed(by).min(max);
    match action {
        Action::Down => view.scroll = moved(view.scroll, 1),
        Action::Up => view.scroll = moved(view.scroll, -1),
        Action::PageDown | Action::HalfPageDown => view.scroll = moved(view.scroll, page),
        Action::PageUp | Action::HalfPageUp => view.scroll = moved(view.scroll, -page),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = max,
        Action::Back | Action::Quit | Action::Overview => switch::close(state),
        _ => {}
    }
    Vec::new()
}

/// The mouse wheel over the overview: `by` lines.
pub fn wheel(state: &mut AppState, by: isize) {
    let max = match &state.mode {
        Mode::Overview(view) => max_scroll(state, view),
        _ => return,
    };
    if let Mode::Overview(view) = &mut state.mode {
        view.scroll = view.scroll.saturating_add_signed(by).min(max);
    }
}
