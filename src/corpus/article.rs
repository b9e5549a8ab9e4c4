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
    /// The file is compressed: offsets are in its decompressed bytes.
    pub decompressed: bool,
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
/// Decoded JSON strings (escapes), character references (`&amp;`), lossily
/// decoded text (replacement characters) and text gathered from between HTML
/// tags add a checkpoint wherever the two drift apart; between checkpoints
/// the mapping is a plain shift.
///
/// A range's end maps to the end of its last unit in the file: where text
/// was skipped between two checkpoints (an HTML tag), the checkpoint also
/// records where the unit before it ended, so a word just before `</a>` does
/// not take the tag with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(body offset, file offset)` pairs, sorted by body offset, first at 0.
    points: Vec<(u32, u32)>,
    /// File offset where the unit before each point ends; empty when every
    /// one is the point's own file offset (nothing skipped).
    ends: Vec<u32>,
    /// Body length and file end, so an end offset maps to the end of the last unit.
    end: (u32, u32),
}

impl OffsetMap {
    /// A body that is the verbatim file slice starting at `file_start`.
    pub fn verbatim(file_start: usize, len: usize) -> Self {
        OffsetMap {
            points: vec![(0, file_start as u32)],
            ends: Vec::new(),
            end: (len as u32, (file_start + len) as u32),
        }
    }

    /// Builds a map from checkpoints. `points` must start at body offset 0
    /// and be sorted; `end` is `(body length, file offset after the body)`.
    pub fn from_points(points: Vec<(u32, u32)>, end: (u32, u32)) -> Self {
        OffsetMap {
            points,
            ends: Vec::new(),
            end,
        }
    }

    /// Length of the body this map is for.
    pub fn body_len(&self) -> usize {
        self.end.0 as usize
    }

    fn index(&self, pos: u32) -> usize {
        self.points
            .partition_point(|&(b, _)| b <= pos)
            .saturating_sub(1)
    }

    /// The segment `i`: body start, file start, body end, and the file
    /// offset where its last unit ends.
    fn segment(&self, i: usize) -> (u32, u32, u32, u32) {
        let (b, f) = self.points.get(i).copied().unwrap_or((0, 0));
        let (nb, nf) = match self.points.get(i + 1) {
            Some(&(nb, nf)) => (nb, self.ends.get(i + 1).copied().unwrap_or(nf)),
            None => self.end,
        };
        (b, f, nb, nf)
    }

    /// File offset of the body byte at `pos` (a start position).
    pub fn to_file(&self, pos: usize) -> usize {
        if pos as u32 >= self.end.0 {
            return self.end.1 as usize;
        }
        let pos = pos as u32;
        let (b, f, nb, nf) = self.segment(self.index(pos));
        if nb - b != nf.saturating_sub(f) {
            // Inside a decoded unit (`&NotNestedGreaterGreater;` is two
            // characters): the unit is the smallest thing that maps.
            return f as usize;
        }
        (f + (pos - b)) as usize
    }

