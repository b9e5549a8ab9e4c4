//! The reader and the list's selection, kept together: the reader always
//! shows the selected article of the list level on top
//! ([`follow_list`]). Wrapping, scrolling and the search hits of the open
//! article live here. A long body (over a megabyte) is wrapped in two
//! steps so no key waits for it: its first part at once, the whole of it
//! off the loop's thread (an [`Effect::Wrap`]), taking the first part's
//! place when it comes back for the same article and width.

use std::ops::Range;
use std::sync::Arc;

use super::effect::{Effect, WrapRequest, Wrapped};
use super::state::{AppState, ReaderLine};
use crate::corpus::ArticleIdx;
use crate::facts::{self, Place};
use crate::textview::wrap::wrap;

/// Shows the selected article of the list shown (nothing when the list is
/// empty), with the selection clamped to the list and in view.
pub fn follow_list(state: &mut AppState) {
    follow(state, false);
}

/// After the list shown changed (a level came or went, a query's new
/// results): reads its selected article afresh, with the hits of the
/// search now shown.
pub fn list_changed(state: &mut AppState) {
    follow(state, true);
}

fn follow(state: &mut AppState, afresh: bool) {
    let rows = state.row_count();
    let top = state.lists.top_mut();
    top.selected = top.selected.min(rows.saturating_sub(1));
    keep_selection_visible(state);
    let want = state.row_article(state.list().selected);
    if afresh || state.reader.article != want {
        load(state, want);
    }
}

/// Selects row `row` of the list shown (clamped) and reads its article.
pub fn select_row(state: &mut AppState, row: usize) {
    state.lists.top_mut().selected = row;
    follow_list(state);
}

/// Selects article `idx` in the list shown and reads it; false when the
/// list does not hold it (nothing changes then).
pub fn open_article(state: &mut AppState, idx: ArticleIdx) -> bool {
    match state.row_of(idx) {
        Some(row) => {
            select_row(state, row);
            true
        }
        None => false,
    }
}

/// Reads `article` with the mention cursor on its `mention`-th mention, in
/// view; false when the list shown does not hold the article.
pub fn go_to_mention(state: &mut AppState, article: ArticleIdx, mention: usize) -> bool {
    if !open_article(state, article) {
        return false;
    }
    state.reader.mention = Some(mention);
    state.reader.hit = None;
    if let Some(span) = state.mention_spans(article).get(mention) {
        scroll_to_place(state, &span.place());
    }
    true
}

/// Puts `idx` in the reader, wrapped, at the top (or its first hit).
fn load(state: &mut AppState, idx: Option<ArticleIdx>) {
    let r = &mut state.reader;
    r.article = idx;
    r.scroll = 0;
    r.width = 0;
    r.lines.clear();
    r.mention = None;
    rewrap(state);
    find_hits(state);
    if state.reader.hits.is_empty()
        && let Some(reading) = idx.and_then(|i| super::place::kept_reading(state, i))
    {
        super::place::scroll_to_reading(state, reading);
    }
    if state.focus() == super::Focus::Reader {
        super::mentions::cursor_to_view(state);
    }
}

/// Finds the search's hits in the open article and scrolls to the first.
pub fn find_hits(state: &mut AppState) {
    let hits = match (
        state.lists.search(),
        state.reader.article.and_then(|i| state.store.get(i)),
    ) {
        (Some(s), Some(a)) => facts::hit_places(&s.results, a),
        _ => Vec::new(),
    };
    state.reader.hits = hits;
    state.reader.hit = None;
    if !state.reader.hits.is_empty() {
        state.reader.hit = Some(0);
        scroll_to_hit(state);
    }
}

/// Scrolls the reader so the current hit is in view.
pub fn scroll_to_hit(state: &mut AppState) {
    if let Some(h) = state
        .reader
        .hit
        .and_then(|h| state.reader.hits.get(h))
        .cloned()
    {
        scroll_to_place(state, &h);
    }
}

/// Scrolls the reader so `place` is in view (a third from the top when it
/// has to move; a title's place shows the top).
pub fn scroll_to_place(state: &mut AppState, place: &Place) {
    if place.in_title {
        state.reader.scroll = 0;
        return;
    }
    if let Some(line) = state.line_of(place.range.start) {
        let h = state.reader_height();
        if line < state.reader.scroll || line >= state.reader.scroll + h.max(1) {
            state.reader.scroll = line.saturating_sub(h / 3).min(state.reader_max_scroll());
        }
    }
}

/// Scrolls the reader by `by` lines, clamped.
pub fn scroll(state: &mut AppState, by: isize) {
    let max = state.reader_max_scroll();
    state.reader.scroll = state.reader.scroll.saturating_add_signed(by).min(max);
}

