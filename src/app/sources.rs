//! The list-source stack: which articles the list shows.
//!
//! The bottom level is every article. Each level above narrows the one
//! below it: a search runs within the list it was typed over, an entity
//! chosen in the entities pane keeps the articles of the list below that
//! mention it. Each level keeps its own selection and scroll, so going
//! back ([`ListStack::pop`]) shows the wider list exactly as it was left.
//! The list always shows the top level, and the reader always shows the
//! top level's selected article (`update` keeps them together).
//!
//! Adding a source (saved-search results, a tag): a variant of
//! [`Narrowing`] with its articles in corpus order, or of [`Source`] when
//! the rows have their own order.

use crate::corpus::ArticleIdx;
use crate::dates::Period;
use crate::search::SearchResults;

/// The articles of one level, in list order.
#[derive(Debug, Clone)]
pub enum Source {
    /// Every article, in input order (the bottom level).
    All,
    /// The results of a query, best first.
    Search(Box<SearchList>),
    /// A fixed set of articles, in corpus order.
    Subset(Box<Subset>),
}

/// A query's results as a list.
#[derive(Debug, Clone)]
pub struct SearchList {
    /// The query the results answer.
    pub query: String,
    /// The results: those within the level below when it is narrowed, with
    /// `total` counting only those.
    pub results: SearchResults,
    /// Every result is in `results.hits` (no more to fetch).
    pub complete: bool,
    /// The level below is narrowed (not every article).
    pub within: bool,
}

/// Why a subset was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrowing {
    /// The articles that mention an entity.
    Entity(u32),
    /// The articles dated in a period (a bar of the timeline): those its
    /// `date:` filter finds.
    Period(Period),
    /// The articles that name both entities (a row of the co-occurrence
    /// view); `*` and `#` walk the mentions of either.
    Pair(u32, u32),
}

/// A fixed set of articles.
#[derive(Debug, Clone)]
pub struct Subset {
    pub why: Narrowing,
    /// In corpus order.
    pub articles: Vec<ArticleIdx>,
}

/// One level of the stack: its source, selected row and first row shown.
#[derive(Debug, Clone)]
pub struct Level {
    pub source: Source,
    pub selected: usize,
    pub offset: usize,
}

impl Level {
    fn new(source: Source) -> Self {
        Level {
            source,
            selected: 0,
            offset: 0,
        }
    }
}

/// Which articles belong to a level, for narrowing and for walks that stay
/// within the list.
#[derive(Debug, Clone)]
pub enum Members {
    /// Every article.
    All,
    /// By article index.
    Some(Vec<bool>),
}

impl Members {
    pub fn contains(&self, idx: ArticleIdx) -> bool {
        match self {
            Members::All => true,
            Members::Some(m) => m.get(idx as usize).copied().unwrap_or(false),
        }
    }

    /// Every article.
    pub fn is_all(&self) -> bool {
        matches!(self, Members::All)
    }
}

impl Source {
    /// Number of rows (`all` is the number of articles loaded).
    pub fn len(&self, all: usize) -> usize {
        match self {
            Source::All => all,
            Source::Search(s) => s.results.hits.len(),
            Source::Subset(s) => s.articles.len(),
        }
    }

    /// The article on row `row`.
    pub fn article(&self, row: usize, all: usize) -> Option<ArticleIdx> {
        match self {
            Source::All => (row < all).then_some(row as ArticleIdx),
            Source::Search(s) => s.results.hits.get(row).map(|h| h.doc),
            Source::Subset(s) => s.articles.get(row).copied(),
        }
    }

    /// The row of article `idx`, if the level holds it.
    pub fn row_of(&self, idx: ArticleIdx, all: usize) -> Option<usize> {
        match self {
            Source::All => ((idx as usize) < all).then_some(idx as usize),
            Source::Search(s) => s.results.hits.iter().position(|h| h.doc == idx),
            Source::Subset(s) => s.articles.binary_search(&idx).ok(),
        }
    }

    /// Every row is there (a search may hold only its best results yet).
    pub fn complete(&self) -> bool {
        match self {
            Source::Search(s) => s.complete,
            Source::All | Source::Subset(_) => true,
        }
    }

