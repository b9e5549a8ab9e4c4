//! Every loaded article's marks, by its position in the store: what the
//! list draws and what `is:`, `tag:` and `has:` test. Changed by the app as
//! the user marks (after the store has kept the change), filled from the
//! store when the articles' rows are known.
//!
//! Beside each article's marks, the articles carrying each mark are kept
//! as sets of positions ([`Bits`]), changed with each article: a filter is
//! made from them 64 articles at a time, and a query of words with a
//! filter visits only the articles the filter lets through
//! ([`Marked::set`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::keep::Stored;
use crate::search::{Bits, MarkKind, Marked};
use crate::workspace::ArticleRow;

/// Marks by store position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    per: Vec<Stored>,
    unread: usize,
    sets: Sets,
}

/// The articles carrying each mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sets {
    read: Bits,
    starred: Bits,
    note: Bits,
    clip: Bits,
    /// Any tag.
    tagged: Bits,
    /// By tag; a tag no article carries has no set.
    tags: BTreeMap<String, Bits>,
}

impl Sets {
    /// The sets of `per`, made afresh.
    fn of(per: &[Stored]) -> Sets {
        let mut sets = Sets::default();
        sets.resize(per.len());
        for (i, m) in per.iter().enumerate() {
            sets.put(i, m, true);
        }
        sets
    }

    fn resize(&mut self, n: usize) {
        for b in [
            &mut self.read,
            &mut self.starred,
            &mut self.note,
            &mut self.clip,
            &mut self.tagged,
        ] {
            b.resize(n);
        }
        for b in self.tags.values_mut() {
            b.resize(n);
        }
    }

    /// Puts article `i` in the sets of the marks `m` carries (`on`), or
    /// takes it out of them.
    fn put(&mut self, i: usize, m: &Stored, on: bool) {
        let n = self.read.len();
        if m.read {
            self.read.set(i, on);
        }
        if m.starred {
            self.starred.set(i, on);
        }
        if m.note.is_some() {
            self.note.set(i, on);
        }
        if m.clips > 0 {
            self.clip.set(i, on);
        }
        if !m.tags.is_empty() {
            self.tagged.set(i, on);
        }
        for t in &m.tags {
            if on {
                self.tags
                    .entry(t.clone())
                    .or_insert_with(|| Bits::new(n))
                    .set(i, true);
            } else if let Some(b) = self.tags.get_mut(t) {
                b.set(i, false);
                if b.count() == 0 {
                    self.tags.remove(t);
                }
            }
        }
    }
}

impl Marks {
    /// `n` articles, none marked.
    pub fn new(n: usize) -> Marks {
        let per = vec![Stored::default(); n];
        Marks {
            sets: Sets::of(&per),
            per,
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
        Marks {
            sets: Sets::of(&per),
            per,
            unread,
        }
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
            self.sets.resize(n);
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
            let before = m.clone();
            change(m);
            match (before.read, m.read) {
                (false, true) => self.unread -= 1,
                (true, false) => self.unread += 1,
                _ => {}
            }
            self.sets.put(i, &before, false);
            self.sets.put(i, m, true);
        }
    }

    /// Every tag in use with the number of articles carrying it, by name.
    pub fn tags_used(&self) -> Vec<(String, usize)> {
        self.sets
            .tags
            .iter()
            .map(|(t, b)| (t.clone(), b.count()))
            .filter(|&(_, n)| n > 0)
            .collect()
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

    fn set(&self, kind: MarkKind, tag: &str) -> Option<Cow<'_, Bits>> {
        let s = &self.sets;
        Some(match kind {
            MarkKind::Read => Cow::Borrowed(&s.read),
            MarkKind::Unread => {
                let mut b = s.read.clone();
                b.not();
                Cow::Owned(b)
            }
            MarkKind::Starred => Cow::Borrowed(&s.starred),
            MarkKind::Tag => match s.tags.get(tag) {
                Some(b) => Cow::Borrowed(b),
                None => Cow::Owned(Bits::new(self.per.len())),
            },
            MarkKind::AnyTag => Cow::Borrowed(&s.tagged),
            MarkKind::Note => Cow::Borrowed(&s.note),
            MarkKind::Clip => Cow::Borrowed(&s.clip),
        })
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

    /// The marks asked article by article (no sets): the filters as they
    /// were before the sets, the reference the sets must agree with.
    struct OneByOne<'a>(&'a Marks);

    impl Marked for OneByOne<'_> {
        fn articles(&self) -> usize {
            self.0.articles()
        }

