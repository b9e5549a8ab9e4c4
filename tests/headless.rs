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
    let (code, _, err) = run(&["search", "  "]);
    assert_eq!(code, 1);
    assert!(err.contains("empty"), "{err}");
    // A query may start with an exclusion; it is not taken for an option.
    let (code, out, err) = run(&["search", "-zzzz honduras", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(!json_lines(&out).is_empty());
    // A `name:` that is no filter is searched as words, with a note.
    let (code, _, err) = run(&["search", "year:2018 honduras"]);
    assert_eq!(code, 0);
    assert!(err.contains("`year:` is not a filter"), "{err}");
}

#[test]
fn search_hits_in_titles_point_into_the_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Glacier melt speeds up\n\nScientists measured the ice. The glacier lost mass.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Glacier tours close\n\nNo visitors.\n",
    )
    .unwrap();
    // A title read as is, one with an escape (shown decoded, so its offsets
    // hold through the map), one re-spaced (not as the file has it).
    std::fs::write(
        dir.path().join("c.jsonl"),
        concat!(
            "{\"body\": \"Nothing here.\", \"title\": \"Glacier maps\"}\n",
            "{\"title\": \"Caf\\u00e9 on a glacier\", \"text\": \"Coffee.\"}\n",
            "{\"title\": \"Glacier   views\", \"text\": \"Views.\"}\n",
        ),
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["search", "glacier", dir_arg, "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 5, "{out}");
    let mut in_titles = 0;
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let hits = r["hits"].as_array().unwrap();
        for h in hits {
            let (s, e) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert!(bytes[s..e].eq_ignore_ascii_case(b"glacier"), "{r}");
        }
        let title = r["title"].as_str().unwrap();
        if title == "Glacier   views" || title == "Glacier views" {
            assert!(hits.is_empty(), "a re-spaced title has no offsets: {r}");
        } else {
            assert!(!hits.is_empty(), "{r}");
            in_titles += 1;
        }
        assert!(!title.starts_with('#'), "{title}");
    }
    assert_eq!(in_titles, 4);
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