    /// File offset just after the body byte before `pos` (an end position).
    pub fn to_file_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.to_file(0);
        }
        if pos as u32 >= self.end.0 {
            return self.end.1 as usize;
        }
        let i = self.index(pos as u32);
        let (b, f, nb, nf) = self.segment(i);
        if b == pos as u32 {
            // At a checkpoint, the unit before it ended where it says.
            return self.ends.get(i).copied().unwrap_or(f) as usize;
        }
        if nb - b != nf.saturating_sub(f) {
            return nf as usize; // inside a decoded unit: all of it
        }
        self.to_file(pos)
    }

    /// The same map with every file offset moved by `by`.
    pub fn shifted(mut self, by: usize) -> Self {
        let by = by as u32;
        for p in &mut self.points {
            p.1 += by;
        }
        for e in &mut self.ends {
            *e += by;
        }
        self.end.1 += by;
        self
    }

    /// The map of `body[range]` alone.
    pub fn slice(&self, range: std::ops::Range<usize>) -> OffsetMap {
        let (s, e) = (range.start as u32, range.end as u32);
        let mut b = MapBuilder::default();
        b.mark(
            0,
            self.to_file(range.start) as u32,
            self.to_file(range.start) as u32,
        );
        for (i, &(pb, pf)) in self.points.iter().enumerate() {
            if pb > s && pb < e {
                let end = self.ends.get(i).copied().unwrap_or(pf);
                b.mark(pb - s, pf, end);
            }
        }
        b.finish((e - s) as usize, self.to_file_end(range.end))
    }

    /// This map followed by `outer`: when this map leads from a body to an
    /// intermediate text (say a JSON string after its escapes were decoded)
    /// and `outer` from that text to the file, the result leads from the
    /// body to the file, exact wherever either map is.
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let n = self.points.len();
        let mut marks: Vec<(u32, u32, u32)> = Vec::with_capacity(n + outer.points.len());
        for (i, &(b, m)) in self.points.iter().enumerate() {
            let e = self.ends.get(i).copied().unwrap_or(m);
            marks.push((
                b,
                outer.to_file(m as usize) as u32,
                outer.to_file_end(e as usize) as u32,
            ));
        }
        // Checkpoints of `outer` that fall inside a verbatim stretch of this
        // map become checkpoints of the result.
        for (i, &(b, m)) in self.points.iter().enumerate() {
            let (next_b, next_m) = match self.points.get(i + 1) {
                Some(&(nb, _)) => (
                    nb,
                    self.ends
                        .get(i + 1)
                        .copied()
                        .unwrap_or(self.points[i + 1].1),
                ),
                None => self.end,
            };
            if next_b - b != next_m.saturating_sub(m) {
                continue; // a decoded unit: only its ends map
            }
            let j = outer.points.partition_point(|&(om, _)| om <= m);
            for (k, &(om, of)) in outer.points.iter().enumerate().skip(j) {
                if om >= next_m {
                    break;
                }
                let oe = outer.ends.get(k).copied().unwrap_or(of);
                marks.push((b + (om - m), of, oe));
            }
        }
        marks.sort_by_key(|m| m.0);
        marks.dedup_by_key(|m| m.0);
        let mut map = MapBuilder::default();
        for (b, f, e) in marks {
            map.mark(b, f, e);
        }
        map.finish(self.end.0 as usize, outer.to_file_end(self.end.1 as usize))
    }
}

/// Builds an [`OffsetMap`] while a body is written piece by piece.
#[derive(Debug, Default)]
pub struct MapBuilder {
    points: Vec<(u32, u32)>,
    ends: Vec<u32>,
    /// File offset just after the last piece.
    file_end: u32,
}

impl MapBuilder {
    fn mark(&mut self, body: u32, file: u32, mut prev_end: u32) {
        if self.points.last().is_some_and(|p| p.0 == body) {
            // Nothing of the body lies between the two: the new one wins,
            // after the same unit.
            self.points.pop();
            prev_end = self.ends.pop().unwrap_or(prev_end);
        }
        self.points.push((body, file));
        self.ends.push(prev_end);
    }

    /// Records that the body from `body_at` on is the file from `file_at` on
    /// (text copied as is), adding a checkpoint only where the two drift.
    pub fn verbatim(&mut self, body_at: usize, file_at: usize, len: usize) {
        let (b, f) = (body_at as u32, file_at as u32);
        let in_step = self
            .points
            .last()
            .is_some_and(|&(pb, pf)| pf + (b - pb) == f && self.file_end == f);
        if !in_step {
            let prev = if self.points.is_empty() {
                f
            } else {
                self.file_end
            };
            self.mark(b, f, prev);
        }
        self.file_end = f + len as u32;
    }

    /// Records that the body from `body_at` on stands for the file bytes
    /// `file` (a decoded escape or reference, or collapsed white space).
    pub fn unit(&mut self, body_at: usize, file: std::ops::Range<usize>) {
        let prev = if self.points.is_empty() {
            file.start as u32
        } else {
            self.file_end
        };
        self.mark(body_at as u32, file.start as u32, prev);
        self.file_end = file.end as u32;
    }

    /// Where the last piece ended in the file.
    pub fn file_end(&self) -> usize {
        self.file_end as usize
    }

    /// The map of a body `body_len` bytes long whose last unit ends at
    /// `file_end`.
    pub fn finish(mut self, body_len: usize, file_end: usize) -> OffsetMap {
        if self.points.is_empty() {
            self.points.push((0, file_end as u32));
        }
        let gapped = self
            .points
            .iter()
            .zip(&self.ends)
            .skip(1)
            .any(|(p, &e)| p.1 != e);
        OffsetMap {
            points: self.points,
            ends: if gapped { self.ends } else { Vec::new() },
            end: (body_len as u32, file_end as u32),
        }
    }
}
