//! The reader's work in the user store: marks, tags, notes, clips and saved
//! searches, each change one transaction.
//!
//! Every table refers to an article by its row in `articles` (the user
//! store's identity of an article by content hash) and goes with it.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use crate::workspace::{ArticleRow, UserStore, UserStoreError};

/// Schema version 2: the reader's marks, tags, notes, clips and saved
/// searches (appended to `workspace::user::MIGRATIONS`).
pub const MIGRATION: &str = "
    CREATE TABLE marks (
        article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        read_at    INTEGER,
        starred_at INTEGER
    );
    CREATE TABLE tags (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag     TEXT NOT NULL,
        at      INTEGER NOT NULL,
        PRIMARY KEY (article, tag)
    );
    CREATE INDEX tags_by_name ON tags(tag);
    CREATE TABLE notes (
        article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text    TEXT NOT NULL,
        at      INTEGER NOT NULL
    );
    CREATE TABLE clips (
        id      INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        path    TEXT NOT NULL,
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        at      INTEGER NOT NULL
    );
    CREATE INDEX clips_by_article ON clips(article);
    CREATE TABLE saved_searches (
        name    TEXT PRIMARY KEY,
        query   TEXT NOT NULL,
        created INTEGER NOT NULL,
        opened  INTEGER NOT NULL
    );
";

/// Seconds since the epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// What the store holds for one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    pub read: bool,
    /// When it was marked read (seconds since the epoch), while it is.
    pub read_at: Option<i64>,
    pub starred: bool,
    /// Sorted.
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub clips: u32,
    /// When the store first saw the article (seconds since the epoch).
    pub first_seen: i64,
}

/// A quote with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// Its id in the store (0 before it is saved).
    pub id: i64,
    pub article: ArticleRow,
    /// The article's file, relative to the collection's root.
    pub path: String,
    /// Byte offsets of the quote in the file (decompressed for `.gz`).
    pub start: u64,
    pub end: u64,
    /// The quote as shown.
    pub text: String,
    /// When it was clipped (seconds since the epoch).
    pub at: i64,
}

/// A query kept under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
    /// When it was last opened (seconds since the epoch): articles first
    /// seen after it are "new".
    pub opened: i64,
}

/// Marks `article` read or unread.
pub fn set_read(s: &mut UserStore, article: ArticleRow, read: bool) -> Result<(), UserStoreError> {
    set_flag(s, article, "read_at", read)
}

/// Stars or unstars `article`.
pub fn set_starred(
    s: &mut UserStore,
    article: ArticleRow,
    starred: bool,
) -> Result<(), UserStoreError> {
    set_flag(s, article, "starred_at", starred)
}

fn set_flag(
    s: &mut UserStore,
    article: ArticleRow,
    column: &'static str,
    on: bool,
) -> Result<(), UserStoreError> {
    let at = on.then(now);
    s.write(|tx| {
        tx.execute(
            &format!(
                "INSERT INTO marks (article, {column}) VALUES (?1, ?2)
                 ON CONFLICT(article) DO UPDATE SET {column} = excluded.{column}"
            ),
            params![article.0, at],
        )?;
        Ok(())
    })
}

/// Marks many articles read (or unread) at once, in one transaction.
pub fn set_read_many(
    s: &mut UserStore,
    articles: &[ArticleRow],
    read: bool,
) -> Result<(), UserStoreError> {
    let at = read.then(now);
    s.write(|tx| {
        let mut st = tx.prepare_cached(
            "INSERT INTO marks (article, read_at) VALUES (?1, ?2)
             ON CONFLICT(article) DO UPDATE SET read_at = excluded.read_at",
        )?;
        for a in articles {
            st.execute(params![a.0, at])?;
        }
        Ok(())
    })
}

/// Replaces the tags of `article` with `tags` (names as
/// [`crate::search::tag_name`] gives them).
pub fn set_tags(
    s: &mut UserStore,
    article: ArticleRow,
    tags: &[String],
) -> Result<(), UserStoreError> {
    let at = now();
    s.write(|tx| {
        tx.execute("DELETE FROM tags WHERE article = ?1", [article.0])?;
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO tags VALUES (?1, ?2, ?3)")?;
        for t in tags {
            st.execute(params![article.0, t, at])?;
        }
        Ok(())
    })
}

/// Sets (or, with an empty text, removes) the note of `article`.
pub fn set_note(s: &mut UserStore, article: ArticleRow, text: &str) -> Result<(), UserStoreError> {
    let at = now();
    let text = text.trim_end();
    s.write(|tx| {
        if text.trim().is_empty() {
            tx.execute("DELETE FROM notes WHERE article = ?1", [article.0])?;
        } else {
            tx.execute(
                "INSERT INTO notes (article, text, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(article) DO UPDATE SET text = excluded.text, at = excluded.at",
                params![article.0, text, at],
            )?;
        }
        Ok(())
    })
}

