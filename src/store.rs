//! The in-memory store: every loaded article in input order, the warnings met
//! while loading, and load progress. The app and the headless commands read
//! from it; the loader fills it through [`Store::apply`].
//!
//! Warnings are bounded twice: the loader keeps the first few of each file
//! (`corpus::WARNINGS_PER_FILE`) and the store the first [`MAX_WARNINGS`]
//! of the whole input, with a last line that counts the rest.

use std::sync::Arc;

use crate::corpus::{Article, ArticleIdx, LoadEvent, LoadWarning};

/// Warnings kept; past them, one more line counts the rest.
pub const MAX_WARNINGS: usize = 10_000;

/// Articles, warnings and load progress.
#[derive(Debug, Default)]
pub struct Store {
    articles: Vec<Arc<Article>>,
    warnings: Vec<LoadWarning>,
    /// Warnings not kept (past [`MAX_WARNINGS`]).
    dropped: usize,
    progress: LoadProgress,
}

/// How far loading has come.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    /// Files to read; `None` while the input is still being listed.
    pub files_total: Option<usize>,
    pub files_done: usize,
    pub bytes: u64,
    pub finished: bool,
}

impl Store {
    /// A store holding `articles`, fully loaded.
    pub fn from_articles(articles: Vec<Article>, warnings: Vec<LoadWarning>) -> Self {
        let files_done = articles.len();
        let mut store = Store {
            articles: articles.into_iter().map(Arc::new).collect(),
            warnings: Vec::new(),
            dropped: 0,
            progress: LoadProgress {
                files_total: Some(files_done),
                files_done,
                bytes: 0,
                finished: true,
            },
        };
        store.add_warnings(warnings);
        store
    }

    fn add_warnings(&mut self, warnings: Vec<LoadWarning>) {
        let room = MAX_WARNINGS.saturating_sub(self.warnings.len().min(MAX_WARNINGS));
        let extra = warnings.len().saturating_sub(room);
        self.warnings.extend(warnings.into_iter().take(room));
        if extra == 0 {
            return;
        }
        self.dropped += extra;
        let note = LoadWarning::note(format!(
            "{} more warnings not kept (the first {MAX_WARNINGS} are above)",
            self.dropped
        ));
        self.warnings.truncate(MAX_WARNINGS);
        self.warnings.push(note);
    }

    /// Takes in one event of a background load.
    pub fn apply(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Found { files } => self.progress.files_total = Some(files),
            LoadEvent::Batch {
                articles,
                warnings,
                files_done,
                bytes,
            } => {
                self.articles.extend(articles.into_iter().map(Arc::new));
                self.add_warnings(warnings);
                self.progress.files_done = self.progress.files_done.max(files_done);
                self.progress.bytes += bytes;
            }
            LoadEvent::Finished => self.progress.finished = true,
        }
    }

    /// The articles, shared: background work holds them without copying.
    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    pub fn get(&self, idx: ArticleIdx) -> Option<&Article> {
        self.articles.get(idx as usize).map(|a| &**a)
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn warnings(&self) -> &[LoadWarning] {
        &self.warnings
    }

    pub fn progress(&self) -> LoadProgress {
        self.progress
    }

    /// Bytes of article text held.
    pub fn text_bytes(&self) -> usize {
        self.articles
            .iter()
            .map(|a| a.body.len() + a.title.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn batch(n: usize) -> LoadEvent {
        LoadEvent::Batch {
            articles: Vec::new(),
            warnings: (0..n)
                .map(|i| LoadWarning::new(Path::new("f.jsonl"), Some(i + 1), "broken".into()))
                .collect(),
            files_done: 1,
            bytes: 0,
        }
    }

    #[test]
    fn warnings_past_the_limit_are_counted_not_kept() {
        let mut store = Store::default();
        store.apply(batch(MAX_WARNINGS - 1));
        assert_eq!(store.warnings().len(), MAX_WARNINGS - 1);
        store.apply(batch(3));
        store.apply(batch(5));
        assert_eq!(store.warnings().len(), MAX_WARNINGS + 1);
        let last = store.warnings().last().map(ToString::to_string);
        assert_eq!(
            last.as_deref(),
            Some("7 more warnings not kept (the first 10000 are above)")
        );
    }
}
