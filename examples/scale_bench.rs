//! Scaling benchmark: is one long article analysed as fast, per megabyte, as
//! many short ones?
//!
//! `cargo run --release --example scale_bench -- [SIZES_MB...]` (default
//! `1 10 100`). Reads `../shared/corpora/bbc` and measures the whole
//! analysis the app runs after loading (entity extraction, corpus-wide
//! resolution, the search index) on:
//!
//! - the BBC corpus as it is (2,225 articles of a few KB): the reference;
//! - one article of N MB made of the same text, one BBC article after
//!   another in a single file, loaded by the crate's own loader.
//!
//! Each size runs after a fresh run of the reference, so the ratio compares
//! neighbouring measurements (this host's speed drifts). The target is a
//! ratio of at least 0.7 at every size (1 or more: the long article goes at
//! least as fast). Wall-clock MB/s is what a user waits for; MB per CPU
//! second is the work done, whatever share of a busy host's cores the run
//! got. Peak memory is the process's high water mark so far (it only
//! grows).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::corpus::{Article, Input, load_all};

const CORPUS: &str = "../shared/corpora/bbc";

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Loads `paths`; returns the articles and the seconds it took.
fn load(paths: Vec<PathBuf>) -> (Vec<Arc<Article>>, f64) {
    let start = Instant::now();
    let loaded = load_all(&Input::Paths(paths));
    let secs = start.elapsed().as_secs_f64();
    (loaded.articles.into_iter().map(Arc::new).collect(), secs)
}

/// Analyses `articles` as the app does; returns seconds, CPU seconds and
/// mentions found.
fn analyse(articles: &[Arc<Article>]) -> (f64, f64, usize) {
    let start = Instant::now();
    let cpu = common::cpu_seconds();
    let mut mentions = 0;
    let mut indexed = false;
    for ev in analyse_now(articles) {
        match ev {
            AnalysisEvent::Mentions { mentions: m, .. } => {
                mentions += m.iter().map(Vec::len).sum::<usize>();
            }
            AnalysisEvent::Index(Ok(_)) => indexed = true,
            AnalysisEvent::Index(Err(e)) => eprintln!("scale_bench: index failed: {e}"),
            _ => {}
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if !indexed {
        eprintln!("scale_bench: no index was built");
    }
    (secs, common::cpu_seconds() - cpu, mentions)
}

fn text_mb(articles: &[Arc<Article>]) -> f64 {
    articles
        .iter()
        .map(|a| a.body.len() + a.title.len())
        .sum::<usize>() as f64
        / 1e6
}

/// The BBC text, every article one after another.
fn bbc_text(root: &Path) -> std::io::Result<String> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut text = String::new();
    for f in files {
        text.push_str(&String::from_utf8_lossy(&std::fs::read(f)?));
        text.push_str("\n\n");
    }
    Ok(text)
}

fn main() -> std::io::Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1, 10, 100]
    } else {
        sizes
    };
    let bbc = PathBuf::from(CORPUS);
    if !bbc.is_dir() {
        eprintln!(
            "scale_bench: {} not found; nothing to measure",
            bbc.display()
        );
        return Ok(());
    }
    let text = bbc_text(&bbc)?;
    let tmp = std::env::temp_dir().join(format!("dateline-scale-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    println!(
        "size      articles   text MB   load s  analyse s   MB/s   ratio  |  cpu s  MB/cpu-s   ratio  |  mentions   peak MB"
    );
    for mb in sizes {
        // The reference, measured again next to each size.
        let (corpus, load_s) = load(vec![bbc.clone()]);
        let (bbc_s, bbc_cpu, bbc_mentions) = analyse(&corpus);
        let bbc_rate = text_mb(&corpus) / bbc_s;
        let bbc_cpu_rate = text_mb(&corpus) / bbc_cpu;
        println!(
            "bbc       {:>8} {:>9.1} {:>8.2} {:>10.2} {:>6.2} {:>7}  | {:>6.2} {:>9.2} {:>7}  | {:>9} {:>9.0}",
            corpus.len(),
            text_mb(&corpus),
            load_s,
            bbc_s,
            bbc_rate,
            "1.00",
            bbc_cpu,
            bbc_cpu_rate,
            "1.00",
            bbc_mentions,
            peak_rss_mb()
        );
        drop(corpus);
        // One article of `mb` megabytes: a headline, then the BBC text
        // repeated until it is long enough.
        let want = mb * 1_000_000;
        let mut one = String::with_capacity(want + text.len());
        one.push_str("One very long article\n\n");
        while one.len() < want {
            let room = want - one.len();
            let mut cut = room.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            one.push_str(&text[..cut]);
        }
        let file = tmp.join(format!("one-{mb}mb.txt"));
        std::fs::write(&file, &one)?;
        drop(one);
        let (long, load_s) = load(vec![file.clone()]);
        let (secs, cpu, mentions) = analyse(&long);
        let rate = text_mb(&long) / secs;
        let cpu_rate = text_mb(&long) / cpu;
        println!(
            "{:<9} {:>8} {:>9.1} {:>8.2} {:>10.2} {:>6.2} {:>7.2}  | {:>6.2} {:>9.2} {:>7.2}  | {:>9} {:>9.0}",
            format!("{mb} MB"),
            long.len(),
            text_mb(&long),
            load_s,
            secs,
            rate,
            rate / bbc_rate,
            cpu,
            cpu_rate,
            cpu_rate / bbc_cpu_rate,
            mentions,
            peak_rss_mb()
        );
        std::fs::remove_file(&file)?;
    }
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}
