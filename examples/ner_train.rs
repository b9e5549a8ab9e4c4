//! Trains the learned entity tagger and writes `assets/ner_model.bin`.
//!
//! `cargo run --release --example ner_train -- OUT.bin FILE...`
//!
//! FILEs are two-column CoNLL files (token, IOB tag). Consecutive sentences
//! are grouped ten at a time into documents. Deterministic: the same files in
//! the same order give the same bytes. See `scripts/train_model.sh` for the
//! exact files the shipped model was trained on.

use dateline::entities::train::{TrainConfig, read_conll, train};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, files) = args
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("usage: ner_train OUT.bin FILE..."))?;
    let mut docs = Vec::new();
    for f in files {
        let data = std::fs::read_to_string(f)?;
        let d = read_conll(&data, 10);
        eprintln!("{f}: {} documents", d.len());
        docs.extend(d);
    }
    let mut cfg = TrainConfig::default();
    if let Ok(e) = std::env::var("NER_EPOCHS") {
        cfg.epochs = e.parse()?;
    }
    if let Ok(b) = std::env::var("NER_BITS") {
        cfg.bits = b.parse()?;
    }
    let bytes = train(&docs, &cfg);
    std::fs::write(out, &bytes)?;
    eprintln!("wrote {} bytes to {out}", bytes.len());
    Ok(())
}
