//! The status bar: focused pane, position, progress, warnings and a key
//! hint; while searching, the query line with the match count.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::Theme;
use super::view::thousands;
use crate::app::{Action, AppState, Mode, ModeName, line_edit};
use crate::facts;
use crate::textview::safe::{safe_field, safe_line, width};

pub fn render(state: &AppState, theme: &Theme, area: Rect, frame: &mut Frame) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.status);
    if let Mode::Prompt(p) = &state.mode {
        prompt(p, theme, area, frame);
        return;
    }
    let editing = matches!(state.mode, Mode::Search { .. });
    let shown = state.list().source.search();
    let line = &state.line;
    let mut spans = Vec::new();
    if editing || shown.is_some() {
        let text = match shown {
            Some(s) if !editing => s.query.as_str(),
            _ => line.input.as_str(),
        };
        // What follows the query (match count, notes) is built first: the
        // query gets the room it leaves, scrolled to keep the cursor in view.
        let mut rest = vec![Span::raw("  ")];
        if let Some(e) = line.error.as_ref().filter(|_| editing) {
            rest.push(Span::styled(
                format!("\u{26a0} {}", safe_line(e)),
                theme.warning,
            ));
        } else if line.pending && editing {
            let progress = analysis_progress(state).unwrap_or_default();
            rest.push(Span::raw(format!(
                "{progress}\u{2026} the query runs when ready"
            )));
        } else if let Some(s) = shown {
            let r = &s.results;
            rest.push(Span::raw(facts::matches(r)));
            if r.fuzzy {
                rest.push(Span::styled(
                    " \u{b7} no exact match, showing near spellings",
                    theme.warning,
                ));
            }
            if let Some(name) = &r.unknown_field {
                rest.push(Span::styled(
                    format!(" \u{b7} {}", facts::not_a_filter(&safe_line(name))),
                    theme.warning,
                ));
            }
            if let Some(note) = &r.note {
                rest.push(Span::styled(
                    format!(" \u{b7} {}", safe_line(note)),
                    theme.warning,
                ));
            }
            if !editing {
                // A jump's own report ("Donald Trump · mention 4/17 …")
                // says more than the position.
                let label = state
                    .message
                    .as_ref()
                    .map_or_else(|| state.position_label(), |m| safe_line(m));
                rest.push(Span::raw(format!(" \u{b7} {label}")));
            }
        }
        spans.push(Span::styled(" / ", theme.status_mode));
        spans.push(Span::raw(" "));
        if editing {
            let rest_w: usize = rest.iter().map(Span::width).sum();
            let room = usize::from(area.width)
                .saturating_sub(4)
                .saturating_sub(rest_w.min(usize::from(area.width) / 2));
            let at = line_edit::clamp(&line.input, line.cursor);
            let (before, after) = line.input.split_at(at);
            let (field, column) = line_edit::window(&safe_field(before), &safe_field(after), room);
            spans.push(Span::raw(field));
            let x = u16::try_from(column + 4).map_or(u16::MAX, |c| area.x.saturating_add(c));
            if x < area.right() {
                frame.set_cursor_position(Position::new(x, area.y));
            }
        } else {
            spans.push(Span::raw(safe_field(text)));
        }
        spans.extend(rest);
    } else {
        let mode = match state.mode.name() {
            ModeName::List | ModeName::Search => " LIST ",
            ModeName::Reader => " READER ",
            ModeName::Entities => " ENTITIES ",
            ModeName::Concordance => " MENTIONS ",
            ModeName::Help => " HELP ",
            ModeName::Warnings => " WARNINGS ",
            ModeName::Timeline => " TIMELINE ",
            ModeName::Cooccurrence => " CO-OCCURRENCE ",
            ModeName::Overview => " OVERVIEW ",
            ModeName::Prompt => " PROMPT ",
            ModeName::Clips => " CLIPS ",
            ModeName::Saved => " SAVED SEARCHES ",
            ModeName::Correct | ModeName::CorrectKind | ModeName::CorrectLine => " CORRECT ",
            ModeName::Corrections => " CORRECTIONS ",
            ModeName::Visual => " SELECT ",
        };
        spans.push(Span::styled(mode, theme.status_mode));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(state.position_label()));
        let p = state.store.progress();
        if !p.finished {
            let total = p.files_total.map_or_else(|| "?".to_owned(), thousands);
            spans.push(Span::raw(format!(
                " \u{b7} loading {}/{} files",
                thousands(p.files_done),
                total
            )));
        } else if let Some(progress) = analysis_progress(state) {
            spans.push(Span::styled(
                format!(" \u{b7} {progress}\u{2026}"),
                theme.status,
            ));
        }
        if state.reader.partial {
            spans.push(Span::raw(" \u{b7} wrapping the long article\u{2026}"));
        }
        if let Some(e) = &state.analysis.index_error {
            spans.push(Span::styled(
                format!(" \u{b7} search unavailable: {}", safe_line(e)),
                theme.warning,
            ));
        }
        if let Some(m) = &state.message {
            spans.push(Span::raw(format!(" \u{b7} {}", safe_line(m))));
        }
    }
    if let Some(seen) = state.arrivals.seen.label() {
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(seen, theme.status_mode));
    }
    if let Some(what) = state.workspace.short() {
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(format!("\u{26a0} {what} (w)"), theme.warning));
    }
    let n = state.store.warnings().len() + state.config_problems.len();
    if n > 0 {
        let s = if n == 1 { "" } else { "s" };
        let key = state
            .keymap
            .key_name(state.mode.name(), Action::Warnings)
            .map(|k| format!(" ({k})"))
            .unwrap_or_default();
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(
            format!("\u{26a0} {} warning{s}{key}", thousands(n)),
            theme.warning,
        ));
    }
    let left = Line::from(spans);
    let left_w = left.width() as u16;
    let buf = frame.buffer_mut();
    buf.set_line(area.x, area.y, &left, area.width);
    let hint = hint(state);
    let hint = hint.as_str();
    let hint_w = hint.chars().count() as u16;
    if left_w + hint_w < area.width {
        buf.set_string(area.right() - hint_w, area.y, hint, theme.status);
    }
}

