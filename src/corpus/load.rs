//! Reading files into articles, one file at a time ([`parse_file`]), for a
//! whole input at once ([`load_all`]) or in a background thread that sends
//! batches as they are ready ([`spawn_loader`]).
//!
//! A file is trusted for nothing: its size is checked before it is read
//! and reading stops at the limit even when the size lied (a growing file),
//! a file reached under two names is read once (by device and inode), and
//! one file's problems are kept to the first few and a count.

use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;

use rayon::prelude::*;

use super::charref;
use super::decode::Decoded;
use super::discover::{FileId, FileKind, discover, file_id, io_reason, special_kind};
use super::json::{self, JsonRecord};
use super::plaintext::{self, TITLE_MAX_CHARS};
use super::{Article, ArticleId, OffsetMap};
use super::{feeds, html};

/// Something in the input that could not be read as the user meant it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub path: String,
    /// 1-based line, for line-oriented inputs.
    pub line: Option<usize>,
    pub message: String,
}

impl LoadWarning {
    pub fn new(path: &Path, line: Option<usize>, message: String) -> Self {
        LoadWarning {
            path: path.display().to_string(),
            line,
            message,
        }
    }

    /// A warning about the input as a whole (no path).
    pub fn note(message: String) -> Self {
        LoadWarning {
            path: String::new(),
            line: None,
            message,
        }
    }
}

