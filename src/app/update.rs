//! Applying an [`Action`] to the [`AppState`]. A plain function: tests drive
//! it without a terminal.

use ratatui::layout::{Position, Rect};

use super::Action;
use super::entities_pane;
use super::keymap;
use super::layout;
use super::line_edit;
use super::mentions;
use super::search::RESULT_LIMIT;
use super::state::{AppState, Focus, ListState, Overlay};
use crate::textview::safe;

/// n / N look this many results ahead for one with hits in its text (a
/// result can match through its entities alone).
const MAX_ARTICLES_FOR_A_HIT: usize = 2_000;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// Carries out `action`.
pub fn update(state: &mut AppState, action: Action) {
    state.message = None;
    if let Some(overlay) = state.overlay
        && overlay_action(state, overlay, action)
    {
        return;
    }
    if state.entities_pane.is_some() && pane_action(state, action) {
        return;
    }
    match action {
        Action::EntitiesArticle => entities_pane::open(state, false),
        Action::EntitiesCorpus => entities_pane::open(state, true),
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, page(state) as isize),
        Action::PageUp => step(state, -(page(state) as isize)),
        Action::HalfPageDown => step(state, (page(state) / 2).max(1) as isize),
        Action::HalfPageUp => step(state, -((page(state) / 2).max(1) as isize)),
        Action::Top => step(state, isize::MIN / 2),
        Action::Bottom => step(state, isize::MAX / 2),
        // Enter on the current mention in the reader: all its mentions.
        Action::Open if state.focus == Focus::Reader && state.reader.mention.is_some() => {
            if let Some(entity) = mentions::current_or_leading(state) {
                open_overlay(state, Overlay::Mentions(entity));
            }
        }
        Action::Open => {
            state.show_selected();
            state.focus = Focus::Reader;
            state.rewrap();
        }
        Action::FocusNext | Action::FocusPrev => {
            state.focus = match state.focus {
                Focus::List => Focus::Reader,
                Focus::Reader => Focus::List,
            };
            after_focus_change(state);
        }
        Action::FocusList => {
            state.focus = Focus::List;
            after_focus_change(state);
        }
        Action::FocusReader => {
            state.show_selected();
            state.focus = Focus::Reader;
            after_focus_change(state);
        }
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleWarnings => open_overlay(state, Overlay::Warnings),
        Action::Back if state.search.active() => close_search(state),
        Action::Back if state.entity_filter.is_some() => entities_pane::clear_filter(state),
        Action::Back => {
            state.focus = Focus::List;
            after_focus_change(state);
        }
        Action::ToggleEntities => {
            state.show_entities = !state.show_entities;
            let word = if state.show_entities { "on" } else { "off" };
            state.message = Some(format!("entity highlighting {word}"));
        }
        Action::SearchOpen => {
            if state.search.saved.is_none() {
                state.search.saved = Some(state.list);
            }
            state.search.editing = true;
            state.search.history_pos = None;
            state.search.cursor = state.search.input.len();
        }
        Action::NextMention => mentions::step_mention(state, true),
        Action::PrevMention => mentions::step_mention(state, false),
        Action::NextSameEntity => mentions::jump_same(state, true),
        Action::PrevSameEntity => mentions::jump_same(state, false),
        Action::ShowMentions => match mentions::current_or_leading(state) {
            Some(entity) => open_overlay(state, Overlay::Mentions(entity)),
            None => state.message = Some("no entity here: move to a mention with ] or [".into()),
        },
        Action::NextHit => jump_hit(state, true),
        // Keys of the entities pane do nothing when it is closed.
        Action::PaneChar(_) | Action::PaneBackspace | Action::PaneKind | Action::PaneScope => {}
        Action::PrevHit => jump_hit(state, false),
        Action::QueryChar(c) => {
            let s = &mut state.search;
            line_edit::insert(&mut s.input, &mut s.cursor, c);
            query_edited(state);
        }
        Action::QueryEdit(edit) => {
            let s = &mut state.search;
            if line_edit::apply(&mut s.input, &mut s.cursor, edit) {
                query_edited(state);
            }
        }
        Action::QuerySubmit => {
            state.search.remember();
            state.search.editing = false;
            if state.search.active() {
                state.focus = Focus::List;
                after_focus_change(state);
            } else if state.search.input.trim().is_empty() {
                close_search(state);
            }
        }
        Action::QueryCancel => close_search(state),
        Action::QueryHistoryPrev | Action::QueryHistoryNext => {
            state
                .search
                .walk_history(action == Action::QueryHistoryPrev);
            run_query(state);
        }
        Action::Quit | Action::ForceQuit => state.should_quit = true,
        Action::Resize(w, h) => {
            state.size = Rect::new(0, 0, w, h);
            state.rewrap();
            state.keep_selection_visible();
        }
        Action::Click(x, y) => click(state, x, y),
        Action::Wheel(x, y, lines) => wheel(state, x, y, lines),
    }
}

