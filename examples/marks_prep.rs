//! Prepares a workspace for the marking benchmarks of `scripts/keylat_marks.py`:
//! every 10th article starred, every 10th (from the 6th) tagged `x`, and
//! `SAVED` saved searches, each written through the same keeper the app
//! writes through (`reading::Keeper`: one transaction per change).
//!
//! ```text
//! dateline index TREE --workspace WSDIR        # the index and entities first
//! cargo run --release --example marks_prep -- TREE WSDIR [MARKED] [SAVED]
//! ```
//!
//! MARKED (default 10,000) articles are starred and as many tagged `x`
//! (spread evenly over the collection); SAVED (default 50) searches are
//! saved under names `saved-NN`, half of words, half of words with a mark
//! filter. Run it again and it changes nothing more (a mark already there
//! is skipped).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use dateline::cli::index::open_workspace;
use dateline::corpus::{Input, load_all};
use dateline::reading::{Change, Keeper};
use dateline::workspace::Choice;

/// Words of the BBC collection the saved searches look for.
const WORDS: [&str; 25] = [
    "border",
    "government",
    "election",
    "market",
    "film",
    "music",
    "football",
    "minister",
    "economy",
    "mobile",
    "games",
    "prices",
    "court",
    "police",
    "tax",
    "oil",
    "bank",
    "award",
    "internet",
    "labour",
    "champion",
    "security",
    "china",
    "growth",
    "software",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(tree), Some(ws)) = (args.first(), args.get(1)) else {
        eprintln!("usage: marks_prep TREE WORKSPACE_DIR [MARKED] [SAVED]");
        std::process::exit(2);
    };
    let marked: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let saved: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(50);
    let input = Input::Paths(vec![PathBuf::from(tree)]);
    let Some(workspace) = open_workspace(&Choice::At(PathBuf::from(ws)), &input) else {
        eprintln!("marks_prep: the workspace cannot be opened");
        std::process::exit(1);
    };
    let t = Instant::now();
    let articles: Vec<Arc<_>> = load_all(&input)
        .articles
        .into_iter()
        .map(Arc::new)
        .collect();
    println!(
        "loaded {} articles in {:.1} s",
        articles.len(),
        t.elapsed().as_secs_f64()
    );
    let mut keeper = Keeper::new(Some(Arc::new(workspace)));
    let now = match keeper.marks(&articles) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("marks_prep: {e}");
            std::process::exit(1);
        }
    };
    let step = (articles.len() / marked.max(1)).max(1);
    let t = Instant::now();
    let (mut starred, mut tagged) = (0, 0);
    for i in (0..articles.len()).step_by(step).take(marked) {
        let has = now.get(i).is_some_and(|m| m.starred);
        if !has && let Err(e) = keeper.apply(&articles, i, &Change::Starred(true)) {
            eprintln!("marks_prep: article {i}: {e}");
            std::process::exit(1);
        }
        starred += 1;
        let j = i + step / 2;
        if j >= articles.len() {
            continue;
        }
        let has = now.get(j).is_some_and(|m| m.tags.iter().any(|t| t == "x"));
        if !has && let Err(e) = keeper.apply(&articles, j, &Change::Tags(vec!["x".into()])) {
            eprintln!("marks_prep: article {j}: {e}");
            std::process::exit(1);
        }
        tagged += 1;
    }
    println!(
        "{starred} starred, {tagged} tagged x in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    for n in 0..saved {
        let word = WORDS[n % WORDS.len()];
        let query = match (n / WORDS.len()) % 2 {
            0 => word.to_owned(),
            _ if n % 2 == 0 => format!("is:starred {word}"),
            _ => format!("tag:x {word}"),
        };
        if let Err(e) = keeper.save_search(&format!("saved-{n:02}"), &query) {
            eprintln!("marks_prep: {e}");
            std::process::exit(1);
        }
    }
    println!("{saved} saved searches");
}
