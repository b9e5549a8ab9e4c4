//! The state of the interactive app, as plain data: the store and what the
//! analysis has found, the active mode and those behind it, the list-source
//! stack, the reader, the query line. The methods here only read it (or
//! answer layout questions); changing it is `update`'s work.

use std::cell::RefCell;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::arrivals::Arrivals;
use super::corrections::CorrectionsState;
use super::keymap::Keymap;
use super::layout::{self, Panes};
use super::mode::Mode;
use super::pictures::Pictures;
use super::place::Kept;
use super::search::QueryLine;
use super::sources::{Level, ListStack};
use crate::config;
use crate::corpus::ArticleIdx;
use crate::entities::{EntityKind, Mention, Resolution};
use crate::facts::{self, MentionSpan, Place, Postings};
use crate::pictures::Presence;
use crate::search::SearchIndex;
use crate::store::Store;
use crate::workspace::WorkspaceStatus;

/// The pane in front, for the layout: on a narrow screen only it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The list (or the entities pane, drawn in its place).
    #[default]
    List,
    Reader,
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
    /// Part of the user's note on the article (a byte range of it).
    Note(Range<usize>),
    Blank,
    /// Part of the body (a byte range of it; empty between paragraphs).
    Body(Range<usize>),
}

/// The article open in the reader, wrapped for the current width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderState {
    pub article: Option<ArticleIdx>,
    /// Width the lines were wrapped for.
    pub width: usize,
    pub lines: Vec<ReaderLine>,
    /// First line shown.
    pub scroll: usize,
    /// Where the search matches the article: the title's hits, then the
    /// body's, in order.
    pub hits: Vec<Place>,
    /// The current hit (n / N), an index into `hits`.
    pub hit: Option<usize>,
    /// The mention cursor (`]`, `[`, a click, a jump), an index into the
    /// article's [`AppState::mention_spans`]. `None` while browsing the
    /// list until the reader is focused or a mention is chosen.
    pub mention: Option<usize>,
    /// The lines hold only the first part of a long body; the rest is
    /// being wrapped off the loop's thread.
    pub partial: bool,
    /// A wrap of the whole body is to be asked for.
    pub wrap_wanted: bool,
}

/// The mention spans of the article asked for last, with what they were
/// made from. A long article has millions of mentions and the reader draws
/// from them on every frame: they are built once, not per frame. A cache
/// of derived data, filled by reading (hence the cell); it never holds
/// anything `update` has not already decided.
#[derive(Debug, Default)]
pub struct SpansKept(RefCell<Option<(Source, Arc<[MentionSpan]>)>>);

/// The article, and where its mentions lie and how many: new mentions (a
/// new analysis, the corpus resolved) are a new allocation.
type Source = (ArticleIdx, usize, usize);

impl SpansKept {
    fn get(&self, from: Source) -> Option<Arc<[MentionSpan]>> {
        match &*self.0.borrow() {
            Some((f, spans)) if *f == from => Some(Arc::clone(spans)),
            _ => None,
        }
    }

    fn keep(&self, from: Source, spans: Arc<[MentionSpan]>) {
        *self.0.borrow_mut() = Some((from, spans));
    }
}

/// What the background analysis has produced so far.
#[derive(Debug, Default)]
pub struct AnalysisState {
    /// See [`SpansKept`].
    pub kept_spans: SpansKept,
    /// Mentions by article, as extracted (before corpus-wide resolution).
    pub mentions: Vec<Vec<Mention>>,
    /// Entities merged across the corpus, once resolution is done.
    pub resolution: Option<Arc<Resolution>>,
    /// Where each entity is mentioned (see [`facts::postings`]).
    pub postings: Postings,
    /// Each entity's letters, for the entities pane's filter.
    pub entity_letters: Vec<u64>,
    /// The search index, once built (shared with search effects).
    pub index: Option<Arc<SearchIndex>>,
    /// Articles sent to the indexer so far.
    pub indexing: usize,
    /// Why the index could not be built.
    pub index_error: Option<String>,
    /// Which entities each article names (for the co-occurrence view and
    /// the overview), once counted.
    pub presence: Option<Arc<Presence>>,
}

