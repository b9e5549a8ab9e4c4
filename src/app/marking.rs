//! The reader's own work in the app: read state, stars, tags, notes, clips,
//! copying with a citation, saved searches.
//!
//! A mark is never shown before it is kept: a key gives an
//! [`Effect::Keep`], the shell writes it through the workspace (one
//! transaction) and answers with [`Msg::Kept`](super::Msg::Kept) carrying
//! the article's marks as now on disk, which is what the list then shows.
//! An article the reader keeps in front for a moment is read (see
//! [`super::dwell`]; browsing the list with j/k never marks). The tag editor, the inline note and the name of a saved
//! search are one-line prompts ([`Prompt`]); the clips and the saved
//! searches are panes over the list ([`ClipsPane`], [`SavedPane`]).

use super::Action;
use super::effect::{Effect, Purpose, SearchRequest};
use super::line_edit;
use super::mode::Mode;
use super::reader;
use super::state::{AppState, Focus, ReaderLine};
use super::switch;
use crate::corpus::ArticleIdx;
use crate::reading::{Change, Clip, SavedSearch, Stored};
use crate::search::tag_name;

/// What a one-line prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    /// The tags of an article, separated by spaces or commas.
    Tags(ArticleIdx),
    /// The note of an article (no editor set).
    Note(ArticleIdx),
    /// A name for the query.
    SaveSearch(String),
}

/// A one-line prompt in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: String,
    pub cursor: usize,
    /// Tags in use that complete the word being typed (the tag editor).
    pub completions: Vec<String>,
}

impl Prompt {
    fn new(purpose: PromptFor, input: String) -> Prompt {
        Prompt {
            purpose,
            cursor: input.len(),
            input,
            completions: Vec::new(),
        }
    }

    /// What the status bar says before the line.
    pub fn label(&self) -> &'static str {
        match self.purpose {
            PromptFor::Tags(_) => "tags",
            PromptFor::Note(_) => "note",
            PromptFor::SaveSearch(_) => "save search as",
        }
    }
}

/// A clip in the clips pane, with the loaded article it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipRow {
    pub clip: Clip,
    pub article: Option<ArticleIdx>,
}

/// The clips pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClipsPane {
    pub rows: Vec<ClipRow>,
    pub selected: usize,
}

/// A saved search with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRow {
    pub search: SavedSearch,
    /// Articles matching now (`None` when the query does not run).
    pub matches: Option<usize>,
    /// Of those, articles first seen since the search was last opened.
    pub new: usize,
    /// The counts are made (the pane opens at once and they follow).
    pub counted: bool,
}

/// The saved-searches pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedPane {
    pub rows: Vec<SavedRow>,
    pub selected: usize,
}

/// The article the marking keys act on: the one open in the reader (the
/// list's selection).
fn current(state: &AppState) -> Option<ArticleIdx> {
    state.reader.article
}

/// The marks of article `idx`.
pub fn marks_of(state: &AppState, idx: ArticleIdx) -> Stored {
    state.marks.get(idx as usize).cloned().unwrap_or_default()
}

