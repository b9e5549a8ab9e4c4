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
use crate::app::sources::{Narrowing, Source};
use crate::app::state::{LIST_ROW_HEIGHT, list_rows};
use crate::app::{AppState, Focus, Mode};
use crate::corpus::{Article, ArticleIdx};
use crate::facts;
use crate::textview::safe::{self, fit, safe_line};

/// What a list row and the reader say of an article whose file was removed
/// (`--watch`).
pub const GONE: &str = "removed from disk";

/// Leading entities shown per article.
const LEADING_ENTITIES: usize = 3;

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus() == Focus::List && !matches!(state.mode, Mode::Search { .. });
    let block = Block::bordered()
        .title(header(state, area.width.saturating_sub(2) as usize))
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
        let msg = if state.lists.depth() > 0 {
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
    let list = state.list();
    for row in list.offset..list.offset + list_rows(inner.height) {
        let Some(idx) = state.row_article(row) else {
            break;
        };
        let Some(article) = state.store.get(idx) else {
            break;
        };
        let y = inner.y + ((row - list.offset) * LIST_ROW_HEIGHT) as u16;
        let selected = row == list.selected;
        let style = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.selected_unfocused,
            _ => Style::new(),
        };
        let height = (inner.bottom() - y).min(LIST_ROW_HEIGHT as u16);
        buf.set_style(Rect { y, height, ..inner }, style);
        // Marks before the title: ● unread, ★ starred, ✎ note, ❝ clips;
        // tags after it.
        let m = state.marks.get(idx as usize);
        let marks: String = [
            (m.is_some_and(|m| !m.read), '\u{25cf}'),
            (m.is_some_and(|m| m.starred), '\u{2605}'),
            (m.is_some_and(|m| m.note.is_some()), '\u{270e}'),
            (m.is_some_and(|m| m.clips > 0), '\u{275d}'),
        ]
        .iter()
        .map(|&(on, c)| if on { c } else { ' ' })
        .collect::<String>();
        let marks = marks.trim_end().to_owned();
        let lead = if marks.is_empty() {
            0
        } else {
            marks.chars().count() as u16 + 1
        };
        if lead > 0 && text_w > lead {
            buf.set_string(inner.x + 1, y, &marks, theme.title);
        }
        let tags = m
            .filter(|m| !m.tags.is_empty())
            .map(|m| format!(" [{}]", safe_line(&m.tags.join(" "))))
            .unwrap_or_default();
        let tags_w = (safe::width(&tags) as u16).min(text_w.saturating_sub(lead) / 2);
        let title_w = text_w.saturating_sub(lead).saturating_sub(tags_w);
        buf.set_line(
            inner.x + 1 + lead.min(text_w),
            y,
            &title_line(state, theme, article, title_w),
            title_w,
        );
        if tags_w > 0 {
            let shown = fit(&tags, tags_w as usize);
            let x = inner.x
                + 1
                + lead
                + title_w.min(safe::width(&fit(&article.title, title_w as usize)) as u16);
            buf.set_string(x, y, shown, theme.dim);
        }
        if height < 2 {
            continue;
        }
        let second = match state.lists.search() {
            Some(search) => {
                let snip = search.results.snippet(&article.body, text_w as usize);
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
    let hits: Vec<Highlight> = state.lists.search().map_or_else(Vec::new, |s| {
        s.results
            .hit_ranges(title)
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

/// " Articles (2,225) ", " 37 results for “trump” ", " 12 articles
/// mention Tony Blair · Esc back ", saying what each level narrows.
fn header(state: &AppState, room: usize) -> String {
    let levels = state.lists.levels();
    let top = levels.len() - 1;
    let below = top.checked_sub(1).and_then(|i| levels.get(i));
    let rows = state.row_count();
    // The list's order, where it rearranges the rows (not a ranking).
    let order = state.lists.order();
    let sorted = match &state.list().source {
        Source::Search(s) if !s.results.listed => None,
        _ if order.is_path() => None,
        _ => Some(order.sort),
    };
    // "· by date, newest first", else "by date" when that is all that fits.
    let with_sort = |text: String| {
        let Some(sort) = sorted else {
            return text;
        };
        let text = text.trim_end();
        let long = format!("{text} \u{b7} {} ", sort.label());
        let short = format!("{text} by {} ", sort.name());
        if safe::width(&long) <= room {
            long
        } else if safe::width(&short) <= room {
            short
        } else {
            format!("{text} ")
        }
    };
    let text = match &state.list().source {
        Source::All => {
            let count = thousands(state.store.len());
            if state.store.progress().finished {
                if !state.marks.is_empty() {
                    let unread = thousands(state.marks.unread());
                    return with_sort(format!(" Articles ({count} \u{b7} {unread} unread) "));
                }
                return with_sort(format!(" Articles ({count}) "));
            }
            return with_sort(format!(" Articles ({count}, loading\u{2026}) "));
        }
        Source::Search(s) => {
            let q = fit(&safe_line(&s.query), 24);
            let n = facts::counted(
                s.results.total,
                s.results.total_is_lower_bound,
                "result",
                "results",
            );
            let within = below.map_or_else(String::new, |l| narrowing_of(state, &l.source));
            format!("{n} for \u{201c}{q}\u{201d}{within}")
        }
        Source::Subset(sub) => {
            let (verb_one, verb_many, name) = match sub.why {
                Narrowing::Entity(e) => ("mentions", "mention", entity_name(state, e)),
                Narrowing::Pair(e, f) => (
                    "names",
                    "name",
                    format!(
                        "both {} and {}",
                        entity_name(state, e),
                        entity_name(state, f)
                    ),
                ),
                Narrowing::Period(p) => ("", "", format!("dated {}", p.label())),
            };
            let verb = if rows == 1 { verb_one } else { verb_many };
            let name = if verb.is_empty() {
                name
            } else {
                format!("{verb} {name}")
            };
            match below.map(|l| &l.source) {
                Some(Source::Search(s)) => format!(
                    "{} {name}, of {} for \u{201c}{}\u{201d}",
                    thousands(rows),
                    facts::counted(
                        s.results.total,
                        s.results.total_is_lower_bound,
                        "result",
                        "results"
                    ),
                    fit(&safe_line(&s.query), 16)
                ),
                Some(Source::Subset(_)) if verb.is_empty() => {
                    format!("{} of them {name}", thousands(rows))
                }
                Some(Source::Subset(_)) => format!("{} also {name}", thousands(rows)),
                _ => format!(
                    "{} {name}",
                    facts::counted(rows, false, "article", "articles")
                ),
            }
        }
    };
    let text = match sorted {
        Some(sort) if safe::width(&text) + sort.label().len() + 5 <= room => {
            format!("{text} \u{b7} {}", sort.label())
        }
        Some(sort) => format!("{text} by {}", sort.name()),
        None => text,
    };
    let with_hint = format!(" {text} \u{b7} Esc back ");
    if safe::width(&with_hint) <= room {
        with_hint
    } else {
        format!(" {text} ")
    }
}

/// " among the 12 on Tony Blair", for a search typed over a narrowed list.
fn narrowing_of(state: &AppState, source: &Source) -> String {
    match source {
        Source::Subset(sub) => {
            let n = thousands(sub.articles.len());
            match sub.why {
                Narrowing::Entity(e) => format!(" among the {n} on {}", entity_name(state, e)),
                Narrowing::Pair(e, f) => format!(
                    " among the {n} on {} and {}",
                    entity_name(state, e),
                    entity_name(state, f)
                ),
                Narrowing::Period(p) => format!(" among the {n} dated {}", p.label()),
            }
        }
        Source::Search(_) | Source::All => String::new(),
    }
}

fn entity_name(state: &AppState, e: u32) -> String {
    state
        .analysis
        .resolution
        .as_ref()
        .and_then(|r| r.entities.get(e as usize))
        .map_or_else(String::new, |e| fit(&safe_line(&e.name), 24))
}

/// "2018-04-03 · seeds/003.txt · 512 words · Trump, Mexico"
fn meta_line(state: &AppState, idx: ArticleIdx, a: &Article) -> String {
    let mut parts = Vec::with_capacity(5);
    if state.store.is_gone(idx) {
        parts.push(GONE.to_owned());
    }
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
    facts::leading_entities(doc)
        .iter()
        .take(LEADING_ENTITIES)
        .filter_map(|&id| res.entities.get(id as usize))
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
