//! Prints the entities of text files, one mention a line (part, kind, text,
//! entity key), for looking at the extractor's output: `ner_show FILE...`.
//! A first line followed by a blank line is the file's title.

use dateline::entities::{Extractor, Part, resolve};

fn main() {
    let ex = Extractor::new();
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let split = |t: &str| -> (String, String) {
        match t.split_once("\n\n") {
            Some((title, body)) if !title.contains('\n') => (title.to_string(), body.to_string()),
            _ => (String::new(), t.to_string()),
        }
    };
    let parts: Vec<(String, String)> = texts.iter().map(|t| split(t)).collect();
    let docs: Vec<((&str, &str), Vec<_>)> = parts
        .iter()
        .map(|(t, b)| ((t.as_str(), b.as_str()), ex.extract_article(t, b)))
        .collect();
    let r = resolve(&docs);
    for (d, ((title, body), _)) in r.docs.iter().zip(&docs) {
        for m in d.iter() {
            let key = m
                .entity
                .and_then(|id| r.entities.get(id.0 as usize))
                .map_or("(none)", |e| e.key.as_str());
            let (part, text) = match m.part {
                Part::Title => ("title", title),
                Part::Body => ("body", body),
            };
            println!(
                "{part}\t{}\t{}\t{}",
                m.kind.label(),
                &text[m.range.clone()],
                key
            );
        }
        println!("----");
    }
}
