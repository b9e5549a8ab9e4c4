//! The reader's own work in the real binary on a pseudo-terminal: star,
//! tags, a note through a fake `$EDITOR`, a clip and a copy (the OSC 52
//! sequence the terminal receives), quit and reopen, and SIGKILL right
//! after a mark shows: everything the screen showed is still there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use common::pty::{Pty as Session, dateline};

/// The binary on `args` with `env`, keeping its workspaces under `data`;
/// no editor unless `env` names one.
fn start(args: &[&str], env: &[(&str, &Path)], data: &Path) -> Session {
    let mut cmd = dateline(args);
    cmd.env("XDG_DATA_HOME", data);
    cmd.env_remove("VISUAL");
    cmd.env_remove("EDITOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Session::spawn(cmd, 110, 30)
}

/// A plain base64 decoder (the OSC 52 payload).
fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The seeds copied into a folder of their own, and a workspace beside it.
fn collection() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(seeds).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), news.join(e.file_name())).unwrap();
    }
    let ws = dir.path().join("ws");
    (dir, news, ws)
}

#[test]
fn marks_tags_notes_and_clips_survive_quit_and_sigkill() {
    let (dir, news, ws) = collection();
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Ask the ministry for figures.\\n' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let args = ["--workspace", ws.to_str().unwrap(), news.to_str().unwrap()];
    let data = dir.path().join("data");

    // 1: a star, then quit.
    let mut s = start(&args, &[], &data);
    s.wait_for("3 unread)");
    s.keys("s");
    s.wait_for("\u{25cf}\u{2605} Trump threatens");
    s.keys("q");
    s.wait_exit();

    // 2: tags, a note in the editor, a clip and a copy; killed after the
    // last mark shows.
    let mut s = start(&args, &[("EDITOR", &editor)], &data);
    s.wait_for("\u{2605} Trump threatens");
    s.keys("t");
    s.wait_for(" tags ");
    s.keys("Border, legal\r");
    s.wait_for("[border legal]");
    s.keys("\r");
    s.wait_for("2 unread)");
    s.keys("a");
    s.wait_for("\u{270e} Ask the ministry for figures.");
    s.keys("c");
    s.wait_for("clipped (1 in this article)");
    s.keys("y");
    s.wait_for("copied the sentence with its citation");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    let at = raw.find("\x1b]52;c;").expect("an OSC 52 sequence");
    let payload = &raw[at + 7..];
    let end = payload.find(['\x07', '\x1b']).unwrap();
    let copied = String::from_utf8(base64(&payload[..end])).unwrap();
    assert!(
        copied.contains("Trump threatens to send military"),
        "{copied}"
    );
    assert!(
        copied.contains("000_a2d3dfb82967ed31.txt, bytes "),
        "{copied}"
    );
    s.keys("u");
    s.keys("s");
    s.wait_for("\u{25cf}\u{2605} THOUSANDS");
    s.sigkill();

    // 3: everything is there.
    let mut s = start(&args, &[], &data);
    s.wait_for("2 unread)");
    s.wait_for("[border legal]");
    s.wait_for("\u{25cf}\u{2605} THOUSANDS");
    let screen = s.screen();
    assert!(
        screen.contains("\u{2605}\u{270e}\u{275d} Trump threatens"),
        "{screen}"
    );
    s.keys("Y");
    s.wait_for("Clips (1)");
    s.keys("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.keys("'");
    s.wait_for("no saved searches yet");
    // A saved search: the pane opens, its count follows from a thread.
    s.keys("/trump\r");
    s.wait_for("results for");
    s.keys("S");
    s.wait_for("save search as");
    s.keys("\r");
    s.wait_for("saved the search as");
    s.keys("'");
    s.wait_for("Saved searches (1)");
    s.wait_for("trump  trump  (3)");
    s.keys("\x1b");
    s.wait_gone("Saved searches (1)");
    s.keys("q");
    s.wait_exit();

    // The same marks answer the headless search.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("search")
        .arg("is:starred has:note tag:legal")
        .arg(&news)
        .args(["--workspace", ws.to_str().unwrap()])
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("1 match"), "{stdout}");
    assert!(stdout.contains("Trump threatens"), "{stdout}");
}

#[test]
fn the_sort_and_the_selection_come_back_and_only_a_dwell_reads() {
    let (dir, news, ws) = collection();
    let args = ["--workspace", ws.to_str().unwrap(), news.to_str().unwrap()];
    let data = dir.path().join("data");

    // Sorted by title (o: date, then title); the last row selected.
    let mut s = start(&args, &[], &data);
    s.wait_for("3 unread)");
    s.keys("o");
    s.wait_for("sorted by date");
    s.keys("o");
    s.wait_for("sorted by title");
    s.keys("jj");
    s.wait_for("article 3/3");
    // By title "Trump threatens" is last (by path it is first).
    s.settle();
    assert!(s.screen().contains("by title"), "{}", s.screen());
    s.keys("q");
    s.wait_exit();

    // Reopened: the same order and the same article selected.
    let mut s = start(&args, &[], &data);
    s.wait_for("by title");
    s.wait_for("article 3/3");
    s.settle();
    let screen = s.screen();
    let reader_top = screen.lines().nth(1).unwrap_or_default();
    assert!(reader_top.contains("Trump threatens"), "{screen}");

    // Opened and left at once: still unread, long after.
    s.keys("\r");
    s.keys("\x1b");
    assert!(
        s.shows_after("3 unread)", Duration::from_millis(2500)),
        "{}",
        s.screen()
    );
    // Opened and left open: read once the dwell is over.
    s.keys("\r");
    s.wait_for("2 unread)");
    s.keys("q");
    s.wait_exit();
}
