//! Reading ahead while the files load: what the workspace holds for the
//! collection it was last brought up to date with (its index, entities and
//! articles' keys), and the files as they are now, each stamped without
//! being read (size, times, inode: `Collection::files_now`).
//!
//! Compared file by file with the stamps the saved collection was loaded
//! from, the stamps say which files may have changed:
//!
//! * none: the saved entities and index go to the app at once, before the
//!   files have loaded;
//! * a few (edited, added, removed, or too fresh to trust): only those are
//!   read now. When their articles are as saved, it is the case above;
//!   otherwise the index drops the articles that went or changed and adds
//!   the new text (entity fields follow in the analysis), and is sent with
//!   the positions the articles will have once loaded;
//! * many: nothing is sent early; the analysis does it all after loading.
//!
//! The analysis still checks every article's content once the files have
//! loaded, and sends corrections if one changed unseen.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use rayon::prelude::*;

use super::{AnalysisEvent, extractor_version, threads};
use crate::corpus::Gate;
use crate::entities::Resolution;
use crate::search::DocInput;
use crate::workspace::{Ahead, ContentHash, Derived, FilesNow, Saved, SavedFiles, Workspace};

/// At most this many changed files are read ahead; past it, the analysis
/// after loading does the work.
const MAX_READ_AHEAD: usize = 2048;

/// Starts reading, on a thread of its own, what `workspace` holds for the
/// collection it was last brought up to date with, beside the files'
/// stamps; sends to `early` what can be sent before the files have loaded
/// (see the module doc). The analysis takes what was read
/// (`Workspace::take_ahead`).
///
/// The gate returned opens once the read-ahead has sent what it could (or
/// found nothing saved): a loader held back by it leaves the cores to the
/// read-ahead meanwhile.
pub fn read_ahead(workspace: &Arc<Workspace>, early: Option<Sender<AnalysisEvent>>) -> Gate {
    let ws = Arc::clone(workspace);
    let gate = Gate::default();
    let opens = OpenOnDrop(gate.clone());
    let reading = std::thread::spawn(move || {
        let opens = opens;
        let d = ws.derived()?;
        let collection = ws.collection().clone();
        let stamping = std::thread::spawn(move || collection.files_now());
        let mut saved = saved(d);
        if saved.is_none() {
            // Nothing to send early: the files load meanwhile.
            opens.0.open();
        }
        let files = stamping.join().ok().flatten();
        let (mut sent_early, mut files_recorded) = (false, false);
        if let (Some(tx), Some(s), Some(now)) = (&early, &mut saved, &files)
            && let Some(before) = d.files(s.fingerprint)
        {
            (sent_early, files_recorded) = send_early(d, s, &before, now, tx);
        }
        drop(opens);
        Some(Ahead {
            files,
            saved,
            sent_early,
            files_recorded,
        })
    });
    workspace.set_ahead(reading);
    gate
}

/// Opens its gate when dropped (the read-ahead ended, or failed).
struct OpenOnDrop(Gate);

impl Drop for OpenOnDrop {
    fn drop(&mut self) {
        self.0.open();
    }
}

/// What `d` holds for the collection it was last brought up to date with.
fn saved(d: &Derived) -> Option<Saved> {
    let (fingerprint, keys) = d.state()?;
    let resolution = d
        .resolution::<Resolution>(extractor_version(), fingerprint)
        .ok()??;
    let positions: HashMap<u64, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &(k, _))| (k, i as u32))
        .collect();
    let store = d.read_index().ok()?;
    let index = store.searcher(&|k| positions.get(&k).copied()).ok()?;
    Some(Saved {
        fingerprint,
        keys,
        index: Some(index),
        resolution: Arc::new(resolution),
    })
}

/// Sends what the stamps allow (see the module doc). Says whether the
/// saved entities and index were sent as they are, and whether every file
/// has the stamp recorded (nothing was read again).
fn send_early(
    d: &Derived,
    s: &mut Saved,
    before: &SavedFiles,
    now: &FilesNow,
    tx: &Sender<AnalysisEvent>,
) -> (bool, bool) {
    let Some(plan) = Plan::make(before, now, &s.keys) else {
        return (false, false);
    };
    if plan.keys == s.keys {
        let Some(index) = s.index.take() else {
            return (false, false);
        };
        let _ = tx.send(AnalysisEvent::Entities(Arc::clone(&s.resolution)));
        let _ = tx.send(AnalysisEvent::Index(Ok(Box::new(index))));
        return (true, plan.reread == 0);
    }
    if !d.writable() {
        return (false, false);
    }
    if let Some(index) = plan.update_index(d) {
        let _ = tx.send(AnalysisEvent::Index(Ok(Box::new(index))));
    }
    (false, false)
}

