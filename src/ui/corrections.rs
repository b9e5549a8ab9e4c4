//! The corrections overlays: the `x` menu (its keys from the key table,
//! which-key style), its kind choice and prompt line with the merge
//! picker, and the corrections pane (`X`).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Theme;
use crate::app::AppState;
use crate::app::corrections::{CorrectMenu, CorrectionsPane, Prompt, Step, pane_rows};
use crate::app::layout::{centered, warnings_box};
use crate::textview::safe::safe_line;

/// The menu and its steps, centred.
pub fn render_menu(state: &AppState, menu: &CorrectMenu, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let title = match &menu.target {
        Some(t) => match &t.mention {
            Some(m) => format!(
                " Correct \u{201c}{}\u{201d} \u{b7} {} ({}) ",
                m.surface,
                t.name,
                t.kind.label()
            ),
            None => format!(" Correct {} ({}) ", t.name, t.kind.label()),
        },
        None => " Correct (no entity here) ".to_string(),
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    match &menu.step {
        Step::Menu | Step::Kind(_) => {
            let table = if matches!(menu.step, Step::Menu) {
                "correct"
            } else {
                "correct_kind"
            };
            if let Some(t) = state.keymap.tables.iter().find(|t| t.name == table) {
                for b in &t.bindings {
                    let keys: Vec<String> = b.keys.iter().map(|k| k.name()).collect();
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {:>8} ", keys.join(" ")), theme.key),
                        Span::raw(b.help),
                    ]));
                }
            }
        }
        Step::Line {
            prompt,
            text,
            cursor: at,
            picks,
            selected,
        } => {
            let label = match prompt {
                Prompt::Rename => "New name: ",
                Prompt::AddForm => "Form to add (as written): ",
                Prompt::AddAlias => "Form to add to this entity: ",
                Prompt::SplitForm => "Form to split off: ",
                Prompt::MergeInto => "Merge into: ",
            };
            let shown = safe_line(text);
            let before = safe_line(text.get(..*at).unwrap_or(text));
            cursor = Some((label.chars().count() + before.chars().count()) as u16);
            lines.push(Line::from(vec![
                Span::styled(label, theme.title),
                Span::raw(shown),
            ]));
            if *prompt == Prompt::MergeInto {
                lines.push(Line::from(""));
                let res = state.analysis.resolution.as_deref();
                for (i, &id) in picks.iter().enumerate() {
                    let Some(e) = res.and_then(|r| r.entities.get(id as usize)) else {
                        continue;
                    };
                    let n = state.analysis.postings.get(id as usize).map_or(0, Vec::len);
                    let style = if i == *selected {
                        theme.selected
                    } else {
                        theme.entity(e.kind)
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {} ", safe_line(&e.name)), style),
                        Span::styled(format!(" {} \u{b7} {n}", e.kind.label()), theme.dim),
                    ]));
                }
                if picks.is_empty() {
                    lines.push(Line::styled(" no entity matches", theme.dim));
                }
            }
        }
    }
    let w = lines
        .iter()
        .map(|l| l.width())
        .chain([title.chars().count()])
        .max()
        .unwrap_or(20)
        .saturating_add(4)
        .max(50) as u16;
    let r = centered(area, w, lines.len() as u16 + 2);
    let buf = frame.buffer_mut();
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(safe_line(&title))
                .title_bottom(" Esc close ")
                .border_style(theme.border_focused),
        )
        .render(r, buf);
    if let Some(x) = cursor {
        let x = r.x.saturating_add(1).saturating_add(x);
        if x < r.right().saturating_sub(1) && r.height > 2 {
            frame.set_cursor_position(Position::new(x, r.y + 1));
        }
    }
}

/// The corrections pane.
pub fn render_pane(
    state: &AppState,
    pane: &CorrectionsPane,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let r = warnings_box(area);
    Clear.render(r, buf);
    let (rows, active) = match &state.corrections.base {
        Some(b) => (pane_rows(b), b.log.done().len()),
        None => (Vec::new(), 0),
    };
    let height = r.height.saturating_sub(2) as usize;
    let first = pane.selected.saturating_sub(height.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    if rows.is_empty() {
        lines.push(Line::from(
            " No corrections yet: x at a mention (or Ctrl-X in the entities pane) makes one.",
        ));
    }
    for (i, (e, on)) in rows.iter().enumerate().skip(first).take(height) {
        let touched = if *on {
            state
                .corrections
                .touched
                .get(i)
                .map_or_else(String::new, |n| format!("{n:>6}"))
        } else {
            "undone".to_string()
        };
        let mut style = if *on {
            ratatui::style::Style::default()
        } else {
            theme.dim.add_modifier(Modifier::CROSSED_OUT)
        };
        if i == pane.selected {
            style = theme.selected;
        }
        lines.push(Line::styled(
            format!(
                " {}  {touched}  {}",
                when(e.at),
                safe_line(&e.rule.describe())
            ),
            style,
        ));
    }
    let title = format!(
        " Corrections ({active} active, {} undone) \u{b7} mentions touched ",
        rows.len() - active
    );
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(title)
                .title_bottom(" d remove  u undo  U redo  Esc close ")
                .border_style(theme.border_focused),
        )
        .render(r, buf);
}

/// "2026-12-03 13:05" (UTC) for seconds since 1970.
fn when(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_as_dates() {
        assert_eq!(super::when(0), "1970-01-01 00:00");
        assert_eq!(super::when(951_782_400 + 3_660), "2000-02-29 01:01");
        assert_eq!(super::when(1_796_303_220), "2026-12-03 13:07");
    }
}