    /// The articles of the level (only complete once [`Source::complete`]).
    pub fn members(&self, all: usize) -> Members {
        let set = |docs: &mut dyn Iterator<Item = ArticleIdx>| {
            let mut m = vec![false; all];
            for d in docs {
                if let Some(x) = m.get_mut(d as usize) {
                    *x = true;
                }
            }
            Members::Some(m)
        };
        match self {
            Source::All => Members::All,
            Source::Search(s) => set(&mut s.results.hits.iter().map(|h| h.doc)),
            Source::Subset(s) => set(&mut s.articles.iter().copied()),
        }
    }

    /// The search, when the level is one.
    pub fn search(&self) -> Option<&SearchList> {
        match self {
            Source::Search(s) => Some(s),
            _ => None,
        }
    }
}

/// The stack of list sources; never empty, every article at the bottom.
#[derive(Debug, Clone)]
pub struct ListStack {
    levels: Vec<Level>,
}

impl Default for ListStack {
    fn default() -> Self {
        ListStack {
            levels: vec![Level::new(Source::All)],
        }
    }
}

impl ListStack {
    /// Every level, bottom first.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// The level shown.
    pub fn top(&self) -> &Level {
        // `levels` is never empty: `pop` and `truncate` keep the bottom.
        &self.levels[self.levels.len() - 1]
    }

    pub fn top_mut(&mut self) -> &mut Level {
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    /// Index of the top level (0 when every article is shown).
    pub fn depth(&self) -> usize {
        self.levels.len() - 1
    }

    pub fn get(&self, level: usize) -> Option<&Level> {
        self.levels.get(level)
    }

    pub fn get_mut(&mut self, level: usize) -> Option<&mut Level> {
        self.levels.get_mut(level)
    }

    /// Shows `source` over the current list, from its first row.
    pub fn push(&mut self, source: Source) {
        self.levels.push(Level::new(source));
    }

    /// Goes back to the list below; false at the bottom.
    pub fn pop(&mut self) -> bool {
        if self.levels.len() > 1 {
            self.levels.pop();
            true
        } else {
            false
        }
    }

    /// Keeps the levels up to `level` (and always the bottom one).
    pub fn truncate_above(&mut self, level: usize) {
        self.levels.truncate(level.saturating_add(1).max(1));
    }

    /// Shows `source` right above level `parent`, replacing what was above
    /// it, from its first row (a query's new results replace the old).
    pub fn set_above(&mut self, parent: usize, source: Source) {
        self.truncate_above(parent);
        self.levels.push(Level::new(source));
    }

    /// The entities `*` and `#` walk together: those of the nearest
    /// narrowing by entity at or below the top, when it is by two.
    pub fn pair(&self) -> Option<(u32, u32)> {
        let nearest = self.levels.iter().rev().find_map(|l| match &l.source {
            Source::Subset(s) => match s.why {
                Narrowing::Pair(..) | Narrowing::Entity(_) => Some(s.why),
                Narrowing::Period(_) => None,
            },
            _ => None,
        });
        match nearest {
            Some(Narrowing::Pair(e, f)) => Some((e, f)),
            _ => None,
        }
    }

    /// The nearest search at or below the top: the query whose hits the
    /// reader marks.
    pub fn search(&self) -> Option<&SearchList> {
        self.levels.iter().rev().find_map(|l| l.source.search())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subset(articles: Vec<ArticleIdx>) -> Source {
        Source::Subset(Box::new(Subset {
            why: Narrowing::Entity(0),
            articles,
        }))
    }

    #[test]
    fn levels_keep_their_place_and_the_bottom_stays() {
        let mut s = ListStack::default();
        s.top_mut().selected = 7;
        s.push(subset(vec![2, 5, 9]));
        assert_eq!(s.depth(), 1);
        assert_eq!(s.top().selected, 0);
        assert_eq!(s.top().source.len(100), 3);
        assert_eq!(s.top().source.row_of(9, 100), Some(2));
        assert_eq!(s.top().source.row_of(3, 100), None);
        assert!(s.pop());
        assert_eq!(s.top().selected, 7, "the wider list as it was left");
        assert!(!s.pop(), "the bottom level stays");
        s.truncate_above(0);
        assert_eq!(s.depth(), 0);
        s.set_above(0, subset(vec![1]));
        s.set_above(0, subset(vec![4]));
        assert_eq!(s.depth(), 1, "replaced, not stacked");
        let m = s.top().source.members(10);
        assert!(m.contains(4) && !m.contains(1) && !m.contains(99));
    }
}
