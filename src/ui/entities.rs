//! The entities pane, drawn in place of the article list: a filter line,
//! column headings, then one entity per line with its type and mention
//! counts, the characters the filter matched marked.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Theme;
use super::view::thousands;
use crate::app::entities_pane::{EntitiesPane, Filter};
use crate::app::{AppState, Mode};
use crate::textview::safe::{fit, safe_line, width};

/// Columns of the two counts and the type, with their spaces.
const COUNTS_W: usize = 22;

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
        .title_bottom(" Tab type \u{b7} Ctrl-a scope ")
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
    let before_cursor = safe_line(pane.filter.get(..pane.cursor).unwrap_or_default());
    let cursor_x = inner.x + 2 + width(&before_cursor) as u16;
    if cursor_x < inner.right() && matches!(state.mode, Mode::Entities(_)) {
        frame.set_cursor_position(Position::new(cursor_x, inner.y));
    }
    let Some(res) = &state.analysis.resolution else {
        return;
    };
    let name_w = (inner.width as usize).saturating_sub(COUNTS_W + 1);
    let buf = frame.buffer_mut();
    if inner.height > 1 {
        let heading = format!(
            " {:<name_w$} {:<4} {:>7} {:>7}",
            "entity", "type", "article", "corpus"
        );
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            heading,
            inner.width as usize,
            theme.dim,
        );
    }
    let h = inner.height.saturating_sub(2) as usize;
    if h == 0 {
        return;
    }
    let offset = pane.selected.saturating_sub(h - 1);
    let mut matcher = Filter::new(&pane.filter);
    for (i, row) in pane.rows.iter().enumerate().skip(offset).take(h) {
        let Some(e) = res.entities.get(row.entity as usize) else {
            continue;
        };
        let y = inner.y + 2 + (i - offset) as u16;
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
        let alias = row
            .alias
            .and_then(|a| e.aliases.get(a as usize))
            .map(String::as_str);
        let mut spans = vec![Span::styled(" ", base)];
        spans.extend(name_spans(
            &e.name,
            alias,
            &mut matcher,
            name_w,
            theme.entity(e.kind).patch(base),
        ));
        spans.push(Span::styled(
            format!(" {:<4}", e.kind.label()),
            theme.dim.patch(base),
        ));
        spans.push(Span::styled(
            format!(
                " {:>7} {:>7}",
                thousands(row.in_article),
                thousands(row.in_corpus)
            ),
            base,
        ));
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}

/// The entity's name (with the alias that matched, when it was not the
/// name), cut and padded to `w` columns, the matched characters marked.
fn name_spans(
    name: &str,
    alias: Option<&str>,
    matcher: &mut Filter,
    w: usize,
    style: Style,
) -> Vec<Span<'static>> {
    let marked = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let (text, matched_in, skip) = match alias {
        Some(a) => {
            let lead = format!("{name} \u{b7} ");
            let skip = lead.chars().count();
            (format!("{lead}{a}"), a, skip)
        }
        None => (name.to_owned(), name, 0),
    };
    let safe = safe_line(&text);
    let shown = fit(&safe, w);
    // Marks only where the text is shown as it is (no control characters
    // made visible, nothing squeezed).
    let matched: Vec<usize> = if safe == text {
        matcher
            .matched_chars(matched_in)
            .into_iter()
            .map(|i| i + skip)
            .collect()
    } else {
        Vec::new()
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in shown.chars().enumerate() {
        let m = matched.binary_search(&i).is_ok();
        if m != run_marked && !run.is_empty() {
            let s = if run_marked { marked } else { style };
            spans.push(Span::styled(std::mem::take(&mut run), s));
        }
        run_marked = m;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { marked } else { style }));
    }
    let pad = w.saturating_sub(width(&shown));
    if pad > 0 {
        spans.push(Span::styled(" ".repeat(pad), style));
    }
    spans
}
