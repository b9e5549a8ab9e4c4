//! Query-size benchmark: the time of one headless query of 10, 100, 1,000
//! and 5,000 OR-ed words on the BBC corpus.
//!
//! `cargo run --release --example query_bench` (reads
//! `../shared/corpora/bbc`). The words are taken from the corpus's own text,
//! every fourth one mistyped (absent from the index, so it looks for near
//! spellings), as a pasted list would be. Timed: parse, plan, top 20 hits,
//! the count, and the snippet and hit ranges of each hit, as `dateline
//! search` prints them; the index is built once. Each size runs 5 times,
//! cold (expansion cache cleared); the median is printed. A query's work is
//! bounded (256 words, 16 near-spelling lookups), so the time should stop
//! growing past 256 words.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::corpus::{Article, Input, load_all};

const CORPUS: &str = "../shared/corpora/bbc";
const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];
const REPEATS: usize = 5;

fn main() {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        eprintln!("query_bench: {CORPUS} not found; nothing to measure");
        return;
    }
    let articles: Vec<Arc<Article>> = load_all(&Input::Paths(vec![root.to_path_buf()]))
        .articles
        .into_iter()
        .map(Arc::new)
        .collect();
    let mut index = None;
    for ev in analyse_now(&articles) {
        if let AnalysisEvent::Index(Ok(built)) = ev {
            index = Some(built);
        }
    }
    let Some(index) = index else {
        eprintln!("query_bench: the index was not built");
        return;
    };
    // Distinct words of the corpus, in a fixed scattered order.
    let vocab: BTreeSet<String> = articles
        .iter()
        .flat_map(|a| a.body.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    let vocab: Vec<String> = vocab.into_iter().collect();
    if vocab.is_empty() {
        eprintln!("query_bench: no words in the corpus");
        return;
    }
    let step = 7919 % vocab.len();
    println!(
        "{} articles, {} distinct words; median of {REPEATS} cold runs",
        articles.len(),
        vocab.len()
    );
    println!("words   query KB   time ms   matches   note");
    for n in SIZES {
        let words: Vec<String> = (0..n)
            .map(|i| {
                let w = &vocab[(i * step + i) % vocab.len()];
                if i % 4 == 3 {
                    format!("{w}qx")
                } else {
                    w.clone()
                }
            })
            .collect();
        let query = words.join(" OR ");
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..REPEATS {
            index.clear_cache();
            let start = Instant::now();
            let results = match index.search(&query, 20) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("query_bench: {e}");
                    return;
                }
            };
            let mut ranges = 0;
            for hit in &results.hits {
                if let Some(a) = articles.get(hit.doc as usize) {
                    ranges += results.hit_ranges(&a.body).len();
                    ranges += results.snippet(&a.body, 160).highlights.len();
                }
            }
            times.push(start.elapsed().as_secs_f64() * 1e3);
            last = Some((results.total, results.note.clone(), ranges));
        }
        times.sort_by(f64::total_cmp);
        let (total, note, _) = last.unwrap_or_default();
        println!(
            "{n:>5} {:>10.1} {:>9.1} {:>9}   {}",
            query.len() as f64 / 1e3,
            times[REPEATS / 2],
            total,
            note.unwrap_or_default()
        );
    }
}
