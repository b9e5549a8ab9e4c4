//! Reading CoNLL-style files and training the learned tagger.
//!
//! Used by `examples/ner_train.rs` (training) and `examples/ner_eval.rs`
//! (evaluation). A file has one `token tag` per line, blank lines between
//! sentences and `-DOCSTART-` lines between documents; tags are IOB1 or IOB2.
//! A document's text is rebuilt by joining tokens with spaces and sentences
//! with newlines, and gold mentions become byte ranges of that text.
//!
//! Training is an averaged structured perceptron: for each document, the
//! text is analysed exactly as at tagging time (same tokenizer, chunks and
//! features), gold labels are projected onto chunk tokens, each chunk is
//! decoded with Viterbi and the weights move towards the gold labels.
//! Deterministic: fixed seeds, fixed order.

use std::ops::Range;

use super::doc::Doc;
use super::features::{NL, features};
use super::gazetteer::Gazetteer;
use super::model::{Model, begin_label, viterbi};
use super::{EntityKind, Mention, Part};

/// One document rebuilt from a CoNLL file.
#[derive(Debug, Clone, Default)]
pub struct GoldDoc {
    /// Tokens joined by spaces, sentences by newlines.
    pub text: String,
    /// Gold mentions (byte ranges of `text`).
    pub gold: Vec<Mention>,
    /// The source annotates MISC (some corpora have no MISC type: there,
    /// known nationalities are taken as MISC during training).
    pub has_misc: bool,
}

fn kind_of(tag: &str) -> Option<(bool, EntityKind)> {
    let (bi, ty) = tag.split_once('-')?;
    let kind = EntityKind::from_label(ty)?;
    Some((bi == "B", kind))
}

/// Parses a CoNLL file. Documents break at `-DOCSTART-`; when a file has
/// none, every `sentences_per_doc` sentences form one document.
pub fn read_conll(data: &str, sentences_per_doc: usize) -> Vec<GoldDoc> {
    let mut docs = Vec::new();
    let mut cur = GoldDoc::default();
    let mut sentences_in_doc = 0;
    let mut in_sentence = false;
    let mut open: Option<(usize, EntityKind)> = None;
    let mut last_end = 0;
    let close = |cur: &mut GoldDoc, open: &mut Option<(usize, EntityKind)>, end: usize| {
        if let Some((s, k)) = open.take() {
            cur.gold.push(Mention {
                range: s..end,
                kind: k,
                part: Part::Body,
            });
        }
    };
    for line in data.lines() {
        let mut cols = line.split_whitespace();
        let Some(tok) = cols.next() else {
            // sentence break
            if in_sentence {
                close(&mut cur, &mut open, last_end);
                in_sentence = false;
                sentences_in_doc += 1;
                if sentences_per_doc > 0 && sentences_in_doc >= sentences_per_doc {
                    docs.push(std::mem::take(&mut cur));
                    sentences_in_doc = 0;
                }
            }
            continue;
        };
        if tok == "-DOCSTART-" {
            close(&mut cur, &mut open, last_end);
            in_sentence = false;
            if !cur.text.is_empty() {
                docs.push(std::mem::take(&mut cur));
            }
            sentences_in_doc = 0;
            continue;
        }
        let tag = cols.last().unwrap_or("O");
        if !cur.text.is_empty() {
            cur.text.push(if in_sentence { ' ' } else { '\n' });
        }
        let start = cur.text.len();
        cur.text.push_str(tok);
        let end = cur.text.len();
        in_sentence = true;
        match kind_of(tag) {
            None => close(&mut cur, &mut open, last_end),
            Some((is_b, k)) => {
                let cont = !is_b && open.is_some_and(|(_, ok)| ok == k);
                if !cont {
                    close(&mut cur, &mut open, last_end);
                    open = Some((start, k));
                }
            }
        }
        last_end = end;
    }
    close(&mut cur, &mut open, last_end);
    if !cur.text.is_empty() {
        docs.push(cur);
    }
    let has_misc = docs
        .iter()
        .any(|d| d.gold.iter().any(|m| m.kind == EntityKind::Misc));
    for d in &mut docs {
        d.has_misc = has_misc;
    }
    docs
}

/// Gold labels for the chunk tokens of `doc`, given gold mentions sorted by start.
fn gold_labels(doc: &Doc, gold: &[Mention], s: usize, e: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(e - s);
    let mut prev_span: Option<usize> = None;
    for i in s..e {
        let t = &doc.toks[i];
        let st = t.start as usize;
        let idx = gold.partition_point(|m| m.range.end <= st);
        let hit = gold
            .get(idx)
            .filter(|m| m.range.start <= st && (t.end as usize) <= m.range.end);
        match hit {
            Some(m) => {
                let b = begin_label(m.kind);
                out.push(if prev_span == Some(idx) { b + 1 } else { b });
                prev_span = Some(idx);
            }
            None => {
                out.push(0);
                prev_span = None;
            }
        }
    }
    out
}

