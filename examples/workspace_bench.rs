//! Workspace benchmark: how soon a collection can be searched and shows
//! its entities after start, cold (empty workspace), warm (nothing
//! changed) and after one file was changed, one added and one removed;
//! the workspace's size on disk and the memory held after a warm reopen.
//!
//! ```text
//! cargo run --release --example workspace_bench -- DIR [WORKSPACE]
//! BENCH_ROUNDS=3 ...     # warm and changed opens repeated (median shown)
//! ```
//!
//! Warm opens run old and new alternately: "old" has the read-ahead index
//! and entities wait for the analysis after loading, "new" lets them reach
//! the app as soon as the files' stamps (sizes, times and inodes, no
//! reading) show the collection unchanged, with the loader held back after
//! its first batch meanwhile (as `tui::run` does). Each figure line ends
//! with the host's load average (1 minute) when it was printed.
//!
//! ```text
//! ```
//!
//! Each open runs in its own process and follows the app's own path: the
//! workspace is opened, the loader streams the files into the app state
//! (`app::drive` with `Msg::Load`) while the workspace's index and entities
//! are read ahead (`analysis::read_ahead`), the analysis starts when `update`
//! asks for it and its events go back through `drive`, as `tui::run` does,
//! without a terminal. "Search answering" is the moment a query on the
//! app's index returns results. DIR is left as it was: the change is undone
//! afterwards (and that re-sync is not timed).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dateline::analysis::{AnalysisEvent, read_ahead, spawn_analysis};
use dateline::app::{AppState, Effect, Msg, drive};
use dateline::corpus::{Input, LoadEvent, spawn_loader_after};
use dateline::store::Store;
use dateline::workspace::{Choice, Workspace};
use ratatui::layout::Rect;

fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn size_of(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|d| d.filter_map(Result::ok).map(|e| size_of(&e.path())).sum())
        .unwrap_or(0)
}

/// What reaches the open's loop (as `tui::Event` does in the app).
enum Ev {
    Load(LoadEvent),
    Analysis(AnalysisEvent),
    /// The analysis has ended.
    Done,
}

/// Passes every event of `rx` into `tx` as `wrap` makes it, then `end`.
fn forward<T: Send + 'static>(
    rx: mpsc::Receiver<T>,
    tx: mpsc::Sender<Ev>,
    wrap: fn(T) -> Ev,
    end: Option<Ev>,
) {
    std::thread::spawn(move || {
        for ev in rx {
            if tx.send(wrap(ev)).is_err() {
                return;
            }
        }
        if let Some(e) = end {
            let _ = tx.send(e);
        }
    });
}