        fn has(&self, doc: u32, kind: MarkKind, tag: &str) -> bool {
            self.0.has(doc, kind, tag)
        }
    }

    /// What a change to one article can be, for the property test.
    #[derive(Debug, Clone)]
    enum Op {
        Read(usize, bool),
        Star(usize, bool),
        Tags(usize, Vec<u8>),
        Note(usize, bool),
        Clips(usize, u32),
        Grow(usize),
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        let i = 0usize..400;
        prop_oneof![
            (i.clone(), any::<bool>()).prop_map(|(i, b)| Op::Read(i, b)),
            (i.clone(), any::<bool>()).prop_map(|(i, b)| Op::Star(i, b)),
            (i.clone(), proptest::collection::vec(0u8..4, 0..3)).prop_map(|(i, t)| Op::Tags(i, t)),
            (i.clone(), any::<bool>()).prop_map(|(i, b)| Op::Note(i, b)),
            (i, 0u32..3).prop_map(|(i, n)| Op::Clips(i, n)),
            (0usize..40).prop_map(Op::Grow),
        ]
    }

    fn apply(marks: &mut Marks, op: &Op) {
        match op.clone() {
            Op::Read(i, b) => marks.update(i, |m| m.read = b),
            Op::Star(i, b) => marks.update(i, |m| m.starred = b),
            Op::Tags(i, t) => marks.update(i, |m| {
                let mut tags: Vec<String> = t.iter().map(|t| format!("t{t}")).collect();
                tags.sort();
                tags.dedup();
                m.tags = tags;
            }),
            Op::Note(i, b) => marks.update(i, |m| m.note = b.then(|| "n".into())),
            Op::Clips(i, n) => marks.update(i, |m| m.clips = n),
            Op::Grow(n) => marks.resize(marks.len() + n),
        }
    }

    /// An index of `n` articles; article `i` says "border" when `i % 3 ==
    /// 0`, "budget" otherwise, and "bold" when `i % 5 == 0`.
    fn index_of(n: usize) -> SearchIndex {
        let texts: Vec<(String, String)> = (0..n)
            .map(|i| {
                let w = if i % 3 == 0 {
                    "border wall"
                } else {
                    "budget vote"
                };
                let extra = if i % 5 == 0 { " bold" } else { "" };
                let more = " border".repeat(i % 4);
                (
                    format!("Story {i}"),
                    format!("The {w} story{extra}{more} number {i}."),
                )
            })
            .collect();
        SearchIndex::build(texts.iter().map(|(t, b)| DocInput::text(t, b)), |_| {}).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// After any changes, the sets are those made afresh from each
        /// article's marks, and every filter finds through them exactly
        /// what asking article by article finds: the same articles, the
        /// same scores, the same order and counts (the sparse path, where
        /// only the filtered articles are visited, and the dense one).
        #[test]
        fn sets_follow_changes_and_filters_agree_with_asking_each_article(
            start in 0usize..400,
            ops in proptest::collection::vec(op(), 0..300),
        ) {
            let mut marks = Marks::new(start);
            for op in &ops {
                apply(&mut marks, op);
            }
            proptest::prop_assert_eq!(&marks.sets, &Sets::of(&marks.per));
            let from_scratch = Marks::from_store(&[], &HashMap::new());
            proptest::prop_assert!(from_scratch.sets.tags.is_empty());
            let want_tags = {
                let mut out: BTreeMap<String, usize> = BTreeMap::new();
                for m in &marks.per {
                    for t in &m.tags {
                        *out.entry(t.clone()).or_default() += 1;
                    }
                }
                out.into_iter().collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(marks.tags_used(), want_tags);
            // The index may cover more articles than the marks do.
            let index = index_of(marks.len() + 7);
            for q in [
                "is:starred", "is:unread", "is:read", "tag:t1", "tag:t9", "has:tag", "has:note",
                "has:clip", "-is:starred", "is:starred OR tag:t2", "is:starred border",
                "is:starred b", "tag:t0 bo", "border -tag:t1 is:unread", "budget is:read -has:note",
                "is:unread border", "\"border wall\" is:starred", "-is:read bold",
            ] {
                for limit in [3, 1000] {
                    let fast = index.search_marked(q, limit, &marks).unwrap();
                    let slow = index.search_marked(q, limit, &OneByOne(&marks)).unwrap();
                    proptest::prop_assert_eq!(&fast.hits, &slow.hits, "{} {}", q, limit);
                    proptest::prop_assert_eq!(fast.total, slow.total, "{}", q);
                }
                let fast = index.matching_marked(q, &marks).unwrap();
                let slow = index.matching_marked(q, &OneByOne(&marks)).unwrap();
                proptest::prop_assert_eq!(fast, slow, "{}", q);
            }
        }
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
