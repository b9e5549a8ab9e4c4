//! `dateline config` and `dateline keys`: the configuration checked,
//! located and shown, and the keys in force.
//!
//! The same [`crate::config::load`] the app uses reads the file, so what
//! `--check` reports is what the app would say in its warnings.

use std::io::{self, Write};
use std::path::Path;

use crate::app::keymap::Keymap;
use crate::config::{self, Loaded, Source};
use crate::textview::safe::path as safe_path;

/// The configuration for this run: `flag` (`--config`), else
/// `$DATELINE_CONFIG`, else the platform's file, over the built-in
/// defaults; `NO_COLOR` chooses the colourless theme.
pub fn load(flag: Option<&Path>) -> (Source, Loaded) {
    let source = Source::locate(flag);
    let names = Keymap::default().names();
    let loaded = config::load(&source, &names, config::no_color_env());
    (source, loaded)
}

/// `dateline config --check`: each problem with its line shown, on
/// `err`; a line on `out` when there is none. True when the file is clean.
pub fn check(
    source: &Source,
    loaded: &Loaded,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    for p in &loaded.problems {
        writeln!(err, "{}\n", p.render())?;
    }
    let name = source
        .path()
        .map_or_else(|| "the built-in defaults".to_owned(), safe_path);
    if loaded.problems.is_empty() {
        match (source, &loaded.file) {
            (Source::Usual(_), None) => writeln!(
                out,
                "{name}: no such file; dateline uses the built-in defaults"
            )?,
            _ => writeln!(out, "{name}: ok")?,
        }
        Ok(true)
    } else {
        let n = loaded.problems.len();
        let s = if n == 1 { "" } else { "s" };
        writeln!(
            err,
            "{name}: {n} problem{s}; dateline starts with the defaults for those entries"
        )?;
        Ok(false)
    }
}

/// `dateline config --path`: the file read and where its name came from.
pub fn path(source: &Source, out: &mut dyn Write) -> io::Result<()> {
    match source {
        Source::Named(p) => {
            let exists = if p.exists() { "" } else { " (missing)" };
            writeln!(out, "{}{exists}", safe_path(p))
        }
        Source::Usual(p) => {
            let exists = if p.exists() { "" } else { " (not created)" };
            writeln!(out, "{}{exists}", safe_path(p))
        }
        Source::None => writeln!(out, "(no configuration directory on this system)"),
    }
}

/// `dateline config --print-default`: the built-in file, then the
/// built-in keys as commented entries (the same shape a file uses).
pub fn print_default(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(config::DEFAULT.as_bytes())?;
    writeln!(
        out,
        "\n# The keys, per mode. An entry gives an action exactly the keys it lists\n\
         # in that mode (taking them from other actions there); [] unbinds it.\n\
         # `dateline keys` shows the keys in force with your file.\n"
    )?;
    for line in Keymap::default().listing().lines() {
        if line.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "# {line}")?;
        }
    }
    Ok(())
}

/// `dateline config --print-theme NAME`: a built-in theme's file; false
/// when there is no such theme.
pub fn print_theme(name: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<bool> {
    match config::built_in_theme(name) {
        Some(text) => {
            out.write_all(text.as_bytes())?;
            Ok(true)
        }
        None => {
            let names: Vec<&str> = config::BUILT_IN_THEMES.iter().map(|(n, _)| *n).collect();
            writeln!(
                err,
                "dateline: no built-in theme is called {name:?} (themes: {})",
                names.join(", ")
            )?;
            Ok(false)
        }
    }
}

/// `dateline keys`: the keys in force with the configuration, per mode,
/// as entries a configuration can copy.
pub fn keys(loaded: &Loaded, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(Keymap::configured(&loaded.config.keys).listing().as_bytes())
}