/// Saves `clip`; returns its id.
pub fn add_clip(s: &mut UserStore, clip: &Clip) -> Result<i64, UserStoreError> {
    s.write(|tx| {
        tx.execute(
            "INSERT INTO clips (article, path, start, end, text, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                clip.article.0,
                clip.path,
                clip.start as i64,
                clip.end as i64,
                clip.text,
                clip.at
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })
}

/// Deletes the clip `id`.
pub fn delete_clip(s: &mut UserStore, id: i64) -> Result<(), UserStoreError> {
    s.write(|tx| {
        tx.execute("DELETE FROM clips WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Every clip, oldest first.
pub fn clips(s: &UserStore) -> Result<Vec<Clip>, UserStoreError> {
    s.read(|c| {
        let mut st = c.prepare_cached(
            "SELECT id, article, path, start, end, text, at FROM clips ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Clip {
                id: r.get(0)?,
                article: ArticleRow(r.get(1)?),
                path: r.get(2)?,
                start: r.get::<_, i64>(3)?.max(0) as u64,
                end: r.get::<_, i64>(4)?.max(0) as u64,
                text: r.get(5)?,
                at: r.get(6)?,
            })
        })?;
        rows.collect()
    })
}

/// Saves `query` as `name` (replacing a search of that name); it counts as
/// opened now.
pub fn save_search(s: &mut UserStore, name: &str, query: &str) -> Result<(), UserStoreError> {
    let at = now();
    s.write(|tx| {
        tx.execute(
            "INSERT INTO saved_searches (name, query, created, opened) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT(name) DO UPDATE SET query = excluded.query, opened = excluded.opened",
            params![name, query, at],
        )?;
        Ok(())
    })
}

/// Deletes the saved search `name`.
pub fn delete_search(s: &mut UserStore, name: &str) -> Result<(), UserStoreError> {
    s.write(|tx| {
        tx.execute("DELETE FROM saved_searches WHERE name = ?1", [name])?;
        Ok(())
    })
}

/// Records that the saved search `name` was opened now.
pub fn opened_search(s: &mut UserStore, name: &str) -> Result<(), UserStoreError> {
    let at = now();
    s.write(|tx| {
        tx.execute(
            "UPDATE saved_searches SET opened = ?2 WHERE name = ?1",
            params![name, at],
        )?;
        Ok(())
    })
}

/// The saved searches, by name.
pub fn saved_searches(s: &UserStore) -> Result<Vec<SavedSearch>, UserStoreError> {
    s.read(|c| {
        let mut st =
            c.prepare_cached("SELECT name, query, opened FROM saved_searches ORDER BY name")?;
        let rows = st.query_map([], |r| {
            Ok(SavedSearch {
                name: r.get(0)?,
                query: r.get(1)?,
                opened: r.get(2)?,
            })
        })?;
        rows.collect()
    })
}

/// What the store holds for every article it knows (articles with no mark
/// at all included: their `first_seen`).
pub fn load(s: &UserStore) -> Result<HashMap<ArticleRow, Stored>, UserStoreError> {
    s.read(load_from)
}

fn load_from(c: &Connection) -> rusqlite::Result<HashMap<ArticleRow, Stored>> {
    let mut out: HashMap<ArticleRow, Stored> = HashMap::new();
    let mut st = c.prepare(
        "SELECT a.id, a.first_seen, m.read_at, m.starred_at FROM articles a
         LEFT JOIN marks m ON m.article = a.id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let read: Option<i64> = r.get(2)?;
        let starred: Option<i64> = r.get(3)?;
        out.insert(
            ArticleRow(r.get(0)?),
            Stored {
                read: read.is_some(),
                read_at: read,
                starred: starred.is_some(),
                first_seen: r.get(1)?,
                ..Stored::default()
            },
        );
    }
    let mut st = c.prepare("SELECT article, tag FROM tags ORDER BY article, tag")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let row = ArticleRow(r.get(0)?);
        out.entry(row).or_default().tags.push(r.get(1)?);
    }
    let mut st = c.prepare("SELECT article, text FROM notes")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(ArticleRow(r.get(0)?)).or_default().note = Some(r.get(1)?);
    }
    let mut st = c.prepare("SELECT article, count(*) FROM clips GROUP BY article")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(ArticleRow(r.get(0)?)).or_default().clips = r.get(1)?;
    }
    Ok(out)
}

