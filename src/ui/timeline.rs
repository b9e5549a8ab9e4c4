//! The timeline view: bars per period over a labelled time axis (an
//! entity's mentions in a second chart below its articles), the count of
//! the bar under the cursor written out above them, undated articles
//! counted apart below. `t` shows the same counts as a table, one period
//! a line with its numbers beside its bars.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::Theme;
use super::bars::{self, text};
use crate::app::AppState;
use crate::app::pictures::{entity_name, view_area};
use crate::app::sources::{Narrowing, Source};
use crate::app::timeline::{Subject, TimelineView};
use crate::dates::{Period, Unit};
use crate::facts::{counted, thousands};
use crate::pictures::Bar;
use crate::textview::safe::{fit, safe_line, width};

/// Widest a bar is drawn, in columns.
const MAX_BAR_W: usize = 10;
/// Longest a bar of the table form is drawn, in columns.
const TABLE_BAR_W: usize = 50;

pub fn render(
    state: &AppState,
    view: &TimelineView,
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
        .title(format!(
            " Timeline \u{b7} {} \u{b7} per {} ",
            subject(state, view),
            view.timeline.unit.name()
        ))
        .title_bottom(" \u{2190}\u{2192} period \u{b7} Enter narrow \u{b7} Tab list/entity \u{b7} t table \u{b7} + - periods \u{b7} Esc ")
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    readout(view, theme, inner, buf);
    let body = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    if body.height == 0 {
        return;
    }
    if view.timeline.bars.is_empty() {
        let none = match view.subject {
            Subject::List => "No article of this list has a date.",
            Subject::Entity(_) => "No article of this list that names it has a date.",
        };
        text(buf, body, (body.x + 1, body.y), none, theme.dim);
        text(
            buf,
            body,
            (body.x + 1, body.y + 1),
            &footer(view),
            theme.dim,
        );
        return;
    }
    if view.table {
        table(view, theme, body, buf);
    } else {
        chart(view, theme, body, buf);
    }
}

/// What is counted: "all 2,225 articles", "Tony Blair (PER) in the 37
/// results for “wage”".
fn subject(state: &AppState, view: &TimelineView) -> String {
    let n = view.articles.len();
    let list = match state.lists.get(view.level).map(|l| &l.source) {
        Some(Source::All) | None => format!("all {}", counted(n, false, "article", "articles")),
        Some(Source::Search(s)) => format!(
            "the {} for \u{201c}{}\u{201d}",
            counted(n, false, "result", "results"),
            fit(&safe_line(&s.query), 20)
        ),
        Some(Source::Subset(sub)) => {
            let n = counted(n, false, "article", "articles");
            match sub.why {
                Narrowing::Entity(e) => format!("the {n} on {}", entity_name(state, e)),
                Narrowing::Pair(e, f) => format!(
                    "the {n} on {} and {}",
                    entity_name(state, e),
                    entity_name(state, f)
                ),
                Narrowing::Period(p) => format!("the {n} dated {}", p.label()),
            }
        }
    };
    match view.subject {
        Subject::List => list,
        Subject::Entity(e) => {
            let kind = state
                .analysis
                .resolution
                .as_ref()
                .and_then(|r| r.entities.get(e as usize))
                .map_or("", |e| e.kind.label());
            format!("{} ({kind}) in {list}", entity_name(state, e))
        }
    }
}

/// "2004-10 · 42 articles · 130 mentions", and the `date:` filter Enter
/// narrows by.
fn readout(view: &TimelineView, theme: &Theme, inner: Rect, buf: &mut Buffer) {
    let Some(bar) = view.bar() else {
        return;
    };
    let mut said = format!(
        "{} \u{b7} {}",
        bar.period.label(),
        counted(bar.tally.articles as usize, false, "article", "articles")
    );
    if matches!(view.subject, Subject::Entity(_)) {
        said.push_str(&format!(
            " \u{b7} {}",
            counted(bar.tally.mentions as usize, false, "mention", "mentions")
        ));
    }
    text(buf, inner, (inner.x + 1, inner.y), &said, theme.title);
    let hint = format!("Enter: {} ", bar.period.query());
    let used = width(&said) + 3;
    let w = width(&hint);
    if used + w <= inner.width as usize {
        let x = inner.right() - w as u16;
        text(buf, inner, (x, inner.y), &hint, theme.dim);
    }
}

