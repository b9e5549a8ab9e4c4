//! `dateline corrections list|export|import`: the entity corrections kept
//! in a collection's workspace, listed, written to a JSON Lines file to
//! share, or read from one (then applied, the search index brought up to
//! date, and the imported rules that match nothing reported).

use std::path::Path;

use crate::analysis::Needs;
use crate::corpus::Input;
use crate::corrections::saved::{self, Change};
use crate::textview::safe::escaped;
use crate::workspace::{Choice, Workspace};

/// What to do with the corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    List,
    Export,
    Import,
}

fn workspace(choice: &Choice, input: &Input) -> anyhow::Result<Workspace> {
    if *choice == Choice::None {
        anyhow::bail!("corrections are kept in a workspace; drop --no-workspace");
    }
    match Workspace::open(choice, input) {
        Ok(Some(ws)) => Ok(ws),
        Ok(None) => anyhow::bail!("this input has no workspace"),
        Err(e) => anyhow::bail!("the workspace cannot be opened: {e}"),
    }
}

/// Runs the command on the collection `input`; `file` is the JSON Lines
/// file to write or read ("-": standard output or input).
pub fn run(
    action: Action,
    file: Option<&Path>,
    input: &Input,
    choice: &Choice,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    match action {
        Action::List => {
            let ws = workspace(choice, input)?;
            let (log, bad) = saved::load(&ws.user())?;
            for e in log.done() {
                writeln!(out, "{}\t{}", e.id, escaped(&e.rule.describe()))?;
            }
            for e in log.undone().iter().rev() {
                writeln!(out, "{}\t(undone) {}", e.id, escaped(&e.rule.describe()))?;
            }
            if bad > 0 {
                eprintln!("dateline: warning: {bad} stored corrections could not be read");
            }
            Ok(())
        }
        Action::Export => {
            let ws = workspace(choice, input)?;
            let (log, _) = saved::load(&ws.user())?;
            let text = saved::export(&log);
            match file {
                Some(p) if p != Path::new("-") => std::fs::write(p, text.as_bytes())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
                _ => out.write_all(text.as_bytes())?,
            }
            eprintln!("dateline: {} corrections exported", log.done().len());
            Ok(())
        }
        Action::Import => import(file, input, choice, out),
    }
}

fn import(
    file: Option<&Path>,
    input: &Input,
    choice: &Choice,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let text = match file {
        Some(p) if p != Path::new("-") => {
            std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        _ => std::io::read_to_string(std::io::stdin())?,
    };
    let (rules, bad) = saved::parse(&text);
    for (line, why) in &bad {
        eprintln!(
            "dateline: warning: line {line}: {}",
            escaped(&why.to_string())
        );
    }
    {
        let ws = workspace(choice, input)?;
        if !ws.writable() {
            anyhow::bail!("the workspace is read-only (another dateline is using it)");
        }
        let mut user = ws.user();
        let (mut log, _) = saved::load(&user)?;
        let mut entries = Vec::with_capacity(rules.len());
        let mut forget = Vec::new();
        for r in &rules {
            let e = saved::entry(&log, r.clone());
            forget.extend(log.push(e.clone()));
            entries.push(e);
        }
        Change::Add { entries, forget }.save(&mut user)?;
    }
    // Applied as any reopen applies them: entities, then the index.
    let a = super::index::analysed(input, choice, Needs::default())?;
    let unmatched: Vec<_> = a
        .report
        .unmatched
        .iter()
        .filter(|r| rules.contains(r))
        .collect();
    writeln!(
        out,
        "imported {} corrections ({} lines skipped); {} articles indexed again",
        rules.len(),
        bad.len(),
        a.report.reindexed
    )?;
    if !unmatched.is_empty() {
        writeln!(
            out,
            "{} of them match nothing in this collection (kept, in case its articles come):",
            unmatched.len()
        )?;
        for r in unmatched {
            writeln!(out, "  {}", escaped(&r.describe()))?;
        }
    }
    Ok(())
}
