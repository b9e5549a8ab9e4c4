//! The learned tagger: a linear model over hashed features with BIO tags,
//! decoded by Viterbi inside each chunk.
//!
//! Weights are trained by `examples/ner_train.rs` (an averaged structured
//! perceptron, see [`super::train`]) and embedded from
//! `assets/ner_model.bin`: a small header, a transition matrix, then one row
//! of [`NL`] 16-bit weights per hash bucket.
//!
//! File layout (little endian): `b"DLNER1\0\0"`, `u32` bucket bits, `f32`
//! scale, `NL*(NL+1)` `i16` transitions (row `NL` = start), then `2^bits * NL`
//! `i16` weights.

use super::EntityKind;
use super::common::common_words;
use super::doc::Doc;
use super::features::{NL, each_feature};
use super::tokenize::Case;

const MAGIC: &[u8; 8] = b"DLNER1\0\0";
const EMBEDDED: &[u8] = include_bytes!("../../assets/ner_model.bin");

/// Quantised model weights.
pub struct Model {
    bits: u32,
    scale: f32,
    trans: Transitions,
    rows: Vec<[i16; NL]>,
}

/// Kind of label `l` (0 = O).
pub fn label_kind(l: usize) -> Option<EntityKind> {
    match l {
        1 | 2 => Some(EntityKind::Person),
        3 | 4 => Some(EntityKind::Place),
        5 | 6 => Some(EntityKind::Org),
        7 | 8 => Some(EntityKind::Misc),
        _ => None,
    }
}

/// Label B-`kind`.
pub fn begin_label(kind: EntityKind) -> usize {
    1 + 2 * (kind as usize)
}

/// Is `prev -> l` a valid transition (I-X only after B-X or I-X)?
pub fn allowed(prev: Option<usize>, l: usize) -> bool {
    if l == 0 || l % 2 == 1 {
        return true;
    }
    matches!(prev, Some(p) if p != 0 && p.div_ceil(2) == l / 2)
}

/// Best label sequence for `emit` (one score row per token) under `trans`
/// (`NL+1` rows of `NL`: previous label, row `NL` is the start).
pub fn viterbi(emit: &[[f32; NL]], trans: &[f32]) -> Vec<usize> {
    let mut out = Vec::new();
    viterbi_into(
        emit,
        &Transitions::new(trans),
        &mut Scratch::default(),
        &mut out,
    );
    out
}

/// Transition scores ready for decoding: row `p` holds the scores of moves
/// from label `p` (row `NL`: from the start), with moves that break BIO
/// (see [`allowed`]) at minus infinity, so decoding needs no tests.
#[derive(Debug, Clone)]
pub struct Transitions([[f32; NL]; NL + 1]);

impl Transitions {
    /// From `NL+1` rows of `NL` scores (missing scores count as 0).
    pub fn new(trans: &[f32]) -> Self {
        let mut t = [[f32::NEG_INFINITY; NL]; NL + 1];
        for (p, row) in t.iter_mut().enumerate() {
            let prev = (p < NL).then_some(p);
            for (l, x) in row.iter_mut().enumerate() {
                if allowed(prev, l) {
                    *x = trans.get(p * NL + l).copied().unwrap_or(0.0);
                }
            }
        }
        Transitions(t)
    }
}

/// Buffers reused across chunks.
#[derive(Default)]
pub struct Scratch {
    /// Best score of each label at each token so far.
    scores: Vec<[f32; NL]>,
}

