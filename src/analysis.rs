//! Background analysis of a loaded corpus: entity extraction (in parallel,
//! sent in batches so highlights appear as they are ready), corpus-wide
//! alias resolution (sent at once, so entity navigation does not wait for
//! search), and the search index with each article's entities.
//!
//! With a workspace the analysis is incremental: what the workspace holds
//! for the same articles is used, and only the difference is computed.
//!
//! 1. The saved resolution, when it was made from exactly these articles by
//!    this extractor, is sent at once ("cached entities").
//! 2. The on-disk index is compared with the articles by key and content
//!    hash: removed and changed articles are deleted, new and changed ones
//!    added (with their entities when step 1 found them, else text only),
//!    and the index is sent: search answers before any extraction.
//! 3. Without a saved resolution, each article's mentions come from the
//!    extraction cache (by content hash) or are extracted (and cached), then
//!    the corpus is resolved and the resolution sent and saved.
//! 4. Articles whose entity fields in the index differ from the resolution
//!    (a signature per article says so) are indexed again, and the index is
//!    sent again.
//!
//! Without a workspace (or when the workspace's index cannot be written),
//! the index is built in RAM in one pass after resolution, as before.
//! Every failure to save is recorded in the workspace's status and the
//! analysis goes on in memory.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use rayon::prelude::*;

use crate::corpus::Article;
use crate::corrections::{Base, Log, saved};
use crate::entities::{Extractor, Mention, Resolution, resolve};
use crate::search::{
    DocInput, EntityField, IndexStore, IndexUpdate, SearchError, SearchIndex, StoredDoc,
};
use crate::workspace::{
    ArticleName, ArticleRef, ContentHash, ExtractionCache, FilesNow, Saved, SavedFiles, Workspace,
};

mod ahead;

pub use ahead::read_ahead;

/// Articles per batch of extracted mentions.
const BATCH: usize = 256;
/// Newly extracted results written to the cache per transaction.
const CACHE_BATCH: usize = 4096;

/// Bump when extraction code changes what it finds without a change of
/// the embedded model or gazetteer: cached results of the old code are
/// then dropped.
const EXTRACTION_REVISION: u64 = 5;

/// Progress of the analysis.
#[derive(Debug)]
pub enum AnalysisEvent {
    /// Mentions of the articles `start..start + mentions.len()`.
    Mentions {
        start: usize,
        mentions: Vec<Vec<Mention>>,
    },
    /// What the user's corrections are applied to (sent right after the
    /// corrected entities it gives).
    Corrections(Box<crate::corrections::Base>),
    /// Entities merged across the corpus (with the user's corrections).
    Entities(Arc<Resolution>),
    /// Articles sent to the search indexer so far.
    Indexing(usize),
    /// The search index, ready (sent again when it gains entity fields).
    Index(Result<Box<SearchIndex>, SearchError>),
    /// The analysis has ended ([`spawn_analysis`] only): another may start.
    Done,
    /// The articles have their rows in the workspace's user store
    /// ([`Workspace::article_rows`]): what the user kept about them can be
    /// looked up. Sent only with a workspace.
    Identified,
}

/// What an analysis did, for `dateline index` and the benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Articles analysed.
    pub articles: usize,
    /// Articles new to the index.
    pub added: usize,
    /// Articles whose content changed since they were indexed.
    pub changed: usize,
    /// Articles gone from the collection, deleted from the index.
    pub removed: usize,
    /// Articles whose entities were extracted now.
    pub extracted: usize,
    /// Articles whose entities came from the cache.
    pub cached: usize,
    /// The resolution was the saved one.
    pub resolution_saved: bool,
    /// Articles indexed again because their entities changed.
    pub reindexed: usize,
    /// Corrections applied, and those of them that matched nothing.
    pub corrections: usize,
    pub unmatched: Vec<crate::corrections::Rule>,
    /// The index is in the workspace (not only in RAM).
    pub persistent: bool,
    /// When each step ended, from the start of the analysis.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// What an analysis must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The search index (else only the entities).
    pub index: bool,
}

impl Default for Needs {
    fn default() -> Self {
        Needs { index: true }
    }
}

