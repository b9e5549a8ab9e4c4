//! `update`: one message in, the state changed, effects out. A plain
//! function: tests drive it without a terminal.
//!
//! Keys go to the active mode first: its key tables say what a key means,
//! and its arm here carries the action out. Nothing reaches a mode behind
//! it. Background progress (loading, analysis, query answers) is taken in
//! whatever the mode.

use std::sync::Arc;

use ratatui::layout::{Position, Rect};

use super::effect::{Effect, PresenceRequest, Purpose};
use super::keymap::Meaning;
use super::mode::{Mode, ModeName};
use super::msg::Msg;
use super::state::{AppState, Focus, LIST_ROW_HEIGHT, ReaderLine};
use super::{
    Action, arrivals, cooccur, corrections, dwell, entities_pane, incoming, layout, marking,
    mentions, overview, pictures, place, reader, search, sort, switch, timeline, visual,
};
use crate::analysis::AnalysisEvent;
use crate::corpus::LoadEvent;
use crate::facts;
use crate::textview::safe;

/// n / N look this many results ahead for one with hits in its text (a
/// result can match through its entities alone).
const MAX_ARTICLES_FOR_A_HIT: usize = 2_000;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// Takes in `msg`; returns what the shell must do.
pub fn update(state: &mut AppState, msg: impl Into<Msg>) -> Vec<Effect> {
    let msg = msg.into();
    if matches!(
        msg,
        Msg::Key(_) | Msg::Action(_) | Msg::Paste(_) | Msg::Click(..) | Msg::Wheel(..)
    ) {
        place::touched(state);
    }
    let mut effects = take_in(state, msg);
    if state.lists.refresh(state.store.len()) {
        reader::follow_list(state);
    }
    place::noticed(state, &mut effects);
    dwell::noticed(state, &mut effects);
    // Whatever opened or rewrapped a long article asked for the rest of
    // its lines.
    effects.extend(reader::wrap_wanted(state));
    effects
}

fn take_in(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            state.message = None;
            state.arrivals.seen = Default::default();
            match state.keymap.meaning(state.mode.name(), key) {
                Some(Meaning::Action(a)) => act(state, a),
                Some(Meaning::Type(c)) => type_char(state, c),
                None => Vec::new(),
            }
        }
        Msg::Action(a) => {
            state.message = None;
            act(state, a)
        }
        Msg::Paste(text) => match state.mode.name() {
            ModeName::Search => search::paste(state, &text),
            ModeName::Prompt => {
                marking::prompt_paste(state, &text);
                Vec::new()
            }
            ModeName::Entities => {
                entities_pane::paste(state, &text);
                Vec::new()
            }
            ModeName::CorrectLine => {
                corrections::paste(state, &text);
                Vec::new()
            }
            _ => {
                state.message =
                    Some("paste ignored: / opens the query line, e the entities filter".into());
                Vec::new()
            }
        },
        Msg::Resize(w, h) => {
            state.size = Rect::new(0, 0, w, h);
            reader::layout_changed(state);
            pictures::layout_changed(state);
            Vec::new()
        }
        Msg::Click(x, y) => click(state, x, y),
        Msg::Wheel(x, y, notches) => wheel(state, x, y, notches),
        Msg::Load(event) => on_load(state, event),
        Msg::Analysis(event) => on_analysis(state, event),
        Msg::Entities(prepared) => entities_arrived(state, *prepared),
        Msg::Presence(counted) => {
            pictures::presence_counted(state, *counted);
            Vec::new()
        }
        Msg::Found(found) => match found.purpose {
            Purpose::Restore { parent } => place::found(state, *found, parent),
            _ => match search::found(state, *found) {
                Some(again) => act(state, again),
                None => Vec::new(),
            },
        },
        Msg::Watch(batch) => {
            let effects = arrivals::on_batch(state, batch);
            sort::articles_changed(state);
            effects
        }
        Msg::Wrapped(wrapped) => {
            reader::wrapped(state, *wrapped);
            Vec::new()
        }
        Msg::Marks(mut marks) => {
            marks.resize(state.store.len());
            let note_shown = state
                .reader
                .article
                .is_some_and(|a| marks.get(a as usize).is_some_and(|m| m.note.is_some()));
            state.marks = std::sync::Arc::new(marks);
            if note_shown {
                state.reader.width = 0;
                reader::rewrap(state);
            }
            sort::marks_arrived(state);
            Vec::new()
        }
        Msg::Kept { article, result } => {
            marking::kept(state, article, result);
            Vec::new()
        }
        Msg::Clips(rows) => {
            marking::show_clips(state, rows);
            Vec::new()
        }
        Msg::Saved(rows) => {
            marking::show_saved(state, rows);
            Vec::new()
        }
        Msg::SavedCounted(rows) => {
            marking::saved_counted(state, rows);
            Vec::new()
        }
        Msg::Told(text) => {
            state.message = Some(text);
            Vec::new()
        }
        Msg::Timer(super::effect::Timer::Dwell(n)) => dwell::elapsed(state, n),
        Msg::Remembered(what) => place::remembered(state, what),
        Msg::Workspace(status) => {
            state.workspace = *status;
            Vec::new()
        }
    }
}

