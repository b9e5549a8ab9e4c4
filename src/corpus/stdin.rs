//! Standard input as a source: `dateline -`, or `dateline` with a pipe and
//! no path. JSON Lines are read as they arrive, each line an article sent on
//! at once, so the list fills while `curl` or a scraper is still writing
//! (the reader takes its keys from the terminal meanwhile). Anything else
//! (plain text, an HTML page, a feed, a JSON array) is one document, read
//! to its end and parsed as a file of that kind would be.
//!
//! Offsets are byte offsets in the stream; the path shown is `<stdin>`.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::load::{LoadEvent, json_line, parse_file_owned};
use super::{FileKind, FileResult, LoadWarning};

/// The name standard input goes by.
pub const STDIN_NAME: &str = "<stdin>";

/// Most lines sent in one batch while more are already waiting.
const BATCH_LINES: usize = 2048;

/// Whether this process's standard input is a pipe or a file (not a
/// terminal and not `/dev/null`), so that `dateline` with no path reads it.
pub fn stdin_has_input() -> bool {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        match std::fs::metadata("/dev/stdin") {
            Ok(m) => {
                let t = m.file_type();
                t.is_fifo() || t.is_socket() || (t.is_file() && m.len() > 0)
            }
            Err(_) => false,
        }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Reads `input` to its end, sending articles as they come.
pub fn stream(input: impl Read, tx: &Sender<LoadEvent>) {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let path: Arc<Path> = Arc::from(Path::new(STDIN_NAME));
    let _ = tx.send(LoadEvent::Found { files: 1 });
    let mut first = Vec::new();
    let mut offset = 0usize;
    // The first line that is not blank tells what comes.
    loop {
        first.clear();
        match input.read_until(b'\n', &mut first) {
            Ok(0) => {
                send(tx, FileResult::default(), 1, offset as u64);
                return;
            }
            Ok(_) if first.iter().all(u8::is_ascii_whitespace) => offset += first.len(),
            Ok(_) => break,
            Err(e) => {
                fail(tx, &path, &e, offset);
                return;
            }
        }
    }
    let head = first.trim_ascii_start();
    if head.starts_with(b"{") {
        lines(input, first, offset, &path, tx);
        return;
    }
    let kind = sniff(head);
    let mut all = vec![b'\n'; offset];
    all.extend_from_slice(&first);
    if let Err(e) = input.read_to_end(&mut all) {
        fail(tx, &path, &e, all.len());
    }
    let bytes = all.len() as u64;
    send(tx, parse_file_owned(&path, kind, all), 1, bytes);
}

/// What a document that is not JSON Lines is, from its first bytes.
fn sniff(head: &[u8]) -> FileKind {
    let lower: Vec<u8> = head.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let has = |s: &[u8]| memchr::memmem::find(&lower, s).is_some();
    if lower.starts_with(b"[") {
        FileKind::JsonArray
    } else if lower.starts_with(b"<") && (has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf")) {
        FileKind::Feed
    } else if lower.starts_with(b"<") {
        FileKind::Html
    } else {
        FileKind::Text
    }
}

/// JSON Lines, one article per line, sent as soon as no more input waits.
fn lines<R: Read>(
    mut input: BufReader<R>,
    first: Vec<u8>,
    mut offset: usize,
    path: &Arc<Path>,
    tx: &Sender<LoadEvent>,
) {
    let mut batch = FileResult::default();
    let mut pending = 0usize;
    let mut n = 0usize;
    let mut line = first;
    loop {
        let len = line.len();
        json_line(&mut batch, path, n, std::mem::take(&mut line), offset);
        offset += len;
        n += 1;
        pending += 1;
        // Send when nothing more is waiting (the writer is slow), or when
        // the batch is big enough (the writer is fast).
        let waiting = !input.buffer().is_empty();
        if !waiting || pending >= BATCH_LINES {
            send(tx, std::mem::take(&mut batch), 0, offset as u64);
            pending = 0;
        }
        match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                fail(tx, path, &e, offset);
                break;
            }
        }
    }
    send(tx, batch, 1, 0);
}

fn send(tx: &Sender<LoadEvent>, r: FileResult, files_done: usize, bytes: u64) {
    let _ = tx.send(LoadEvent::Batch {
        articles: r.articles,
        warnings: r.warnings,
        files_done,
        bytes,
    });
}

fn fail(tx: &Sender<LoadEvent>, path: &Path, e: &std::io::Error, offset: usize) {
    let w = LoadWarning::new(path, None, format!("reading stopped at byte {offset}: {e}"));
    let _ = tx.send(LoadEvent::Batch {
        articles: Vec::new(),
        warnings: vec![w],
        files_done: 0,
        bytes: 0,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<LoadEvent> {
        let (tx, rx) = std::sync::mpsc::channel();
        stream(input, &tx);
        drop(tx);
        rx.into_iter().collect()
    }

    fn articles(events: &[LoadEvent]) -> Vec<String> {
        events
            .iter()
            .flat_map(|e| match e {
                LoadEvent::Batch { articles, .. } => {
                    articles.iter().map(|a| a.body.clone()).collect()
                }
                _ => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn json_lines_become_articles_with_stream_offsets() {
        let input = b"\n{\"body\": \"one\"}\nnot json\n{\"body\": \"two &amp; more\"}\n";
        let events = run(input);
        assert_eq!(articles(&events), ["one", "two & more"]);
        let all: Vec<_> = events
            .iter()
            .flat_map(|e| match e {
                LoadEvent::Batch {
                    articles, warnings, ..
                } => {
                    assert!(warnings.iter().all(|w| w.line == Some(2)));
                    articles.clone()
                }
                _ => Vec::new(),
            })
            .collect();
        let two = &all[1];
        let r = two.file_range(4..5);
        assert_eq!(&input[r], b"&amp;");
        assert_eq!(&*two.path, Path::new(STDIN_NAME));
    }

    #[test]
    fn other_input_is_one_document() {
        assert_eq!(articles(&run(b"Big news\n\nThe body.\n")), ["The body."]);
        let page = b"<!doctype html><title>T</title><p>Hello, page.</p>";
        assert_eq!(articles(&run(page)), ["Hello, page."]);
        assert_eq!(articles(&run(b"  \n\n")), Vec::<String>::new());
    }
}
