//! The index agrees with a plain scan of the BBC corpus.
//!
//! For each word, the articles found by `search("word ")` (a trailing space
//! ends the word, so it is matched whole, not as a prefix) must be exactly
//! the articles whose title or body contains the word as a whole word,
//! ignoring case. A word is a maximal run of alphanumeric characters, the
//! tokenizer's definition; the scan lowercases but does not fold accents, so
//! the words below are plain ASCII words that have no accented spellings in
//! the corpus. A second check types the word without the space (a prefix)
//! and compares with the articles having a word that starts with it.
//!
//! The corpus is research data and is not in the repository; the test skips
//! (with a message) when ../shared/corpora/bbc is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use dateline::corpus::{Input, load_all};
use dateline::search::{DocInput, SearchIndex};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/bbc");

/// The BBC articles as (title, body), read by the crate's own loader;
/// `None` when the corpus is absent.
fn load() -> Option<Vec<(String, String)>> {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        return None;
    }
    let loaded = load_all(&Input::Paths(vec![root.to_path_buf()]));
    let docs = loaded
        .articles
        .into_iter()
        .filter(|a| a.path.extension().is_some_and(|e| e == "txt"))
        .map(|a| (a.title, a.body))
        .collect();
    Some(docs)
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn scan(docs: &[(String, String)], pred: impl Fn(&str) -> bool) -> BTreeSet<u32> {
    docs.iter()
        .enumerate()
        .filter(|(_, (t, b))| words(t).chain(words(b)).any(|w| pred(&w)))
        .map(|(i, _)| i as u32)
        .collect()
}

#[test]
fn single_words_match_a_plain_scan() {
    let Some(docs) = load() else {
        eprintln!("skipped: BBC corpus not found at {CORPUS}");
        return;
    };
    assert!(docs.len() > 2000);
    let index = SearchIndex::build(docs.iter().map(|(t, b)| DocInput::text(t, b)), |_| {})
        .expect("index builds");
    let limit = docs.len() + 1;
    for word in [
        "government",
        "the",
        "a",
        "film",
        "mobile",
        "election",
        "chelsea",
        "economy",
        "blair",
        "iraq",
        "oil",
        "apple",
        "microsoft",
        "bbc",
        "euro",
        "december",
        "said",
        "2004",
        "3g",
    ] {
        let expected = scan(&docs, |w| w == word);
        let r = index
            .search(&format!("{word} "), limit)
            .expect("query runs");
        let got: BTreeSet<u32> = r.hits.iter().map(|h| h.doc).collect();
        assert_eq!(got, expected, "whole word {word:?}");
        assert_eq!(r.total, expected.len(), "count of {word:?}");
        assert!(!r.total_is_lower_bound);
    }
    for prefix in [
        "govern", "elect", "chels", "iraq", "micro", "gov", "q", "zy", "x",
    ] {
        let expected = scan(&docs, |w| w.starts_with(prefix));
        let r = index.search(prefix, limit).expect("query runs");
        assert!(!r.total_is_lower_bound, "{prefix} fully expanded");
        let got: BTreeSet<u32> = r.hits.iter().map(|h| h.doc).collect();
        assert_eq!(got, expected, "prefix {prefix:?}");
        assert_eq!(r.total, expected.len(), "count of prefix {prefix:?}");
    }
}