/// The keys of the list and the reader that mark.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::ToggleRead => {
            let Some(a) = current(state) else {
                return Vec::new();
            };
            let read = !marks_of(state, a).read;
            super::dwell::marked_by_hand(state, a);
            keep(a, Change::Read(read))
        }
        Action::ToggleStar => {
            let Some(a) = current(state) else {
                return Vec::new();
            };
            let starred = !marks_of(state, a).starred;
            keep(a, Change::Starred(starred))
        }
        Action::NextUnread => next_unread(state, true),
        Action::PrevUnread => next_unread(state, false),
        Action::EditTags => {
            if let Some(a) = current(state) {
                let mut tags = marks_of(state, a).tags.join(" ");
                if !tags.is_empty() {
                    tags.push(' ');
                }
                let mut p = Prompt::new(PromptFor::Tags(a), tags);
                p.completions = completions(state, &p.input);
                switch::open(state, Mode::Prompt(Box::new(p)));
            }
            Vec::new()
        }
        Action::EditNote => {
            let Some(a) = current(state) else {
                return Vec::new();
            };
            let text = marks_of(state, a).note.unwrap_or_default();
            if state.editor {
                return vec![Effect::EditNote { article: a, text }];
            }
            let one_line = text.replace('\n', " ");
            switch::open(
                state,
                Mode::Prompt(Box::new(Prompt::new(PromptFor::Note(a), one_line))),
            );
            Vec::new()
        }
        Action::Clip => clip(state),
        Action::Copy => copy_sentence(state),
        Action::ShowClips => vec![Effect::ShowClips],
        Action::ShowSaved => vec![Effect::ShowSaved],
        Action::SaveSearch => {
            let Some(s) = state.lists.search() else {
                state.message = Some("no search to save: press / and type a query".into());
                return Vec::new();
            };
            let query = s.query.clone();
            let name = query.clone();
            switch::open(
                state,
                Mode::Prompt(Box::new(Prompt::new(PromptFor::SaveSearch(query), name))),
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn keep(article: ArticleIdx, change: Change) -> Vec<Effect> {
    vec![Effect::Keep { article, change }]
}

/// The article's marks as kept (or why they could not be).
pub fn kept(state: &mut AppState, article: ArticleIdx, result: Result<Stored, String>) {
    match result {
        Ok(stored) => {
            let note_changed = marks_of(state, article).note != stored.note;
            let clips = stored.clips;
            let before = marks_of(state, article).clips;
            std::sync::Arc::make_mut(&mut state.marks).update(article as usize, |m| *m = stored);
            if note_changed && state.reader.article == Some(article) {
                state.reader.width = 0;
                reader::rewrap(state);
            }
            if clips > before {
                state.message = Some(format!(
                    "clipped ({clips} in this article) \u{b7} Y shows the clips"
                ));
            }
        }
        Err(why) => state.message = Some(format!("not saved: {why}")),
    }
}

/// u / U: the next (previous) unread article in the list shown.
fn next_unread(state: &mut AppState, forward: bool) -> Vec<Effect> {
    let rows = state.row_count();
    let from = state.list().selected;
    let found = if forward {
        (from + 1..rows).find(|&r| is_unread_row(state, r))
    } else {
        (0..from).rev().find(|&r| is_unread_row(state, r))
    };
    match found {
        Some(r) => reader::select_row(state, r),
        None => state.message = Some("no more unread articles in this list".into()),
    }
    Vec::new()
}

fn is_unread_row(state: &AppState, row: usize) -> bool {
    state
        .row_article(row)
        .is_some_and(|a| !marks_of(state, a).read)
}

/// The byte range of the body the clip and copy keys take: the sentence
/// at the mention cursor, else at the current search hit, else at the top
/// of the reader.
fn sentence_range(state: &AppState) -> Option<(ArticleIdx, std::ops::Range<usize>)> {
    let a = current(state)?;
    let article = state.store.get(a)?;
    let at = state
        .reader
        .mention
        .and_then(|m| {
            state
                .mention_spans(a)
                .get(m)
                .filter(|s| !s.in_title)
                .map(|s| s.range.start)
        })
        .or_else(|| {
            let h = state.reader.hit?;
            let p = state.reader.hits.get(h)?;
            (!p.in_title).then_some(p.range.start)
        })
        .or_else(|| {
            state.reader.lines[state.reader.scroll.min(state.reader.lines.len())..]
                .iter()
                .find_map(|l| match l {
                    ReaderLine::Body(r) if !r.is_empty() => Some(r.start),
                    _ => None,
                })
        })?;
    let range = crate::reading::sentence_at(&article.body, at);
    (!range.is_empty()).then_some((a, range))
}

/// c: clips the sentence.
fn clip(state: &mut AppState) -> Vec<Effect> {
    match sentence_range(state) {
        Some((a, range)) => keep(a, Change::Clip(range)),
        None => {
            state.message = Some("nothing to clip: open an article".into());
            Vec::new()
        }
    }
}

/// y: copies the sentence with its citation.
fn copy_sentence(state: &mut AppState) -> Vec<Effect> {
    let Some((a, range)) = sentence_range(state) else {
        state.message = Some("nothing to copy: open an article".into());
        return Vec::new();
    };
    let Some(article) = state.store.get(a) else {
        return Vec::new();
    };
    let text = article.body.get(range.clone()).unwrap_or_default();
    let file = article.file_range(range);
    let cite = crate::reading::citation(
        text,
        &article.title,
        &article.path.display().to_string(),
        article.date.as_deref(),
        file,
    );
    state.message = Some("copied the sentence with its citation (OSC 52)".into());
    vec![Effect::Copy(cite)]
}

/// Tags in use that complete the last word of `input`.
fn completions(state: &AppState, input: &str) -> Vec<String> {
    let last = input
        .rsplit([' ', ','])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let typed: Vec<&str> = input.split([' ', ',']).collect();
    state
        .marks
        .tags_used()
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| t.starts_with(&last) && !typed.contains(&t.as_str()))
        .take(8)
        .collect()
}

/// A key of a prompt.
pub fn prompt_act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut state.mode else {
        return Vec::new();
    };
    match action {
        Action::Back => {
            switch::close(state);
            Vec::new()
        }
        Action::Complete => {
            if let Some(first) = p.completions.first().cloned() {
                let cut = p.input.rfind([' ', ',']).map_or(0, |i| i + 1);
                p.input.truncate(cut);
                p.input.push_str(&first);
                p.input.push(' ');
                p.cursor = p.input.len();
            }
            refresh(state);
            Vec::new()
        }
        Action::Submit => {
            let p = (**p).clone();
            switch::close(state);
            submit(state, p)
        }
        _ => {
            if let Some(edit) = action.edit() {
                line_edit::apply(&mut p.input, &mut p.cursor, edit);
                refresh(state);
            }
            Vec::new()
        }
    }
}

