//! `dateline workspace [PATH…]`: where a collection's workspace is, how big
//! it is and what it holds; `--clear` removes its derived data (rebuilt on
//! the next open), `--clear --all` the whole workspace, the user's work
//! included.

use std::path::Path;

use crate::corpus::Input;
use crate::workspace::{Choice, Workspace, location};

/// What to do with the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Describe it.
    Show,
    /// Remove derived data.
    Clear,
    /// Remove everything.
    ClearAll,
}

/// Bytes of everything under `path`.
fn size_of(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| size_of(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn human(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// Runs `dateline workspace`.
pub fn run(
    input: &Input,
    choice: &Choice,
    action: Action,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let dir = match choice {
        Choice::None => anyhow::bail!("--no-workspace: there is no workspace to show"),
        Choice::At(d) => d.clone(),
        Choice::Default => location::default_dir(input)
            .ok_or_else(|| anyhow::anyhow!("no data directory to keep workspaces in"))?,
    };
    if !dir.join("user.sqlite").exists() && !dir.join("derived").exists() {
        writeln!(out, "workspace: {} (not made yet)", dir.display())?;
        return Ok(());
    }
    match action {
        Action::Show => show(&dir, input, out),
        Action::Clear | Action::ClearAll => clear(&dir, input, action, out),
    }
}

fn show(dir: &Path, input: &Input, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    writeln!(out, "workspace: {}", dir.display())?;
    if let Ok(manifest) = std::fs::read_to_string(dir.join("collection.json"))
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&manifest)
    {
        let roots: Vec<&str> = v["roots"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
            .unwrap_or_default();
        let shown = if roots.is_empty() {
            "the bundled seeds".to_owned()
        } else {
            roots.join(", ")
        };
        writeln!(out, "collection: {shown}")?;
    }
    let user = size_of(&dir.join("user.sqlite"))
        + size_of(&dir.join("user.sqlite-wal"))
        + size_of(&dir.join("user.sqlite-shm"));
    let derived = dir.join("derived");
    writeln!(out, "size: {} in all", human(size_of(dir)))?;
    writeln!(out, "  your work (user.sqlite): {}", human(user))?;
    writeln!(
        out,
        "  derived (rebuildable): {}: index {}, entity cache {}, entities {}",
        human(size_of(&derived)),
        human(size_of(&derived.join("index"))),
        human(size_of(&derived.join("cache.sqlite")) + size_of(&derived.join("cache.sqlite-wal"))),
        human(size_of(&derived.join("resolution.bin")))
    )?;
    let ws = Workspace::open_dir(dir, input)?;
    {
        let user = ws.user();
        let (articles, queries) = user.read(|c| {
            let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((
                n("SELECT COUNT(*) FROM articles")?,
                n("SELECT COUNT(*) FROM query_history")?,
            ))
        })?;
        writeln!(
            out,
            "holds: {articles} known articles, {queries} past queries, schema version {}",
            user.version()?
        )?;
    }
    if let Some(d) = ws.derived()
        && let Ok((index, _)) = d.open_index()
        && let Ok(stored) = index.stored()
    {
        writeln!(
            out,
            "index: {} articles in {} segment(s)",
            stored.len(),
            index.segments().unwrap_or(0)
        )?;
    }
    for w in ws.status().warnings() {
        writeln!(out, "note: {w}")?;
    }
    Ok(())
}

fn clear(
    dir: &Path,
    input: &Input,
    action: Action,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let ws = Workspace::open_dir(dir, input)?;
    if !ws.writable() {
        let why = ws.status().read_only.unwrap_or_default();
        anyhow::bail!("cannot clear {} ({why})", dir.display());
    }
    if action == Action::ClearAll {
        drop(ws);
        std::fs::remove_dir_all(dir)?;
        writeln!(
            out,
            "removed {} (the whole workspace, your work included)",
            dir.display()
        )?;
    } else {
        let derived = dir.join("derived");
        let freed = size_of(&derived);
        std::fs::remove_dir_all(&derived)?;
        writeln!(
            out,
            "removed the derived data of {} ({}); your work is kept and the rest is rebuilt on the next open",
            dir.display(),
            human(freed)
        )?;
    }
    Ok(())
}
