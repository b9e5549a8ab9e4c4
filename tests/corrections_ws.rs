//! Corrections kept in a workspace, through the binary: imported, applied
//! by the headless `entities`, `mentions` and `search` (the entity fields
//! re-indexed), the same after a reopen, applied to a file added later,
//! and exported to a fresh workspace with identical results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], xdg: &Path) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("XDG_DATA_HOME", xdg)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

#[test]
fn corrections_apply_headless_after_reopen_to_new_files_and_travel() {
    let tmp = tempfile::tempdir().unwrap();
    let xdg = tmp.path().join("xdg");
    let coll = tmp.path().join("coll");
    std::fs::create_dir(&coll).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, coll.join(p.file_name().unwrap())).unwrap();
    }
    let ws = tmp.path().join("ws");
    let (c, w) = (coll.to_str().unwrap(), ws.to_str().unwrap());
    let entities = |w: &str| run(&["entities", "--workspace", w, c], &xdg).0;
    let before = entities(w);
    assert!(before.contains("LOC   Mexico"), "{before}");
    let rules = tmp.path().join("rules.jsonl");
    std::fs::write(
        &rules,
        concat!(
            r#"{"op":"rename","entity":"LOC:mexico","name":"Estados Unidos Mexicanos"}"#,
            "\n",
            r#"{"op":"retype","entity":"PER:donald-trump","kind":"ORG"}"#,
            "\n",
            r#"{"op":"add_form","form":"Zorblatt Industries","kind":"ORG"}"#,
            "\n",
            "not json\n",
        ),
    )
    .unwrap();
    let (out, err) = run(
        &[
            "corrections",
            "import",
            rules.to_str().unwrap(),
            "--workspace",
            w,
            c,
        ],
        &xdg,
    );
    assert!(
        out.contains("imported 3 corrections (1 lines skipped)"),
        "{out}"
    );
    assert!(out.contains("1 of them match nothing"), "{out}");
    assert!(out.contains("Zorblatt Industries"), "{out}");
    assert!(err.contains("line 4"), "{err}");
    let after = entities(w);
    assert!(after.contains("LOC   Estados Unidos Mexicanos"), "{after}");
    assert!(after.contains("ORG   Donald Trump"), "{after}");
    assert!(!after.contains("Zorblatt"));
    // Search answers by the corrected fields.
    let search = |q: &str| run(&["search", "--workspace", w, q, c], &xdg).0;
    assert!(search("place:mexicanos").contains("3 matches"));
    assert!(search("org:trump").contains("matches"));
    assert!(search("person:trump").starts_with("0 matches"));
    // A reopen (warm) gives the same.
    assert_eq!(entities(w), after);
    let mentions = run(
        &["mentions", "--workspace", w, "Estados Unidos Mexicanos", c],
        &xdg,
    )
    .0;
    assert!(mentions.contains("LOC:mexico"), "{mentions}");
    // A file added later: the rule that matched nothing now does.
    std::fs::write(
        coll.join("zz_new.txt"),
        "Zorblatt Industries expands\n\nZorblatt Industries said on Monday it would hire.\n",
    )
    .unwrap();
    let later = entities(w);
    assert!(later.contains("ORG   Zorblatt Industries"), "{later}");
    let line = later.lines().find(|l| l.contains("Zorblatt")).unwrap();
    assert!(line.trim_start().starts_with("2 "), "{line}");
    assert!(search("org:zorblatt").contains("zz_new.txt"));
    // Exported and imported into a fresh workspace: the same entities.
    let exported = tmp.path().join("out.jsonl");
    run(
        &[
            "corrections",
            "export",
            exported.to_str().unwrap(),
            "--workspace",
            w,
            c,
        ],
        &xdg,
    );
    let fresh = tmp.path().join("ws2");
    let f = fresh.to_str().unwrap();
    run(
        &[
            "corrections",
            "import",
            exported.to_str().unwrap(),
            "--workspace",
            f,
            c,
        ],
        &xdg,
    );
    assert_eq!(entities(f), later);
    // The user's files are untouched.
    let n = std::fs::read_dir(&coll).unwrap().count();
    assert_eq!(n, 4);
}
