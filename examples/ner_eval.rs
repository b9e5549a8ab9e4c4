//! Scores the entity extractor on a CoNLL-2003-style file (conlleval
//! semantics: a mention counts when its span and type are exact).
//!
//! `cargo run --release --example ner_eval -- FILE [--rules | --model WEIGHTS] [--errors] [--confusion]`
//!
//! `--confusion` prints counts only: for each gold type, how many gold
//! mentions were found with the same span as each type, with an overlapping
//! span, or not at all.
//!
//! Each document (between `-DOCSTART-` lines) is rebuilt as text: tokens
//! joined by spaces, sentences by newlines. DATE mentions are not scored
//! (CoNLL-2003 has no dates).

use dateline::entities::train::{Score, read_conll};
use dateline::entities::{EntityKind, Extractor, Tagger};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--model"))
        .map(|(_, a)| a)
        .ok_or_else(|| {
            anyhow::anyhow!("usage: ner_eval FILE [--rules | --model WEIGHTS] [--errors]")
        })?;
    let rules = args.iter().any(|a| a == "--rules");
    let data = std::fs::read_to_string(path)?;
    let docs = read_conll(&data, 0);
    let model = args
        .iter()
        .position(|a| a == "--model")
        .and_then(|i| args.get(i + 1));
    let ex = match model {
        Some(m) => Extractor::with_model_bytes(&std::fs::read(m)?)
            .ok_or_else(|| anyhow::anyhow!("{m}: not a model file"))?,
        None => Extractor::with_tagger(if rules { Tagger::Rules } else { Tagger::Model }),
    };
    let kinds = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Org,
        EntityKind::Misc,
    ];
    let dump = args.iter().any(|a| a == "--errors");
    let confusion = args.iter().any(|a| a == "--confusion");
    // by gold kind: same span other kind (per kind), overlapping span, nothing
    let mut conf = [[0usize; 7]; 4];
    let mut score = Score::default();
    let t0 = std::time::Instant::now();
    for d in &docs {
        let pred = ex.extract(&d.text);
        score.add(&pred, &d.gold, &kinds);
        if dump {
            print_errors(&d.text, &pred, &d.gold, &kinds);
        }
        for g in d.gold.iter().filter(|m| kinds.contains(&m.kind)) {
            let col = match pred.iter().find(|p| p.range == g.range) {
                Some(p) => p.kind as usize,
                None if pred
                    .iter()
                    .any(|p| p.range.start < g.range.end && g.range.start < p.range.end) =>
                {
                    5
                }
                None => 6,
            };
            conf[g.kind as usize][col] += 1;
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "{} documents, tagger: {}",
        docs.len(),
        if ex.uses_model() { "model" } else { "rules" }
    );
    println!(
        "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}",
        "type", "precision", "recall", "F1", "pred", "gold"
    );
    for k in kinds {
        let (p, r, f) = score.prf(Some(k));
        let c = score.counts[k as usize];
        println!(
            "{:<8} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7}",
            k.label(),
            p,
            r,
            f,
            c[1],
            c[2]
        );
    }
    let (p, r, f) = score.prf(None);
    println!("{:<8} {:>9.2} {:>9.2} {:>9.2}", "overall", p, r, f);
    if confusion {
        println!("\ngold \\ found  PER   LOC   ORG  MISC  DATE  overlap  none");
        for k in kinds {
            let r = conf[k as usize];
            println!(
                "{:<12} {:>5} {:>5} {:>5} {:>5} {:>5} {:>8} {:>5}",
                k.label(),
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6]
            );
        }
    }
    eprintln!("extraction took {secs:.3}s");
    Ok(())
}

/// Prints false positives (`+`) and misses (`-`) with their line, for error analysis.
fn print_errors(
    text: &str,
    pred: &[dateline::entities::Mention],
    gold: &[dateline::entities::Mention],
    kinds: &[EntityKind],
) {
    let line_of = |r: &std::ops::Range<usize>| {
        let s = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let e = text[r.end..].find('\n').map_or(text.len(), |i| i + r.end);
        &text[s..e]
    };
    for m in pred.iter().filter(|m| kinds.contains(&m.kind)) {
        if !gold.contains(m) {
            println!(
                "+ {}\t{}\t| {}",
                m.kind.label(),
                &text[m.range.clone()],
                line_of(&m.range)
            );
        }
    }
    for m in gold.iter().filter(|m| kinds.contains(&m.kind)) {
        if !pred.contains(m) {
            println!(
                "- {}\t{}\t| {}",
                m.kind.label(),
                &text[m.range.clone()],
                line_of(&m.range)
            );
        }
    }
}