/// Carries out `action` in the active mode.
fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit => return vec![Effect::Interrupt],
        Action::Suspend => return vec![Effect::Suspend],
        _ => {}
    }
    match state.mode.name() {
        ModeName::List | ModeName::Reader => browse(state, action),
        ModeName::Search => search::act(state, action),
        ModeName::Entities => match (action, entities_pane::selected_entity(state)) {
            (Action::Timeline, Some(e)) => timeline::open_entity(state, e),
            (Action::Cooccurrence, Some(e)) => cooccur::open_entity(state, e),
            _ => {
                let page = state.list_height().max(1) * LIST_ROW_HEIGHT;
                entities_pane::act(state, action, page)
            }
        },
        ModeName::Concordance => {
            let page = state.size.height.saturating_sub(4) as usize;
            mentions::concordance_act(state, action, page);
            Vec::new()
        }
        ModeName::Help | ModeName::Warnings => {
            overlay(state, action);
            Vec::new()
        }
        ModeName::Timeline => timeline::act(state, action),
        ModeName::Cooccurrence => {
            let page = state.size.height.saturating_sub(7) as usize;
            cooccur::act(state, action, page)
        }
        ModeName::Overview => overview::act(state, action),
        ModeName::Prompt => marking::prompt_act(state, action),
        ModeName::Clips | ModeName::Saved => marking::pane_act(state, action),
        ModeName::Correct | ModeName::CorrectKind | ModeName::CorrectLine => {
            corrections::menu_act(state, action)
        }
        ModeName::Corrections => corrections::pane_act(state, action),
        ModeName::Visual => visual::act(state, action),
    }
}

