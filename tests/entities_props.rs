//! Property test: arbitrary input never panics, spans are valid.

use dateline::entities::{Extractor, Part, resolve};
use proptest::prelude::*;

fn check(text: &str) {
    let ms = Extractor::new().extract(text);
    let mut last = 0;
    for m in &ms {
        assert!(m.range.start < m.range.end && m.range.end <= text.len());
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        assert!(m.range.start >= last, "sorted, non-overlapping");
        last = m.range.end;
    }
    let r = resolve(&[(text, ms)]);
    for m in r.docs[0].iter() {
        if let Some(id) = m.entity {
            assert!((id.0 as usize) < r.entities.len());
        }
    }
}

/// Title and body: every range lies in its own text, title mentions first.
fn check_article(title: &str, body: &str) {
    let ms = Extractor::new().extract_article(title, body);
    let mut last = (Part::Title, 0);
    for m in &ms {
        let text = if m.part == Part::Title { title } else { body };
        assert!(m.range.start < m.range.end && m.range.end <= text.len());
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        assert!((m.part, m.range.start) >= last, "ordered, non-overlapping");
        last = (m.part, m.range.end);
    }
    let r = resolve(&[((title, body), ms)]);
    assert!(r.docs[0].iter().all(|m| m.entity.is_some()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn arbitrary_strings(s in "\\PC{0,200}") {
        check(&s);
    }

    #[test]
    fn arbitrary_articles(t in "\\PC{0,60}", b in "\\PC{0,200}") {
        check_article(&t, &b);
    }

    #[test]
    fn name_like_strings(s in "([A-Z][a-z]{0,6}|[A-Z]{1,5}|U\\.S\\.|'s|’s|-|\\(|\\)|of|the|May|2019|[0-9]{1,4}|\\.|,|\n| ){0,40}") {
        check(&s);
    }
}