/// [`viterbi`] into `out`, with reusable buffers. Ties go to the lowest label.
///
/// The forward pass keeps only the best scores (a max per label, which
/// compiles to SIMD code); the backward pass then finds the best previous
/// label of the one label taken at each token, by the same sums and
/// comparisons the forward pass made, rather than recording it for all.
pub fn viterbi_into(
    emit: &[[f32; NL]],
    trans: &Transitions,
    sc: &mut Scratch,
    out: &mut Vec<usize>,
) {
    let n = emit.len();
    out.clear();
    let Some(first) = emit.first() else {
        return;
    };
    let t = &trans.0;
    let scores = &mut sc.scores;
    scores.clear();
    // a disallowed start stays at minus infinity: emission scores are finite
    let mut score: [f32; NL] = std::array::from_fn(|l| first[l] + t[NL][l]);
    for row in &emit[1..] {
        scores.push(score);
        let mut best = [f32::NEG_INFINITY; NL];
        for (&sp, tp) in score.iter().zip(t) {
            for l in 0..NL {
                let s = sp + tp[l];
                best[l] = if s > best[l] { s } else { best[l] };
            }
        }
        score = std::array::from_fn(|l| best[l] + row[l]);
    }
    let mut l = 0;
    for k in 1..NL {
        if score[k] > score[l] {
            l = k;
        }
    }
    out.resize(n, 0);
    for i in (0..n).rev() {
        out[i] = l;
        if let Some(prev) = i.checked_sub(1).and_then(|j| scores.get(j)) {
            l = best_previous(prev, t, l);
        }
    }
}

/// The label before `l` on the best path, given the best scores `prev` of
/// the previous token: the lowest label whose score plus its move to `l` is
/// highest (the forward pass's maximum, summed and compared the same way).
#[inline]
fn best_previous(prev: &[f32; NL], t: &[[f32; NL]; NL + 1], l: usize) -> usize {
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
    for (p, (&sp, tp)) in prev.iter().zip(t).enumerate() {
        let s = sp + tp.get(l).copied().unwrap_or(f32::NEG_INFINITY);
        if s > best {
            best = s;
            arg = p;
        }
    }
    arg
}

/// Memory [`Model::tag_into`] reuses from text to text.
#[derive(Default)]
pub struct TagBuffers {
    emit: Vec<[f32; NL]>,
    labels: Vec<usize>,
    scratch: Scratch,
}

/// Turns labels of a chunk starting at token `s` into spans.
pub fn spans_of(labels: &[usize], s: usize, out: &mut Vec<(usize, usize, EntityKind)>) {
    let mut cur: Option<(usize, EntityKind)> = None;
    for (k, &l) in labels.iter().enumerate() {
        let kind = label_kind(l);
        let cont = l != 0 && l % 2 == 0 && cur.is_some_and(|(_, ck)| Some(ck) == kind);
        if !cont {
            if let Some((st, ck)) = cur.take() {
                out.push((st, s + k, ck));
            }
            if let Some(kd) = kind {
                cur = Some((s + k, kd));
            }
        }
    }
    if let Some((st, ck)) = cur {
        out.push((st, s + labels.len(), ck));
    }
}