/// One open of `dir` with workspace `ws`, as the app does it; prints one
/// line of figures as `key=value` pairs. `early`: the read-ahead may send
/// the index and entities before the files have loaded (the new path);
/// without it they wait for the analysis after loading (the old one).
fn open(dir: &Path, ws: &Path, early: bool) {
    let start = Instant::now();
    let input = Input::Paths(vec![dir.to_path_buf()]);
    let workspace = match Workspace::open(&Choice::At(ws.to_path_buf()), &input) {
        Ok(w) => w.map(Arc::new),
        Err(e) => {
            println!("error=workspace:{e}");
            return;
        }
    };
    let (tx, rx) = mpsc::channel();
    let mut gate = None;
    if let Some(w) = &workspace {
        // As `tui::run` does before the loader starts.
        let (etx, erx) = mpsc::channel();
        let g = read_ahead(w, early.then_some(etx));
        gate = early.then_some(g);
        forward(erx, tx.clone(), Ev::Analysis, None);
    }
    let (ltx, lrx) = mpsc::channel();
    let _loader = spawn_loader_after(input, ltx, gate);
    forward(lrx, tx.clone(), Ev::Load, None);
    let mut state = AppState::new(Store::default(), Rect::new(0, 0, 120, 40));
    let (mut first_rows, mut loaded) = (None, None);
    let (mut entities, mut search, mut searches) = (None, None, 0);
    let (mut total, mut search_cpu, mut loaded_at_search) = (0, 0.0, 0);
    for ev in rx {
        let ev = match ev {
            Ev::Done => break,
            Ev::Load(ev) => {
                let finished = matches!(ev, LoadEvent::Finished);
                for effect in drive(&mut state, Msg::Load(ev)) {
                    if let Effect::Analyse(articles) = effect {
                        let (atx, arx) = mpsc::channel();
                        spawn_analysis(articles, workspace.clone(), atx);
                        forward(arx, tx.clone(), Ev::Analysis, Some(Ev::Done));
                    }
                }
                if first_rows.is_none() && !state.store.is_empty() {
                    first_rows = Some(start.elapsed());
                }
                if finished {
                    loaded = Some(start.elapsed());
                }
                continue;
            }
            Ev::Analysis(ev) => ev,
        };
        let is_entities = matches!(ev, AnalysisEvent::Entities(_));
        let is_index = matches!(ev, AnalysisEvent::Index(Ok(_)));
        drive(&mut state, Msg::Analysis(ev));
        if is_entities && entities.is_none() {
            entities = Some(start.elapsed());
        }
        if is_index {
            searches += 1;
            if let Some(index) = &state.analysis.index
                && let Ok(r) = index.search("government", 50)
                && search.is_none()
            {
                total = r.total;
                search = Some(start.elapsed());
                search_cpu = common::cpu_seconds();
                loaded_at_search = state.store.len();
            }
        }
    }
    let done = start.elapsed();
    let rss = status_kb("VmRSS:") as f64 / 1024.0 * 1.048_576;
    let hwm = status_kb("VmHWM:") as f64 / 1024.0 * 1.048_576;
    let text = state.store.text_bytes() as f64 / 1e6;
    let s = |d: Option<Duration>| d.map_or(-1.0, |d| d.as_secs_f64());
    println!(
        "articles={} text_mb={text:.1} first_rows={:.3} loaded={:.3} entities={:.3} search={:.3} done={:.3} search_cpu={search_cpu:.2} done_cpu={:.2} indexes={searches} matches={total} loaded_at_search={loaded_at_search} rss_mb={rss:.0} peak_mb={hwm:.0} warnings={:?}",
        state.store.len(),
        s(first_rows),
        s(loaded),
        s(entities),
        s(search),
        done.as_secs_f64(),
        common::cpu_seconds(),
        workspace.map(|w| w.status().warnings()).unwrap_or_default(),
    );
}

/// Runs one open in a child process and returns its figures.
fn child(dir: &Path, ws: &Path, early: bool) -> Vec<(String, String)> {
    let exe = std::env::current_exe().unwrap_or_default();
    let out = std::process::Command::new(exe)
        .args([if early { "--open" } else { "--open-old" }])
        .arg(dir)
        .arg(ws)
        .output();
    let text = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let line = text.lines().last().unwrap_or("").to_owned();
    let mut fields = Vec::new();
    let (pairs, warnings) = line.split_once(" warnings=").unwrap_or((&line, ""));
    for kv in pairs.split(' ') {
        if let Some((k, v)) = kv.split_once('=') {
            fields.push((k.to_owned(), v.to_owned()));
        }
    }
    fields.push(("warnings".into(), warnings.to_owned()));
    fields
}