/// A character typed into a prompt.
pub fn prompt_type(state: &mut AppState, c: char) {
    if let Mode::Prompt(p) = &mut state.mode {
        line_edit::insert(&mut p.input, &mut p.cursor, c);
    }
    refresh(state);
}

/// Text pasted into a prompt (one line).
pub fn prompt_paste(state: &mut AppState, text: &str) {
    if let Mode::Prompt(p) = &mut state.mode {
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            line_edit::insert(&mut p.input, &mut p.cursor, c);
        }
    }
    refresh(state);
}

fn refresh(state: &mut AppState) {
    let input = match &state.mode {
        Mode::Prompt(p) if matches!(p.purpose, PromptFor::Tags(_)) => p.input.clone(),
        _ => return,
    };
    let c = completions(state, &input);
    if let Mode::Prompt(p) = &mut state.mode {
        p.completions = c;
    }
}

fn submit(state: &mut AppState, p: Prompt) -> Vec<Effect> {
    match p.purpose {
        PromptFor::Tags(a) => {
            let mut tags: Vec<String> = p.input.split([' ', ',']).filter_map(tag_name).collect();
            tags.sort();
            tags.dedup();
            keep(a, Change::Tags(tags))
        }
        PromptFor::Note(a) => keep(a, Change::Note(p.input)),
        PromptFor::SaveSearch(query) => {
            let name = p.input.trim().to_owned();
            if name.is_empty() {
                state.message = Some("not saved: the search needs a name".into());
                return Vec::new();
            }
            vec![Effect::SaveSearch { name, query }]
        }
    }
}

/// Keys of the clips and saved-searches panes.
pub fn pane_act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let (len, selected) = match &mut state.mode {
        Mode::Clips(p) => (p.rows.len(), &mut p.selected),
        Mode::Saved(p) => (p.rows.len(), &mut p.selected),
        _ => return Vec::new(),
    };
    let last = len.saturating_sub(1);
    match action {
        Action::Down => *selected = (*selected + 1).min(last),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Top => *selected = 0,
        Action::Bottom => *selected = last,
        Action::PageDown => *selected = (*selected + 10).min(last),
        Action::PageUp => *selected = selected.saturating_sub(10),
        Action::Back | Action::Quit => switch::close(state),
        Action::Copy => return copy_clip(state),
        Action::Open => return open_selected(state),
        _ => {}
    }
    Vec::new()
}

