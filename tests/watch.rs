//! Folders that grow (`--watch`): the watcher's batches into the store
//! (files added, changed, removed, written in two goes, a burst, a folder
//! moved in and out), the app taking them in without moving the reader's
//! place, and the real binary seeing a new file in a pseudo-terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::arrivals;
use dateline::app::sources::{Narrowing, Source, Subset};
use dateline::app::{Action, AppState, Effect, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use dateline::watch::{Batch, Change, send_changes, watch};
use ratatui::layout::Rect;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn store_of(dir: &Path) -> Store {
    let l = load_all(&Input::from_args(vec![dir.to_path_buf()]));
    Store::from_articles(l.articles, l.warnings)
}

fn titles(store: &Store) -> Vec<String> {
    (0..store.len() as u32)
        .filter(|&i| !store.is_gone(i))
        .filter_map(|i| store.get(i).map(|a| a.title.clone()))
        .collect()
}

/// Applies the watcher's batches to `store` until `done` says so (or
/// fails after 20 s); returns the largest number of files in one batch.
fn until(
    rx: &Receiver<Batch>,
    store: &mut Store,
    what: &str,
    done: impl Fn(&Store) -> bool,
) -> usize {
    let start = Instant::now();
    let mut largest = 0;
    while !done(store) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "never saw {what}; titles: {:?}; warnings: {:?}",
            titles(store),
            store.warnings()
        );
        if let Ok(batch) = rx.recv_timeout(Duration::from_millis(100)) {
            let files = batch
                .changes
                .iter()
                .filter(|c| matches!(c, Change::File { .. }))
                .count();
            largest = largest.max(files);
            store.warn(batch.warnings);
            for c in batch.changes {
                match c {
                    Change::File {
                        path,
                        articles,
                        warnings,
                    } => {
                        store.replace_file(&path, articles, warnings);
                    }
                    Change::Removed(path) => {
                        store.remove_path(&path);
                    }
                }
            }
        }
    }
    largest
}

#[test]
fn the_watcher_brings_new_changed_removed_and_half_written_files_into_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("news");
    std::fs::create_dir(&dir).unwrap();
    write(&dir.join("a.txt"), "First story\n\nSome text.\n");
    let mut store = store_of(&dir);
    let (tx, rx) = channel();
    let _watch = watch(std::slice::from_ref(&dir), tx);

    // A hidden file written first never comes; a new one does.
    write(&dir.join(".hidden.txt"), "Hidden story\n\nNo.\n");
    write(&dir.join("b.txt"), "Second story\n\nMore text.\n");
    until(&rx, &mut store, "the new file", |s| {
        titles(s).contains(&"Second story".to_owned())
    });
    assert_eq!(titles(&store), ["First story", "Second story"]);

    // Changed in place: same position, new text.
    write(&dir.join("a.txt"), "First story, updated\n\nOther text.\n");
    until(&rx, &mut store, "the change", |s| {
        s.get(0).is_some_and(|a| a.title == "First story, updated")
    });
    assert_eq!(store.len(), 2);

    // Removed: marked gone, still readable.
    std::fs::remove_file(dir.join("b.txt")).unwrap();
    until(&rx, &mut store, "the removal", |s| s.is_gone(1));
    assert_eq!(store.get(1).unwrap().title, "Second story");

    // Written in two goes with a pause between them: read half (a warning
    // perhaps), then whole, and the half's warning is gone.
    let half = dir.join("c.jsonl");
    let whole =
        "{\"title\": \"Third\", \"text\": \"One.\"}\n{\"title\": \"Fourth\", \"text\": \"Two.\"}\n";
    write(&half, &whole[..whole.len() - 20]);
    std::thread::sleep(Duration::from_millis(800));
    write(&half, whole);
    until(&rx, &mut store, "the whole file", |s| {
        let t = titles(s);
        t.contains(&"Third".to_owned()) && t.contains(&"Fourth".to_owned())
    });
    // Its warnings go as soon as the whole file is read.
    let name = half.display().to_string();
    assert!(
        store.warnings().iter().all(|w| w.path != name),
        "{:?}",
        store.warnings()
    );

    // A folder moved in comes with its files; moved out, they go.
    let outside = tmp.path().join("incoming");
    std::fs::create_dir(&outside).unwrap();
    for i in 0..3 {
        write(
            &outside.join(format!("m{i}.txt")),
            &format!("Moved {i}\n\nText.\n"),
        );
    }
    std::fs::rename(&outside, dir.join("incoming")).unwrap();
    until(&rx, &mut store, "the folder moved in", |s| {
        titles(s).iter().filter(|t| t.starts_with("Moved")).count() == 3
    });
    std::fs::rename(dir.join("incoming"), &outside).unwrap();
    until(&rx, &mut store, "the folder moved out", |s| {
        !titles(s).iter().any(|t| t.starts_with("Moved"))
    });
    assert!(!titles(&store).contains(&"Hidden story".to_owned()));
}

