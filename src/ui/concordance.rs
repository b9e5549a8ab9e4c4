//! The concordance overlay: the mentions of one entity within the list
//! shown, one line each, aligned on the mention (keyword in context).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::view::centered;
use crate::app::AppState;
use crate::app::mentions::Concordance;
use crate::facts;
use crate::textview::kwic::kwic;
use crate::textview::safe::{fit, safe_line};

pub fn render(state: &AppState, c: &Concordance, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(
        area,
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2).max(1),
    );
    Clear.render(r, buf);
    let Some(res) = &state.analysis.resolution else {
        return;
    };
    let Some(e) = res.entities.get(c.entity as usize) else {
        return;
    };
    let articles = facts::articles_of(&c.rows).len();
    let narrowed = c.rows.len() < c.in_corpus;
    let where_ = if narrowed {
        format!(" in this list ({} in all)", facts::thousands(c.in_corpus))
    } else {
        String::new()
    };
    let title = format!(
        " {} ({}) \u{b7} {} in {}{where_} ",
        safe_line(&e.name),
        e.kind.label(),
        facts::counted(c.rows.len(), false, "mention", "mentions"),
        facts::counted(articles, false, "article", "articles"),
    );
    let block = Block::bordered()
        .title(title)
        .title_bottom(" Enter read \u{b7} Esc close ")
        .border_style(theme.border_focused);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let h = inner.height as usize;
    let sel = c.selected.min(c.rows.len().saturating_sub(1));
    let offset = sel.saturating_sub(h - 1);
    let title_w = (inner.width as usize / 4).clamp(8, 30);
    let ctx = (inner.width as usize).saturating_sub(title_w + 3) / 2;
    let mut spans_of = (u32::MAX, Default::default());
    for (row, &(a, m)) in c.rows.iter().enumerate().skip(offset).take(h) {
        let Some(article) = state.store.get(a) else {
            continue;
        };
        if spans_of.0 != a {
            spans_of = (a, state.mention_spans(a));
        }
        let Some(span) = spans_of.1.get(m as usize) else {
            continue;
        };
        let text = if span.in_title {
            &article.title
        } else {
            &article.body
        };
        let (left, mention, right) = kwic(text, span.range.clone(), ctx.saturating_sub(4), ctx + 4);
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
                theme
                    .entity(span.kind)
                    .add_modifier(Modifier::BOLD)
                    .patch(base),
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
    if c.rows.is_empty() {
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            "No mention in this list.",
            inner.width as usize - 1,
            theme.dim,
        );
    }
}
