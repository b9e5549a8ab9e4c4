//! The list's order at scale: the BBC corpus copied N times in memory
//! (x45: 100,125 articles), dates made up (the corpus has none: 85% a day
//! between 2001 and 2005, 5% a month only, 10% none, from a hash of the
//! article's position), and half of the articles read at made-up times.
//!
//! ```text
//! cargo run --release --example sort_bench                  # x45
//! cargo run --release --example sort_bench -- 45 /path/to/bbc
//! ```
//!
//! Figures, each the median (and max) of `BENCH_ROUNDS` runs (5):
//! * making each order (`reading::sort::order`: the keys taken once, then
//!   one sort);
//! * the `o` key through `update` (the order made and every level put in
//!   it, the selection kept);
//! * `j` through `update`, the list in path order and sorted by title,
//!   alternately in one run (p50 / p99 of 2,000 keys each): what a sorted
//!   list costs per keystroke.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline::app::keymap::Key;
use dateline::app::{Action, AppState, Msg, drive};
use dateline::corpus::{Article, Input, load_all};
use dateline::reading::{ListSort, Marks, sort};
use dateline::store::Store;
use ratatui::layout::Rect;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn hash(i: usize) -> u64 {
    let mut h = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 31;
    h.wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

fn made_up_date(i: usize) -> Option<String> {
    let h = hash(i);
    let (year, month, day) = (2001 + h % 5, 1 + (h >> 8) % 12, 1 + (h >> 16) % 28);
    match h % 20 {
        0 | 1 => None,
        2 => Some(format!("{year}-{month:02}")),
        _ => Some(format!("{year}-{month:02}-{day:02}")),
    }
}

fn median_max(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    (ms(v[v.len() / 2]), ms(v[v.len() - 1]))
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    ms(v[i])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let scale: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(45);
    let bbc = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/corpora/bbc".to_owned()),
    );
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let base = load_all(&Input::from_args(vec![bbc.clone()])).articles;
    if base.is_empty() {
        eprintln!("no articles in {}", bbc.display());
        std::process::exit(1);
    }
    let mut copies: Vec<Article> = Vec::with_capacity(base.len() * scale);
    for k in 0..scale {
        for a in &base {
            let mut c = a.clone();
            c.path = Arc::from(PathBuf::from(format!("copy{k:02}")).join(&*a.path));
            c.date = made_up_date(copies.len());
            copies.push(c);
        }
    }
    let mut state = AppState::new(
        Store::from_articles(copies, Vec::new()),
        Rect::new(0, 0, 120, 40),
    );
    let articles: Vec<Arc<Article>> = state.store.articles().to_vec();
    let n = articles.len();
    let mut marks = Marks::new(n);
    for i in (0..n).filter(|&i| hash(i + 7).is_multiple_of(2)) {
        marks.update(i, |m| {
            m.read = true;
            m.read_at = Some(1_700_000_000 + (hash(i) % 10_000_000) as i64);
        });
    }
    println!("{n} articles (BBC x{scale}), {rounds} rounds");

    println!("\nmaking the order (keys taken once, one sort): median / max");
    for s in ListSort::ALL {
        let times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let rows = sort::order(s, &articles, |i| marks.get(i).and_then(|m| m.read_at));
                let d = t.elapsed();
                assert_eq!(rows.len(), n);
                d
            })
            .collect();
        let (med, max) = median_max(times);
        println!("  {:<6} {med:8.2} ms  {max:8.2} ms", s.name());
    }

    drive(&mut state, Msg::Marks(marks));
    println!("\nthe o key through update (order made, levels put in it): median / max");
    let mut per: Vec<Vec<Duration>> = vec![Vec::new(); ListSort::ALL.len()];
    for _ in 0..rounds {
        for slot in per.iter_mut() {
            let t = Instant::now();
            drive(&mut state, Action::CycleSort);
            slot.push(t.elapsed());
        }
    }
    // Each press makes the order it arrives at: path → date → title → read → path.
    for (i, times) in per.into_iter().enumerate() {
        let to = ListSort::ALL[(i + 1) % ListSort::ALL.len()];
        let (med, max) = median_max(times);
        println!("  to {:<6} {med:8.2} ms  {max:8.2} ms", to.name());
    }

    println!("\nj through update, path order and by title alternately: p50 / p99 per key");
    let keys = 2_000;
    let (mut path, mut title) = (Vec::new(), Vec::new());
    for round in 0..rounds * 2 {
        let want = if round % 2 == 0 {
            ListSort::Path
        } else {
            ListSort::Title
        };
        while state.sort != want {
            drive(&mut state, Action::CycleSort);
        }
        drive(&mut state, Action::Top);
        let out = if want == ListSort::Path {
            &mut path
        } else {
            &mut title
        };
        for _ in 0..keys / rounds {
            let t = Instant::now();
            drive(&mut state, Key::char('j'));
            out.push(t.elapsed());
        }
    }
    println!(
        "  path   p50 {:.4} ms  p99 {:.4} ms",
        pct(&mut path, 0.5),
        pct(&mut path, 0.99)
    );
    println!(
        "  title  p50 {:.4} ms  p99 {:.4} ms",
        pct(&mut title, 0.5),
        pct(&mut title, 0.99)
    );
}
