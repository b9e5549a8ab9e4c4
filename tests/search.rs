//! Behaviour of the query language on a small hand-made collection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::search::{DocInput, EntityField, SearchIndex, SearchResults};

struct Doc {
    title: &'static str,
    body: &'static str,
    entities: Vec<(&'static str, &'static str, Vec<&'static str>)>,
}

fn docs() -> Vec<Doc> {
    let d = |title, body| Doc {
        title,
        body,
        entities: Vec::new(),
    };
    vec![
        // 0
        Doc {
            title: "Trump visits Honduras",
            body: "Mr Trump met the president in Tegucigalpa on Monday.",
            entities: vec![
                ("PER", "Donald Trump", vec!["Mr Trump", "Trump"]),
                ("LOC", "Honduras", vec![]),
            ],
        },
        // 1
        Doc {
            title: "Honduras election",
            body: "Voters in Honduras chose a new president. Trump Tower was not mentioned.",
            entities: vec![
                ("LOC", "Honduras", vec![]),
                ("ORG", "Trump Organization", vec!["Trump Tower"]),
            ],
        },
        // 2
        d(
            "Prime minister speaks",
            "The prime minister said the government would govern well.",
        ),
        // 3
        d(
            "Minister of state",
            "A minister who was once prime candidate spoke about the government.",
        ),
        // 4
        d(
            "Football results",
            "Chelsea won again. The government was not involved in football.",
        ),
        // 5
        d("José in México", "José Pérez travelled to Mexico City."),
        // 6
        d(
            "Weather",
            "A storm hit the coast. Governors of three states asked for help. Government aid, government loans, government everything.",
        ),
        // 7
        d("Markets", "Shares fell as the economy slowed."),
    ]
}

fn index(docs: &[Doc]) -> SearchIndex {
    let inputs = docs.iter().map(|d| DocInput {
        title: d.title,
        body: d.body,
        date: Some("2005-01-02"),
        entities: d
            .entities
            .iter()
            .map(|(kind, name, aliases)| EntityField {
                kind,
                name,
                aliases: aliases.clone(),
                mentions: 1,
            })
            .collect(),
    });
    SearchIndex::build(inputs, |_| {}).expect("index builds")
}

fn ids(r: &SearchResults) -> Vec<u32> {
    let mut v: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    v.sort_unstable();
    v
}

fn search(ix: &SearchIndex, q: &str) -> SearchResults {
    ix.search(q, 100)
        .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"))
}

#[test]
fn words_are_anded_and_ranked() {
    let ix = index(&docs());
    let r = search(&ix, "government football ");
    assert_eq!(ids(&r), vec![4]);
    assert_eq!(r.total, 1);
    assert!(!r.fuzzy);
}

#[test]
fn phrase() {
    let ix = index(&docs());
    let r = search(&ix, "\"prime minister\"");
    assert_eq!(ids(&r), vec![2], "only adjacent words match");
    let loose = search(&ix, "prime minister ");
    assert_eq!(ids(&loose), vec![2, 3]);
    let body = docs()[2].body;
    let ranges = r.hit_ranges(body);
    assert_eq!(
        ranges.iter().map(|x| &body[x.clone()]).collect::<Vec<_>>(),
        vec!["prime minister"]
    );
}

#[test]
fn last_word_is_a_ranked_prefix() {
    let ix = index(&docs());
    let r = search(&ix, "govern");
    // government (2, 3, 4, 6), govern (2), governors (6)
    assert_eq!(ids(&r), vec![2, 3, 4, 6]);
    // Completions are scored by BM25, not constant-scored: doc 6 (government
    // three times, governors once) ranks above doc 4 (government once).
    let rank = |d: u32| r.hits.iter().position(|h| h.doc == d);
    assert!(rank(6) < rank(4), "{:?}", r.hits);
    assert!(r.hits[0].score > r.hits[r.hits.len() - 1].score);
    // Earlier words are whole words: "govern" followed by more is exact.
    let exact = search(&ix, "govern well");
    assert_eq!(ids(&exact), vec![2]);
    let body = docs()[6].body;
    let words: Vec<&str> = r
        .hit_ranges(body)
        .iter()
        .map(|x| &body[x.clone()])
        .collect();
    assert_eq!(
        words,
        vec!["Governors", "Government", "government", "government"]
    );
}

#[test]
fn exclusion() {
    let ix = index(&docs());
    let r = search(&ix, "government -football");
    assert_eq!(ids(&r), vec![2, 3, 6]);
    let r = search(&ix, "-football government");
    assert_eq!(ids(&r), vec![2, 3, 6]);
}

#[test]
fn or() {
    let ix = index(&docs());
    let r = search(&ix, "chelsea OR economy");
    assert_eq!(ids(&r), vec![4, 7]);
    // OR binds tighter than the implicit AND.
    let r = search(&ix, "government chelsea OR storm");
    assert_eq!(ids(&r), vec![4, 6]);
    // Lowercase "or" is a word.
    assert_eq!(search(&ix, "chelsea or economy").total, 0);
}

#[test]
fn title_field() {
    let ix = index(&docs());
    let r = search(&ix, "minister ");
    assert_eq!(ids(&r), vec![2, 3]);
    let r = search(&ix, "title:state");
    assert_eq!(ids(&r), vec![3]);
    let r = search(&ix, "title:government");
    assert!(r.hits.is_empty());
}

#[test]
fn entity_filters() {
    let ix = index(&docs());
    let r = search(&ix, "person:trump place:honduras");
    assert_eq!(
        ids(&r),
        vec![0],
        "Trump Tower is an organisation, not a person"
    );
    let r = search(&ix, "org:trump");
    assert_eq!(ids(&r), vec![1]);
    let r = search(&ix, "place:honduras");
    assert_eq!(ids(&r), vec![0, 1]);
    // "Donald" appears only as the entity's canonical name.
    let r = search(&ix, "donald");
    assert_eq!(ids(&r), vec![0]);
    let r = search(&ix, "person:\"donald trump\"");
    assert_eq!(ids(&r), vec![0]);
    // Typed while it is being written: a prefix.
    let r = search(&ix, "person:don");
    assert_eq!(ids(&r), vec![0]);
}

#[test]
fn typo_fallback() {
    let ix = index(&docs());
    let r = search(&ix, "goverment ");
    assert!(r.fuzzy, "near spellings were used");
    assert_eq!(ids(&r), vec![2, 3, 4, 6]);
    // Exact words never go fuzzy.
    assert!(!search(&ix, "government ").fuzzy);
    // Short words are not corrected.
    let r = search(&ix, "chelsa ");
    assert!(r.fuzzy);
    assert_eq!(ids(&r), vec![4]);
    let r = search(&ix, "stom ");
    assert!(r.hits.is_empty() && !r.fuzzy);
    // A mistyped prefix.
    let r = search(&ix, "chelz");
    assert!(r.fuzzy);
    assert_eq!(ids(&r), vec![4]);
}

#[test]
fn case_and_accents() {
    let ix = index(&docs());
    for q in [
        "mexico", "MEXICO", "México", "jose", "José", "JOSE", "perez",
    ] {
        assert_eq!(ids(&search(&ix, q)), vec![5], "{q}");
    }
    let body = docs()[5].body;
    let r = search(&ix, "jose mexico ");
    let words: Vec<&str> = r
        .hit_ranges(body)
        .iter()
        .map(|x| &body[x.clone()])
        .collect();
    assert_eq!(words, vec!["José", "Mexico"]);
}

#[test]
fn parse_errors_say_what_is_wrong() {
    let ix = index(&docs());
    for q in [
        "-",
        "government -",
        "person:",
        "place: honduras",
        "OR government",
        "government OR",
        "a OR OR b",
        "-government",
        "\"\"",
    ] {
        match ix.search(q, 10) {
            Err(e) => assert!(!e.message.is_empty(), "{q}"),
            Ok(_) => panic!("{q:?} should not parse"),
        }
    }
    // Sensible readings rather than errors.
    let r = search(&ix, "\"prime mini");
    assert_eq!(
        ids(&r),
        vec![2],
        "an unclosed quote is a phrase being typed"
    );
    // Up to three letters, the last word of an open phrase is only required
    // somewhere in the article.
    let r = search(&ix, "\"prime min");
    assert_eq!(ids(&r), vec![2, 3]);
    assert!(search(&ix, "").hits.is_empty());
    assert!(search(&ix, "   ").hits.is_empty());
    assert!(search(&ix, "!!! ???").hits.is_empty());
    assert!(search(&ix, "\"").hits.is_empty());
    // Unknown field names are words.
    assert_eq!(ids(&search(&ix, "weather:storm")), Vec::<u32>::new());
    // Odd input never panics.
    for q in [
        "\"\"\"", "-\"", "title:\"", "\u{0}", "é:", ":", "::", "-:", "a\"b\"c", "OR", "-OR",
    ] {
        let _ = ix.search(q, 10);
    }
}

#[test]
fn snippets_mark_hits() {
    let ix = index(&docs());
    let r = search(&ix, "storm");
    let d = &docs()[6];
    let s = ix.snippet(&r, 6, d.body, d.title, 30);
    assert!(s.text.chars().count() <= 30, "{:?}", s.text);
    assert_eq!(&s.text[s.highlights[0].clone()], "storm");
}

#[test]
fn index_can_be_built_on_a_thread_and_shared() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SearchIndex>();
    send_sync::<SearchResults>();
    let docs = docs();
    let owned: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.title.to_string(), d.body.to_string()))
        .collect();
    let ix = std::thread::spawn(move || {
        SearchIndex::build(owned.iter().map(|(t, b)| DocInput::text(t, b)), |_| {})
    })
    .join()
    .expect("thread")
    .expect("index");
    assert_eq!(ix.len(), docs.len());
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn ix() -> &'static SearchIndex {
        static IX: OnceLock<SearchIndex> = OnceLock::new();
        IX.get_or_init(|| index(&docs()))
    }

    proptest! {
        #[test]
        fn on_any_query(q in "[a-zé \":()ORtitle-]{0,24}|\\PC{0,24}") {
            if let Ok(r) = ix().search(&q, 10) {
                for d in docs() {
                    let s = r.snippet(d.body, 40);
                    prop_assert!(s.text.chars().count() <= 40);
                    for h in &s.highlights {
                        prop_assert!(s.text.get(h.clone()).is_some());
                    }
                    for h in r.hit_ranges(d.body) {
                        prop_assert!(d.body.get(h).is_some());
                    }
                }
            }
        }

        #[test]
        fn on_any_text(text in "\\PC{0,200}", max in 0usize..60) {
            let r = ix().search("the govern", 10).expect("query");
            let s = r.snippet(&text, max);
            prop_assert!(s.text.chars().count() <= max);
            for h in r.hit_ranges(&text) {
                prop_assert!(text.get(h).is_some());
            }
        }
    }
}