/// The collection as the stamps and the files read again make it.
struct Plan {
    /// Every article's key and short content hash, in load order.
    keys: Vec<(u64, u64)>,
    /// Articles new or changed: key, short hash and the article.
    adds: Vec<(u64, u64, crate::corpus::Article)>,
    /// Keys to delete from the index (gone or changed).
    deletes: Vec<u64>,
    /// Files read again (their stamps differ from the record).
    reread: usize,
}

impl Plan {
    /// `None` when the saved record does not fit the saved keys (nothing
    /// can be told without loading) or too many files must be read.
    fn make(before: &SavedFiles, now: &FilesNow, saved: &[(u64, u64)]) -> Option<Plan> {
        if before.max_size != now.max_size {
            return None;
        }
        let was: HashMap<(u32, &str), (&crate::workspace::FileStamp, u32)> = before
            .files
            .iter()
            .map(|(f, n)| ((f.rank, f.rel.as_str()), (f, *n)))
            .collect();
        let mut unchanged: Vec<Option<u32>> = Vec::with_capacity(now.stamps.len());
        let mut reread: Vec<usize> = Vec::new();
        for (j, stamp) in now.stamps.iter().enumerate() {
            match was.get(&(stamp.rank, stamp.rel.as_str())) {
                Some((b, n)) if stamp.same(b) => unchanged.push(Some(*n)),
                _ => {
                    unchanged.push(None);
                    reread.push(j);
                }
            }
        }
        if reread.len() > MAX_READ_AHEAD {
            return None;
        }
        let mut read: HashMap<usize, Vec<crate::corpus::Article>> = reread
            .par_iter()
            .map(|&j| {
                let (path, kind) = &now.paths[j];
                (j, crate::corpus::read_one(path, *kind).articles)
            })
            .collect();
        let hash_of: HashMap<u64, u64> = saved.iter().copied().collect();
        let mut keys: Vec<(u64, u64)> = Vec::with_capacity(saved.len());
        let mut adds = Vec::new();
        for (j, stamp) in now.stamps.iter().enumerate() {
            match unchanged[j] {
                Some(n) => {
                    for ordinal in 0..n {
                        let key = stamp.key(ordinal);
                        // A key the saved collection does not have: its
                        // articles were named otherwise (by position).
                        keys.push((key, *hash_of.get(&key)?));
                    }
                }
                None => {
                    for (ordinal, a) in read.remove(&j).unwrap_or_default().into_iter().enumerate()
                    {
                        let key = stamp.key(ordinal as u32);
                        let hash = ContentHash::of(&a.title, a.date.as_deref(), &a.body).short();
                        keys.push((key, hash));
                        if hash_of.get(&key) != Some(&hash) {
                            adds.push((key, hash, a));
                        }
                    }
                }
            }
        }
        let live: HashSet<u64> = keys.iter().map(|&(k, _)| k).collect();
        if live.len() != keys.len() {
            // Two articles with one key: the analysis names them by position.
            return None;
        }
        let mut deletes: Vec<u64> = saved
            .iter()
            .map(|&(k, _)| k)
            .filter(|k| !live.contains(k))
            .collect();
        deletes.extend(
            adds.iter()
                .filter(|(k, _, _)| hash_of.contains_key(k))
                .map(|(k, _, _)| *k),
        );
        Some(Plan {
            keys,
            adds,
            deletes,
            reread: reread.len(),
        })
    }

    /// Deletes and adds the articles that changed in the workspace's index
    /// (text only: their entity fields follow in the analysis) and returns
    /// it with the positions the articles will have once loaded. The
    /// recorded state goes first: until the analysis has checked every
    /// article, a reopen compares the index with the files.
    fn update_index(&self, d: &Derived) -> Option<crate::search::SearchIndex> {
        d.clear_state().ok()?;
        let (store, _) = d.open_index().ok()?;
        let mut u = store.writer(threads()).ok()?;
        for &key in &self.deletes {
            u.delete(key);
        }
        for (key, hash, a) in &self.adds {
            let doc = DocInput {
                title: &a.title,
                body: &a.body,
                date: a.date.as_deref(),
                entities: Vec::new(),
            };
            u.add(*key, *hash, 0, &doc).ok()?;
        }
        u.commit().ok()?;
        u.finish().ok()?;
        let positions: HashMap<u64, u32> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, &(k, _))| (k, i as u32))
            .collect();
        store.searcher(&|k| positions.get(&k).copied()).ok()
    }
}
