//! The workspace: what dateline keeps about a collection between runs,
//! outside the user's files (which it only ever reads).
//!
//! A workspace is a directory (by default one per collection in the
//! platform's data directory, see [`location`]) that holds two kinds of
//! data, kept apart:
//!
//! * **The user's work** (`user.sqlite`, [`UserStore`]): article identities,
//!   query history, where the user was, and later marks, notes and entity
//!   corrections. Precious and small: SQLite in WAL mode, one transaction
//!   per user action, a schema version and migrations. Never deleted by
//!   dateline; a file it cannot use is moved aside and the user told where.
//! * **Derived data** (`derived/`): the search index, each article's
//!   extracted entities (by content hash) and the last alias resolution.
//!   Large and rebuildable: checked on open and rebuilt, with a warning,
//!   when its format version differs or a file is damaged.
//!
//! One process writes a workspace at a time ([`lock`]); a second one opens
//! it read-only. A failed write (full disk) turns saving off with a warning
//! and dateline carries on. What the status bar and stderr should say is
//! [`WorkspaceStatus`].
//!
//! ```text
//! WORKSPACE/
//!   lock               held by the writing process
//!   collection.json    the roots it was opened with (for `dateline workspace`)
//!   user.sqlite        the user's work (+ -wal, -shm)
//!   derived/
//!     FORMAT           version of everything below
//!     index/           tantivy index (MmapDirectory), with .grams per segment
//!     cache.sqlite     extraction results by content hash
//!     resolution.bin   last corpus-wide resolution (checksummed)
//! ```

pub mod codec;
pub mod collection;
pub mod derived;
pub mod location;
pub mod lock;
pub mod user;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::corpus::Input;

pub use collection::{ArticleName, Collection, FileStamp, FilesNow};
pub use derived::{Derived, ExtractionCache, SavedFiles};
pub use location::Choice;
pub use user::{ArticleRef, ArticleRow, Migration, Opened, Place, UserStore, UserStoreError};

/// What the user should be told about the workspace: the app's status bar
/// shows it, headless commands print [`WorkspaceStatus::warnings`] on
/// stderr. Plain data, updated as the session goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceStatus {
    /// The workspace directory; `None` when running without one.
    pub path: Option<PathBuf>,
    /// Set when nothing is saved because another dateline process holds
    /// the workspace or its directory is not writable: why.
    pub read_only: Option<String>,
    /// Set when derived data (index, caches) was found damaged or of
    /// another version and is being rebuilt: why.
    pub rebuilt: Option<String>,
    /// Set when a write failed (full disk…) and saving stopped: why.
    pub saving_disabled: Option<String>,
    /// Where unusable user data was moved, untouched.
    pub kept_aside: Option<PathBuf>,
    /// Set when no workspace could be made (and none is used): why.
    pub unavailable: Option<String>,
}

impl WorkspaceStatus {
    /// One line per thing the user must know, for stderr or a message.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(why) = &self.unavailable {
            out.push(format!("no workspace ({why}); nothing is saved"));
        }
        if let Some(why) = &self.read_only {
            out.push(format!("workspace is read-only ({why}); nothing is saved"));
        }
        if let Some(why) = &self.rebuilt {
            out.push(format!("rebuilding the workspace's derived data: {why}"));
        }
        if let Some(why) = &self.saving_disabled {
            out.push(format!("saving is off: {why}"));
        }
        if let Some(p) = &self.kept_aside {
            out.push(format!(
                "your earlier workspace data could not be used; it was kept unchanged at {}",
                p.display()
            ));
        }
        out
    }

    /// Where the workspace is, then [`WorkspaceStatus::warnings`]: what
    /// the app's warnings overlay shows of it (nothing without one).
    pub fn report(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = &self.path {
            out.push(format!("Workspace: {}", p.display()));
        }
        out.extend(self.warnings());
        out
    }

    /// A few words for the status bar when something is wrong, the worst
    /// first.
    pub fn short(&self) -> Option<&'static str> {
        if self.unavailable.is_some() {
            Some("no workspace, nothing saved")
        } else if self.read_only.is_some() {
            Some("workspace read-only, nothing saved")
        } else if self.saving_disabled.is_some() {
            Some("saving is off")
        } else if self.kept_aside.is_some() {
            Some("earlier data kept aside")
        } else if self.rebuilt.is_some() {
            Some("workspace rebuilt")
        } else {
            None
        }
    }

    fn note_rebuilt(&mut self, why: String) {
        self.rebuilt = Some(match self.rebuilt.take() {
            Some(before) => format!("{before}; {why}"),
            None => why,
        });
    }
}

