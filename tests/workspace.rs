//! The workspace: a warm reopen gives what a cold open gives, byte for
//! byte, also after files are edited, added and removed; the user's files
//! are never touched; damaged or foreign derived data is rebuilt with a
//! warning; a second process, a read-only directory and a full disk give a
//! warning and the same results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod workspace_support;

use std::path::Path;

use workspace_support::{assert_same, cold, make_collection, outputs, run, snapshot, text};

/// A collection in a temporary directory, with a workspace path beside it.
fn setup(n: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let coll = dir.path().join("news");
    make_collection(&coll, n);
    let ws = dir.path().join("ws");
    (dir, coll, ws)
}

fn index(coll: &Path, ws: &Path) -> String {
    let o = run(&[
        "index",
        coll.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn warm_reopen_equals_cold_and_follows_edits() {
    let (_dir, coll, ws) = setup(24);
    let (first, _) = outputs(&coll, Some(&ws));
    let report = index(&coll, &ws);
    assert!(report.contains("0 added, 0 changed, 0 removed"), "{report}");
    assert!(report.contains("saved resolution used"), "{report}");
    let (warm, _) = outputs(&coll, Some(&ws));
    assert_same(&warm, &first, "warm reopen vs the cold one");
    // Without a workspace the same articles, entities and hits come out.
    let (none, _) = outputs(&coll, None);
    assert_eq!(first.lines().count(), none.lines().count());

    // Edit one file, add one, remove one; the JSON Lines file loses a line.
    let edited = coll.join("a001.txt");
    let mut t = std::fs::read_to_string(&edited).unwrap();
    t.push_str("Later, Maria Lopez flew to Berlin to meet Gordon Brown about the budget.\n");
    std::fs::write(&edited, t).unwrap();
    std::fs::write(coll.join("world/new.txt"), workspace_support::article(77)).unwrap();
    std::fs::remove_file(coll.join("a003.txt")).unwrap();
    let report = index(&coll, &ws);
    assert!(report.contains("1 added, 1 changed, 1 removed"), "{report}");
    assert!(report.contains("2 articles extracted"), "{report}");
    let (warm, _) = outputs(&coll, Some(&ws));
    assert_same(&warm, &cold(&coll), "warm after edits vs a cold open");
}

#[test]
fn the_users_files_are_never_written() {
    let (_dir, coll, ws) = setup(12);
    let before = snapshot(&coll);
    outputs(&coll, Some(&ws));
    index(&coll, &ws);
    let ws_arg = ws.to_str().unwrap();
    let c = coll.to_str().unwrap();
    assert!(
        run(&["workspace", c, "--workspace", ws_arg])
            .status
            .success()
    );
    assert!(
        run(&["workspace", c, "--workspace", ws_arg, "--clear"])
            .status
            .success()
    );
    outputs(&coll, Some(&ws));
    assert!(
        run(&["workspace", c, "--workspace", ws_arg, "--clear", "--all"])
            .status
            .success()
    );
    assert!(!ws.exists());
    assert_eq!(before, snapshot(&coll), "bytes, mtimes or files changed");
}

#[test]
fn workspace_shows_and_clears_only_derived_data() {
    let (_dir, coll, ws) = setup(6);
    let c = coll.to_str().unwrap();
    let w = ws.to_str().unwrap();
    let o = run(&["workspace", c, "--workspace", w]);
    assert!(
        text(&o.stdout).contains("not made yet"),
        "{}",
        text(&o.stdout)
    );
    index(&coll, &ws);
    let shown = text(&run(&["workspace", c, "--workspace", w]).stdout);
    assert!(shown.contains("index: 6 articles"), "{shown}");
    assert!(shown.contains("6 known articles"), "{shown}");
    let cleared = text(&run(&["workspace", c, "--workspace", w, "--clear"]).stdout);
    assert!(cleared.contains("your work is kept"), "{cleared}");
    assert!(ws.join("user.sqlite").exists());
    assert!(!ws.join("derived").exists());
    let again = index(&coll, &ws);
    assert!(again.contains("6 added"), "{again}");
}

#[test]
fn a_bumped_format_version_is_rebuilt_with_a_warning() {
    let (_dir, coll, ws) = setup(10);
    let (reference, _) = outputs(&coll, Some(&ws));
    std::fs::write(ws.join("derived/FORMAT"), "999\n").unwrap();
    let (out, err) = outputs(&coll, Some(&ws));
    assert!(err.contains("format 999"), "{err}");
    assert_same(&out, &reference, "after rebuilding");
    // Rebuilt once: the next open is quiet.
    let (_, err) = outputs(&coll, Some(&ws));
    assert!(!err.contains("rebuilding"), "{err}");
}

#[test]
fn a_truncated_index_file_is_rebuilt_with_a_warning() {
    let (_dir, coll, ws) = setup(10);
    let (reference, _) = outputs(&coll, Some(&ws));
    let mut files: Vec<_> = std::fs::read_dir(ws.join("derived/index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "lock"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let victim = files.last().unwrap();
    let bytes = std::fs::read(victim).unwrap();
    std::fs::write(victim, &bytes[..bytes.len() / 2]).unwrap();
    let (out, err) = outputs(&coll, Some(&ws));
    assert!(err.contains("search index"), "{err}");
    assert_same(&out, &reference, "after rebuilding");
}

#[test]
fn garbage_cache_files_are_rebuilt_with_a_warning() {
    let (_dir, coll, ws) = setup(10);
    let (reference, _) = outputs(&coll, Some(&ws));
    let garbage = b"garbage garbage garbage garbage garbage garbage garbage garbage!";
    std::fs::write(ws.join("derived/resolution.bin"), garbage).unwrap();
    std::fs::write(ws.join("derived/cache.sqlite"), garbage).unwrap();
    let _ = std::fs::remove_file(ws.join("derived/cache.sqlite-wal"));
    let (out, err) = outputs(&coll, Some(&ws));
    assert!(err.contains("saved entities were damaged"), "{err}");
    assert!(err.contains("extraction cache"), "{err}");
    assert_same(&out, &reference, "after rebuilding");
}

#[test]
fn a_second_process_opens_read_only_and_changes_nothing() {
    let (_dir, coll, ws) = setup(10);
    let (reference, _) = outputs(&coll, Some(&ws));
    // An edit the read-only process must handle in memory.
    std::fs::write(coll.join("late.txt"), workspace_support::article(40)).unwrap();
    let expected = cold(&coll);
    let held = dateline::workspace::lock::lock(&ws);
    assert!(matches!(held, dateline::workspace::lock::Locked::Writer(_)));
    let before = snapshot(&ws);
    let (out, err) = outputs(&coll, Some(&ws));
    assert!(
        err.contains("read-only (another dateline is using it)"),
        "{err}"
    );
    assert_same(&out, &expected, "vs a cold open");
    let after = snapshot(&ws);
    // SQLite's own -wal and -shm files let readers share a database with
    // its writer; every other file must be as it was.
    let sqlite_side = |p: &Path| {
        let n = p.to_string_lossy();
        n.ends_with("-wal") || n.ends_with("-shm")
    };
    let changed: Vec<_> = after
        .iter()
        .filter(|f| !before.contains(f) && !sqlite_side(&f.0))
        .map(|f| f.0.display().to_string())
        .collect();
    assert!(changed.is_empty(), "a read-only process wrote {changed:?}");
    drop(held);
    let (out, _) = outputs(&coll, Some(&ws));
    assert_same(&out, &expected, "vs a cold open");
    assert_ne!(out, reference);
}

/// Mounts a tmpfs of `size` at `at` (root only); false when it cannot.
fn mount_tmpfs(at: &Path, size: &str) -> bool {
    std::fs::create_dir_all(at).unwrap();
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn umount(at: &Path) {
    let _ = std::process::Command::new("umount").arg(at).output();
}

#[test]
fn a_read_only_workspace_directory_gives_a_warning_and_results() {
    let (dir, coll, _) = setup(10);
    let mnt = dir.path().join("ro");
    if !mount_tmpfs(&mnt, "8m") {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    }
    let ws = mnt.join("ws");
    let result = std::panic::catch_unwind(|| {
        let (reference, _) = outputs(&coll, Some(&ws));
        std::fs::write(coll.join("late.txt"), workspace_support::article(41)).unwrap();
        let expected = cold(&coll);
        let remount = std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&mnt)
            .output()
            .unwrap();
        assert!(remount.status.success());
        let (out, err) = outputs(&coll, Some(&ws));
        assert!(err.contains("read-only"), "{err}");
        assert_same(&out, &expected, "vs a cold open");
        assert_ne!(out, reference);
    });
    umount(&mnt);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn a_full_disk_gives_a_warning_and_results() {
    let (dir, coll, _) = setup(30);
    let mnt = dir.path().join("full");
    // Room for the user's store, not for the index and caches.
    if !mount_tmpfs(&mnt, "200k") {
        eprintln!(
            "skipped: cannot mount a tmpfs here (needs root); the user store's write failures are tested in workspace::user"
        );
        return;
    }
    let ws = mnt.join("ws");
    let result = std::panic::catch_unwind(|| {
        let expected = cold(&coll);
        let (out, err) = outputs(&coll, Some(&ws));
        assert!(
            err.contains("saving is off") || err.contains("cannot"),
            "{err}"
        );
        assert_same(&out, &expected, "vs a cold open");
    });
    umount(&mnt);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn no_workspace_saves_nothing() {
    let (dir, coll, _) = setup(4);
    let data = dir.path().join("data");
    let o = std::process::Command::new(workspace_support::BIN)
        .args([
            "search",
            "government",
            coll.to_str().unwrap(),
            "--no-workspace",
        ])
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!data.exists());
    let o = std::process::Command::new(workspace_support::BIN)
        .args(["search", "government", coll.to_str().unwrap()])
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(o.status.success());
    let made: Vec<_> = std::fs::read_dir(data.join("dateline/workspaces"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(made.len(), 1);
    assert!(made[0].starts_with("news-"), "{made:?}");
}

/// Loads `coll` and analyses it through the workspace in `ws`; returns the
/// articles' paths and their rows in the user's store.
fn rows_of(coll: &Path, ws: &Path) -> Vec<(String, Option<dateline::workspace::ArticleRow>)> {
    use std::sync::Arc;
    let input = dateline::corpus::Input::Paths(vec![coll.to_path_buf()]);
    let w = dateline::workspace::Workspace::open_dir(ws, &input).unwrap();
    let loaded = dateline::corpus::load_all(&input);
    let articles: Vec<Arc<dateline::corpus::Article>> =
        loaded.articles.into_iter().map(Arc::new).collect();
    dateline::analysis::analyse(&articles, Some(&w), Default::default(), &|_| true);
    let rows = w.article_rows();
    articles
        .iter()
        .map(|a| a.path.display().to_string())
        .zip(rows.iter().copied())
        .collect()
}

#[test]
fn the_users_rows_follow_articles_that_move() {
    let (_dir, coll, ws) = setup(8);
    let before = rows_of(&coll, &ws);
    assert!(before.iter().all(|(_, r)| r.is_some()));
    let mut distinct: Vec<_> = before.iter().map(|(_, r)| *r).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), before.len());
    // A folder renamed: the same content keeps its row.
    std::fs::rename(coll.join("world"), coll.join("europe")).unwrap();
    let after = rows_of(&coll, &ws);
    for (path, row) in &before {
        let moved = path.replace("/world/", "/europe/");
        let now = after.iter().find(|(p, _)| *p == moved).map(|(_, r)| *r);
        assert_eq!(now, Some(*row), "{path}");
    }
}

#[test]
fn a_changed_collection_shows_its_earlier_entities_at_once() {
    use dateline::analysis::AnalysisEvent;
    use std::sync::{Arc, Mutex};
    let (_dir, coll, ws) = setup(10);
    let input = dateline::corpus::Input::Paths(vec![coll.clone()]);
    let events = |edit: bool| {
        if edit {
            std::fs::write(coll.join("a001.txt"), workspace_support::article(61)).unwrap();
        }
        let w = Arc::new(dateline::workspace::Workspace::open_dir(&ws, &input).unwrap());
        dateline::analysis::read_ahead(&w, None);
        let loaded = dateline::corpus::load_all(&input);
        let articles: Vec<Arc<dateline::corpus::Article>> =
            loaded.articles.into_iter().map(Arc::new).collect();
        let seen = Mutex::new(Vec::new());
        dateline::analysis::analyse(&articles, Some(&w), Default::default(), &|ev| {
            seen.lock().unwrap().push(ev);
            true
        });
        seen.into_inner().unwrap()
    };
    events(false);
    let seen = events(true);
    let AnalysisEvent::Entities(first) = &seen[0] else {
        panic!("entities do not come first: {:?}", seen[0]);
    };
    assert!(
        !seen
            .iter()
            .any(|e| matches!(e, AnalysisEvent::Mentions { .. })),
        "unresolved mentions sent although entities were shown"
    );
    let last = seen
        .iter()
        .rev()
        .find_map(|e| match e {
            AnalysisEvent::Entities(r) => Some(r),
            _ => None,
        })
        .unwrap();
    assert!(!Arc::ptr_eq(first, last), "no new resolution");
    // Article 0 (a000.txt in world/, the last path) did not change: it
    // shows its entities at once, as the new resolution has them.
    let unchanged = first.docs.len() - 1;
    let names = |r: &dateline::entities::Resolution| -> Vec<String> {
        r.docs[unchanged]
            .iter()
            .filter_map(|m| Some(r.entities.get(m.entity?.0 as usize)?.name.clone()))
            .collect()
    };
    assert!(!names(first).is_empty());
    assert_eq!(names(first), names(last));
}

/// Every file under `dir` modified a minute ago (files written just now
/// are too fresh for their stamp to be trusted).
fn age(dir: &Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let f = std::fs::File::options().append(true).open(&p).unwrap();
                f.set_modified(then).unwrap();
            }
        }
    }
}

/// One open as the app does it: the read-ahead may send entities and index
/// before anything is loaded (`early`), then the analysis runs on the
/// loaded files (`later`).
fn open_early(
    coll: &Path,
    ws: &Path,
) -> (
    Vec<dateline::analysis::AnalysisEvent>,
    Vec<dateline::analysis::AnalysisEvent>,
) {
    use std::sync::{Arc, Mutex};
    let input = dateline::corpus::Input::Paths(vec![coll.to_path_buf()]);
    let w = Arc::new(dateline::workspace::Workspace::open_dir(ws, &input).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    dateline::analysis::read_ahead(&w, Some(tx));
    // Nothing is loaded yet: whatever comes now came from the stamp alone.
    let mut early = Vec::new();
    while let Ok(ev) = rx.recv_timeout(std::time::Duration::from_secs(10)) {
        early.push(ev);
    }
    let loaded = dateline::corpus::load_all(&input);
    let articles: Vec<Arc<dateline::corpus::Article>> =
        loaded.articles.into_iter().map(Arc::new).collect();
    let later = Mutex::new(Vec::new());
    dateline::analysis::analyse(&articles, Some(&w), Default::default(), &|ev| {
        later.lock().unwrap().push(ev);
        true
    });
    (early, later.into_inner().unwrap())
}

fn index_of(
    events: &[dateline::analysis::AnalysisEvent],
) -> Option<&dateline::search::SearchIndex> {
    events.iter().rev().find_map(|e| match e {
        dateline::analysis::AnalysisEvent::Index(Ok(i)) => Some(&**i),
        _ => None,
    })
}

fn hits(index: &dateline::search::SearchIndex, q: &str) -> Vec<(u32, usize)> {
    let r = index.search(q, 100).unwrap();
    r.hits
        .iter()
        .map(|h| (h.doc, h.score.to_bits() as usize))
        .collect()
}

#[test]
fn unchanged_files_get_their_index_and_entities_before_loading() {
    use dateline::analysis::AnalysisEvent;
    let (_dir, coll, ws) = setup(12);
    age(&coll);
    // Cold: nothing early; the files' stamp is recorded.
    let (early, cold) = open_early(&coll, &ws);
    assert!(early.is_empty(), "{early:?}");
    let cold_index = index_of(&cold).unwrap();
    // Warm: entities and index arrive before any file is read, and the
    // analysis after loading does not send them again.
    let (early, later) = open_early(&coll, &ws);
    assert!(
        matches!(
            early[..],
            [AnalysisEvent::Entities(_), AnalysisEvent::Index(Ok(_))]
        ),
        "{early:?}"
    );
    assert!(index_of(&later).is_none(), "{later:?}");
    for q in [
        "Paris",
        "\"Tony Blair\"",
        "budget -London",
        "per:\"Gordon Brown\"",
    ] {
        assert_eq!(
            hits(index_of(&early).unwrap(), q),
            hits(cold_index, q),
            "{q}"
        );
    }
    // A file rewritten with the same size and modification time: its
    // change time gives it away; it alone is read ahead, and the index
    // with its new content (but not the entities, which wait for the
    // analysis) is sent before the other files load.
    let path = coll.join("a001.txt");
    let before = std::fs::read_to_string(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let same_size = before
        .replacen("Paris", "Nancy", 1)
        .replacen("Berlin", "Lisbon", 1);
    assert_eq!(same_size.len(), before.len());
    assert_ne!(same_size, before);
    std::fs::write(&path, &same_size).unwrap();
    std::fs::File::options()
        .append(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (early, later) = open_early(&coll, &ws);
    assert!(
        matches!(early[..], [AnalysisEvent::Index(Ok(_))]),
        "{early:?}"
    );
    let fresh = index_of(&later).unwrap();
    assert_ne!(hits(fresh, "Nancy"), Vec::<(u32, usize)>::new());
    let docs = |i: &dateline::search::SearchIndex, q: &str| -> Vec<u32> {
        let mut d: Vec<u32> = hits(i, q).into_iter().map(|(d, _)| d).collect();
        d.sort_unstable();
        d
    };
    for q in ["Nancy", "Paris", "Lisbon", "Berlin"] {
        assert_eq!(docs(index_of(&early).unwrap(), q), docs(fresh, q), "{q}");
    }
    // Then warm again: early, with the new content.
    let (early, _) = open_early(&coll, &ws);
    assert_eq!(early.len(), 2, "{early:?}");
    assert_eq!(
        hits(index_of(&early).unwrap(), "Nancy"),
        hits(fresh, "Nancy")
    );
    // A file touched just now is not trusted (its content may still move
    // within one timestamp): it is read ahead, and as its content is what
    // was saved, the saved entities and index go early as they are.
    std::fs::File::options()
        .append(true)
        .open(&path)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let (early, _) = open_early(&coll, &ws);
    assert_eq!(early.len(), 2, "{early:?}");
    assert_eq!(
        hits(index_of(&early).unwrap(), "Nancy"),
        hits(fresh, "Nancy")
    );
}

/// One file edited, one added and one removed: the three are read ahead
/// and the index sent before the other files load answers as a cold open
/// of the new state does (the same articles, at the positions they load
/// at); the analysis after loading then ends equal to a cold open.
#[test]
fn a_few_changed_files_are_searchable_before_loading() {
    use dateline::analysis::AnalysisEvent;
    let (_dir, coll, ws) = setup(12);
    age(&coll);
    open_early(&coll, &ws);
    let edited = coll.join("a003.txt");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\nA late word from Reykjavik.\n")).unwrap();
    std::fs::remove_file(coll.join("a005.txt")).unwrap();
    std::fs::write(
        coll.join("a0055.txt"),
        "Added\n\nGordon Brown met Angela Merkel in Reykjavik on Monday.\n",
    )
    .unwrap();
    // Written a minute ago, as far as their stamps say (the others keep
    // theirs: they are not read ahead).
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for p in [edited.clone(), coll.join("a0055.txt")] {
        let f = std::fs::File::options().append(true).open(&p).unwrap();
        f.set_modified(then).unwrap();
    }
    let (early, later) = open_early(&coll, &ws);
    assert!(
        matches!(early[..], [AnalysisEvent::Index(Ok(_))]),
        "{early:?}"
    );
    let cold_ws = _dir.path().join("cold");
    let (none, cold) = open_early(&coll, &cold_ws);
    assert!(none.is_empty());
    let docs = |i: &dateline::search::SearchIndex, q: &str| -> Vec<u32> {
        let mut d: Vec<u32> = hits(i, q).into_iter().map(|(d, _)| d).collect();
        d.sort_unstable();
        d
    };
    let cold_index = index_of(&cold).unwrap();
    for q in ["Reykjavik", "Merkel", "Paris", "budget", "\"Tony Blair\""] {
        assert_eq!(
            docs(index_of(&early).unwrap(), q),
            docs(cold_index, q),
            "{q}"
        );
        assert_eq!(
            hits(index_of(&later).unwrap(), q),
            hits(cold_index, q),
            "{q}"
        );
    }
    assert_eq!(docs(cold_index, "Reykjavik").len(), 2);
}