/// What one article holds, read from the store.
pub fn stored(s: &UserStore, article: ArticleRow) -> Result<Stored, UserStoreError> {
    s.read(|c| {
        let mut out = Stored::default();
        let flags: Option<(Option<i64>, Option<i64>)> = c
            .query_row(
                "SELECT read_at, starred_at FROM marks WHERE article = ?1",
                [article.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((r, st)) = flags {
            out.read = r.is_some();
            out.read_at = r;
            out.starred = st.is_some();
        }
        let mut st = c.prepare_cached("SELECT tag FROM tags WHERE article = ?1 ORDER BY tag")?;
        out.tags = st
            .query_map([article.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.note = c
            .query_row(
                "SELECT text FROM notes WHERE article = ?1",
                [article.0],
                |r| r.get(0),
            )
            .optional()?;
        out.clips = c.query_row(
            "SELECT count(*) FROM clips WHERE article = ?1",
            [article.0],
            |r| r.get(0),
        )?;
        out.first_seen = c
            .query_row(
                "SELECT first_seen FROM articles WHERE id = ?1",
                [article.0],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        Ok(out)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::workspace::{ArticleRef, ContentHash};

    fn store_with(n: u8) -> (UserStore, Vec<ArticleRow>) {
        let mut s = UserStore::in_memory().unwrap();
        let paths: Vec<String> = (0..n).map(|i| format!("a{i}.txt")).collect();
        let refs: Vec<ArticleRef<'_>> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| ArticleRef {
                hash: ContentHash([i as u8 + 1; 16]),
                path: p,
                ordinal: 0,
                title: "t",
            })
            .collect();
        let rows = s.identify(&refs).unwrap().into_iter().flatten().collect();
        (s, rows)
    }

    #[test]
    fn each_operation_is_kept_and_undone() {
        let (mut s, rows) = store_with(3);
        let (a, b) = (rows[0], rows[1]);
        set_read(&mut s, a, true).unwrap();
        set_starred(&mut s, b, true).unwrap();
        set_tags(&mut s, a, &["border".into(), "follow-up".into()]).unwrap();
        set_note(&mut s, b, "call the ministry\nsecond line\n").unwrap();
        let clip = Clip {
            id: 0,
            article: a,
            path: "a0.txt".into(),
            start: 10,
            end: 20,
            text: "quoted".into(),
            at: 5,
        };
        let id = add_clip(&mut s, &clip).unwrap();
        let all = load(&s).unwrap();
        assert!(all[&a].read && !all[&a].starred);
        assert!(all[&b].starred && !all[&b].read);
        assert_eq!(all[&a].tags, ["border", "follow-up"]);
        assert_eq!(
            all[&b].note.as_deref(),
            Some("call the ministry\nsecond line")
        );
        assert_eq!(all[&a].clips, 1);
        assert_eq!(stored(&s, a).unwrap(), all[&a]);
        assert_eq!(stored(&s, b).unwrap(), all[&b]);
        assert_eq!(clips(&s).unwrap(), [Clip { id, ..clip }]);

        set_read(&mut s, a, false).unwrap();
        set_starred(&mut s, b, false).unwrap();
        set_tags(&mut s, a, &["border".into()]).unwrap();
        set_note(&mut s, b, "  \n").unwrap();
        delete_clip(&mut s, id).unwrap();
        let all = load(&s).unwrap();
        assert!(!all[&a].read && !all[&b].starred);
        assert_eq!(all[&a].tags, ["border"]);
        assert_eq!(all[&b].note, None);
        assert_eq!(all[&a].clips, 0);
        assert!(all.contains_key(&rows[2]), "unmarked articles are listed");

        set_read_many(&mut s, &rows, true).unwrap();
        assert!(load(&s).unwrap().values().all(|m| m.read));
    }

    #[test]
    fn saved_searches_are_replaced_by_name_and_remember_when_opened() {
        let (mut s, _) = store_with(1);
        save_search(&mut s, "blair", "person:blair").unwrap();
        save_search(&mut s, "iraq", "iraq").unwrap();
        save_search(&mut s, "blair", "person:\"tony blair\"").unwrap();
        let all = saved_searches(&s).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].query, "person:\"tony blair\"");
        s.write(|tx| tx.execute("UPDATE saved_searches SET opened = 7", []))
            .unwrap();
        opened_search(&mut s, "iraq").unwrap();
        let all = saved_searches(&s).unwrap();
        assert_eq!(all[0].opened, 7);
        assert!(all[1].opened > 7);
        delete_search(&mut s, "blair").unwrap();
        assert_eq!(saved_searches(&s).unwrap().len(), 1);
    }

    #[test]
    fn a_version_1_store_migrates_and_keeps_its_articles() {
        use crate::workspace::user::MIGRATIONS;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0].sql).unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
            c.execute(
                "INSERT INTO articles (hash, path, ordinal, title, first_seen, last_seen)
                 VALUES (x'01', 'old.txt', 0, 'Old', 3, 3)",
                [],
            )
            .unwrap();
        }
        let (mut s, _) = UserStore::open(&path, false).unwrap();
        assert!(s.version().unwrap() >= 2);
        let row = ArticleRow(1);
        assert_eq!(load(&s).unwrap()[&row].first_seen, 3);
        set_starred(&mut s, row, true).unwrap();
        drop(s);
        let (s, _) = UserStore::open(&path, false).unwrap();
        assert!(load(&s).unwrap()[&row].starred);
    }

    #[test]
    fn a_failed_write_changes_nothing() {
        let (mut s, rows) = store_with(1);
        set_tags(&mut s, rows[0], &["kept".into()]).unwrap();
        s.fail_writes().unwrap();
        let many: Vec<String> = (0..2000)
            .map(|i| format!("tag-{i}-{}", "x".repeat(50)))
            .collect();
        assert!(set_tags(&mut s, rows[0], &many).is_err());
        assert_eq!(load(&s).unwrap()[&rows[0]].tags, ["kept"]);
    }
}
