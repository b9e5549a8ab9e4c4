//! The in-memory store: every loaded article in input order, the warnings met
//! while loading, and load progress. The app and the headless commands read
//! from it; the loader fills it through [`Store::apply`].
//!
//! A watched folder changes the store file by file ([`Store::replace_file`],
//! [`Store::remove_path`]): an article keeps its position for the whole
//! session (every list, mention and search hit refers to it by position), a
//! changed one is replaced in place, new ones are appended, and those whose
//! file went are marked gone (still readable, no longer analysed).
//!
//! Warnings are bounded twice: the loader keeps the first few of each file
//! (`corpus::WARNINGS_PER_FILE`) and the store the first [`MAX_WARNINGS`]
//! of the whole input, with a last line that counts the rest.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::corpus::{Article, ArticleIdx, LoadEvent, LoadWarning, OffsetMap};

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
    /// Articles whose file was removed (by position; shorter than
    /// `articles` when the last ones are not gone).
    gone: Vec<bool>,
    /// Each file's articles, by position: made on the first change of a
    /// watched folder, or kept from the start ([`Store::keep_paths`]).
    by_path: Option<HashMap<Arc<Path>, Vec<ArticleIdx>>>,
}

/// What taking in a file's new state changed, by article position.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// New articles (appended), or gone ones back again.
    pub added: Vec<ArticleIdx>,
    /// Articles read again with a different content.
    pub changed: Vec<ArticleIdx>,
    /// Articles whose file (or place in it) is gone.
    pub removed: Vec<ArticleIdx>,
}

impl FileChange {
    /// Takes in `other` too.
    pub fn extend(&mut self, other: FileChange) {
        self.added.extend(other.added);
        self.changed.extend(other.changed);
        self.removed.extend(other.removed);
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
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
            ..Store::default()
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
                for a in articles {
                    if let Some(map) = self.by_path.as_mut() {
                        let idx = self.articles.len() as ArticleIdx;
                        map.entry(Arc::clone(&a.path)).or_default().push(idx);
                    }
                    self.articles.push(Arc::new(a));
                }
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

    /// Takes in warnings about the input as a whole (the watch's own).
    pub fn warn(&mut self, warnings: Vec<LoadWarning>) {
        if !warnings.is_empty() {
            self.add_warnings(warnings);
        }
    }

    /// The file of article `idx` was removed (it stays readable).
    pub fn is_gone(&self, idx: ArticleIdx) -> bool {
        self.gone.get(idx as usize).copied().unwrap_or(false)
    }

    /// Takes in the articles and warnings `path` holds now: articles keep
    /// their positions (a changed one is replaced in place), more articles
    /// than before are appended, fewer leave the rest gone. The file's
    /// earlier warnings are replaced by `warnings` (a file read while it
    /// was being written warns no more once it is whole).
    pub fn replace_file(
        &mut self,
        path: &Path,
        articles: Vec<Article>,
        warnings: Vec<LoadWarning>,
    ) -> FileChange {
        self.forget_warnings(path, false);
        self.add_warnings(warnings);
        let old = self.paths().get(path).cloned().unwrap_or_default();
        let mut change = FileChange::default();
        let mut new = articles.into_iter();
        for &idx in &old {
            let i = idx as usize;
            let gone = self.is_gone(idx);
            match new.next() {
                Some(a) => {
                    let same = self.articles.get(i).is_some_and(|b| same_content(&a, b));
                    if gone {
                        change.added.push(idx);
                    } else if !same {
                        change.changed.push(idx);
                    }
                    if gone || !same {
                        if let Some(slot) = self.articles.get_mut(i) {
                            *slot = Arc::new(a);
                        }
                        self.set_gone(idx, false);
                    }
                }
                None if !gone => {
                    self.set_gone(idx, true);
                    change.removed.push(idx);
                }
                None => {}
            }
        }
        for a in new {
            let idx = self.articles.len() as ArticleIdx;
            let key = Arc::clone(&a.path);
            self.articles.push(Arc::new(a));
            self.paths().entry(key).or_default().push(idx);
            change.added.push(idx);
        }
        change
    }

    /// Marks gone the articles of `path`, or of every file under it when it
    /// was a folder; their warnings go too.
    pub fn remove_path(&mut self, path: &Path) -> FileChange {
        self.forget_warnings(path, true);
        let mut removed: Vec<ArticleIdx> = self
            .paths()
            .iter()
            .filter(|(p, _)| p.starts_with(path))
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        removed.retain(|&idx| !self.is_gone(idx));
        removed.sort_unstable();
        for &idx in &removed {
            self.set_gone(idx, true);
        }
        FileChange {
            removed,
            ..FileChange::default()
        }
    }

    /// The articles for an analysis: a gone one is an empty article of the
    /// same file (no text, so no entities and no search match), keeping
    /// every position.
    pub fn for_analysis(&self) -> Vec<Arc<Article>> {
        self.articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if !self.is_gone(i as ArticleIdx) {
                    return Arc::clone(a);
                }
                Arc::new(Article {
                    id: a.id,
                    path: Arc::clone(&a.path),
                    title: String::new(),
                    title_origin: None,
                    date: None,
                    source: None,
                    author: None,
                    body: String::new(),
                    origin: OffsetMap::verbatim(0, 0),
                    words: 0,
                    decompressed: a.decompressed,
                })
            })
            .collect()
    }

    fn set_gone(&mut self, idx: ArticleIdx, gone: bool) {
        let i = idx as usize;
        if self.gone.len() <= i {
            if !gone {
                return;
            }
            self.gone.resize(i + 1, false);
        }
        self.gone[i] = gone;
    }

    /// Each file's articles (made on first use).
    /// Keeps each file's articles from now on, as they are added (a
    /// watched collection): the first change then finds them at once
    /// instead of making the map of every article there and then.
    pub fn keep_paths(&mut self) {
        self.paths();
    }

    fn paths(&mut self) -> &mut HashMap<Arc<Path>, Vec<ArticleIdx>> {
        let articles = &self.articles;
        self.by_path.get_or_insert_with(|| {
            let mut map: HashMap<Arc<Path>, Vec<ArticleIdx>> = HashMap::new();
            for (i, a) in articles.iter().enumerate() {
                map.entry(Arc::clone(&a.path))
                    .or_default()
                    .push(i as ArticleIdx);
            }
            map
        })
    }

    /// Drops the warnings about `path` (and files under it when `under`).
    fn forget_warnings(&mut self, path: &Path, under: bool) {
        let exact = path.display().to_string();
        self.warnings.retain(|w| {
            if w.path == exact {
                return false;
            }
            !(under && !w.path.is_empty() && Path::new(&w.path).starts_with(path))
        });
    }

    /// Bytes of article text held.
    pub fn text_bytes(&self) -> usize {
        self.articles
            .iter()
            .map(|a| a.body.len() + a.title.len())
            .sum()
    }
}

