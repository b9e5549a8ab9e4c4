//! Colours and text styles. With `NO_COLOR` set, every style is made of
//! bold, underline, italic and reverse only.

use ratatui::style::{Color, Modifier, Style};

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
    /// The theme for this environment: plain when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            Theme::plain()
        } else {
            Theme::colored()
        }
    }

    pub fn colored() -> Self {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            control: Style::new().fg(Color::Magenta),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            status_mode: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            entities: [
                Style::new().fg(Color::LightYellow),
                Style::new().fg(Color::LightGreen),
                Style::new().fg(Color::LightBlue),
                Style::new().fg(Color::LightMagenta),
                Style::new().fg(Color::LightRed),
            ],
            hit: Style::new()
                .bg(Color::Indexed(58))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            hit_current: Style::new()
                .bg(Color::Indexed(130))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            bar: Style::new().fg(Color::Cyan),
            bar_selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            bar_mentions: Style::new().fg(Color::Magenta),
            axis: Style::new().fg(Color::Gray),
        }
    }

    pub fn plain() -> Self {
        Theme {
            border: Style::new(),
            border_focused: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            control: Style::new().add_modifier(Modifier::ITALIC),
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_mode: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            warning: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().add_modifier(Modifier::BOLD),
            entities: [
                Style::new().add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::ITALIC),
                Style::new().add_modifier(Modifier::UNDERLINED),
                Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            ],
            hit: Style::new().add_modifier(Modifier::REVERSED),
            hit_current: Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            // Bars are block characters: shown without colour too. Reverse
            // would hide them, so the cursor's bar is marked by a caret.
            bar: Style::new(),
            bar_selected: Style::new().add_modifier(Modifier::BOLD),
            bar_mentions: Style::new(),
            axis: Style::new(),
        }
    }

    /// The style of an entity kind.
    pub fn entity(&self, kind: EntityKind) -> Style {
        self.entities[kind as usize]
    }
}