/// A character typed in a mode that takes text.
fn type_char(state: &mut AppState, c: char) -> Vec<Effect> {
    match state.mode.name() {
        ModeName::Search => search::type_char(state, c),
        ModeName::Entities => {
            entities_pane::type_char(state, c);
            Vec::new()
        }
        ModeName::CorrectLine => {
            corrections::type_char(state, c);
            Vec::new()
        }
        ModeName::Prompt => {
            marking::prompt_type(state, c);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Keys of the list and the reader.
fn browse(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Down => return step(state, 1, action),
        Action::Up => return step(state, -1, action),
        Action::PageDown => return step(state, page(state) as isize, action),
        Action::PageUp => return step(state, -(page(state) as isize), action),
        Action::HalfPageDown => return step(state, (page(state) / 2).max(1) as isize, action),
        Action::HalfPageUp => return step(state, -((page(state) / 2).max(1) as isize), action),
        Action::Top => return step(state, isize::MIN / 2, action),
        Action::Bottom => return step(state, isize::MAX / 2, action),
        Action::Open => switch::focus(state, Focus::Reader),
        Action::ShowMentions => return mentions::open_concordance(state, action),
        Action::FocusNext | Action::FocusPrev => {
            let other = match state.focus() {
                Focus::List => Focus::Reader,
                Focus::Reader => Focus::List,
            };
            switch::focus(state, other);
        }
        Action::FocusList => switch::focus(state, Focus::List),
        Action::FocusReader => switch::focus(state, Focus::Reader),
        Action::Help => switch::open(state, Mode::Help { scroll: 0 }),
        Action::Warnings => switch::open(state, Mode::Warnings { scroll: 0 }),
        Action::Back if state.mode == Mode::Reader => switch::focus(state, Focus::List),
        Action::Back if state.lists.pop() => reader::list_changed(state),
        Action::Quit => return vec![Effect::Quit],
        Action::ToggleEntities => {
            state.show_entities = !state.show_entities;
            let word = if state.show_entities { "on" } else { "off" };
            state.message = Some(format!("entity highlighting {word}"));
        }
        Action::Search => search::open(state),
        Action::NextHit => return jump_hit(state, true, action),
        Action::PrevHit => return jump_hit(state, false, action),
        Action::NextMention => mentions::step_mention(state, true),
        Action::PrevMention => mentions::step_mention(state, false),
        Action::NextSameEntity => return mentions::jump_same(state, true, action),
        Action::PrevSameEntity => return mentions::jump_same(state, false, action),
        Action::EntitiesArticle => entities_pane::open(state, false),
        Action::EntitiesCorpus => entities_pane::open(state, true),
        Action::CorrectionsMenu => corrections::open_menu(state),
        Action::CorrectionsPane => corrections::open_pane(state),
        Action::Timeline => return timeline::open(state),
        Action::Cooccurrence => return cooccur::open(state),
        Action::Overview => return overview::open(state),
        Action::CycleSort => return sort::cycle(state),
        Action::VisualSelect if state.mode == Mode::Reader => visual::start(state),
        _ => return marking::act(state, action),
    }
    Vec::new()
}

/// Keys of the help and the warnings: scroll, switch, close.
fn overlay(state: &mut AppState, action: Action) {
    let max = overlay_max_scroll(state);
    let (Mode::Help { scroll } | Mode::Warnings { scroll }) = &mut state.mode else {
        return;
    };
    let moved = |s: usize, by: isize| s.saturating_add_signed(by).min(max);
    match action {
        Action::Down => *scroll = moved(*scroll, 1),
        Action::Up => *scroll = moved(*scroll, -1),
        Action::PageDown | Action::HalfPageDown => *scroll = moved(*scroll, 10),
        Action::PageUp | Action::HalfPageUp => *scroll = moved(*scroll, -10),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = max,
        Action::Back | Action::Quit => switch::close(state),
        Action::Help if matches!(state.mode, Mode::Help { .. }) => switch::close(state),
        Action::Warnings if matches!(state.mode, Mode::Warnings { .. }) => switch::close(state),
        Action::Help => switch::replace(state, Mode::Help { scroll: 0 }),
        Action::Warnings => switch::replace(state, Mode::Warnings { scroll: 0 }),
        _ => {}
    }
}

/// How far the help or the warnings scroll: until the last line is in view.
fn overlay_max_scroll(state: &AppState) -> usize {
    match state.mode {
        Mode::Help { .. } => {
            let shown = state.size.height.saturating_sub(2);
            state
                .keymap
                .help_rows()
                .len()
                .saturating_sub(usize::from(shown))
        }
        _ => {
            // Long warnings wrap (at word ends: allow a line more).
            let inner = layout::inner(layout::warnings_box(state.size));
            let cols = usize::from(inner.width).max(1);
            let wrapped = |n: usize| if n <= cols { 1 } else { n.div_ceil(cols) + 1 };
            let lines: usize = state
                .warning_lines()
                .iter()
                .map(|w| wrapped(safe::width(&safe::safe_line(w))))
                .sum();
            lines.saturating_sub(usize::from(inner.height))
        }
    }
}

/// The page size of the pane in front.
fn page(state: &AppState) -> usize {
    match state.focus() {
        Focus::List => state.list_height(),
        Focus::Reader => state.reader_height(),
    }
    .max(1)
}

/// Moves the pane in front by `by` lines (selection in the list, scroll in
/// the reader), clamped at the ends.
fn step(state: &mut AppState, by: isize, action: Action) -> Vec<Effect> {
    match state.focus() {
        Focus::List => move_selection(state, by, action),
        Focus::Reader => {
            reader::scroll(state, by);
            Vec::new()
        }
    }
}

/// Moves the list's selection. Past the results fetched so far, more are
/// fetched first (and the move made again); near their end, the next are
/// fetched ahead.
fn move_selection(state: &mut AppState, by: isize, action: Action) -> Vec<Effect> {
    let have = state.row_count();
    let target = state.list().selected.saturating_add_signed(by);
    let depth = state.lists.depth();
    let complete = state.list().source.complete();
    if target >= have && !complete {
        return search::fetch_more(
            state,
            depth,
            target.saturating_add(page(state)),
            Some(action),
        );
    }
    if have == 0 {
        return Vec::new();
    }
    reader::select_row(state, target.min(have - 1));
    if !complete && target.saturating_add(page(state)) >= have {
        return search::fetch_more(state, depth, target.saturating_add(2 * page(state)), None);
    }
    Vec::new()
}

/// n / N: the next or previous hit in the reader, on into the next or
/// previous result article at the ends (wrapping around the list).
fn jump_hit(state: &mut AppState, forward: bool, action: Action) -> Vec<Effect> {
    if state.lists.search().is_none() {
        state.message = Some("no search: press / to search".into());
        return Vec::new();
    }
    let rows = state.row_count();
    if rows == 0 {
        state.message = Some("no matches to jump to".into());
        return Vec::new();
    }
    let hits = state.reader.hits.len();
    let next = match (state.reader.hit, forward) {
        (Some(h), true) if h + 1 < hits => Some(h + 1),
        (Some(h), false) if h > 0 => Some(h - 1),
        (None, true) if hits > 0 => Some(0),
        (None, false) if hits > 0 => Some(hits - 1),
        _ => None,
    };
    if let Some(h) = next {
        state.reader.hit = Some(h);
        reader::scroll_to_hit(state);
        return Vec::new();
    }
    // Into the neighbouring result with hits in its text, wrapping. Rows
    // not fetched yet are fetched first (all of them: a wrap backwards goes
    // to the very last match), then the jump is made again.
    let complete = state.list().source.complete();
    let mut row = state.list().selected;
    let mut wrapped = false;
    let looked_at = rows.min(MAX_ARTICLES_FOR_A_HIT);
    for _ in 0..looked_at {
        let at_end = if forward { row + 1 >= rows } else { row == 0 };
        if at_end && !complete {
            return search::fetch_all(state, state.lists.depth(), action);
        }
        wrapped |= at_end;
        row = if forward {
            (row + 1) % rows
        } else {
            (row + rows - 1) % rows
        };
        reader::select_row(state, row);
        let n = state.reader.hits.len();
        if n > 0 {
            state.reader.hit = Some(if forward { 0 } else { n - 1 });
            reader::scroll_to_hit(state);
            if wrapped {
                let from = if forward { "first" } else { "last" };
                let at = state.position_label();
                state.message = Some(format!("{at} \u{b7} wrapped to the {from} result"));
            }
            return Vec::new();
        }
    }
    state.message = Some(format!(
        "no hits in the text of {} results (they match through their entities)",
        facts::thousands(looked_at)
    ));
    Vec::new()
}

fn contains(r: Option<Rect>, x: u16, y: u16) -> Option<Rect> {
    r.filter(|r| r.contains(Position::new(x, y)))
}

/// A click: on a list row selects it, on the reader focuses it (and a
/// click on a mention puts the cursor there). Over an overlay it closes
/// the overlay; in the query line it keeps the results first.
fn click(state: &mut AppState, x: u16, y: u16) -> Vec<Effect> {
    state.message = None;
    match state.mode.name() {
        ModeName::List | ModeName::Reader => {}
        ModeName::Search => {
            search::act(state, Action::Submit);
        }
        ModeName::Entities | ModeName::Timeline | ModeName::Cooccurrence | ModeName::Overview => {
            return Vec::new();
        }
        ModeName::Concordance
        | ModeName::Help
        | ModeName::Warnings
        | ModeName::Prompt
        | ModeName::Clips
        | ModeName::Saved
        | ModeName::Correct
        | ModeName::CorrectKind
        | ModeName::CorrectLine
        | ModeName::Corrections
        | ModeName::Visual => {
            switch::close(state);
            return Vec::new();
        }
    }
    let panes = state.panes();
    if let Some(list) = contains(panes.list, x, y) {
        switch::focus(state, Focus::List);
        let inner = layout::inner(list);
        if inner.contains(Position::new(x, y)) {
            let row = state.list().offset + (y - inner.y) as usize / LIST_ROW_HEIGHT;
            if row < state.row_count() {
                reader::select_row(state, row);
            }
        }
    } else if let Some(pane) = contains(panes.reader, x, y) {
        switch::focus(state, Focus::Reader);
        let text = layout::reader_text(pane);
        if let (Some(line), Some(col)) = (y.checked_sub(text.y), x.checked_sub(text.x))
            && let Some(pos) =
                body_offset_at(state, state.reader.scroll + line as usize, col as usize)
            && let Some(article) = state.reader.article
            && let Some(i) = state
                .mention_spans(article)
                .iter()
                .position(|s| !s.in_title && s.range.contains(&pos))
        {
            state.reader.mention = Some(i);
        }
    }
    Vec::new()
}

/// The body byte shown at column `col` of reader line `line`, measured as
/// the reader draws it (white space runs as one column, controls visible).
fn body_offset_at(state: &AppState, line: usize, col: usize) -> Option<usize> {
    let ReaderLine::Body(range) = state.reader.lines.get(line)? else {
        return None;
    };
    let body = &state.store.get(state.reader.article?)?.body;
    let mut x = 0;
    let mut in_space = false;
    for (i, c) in body.get(range.clone())?.char_indices() {
        let w = if safe::is_space(c) {
            if in_space {
                continue;
            }
            in_space = true;
            1
        } else {
            in_space = false;
            safe::shown(c).width()
        };
        if col < x + w {
            return Some(range.start + i);
        }
        x += w;
    }
    None
}

/// The mouse wheel: scrolls what is under the pointer (an overlay or the
/// entities pane when one is open).
fn wheel(state: &mut AppState, x: u16, y: u16, notches: i8) -> Vec<Effect> {
    let by = isize::from(notches) * WHEEL_LINES;
    match state.mode.name() {
        ModeName::Concordance => mentions::concordance_wheel(state, isize::from(notches)),
        ModeName::Entities => entities_pane::wheel(state, isize::from(notches)),
        ModeName::Timeline => timeline::wheel(state, isize::from(notches)),
        ModeName::Cooccurrence => cooccur::wheel(state, isize::from(notches)),
        ModeName::Overview => overview::wheel(state, by),
        ModeName::Help | ModeName::Warnings => {
            let action = if notches > 0 {
                Action::Down
            } else {
                Action::Up
            };
            for _ in 0..notches.unsigned_abs() {
                overlay(state, action);
            }
        }
        ModeName::Clips | ModeName::Saved => {
            let action = if notches > 0 {
                Action::Down
            } else {
                Action::Up
            };
            for _ in 0..notches.unsigned_abs() {
                marking::pane_act(state, action);
            }
        }
        ModeName::Prompt | ModeName::Visual => {}
        ModeName::List | ModeName::Reader | ModeName::Search => {
            let panes = state.panes();
            if contains(panes.list, x, y).is_some() {
                return wheel_list(state, by);
            } else if contains(panes.reader, x, y).is_some() {
                reader::scroll(state, by);
            }
        }
        ModeName::Correct
        | ModeName::CorrectKind
        | ModeName::CorrectLine
        | ModeName::Corrections => {}
    }
    Vec::new()
}

/// Scrolls the list's view; the selection follows only when it would
/// leave it. Results further down are fetched ahead.
fn wheel_list(state: &mut AppState, by: isize) -> Vec<Effect> {
    let h = state.list_height().max(1);
    let rows = state.row_count();
    let list = state.lists.top_mut();
    list.offset = list
        .offset
        .saturating_add_signed(by)
        .min(rows.saturating_sub(h));
    let sel = list.selected.clamp(list.offset, list.offset + h - 1);
    let (offset, moved) = (list.offset, sel != list.selected && sel < rows);
    if moved {
        reader::select_row(state, sel);
    }
    let wanted = offset.saturating_add(2 * h);
    if by > 0 && wanted >= rows && !state.list().source.complete() {
        return search::fetch_more(state, state.lists.depth(), wanted, None);
    }
    Vec::new()
}

/// Loader progress: the first article shows as soon as it arrives; once
/// everything is loaded the analysis starts (or, with nothing loaded, the
/// warnings say why).
fn on_load(state: &mut AppState, event: LoadEvent) -> Vec<Effect> {
    let finished = matches!(event, LoadEvent::Finished);
    state.store.apply(event);
    reader::follow_list(state);
    if !finished {
        return Vec::new();
    }
    sort::articles_changed(state);
    arrivals::loaded(state);
    if state.store.is_empty() && state.arrivals.watching {
        state.message = Some(arrivals::WAITING.into());
        return Vec::new();
    }
    if state.store.is_empty() {
        if !matches!(state.mode, Mode::Warnings { .. }) {
            switch::open(state, Mode::Warnings { scroll: 0 });
        }
        return Vec::new();
    }
    arrivals::analyse(state)
}

/// Puts `r` in the place of the entities shown, with its postings and
/// the letters the entities pane filters by.
pub fn set_resolution(state: &mut AppState, r: Arc<crate::entities::Resolution>) {
    set_entities(state, incoming::Entities::of(r));
}

/// [`set_resolution`] with the postings and letters made already (off the
/// loop's thread, [`incoming::prepare`]); what it replaces is freed off
/// the loop's thread too.
fn set_entities(state: &mut AppState, e: incoming::Entities) {
    let a = &mut state.analysis;
    // New lists may reuse the old ones' memory: spans are made afresh.
    a.kept_spans = Default::default();
    incoming::discard((
        std::mem::replace(&mut a.postings, e.postings),
        std::mem::replace(&mut a.entity_letters, e.letters),
        a.resolution.replace(e.resolution),
        // Counted again for the new entities (the pictures ask for it).
        a.presence.take(),
    ));
}

/// New entities from the analysis (their postings and letters made
/// already when `prepared`).
fn entities_arrived(state: &mut AppState, prepared: incoming::Entities) -> Vec<Effect> {
    let Some(r) = corrections::on_entities(state, Arc::clone(&prepared.resolution)) else {
        incoming::discard(prepared);
        return Vec::new();
    };
    let prepared = if Arc::ptr_eq(&r, &prepared.resolution) {
        prepared
    } else {
        incoming::discard(prepared);
        incoming::Entities::of(Arc::clone(&r))
    };
    let old = state.analysis.resolution.clone();
    arrivals::entities_changed(state, old.as_deref(), &r, &prepared.postings);
    set_entities(state, prepared);
    incoming::discard(old);
    if state.focus() == Focus::Reader && state.reader.mention.is_none() {
        mentions::cursor_to_view(state);
    }
    let mut effects = vec![Effect::CountPresence(PresenceRequest {
        articles: state.store.articles().to_vec(),
        resolution: r,
    })];
    effects.extend(place::advance(state));
    effects
}

/// Analysis progress: highlights as mentions arrive, navigation once the
/// entities are merged, search once the index is built (running a query
/// typed while it was not).
fn on_analysis(state: &mut AppState, event: AnalysisEvent) -> Vec<Effect> {
    let a = &mut state.analysis;
    match event {
        AnalysisEvent::Mentions { start, mentions } => {
            if a.mentions.len() < start {
                a.mentions.resize_with(start, Vec::new);
            }
            // The articles from `start` on are sent again (a new
            // analysis starts at 0): the old ones are freed elsewhere.
            let tail = if start == 0 {
                std::mem::take(&mut a.mentions)
            } else {
                a.mentions.split_off(start)
            };
            incoming::discard(tail);
            a.mentions.extend(mentions);
        }
        AnalysisEvent::Corrections(base) => {
            // What the old base holds is freed elsewhere.
            let old = state
                .corrections
                .base
                .as_ref()
                .map(|b| (Arc::clone(&b.raw), Arc::clone(&b.ids)));
            let effects = corrections::on_base(state, *base);
            incoming::discard(old);
            return effects;
        }
        AnalysisEvent::Entities(r) => return entities_arrived(state, incoming::Entities::of(r)),
        AnalysisEvent::Indexing(n) => a.indexing = n,
        AnalysisEvent::Index(Ok(index)) => {
            incoming::discard(a.index.replace(Arc::new(*index)));
            let mut effects = search::run_pending(state);
            effects.extend(arrivals::index_changed(state));
            effects.extend(place::advance(state));
            return effects;
        }
        AnalysisEvent::Index(Err(e)) => a.index_error = Some(e.to_string()),
        AnalysisEvent::Done => return arrivals::analysis_done(state),
        // The shell looks up what the workspace kept about the articles.
        AnalysisEvent::Identified => {}
    }
    Vec::new()
}
