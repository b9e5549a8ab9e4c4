//! Load benchmark: prints how fast corpora load and how much memory they take.
//!
//! `cargo run --release --example load_bench -- [BBC_DIR]` (default
//! `../shared/corpora/bbc`). Measures the BBC corpus as it is, then a copy
//! of it 45 times over (about 100,000 articles) in a temporary folder: time
//! to the first batch of articles (what the first frame can show), time to
//! load everything, throughput, and resident memory against the text size.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use dateline::corpus::{Input, LoadEvent, spawn_loader};
use dateline::store::Store;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn measure(label: &str, paths: Vec<PathBuf>, first_target_ms: f64) {
    let rss_before = rss_mb();
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let handle = spawn_loader(Input::Paths(paths), tx);
    let mut store = Store::default();
    let mut first = None;
    for ev in rx {
        if first.is_none()
            && matches!(ev, LoadEvent::Batch { ref articles, .. } if !articles.is_empty())
        {
            first = Some(start.elapsed());
        }
        store.apply(ev);
    }
    let _ = handle.join();
    let total = start.elapsed();
    let mb = store.progress().bytes as f64 / 1e6;
    let text_mb = store.text_bytes() as f64 / 1e6;
    let rss = rss_mb() - rss_before;
    let first_ms = first.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    println!(
        "{label}: {} articles, {mb:.1} MB in {:.0} ms = {:.0} MB/s; first batch after {first_ms:.1} ms (target {first_target_ms} ms, ratio {:.2}); memory +{rss:.0} MB = {:.2}x text ({text_mb:.1} MB); {} warnings",
        store.len(),
        total.as_secs_f64() * 1e3,
        mb / total.as_secs_f64(),
        first_ms / first_target_ms,
        rss / text_mb,
        store.warnings().len(),
    );
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else if entry.path().extension().is_some_and(|e| e == "txt") {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let bbc = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("../shared/corpora/bbc"), PathBuf::from);
    if !bbc.is_dir() {
        eprintln!(
            "load_bench: {} not found; nothing to measure",
            bbc.display()
        );
        return Ok(());
    }
    measure("bbc x1", vec![bbc.clone()], 60.0);
    let tmp = std::env::temp_dir().join(format!("dateline-load-bench-{}", std::process::id()));
    for k in 0..45 {
        copy_tree(&bbc, &tmp.join(format!("copy{k:02}")))?;
    }
    measure("bbc x45", vec![tmp.clone()], 100.0);
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}
