//! The vocabulary: every indexed word of every text field with its document
//! frequency over the whole index, read once from the term dictionaries after
//! the build.
//!
//! Holding it in one sorted array per field makes the per-keystroke work
//! cheap: a prefix is a binary-searched range, its expansion the most frequent
//! words of that range; typo candidates come from one scan with a bounded
//! edit distance; and the BM25 statistics (document frequencies) come from
//! here instead of a dictionary lookup in every segment.

use tantivy::Searcher;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;

use super::grams::GramIndex;
use super::schema::{Fields, TextField};

/// The words of one field, sorted, with their document frequencies.
#[derive(Debug, Default)]
pub(crate) struct FieldVocab {
    words: Vec<(Box<str>, u32)>,
    /// [`letter_mask`] of each word, for the typo scan.
    masks: Vec<u64>,
    total_tokens: u64,
}

/// The set of ASCII letters and digits of `word`, one bit each.
pub(crate) fn letter_mask(word: &str) -> u64 {
    word.bytes().fold(0, |m, b| match b {
        b'0'..=b'9' => m | 1 << (b - b'0'),
        b'a'..=b'z' => m | 1 << (10 + b - b'a'),
        _ => m,
    })
}

impl FieldVocab {
    pub(crate) fn doc_freq(&self, word: &str) -> u32 {
        self.words
            .binary_search_by(|(w, _)| (**w).cmp(word))
            .map_or(0, |i| self.words[i].1)
    }

    /// All words starting with `prefix`.
    pub(crate) fn with_prefix<'a>(&'a self, prefix: &str) -> &'a [(Box<str>, u32)] {
        let start = self.words.partition_point(|(w, _)| &**w < prefix);
        let len = self.words[start..].partition_point(|(w, _)| w.starts_with(prefix));
        &self.words[start..start + len]
    }

    /// Words with their frequency and [`letter_mask`].
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u32, u64)> {
        self.words
            .iter()
            .zip(&self.masks)
            .map(|((w, n), &m)| (&**w, *n, m))
    }
}

/// Vocabularies of all text fields plus the index totals BM25 needs.
#[derive(Debug)]
pub(crate) struct Vocab {
    fields: Vec<FieldVocab>,
    field_ids: Vec<Field>,
    num_docs: u64,
}

impl Vocab {
    /// Reads the vocabulary of `searcher`'s live documents; token totals
    /// come from `grams`, which counts them exactly.
    pub(crate) fn read(
        searcher: &Searcher,
        fields: &Fields,
        grams: &GramIndex,
    ) -> tantivy::Result<Vocab> {
        let mut out = Vec::new();
        for f in TextField::ALL {
            let field = fields.field(f);
            let mut words: Vec<(Box<str>, u32)> = Vec::new();
            let total_tokens = grams.field_tokens(f.slot());
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let Ok(word) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let doc_freq = if seg.has_deletes() {
                        // Count the live documents only, so that BM25 sees
                        // what a fresh index of the same articles would.
                        live_postings(&inv, stream.value(), seg)?
                    } else {
                        stream.value().doc_freq
                    };
                    if doc_freq > 0 {
                        words.push((word.into(), doc_freq));
                    }
                }
            }
            words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            // Sum the frequencies of a word found in several segments.
            words.dedup_by(|later, first| {
                if later.0 == first.0 {
                    first.1 += later.1;
                    true
                } else {
                    false
                }
            });
            words.shrink_to_fit();
            let masks = words.iter().map(|(w, _)| letter_mask(w)).collect();
            out.push(FieldVocab {
                words,
                masks,
                total_tokens,
            });
        }
        Ok(Vocab {
            fields: out,
            field_ids: fields.text.to_vec(),
            num_docs: searcher.num_docs(),
        })
    }

    pub(crate) fn field(&self, f: TextField) -> &FieldVocab {
        &self.fields[f.slot()]
    }

    fn slot_of(&self, field: Field) -> Option<usize> {
        self.field_ids.iter().position(|&f| f == field)
    }
}

