//! The help overlay, drawn from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Theme;
use super::view::centered;
use crate::app::AppState;
use crate::app::keymap::{BINDINGS, keys_label};

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let key_w = BINDINGS
        .iter()
        .map(|b| keys_label(b).chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = Vec::new();
    let mut section = None;
    for b in BINDINGS {
        if section != Some(b.section) {
            if section.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(b.section.title(), theme.title)));
            section = Some(b.section);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<key_w$}  ", keys_label(b)), theme.key),
            Span::raw(b.help),
        ]));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let inner_h = r.height.saturating_sub(2) as usize;
    let scroll = state
        .overlay_scroll
        .min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(
            Block::bordered()
                .title(" Keys ")
                .title_bottom(" Esc close ")
                .border_style(theme.border_focused),
        )
        .render(r, buf);
}
