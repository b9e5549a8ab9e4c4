//! Headlines are analysed with their article: title mentions say so, point
//! into the title, and resolve with the body's names.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use dateline::entities::{EntityKind, Extractor, Part, body_mentions, resolve};

fn found(title: &str, body: &str) -> Vec<(Part, String, EntityKind)> {
    Extractor::new()
        .extract_article(title, body)
        .into_iter()
        .map(|m| {
            let text = if m.part == Part::Title { title } else { body };
            (m.part, text[m.range].to_string(), m.kind)
        })
        .collect()
}

#[test]
fn a_headline_surname_is_the_person_named_in_the_body() {
    let title = "Merkel warns of slower growth";
    let body = "Chancellor Angela Merkel said on Monday that growth would slow. \
                Merkel spoke in Berlin.";
    let ms = Extractor::new().extract_article(title, body);
    let got = found(title, body);
    assert!(
        got.contains(&(Part::Title, "Merkel".into(), EntityKind::Person)),
        "{got:?}"
    );
    assert!(got.contains(&(Part::Body, "Angela Merkel".into(), EntityKind::Person)));
    // title mentions first, then the body's, each in order
    let parts: Vec<Part> = ms.iter().map(|m| m.part).collect();
    assert!(parts.windows(2).all(|w| w[0] <= w[1]), "{parts:?}");
    let r = resolve(&[((title, body), ms)]);
    let doc = &r.docs[0];
    let title_merkel = doc.iter().find(|m| m.part == Part::Title).unwrap();
    let body_merkel = body_mentions(doc)
        .iter()
        .find(|m| &body[m.range.clone()] == "Angela Merkel")
        .unwrap();
    assert_eq!(title_merkel.entity, body_merkel.entity);
    assert!(body_mentions(doc).iter().all(|m| m.part == Part::Body));
}

#[test]
fn title_ranges_point_into_the_title_and_body_ranges_into_the_body() {
    let title = "Floods hit Austria as the Danube rises";
    let body = "Heavy rain in Austria has flooded parts of Vienna and Salzburg.";
    for m in Extractor::new().extract_article(title, body) {
        let text = if m.part == Part::Title { title } else { body };
        assert!(m.range.end <= text.len());
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
    }
    let got = found(title, body);
    assert!(got.contains(&(Part::Title, "Austria".into(), EntityKind::Place)));
    assert!(got.contains(&(Part::Body, "Austria".into(), EntityKind::Place)));
}

#[test]
fn a_title_made_from_the_first_sentence_adds_no_mentions() {
    let body = "Officials in Lagos said the new bridge would open next year.";
    let title = "Officials in Lagos said the new bridge would open\u{2026}";
    let ms = Extractor::new().extract_article(title, body);
    assert!(ms.iter().all(|m| m.part == Part::Body), "{ms:?}");
    assert_eq!(ms, Extractor::new().extract(body));
}

#[test]
fn mentions_of_donald_trump_start_in_the_first_seed_headline() {
    let out = common::dateline()
        .args(["mentions", "Donald Trump", "--format", "jsonl"])
        .output()
        .expect("run dateline");
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(rows.len(), 14);
    assert_eq!(rows[0]["path"], "seeds/000_a2d3dfb82967ed31.txt");
    assert_eq!(rows[0]["start"], 0);
    assert_eq!(rows[0]["text"], "Trump");
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], r["text"].as_str().unwrap().as_bytes());
    }
}

#[test]
fn a_headline_short_form_of_a_hyphenated_surname_is_the_person() {
    let title = "Kilroy launches new party";
    let body = "Robert Kilroy-Silk has launched a party. Mr Kilroy-Silk said it would stand.";
    let ms = Extractor::new().extract_article(title, body);
    let r = resolve(&[((title, body), ms)]);
    let doc = &r.docs[0];
    let t = doc
        .iter()
        .find(|m| m.part == Part::Title)
        .expect("a title mention");
    assert_eq!(&title[t.range.clone()], "Kilroy");
    let b = body_mentions(doc)
        .iter()
        .find(|m| &body[m.range.clone()] == "Robert Kilroy-Silk")
        .expect("the full name");
    assert_eq!(t.entity, b.entity);
}
