//! The reader: the open article's title, a metadata line, and its body
//! wrapped to the pane, scrolled to the reader's position.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::Theme;
use super::list::source_name;
use super::styled::{Highlight, styled_line};
use super::view::thousands;
use crate::app::layout::reader_text;
use crate::app::state::ReaderLine;
use crate::app::{AppState, Focus, Mode};
use crate::corpus::Article;
use crate::facts::{self, Place};
use crate::textview::safe::{safe_line, width as width_of};

pub fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus() == Focus::Reader;
    let block = Block::bordered()
        .title(" Reader ")
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    let block = if state.show_entities && state.reader.article.is_some() {
        block.title_bottom(legend(state, theme))
    } else {
        block
    };
    block.render(area, buf);
    let text_area = reader_text(area);
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    let Some(article) = state.reader.article.and_then(|i| state.store.get(i)) else {
        let msg = if state.store.progress().finished {
            "Nothing to read."
        } else {
            "Loading\u{2026}"
        };
        buf.set_stringn(
            text_area.x,
            text_area.y,
            msg,
            text_area.width as usize,
            theme.dim,
        );
        return;
    };
    let visible = state
        .reader
        .lines
        .get(state.reader.scroll..)
        .unwrap_or_default()
        .iter()
        .take(text_area.height as usize);
    // Only what is on screen is highlighted: an article may have millions
    // of mentions and hits.
    let (mut title_shown, mut body_shown) = (None, None);
    for line in visible.clone() {
        match line {
            ReaderLine::Title(r) => title_shown = Some(cover(title_shown, r)),
            ReaderLine::Body(r) => body_shown = Some(cover(body_shown, r)),
            ReaderLine::Meta | ReaderLine::Note(_) | ReaderLine::Blank => {}
        }
    }
    let body_highlights = body_shown.map_or_else(Vec::new, |r| highlights(state, theme, false, r));
    let title_highlights = title_shown.map_or_else(Vec::new, |r| highlights(state, theme, true, r));
    for (row, line) in visible.enumerate() {
        let y = text_area.y + row as u16;
        let rendered: Line = match line {
            ReaderLine::Title(r) => styled_line(
                &article.title,
                r.clone(),
                theme.title,
                theme.control,
                &title_highlights,
            ),
            ReaderLine::Meta => {
                let text = meta_line(state, article, text_area.width as usize);
                styled_line(&text, 0..text.len(), theme.dim, theme.control, &[])
            }
            ReaderLine::Blank => Line::default(),
            ReaderLine::Note(r) => {
                let note = state
                    .reader
                    .article
                    .and_then(|a| state.marks.get(a as usize))
                    .and_then(|m| m.note.as_deref())
                    .unwrap_or_default();
                let mut l = styled_line(note, r.clone(), theme.key, theme.control, &[]);
                l.spans
                    .insert(0, ratatui::text::Span::styled("\u{270e} ", theme.key));
                l
            }
            ReaderLine::Body(r) => styled_line(
                &article.body,
                r.clone(),
                Style::new(),
                theme.control,
                &body_highlights,
            ),
        };
        buf.set_line(text_area.x, y, &rendered, text_area.width);
        if let Mode::Visual(sel) = state.mode
            && sel.lines().contains(&(state.reader.scroll + row))
        {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..text_area
                },
                theme.selected,
            );
        }
    }
    let total = state.reader.lines.len();
    if total > text_area.height as usize && area.height > 2 {
        let mut sb = ScrollbarState::new(total.saturating_sub(text_area.height as usize))
            .position(state.reader.scroll)
            .viewport_content_length(text_area.height as usize);
        let track = Rect {
            y: area.y + 1,
            height: area.height - 2,
            ..area
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.dim)
            .render(track, buf, &mut sb);
        minimap(state, theme, track, total, buf);
    }
}

/// "2004-10-01 · …/politics/380.txt · BBC · 512 words": the path relative
/// to the folder opened, shortened from the left so the file name stays.
fn meta_line(state: &AppState, article: &Article, width: usize) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &article.date {
        parts.push(safe_line(d));
    }
    if article.source.is_some() {
        parts.push(source_name(article));
    }
    if let Some(a) = &article.author {
        parts.push(safe_line(a));
    }
    parts.push(format!("{} words", thousands(article.words as usize)));
    let rest = parts.join(" \u{b7} ");
    let path = safe_line(&facts::display_path(&article.path, &state.opened));
    // The path gets what the rest leaves (at least the file name's room).
    let room = width.saturating_sub(width_of(&rest) + 3).max(12);
    let path = fit_left(&path, room);
    let date = article.date.as_ref().map(|d| safe_line(d));
    let mut out = Vec::with_capacity(parts.len() + 1);
    let mut rest_parts = parts.into_iter();
    if date.is_some() {
        out.extend(rest_parts.next());
    }
    out.push(path);
    out.extend(rest_parts);
    if state.reader.article.is_some_and(|i| state.store.is_gone(i)) {
        out.insert(0, super::list::GONE.to_owned());
    }
    out.join(" \u{b7} ")
}

