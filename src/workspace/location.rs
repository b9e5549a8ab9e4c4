//! Where a collection's workspace lives: by default in the platform's data
//! directory (XDG on Linux: `$XDG_DATA_HOME/dateline/workspaces/NAME-KEY`),
//! keyed by the canonical paths opened, so the same collection opened from
//! anywhere finds the same workspace; or a directory the user names.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

use crate::corpus::Input;

/// Which workspace to use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice {
    /// The collection's own workspace in the data directory.
    #[default]
    Default,
    /// This directory (`--workspace DIR`).
    At(PathBuf),
    /// None: analyse in memory and save nothing (`--no-workspace`).
    None,
}

/// The canonical roots of `input`: what identifies a collection.
pub fn roots(input: &Input) -> Vec<PathBuf> {
    match input {
        // Standard input is no collection on disk: nothing names it.
        Input::Seeds | Input::Stdin => Vec::new(),
        Input::Paths(paths) => {
            let mut out: Vec<PathBuf> = paths
                .iter()
                .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p)))
                .collect();
            out.sort();
            out.dedup();
            out
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The directory the configuration chose for the default workspaces.
static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Makes `dir` hold every default workspace (the configuration's
/// `workspace_home`), for the rest of the process.
pub fn set_workspaces_home(dir: PathBuf) {
    let _ = HOME.set(dir);
}

/// The directory that holds every default workspace.
pub fn workspaces_home() -> Option<PathBuf> {
    if let Some(home) = HOME.get() {
        return Some(home.clone());
    }
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.data_dir().join("dateline").join("workspaces"))
}

/// The default workspace directory of `input`: a readable name from the
/// last root's name, then a hash of all roots.
pub fn default_dir(input: &Input) -> Option<PathBuf> {
    Some(workspaces_home()?.join(dir_name(input)))
}

/// The workspace's directory name for `input`.
pub fn dir_name(input: &Input) -> String {
    let roots = roots(input);
    if roots.is_empty() {
        return "seeds".into();
    }
    let mut joined = Vec::new();
    for r in &roots {
        joined.extend_from_slice(r.as_os_str().as_encoded_bytes());
        joined.push(0);
    }
    let key = xxhash_rust::xxh3::xxh3_64(&joined);
    let name = roots
        .last()
        .and_then(|r| r.file_name())
        .map(|n| slug(&n.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "root".into());
    format!("{name}-{key:016x}")
}

/// Lowercase letters, digits and single dashes, at most 40 characters.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_collection_from_anywhere_has_one_name() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("My News");
        std::fs::create_dir(&a).unwrap();
        let direct = dir_name(&Input::Paths(vec![a.clone()]));
        let dotted = dir_name(&Input::Paths(vec![a.join("."), a.clone()]));
        assert_eq!(direct, dotted);
        assert!(direct.starts_with("my-news-"), "{direct}");
        let other = dir_name(&Input::Paths(vec![dir.path().to_path_buf()]));
        assert_ne!(direct, other);
        assert_eq!(dir_name(&Input::Seeds), "seeds");
    }
}
