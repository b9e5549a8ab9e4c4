//! Hostile and careless input: what a user's folder can hold that must not
//! hang dateline, eat the machine's memory, drive the terminal or lose what
//! the files say. Everything is made in temporary folders; the whole file
//! runs in seconds.
//!
//! Loading is run under a watchdog ([`within`]): a case that used to hang
//! fails with a message instead of stopping the test run. No test here
//! measures speed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use dateline::corpus::{FileResult, Input, LoadWarning, WARNINGS_PER_FILE, load_all};
use dateline::search::{DocInput, SearchIndex};

/// Runs `f` on its own thread; fails the test if it has not finished after
/// a minute (a hang, not a slow machine).
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(v) => v,
        Err(_) => panic!("{what} did not finish: it hangs"),
    }
}

fn load(paths: &[PathBuf]) -> FileResult {
    let input = Input::Paths(paths.to_vec());
    within("loading", move || load_all(&input))
}

fn messages(ws: &[LoadWarning]) -> Vec<String> {
    ws.iter().map(ToString::to_string).collect()
}

/// Runs the binary with `args`; returns (exit code, stdout, stderr) as bytes.
fn run(args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>, Vec<u8>) {
    let args: Vec<std::ffi::OsString> = args.iter().map(|a| a.to_os_string()).collect();
    within("dateline", move || {
        let out = common::dateline()
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
    })
}

fn run_str(args: &[&str]) -> (i32, String, String) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let (code, out, err) = run(&args);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

const ARTICLE: &str =
    "Storm hits the coast\n\nThe storm reached London on Friday, officials said.\n";

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

// --- 2. Only regular files are read -------------------------------------

#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_with_a_warning_even_behind_links() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    if !mkfifo(&dir.path().join("p")) {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("s.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("p"), dir.path().join("pipe-link.md")).unwrap();

    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.articles[0].title, "Storm hits the coast");
    let ws = messages(&loaded.warnings);
    for (name, what) in [
        ("p", "FIFO"),
        ("pipe-link.md", "FIFO"),
        ("s.txt", "socket"),
        ("zero.txt", "device"),
    ] {
        assert!(
            ws.iter()
                .any(|w| w.contains(&format!("/{name}: ")) && w.contains(what)),
            "no warning for {name} ({what}) in {ws:#?}"
        );
    }

    // Named on the command line, too.
    let fifo = dir.path().join("p");
    let loaded = load(&[fifo, PathBuf::from("/dev/zero")]);
    assert!(loaded.articles.is_empty());
    let ws = messages(&loaded.warnings);
    assert_eq!(ws.len(), 2, "{ws:#?}");
    assert!(
        ws[0].contains("FIFO") && ws[1].contains("device"),
        "{ws:#?}"
    );
}

// --- 3. A limit on what one file may bring ------------------------------

#[test]
fn a_huge_sparse_file_is_refused_from_its_size_not_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let huge = dir.path().join("huge.txt");
    // 1 GiB of holes: nothing on disk, 1 GiB if read.
    fs::File::create(&huge).unwrap().set_len(1 << 30).unwrap();
    let loaded = load(&[dir.path().to_path_buf()]);
    assert_eq!(loaded.articles.len(), 1);
    let ws = messages(&loaded.warnings);
    assert_eq!(ws.len(), 1, "{ws:#?}");
    assert!(
        ws[0].contains("huge.txt: 1G, over the limit of 256M per file")
            && ws[0].contains("--max-file-size"),
        "{}",
        ws[0]
    );
}