/// A path (already safe) cut to `max` columns from the left, at a folder
/// when one fits: "…/politics/380.txt".
fn fit_left(s: &str, max: usize) -> String {
    if width_of(s) <= max {
        return s.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut w = 0;
    for c in s.chars().rev() {
        let cw = width_of(c.encode_utf8(&mut [0; 4]));
        if w + cw + 1 > max {
            break;
        }
        kept.push(c);
        w += cw;
    }
    kept.reverse();
    let kept: String = kept.into_iter().collect();
    match kept.find('/') {
        Some(i) if i + 1 < kept.len() => format!("\u{2026}{}", &kept[i..]),
        _ => format!("\u{2026}{kept}"),
    }
}

/// Marks on the scrollbar where the search hits and the current entity's
/// mentions lie in the article.
fn minimap(state: &AppState, theme: &Theme, track: Rect, total: usize, buf: &mut Buffer) {
    let (Some(article), Some(x)) = (state.reader.article, track.right().checked_sub(1)) else {
        return;
    };
    if track.height == 0 || total == 0 {
        return;
    }
    let row_of = |place: &Place| {
        state.line_of_place(place).map(|line| {
            track.y + (line * track.height as usize / total).min(track.height as usize - 1) as u16
        })
    };
    let mut mark = |row: Option<u16>, symbol: &str, style: Style| {
        if let Some(y) = row {
            buf.set_string(x, y, symbol, style);
        }
    };
    for h in &state.reader.hits {
        mark(row_of(h), "\u{25aa}", theme.hit);
    }
    let spans = state.mention_spans(article);
    let current = state
        .reader
        .mention
        .and_then(|m| spans.get(m))
        .and_then(|s| s.entity.map(|e| (e, s.kind)));
    if let Some((entity, kind)) = current {
        for s in spans.iter().filter(|s| s.entity == Some(entity)) {
            mark(row_of(&s.place()), "\u{25c6}", theme.entity(kind));
        }
    }
}

/// `shown` grown to take in `line`.
fn cover(shown: Option<Range<usize>>, line: &Range<usize>) -> Range<usize> {
    match shown {
        Some(r) => r.start.min(line.start)..r.end.max(line.end),
        None => line.clone(),
    }
}

/// The longest mention or hit looked for before the start of what is
/// shown, in bytes (one that starts further back is not highlighted).
const LONGEST_SPAN: usize = 4096;

/// The items of `items` (in reading order: title first, each part by
/// start, as `place` gives them) that overlap bytes `shown` of the body
/// (or title), with their positions: a binary search, not a scan.
fn overlapping<'a, T>(
    items: &'a [T],
    in_title: bool,
    shown: &Range<usize>,
    place: impl Fn(&T) -> (bool, &Range<usize>) + 'a,
) -> impl Iterator<Item = (usize, &'a T)> + 'a {
    let (start, end) = (shown.start, shown.end);
    let key = |t: &T| {
        let (title, range) = place(t);
        (!title, range.start)
    };
    let from = items.partition_point(|t| key(t) < (!in_title, start.saturating_sub(LONGEST_SPAN)));
    let to = items.partition_point(|t| key(t) < (!in_title, end));
    let found = items.get(from..to.max(from)).unwrap_or_default();
    found
        .iter()
        .enumerate()
        .map(move |(i, t)| (from + i, t))
        .filter(move |(_, t)| place(t).1.end > start)
}

/// Entity and search-hit highlights of bytes `shown` of the open article's
/// body (or title), sorted by start. Hits come after entities so that,
/// where they overlap, both show.
fn highlights(
    state: &AppState,
    theme: &Theme,
    in_title: bool,
    shown: Range<usize>,
) -> Vec<Highlight> {
    let Some(idx) = state.reader.article else {
        return Vec::new();
    };
    let mut out: Vec<Highlight> = Vec::new();
    if state.show_entities {
        let spans = state.mention_spans(idx);
        let on_screen = overlapping(&spans, in_title, &shown, |s| (s.in_title, &s.range));
        let kinds = &state.highlight_kinds;
        let on_screen =
            on_screen.filter(|(i, s)| kinds.contains(&s.kind) || state.reader.mention == Some(*i));
        out.extend(on_screen.map(|(i, s)| Highlight {
            range: s.range.clone(),
            style: if state.reader.mention == Some(i) {
                theme
                    .entity(s.kind)
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                theme.entity(s.kind)
            },
        }));
    }
    let hits = overlapping(&state.reader.hits, in_title, &shown, |h| {
        (h.in_title, &h.range)
    });
    out.extend(hits.map(|(i, h)| Highlight {
        range: h.range.clone(),
        style: if state.reader.hit == Some(i) {
            theme.hit_current
        } else {
            theme.hit
        },
    }));
    out.sort_by_key(|h| h.range.start);
    out
}

/// " PER LOC ORG MISC DATE " in their styles (the kinds highlighted), and
/// the key that hides them.
fn legend(state: &AppState, theme: &Theme) -> Line<'static> {
    let mut spans = vec![ratatui::text::Span::raw(" ")];
    let kinds = crate::entities::EntityKind::ALL;
    for kind in kinds
        .into_iter()
        .filter(|k| state.highlight_kinds.contains(k))
    {
        spans.push(ratatui::text::Span::styled(
            kind.label(),
            theme.entity(kind),
        ));
        spans.push(ratatui::text::Span::raw(" "));
    }
    let key = state.keymap.key_name(
        crate::app::ModeName::Reader,
        crate::app::Action::ToggleEntities,
    );
    if let Some(k) = key {
        spans.push(ratatui::text::Span::styled(
            format!("{k} hides "),
            theme.dim,
        ));
    }
    Line::from(spans)
}
