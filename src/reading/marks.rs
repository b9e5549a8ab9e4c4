//! Every loaded article's marks, by its position in the store: what the
//! list draws and what `is:`, `tag:` and `has:` test. Changed by the app as
//! the user marks (after the store has kept the change), filled from the
//! store when the articles' rows are known.

use std::collections::{BTreeMap, HashMap};

use super::keep::Stored;
use crate::search::{MarkKind, Marked};
use crate::workspace::ArticleRow;

/// Marks by store position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    per: Vec<Stored>,
    unread: usize,
}

impl Marks {
    /// `n` articles, none marked.
    pub fn new(n: usize) -> Marks {
        Marks {
            per: vec![Stored::default(); n],
            unread: n,
        }
    }

    /// The marks of the articles whose rows are `rows` (by position), as
    /// `stored` holds them.
    pub fn from_store(rows: &[Option<ArticleRow>], stored: &HashMap<ArticleRow, Stored>) -> Marks {
        let per: Vec<Stored> = rows
            .iter()
            .map(|r| r.and_then(|r| stored.get(&r)).cloned().unwrap_or_default())
            .collect();
        let unread = per.iter().filter(|m| !m.read).count();
        Marks { per, unread }
    }

    /// Articles covered.
    pub fn len(&self) -> usize {
        self.per.len()
    }

    pub fn is_empty(&self) -> bool {
        self.per.is_empty()
    }

    /// Covers `n` articles (new ones unmarked).
    pub fn resize(&mut self, n: usize) {
        if n > self.per.len() {
            self.unread += n - self.per.len();
            self.per.resize(n, Stored::default());
        }
    }

    /// The marks of article `i`.
    pub fn get(&self, i: usize) -> Option<&Stored> {
        self.per.get(i)
    }

    /// Articles not read.
    pub fn unread(&self) -> usize {
        self.unread
    }

    /// Changes article `i`'s marks with `change` (no-op past the end).
    pub fn update(&mut self, i: usize, change: impl FnOnce(&mut Stored)) {
        if let Some(m) = self.per.get_mut(i) {
            let was = m.read;
            change(m);
            match (was, m.read) {
                (false, true) => self.unread -= 1,
                (true, false) => self.unread += 1,
                _ => {}
            }
        }
    }

    /// Every tag in use with the number of articles carrying it, by name.
    pub fn tags_used(&self) -> Vec<(String, usize)> {
        let mut out: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &self.per {
            for t in &m.tags {
                *out.entry(t).or_default() += 1;
            }
        }
        out.into_iter().map(|(t, n)| (t.to_owned(), n)).collect()
    }
}

impl Marked for Marks {
    fn articles(&self) -> usize {
        self.per.len()
    }