/// What was read ahead while the files load: the stamp of the files as
/// they are now and what the workspace holds for the collection it was
/// last brought up to date with.
pub struct Ahead {
    /// The files as they were looked at (`Collection::files_now`).
    pub files: Option<FilesNow>,
    /// What the workspace holds, if anything.
    pub saved: Option<Saved>,
    /// The files have the stamp the saved collection was loaded from: its
    /// entities and index were sent to the app before loading ended.
    pub sent_early: bool,
    /// Every file has the stamp recorded for the saved collection, with
    /// as many articles: the record needs no writing.
    pub files_recorded: bool,
}

/// What the workspace holds for the collection it was last brought up to
/// date with: used as it is when the loaded articles turn out to be that
/// collection.
pub struct Saved {
    /// Fingerprint of that collection (its article keys and contents).
    pub fingerprint: u64,
    /// Its articles' keys and short content hashes, in order.
    pub keys: Vec<(u64, u64)>,
    /// Its search index, with the positions of that collection (`None`
    /// once sent early).
    pub index: Option<crate::search::SearchIndex>,
    /// Its entities.
    pub resolution: std::sync::Arc<crate::entities::Resolution>,
}

/// An open workspace: its directory, the writer lock (when this process
/// writes it), the user's store and the derived data.
pub struct Workspace {
    dir: PathBuf,
    collection: Collection,
    lock: Option<lock::WriterLock>,
    user: Mutex<UserStore>,
    derived: Option<Derived>,
    status: Mutex<WorkspaceStatus>,
    /// What the analysis reads ahead while the files load.
    ahead: Mutex<Option<std::thread::JoinHandle<Option<Ahead>>>>,
    /// Each loaded article's row in the user's store, by store position.
    rows: Mutex<std::sync::Arc<Vec<Option<ArticleRow>>>>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("dir", &self.dir)
            .field("writer", &self.lock.is_some())
            .finish_non_exhaustive()
    }
}

/// Why no workspace could be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// The platform has no data directory (no home directory).
    #[error("no data directory to keep a workspace in (set XDG_DATA_HOME or use --workspace DIR)")]
    NoDataDir,
    /// The directory cannot be made or read.
    #[error("cannot use {0}: {1}")]
    Io(PathBuf, String),
    /// The user's store cannot be opened.
    #[error(transparent)]
    User(#[from] UserStoreError),
}

impl Workspace {
    /// Opens the workspace `choice` names for `input`: `Ok(None)` for
    /// [`Choice::None`] and for standard input (a stream is no collection
    /// to come back to). A workspace that cannot be written (another
    /// process holds it, a read-only directory) opens read-only.
    pub fn open(choice: &Choice, input: &Input) -> Result<Option<Workspace>, WorkspaceError> {
        if matches!(input, Input::Stdin) {
            return Ok(None);
        }
        let dir = match choice {
            Choice::None => return Ok(None),
            Choice::At(dir) => dir.clone(),
            Choice::Default => location::default_dir(input).ok_or(WorkspaceError::NoDataDir)?,
        };
        Workspace::open_dir(&dir, input).map(Some)
    }

