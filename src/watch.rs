//! Following folders that grow (`--watch`): the file system's events on
//! the opened paths become batches of [`Change`]s, each the state a file
//! is in *now*, read the way the loader reads it.
//!
//! The events are debounced (`notify-debouncer-full`): a path is looked at
//! only once it has been quiet for [`QUIET`], so a file being written is
//! read when the writing pauses, and read again on its next change (a
//! half-written file's warnings are replaced when it is read whole). What
//! an event says happened is not trusted: each path it names is looked at
//! afresh: present and readable, it is read (a folder that appears is
//! walked like an opened one); absent, it is removed. Events of reading
//! (ours included) are ignored, so reading a file never makes it "change".
//!
//! Paths in changes have the form the loader gives them (the opened path
//! joined with the rest), so the store can tell which articles a file holds.
//! Hidden files and files of kinds dateline does not read are left out, as
//! the loader leaves them out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use rayon::prelude::*;

use crate::corpus::{Article, FileKind, LoadWarning, discover, read_one};

/// How long a path must be quiet before it is read.
pub const QUIET: Duration = Duration::from_millis(250);

/// Files read per batch: a burst of thousands arrives in pieces, so the app
/// shows progress and never takes in one huge batch.
const FILES_PER_BATCH: usize = 512;

/// The state of one path now.
#[derive(Debug)]
pub enum Change {
    /// The file at `path` (new or changed) holds these articles now.
    File {
        path: PathBuf,
        articles: Vec<Article>,
        warnings: Vec<LoadWarning>,
    },
    /// Nothing is at `path` any more: a file, or a folder with its files.
    Removed(PathBuf),
}

/// Changes seen together, in path order, and problems of the watch itself.
#[derive(Debug, Default)]
pub struct Batch {
    pub changes: Vec<Change>,
    pub warnings: Vec<LoadWarning>,
}

/// A running watch; dropping it stops it.
pub struct Watch {
    _debouncer: Option<Debouncer<RecommendedWatcher, RecommendedCache>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watch")
    }
}

/// One opened path: as given, made absolute (what events name), and
/// whether it is a single file.
#[derive(Debug, Clone)]
struct Root {
    given: PathBuf,
    absolute: PathBuf,
    file: bool,
}

impl Root {
    /// `path` (from an event) in the loader's form, if it lies under this
    /// root and nothing on the way is hidden.
    fn own(&self, path: &Path) -> Option<PathBuf> {
        let rest = path.strip_prefix(&self.absolute).ok()?;
        if self.file && !rest.as_os_str().is_empty() {
            return None;
        }
        let hidden = rest
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if hidden {
            return None;
        }
        Some(if rest.as_os_str().is_empty() {
            self.given.clone()
        } else {
            self.given.join(rest)
        })
    }
}

/// Starts following `paths` (folders recursively, files themselves),
/// sending a [`Batch`] to `tx` for each group of changes. A path that
/// cannot be watched is a warning in the first batch; the others are
/// still followed.
pub fn watch(paths: &[PathBuf], tx: Sender<Batch>) -> Watch {
    let mut warnings = Vec::new();
    let roots: Vec<Root> = paths
        .iter()
        .map(|p| Root {
            given: p.clone(),
            absolute: std::path::absolute(p).unwrap_or_else(|_| p.clone()),
            file: std::fs::metadata(p).is_ok_and(|m| !m.is_dir()),
        })
        .collect();
    let handler_roots = roots.clone();
    let handler_tx = tx.clone();
    let debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        let (paths, warnings) = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = Vec::new();
                for ev in events {
                    if is_reading(&ev.event.kind) {
                        continue;
                    }
                    paths.extend(ev.event.paths.iter().cloned());
                }
                (paths, Vec::new())
            }
            Err(errors) => (
                Vec::new(),
                errors
                    .iter()
                    .map(|e| LoadWarning::note(format!("watching the folders: {e}")))
                    .collect(),
            ),
        };
        let own: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| handler_roots.iter().find_map(|r| r.own(p)))
            .collect();
        send_changes(&own, warnings, &handler_tx);
    });
    let mut debouncer = match debouncer {
        Ok(d) => d,
        Err(e) => {
            let _ = tx.send(Batch {
                changes: Vec::new(),
                warnings: vec![LoadWarning::note(format!(
                    "folders cannot be watched: {e}; changes will not show"
                ))],
            });
            return Watch { _debouncer: None };
        }
    };
    for root in &roots {
        // A single file is followed through its folder, so that a file
        // replaced by a rename (as editors save) is still seen.
        let (target, mode) = match (root.file, root.absolute.parent()) {
            (true, Some(parent)) => (parent, RecursiveMode::NonRecursive),
            _ => (root.absolute.as_path(), RecursiveMode::Recursive),
        };
        if let Err(e) = debouncer.watch(target, mode) {
            warnings.push(LoadWarning::new(
                &root.given,
                None,
                format!("cannot be watched ({e}); changes to it will not show"),
            ));
        }
    }
    if !warnings.is_empty() {
        let _ = tx.send(Batch {
            changes: Vec::new(),
            warnings,
        });
    }
    Watch {
        _debouncer: Some(debouncer),
    }
}