/// "20,000 dated · 412 undated · 23 month or year only
/// (counted at its start)".
fn footer(view: &TimelineView) -> String {
    let t = &view.timeline;
    let mut parts = vec![format!("{} dated", thousands(t.dated().articles as usize))];
    if t.undated.articles > 0 {
        parts.push(format!(
            "{} undated",
            thousands(t.undated.articles as usize)
        ));
    }
    if t.imprecise > 0 {
        parts.push(format!(
            "{} month or year only (counted at its start)",
            thousands(t.imprecise as usize)
        ));
    }
    parts.join(" \u{b7} ")
}

/// Where each bar shown goes: `(bar, x offset, columns)`.
fn columns(view: &TimelineView, plot_w: usize) -> Vec<(usize, u16, u16)> {
    let n = view.timeline.bars.len();
    if n == 0 || plot_w == 0 {
        return Vec::new();
    }
    if n > plot_w {
        return (view.offset..(view.offset + plot_w).min(n))
            .enumerate()
            .map(|(x, i)| (i, x as u16, 1))
            .collect();
    }
    let room = plot_w.min(n * MAX_BAR_W);
    (0..n)
        .map(|i| {
            let x = i * room / n;
            let next = (i + 1) * room / n;
            (i, x as u16, (next - x).max(1) as u16)
        })
        .collect()
}

/// A chart's place (heading row, first row, rows), its peak, the value
/// of a bar, its style and its name.
type Series<'a> = (
    Option<(Option<u16>, u16, u16)>,
    u64,
    fn(&Bar) -> u64,
    Style,
    &'a str,
);

/// The rows of the chart form, top to bottom.
struct Rows {
    /// Heading, then chart rows, of the articles and of the mentions.
    articles: (Option<u16>, u16, u16),
    mentions: Option<(Option<u16>, u16, u16)>,
    axis: Option<u16>,
    caret: Option<u16>,
    ticks: Option<u16>,
    context: Option<u16>,
    footer: Option<u16>,
}

/// Shares `body`'s rows out: the charts get what the axis, the ticks and
/// the footer leave, and those go first when the screen is short.
fn rows(view: &TimelineView, body: Rect) -> Rows {
    let two = matches!(view.subject, Subject::Entity(_));
    let min_chart = if two { 2 } else { 1 };
    let h = body.height;
    let mut extra = [false; 5];
    let wanted = [true, true, true, view.timeline.unit <= Unit::Quarter, true];
    let mut used = 0;
    for (i, want) in wanted.iter().enumerate() {
        if *want && h >= used + 1 + min_chart {
            extra[i] = true;
            used += 1;
        }
    }
    let chart_h = h - used;
    let mut y = body.y;
    let (articles, mentions) = if two {
        let headings = chart_h >= 6;
        let rows = chart_h - if headings { 2 } else { 0 };
        let m = (rows / 3).max(1);
        let a = rows - m;
        let head_a = headings.then_some(y);
        y += u16::from(headings);
        let art = (head_a, y, a);
        y += a;
        let head_m = headings.then_some(y);
        y += u16::from(headings);
        let men = (head_m, y, m);
        y += m;
        (art, Some(men))
    } else {
        let art = (None, y, chart_h);
        y += chart_h;
        (art, None)
    };
    let mut next = |on: bool| {
        on.then(|| {
            y += 1;
            y - 1
        })
    };
    Rows {
        articles,
        mentions,
        axis: next(extra[0]),
        ticks: next(extra[1]),
        caret: next(extra[2]),
        context: next(extra[3]),
        footer: next(extra[4]),
    }
}