#[test]
fn a_burst_of_files_arrives_in_bounded_batches() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let mut store = Store::default();
    let (tx, rx) = channel();
    let _watch = watch(std::slice::from_ref(&dir), tx);
    let n = 1500;
    for i in 0..n {
        write(
            &dir.join(format!("{i:05}.txt")),
            &format!("Burst {i}\n\nText {i}.\n"),
        );
    }
    let largest = until(&rx, &mut store, "every file of the burst", |s| {
        titles(s).len() == n
    });
    assert!(largest <= 512, "a batch of {largest} files");
    let mut t = titles(&store);
    t.sort();
    t.dedup();
    assert_eq!(t.len(), n, "each file once");
}

// ---- The app taking in arrivals ----

/// Carries out effects as the shell would, the analysis on this thread.
fn settle(s: &mut AppState, effects: Vec<Effect>) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(e) = queue.pop_front() {
        if let Effect::Analyse(articles) = e {
            for ev in analyse_now(&articles) {
                queue.extend(drive(s, Msg::Analysis(ev)));
            }
            queue.extend(drive(s, Msg::Analysis(AnalysisEvent::Done)));
        }
    }
}

/// What the watcher would send for `paths` now.
fn batch_of(paths: &[PathBuf]) -> Batch {
    let (tx, rx) = channel();
    send_changes(paths, Vec::new(), &tx);
    drop(tx);
    let mut all = Batch::default();
    for b in rx {
        all.changes.extend(b.changes);
        all.warnings.extend(b.warnings);
    }
    all
}

fn arrive(s: &mut AppState, paths: &[PathBuf]) {
    let effects = drive(s, Msg::Watch(batch_of(paths)));
    settle(s, effects);
}

fn search(s: &mut AppState, query: &str) {
    drive(s, Action::Search);
    drive(s, Msg::Paste(query.into()));
    drive(s, Action::Submit);
}

fn result_titles(s: &AppState) -> Vec<String> {
    (0..s.row_count())
        .filter_map(|r| s.row_article(r))
        .filter_map(|i| s.store.get(i).map(|a| a.title.clone()))
        .collect()
}

const MERKEL: &str = "Angela Merkel, the German chancellor, met the press in Berlin on Monday.";

#[test]
fn arrivals_join_the_lists_without_moving_the_readers_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files = [
        (
            "a.txt",
            format!("Berlin budget\n\n{MERKEL} The budget of Berlin grew.\n"),
        ),
        (
            "b.txt",
            "Paris weather\n\nIt rained in Paris all week.\n".to_owned(),
        ),
        (
            "c.txt",
            format!("Berlin talks\n\n{MERKEL} Talks in Berlin went on.\n"),
        ),
    ];
    for (name, text) in &files {
        write(&dir.join(name), text);
    }
    let mut s = AppState::new(store_of(dir), Rect::new(0, 0, 120, 30));
    s.arrivals.watching = true;
    let first = arrivals::analyse(&mut s);
    settle(&mut s, first);
    assert!(s.analysis.index.is_some());

    // Every article, the second selected: a new file goes to the end.
    drive(&mut s, Action::Down);
    let open = s.reader.article;
    assert_eq!(open, Some(1));
    write(&dir.join("d.txt"), "Rome news\n\nThe pope spoke in Rome.\n");
    arrive(&mut s, &[dir.join("d.txt")]);
    assert_eq!(s.row_count(), 4);
    assert_eq!((s.list().selected, s.reader.article), (1, open));
    assert_eq!(s.arrivals.seen.label().as_deref(), Some("1 new"));
    // It is searchable.
    search(&mut s, "pope");
    assert_eq!(result_titles(&s), ["Rome news"]);
    drive(&mut s, Action::Back);

    // A search shown: a matching arrival joins its end; one that does not
    // match stays out; the selection stays.
    search(&mut s, "Berlin");
    assert_eq!(result_titles(&s).len(), 2);
    drive(&mut s, Action::Down);
    let (sel, art) = (s.list().selected, s.reader.article);
    write(&dir.join("e.txt"), "Berlin again\n\nA new day in Berlin.\n");
    write(&dir.join("f.txt"), "Oslo\n\nSnow in Oslo.\n");
    arrive(&mut s, &[dir.join("e.txt"), dir.join("f.txt")]);
    let after = result_titles(&s);
    assert_eq!(after.len(), 3, "{after:?}");
    assert_eq!(after[2], "Berlin again");
    assert_eq!((s.list().selected, s.reader.article), (sel, art));
    let total = s.list().source.search().unwrap().results.total;
    assert_eq!(total, 3);

    // The open article changes: it is read again, its old mentions are
    // not shown on the new text, its new ones come with the analysis.
    let open = s.reader.article.unwrap();
    let path = s.store.get(open).unwrap().path.to_path_buf();
    write(&path, &format!("Rewritten\n\nShort. {MERKEL}\n"));
    let effects = drive(&mut s, Msg::Watch(batch_of(std::slice::from_ref(&path))));
    assert_eq!(s.store.get(open).unwrap().title, "Rewritten");
    assert!(s.mention_spans(open).is_empty(), "old mentions on new text");
    assert!(s.reader.lines.len() > 2);
    settle(&mut s, effects);
    let body = &s.store.get(open).unwrap().body;
    let spans = s.mention_spans(open);
    assert!(!spans.is_empty());
    assert!(
        spans
            .iter()
            .filter(|m| !m.in_title)
            .all(|m| body.get(m.range.clone()).is_some())
    );

    // It is removed: it stays where it is, marked gone, and no longer
    // matches a search.
    std::fs::remove_file(&path).unwrap();
    arrive(&mut s, std::slice::from_ref(&path));
    assert!(s.store.is_gone(open));
    assert_eq!(s.reader.article, Some(open));
    drive(&mut s, Action::Back);
    search(&mut s, "Rewritten");
    assert_eq!(result_titles(&s), Vec::<String>::new());
}

