//! The order of the article list: by path (the order the files were
//! opened in, as today), by date (newest first), by title, or by when the
//! article was last read (most recent first).
//!
//! An order is a permutation of the store's positions ([`order`]), made
//! once from keys taken once per article (a date key, a lowercased
//! title, the time it was read), so walking the list costs nothing per
//! key. Articles without the key (no date that reads as one, never read)
//! come last; equal keys keep path order, so every order is total and the
//! same on every run.
//!
//! The order the user chose is kept per collection in the user store's
//! `settings` table ([`MIGRATION`], schema version 4): a row
//! `list_sort` = `"date"`. The same table keeps the list's scroll row
//! (`list_row`), the height at which the selected article stood in the
//! list when the user left.

use std::cmp::Reverse;

use rusqlite::{OptionalExtension, params};

use crate::corpus::Article;
use crate::dates;
use crate::workspace::{UserStore, UserStoreError};

/// Schema version 4: settings the user chose for the collection, by name.
pub const MIGRATION: &str = "
    CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        at    INTEGER NOT NULL
    );
";

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ListSort {
    /// The order the files were opened in (paths sorted; input order
    /// within a file and for standard input).
    #[default]
    Path,
    /// Newest first; undated articles last.
    Date,
    /// By title, ignoring case.
    Title,
    /// Most recently read first; unread articles last.
    Read,
}

impl ListSort {
    /// Every order, in the order `o` cycles through them.
    pub const ALL: [ListSort; 4] = [
        ListSort::Path,
        ListSort::Date,
        ListSort::Title,
        ListSort::Read,
    ];

    /// The name a configuration and the settings table use.
    pub fn name(self) -> &'static str {
        match self {
            ListSort::Path => "path",
            ListSort::Date => "date",
            ListSort::Title => "title",
            ListSort::Read => "read",
        }
    }

    /// The order of a name.
    pub fn from_name(name: &str) -> Option<ListSort> {
        ListSort::ALL.into_iter().find(|s| s.name() == name)
    }

    /// What the list header says ("by date, newest first").
    pub fn label(self) -> &'static str {
        match self {
            ListSort::Path => "by path",
            ListSort::Date => "by date, newest first",
            ListSort::Title => "by title",
            ListSort::Read => "by last read",
        }
    }

    /// The next order of the cycle.
    pub fn next(self) -> ListSort {
        let i = ListSort::ALL.iter().position(|&s| s == self).unwrap_or(0);
        ListSort::ALL[(i + 1) % ListSort::ALL.len()]
    }
}

/// The store positions of `articles` in list order for `sort`; `read_at`
/// gives when an article was read (seconds since the epoch), by position.
pub fn order(
    sort: ListSort,
    articles: &[std::sync::Arc<Article>],
    read_at: impl Fn(usize) -> Option<i64>,
) -> Vec<u32> {
    let n = articles.len().min(u32::MAX as usize);
    let mut rows: Vec<u32> = (0..n as u32).collect();
    match sort {
        ListSort::Path => {}
        ListSort::Date => {
            // Missing dates as 0 under Reverse: after every date.
            let keys: Vec<u32> = articles[..n]
                .iter()
                .map(|a| a.date.as_deref().and_then(dates::key).map_or(0, |k| k.0))
                .collect();
            rows.sort_by_key(|&i| Reverse(keys[i as usize]));
        }
        ListSort::Title => {
            let keys: Vec<String> = articles[..n].iter().map(|a| title_key(&a.title)).collect();
            rows.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        }
        ListSort::Read => {
            let keys: Vec<i64> = (0..n).map(|i| read_at(i).unwrap_or(i64::MIN)).collect();
            rows.sort_by_key(|&i| Reverse(keys[i as usize]));
        }
    }
    rows
}

/// A title as it sorts: lowercased, leading quotes and spaces skipped.
fn title_key(title: &str) -> String {
    title
        .trim_start_matches(|c: char| {
            c.is_whitespace() || "\"'\u{201c}\u{2018}\u{2019}\u{201d}(".contains(c)
        })
        .to_lowercase()
}

