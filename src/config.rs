//! The user's configuration: keys, colours and defaults, layered over
//! built-in defaults of the same shape.
//!
//! dateline reads `assets/config.toml` (built in) and then the user's file
//! over it: `--config FILE`, else `$DATELINE_CONFIG`, else `config.toml` in
//! the platform's configuration directory (`$XDG_CONFIG_HOME/dateline/` on
//! Linux). The user's file names only what it changes:
//!
//! ```toml
//! theme = "light"                       # a built-in theme to patch
//!
//! [palette]
//! accent = "#d7875f"                    # recolours what the theme drew with it
//!
//! [styles]
//! person = { fg = "accent", modifiers = ["bold"] }
//!
//! [keys.reader]
//! next_mention = ["ctrl-n", "]"]        # these keys, in the reader
//!
//! [defaults]
//! reader_width = 80
//! ```
//!
//! A configuration never stops dateline: each wrong entry (an unknown name,
//! a bad colour or key, a duplicate binding, a TOML syntax error) becomes a
//! [`Problem`] with its file, line and column and what was expected, and
//! that entry keeps its default while the rest of the file applies. The app
//! shows the problems as a warning; `dateline config --check` prints them.
//!
//! This module is domain: colours, styles and keys are plain data
//! ([`Colour`], [`Style`], [`Chord`]) that the interface turns into terminal
//! types, and the names of modes and actions come from the app
//! ([`KeyNames`]), so new ones need nothing here.

mod chord;
mod colour;
mod defaults;
mod document;
mod keys;
mod problem;
mod theme;

use std::io::Read;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

pub use chord::{CHORD_EXPECTED, Chord, ChordError, KeyName};
pub use colour::{COLOUR_NAMES, Colour, MODIFIER_NAMES, Modifiers, Style};
pub use defaults::{Defaults, kind_name};
pub use keys::{KeyBinding, KeyNames, ModeKeys};
pub use problem::{Location, Origin, Problem};
pub use theme::{
    BUILT_IN as BUILT_IN_THEMES, Element, NO_COLOR_THEME, Theme, built_in as built_in_theme,
};

use colour::COLOUR_EXPECTED;
use document::{Doc, Value};
use theme::{ColourRef, StyleSpec};

/// The built-in defaults, as `dateline config --print-default` prints them
/// (before the key tables, which the app adds).
pub const DEFAULT: &str = include_str!("../assets/config.toml");

/// The environment variable naming a configuration file.
pub const ENV_VAR: &str = "DATELINE_CONFIG";

/// The largest configuration file read.
const MAX_SIZE: u64 = 1 << 20;

/// What a configuration sets, resolved: defaults with the user's file over
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The built-in theme the styles patch.
    pub theme_name: String,
    /// A style for every element: the theme with the user's palette and
    /// styles, or the colourless theme under `NO_COLOR`.
    pub theme: Theme,
    pub defaults: Defaults,
    /// The user's key entries, in file order: the app applies them to its
    /// default key tables.
    pub keys: Vec<KeyBinding>,
}

/// A configuration and what was wrong with it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// Everything wrong, in file order; each wrong entry kept its default.
    pub problems: Vec<Problem>,
    /// The user's file, when one was read.
    pub file: Option<PathBuf>,
}

/// Which file to read over the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file the user named (`--config`, `$DATELINE_CONFIG`): not finding
    /// it is a problem.
    Named(PathBuf),
    /// The platform's file: it need not exist.
    Usual(PathBuf),
    /// None: the defaults alone.
    None,
}

impl Source {
    /// `flag` (`--config`), else `$DATELINE_CONFIG`, else the platform's
    /// `dateline/config.toml`.
    pub fn locate(flag: Option<&Path>) -> Source {
        if let Some(f) = flag {
            return Source::Named(f.to_path_buf());
        }
        if let Some(v) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
            return Source::Named(PathBuf::from(v));
        }
        match usual_path() {
            Some(p) => Source::Usual(p),
            None => Source::None,
        }
    }

    /// The file, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Named(p) | Source::Usual(p) => Some(p),
            Source::None => None,
        }
    }
}

