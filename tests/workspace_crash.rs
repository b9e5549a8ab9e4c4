//! Crash test: dateline killed with SIGKILL at random moments, then
//! reopened.
//!
//! * During a cold or incremental open (`dateline index`, killed in
//!   extraction, indexing, a commit or a merge): the next run succeeds and
//!   its headless output equals a cold open of the same files.
//! * During user actions (a child process recording queries, places and
//!   read positions through the workspace, one transaction each, saying
//!   "saved" after each): every action reported done before the kill is
//!   there after it.
//!
//! 30 rounds of each, with kill times spread over the run (a fixed seed,
//! so a failure can be replayed). `CRASH_ROUNDS=N` runs more.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod workspace_support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dateline::corpus::Input;
use dateline::workspace::{Place, Workspace};
use workspace_support::{BIN, assert_same, make_collection, run, text};

fn rounds() -> usize {
    std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30)
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What must not depend on crashes: a search and the entities.
fn check(coll: &Path, ws: &Path) -> String {
    let (c, w) = (coll.to_str().unwrap(), ws.to_str().unwrap());
    let mut out = String::new();
    for args in [
        vec![
            "search",
            "government m",
            c,
            "--format",
            "jsonl",
            "--limit",
            "100",
        ],
        vec!["entities", c, "--format", "jsonl"],
    ] {
        let mut all = args.clone();
        all.extend(["--workspace", w]);
        let o = run(&all);
        assert!(o.status.success(), "{all:?} failed: {}", text(&o.stderr));
        out.push_str(&text(&o.stdout));
    }
    out
}

fn reference(coll: &Path) -> String {
    let fresh = tempfile::tempdir().unwrap();
    check(coll, &fresh.path().join("ws"))
}

#[test]
fn killed_opens_leave_a_workspace_that_opens_right() {
    let dir = tempfile::tempdir().unwrap();
    let coll = dir.path().join("news");
    make_collection(&coll, 12);
    let ws = dir.path().join("ws");
    let mut want = reference(&coll);
    // How long a whole cold open takes: kills land anywhere in it.
    let start = Instant::now();
    let o = run(&[
        "index",
        coll.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let span = start.elapsed().as_millis().max(50) as u64;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..rounds() {
        match round % 5 {
            // From nothing.
            0 => {
                let _ = std::fs::remove_dir_all(&ws);
            }
            // After an edit and an addition: the incremental path.
            2 => {
                let n = 100 + round;
                std::fs::write(
                    coll.join(format!("late{n}.txt")),
                    workspace_support::article(n),
                )
                .unwrap();
                let edited = coll.join("a001.txt");
                let mut t = std::fs::read_to_string(&edited).unwrap();
                t.push_str(&format!("Round {round}: Tony Blair returned to Paris.\n"));
                std::fs::write(&edited, t).unwrap();
                want = reference(&coll);
            }
            _ => {}
        }
        let delay = Duration::from_millis(rng.below(span));
        let mut child = Command::new(BIN)
            .args([
                "index",
                coll.to_str().unwrap(),
                "--workspace",
                ws.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let got = check(&coll, &ws);
        assert_same(
            &got,
            &want,
            &format!("round {round}, killed after {delay:?}"),
        );
    }
}

/// The rows of twenty made-up articles.
fn rows(ws: &Workspace) -> Vec<Option<dateline::workspace::ArticleRow>> {
    let refs: Vec<_> = (0..20u8)
        .map(|i| dateline::workspace::ArticleRef {
            hash: dateline::workspace::ContentHash([i; 16]),
            path: "a.txt",
            ordinal: u32::from(i),
            title: "t",
        })
        .collect();
    ws.user().identify(&refs).unwrap()
}

/// The child of [`completed_user_actions_survive_kills`]: records actions
/// in the workspace named by `CRASH_WRITER` until killed, printing
/// "saved N" after each one is committed.
#[test]
fn crash_writer_child() {
    let Ok(ws) = std::env::var("CRASH_WRITER") else {
        return;
    };
    let ws = Workspace::open_dir(Path::new(&ws), &Input::Seeds).unwrap();
    let rows = rows(&ws);
    let first: usize = std::env::var("CRASH_FIRST").unwrap().parse().unwrap();
    for n in first.. {
        let mut user = ws.user();
        let row = rows[n % rows.len()].unwrap();
        match n % 3 {
            0 => user.record_query(&format!("query {n}")).unwrap(),
            1 => user
                .set_place(&Place {
                    source: format!("search:{n}"),
                    article: Some(row),
                    scroll: n as u32,
                })
                .unwrap(),
            _ => user.set_read_position(row, n as u32).unwrap(),
        }
        println!("saved {n}");
    }
}

#[test]
fn completed_user_actions_survive_kills() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let me = std::env::current_exe().unwrap();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut next = 0usize;
    let mut done: Vec<usize> = Vec::new();
    for round in 0..rounds() {
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "crash_writer_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("CRASH_WRITER", &ws)
            .env("CRASH_FIRST", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("saved ")?.parse::<usize>().ok())
                .collect::<Vec<usize>>()
        });
        std::thread::sleep(Duration::from_millis(20 + rng.below(300)));
        child.kill().unwrap();
        child.wait().unwrap();
        let saved = reader.join().unwrap();
        if let Some(&last) = saved.last() {
            next = last + 1;
        }
        done.extend(saved);
        // Everything reported saved is there.
        let ws = Workspace::open_dir(&ws, &Input::Seeds).unwrap();
        let user = ws.user();
        let history = user.query_history(100_000).unwrap();
        let recent: Vec<usize> = done.iter().copied().filter(|n| n % 3 == 0).collect();
        // The history keeps the last HISTORY_LIMIT queries; a kill may
        // land after a commit and before its "saved", once per round.
        let limit = dateline::workspace::user::HISTORY_LIMIT.saturating_sub(rounds());
        let kept = &recent[recent.len().saturating_sub(limit)..];
        for &n in kept {
            assert!(
                history.contains(&format!("query {n}")),
                "round {round}: query {n} lost"
            );
        }
        if let Some(&n) = done.iter().rev().find(|n| *n % 3 == 1) {
            let place = user.place().unwrap().unwrap();
            let got: usize = place.source["search:".len()..].parse().unwrap();
            assert!(got >= n, "round {round}: place {n} lost (have {got})");
        }
        drop(user);
        let rows = rows(&ws);
        for (r, row) in rows.iter().enumerate() {
            let last = done
                .iter()
                .rev()
                .find(|&&n| n % 3 == 2 && n % rows.len() == r);
            if let Some(&n) = last {
                let got = ws.user().read_position(row.unwrap()).unwrap().unwrap();
                assert!(
                    got as usize >= n,
                    "round {round}: read position {n} lost (have {got})"
                );
            }
        }
    }
    assert!(done.len() > rounds(), "the child saved too little to test");
}