    fn has(&self, doc: u32, kind: MarkKind, tag: &str) -> bool {
        let Some(m) = self.per.get(doc as usize) else {
            return kind == MarkKind::Unread;
        };
        match kind {
            MarkKind::Read => m.read,
            MarkKind::Unread => !m.read,
            MarkKind::Starred => m.starred,
            MarkKind::Tag => m.tags.iter().any(|t| t == tag),
            MarkKind::AnyTag => !m.tags.is_empty(),
            MarkKind::Note => m.note.is_some(),
            MarkKind::Clip => m.clips > 0,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::search::{DocInput, SearchIndex};

    /// A plain scan: the articles whose marks satisfy `test`, in order.
    fn scan(marks: &Marks, test: impl Fn(&Stored) -> bool) -> Vec<u32> {
        (0..marks.len() as u32)
            .filter(|&i| test(marks.get(i as usize).unwrap()))
            .collect()
    }

    fn docs(results: &crate::search::SearchResults) -> Vec<u32> {
        let mut d: Vec<u32> = results.hits.iter().map(|h| h.doc).collect();
        d.sort_unstable();
        d
    }

    #[test]
    fn filters_agree_with_a_plain_scan_of_the_marks() {
        // 60 articles; words and marks assigned by simple rules.
        let texts: Vec<(String, String)> = (0..60)
            .map(|i| {
                let w = if i % 3 == 0 {
                    "border wall"
                } else {
                    "budget vote"
                };
                (format!("Story {i}"), format!("The {w} story number {i}."))
            })
            .collect();
        let index =
            SearchIndex::build(texts.iter().map(|(t, b)| DocInput::text(t, b)), |_| {}).unwrap();
        let mut marks = Marks::new(60);
        for i in 0..60usize {
            marks.update(i, |m| {
                m.read = i % 2 == 0;
                m.starred = i % 5 == 0;
                if i % 4 == 0 {
                    m.tags.push("follow-up".into());
                }
                if i % 7 == 0 {
                    m.tags.push("legal".into());
                }
                if i % 6 == 1 {
                    m.note = Some("n".into());
                }
                m.clips = u32::from(i % 9 == 0);
            });
        }
        assert_eq!(marks.unread(), 30);
        let border = |i: u32| i.is_multiple_of(3);
        type Check = (&'static str, Box<dyn Fn(u32, &Stored) -> bool>);
        let checks: Vec<Check> = vec![
            ("is:unread", Box::new(|_, m| !m.read)),
            ("is:read", Box::new(|_, m| m.read)),
            ("is:starred", Box::new(|_, m| m.starred)),
            (
                "tag:follow-up",
                Box::new(|_, m| m.tags.iter().any(|t| t == "follow-up")),
            ),
            (
                "TAG:Legal",
                Box::new(|_, m| m.tags.iter().any(|t| t == "legal")),
            ),
            ("has:note", Box::new(|_, m| m.note.is_some())),
            ("has:clip", Box::new(|_, m| m.clips > 0)),
            ("has:tag", Box::new(|_, m| !m.tags.is_empty())),
            ("-is:starred", Box::new(|_, m| !m.starred)),
            (
                "is:starred OR tag:legal",
                Box::new(|_, m| m.starred || m.tags.iter().any(|t| t == "legal")),
            ),
            (
                "is:starred border ",
                Box::new(move |i, m| m.starred && border(i)),
            ),
            (
                "border -tag:follow-up is:unread ",
                Box::new(move |i, m| {
                    border(i) && !m.read && !m.tags.iter().any(|t| t == "follow-up")
                }),
            ),
            (
                "budget is:read -has:note ",
                Box::new(move |i, m| !border(i) && m.read && m.note.is_none()),
            ),
        ];
        for (q, test) in &checks {
            let want: Vec<u32> = (0..60u32)
                .filter(|&i| test(i, marks.get(i as usize).unwrap()))
                .collect();
            let got = index.search_marked(q, 1000, &marks).unwrap();
            assert_eq!(docs(&got), want, "{q}");
            assert_eq!(got.total, want.len(), "{q}");
        }
        // Marks alone list in store order, within the limit, counting all.
        let got = index.search_marked("is:unread", 5, &marks).unwrap();
        let want = scan(&marks, |m| !m.read);
        assert_eq!(
            got.hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
            want[..5]
        );
        assert_eq!(got.total, want.len());
        // Without marks, everything is unread and nothing starred.
        assert_eq!(index.search("is:unread", 100).unwrap().total, 60);
        assert_eq!(index.search("is:starred", 100).unwrap().total, 0);
    }

    #[test]
    fn counts_and_tags_follow_updates() {
        let mut m = Marks::new(3);
        m.update(1, |s| s.read = true);
        m.update(1, |s| s.read = true);
        assert_eq!(m.unread(), 2);
        m.update(1, |s| s.read = false);
        assert_eq!(m.unread(), 3);
        m.update(7, |s| s.read = true);
        m.update(0, |s| s.tags = vec!["a".into(), "b".into()]);
        m.update(2, |s| s.tags = vec!["b".into()]);
        assert_eq!(m.tags_used(), [("a".into(), 1), ("b".into(), 2)]);
        m.resize(5);
        assert_eq!((m.len(), m.unread()), (5, 5));
        let rows = [Some(ArticleRow(4)), None, Some(ArticleRow(9))];
        let mut stored = HashMap::new();
        stored.insert(
            ArticleRow(9),
            Stored {
                read: true,
                ..Stored::default()
            },
        );
        let m = Marks::from_store(&rows, &stored);
        assert_eq!((m.len(), m.unread()), (3, 2));
        assert!(m.get(2).unwrap().read);
    }
}