#[test]
fn short_prefix_top_hits_are_the_best_of_all_hits() {
    // Many articles with different counts of words starting with "g" and
    // different lengths, so top-k pruning has something to skip.
    let texts: Vec<(String, String)> = (0..300)
        .map(|i| {
            let gs = "green ".repeat(i % 9);
            let filler = "word ".repeat((i * 7) % 40);
            (format!("Article {i}"), format!("{gs}{filler} end"))
        })
        .collect();
    let ix = SearchIndex::build(texts.iter().map(|(t, b)| DocInput::text(t, b)), |_| {}).unwrap();
    let all = ix.search("g", 1000).unwrap();
    let top = ix.search("g", 10).unwrap();
    assert_eq!(all.total, top.total);
    let best: Vec<f32> = all.hits.iter().take(10).map(|h| h.score).collect();
    let got: Vec<f32> = top.hits.iter().map(|h| h.score).collect();
    assert_eq!(got, best);
    // Hits come best first.
    assert!(all.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn an_entity_filter_ranks_the_articles_about_it_first() {
    let place = |mentions| EntityField {
        kind: "LOC",
        name: "Iraq",
        aliases: vec![],
        mentions,
    };
    let other = |name| EntityField {
        kind: "LOC",
        name,
        aliases: vec![],
        mentions: 1,
    };
    // Same length of entity lists; the second article is about Iraq.
    let docs = [
        DocInput {
            entities: vec![place(1), other("Paris"), other("Rome")],
            ..DocInput::text("Art fair opens", "Painters from Paris, Rome and Iraq.")
        },
        DocInput {
            entities: vec![place(6), other("Baghdad"), other("Basra")],
            ..DocInput::text(
                "Voters go to the polls",
                "Iraq votes. Iraq counts. In Iraq ...",
            )
        },
    ];
    let ix = SearchIndex::build(docs, |_| {}).unwrap();
    let r = ix.search("place:iraq", 10).unwrap();
    let order: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    assert_eq!(order, vec![1, 0]);
    assert!(r.hits[0].score > r.hits[1].score);
}

/// `matching` gives every matching article in store order: the articles of
/// all the ranked hits, whatever the query form.
#[test]
fn matching_lists_every_match_in_store_order() {
    let ix = index(&docs());
    for q in [
        "government",
        "gov",
        "g",
        "\"prime minister\"",
        "minister -prime",
        "mexico OR honduras",
        "title:honduras",
        "person:trump",
        "date:2005",
        "date:2006",
        "goverment",
        "government date:2005-01",
    ] {
        let all = ids(&search(&ix, q));
        assert_eq!(ix.matching(q).unwrap(), all, "{q}");
    }
    assert!(ix.matching("").unwrap().is_empty());
    assert!(ix.matching("date:2005-13").is_err(), "errors as search");
}