/// Keys while an overlay is open; true when the action was used up. Keys
/// the overlay has no use for do nothing (they never reach the panes
/// behind it), except resizing and force-quit.
fn overlay_action(state: &mut AppState, overlay: Overlay, action: Action) -> bool {
    if let Overlay::Mentions(entity) = overlay {
        return mentions::concordance_action(state, entity, action);
    }
    // As far as the last line can come into view.
    let max = match overlay {
        Overlay::Help => {
            let shown = state.size.height.saturating_sub(2);
            keymap::help_rows().len().saturating_sub(usize::from(shown))
        }
        _ => {
            // Long warnings wrap (at word ends: allow a line more).
            let inner = layout::inner(layout::warnings_box(state.size));
            let cols = usize::from(inner.width).max(1);
            let wrapped = |n: usize| if n <= cols { 1 } else { n.div_ceil(cols) + 1 };
            let warnings = state.store.warnings().iter();
            let lines: usize = warnings
                .map(|w| wrapped(safe::width(&safe::safe_line(&w.to_string()))))
                .sum();
            lines.saturating_sub(usize::from(inner.height))
        }
    };
    let scroll = |s: &mut AppState, by: isize| {
        s.overlay_scroll = s.overlay_scroll.saturating_add_signed(by).min(max);
    };
    match action {
        Action::Back | Action::Quit => state.overlay = None,
        Action::ToggleHelp if overlay == Overlay::Help => state.overlay = None,
        Action::ToggleWarnings if overlay == Overlay::Warnings => state.overlay = None,
        Action::ToggleHelp => open_overlay(state, Overlay::Help),
        Action::ToggleWarnings => open_overlay(state, Overlay::Warnings),
        Action::Down => scroll(state, 1),
        Action::Up => scroll(state, -1),
        Action::PageDown | Action::HalfPageDown => scroll(state, 10),
        Action::PageUp | Action::HalfPageUp => scroll(state, -10),
        Action::Top => state.overlay_scroll = 0,
        Action::Bottom => state.overlay_scroll = max,
        Action::Wheel(_, _, n) => scroll(state, isize::from(n)),
        Action::Click(..) => state.overlay = None,
        Action::Resize(..) | Action::ForceQuit => return false,
        _ => {}
    }
    true
}

/// Keys while the entities pane is open; true when the action was used up.
fn pane_action(state: &mut AppState, action: Action) -> bool {
    let page = state.list_height().max(1) as isize * 2;
    let Some(pane) = state.entities_pane.as_mut() else {
        return false;
    };
    let last = pane.rows.len().saturating_sub(1);
    let mut refilter = true;
    match action {
        Action::Down => pane.selected = (pane.selected + 1).min(last),
        Action::Up => pane.selected = pane.selected.saturating_sub(1),
        Action::PageDown => pane.selected = pane.selected.saturating_add_signed(page).min(last),
        Action::PageUp => pane.selected = pane.selected.saturating_add_signed(-page),
        Action::Wheel(_, _, d) => {
            pane.selected = pane
                .selected
                .saturating_add_signed(isize::from(d))
                .min(last)
        }
        Action::PaneChar(c) => pane.filter.push(c),
        Action::PaneBackspace => {
            pane.filter.pop();
        }
        Action::PaneKind => pane.kind = entities_pane::next_kind(pane.kind),
        Action::PaneScope => pane.corpus = !pane.corpus,
        Action::Open => {
            entities_pane::choose(state);
            return true;
        }
        Action::EntitiesArticle | Action::EntitiesCorpus | Action::Back | Action::Quit => {
            state.entities_pane = None;
            return true;
        }
        _ => return false,
    }
    if matches!(
        action,
        Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Wheel(..)
    ) {
        refilter = false;
    }
    if refilter {
        pane.selected = 0;
        entities_pane::refresh(state);
    }
    true
}

fn query_edited(state: &mut AppState) {
    state.search.history_pos = None;
    run_query(state);
}

