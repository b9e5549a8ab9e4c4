//! HTML page reading speed, one core: every page of a folder read as
//! dateline reads it (tokenize, tree, extraction, body with offsets), in
//! rounds, and the speed in MB/s of page bytes.
//!
//! `cargo run --release --example html_bench -- ../shared/html/aeb-dev/html [ROUNDS]`
//! (target: at least 20 MB/s per core). With `--titles` it prints each
//! page's title, date and author instead, for checking by hand.

use std::path::PathBuf;
use std::time::Instant;

use dateline::corpus::{FileKind, parse_bytes};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let titles = args.iter().any(|a| a == "--titles");
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: html_bench DIR [ROUNDS] [--titles]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(d) => d.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("html_bench: {dir}: {e}");
            std::process::exit(1);
        }
    };
    files.sort();
    let pages: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    if titles {
        for (p, raw) in &pages {
            for a in parse_bytes(p, FileKind::Html, raw).articles {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}",
                    &name[..12.min(name.len())],
                    a.title,
                    a.date.unwrap_or_default(),
                    a.author.unwrap_or_default()
                );
            }
        }
        return;
    }
    println!("{} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
    for round in 1..=rounds {
        let t = Instant::now();
        let mut words = 0u64;
        for (p, raw) in &pages {
            for a in parse_bytes(p, FileKind::Html, raw).articles {
                words += u64::from(a.words);
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {:.3} s, {:.1} MB/s, {:.2} ms/page, {words} words",
            s,
            bytes as f64 / 1e6 / s,
            s * 1e3 / pages.len() as f64
        );
    }
}
