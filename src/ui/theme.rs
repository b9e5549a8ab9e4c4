//! The styles the panes draw with, made from the configuration's theme
//! ([`crate::config::Theme`]: a built-in theme with the user's palette and
//! styles over it, or the colourless one under `NO_COLOR`). Every colour
//! the interface draws comes from here.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{self, Colour, Element};
use crate::entities::EntityKind;

/// The styles the panes use.
#[derive(Debug, Clone)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub title: Style,
    pub dim: Style,
    pub control: Style,
    pub status: Style,
    pub status_mode: Style,
    pub warning: Style,
    pub key: Style,
    /// One style per entity kind, in `EntityKind::ALL` order.
    pub entities: [Style; 5],
    /// A search hit in the reader and in snippets.
    pub hit: Style,
    /// The current search hit.
    pub hit_current: Style,
    /// The bars of the charts (timeline, overview).
    pub bar: Style,
    /// The bar under a chart's cursor (a caret below it marks it too).
    pub bar_selected: Style,
    /// A timeline's second series: an entity's mentions.
    pub bar_mentions: Style,
    /// Chart axes, scales and period labels.
    pub axis: Style,
}

impl Theme {
    /// The terminal styles of a configured theme.
    pub fn from_config(t: &config::Theme) -> Self {
        let s = |e: Element| style(t.style(e));
        Theme {
            border: s(Element::Border),
            border_focused: s(Element::BorderFocused),
            selected: s(Element::Selected),
            selected_unfocused: s(Element::SelectedUnfocused),
            title: s(Element::Title),
            dim: s(Element::Dim),
            control: s(Element::Control),
            status: s(Element::Status),
            status_mode: s(Element::StatusMode),
            warning: s(Element::Warning),
            key: s(Element::Key),
            entities: [
                s(Element::Person),
                s(Element::Place),
                s(Element::Org),
                s(Element::Misc),
                s(Element::Date),
            ],
            hit: s(Element::Hit),
            hit_current: s(Element::HitCurrent),
            bar: s(Element::Bar),
            bar_selected: s(Element::BarSelected),
            bar_mentions: s(Element::BarMentions),
            axis: s(Element::Axis),
        }
    }

    /// A built-in theme as it is, without a user's file.
    fn built_in(no_color: bool) -> Self {
        let loaded = config::parse(None, &config::KeyNames::default(), no_color);
        Theme::from_config(&loaded.config.theme)
    }

    /// The default theme (`dark`).
    pub fn colored() -> Self {
        Theme::built_in(false)
    }

    /// The theme without colours (`mono`, what `NO_COLOR` gets).
    pub fn plain() -> Self {
        Theme::built_in(true)
    }

    /// The style of an entity kind.
    pub fn entity(&self, kind: EntityKind) -> Style {
        self.entities[kind as usize]
    }
}

/// A configured style as a terminal style.
pub fn style(s: config::Style) -> Style {
    let mut out = Style::new();
    if let Some(c) = s.fg {
        out = out.fg(colour(c));
    }
    if let Some(c) = s.bg {
        out = out.bg(colour(c));
    }
    let m = s.modifiers;
    let flags = [
        (m.bold, Modifier::BOLD),
        (m.dim, Modifier::DIM),
        (m.italic, Modifier::ITALIC),
        (m.underlined, Modifier::UNDERLINED),
        (m.reversed, Modifier::REVERSED),
        (m.crossed_out, Modifier::CROSSED_OUT),
    ];
    for (on, flag) in flags {
        if on {
            out = out.add_modifier(flag);
        }
    }
    out
}

/// A configured colour as a terminal colour.
pub fn colour(c: Colour) -> Color {
    match c {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Indexed(i) => Color::Indexed(i),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dark_theme_draws_what_dateline_always_drew() {
        let t = Theme::colored();
        assert_eq!(t.border_focused, Style::new().fg(Color::Cyan));
        assert_eq!(
            t.selected,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            t.hit,
            Style::new()
                .bg(Color::Indexed(58))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert_eq!(
            t.entity(EntityKind::Place),
            Style::new().fg(Color::LightGreen)
        );
    }

    #[test]
    fn the_plain_theme_has_no_colour() {
        let t = Theme::plain();
        let all = [t.border, t.selected, t.status, t.hit, t.key, t.warning];
        for s in all.iter().chain(t.entities.iter()) {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert_eq!(
            t.selected,
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        );
    }
}