/// Relabels gazetteer MISC entries (and nothing else) as MISC in `gold`.
fn repair_misc(doc: &Doc, s: usize, gold: &mut [usize]) {
    let misc = begin_label(EntityKind::Misc);
    let mut i = 0;
    while i < gold.len() {
        let g = doc.gaz[s + i];
        if g.begin && g.span == super::gazetteer::class::MISC {
            let mut n = i + 1;
            while n < gold.len() && !doc.gaz[s + n - 1].last {
                n += 1;
            }
            let after_ok = gold.get(n).is_none_or(|&l| l == 0 || l % 2 == 1);
            let inside_ok = gold[i] == 0 || gold[i] % 2 == 1;
            if after_ok && inside_ok && gold[i..n].iter().skip(1).all(|&l| l == 0 || l % 2 == 0) {
                gold[i] = misc;
                for l in &mut gold[i + 1..n] {
                    *l = misc + 1;
                }
            }
            i = n;
        } else {
            i += 1;
        }
    }
}

struct Xorshift(u64);
impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Upper-cases or title-cases some sentences (lines) of `d`, so the model
/// sees headline and shouted text. Deterministic for a given `rng` state.
fn augment(d: &GoldDoc, rng: &mut Xorshift) -> Option<GoldDoc> {
    let r = rng.next() % 100;
    let mode = if r < 12 {
        1 // upper
    } else if r < 20 {
        2 // title
    } else {
        return None;
    };
    // transform whole lines chosen at random; rebuild offsets
    let mut text = String::with_capacity(d.text.len());
    let mut map: Vec<(usize, usize)> = Vec::new(); // old offset -> new offset per char boundary
    for line in d.text.split_inclusive('\n') {
        let pick = rng.next().is_multiple_of(3);
        for (wi, word) in line.split_inclusive(' ').enumerate() {
            let old_start = word.as_ptr() as usize - d.text.as_ptr() as usize;
            for (ci, c) in word.char_indices() {
                map.push((old_start + ci, text.len()));
                let first = ci == 0;
                if !pick {
                    text.push(c);
                } else if mode == 1 || (first && (wi == 0 || word.trim().len() > 3)) {
                    text.extend(c.to_uppercase());
                } else {
                    text.push(c);
                }
            }
        }
    }
    map.push((d.text.len(), text.len()));
    let conv = |o: usize| -> Option<usize> {
        map.binary_search_by_key(&o, |p| p.0).ok().map(|k| map[k].1)
    };
    let mut gold = Vec::with_capacity(d.gold.len());
    for m in &d.gold {
        gold.push(Mention {
            range: conv(m.range.start)?..conv(m.range.end)?,
            kind: m.kind,
            part: m.part,
        });
    }
    Some(GoldDoc {
        text,
        gold,
        has_misc: d.has_misc,
    })
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// log2 of the number of hash buckets.
    pub bits: u32,
    /// Passes over the data.
    pub epochs: usize,
    /// Seed for shuffling and augmentation.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            bits: 16,
            epochs: 8,
            seed: 0x5eed_cafe,
        }
    }
}