/// Runs the analysis of `articles` on a background thread, using and
/// refreshing `workspace` when given; [`AnalysisEvent::Done`] comes last.
/// Run again on the articles of a watched folder after a change, it is
/// incremental through the workspace: the index deletes and adds only the
/// changed articles by key, and only their entities are extracted (the
/// others come from the cache) before the corpus is resolved again.
pub fn spawn_analysis(
    articles: Vec<Arc<Article>>,
    workspace: Option<Arc<Workspace>>,
    tx: Sender<AnalysisEvent>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let send = |ev| tx.send(ev).is_ok();
        analyse(&articles, workspace.as_deref(), Needs::default(), &send);
        let _ = tx.send(AnalysisEvent::Done);
    })
}

/// Brings the search index's entity fields up to date with `resolution`
/// (the entities after a correction) on this thread: only the articles
/// whose entities changed are indexed again, in the workspace's index when
/// there is one, else the index is built again in RAM. The new index is
/// sent as [`AnalysisEvent::Index`].
pub fn reindex(
    articles: &[Arc<Article>],
    workspace: Option<&Workspace>,
    resolution: &Arc<Resolution>,
    send: &dyn Fn(AnalysisEvent) -> bool,
) -> Report {
    let mut run = Run::new(articles, workspace, send);
    run.refresh_entity_fields(resolution);
    run.report
}

/// Runs the whole analysis of `articles` in RAM on this thread and returns
/// its events in order (for tests).
pub fn analyse_now(articles: &[Arc<Article>]) -> Vec<AnalysisEvent> {
    let (tx, rx) = std::sync::mpsc::channel();
    let send = |ev| tx.send(ev).is_ok();
    analyse(articles, None, Needs::default(), &send);
    drop(tx);
    rx.into_iter().collect()
}

/// Runs the analysis on this thread, handing each event to `send` (which
/// returns false to stop), and says what it did.
pub fn analyse(
    articles: &[Arc<Article>],
    workspace: Option<&Workspace>,
    needs: Needs,
    send: &dyn Fn(AnalysisEvent) -> bool,
) -> Report {
    let mut run = Run::new(articles, workspace, send);
    if needs.index {
        run.go();
    } else {
        run.entities_only();
    }
    run.report
}

/// The version of the extractor: its embedded model and gazetteer, the
/// crate version and [`EXTRACTION_REVISION`]. Cached results of any other
/// version are not used.
pub fn extractor_version() -> u64 {
    static VERSION: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *VERSION.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(include_bytes!("../assets/ner_model.bin"));
        h.update(include_bytes!("../assets/gazetteer.tsv"));
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&EXTRACTION_REVISION.to_le_bytes());
        h.digest()
    })
}

/// One analysis.
struct Run<'a> {
    articles: &'a [Arc<Article>],
    workspace: Option<&'a Workspace>,
    send: &'a dyn Fn(AnalysisEvent) -> bool,
    names: Vec<ArticleName>,
    positions: HashMap<u64, u32>,
    report: Report,
    /// False once nobody listens.
    listening: bool,
    /// Entities of an earlier state of the collection were sent: no need
    /// to send unresolved mentions.
    provisional: bool,
    /// The user's corrections.
    log: Log,
    /// What the entities about to be sent were corrected from: sent right
    /// after them.
    base: Option<Base>,
    start: std::time::Instant,
}