/// `config.toml` in the platform's configuration directory.
pub fn usual_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.config_dir().join("dateline").join("config.toml"))
}

/// Whether `NO_COLOR` asks for no colours (set and not empty).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Reads the configuration from `source` over the defaults. Never fails:
/// what cannot be used is a problem and keeps its default.
pub fn load(source: &Source, names: &KeyNames, no_color: bool) -> Loaded {
    let (path, required) = match source {
        Source::Named(p) => (p, true),
        Source::Usual(p) => (p, false),
        Source::None => return parse(None, names, no_color),
    };
    let origin = Origin::File(path.clone());
    match read_file(path) {
        Ok(Some(text)) => {
            let mut loaded = parse(Some((origin, &text.text)), names, no_color);
            if let Some(p) = text.problem {
                loaded.problems.insert(0, p);
            }
            loaded.file = Some(path.clone());
            loaded
        }
        Ok(None) if !required => parse(None, names, no_color),
        Ok(None) => {
            let mut loaded = parse(None, names, no_color);
            loaded
                .problems
                .push(Problem::file(&origin, "no such file; using the defaults"));
            loaded
        }
        Err(message) => {
            let mut loaded = parse(None, names, no_color);
            loaded.problems.push(Problem::file(&origin, message));
            loaded
        }
    }
}

/// A file's text and the problem of reading it as UTF-8, if there was one.
struct Text {
    text: String,
    problem: Option<Problem>,
}

/// The file's text; none when it does not exist. A FIFO or socket is not
/// read (it could block), a larger file than 1 MiB is refused.
fn read_file(path: &Path) -> Result<Option<Text>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}; using the defaults")),
    };
    if meta.is_dir() {
        return Err("is a directory, not a file; using the defaults".into());
    }
    if !meta.is_file() && !is_char_device(&meta) {
        return Err("is not a regular file; using the defaults".into());
    }
    if meta.len() > MAX_SIZE {
        return Err(format!(
            "is {} bytes, more than a configuration needs (at most {MAX_SIZE}); using the defaults",
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SIZE + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}; using the defaults"))?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(format!(
            "is larger than {MAX_SIZE} bytes; using the defaults"
        ));
    }
    Ok(Some(match String::from_utf8(bytes) {
        Ok(text) => Text {
            text,
            problem: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let problem = Problem::at(
                &Origin::File(path.to_path_buf()),
                &text,
                &(at..at + 1),
                "the file is not UTF-8 here",
                Some("UTF-8 text (the bad bytes are read as U+FFFD)".into()),
            );
            Text {
                text,
                problem: Some(problem),
            }
        }
    }))
}

#[cfg(unix)]
fn is_char_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &std::fs::Metadata) -> bool {
    false
}

