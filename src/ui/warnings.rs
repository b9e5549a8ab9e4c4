//! The overlay listing what could not be loaded.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::Theme;
use crate::app::AppState;
use crate::app::layout::warnings_box;
use crate::textview::safe::safe_line;

pub fn render(state: &AppState, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let warnings = state.warning_lines();
    let lines: Vec<Line> = if warnings.is_empty() {
        vec![Line::from("Everything loaded without a problem.")]
    } else {
        warnings.iter().map(|w| Line::from(safe_line(w))).collect()
    };
    let r = warnings_box(area);
    Clear.render(r, buf);
    let title = if state.config_problems.is_empty() {
        format!(" Load warnings ({}) ", warnings.len())
    } else {
        format!(" Configuration and load warnings ({}) ", warnings.len())
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(
            Block::bordered()
                .title(title)
                .title_bottom(" Esc close ")
                .border_style(theme.border_focused),
        )
        .render(r, buf);
}
