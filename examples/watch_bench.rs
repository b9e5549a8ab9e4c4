//! How soon a file dropped into a watched folder is searchable, and what a
//! burst of new files costs: the app's own path (watcher → batch →
//! `update` → incremental analysis through the workspace → index), without
//! a terminal.
//!
//! `cargo run --release --example watch_bench -- TREE WORKSPACE_DIR [ROUNDS] [BURST]`
//!
//! Loads TREE (a folder; it is written into: a sub-folder
//! `zz_watch_bench` is made and removed), brings its workspace in
//! WORKSPACE_DIR up to date (the first run is a cold open), then ROUNDS
//! times writes one new article with a word of its own and prints the time
//! until the search index finds it, and until the analysis (entities,
//! merge) has ended; then a burst of BURST files (default 0: none), with
//! the longest time `update` took for one batch (what the UI would wait)
//! and the time until all of them are searchable. Target: ≤ 1 s to
//! searchable in a folder of 100,000 articles.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use dateline::analysis::{AnalysisEvent, read_ahead, spawn_analysis};
use dateline::app::incoming::{Prepared, prepare};
use dateline::app::{AppState, Effect, Msg, arrivals, drive};
use dateline::cli::index::open_workspace;
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use dateline::watch::{Batch, watch};
use dateline::workspace::{Choice, Workspace};
use ratatui::layout::Rect;

enum Ev {
    /// An analysis event, made ready off the loop's thread as the shell
    /// does (`app::incoming::prepare`).
    Analysis(Prepared),
    Watch(Batch),
}

struct Shell {
    tx: Sender<Ev>,
    workspace: Option<Arc<Workspace>>,
}

impl Shell {
    fn carry(&self, effects: Vec<Effect>) {
        for e in effects {
            if let Effect::Analyse(articles) = e {
                let (atx, arx) = mpsc::channel();
                spawn_analysis(articles, self.workspace.clone(), atx);
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    for ev in arx {
                        if tx.send(Ev::Analysis(prepare(ev))).is_err() {
                            return;
                        }
                    }
                });
            }
        }
    }
}

/// What an event is, for the figures.
fn kind(ev: &Ev) -> &'static str {
    match ev {
        Ev::Watch(_) => "watch batch",
        Ev::Analysis(Prepared::Entities(_)) => "entities",
        Ev::Analysis(Prepared::Event(a)) => match a {
            AnalysisEvent::Mentions { .. } => "mentions",
            AnalysisEvent::Corrections(_) => "corrections base",
            AnalysisEvent::Entities(_) => "entities",
            AnalysisEvent::Indexing(_) => "indexing",
            AnalysisEvent::Index(_) => "index",
            AnalysisEvent::Done => "done",
            AnalysisEvent::Identified => "identified",
        },
    }
}

/// Applies one event; returns whether it ended an analysis, how long
/// `update` took, and what the event was.
fn apply(s: &mut AppState, shell: &Shell, ev: Ev) -> (bool, Duration, &'static str) {
    let what = kind(&ev);
    let t = Instant::now();
    let (done, msg) = match ev {
        Ev::Analysis(a) => (
            matches!(a, Prepared::Event(AnalysisEvent::Done)),
            Msg::from(a),
        ),
        Ev::Watch(b) => (false, Msg::Watch(b)),
    };
    let effects = drive(s, msg);
    let took = t.elapsed();
    shell.carry(effects);
    (done, took, what)
}