impl<'a> Run<'a> {
    fn new(
        articles: &'a [Arc<Article>],
        workspace: Option<&'a Workspace>,
        send: &'a dyn Fn(AnalysisEvent) -> bool,
    ) -> Self {
        let start = std::time::Instant::now();
        let names = match workspace {
            Some(w) => w.collection().names(articles),
            None => positional_names(articles),
        };
        let mut positions: HashMap<u64, u32> = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            positions.insert(n.key, i as u32);
        }
        // Two articles with one key cannot be told apart in the index: name
        // them by position instead (nothing is reused then).
        let names = if positions.len() == names.len() {
            names
        } else {
            positions = (0..names.len() as u32).map(|i| (u64::from(i), i)).collect();
            positional_names(articles)
        };
        Run {
            articles,
            workspace,
            send,
            names,
            positions,
            report: Report {
                articles: articles.len(),
                ..Report::default()
            },
            listening: true,
            provisional: false,
            log: Log::default(),
            base: None,
            start,
        }
        .with_corrections()
    }

    /// Reads the user's corrections from the workspace.
    fn with_corrections(mut self) -> Self {
        if let Some(w) = self.workspace {
            match saved::load(&w.user()) {
                Ok((log, _)) => self.log = log,
                Err(e) => w.note_rebuilt(format!("the corrections cannot be read ({e})")),
            }
        }
        self.report.corrections = self.log.done().len();
        self
    }

    /// `raw` with the user's corrections (the same when there are none);
    /// what they are made from is sent first.
    fn correct(&mut self, raw: Arc<Resolution>) -> Arc<Resolution> {
        let mut base = Base {
            raw: Arc::clone(&raw),
            ids: Arc::new(self.names.iter().map(|n| n.hash.short()).collect()),
            log: self.log.clone(),
            touched: Vec::new(),
            engine: None,
        };
        if self.log.done().is_empty() {
            self.base = Some(base);
            return raw;
        }
        let texts: Vec<(&str, &str)> = self
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.body.as_str()))
            .collect();
        // Applied through the kept state, which goes to the app with the
        // base: its next correction costs only itself.
        let applied = base.update(&texts);
        self.report.unmatched = base
            .log
            .done()
            .iter()
            .zip(&applied.touched)
            .filter(|(_, n)| **n == 0)
            .map(|(e, _)| e.rule.clone())
            .collect();
        self.base = Some(Base {
            touched: applied.touched,
            ..base
        });
        self.mark("corrections applied");
        Arc::new(applied.resolution)
    }

    /// Notes that step `what` has ended.
    fn mark(&mut self, what: &'static str) {
        self.report.phases.push((what, self.start.elapsed()));
    }

    /// The resolution of an earlier state of the collection, for the
    /// articles that did not change (the others have no entities yet).
    fn carried_over(&self, ahead: &Saved) -> Resolution {
        let before: HashMap<u64, (usize, u64)> = ahead
            .keys
            .iter()
            .enumerate()
            .map(|(i, &(k, h))| (k, (i, h)))
            .collect();
        let docs = self
            .names
            .iter()
            .map(|n| {
                before
                    .get(&n.key)
                    .filter(|(_, h)| *h == n.hash.short())
                    .and_then(|(i, _)| ahead.resolution.docs.get(*i))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        Resolution {
            entities: ahead.resolution.entities.clone(),
            docs,
        }
    }

    fn emit(&mut self, ev: AnalysisEvent) {
        let entities = matches!(ev, AnalysisEvent::Entities(_));
        if self.listening {
            self.listening = (self.send)(ev);
        }
        if entities
            && let Some(base) = self.base.take()
            && self.listening
        {
            self.listening = (self.send)(AnalysisEvent::Corrections(Box::new(base)));
        }
    }

    fn note_failure(&self, what: &str, e: impl std::fmt::Display) {
        if let Some(w) = self.workspace {
            w.note_write_failed(format!("{what}: {e}"));
        }
    }

    /// Fingerprint of the collection: every article's key and content, in
    /// order.
    fn fingerprint(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for n in &self.names {
            h.update(&n.key.to_le_bytes());
            h.update(&n.hash.0);
        }
        h.digest()
    }

    fn go(&mut self) {
        let derived = self.workspace.and_then(Workspace::derived);
        let version = extractor_version();
        let fingerprint = self.fingerprint();
        self.mark("articles named and hashed");
        // Read ahead while the files loaded: the very collection the index
        // and the saved entities were made for, or an earlier state of it.
        let mut provisional = false;
        let mut ahead = self.workspace.and_then(Workspace::take_ahead);
        let files = ahead.as_mut().and_then(|a| a.files.take());
        let sent_early = ahead.as_ref().is_some_and(|a| a.sent_early);
        let files_recorded = ahead.as_ref().is_some_and(|a| a.files_recorded);
        match ahead.and_then(|a| a.saved) {
            Some(saved) if saved.fingerprint == fingerprint => {
                self.report.resolution_saved = true;
                self.report.persistent = true;
                let corrected = !self.log.done().is_empty();
                let r = self.correct(saved.resolution);
                if !sent_early || corrected {
                    self.emit(AnalysisEvent::Entities(Arc::clone(&r)));
                } else if let Some(base) = self.base.take()
                    && self.listening
                {
                    // The entities went out before the files loaded; the
                    // app still needs their base to correct them.
                    self.listening = (self.send)(AnalysisEvent::Corrections(Box::new(base)));
                }
                if !sent_early && let Some(index) = saved.index {
                    self.emit(AnalysisEvent::Index(Ok(Box::new(index))));
                }
                self.mark("read-ahead index and entities used");
                if corrected {
                    // The index has the entity fields of the corrections
                    // it was last brought up to date with.
                    self.refresh_entity_fields(&r);
                }
                if !files_recorded || corrected {
                    // (Refreshing the entity fields forgets the record.)
                    self.save_files(derived, files.as_ref(), fingerprint);
                }
                drop(files);
                self.identify();
                return;
            }
            Some(saved) => {
                // Until the new resolution is made, the unchanged articles
                // show the entities they had.
                let r = self.carried_over(&saved);
                let r = self.correct(Arc::new(r));
                self.emit(AnalysisEvent::Entities(r));
                provisional = true;
            }
            None => {}
        }
        self.provisional = provisional;
        // What the user kept about the articles does not wait for the
        // analysis.
        self.identify();
        let mut resolution: Option<Arc<Resolution>> = None;
        if let Some(d) = derived {
            match d.resolution::<Resolution>(version, fingerprint) {
                Ok(r) => resolution = r.map(Arc::new),
                Err(why) => self.note_rebuilt(why),
            }
        }
        let resolution = resolution.map(|r| self.correct(r));
        if let Some(r) = &resolution {
            self.report.resolution_saved = true;
            self.emit(AnalysisEvent::Entities(Arc::clone(r)));
        }
        let persistent = match derived {
            Some(d) => self.open_persistent(d),
            None => None,
        };
        let Some((store, stored)) = persistent else {
            self.in_ram(resolution);
            return;
        };
        self.report.persistent = true;
        match self.persistent(&store, stored, resolution, version, fingerprint) {
            Ok(()) => {
                if let Some(d) = derived
                    && d.writable()
                {
                    let keys: Vec<(u64, u64)> =
                        self.names.iter().map(|n| (n.key, n.hash.short())).collect();
                    if let Err(e) = d.save_state(fingerprint, &keys) {
                        self.note_failure("the workspace state cannot be saved", e);
                    }
                    self.save_files(derived, files.as_ref(), fingerprint);
                }
            }
            Err(e) => {
                // The workspace's index cannot be written (a full disk):
                // carry on in RAM, saving nothing more.
                self.note_failure("the search index cannot be saved", &e);
                self.report.persistent = false;
                self.in_ram(None);
            }
        }
    }

    /// Only the entities: the saved resolution, or one made (with the
    /// cache) and saved.
    fn entities_only(&mut self) {
        let version = extractor_version();
        let fingerprint = self.fingerprint();
        let derived = self.workspace.and_then(Workspace::derived);
        if let Some(d) = derived {
            match d.resolution::<Resolution>(version, fingerprint) {
                Ok(Some(r)) => {
                    self.report.resolution_saved = true;
                    let r = self.correct(Arc::new(r));
                    self.emit(AnalysisEvent::Entities(r));
                    self.identify();
                    return;
                }
                Ok(None) => {}
                Err(why) => self.note_rebuilt(why),
            }
        }
        let raw = Arc::new(self.resolve_with_cache(self.provisional));
        let r = self.correct(Arc::clone(&raw));
        self.emit(AnalysisEvent::Entities(r));
        if let Some(d) = derived
            && let Err(e) = d.save_resolution(&*raw, version, fingerprint)
        {
            self.note_failure("the entities cannot be saved", e);
        }
        self.identify();
    }

    /// Records that the files `now` hold the collection with
    /// `fingerprint` (with the number of articles each gave), unless that
    /// is already recorded; without `now` (or when the articles do not add
    /// up to the files) the record goes.
    fn save_files(
        &self,
        derived: Option<&crate::workspace::Derived>,
        now: Option<&FilesNow>,
        fingerprint: u64,
    ) {
        let Some(d) = derived.filter(|d| d.writable()) else {
            return;
        };
        let record = now.and_then(|now| self.counted(now));
        if record.is_some() && d.files(fingerprint) == record {
            return;
        }
        if let Err(e) = d.save_files(record.as_ref(), fingerprint) {
            self.note_failure("the files' stamps cannot be saved", e);
        }
    }

    /// The files `now` with the number of articles each gave; `None` when
    /// some article came from no file of `now` (a file changed between its
    /// stamp and its reading).
    fn counted(&self, now: &FilesNow) -> Option<SavedFiles> {
        let mut counts: HashMap<&std::path::Path, u32> = HashMap::new();
        for a in self.articles {
            *counts.entry(&*a.path).or_default() += 1;
        }
        let files: Vec<(crate::workspace::FileStamp, u32)> = now
            .stamps
            .iter()
            .zip(&now.paths)
            .map(|(s, (p, _))| (s.clone(), counts.get(p.as_path()).copied().unwrap_or(0)))
            .collect();
        let total: usize = files.iter().map(|(_, n)| *n as usize).sum();
        (total == self.articles.len()).then_some(SavedFiles {
            files,
            max_size: now.max_size,
        })
    }

    fn note_rebuilt(&self, why: String) {
        if let Some(w) = self.workspace {
            w.note_rebuilt(why);
        }
    }

    /// The workspace's index and what it holds, when it can be used: it
    /// opens, and it can be written or already holds exactly these
    /// articles.
    fn open_persistent(
        &mut self,
        d: &crate::workspace::Derived,
    ) -> Option<(IndexStore, HashMap<u64, StoredDoc>)> {
        let (store, why) = match d.open_index() {
            Ok(pair) => pair,
            Err(e) => {
                self.note_rebuilt(format!("the search index cannot be opened ({e})"));
                return None;
            }
        };
        if let Some(why) = why {
            self.note_rebuilt(why);
        }
        let stored = match store.stored() {
            Ok(s) => s,
            Err(e) => {
                self.note_rebuilt(format!("the search index cannot be read ({e})"));
                return None;
            }
        };
        let stored: HashMap<u64, StoredDoc> = stored.into_iter().map(|s| (s.key, s)).collect();
        if !d.writable() {
            // Read-only: usable only when it holds exactly these articles.
            let same = stored.len() == self.names.len()
                && self
                    .names
                    .iter()
                    .all(|n| stored.get(&n.key).is_some_and(|s| s.hash == n.hash.short()));
            if !same {
                return None;
            }
        }
        Some((store, stored))
    }

    /// The incremental analysis against the workspace (steps 2 to 4 of the
    /// module doc).
    fn persistent(
        &mut self,
        store: &IndexStore,
        mut stored: HashMap<u64, StoredDoc>,
        mut resolution: Option<Arc<Resolution>>,
        version: u64,
        fingerprint: u64,
    ) -> Result<(), SearchError> {
        let writable = self
            .workspace
            .and_then(Workspace::derived)
            .is_some_and(|d| d.writable());
        // Step 2: the text of what changed.
        let mut deletes: Vec<u64> = Vec::new();
        let mut adds: Vec<usize> = Vec::new();
        for (i, n) in self.names.iter().enumerate() {
            match stored.get(&n.key) {
                Some(s) if s.hash == n.hash.short() => {}
                Some(_) => {
                    self.report.changed += 1;
                    deletes.push(n.key);
                    adds.push(i);
                }
                None => {
                    self.report.added += 1;
                    adds.push(i);
                }
            }
        }
        for key in stored.keys() {
            if !self.positions.contains_key(key) {
                self.report.removed += 1;
                deletes.push(*key);
            }
        }
        let derived = self.workspace.and_then(Workspace::derived);
        let mut update: Option<IndexUpdate> = None;
        if writable && (!deletes.is_empty() || !adds.is_empty()) {
            if let Some(d) = derived {
                d.clear_state()
                    .map_err(|e| SearchError::Io(e.to_string()))?;
            }
            let u = update.insert(store.writer(threads())?);
            for key in &deletes {
                u.delete(*key);
                stored.remove(key);
            }
            let sigs = self.add_all(u, &adds, resolution.as_deref())?;
            for (&i, sig) in adds.iter().zip(sigs) {
                let n = &self.names[i];
                stored.insert(
                    n.key,
                    StoredDoc {
                        key: n.key,
                        hash: n.hash.short(),
                        sig,
                    },
                );
            }
            u.commit()?;
            self.mark("changed text indexed");
        }
        let first = store.searcher(&|k| self.positions.get(&k).copied());
        self.emit(AnalysisEvent::Index(first.map(Box::new)));
        self.mark("search ready");
        // Step 3: entities.
        if resolution.is_none() {
            let raw = Arc::new(self.resolve_with_cache(self.provisional));
            let r = self.correct(Arc::clone(&raw));
            self.emit(AnalysisEvent::Entities(Arc::clone(&r)));
            if let Some(d) = self.workspace.and_then(Workspace::derived)
                && let Err(e) = d.save_resolution(&*raw, version, fingerprint)
            {
                self.note_failure("the entities cannot be saved", e);
            }
            resolution = Some(r);
        }
        let Some(r) = resolution else {
            return Ok(());
        };
        // Step 4: entity fields that differ from the resolution.
        let stale: Vec<usize> = (0..self.names.len())
            .filter(|&i| {
                let n = &self.names[i];
                stored
                    .get(&n.key)
                    .is_none_or(|s| s.sig != entity_sig(&r, i))
            })
            .collect();
        if stale.is_empty() || !writable {
            if let Some(mut u) = update {
                // One segment again, laid out as a cold build would be.
                u.merge_all()?;
                u.finish()?;
                let index = store.searcher(&|k| self.positions.get(&k).copied());
                self.emit(AnalysisEvent::Index(index.map(Box::new)));
            }
            return Ok(());
        }
        if let Some(d) = derived {
            d.clear_state()
                .map_err(|e| SearchError::Io(e.to_string()))?;
        }
        let u = match update.as_mut() {
            Some(u) => u,
            None => update.insert(store.writer(threads())?),
        };
        if stale.len() == self.names.len() && stored.len() == self.names.len() {
            // Every document goes (a first open): drop them all at once.
            u.delete_all()?;
        } else {
            for &i in &stale {
                u.delete(self.names[i].key);
            }
        }
        self.add_all(u, &stale, Some(&r))?;
        let added: std::collections::HashSet<usize> = adds.iter().copied().collect();
        self.report.reindexed = stale.iter().filter(|i| !added.contains(i)).count();
        u.commit()?;
        self.mark("entity fields indexed");
        // One segment, laid out as a cold build would be.
        u.merge_all()?;
        self.mark("index merged");
        if let Some(u) = update {
            u.finish()?;
        }
        let index = store.searcher(&|k| self.positions.get(&k).copied());
        self.emit(AnalysisEvent::Indexing(self.names.len()));
        self.emit(AnalysisEvent::Index(index.map(Box::new)));
        Ok(())
    }

    /// Step 4 alone, for corrections made since the index was: the
    /// articles whose entity fields in the workspace's index differ from
    /// `r` are indexed again and the index is sent (without a writable
    /// workspace index, the index is built in RAM again).
    fn refresh_entity_fields(&mut self, r: &Arc<Resolution>) {
        let derived = self
            .workspace
            .and_then(Workspace::derived)
            .filter(|d| d.writable());
        let Some(d) = derived else {
            self.in_ram(Some(Arc::clone(r)));
            return;
        };
        self.report.persistent = true;
        if let Err(e) = self.try_refresh(d, r) {
            self.note_failure("the search index cannot be saved", &e);
            self.report.persistent = false;
            self.in_ram(Some(Arc::clone(r)));
        }
    }

    fn try_refresh(
        &mut self,
        d: &crate::workspace::Derived,
        r: &Resolution,
    ) -> Result<(), SearchError> {
        let (store, _) = d.open_index()?;
        let stored: HashMap<u64, u64> = store
            .stored()?
            .into_iter()
            .map(|s| (s.key, s.sig))
            .collect();
        let names = &self.names;
        let stale: Vec<usize> = (0..names.len())
            .into_par_iter()
            .filter(|&i| {
                stored
                    .get(&names[i].key)
                    .is_none_or(|&sig| sig != entity_sig(r, i))
            })
            .collect();
        self.mark("entity fields compared");
        if stale.is_empty() {
            return Ok(());
        }
        // Another writer (the first analysis) may hold the index for a while.
        let mut tries = 0;
        let mut u = loop {
            match store.writer(threads()) {
                Ok(u) => break u,
                Err(e) if tries >= 300 => return Err(e),
                Err(_) => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
            }
        };
        // Until the index is whole again, a reopen must compare it.
        d.clear_state()
            .map_err(|e| SearchError::Io(e.to_string()))?;
        for &i in &stale {
            u.delete(self.names[i].key);
        }
        self.add_all(&mut u, &stale, Some(r))?;
        self.report.reindexed = stale.len();
        u.commit()?;
        self.mark("entity fields indexed");
        // Searched at once with the new fields (beside the deleted
        // documents, whose term counts still weigh on scores a little)...
        let index = store.searcher(&|k| self.positions.get(&k).copied());
        self.emit(AnalysisEvent::Index(index.map(Box::new)));
        self.mark("index sent");
        // ...then merged into one segment, laid out as a cold build would
        // be, before the state says the index is whole: headless output
        // from the workspace equals a cold build's, score for score.
        u.merge_all()?;
        u.finish()?;
        self.mark("index merged");
        let keys: Vec<(u64, u64)> = self.names.iter().map(|n| (n.key, n.hash.short())).collect();
        if let Err(e) = d.save_state(self.fingerprint(), &keys) {
            self.note_failure("the workspace state cannot be saved", e);
        }
        let index = store.searcher(&|k| self.positions.get(&k).copied());
        self.emit(AnalysisEvent::Index(index.map(Box::new)));
        Ok(())
    }

    /// Adds the articles `which` (positions), with their entities when
    /// `resolution` is given; returns the signature each was added with.
    fn add_all(
        &mut self,
        u: &mut IndexUpdate,
        which: &[usize],
        resolution: Option<&Resolution>,
    ) -> Result<Vec<u64>, SearchError> {
        let mut sigs = Vec::with_capacity(which.len());
        for (n, &i) in which.iter().enumerate() {
            let (Some(a), Some(name)) = (self.articles.get(i), self.names.get(i)) else {
                sigs.push(0);
                continue;
            };
            let (entities, sig) = match resolution {
                Some(r) => (entity_fields(r, i), entity_sig(r, i)),
                None => (Vec::new(), 0),
            };
            let doc = DocInput {
                title: &a.title,
                body: &a.body,
                date: a.date.as_deref(),
                entities,
            };
            u.add(name.key, name.hash.short(), sig, &doc)?;
            sigs.push(sig);
            if (n + 1) % 2048 == 0 {
                self.emit(AnalysisEvent::Indexing(n + 1));
            }
        }
        Ok(sigs)
    }

    /// Every article's mentions, from the cache or extracted (and cached),
    /// sent in batches unless `quiet` (entities are on screen already);
    /// then the corpus resolved.
    fn resolve_with_cache(&mut self, quiet: bool) -> Resolution {
        let derived = self.workspace.and_then(Workspace::derived);
        let mut cache: Option<ExtractionCache> = None;
        if let Some(d) = derived {
            let (c, why) = d.extraction_cache(extractor_version());
            if let Some(why) = why {
                self.note_rebuilt(why);
            }
            cache = c;
        }
        let hashes: Vec<ContentHash> = self.names.iter().map(|n| n.hash).collect();
        let mut cached: HashMap<ContentHash, Vec<Mention>> = match &cache {
            Some(c) => c.get_all(&hashes).unwrap_or_else(|e| {
                self.note_rebuilt(format!("the extraction cache could not be read ({e})"));
                HashMap::new()
            }),
            None => HashMap::new(),
        };
        let extractor = Extractor::new();
        let mut all: Vec<Vec<Mention>> = Vec::with_capacity(self.articles.len());
        // Where each content was first met in this run, and the articles
        // extracted but not cached yet.
        let mut first_at: HashMap<ContentHash, usize> = HashMap::new();
        let mut fresh: Vec<usize> = Vec::new();
        for (n, chunk) in self.articles.chunks(BATCH).enumerate() {
            let start = n * BATCH;
            let known: Vec<Option<Vec<Mention>>> = (start..start + chunk.len())
                .map(|i| {
                    let h = hashes.get(i)?;
                    cached
                        .remove(h)
                        .or_else(|| first_at.get(h).and_then(|&j| all.get(j)).cloned())
                })
                .collect();
            let reused: Vec<bool> = known.iter().map(Option::is_some).collect();
            let batch: Vec<Vec<Mention>> = chunk
                .par_iter()
                .zip(known)
                .map(|(a, known)| {
                    known.unwrap_or_else(|| extractor.extract_article(&a.title, &a.body))
                })
                .collect();
            for (k, reused) in reused.into_iter().enumerate() {
                let i = start + k;
                if reused {
                    self.report.cached += 1;
                } else {
                    self.report.extracted += 1;
                    fresh.push(i);
                }
                if let Some(&h) = hashes.get(i) {
                    first_at.entry(h).or_insert(i);
                }
            }
            if !quiet {
                self.emit(AnalysisEvent::Mentions {
                    start,
                    mentions: batch.clone(),
                });
            }
            all.extend(batch);
            if fresh.len() >= CACHE_BATCH {
                self.save_cache(&mut cache, &all, &hashes, &mut fresh);
            }
        }
        drop(cached);
        self.save_cache(&mut cache, &all, &hashes, &mut fresh);
        if let Some(c) = cache.as_mut()
            && let Err(e) = c.retain(&hashes)
        {
            self.note_failure("the extraction cache cannot be tidied", e);
        }
        self.mark("entities extracted or read from the cache");
        let docs: Vec<((&str, &str), Vec<Mention>)> = self
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.body.as_str()))
            .zip(all)
            .collect();
        let r = resolve(&docs);
        self.mark("entities resolved");
        r
    }

    /// Caches the mentions of the articles `fresh` (positions in `all`).
    fn save_cache(
        &mut self,
        cache: &mut Option<ExtractionCache>,
        all: &[Vec<Mention>],
        hashes: &[ContentHash],
        fresh: &mut Vec<usize>,
    ) {
        let items = fresh
            .iter()
            .filter_map(|&i| Some((*hashes.get(i)?, all.get(i)?)));
        if let Some(c) = cache.as_mut()
            && let Err(e) = c.put_all(items)
        {
            self.note_failure("extracted entities cannot be cached", e);
            *cache = None;
        }
        fresh.clear();
    }

    /// Without a usable workspace index: extraction (or the saved
    /// resolution), then the index built in RAM in one pass.
    fn in_ram(&mut self, resolution: Option<Arc<Resolution>>) {
        let r = match resolution {
            Some(r) => r,
            None => {
                let r = Arc::new(self.resolve_with_cache(self.provisional));
                let r = self.correct(r);
                self.emit(AnalysisEvent::Entities(Arc::clone(&r)));
                r
            }
        };
        let all: Vec<usize> = (0..self.articles.len()).collect();
        let index = (|| {
            let store = IndexStore::in_ram()?;
            let mut u = store.writer(threads())?;
            self.add_all(&mut u, &all, Some(&r))?;
            u.commit()?;
            u.merge_all()?;
            u.finish()?;
            store.searcher(&|k| self.positions.get(&k).copied())
        })();
        self.emit(AnalysisEvent::Indexing(self.articles.len()));
        self.emit(AnalysisEvent::Index(index.map(Box::new)));
    }

    /// Records the articles' identities in the user's store (new articles
    /// get their rows now, so marks can refer to them).
    fn identify(&mut self) {
        let Some(w) = self.workspace else {
            return;
        };
        let refs: Vec<ArticleRef<'_>> = self
            .names
            .iter()
            .zip(self.articles)
            .map(|(n, a)| ArticleRef {
                hash: n.hash,
                path: &n.path,
                ordinal: n.ordinal,
                title: &a.title,
            })
            .collect();
        let result = w.user().identify(&refs);
        self.mark("articles identified in the user's store");
        match result {
            Ok(rows) => w.set_article_rows(rows),
            Err(e) => {
                if w.writable() {
                    self.note_failure("article identities cannot be saved", e);
                }
            }
        }
        self.emit(AnalysisEvent::Identified);
    }
}

