//! The article list: two lines per article. Browsing, the second line holds
//! date, source, words and leading entities; searching, it holds a snippet
//! with the matched words highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Theme;
use super::styled::{Highlight, styled_line};
use super::view::thousands;
use crate::app::state::{LIST_ROW_HEIGHT, list_rows};
use crate::app::{AppState, Focus};
use crate::corpus::{Article, ArticleIdx};
use crate::textview::safe::{fit, safe_line};

/// Leading entities shown per article.
const LEADING_ENTITIES: usize = 3;

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Focus::List;
    let block = Block::bordered()
        .title(header(state))
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if state.row_count() == 0 {
        let msg = if state.search.active() {
            "No match."
        } else if state.store.progress().finished {
            "No articles."
        } else {
            "Loading\u{2026}"
        };
        buf.set_stringn(inner.x + 1, inner.y, msg, inner.width as usize, theme.dim);
        return;
    }
    let text_w = inner.width.saturating_sub(2);
    for row in state.list.offset..state.list.offset + list_rows(inner.height) {
        let Some(idx) = state.row_article(row) else {
            break;
        };
        let Some(article) = state.store.get(idx) else {
            break;
        };
        let y = inner.y + ((row - state.list.offset) * LIST_ROW_HEIGHT) as u16;
        let selected = row == state.list.selected;
        let style = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.selected_unfocused,
            _ => Style::new(),
        };
        let height = (inner.bottom() - y).min(LIST_ROW_HEIGHT as u16);
        buf.set_style(Rect { y, height, ..inner }, style);
        buf.set_line(
            inner.x + 1,
            y,
            &title_line(state, theme, article, text_w),
            text_w,
        );
        if height < 2 {
            continue;
        }
        let second = match &state.search.results {
            Some(results) => {
                let snip = results.snippet(&article.body, text_w as usize);
                let hs: Vec<Highlight> = snip
                    .highlights
                    .iter()
                    .map(|r| Highlight {
                        range: r.clone(),
                        style: theme.hit,
                    })
                    .collect();
                styled_line(
                    &snip.text,
                    0..snip.text.len(),
                    theme.dim,
                    theme.control,
                    &hs,
                )
            }
            None => {
                let meta = fit(&meta_line(state, idx, article), text_w as usize);
                Line::from(Span::styled(
                    meta,
                    if selected { Style::new() } else { theme.dim },
                ))
            }
        };
        buf.set_line(inner.x + 1, y + 1, &second, text_w);
    }
}

/// An article's title fitted to `width`, the search's hits marked.
fn title_line(state: &AppState, theme: &Theme, article: &Article, width: u16) -> Line<'static> {
    let title = article.title.as_str();
    let shown = fit(title, width as usize);
    // `fit` keeps a prefix of the title and adds an ellipsis when it cuts.
    let cut = if shown == title {
        title.len()
    } else {
        shown.len().saturating_sub('\u{2026}'.len_utf8())
    };
    let hits: Vec<Highlight> = state.search.results.as_ref().map_or_else(Vec::new, |r| {
        r.hit_ranges(title)
            .into_iter()
            .map(|range| Highlight {
                range,
                style: theme.hit,
            })
            .collect()
    });
    let mut line = styled_line(title, 0..cut, theme.title, theme.control, &hits);
    if cut < title.len() && width > 0 {
        line.push_span(Span::styled("\u{2026}", theme.title));
    }
    line
}

/// " Articles (2,225) ", " 37 results for “trump” ", with loading progress.
fn header(state: &AppState) -> String {
    if let Some(r) = &state.search.results {
        let plus = if r.total_is_lower_bound { "+" } else { "" };
        let q = fit(&safe_line(&state.search.results_query), 24);
        let s = if r.total == 1 && !r.total_is_lower_bound {
            ""
        } else {
            "s"
        };
        let n = thousands(r.total);
        return format!(" {n}{plus} result{s} for \u{201c}{q}\u{201d} ");
    }
    if let Some(f) = &state.entity_filter {
        let name = state
            .analysis
            .resolution
            .as_ref()
            .and_then(|r| r.entities.get(f.entity as usize))
            .map_or_else(String::new, |e| fit(&safe_line(&e.name), 24));
        return format!(
            " {} articles mention {name} \u{b7} Esc clears ",
            thousands(f.articles.len())
        );
    }
    let count = thousands(state.store.len());
    if state.store.progress().finished {
        format!(" Articles ({count}) ")
    } else {
        format!(" Articles ({count}, loading\u{2026}) ")
    }
}

/// "2018-04-03 · seeds/003.txt · 512 words · Trump, Mexico"
fn meta_line(state: &AppState, idx: ArticleIdx, a: &Article) -> String {
    let mut parts = Vec::with_capacity(4);
    if let Some(d) = &a.date {
        parts.push(safe_line(d));
    }
    parts.push(source_name(a));
    parts.push(format!("{} words", thousands(a.words as usize)));
    let leading = leading_entities(state, idx);
    if !leading.is_empty() {
        parts.push(leading.join(", "));
    }
    parts.join(" \u{b7} ")
}

/// The most mentioned people, places and organisations of an article.
fn leading_entities(state: &AppState, idx: ArticleIdx) -> Vec<String> {
    let Some(res) = &state.analysis.resolution else {
        return Vec::new();
    };
    let Some(doc) = res.docs.get(idx as usize) else {
        return Vec::new();
    };
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for m in doc {
        let Some(id) = m.entity else { continue };
        if m.kind == crate::entities::EntityKind::Date {
            continue;
        }
        match counts.iter_mut().find(|(e, _)| *e == id.0) {
            Some((_, n)) => *n += 1,
            None => counts.push((id.0, 1)),
        }
    }
    // Most mentioned first; ties by first mention.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
        .iter()
        .take(LEADING_ENTITIES)
        .filter_map(|(id, _)| res.entities.get(*id as usize))
        .map(|e| safe_line(&e.name))
        .collect()
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
