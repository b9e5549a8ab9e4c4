//! Where a warm reopen's time goes: each step of the read-ahead timed on
//! its own, in order, on one thread (scratch tool).
//!
//! ```text
//! cargo run --release --example warm_probe -- DIR WORKSPACE
//! ```

mod common;

use std::path::PathBuf;
use std::time::Instant;

use dateline::analysis::extractor_version;
use dateline::corpus::Input;
use dateline::entities::Resolution;
use dateline::workspace::{Choice, Workspace};

fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("RssAnon") || l.starts_with("RssFile"))
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(ws)) = (args.first(), args.get(1)) else {
        println!("usage: warm_probe DIR WORKSPACE");
        return;
    };
    let t = Instant::now();
    let c = std::cell::Cell::new(common::cpu_seconds() * 1000.0);
    let lap = |what: &str, t: &mut Instant| {
        let now = common::cpu_seconds() * 1000.0;
        println!(
            "{what:44} {:8.1} ms wall {:6.0} ms cpu  {}",
            t.elapsed().as_secs_f64() * 1e3,
            now - c.get(),
            rss()
        );
        c.set(now);
        *t = Instant::now();
    };
    let mut t0 = t;
    let input = Input::Paths(vec![PathBuf::from(dir)]);
    let Ok(Some(w)) = Workspace::open(&Choice::At(PathBuf::from(ws)), &input) else {
        println!("no workspace");
        return;
    };
    lap("Workspace::open", &mut t0);
    let Some(d) = w.derived() else {
        println!("no derived");
        return;
    };
    let Some((fp, keys)) = d.state() else {
        println!("no state");
        return;
    };
    lap(&format!("state ({} keys)", keys.len()), &mut t0);
    let bytes = std::fs::metadata(d.dir().join("resolution.bin")).map_or(0, |m| m.len());
    let r = d.resolution::<Resolution>(extractor_version(), fp);
    let mentions: usize = r
        .as_ref()
        .ok()
        .and_then(|r| r.as_ref())
        .map_or(0, |r| r.docs.iter().map(|d| d.len()).sum());
    let ents = r
        .as_ref()
        .ok()
        .and_then(|r| r.as_ref())
        .map_or(0, |r| r.entities.len());
    lap(
        &format!("resolution ({bytes} B, {ents} ent, {mentions} m)"),
        &mut t0,
    );
    let store = d.read_index();
    lap("read_index (open + stored)", &mut t0);
    let Ok(store) = store else {
        println!("index does not open");
        return;
    };
    let positions: std::collections::HashMap<u64, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &(k, _))| (k, i as u32))
        .collect();
    lap("positions map", &mut t0);
    let index = store.searcher(&|k| positions.get(&k).copied());
    lap("searcher (grams, vocab, positions)", &mut t0);
    if let Ok(index) = &index {
        let r = index.search("government", 50).map(|r| r.total);
        lap(&format!("search government {r:?}"), &mut t0);
    }
    let mut found = Vec::new();
    let _ = dateline::corpus::discover(&[PathBuf::from(dir)], &mut |p, k| found.push((p, k)));
    lap(&format!("discover ({})", found.len()), &mut t0);
    let metas: Vec<u64> = found
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    lap(&format!("stat 1 thread ({})", metas.len()), &mut t0);
    drop(found);
    let now = w.collection().files_now();
    lap(
        &format!(
            "files_now ({:?} files)",
            now.as_ref().map(|n| n.stamps.len())
        ),
        &mut t0,
    );
    let before = d.files(fp);
    lap(
        &format!("files.bin ({:?})", before.as_ref().map(|b| b.files.len())),
        &mut t0,
    );
    println!("total {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}