/// Names by position, for a session without a workspace.
fn positional_names(articles: &[Arc<Article>]) -> Vec<ArticleName> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| ArticleName {
            path: a.path.display().to_string(),
            ordinal: 0,
            key: i as u64,
            hash: ContentHash::of(&a.title, a.date.as_deref(), &a.body),
        })
        .collect()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The entities of article `doc`, with their mention counts, as the index
/// takes them.
pub fn entity_fields(resolution: &Resolution, doc: usize) -> Vec<EntityField<'_>> {
    let mut ids: Vec<u32> = resolution
        .docs
        .get(doc)
        .map(|ms| ms.iter().filter_map(|m| m.entity.map(|e| e.0)).collect())
        .unwrap_or_default();
    ids.sort_unstable();
    ids.chunk_by(|a, b| a == b)
        .filter_map(|run| {
            let e = resolution.entities.get(*run.first()? as usize)?;
            Some(EntityField {
                kind: e.kind.label(),
                name: &e.name,
                aliases: e.aliases.iter().map(String::as_str).collect(),
                mentions: run.len() as u32,
            })
        })
        .collect()
}

/// A signature of article `doc`'s entity fields (never 0, which means "not
/// indexed with entities").
pub fn entity_sig(resolution: &Resolution, doc: usize) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for e in entity_fields(resolution, doc) {
        for part in [e.kind, e.name] {
            h.update(part.as_bytes());
            h.update(&[0]);
        }
        for a in &e.aliases {
            h.update(a.as_bytes());
            h.update(&[1]);
        }
        h.update(&e.mentions.to_le_bytes());
    }
    h.digest().max(1)
}
