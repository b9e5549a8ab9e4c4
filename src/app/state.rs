//! The state of the interactive app: the store, what is selected and open,
//! which pane has focus, overlays, and the reader's wrapped lines.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::layout::{self, Panes};
use super::search::SearchState;
use crate::analysis::AnalysisEvent;
use crate::corpus::{ArticleIdx, LoadEvent};
use crate::entities::{EntityKind, Mention, Part, Resolution, body_mentions};
use crate::search::SearchIndex;
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
    /// Every mention of an entity (by id) across the corpus; the overlay
    /// scroll is the selected row.
    Mentions(u32),
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

/// A search hit in the open article: a byte range of its title or body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderHit {
    pub in_title: bool,
    pub range: Range<usize>,
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
    /// Where the search matches the article: the title's hits, then the
    /// body's, in order.
    pub hits: Vec<ReaderHit>,
    /// The current hit (n / N), an index into `hits`.
    pub hit: Option<usize>,
    /// The current entity mention (`]`, `[`, `*`, `#`), an index into the
    /// article's mentions.
    pub mention: Option<usize>,
}

/// What the background analysis has produced so far.
#[derive(Debug, Default)]
pub struct AnalysisState {
    /// Mentions by article, as extracted (before corpus-wide resolution).
    pub mentions: Vec<Vec<Mention>>,
    /// Entities merged across the corpus, once resolution is done.
    pub resolution: Option<Arc<Resolution>>,
    /// The search index, once built.
    pub index: Option<SearchIndex>,
    /// By entity id: where it is mentioned, `(article, mention index)`.
    pub postings: Vec<Vec<(u32, u32)>>,
    /// Articles sent to the indexer so far.
    pub indexing: usize,
    /// Why the index could not be built.
    pub index_error: Option<String>,
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
    pub analysis: AnalysisState,
    pub search: SearchState,
    /// The entities pane, when open (in place of the list).
    pub entities_pane: Option<super::entities_pane::EntitiesPane>,
    /// The list narrowed to the articles mentioning one entity.
    pub entity_filter: Option<super::entities_pane::EntityFilter>,
    /// Entities are highlighted in the reader.
    pub show_entities: bool,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// The terminal area.
    pub size: Rect,
    pub should_quit: bool,
}