/// After the screen size or the pane in front changed: rewrap the reader,
/// keep the list's selection in view.
pub fn layout_changed(state: &mut AppState) {
    rewrap(state);
    keep_selection_visible(state);
}

/// Wraps the open article for the reader's width, keeping the top line's
/// text in view.
pub fn rewrap(state: &mut AppState) {
    let width = state.reader_area().width as usize;
    let Some(article) = state.reader.article.and_then(|i| state.store.get(i)) else {
        state.reader.lines.clear();
        return;
    };
    if width == state.reader.width && !state.reader.lines.is_empty() {
        return;
    }
    let anchor = top_body_byte(state);
    // A long body is wrapped off the loop's thread: its first part now.
    let (body, partial) = match first_part(&article.body) {
        Some(part) => (wrap(part, width), true),
        None => (wrap(&article.body, width), false),
    };
    state.reader.partial = partial;
    state.reader.wrap_wanted = partial;
    set_lines(state, width, anchor, body);
}

/// The reader's lines for `width`: the title's, then `body` (byte ranges
/// of the body), scrolled so the body byte `anchor` stays on top.
fn set_lines(state: &mut AppState, width: usize, anchor: Option<usize>, body: Vec<Range<usize>>) {
    let Some((idx, article)) = state
        .reader
        .article
        .and_then(|i| state.store.get(i).map(|a| (i, a)))
    else {
        return;
    };
    let mut lines: Vec<ReaderLine> = wrap(&article.title, width)
        .into_iter()
        .map(ReaderLine::Title)
        .collect();
    lines.push(ReaderLine::Meta);
    if let Some(note) = state.marks.get(idx as usize).and_then(|m| m.note.as_ref()) {
        lines.push(ReaderLine::Blank);
        let note_w = width.saturating_sub(2).max(1);
        lines.extend(wrap(note, note_w).into_iter().map(ReaderLine::Note));
    }
    lines.push(ReaderLine::Blank);
    let body_start = lines.len();
    lines.extend(body.into_iter().map(ReaderLine::Body));
    let scroll = match anchor {
        Some(pos) => {
            let after = lines[body_start..].partition_point(|l| match l {
                ReaderLine::Body(r) if r.is_empty() => r.start <= pos,
                ReaderLine::Body(r) => r.end <= pos,
                _ => true,
            });
            body_start + after
        }
        None => state.reader.scroll.min(body_start),
    };
    state.reader.lines = lines;
    state.reader.width = width;
    state.reader.scroll = scroll.min(state.reader_max_scroll());
}

/// Bodies longer than this (in bytes) are wrapped off the loop's thread;
/// the reader shows about this much of them at once.
const WRAP_AT_ONCE: usize = 1 << 20;

/// The first part of a `body` too long to wrap at once (up to a line
/// break when there is one), or `None` when it is not too long.
fn first_part(body: &str) -> Option<&str> {
    if body.len() <= WRAP_AT_ONCE {
        return None;
    }
    let mut end = WRAP_AT_ONCE;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let part = &body[..end];
    Some(match part.rfind('\n') {
        Some(at) if at > 0 => &part[..at],
        _ => part,
    })
}

/// The wrap of the whole open body to ask for, once.
pub fn wrap_wanted(state: &mut AppState) -> Option<Effect> {
    if !std::mem::take(&mut state.reader.wrap_wanted) {
        return None;
    }
    let article = state.reader.article?;
    let text = state.store.articles().get(article as usize)?;
    Some(Effect::Wrap(WrapRequest {
        article,
        text: Arc::clone(text),
        width: state.reader.width,
    }))
}

/// The whole body wrapped: it takes the place of its first part, the same
/// text staying on top. A wrap for another article or width is dropped.
pub fn wrapped(state: &mut AppState, w: Wrapped) {
    let r = &state.reader;
    if !r.partial || r.article != Some(w.article) || r.width != w.width {
        return;
    }
    let anchor = top_body_byte(state);
    state.reader.partial = false;
    set_lines(state, w.width, anchor, w.lines);
}

/// The body byte of the top line shown, if it is a body line.
fn top_body_byte(state: &AppState) -> Option<usize> {
    match state.reader.lines.get(state.reader.scroll) {
        Some(ReaderLine::Body(r)) => Some(r.start),
        _ => None,
    }
}

/// Keeps the selected row inside the visible part of the list.
pub fn keep_selection_visible(state: &mut AppState) {
    let h = state.list_height().max(1);
    let rows = state.row_count();
    let list = state.lists.top_mut();
    let sel = list.selected;
    if sel < list.offset {
        list.offset = sel;
    } else if sel >= list.offset + h {
        list.offset = sel + 1 - h;
    }
    list.offset = list.offset.min(rows.saturating_sub(h));
}
