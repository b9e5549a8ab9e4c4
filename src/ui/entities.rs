//! The entities pane, drawn in place of the article list: a filter line,
//! then one entity per line with type and mention counts.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Theme;
use super::view::thousands;
use crate::app::AppState;
use crate::app::entities_pane::EntitiesPane;
use crate::textview::safe::{fit, safe_line, width};

pub fn render(state: &AppState, pane: &EntitiesPane, theme: &Theme, area: Rect, frame: &mut Frame) {
    let scope = if pane.corpus {
        "corpus"
    } else {
        "this article"
    };
    let kind = pane.kind.map_or("all types", |k| k.label());
    let block = Block::bordered()
        .title(format!(
            " Entities \u{b7} {scope} \u{b7} {kind} ({}) ",
            thousands(pane.rows.len())
        ))
        .title_bottom(" Tab type \u{b7} Ctrl-a scope \u{b7} Enter list articles ")
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if inner.width < 2 || inner.height == 0 {
        return;
    }
    let filter = safe_line(&pane.filter);
    let prompt = Line::from(vec![
        Span::styled("> ", theme.key),
        Span::raw(filter.clone()),
    ]);
    frame
        .buffer_mut()
        .set_line(inner.x, inner.y, &prompt, inner.width);
    let cursor_x = inner.x + 2 + width(&filter) as u16;
    if cursor_x < inner.right() && state.overlay.is_none() {
        frame.set_cursor_position(Position::new(cursor_x, inner.y));
    }
    let Some(res) = &state.analysis.resolution else {
        return;
    };
    let h = inner.height.saturating_sub(1) as usize;
    if h == 0 {
        return;
    }
    let offset = pane.selected.saturating_sub(h - 1);
    let counts_w = 14usize;
    let name_w = (inner.width as usize).saturating_sub(counts_w + 7);
    let buf = frame.buffer_mut();
    for (i, row) in pane.rows.iter().enumerate().skip(offset).take(h) {
        let Some(e) = res.entities.get(row.entity as usize) else {
            continue;
        };
        let y = inner.y + 1 + (i - offset) as u16;
        let base = if i == pane.selected {
            theme.selected_unfocused
        } else {
            Style::new()
        };
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..inner
            },
            base,
        );
        let line = Line::from(vec![
            Span::styled(
                format!(" {:<name_w$}", fit(&safe_line(&e.name), name_w)),
                theme.entity(e.kind).patch(base),
            ),
            Span::styled(format!(" {:<4}", e.kind.label()), theme.dim.patch(base)),
            Span::styled(
                format!(" {:>5} {:>7}", row.in_article, thousands(row.in_corpus)),
                base,
            ),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}