/// The keys worth knowing in the mode, as the key table binds them:
/// "? help  / search  q quit".
fn hint(state: &AppState) -> String {
    let mode = state.mode.name();
    let wanted: &[(Action, &str)] = match mode {
        ModeName::Search => &[(Action::Submit, "keep"), (Action::Back, "close")],
        ModeName::List | ModeName::Reader => &[
            (Action::Help, "help"),
            (Action::Search, "search"),
            (Action::Quit, "quit"),
        ],
        ModeName::Entities | ModeName::Timeline | ModeName::Cooccurrence => {
            &[(Action::Open, "narrow"), (Action::Back, "close")]
        }
        ModeName::Prompt => &[(Action::Submit, "keep"), (Action::Back, "cancel")],
        ModeName::CorrectLine => &[(Action::Submit, "done"), (Action::Back, "cancel")],
        ModeName::Clips => &[
            (Action::Open, "open"),
            (Action::Copy, "copy"),
            (Action::Back, "close"),
        ],
        ModeName::Saved => &[(Action::Open, "run"), (Action::Back, "close")],
        ModeName::Visual => &[
            (Action::Down, "extend"),
            (Action::Clip, "clip"),
            (Action::Back, "cancel"),
        ],
        _ => &[(Action::Back, "close")],
    };
    let mut out = String::new();
    for (action, what) in wanted {
        if let Some(k) = state.keymap.key_name(mode, *action) {
            out.push_str(&format!("{k} {what}  "));
        }
    }
    out.pop();
    out
}

/// What the background analysis is doing, with its progress ("finding
/// entities 2,048/9,000", then "indexing 4,096/9,000"), until the entities
/// are found and the index is ready or has failed (a workspace's first
/// open makes the index before the entities).
fn analysis_progress(state: &AppState) -> Option<String> {
    let a = &state.analysis;
    let searchable = a.index.is_some() || a.index_error.is_some();
    if (searchable && a.resolution.is_some()) || state.store.is_empty() {
        return None;
    }
    let total = thousands(state.store.len());
    Some(if !state.store.progress().finished {
        format!("loading {total} articles")
    } else if a.resolution.is_none() {
        format!("finding entities {}/{total}", thousands(a.mentions.len()))
    } else {
        format!("indexing {}/{total}", thousands(a.indexing))
    })
}

/// A prompt's line: its label, what is typed (the cursor in it) and, for
/// tags, the tags in use that complete the word.
fn prompt(p: &crate::app::marking::Prompt, theme: &Theme, area: Rect, frame: &mut Frame) {
    let label = format!(" {} ", p.label());
    let text = safe_field(&p.input);
    let mut spans = vec![
        Span::styled(label.clone(), theme.status_mode),
        Span::raw(format!(" {text}")),
    ];
    if !p.completions.is_empty() {
        let c: Vec<String> = p.completions.iter().map(|c| safe_field(c)).collect();
        spans.push(Span::styled(format!("   Tab: {}", c.join(" ")), theme.dim));
    }
    let buf = frame.buffer_mut();
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let before = p.input.get(..p.cursor).unwrap_or_default();
    let x = (width(&label) + 1 + width(&safe_field(before))) as u16;
    if x < area.width {
        frame.set_cursor_position(Position::new(area.x + x, area.y));
    }
}