/// The configuration a user's text (with where it comes from) gives over
/// the defaults; none: the defaults alone. With `no_color`, the theme is
/// the colourless one whatever the files say.
pub fn parse(user: Option<(Origin, &str)>, names: &KeyNames, no_color: bool) -> Loaded {
    let mut theme_name = None;
    let mut defaults = Defaults::unset();
    let mut keys = Vec::new();
    // The built-in file, then the user's over it. Problems in the built-in
    // file are dateline's bugs (tests keep it clean), reported all the same.
    let files = std::iter::once((Origin::Embedded, DEFAULT)).chain(user);
    let mut layers: Vec<(Doc<'_>, ThemeParts)> = files
        .map(|(origin, text)| {
            let (mut doc, table) = Doc::parse(origin, text);
            let parts = read_config(
                &mut doc,
                &table,
                names,
                &mut theme_name,
                &mut defaults,
                &mut keys,
            );
            (doc, parts)
        })
        .collect();
    let theme_name = match (no_color, theme_name) {
        (true, _) => NO_COLOR_THEME.to_owned(),
        (false, Some(n)) => n,
        (false, None) => BUILT_IN_THEMES[0].0.to_owned(),
    };
    // Under NO_COLOR the files' palettes and styles do not apply.
    let patches = if no_color {
        &mut [][..]
    } else {
        &mut layers[..]
    };
    let (theme, mut problems) = resolve_theme(&theme_name, patches);
    for (doc, _) in &mut layers {
        let mut found = std::mem::take(&mut doc.problems);
        found.sort_by_key(|p| p.location.as_ref().map(|l| (l.line, l.column)));
        problems.append(&mut found);
    }
    Loaded {
        config: Config {
            theme_name,
            theme,
            defaults,
            keys,
        },
        problems,
        file: None,
    }
}

/// A `[palette]` and `[styles]` as written.
#[derive(Default)]
struct ThemeParts {
    palette: Vec<(String, Colour)>,
    styles: Vec<(Element, StyleSpec)>,
}

/// The top-level names of a configuration.
const TOP: &[&str] = &["theme", "palette", "styles", "keys", "defaults"];

/// Reads a configuration file's table over what the files before it set;
/// returns its palette and styles.
fn read_config(
    doc: &mut Doc<'_>,
    table: &DeTable<'_>,
    names: &KeyNames,
    theme_name: &mut Option<String>,
    defaults: &mut Defaults,
    keys: &mut Vec<KeyBinding>,
) -> ThemeParts {
    let mut parts = ThemeParts::default();
    for (key, value) in doc.entries(table) {
        match key.get_ref().as_ref() {
            "theme" => {
                if let Some(name) = doc.string(value, "`theme`") {
                    if built_in_theme(name).is_some() {
                        *theme_name = Some(name.to_owned());
                    } else {
                        let known: Vec<&str> = BUILT_IN_THEMES.iter().map(|(n, _)| *n).collect();
                        doc.unknown_name(&value.span(), "theme", name, "`theme`", &known, None);
                    }
                }
            }
            "palette" => parts.palette = read_palette(doc, value),
            "styles" => parts.styles = read_styles(doc, value),
            "keys" => keys.extend(keys::read(doc, value, names)),
            "defaults" => {
                defaults::read(doc, value, defaults);
            }
            other => doc.unknown_name(&key.span(), "section", other, "the file", TOP, None),
        }
    }
    parts
}

/// A theme file: `[palette]` and `[styles]` only.
fn read_theme_file(doc: &mut Doc<'_>, table: &DeTable<'_>) -> ThemeParts {
    let mut parts = ThemeParts::default();
    for (key, value) in doc.entries(table) {
        match key.get_ref().as_ref() {
            "palette" => parts.palette = read_palette(doc, value),
            "styles" => parts.styles = read_styles(doc, value),
            other => doc.unknown_name(
                &key.span(),
                "section",
                other,
                "a theme",
                &["palette", "styles"],
                None,
            ),
        }
    }
    parts
}

fn read_palette(doc: &mut Doc<'_>, value: &Value<'_>) -> Vec<(String, Colour)> {
    let mut out = Vec::new();
    let Some(table) = doc.table(value, "`palette`") else {
        return out;
    };
    for (name, value) in doc.entries(table) {
        let what = format!("the colour `{}`", name.get_ref());
        if let Some(c) = colour_value(doc, value, &what) {
            out.push((name.get_ref().to_string(), c));
        }
    }
    out
}

/// A colour written as a string or an index (not a palette name).
fn colour_value(doc: &mut Doc<'_>, value: &Value<'_>, what: &str) -> Option<Colour> {
    match value.get_ref() {
        toml::de::DeValue::Integer(_) => doc
            .integer(value, what, 0..256, "a 256-colour index from 0 to 255")
            .and_then(|n| u8::try_from(n).ok())
            .map(Colour::Indexed),
        toml::de::DeValue::String(s) => {
            let found = Colour::parse(s);
            if found.is_none() {
                doc.problem(
                    &value.span(),
                    format!("unknown colour `{s}`"),
                    Some(COLOUR_EXPECTED.to_owned()),
                );
            }
            found
        }
        _ => {
            doc.wrong(value, what, COLOUR_EXPECTED);
            None
        }
    }
}

fn read_styles(doc: &mut Doc<'_>, value: &Value<'_>) -> Vec<(Element, StyleSpec)> {
    let mut out = Vec::new();
    let Some(table) = doc.table(value, "`styles`") else {
        return out;
    };
    let known: Vec<&str> = Element::ALL.iter().map(|e| e.name()).collect();
    for (name, value) in doc.entries(table) {
        let Some(element) = Element::from_name(name.get_ref()) else {
            doc.unknown_name(
                &name.span(),
                "element",
                name.get_ref(),
                "[styles]",
                &known,
                None,
            );
            continue;
        };
        if let Some(spec) = style_spec(doc, element, value) {
            out.push((element, spec));
        }
    }
    out
}

const STYLE_EXPECTED: &str = "a colour, or { fg = \"…\", bg = \"…\", modifiers = [\"bold\", …] }";

/// `"red"` or `{ fg, bg, modifiers }`; none when any part is wrong.
fn style_spec(doc: &mut Doc<'_>, element: Element, value: &Value<'_>) -> Option<StyleSpec> {
    let what = format!("the style of `{}`", element.name());
    let colour_ref = |doc: &mut Doc<'_>, v: &Value<'_>, what: &str| match v.get_ref() {
        toml::de::DeValue::String(s) => Some(ColourRef::Written(s.to_string(), v.span())),
        toml::de::DeValue::Integer(_) => colour_value(doc, v, what).map(ColourRef::Colour),
        _ => {
            doc.wrong(v, what, COLOUR_EXPECTED);
            None
        }
    };
    match value.get_ref() {
        toml::de::DeValue::String(_) | toml::de::DeValue::Integer(_) => Some(StyleSpec {
            fg: Some(colour_ref(doc, value, &what)?),
            ..StyleSpec::default()
        }),
        toml::de::DeValue::Table(t) => {
            let mut spec = StyleSpec::default();
            let mut ok = true;
            for (field, v) in doc.entries(t) {
                match field.get_ref().as_ref() {
                    "fg" => match colour_ref(doc, v, &format!("`fg` of `{}`", element.name())) {
                        Some(c) => spec.fg = Some(c),
                        None => ok = false,
                    },
                    "bg" => match colour_ref(doc, v, &format!("`bg` of `{}`", element.name())) {
                        Some(c) => spec.bg = Some(c),
                        None => ok = false,
                    },
                    "modifiers" => match modifiers(doc, v) {
                        Some(m) => spec.modifiers = Some(m),
                        None => ok = false,
                    },
                    other => {
                        doc.unknown_name(
                            &field.span(),
                            "style field",
                            other,
                            &format!("the style of `{}`", element.name()),
                            &["fg", "bg", "modifiers"],
                            None,
                        );
                        ok = false;
                    }
                }
            }
            ok.then_some(spec)
        }
        _ => {
            doc.wrong(value, &what, STYLE_EXPECTED);
            None
        }
    }
}

fn modifiers(doc: &mut Doc<'_>, value: &Value<'_>) -> Option<Modifiers> {
    let expected = format!("a list of {}", document::list(MODIFIER_NAMES));
    let Some(items) = value.get_ref().as_array() else {
        doc.wrong(value, "`modifiers`", &expected);
        return None;
    };
    let mut m = Modifiers::default();
    for item in items.iter() {
        let name = doc.string(item, "a modifier")?;
        if !m.set(name) {
            doc.unknown_name(
                &item.span(),
                "modifier",
                name,
                "`modifiers`",
                MODIFIER_NAMES,
                None,
            );
            return None;
        }
    }
    Some(m)
}

/// The built-in theme `name` with each layer's palette and styles over it
/// (problems reported in the layer's document); also the problems of the
/// built-in theme itself (none, tests make sure).
fn resolve_theme(name: &str, layers: &mut [(Doc<'_>, ThemeParts)]) -> (Theme, Vec<Problem>) {
    let text = built_in_theme(name).unwrap_or(BUILT_IN_THEMES[0].1);
    let (mut base_doc, table) = Doc::parse(Origin::Embedded, text);
    let base = read_theme_file(&mut base_doc, &table);
    let mut palette = base.palette.clone();
    for (_, parts) in layers.iter() {
        palette.extend(parts.palette.iter().cloned());
    }
    let mut resolved: Vec<(Element, Resolved)> = Vec::new();
    let mut resolve = |doc: &mut Doc<'_>, styles: &[(Element, StyleSpec)]| {
        for (e, spec) in styles {
            if let Some(r) = resolve_spec(doc, spec, &palette) {
                resolved.push((*e, r));
            }
        }
    };
    resolve(&mut base_doc, &base.styles);
    for (doc, parts) in layers.iter_mut() {
        resolve(doc, &parts.styles);
    }
    let theme = Theme::from_fn(|e| {
        let mut style = Style::default();
        for (_, r) in resolved.iter().filter(|(el, _)| *el == e) {
            style.fg = r.fg.or(style.fg);
            style.bg = r.bg.or(style.bg);
            style.modifiers = r.modifiers.unwrap_or(style.modifiers);
        }
        style
    });
    (theme, base_doc.problems)
}

/// A style spec with its colours looked up: each field set replaces the
/// one below.
struct Resolved {
    fg: Option<Colour>,
    bg: Option<Colour>,
    modifiers: Option<Modifiers>,
}

/// Looks `spec`'s colours up in `palette`; none when one is unknown (the
/// element keeps the theme's style).
fn resolve_spec(
    doc: &mut Doc<'_>,
    spec: &StyleSpec,
    palette: &[(String, Colour)],
) -> Option<Resolved> {
    let mut one = |r: &Option<ColourRef>| -> Result<Option<Colour>, ()> {
        match r {
            None => Ok(None),
            Some(ColourRef::Colour(c)) => Ok(Some(*c)),
            Some(ColourRef::Written(s, span)) => {
                let found = palette
                    .iter()
                    .rev()
                    .find(|(n, _)| n == s)
                    .map(|&(_, c)| c)
                    .or_else(|| Colour::parse(s));
                match found {
                    Some(c) => Ok(Some(c)),
                    None => {
                        let names: Vec<&str> = palette.iter().map(|(n, _)| n.as_str()).collect();
                        let mut expected = format!("{COLOUR_EXPECTED}, or a [palette] name");
                        if !names.is_empty() {
                            expected.push_str(&format!(" ({})", names.join(", ")));
                        }
                        if let Some(near) = problem::closest(s, names.iter().copied()) {
                            expected.push_str(&format!(" (did you mean `{near}`?)"));
                        }
                        doc.problem(span, format!("unknown colour `{s}`"), Some(expected));
                        Err(())
                    }
                }
            }
        }
    };
    let fg = one(&spec.fg);
    let bg = one(&spec.bg);
    Some(Resolved {
        fg: fg.ok()?,
        bg: bg.ok()?,
        modifiers: spec.modifiers,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_sets_every_default() {
        let (mut doc, table) = Doc::parse(Origin::Embedded, DEFAULT);
        let value = table
            .iter()
            .find(|(k, _)| k.get_ref() == "defaults")
            .map(|(_, v)| v)
            .unwrap();
        let mut into = Defaults::unset();
        let set = defaults::read(&mut doc, value, &mut into);
        assert!(doc.problems.is_empty());
        assert_eq!(set, defaults::NAMES);
    }
}
