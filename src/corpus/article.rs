//! One article as the store holds it: display fields plus the verbatim body and
//! the map from body offsets back to byte offsets in the file it came from.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Position of an article in the store (its index in load order).
pub type ArticleIdx = u32;

/// A loaded article.
///
/// `body` is the article text as the reader shows it. Every byte range into
/// `body` can be turned into a byte range of the file on disk with
/// [`Article::file_range`], so spans reported by the program point into the
/// user's own files.
#[derive(Debug, Clone)]
pub struct Article {
    /// Stable id: a hash of the source path and the article's place in it.
    pub id: ArticleId,
    /// The file the article was read from (shared by all articles of a file).
    pub path: Arc<Path>,
    /// Headline, or a shortened first sentence when the text has none.
    pub title: String,
    /// Where `title` lies in the file, when the file holds it as shown (a
    /// headline, not one derived from the body, shortened or re-spaced).
    pub title_origin: Option<OffsetMap>,
    /// Publication date as written in the source (`YYYY-MM-DD` when known).
    pub date: Option<String>,
    /// Source name or URL, when the input says.
    pub source: Option<String>,
    /// Author, when the input says.
    pub author: Option<String>,
    /// The body text.
    pub body: String,
    /// Where `body` lies in the file.
    pub origin: OffsetMap,
    /// Number of words in the body.
    pub words: u32,
}

impl Article {
    /// Byte range in the source file of `range` (a byte range of `body`).
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        self.origin.to_file(range.start)..self.origin.to_file_end(range.end)
    }

    /// Byte range in the source file of `range` (a byte range of `title`),
    /// when the file holds the title as shown.
    pub fn title_file_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let o = self.title_origin.as_ref()?;
        Some(o.to_file(range.start)..o.to_file_end(range.end))
    }

    /// Byte range of the whole body in the source file.
    pub fn body_file_range(&self) -> Range<usize> {
        self.file_range(0..self.body.len())
    }
}

/// Stable article id, printed as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// Id of the `ordinal`-th article of the file at `path`.
    pub fn new(path: &Path, ordinal: usize) -> Self {
        // FNV-1a: stable across runs and platforms, unlike std's hasher.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(path.to_string_lossy().as_bytes());
        eat(&[0]);
        eat(&(ordinal as u64).to_le_bytes());
        ArticleId(h)
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Maps byte offsets of a body to byte offsets of its source file.
///
/// Most bodies are a verbatim slice of the file, which needs one checkpoint.
/// Decoded JSON strings (escapes) and lossily decoded text (replacement
/// characters) add a checkpoint wherever the two drift apart; between
/// checkpoints the mapping is a plain shift.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(body offset, file offset)` pairs, sorted by body offset, first at 0.
    points: Vec<(u32, u32)>,
    /// Body length and file end, so an end offset maps to the end of the last unit.
    end: (u32, u32),
}

impl OffsetMap {
    /// A body that is the verbatim file slice starting at `file_start`.
    pub fn verbatim(file_start: usize, len: usize) -> Self {
        OffsetMap {
            points: vec![(0, file_start as u32)],
            end: (len as u32, (file_start + len) as u32),
        }
    }

    /// Builds a map from checkpoints. `points` must start at body offset 0
    /// and be sorted; `end` is `(body length, file offset after the body)`.
    pub fn from_points(points: Vec<(u32, u32)>, end: (u32, u32)) -> Self {
        OffsetMap { points, end }
    }

    fn segment(&self, pos: usize) -> (u32, u32) {
        let pos = pos as u32;
        let i = self.points.partition_point(|&(b, _)| b <= pos);
        self.points
            .get(i.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0))
    }

    /// File offset of the body byte at `pos` (a start position).
    pub fn to_file(&self, pos: usize) -> usize {
        if pos as u32 >= self.end.0 {
            return self.end.1 as usize;
        }
        let (b, f) = self.segment(pos);
        (f + (pos as u32 - b)) as usize
    }

    /// File offset just after the body byte before `pos` (an end position).
    pub fn to_file_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.to_file(0);
        }
        if pos as u32 >= self.end.0 {
            return self.end.1 as usize;
        }
        // The end of a range is the start of the next unit in the file.
        self.to_file(pos)
    }
}

impl OffsetMap {
    /// The same map with every file offset moved by `by`.
    pub fn shifted(mut self, by: usize) -> Self {
        for p in &mut self.points {
            p.1 += by as u32;
        }
        self.end.1 += by as u32;
        self
    }
}
