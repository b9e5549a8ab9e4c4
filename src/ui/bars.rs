//! Bars drawn with block characters, in eighths of a cell: they read
//! without colour (NO_COLOR), a value above zero always shows, and nothing
//! is drawn outside the area given, however small.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Left-aligned eighths of a cell, one to eight.
const HORIZONTAL: [&str; 8] = [
    "\u{258f}", "\u{258e}", "\u{258d}", "\u{258c}", "\u{258b}", "\u{258a}", "\u{2589}", "\u{2588}",
];
/// Bottom-aligned eighths of a cell, one to eight.
const VERTICAL: [&str; 8] = [
    "\u{2581}", "\u{2582}", "\u{2583}", "\u{2584}", "\u{2585}", "\u{2586}", "\u{2587}", "\u{2588}",
];

/// Eighths of `cells` cells that `value` of `peak` fills, rounded, and at
/// least one for any value above zero.
pub fn eighths(value: u64, peak: u64, cells: usize) -> usize {
    if value == 0 || peak == 0 || cells == 0 {
        return 0;
    }
    let full = cells as u128 * 8;
    let e = (u128::from(value) * full + u128::from(peak) / 2) / u128::from(peak);
    (e.min(full) as usize).max(1)
}

/// A bar from `(x, y)` rightwards, at most `width` cells, inside `area`.
pub fn horizontal(
    buf: &mut Buffer,
    area: Rect,
    (x, y): (u16, u16),
    width: u16,
    (value, peak): (u64, u64),
    style: Style,
) {
    let e = eighths(value, peak, width as usize);
    let (full, part) = (e / 8, e % 8);
    let cells = full + usize::from(part > 0);
    for i in 0..cells {
        let Some(cx) = x.checked_add(i as u16) else {
            return;
        };
        let symbol = if i < full {
            HORIZONTAL[7]
        } else {
            HORIZONTAL[part - 1]
        };
        put(buf, area, cx, y, symbol, style);
    }
}

/// A bar `w` cells wide standing on row `bottom`, at most `height` rows
/// tall, inside `area`.
#[allow(clippy::too_many_arguments)]
pub fn vertical(
    buf: &mut Buffer,
    area: Rect,
    (x, w): (u16, u16),
    bottom: u16,
    height: u16,
    (value, peak): (u64, u64),
    style: Style,
) {
    let e = eighths(value, peak, height as usize);
    let (full, part) = (e / 8, e % 8);
    let rows = full + usize::from(part > 0);
    for r in 0..rows {
        let Some(y) = bottom.checked_sub(r as u16) else {
            return;
        };
        let symbol = if r < full {
            VERTICAL[7]
        } else {
            VERTICAL[part - 1]
        };
        for dx in 0..w {
            put(buf, area, x.saturating_add(dx), y, symbol, style);
        }
    }
}

/// Sets one cell, when it is inside `area`.
fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, symbol: &str, style: Style) {
    if x >= area.x && x < area.right() && y >= area.y && y < area.bottom() {
        buf[(x, y)].set_symbol(symbol).set_style(style);
    }
}

/// Writes `text` at `(x, y)`, cut at the right edge of `area`.
pub fn text(buf: &mut Buffer, area: Rect, (x, y): (u16, u16), text: &str, style: Style) {
    if y < area.y || y >= area.bottom() || x < area.x || x >= area.right() {
        return;
    }
    buf.set_stringn(x, y, text, (area.right() - x) as usize, style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighths_round_and_show_small_values() {
        assert_eq!(eighths(0, 10, 5), 0);
        assert_eq!(eighths(10, 10, 5), 40);
        assert_eq!(eighths(5, 10, 5), 20);
        assert_eq!(eighths(1, 1_000_000, 5), 1, "a value above zero shows");
        assert_eq!(eighths(20, 10, 5), 40, "never past the cells");
        assert_eq!(eighths(1, 0, 5), 0);
        assert_eq!(
            eighths(u64::MAX, u64::MAX, usize::MAX / 16),
            usize::MAX / 16 * 8
        );
    }

    #[test]
    fn bars_stay_inside_their_area() {
        let area = Rect::new(2, 1, 4, 3);
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 5));
        horizontal(&mut buf, area, (3, 1), 10, (10, 10), Style::new());
        vertical(&mut buf, area, (5, 3), 3, 9, (9, 9), Style::new());
        vertical(&mut buf, area, (0, 1), 0, 9, (9, 9), Style::new());
        for y in 0..5 {
            for x in 0..8 {
                let inside = (2..6).contains(&x) && (1..4).contains(&y);
                if !inside {
                    assert_eq!(buf[(x, y)].symbol(), " ", "({x}, {y})");
                }
            }
        }
        assert_eq!(buf[(5, 1)].symbol(), "\u{2588}");
        assert_eq!(buf[(3, 1)].symbol(), "\u{2588}");
    }
}
