//! The headless commands, run as a user would, on the bundled seeds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn list_gives_body_ranges_into_the_files() {
    let (code, out, _) = run(&["list", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    for r in rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert!(e > s && e <= bytes.len());
    }
}

#[test]
fn entity_mentions_point_at_their_text_in_the_file() {
    let (code, out, _) = run(&["entities", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert!(rows.len() > 50);
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], r["text"].as_str().unwrap().as_bytes());
        assert!(["PER", "LOC", "ORG", "MISC", "DATE"].contains(&r["type"].as_str().unwrap()));
    }
    // "Mr Trump" and "Donald Trump" are one entity.
    let trump: Vec<_> = rows
        .iter()
        .filter(|r| r["text"] == "Trump" || r["text"] == "Donald Trump")
        .collect();
    assert!(
        trump
            .iter()
            .all(|r| r["entity_id"] == trump[0]["entity_id"])
    );
    let (code, out, _) = run(&["entities"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.contains("PER") && l.contains("Donald Trump"))
    );
}

#[test]
fn mentions_concordance_and_unknown_names() {
    let (code, out, _) = run(&["mentions", "TRUMP"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Donald Trump (PER"));
    assert!(
        out.lines()
            .skip(1)
            .all(|l| l.contains("[Trump]") || l.contains("[Donald Trump]"))
    );
    let (code, _, err) = run(&["mentions", "no such person"]);
    assert_eq!(code, 1);
    assert!(err.contains("no entity"));
}

#[test]
fn search_reports_hits_in_the_file_and_parse_errors() {
    let (code, out, _) = run(&["search", "honduras", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert!(!rows.is_empty());
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        for h in r["hits"].as_array().unwrap() {
            let (s, e) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert!(bytes[s..e].eq_ignore_ascii_case(b"honduras"));
        }
    }
    let (code, _, err) = run(&["search", "mexico OR OR"]);
    assert_eq!(code, 1);
    assert!(err.contains("OR"), "{err}");
}

#[test]
fn nothing_loadable_fails_with_one_line() {
    let (code, out, err) = run(&["list", "/no/such/path"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains("no articles could be loaded")
    );
}
