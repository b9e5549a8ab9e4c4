//! The in-memory store: every loaded article in input order, the warnings met
//! while loading, and load progress. The app and the headless commands read
//! from it; the loader fills it through [`Store::apply`].

use std::sync::Arc;

use crate::corpus::{Article, ArticleIdx, LoadEvent, LoadWarning};

/// Articles, warnings and load progress.
#[derive(Debug, Default)]
pub struct Store {
    articles: Vec<Arc<Article>>,
    warnings: Vec<LoadWarning>,
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
        Store {
            articles: articles.into_iter().map(Arc::new).collect(),
            warnings,
            progress: LoadProgress {
                files_total: Some(files_done),
                files_done,
                bytes: 0,
                finished: true,
            },
        }
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
                self.warnings.extend(warnings);
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
