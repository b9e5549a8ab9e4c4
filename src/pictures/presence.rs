//! Which entities each article names, and in which sentence: the table the
//! timeline of an entity and its co-occurrences are read from.
//!
//! Two lists, both flat with an offset per row, built once per resolution
//! (in parallel over articles):
//!
//! * by entity: the articles that name it (title or body), in store order,
//!   each with its number of mentions there;
//! * by article: the `(sentence, entity)` pairs of its mentions, once
//!   each, sorted. The title is sentence 0 and the body's sentences follow
//!   ([`super::sentences`]).
//!
//! Opening an entity's co-occurrences then reads only the rows of the
//! articles that name it.

use rayon::prelude::*;

use super::sentences::Sentences;
use crate::entities::{ArticleText, EntityKind, Part, Resolution};

/// The entities of every article, and the articles of every entity.
#[derive(Debug, Clone, Default)]
pub struct Presence {
    kinds: Vec<EntityKind>,
    articles: u32,
    entity_start: Vec<u32>,
    by_entity: Vec<(u32, u32)>,
    article_start: Vec<u32>,
    by_article: Vec<(u32, u32)>,
}

/// One article's rows: its `(sentence, entity)` pairs and its
/// `(entity, mentions)` counts.
type ArticleRows = (Vec<(u32, u32)>, Vec<(u32, u32)>);

impl Presence {
    /// Builds the table from the resolved mentions of `resolution`, whose
    /// documents are `texts` (for the sentences of their bodies).
    pub fn build<T: ArticleText + Sync>(texts: &[T], resolution: &Resolution) -> Presence {
        let rows: Vec<ArticleRows> = resolution
            .docs
            .par_iter()
            .enumerate()
            .map(|(a, doc)| {
                let body = texts.get(a).map_or("", |t| t.body());
                article_rows(body, doc)
            })
            .collect();
        let entities = resolution.entities.len();
        let mut entity_start = vec![0u32; entities + 1];
        for (_, counts) in &rows {
            for &(e, _) in counts {
                if let Some(n) = entity_start.get_mut(e as usize + 1) {
                    *n += 1;
                }
            }
        }
        for e in 0..entities {
            entity_start[e + 1] += entity_start[e];
        }
        let mut fill = entity_start.clone();
        let mut by_entity = vec![(0u32, 0u32); entity_start[entities] as usize];
        let mut article_start = Vec::with_capacity(rows.len() + 1);
        let mut by_article = Vec::with_capacity(rows.iter().map(|r| r.0.len()).sum());
        article_start.push(0);
        for (a, (pairs, counts)) in rows.into_iter().enumerate() {
            for (e, n) in counts {
                if let Some(at) = fill.get_mut(e as usize) {
                    by_entity[*at as usize] = (a as u32, n);
                    *at += 1;
                }
            }
            by_article.extend(pairs);
            article_start.push(by_article.len() as u32);
        }
        Presence {
            kinds: resolution.entities.iter().map(|e| e.kind).collect(),
            articles: resolution.docs.len() as u32,
            entity_start,
            by_entity,
            article_start,
            by_article,
        }
    }

    /// Bytes held (for benchmarks and memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.kinds.capacity()
            + 4 * (self.entity_start.capacity() + self.article_start.capacity())
            + 8 * (self.by_entity.capacity() + self.by_article.capacity())
    }

    /// Number of articles.
    pub fn articles(&self) -> u32 {
        self.articles
    }

    /// Number of entities.
    pub fn entities(&self) -> usize {
        self.kinds.len()
    }

    /// The kind of entity `e`.
    pub fn kind(&self, e: u32) -> Option<EntityKind> {
        self.kinds.get(e as usize).copied()
    }

    /// The articles naming entity `e`, in store order, with its number of
    /// mentions in each.
    pub fn postings(&self, e: u32) -> &[(u32, u32)] {
        let e = e as usize;
        match (self.entity_start.get(e), self.entity_start.get(e + 1)) {
            (Some(&s), Some(&t)) => &self.by_entity[s as usize..t as usize],
            _ => &[],
        }
    }

    /// Number of articles naming entity `e`.
    pub fn article_count(&self, e: u32) -> u32 {
        self.postings(e).len() as u32
    }

    /// The `(sentence, entity)` pairs of article `a`, sorted (sentence 0 is
    /// the title).
    pub fn sentences(&self, a: u32) -> &[(u32, u32)] {
        let a = a as usize;
        match (self.article_start.get(a), self.article_start.get(a + 1)) {
            (Some(&s), Some(&t)) => &self.by_article[s as usize..t as usize],
            _ => &[],
        }
    }

    /// The articles naming both `e` and `f`, in store order.
    pub fn articles_with_both(&self, e: u32, f: u32) -> Vec<u32> {
        let (x, y) = (self.postings(e), self.postings(f));
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while let (Some(a), Some(b)) = (x.get(i), y.get(j)) {
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push(a.0);
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }
}

/// The rows of one article from its resolved mentions.
fn article_rows(body: &str, doc: &[crate::entities::ResolvedMention]) -> ArticleRows {
    let mut body_mentions: Vec<(usize, usize, u32)> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(doc.len());
    for m in doc {
        let Some(e) = m.entity else { continue };
        match m.part {
            Part::Title => pairs.push((0, e.0)),
            Part::Body => body_mentions.push((m.range.start, m.range.end, e.0)),
        }
    }
    body_mentions.sort_unstable();
    let mut sentences = Sentences::new(body);
    for &(start, end, e) in &body_mentions {
        let s = sentences.at(start);
        sentences.skip_to(end);
        pairs.push((s + 1, e));
    }
    let mut counts: Vec<(u32, u32)> = pairs.iter().map(|&(_, e)| (e, 1)).collect();
    counts.sort_unstable();
    counts.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += 1;
        }
        same
    });
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, counts)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::pictures::testing::resolution_of;

    #[test]
    fn articles_sentences_and_counts() {
        let texts = [
            ("Ann and Bob", "Ann met Cy. Then Bob left. Ann stayed."),
            ("", "Bob alone. Bob again."),
            ("", "Nobody here."),
            ("", "Cy and Ann."),
        ];
        let r = resolution_of(&texts, &["Ann", "Bob", "Cy"]);
        let p = Presence::build(&texts, &r);
        assert_eq!(p.articles(), 4);
        assert_eq!(p.postings(0), [(0, 3), (3, 1)]);
        assert_eq!(p.postings(1), [(0, 2), (1, 2)]);
        assert_eq!(p.postings(2), [(0, 1), (3, 1)]);
        assert_eq!(p.postings(9), []);
        assert_eq!(
            p.sentences(0),
            [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (3, 0)]
        );
        assert_eq!(p.sentences(2), []);
        assert_eq!(p.articles_with_both(0, 2), [0, 3]);
        assert_eq!(p.articles_with_both(1, 2), [0]);
    }
}
