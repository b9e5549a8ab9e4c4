//! The co-occurrence view: one entity per line, its bar as long as its G²
//! and coloured by its type, the numbers beside it (G², articles and
//! sentences shared), and what the selected line means written out below.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::bars::{self, text};
use crate::app::AppState;
use crate::app::cooccur::CooccurView;
use crate::app::pictures::{entity_name, view_area};
use crate::facts::{counted, thousands};
use crate::textview::safe::{fit, width};

/// Columns of the numbers: type, G², articles, sentences (with spaces).
const NUMBERS_W: usize = 5 + 9 + 9 + 10;
/// From this inner width on, the partner's own articles and the count
/// expected by chance are shown too.
const WIDE: u16 = 110;
const WIDE_W: usize = 10 + 10;

pub fn render(state: &AppState, view: &CooccurView, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let area = view_area(screen);
    if area.width == 0 || area.height == 0 {
        return;
    }
    Clear.render(area, buf);
    let found = &view.found;
    let kind = state
        .analysis
        .resolution
        .as_ref()
        .and_then(|r| r.entities.get(found.entity as usize))
        .map_or("", |e| e.kind.label());
    let name = entity_name(state, found.entity);
    let block = Block::bordered()
        .title(format!(
            " Who appears with {name} ({kind}) \u{b7} ranked by log-likelihood G\u{b2} "
        ))
        .title_bottom(
            " \u{2191}\u{2193} move \u{b7} Enter articles naming both \u{b7} Tab type \u{b7} Esc ",
        )
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let filter = view
        .kind
        .map_or_else(|| "all types".to_owned(), |k| format!("{} only", k.label()));
    let summary = format!(
        "In {} of {} \u{b7} {} with it more often than chance \u{b7} {filter}",
        thousands(found.articles as usize),
        counted(found.collection as usize, false, "article", "articles"),
        counted(found.associated, false, "name", "names"),
    );
    text(buf, inner, (inner.x + 1, inner.y), &summary, Style::new());
    if inner.height < 3 {
        return;
    }
    let wide = inner.width >= WIDE;
    let numbers = NUMBERS_W + if wide { WIDE_W } else { 0 };
    let name_w = (inner.width as usize / 4).clamp(8, 30);
    let bar_w = (inner.width as usize).saturating_sub(2 + name_w + 1 + numbers + 1);
    let bar_w = if bar_w < 4 { 0 } else { bar_w };
    let mut heading = format!(
        " {:<name_w$} type {:bar_w$} {:>8} {:>8} {:>9}",
        "entity", "", "G\u{b2}", "articles", "sentences"
    );
    if wide {
        heading.push_str(&format!(" {:>9} {:>9}", "its own", "expected"));
    }
    text(buf, inner, (inner.x, inner.y + 1), &heading, theme.dim);
    let footer = inner.height >= 6;
    let h = (inner.height as usize).saturating_sub(2 + usize::from(footer));
    if view.rows.is_empty() {
        let none = if found.articles == 0 {
            "It is named in no article."
        } else {
            "No name appears with it more often than chance."
        };
        text(buf, inner, (inner.x + 1, inner.y + 2), none, theme.dim);
        return;
    }
    let offset = view.selected.saturating_sub(h.saturating_sub(1));
    let peak = view
        .rows
        .first()
        .and_then(|&i| found.partners.get(i))
        .map_or(0.0, |p| p.score);
    let res = state.analysis.resolution.as_ref();
    for (row, &i) in view.rows.iter().enumerate().skip(offset).take(h) {
        let Some(p) = found.partners.get(i) else {
            continue;
        };
        let y = inner.y + 2 + (row - offset) as u16;
        let here = row == view.selected;
        let style = if here { theme.selected } else { Style::new() };
        let other = entity_name(state, p.entity);
        let mark = if here { "\u{25b6}" } else { " " };
        text(buf, inner, (inner.x, y), mark, theme.bar_selected);
        let label = format!(" {:<name_w$} {:<4}", fit(&other, name_w), p.kind.label());
        text(buf, inner, (inner.x + 1, y), &label, style);
        let bar_x = inner.x + 1 + width(&label) as u16 + 1;
        // G² in thousandths, so that the bar's length follows it.
        let scale = |s: f64| (s.max(0.0) * 1000.0) as u64;
        bars::horizontal(
            buf,
            inner,
            (bar_x, y),
            bar_w as u16,
            (scale(p.score), scale(peak)),
            theme.entity(p.kind),
        );
        let mut numbers = format!(
            " {:>8.1} {:>8} {:>9}",
            p.score,
            thousands(p.articles as usize),
            thousands(p.sentences as usize)
        );
        if wide {
            numbers.push_str(&format!(
                " {:>9} {:>9.1}",
                thousands(p.partner_articles as usize),
                p.expected
            ));
        }
        let x = bar_x.saturating_add(bar_w as u16);
        text(buf, inner, (x, y), &numbers, style);
        let _ = res;
    }
    if footer && let Some(p) = view.partner() {
        let said = format!(
            "{}: in {} of {name}'s {} ({:.1} expected by chance), {} in the same sentence \u{b7} Enter: those articles",
            entity_name(state, p.entity),
            thousands(p.articles as usize),
            counted(found.articles as usize, false, "article", "articles"),
            p.expected,
            counted(p.sentences as usize, false, "time", "times"),
        );
        text(
            buf,
            inner,
            (inner.x + 1, inner.bottom() - 1),
            &said,
            theme.dim,
        );
    }
}
