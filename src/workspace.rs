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

pub mod location;
pub mod lock;
pub mod user;

pub use location::Choice;
pub use user::{ArticleRef, ArticleRow, Migration, Opened, Place, UserStore, UserStoreError};

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