/// Everything the app shows.
#[derive(Debug)]
pub struct AppState {
    pub store: Store,
    /// The files and folders opened (paths are shown relative to them).
    pub opened: Vec<PathBuf>,
    pub analysis: AnalysisState,
    /// The user's entity corrections.
    pub corrections: CorrectionsState,
    pub keymap: Keymap,
    /// The mode with the keys.
    pub mode: Mode,
    /// The modes it was opened over, the nearest last: each comes back as
    /// it was when the one above it closes.
    pub behind: Vec<Mode>,
    /// Which articles the list shows.
    pub lists: ListStack,
    pub reader: ReaderState,
    pub line: QueryLine,
    /// Entities are highlighted in the reader.
    pub show_entities: bool,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// The terminal area.
    pub size: Rect,
    /// What the timeline, co-occurrence and overview views keep.
    pub pictures: Pictures,
    /// What was wrong with the configuration, each entry kept at its
    /// default (shown with the load warnings).
    pub config_problems: Vec<String>,
    /// The entity kinds highlighted while highlighting is on.
    pub highlight_kinds: Vec<EntityKind>,
    /// The widest the reader's text is wrapped; none: the pane's width.
    pub reader_width: Option<u16>,
    /// What a watched folder brought (`--watch`).
    pub arrivals: Arrivals,
    /// The reader's marks by article (as kept in the workspace).
    pub marks: std::sync::Arc<crate::reading::Marks>,
    /// `$VISUAL` or `$EDITOR` is set: notes are written there.
    pub editor: bool,
    /// Where the user was and each article's reading position, kept
    /// between runs (see [`super::place`]).
    pub kept: Kept,
    /// What the user must know about the workspace (nothing without one).
    pub workspace: WorkspaceStatus,
    /// The list's order (see [`super::sort`]).
    pub sort: crate::reading::ListSort,
    /// The order was chosen with `o` in this run (one kept in the
    /// workspace no longer replaces it).
    pub sort_chosen: bool,
    /// How long an article stays in front before it counts as read (zero:
    /// at once).
    pub read_dwell: std::time::Duration,
    /// The dwell under way (see [`super::dwell`]).
    pub dwell: super::dwell::Dwell,
}

impl AppState {
    /// The app on `store` (loaded or still loading), for a screen of `size`.
    pub fn new(store: Store, size: Rect) -> Self {
        let mut s = AppState {
            store,
            opened: Vec::new(),
            analysis: AnalysisState::default(),
            corrections: CorrectionsState::default(),
            keymap: Keymap::default(),
            mode: Mode::List,
            behind: Vec::new(),
            lists: ListStack::default(),
            reader: ReaderState::default(),
            line: QueryLine::default(),
            show_entities: true,
            message: None,
            size,
            pictures: Pictures::default(),
            config_problems: Vec::new(),
            highlight_kinds: EntityKind::ALL.to_vec(),
            reader_width: None,
            arrivals: Arrivals::default(),
            marks: std::sync::Arc::default(),
            editor: false,
            kept: Kept::default(),
            workspace: WorkspaceStatus::default(),
            sort: crate::reading::ListSort::Path,
            sort_chosen: false,
            read_dwell: super::dwell::DEFAULT_DWELL,
            dwell: super::dwell::Dwell::default(),
        };
        super::reader::follow_list(&mut s);
        s
    }

    /// Takes the configuration: its keys over the built-in ones, its
    /// defaults, and what was wrong with it (in the warnings, and said in
    /// the status bar until the first key).
    pub fn configure(&mut self, loaded: &config::Loaded) {
        let c = &loaded.config;
        self.keymap = Keymap::configured(&c.keys);
        self.show_entities = c.defaults.highlight;
        self.highlight_kinds.clone_from(&c.defaults.highlight_kinds);
        self.reader_width = c.defaults.reader_width;
        self.read_dwell = c.defaults.read_dwell;
        if !self.sort_chosen {
            self.sort = c.defaults.list_sort;
            super::sort::apply(self);
        }
        self.config_problems = loaded
            .problems
            .iter()
            .map(|p| match (&p.expected, &p.location) {
                (Some(e), Some(_)) => format!("{p} (expected {e})"),
                _ => p.to_string(),
            })
            .collect();
        if let Some(first) = loaded.problems.first() {
            let more = match loaded.problems.len() {
                1 => String::new(),
                n => format!(" (+{} more)", n - 1),
            };
            self.message = Some(format!("config: {first}{more}"));
        }
        super::reader::follow_list(self);
    }

