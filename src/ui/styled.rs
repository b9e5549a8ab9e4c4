//! Turning a byte range of article text into a terminal-safe [`Line`] with
//! highlights: white space runs become one space, controls become visible
//! (in the control style), and each highlight patches the style of the bytes
//! it covers, so overlapping highlights combine.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::textview::safe::{is_space, shown};

/// A style over a byte range of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub style: Style,
}

/// `text[range]` as one display line; later highlights patch earlier ones.
pub fn styled_line(
    text: &str,
    range: Range<usize>,
    base: Style,
    control: Style,
    highlights: &[Highlight],
) -> Line<'static> {
    let Some(slice) = text.get(range.clone()) else {
        return Line::default();
    };
    // Highlights that touch this line (few per article: a plain scan).
    let relevant: Vec<&Highlight> = highlights
        .iter()
        .filter(|h| h.range.start < range.end && h.range.end > range.start)
        .collect();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut buf = String::new();
    let mut cur = base;
    let mut in_space = false;
    for (i, c) in slice.char_indices() {
        let at = range.start + i;
        let mut style = relevant
            .iter()
            .filter(|h| h.range.start <= at && at < h.range.end)
            .fold(base, |s, h| s.patch(h.style));
        let mut piece = String::new();
        if is_space(c) {
            if in_space {
                continue;
            }
            in_space = true;
            // A space inside a highlight keeps its style; between words it is plain.
            let next = at + c.len_utf8();
            let inside = relevant
                .iter()
                .any(|h| h.range.start < at && next < h.range.end);
            if !inside {
                style = base;
            }
            piece.push(' ');
        } else {
            in_space = false;
            let s = shown(c);
            if s.is_control() {
                style = style.patch(control);
            }
            s.push_to(&mut piece);
        }
        if style != cur && !buf.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut buf), cur));
        }
        cur = style;
        buf.push_str(&piece);
    }
    if !buf.is_empty() {
        spans.push(Span::styled(buf, cur));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn controls_are_visible_and_styled() {
        let line = styled_line(
            "a\u{1b}[31mb",
            0..7,
            Style::new(),
            Style::new().fg(Color::Red),
            &[],
        );
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "a^[[31mb");
        assert_eq!(line.spans[1].content, "^[");
        assert_eq!(line.spans[1].style.fg, Some(Color::Red));
    }

    #[test]
    fn overlapping_highlights_combine() {
        let text = "see Donald Trump now";
        let hs = [
            Highlight {
                range: 4..16,
                style: Style::new().fg(Color::Green),
            },
            Highlight {
                range: 11..16,
                style: Style::new().add_modifier(Modifier::UNDERLINED),
            },
        ];
        let line = styled_line(text, 0..text.len(), Style::new(), Style::new(), &hs);
        let parts: Vec<(&str, Style)> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(parts[0], ("see ", Style::new()));
        assert_eq!(parts[1], ("Donald ", Style::new().fg(Color::Green)));
        assert_eq!(parts[2].0, "Trump");
        assert_eq!(
            parts[2].1,
            Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::UNDERLINED)
        );
        assert_eq!(parts[3], (" now", Style::new()));
    }
}
