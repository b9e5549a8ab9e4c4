//! The entities pane: the entities of the open article (or of the whole
//! corpus) with their mention counts, filtered as you type (fuzzy, as in
//! fzf) and by type; choosing one filters the article list to the articles
//! that mention it.

use super::state::{AppState, Focus, ListState};
use crate::entities::EntityKind;

/// One row: an entity and its mention counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityRow {
    pub entity: u32,
    pub in_article: usize,
    pub in_corpus: usize,
}

/// The pane's state.
#[derive(Debug, Clone, Default)]
pub struct EntitiesPane {
    /// Every entity of the corpus, or those of the open article.
    pub corpus: bool,
    pub filter: String,
    pub kind: Option<EntityKind>,
    pub rows: Vec<EntityRow>,
    pub selected: usize,
}

/// The article list narrowed to the articles that mention one entity.
#[derive(Debug, Clone)]
pub struct EntityFilter {
    pub entity: u32,
    pub articles: Vec<u32>,
    /// Where the list was before.
    pub saved: ListState,
}

/// Opens (or switches) the pane.
pub fn open(state: &mut AppState, corpus: bool) {
    if state.analysis.resolution.is_none() {
        state.message = Some("entities are still being found".into());
        return;
    }
    let mut pane = state.entities_pane.take().unwrap_or_default();
    pane.corpus = corpus;
    state.entities_pane = Some(pane);
    state.focus = Focus::List;
    refresh(state);
}

/// Recomputes the rows for the scope, type and filter.
pub fn refresh(state: &mut AppState) {
    let Some(mut pane) = state.entities_pane.take() else {
        return;
    };
    pane.rows = rows(state, &pane);
    pane.selected = pane.selected.min(pane.rows.len().saturating_sub(1));
    state.entities_pane = Some(pane);
}

fn rows(state: &AppState, pane: &EntitiesPane) -> Vec<EntityRow> {
    let Some(res) = &state.analysis.resolution else {
        return Vec::new();
    };
    let postings = &state.analysis.postings;
    let mut in_article = vec![0usize; 0];
    if let Some(doc) = state.reader.article.and_then(|a| res.docs.get(a as usize)) {
        in_article = vec![0; res.entities.len()];
        // counted like the corpus column (postings): body mentions
        for m in crate::entities::body_mentions(doc) {
            if let Some(c) = m.entity.and_then(|e| in_article.get_mut(e.0 as usize)) {
                *c += 1;
            }
        }
    }
    let needle: Vec<char> = pane
        .filter
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut scored: Vec<(i64, EntityRow)> = Vec::new();
    for (id, e) in res.entities.iter().enumerate() {
        let here = in_article.get(id).copied().unwrap_or(0);
        let total = postings.get(id).map_or(0, Vec::len);
        if (!pane.corpus && here == 0) || total == 0 || pane.kind.is_some_and(|k| k != e.kind) {
            continue;
        }
        let score = if needle.is_empty() {
            Some(0)
        } else {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .filter_map(|n| fuzzy(&needle, n))
                .max()
        };
        if let Some(s) = score {
            let row = EntityRow {
                entity: id as u32,
                in_article: here,
                in_corpus: total,
            };
            scored.push((s, row));
        }
    }
    // Best match first, then most mentioned (in the article, then the corpus).
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.in_article.cmp(&a.1.in_article))
            .then(b.1.in_corpus.cmp(&a.1.in_corpus))
            .then(a.1.entity.cmp(&b.1.entity))
    });
    scored.into_iter().map(|(_, r)| r).collect()
}

/// fzf-style subsequence match of `needle` (lowercase) in `hay`: a score
/// when every character appears in order, higher for matches at word
/// starts and in runs; `None` otherwise.
pub fn fuzzy(needle: &[char], hay: &str) -> Option<i64> {
    let mut score = 0i64;
    let mut it = needle.iter().peekable();
    let mut prev_matched = false;
    let mut prev: Option<char> = None;
    for c in hay.chars() {
        let Some(&&want) = it.peek() else { break };
        let lc = c.to_lowercase().next().unwrap_or(c);
        if lc == want {
            it.next();
            score += 1;
            if prev.is_none_or(|p| !p.is_alphanumeric()) {
                score += 8; // start of a word
            }
            if prev_matched {
                score += 4; // a run
            }
            prev_matched = true;
        } else {
            prev_matched = false;
            score -= 1;
        }
        prev = Some(c);
    }
    if it.peek().is_some() {
        return None;
    }
    // A whole substring beats scattered letters.
    let whole: String = needle.iter().collect();
    if hay.to_lowercase().contains(&whole) {
        score += 4 * needle.len() as i64;
    }
    Some(score)
}

/// Enter on an entity: the list shows only the articles that mention it,
/// and the reader opens its first mention.
pub fn choose(state: &mut AppState) {
    let Some(pane) = state.entities_pane.take() else {
        return;
    };
    let Some(row) = pane.rows.get(pane.selected).copied() else {
        state.entities_pane = Some(pane);
        return;
    };
    let postings = state
        .analysis
        .postings
        .get(row.entity as usize)
        .cloned()
        .unwrap_or_default();
    let mut articles: Vec<u32> = postings.iter().map(|p| p.0).collect();
    articles.dedup();
    let saved = state.entity_filter.take().map_or(state.list, |f| f.saved);
    state.entity_filter = Some(EntityFilter {
        entity: row.entity,
        articles,
        saved,
    });
    state.list = ListState::default();
    if let Some(&(article, mention)) = postings.first() {
        state.go_to_mention(article, mention as usize);
    }
}

/// Esc with an entity filter: the full list comes back where it was.
pub fn clear_filter(state: &mut AppState) {
    if let Some(f) = state.entity_filter.take() {
        state.list = f.saved;
        state.reader.article = None;
        state.show_selected();
        state.keep_selection_visible();
    }
}

/// The next type in the filter cycle: all, PER, LOC, ORG, MISC, DATE.
pub fn next_kind(kind: Option<EntityKind>) -> Option<EntityKind> {
    match kind {
        None => Some(EntityKind::ALL[0]),
        Some(k) => EntityKind::ALL
            .iter()
            .position(|x| *x == k)
            .and_then(|i| EntityKind::ALL.get(i + 1))
            .copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_prefers_word_starts_and_runs() {
        let n: Vec<char> = "dt".chars().collect();
        assert!(fuzzy(&n, "Donald Trump").is_some());
        assert!(fuzzy(&n, "Mexico").is_none());
        let t: Vec<char> = "trump".chars().collect();
        assert!(fuzzy(&t, "Trump").unwrap() > fuzzy(&t, "the rumpus").unwrap_or(i64::MIN));
        let b: Vec<char> = "blair".chars().collect();
        assert!(fuzzy(&b, "Tony Blair").unwrap() > fuzzy(&b, "Blake Irving").unwrap());
    }
}
