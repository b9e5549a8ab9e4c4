//! The whole frame: panes, status bar, and any overlay on top.

use ratatui::Frame;

use super::{Theme, concordance, entities, help, list, reader, status, warnings};
use crate::app::{AppState, Overlay};

/// Draws `state` into `frame`.
pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let panes = crate::app::layout::panes(area, state.focus);
    if let Some(r) = panes.reader {
        reader::render(state, theme, r, frame.buffer_mut());
    }
    match (panes.list, &state.entities_pane) {
        (Some(r), Some(pane)) => entities::render(state, pane, theme, r, frame),
        (Some(r), None) => list::render(state, theme, r, frame.buffer_mut()),
        (None, _) => {}
    }
    status::render(state, theme, panes.status, frame);
    let buf = frame.buffer_mut();
    match state.overlay {
        Some(Overlay::Help) => help::render(state, theme, area, buf),
        Some(Overlay::Warnings) => warnings::render(state, theme, area, buf),
        Some(Overlay::Mentions(entity)) => concordance::render(state, entity, theme, area, buf),
        None => {}
    }
}

/// Formats `n` with thousands separators: 12,345.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub use crate::app::layout::centered;