/// An event of reading only (opening, reading, closing unwritten): ours
/// and every reader's, never a change.
fn is_reading(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

/// Looks at `paths` (in the loader's form) as they are now and sends the
/// changes, in batches of at most [`FILES_PER_BATCH`] files read.
pub fn send_changes(paths: &[PathBuf], warnings: Vec<LoadWarning>, tx: &Sender<Batch>) {
    let mut removed: Vec<PathBuf> = Vec::new();
    let mut files: BTreeMap<PathBuf, FileKind> = BTreeMap::new();
    let mut warnings = warnings;
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => removed.push(path.clone()),
            Err(_) => {
                // Unreadable now: read it to say why, as the loader would.
                if let Some(kind) = FileKind::of(path) {
                    files.insert(path.clone(), kind);
                }
            }
            Ok(m) if m.is_dir() => {
                warnings.extend(discover(std::slice::from_ref(path), &mut |p, kind| {
                    files.insert(p, kind);
                }));
            }
            Ok(_) => {
                if let Some(kind) = FileKind::of(path) {
                    files.insert(path.clone(), kind);
                }
            }
        }
    }
    removed.sort();
    removed.dedup();
    let mut first = Batch {
        changes: removed.into_iter().map(Change::Removed).collect(),
        warnings,
    };
    let files: Vec<(PathBuf, FileKind)> = files.into_iter().collect();
    for chunk in files.chunks(FILES_PER_BATCH) {
        let read: Vec<Change> = chunk
            .par_iter()
            .map(|(path, kind)| {
                let r = read_one(path, *kind);
                Change::File {
                    path: path.clone(),
                    articles: r.articles,
                    warnings: r.warnings,
                }
            })
            .collect();
        first.changes.extend(read);
        if tx.send(std::mem::take(&mut first)).is_err() {
            return;
        }
    }
    if !first.changes.is_empty() || !first.warnings.is_empty() {
        let _ = tx.send(first);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_paths_take_the_loaders_form_and_hidden_ones_are_left_out() {
        let root = Root {
            given: PathBuf::from("news"),
            absolute: PathBuf::from("/home/u/news"),
            file: false,
        };
        assert_eq!(
            root.own(Path::new("/home/u/news/tech/a.html")),
            Some(PathBuf::from("news/tech/a.html"))
        );
        assert_eq!(root.own(Path::new("/home/u/news")), Some("news".into()));
        assert_eq!(root.own(Path::new("/home/u/news/.git/index")), None);
        assert_eq!(root.own(Path::new("/home/u/news/.a.txt.swp")), None);
        assert_eq!(root.own(Path::new("/home/u/other/a.txt")), None);
        let file = Root {
            given: PathBuf::from("a.txt"),
            absolute: PathBuf::from("/home/u/a.txt"),
            file: true,
        };
        assert_eq!(file.own(Path::new("/home/u/a.txt")), Some("a.txt".into()));
        assert_eq!(file.own(Path::new("/home/u/b.txt")), None);
    }

    #[test]
    fn reading_is_no_change() {
        use notify_debouncer_full::notify::event::{CreateKind, ModifyKind};
        assert!(is_reading(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_reading(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_reading(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_reading(&EventKind::Create(CreateKind::File)));
        assert!(!is_reading(&EventKind::Modify(ModifyKind::Any)));
    }
}
