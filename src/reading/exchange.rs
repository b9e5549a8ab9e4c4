//! The reader's work out of one workspace and into another: each article's
//! state, tags, note and clips as fields of `dateline export`, and
//! `dateline import` merging them by the article's content hash (so a
//! colleague's work on a copy of the same collection lands on the same
//! articles, wherever their files lie).
//!
//! A merge only adds: read and starred stay set, tags are joined, a
//! different note is appended below the one there, a clip already there is
//! not added twice. All of one import is one transaction.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::keep::{self, Clip, Stored};
use crate::textview::safe::safe_field;
use crate::workspace::{ArticleRow, ContentHash, UserStore, UserStoreError};

/// A clip as exported: file offsets and the quoted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClipOut {
    pub start: u64,
    pub end: u64,
    pub text: String,
    #[serde(default)]
    pub at: i64,
}

/// What an export line carries of the reader's work (the fields an import
/// reads; the article's own fields are beside them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// Hex of the article's content hash: what an import matches on.
    pub content_hash: String,
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub starred: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub clips: Vec<ClipOut>,
    /// Where the article was (to name what did not match).
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub title: String,
}

/// A content hash as hex.
pub fn hex(h: &ContentHash) -> String {
    h.0.iter().map(|b| format!("{b:02x}")).collect()
}

/// Text as shown: every line through the one gate for terminal text.
fn shown(s: &str) -> String {
    s.split('\n').map(safe_field).collect::<Vec<_>>().join("\n")
}

/// The work on one article as export fields.
pub fn fields(hash: &ContentHash, stored: &Stored, clips: &[&Clip]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("content_hash".into(), Value::String(hex(hash)));
    m.insert("read".into(), Value::Bool(stored.read));
    m.insert("starred".into(), Value::Bool(stored.starred));
    m.insert(
        "tags".into(),
        Value::Array(
            stored
                .tags
                .iter()
                .map(|t| Value::String(shown(t)))
                .collect(),
        ),
    );
    m.insert(
        "note".into(),
        stored
            .note
            .as_deref()
            .map_or(Value::Null, |n| Value::String(shown(n))),
    );
    let clips: Vec<Value> = clips
        .iter()
        .map(|c| {
            serde_json::to_value(ClipOut {
                start: c.start,
                end: c.end,
                text: shown(&c.text),
                at: c.at,
            })
            .unwrap_or(Value::Null)
        })
        .collect();
    m.insert("clips".into(), Value::Array(clips));
    m
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Records whose article is in this collection.
    pub matched: usize,
    /// Records whose article is not (path and title of each).
    pub unmatched: Vec<String>,
    /// Lines that are not records (line number and why).
    pub unreadable: Vec<String>,
    /// Marks, tags, notes and clips added.
    pub added: usize,
}

/// Reads export lines (JSON Lines); a line that is not a record is
/// reported, not fatal.
pub fn read_records(text: &str, report: &mut Report) -> Vec<Work> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Work>(line) {
            Ok(w) if !w.content_hash.is_empty() => out.push(w),
            Ok(_) => report
                .unreadable
                .push(format!("line {}: no content_hash", i + 1)),
            Err(e) => report.unreadable.push(format!("line {}: {e}", i + 1)),
        }
    }
    out
}