impl AppState {
    pub fn new(store: Store, size: Rect) -> Self {
        let mut s = AppState {
            store,
            size,
            show_entities: true,
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

    /// Takes in analysis progress.
    pub fn on_analysis(&mut self, event: AnalysisEvent) {
        let a = &mut self.analysis;
        match event {
            AnalysisEvent::Mentions { start, mentions } => {
                if a.mentions.len() < start {
                    a.mentions.resize_with(start, Vec::new);
                }
                a.mentions.truncate(start);
                a.mentions.extend(mentions);
            }
            AnalysisEvent::Entities(r) => {
                a.postings = super::mentions::postings(&r.docs, r.entities.len());
                a.resolution = Some(r);
                if self.reader.mention.is_none() {
                    super::mentions::cursor_to_view(self);
                }
            }
            AnalysisEvent::Indexing(n) => a.indexing = n,
            AnalysisEvent::Index(Ok(index)) => {
                a.index = Some(*index);
                if self.search.pending {
                    super::update::run_query(self);
                }
            }
            AnalysisEvent::Index(Err(e)) => a.index_error = Some(e.to_string()),
        }
    }

    /// The entity mentions of an article: `(range, kind, entity id)`.
    pub fn entity_spans(&self, idx: ArticleIdx) -> Vec<(Range<usize>, EntityKind, Option<u32>)> {
        let i = idx as usize;
        // the reader draws body ranges: title mentions are left out here
        if let Some(doc) = self
            .analysis
            .resolution
            .as_ref()
            .and_then(|r| r.docs.get(i))
        {
            return body_mentions(doc)
                .iter()
                .map(|m| (m.range.clone(), m.kind, m.entity.map(|e| e.0)))
                .collect();
        }
        self.analysis
            .mentions
            .get(i)
            .map(|ms| {
                ms.iter()
                    .filter(|m| m.part == Part::Body)
                    .map(|m| (m.range.clone(), m.kind, None))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Rows of the list: search results when a search is shown, else all articles.
    pub fn row_count(&self) -> usize {
        match (&self.search.results, &self.entity_filter) {
            (Some(r), _) => r.hits.len(),
            (None, Some(f)) => f.articles.len(),
            (None, None) => self.store.len(),
        }
    }

    /// The article on list row `row`.
    pub fn row_article(&self, row: usize) -> Option<ArticleIdx> {
        match (&self.search.results, &self.entity_filter) {
            (Some(r), _) => r.hits.get(row).map(|h| h.doc),
            (None, Some(f)) => f.articles.get(row).copied(),
            (None, None) => (row < self.store.len()).then_some(row as ArticleIdx),
        }
    }

    /// The list row showing article `idx`, if any.
    pub fn row_of(&self, idx: ArticleIdx) -> Option<usize> {
        match (&self.search.results, &self.entity_filter) {
            (Some(r), _) => r.hits.iter().position(|h| h.doc == idx),
            (None, Some(f)) => f.articles.iter().position(|&a| a == idx),
            (None, None) => ((idx as usize) < self.store.len()).then_some(idx as usize),
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
        let Some(idx) = self.row_article(self.list.selected) else {
            return;
        };
        if self.reader.article != Some(idx) {
            self.load_reader(idx);
            super::mentions::cursor_to_view(self);
        }
    }

    /// Puts article `idx` in the reader, wrapped, at the top (or its first hit).
    fn load_reader(&mut self, idx: ArticleIdx) {
        self.reader.article = Some(idx);
        self.reader.scroll = 0;
        self.reader.width = 0;
        self.rewrap();
        self.find_hits();
    }

    /// Opens `article` with the mention cursor on its `mention`-th mention, in view.
    pub fn go_to_mention(&mut self, article: ArticleIdx, mention: usize) {
        self.open_article(article);
        self.reader.mention = Some(mention);
        if let Some(start) = self.entity_spans(article).get(mention).map(|s| s.0.start) {
            self.scroll_to(start);
        }
    }

    /// Shows article `idx` in the reader, selecting its row when the list
    /// shows it.
    pub fn open_article(&mut self, idx: ArticleIdx) {
        if let Some(row) = self.row_of(idx) {
            self.list.selected = row;
            self.keep_selection_visible();
        }
        if self.reader.article != Some(idx) {
            self.load_reader(idx);
        }
    }

    /// Finds the search hits in the open article and scrolls to the first.
    pub fn find_hits(&mut self) {
        self.reader.hit = None;
        self.reader.hits = match (
            &self.search.results,
            self.reader.article.and_then(|i| self.store.get(i)),
        ) {
            (Some(r), Some(a)) => {
                let hits = |text: &str, in_title: bool| {
                    r.hit_ranges(text)
                        .into_iter()
                        .map(move |range| ReaderHit { in_title, range })
                };
                hits(&a.title, true).chain(hits(&a.body, false)).collect()
            }
            _ => Vec::new(),
        };
        if !self.reader.hits.is_empty() {
            self.reader.hit = Some(0);
            self.scroll_to_hit();
        }
    }

    /// Scrolls the reader so the current hit is in view, a third from the top.
    pub fn scroll_to_hit(&mut self) {
        match self.reader.hit.and_then(|h| self.reader.hits.get(h)) {
            Some(h) if h.in_title => self.reader.scroll = 0,
            Some(h) => self.scroll_to(h.range.start),
            None => {}
        }
    }

    /// Scrolls the reader so body byte `pos` is in view (a third from the
    /// top when it has to move).
    pub fn scroll_to(&mut self, pos: usize) {
        if let Some(line) = self.line_of(pos) {
            let h = self.reader_height();
            if line < self.reader.scroll || line >= self.reader.scroll + h.max(1) {
                self.reader.scroll = line.saturating_sub(h / 3).min(self.reader_max_scroll());
            }
        }
    }

    /// The reader line holding body byte `pos`.
    pub fn line_of(&self, pos: usize) -> Option<usize> {
        let lines = &self.reader.lines;
        let first_body = lines
            .iter()
            .position(|l| matches!(l, ReaderLine::Body(_)))?;
        let after = lines[first_body..].partition_point(|l| match l {
            ReaderLine::Body(r) => r.start <= pos,
            _ => true,
        });
        Some(first_body + after.saturating_sub(1))
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
        let max_offset = self.row_count().saturating_sub(h);
        self.list.offset = self.list.offset.min(max_offset);
    }

    /// "article 2/3 · 40%": where the reader is (in the results when a
    /// search is shown), with "hit 3/12" when the article has search hits.
    pub fn position_label(&self) -> String {
        // Searching, out of all matches (the list holds the best of them
        // and fetches more as it is walked).
        let total = match &self.search.results {
            Some(r) => {
                let plus = if r.total_is_lower_bound { "+" } else { "" };
                format!("{}{plus}", r.total.max(r.hits.len()))
            }
            None => self.row_count().to_string(),
        };
        let n = self
            .reader
            .article
            .and_then(|a| self.row_of(a))
            .map_or(0, |r| r + 1);
        if let Some(h) = self.reader.hit {
            return format!(
                "hit {}/{} \u{b7} article {n}/{total}",
                h + 1,
                self.reader.hits.len()
            );
        }
        let lines = self.reader.lines.len();
        let seen = (self.reader.scroll + self.reader_height()).min(lines);
        let pct = (seen * 100).checked_div(lines).unwrap_or(100);
        format!("article {n}/{total} \u{b7} {pct}%")
    }
}
