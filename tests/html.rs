//! Saved web pages: extraction quality on the dev pages (a floor, so it
//! cannot regress), offsets of search hits and mentions in HTML files,
//! compressed pages, and no panic on any page, truncated or not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dateline::corpus::{FileKind, parse_bytes};

fn dev_dir() -> Option<PathBuf> {
    // ../shared beside the repository (a worktree may sit one level deeper).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../shared/html/aeb-dev", "../../shared/html/aeb-dev"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.join("ground-truth.json").exists());
    if found.is_none() {
        eprintln!("skipped: ../shared/html/aeb-dev is absent");
    }
    found
}

fn pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v.into_iter()
        .map(|p| {
            let key = p.file_stem().unwrap().to_string_lossy().into_owned();
            (key, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// Word 4-gram shingles, as `html_eval.py` counts them.
fn shingles(text: &str) -> HashMap<Vec<String>, i64> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut m = HashMap::new();
    if words.len() < 4 {
        if !words.is_empty() {
            *m.entry(words).or_default() += 1;
        }
        return m;
    }
    for w in words.windows(4) {
        *m.entry(w.to_vec()).or_default() += 1;
    }
    m
}

/// `(precision, recall)` of one page, or `None` for each that is undefined.
fn score(truth: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    let (a, b) = (shingles(truth), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0i64, 0i64, 0i64);
    for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
        let (x, y) = (
            a.get(k).copied().unwrap_or(0),
            b.get(k).copied().unwrap_or(0),
        );
        tp += x.min(y);
        fp += (y - x).max(0);
        fn_ += (x - y).max(0);
    }
    let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
    if fp == 0.0 && fn_ == 0.0 {
        return (Some(1.0), Some(1.0));
    }
    let p = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let r = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    (p, r)
}

#[test]
fn dev_pages_are_extracted_well() {
    let Some(dir) = dev_dir() else { return };
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (key, raw) in pages(&dir) {
        let r = parse_bytes(Path::new(&format!("{key}.html")), FileKind::Html, &raw);
        let body = r.articles.first().map_or("", |a| a.body.as_str());
        let t = truth[&key]["articleBody"].as_str().unwrap_or("");
        let (p, r) = score(t, body);
        ps.extend(p);
        rs.extend(r);
    }
    let p = ps.iter().sum::<f64>() / ps.len() as f64;
    let r = rs.iter().sum::<f64>() / rs.len() as f64;
    let f1 = 2.0 * p * r / (p + r);
    println!("F1 {f1:.3} precision {p:.3} recall {r:.3}");
    assert!(f1 >= FLOOR, "F1 {f1:.3} fell below {FLOOR}");
}

/// The score measured when the extractor was last changed, less a little.
const FLOOR: f64 = 0.96;

#[test]
fn no_dev_page_or_truncation_of_one_panics_and_bodies_map_to_their_bytes() {
    let Some(dir) = dev_dir() else { return };
    let (mut exact, mut words) = (0usize, 0usize);
    for (key, raw) in pages(&dir) {
        let path = PathBuf::from(format!("{key}.html"));
        let r = parse_bytes(&path, FileKind::Html, &raw);
        assert_eq!(r.articles.len(), 1, "{key}: {:?}", r.warnings);
        let a = &r.articles[0];
        // Every word of the body maps to its bytes: the same text, or the
        // character references that stand for it.
        let mut at = 0;
        for w in a.body.split_whitespace() {
            let s = at + a.body[at..].find(w).unwrap();
            at = s + w.len();
            words += 1;
            let file = &raw[a.file_range(s..at)];
            if file == w.as_bytes() {
                exact += 1;
            } else {
                let f = String::from_utf8_lossy(file);
                assert!(
                    f.contains('&') || f.contains('<'),
                    "{key}: {w:?} maps to {f:?}"
                );
            }
        }
        assert!(
            exact * 100 >= words * 95,
            "{key}: only {exact} of {words} words verbatim"
        );
        for cut in [raw.len() / 3, raw.len() / 2, raw.len() - 1] {
            let _ = parse_bytes(&path, FileKind::Html, &raw[..cut]);
        }
    }
    // Most words are written in the page as shown.
    assert!(
        exact * 100 >= words * 97,
        "only {exact} of {words} words verbatim"
    );
}

fn bin() -> common::Dateline {
    common::dateline()
}

const PAGE: &str = r#"<html><head><title>Border talks | Site</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Border talks</h1>
<p>President Donald Trump met Mexican officials in Washington on Monday to discuss the border, aides said.</p>
<p>The talks, which lasted hours, covered trade &amp; migration; a deal worth &#163;5m was not reached.</p>
</article></body></html>"#;

#[test]
fn search_hits_and_mentions_point_at_the_bytes_of_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talks.html");
    std::fs::write(&path, PAGE).unwrap();
    let out = bin()
        .args([
            "search",
            "migration",
            path.to_str().unwrap(),
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let hits = row["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let (s, e) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&PAGE[s..e], "migration");
    }
    let out = bin()
        .args(["entities", path.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut seen = 0;
    for line in text.lines() {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        let (Some(s), Some(e)) = (m["start"].as_u64(), m["end"].as_u64()) else {
            continue;
        };
        let in_file = &PAGE[s as usize..e as usize];
        let shown = m["text"].as_str().unwrap_or(in_file);
        assert_eq!(in_file, shown, "{line}");
        seen += 1;
    }
    assert!(seen >= 2, "{text}");
}

#[test]
fn a_compressed_page_reads_like_the_page_and_says_its_offsets_are_decompressed() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("a.html");
    std::fs::write(&plain, PAGE).unwrap();
    let gz = dir.path().join("b.html.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(PAGE.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let export = |p: &Path| {
        let out = bin()
            .args(["export", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success());
        (
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (a, _) = export(&plain);
    let (b, note) = export(&gz);
    assert_eq!(a["body"], b["body"]);
    assert_eq!(a["title"], "Border talks");
    assert!(a["body"].as_str().unwrap().contains("trade & migration"));
    assert_eq!(b["decompressed"], true);
    assert!(note.contains("decompressed"), "{note}");
    // A broken gzip file is a warning, not a crash, and hides nothing.
    std::fs::write(dir.path().join("c.html.gz"), b"\x1f\x8b\x08garbage").unwrap();
    let out = bin()
        .args(["export", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("c.html.gz"));
}

#[test]
fn a_page_in_a_legacy_encoding_reads_right_and_hits_point_at_its_bytes() {
    let raw: &[u8] = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 prices</title></head>\
<body><article><p>Coffee at the Caf\xe9 Central rose to \xa35, owners said on Monday, blaming costs.</p>\
<p>Regulars said the \x93caf\xe9 cr\xe8me\x94 was still worth it, mostly.</p></article></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.html");
    std::fs::write(&path, raw).unwrap();
    let out = bin()
        .args(["export", path.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Caf\u{e9} prices");
    assert!(
        v["body"]
            .as_str()
            .unwrap()
            .contains("\u{201c}caf\u{e9} cr\u{e8}me\u{201d}")
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bin()
        .args([
            "search",
            "regulars",
            path.to_str().unwrap(),
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    let row: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    let h = &row["hits"][0];
    let (s, e) = (
        h[0].as_u64().unwrap() as usize,
        h[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&raw[s..e], b"Regulars");
}
