//! The help overlay, drawn from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Theme;
use super::view::centered;
use crate::app::AppState;
use crate::app::keymap::HelpRow;

pub fn render(state: &AppState, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let rows = state.keymap.help_rows();
    let widest = |f: &dyn Fn(&HelpRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let key_w = widest(&|row| match row {
        HelpRow::Keys(keys, _) => keys.chars().count(),
        _ => 0,
    });
    let query_w = widest(&|row| match row {
        HelpRow::Syntax(q, _) => q.chars().count(),
        _ => 0,
    });
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| match row {
            HelpRow::Heading(title) => Line::from(Span::styled(*title, theme.title)),
            HelpRow::Blank => Line::default(),
            HelpRow::Keys(keys, help) => Line::from(vec![
                Span::styled(format!("  {keys:<key_w$}  "), theme.key),
                Span::raw(*help),
            ]),
            HelpRow::Syntax(q, what) => Line::from(vec![
                Span::styled(format!("  {q:<query_w$}  "), theme.key),
                Span::raw(*what),
            ]),
        })
        .collect();
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let height = lines.len() as u16 + 2;
    // Above the status bar, which says which mode this is.
    let r = centered(crate::app::pictures::view_area(area), width, height);
    Clear.render(r, buf);
    let inner_h = r.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(
            Block::bordered()
                .title(" Keys and queries ")
                .title_bottom(" \u{2191}\u{2193} scroll \u{b7} Esc close ")
                .border_style(theme.border_focused),
        )
        .render(r, buf);
}