/// Runs the query line against the index (or keeps it for when the index is
/// ready). A query that does not parse keeps the last good results.
pub fn run_query(state: &mut AppState) {
    let query = state.search.input.trim().to_owned();
    if query.is_empty() {
        state.search.results = None;
        state.search.error = None;
        state.search.pending = false;
        restore_list(state);
        return;
    }
    let Some(index) = &state.analysis.index else {
        state.search.pending = true;
        return;
    };
    state.search.pending = false;
    match index.search(&query, RESULT_LIMIT) {
        Ok(results) => {
            state.search.results = Some(results);
            state.search.results_query = query;
            state.search.error = None;
            state.list = ListState::default();
            state.reader.article = None;
            state.show_selected();
        }
        Err(e) => state.search.error = Some(e.message),
    }
}

/// Closes the search: the full list comes back where it was.
fn close_search(state: &mut AppState) {
    state.search.remember();
    state.search.editing = false;
    state.search.input.clear();
    state.search.cursor = 0;
    state.search.error = None;
    state.search.pending = false;
    state.search.results = None;
    state.reader.hits.clear();
    state.reader.hit = None;
    restore_list(state);
    state.search.saved = None;
}

fn restore_list(state: &mut AppState) {
    if let Some(saved) = state.search.saved {
        state.list = saved;
        state.reader.article = None;
        state.show_selected();
        state.keep_selection_visible();
    }
}

/// n / N: the next or previous hit in the reader, on into the next or
/// previous result article at the ends (wrapping around the results).
fn jump_hit(state: &mut AppState, forward: bool) {
    let rows = state.row_count();
    if !state.search.active() {
        state.message = Some("no search: press / to search".into());
        return;
    }
    if rows == 0 {
        state.message = Some("no matches to jump to".into());
        return;
    }
    let hits = state.reader.hits.len();
    let next = match (state.reader.hit, forward) {
        (Some(h), true) if h + 1 < hits => Some(h + 1),
        (Some(h), false) if h > 0 => Some(h - 1),
        (None, true) if hits > 0 => Some(0),
        (None, false) if hits > 0 => Some(hits - 1),
        _ => None,
    };
    if let Some(h) = next {
        state.reader.hit = Some(h);
        state.scroll_to_hit();
        return;
    }
    // Into the neighbouring result that has hits in its text, fetching more
    // results on the way (wrapping backwards goes to the very last match).
    let mut row = state
        .reader
        .article
        .and_then(|a| state.row_of(a))
        .unwrap_or(state.list.selected);
    let total = state.search.results.as_ref().map_or(0, |r| r.total);
    let mut wrapped = false;
    let looked_at = total.max(rows).min(MAX_ARTICLES_FOR_A_HIT);
    for _ in 0..looked_at {
        if forward && row.saturating_add(1) >= state.row_count() {
            fetch_more_results(state, row.saturating_add(1 + page(state)));
        } else if !forward && row == 0 {
            fetch_more_results(state, usize::MAX);
        }
        let rows = state.row_count();
        wrapped |= if forward { row + 1 >= rows } else { row == 0 };
        row = if forward {
            (row + 1) % rows
        } else {
            (row + rows - 1) % rows
        };
        state.list.selected = row;
        state.keep_selection_visible();
        state.show_selected();
        let n = state.reader.hits.len();
        if n > 0 {
            state.reader.hit = Some(if forward { 0 } else { n - 1 });
            state.scroll_to_hit();
            if wrapped {
                let from = if forward { "first" } else { "last" };
                let at = state.position_label();
                state.message = Some(format!("{at} \u{b7} wrapped to the {from} result"));
            }
            return;
        }
    }
    state.message = Some(format!(
        "no hits in the text of {looked_at} results (they match through their entities)"
    ));
}

fn open_overlay(state: &mut AppState, overlay: Overlay) {
    state.overlay = Some(overlay);
    state.overlay_scroll = 0;
}

fn after_focus_change(state: &mut AppState) {
    // On a narrow screen the other pane becomes visible with another size.
    state.rewrap();
    state.keep_selection_visible();
}

/// The page size of the focused pane.
fn page(state: &AppState) -> usize {
    match state.focus {
        Focus::List => state.list_height(),
        Focus::Reader => state.reader_height(),
    }
    .max(1)
}

/// Moves the focused pane by `by` lines (selection in the list, scroll in
/// the reader), clamped at the ends.
fn step(state: &mut AppState, by: isize) {
    match state.focus {
        Focus::List => move_selection(state, by),
        Focus::Reader => scroll_reader(state, by),
    }
}

