//! Throughput and memory of the entity extractor.
//!
//! `cargo run --release --example ner_bench -- [DIR] [--model WEIGHTS]` (default
//! `../shared/corpora/bbc`): reads every `*.txt` under DIR with the crate's
//! loader, then extracts entities from each article's title and body as the
//! app does (`extract_article`), on one thread (best of 5 passes), and
//! resolves aliases once. Words are counted over the whole files (titles
//! and bodies). Prints words per second and the resident memory the
//! embedded gazetteers and model add.

use std::path::{Path, PathBuf};
use std::time::Instant;

use dateline::corpus::{Input, load_all};
use dateline::entities::{Extractor, resolve};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt")
            && p.file_name().is_some_and(|n| n != "SOURCE.md")
        {
            out.push(p);
        }
    }
}

/// Resident set size in bytes (Linux), 0 elsewhere.
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|v| v.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

/// CPU time this thread has run, in seconds (Linux `schedstat`), if known.
/// The machine may be shared, so wall-clock time overstates the cost; the
/// per-core figure uses this.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = args
        .iter()
        .position(|a| a == "--model")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--model"))
        .map_or_else(|| "../shared/corpora/bbc".to_string(), |(_, a)| a.clone());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    let loaded = load_all(&Input::Paths(paths));
    let texts: Vec<(String, String)> = loaded
        .articles
        .into_iter()
        .map(|a| (a.title, a.body))
        .collect();
    anyhow::ensure!(!texts.is_empty(), "no .txt files under {dir}");
    let words: usize = texts
        .iter()
        .map(|(t, b)| t.split_whitespace().count() + b.split_whitespace().count())
        .sum();
    let bytes: usize = texts.iter().map(|(t, b)| t.len() + b.len()).sum();

    let before = rss();
    let t0 = Instant::now();
    let ex = match &model {
        Some(m) => Extractor::with_model_bytes(&std::fs::read(m)?)
            .ok_or_else(|| anyhow::anyhow!("{m}: not a model file"))?,
        None => Extractor::new(),
    };
    let load = t0.elapsed();
    let after = rss();

    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut mentions = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let c = thread_cpu();
        mentions = texts
            .iter()
            .map(|(t, b)| ex.extract_article(t, b))
            .collect::<Vec<_>>();
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(c0), Some(c1)) = (c, thread_cpu()) {
            best_cpu = best_cpu.min(c1 - c0);
        }
    }
    let n: usize = mentions.iter().map(Vec::len).sum();
    let t = Instant::now();
    let docs: Vec<((&str, &str), Vec<_>)> = texts
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .zip(mentions)
        .collect();
    let res = resolve(&docs);
    let rtime = t.elapsed().as_secs_f64();

    println!(
        "{} articles, {} words, {:.1} MB; tagger: {}",
        texts.len(),
        words,
        bytes as f64 / 1e6,
        if ex.uses_model() { "model" } else { "rules" }
    );
    println!(
        "extract: {:.3} s wall (best of 5), {:.2} M words/s wall-clock, {} mentions",
        best,
        words as f64 / best / 1e6,
        n
    );
    if best_cpu.is_finite() {
        println!(
            "extract: {:.3} s CPU time of the one thread (best of 5): {:.2} M words/s on one core",
            best_cpu,
            words as f64 / best_cpu / 1e6
        );
    }
    println!("resolve: {:.3} s, {} entities", rtime, res.entities.len());
    println!(
        "load: {:.1} ms; resident memory added by the embedded data: {:.1} MB",
        load.as_secs_f64() * 1e3,
        after.saturating_sub(before) as f64 / 1e6
    );
    Ok(())
}
