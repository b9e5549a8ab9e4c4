//! The saved-searches pane ('): each search with its matches now and the
//! matching articles that arrived since it was last opened ("3 new").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::view::{centered, thousands};
use crate::app::marking::SavedPane;
use crate::textview::safe::{fit, safe_line};

pub fn render(pane: &SavedPane, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(
        area,
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2).max(1),
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(" Saved searches ({}) ", pane.rows.len()))
        .title_bottom(" Enter run \u{b7} Esc close ")
        .border_style(theme.border_focused);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = inner.width.saturating_sub(2) as usize;
    let shown = (inner.height as usize).max(1);
    let first = pane.selected.saturating_sub(shown - 1);
    for (i, row) in pane.rows.iter().enumerate().skip(first).take(shown) {
        let y = inner.y + (i - first) as u16;
        let style = if i == pane.selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let counts = match row.matches {
            _ if !row.counted => "counting\u{2026}".to_owned(),
            Some(n) if row.new > 0 => format!("{} \u{b7} {} new", thousands(n), thousands(row.new)),
            Some(n) => thousands(n),
            None => "does not run".to_owned(),
        };
        let text = fit(
            &format!(
                "{}  {}  ({counts})",
                safe_line(&row.search.name),
                safe_line(&row.search.query)
            ),
            w,
        );
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        buf.set_line(inner.x + 1, y, &Line::from(Span::raw(text)), w as u16);
    }
}
