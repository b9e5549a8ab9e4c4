//! Standard input: headless commands read a pipe, and the reader fills its
//! list as lines arrive while its keys still come from the terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::pty::Pty;
use portable_pty::CommandBuilder;

fn lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"title\": \"Story number {i}\", \"body\": \"Body of story {i}: talks in Ottawa &amp; Washington.\"}}\n"
            )
        })
        .collect()
}

fn run_with_stdin(args: &[&str], input: &str) -> (String, String) {
    let mut child = common::dateline()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn headless_commands_read_a_pipe_with_or_without_a_dash() {
    let input = lines(3);
    for args in [&["list"][..], &["list", "-"][..]] {
        let (out, _) = run_with_stdin(args, &input);
        assert_eq!(out.lines().count(), 3, "{args:?}: {out}");
        assert!(out.contains("<stdin>\tStory number 2"), "{out}");
    }
    let (out, _) = run_with_stdin(&["export", "-"], &input);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["body"],
        "Body of story 0: talks in Ottawa & Washington."
    );
    // Offsets are in the stream: the search hit is the word in the input.
    let (out, _) = run_with_stdin(&["search", "ottawa", "-", "--format", "jsonl"], &input);
    let row: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let hit = &row["hits"][0];
    let (s, e) = (
        hit[0].as_u64().unwrap() as usize,
        hit[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&input[s..e], "Ottawa");
    // A page piped in (`curl ... | dateline -`) is read as a page.
    let (out, _) = run_with_stdin(
        &["export", "-"],
        "<!doctype html><title>Piped page - Site</title><p>Hello from a pipe, with text.</p>",
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["title"], "Piped page");
    assert_eq!(v["body"], "Hello from a pipe, with text.");
}

#[test]
fn with_no_pipe_and_no_path_the_seeds_open() {
    let out = common::dateline()
        .arg("list")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
}

#[test]
fn the_list_fills_as_lines_arrive_and_keys_work_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.jsonl");
    std::fs::write(&file, lines(4)).unwrap();
    // One line a second: the reader must show the first long before the last.
    let shell = format!(
        "while read -r l; do printf '%s\\n' \"$l\"; sleep 1; done < '{}' | '{}'",
        file.display(),
        env!("CARGO_BIN_EXE_dateline")
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &shell]);
    cmd.env("TERM", "xterm-256color");
    let data = common::data_home();
    cmd.env("XDG_DATA_HOME", data.path());
    let mut s = Pty::spawn(cmd, 100, 24);
    s.wait_for("Story number 0");
    assert!(s.screen().contains("loading"), "{}", s.screen());
    assert!(!s.screen().contains("Story number 3"));
    // Keys come from the terminal while standard input is the pipe.
    s.wait_for("Story number 1");
    s.keys("j");
    s.wait_for("Body of story 1");
    s.wait_for("Articles (4");
    s.keys("q");
    let start = Instant::now();
    while s.child.try_wait().ok().flatten().is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