/// Keeps `value` as the setting `name`.
pub fn set_setting(s: &mut UserStore, name: &str, value: &str) -> Result<(), UserStoreError> {
    let at = super::keep::now();
    s.write(|tx| {
        tx.execute(
            "INSERT INTO settings (name, value, at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value, at = excluded.at",
            params![name, value, at],
        )?;
        Ok(())
    })
}

/// The setting `name`, if it was ever kept.
pub fn setting(s: &UserStore, name: &str) -> Result<Option<String>, UserStoreError> {
    s.read(|c| {
        c.query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()
    })
}

/// The list order kept for the collection (none chosen, or a name this
/// build does not know: none).
pub fn kept_sort(s: &UserStore) -> Option<ListSort> {
    setting(s, "list_sort")
        .ok()
        .flatten()
        .and_then(|v| ListSort::from_name(&v))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn article(i: usize, title: &str, date: Option<&str>) -> Arc<Article> {
        use crate::corpus::{ArticleId, OffsetMap};
        Arc::new(Article {
            id: ArticleId(i as u64),
            path: Arc::from(std::path::Path::new(&format!("a/{i:03}.txt"))),
            title: title.to_owned(),
            title_origin: None,
            date: date.map(str::to_owned),
            source: None,
            author: None,
            body: "Body.".into(),
            origin: OffsetMap::verbatim(0, 5),
            words: 1,
            decompressed: false,
        })
    }

    fn plain_sort(arts: &[Arc<Article>], key: impl Fn(usize) -> (u8, i64, String)) -> Vec<u32> {
        // A reference: a stable sort of (missing, key, title) pairs by index.
        let mut v: Vec<u32> = (0..arts.len() as u32).collect();
        v.sort_by_key(|&i| key(i as usize));
        v
    }

    #[test]
    fn orders_put_missing_keys_last_and_ties_in_path_order() {
        let arts = vec![
            article(0, "beta", Some("2018-03-01")),
            article(1, "Alpha", None),
            article(2, "\u{201c}Gamma\u{201d} rises", Some("2019")),
            article(3, "alpha", Some("2018-03-01")),
            article(4, "delta", Some("not a date")),
        ];
        let read = |i: usize| [Some(50), None, Some(70), Some(50), None][i];
        assert_eq!(order(ListSort::Path, &arts, read), [0, 1, 2, 3, 4]);
        // 2019 first, the two March 2018 in path order, then the undated.
        assert_eq!(order(ListSort::Date, &arts, read), [2, 0, 3, 1, 4]);
        assert_eq!(order(ListSort::Title, &arts, read), [1, 3, 0, 4, 2]);
        assert_eq!(order(ListSort::Read, &arts, read), [2, 0, 3, 1, 4]);
        // The same as a plain stable sort of the keys.
        let date = |i: usize| {
            let k = arts[i].date.as_deref().and_then(dates::key);
            (
                u8::from(k.is_none()),
                -(k.map_or(0, |k| k.0) as i64),
                String::new(),
            )
        };
        assert_eq!(order(ListSort::Date, &arts, read), plain_sort(&arts, date));
    }

    #[test]
    fn names_round_trip_and_the_cycle_visits_every_order() {
        let mut s = ListSort::Path;
        for _ in 0..ListSort::ALL.len() {
            assert_eq!(ListSort::from_name(s.name()), Some(s));
            s = s.next();
        }
        assert_eq!(s, ListSort::Path);
        assert_eq!(ListSort::from_name("size"), None);
    }

    #[test]
    fn the_sort_is_kept_in_the_user_store() {
        let mut s = UserStore::in_memory().unwrap();
        assert_eq!(kept_sort(&s), None);
        set_setting(&mut s, "list_sort", "title").unwrap();
        assert_eq!(kept_sort(&s), Some(ListSort::Title));
        set_setting(&mut s, "list_sort", "date").unwrap();
        assert_eq!(kept_sort(&s), Some(ListSort::Date));
        set_setting(&mut s, "list_sort", "size").unwrap();
        assert_eq!(kept_sort(&s), None, "an unknown name is no choice");
    }
}
