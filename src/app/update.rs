//! Applying an [`Action`] to the [`AppState`]. A plain function: tests drive
//! it without a terminal.

use ratatui::layout::{Position, Rect};

use super::Action;
use super::layout;
use super::state::{AppState, Focus, Overlay};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// Carries out `action`.
pub fn update(state: &mut AppState, action: Action) {
    if let Some(overlay) = state.overlay
        && overlay_action(state, overlay, action)
    {
        return;
    }
    match action {
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, page(state) as isize),
        Action::PageUp => step(state, -(page(state) as isize)),
        Action::HalfPageDown => step(state, (page(state) / 2).max(1) as isize),
        Action::HalfPageUp => step(state, -((page(state) / 2).max(1) as isize)),
        Action::Top => step(state, isize::MIN / 2),
        Action::Bottom => step(state, isize::MAX / 2),
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
        Action::Back => {
            state.focus = Focus::List;
            after_focus_change(state);
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

/// Keys while an overlay is open; true when the action was used up.
fn overlay_action(state: &mut AppState, overlay: Overlay, action: Action) -> bool {
    let scroll = |s: &mut AppState, by: isize| {
        s.overlay_scroll = s.overlay_scroll.saturating_add_signed(by);
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
        Action::Wheel(_, _, n) => scroll(state, isize::from(n)),
        Action::Click(..) => state.overlay = None,
        // Resizing and force-quit work as always.
        _ => return false,
    }
    true
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
    let n = state.store.len();
    if n == 0 {
        return;
    }
    state.list.selected = state.list.selected.saturating_add_signed(by).min(n - 1);
    state.keep_selection_visible();
    state.show_selected();
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
            if row < state.store.len() {
                state.list.selected = row;
                state.show_selected();
            }
        }
        after_focus_change(state);
    } else if contains(panes.reader, x, y).is_some() {
        state.focus = Focus::Reader;
        after_focus_change(state);
    }
}

fn wheel(state: &mut AppState, x: u16, y: u16, notches: i8) {
    let panes = state.panes();
    let by = isize::from(notches) * WHEEL_LINES;
    if contains(panes.list, x, y).is_some() {
        // Scroll the view; the selection follows only when it would leave it.
        let h = state.list_height().max(1);
        let max_offset = state.store.len().saturating_sub(h);
        state.list.offset = state.list.offset.saturating_add_signed(by).min(max_offset);
        let sel = state
            .list
            .selected
            .clamp(state.list.offset, state.list.offset + h - 1);
        if sel != state.list.selected && sel < state.store.len() {
            state.list.selected = sel;
            state.show_selected();
        }
    } else if contains(panes.reader, x, y).is_some() {
        scroll_reader(state, by);
    }
}
