//! The status bar: focused pane, position, load progress, warnings, key hint.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use super::view::thousands;
use crate::app::{AppState, Focus};

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    buf.set_style(area, theme.status);
    let mode = match state.focus {
        Focus::List => " LIST ",
        Focus::Reader => " READER ",
    };
    let mut spans = vec![Span::styled(mode, theme.status_mode), Span::raw(" ")];
    spans.push(Span::raw(state.position_label()));
    let p = state.store.progress();
    if !p.finished {
        let total = p.files_total.map_or_else(|| "?".to_owned(), thousands);
        spans.push(Span::raw(format!(
            " \u{b7} loading {}/{} files",
            thousands(p.files_done),
            total
        )));
    }
    let n = state.store.warnings().len();
    if n > 0 {
        let s = if n == 1 { "" } else { "s" };
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(
            format!("\u{26a0} {} warning{s} (w)", thousands(n)),
            theme.warning,
        ));
    }
    let left = Line::from(spans);
    let hint = "? help  q quit ";
    let left_w = left.width() as u16;
    buf.set_line(area.x, area.y, &left, area.width);
    let hint_w = hint.len() as u16;
    if left_w + hint_w < area.width {
        buf.set_string(area.right() - hint_w, area.y, hint, theme.status);
    }
}
