//! A selection of the reader's lines to clip (`v`): it starts at the first
//! line of text in view, `j`/`k` extend it a line at a time (the reader
//! scrolls to keep its moving end in view), `c` clips the text of the
//! lines selected, from the first one's start to the last one's end, with
//! their file byte offsets as the sentence clip has; Esc (or `v`) leaves it
//! and nothing is clipped. Only body lines can be selected: the title and
//! the note are not the article's text.

use super::Action;
use super::effect::Effect;
use super::mode::Mode;
use super::state::{AppState, ReaderLine};
use super::switch;
use crate::reading::Change;

/// The selection: the line it started on and the line it reaches (reader
/// line numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub cursor: usize,
}

impl Selection {
    /// The lines selected, first to last.
    pub fn lines(self) -> std::ops::RangeInclusive<usize> {
        self.anchor.min(self.cursor)..=self.anchor.max(self.cursor)
    }
}

/// The first body line of the reader.
fn first_body(state: &AppState) -> Option<usize> {
    state
        .reader
        .lines
        .iter()
        .position(|l| matches!(l, ReaderLine::Body(_)))
}

/// `v`: a selection of the first line of text in view.
pub fn start(state: &mut AppState) {
    let Some(first) = first_body(state) else {
        state.message = Some("nothing to select: open an article".into());
        return;
    };
    let line = state
        .reader
        .lines
        .iter()
        .enumerate()
        .skip(state.reader.scroll.max(first))
        .find(|(_, l)| matches!(l, ReaderLine::Body(r) if !r.is_empty()))
        .map_or(first, |(i, _)| i);
    switch::open(
        state,
        Mode::Visual(Selection {
            anchor: line,
            cursor: line,
        }),
    );
}

/// A key of the selection.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Visual(sel) = state.mode else {
        return Vec::new();
    };
    let first = first_body(state).unwrap_or(0);
    let last = state.reader.lines.len().saturating_sub(1);
    let page = state.reader_height().max(1);
    let to = |by: isize| {
        sel.cursor
            .saturating_add_signed(by)
            .clamp(first, last.max(first))
    };
    let cursor = match action {
        Action::Down => to(1),
        Action::Up => to(-1),
        Action::PageDown => to(page as isize),
        Action::PageUp => to(-(page as isize)),
        Action::HalfPageDown => to((page / 2).max(1) as isize),
        Action::HalfPageUp => to(-((page / 2).max(1) as isize)),
        Action::Clip => {
            switch::close(state);
            return clip(state, sel);
        }
        Action::Back | Action::VisualSelect => {
            switch::close(state);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    state.mode = Mode::Visual(Selection {
        anchor: sel.anchor,
        cursor,
    });
    // The moving end stays in view.
    let r = &mut state.reader;
    if cursor < r.scroll {
        r.scroll = cursor;
    } else if cursor >= r.scroll + page {
        r.scroll = cursor + 1 - page;
    }
    Vec::new()
}

/// The body's bytes the selection covers (empty lines at its ends left
/// out), if any text.
pub fn range(state: &AppState, sel: Selection) -> Option<std::ops::Range<usize>> {
    let lines = state.reader.lines.get(sel.lines())?;
    let mut text = lines.iter().filter_map(|l| match l {
        ReaderLine::Body(r) if !r.is_empty() => Some(r.clone()),
        _ => None,
    });
    let first = text.next()?;
    let end = text.next_back().map_or(first.end, |r| r.end);
    Some(first.start..end)
}

fn clip(state: &mut AppState, sel: Selection) -> Vec<Effect> {
    let (Some(article), Some(range)) = (state.reader.article, range(state, sel)) else {
        state.message = Some("nothing to clip: the selection holds no text".into());
        return Vec::new();
    };
    vec![Effect::Keep {
        article,
        change: Change::Clip(range),
    }]
}
