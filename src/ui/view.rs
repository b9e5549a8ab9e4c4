//! The whole frame: panes, status bar, and the overlays open, bottom first.

use ratatui::Frame;

use super::{
    Theme, clips, concordance, cooccur, corrections, entities, help, list, overview, reader, saved,
    status, timeline, warnings,
};
use crate::app::{AppState, Mode};

/// Draws `state` into `frame`.
pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let panes = crate::app::layout::panes(area, state.focus());
    if let Some(r) = panes.reader {
        reader::render(state, theme, r, frame.buffer_mut());
    }
    if let Some(r) = panes.list {
        match entities_pane(state) {
            Some(pane) => entities::render(state, pane, theme, r, frame),
            None => list::render(state, theme, r, frame.buffer_mut()),
        }
    }
    status::render(state, theme, panes.status, frame);
    for mode in state.modes() {
        let buf = frame.buffer_mut();
        match mode {
            Mode::Help { scroll } => help::render(state, *scroll, theme, area, buf),
            Mode::Warnings { scroll } => warnings::render(state, *scroll, theme, area, buf),
            Mode::Concordance(c) => concordance::render(state, c, theme, area, buf),
            Mode::Correct(menu) => corrections::render_menu(state, menu, theme, frame),
            Mode::Corrections(pane) => corrections::render_pane(state, pane, theme, area, buf),
            Mode::Timeline(t) => timeline::render(state, t, theme, area, buf),
            Mode::Cooccurrence(c) => cooccur::render(state, c, theme, area, buf),
            Mode::Overview(o) => overview::render(state, o, theme, area, buf),
            Mode::Clips(p) => clips::render(state, p, theme, area, buf),
            Mode::Saved(p) => saved::render(p, theme, area, buf),
            Mode::List
            | Mode::Reader
            | Mode::Search { .. }
            | Mode::Entities(_)
            | Mode::Prompt(_)
            | Mode::Visual(_) => {}
        }
    }
}

/// The entities pane, when it is the pane nearest the top.
fn entities_pane(state: &AppState) -> Option<&crate::app::entities_pane::EntitiesPane> {
    let pane = state
        .modes()
        .rev()
        .find(|m| matches!(m, Mode::List | Mode::Reader | Mode::Entities(_)));
    match pane {
        Some(Mode::Entities(p)) => Some(p),
        _ => None,
    }
}

pub use crate::app::layout::centered;
pub use crate::facts::thousands;
