//! The overlay listing what could not be loaded, after where the workspace
//! is and what is wrong with it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::Theme;
use crate::app::AppState;
use crate::app::layout::warnings_box;
use crate::textview::safe::safe_line;

pub fn render(state: &AppState, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let warnings = state.store.warnings();
    // The workspace (where it is, what is wrong with it) comes first.
    let mut lines: Vec<Line> = state
        .workspace
        .report()
        .iter()
        .map(|w| Line::from(safe_line(w)))
        .collect();
    if warnings.is_empty() {
        lines.push(Line::from("Everything loaded without a problem."));
    } else {
        lines.extend(
            warnings
                .iter()
                .map(|w| Line::from(safe_line(&w.to_string()))),
        );
    }
    let r = warnings_box(area);
    Clear.render(r, buf);
    let title = format!(" Load warnings ({}) ", warnings.len());
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
