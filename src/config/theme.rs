//! Themes: a style for every element dateline draws.
//!
//! A theme is a `[palette]` of named colours and a `[styles]` table that
//! gives each [`Element`] a style, written as a colour (the foreground) or
//! as `{ fg = "…", bg = "…", modifiers = ["bold", …] }`, where any colour
//! may be a palette name. Two themes are built in (`dark` and `light`,
//! `assets/themes/`); a configuration picks one with `theme = "light"` and
//! patches it: its `[palette]` entries replace the theme's (so changing
//! `accent` recolours everything the theme drew with it), and each field it
//! gives an element (`fg`, `bg`, `modifiers`) replaces that field only.

use std::ops::Range;

use super::colour::{Colour, Modifiers, Style};

/// Defines [`Element`] and its names from one list.
macro_rules! elements {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// Something drawn that has its own style.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Element {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Element {
            /// Every element, in the order of [`Theme`]'s styles.
            pub const ALL: &[Element] = &[$(Element::$variant,)*];

            /// The element's name in a configuration.
            pub fn name(self) -> &'static str {
                match self {
                    $(Element::$variant => $name,)*
                }
            }

            /// The element of a name.
            pub fn from_name(name: &str) -> Option<Element> {
                match name {
                    $($name => Some(Element::$variant),)*
                    _ => None,
                }
            }

            /// What it is, for documentation.
            pub fn about(self) -> &'static str {
                match self {
                    $(Element::$variant => concat!($($doc),*).trim_ascii(),)*
                }
            }
        }
    };
}

elements! {
    /// Pane and overlay borders.
    Border = "border",
    /// The border of the pane that has the keys.
    BorderFocused = "border_focused",
    /// Headings and article titles.
    Title = "title",
    /// The selected row of the pane that has the keys.
    Selected = "selected",
    /// The selected row of a pane without the keys.
    SelectedUnfocused = "selected_unfocused",
    /// Secondary text: dates, counts, paths, hints.
    Dim = "dim",
    /// Control characters shown visibly in article text (^[).
    Control = "control",
    /// The status bar.
    Status = "status",
    /// The mode's name in the status bar.
    StatusMode = "status_mode",
    /// Warnings (status bar, overlays).
    Warning = "warning",
    /// Keys in the help and prompts.
    Key = "key",
    /// A search hit.
    Hit = "hit",
    /// The current search hit.
    HitCurrent = "hit_current",
    /// People.
    Person = "person",
    /// Places.
    Place = "place",
    /// Organisations.
    Org = "org",
    /// Other names: nationalities, events, laws.
    Misc = "misc",
    /// Dates.
    Date = "date",
    /// Bars of the timeline and co-occurrence views.
    Bar = "bar",
    /// The bar under the cursor.
    BarSelected = "bar_selected",
    /// Bars of an entity's mentions (beside the articles' bars).
    BarMentions = "bar_mentions",
    /// Chart axes and tick labels.
    Axis = "axis",
}

/// A style for every element, colours resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    styles: Vec<Style>,
}

impl Theme {
    /// The style of `element`.
    pub fn style(&self, element: Element) -> Style {
        Element::ALL
            .iter()
            .position(|&e| e == element)
            .and_then(|i| self.styles.get(i).copied())
            .unwrap_or_default()
    }

    /// Every element with its style.
    pub fn iter(&self) -> impl Iterator<Item = (Element, Style)> + '_ {
        Element::ALL
            .iter()
            .copied()
            .zip(self.styles.iter().copied())
    }

    /// Builds a theme from each element's style.
    pub fn from_fn(mut style: impl FnMut(Element) -> Style) -> Theme {
        Theme {
            styles: Element::ALL.iter().map(|&e| style(e)).collect(),
        }
    }

    /// The same theme without colours: what `NO_COLOR` gets.
    pub fn without_colour(&self) -> Theme {
        Theme::from_fn(|e| self.style(e).without_colour())
    }
}

/// A colour as written, before the palette is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColourRef {
    /// A palette index given as a number.
    Colour(Colour),
    /// A palette name or a colour (a palette name wins, so a palette may
    /// redefine `red`), and where it is written.
    Written(String, Range<usize>),
}

/// A style as written in a theme or configuration: each field set
/// replaces that field of the style below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyleSpec {
    pub fg: Option<ColourRef>,
    pub bg: Option<ColourRef>,
    pub modifiers: Option<Modifiers>,
}

/// The built-in themes, by name: their text (`[palette]` and `[styles]`).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../assets/themes/dark.toml")),
    ("light", include_str!("../../assets/themes/light.toml")),
    ("mono", include_str!("../../assets/themes/mono.toml")),
];

/// The theme `NO_COLOR` gets, whatever the configuration says.
pub const NO_COLOR_THEME: &str = "mono";

/// The text of a built-in theme.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_names_round_trip_and_are_documented() {
        for &e in Element::ALL {
            assert_eq!(Element::from_name(e.name()), Some(e));
            assert!(!e.about().is_empty(), "{}", e.name());
        }
        assert_eq!(Element::from_name("nope"), None);
    }
}