#[test]
fn the_size_limit_can_be_raised_or_lowered_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, ARTICLE.repeat(40)).unwrap(); // about 3 KB
    let f = file.to_str().unwrap();
    let (code, _, err) = run_str(&["list", "--max-file-size", "1K", f]);
    assert_eq!(code, 1);
    assert!(err.contains("over the limit of 1K per file"), "{err}");
    let (code, out, _) = run_str(&["list", f, "--max-file-size", "4k"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    for bad in ["0", "2G", "lots", "-5M"] {
        let (code, _, err) = run_str(&["list", "--max-file-size", bad, f]);
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn reading_stops_at_the_limit_when_the_size_lies() {
    // Files in /proc say they are empty and are not.
    let maps = Path::new("/proc/self/maps");
    if !maps.exists() {
        eprintln!("skipped: no /proc");
        return;
    }
    let (_, _, err) = run_str(&["list", "--max-file-size", "100", "/proc/self/maps"]);
    assert!(
        err.contains("grew while being read, over the limit of 100 bytes per file"),
        "{err}"
    );
}

// --- 4. File names never drive the terminal -----------------------------

const EVIL: &str = "x\u{1b}]0;HACKED\u{7}\u{1b}[2J.txt";

#[test]
fn escape_sequences_in_file_names_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(EVIL), ARTICLE).unwrap();
    fs::write(dir.path().join(format!("empty-{EVIL}")), "").unwrap();
    let d = dir.path().as_os_str();

    // Text output and the warning on stderr.
    let (code, out, err) = run(&[std::ffi::OsStr::new("list"), d]);
    assert_eq!(code, 0);
    for stream in [&out, &err] {
        assert!(
            !stream.contains(&0x1b) && !stream.contains(&0x07),
            "{stream:?}"
        );
    }
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("x^[]0;HACKED^G^[[2J.txt"), "{out}");
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("empty-x^[]0;HACKED^G^[[2J.txt: empty file"),
        "{err}"
    );

    // JSON escapes them, and reads back as the real name.
    let (_, out, _) = run(&[
        std::ffi::OsStr::new("list"),
        std::ffi::OsStr::new("--format"),
        std::ffi::OsStr::new("jsonl"),
        d,
    ]);
    assert!(!out.contains(&0x1b) && !out.contains(&0x07));
    let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        Path::new(row["path"].as_str().unwrap()),
        dir.path().join(EVIL)
    );

    // The error when nothing loads.
    let empty = dir.path().join(format!("empty-{EVIL}"));
    let (code, _, err) = run(&[std::ffi::OsStr::new("list"), empty.as_os_str()]);
    assert_eq!(code, 1);
    assert!(!err.contains(&0x1b), "{err:?}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_keeps_its_bytes_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    if fs::write(dir.path().join(name), ARTICLE).is_err() {
        eprintln!("skipped: the file system takes UTF-8 names only");
        return;
    }
    let (code, out, _) = run(&[
        std::ffi::OsStr::new("list"),
        std::ffi::OsStr::new("--format"),
        std::ffi::OsStr::new("jsonl"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(code, 0);
    let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let bytes: Vec<u8> = row["path_bytes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(
        Path::new(std::ffi::OsStr::from_bytes(&bytes)),
        dir.path().join(name)
    );
    // Text output shows the byte.
    let (_, out, _) = run(&[std::ffi::OsStr::new("list"), dir.path().as_os_str()]);
    assert!(String::from_utf8(out).unwrap().contains("caf\\xE9.txt"));
}

// --- 7. One query's work is bounded -------------------------------------

fn small_index() -> SearchIndex {
    let docs = [
        ("Storm hits coast", "The storm reached London on Friday."),
        ("Budget vote", "Ministers govern by decree in Paris."),
    ];
    SearchIndex::build(docs.iter().map(|(t, b)| DocInput::text(t, b)), |_| {}).unwrap()
}

#[test]
fn a_query_of_thousands_of_words_is_cut_with_a_note() {
    let index = small_index();
    let mut words: Vec<String> = (0..5000).map(|i| format!("zq{i}x")).collect();
    words[10] = "london".into();
    words[4000] = "paris".into();
    let query = words.join(" OR ");
    let results = within("a 5,000-word query", move || {
        index.search(&query, 10).unwrap()
    });
    // The words searched still match; those past the bound are left out.
    assert_eq!(results.total, 1);
    let note = results.note.unwrap_or_default();
    assert!(
        note.contains("only the first 256 words were searched (4744 left out)"),
        "{note}"
    );
    assert!(
        note.contains("near spellings were tried for the first 16 unknown words only"),
        "{note}"
    );
    // A long phrase counts its words.
    let index = small_index();
    let phrase = format!("\"{}\"", ["storm"; 300].join(" "));
    let results = index.search(&phrase, 10).unwrap();
    assert!(results.note.is_some_and(|n| n.contains("44 left out")));
    // An ordinary query has no note.
    assert_eq!(index.search("storm OR decree", 10).unwrap().note, None);
}

#[test]
fn dateline_search_with_5000_or_terms_answers() {
    let words: Vec<String> = (0..5000).map(|i| format!("zq{i}x")).collect();
    let query = format!("border OR {}", words.join(" OR "));
    let (code, out, err) = run_str(&["search", &query]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("3 matches"), "{out}");
    assert!(err.contains("note: only the first 256 words"), "{err}");
}

// --- 8. A flood of warnings ---------------------------------------------

#[test]
fn a_file_of_broken_lines_keeps_a_few_warnings_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.jsonl");
    let mut text = String::from("{\"title\": \"Good\", \"body\": \"Fine text.\"}\n");
    text.push_str(&"{broken\n".repeat(100_000));
    fs::write(&file, text).unwrap();
    let loaded = load(std::slice::from_ref(&file));
    assert_eq!(loaded.articles.len(), 1);
    let ws = messages(&loaded.warnings);
    assert_eq!(ws.len(), WARNINGS_PER_FILE + 1, "{ws:#?}");
    assert!(ws[0].contains("broken.jsonl:2: invalid JSON"), "{}", ws[0]);
    assert!(
        ws[WARNINGS_PER_FILE]
            .ends_with("broken.jsonl: 99995 more problem(s) in this file (the first 5 shown)"),
        "{}",
        ws[WARNINGS_PER_FILE]
    );
}

// --- 9. --limit ----------------------------------------------------------

#[test]
fn a_huge_limit_is_all_the_articles() {
    for limit in ["18446744073709551615", "10000000000", "0"] {
        let (code, out, err) = run_str(&["search", "border", "--limit", limit]);
        assert_eq!(code, 0, "--limit {limit}: {err}");
        assert!(out.starts_with("3 matches"), "{out}");
        let shown = out.lines().filter(|l| l.contains(" hits: ")).count();
        assert_eq!(shown, if limit == "0" { 0 } else { 3 }, "{out}");
    }
}

// --- 10. Byte-order marks and old line ends -----------------------------

#[test]
fn byte_order_marks_and_utf16_are_read_and_offsets_point_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bom = "\u{FEFF}";
    let json = format!("{bom}[{{\"title\": \"Array\", \"body\": \"Body of the array.\"}}]");
    let jsonl = format!(
        "{bom}{{\"title\": \"First\", \"body\": \"First body.\"}}\n{{\"title\": \"Second\", \"body\": \"Second body.\"}}\n"
    );
    let text = format!("{bom}Headline here\n\nThe text of it.\n");
    let utf16 = |s: &str, little: bool| -> Vec<u8> {
        let mut out = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            out.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    };
    let sixteen = "Zoë in 東京\n\nShe met Mr Tanaka there.\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.json", json.into_bytes()),
        ("b.jsonl", jsonl.into_bytes()),
        ("c.txt", text.into_bytes()),
        ("d.txt", utf16(sixteen, true)),
        ("e.txt", utf16(sixteen, false)),
        (
            "f.jsonl",
            utf16(
                "{\"title\": \"Sixteen\", \"body\": \"A b\\u00e9 c\"}\n",
                true,
            ),
        ),
    ];
    for (name, bytes) in &files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let loaded = load(&[dir.path().to_path_buf()]);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Array",
            "First",
            "Second",
            "Headline here",
            "Zoë in 東京",
            "Zoë in 東京",
            "Sixteen"
        ]
    );
    for a in &loaded.articles {
        let raw = fs::read(&*a.path).unwrap();
        let r = a.body_file_range();
        let little = raw.starts_with(&[0xFF, 0xFE]);
        let expected: Vec<u8> = if raw.starts_with(&[0xFF, 0xFE]) || raw.starts_with(&[0xFE, 0xFF])
        {
            // JSON escapes stay escapes in the file.
            let shown = a.body.replace('é', "\\u00e9");
            utf16(&shown, little)[2..].to_vec()
        } else {
            a.body.as_bytes().to_vec()
        };
        assert_eq!(&raw[r], expected.as_slice(), "{}", a.title);
        // Each word of the body maps to its own bytes.
        if let Some(at) = a.body.find("Tanaka") {
            let w = a.file_range(at..at + 6);
            assert_eq!(raw[w].to_vec(), utf16("Tanaka", little)[2..].to_vec());
        }
        if let Some(t) = a.title_file_range(0..a.title.len()) {
            assert!(t.start >= 2 && t.end <= raw.len());
        }
    }
}

