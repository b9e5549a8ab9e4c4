//! The user's own work, kept in SQLite: the only part of a workspace that
//! cannot be rebuilt.
//!
//! One database file (`user.sqlite`) in WAL mode with `synchronous=FULL`:
//! every user action is one transaction, durable when it returns, so a
//! SIGKILL right after a key press loses nothing the screen showed as done.
//! The schema has a version (`PRAGMA user_version`) and a list of
//! migrations ([`MIGRATIONS`]), each taking the schema one version up inside
//! its own transaction; later features (marks, notes, corrections) add
//! tables by appending a migration, never by editing an old one.
//!
//! Articles are identified by their content hash, so the user's marks follow
//! an article when its folder is moved or renamed; when an article's content
//! changes, its path and place in the file identify it instead
//! ([`UserStore::identify`]). Everything else refers to an article by its
//! [`ArticleRow`].
//!
//! A write that fails (full disk, read-only directory) disables saving for
//! the rest of the session with the reason kept in
//! [`UserStore::saving_disabled`]; nothing written before is touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};

use super::ContentHash;

/// One schema migration: the SQL that takes the schema from version
/// `to - 1` to `to`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version after this migration.
    pub to: u32,
    /// Statements to run, in one transaction.
    pub sql: &'static str,
}

/// Every migration, in order. Version 1 is the first schema; a feature that
/// needs tables appends the next version here.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        to: 1,
        sql: "
        CREATE TABLE articles (
            id        INTEGER PRIMARY KEY,
            hash      BLOB NOT NULL,
            path      TEXT NOT NULL,
            ordinal   INTEGER NOT NULL,
            title     TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen  INTEGER NOT NULL
        );
        CREATE INDEX articles_by_hash ON articles(hash);
        CREATE INDEX articles_by_path ON articles(path, ordinal);
        CREATE TABLE query_history (
            id    INTEGER PRIMARY KEY,
            query TEXT NOT NULL,
            at    INTEGER NOT NULL
        );
        CREATE TABLE place (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            source  TEXT NOT NULL,
            article INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            scroll  INTEGER NOT NULL,
            at      INTEGER NOT NULL
        );
        CREATE TABLE read_positions (
            article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            scroll  INTEGER NOT NULL,
            at      INTEGER NOT NULL
        );
    ",
    },
    Migration {
        to: 2,
        sql: crate::reading::MIGRATION,
    },
    Migration {
        to: 3,
        sql: crate::corrections::saved::MIGRATION_SQL,
    },
    Migration {
        to: 4,
        sql: crate::reading::sort::MIGRATION,
    },
];

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.to)
}

/// Queries kept in the history at most (older ones are dropped).
pub const HISTORY_LIMIT: usize = 1000;

/// An article's row in the user store: what marks, notes and positions
/// refer to. Stable for as long as the workspace lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleRow(pub i64);

/// An article as the user store identifies it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleRef<'a> {
    /// Hash of its content.
    pub hash: ContentHash,
    /// Its file, relative to the collection's root.
    pub path: &'a str,
    /// Its place in the file (0 for a file holding one article).
    pub ordinal: u32,
    /// Its title (kept so that a lost article can be named).
    pub title: &'a str,
}

/// Where the user was: the list shown, the article selected and how far its
/// text was scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// What the list showed, in the app's own words (`all`, `search:…`).
    pub source: String,
    /// The selected article.
    pub article: Option<ArticleRow>,
    /// How far the selected article was read: a reading position (see
    /// [`UserStore::set_read_position`]).
    pub scroll: u32,
}

/// Why the user store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum UserStoreError {
    /// SQLite failed (full disk, I/O error, a corrupt file).
    #[error("user data: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The store is open read-only (another process has the workspace, or
    /// the directory is not writable): nothing is saved.
    #[error("the workspace is read-only; not saved")]
    ReadOnly,
    /// An earlier write failed; saving stays off for this session.
    #[error("saving is disabled ({0}); not saved")]
    SavingDisabled(String),
    /// The file was written by a newer dateline (schema version given).
    #[error("user data has schema version {0}, newer than this dateline knows ({1})")]
    TooNew(u32, u32),
}

/// How the user store was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// As it was (migrated from the version given, when older).
    Ok { migrated_from: Option<u32> },
    /// The file could not be used (newer version, not a database); it was
    /// moved aside to this path untouched and a fresh store started.
    KeptAside(PathBuf),
}

