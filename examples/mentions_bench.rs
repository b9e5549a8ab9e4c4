//! Mention-navigation benchmark: prints timings against the targets.
//!
//! `cargo run --release --example mentions_bench -- [BBC_DIR] [FACTOR]`
//! (default `../shared/corpora/bbc`, factor 10 = 22,250 articles). The BBC
//! corpus is replicated in memory; entities are extracted and resolved as
//! the app does, then it measures:
//! - building the mention postings, against the time to load the corpus;
//! - `*` (next mention of the same entity, crossing into other articles and
//!   rewrapping them) for the most mentioned entities;
//! - opening the corpus-wide entities pane and each keystroke of a filter.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::keymap::Key;
use dateline::app::{Action, AppState, Mode, drive, reader};
use dateline::corpus::{Article, ArticleId, Input, load_all};
use dateline::facts::postings;
use dateline::store::Store;
use ratatui::layout::Rect;

fn pct(mut xs: Vec<Duration>, p: f64) -> f64 {
    xs.sort();
    let i = ((xs.len().saturating_sub(1)) as f64 * p / 100.0).round() as usize;
    xs.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map_or_else(|| PathBuf::from("../shared/corpora/bbc"), PathBuf::from);
    let factor: usize = args.next().and_then(|f| f.parse().ok()).unwrap_or(10);
    if !dir.is_dir() {
        eprintln!(
            "mentions_bench: {} not found; nothing to measure",
            dir.display()
        );
        return;
    }
    let t = Instant::now();
    let base = load_all(&Input::Paths(vec![dir])).articles;
    let load_one = t.elapsed();
    let load = load_one * factor as u32;
    let mut articles = Vec::with_capacity(base.len() * factor);
    for k in 0..factor {
        for (i, a) in base.iter().enumerate() {
            let mut a: Article = a.clone();
            a.id = ArticleId(a.id.0 ^ ((k as u64) << 40) ^ i as u64);
            articles.push(a);
        }
    }
    let store = Store::from_articles(articles, Vec::new());
    let mut state = AppState::new(store, Rect::new(0, 0, 160, 50));
    let t = Instant::now();
    let events = analyse_now(state.store.articles());
    println!(
        "{} articles; analysis (extract, resolve, index) {:.0} ms",
        state.store.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for ev in events {
        if let AnalysisEvent::Entities(r) = &ev {
            let t = Instant::now();
            let p = postings(r);
            let took = t.elapsed();
            println!(
                "postings: {:.1} ms = {:.1}% of load time ({:.0} ms: {:.0} ms measured for x1, times {factor}) (target <= 10%)",
                took.as_secs_f64() * 1e3,
                100.0 * took.as_secs_f64() / load.as_secs_f64(),
                load.as_secs_f64() * 1e3,
                load_one.as_secs_f64() * 1e3,
            );
            drop(p);
        }
        drive(&mut state, dateline::app::Msg::Analysis(ev));
    }
    // `*` on the most mentioned entities, from their first mention.
    let mut by_count: Vec<(usize, usize)> = state
        .analysis
        .postings
        .iter()
        .enumerate()
        .map(|(i, p)| (p.len(), i))
        .collect();
    by_count.sort_by(|a, b| b.cmp(a));
    let mut jumps = Vec::new();
    let mut crossings = 0;
    drive(&mut state, Action::FocusReader);
    for &(_, entity) in by_count.iter().take(20) {
        let Some(&(article, mention)) = state.analysis.postings[entity].first() else {
            continue;
        };
        reader::go_to_mention(&mut state, article, mention as usize);
        for _ in 0..100 {
            let before = state.reader.article;
            let t = Instant::now();
            drive(&mut state, Action::NextSameEntity);
            jumps.push(t.elapsed());
            crossings += usize::from(before != state.reader.article);
        }
    }
    println!(
        "next-mention jump (*): {} jumps, {crossings} into another article: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (target <= 2 ms)",
        jumps.len(),
        pct(jumps.clone(), 50.0),
        pct(jumps.clone(), 99.0),
        pct(jumps, 100.0)
    );
    let t = Instant::now();
    drive(&mut state, Action::EntitiesCorpus);
    let open = t.elapsed();
    let rows = match &state.mode {
        Mode::Entities(p) => p.rows.len(),
        _ => 0,
    };
    let mut keys = Vec::new();
    for word in ["blair", "united", "ch"] {
        for c in word.chars() {
            let t = Instant::now();
            drive(&mut state, Key::char(c));
            keys.push(t.elapsed());
        }
        for _ in word.chars() {
            let t = Instant::now();
            drive(&mut state, Action::DeleteBack);
            keys.push(t.elapsed());
        }
    }
    println!(
        "entities pane: open with {rows} entities {:.1} ms; filter keystrokes p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target <= 16 ms)",
        open.as_secs_f64() * 1e3,
        pct(keys.clone(), 50.0),
        pct(keys.clone(), 99.0),
        pct(keys, 100.0)
    );
}