    /// Opens (creating it when needed) the workspace in `dir` for `input`.
    pub fn open_dir(dir: &Path, input: &Input) -> Result<Workspace, WorkspaceError> {
        let io = |e: std::io::Error| WorkspaceError::Io(dir.to_path_buf(), e.to_string());
        let mut status = WorkspaceStatus {
            path: Some(dir.to_path_buf()),
            ..WorkspaceStatus::default()
        };
        if let Err(e) = std::fs::create_dir_all(dir)
            && !dir.is_dir()
        {
            return Err(io(e));
        }
        let lock = match lock::lock(dir) {
            lock::Locked::Writer(l) => Some(l),
            lock::Locked::Busy => {
                status.read_only = Some("another dateline is using it".into());
                None
            }
            lock::Locked::Unwritable(why) => {
                status.read_only = Some(format!("its directory cannot be written: {why}"));
                None
            }
        };
        let writable = lock.is_some();
        let (user, opened) = match UserStore::open(&dir.join("user.sqlite"), !writable) {
            Ok(pair) => pair,
            Err(e) if writable => {
                // Locked but not writable after all (a read-only file):
                // read what is there.
                status.read_only = Some(e.to_string());
                let (user, opened) = UserStore::open(&dir.join("user.sqlite"), true)?;
                return Ok(Workspace::assemble(dir, input, None, user, opened, status));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Workspace::assemble(dir, input, lock, user, opened, status))
    }

    fn assemble(
        dir: &Path,
        input: &Input,
        lock: Option<lock::WriterLock>,
        user: UserStore,
        opened: Opened,
        mut status: WorkspaceStatus,
    ) -> Workspace {
        if let Opened::KeptAside(p) = &opened {
            status.kept_aside = Some(p.clone());
        }
        let writable = lock.is_some();
        let (derived, why) = Derived::prepare(dir, writable);
        if let Some(why) = why {
            status.note_rebuilt(why);
        }
        if writable {
            let roots: Vec<String> = location::roots(input)
                .iter()
                .map(|r| r.display().to_string())
                .collect();
            let manifest = serde_json::json!({ "roots": roots });
            if let Err(e) = derived::write_atomic(
                &dir.join("collection.json"),
                manifest.to_string().as_bytes(),
            ) {
                status.saving_disabled = Some(format!("cannot write to the workspace: {e}"));
            }
        }
        Workspace {
            dir: dir.to_path_buf(),
            collection: Collection::of(input),
            lock,
            user: Mutex::new(user),
            derived,
            status: Mutex::new(status),
            ahead: Mutex::new(None),
            rows: Mutex::default(),
        }
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether this process writes the workspace.
    pub fn writable(&self) -> bool {
        self.lock.is_some()
    }

    /// How the collection's articles are named.
    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    /// The user's store, for one action at a time.
    pub fn user(&self) -> MutexGuard<'_, UserStore> {
        self.user.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The derived data, when usable.
    pub fn derived(&self) -> Option<&Derived> {
        self.derived.as_ref()
    }

    /// What to tell the user now. Never waits for the user store: while
    /// another thread writes it, a write failure it has just met shows at
    /// the next call.
    pub fn status(&self) -> WorkspaceStatus {
        let mut s = self.lock_status().clone();
        if s.saving_disabled.is_none() {
            let user = match self.user.try_lock() {
                Ok(u) => Some(u),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            };
            s.saving_disabled = user.and_then(|u| u.saving_disabled().map(str::to_owned));
        }
        s
    }

    fn lock_status(&self) -> MutexGuard<'_, WorkspaceStatus> {
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps the thread reading ahead for the analysis (see
    /// `analysis::read_ahead`).
    pub fn set_ahead(&self, reading: std::thread::JoinHandle<Option<Ahead>>) {
        *self.ahead.lock().unwrap_or_else(|p| p.into_inner()) = Some(reading);
    }

    /// What was read ahead, once read (`None` when nothing was or it
    /// failed).
    pub fn take_ahead(&self) -> Option<Ahead> {
        let reading = self
            .ahead
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        reading.join().ok().flatten()
    }

    /// Each loaded article's row in the user's store (what marks, notes and
    /// positions refer to), by its position in the store; empty until the
    /// analysis has identified the articles, `None` for an article a
    /// read-only workspace does not know.
    pub fn article_rows(&self) -> std::sync::Arc<Vec<Option<ArticleRow>>> {
        std::sync::Arc::clone(&self.rows.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Records the rows of the loaded articles (the analysis does).
    pub fn set_article_rows(&self, rows: Vec<Option<ArticleRow>>) {
        *self.rows.lock().unwrap_or_else(|p| p.into_inner()) = std::sync::Arc::new(rows);
    }

    /// Records that derived data is being rebuilt, and why.
    pub fn note_rebuilt(&self, why: String) {
        self.lock_status().note_rebuilt(why);
    }

    /// Records that a write failed and saving is off.
    pub fn note_write_failed(&self, why: String) {
        let mut s = self.lock_status();
        if s.saving_disabled.is_none() {
            s.saving_disabled = Some(why);
        }
    }
}

/// A 128-bit hash of an article's content (xxh3): how the workspace
/// recognises an article wherever its file lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ContentHash(pub [u8; 16]);

impl ContentHash {
    /// The hash of an article's title, date and body.
    pub fn of(title: &str, date: Option<&str>, body: &str) -> ContentHash {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for part in [title, date.unwrap_or(""), body] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        ContentHash(h.digest128().to_le_bytes())
    }

    /// From 16 stored bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<ContentHash> {
        Some(ContentHash(bytes.try_into().ok()?))
    }

    /// The low 64 bits (what the search index keeps).
    pub fn short(&self) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.0[..8]);
        u64::from_le_bytes(b)
    }
}