/// Trains on `docs` and returns the model file bytes.
pub fn train(docs: &[GoldDoc], cfg: &TrainConfig) -> Vec<u8> {
    let gaz = Gazetteer::embedded();
    let mut rng = Xorshift(cfg.seed | 1);
    let mut all: Vec<GoldDoc> = Vec::with_capacity(docs.len() * 2);
    for d in docs {
        let mut d = d.clone();
        d.gold.retain(|m| m.kind != EntityKind::Date);
        d.gold.sort_by_key(|m| m.range.start);
        if let Some(a) = augment(&d, &mut rng) {
            all.push(a);
        }
        all.push(d);
    }
    // Pre-compute chunks, features and gold labels once.
    struct Chunk {
        feats: Vec<Vec<u64>>,
        gold: Vec<usize>,
    }
    let mask = (1u64 << cfg.bits) - 1;
    let mut chunks: Vec<Chunk> = Vec::new();
    for d in &all {
        let doc = Doc::new(&d.text, &gaz);
        for &(s, e) in &doc.chunks {
            let mut gold = gold_labels(&doc, &d.gold, s, e);
            if !d.has_misc {
                // corpora without MISC: a known nationality/group is MISC
                repair_misc(&doc, s, &mut gold);
            }
            let feats = (s..e)
                .map(|i| {
                    let mut f = Vec::new();
                    features(&doc, s, e, i, &mut f);
                    f.iter_mut().for_each(|h| *h &= mask);
                    f
                })
                .collect();
            chunks.push(Chunk { feats, gold });
        }
    }
    let nb = 1usize << cfg.bits;
    let nt = NL * (NL + 1);
    // parameters: transitions then weights; averaged with the "lazy sum" trick
    let mut w = vec![0f32; nt + nb * NL];
    let mut u = vec![0f32; nt + nb * NL];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..chunks.len()).collect();
    for epoch in 0..cfg.epochs {
        for k in (1..order.len()).rev() {
            let j = (rng.next() % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
        let mut errors = 0usize;
        let mut tokens = 0usize;
        for &ci in &order {
            let ch = &chunks[ci];
            let emit: Vec<[f32; NL]> = ch
                .feats
                .iter()
                .map(|fs| {
                    let mut r = [0f32; NL];
                    for &h in fs {
                        let row = nt + h as usize * NL;
                        for (l, x) in r.iter_mut().enumerate() {
                            *x += w[row + l];
                        }
                    }
                    r
                })
                .collect();
            let pred = viterbi(&emit, &w[..nt]);
            tokens += pred.len();
            if pred == ch.gold {
                c += 1.0;
                continue;
            }
            let mut upd = |idx: usize, d: f32| {
                w[idx] += d;
                u[idx] += c * d;
            };
            for (i, (&p, &g)) in pred.iter().zip(&ch.gold).enumerate() {
                let pp = if i == 0 { NL } else { pred[i - 1] };
                let gp = if i == 0 { NL } else { ch.gold[i - 1] };
                if p != g || pp != gp {
                    upd(pp * NL + p, -1.0);
                    upd(gp * NL + g, 1.0);
                }
                if p != g {
                    errors += 1;
                    for &h in &ch.feats[i] {
                        let row = nt + h as usize * NL;
                        upd(row + p, -1.0);
                        upd(row + g, 1.0);
                    }
                }
            }
            c += 1.0;
        }
        eprintln!(
            "epoch {}: {} chunks, token error rate {:.4}",
            epoch + 1,
            chunks.len(),
            errors as f64 / tokens.max(1) as f64
        );
    }
    let avg: Vec<f32> = w.iter().zip(&u).map(|(w, u)| w - u / c).collect();
    Model::to_bytes(cfg.bits, &avg[..nt], &avg[nt..])
}

/// Per-type and overall counts for conlleval-style scoring.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Correct (exact span and type), predicted, gold — per kind index.
    pub counts: [[usize; 3]; 5],
}

impl Score {
    /// Adds one document: predicted and gold mentions (kinds outside `kinds` are ignored).
    pub fn add(&mut self, pred: &[Mention], gold: &[Mention], kinds: &[EntityKind]) {
        use std::collections::HashSet;
        let g: HashSet<(Range<usize>, EntityKind)> = gold
            .iter()
            .filter(|m| kinds.contains(&m.kind))
            .map(|m| (m.range.clone(), m.kind))
            .collect();
        for m in pred.iter().filter(|m| kinds.contains(&m.kind)) {
            let k = m.kind as usize;
            self.counts[k][1] += 1;
            if g.contains(&(m.range.clone(), m.kind)) {
                self.counts[k][0] += 1;
            }
        }
        for m in gold.iter().filter(|m| kinds.contains(&m.kind)) {
            self.counts[m.kind as usize][2] += 1;
        }
    }

    /// Precision, recall, F1 (percent) for one kind, or overall when `None`.
    pub fn prf(&self, kind: Option<EntityKind>) -> (f64, f64, f64) {
        let [c, p, g] = match kind {
            Some(k) => self.counts[k as usize],
            None => self
                .counts
                .iter()
                .fold([0; 3], |a, x| [a[0] + x[0], a[1] + x[1], a[2] + x[2]]),
        };
        let pr = if p == 0 {
            0.0
        } else {
            100.0 * c as f64 / p as f64
        };
        let rc = if g == 0 {
            0.0
        } else {
            100.0 * c as f64 / g as f64
        };
        let f = if pr + rc == 0.0 {
            0.0
        } else {
            2.0 * pr * rc / (pr + rc)
        };
        (pr, rc, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob1_and_iob2() {
        let data = "-DOCSTART- O\n\nEU I-ORG\nrejects O\nGerman I-MISC\ncall O\n\nPeter B-PER\nBlackburn I-PER\n";
        let docs = read_conll(data, 0);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "EU rejects German call\nPeter Blackburn");
        let spans: Vec<&str> = d.gold.iter().map(|m| &d.text[m.range.clone()]).collect();
        assert_eq!(spans, ["EU", "German", "Peter Blackburn"]);
    }
}
