//! The overview view: the lines of [`crate::app::overview::rows`] laid out
//! in one column, or two from 100 columns on (the collection on the left,
//! the entities on the right); each bar has its count written beside it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::bars::{self, text};
use crate::app::AppState;
use crate::app::overview::{OverviewView, Row, rows, two_columns};
use crate::app::pictures::view_area;
use crate::facts::thousands;
use crate::textview::safe::{fit, safe_line};

/// Widest a bar's label is drawn, in columns.
const LABEL_W: usize = 24;
/// Widest a bar is drawn, in columns.
const BAR_W: usize = 30;

pub fn render(
    state: &AppState,
    view: &OverviewView,
    theme: &Theme,
    screen: Rect,
    buf: &mut Buffer,
) {
    let area = view_area(screen);
    if area.width == 0 || area.height == 0 {
        return;
    }
    Clear.render(area, buf);
    let block = Block::bordered()
        .title(" Overview of the collection ")
        .title_bottom(" \u{2191}\u{2193} scroll \u{b7} Esc close ")
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let (left, right) = rows(state, view);
    if two_columns(screen) {
        let half = inner.width / 2;
        let l = Rect {
            width: half.saturating_sub(1),
            ..inner
        };
        let r = Rect {
            x: inner.x + half + 1,
            width: inner.width - half - 1,
            ..inner
        };
        column(&left, view.scroll, theme, l, buf);
        column(&right, view.scroll, theme, r, buf);
    } else {
        let mut all = left;
        all.push(Row::Blank);
        all.extend(right);
        column(&all, view.scroll, theme, inner, buf);
    }
}

/// Draws `rows` from `scroll` on into `area`, one a line.
fn column(rows: &[Row], scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let value_w = rows
        .iter()
        .map(|r| match r {
            Row::Bar { value, .. } => thousands(*value as usize).len(),
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let label_w = (area.width as usize / 3).clamp(1, LABEL_W);
    let bar_w = (area.width as usize)
        .saturating_sub(1 + label_w + 1 + value_w + 1)
        .min(BAR_W);
    for (i, row) in rows
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        let y = area.y + i as u16;
        match row {
            Row::Heading(h) => text(buf, area, (area.x, y), h, theme.title),
            Row::Text(t) => text(buf, area, (area.x + 1, y), t, Style::new()),
            Row::Blank => {}
            Row::Bar {
                label,
                value,
                peak,
                kind,
            } => {
                let line = format!(
                    " {:<label_w$} {:>value_w$} ",
                    fit(&safe_line(label), label_w),
                    thousands(*value as usize)
                );
                text(buf, area, (area.x, y), &line, Style::new());
                let style = kind.map_or(theme.bar, |k| theme.entity(k));
                let x = area.x.saturating_add((label_w + value_w + 3) as u16);
                bars::horizontal(buf, area, (x, y), bar_w as u16, (*value, *peak), style);
            }
        }
    }
}