fn chart(view: &TimelineView, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let label_w = view.label_width() as u16;
    let axis_x = body.x + 1 + label_w;
    let plot = Rect {
        x: axis_x + 1,
        width: body
            .width
            .saturating_sub(label_w + crate::app::timeline::PLOT_MARGIN as u16),
        ..body
    };
    let cols = columns(view, plot.width as usize);
    let r = rows(view, body);
    let peak = view.timeline.peak();
    let series: [Series; 2] = [
        (
            Some(r.articles),
            u64::from(peak.articles),
            |b| u64::from(b.tally.articles),
            theme.bar,
            "articles",
        ),
        (
            r.mentions,
            u64::from(peak.mentions),
            |b| u64::from(b.tally.mentions),
            theme.bar_mentions,
            "mentions",
        ),
    ];
    for (place, top, value, style, name) in series {
        let Some((heading, y, h)) = place else {
            continue;
        };
        if h == 0 {
            continue;
        }
        if let Some(hy) = heading {
            text(
                buf,
                body,
                (axis_x.saturating_sub(label_w), hy),
                &format!("{name} per {}", view.timeline.unit.name()),
                theme.axis,
            );
        }
        for row in y..y + h {
            let mark = if row == y { "\u{2524}" } else { "\u{2502}" };
            text(buf, body, (axis_x, row), mark, theme.axis);
        }
        let top_label = format!("{:>w$}", thousands(top as usize), w = label_w as usize);
        text(buf, body, (body.x + 1, y), &top_label, theme.axis);
        let bottom = y + h - 1;
        for &(i, x, w) in &cols {
            let Some(bar) = view.timeline.bars.get(i) else {
                continue;
            };
            let drawn = if w >= 2 { w - 1 } else { w };
            let style = if i == view.cursor {
                theme.bar_selected
            } else {
                style
            };
            bars::vertical(
                buf,
                plot,
                (plot.x + x, drawn),
                bottom,
                h,
                (value(bar), top),
                style,
            );
        }
    }
    if let Some(y) = r.axis {
        let zero = format!("{:>w$}", "0", w = label_w as usize);
        text(buf, body, (body.x + 1, y), &zero, theme.axis);
        text(buf, body, (axis_x, y), "\u{2514}", theme.axis);
        let line = "\u{2500}".repeat(plot.width as usize);
        text(buf, body, (plot.x, y), &line, theme.axis);
    }
    if let Some(y) = r.caret
        && let Some(&(_, x, w)) = cols.iter().find(|c| c.0 == view.cursor)
    {
        let drawn = if w >= 2 { w - 1 } else { w };
        text(
            buf,
            plot,
            (plot.x + x + (drawn - 1) / 2, y),
            "\u{25b2}",
            theme.bar_selected,
        );
    }
    if let Some(y) = r.ticks {
        ticks(view, &cols, theme, plot, y, buf);
    }
    if let Some(y) = r.context {
        context(view, &cols, theme, plot, y, buf);
    }
    if let Some(y) = r.footer {
        let mut f = footer(view);
        let n = view.timeline.bars.len();
        if n > cols.len() {
            f.push_str(&format!(
                " \u{b7} bars {}\u{2013}{} of {}",
                thousands(view.offset + 1),
                thousands(view.offset + cols.len()),
                thousands(n)
            ));
        }
        text(buf, body, (body.x + 1, y), &f, theme.dim);
    }
}

/// Steps between labelled periods that keep labels on natural bounds
/// (every month, quarter, half-year, year …).
fn steps(unit: Unit) -> &'static [i64] {
    match unit {
        Unit::Day => &[1, 2, 7, 14, 28, 56, 91, 182, 364],
        Unit::Week => &[1, 2, 4, 8, 13, 26, 52, 104],
        Unit::Month => &[1, 2, 3, 4, 6, 12, 24, 60, 120],
        Unit::Quarter => &[1, 2, 4, 8, 20, 40],
        Unit::Year => &[1, 2, 5, 10, 20, 50, 100, 200, 500],
        Unit::Decade | Unit::Century => &[1, 2, 5, 10, 20, 50, 100],
    }
}

/// Writes `labels` (x, text) on row `y`, left to right, skipping any that
/// would touch the one before or pass the plot's edge.
fn place(labels: Vec<(u16, String)>, style: Style, plot: Rect, y: u16, buf: &mut Buffer) {
    let mut free = plot.x;
    for (x, label) in labels {
        let w = width(&label) as u16;
        if x < free || x.saturating_add(w) > plot.right() {
            continue;
        }
        text(buf, plot, (x, y), &label, style);
        free = x + w + 1;
    }
}

