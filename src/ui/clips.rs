//! The clips pane (Y): every quote clipped, newest last, each with its
//! article, file and byte offsets.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::view::centered;
use crate::app::AppState;
use crate::app::marking::ClipsPane;
use crate::textview::safe::{fit, safe_line};

pub fn render(state: &AppState, pane: &ClipsPane, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(
        area,
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2).max(1),
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(" Clips ({}) ", pane.rows.len()))
        .title_bottom(" Enter open \u{b7} y copy with citation \u{b7} Esc close ")
        .border_style(theme.border_focused);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = inner.width.saturating_sub(2) as usize;
    let per = 2usize;
    let shown = (inner.height as usize / per).max(1);
    let first = pane.selected.saturating_sub(shown - 1);
    for (i, row) in pane.rows.iter().enumerate().skip(first).take(shown) {
        let y = inner.y + ((i - first) * per) as u16;
        let style = if i == pane.selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let title = row
            .article
            .and_then(|a| state.store.get(a))
            .map_or_else(|| "(not loaded)".to_owned(), |a| safe_line(&a.title));
        let quote = fit(&format!("\u{201c}{}\u{201d}", safe_line(&row.clip.text)), w);
        let cite = fit(
            &format!(
                "{} \u{b7} {} \u{b7} bytes {}..{}",
                title,
                safe_line(&row.clip.path),
                row.clip.start,
                row.clip.end
            ),
            w,
        );
        buf.set_style(
            Rect::new(inner.x, y, inner.width, 2.min(inner.bottom() - y)),
            style,
        );
        buf.set_line(inner.x + 1, y, &Line::from(Span::raw(quote)), w as u16);
        if y + 1 < inner.bottom() {
            buf.set_line(
                inner.x + 1,
                y + 1,
                &Line::from(Span::styled(cite, theme.dim)),
                w as u16,
            );
        }
    }
}
