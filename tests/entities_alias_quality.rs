//! Alias quality on the BBC corpus: a hand-checked sample of mentions and
//! the entity each names, scored as a grouping (pairwise precision and
//! recall: of the pairs of sampled mentions put in one entity, how many
//! name the same thing; of the pairs that name the same thing, how many
//! share an entity), plus a count of mentions without an entity and of
//! junk entities over the whole corpus, which must stay at zero.
//!
//! The sample was checked by reading every sampled mention in its article:
//! each (article, surface) below names the labelled entity at every place
//! it occurs in that article. Skips (with a message) when
//! `../shared/corpora/bbc` is absent; `DATELINE_BBC` names another copy.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use dateline::corpus::{Article, Input, load_all};
use dateline::entities::{Extractor, Part, resolve};

/// (article, surface, what it names): every occurrence of the surface in
/// the article (title or body) names it, except where it is a word of a
/// longer name.
const SAMPLE: &[(&str, &str, &str)] = &[
    ("politics/326.txt", "Tony Blair", "Tony Blair"),
    ("politics/326.txt", "Blair", "Tony Blair"),
    ("politics/327.txt", "Tony Blair", "Tony Blair"),
    ("politics/327.txt", "Blair", "Tony Blair"),
    ("politics/408.txt", "Blair", "Tony Blair"),
    ("politics/327.txt", "Cherie Blair", "Cherie Blair"),
    ("politics/326.txt", "Michael Howard", "Michael Howard"),
    ("politics/326.txt", "Howard", "Michael Howard"),
    ("politics/326.txt", "Charles Kennedy", "Charles Kennedy"),
    ("politics/326.txt", "Kennedy", "Charles Kennedy"),
    ("politics/259.txt", "Brown", "Gordon Brown"),
    ("politics/305.txt", "Brown", "Gordon Brown"),
    ("politics/326.txt", "Tories", "Conservative Party"),
    ("politics/132.txt", "Tories", "Conservative Party"),
    ("politics/327.txt", "Conservatives", "Conservative Party"),
    ("politics/327.txt", "Tory", "Conservative Party"),
    ("politics/132.txt", "Lib Dems", "Liberal Democrats"),
    ("politics/326.txt", "Lib Dems", "Liberal Democrats"),
    ("politics/327.txt", "Liberal Democrats", "Liberal Democrats"),
    ("politics/327.txt", "Lib Dem", "Liberal Democrats"),
    (
        "politics/157.txt",
        "Robert Kilroy-Silk",
        "Robert Kilroy-Silk",
    ),
    ("politics/157.txt", "Kilroy-Silk", "Robert Kilroy-Silk"),
    (
        "politics/157.txt",
        "UK Independence Party",
        "UK Independence Party",
    ),
    ("politics/157.txt", "UKIP", "UK Independence Party"),
    ("business/121.txt", "Federal Reserve", "Federal Reserve"),
    ("business/121.txt", "Fed", "Federal Reserve"),
    ("business/121.txt", "Bush", "George W Bush"),
    ("business/344.txt", "Bush", "George W Bush"),
    ("tech/151.txt", "Bush", "George W Bush"),
    ("tech/099.txt", "George W Bush", "George W Bush"),
    ("business/121.txt", "US", "United States"),
    ("tech/099.txt", "US", "United States"),
    ("business/157.txt", "Yukos", "Yukos"),
    (
        "business/157.txt",
        "Mikhail Khodorkovsky",
        "Mikhail Khodorkovsky",
    ),
    ("business/157.txt", "Khodorkovsky", "Mikhail Khodorkovsky"),
    ("sport/183.txt", "Chelsea", "Chelsea FC"),
    ("sport/183.txt", "Jose Mourinho", "Jose Mourinho"),
    ("sport/183.txt", "Mourinho", "Jose Mourinho"),
    ("entertainment/050.txt", "Bruce Willis", "Bruce Willis"),
    ("entertainment/050.txt", "Willis", "Bruce Willis"),
    (
        "entertainment/050.txt",
        "Revolution Studios",
        "Revolution Studios",
    ),
    ("sport/050.txt", "IAAF", "IAAF"),
    (
        "sport/050.txt",
        "International Association of Athletics Federations",
        "IAAF",
    ),
    ("sport/050.txt", "Kostas Kenteris", "Kostas Kenteris"),
    ("sport/050.txt", "Kenteris", "Kostas Kenteris"),
    ("sport/050.txt", "Katerina Thanou", "Katerina Thanou"),
    ("sport/050.txt", "Thanou", "Katerina Thanou"),
    ("sport/050.txt", "Christos Tzekos", "Christos Tzekos"),
    ("sport/050.txt", "Tzekos", "Christos Tzekos"),
];

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("DATELINE_BBC").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpora/bbc"
            ))
        },
        PathBuf::from,
    );
    dir.is_dir().then_some(dir)
}