fn rd_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Model {
    /// The embedded model, or `None` when the asset is empty or malformed.
    pub fn embedded() -> Option<Model> {
        Self::from_bytes(EMBEDDED)
    }

    /// Parses the file layout described in the module docs.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        if b.get(..8)? != MAGIC {
            return None;
        }
        let bits = rd_u32(b, 8)?;
        if !(8..=24).contains(&bits) {
            return None;
        }
        let scale = f32::from_bits(rd_u32(b, 12)?);
        let nt = NL * (NL + 1);
        let nw = (1usize << bits) * NL;
        let body = b.get(16..16 + 2 * (nt + nw))?;
        let mut vals = body
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]));
        let trans: Vec<f32> = vals
            .by_ref()
            .take(nt)
            .map(|v| f32::from(v) * scale)
            .collect();
        let weights: Vec<i16> = vals.collect();
        let rows: Vec<[i16; NL]> = weights
            .chunks_exact(NL)
            .map(|c| {
                let mut r = [0i16; NL];
                r.copy_from_slice(c);
                r
            })
            .collect();
        (weights.len() == nw).then_some(Model {
            bits,
            scale,
            trans: Transitions::new(&trans),
            rows,
        })
    }

    /// Serialises float weights (as produced by training) into the file layout.
    pub fn to_bytes(bits: u32, trans: &[f32], weights: &[f32]) -> Vec<u8> {
        let max = trans
            .iter()
            .chain(weights)
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let mut out = Vec::with_capacity(16 + 2 * (trans.len() + weights.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        for w in trans.iter().chain(weights) {
            let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Tags every chunk of `doc`: appends token spans with their kinds to
    /// `out`, working in the memory of `bufs`.
    pub fn tag_into(
        &self,
        doc: &Doc,
        bufs: &mut TagBuffers,
        out: &mut Vec<(usize, usize, EntityKind)>,
    ) {
        let TagBuffers {
            emit,
            labels,
            scratch,
        } = bufs;
        let mask = (1u64 << self.bits) - 1;
        let common = common_words();
        for &(s, e) in &doc.chunks {
            // nothing but capitalised common words ("The", "But", "I"): no name
            if doc.toks[s..e]
                .iter()
                .all(|t| t.case == Case::Title && common.contains(t.lhash))
            {
                continue;
            }
            emit.clear();
            for i in s..e {
                let mut acc = [0i32; NL];
                each_feature(doc, s, e, i, |h| {
                    if let Some(ws) = self.rows.get((h & mask) as usize) {
                        for (a, &w) in acc.iter_mut().zip(ws) {
                            *a += i32::from(w);
                        }
                    }
                });
                let mut r = [0f32; NL];
                for (x, a) in r.iter_mut().zip(acc) {
                    *x = a as f32 * self.scale;
                }
                emit.push(r);
            }
            viterbi_into(emit, &self.trans, scratch, labels);
            spans_of(labels, s, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_bio() {
        let trans = vec![0f32; NL * (NL + 1)];
        let mut emit = vec![[0f32; NL]; 2];
        emit[0][2] = 5.0; // I-PER first: not allowed
        emit[0][1] = 1.0;
        emit[1][2] = 5.0;
        assert_eq!(viterbi(&emit, &trans), vec![1, 2]);
        let mut spans = Vec::new();
        spans_of(&[1, 2, 3, 0, 5], 10, &mut spans);
        assert_eq!(
            spans,
            vec![
                (10, 12, EntityKind::Person),
                (12, 13, EntityKind::Place),
                (14, 15, EntityKind::Org)
            ]
        );
    }

    /// Score of the label sequence `labels` (minus infinity when it breaks BIO).
    fn path_score(emit: &[[f32; NL]], t: &Transitions, labels: &[usize]) -> f32 {
        let mut prev = NL;
        let mut total = 0.0;
        for (row, &l) in emit.iter().zip(labels) {
            total += row[l] + t.0[prev][l];
            prev = l;
        }
        total
    }

    #[test]
    fn viterbi_finds_a_best_path() {
        // small integer scores, so that many paths tie
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % 7) as f32 - 3.0
        };
        for n in 1..=3 {
            for _ in 0..20 {
                let trans: Vec<f32> = (0..NL * (NL + 1)).map(|_| next()).collect();
                let emit: Vec<[f32; NL]> =
                    (0..n).map(|_| std::array::from_fn(|_| next())).collect();
                let t = Transitions::new(&trans);
                let got = path_score(&emit, &t, &viterbi(&emit, &trans));
                let mut best = f32::NEG_INFINITY;
                for code in 0..NL.pow(n as u32) {
                    let labels: Vec<usize> = (0..n).map(|k| code / NL.pow(k as u32) % NL).collect();
                    best = best.max(path_score(&emit, &t, &labels));
                }
                assert_eq!(got, best);
            }
        }
    }

    #[test]
    fn round_trips_bytes() {
        let trans = vec![0.5f32; NL * (NL + 1)];
        let w = vec![-1.0f32; (1 << 8) * NL];
        let m = Model::from_bytes(&Model::to_bytes(8, &trans, &w));
        assert!(m.is_some_and(|m| m.rows.len() * NL == w.len()));
    }
}
