//! The reader's work in the headless commands: `dateline export` with the
//! articles' state, tags, notes and clips (and `--starred`, `--tag`,
//! `--query` to choose articles, `--clips` for a citation list), and
//! `dateline import` of another workspace's export.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::Needs;
use crate::corpus::{Article, Input};
use crate::reading::{Clip, Marks, exchange, keep};
use crate::search::Marked;
use crate::workspace::{ArticleRow, Choice, Workspace};

/// Which articles an export takes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub starred: bool,
    pub tag: Option<String>,
    pub query: Option<String>,
}

/// Loaded articles with the work the workspace holds on them.
pub struct WithWork {
    pub articles: Vec<Arc<Article>>,
    pub marks: Marks,
    /// Each article's clips, by position.
    pub clips: Vec<Vec<Clip>>,
    /// Each article's content hash, by position.
    pub hashes: Vec<crate::workspace::ContentHash>,
    /// Articles chosen, by position.
    pub chosen: Vec<usize>,
}

/// Loads `input` with its workspace's work and the articles `sel` picks.
pub fn load(input: &Input, ws: &Choice, sel: &Selection) -> anyhow::Result<WithWork> {
    let (articles, workspace, index) = match &sel.query {
        Some(_) => {
            let a = super::index::analysed(input, ws, Needs::default())?;
            (a.articles, a.workspace, a.index)
        }
        None => {
            let w = super::index::open_workspace(ws, input).map(Arc::new);
            let loaded = super::load_reporting(input)?;
            let arts: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
            (arts, w, None)
        }
    };
    let (marks, clips, hashes) = match &workspace {
        Some(w) => work_of(w, &articles)?,
        None => {
            if sel.starred || sel.tag.is_some() {
                eprintln!("dateline: warning: no workspace, so no marks to choose by");
            }
            let hashes = articles
                .iter()
                .map(|a| crate::workspace::ContentHash::of(&a.title, a.date.as_deref(), &a.body))
                .collect();
            (
                Marks::new(articles.len()),
                vec![Vec::new(); articles.len()],
                hashes,
            )
        }
    };
    let mut chosen: Vec<usize> = (0..articles.len())
        .filter(|&i| !sel.starred || marks.has(i as u32, crate::search::MarkKind::Starred, ""))
        .filter(|&i| match &sel.tag {
            Some(t) => crate::search::tag_name(t)
                .is_some_and(|t| marks.has(i as u32, crate::search::MarkKind::Tag, &t)),
            None => true,
        })
        .collect();
    if let (Some(q), Some(index)) = (&sel.query, &index) {
        let results = index
            .search_marked(q, index.len().max(1), &marks)
            .map_err(|e| anyhow::anyhow!("cannot search for {q:?}: {e}"))?;
        let mut hit: Vec<bool> = vec![false; articles.len()];
        for h in &results.hits {
            if let Some(x) = hit.get_mut(h.doc as usize) {
                *x = true;
            }
        }
        chosen.retain(|&i| hit[i]);
    }
    Ok(WithWork {
        articles,
        marks,
        clips,
        hashes,
        chosen,
    })
}

type Work = (Marks, Vec<Vec<Clip>>, Vec<crate::workspace::ContentHash>);

fn work_of(w: &Workspace, articles: &[Arc<Article>]) -> anyhow::Result<Work> {
    let rows = crate::reading::rows_of(w, articles)?;
    let user = w.user();
    let stored = keep::load(&user)?;
    let all_clips = keep::clips(&user)?;
    drop(user);
    let marks = Marks::from_store(&rows, &stored);
    let mut by_row: HashMap<ArticleRow, Vec<Clip>> = HashMap::new();
    for c in all_clips {
        by_row.entry(c.article).or_default().push(c);
    }
    let clips = rows
        .iter()
        .map(|r| r.and_then(|r| by_row.get(&r).cloned()).unwrap_or_default())
        .collect();
    let hashes = w
        .collection()
        .names(articles)
        .into_iter()
        .map(|n| n.hash)
        .collect();
    Ok((marks, clips, hashes))
}

/// `dateline import FILE PATH…`: merges the export `file` into the
/// workspace of `input`; prints what matched.
pub fn import(
    file: &std::path::Path,
    input: &Input,
    ws: &Choice,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let text = String::from_utf8_lossy(&text);
    let Some(w) = super::index::open_workspace(ws, input) else {
        anyhow::bail!("import needs a workspace to merge into (drop --no-workspace)");
    };
    if !w.writable() {
        anyhow::bail!(
            "the workspace is read-only (another dateline is using it?); nothing imported"
        );
    }
    let loaded = super::load_reporting(input)?;
    let articles: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
    let rows = crate::reading::rows_of(&w, &articles)?;
    let names = w.collection().names(&articles);
    let by_hash: HashMap<String, ArticleRow> = names
        .iter()
        .zip(&rows)
        .filter_map(|(n, r)| r.map(|r| (exchange::hex(&n.hash), r)))
        .collect();
    let mut report = exchange::Report::default();
    let records = exchange::read_records(&text, &mut report);
    let unreadable = std::mem::take(&mut report.unreadable);
    let mut report = exchange::import(&mut w.user(), &by_hash, &records)?;
    report.unreadable = unreadable;
    writeln!(
        out,
        "{} of {} articles matched by content; {} marks, tags, notes and clips added",
        report.matched,
        records.len(),
        report.added
    )?;
    for u in report.unmatched.iter().take(20) {
        writeln!(
            out,
            "not in this collection: {}",
            crate::textview::safe::safe_line(u)
        )?;
    }
    if report.unmatched.len() > 20 {
        writeln!(
            out,
            "… and {} more not in this collection",
            report.unmatched.len() - 20
        )?;
    }
    for u in &report.unreadable {
        eprintln!(
            "dateline: warning: skipped {}",
            crate::textview::safe::safe_line(u)
        );
    }
    Ok(())
}

/// The clips of the chosen articles as a Markdown citation list.
pub fn clips_markdown(w: &WithWork) -> String {
    let list: Vec<(Clip, String, Option<String>)> = w
        .chosen
        .iter()
        .flat_map(|&i| {
            let a = &w.articles[i];
            w.clips[i]
                .iter()
                .map(move |c| (c.clone(), a.title.clone(), a.date.clone()))
        })
        .collect();
    exchange::clips_markdown(&list)
}
