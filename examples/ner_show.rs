//! Prints the entities of text files, one mention a line (kind, text, entity
//! key), for looking at the extractor's output: `ner_show FILE...`.

use dateline::entities::{Extractor, resolve};

fn main() {
    let ex = Extractor::new();
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let docs: Vec<(&str, Vec<_>)> = texts.iter().map(|t| (t.as_str(), ex.extract(t))).collect();
    let r = resolve(&docs);
    for (d, (t, _)) in r.docs.iter().zip(&docs) {
        for m in d {
            let key = m
                .entity
                .and_then(|id| r.entities.get(id.0 as usize))
                .map_or("(unresolved)", |e| e.key.as_str());
            println!("{}\t{}\t{}", m.kind.label(), &t[m.range.clone()], key);
        }
        println!("----");
    }
}
