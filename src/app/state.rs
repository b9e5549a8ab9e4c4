//! The state of the interactive app: the store, what is selected and open,
//! which pane has focus, overlays, and the reader's wrapped lines.

use std::ops::Range;

use ratatui::layout::Rect;

use super::layout::{self, Panes};
use crate::corpus::{ArticleIdx, LoadEvent};
use crate::store::Store;
use crate::textview::wrap::wrap;

/// The pane that takes keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
}

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Warnings,
}

/// Selection and scroll position of the article list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
}

/// Screen lines per article in the list (title; date, source, words).
pub const LIST_ROW_HEIGHT: usize = 2;

/// Articles that fit in a list of `height` lines (a partly shown one counts).
pub fn list_rows(height: u16) -> usize {
    (height as usize).div_ceil(LIST_ROW_HEIGHT)
}

/// One display line of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderLine {
    /// Part of the title (a byte range of it).
    Title(Range<usize>),
    /// Date, path and word count.
    Meta,
    Blank,
    /// Part of the body (a byte range of it; empty between paragraphs).
    Body(Range<usize>),
}

/// The article open in the reader, wrapped for the current width.
#[derive(Debug, Clone, Default)]
pub struct ReaderState {
    pub article: Option<ArticleIdx>,
    /// Width the lines were wrapped for.
    pub width: usize,
    pub lines: Vec<ReaderLine>,
    /// First line shown.
    pub scroll: usize,
}

/// Everything the app shows.
#[derive(Debug, Default)]
pub struct AppState {
    pub store: Store,
    pub focus: Focus,
    pub list: ListState,
    pub reader: ReaderState,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// The terminal area.
    pub size: Rect,
    pub should_quit: bool,
}

impl AppState {
    pub fn new(store: Store, size: Rect) -> Self {
        let mut s = AppState {
            store,
            size,
            ..AppState::default()
        };
        s.show_selected();
        s
    }

    /// Takes in loader progress; the first article is shown as soon as it arrives.
    pub fn on_load(&mut self, event: LoadEvent) {
        self.store.apply(event);
        if self.reader.article.is_none() {
            self.show_selected();
        }
    }

    pub fn panes(&self) -> Panes {
        layout::panes(self.size, self.focus)
    }

    /// Articles of the list that fit on screen.
    pub fn list_height(&self) -> usize {
        let p = layout::panes(self.size, Focus::List);
        let h = p.list.map_or(0, |r| layout::inner(r).height as usize);
        (h / LIST_ROW_HEIGHT).max(usize::from(h > 0))
    }

    /// Text area of the reader, whether or not it is on screen now.
    pub fn reader_area(&self) -> Rect {
        let p = layout::panes(self.size, Focus::Reader);
        p.reader.map(layout::reader_text).unwrap_or_default()
    }

    /// Reader lines that fit on screen.
    pub fn reader_height(&self) -> usize {
        self.reader_area().height as usize
    }

    /// Largest useful reader scroll.
    pub fn reader_max_scroll(&self) -> usize {
        self.reader
            .lines
            .len()
            .saturating_sub(self.reader_height().max(1))
    }

    /// Opens the selected article in the reader (without moving focus).
    pub fn show_selected(&mut self) {
        if self.store.is_empty() {
            return;
        }
        let idx = self.list.selected.min(self.store.len() - 1) as ArticleIdx;
        if self.reader.article != Some(idx) {
            self.reader.article = Some(idx);
            self.reader.scroll = 0;
            self.reader.width = 0;
            self.rewrap();
        }
    }

    /// Wraps the open article for the reader's width, keeping the top line's
    /// text in view.
    pub fn rewrap(&mut self) {
        let width = self.reader_area().width as usize;
        let Some(article) = self.reader.article.and_then(|i| self.store.get(i)) else {
            self.reader.lines.clear();
            return;
        };
        if width == self.reader.width && !self.reader.lines.is_empty() {
            return;
        }
        let anchor = self
            .reader
            .lines
            .get(self.reader.scroll)
            .and_then(|l| match l {
                ReaderLine::Body(r) => Some(r.start),
                _ => None,
            });
        let mut lines: Vec<ReaderLine> = wrap(&article.title, width)
            .into_iter()
            .map(ReaderLine::Title)
            .collect();
        lines.push(ReaderLine::Meta);
        lines.push(ReaderLine::Blank);
        let body_start = lines.len();
        lines.extend(wrap(&article.body, width).into_iter().map(ReaderLine::Body));
        self.reader.scroll = match anchor {
            Some(pos) => {
                let after = lines[body_start..].partition_point(|l| match l {
                    ReaderLine::Body(r) if r.is_empty() => r.start <= pos,
                    ReaderLine::Body(r) => r.end <= pos,
                    _ => true,
                });
                body_start + after
            }
            None => self.reader.scroll.min(body_start),
        };
        self.reader.lines = lines;
        self.reader.width = width;
        self.reader.scroll = self.reader.scroll.min(self.reader_max_scroll());
    }

    /// Keeps the selected row inside the visible part of the list.
    pub fn keep_selection_visible(&mut self) {
        let h = self.list_height().max(1);
        let sel = self.list.selected;
        if sel < self.list.offset {
            self.list.offset = sel;
        } else if sel >= self.list.offset + h {
            self.list.offset = sel + 1 - h;
        }
        let max_offset = self.store.len().saturating_sub(h);
        self.list.offset = self.list.offset.min(max_offset);
    }

    /// "article 2/3 · 40%": where the reader is.
    pub fn position_label(&self) -> String {
        let total = self.store.len();
        let n = self.reader.article.map_or(0, |a| a as usize + 1);
        let lines = self.reader.lines.len();
        let seen = (self.reader.scroll + self.reader_height()).min(lines);
        let pct = (seen * 100).checked_div(lines).unwrap_or(100);
        format!("article {n}/{total} \u{b7} {pct}%")
    }
}
