//! Writing the reader's work for articles known by their position in the
//! store: the keeper finds each article's row in the user store (the
//! analysis' identification, or its own when that has not run yet), makes
//! the change in one transaction and reads the article's marks back, so the
//! caller shows only what is on disk.

use std::sync::{Arc, Mutex, MutexGuard};

use super::keep::{self, Clip, SavedSearch, Stored};
use super::marks::Marks;
use crate::corpus::Article;
use crate::workspace::{ArticleRef, ArticleRow, ContentHash, UserStore, UserStoreError, Workspace};

/// One change to an article's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Read(bool),
    Starred(bool),
    /// The article's whole set of tags.
    Tags(Vec<String>),
    /// The note (empty removes it).
    Note(String),
    /// A quote: a byte range of the body as shown, kept with its file
    /// offsets.
    Clip(std::ops::Range<usize>),
}

/// Where the reader's work is written: a workspace, or a store in memory
/// for a session without one.
pub struct Keeper {
    ws: Option<Arc<Workspace>>,
    mem: Option<Mutex<UserStore>>,
    /// Rows by store position, as far as known.
    rows: Vec<Option<ArticleRow>>,
}

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeper")
            .field("workspace", &self.ws.is_some())
            .field("rows", &self.rows.len())
            .finish()
    }
}

impl Keeper {
    /// Writes into `ws`, or into memory without one.
    pub fn new(ws: Option<Arc<Workspace>>) -> Keeper {
        let mem = match ws {
            Some(_) => None,
            None => UserStore::in_memory().ok().map(Mutex::new),
        };
        Keeper {
            ws,
            mem,
            rows: Vec::new(),
        }
    }

    fn user(&self) -> Result<MutexGuard<'_, UserStore>, UserStoreError> {
        match (&self.ws, &self.mem) {
            (Some(w), _) => Ok(w.user()),
            (None, Some(m)) => Ok(m.lock().unwrap_or_else(|p| p.into_inner())),
            (None, None) => Err(UserStoreError::SavingDisabled("no store".into())),
        }
    }

    /// Whether it writes into a workspace.
    pub fn has_workspace(&self) -> bool {
        self.ws.is_some()
    }

    /// Whether the analysis (or this keeper) has identified all of
    /// `articles`.
    pub fn identified(&self, articles: &[Arc<Article>]) -> bool {
        match &self.ws {
            Some(w) => w.article_rows().len() == articles.len(),
            None => self.rows.len() == articles.len(),
        }
    }

    /// The rows of `articles` (identified now when not yet known).
    fn rows(&mut self, articles: &[Arc<Article>]) -> Result<&[Option<ArticleRow>], UserStoreError> {
        if self.rows.len() != articles.len() {
            self.rows = match &self.ws {
                Some(w) => rows_of(w, articles)?,
                None => {
                    let names: Vec<(String, ContentHash)> = articles
                        .iter()
                        .map(|a| {
                            let h = ContentHash::of(&a.title, a.date.as_deref(), &a.body);
                            (a.path.display().to_string(), h)
                        })
                        .collect();
                    let refs: Vec<ArticleRef<'_>> = names
                        .iter()
                        .zip(articles)
                        .enumerate()
                        .map(|(i, ((p, h), a))| ArticleRef {
                            hash: *h,
                            path: p,
                            ordinal: i as u32,
                            title: &a.title,
                        })
                        .collect();
                    let mut user = self.user()?;
                    user.identify(&refs)?
                }
            };
        }
        Ok(&self.rows)
    }

    /// The marks of `articles` as kept.
    pub fn marks(&mut self, articles: &[Arc<Article>]) -> Result<Marks, UserStoreError> {
        let rows = self.rows(articles)?.to_vec();
        let stored = keep::load(&*self.user()?)?;
        Ok(Marks::from_store(&rows, &stored))
    }

    /// Makes `change` to article `idx` of `articles` (one transaction) and
    /// returns its marks as now kept.
    pub fn apply(
        &mut self,
        articles: &[Arc<Article>],
        idx: usize,
        change: &Change,
    ) -> Result<Stored, UserStoreError> {
        let row = self
            .rows(articles)?
            .get(idx)
            .copied()
            .flatten()
            .ok_or(UserStoreError::ReadOnly)?;
        let mut user = self.user()?;
        match change {
            Change::Read(on) => keep::set_read(&mut user, row, *on)?,
            Change::Starred(on) => keep::set_starred(&mut user, row, *on)?,
            Change::Tags(tags) => keep::set_tags(&mut user, row, tags)?,
            Change::Note(text) => keep::set_note(&mut user, row, text)?,
            Change::Clip(range) => {
                let a = articles.get(idx).ok_or(UserStoreError::ReadOnly)?;
                let clip = clip_of(self.ws.as_deref(), row, a, range.clone());
                keep::add_clip(&mut user, &clip)?;
            }
        }
        keep::stored(&user, row)
    }

    /// Every clip, oldest first.
    pub fn clips(&self) -> Result<Vec<Clip>, UserStoreError> {
        keep::clips(&*self.user()?)
    }

    /// The position of the article a clip was taken from, if loaded.
    pub fn position_of(&self, row: ArticleRow) -> Option<usize> {
        self.rows.iter().position(|r| *r == Some(row))
    }

    /// The saved searches.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>, UserStoreError> {
        keep::saved_searches(&*self.user()?)
    }

    /// Saves `query` as `name`.
    pub fn save_search(&self, name: &str, query: &str) -> Result<(), UserStoreError> {
        keep::save_search(&mut *self.user()?, name, query)
    }

    /// Records that the saved search `name` was opened now.
    pub fn opened_search(&self, name: &str) -> Result<(), UserStoreError> {
        keep::opened_search(&mut *self.user()?, name)
    }
}