/// The number of live documents of a term in `seg`.
fn live_postings(
    inv: &tantivy::InvertedIndexReader,
    info: &tantivy::postings::TermInfo,
    seg: &tantivy::SegmentReader,
) -> tantivy::Result<u32> {
    use tantivy::{DocSet, TERMINATED};
    let mut postings =
        inv.read_postings_from_terminfo(info, tantivy::schema::IndexRecordOption::Basic)?;
    let mut live = 0u32;
    while postings.doc() != TERMINATED {
        if !seg.is_deleted(postings.doc()) {
            live += 1;
        }
        postings.advance();
    }
    Ok(live)
}

/// BM25 statistics served from the vocabulary; fields it does not hold fall
/// back to the searcher.
pub(crate) struct Stats<'a> {
    pub vocab: &'a Vocab,
    pub searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.vocab.slot_of(field) {
            Some(s) => Ok(self.vocab.fields[s].total_tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.vocab.num_docs)
    }

    fn doc_freq(&self, term: &tantivy::Term) -> tantivy::Result<u64> {
        match (self.vocab.slot_of(term.field()), term.value().as_str()) {
            (Some(s), Some(word)) => Ok(u64::from(self.vocab.fields[s].doc_freq(word))),
            _ => self.searcher.doc_freq(term),
        }
    }
}

/// Edit distance between `a` and `b` if it is at most `max`.
///
/// With `prefix`, the distance between `a` and the closest prefix of `b`
/// (so a mistyped word still being typed finds its completions). Works on
/// bytes when both are ASCII (no allocation), on characters otherwise.
pub(crate) fn within_distance(a: &str, b: &str, max: usize, prefix: bool) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if too_far_by_letters(a.as_bytes(), b.as_bytes(), max) {
            return None;
        }
        distance(a.as_bytes(), b.as_bytes(), max, prefix)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, max, prefix)
    }
}

/// Cheap rejection for ASCII words: every letter of `a` absent from the
/// part of `b` an alignment can reach costs an edit.
fn too_far_by_letters(a: &[u8], b: &[u8], max: usize) -> bool {
    let reach = &b[..b.len().min(a.len() + max)];
    let mask = reach.iter().fold(0u128, |m, &c| m | (1u128 << (c & 0x7f)));
    let missing = a
        .iter()
        .filter(|&&c| mask & (1u128 << (c & 0x7f)) == 0)
        .count();
    missing > max
}

fn distance<T: PartialEq>(a: &[T], b: &[T], max: usize, prefix: bool) -> Option<usize> {
    if !prefix && b.len().abs_diff(a.len()) > max {
        return None;
    }
    if b.len() + max < a.len() {
        return None;
    }
    const STACK: usize = 64;
    if a.len() >= STACK {
        return None;
    }
    // Rows over b, columns over a: row[j] = distance(a[..j], b[..i]).
    let mut prev = [0usize; STACK];
    let mut cur = [0usize; STACK];
    for (j, v) in prev.iter_mut().enumerate().take(a.len() + 1) {
        *v = j;
    }
    let n = a.len();
    let mut best_prefix = prev[n];
    for (i, bc) in b.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, ac) in a.iter().enumerate() {
            let sub = prev[j] + usize::from(ac != bc);
            let v = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            cur[j + 1] = v;
            row_min = row_min.min(v);
        }
        std::mem::swap(&mut prev, &mut cur);
        best_prefix = best_prefix.min(prev[n]);
        if row_min > max {
            break;
        }
    }
    let d = if prefix {
        best_prefix
    } else if b.is_empty() {
        n
    } else {
        prev[n]
    };
    // After an early break `prev[n]` is not the full distance, but then it
    // exceeds `max` anyway (distances never fall below the row minimum).
    (d <= max).then_some(d)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize, prefix: bool) -> Option<usize> {
        within_distance(a, b, max, prefix)
    }

    #[test]
    fn distances() {
        assert_eq!(d("govenment", "government", 1, false), Some(1));
        assert_eq!(d("goverment", "government", 2, false), Some(1));
        assert_eq!(d("kitten", "sitting", 2, false), None);
        assert_eq!(d("kitten", "sitting", 3, false), Some(3));
        assert_eq!(d("govem", "government", 1, true), Some(1));
        assert_eq!(d("abc", "abc", 0, false), Some(0));
        assert_eq!(d("abcdef", "xyz", 1, true), None);
        assert_eq!(d("josé", "jose", 1, false), Some(1));
        assert_eq!(d("abc", "", 3, false), Some(3));
    }
}
