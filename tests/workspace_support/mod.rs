//! Helpers for the workspace tests: a small collection on disk, the
//! binary run with a workspace, and the headless outputs that must match.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_dateline");

const PEOPLE: &[&str] = &[
    "Maria Lopez",
    "John Smith",
    "Angela Merkel",
    "Tony Blair",
    "Gordon Brown",
];
const PLACES: &[&str] = &["Paris", "Berlin", "London", "Madrid", "Mexico City"];
const ORGS: &[&str] = &[
    "the European Union",
    "Microsoft",
    "the United Nations",
    "Reuters",
];
const TOPICS: &[&str] = &[
    "the budget",
    "mobile phones",
    "the election",
    "trade talks",
    "climate policy",
];

/// Article `n` of the test collection: a title, a date line and a few
/// paragraphs naming people, places and organisations.
pub fn article(n: usize) -> String {
    let p = |k: usize| PEOPLE[(n + k) % PEOPLE.len()];
    let l = |k: usize| PLACES[(n * 3 + k) % PLACES.len()];
    let o = |k: usize| ORGS[(n + 2 * k) % ORGS.len()];
    let t = TOPICS[n % TOPICS.len()];
    let mut s = format!(
        "{} talks about {t} in {}\n\ndate 2005-0{}-1{}\n\n",
        p(0),
        l(0),
        1 + n % 9,
        n % 10
    );
    for k in 0..4 {
        s.push_str(&format!(
            "{} met {} in {} on Monday to discuss {t}, officials from {} said. \
             {} said the government would publish a report on {t} next week, \
             and {} will visit {} in March. Article {n}, paragraph {k}.\n\n",
            p(k),
            p(k + 1),
            l(k),
            o(k),
            p(k).split(' ').next_back().unwrap_or(""),
            p(k + 2),
            l(k + 1),
        ));
    }
    s
}

/// A collection of `n` articles in `dir` (some in a subfolder, some in a
/// JSON Lines file).
pub fn make_collection(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("world")).unwrap();
    let mut jsonl = String::new();
    for i in 0..n {
        if i % 5 == 4 {
            let text = article(i);
            let (title, body) = text.split_once("\n\n").unwrap();
            jsonl.push_str(&serde_json::json!({ "title": title, "body": body }).to_string());
            jsonl.push('\n');
        } else {
            let sub = if i % 2 == 0 { "world/" } else { "" };
            std::fs::write(dir.join(format!("{sub}a{i:03}.txt")), article(i)).unwrap();
        }
    }
    std::fs::write(dir.join("wire.jsonl"), jsonl).unwrap();
}

/// Runs the binary with `args` (and a data directory of its own, so a
/// default workspace never lands under the user's).
pub fn run(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(BIN)
        .args(args)
        .env("XDG_DATA_HOME", data.path())
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The queries whose output must not depend on how the workspace came to be.
pub const QUERIES: &[&str] = &[
    "merk government",
    "person:blair m",
    "budget OR election -london",
    "\"trade talks\"",
];

/// Every headless output of the collection in `coll` with the workspace
/// `ws` (`None`: without a workspace), with stderr of each command.
pub fn outputs(coll: &Path, ws: Option<&Path>) -> (String, String) {
    let coll = coll.to_str().unwrap();
    let ws_args: Vec<String> = match ws {
        Some(w) => vec!["--workspace".into(), w.to_str().unwrap().into()],
        None => vec!["--no-workspace".into()],
    };
    let mut out = String::new();
    let mut err = String::new();
    let mut one = |args: Vec<&str>| {
        let header = format!("== {args:?}\n");
        let mut all: Vec<&str> = args;
        all.extend(ws_args.iter().map(String::as_str));
        let o = run(&all);
        assert!(o.status.success(), "{all:?}: {}", text(&o.stderr));
        out.push_str(&header);
        out.push_str(&text(&o.stdout));
        err.push_str(&text(&o.stderr));
    };
    one(vec!["list", coll, "--format", "jsonl"]);
    for q in QUERIES {
        one(vec![
            "search", q, coll, "--format", "jsonl", "--limit", "50",
        ]);
    }
    one(vec!["entities", coll, "--format", "jsonl"]);
    one(vec!["entities", coll]);
    one(vec!["mentions", "Maria Lopez", coll]);
    (out, err)
}

/// Fails with the first line where `got` and `want` differ.
#[track_caller]
pub fn assert_same(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    let cut = |l: Option<&&str>| l.map_or("(none)".to_owned(), |l| l.chars().take(300).collect());
    panic!(
        "{what}: line {at} differs ({} vs {} lines)\n got: {}\nwant: {}",
        g.len(),
        w.len(),
        cut(g.get(at)),
        cut(w.get(at))
    );
}

/// The outputs of a cold open in a fresh workspace.
pub fn cold(coll: &Path) -> String {
    let fresh = tempfile::tempdir().unwrap();
    outputs(coll, Some(&fresh.path().join("ws"))).0
}

/// Every file under `dir` with its bytes and modification time.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.push((p.clone(), std::fs::read(&p).unwrap(), m));
            }
        }
    }
    out.sort();
    out
}