#[test]
fn a_list_narrowed_to_an_entity_takes_in_arrivals_that_mention_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("a.txt"), &format!("One\n\n{MERKEL}\n"));
    write(&dir.join("b.txt"), "Two\n\nIt rained in Paris all week.\n");
    write(&dir.join("c.txt"), &format!("Three\n\n{MERKEL}\n"));
    let mut s = AppState::new(store_of(dir), Rect::new(0, 0, 120, 30));
    let first = arrivals::analyse(&mut s);
    settle(&mut s, first);
    let r = s.analysis.resolution.clone().unwrap();
    let id = r
        .entities
        .iter()
        .position(|e| e.name.contains("Merkel"))
        .expect("Merkel found") as u32;
    let key = r.entities[id as usize].key.clone();
    s.lists.push(Source::Subset(Box::new(Subset {
        why: Narrowing::Entity(id),
        articles: vec![0, 2],
    })));
    dateline::app::reader::select_row(&mut s, 1);
    // An article with new entities before Merkel's, and one about her.
    write(
        &dir.join("0.txt"),
        "Zero\n\nAlbert Einstein and Marie Curie met Niels Bohr in Copenhagen.\n",
    );
    write(&dir.join("d.txt"), &format!("Four\n\n{MERKEL}\n"));
    arrive(&mut s, &[dir.join("0.txt"), dir.join("d.txt")]);
    let Source::Subset(sub) = &s.list().source else {
        panic!("the narrowing stays");
    };
    let Narrowing::Entity(now) = sub.why;
    let r = s.analysis.resolution.clone().unwrap();
    assert_eq!(r.entities[now as usize].key, key, "follows its entity");
    let titles: Vec<String> = sub
        .articles
        .iter()
        .map(|&i| s.store.get(i).unwrap().title.clone())
        .collect();
    assert_eq!(titles, ["One", "Three", "Four"]);
    assert_eq!(
        s.store.get(s.reader.article.unwrap()).unwrap().title,
        "Three"
    );
}

// ---- The real binary ----

#[test]
fn a_file_written_into_a_watched_folder_shows_in_the_list() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("news");
    std::fs::create_dir(&dir).unwrap();
    write(&dir.join("a.txt"), "Already here\n\nSome text.\n");
    let ws = tmp.path().join("ws");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.args([
        "--watch".as_ref(),
        "--workspace".as_ref(),
        ws.as_os_str(),
        dir.as_os_str(),
    ]);
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let (tx, rx) = channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(24, 100, 0);
    let mut wait_for = |parser: &mut vt100::Parser, text: &str| {
        let start = Instant::now();
        while !parser.screen().contents().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?}; screen:\n{}",
                parser.screen().contents()
            );
            if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(50)) {
                if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                    let _ = writer.write_all(b"\x1b[1;1R");
                }
                parser.process(&bytes);
            }
        }
    };
    wait_for(&mut parser, "Already here");
    wait_for(&mut parser, "Articles (1");
    write(&dir.join("b.txt"), "Just arrived\n\nNew text.\n");
    wait_for(&mut parser, "Just arrived");
    wait_for(&mut parser, "Articles (2");
    wait_for(&mut parser, "1 new");
    // The selection did not move: the first article is still open.
    let screen = parser.screen().contents();
    assert!(screen.contains("article 1/2"), "{screen}");
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            assert!(status.success(), "{status:?}");
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("did not quit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
