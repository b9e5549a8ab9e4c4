//! The article list: two lines per article (title; date, source, words).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Theme;
use super::view::thousands;
use crate::app::{AppState, Focus};
use crate::corpus::Article;
use crate::textview::safe::{fit, safe_line};

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Focus::List;
    let progress = state.store.progress();
    let count = thousands(state.store.len());
    let title = if progress.finished {
        format!(" Articles ({count}) ")
    } else {
        format!(" Articles ({count}, loading\u{2026}) ")
    };
    let block = Block::bordered().title(title).border_style(if focused {
        theme.border_focused
    } else {
        theme.border
    });
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if state.store.is_empty() {
        let msg = if progress.finished {
            "No articles."
        } else {
            "Loading\u{2026}"
        };
        buf.set_stringn(inner.x, inner.y, msg, inner.width as usize, theme.dim);
        return;
    }
    let rows = crate::app::state::list_rows(inner.height);
    let articles = state.store.articles();
    for (i, article) in articles
        .iter()
        .enumerate()
        .skip(state.list.offset)
        .take(rows)
    {
        let y = inner.y + ((i - state.list.offset) * crate::app::state::LIST_ROW_HEIGHT) as u16;
        let selected = i == state.list.selected;
        let style = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.selected_unfocused,
            _ => Style::new(),
        };
        let row = Rect {
            y,
            height: (inner.bottom() - y).min(2),
            ..inner
        };
        buf.set_style(row, style);
        let text_w = inner.width.saturating_sub(2);
        let title = fit(&safe_line(&article.title), text_w as usize);
        buf.set_line(
            inner.x + 1,
            y,
            &Line::from(Span::styled(title, theme.title)),
            text_w,
        );
        if row.height > 1 {
            let meta_style = if selected { Style::new() } else { theme.dim };
            let meta = fit(&meta_line(article), text_w as usize);
            buf.set_stringn(inner.x + 1, y + 1, meta, text_w as usize, meta_style);
        }
    }
}

/// "2018-04-03 · seeds/003.txt · 512 words"
fn meta_line(a: &Article) -> String {
    let mut parts = Vec::with_capacity(3);
    if let Some(d) = &a.date {
        parts.push(safe_line(d));
    }
    parts.push(source_name(a));
    parts.push(format!("{} words", thousands(a.words as usize)));
    parts.join(" \u{b7} ")
}

/// The article's source, or the last two parts of its path.
pub fn source_name(a: &Article) -> String {
    if let Some(s) = &a.source {
        return safe_line(s);
    }
    let parts: Vec<_> = a.path.iter().map(|p| p.to_string_lossy()).collect();
    let tail = &parts[parts.len().saturating_sub(2)..];
    safe_line(&tail.join("/"))
}
