//! The concordance overlay: every mention of one entity across the corpus,
//! one line each, aligned on the mention (keyword in context).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::view::{centered, thousands};
use crate::app::AppState;
use crate::textview::kwic::kwic;
use crate::textview::safe::{fit, safe_line};

pub fn render(state: &AppState, entity: u32, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(
        area,
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2).max(1),
    );
    Clear.render(r, buf);
    let Some(res) = &state.analysis.resolution else {
        return;
    };
    let Some(e) = res.entities.get(entity as usize) else {
        return;
    };
    let postings = state
        .analysis
        .postings
        .get(entity as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut articles: Vec<u32> = postings.iter().map(|p| p.0).collect();
    articles.dedup();
    let title = format!(
        " {} ({}) \u{b7} {} mentions in {} articles ",
        safe_line(&e.name),
        e.kind.label(),
        thousands(postings.len()),
        thousands(articles.len())
    );
    let block = Block::bordered()
        .title(title)
        .title_bottom(" Enter open \u{b7} Esc close ")
        .border_style(theme.border_focused);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let h = inner.height as usize;
    let sel = state.overlay_scroll.min(postings.len().saturating_sub(1));
    let offset = sel.saturating_sub(h - 1);
    let title_w = (inner.width as usize / 4).clamp(8, 30);
    let ctx = (inner.width as usize).saturating_sub(title_w + 3) / 2;
    for (row, &(a, m)) in postings.iter().enumerate().skip(offset).take(h) {
        let Some(article) = state.store.get(a) else {
            continue;
        };
        let Some((range, kind, _)) = state.entity_spans(a).get(m as usize).cloned() else {
            continue;
        };
        let (left, mention, right) = kwic(&article.body, range, ctx.saturating_sub(4), ctx + 4);
        let base = if row == sel {
            theme.selected_unfocused
        } else {
            Style::new()
        };
        let line = Line::from(vec![
            Span::styled(
                format!("{:<title_w$} ", fit(&safe_line(&article.title), title_w)),
                theme.dim.patch(base),
            ),
            Span::styled(left, base),
            Span::styled(
                mention,
                theme.entity(kind).add_modifier(Modifier::BOLD).patch(base),
            ),
            Span::styled(right, base),
        ]);
        let y = inner.y + (row - offset) as u16;
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..inner
            },
            base,
        );
        buf.set_line(inner.x + 1, y, &line, inner.width - 1);
    }
}