impl fmt::Display for LoadWarning {
    /// `path:line: message`. The path is as the file system gave it: pass
    /// the whole line through `textview::safe` before it reaches a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message),
            None if self.path.is_empty() => f.write_str(&self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Largest file read unless the user raises the limit: 256 MiB, far above
/// any article or export of articles, and a bound on what one file can take.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 << 20;

/// The highest limit that can be set: 1 GiB. Offsets are 32-bit, and text
/// decoded from invalid bytes can be three times their size.
pub const MAX_FILE_SIZE_CEILING: u64 = 1 << 30;

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// Sets the largest file the loader reads, for the whole process (the
/// command line's `--max-file-size`), within [`MAX_FILE_SIZE_CEILING`].
/// Returns the limit set.
pub fn set_max_file_size(bytes: u64) -> u64 {
    let bytes = bytes.min(MAX_FILE_SIZE_CEILING);
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
    bytes
}

/// The largest file the loader reads.
pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

/// At most this many problems are kept per file; the rest are counted.
pub const WARNINGS_PER_FILE: usize = 5;

/// What to load.
#[derive(Debug, Clone)]
pub enum Input {
    /// The seed articles bundled in the binary.
    Seeds,
    /// Files and directories named by the user.
    Paths(Vec<PathBuf>),
    /// Standard input (`-`, or a pipe and no path).
    Stdin,
}

impl Input {
    /// The seeds when no path is given, else the paths; `-` alone is
    /// standard input.
    pub fn from_args(paths: Vec<PathBuf>) -> Self {
        match paths.as_slice() {
            [] => Input::Seeds,
            [one] if one.as_os_str() == "-" => Input::Stdin,
            _ => Input::Paths(paths),
        }
    }

    /// As [`Input::from_args`], but with no path a pipe on standard input
    /// is read (as `cat feed.jsonl | dateline` means).
    pub fn from_args_or_pipe(paths: Vec<PathBuf>) -> Self {
        if paths.is_empty() && super::stdin::stdin_has_input() {
            return Input::Stdin;
        }
        Input::from_args(paths)
    }
}

/// The articles and warnings of one file.
#[derive(Debug, Default)]
pub struct FileResult {
    pub articles: Vec<Article>,
    pub warnings: Vec<LoadWarning>,
}

/// Progress of a background load.
#[derive(Debug)]
pub enum LoadEvent {
    /// The number of files to read is known.
    Found { files: usize },
    /// More articles (in input order) and warnings.
    Batch {
        articles: Vec<Article>,
        warnings: Vec<LoadWarning>,
        files_done: usize,
        bytes: u64,
    },
    /// Everything has been read.
    Finished,
}

const SEEDS: &[(&str, &[u8])] = &[
    (
        "seeds/000_a2d3dfb82967ed31.txt",
        include_bytes!("../../seeds/000_a2d3dfb82967ed31.txt"),
    ),
    (
        "seeds/002_7bb4f4e7af8838c9.txt",
        include_bytes!("../../seeds/002_7bb4f4e7af8838c9.txt"),
    ),
    (
        "seeds/003_6c1270f17031266d.txt",
        include_bytes!("../../seeds/003_6c1270f17031266d.txt"),
    ),
];

/// Loads everything synchronously (for headless commands and tests).
pub fn load_all(input: &Input) -> FileResult {
    let (tx, rx) = std::sync::mpsc::channel();
    run_loader(input, &tx, None);
    drop(tx);
    let mut all = FileResult::default();
    for event in rx {
        if let LoadEvent::Batch {
            articles, warnings, ..
        } = event
        {
            all.articles.extend(articles);
            all.warnings.extend(warnings);
        }
    }
    all
}

/// Loads in a background thread, sending [`LoadEvent`]s to `tx`.
pub fn spawn_loader(input: Input, tx: Sender<LoadEvent>) -> std::thread::JoinHandle<()> {
    spawn_loader_after(input, tx, None)
}

/// Holds a background load back after its first batch (the first rows
/// show at once) until it is opened, or [`Gate::LIMIT`] has passed: work
/// that must come first (the saved analysis of a workspace, read while the
/// files load) then has the cores to itself. Opened when dropped too.
#[derive(Debug, Clone, Default)]
pub struct Gate(Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

impl Gate {
    /// The longest a load waits.
    pub const LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

    /// Lets the load go on.
    pub fn open(&self) {
        let (open, cv) = &*self.0;
        *open.lock().unwrap_or_else(|p| p.into_inner()) = true;
        cv.notify_all();
    }

    /// Waits until the gate is open or `limit` has passed.
    fn wait(&self, limit: std::time::Duration) {
        let (open, cv) = &*self.0;
        let guard = open.lock().unwrap_or_else(|p| p.into_inner());
        let _ = cv.wait_timeout_while(guard, limit, |open| !*open);
    }
}

/// As [`spawn_loader`], held back by `gate` after the first batch.
pub fn spawn_loader_after(
    input: Input,
    tx: Sender<LoadEvent>,
    gate: Option<Gate>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || run_loader(&input, &tx, gate))
}

fn run_loader(input: &Input, tx: &Sender<LoadEvent>, gate: Option<Gate>) {
    match input {
        Input::Seeds => {
            let _ = tx.send(LoadEvent::Found { files: SEEDS.len() });
            let mut all = FileResult::default();
            let mut bytes = 0u64;
            for (name, raw) in SEEDS {
                let r = parse_file(Path::new(name), FileKind::Text, raw);
                all.articles.extend(r.articles);
                all.warnings.extend(r.warnings);
                bytes += raw.len() as u64;
            }
            let _ = tx.send(LoadEvent::Batch {
                articles: all.articles,
                warnings: all.warnings,
                files_done: SEEDS.len(),
                bytes,
            });
        }
        Input::Stdin => super::stdin::stream(std::io::stdin(), tx),
        Input::Paths(paths) => {
            let mut reader = BatchReader::new(tx);
            reader.gate = gate;
            let warnings = discover(paths, &mut |path, kind| reader.push(path, kind));
            reader.flush();
            let _ = tx.send(LoadEvent::Found {
                files: reader.found,
            });
            if !warnings.is_empty() {
                let _ = tx.send(LoadEvent::Batch {
                    articles: Vec::new(),
                    warnings,
                    files_done: reader.found,
                    bytes: 0,
                });
            }
        }
    }
    let _ = tx.send(LoadEvent::Finished);
}

/// Reads files in batches, in parallel, as the walk finds them, and sends
/// each batch in input order. Batches start small so the first articles
/// show at once (four web pages are about a megabyte), and grow.
struct BatchReader<'a> {
    tx: &'a Sender<LoadEvent>,
    pending: Vec<(PathBuf, FileKind)>,
    batch: usize,
    found: usize,
    done: usize,
    /// Files read so far, by identity: a second name of one is dropped.
    read: HashSet<FileId>,
    max_size: u64,
    /// Waited for after the first batch.
    gate: Option<Gate>,
}

impl<'a> BatchReader<'a> {
    fn new(tx: &'a Sender<LoadEvent>) -> Self {
        BatchReader {
            tx,
            pending: Vec::new(),
            batch: 4,
            found: 0,
            done: 0,
            read: HashSet::new(),
            max_size: max_file_size(),
            gate: None,
        }
    }