/// Merges `records` into `user`: each onto the article with its content
/// hash (`rows` by hash), all in one transaction.
pub fn import(
    user: &mut UserStore,
    rows: &HashMap<String, ArticleRow>,
    records: &[Work],
) -> Result<Report, UserStoreError> {
    let mut report = Report::default();
    let now = keep::now();
    let mut matched = Vec::new();
    for r in records {
        match rows.get(&r.content_hash) {
            Some(&row) => matched.push((row, r)),
            None => report.unmatched.push(format!("{} ({})", r.path, r.title)),
        }
    }
    report.matched = matched.len();
    let added = user.write(|tx| {
        let mut added = 0usize;
        for (row, r) in &matched {
            let a = row.0;
            if r.read {
                added += tx.execute(
                    "INSERT INTO marks (article, read_at) VALUES (?1, ?2)
                     ON CONFLICT(article) DO UPDATE SET read_at = coalesce(read_at, excluded.read_at)
                     WHERE read_at IS NULL",
                    params![a, now],
                )?;
            }
            if r.starred {
                added += tx.execute(
                    "INSERT INTO marks (article, starred_at) VALUES (?1, ?2)
                     ON CONFLICT(article) DO UPDATE SET starred_at = excluded.starred_at
                     WHERE starred_at IS NULL",
                    params![a, now],
                )?;
            }
            for t in r.tags.iter().filter_map(|t| crate::search::tag_name(t)) {
                added += tx.execute(
                    "INSERT OR IGNORE INTO tags (article, tag, at) VALUES (?1, ?2, ?3)",
                    params![a, t, now],
                )?;
            }
            if let Some(theirs) = r.note.as_deref().map(str::trim_end).filter(|n| !n.trim().is_empty()) {
                let ours: Option<String> = tx
                    .query_row("SELECT text FROM notes WHERE article = ?1", [a], |x| x.get(0))
                    .optional()?;
                let text = match ours {
                    None => Some(theirs.to_owned()),
                    Some(o) if o.contains(theirs) => None,
                    Some(o) => Some(format!("{o}\n\n{theirs}")),
                };
                if let Some(text) = text {
                    added += tx.execute(
                        "INSERT INTO notes (article, text, at) VALUES (?1, ?2, ?3)
                         ON CONFLICT(article) DO UPDATE SET text = excluded.text, at = excluded.at",
                        params![a, text, now],
                    )?;
                }
            }
            let path: String = tx
                .query_row("SELECT path FROM articles WHERE id = ?1", [a], |x| x.get(0))
                .optional()?
                .unwrap_or_default();
            let have: HashSet<(i64, i64)> = {
                let mut st = tx.prepare_cached("SELECT start, end FROM clips WHERE article = ?1")?;
                st.query_map([a], |x| Ok((x.get(0)?, x.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            for c in &r.clips {
                if have.contains(&(c.start as i64, c.end as i64)) {
                    continue;
                }
                added += tx.execute(
                    "INSERT INTO clips (article, path, start, end, text, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![a, path, c.start as i64, c.end as i64, c.text, if c.at > 0 { c.at } else { now }],
                )?;
            }
        }
        Ok(added)
    })?;
    report.added = added;
    Ok(report)
}

/// A Markdown list of clips with their citations: each quote, then the
/// article's title, date, file and byte offsets.
pub fn clips_markdown(clips: &[(Clip, String, Option<String>)]) -> String {
    let mut out = String::from("# Clips\n\n");
    for (c, title, date) in clips {
        let quote = shown(&c.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let date = date
            .as_deref()
            .map(|d| format!(", {}", shown(d)))
            .unwrap_or_default();
        out.push_str(&format!(
            "- \u{201c}{quote}\u{201d}  \n  \u{2014} *{}*{date}, `{}`, bytes {}..{}\n",
            shown(title).replace('\n', " "),
            shown(&c.path),
            c.start,
            c.end
        ));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::workspace::ArticleRef;

    fn store(hashes: &[u8]) -> (UserStore, Vec<ArticleRow>) {
        let mut s = UserStore::in_memory().unwrap();
        let paths: Vec<String> = hashes.iter().map(|h| format!("p{h}")).collect();
        let refs: Vec<ArticleRef<'_>> = hashes
            .iter()
            .zip(&paths)
            .map(|(&h, p)| ArticleRef {
                hash: ContentHash([h; 16]),
                path: p,
                ordinal: 0,
                title: "t",
            })
            .collect();
        let rows = s.identify(&refs).unwrap().into_iter().flatten().collect();
        (s, rows)
    }

    #[test]
    fn export_fields_import_into_another_store_and_merge_without_doubling() {
        let (mut a, arows) = store(&[1, 2]);
        keep::set_read(&mut a, arows[0], true).unwrap();
        keep::set_starred(&mut a, arows[1], true).unwrap();
        keep::set_tags(&mut a, arows[1], &["legal".into()]).unwrap();
        keep::set_note(&mut a, arows[1], "theirs").unwrap();
        let clip = Clip {
            id: 0,
            article: arows[1],
            path: "p2".into(),
            start: 3,
            end: 9,
            text: "quoted".into(),
            at: 4,
        };
        keep::add_clip(&mut a, &clip).unwrap();
        let all = keep::load(&a).unwrap();
        let clips = keep::clips(&a).unwrap();
        let lines: Vec<String> = [(1u8, arows[0]), (2, arows[1])]
            .iter()
            .map(|&(h, row)| {
                let cs: Vec<&Clip> = clips.iter().filter(|c| c.article == row).collect();
                let m = fields(&ContentHash([h; 16]), &all[&row], &cs);
                serde_json::to_string(&Value::Object(m)).unwrap()
            })
            .collect();
        let text = lines.join("\n") + "\nnot json\n";
        let mut report = Report::default();
        let records = read_records(&text, &mut report);
        assert_eq!(records.len(), 2);
        assert_eq!(report.unreadable.len(), 1);

        // Another store holds article 2 (with a note of its own) and 3.
        let (mut b, brows) = store(&[3, 2]);
        keep::set_note(&mut b, brows[1], "ours").unwrap();
        let by_hash: HashMap<String, ArticleRow> = [(3u8, brows[0]), (2, brows[1])]
            .iter()
            .map(|&(h, r)| (hex(&ContentHash([h; 16])), r))
            .collect();
        let r = import(&mut b, &by_hash, &records).unwrap();
        assert_eq!(r.matched, 1);
        assert_eq!(r.unmatched.len(), 1);
        let got = keep::load(&b).unwrap();
        let m = &got[&brows[1]];
        assert!(m.starred && !m.read);
        assert_eq!(m.tags, ["legal"]);
        assert_eq!(m.note.as_deref(), Some("ours\n\ntheirs"));
        assert_eq!(m.clips, 1);
        // Again: nothing is added twice.
        let again = import(&mut b, &by_hash, &records).unwrap();
        assert_eq!(again.added, 0);
        assert_eq!(keep::load(&b).unwrap()[&brows[1]], *m);
    }
}
