//! Colours and text styles as plain data. The configuration names them;
//! the interface (`ui::theme`) turns them into terminal styles.

use std::fmt;

/// A terminal colour: one of the 16 named ones, an index into the
/// 256-colour palette, or 24-bit RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    /// The terminal's own foreground or background.
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    /// An entry of the 256-colour palette.
    Indexed(u8),
    /// `#rrggbb`.
    Rgb(u8, u8, u8),
}

/// The names of the named colours, as written in a configuration.
pub const COLOUR_NAMES: &[(&str, Colour)] = &[
    ("default", Colour::Default),
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("dark-gray", Colour::DarkGray),
    ("light-red", Colour::LightRed),
    ("light-green", Colour::LightGreen),
    ("light-yellow", Colour::LightYellow),
    ("light-blue", Colour::LightBlue),
    ("light-magenta", Colour::LightMagenta),
    ("light-cyan", Colour::LightCyan),
    ("white", Colour::White),
];

/// What a colour may be written as, for error messages.
pub const COLOUR_EXPECTED: &str = "a colour: a name (red, light-blue, dark-gray, default…), \
     a 256-colour index (0-255) or #rrggbb";

impl Colour {
    /// A colour written as a name (`red`, `light-blue`, `lightblue`,
    /// `light_blue`, `bright-blue`, `grey`), a palette index (`"208"`) or
    /// `#rrggbb` / `#rgb`. Case does not matter.
    pub fn parse(s: &str) -> Option<Colour> {
        let t = s.trim().to_ascii_lowercase();
        if let Some(hex) = t.strip_prefix('#') {
            return parse_hex(hex);
        }
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse::<u8>().ok().map(Colour::Indexed);
        }
        let mut name: String = t
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        name = name.replace("grey", "gray");
        if let Some(rest) = name.strip_prefix("bright") {
            name = format!("light{rest}");
        }
        if name == "reset" || name == "none" {
            return Some(Colour::Default);
        }
        COLOUR_NAMES
            .iter()
            .find(|(n, _)| n.replace('-', "") == name)
            .map(|&(_, c)| c)
    }
}

fn parse_hex(hex: &str) -> Option<Colour> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(Colour::Rgb(
            byte(&hex[0..2])?,
            byte(&hex[2..4])?,
            byte(&hex[4..6])?,
        )),
        3 => {
            let d = |i: usize| byte(&hex[i..=i]).map(|v| v * 17);
            Some(Colour::Rgb(d(0)?, d(1)?, d(2)?))
        }
        _ => None,
    }
}

impl fmt::Display for Colour {
    /// As a configuration would write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Indexed(i) => write!(f, "{i}"),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            named => {
                let name = COLOUR_NAMES
                    .iter()
                    .find(|(_, c)| c == named)
                    .map_or("default", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// Text attributes a style may switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Modifiers {
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underlined: bool,
    pub reversed: bool,
    pub crossed_out: bool,
}

/// The names of the modifiers, as written in a configuration.
pub const MODIFIER_NAMES: &[&str] = &[
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
    "crossed_out",
];

impl Modifiers {
    /// Switches on the modifier called `name` (`underline` and `reverse`
    /// are accepted too); false for an unknown name.
    pub fn set(&mut self, name: &str) -> bool {
        let flag = match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "bold" => &mut self.bold,
            "dim" => &mut self.dim,
            "italic" => &mut self.italic,
            "underlined" | "underline" => &mut self.underlined,
            "reversed" | "reverse" => &mut self.reversed,
            "crossed_out" | "strikethrough" => &mut self.crossed_out,
            _ => return false,
        };
        *flag = true;
        true
    }

    /// The names of the modifiers switched on.
    pub fn names(self) -> Vec<&'static str> {
        let on = [
            self.bold,
            self.dim,
            self.italic,
            self.underlined,
            self.reversed,
            self.crossed_out,
        ];
        MODIFIER_NAMES
            .iter()
            .zip(on)
            .filter(|&(_, on)| on)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// How one drawn element looks. Unset colours are the terminal's (or what
/// the element is drawn over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub modifiers: Modifiers,
}

impl Style {
    /// The same attributes without any colour (what `NO_COLOR` asks for).
    pub fn without_colour(self) -> Style {
        Style {
            fg: None,
            bg: None,
            modifiers: self.modifiers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_index_and_hex() {
        assert_eq!(Colour::parse("red"), Some(Colour::Red));
        for light_blue in [
            "light-blue",
            "LightBlue",
            "light_blue",
            "bright-blue",
            "lightblue",
        ] {
            assert_eq!(Colour::parse(light_blue), Some(Colour::LightBlue));
        }
        assert_eq!(Colour::parse("dark-grey"), Some(Colour::DarkGray));
        assert_eq!(Colour::parse("grey"), Some(Colour::Gray));
        assert_eq!(Colour::parse("reset"), Some(Colour::Default));
        assert_eq!(Colour::parse("208"), Some(Colour::Indexed(208)));
        assert_eq!(Colour::parse("256"), None);
        assert_eq!(
            Colour::parse("#1e90FF"),
            Some(Colour::Rgb(0x1e, 0x90, 0xff))
        );
        assert_eq!(Colour::parse("#fa0"), Some(Colour::Rgb(0xff, 0xaa, 0)));
        for bad in ["", "#12345", "#ggg000", "purple-ish", "#", "-1", "é"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn colours_print_as_they_parse() {
        let mut all: Vec<Colour> = COLOUR_NAMES.iter().map(|&(_, c)| c).collect();
        all.extend([
            Colour::Indexed(0),
            Colour::Indexed(255),
            Colour::Rgb(1, 2, 3),
        ]);
        for c in all {
            assert_eq!(Colour::parse(&c.to_string()), Some(c), "{c}");
        }
    }

    #[test]
    fn modifiers_by_name() {
        let mut m = Modifiers::default();
        assert!(m.set("bold") && m.set("underline") && m.set("Reversed"));
        assert!(!m.set("blinking"));
        assert_eq!(m.names(), ["bold", "underlined", "reversed"]);
    }
}