fn get(fields: &[(String, String)], key: &str) -> f64 {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(-1.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(-1.0)
}

fn report(name: &str, runs: &[Vec<(String, String)>], targets: &[(&str, f64)]) {
    let m = |k: &str| median(runs.iter().map(|f| get(f, k)).collect());
    let first = runs.first().map(Vec::as_slice).unwrap_or_default();
    println!(
        "{name:8} first rows {:.3} s, loaded {:.2} s, entities {:.2} s (+{:.2} after loading), search answering {:.2} s (+{:.2}), all done {:.2} s ({} runs, median)",
        m("first_rows"),
        m("loaded"),
        m("entities"),
        m("entities") - m("loaded"),
        m("search"),
        m("search") - m("loaded"),
        m("done"),
        runs.len()
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "         CPU {:.1} s used until search answers, {:.1} s in all; load average {}",
        m("search_cpu"),
        m("done_cpu"),
        load.split_whitespace().next().unwrap_or("?")
    );
    for (key, target) in targets {
        let got = m(key);
        println!(
            "         {key} {got:.2} s vs target {target} s: {:.2}x of budget",
            got / target
        );
    }
    println!(
        "         RSS {:.0} MB = {:.2}x text, peak {:.0} MB; {} articles, {} matches for 'government', {} articles loaded when search answered",
        m("rss_mb"),
        m("rss_mb") / get(first, "text_mb"),
        m("peak_mb"),
        get(first, "articles"),
        get(first, "matches"),
        m("loaded_at_search")
    );
    let warnings = first
        .iter()
        .find(|(k, _)| k == "warnings")
        .map_or("", |(_, v)| v.as_str());
    if warnings != "[]" && !warnings.is_empty() {
        println!("         warnings {warnings}");
    }
}

/// Edits one file, adds one, removes one; returns how to undo it.
fn change(dir: &Path) -> Option<Box<dyn FnOnce()>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).ok()?.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
            if files.len() > 100 {
                break;
            }
        }
    }
    files.sort();
    let (edited, removed) = (files.first()?.clone(), files.get(1)?.clone());
    let (edited_bytes, removed_bytes) =
        (std::fs::read(&edited).ok()?, std::fs::read(&removed).ok()?);
    let mut changed = edited_bytes.clone();
    changed.extend_from_slice(b"\nA late correction: the minister resigned on Friday.\n");
    std::fs::write(&edited, changed).ok()?;
    std::fs::remove_file(&removed).ok()?;
    let added = edited.with_file_name("zz-workspace-bench-added.txt");
    std::fs::write(
        &added,
        "Bench article\n\nGordon Brown met Angela Merkel in Berlin on Monday to discuss trade.\n",
    )
    .ok()?;
    Some(Box::new(move || {
        let _ = std::fs::write(&edited, edited_bytes);
        let _ = std::fs::write(&removed, removed_bytes);
        let _ = std::fs::remove_file(&added);
    }))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str);
    if matches!(mode, Some("--open" | "--open-old")) {
        if let (Some(dir), Some(ws)) = (args.get(1), args.get(2)) {
            open(Path::new(dir), Path::new(ws), mode == Some("--open"));
        }
        return;
    }
    let Some(dir) = args.first().map(PathBuf::from) else {
        println!("usage: workspace_bench DIR [WORKSPACE]");
        return;
    };
    let ws = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("dateline-workspace-bench"));
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let _ = std::fs::remove_dir_all(&ws);
    let cold = child(&dir, &ws, true);
    report("cold", std::slice::from_ref(&cold), &[("search", 12.0)]);
    let text_mb = get(&cold, "text_mb");
    let disk = size_of(&ws) as f64 / 1e6;
    println!(
        "workspace on disk {disk:.1} MB = {:.2}x text (target <= 1.5x); index {:.1} MB, entity cache {:.1} MB, entities {:.1} MB, user {:.1} MB",
        disk / text_mb,
        size_of(&ws.join("derived/index")) as f64 / 1e6,
        (size_of(&ws.join("derived/cache.sqlite")) + size_of(&ws.join("derived/cache.sqlite-wal")))
            as f64
            / 1e6,
        size_of(&ws.join("derived/resolution.bin")) as f64 / 1e6,
        size_of(&ws.join("user.sqlite")) as f64 / 1e6,
    );
    // Old (index and entities after loading) and new (sent early when the
    // files' stamp is unchanged), alternately.
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        old.push(child(&dir, &ws, false));
        new.push(child(&dir, &ws, true));
    }
    report("warm old", &old, &[("search", 1.0), ("entities", 1.0)]);
    report("warm new", &new, &[("search", 1.0), ("entities", 1.0)]);
    let mut changed = Vec::new();
    for _ in 0..rounds {
        let Some(undo) = change(&dir) else {
            println!("cannot change files in {}", dir.display());
            return;
        };
        changed.push(child(&dir, &ws, true));
        undo();
        // Back in step with the files, untimed.
        child(&dir, &ws, true);
    }
    report("changed", &changed, &[("search", 1.5)]);
}
