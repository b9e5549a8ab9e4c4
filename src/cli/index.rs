//! `dateline index PATH…`: builds or refreshes a collection's workspace
//! without opening the reader (for a cron job or a server) and says what it
//! did. Also the loading and analysis that the other headless commands
//! share, through the workspace when there is one.

use std::sync::Arc;
use std::time::Instant;

use crate::analysis::{AnalysisEvent, Needs, Report, analyse};
use crate::corpus::{Article, Input};
use crate::entities::Resolution;
use crate::search::SearchIndex;
use crate::workspace::{Choice, Workspace};

/// A loaded and analysed collection.
pub struct Analysed {
    /// The articles, in load order.
    pub articles: Vec<Arc<Article>>,
    /// Their entities.
    pub resolution: Arc<Resolution>,
    /// The search index (when asked for).
    pub index: Option<SearchIndex>,
    /// What the analysis did.
    pub report: Report,
    /// The workspace used, if any.
    pub workspace: Option<Arc<Workspace>>,
}

/// Opens the workspace `choice` names, printing why on stderr when none can
/// be used (the command then runs without one).
pub fn open_workspace(choice: &Choice, input: &Input) -> Option<Workspace> {
    match Workspace::open(choice, input) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("dateline: warning: no workspace ({e}); nothing is saved");
            None
        }
    }
}

/// Loads `input` and analyses it through the workspace `choice` names,
/// printing load and workspace warnings on stderr.
pub fn analysed(input: &Input, choice: &Choice, needs: Needs) -> anyhow::Result<Analysed> {
    let workspace = open_workspace(choice, input).map(Arc::new);
    if needs.index
        && let Some(w) = &workspace
    {
        // The index and entities are read while the files load.
        crate::analysis::read_ahead(w, None);
    }
    let loaded = super::load_reporting(input)?;
    let articles: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
    let resolution = std::cell::RefCell::new(None);
    let index = std::cell::RefCell::new(None);
    let error = std::cell::RefCell::new(None);
    let report = analyse(&articles, workspace.as_deref(), needs, &|ev| {
        match ev {
            AnalysisEvent::Entities(r) => *resolution.borrow_mut() = Some(r),
            AnalysisEvent::Index(Ok(i)) => *index.borrow_mut() = Some(*i),
            AnalysisEvent::Index(Err(e)) => *error.borrow_mut() = Some(e),
            _ => {}
        }
        true
    });
    if let Some(ws) = &workspace {
        for w in ws.status().warnings() {
            eprintln!("dateline: warning: {w}");
        }
    }
    if let Some(e) = error.into_inner() {
        anyhow::bail!("the search index could not be built: {e}");
    }
    let resolution = resolution
        .into_inner()
        .ok_or_else(|| anyhow::anyhow!("the entities were not found"))?;
    Ok(Analysed {
        articles,
        resolution,
        index: index.into_inner(),
        report,
        workspace,
    })
}

/// Runs `dateline index`: prints where the workspace is and what changed.
pub fn run(input: &Input, choice: &Choice, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    if *choice == Choice::None {
        anyhow::bail!("`index` keeps its results in a workspace; drop --no-workspace");
    }
    let start = Instant::now();
    let a = analysed(input, choice, Needs::default())?;
    let took = start.elapsed().as_secs_f64();
    let r = &a.report;
    match &a.workspace {
        Some(ws) => writeln!(out, "workspace: {}", ws.dir().display())?,
        None => writeln!(out, "workspace: none (nothing saved)")?,
    }
    writeln!(
        out,
        "articles: {} ({} added, {} changed, {} removed)",
        r.articles, r.added, r.changed, r.removed
    )?;
    if r.resolution_saved {
        writeln!(out, "entities: unchanged (saved resolution used)")?;
    } else {
        writeln!(
            out,
            "entities: {} articles extracted, {} from the cache",
            r.extracted, r.cached
        )?;
    }
    writeln!(
        out,
        "index: {} articles indexed again for their entities",
        r.reindexed
    )?;
    if !r.persistent {
        writeln!(out, "note: the index could not be kept in the workspace")?;
    }
    for (what, at) in &r.phases {
        writeln!(out, "  {:7.2} s  {what}", at.as_secs_f64())?;
    }
    writeln!(out, "took {took:.2} s")?;
    Ok(())
}