/// The clip of `range` of `a`'s body: its text, its file and file offsets.
fn clip_of(
    ws: Option<&Workspace>,
    row: ArticleRow,
    a: &Arc<Article>,
    range: std::ops::Range<usize>,
) -> Clip {
    let end = range.end.min(a.body.len());
    let start = range.start.min(end);
    let text = a.body.get(start..end).unwrap_or_default().to_owned();
    let file = a.file_range(start..end);
    let path = match ws {
        Some(w) => w
            .collection()
            .names(std::slice::from_ref(a))
            .first()
            .map(|n| n.path.clone()),
        None => None,
    }
    .unwrap_or_else(|| a.path.display().to_string());
    Clip {
        id: 0,
        article: row,
        path,
        start: file.start as u64,
        end: file.end as u64,
        text,
        at: keep::now(),
    }
}

/// The rows of `articles` in `ws`'s user store: those the analysis found
/// when it covered them all, else identified now (new articles get rows;
/// a read-only workspace leaves unknown ones `None`).
pub fn rows_of(
    ws: &Workspace,
    articles: &[Arc<Article>],
) -> Result<Vec<Option<ArticleRow>>, UserStoreError> {
    let known = ws.article_rows();
    if known.len() == articles.len() {
        return Ok(known.to_vec());
    }
    let names = ws.collection().names(articles);
    let refs: Vec<ArticleRef<'_>> = names
        .iter()
        .zip(articles)
        .map(|(n, a)| ArticleRef {
            hash: n.hash,
            path: &n.path,
            ordinal: n.ordinal,
            title: &a.title,
        })
        .collect();
    let rows = ws.user().identify(&refs)?;
    ws.set_article_rows(rows.clone());
    Ok(rows)
}

/// The marks of `articles` (by position) as `ws` holds them.
pub fn marks_of(ws: &Workspace, articles: &[Arc<Article>]) -> Result<Marks, UserStoreError> {
    let rows = rows_of(ws, articles)?;
    let stored = keep::load(&ws.user())?;
    Ok(Marks::from_store(&rows, &stored))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_all};

    #[test]
    fn changes_are_kept_in_the_workspace_and_clips_cite_file_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let news = dir.path().join("news");
        std::fs::create_dir_all(&news).unwrap();
        std::fs::write(
            news.join("one.txt"),
            "Storm hits coast\n\nThe storm hit the coast. Ministers met at dawn.\n",
        )
        .unwrap();
        std::fs::write(news.join("two.txt"), "Budget\n\nThe vote was close.\n").unwrap();
        let input = Input::Paths(vec![news.clone()]);
        let articles: Vec<Arc<Article>> = load_all(&input)
            .articles
            .into_iter()
            .map(Arc::new)
            .collect();
        let wsdir = dir.path().join("ws");
        {
            let ws = Arc::new(Workspace::open_dir(&wsdir, &input).unwrap());
            let mut k = Keeper::new(Some(ws));
            let got = k.apply(&articles, 1, &Change::Starred(true)).unwrap();
            assert!(got.starred);
            let body = &articles[0].body;
            let at = body.find("Ministers").unwrap();
            let range = at..body.len();
            let got = k.apply(&articles, 0, &Change::Clip(range)).unwrap();
            assert_eq!(got.clips, 1);
            k.apply(&articles, 0, &Change::Tags(vec!["weather".into()]))
                .unwrap();
        }
        // Reopened: everything is there, and the clip's offsets cite the file.
        let ws = Arc::new(Workspace::open_dir(&wsdir, &input).unwrap());
        let mut k = Keeper::new(Some(ws));
        let marks = k.marks(&articles).unwrap();
        assert!(marks.get(1).unwrap().starred);
        assert_eq!(marks.get(0).unwrap().tags, ["weather"]);
        let clips = k.clips().unwrap();
        assert_eq!(clips.len(), 1);
        assert_eq!(clips[0].path, "one.txt");
        let file = std::fs::read(news.join("one.txt")).unwrap();
        let quoted = &file[clips[0].start as usize..clips[0].end as usize];
        assert_eq!(std::str::from_utf8(quoted).unwrap(), clips[0].text);
        assert!(clips[0].text.starts_with("Ministers met"));
    }

    #[test]
    fn without_a_workspace_marks_last_the_session() {
        let articles: Vec<Arc<Article>> = load_all(&Input::Seeds)
            .articles
            .into_iter()
            .map(Arc::new)
            .collect();
        let mut k = Keeper::new(None);
        k.apply(&articles, 2, &Change::Read(true)).unwrap();
        let m = k.marks(&articles).unwrap();
        assert_eq!(m.unread(), articles.len() - 1);
        assert!(m.get(2).unwrap().read);
    }
}
