//! Where the panes go for a terminal size. Both `update` (page sizes, mouse
//! hits, wrap width) and the view use this, so they always agree.

use ratatui::layout::Rect;

use super::Focus;

/// Terminals narrower than this show one pane at a time.
pub const TWO_PANE_MIN_WIDTH: u16 = 80;

/// The screen areas for one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The article list, with its border; `None` when hidden.
    pub list: Option<Rect>,
    /// The reader, with its border; `None` when hidden.
    pub reader: Option<Rect>,
    /// The status bar (bottom line).
    pub status: Rect,
}

/// Panes for a screen of `area`, focus deciding which pane a narrow screen shows.
pub fn panes(area: Rect, focus: Focus) -> Panes {
    let status_h = u16::from(area.height >= 2);
    let main = Rect {
        height: area.height - status_h,
        ..area
    };
    let status = Rect {
        y: area.y + main.height,
        height: status_h,
        ..area
    };
    if area.width < TWO_PANE_MIN_WIDTH {
        return match focus {
            Focus::List => Panes {
                list: Some(main),
                reader: None,
                status,
            },
            Focus::Reader => Panes {
                list: None,
                reader: Some(main),
                status,
            },
        };
    }
    let list_w = (area.width * 2 / 5).clamp(30, 64);
    let list = Rect {
        width: list_w,
        ..main
    };
    let reader = Rect {
        x: main.x + list_w,
        width: main.width - list_w,
        ..main
    };
    Panes {
        list: Some(list),
        reader: Some(reader),
        status,
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The load warnings overlay, with its border, on a screen of `area`.
pub fn warnings_box(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).max(1),
        area.height.saturating_sub(2).max(1),
    )
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Reader text area: the inside of the pane less one column of margin on
/// each side (when there is room).
pub fn reader_text(r: Rect) -> Rect {
    let i = inner(r);
    if i.width > 20 {
        Rect {
            x: i.x + 1,
            width: i.width - 2,
            ..i
        }
    } else {
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_shows_both_narrow_shows_focused() {
        let p = panes(Rect::new(0, 0, 120, 40), Focus::List);
        assert!(p.list.is_some() && p.reader.is_some());
        assert_eq!(p.status.y, 39);
        let p = panes(Rect::new(0, 0, 40, 20), Focus::Reader);
        assert!(p.list.is_none() && p.reader.is_some());
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 2), (79, 3)] {
            let p = panes(Rect::new(0, 0, w, h), Focus::List);
            let _ = reader_text(p.list.unwrap_or_default());
        }
    }
}
