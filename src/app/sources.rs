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
//!
//! The list's order ([`Order`]: path, date, title, last read) applies to
//! every level whose rows have no order of their own: every article, a
//! subset, and a query of marks alone (`is:starred`, `tag:x`). A level
//! keeps its source in corpus order and the rows it shows beside it
//! ([`Level::article`], [`Level::row_of`]); a ranked search keeps its
//! ranking. Changing the order keeps each level's selected article
//! selected ([`ListStack::set_order`]).

use std::sync::Arc;

use crate::corpus::ArticleIdx;
use crate::dates::Period;
use crate::reading::ListSort;
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

/// The list's order over every article: the sort, the store positions in
/// that order and each position's row. Positions past those it was made
/// for (articles that arrived since) follow, in path order.
#[derive(Debug, Clone, Default)]
pub struct Order {
    pub sort: ListSort,
    /// Positions in list order (empty for path order).
    rows: Arc<[ArticleIdx]>,
    /// The row of each position (empty for path order).
    rank: Arc<[u32]>,
}

impl Order {
    /// The order `sort` whose rows are the positions `rows` (a permutation
    /// of `0..rows.len()`).
    pub fn new(sort: ListSort, rows: Vec<ArticleIdx>) -> Order {
        if sort == ListSort::Path {
            return Order::default();
        }
        let mut rank = vec![0u32; rows.len()];
        for (r, &i) in rows.iter().enumerate() {
            if let Some(x) = rank.get_mut(i as usize) {
                *x = r as u32;
            }
        }
        Order {
            sort,
            rows: rows.into(),
            rank: rank.into(),
        }
    }

    /// Path order: nothing to rearrange.
    pub fn is_path(&self) -> bool {
        self.rows.is_empty()
    }

    /// Where article `idx` stands in the order.
    fn rank_of(&self, idx: ArticleIdx) -> u64 {
        match self.rank.get(idx as usize) {
            Some(&r) => u64::from(r),
            None => self.rank.len() as u64 + u64::from(idx),
        }
    }

    fn article(&self, row: usize, all: usize) -> Option<ArticleIdx> {
        match self.rows.get(row) {
            Some(&i) => Some(i),
            None => (row < all).then_some(row as ArticleIdx),
        }
    }

    fn row_of(&self, idx: ArticleIdx, all: usize) -> Option<usize> {
        ((idx as usize) < all).then(|| self.rank_of(idx) as usize)
    }

    /// `articles` in this order (stable: equal ranks keep their order).
    fn arrange(&self, articles: impl Iterator<Item = ArticleIdx>) -> Vec<ArticleIdx> {
        let mut v: Vec<ArticleIdx> = articles.collect();
        v.sort_by_key(|&i| self.rank_of(i));
        v
    }
}

/// One level of the stack: its source, selected row and first row shown.
#[derive(Debug, Clone)]
pub struct Level {
    pub source: Source,
    pub selected: usize,
    pub offset: usize,
    /// The rows in the list's order, when it rearranges the source's.
    shown: Shown,
}

/// The rows a level shows when the list's order rearranges its source.
#[derive(Debug, Clone, Default)]
enum Shown {
    /// The source's own order.
    #[default]
    Source,
    /// Every article, in this order.
    All(Order),
    /// These articles (the source's, rearranged).
    Rows(Vec<ArticleIdx>),
}

impl Level {
    fn new(source: Source) -> Self {
        Level {
            source,
            selected: 0,
            offset: 0,
            shown: Shown::Source,
        }
    }

    /// Number of rows (`all` is the number of articles loaded).
    pub fn len(&self, all: usize) -> usize {
        self.source.len(all)
    }

    /// The article on row `row`, in the list's order.
    pub fn article(&self, row: usize, all: usize) -> Option<ArticleIdx> {
        match &self.shown {
            Shown::Source => self.source.article(row, all),
            Shown::All(o) => o.article(row, all),
            Shown::Rows(r) => r.get(row).copied(),
        }
    }

    /// The row of article `idx`, if the level holds it.
    pub fn row_of(&self, idx: ArticleIdx, all: usize) -> Option<usize> {
        match &self.shown {
            Shown::Source => self.source.row_of(idx, all),
            Shown::All(o) => o.row_of(idx, all),
            Shown::Rows(r) => r.iter().position(|&a| a == idx),
        }
    }

    /// Its rows rearranged for `order` (or back to the source's order).
    fn arrange(&mut self, order: &Order) {
        self.shown = if order.is_path() {
            Shown::Source
        } else {
            match &self.source {
                Source::All => Shown::All(order.clone()),
                Source::Subset(s) => Shown::Rows(order.arrange(s.articles.iter().copied())),
                Source::Search(s) if s.results.listed => {
                    Shown::Rows(order.arrange(s.results.hits.iter().map(|h| h.doc)))
                }
                Source::Search(_) => Shown::Source,
            }
        };
    }

    /// The source changed in place since its rows were arranged.
    fn stale(&self) -> bool {
        match (&self.shown, &self.source) {
            (Shown::Rows(r), src) => r.len() != src.len(usize::MAX),
            (Shown::Source, Source::Subset(_)) => false,
            (Shown::Source, Source::Search(s)) => s.results.listed,
            _ => false,
        }
    }

    /// Rearranged for `order`, with the same article selected (and the
    /// selected row at the same height in the list).
    fn rearrange(&mut self, order: &Order, all: usize) {
        let kept = self.article(self.selected, all);
        let height = self.selected.saturating_sub(self.offset);
        self.arrange(order);
        if let Some(row) = kept.and_then(|a| self.row_of(a, all)) {
            self.selected = row;
            self.offset = row.saturating_sub(height);
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
    /// The list's order.
    order: Order,
}

impl Default for ListStack {
    fn default() -> Self {
        ListStack {
            levels: vec![Level::new(Source::All)],
            order: Order::default(),
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
        let mut level = Level::new(source);
        level.arrange(&self.order);
        self.levels.push(level);
    }

    /// The list's order.
    pub fn order(&self) -> &Order {
        &self.order
    }

    /// Puts every level in `order`, each keeping its selected article
    /// (`all` articles are loaded).
    pub fn set_order(&mut self, order: Order, all: usize) {
        self.order = order;
        for level in &mut self.levels {
            level.rearrange(&self.order, all);
        }
    }

    /// After level `level`'s source changed in place: its rows in the
    /// list's order, with article `keep` selected (when it holds it) at
    /// `height` rows from the top of the list.
    pub fn keep_selected(
        &mut self,
        level: usize,
        keep: Option<ArticleIdx>,
        height: usize,
        all: usize,
    ) {
        let Some(l) = self.levels.get_mut(level) else {
            return;
        };
        l.arrange(&self.order);
        if let Some(row) = keep.and_then(|a| l.row_of(a, all)) {
            l.selected = row;
            l.offset = row.saturating_sub(height);
        }
    }

    /// Rearranges the levels whose source changed in place (more results,
    /// arrivals); true when one did.
    pub fn refresh(&mut self, all: usize) -> bool {
        let mut changed = false;
        for level in &mut self.levels {
            if level.stale() && !self.order.is_path() {
                level.rearrange(&self.order, all);
                changed = true;
            }
        }
        changed
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
        self.push(source);
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