#[test]
fn a_lone_cr_is_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mac.txt");
    let text = "Old Mac headline\r\rFirst paragraph.\rSecond line.\r";
    fs::write(&file, text).unwrap();
    let loaded = load(std::slice::from_ref(&file));
    let a = &loaded.articles[0];
    assert_eq!(a.title, "Old Mac headline");
    assert_eq!(a.body, "First paragraph.\nSecond line.");
    // Offsets are the file's: the body starts after the headline and the
    // two CRs.
    assert_eq!(a.body_file_range(), 18..text.len() - 1);
    let jsonl = dir.path().join("mac.jsonl");
    fs::write(
        &jsonl,
        "{\"body\": \"one\"}\r{\"body\": \"two\"}\r{\"body\": \"three\"}",
    )
    .unwrap();
    let loaded = load(std::slice::from_ref(&jsonl));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let bodies: Vec<&str> = loaded.articles.iter().map(|a| a.body.as_str()).collect();
    assert_eq!(bodies, ["one", "two", "three"]);
    let raw = fs::read(&jsonl).unwrap();
    for a in &loaded.articles {
        assert_eq!(&raw[a.body_file_range()], a.body.as_bytes());
    }
}

// --- 11. Links, joiners, deep folders -----------------------------------

#[cfg(unix)]
#[test]
fn a_file_reached_twice_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(dir.path().join("b.txt"), "Other\n\nAnother article.\n").unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.txt"), dir.path().join("c-link.txt")).unwrap();
    fs::hard_link(dir.path().join("b.txt"), dir.path().join("d-hard.txt")).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let loaded = load(&[dir.path().to_path_buf(), dir.path().join("a.txt")]);
    let names: Vec<String> = loaded
        .articles
        .iter()
        .map(|a| a.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.txt", "b.txt"]);
}