/// The same article as the reader shows it.
fn same_content(a: &Article, b: &Article) -> bool {
    a.title == b.title
        && a.body == b.body
        && a.date == b.date
        && a.source == b.source
        && a.author == b.author
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

    fn file(path: &str, bodies: &[&str]) -> Vec<Article> {
        let name = format!("{path}.jsonl");
        let lines: String = bodies
            .iter()
            .map(|b| format!("{{\"title\":\"{b}\",\"text\":\"{b} text.\"}}\n"))
            .collect();
        crate::corpus::parse_bytes(
            Path::new(&name),
            crate::corpus::FileKind::JsonLines,
            lines.as_bytes(),
        )
        .articles
    }

    #[test]
    fn a_file_read_again_keeps_positions_appends_and_marks_gone() {
        let mut articles = file("a", &["one", "two"]);
        articles.extend(file("b", &["three"]));
        let mut store = Store::from_articles(articles, Vec::new());
        let a = Path::new("a.jsonl");
        // Same content: nothing changes.
        let c = store.replace_file(a, file("a", &["one", "two"]), Vec::new());
        assert!(c.is_empty(), "{c:?}");
        // The second article changed, a third was appended to the file.
        let c = store.replace_file(a, file("a", &["one", "TWO", "four"]), Vec::new());
        assert_eq!((c.added, c.changed, c.removed), (vec![3], vec![1], vec![]));
        assert_eq!(store.get(1).map(|x| x.title.as_str()), Some("TWO"));
        assert_eq!(store.get(3).map(|x| x.title.as_str()), Some("four"));
        // The file shrank: its last articles are gone, still readable.
        let c = store.replace_file(a, file("a", &["one"]), Vec::new());
        assert_eq!(c.removed, vec![1, 3]);
        assert!(store.is_gone(1) && store.is_gone(3) && !store.is_gone(0));
        assert_eq!(store.get(1).map(|x| x.title.as_str()), Some("TWO"));
        let analysed = store.for_analysis();
        assert_eq!(analysed.len(), 4);
        assert!(analysed[1].body.is_empty() && analysed[3].title.is_empty());
        assert_eq!(analysed[2].title, "three");
        // It grows back: the gone places are used again.
        let c = store.replace_file(a, file("a", &["one", "two"]), Vec::new());
        assert_eq!(c.added, vec![1]);
        assert!(!store.is_gone(1));
        // The file goes.
        let c = store.remove_path(a);
        assert_eq!(c.removed, vec![0, 1]);
        assert_eq!(store.len(), 4);
    }

    #[test]
    fn paths_kept_while_loading_give_the_same_changes_as_paths_made_later() {
        let load = |keep: bool| {
            let mut store = Store::default();
            if keep {
                store.keep_paths();
            }
            for articles in [file("a", &["one", "two"]), file("b", &["three"])] {
                store.apply(LoadEvent::Batch {
                    articles,
                    warnings: Vec::new(),
                    files_done: 1,
                    bytes: 0,
                });
            }
            store
        };
        let (mut kept, mut later) = (load(true), load(false));
        let a = Path::new("a.jsonl");
        for store in [&mut kept, &mut later] {
            let c = store.replace_file(a, file("a", &["one", "TWO", "four"]), Vec::new());
            assert_eq!((c.added, c.changed, c.removed), (vec![3], vec![1], vec![]));
            let c = store.remove_path(Path::new("b.jsonl"));
            assert_eq!(c.removed, vec![2]);
        }
        assert_eq!(kept.by_path, later.by_path);
    }

    #[test]
    fn a_files_warnings_are_replaced_when_it_is_read_again() {
        let mut store = Store::from_articles(file("a", &["one"]), Vec::new());
        let p = Path::new("half.jsonl");
        let w = |m: &str| vec![LoadWarning::new(p, None, m.into())];
        store.replace_file(p, Vec::new(), w("unexpected end"));
        assert_eq!(store.warnings().len(), 1);
        let c = store.replace_file(p, file("half", &["whole"]), Vec::new());
        assert!(store.warnings().is_empty());
        assert_eq!(c.added, vec![1]);
        let w2 = vec![LoadWarning::new(
            Path::new("dir/x.json"),
            None,
            "broken".into(),
        )];
        store.replace_file(Path::new("dir/x.json"), Vec::new(), w2);
        store.replace_file(p, Vec::new(), w("cut short"));
        store.remove_path(Path::new("dir"));
        assert_eq!(store.warnings().len(), 1, "only the folder's warnings go");
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
