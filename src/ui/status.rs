//! The status bar: focused pane, position, progress, warnings and a key
//! hint; while searching, the query line with the match count.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::Theme;
use super::view::thousands;
use crate::app::{AppState, Mode, ModeName};
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
        let query = safe_field(text);
        spans.push(Span::styled(" / ", theme.status_mode));
        spans.push(Span::raw(format!(" {query}")));
        let before_cursor = line.input.get(..line.cursor).unwrap_or_default();
        let cursor_x = u16::try_from(width(&safe_field(before_cursor)))
            .map_or(u16::MAX, |w| w.saturating_add(area.x).saturating_add(4));
        spans.push(Span::raw("  "));
        if let Some(e) = line.error.as_ref().filter(|_| editing) {
            spans.push(Span::styled(
                format!("\u{26a0} {}", safe_line(e)),
                theme.warning,
            ));
        } else if line.pending && editing {
            let progress = analysis_progress(state).unwrap_or_default();
            spans.push(Span::raw(format!(
                "{progress}\u{2026} the query runs when ready"
            )));
        } else if let Some(s) = shown {
            let r = &s.results;
            spans.push(Span::raw(facts::matches(r)));
            if r.fuzzy {
                spans.push(Span::styled(
                    " \u{b7} no exact match, showing near spellings",
                    theme.warning,
                ));
            }
            if let Some(name) = &r.unknown_field {
                spans.push(Span::styled(
                    format!(" \u{b7} {}", facts::not_a_filter(&safe_line(name))),
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
                spans.push(Span::raw(format!(" \u{b7} {label}")));
            }
        }
        if editing && cursor_x < area.right() {
            frame.set_cursor_position(Position::new(cursor_x, area.y));
        }
    } else {
        let mode = match state.mode.name() {
            ModeName::List | ModeName::Search => " LIST ",
            ModeName::Reader => " READER ",
            ModeName::Entities => " ENTITIES ",
            ModeName::Concordance => " MENTIONS ",
            ModeName::Help => " HELP ",
            ModeName::Warnings => " WARNINGS ",
            ModeName::Prompt => " PROMPT ",
            ModeName::Clips => " CLIPS ",
            ModeName::Saved => " SAVED SEARCHES ",
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
    if let Some(what) = state.workspace.short() {
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(format!("\u{26a0} {what} (w)"), theme.warning));
    }
    let n = state.store.warnings().len();
    if n > 0 {
        let s = if n == 1 { "" } else { "s" };
        spans.push(Span::raw(" \u{b7} "));
        spans.push(Span::styled(
            format!("\u{26a0} {} warning{s} (w)", thousands(n)),
            theme.warning,
        ));
    }
    let left = Line::from(spans);
    let left_w = left.width() as u16;
    let buf = frame.buffer_mut();
    buf.set_line(area.x, area.y, &left, area.width);
    let hint = match state.mode.name() {
        ModeName::Search => "Enter keep  Esc close ",
        ModeName::List | ModeName::Reader => "? help  / search  q quit ",
        ModeName::Entities => "Enter narrow  Esc close ",
        ModeName::Prompt => "Enter keep  Esc cancel ",
        ModeName::Clips => "Enter open  y copy  Esc close ",
        ModeName::Saved => "Enter run  Esc close ",
        ModeName::Concordance | ModeName::Help | ModeName::Warnings => "Esc close ",
    };
    let hint_w = hint.chars().count() as u16;
    if left_w + hint_w < area.width {
        buf.set_string(area.right() - hint_w, area.y, hint, theme.status);
    }
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