/// A name that is no name: no capital letter or digit, a loose hyphen or
/// apostrophe at an edge, or a title alone.
fn junk(name: &str) -> bool {
    let n = name.trim_end_matches(" (ambiguous)");
    !n.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
        || n.starts_with(['-', '\'', '\u{2019}'])
        || n.ends_with(['-', '\'', '\u{2019}'])
        || matches!(n, "Mr" | "Mrs" | "Ms" | "Dr" | "MP" | "QC" | "Sir" | "Lord")
}

#[test]
fn sampled_mentions_group_into_the_right_entities() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: the BBC corpus (../shared/corpora/bbc) is not here");
        return;
    };
    let loaded = load_all(&Input::Paths(vec![dir]));
    let articles: Vec<Arc<Article>> = loaded
        .articles
        .into_iter()
        .filter(|a| a.path.extension().is_some_and(|e| e == "txt"))
        .map(Arc::new)
        .collect();
    let ex = Extractor::new();
    let docs: Vec<((&str, &str), Vec<_>)> = articles
        .iter()
        .map(|a| {
            let texts = (a.title.as_str(), a.body.as_str());
            (texts, ex.extract_article(&a.title, &a.body))
        })
        .collect();
    let r = resolve(&docs);

    // every mention has an entity; no entity is junk
    let nulls = r
        .docs
        .iter()
        .flat_map(|d| d.iter())
        .filter(|m| m.entity.is_none())
        .count();
    let junk_entities: Vec<&str> = r
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .filter(|n| junk(n))
        .collect();

    // the sampled mentions: (what it names, entity found or None when missed)
    let mut sampled: Vec<(&str, Option<u32>)> = Vec::new();
    let mut missed = Vec::new();
    for &(file, surface, gold) in SAMPLE {
        let Some(i) = articles.iter().position(|a| a.path.ends_with(file)) else {
            missed.push((file, surface));
            continue;
        };
        let a = &articles[i];
        // every occurrence of the surface as a whole word
        let mut found = 0;
        for (part, text) in [
            (Part::Title, a.title.as_str()),
            (Part::Body, a.body.as_str()),
        ] {
            let whole = |s: usize, e: usize| {
                !text[..s].ends_with(char::is_alphanumeric)
                    && !text[e..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
            };
            for (s, _) in text.match_indices(surface) {
                let e = s + surface.len();
                if !whole(s, e) {
                    continue;
                }
                let here = r.docs[i].iter().filter(|m| m.part == part);
                let mut overlapping = here.filter(|m| m.range.start < e && s < m.range.end);
                let entity = match overlapping.next() {
                    Some(m) if m.range == (s..e) => m.entity.map(|id| id.0),
                    // a word of a longer name ("Blair" in "Cherie Blair")
                    Some(_) => continue,
                    None => None,
                };
                found += 1;
                sampled.push((gold, entity));
            }
        }
        if found == 0 {
            missed.push((file, surface));
        }
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (i, a) in sampled.iter().enumerate() {
        for b in &sampled[i + 1..] {
            let same_gold = a.0 == b.0;
            let same_found = a.1.is_some() && a.1 == b.1;
            match (same_gold, same_found) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let unfound = sampled.iter().filter(|s| s.1.is_none()).count();
    eprintln!(
        "alias quality: {} sampled mentions of {} entities; pairwise precision {:.3}, recall {:.3} \
         ({tp} pairs right, {fp} wrongly joined, {fn_} wrongly apart); {unfound} sampled mentions \
         not extracted; corpus: {} mentions, {nulls} without an entity, {} junk entities {:?}",
        sampled.len(),
        SAMPLE
            .iter()
            .map(|s| s.2)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        precision,
        recall,
        r.docs.iter().map(|d| d.len()).sum::<usize>(),
        junk_entities.len(),
        junk_entities,
    );
    assert!(missed.is_empty(), "sample not in the corpus: {missed:?}");
    assert_eq!(nulls, 0, "mentions without an entity");
    assert!(junk_entities.is_empty(), "junk entities: {junk_entities:?}");
    assert!(precision >= 0.98, "pairwise precision {precision:.3}");
    assert!(recall >= 0.95, "pairwise recall {recall:.3}");
}
