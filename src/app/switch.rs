//! Switching modes: open one over the active mode, close it (the one
//! behind comes back as it was), bring a pane to the front.

use super::mode::Mode;
use super::reader;
use super::state::{AppState, Focus};

/// Opens `mode` over the active one.
pub fn open(state: &mut AppState, mode: Mode) {
    let behind = std::mem::replace(&mut state.mode, mode);
    state.behind.push(behind);
}

/// Closes the active mode; the one behind it takes the keys again. The
/// bottom mode (the list or the reader) never closes.
pub fn close(state: &mut AppState) {
    if let Some(mode) = state.behind.pop() {
        state.mode = mode;
    }
}

/// Puts `mode` in the place of the active one (the help and the warnings
/// take each other's place).
pub fn replace(state: &mut AppState, mode: Mode) {
    state.mode = mode;
}

/// Gives the keys to a pane, when a pane has them (not under an overlay or
/// a line).
pub fn focus(state: &mut AppState, pane: Focus) {
    if !matches!(state.mode, Mode::List | Mode::Reader) {
        return;
    }
    state.mode = match pane {
        Focus::List => Mode::List,
        Focus::Reader => Mode::Reader,
    };
    if pane == Focus::Reader && state.reader.mention.is_none() {
        super::mentions::cursor_to_view(state);
    }
    // On a narrow screen the other pane comes into view with another size.
    reader::layout_changed(state);
}