    fn push(&mut self, path: PathBuf, kind: FileKind) {
        self.found += 1;
        self.pending.push((path, kind));
        if self.pending.len() >= self.batch {
            self.flush();
            self.batch = (self.batch * 2).min(2048);
        }
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let max_size = self.max_size;
        let results: Vec<(FileResult, u64, Option<FileId>)> = self
            .pending
            .par_iter()
            .map(|(p, k)| read_file(p, *k, max_size))
            .collect();
        self.done += self.pending.len();
        self.pending.clear();
        let mut articles = Vec::new();
        let mut warnings = Vec::new();
        let mut bytes = 0;
        for (r, b, id) in results {
            // The first name of a file wins (input order); a link to a file
            // already read adds nothing.
            if id.is_some_and(|id| !self.read.insert(id)) {
                continue;
            }
            articles.extend(r.articles);
            warnings.extend(r.warnings);
            bytes += b;
        }
        // A closed channel means nobody listens any more; the walk just ends quietly.
        let _ = self.tx.send(LoadEvent::Batch {
            articles,
            warnings,
            files_done: self.done,
            bytes,
        });
        if let Some(gate) = self.gate.take() {
            gate.wait(Gate::LIMIT);
        }
    }
}

/// Reads and parses the file at `path` as the loader does (size limit,
/// regular files only); what could not be read is a warning.
pub fn read_one(path: &Path, kind: FileKind) -> FileResult {
    read_file(path, kind, max_file_size()).0
}

/// Reads and parses one file: its result, the bytes read and its identity.
fn read_file(path: &Path, kind: FileKind, max_size: u64) -> (FileResult, u64, Option<FileId>) {
    match read_capped(path, max_size) {
        Ok((raw, id)) => {
            let n = raw.len() as u64;
            (parse_file_owned(path, kind, raw), n, Some(id))
        }
        Err(message) => (
            FileResult {
                articles: Vec::new(),
                warnings: vec![LoadWarning::new(path, None, message)],
            },
            0,
            None,
        ),
    }
}

/// Opens `path` for reading without waiting: a file swapped for a named
/// pipe (or a device) after the folder was listed would block a plain
/// `open` until a writer came, for ever. Opened without waiting, it is
/// then seen not to be a regular file and skipped. Neither does a
/// terminal device opened this way become the process' terminal.
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// The bytes of the regular file at `path`, at most `max_size` of them,
/// and its identity; or why it was not read.
fn read_capped(path: &Path, max_size: u64) -> Result<(Vec<u8>, FileId), String> {
    let file = open_without_waiting(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        // Swapped for something else since the folder was listed.
        return Err(format!(
            "{}, not a regular file; skipped",
            special_kind(meta.file_type())
        ));
    }
    let too_big = |size: &str| {
        format!(
            "{size}, over the limit of {} per file; skipped (--max-file-size raises it)",
            human_size(max_size)
        )
    };
    if meta.len() > max_size {
        return Err(too_big(&human_size(meta.len())));
    }
    // Never trust the size: read one byte past the limit at most.
    let mut raw = Vec::with_capacity(meta.len() as usize);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(|e| io_reason(&e))?;
    if raw.len() as u64 > max_size {
        return Err(too_big("grew while being read"));
    }
    Ok((raw, file_id(&meta)))
}

/// `bytes` for people: "900 bytes", "12K", "1.5M", "2G" (powers of 1024,
/// as `--max-file-size` reads them).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let n = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) || n >= 100.0 {
                format!("{n:.0}{unit}")
            } else {
                format!("{n:.1}{unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Parses the bytes of one file.
pub fn parse_file(path: &Path, kind: FileKind, raw: &[u8]) -> FileResult {
    parse_file_owned(path, kind, raw.to_vec())
}

/// Parses the bytes of one file, reusing its buffer for the text.
pub(super) fn parse_file_owned(path: &Path, kind: FileKind, raw: Vec<u8>) -> FileResult {
    let shared: Arc<Path> = Arc::from(path);
    let mut out = FileResult::default();
    // The first few problems of a file are kept, the rest counted: a file
    // of a million broken lines costs a few warnings, not a million.
    let more = std::cell::Cell::new(0usize);
    let warn = |out: &mut FileResult, line, msg: String| {
        if out.warnings.len() < WARNINGS_PER_FILE {
            out.warnings.push(LoadWarning::new(path, line, msg));
        } else {
            more.set(more.get() + 1);
        }
    };
    let (kind, raw) = match kind {
        FileKind::HtmlGz => match gunzip(&raw) {
            Ok(raw) => (FileKind::HtmlGz, raw),
            Err(msg) => {
                warn(&mut out, None, msg);
                return out;
            }
        },
        FileKind::Feed => return feeds::parse_file(&shared, &raw),
        FileKind::JsonArray if feeds::is_json_feed(&raw) => {
            return feeds::parse_file(&shared, &raw);
        }
        kind => (kind, raw),
    };
    if raw.is_empty() {
        warn(&mut out, None, "empty file".into());
        return out;
    }
    if matches!(kind, FileKind::Html | FileKind::HtmlGz)
        && let Some((text, map)) = html::legacy_text(&raw)
    {
        match html::parse(&text) {
            Some(page) => {
                let mut article = html::to_article(&shared, 0, page, Some(&map));
                article.decompressed = kind == FileKind::HtmlGz;
                out.articles.push(article);
            }
            None => warn(&mut out, None, "no article text found in the page".into()),
        }
        return out;
    }
    let decoded = match Decoded::new(raw) {
        Ok(d) => d,
        Err(why) => {
            warn(&mut out, None, why.to_string());
            return out;
        }
    };
    if decoded.replaced > 0 {
        warn(
            &mut out,
            None,
            format!(
                "not valid {}: {} invalid byte sequence(s) shown as \u{FFFD}",
                decoded.encoding.label(),
                decoded.replaced
            ),
        );
    }
    match kind {
        FileKind::Text => match plaintext::parse(&decoded.text) {
            Some(parts) => {
                let origin = decoded.map_range(parts.body.clone(), 0);
                let title_origin = parts.title_range.map(|r| decoded.map_range(r, 0));
                let (title, title_origin) = charref::decode_title(parts.title, title_origin);
                let (body, origin) = charref::decode_mapped(decoded.into_slice(parts.body), origin);
                let mut article =
                    make_article(&shared, 0, title, parts.date, None, None, body, origin);
                article.title_origin = title_origin;
                out.articles.push(article);
            }
            None => warn(&mut out, None, "no text (only white space)".into()),
        },
        FileKind::JsonLines => {
            let mut offset = 0;
            for (n, line) in decoded.text.split_inclusive('\n').enumerate() {
                let start = offset;
                offset += line.len();
                if line.trim().is_empty() {
                    continue;
                }
                // The line's own offsets go through the decode map, in case
                // the file held invalid bytes before it.
                match json::parse_object(line, 0) {
                    Ok(rec) => {
                        let rec = shift_record(rec, &decoded, start);
                        push_record(&mut out, &shared, n, rec);
                    }
                    Err(e) => warn(&mut out, Some(n + 1), format!("{e}; line skipped")),
                }
            }
        }
        FileKind::Html | FileKind::HtmlGz | FileKind::Feed => match html::parse(&decoded.text) {
            Some(page) => {
                let map =
                    (decoded.replaced > 0).then(|| decoded.map_range(0..decoded.text.len(), 0));
                let mut article = html::to_article(&shared, 0, page, map.as_ref());
                article.decompressed = kind == FileKind::HtmlGz;
                out.articles.push(article);
            }
            None => warn(&mut out, None, "no article text found in the page".into()),
        },
        FileKind::JsonArray => match json::parse_array(&decoded.text) {
            Ok(items) => {
                for (n, item) in items.into_iter().enumerate() {
                    match item {
                        Ok(rec) => {
                            let rec = shift_record(rec, &decoded, 0);
                            push_record(&mut out, &shared, n, rec);
                        }
                        Err(e) => warn(&mut out, None, format!("element {}: {e}; skipped", n + 1)),
                    }
                }
            }
            Err(e) => warn(&mut out, None, format!("{e}; file skipped")),
        },
    }
    if more.get() > 0 {
        let shown = out.warnings.len();
        out.warnings.push(LoadWarning::new(
            path,
            None,
            format!(
                "{} more problem(s) in this file (the first {shown} shown)",
                more.get()
            ),
        ));
    }
    out
}

/// Reads one JSON Lines line (the `n`-th, 0-based, at offset `base` of its
/// stream) into `out`.
pub(super) fn json_line(
    out: &mut FileResult,
    path: &Arc<Path>,
    n: usize,
    raw: Vec<u8>,
    base: usize,
) {
    let decoded = match Decoded::new(raw) {
        Ok(d) => d,
        Err(why) => {
            out.warnings.push(LoadWarning::new(
                path,
                Some(n + 1),
                format!("{why}; line skipped"),
            ));
            return;
        }
    };
    if decoded.text.trim().is_empty() {
        return;
    }
    match json::parse_object(&decoded.text, 0) {
        Ok(rec) => {
            let mut rec = shift_record(rec, &decoded, 0);
            rec.origin = rec.origin.shifted(base);
            rec.title_origin = rec.title_origin.map(|o| o.shifted(base));
            push_record(out, path, n, rec);
        }
        Err(e) => out.warnings.push(LoadWarning::new(
            path,
            Some(n + 1),
            format!("{e}; line skipped"),
        )),
    }
}

/// Re-bases a record's offsets (relative to a slice of the decoded text that
/// starts at `start`) onto the raw file.
fn shift_record(mut rec: JsonRecord, decoded: &Decoded, start: usize) -> JsonRecord {
    if let Some(shift) = decoded.shift() {
        // The text is the file's bytes (after a byte-order mark).
        if start + shift > 0 {
            rec.origin = rec.origin.shifted(start + shift);
            rec.title_origin = rec.title_origin.take().map(|o| o.shifted(start + shift));
        }
        return rec;
    }
    rec.origin = rebase(&rec.origin, &rec.body, decoded, start);
    rec.title_origin = match (rec.title_origin.take(), &rec.title) {
        (Some(o), Some(title)) => Some(rebase(&o, title, decoded, start)),
        _ => None,
    };
    rec
}

/// `map` (of `text`, relative to the decoded text at `start`) as offsets in
/// the raw file: every character keeps its own bytes, whatever the
/// encoding or the invalid bytes around it.
fn rebase(map: &OffsetMap, text: &str, decoded: &Decoded, start: usize) -> OffsetMap {
    let mut points: Vec<(u32, u32)> = Vec::new();
    let mut segment: Option<(usize, usize)> = None;
    for (b, _) in text.char_indices() {
        let raw = decoded.raw_offset(start + map.to_file(b));
        let in_step = segment.is_some_and(|(b0, r0)| raw >= r0 && raw - r0 == b - b0);
        if !in_step {
            points.push((b as u32, raw as u32));
            segment = Some((b, raw));
        }
    }
    if points.is_empty() {
        points.push((0, decoded.raw_offset(start + map.to_file(0)) as u32));
    }
    let end = decoded.raw_end(start + map.to_file_end(text.len()));
    OffsetMap::from_points(points, (text.len() as u32, end as u32))
}

fn push_record(out: &mut FileResult, path: &Arc<Path>, ordinal: usize, rec: JsonRecord) {
    let given = rec.title.as_deref().map(|t| {
        plaintext::shorten(
            &t.split_whitespace().collect::<Vec<_>>().join(" "),
            TITLE_MAX_CHARS * 2,
        )
    });
    // The title's offsets hold only if it is shown as the file has it.
    let title_origin = rec.title_origin.filter(|_| given == rec.title);
    let title = given.unwrap_or_else(|| plaintext::derive_title(rec.body.trim_start()));
    let mut article = make_article(
        path, ordinal, title, rec.date, rec.source, rec.author, rec.body, rec.origin,
    );
    article.title_origin = title_origin;
    out.articles.push(article);
}

/// Decompresses a gzip file, up to [`MAX_GUNZIPPED`] bytes.
fn gunzip(raw: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read;
    // The size limit holds for what the file decompresses to.
    let limit = max_file_size();
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(raw)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("not readable as gzip ({e}); file skipped"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "decompresses to more than the limit of {} per file; skipped (--max-file-size raises it)",
            human_size(limit)
        ));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn make_article(
    path: &Arc<Path>,
    ordinal: usize,
    title: String,
    date: Option<String>,
    source: Option<String>,
    author: Option<String>,
    body: String,
    origin: OffsetMap,
) -> Article {
    let words = count_words(&body);
    Article {
        id: ArticleId::new(path, ordinal),
        path: Arc::clone(path),
        title,
        title_origin: None,
        date,
        source,
        author,
        body,
        origin,
        words,
        decompressed: false,
    }
}

/// Number of white-space separated words.
pub fn count_words(text: &str) -> u32 {
    let mut n = 0u32;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            n += 1;
        }
        in_word = !space;
    }
    n
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// A file swapped for a named pipe between listing and opening: the
    /// open does not wait for a writer, and the pipe is skipped.
    #[test]
    fn a_named_pipe_met_at_open_is_skipped_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("a.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let (tx, rx) = mpsc::channel();
        let path = pipe.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_capped(&path, 1 << 20).map(|(raw, _)| raw.len()));
        });
        let answer = rx.recv_timeout(Duration::from_secs(10));
        if answer.is_err() {
            // Unblock the reader so the test process can end.
            let _ = std::fs::OpenOptions::new().write(true).open(&pipe);
        }
        let err = answer.expect("opening a named pipe waited for a writer");
        assert!(err.unwrap_err().contains("not a regular file"));
    }

    #[test]
    fn a_regular_file_opened_without_waiting_reads_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Storm hits the coast\n").unwrap();
        let (raw, _) = read_capped(&path, 1 << 20).unwrap();
        assert_eq!(raw, b"Storm hits the coast\n");
    }
}
