//! Headless commands: the same loading and analysis as the app, printed as
//! text or JSON Lines for scripts. Warnings go to stderr.

pub mod cooccur;
pub mod entities;
pub mod export;
pub mod index;
mod json;
pub mod list;
pub mod mentions;
pub mod search;
pub mod work;
pub mod workspace;

use crate::corpus::{FileResult, Input, load_all};
use crate::textview::safe::escaped;

/// Output formats of the headless commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
}

/// Loads `input`, printing each warning to stderr. Fails with a one-line
/// reason when nothing at all could be loaded.
pub fn load_reporting(input: &Input) -> anyhow::Result<FileResult> {
    let loaded = load_all(input);
    for w in &loaded.warnings {
        // File names and messages may hold anything: show their controls.
        eprintln!("dateline: warning: {}", escaped(&w.to_string()));
    }
    if loaded.articles.iter().any(|a| a.decompressed) {
        eprintln!(
            "dateline: note: offsets in compressed (.gz) files are in their decompressed bytes"
        );
    }
    if loaded.articles.is_empty() {
        let reason = loaded
            .warnings
            .first()
            .map_or_else(|| "no input files".to_owned(), |w| escaped(&w.to_string()));
        anyhow::bail!("no articles could be loaded ({reason})");
    }
    Ok(loaded)
}
