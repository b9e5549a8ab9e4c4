//! Turning the paths on the command line into the list of files to read:
//! directories are walked recursively in sorted order, hidden entries are
//! skipped, and only regular files are read.
//!
//! Anything else (a FIFO, a socket, a device), named directly, found in a
//! folder or behind a symbolic link, is skipped with a warning: reading it
//! could block for ever or never end. Directories are told apart by device
//! and inode, so a link back up the tree is not followed twice, and the walk
//! keeps its own stack, so a very deep tree costs no more per folder than a
//! shallow one. Files reached twice (two links, a hard link) are read once:
//! the reader tells them apart by device and inode as it opens them.

use std::collections::HashSet;
use std::fs::{self, FileType, Metadata};
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

/// A file's identity: its device and inode, the same under every name.
pub type FileId = (u64, u64);

/// The identity of the file `meta` describes.
pub fn file_id(meta: &Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        // No inodes: every file is its own (duplicates are read twice).
        let _ = meta;
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        (
            u64::MAX,
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        )
    }
}

/// What a file that is neither a regular file nor a directory is, for a
/// warning: "a FIFO (named pipe)", "a socket", "a device".
pub fn special_kind(t: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = t;
    "something else"
}

/// The warning for a path that is no regular file.
fn not_regular(path: &Path, t: FileType) -> LoadWarning {
    LoadWarning::new(
        path,
        None,
        format!("{}, not a regular file; skipped", special_kind(t)),
    )
}

/// Calls `found` with each file to read, in order, as the walk finds it (so
/// reading can start before a large tree is fully listed). Returns what
/// could not be used.
pub fn discover(paths: &[PathBuf], found: &mut dyn FnMut(PathBuf, FileKind)) -> Vec<LoadWarning> {
    let mut walk = Walk {
        found,
        warnings: Vec::new(),
        dirs: HashSet::new(),
        named: HashSet::new(),
        skipped: 0,
    };
    for path in paths {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                walk.warnings
                    .push(LoadWarning::new(path, None, io_reason(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk.skipped = 0;
            walk.tree(path.clone(), &meta);
            if walk.skipped > 0 {
                walk.warnings.push(LoadWarning::new(
                    path,
                    None,
                    format!(
                        "{} file(s) of other types skipped (read: .txt .md .jsonl .json .html .htm .html.gz .rss .atom .xml)",
                        walk.skipped
                    ),
                ));
            }
        } else if !meta.is_file() {
            walk.warnings.push(not_regular(path, meta.file_type()));
        } else if walk.named.insert(file_id(&meta)) {
            // A file named explicitly is read even with an unknown extension.
            (walk.found)(path.clone(), FileKind::of(path).unwrap_or(FileKind::Text));
        } else {
            walk.warnings.push(LoadWarning::new(
                path,
                None,
                "given more than once; read once".into(),
            ));
        }
    }
    walk.warnings
}

struct Walk<'a> {
    found: &'a mut dyn FnMut(PathBuf, FileKind),
    warnings: Vec<LoadWarning>,
    /// Directories entered, by identity.
    dirs: HashSet<FileId>,
    /// Files named on the command line, by identity.
    named: HashSet<FileId>,
    /// Files of other types in the tree being walked.
    skipped: usize,
}

/// A folder entry: its path and its type as the folder listing gives it (a
/// link's own type, not its target's).
type Entry = (PathBuf, Option<FileType>);

impl Walk<'_> {
    /// Walks the tree under `root` depth first, each folder's entries in
    /// sorted order, with an explicit stack (no recursion: any depth).
    fn tree(&mut self, root: PathBuf, meta: &Metadata) {
        let mut stack: Vec<std::vec::IntoIter<Entry>> = Vec::new();
        if let Some(entries) = self.enter(&root, meta) {
            stack.push(entries.into_iter());
        }
        while let Some(top) = stack.last_mut() {
            let Some((path, kind)) = top.next() else {
                stack.pop();
                continue;
            };
            if let Some(entries) = self.entry(path, kind) {
                stack.push(entries.into_iter());
            }
        }
    }

    /// The sorted, visible entries of the directory `dir`, or `None` when it
    /// was entered before (a link back up the tree) or cannot be read.
    fn enter(&mut self, dir: &Path, meta: &Metadata) -> Option<Vec<Entry>> {
        if !self.dirs.insert(file_id(meta)) {
            return None;
        }
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.warnings
                    .push(LoadWarning::new(dir, None, io_reason(&e)));
                return None;
            }
        };
        let mut names: Vec<Entry> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        // One folder's entries share everything but their last component
        // (one name, no separator): comparing their bytes compares those
        // names, in the order `Path` gives, without parsing components.
        names.sort_unstable_by(|a, b| {
            a.0.as_os_str()
                .as_encoded_bytes()
                .cmp(b.0.as_os_str().as_encoded_bytes())
        });
        Some(names)
    }

    /// Handles one entry of a folder; a directory's entries are returned
    /// for the walk to go into.
    fn entry(&mut self, path: PathBuf, listed: Option<FileType>) -> Option<Vec<Entry>> {
        // Plain files, the vast majority, cost no system call here: the
        // listing says what they are.
        let kind = FileKind::of(&path);
        if listed.is_some_and(|t| t.is_file()) {
            match kind {
                Some(kind) => (self.found)(path, kind),
                None => self.skipped += 1,
            }
            return None;
        }
        // Folders (for their identity), links (followed, to folders too, as
        // the user would expect) and the rest.
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                if kind.is_some() {
                    let link = listed.is_some_and(|t| t.is_symlink());
                    let why = match e.kind() {
                        std::io::ErrorKind::NotFound if link => "broken symbolic link".into(),
                        _ => io_reason(&e),
                    };
                    self.warnings.push(LoadWarning::new(&path, None, why));
                }
                return None;
            }
        };
        if meta.is_dir() {
            return self.enter(&path, &meta);
        }
        match kind {
            None => self.skipped += 1,
            Some(_) if !meta.is_file() => self.warnings.push(not_regular(&path, meta.file_type())),
            Some(kind) => (self.found)(path, kind),
        }
        None
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