#[test]
fn a_zero_width_joiner_inside_a_word_does_not_split_it_for_search() {
    let body = "The mayor of Lon\u{200D}don spoke.";
    let index = SearchIndex::build([DocInput::text("Speech", body)], |_| {}).unwrap();
    let results = index.search("london", 10).unwrap();
    assert_eq!(results.total, 1);
    let hits = results.hit_ranges(body);
    assert_eq!(hits.len(), 1);
    assert_eq!(&body[hits[0].clone()], "Lon\u{200D}don");
}

/// Folders in one piece of a deep tree (small enough that removing a piece
/// keeps few files open).
const PIECE: usize = 500;

/// A chain of `depth` folders named `d` under `top`, made in pieces of
/// [`PIECE`] so that no path passes the system's limit while it is made.
fn deep_tree(top: &Path, depth: usize) -> PathBuf {
    let piece = |root: &Path, n: usize| -> PathBuf {
        let mut p = root.to_path_buf();
        for _ in 0..n {
            p.push("d");
        }
        fs::create_dir_all(&p).unwrap();
        p
    };
    let mut tree: Option<PathBuf> = None;
    let mut done = 0;
    let mut k = 0;
    while done < depth {
        let n = (depth - done).min(PIECE);
        let root = top.join(format!("t{k}"));
        let bottom = piece(&root, n);
        fs::write(bottom.join("deep.txt"), ARTICLE).unwrap();
        if let Some(below) = tree.take() {
            // What was built so far goes at the bottom of the new piece.
            fs::rename(&below, bottom.join("d")).unwrap();
        }
        tree = Some(root);
        done += n;
        k += 1;
    }
    tree.unwrap()
}

#[test]
fn a_folder_3000_deep_is_walked_and_what_is_too_deep_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let top = deep_tree(dir.path(), 3000);
    fs::write(top.join("top.txt"), ARTICLE).unwrap();
    let loaded = load(std::slice::from_ref(&top));
    // The files near the top are read; the deeper ones lie past the
    // system's limit on path length (4,096 bytes on Linux) and are named in
    // a warning.
    assert!(loaded.articles.len() >= 2, "{}", loaded.articles.len());
    assert!(
        loaded.articles.len() == 7 || !loaded.warnings.is_empty(),
        "what could not be read is named"
    );
    // Leave nothing behind: take the pieces apart from the top down.
    let mut piece = top;
    for k in 0.. {
        let mut below = piece.clone();
        for _ in 0..=PIECE {
            below.push("d");
        }
        let next = dir.path().join(format!("apart{k}"));
        let more = fs::rename(&below, &next).is_ok();
        let _ = fs::remove_dir_all(&piece);
        if !more {
            break;
        }
        piece = next;
    }
}

/// The interactive reader on a folder whose only file is empty and named
/// with escape sequences: the warnings overlay and the exit message show
/// the name's controls, and none reaches the terminal.
#[cfg(unix)]
#[test]
fn the_reader_and_its_exit_message_never_print_a_file_names_escapes() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(EVIL), "").unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dateline"));
    let data = common::data_home();
    cmd.env("XDG_DATA_HOME", data.path());
    cmd.arg(dir.path());
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut out = Vec::new();
    let mut screen = vt100::Parser::new(24, 100, 0);
    let mut asked = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(100)) {
            // Answer a cursor position query, as a terminal would.
            if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                let _ = writer.write_all(b"\x1b[1;1R");
            }
            screen.process(&bytes);
            out.extend(bytes);
        }
        if !asked && screen.screen().contents().contains("empty file") {
            // The overlay is up: quit at once.
            writer.write_all(b"\x03").unwrap();
            asked = true;
        }
        if let Ok(Some(_)) = child.try_wait() {
            // Take what is still on its way.
            while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(200)) {
                out.extend(bytes);
            }
            break;
        }
    }
    let _ = child.kill();
    let shown = String::from_utf8_lossy(&out);
    assert!(asked, "the warnings overlay never showed: {shown:?}");
    // The overlay showed the name's controls made visible.
    assert!(shown.contains("HACKED^G^[[2J.txt"), "{shown:?}");
    assert!(
        shown.contains("no articles could be loaded (")
            && shown.contains("x^[]0;HACKED^G^[[2J.txt"),
        "{shown:?}"
    );
    for raw in [&b"\x1b]0;HACKED"[..], b"HACKED\x07", b"\x07\x1b[2J.txt"] {
        assert!(
            !out.windows(raw.len()).any(|w| w == raw),
            "{raw:?} reached the terminal"
        );
    }
}