fn copy_clip(state: &mut AppState) -> Vec<Effect> {
    let Mode::Clips(p) = &state.mode else {
        return Vec::new();
    };
    let Some(row) = p.rows.get(p.selected) else {
        return Vec::new();
    };
    let (title, date) = row
        .article
        .and_then(|a| state.store.get(a))
        .map(|a| (a.title.clone(), a.date.clone()))
        .unwrap_or_default();
    let c = &row.clip;
    let cite = crate::reading::citation(
        &c.text,
        &title,
        &c.path,
        date.as_deref(),
        c.start as usize..c.end as usize,
    );
    state.message = Some("copied the clip with its citation (OSC 52)".into());
    vec![Effect::Copy(cite)]
}

/// Enter in a pane: the clip's article at the clip, or the saved search.
fn open_selected(state: &mut AppState) -> Vec<Effect> {
    match &state.mode {
        Mode::Clips(p) => {
            let Some(row) = p.rows.get(p.selected).cloned() else {
                return Vec::new();
            };
            switch::close(state);
            let Some(a) = row.article else {
                state.message = Some("that article is not in the collection now".into());
                return Vec::new();
            };
            // Back to every article, then to the clip's.
            while state.lists.pop() {}
            reader::list_changed(state);
            if let Some(r) = state.row_of(a) {
                reader::select_row(state, r);
            }
            switch::focus(state, Focus::Reader);
            if let Some(article) = state.store.get(a) {
                let at = article
                    .body
                    .char_indices()
                    .map(|(i, _)| i)
                    .find(|&i| article.file_range(i..i).start as u64 >= row.clip.start);
                if let Some(line) = at.and_then(|i| state.line_of(i)) {
                    state.reader.scroll = line.min(state.reader_max_scroll());
                }
            }
            Vec::new()
        }
        Mode::Saved(p) => {
            let Some(row) = p.rows.get(p.selected).cloned() else {
                return Vec::new();
            };
            switch::close(state);
            run_saved(state, &row.search)
        }
        _ => Vec::new(),
    }
}

/// Runs a saved search over every article, as if typed and kept.
fn run_saved(state: &mut AppState, s: &SavedSearch) -> Vec<Effect> {
    while state.lists.pop() {}
    reader::list_changed(state);
    let Some(index) = &state.analysis.index else {
        state.message = Some("the search index is not ready yet".into());
        return Vec::new();
    };
    state.line.input = s.query.clone();
    state.line.cursor = s.query.len();
    state.line.remember();
    state.message = Some(format!("saved search \u{201c}{}\u{201d}", s.name));
    state.line.generation = state.line.generation.wrapping_add(1);
    vec![
        Effect::OpenedSearch(s.name.clone()),
        Effect::Search(SearchRequest {
            index: std::sync::Arc::clone(index),
            query: s.query.clone(),
            limit: if super::sort::wants_every_match(state, &s.query) {
                index.len()
            } else {
                super::search::RESULT_LIMIT
            },
            purpose: Purpose::Line {
                parent: 0,
                generation: state.line.generation,
            },
        }),
    ]
}

/// The clips, read from the store: the pane opens on them.
pub fn show_clips(state: &mut AppState, rows: Vec<ClipRow>) {
    if rows.is_empty() {
        state.message = Some("no clips yet: c in the reader clips a sentence".into());
        return;
    }
    let selected = rows.len() - 1;
    switch::open(state, Mode::Clips(Box::new(ClipsPane { rows, selected })));
}

/// The counts of the saved searches, made off the loop's thread: they
/// fill the rows of the pane when it still shows those searches.
pub fn saved_counted(state: &mut AppState, counted: Vec<SavedRow>) {
    let Mode::Saved(pane) = &mut state.mode else {
        return;
    };
    for row in &mut pane.rows {
        if let Some(c) = counted.iter().find(|c| c.search == row.search) {
            row.matches = c.matches;
            row.new = c.new;
            row.counted = true;
        }
    }
}

/// The saved searches (their counts may follow): the pane opens on them.
pub fn show_saved(state: &mut AppState, rows: Vec<SavedRow>) {
    if rows.is_empty() {
        state.message = Some("no saved searches yet: S saves the query shown".into());
        return;
    }
    switch::open(
        state,
        Mode::Saved(Box::new(SavedPane { rows, selected: 0 })),
    );
}