/// The user's work: article identities, query history, where they were.
pub struct UserStore {
    conn: Connection,
    read_only: bool,
    disabled: Option<String>,
}

impl std::fmt::Debug for UserStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserStore")
            .field("read_only", &self.read_only)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl UserStore {
    /// Opens (creating and migrating as needed) the store at `path`. A file
    /// that cannot be used is moved aside, never changed or deleted. With
    /// `read_only`, nothing is created, migrated or written.
    pub fn open(path: &Path, read_only: bool) -> Result<(UserStore, Opened), UserStoreError> {
        if read_only {
            return Self::open_read_only(path).map(|s| {
                (
                    s,
                    Opened::Ok {
                        migrated_from: None,
                    },
                )
            });
        }
        match Self::open_writable(path) {
            Ok((store, from)) => Ok((
                store,
                Opened::Ok {
                    migrated_from: from,
                },
            )),
            Err(e) if unusable(&e) => {
                let aside = keep_aside(path)?;
                let (store, _) = Self::open_writable(path)?;
                Ok((store, Opened::KeptAside(aside)))
            }
            Err(e) => Err(e),
        }
    }

    /// A store in memory (tests, and sessions without a workspace).
    pub fn in_memory() -> Result<UserStore, UserStoreError> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn)?;
        Ok(UserStore {
            conn,
            read_only: false,
            disabled: None,
        })
    }

    fn open_writable(path: &Path) -> Result<(UserStore, Option<u32>), UserStoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Reading the version also tells a garbage file from a database.
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > current_version() {
            return Err(UserStoreError::TooNew(version, current_version()));
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let from = migrate(&mut conn)?;
        Ok((
            UserStore {
                conn,
                read_only: false,
                disabled: None,
            },
            from.filter(|&v| v > 0),
        ))
    }

    fn open_read_only(path: &Path) -> Result<UserStore, UserStoreError> {
        let conn = if path.exists() {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let readable = |conn: Connection| -> rusqlite::Result<Connection> {
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?;
                Ok(conn)
            };
            match Connection::open_with_flags(path, flags).and_then(readable) {
                Ok(conn) => conn,
                // On a read-only file system SQLite cannot make the files a
                // WAL reader needs; nobody can write there either, so the
                // file can be read as unchanging.
                Err(_) => {
                    let uri = format!("file:{}?immutable=1", uri_path(path));
                    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                        .and_then(readable)?
                }
            }
        } else {
            // Nothing saved yet: an empty schema in memory to read from.
            let mut conn = Connection::open_in_memory()?;
            migrate(&mut conn)?;
            conn
        };
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version != current_version() {
            // Readable only in the current schema; the owner migrates it.
            let mut mem = Connection::open_in_memory()?;
            migrate(&mut mem)?;
            return Ok(UserStore {
                conn: mem,
                read_only: true,
                disabled: None,
            });
        }
        Ok(UserStore {
            conn,
            read_only: true,
            disabled: None,
        })
    }

    /// The schema version of the open store.
    pub fn version(&self) -> Result<u32, UserStoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// True when nothing can be saved (read-only workspace).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Why saving stopped, after a write failed.
    pub fn saving_disabled(&self) -> Option<&str> {
        self.disabled.as_deref()
    }

    /// Runs `action` as one transaction: all of it is saved, or none. This
    /// is how every user action writes (later features add their tables by
    /// migration and write them through here). A failure disables saving
    /// for the session.
    pub fn write<T>(
        &mut self,
        action: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, UserStoreError> {
        if self.read_only {
            return Err(UserStoreError::ReadOnly);
        }
        if let Some(why) = &self.disabled {
            return Err(UserStoreError::SavingDisabled(why.clone()));
        }
        let result = (|| {
            let tx = self.conn.transaction()?;
            let out = action(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        result.map_err(|e: rusqlite::Error| {
            let why = short_reason(&e);
            self.disabled = Some(why);
            UserStoreError::Sqlite(e)
        })
    }

    /// Reads with `query` (no transaction needed for one statement).
    pub fn read<T>(
        &self,
        query: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, UserStoreError> {
        Ok(query(&self.conn)?)
    }

    /// The rows of `articles` (in the same order), creating those never
    /// seen. An article is found by its content hash first (wherever it now
    /// lies), then by its path and place when its content changed. Read-only
    /// stores only look up; unknown articles get `None`.
    pub fn identify(
        &mut self,
        articles: &[ArticleRef<'_>],
    ) -> Result<Vec<Option<ArticleRow>>, UserStoreError> {
        let known = self.read(load_articles)?;
        let plan = match_articles(&known, articles);
        if self.read_only || plan.writes.is_empty() {
            return Ok(plan.rows);
        }
        let now = now();
        let writes = plan.writes;
        let created = self.write(|tx| {
            let mut created = Vec::new();
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (hash, path, ordinal, title, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?;
            let mut update = tx.prepare_cached(
                "UPDATE articles SET hash = ?2, path = ?3, ordinal = ?4, title = ?5, last_seen = ?6
                 WHERE id = ?1",
            )?;
            for w in &writes {
                let Some(a) = articles.get(w.article) else {
                    continue;
                };
                match w.row {
                    Some(row) => {
                        update.execute(params![
                            row.0,
                            &a.hash.0[..],
                            a.path,
                            a.ordinal,
                            a.title,
                            now
                        ])?;
                    }
                    None => {
                        insert.execute(params![&a.hash.0[..], a.path, a.ordinal, a.title, now])?;
                        created.push((w.article, ArticleRow(tx.last_insert_rowid())));
                    }
                }
            }
            Ok(created)
        })?;
        let mut rows = plan.rows;
        for (i, row) in created {
            if let Some(slot) = rows.get_mut(i) {
                *slot = Some(row);
            }
        }
        Ok(rows)
    }

    /// Adds `query` to the history (as the newest; an earlier copy is
    /// dropped), keeping the last [`HISTORY_LIMIT`].
    pub fn record_query(&mut self, query: &str) -> Result<(), UserStoreError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(());
        }
        let now = now();
        self.write(|tx| {
            tx.execute("DELETE FROM query_history WHERE query = ?1", [query])?;
            tx.execute(
                "INSERT INTO query_history (query, at) VALUES (?1, ?2)",
                params![query, now],
            )?;
            tx.execute(
                "DELETE FROM query_history WHERE id NOT IN
                 (SELECT id FROM query_history ORDER BY id DESC LIMIT ?1)",
                [HISTORY_LIMIT as i64],
            )?;
            Ok(())
        })
    }

    /// The history, oldest first (at most the last `limit`).
    pub fn query_history(&self, limit: usize) -> Result<Vec<String>, UserStoreError> {
        self.read(|c| {
            let mut st =
                c.prepare_cached("SELECT query FROM query_history ORDER BY id DESC LIMIT ?1")?;
            let mut out: Vec<String> = st
                .query_map([limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            out.reverse();
            Ok(out)
        })
    }

    /// Remembers where the user is.
    pub fn set_place(&mut self, place: &Place) -> Result<(), UserStoreError> {
        let now = now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO place (id, source, article, scroll, at) VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET source = ?1, article = ?2, scroll = ?3, at = ?4",
                params![place.source, place.article.map(|r| r.0), place.scroll, now],
            )?;
            Ok(())
        })
    }

    /// Where the user was when last saved.
    pub fn place(&self) -> Result<Option<Place>, UserStoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT source, article, scroll FROM place WHERE id = 1",
                [],
                |r| {
                    Ok(Place {
                        source: r.get(0)?,
                        article: r.get::<_, Option<i64>>(1)?.map(ArticleRow),
                        scroll: r.get(2)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Remembers how far `article` was read. The app decides what the
    /// number means (dateline's reader: `app::place`, a body byte rather
    /// than a line, so the position holds at another width).
    pub fn set_read_position(
        &mut self,
        article: ArticleRow,
        scroll: u32,
    ) -> Result<(), UserStoreError> {
        let now = now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO read_positions (article, scroll, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(article) DO UPDATE SET scroll = ?2, at = ?3",
                params![article.0, scroll, now],
            )?;
            Ok(())
        })
    }

    /// Every article's reading position, newest last (at most `limit`,
    /// the most recent).
    pub fn read_positions(&self, limit: usize) -> Result<Vec<(ArticleRow, u32)>, UserStoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT article, scroll FROM read_positions ORDER BY at DESC, article DESC LIMIT ?1",
            )?;
            let mut out: Vec<(ArticleRow, u32)> = st
                .query_map([limit as i64], |r| Ok((ArticleRow(r.get(0)?), r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            out.reverse();
            Ok(out)
        })
    }

    /// How far `article` was read.
    pub fn read_position(&self, article: ArticleRow) -> Result<Option<u32>, UserStoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT scroll FROM read_positions WHERE article = ?1",
                [article.0],
                |r| r.get(0),
            )
            .optional()
        })
    }

    /// Makes later writes fail as a full disk would (tests of the failure
    /// path).
    #[doc(hidden)]
    pub fn fail_writes(&mut self) -> Result<(), UserStoreError> {
        // A page limit the file already exceeds: every write that grows the
        // file fails with SQLITE_FULL, as on a full disk.
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))?;
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }
}