/// The period labels under the axis: every period, or every second,
/// third … so that they do not touch.
fn ticks(
    view: &TimelineView,
    cols: &[(usize, u16, u16)],
    theme: &Theme,
    plot: Rect,
    y: u16,
    buf: &mut Buffer,
) {
    let period = |i: usize| view.timeline.bars.get(i).map(|b| b.period);
    let widest = cols
        .iter()
        .filter_map(|c| period(c.0))
        .map(|p| width(&p.tick()))
        .max()
        .unwrap_or(1) as f64;
    let per_bar = plot.width as f64 / cols.len().max(1) as f64;
    let step = steps(view.timeline.unit)
        .iter()
        .copied()
        .find(|&k| k as f64 * per_bar >= widest + 1.0)
        .unwrap_or(i64::MAX);
    let labels = cols
        .iter()
        .filter_map(|&(i, x, _)| {
            let p = period(i)?;
            (p.index.rem_euclid(step) == 0).then(|| (plot.x + x, p.tick()))
        })
        .collect();
    place(labels, theme.axis, plot, y, buf);
}

/// The years (or, for days, the months) the ticks belong to: under the
/// first bar shown and where each begins.
fn context(
    view: &TimelineView,
    cols: &[(usize, u16, u16)],
    theme: &Theme,
    plot: Rect,
    y: u16,
    buf: &mut Buffer,
) {
    let of = |p: Period| {
        let s = p.start();
        match p.unit {
            Unit::Day => Period {
                unit: Unit::Month,
                index: Unit::Month.index(s),
            }
            .label(),
            _ => format!("{:04}", s.year()),
        }
    };
    let mut last = String::new();
    let mut labels = Vec::new();
    for &(i, x, _) in cols {
        let Some(p) = view.timeline.bars.get(i).map(|b| b.period) else {
            continue;
        };
        let label = of(p);
        if label != last {
            labels.push((plot.x + x, label.clone()));
            last = label;
        }
    }
    place(labels, theme.axis, plot, y, buf);
}

/// The table form: a line per period, counts beside bars.
fn table(view: &TimelineView, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let t = &view.timeline;
    let two = matches!(view.subject, Subject::Entity(_));
    let label_w = t
        .bars
        .iter()
        .map(|b| width(&b.period.label()))
        .max()
        .unwrap_or(0);
    let count_w = view.label_width().max(8);
    let fixed = 2 + label_w + 1 + (count_w + 2) * (1 + usize::from(two));
    let bar_w =
        ((body.width as usize).saturating_sub(fixed) / (1 + usize::from(two))).min(TABLE_BAR_W);
    let heading = if two {
        format!(
            "  {:<label_w$} {:>count_w$}  {:bar_w$}{:>count_w$}",
            "period", "articles", "", "mentions"
        )
    } else {
        format!("  {:<label_w$} {:>count_w$}", "period", "articles")
    };
    text(buf, body, (body.x, body.y), &heading, theme.dim);
    let h = body.height.saturating_sub(2) as usize;
    if h == 0 {
        return;
    }
    let offset = view.cursor.saturating_sub(h - 1);
    let peak = t.peak();
    for (row, bar) in t.bars.iter().enumerate().skip(offset).take(h) {
        let y = body.y + 1 + (row - offset) as u16;
        let here = row == view.cursor;
        let style = if here { theme.selected } else { Style::new() };
        let mark = if here { "\u{25b6} " } else { "  " };
        let mut x = body.x;
        put(buf, body, (&mut x, y), mark, theme.bar_selected);
        let counts = format!(
            "{:<label_w$} {:>count_w$} ",
            bar.period.label(),
            thousands(bar.tally.articles as usize)
        );
        put(buf, body, (&mut x, y), &counts, style);
        let at = x.saturating_add(1);
        bars::horizontal(
            buf,
            body,
            (at, y),
            bar_w as u16,
            (u64::from(bar.tally.articles), u64::from(peak.articles)),
            theme.bar,
        );
        if two {
            x = at.saturating_add(bar_w as u16);
            let mentions = format!("{:>count_w$} ", thousands(bar.tally.mentions as usize));
            put(buf, body, (&mut x, y), &mentions, style);
            bars::horizontal(
                buf,
                body,
                (x.saturating_add(1), y),
                bar_w as u16,
                (u64::from(bar.tally.mentions), u64::from(peak.mentions)),
                theme.bar_mentions,
            );
        }
    }
    if body.height >= 3 {
        text(
            buf,
            body,
            (body.x + 1, body.bottom() - 1),
            &footer(view),
            theme.dim,
        );
    }
}

/// Writes `s` at `(x, y)` and moves `x` past it.
fn put(buf: &mut Buffer, area: Rect, (x, y): (&mut u16, u16), s: &str, style: Style) {
    text(buf, area, (*x, y), s, style);
    *x = x.saturating_add(width(s) as u16);
}
