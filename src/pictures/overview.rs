//! What a collection holds, at a glance: articles and words, where they
//! come from (sources, else folders, else files), when (the dates' span;
//! the timeline draws them), and who and where they name most, per kind.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::presence::Presence;
use super::timeline::DateColumn;
use crate::corpus::Article;
use crate::dates::DateKey;
use crate::entities::EntityKind;

/// The summary of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub articles: usize,
    /// Words of all bodies.
    pub words: u64,
    /// Articles with a date.
    pub dated: usize,
    /// First and last dates.
    pub span: Option<(DateKey, DateKey)>,
    /// Articles by where they come from.
    pub groups: Groups,
    /// Per kind of entity (people, places, organisations, other names).
    pub kinds: Vec<KindSummary>,
}

/// What the articles are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The source the input names (a URL's host, or the name given).
    Source,
    /// The folder of the file, below the folder all files share.
    Folder,
    /// The file (a collection in one folder).
    File,
}

impl GroupBy {
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Source => "source",
            GroupBy::Folder => "folder",
            GroupBy::File => "file",
        }
    }
}

/// Articles per source, folder or file, most first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groups {
    /// `None` when every article would be in one group (or in its own).
    pub by: Option<GroupBy>,
    /// `(label, articles)`, most articles first, then by label.
    pub rows: Vec<(String, usize)>,
}

/// The entities of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindSummary {
    pub kind: EntityKind,
    /// Entities of this kind named somewhere.
    pub entities: usize,
    /// The most widely named: `(entity, articles)`, most articles first.
    pub top: Vec<(u32, u32)>,
}

/// The overview of `articles`, with the `top` entities of each kind when
/// the entities are known.
pub fn overview(
    articles: &[Arc<Article>],
    dates: &DateColumn,
    presence: Option<&Presence>,
    top: usize,
) -> Overview {
    Overview {
        articles: articles.len(),
        words: articles.iter().map(|a| u64::from(a.words)).sum(),
        dated: dates.dated(),
        span: dates.span(),
        groups: groups(articles),
        kinds: presence.map_or_else(Vec::new, |p| kinds(p, top)),
    }
}

/// The kinds an overview lists (dates are left out).
const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Org,
    EntityKind::Misc,
];

fn kinds(p: &Presence, top: usize) -> Vec<KindSummary> {
    KINDS
        .iter()
        .map(|&kind| {
            let mut named: Vec<(u32, u32)> = (0..p.entities() as u32)
                .filter(|&e| p.kind(e) == Some(kind))
                .map(|e| (e, p.article_count(e)))
                .filter(|&(_, n)| n > 0)
                .collect();
            let entities = named.len();
            named.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            named.truncate(top);
            KindSummary {
                kind,
                entities,
                top: named,
            }
        })
        .collect()
}

