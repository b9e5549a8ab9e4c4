//! Reading files into articles, one file at a time ([`parse_file`]), for a
//! whole input at once ([`load_all`]) or in a background thread that sends
//! batches as they are ready ([`spawn_loader`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use rayon::prelude::*;

use super::charref;
use super::decode::Decoded;
use super::discover::{FileKind, discover, io_reason};
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
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

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
    run_loader(input, &tx);
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
    std::thread::spawn(move || run_loader(&input, &tx))
}

fn run_loader(input: &Input, tx: &Sender<LoadEvent>) {
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
}

impl<'a> BatchReader<'a> {
    fn new(tx: &'a Sender<LoadEvent>) -> Self {
        BatchReader {
            tx,
            pending: Vec::new(),
            batch: 4,
            found: 0,
            done: 0,
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
        let results: Vec<(FileResult, u64)> = self
            .pending
            .par_iter()
            .map(|(p, k)| read_file(p, *k))
            .collect();
        self.done += self.pending.len();
        self.pending.clear();
        let mut articles = Vec::new();
        let mut warnings = Vec::new();
        let mut bytes = 0;
        for (r, b) in results {
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
    }
}

fn read_file(path: &Path, kind: FileKind) -> (FileResult, u64) {
    match std::fs::read(path) {
        Ok(raw) => {
            let n = raw.len() as u64;
            (parse_file_owned(path, kind, raw), n)
        }
        Err(e) => (
            FileResult {
                articles: Vec::new(),
                warnings: vec![LoadWarning::new(path, None, io_reason(&e))],
            },
            0,
        ),
    }
}

/// Parses the bytes of one file.
pub fn parse_file(path: &Path, kind: FileKind, raw: &[u8]) -> FileResult {
    parse_file_owned(path, kind, raw.to_vec())
}

/// Parses the bytes of one file, reusing its buffer for the text.
pub(super) fn parse_file_owned(path: &Path, kind: FileKind, raw: Vec<u8>) -> FileResult {
    let shared: Arc<Path> = Arc::from(path);
    let mut out = FileResult::default();
    let warn = |out: &mut FileResult, line, msg: String| {
        out.warnings.push(LoadWarning::new(path, line, msg))
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
    if memchr::memchr(0, &raw).is_some() {
        warn(
            &mut out,
            None,
            "binary file (contains NUL bytes), skipped".into(),
        );
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
    let decoded = Decoded::new(raw);
    if decoded.replaced > 0 {
        warn(
            &mut out,
            None,
            format!(
                "not valid UTF-8: {} invalid byte sequence(s) shown as \u{FFFD}",
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
    let decoded = Decoded::new(raw);
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
    if decoded.replaced == 0 && start == 0 {
        return rec;
    }
    rec.origin = rebase(rec.origin, rec.body.len(), decoded, start);
    // Where the file has invalid bytes, only a text's ends map exactly;
    // title hits are then not reported rather than reported a little off.
    rec.title_origin = rec
        .title_origin
        .take()
        .filter(|_| decoded.replaced == 0)
        .map(|o| o.shifted(start));
    rec
}

/// `map` (of a text `len` bytes long, relative to the decoded text at
/// `start`) as offsets in the raw file.
fn rebase(map: OffsetMap, len: usize, decoded: &Decoded, start: usize) -> OffsetMap {
    if decoded.replaced == 0 {
        return map.shifted(start);
    }
    // Invalid bytes inside a JSON line are rare; keep the ends exact.
    let (s, e) = (map.to_file(0), map.to_file_end(len));
    let outer = decoded.map_range(start + s..start + e, 0);
    OffsetMap::from_points(
        vec![(0, outer.to_file(0) as u32)],
        (len as u32, outer.to_file_end(e - s) as u32),
    )
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
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(raw)
        .take(MAX_GUNZIPPED + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not readable as gzip ({e}); file skipped"))?;
    if out.len() as u64 > MAX_GUNZIPPED {
        return Err(format!(
            "decompresses to more than {} MB; file skipped",
            MAX_GUNZIPPED >> 20
        ));
    }
    Ok(out)
}

/// Most bytes a compressed page may decompress to.
const MAX_GUNZIPPED: u64 = 256 << 20;

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