fn move_selection(state: &mut AppState, by: isize) {
    let target = state.list.selected.saturating_add_signed(by);
    fetch_more_results(state, target.saturating_add(page(state)));
    let n = state.row_count();
    if n == 0 {
        return;
    }
    state.list.selected = state.list.selected.saturating_add_signed(by).min(n - 1);
    state.keep_selection_visible();
    state.show_selected();
}

/// Asks the index for more results when the list would run past those it
/// has, so that `rows` of them are there (or all there are). A query asks
/// for [`RESULT_LIMIT`] at first: enough for a keystroke, not for `G`.
fn fetch_more_results(state: &mut AppState, rows: usize) {
    let (Some(r), Some(index)) = (&state.search.results, &state.analysis.index) else {
        return;
    };
    let have = r.hits.len();
    if rows <= have || have >= r.total {
        return;
    }
    let limit = rows.max(have.saturating_mul(2)).min(r.total);
    // The query ran before, so it parses; were it to fail, the list stays.
    if let Ok(more) = index.search(&state.search.results_query, limit) {
        state.search.results = Some(more);
    }
}

fn scroll_reader(state: &mut AppState, by: isize) {
    let max = state.reader_max_scroll();
    state.reader.scroll = state.reader.scroll.saturating_add_signed(by).min(max);
}

fn contains(r: Option<Rect>, x: u16, y: u16) -> Option<Rect> {
    r.filter(|r| r.contains(Position::new(x, y)))
}

fn click(state: &mut AppState, x: u16, y: u16) {
    let panes = state.panes();
    if let Some(list) = contains(panes.list, x, y) {
        state.focus = Focus::List;
        let inner = layout::inner(list);
        if inner.contains(Position::new(x, y)) {
            let row = state.list.offset + (y - inner.y) as usize / super::state::LIST_ROW_HEIGHT;
            if row < state.row_count() {
                state.list.selected = row;
                state.show_selected();
            }
        }
        after_focus_change(state);
    } else if let Some(reader) = contains(panes.reader, x, y) {
        state.focus = Focus::Reader;
        after_focus_change(state);
        // A click on a mention makes it the current one.
        let text = layout::reader_text(reader);
        if let (Some(line), Some(col)) = (y.checked_sub(text.y), x.checked_sub(text.x))
            && let Some(pos) =
                body_offset_at(state, state.reader.scroll + line as usize, col as usize)
            && let Some(article) = state.reader.article
            && let Some(i) = state
                .entity_spans(article)
                .iter()
                .position(|s| s.0.contains(&pos))
        {
            state.reader.mention = Some(i);
        }
    }
}

/// The body byte shown at column `col` of reader line `line`, measured as
/// the reader draws it (white space runs as one column, controls visible).
fn body_offset_at(state: &AppState, line: usize, col: usize) -> Option<usize> {
    let super::state::ReaderLine::Body(range) = state.reader.lines.get(line)? else {
        return None;
    };
    let body = &state.store.get(state.reader.article?)?.body;
    let mut x = 0;
    let mut in_space = false;
    for (i, c) in body.get(range.clone())?.char_indices() {
        let w = if crate::textview::safe::is_space(c) {
            if in_space {
                continue;
            }
            in_space = true;
            1
        } else {
            in_space = false;
            crate::textview::safe::shown(c).width()
        };
        if col < x + w {
            return Some(range.start + i);
        }
        x += w;
    }
    None
}

fn wheel(state: &mut AppState, x: u16, y: u16, notches: i8) {
    let panes = state.panes();
    let by = isize::from(notches) * WHEEL_LINES;
    if contains(panes.list, x, y).is_some() {
        // Scroll the view; the selection follows only when it would leave it.
        let h = state.list_height().max(1);
        if by > 0 {
            let wanted = state.list.offset.saturating_add(h + by.unsigned_abs());
            fetch_more_results(state, wanted.saturating_add(page(state)));
        }
        let max_offset = state.row_count().saturating_sub(h);
        state.list.offset = state.list.offset.saturating_add_signed(by).min(max_offset);
        let sel = state
            .list
            .selected
            .clamp(state.list.offset, state.list.offset + h - 1);
        if sel != state.list.selected && sel < state.row_count() {
            state.list.selected = sel;
            state.show_selected();
        }
    } else if contains(panes.reader, x, y).is_some() {
        scroll_reader(state, by);
    }
}
