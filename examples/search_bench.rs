//! Search benchmark: index build speed, per-keystroke latency and memory on
//! the BBC corpus replicated in memory.
//!
//! ```text
//! cargo run --release --example search_bench            # x10 and x50
//! cargo run --release --example search_bench -- 50      # one factor
//! BENCH_BUILD_ONLY=1 cargo run --release --example search_bench -- 50
//! BENCH_ALL=1 ...                                         # every keystroke
//! ```
//!
//! The index holds title, body and each article's entities (found once in
//! the BBC articles, and the same in every copy), and is written as the app
//! writes it: through tantivy's `IndexWriter` into a directory (a temporary
//! one under /tmp), merged into one segment, and searched from there
//! (`BENCH_RAM=1` keeps it in RAM instead). Each factor runs in its own
//! process so resident memory is measured clean.
//! A keystroke is timed from the query string to results ready: parse, plan,
//! top 50 hits, the match count and snippets for the 40 visible rows.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use std::sync::Arc;

use dateline::analysis::entity_fields;
use dateline::corpus::{Article, Input, load_all};
use dateline::entities::{Extractor, Mention, Resolution, resolve};
use dateline::search::{Articles, DocInput, IndexStore, SearchError, SearchIndex};

const CORPUS: &str = "../shared/corpora/bbc";
const VISIBLE_ROWS: usize = 40;
const SNIPPET_CHARS: usize = 120;
const REPEATS: usize = 5;

/// Queries typed letter by letter (every prefix of each is one keystroke).
const TYPED: [&str; 8] = [
    "government",
    "prime minister",
    "chelsea manager",
    "\"prime minister\"",
    "economy -oil",
    "mobile OR phone",
    "title:film award",
    "goverment",
];

type TitleBody = (String, String);

/// The BBC articles as (title, body), read by the crate's own loader, and
/// their entities as the app finds them; `None` when the corpus is absent.
fn load() -> Option<(Vec<TitleBody>, Arc<Resolution>)> {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        return None;
    }
    let loaded = load_all(&Input::Paths(vec![root.to_path_buf()]));
    let articles: Vec<Arc<Article>> = loaded
        .articles
        .into_iter()
        .filter(|a| a.path.extension().is_some_and(|e| e == "txt"))
        .map(Arc::new)
        .collect();
    let extractor = Extractor::new();
    let mentions: Vec<(&str, Vec<Mention>)> = articles
        .iter()
        .map(|a| (a.body.as_str(), extractor.extract(&a.body)))
        .collect();
    let resolution = Arc::new(resolve(&mentions));
    drop(mentions);
    let docs = articles
        .iter()
        .map(|a| (a.title.clone(), a.body.clone()))
        .collect();
    Some((docs, resolution))
}

/// The replicated store for the indexer: each copy of an article has the
/// entities of the original.
struct Copies<'a> {
    store: &'a [TitleBody],
    resolution: &'a Resolution,
}

impl Articles for Copies<'_> {
    fn len(&self) -> usize {
        self.store.len()
    }

    fn text_len(&self, i: usize) -> usize {
        self.store.get(i).map_or(0, |(t, b)| t.len() + b.len())
    }

    fn get(&self, i: usize) -> DocInput<'_> {
        let Some((title, body)) = self.store.get(i) else {
            return DocInput::default();
        };
        let originals = self.resolution.docs.len().max(1);
        DocInput {
            entities: entity_fields(self.resolution, i % originals),
            ..DocInput::text(title, body)
        }
    }
}

fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run(factor: usize) {
    let Some((base, resolution)) = load() else {
        println!("BBC corpus not found at {CORPUS}: nothing to measure");
        return;
    };
    // The store: real copies, as the app would hold them.
    let mut store: Vec<(String, String)> = Vec::with_capacity(base.len() * factor);
    for _ in 0..factor {
        store.extend(base.iter().cloned());
    }
    drop(base);
    let text_bytes: usize = store.iter().map(|(t, b)| t.len() + b.len()).sum();
    let mb = text_bytes as f64 / 1e6;
    let rss_store = status_kb("VmRSS:");

    let t = Instant::now();
    let cpu0 = common::cpu_seconds();
    let copies = Copies {
        store: &store,
        resolution: &resolution,
    };
    let dir = std::env::temp_dir().join(format!("dateline-search-bench-{}", std::process::id()));
    let built = if std::env::var_os("BENCH_RAM").is_some() {
        SearchIndex::build_from(&copies, |_| {})
    } else {
        build_on_disk(&copies, &dir)
    };
    let index = match built {
        Ok(ix) => ix,
        Err(e) => {
            println!("build failed: {e}");
            return;
        }
    };
    let build = t.elapsed();
    let cpu = common::cpu_seconds() - cpu0;
    let rss = status_kb("VmRSS:");
    let hwm = status_kb("VmHWM:");
    println!(
        "x{factor}: {} articles, {mb:.1} MB of text, {} index segments",
        store.len(),
        index.segments()
    );
    let speed = mb / build.as_secs_f64();
    // The issue sets the build speed at x50.
    let build_target = if factor >= 50 {
        format!("   (target >= 60 MB/s: {:.2}x)", speed / 60.0)
    } else {
        String::new()
    };
    println!(
        "  build       {:.2} s = {speed:.1} MB/s{build_target}; CPU {cpu:.2} s = {:.1} MB per CPU-second",
        build.as_secs_f64(),
        mb / cpu.max(0.01)
    );
    let rss_mb = rss as f64 / 1024.0 * 1.048_576;
    println!(
        "  memory      RSS {rss_mb:.0} MB = {:.2}x text (store alone {:.0} MB; peak {:.0} MB = {:.2}x)   (target <= 3x: {:.2} of budget)",
        rss_mb / mb,
        rss_store as f64 / 1024.0 * 1.048_576,
        hwm as f64 / 1024.0 * 1.048_576,
        hwm as f64 / 1024.0 * 1.048_576 / mb,
        rss_mb / mb / 3.0
    );

    if std::env::var_os("BENCH_BUILD_ONLY").is_some() {
        return;
    }
    let mut times: Vec<(Duration, String, usize, bool)> = Vec::new();
    let mut sink = 0usize;
    // BENCH_PROFILE=n repeats the typing n times first (for a profiler).
    let warm: usize = std::env::var("BENCH_PROFILE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _ in 0..warm {
        for q in TYPED {
            for (i, _) in q.char_indices().skip(1) {
                if let Ok(r) = index.search(&q[..i], 50) {
                    sink += r.total;
                }
            }
        }
    }
    // Each keystroke is run REPEATS times from cold caches and its median
    // kept: the machine is shared, and a single run can be descheduled.
    for q in TYPED {
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let mut runs = Vec::with_capacity(REPEATS);
            let mut outcome = (0, false);
            for _ in 0..REPEATS {
                index.clear_cache();
                let t = Instant::now();
                outcome = match index.search(&typed, 50) {
                    Ok(r) => {
                        for h in r.hits.iter().take(VISIBLE_ROWS) {
                            if let Some((_, body)) = store.get(h.doc as usize) {
                                sink += r.snippet(body, SNIPPET_CHARS).highlights.len();
                            }
                        }
                        (r.total, r.total_is_lower_bound)
                    }
                    Err(_) => (0, false),
                };
                runs.push(t.elapsed());
            }
            runs.sort();
            times.push((runs[REPEATS / 2], typed.clone(), outcome.0, outcome.1));
        }
    }
    let mut sorted: Vec<Duration> = times.iter().map(|t| t.0).collect();
    sorted.sort();
    let p50 = percentile(&sorted, 0.5);
    let p99 = percentile(&sorted, 0.99);
    // The issue sets p50 and p99 at x50, only p99 at x10.
    let targets = if factor >= 50 {
        format!(
            "targets p50 <= 2 ms: {:.2}x, p99 <= 8 ms: {:.2}x",
            ms(p50) / 2.0,
            ms(p99) / 8.0
        )
    } else {
        format!("target p99 <= 3 ms: {:.2}x", ms(p99) / 3.0)
    };
    println!(
        "  keystrokes  n={}  p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms   ({targets})",
        sorted.len(),
        ms(p50),
        ms(p99),
        ms(*sorted.last().unwrap_or(&Duration::ZERO)),
    );
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    let slowest: Vec<String> = times
        .iter()
        .take(6)
        .map(|(d, q, n, a)| format!("{q:?} {:.2} ms ({n}{})", ms(*d), if *a { "+" } else { "" }))
        .collect();
    println!("  slowest     {}", slowest.join(", "));
    if std::env::var_os("BENCH_ALL").is_some() {
        for (d, q, n, a) in &times {
            println!(
                "    {q:?} {:.2} ms ({n}{})",
                ms(*d),
                if *a { "+" } else { "" }
            );
        }
    }
    std::hint::black_box(sink);
    drop(index);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The index of `copies` written through `IndexWriter` into `dir`, merged
/// into one segment, as the app's workspace holds it.
fn build_on_disk(copies: &Copies<'_>, dir: &Path) -> Result<SearchIndex, SearchError> {
    let _ = std::fs::remove_dir_all(dir);
    let store = IndexStore::open_dir(dir, true)?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut update = store.writer(threads)?;
    for i in 0..copies.len() {
        update.add(i as u64, 0, 1, &copies.get(i))?;
    }
    update.commit()?;
    update.merge_all()?;
    update.finish()?;
    let n = copies.len() as u64;
    store.searcher(&|k| (k < n).then_some(k as u32))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(f) = args.first().and_then(|a| a.parse::<usize>().ok()) {
        run(f.max(1));
        return;
    }
    // One process per factor, for clean memory figures.
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            println!("cannot find own executable: {e}");
            return;
        }
    };
    for f in [10, 50] {
        match std::process::Command::new(&exe).arg(f.to_string()).status() {
            Ok(s) if s.success() => {}
            other => println!("x{f} run failed: {other:?}"),
        }
    }
}
