//! Turning the paths on the command line into the list of files to read:
//! directories are walked recursively in sorted order, hidden entries are
//! skipped, and a file named twice is read once.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::LoadWarning;

/// File kinds dateline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`, `.md`, `.markdown`, `.text`, or no extension.
    Text,
    /// `.jsonl`, `.ndjson`: one object per line.
    JsonLines,
    /// `.json`: an array of objects, or one object (or a JSON Feed).
    JsonArray,
    /// `.html`, `.htm`, `.xhtml`: a saved web page.
    Html,
    /// `.html.gz`, `.htm.gz`: a compressed saved web page.
    HtmlGz,
    /// `.rss`, `.atom`, `.xml`: an RSS or Atom feed.
    Feed,
}

impl FileKind {
    /// The kind of a file by its name; `None` for other extensions.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            None | Some("txt" | "md" | "markdown" | "text") => Some(FileKind::Text),
            Some("jsonl" | "ndjson") => Some(FileKind::JsonLines),
            Some("json") => Some(FileKind::JsonArray),
            Some("html" | "htm" | "xhtml") => Some(FileKind::Html),
            Some("rss" | "atom" | "xml") => Some(FileKind::Feed),
            Some("gz") => {
                let inner = Path::new(path.file_stem()?)
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                matches!(inner.as_deref(), Some("html" | "htm")).then_some(FileKind::HtmlGz)
            }
            Some(_) => None,
        }
    }
}

/// Calls `found` with each file to read, in order, as the walk finds it (so
/// reading can start before a large tree is fully listed). Returns what
/// could not be used.
pub fn discover(paths: &[PathBuf], found: &mut dyn FnMut(PathBuf, FileKind)) -> Vec<LoadWarning> {
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                warnings.push(LoadWarning::new(path, None, io_reason(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            let mut skipped = 0usize;
            walk(path, found, &mut warnings, &mut seen, &mut skipped);
            if skipped > 0 {
                warnings.push(LoadWarning::new(
                    path,
                    None,
                    format!(
                        "{skipped} file(s) of other types skipped (read: .txt .md .jsonl .json .html .htm .html.gz .rss .atom .xml)"
                    ),
                ));
            }
        } else if remember(&mut seen, path) {
            // A file named explicitly is read even with an unknown extension.
            found(path.clone(), FileKind::of(path).unwrap_or(FileKind::Text));
        } else {
            warnings.push(LoadWarning::new(
                path,
                None,
                "given more than once; read once".into(),
            ));
        }
    }
    warnings
}

/// Marks `path` as seen; false when it was already.
fn remember(seen: &mut HashSet<PathBuf>, path: &Path) -> bool {
    let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    seen.insert(key)
}

fn walk(
    dir: &Path,
    found: &mut dyn FnMut(PathBuf, FileKind),
    warnings: &mut Vec<LoadWarning>,
    seen: &mut HashSet<PathBuf>,
    skipped: &mut usize,
) {
    let Ok(canon_dir) = fs::canonicalize(dir) else {
        warnings.push(LoadWarning::new(
            dir,
            None,
            "cannot resolve directory".into(),
        ));
        return;
    };
    if !seen.insert(canon_dir.clone()) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(LoadWarning::new(dir, None, io_reason(&e)));
            return;
        }
    };
    let mut names: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let path = e.path();
            // Follow links to directories as the user would expect.
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink()) && path.is_dir());
            (path, is_dir)
        })
        .collect();
    names.sort();
    for (path, is_dir) in names {
        if is_dir {
            walk(&path, found, warnings, seen, skipped);
        } else if let Some(kind) = FileKind::of(&path) {
            // The canonical directory plus the name identifies the file
            // without a system call per file.
            let key = path.file_name().map(|n| canon_dir.join(n));
            if key.is_none_or(|k| seen.insert(k)) {
                found(path, kind);
            }
        } else {
            *skipped += 1;
        }
    }
}

/// A short reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