fn finds(s: &AppState, word: &str) -> usize {
    s.analysis
        .index
        .as_ref()
        .and_then(|i| i.search(word, 10_000).ok())
        .map_or(0, |r| r.total)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(tree), Some(ws)) = (args.first(), args.get(1)) else {
        eprintln!("usage: watch_bench TREE WORKSPACE_DIR [ROUNDS] [BURST]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let burst: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(0);
    let tree = PathBuf::from(tree);
    let drop_dir = tree.join("zz_watch_bench");
    let _ = std::fs::remove_dir_all(&drop_dir);
    let input = Input::Paths(vec![tree.clone()]);
    let start = Instant::now();
    let workspace = open_workspace(&Choice::At(PathBuf::from(ws)), &input).map(Arc::new);
    if let Some(w) = &workspace {
        read_ahead(w, None);
    }
    let loaded = load_all(&input);
    println!(
        "loaded {} articles in {:.2} s",
        loaded.articles.len(),
        start.elapsed().as_secs_f64()
    );
    let mut s = AppState::new(
        Store::from_articles(loaded.articles, loaded.warnings),
        Rect::new(0, 0, 120, 40),
    );
    s.arrivals.watching = true;
    // As the app does when watching (there, as the articles load).
    s.store.keep_paths();
    let (tx, rx) = mpsc::channel();
    let shell = Shell {
        tx: tx.clone(),
        workspace,
    };
    let first = arrivals::analyse(&mut s);
    shell.carry(first);
    let mut searchable = None;
    for ev in rx.iter() {
        let (done, _, _) = apply(&mut s, &shell, ev);
        if searchable.is_none() && s.analysis.index.is_some() {
            searchable = Some(start.elapsed());
        }
        if done {
            break;
        }
    }
    println!(
        "opened: searchable after {:.2} s, analysis ended after {:.2} s",
        searchable.unwrap_or_default().as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    let (wtx, wrx) = mpsc::channel();
    let _watch = watch(std::slice::from_ref(&tree), wtx);
    let fwd = tx.clone();
    std::thread::spawn(move || {
        for b in wrx {
            if fwd.send(Ev::Watch(b)).is_err() {
                return;
            }
        }
    });
    if let Err(e) = std::fs::create_dir_all(&drop_dir) {
        eprintln!("watch_bench: {}: {e}", drop_dir.display());
        std::process::exit(1);
    }
    // Let the new folder's own event pass.
    std::thread::sleep(Duration::from_millis(600));
    while let Ok(ev) = rx.try_recv() {
        let _ = apply(&mut s, &shell, ev);
    }
    for round in 1..=rounds {
        let word = format!("zqxwatchbench{round}x{}", std::process::id());
        let path = drop_dir.join(format!("round{round}.txt"));
        let t0 = Instant::now();
        if let Err(e) = std::fs::write(
            &path,
            format!("Dropped article {round}\n\nA new article with the word {word} in Paris.\n"),
        ) {
            eprintln!("watch_bench: {}: {e}", path.display());
            std::process::exit(1);
        }
        let (found, ended, slowest) = wait(&mut s, &shell, &rx, &word, 1, t0);
        println!(
            "round {round}: searchable after {:.3} s, analysis ended after {:.2} s, longest update {}",
            found.as_secs_f64(),
            ended.as_secs_f64(),
            slowest
        );
    }
    if burst > 0 {
        let word = format!("zqxburst{}", std::process::id());
        let t0 = Instant::now();
        for i in 0..burst {
            let _ = std::fs::write(
                drop_dir.join(format!("burst{i:06}.txt")),
                format!("Burst article {i}\n\nOne of many, with {word}.\n"),
            );
        }
        let written = t0.elapsed();
        let (found, ended, slowest) = wait(&mut s, &shell, &rx, &word, burst, t0);
        println!(
            "burst of {burst}: written in {:.2} s, all searchable after {:.2} s, analysis ended after {:.2} s, longest update {}",
            written.as_secs_f64(),
            found.as_secs_f64(),
            ended.as_secs_f64(),
            slowest
        );
    }
    let _ = std::fs::remove_dir_all(&drop_dir);
}

/// The updates of a round: the longest, what it took in, and the
/// longest of each kind of event.
#[derive(Default)]
struct Slowest {
    longest: Duration,
    what: &'static str,
    by_kind: Vec<(&'static str, Duration, usize)>,
}

impl Slowest {
    fn add(&mut self, took: Duration, what: &'static str) {
        if took > self.longest {
            self.longest = took;
            self.what = what;
        }
        match self.by_kind.iter_mut().find(|(k, _, _)| *k == what) {
            Some((_, d, n)) => {
                *d = (*d).max(took);
                *n += 1;
            }
            None => self.by_kind.push((what, took, 1)),
        }
    }
}

impl std::fmt::Display for Slowest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1} ms ({}); longest by event:",
            self.longest.as_secs_f64() * 1e3,
            self.what
        )?;
        for (k, d, n) in &self.by_kind {
            write!(f, " {k} {:.1} ms (x{n})", d.as_secs_f64() * 1e3)?;
        }
        Ok(())
    }
}

/// Runs the loop until `word` is found in `want` articles and no analysis
/// runs; returns the times from `t0` and the longest single update.
fn wait(
    s: &mut AppState,
    shell: &Shell,
    rx: &mpsc::Receiver<Ev>,
    word: &str,
    want: usize,
    t0: Instant,
) -> (Duration, Duration, Slowest) {
    let mut found = None;
    let mut slowest = Slowest::default();
    loop {
        let Ok(ev) = rx.recv_timeout(Duration::from_secs(600)) else {
            eprintln!("watch_bench: nothing happened for 10 minutes");
            std::process::exit(1);
        };
        let (_, took, what) = apply(s, shell, ev);
        slowest.add(took, what);
        if found.is_none() && finds(s, word) >= want {
            found = Some(t0.elapsed());
        }
        if let Some(f) = found
            && !s.arrivals.analysing
        {
            return (f, t0.elapsed(), slowest);
        }
    }
}