    /// The warnings overlay's lines: the workspace (where it is, what is
    /// wrong with it), the configuration's problems, then what could not
    /// be loaded.
    pub fn warning_lines(&self) -> Vec<String> {
        let mut out = self.workspace.report();
        out.extend(self.config_problems.iter().cloned());
        out.extend(self.store.warnings().iter().map(|w| w.to_string()));
        out
    }

    /// Every mode from the bottom one to the active one.
    pub fn modes(&self) -> impl DoubleEndedIterator<Item = &Mode> {
        self.behind.iter().chain(std::iter::once(&self.mode))
    }

    /// The pane in front: the reader when the nearest pane mode is the
    /// reader, else the list.
    pub fn focus(&self) -> Focus {
        let pane = self
            .modes()
            .rev()
            .find(|m| matches!(m, Mode::List | Mode::Reader | Mode::Entities(_)));
        match pane {
            Some(Mode::Reader) => Focus::Reader,
            _ => Focus::List,
        }
    }

    /// The mentions of article `idx`, in reading order: resolved once the
    /// corpus is, else as extracted. The last article's are kept until the
    /// analysis changes (see [`SpansKept`]).
    pub fn mention_spans(&self, idx: ArticleIdx) -> Arc<[MentionSpan]> {
        let a = &self.analysis;
        let i = idx as usize;
        if self.arrivals.is_stale(idx) {
            return Arc::from(Vec::new());
        }
        let resolved = a.resolution.as_ref().and_then(|r| r.docs.get(i));
        let extracted = a.mentions.get(i).map(Vec::as_slice).unwrap_or_default();
        // What the spans are made from: the resolved document, else the
        // extracted mentions (where they lie and how many).
        let from = match resolved {
            Some(doc) => (idx, doc.as_ptr() as usize, doc.len()),
            None => (idx, extracted.as_ptr() as usize, extracted.len()),
        };
        if let Some(spans) = a.kept_spans.get(from) {
            return spans;
        }
        let spans: Arc<[MentionSpan]> = match resolved {
            Some(doc) => facts::mention_spans(doc).into(),
            None => facts::extracted_spans(extracted).into(),
        };
        a.kept_spans.keep(from, Arc::clone(&spans));
        spans
    }

    /// The list level shown.
    pub fn list(&self) -> &Level {
        self.lists.top()
    }

    /// Rows of the list shown.
    pub fn row_count(&self) -> usize {
        self.list().len(self.store.len())
    }

    /// The article on row `row` of the list shown.
    pub fn row_article(&self, row: usize) -> Option<ArticleIdx> {
        self.list().article(row, self.store.len())
    }

    /// The row of the list shown that holds article `idx`, if any.
    pub fn row_of(&self, idx: ArticleIdx) -> Option<usize> {
        self.list().row_of(idx, self.store.len())
    }

    pub fn panes(&self) -> Panes {
        layout::panes(self.size, self.focus())
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

    /// The reader line showing `place` (a title's place is its first line).
    pub fn line_of_place(&self, place: &Place) -> Option<usize> {
        if place.in_title {
            let first = self
                .reader
                .lines
                .iter()
                .position(|l| matches!(l, ReaderLine::Title(_)))?;
            let after = self.reader.lines[first..].partition_point(|l| match l {
                ReaderLine::Title(r) => r.start <= place.range.start,
                _ => false,
            });
            return Some(first + after.saturating_sub(1));
        }
        self.line_of(place.range.start)
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

    /// "article 2/3 · 40%": where the reader is in the list shown, with
    /// "hit 3/12" when the article has search hits.
    pub fn position_label(&self) -> String {
        let total = match &self.list().source.search() {
            Some(s) => facts::count(
                s.results.total.max(s.results.hits.len()),
                s.results.total_is_lower_bound,
            ),
            None => facts::thousands(self.row_count()),
        };
        let n = self
            .reader
            .article
            .and_then(|a| self.row_of(a))
            .map_or(0, |r| r + 1);
        let n = facts::thousands(n);
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