/// `path` for a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// An article known to the store.
struct Known {
    row: ArticleRow,
    hash: ContentHash,
    path: String,
    ordinal: u32,
}

fn load_articles(c: &Connection) -> rusqlite::Result<Vec<Known>> {
    let mut st = c.prepare("SELECT id, hash, path, ordinal FROM articles ORDER BY id")?;
    let rows = st.query_map([], |r| {
        let bytes: Vec<u8> = r.get(1)?;
        Ok(Known {
            row: ArticleRow(r.get(0)?),
            hash: ContentHash::from_slice(&bytes).unwrap_or_default(),
            path: r.get(2)?,
            ordinal: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// What [`UserStore::identify`] must write.
struct Plan {
    rows: Vec<Option<ArticleRow>>,
    writes: Vec<Write>,
}

/// Article `article` is stored as `row` (an update of its hash, path or
/// place), or as a new row.
struct Write {
    article: usize,
    row: Option<ArticleRow>,
}

/// Matches current articles with known rows: by content hash (the same
/// path first, for duplicates), then by path and place for rows whose
/// content is nowhere in the collection any more. Each row matches once.
fn match_articles(known: &[Known], articles: &[ArticleRef<'_>]) -> Plan {
    let mut by_hash: HashMap<ContentHash, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<(&str, u32), usize> = HashMap::new();
    for (i, k) in known.iter().enumerate() {
        by_hash.entry(k.hash).or_default().push(i);
        by_place.insert((k.path.as_str(), k.ordinal), i);
    }
    let mut taken = vec![false; known.len()];
    let mut rows = vec![None; articles.len()];
    let mut writes = Vec::new();
    let mut pending = Vec::new();
    // Content first: exact copies at the same place, then anywhere.
    for (i, a) in articles.iter().enumerate() {
        let Some(cands) = by_hash.get(&a.hash) else {
            pending.push(i);
            continue;
        };
        let same_place = cands
            .iter()
            .copied()
            .find(|&k| !taken[k] && known[k].path == a.path && known[k].ordinal == a.ordinal);
        match same_place {
            Some(k) => {
                taken[k] = true;
                rows[i] = Some(known[k].row);
            }
            None => pending.push(i),
        }
    }
    let mut unplaced = Vec::new();
    for i in pending {
        let a = &articles[i];
        let moved = by_hash
            .get(&a.hash)
            .and_then(|c| c.iter().copied().find(|&k| !taken[k]));
        match moved {
            Some(k) => {
                taken[k] = true;
                rows[i] = Some(known[k].row);
                writes.push(Write {
                    article: i,
                    row: Some(known[k].row),
                });
            }
            None => unplaced.push(i),
        }
    }
    // Then the path: an edited article keeps its row, unless its old
    // content still exists elsewhere (that copy took the row above).
    for i in unplaced {
        let a = &articles[i];
        let edited = by_place
            .get(&(a.path, a.ordinal))
            .copied()
            .filter(|&k| !taken[k]);
        if let Some(k) = edited {
            taken[k] = true;
            rows[i] = Some(known[k].row);
        }
        writes.push(Write {
            article: i,
            row: edited.map(|k| known[k].row),
        });
    }
    Plan { rows, writes }
}

/// Brings `conn` to the current schema; returns the version it had.
fn migrate(conn: &mut Connection) -> Result<Option<u32>, UserStoreError> {
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= current_version() {
        return Ok(None);
    }
    for m in MIGRATIONS.iter().filter(|m| m.to > version) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.to)?;
        tx.commit()?;
    }
    Ok(Some(version))
}

/// Errors after which the file itself cannot be used: not a database, or
/// from a newer dateline.
fn unusable(e: &UserStoreError) -> bool {
    match e {
        UserStoreError::TooNew(..) => true,
        UserStoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => matches!(
            f.code,
            rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
        ),
        _ => false,
    }
}

/// Moves the store at `path` (and its WAL files) aside, unchanged, to a
/// name that says when; returns the new path of the main file.
fn keep_aside(path: &Path) -> Result<PathBuf, UserStoreError> {
    let stamp = now();
    let name = path.file_name().map_or_else(
        || "user.sqlite".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut n = 0;
    let aside = loop {
        let candidate = path.with_file_name(format!("{name}.kept-{stamp}-{n}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    let io = |e: std::io::Error| {
        UserStoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    };
    std::fs::rename(path, &aside).map_err(io)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let to = PathBuf::from(format!("{}{suffix}", aside.display()));
            std::fs::rename(&side, &to).map_err(io)?;
        }
    }
    Ok(aside)
}

/// A one-line reason for a failed write.
fn short_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::DiskFull => "the disk is full".into(),
            rusqlite::ErrorCode::ReadOnly => "the workspace is not writable".into(),
            rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied => {
                "the workspace cannot be written".into()
            }
            _ => e.to_string(),
        },
        _ => e.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn hash(n: u8) -> ContentHash {
        ContentHash([n; 16])
    }

    fn art(n: u8, path: &str) -> ArticleRef<'_> {
        ArticleRef {
            hash: hash(n),
            path,
            ordinal: 0,
            title: "t",
        }
    }

    fn ids(rows: &[Option<ArticleRow>]) -> Vec<i64> {
        rows.iter().map(|r| r.map_or(-1, |r| r.0)).collect()
    }

    #[test]
    fn new_articles_get_rows_and_keep_them() {
        let mut s = UserStore::in_memory().unwrap();
        let first = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        assert!(first.iter().all(Option::is_some));
        let again = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        assert_eq!(ids(&first), ids(&again));
    }

    #[test]
    fn a_moved_article_keeps_its_row() {
        let mut s = UserStore::in_memory().unwrap();
        let first = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        let moved = s.identify(&[art(2, "x/b"), art(1, "x/a")]).unwrap();
        assert_eq!(moved[0], first[1]);
        assert_eq!(moved[1], first[0]);
    }

    #[test]
    fn an_edited_article_keeps_its_row_by_path() {
        let mut s = UserStore::in_memory().unwrap();
        let first = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        let edited = s.identify(&[art(9, "a"), art(2, "b")]).unwrap();
        assert_eq!(edited, first);
        // The row now holds the new content: found by hash from elsewhere.
        let moved = s.identify(&[art(9, "z"), art(2, "b")]).unwrap();
        assert_eq!(moved, first);
    }

    #[test]
    fn duplicates_get_a_row_each_and_keep_them() {
        let mut s = UserStore::in_memory().unwrap();
        let first = s.identify(&[art(1, "a"), art(1, "b")]).unwrap();
        assert_ne!(first[0], first[1]);
        let again = s.identify(&[art(1, "b"), art(1, "a")]).unwrap();
        assert_eq!(again, vec![first[1], first[0]]);
    }

    #[test]
    fn a_copy_of_edited_content_does_not_steal_the_path_row() {
        let mut s = UserStore::in_memory().unwrap();
        let first = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        // "a" edited to what "b" holds; "b" unchanged: "b" keeps its row and
        // "a" keeps its own by path.
        let next = s.identify(&[art(2, "a"), art(2, "b")]).unwrap();
        assert_eq!(next[1], first[1]);
        assert_eq!(next[0], first[0]);
    }

    #[test]
    fn query_history_keeps_order_without_repeats() {
        let mut s = UserStore::in_memory().unwrap();
        for q in ["trump", "border", "trump", "  ", "wall"] {
            s.record_query(q).unwrap();
        }
        assert_eq!(s.query_history(10).unwrap(), ["border", "trump", "wall"]);
        assert_eq!(s.query_history(2).unwrap(), ["trump", "wall"]);
    }

    #[test]
    fn query_history_is_bounded() {
        let mut s = UserStore::in_memory().unwrap();
        for i in 0..HISTORY_LIMIT + 5 {
            s.record_query(&format!("q{i}")).unwrap();
        }
        let all = s.query_history(usize::MAX >> 1).unwrap();
        assert_eq!(all.len(), HISTORY_LIMIT);
        assert_eq!(all.first().map(String::as_str), Some("q5"));
    }

    #[test]
    fn place_round_trips_and_is_replaced() {
        let mut s = UserStore::in_memory().unwrap();
        assert_eq!(s.place().unwrap(), None);
        let rows = s.identify(&[art(1, "a")]).unwrap();
        let p = Place {
            source: "search:trump".into(),
            article: rows[0],
            scroll: 12,
        };
        s.set_place(&p).unwrap();
        assert_eq!(s.place().unwrap(), Some(p));
        let q = Place {
            source: "all".into(),
            article: None,
            scroll: 0,
        };
        s.set_place(&q).unwrap();
        assert_eq!(s.place().unwrap(), Some(q));
    }

    #[test]
    fn read_positions_per_article() {
        let mut s = UserStore::in_memory().unwrap();
        let rows = s.identify(&[art(1, "a"), art(2, "b")]).unwrap();
        let (a, b) = (rows[0].unwrap(), rows[1].unwrap());
        s.set_read_position(a, 40).unwrap();
        s.set_read_position(a, 41).unwrap();
        assert_eq!(s.read_position(a).unwrap(), Some(41));
        assert_eq!(s.read_position(b).unwrap(), None);
    }

    #[test]
    fn a_failed_write_disables_saving_and_keeps_what_was_saved() {
        let mut s = UserStore::in_memory().unwrap();
        s.record_query("kept").unwrap();
        s.fail_writes().unwrap();
        let big = "x".repeat(100_000);
        assert!(s.record_query(&big).is_err());
        assert!(s.saving_disabled().is_some(), "reason kept");
        assert!(matches!(
            s.record_query("later"),
            Err(UserStoreError::SavingDisabled(_))
        ));
        assert_eq!(s.query_history(10).unwrap(), ["kept"]);
    }

    #[test]
    fn migrations_run_from_every_older_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite");
        // A version-1 store as the first dateline with a workspace wrote it.
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0].sql).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO query_history (query, at) VALUES ('old query', 0)",
                [],
            )
            .unwrap();
        }
        let (s, opened) = UserStore::open(&path, false).unwrap();
        let from = if current_version() > 1 { Some(1) } else { None };
        assert_eq!(
            opened,
            Opened::Ok {
                migrated_from: from
            }
        );
        assert_eq!(s.version().unwrap(), current_version());
        assert_eq!(s.query_history(10).unwrap(), ["old query"]);
        // An empty file (version 0) migrates through every step.
        let fresh = dir.path().join("fresh.sqlite");
        let (s, _) = UserStore::open(&fresh, false).unwrap();
        assert_eq!(s.version().unwrap(), current_version());
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.to).collect();
        let expected: Vec<u32> = (1..=current_version()).collect();
        assert_eq!(versions, expected, "one migration per version, in order");
    }

    #[test]
    fn a_newer_or_garbage_store_is_kept_aside_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x)").unwrap();
            conn.pragma_update(None, "user_version", current_version() + 7)
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let (s, opened) = UserStore::open(&path, false).unwrap();
        let Opened::KeptAside(aside) = opened else {
            panic!("not kept aside: {opened:?}");
        };
        assert_eq!(std::fs::read(&aside).unwrap(), before);
        assert_eq!(s.version().unwrap(), current_version());

        let garbage = dir.path().join("g.sqlite");
        std::fs::write(
            &garbage,
            b"this is not a database at all, just some bytes....",
        )
        .unwrap();
        let (_, opened) = UserStore::open(&garbage, false).unwrap();
        let Opened::KeptAside(aside) = opened else {
            panic!("not kept aside: {opened:?}");
        };
        assert!(std::fs::read(&aside).unwrap().starts_with(b"this is not"));
    }

    #[test]
    fn read_only_reads_and_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite");
        {
            let (mut s, _) = UserStore::open(&path, false).unwrap();
            s.record_query("saved").unwrap();
        }
        let (mut ro, _) = UserStore::open(&path, true).unwrap();
        assert!(ro.is_read_only());
        assert_eq!(ro.query_history(5).unwrap(), ["saved"]);
        assert!(matches!(
            ro.record_query("no"),
            Err(UserStoreError::ReadOnly)
        ));
        // Unknown articles are looked up, not created.
        assert_eq!(ro.identify(&[art(3, "c")]).unwrap(), vec![None]);
    }
}