fn groups(articles: &[Arc<Article>]) -> Groups {
    let count = |labels: &mut dyn Iterator<Item = String>| {
        let mut by: HashMap<String, usize> = HashMap::new();
        for l in labels {
            *by.entry(l).or_default() += 1;
        }
        let mut rows: Vec<(String, usize)> = by.into_iter().collect();
        rows.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        rows
    };
    // Sources, when most articles name one and some name the same.
    let with_source = articles.iter().filter(|a| a.source.is_some()).count();
    if with_source > 0 && with_source * 2 >= articles.len() {
        let mut rows = count(
            &mut articles
                .iter()
                .filter_map(|a| a.source.as_deref().map(source_label)),
        );
        if rows.first().is_some_and(|r| r.1 >= 2) {
            if with_source < articles.len() {
                rows.push(("(no source)".to_owned(), articles.len() - with_source));
            }
            return Groups {
                by: Some(GroupBy::Source),
                rows,
            };
        }
    }
    let folder = |a: &Arc<Article>| a.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = articles
        .iter()
        .map(folder)
        .reduce(|common, p| {
            common
                .ancestors()
                .find(|c| p.starts_with(c))
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let relative = |p: &Path| {
        let r = p.strip_prefix(&root).unwrap_or(p);
        if r.as_os_str().is_empty() {
            ".".to_owned()
        } else {
            r.display().to_string()
        }
    };
    let rows = count(&mut articles.iter().map(|a| relative(&folder(a))));
    if rows.len() > 1 {
        return Groups {
            by: Some(GroupBy::Folder),
            rows,
        };
    }
    let rows = count(&mut articles.iter().map(|a| relative(&a.path)));
    if rows.len() > 1 {
        return Groups {
            by: Some(GroupBy::File),
            rows,
        };
    }
    Groups::default()
}

/// A source as a label: a URL's host (without `www.`), else the name.
fn source_label(source: &str) -> String {
    let s = source.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            host.strip_prefix("www.")
                .unwrap_or(host)
                .to_ascii_lowercase()
        }
        None => s.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleId, OffsetMap};
    use crate::pictures::testing::resolution_of;

    fn article(path: &str, source: Option<&str>, date: Option<&str>, body: &str) -> Arc<Article> {
        Arc::new(Article {
            id: ArticleId(0),
            path: Arc::from(Path::new(path)),
            title: String::new(),
            title_origin: None,
            date: date.map(str::to_owned),
            source: source.map(str::to_owned),
            author: None,
            body: body.to_owned(),
            origin: OffsetMap::verbatim(0, body.len()),
            words: body.split_whitespace().count() as u32,
            decompressed: false,
        })
    }

    #[test]
    fn sources_then_folders_then_files() {
        let by_source = [
            article(
                "/c/a.jsonl",
                Some("https://www.bbc.co.uk/news/1"),
                None,
                "x",
            ),
            article("/c/a.jsonl", Some("http://BBC.co.uk/2"), None, "x"),
            article("/c/a.jsonl", Some("Reuters"), None, "x"),
        ];
        let g = groups(&by_source);
        assert_eq!(g.by, Some(GroupBy::Source));
        assert_eq!(
            g.rows,
            [("bbc.co.uk".to_owned(), 2), ("Reuters".to_owned(), 1)]
        );
        let by_folder = [
            article("/c/bbc/sport/1.txt", Some("one"), None, "x"),
            article("/c/bbc/sport/2.txt", Some("two"), None, "x"),
            article("/c/bbc/tech/1.txt", None, None, "x"),
            article("/c/bbc/1.txt", None, None, "x"),
        ];
        let g = groups(&by_folder);
        assert_eq!(g.by, Some(GroupBy::Folder), "sources all differ");
        assert_eq!(
            g.rows,
            [
                ("sport".to_owned(), 2),
                (".".to_owned(), 1),
                ("tech".to_owned(), 1)
            ]
        );
        let by_file = [
            article("/c/a.jsonl", None, None, "x"),
            article("/c/b.jsonl", None, None, "x"),
            article("/c/b.jsonl", None, None, "x"),
        ];
        let g = groups(&by_file);
        assert_eq!(g.by, Some(GroupBy::File));
        assert_eq!(
            g.rows,
            [("b.jsonl".to_owned(), 2), ("a.jsonl".to_owned(), 1)]
        );
        assert_eq!(groups(&by_file[..1]).by, None);
    }

    #[test]
    fn counts_dates_and_top_entities() {
        let arts = [
            article("/a.txt", None, Some("2018-01-02"), "Ann met Bob here"),
            article("/b.txt", None, None, "Ann alone"),
            article("/c.txt", None, Some("2016"), "Bob Bob Bob"),
            article("/d.txt", None, Some("2017-05"), "Ann"),
        ];
        let texts: Vec<(&str, &str)> = arts.iter().map(|a| ("", a.body.as_str())).collect();
        let r = resolution_of(&texts, &["Ann", "Bob", "Cy"]);
        let p = Presence::build(&texts, &r);
        let o = overview(&arts, &DateColumn::of(&arts), Some(&p), 5);
        assert_eq!((o.articles, o.words, o.dated), (4, 4 + 2 + 3 + 1, 3));
        let span = o.span.unwrap();
        assert_eq!(
            (span.0.to_string(), span.1.to_string()),
            ("2016".into(), "2018-01-02".into())
        );
        let people = &o.kinds[0];
        assert_eq!(people.kind, EntityKind::Person);
        assert_eq!(people.entities, 2, "Cy is never named");
        assert_eq!(people.top, [(0, 3), (1, 2)]);
        assert!(o.kinds[1].top.is_empty());
    }
}
