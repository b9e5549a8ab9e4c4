//! Alias resolution across a corpus.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use dateline::entities::{EntityKind, Mention, Part, Resolution, resolve};

/// Builds mentions by finding each (surface, kind) in `text`, in order.
fn doc(text: &str, spans: &[(&str, EntityKind)]) -> Vec<Mention> {
    let mut from = 0;
    let mut out = Vec::new();
    for (s, k) in spans {
        let at = text[from..]
            .find(s)
            .map(|i| i + from)
            .expect("span in text");
        out.push(Mention {
            range: at..at + s.len(),
            kind: *k,
            part: Part::Body,
        });
        from = at + s.len();
    }
    out
}

fn entity_of(r: &Resolution, d: usize, m: usize) -> Option<&str> {
    r.docs[d][m]
        .entity
        .map(|id| r.entities[id.0 as usize].name.as_str())
}

use EntityKind::{Misc, Org, Person as Per, Place as Loc};

#[test]
fn trump_variants_are_donald_trump() {
    let a = "President Donald Trump spoke. Mr Trump left. Trump's plan failed.";
    let b = "Trump tweeted again.";
    let docs = vec![
        (
            a,
            doc(a, &[("Donald Trump", Per), ("Trump", Per), ("Trump", Per)]),
        ),
        (b, doc(b, &[("Trump", Per)])),
    ];
    let r = resolve(&docs);
    for m in 0..3 {
        assert_eq!(entity_of(&r, 0, m), Some("Donald Trump"));
    }
    assert_eq!(entity_of(&r, 1, 0), Some("Donald Trump"));
    let e = r
        .entities
        .iter()
        .find(|e| e.name == "Donald Trump")
        .expect("entity");
    assert_eq!(e.key, "PER:donald-trump");
    assert!(e.aliases.contains(&"Trump".to_string()));
}

#[test]
fn acronym_defined_in_parentheses() {
    let a = "The North American Free Trade Agreement (NAFTA) is old. NAFTA was renegotiated.";
    let b = "Critics of NAFTA spoke.";
    let docs = vec![
        (
            a,
            doc(
                a,
                &[
                    ("North American Free Trade Agreement", Misc),
                    ("NAFTA", Misc),
                    ("NAFTA", Misc),
                ],
            ),
        ),
        (b, doc(b, &[("NAFTA", Misc)])),
    ];
    let r = resolve(&docs);
    let id = r.docs[0][0].entity;
    assert!(id.is_some());
    assert_eq!(r.docs[0][1].entity, id);
    assert_eq!(r.docs[0][2].entity, id);
    assert_eq!(r.docs[1][0].entity, id);
}

#[test]
fn us_variants_are_one_entity() {
    let t = "The U.S. and the US and the USA and the United States.";
    let docs = vec![(
        t,
        doc(
            t,
            &[
                ("U.S.", Loc),
                ("US", Loc),
                ("USA", Loc),
                ("United States", Loc),
            ],
        ),
    )];
    let r = resolve(&docs);
    let ids: Vec<_> = r.docs[0].iter().map(|m| m.entity).collect();
    assert!(ids[0].is_some() && ids.iter().all(|i| *i == ids[0]));
    assert_eq!(entity_of(&r, 0, 0), Some("United States"));
}

#[test]
fn reporter_is_not_the_president() {
    let a = "Ronald Reagan signed the law. Reagan was popular.";
    let b = "Reporting by Reagan Des Vignes. Des Vignes wrote it.";
    let docs = vec![
        (a, doc(a, &[("Ronald Reagan", Per), ("Reagan", Per)])),
        (
            b,
            doc(b, &[("Reagan Des Vignes", Per), ("Des Vignes", Per)]),
        ),
    ];
    let r = resolve(&docs);
    assert_eq!(entity_of(&r, 0, 1), Some("Ronald Reagan"));
    assert_eq!(entity_of(&r, 1, 0), Some("Reagan Des Vignes"));
    assert_eq!(entity_of(&r, 1, 1), Some("Reagan Des Vignes"));
    assert_ne!(r.docs[0][1].entity, r.docs[1][0].entity);
}

#[test]
fn ambiguous_surname_is_an_entity_that_says_so() {
    let a = "John Smith met Mary Smith. Smith said nothing.";
    let b = "Alice Brown spoke.";
    let c = "Brown agreed.";
    let d = "Peter Jones left.";
    let e = "Sarah Jones arrived.";
    let f = "Mr Jones laughed.";
    let docs = vec![
        (
            a,
            doc(
                a,
                &[("John Smith", Per), ("Mary Smith", Per), ("Smith", Per)],
            ),
        ),
        (b, doc(b, &[("Alice Brown", Per)])),
        (c, doc(c, &[("Brown", Per)])),
        (d, doc(d, &[("Peter Jones", Per)])),
        (e, doc(e, &[("Sarah Jones", Per)])),
        (f, doc(f, &[("Jones", Per)])),
    ];
    let r = resolve(&docs);
    assert_eq!(
        entity_of(&r, 0, 2),
        Some("Smith (ambiguous)"),
        "two Smiths in the article"
    );
    assert_ne!(r.docs[0][2].entity, r.docs[0][0].entity);
    assert_ne!(r.docs[0][2].entity, r.docs[0][1].entity);
    assert_eq!(
        entity_of(&r, 2, 0),
        Some("Alice Brown"),
        "one Brown in the corpus"
    );
    assert_eq!(
        entity_of(&r, 5, 0),
        Some("Jones (ambiguous)"),
        "two Joneses in the corpus"
    );
    let key = |d: usize, m: usize| {
        r.docs[d][m]
            .entity
            .map(|id| r.entities[id.0 as usize].key.as_str())
    };
    assert_eq!(key(5, 0), Some("PER:jones~ambiguous"));
    assert!(
        r.docs
            .iter()
            .flat_map(|d| d.iter())
            .all(|m| m.entity.is_some())
    );
}

#[test]
fn keys_are_stable() {
    let a = "Angela Merkel visited Paris.";
    let docs = vec![(a, doc(a, &[("Angela Merkel", Per), ("Paris", Loc)]))];
    let r1 = resolve(&docs);
    let r2 = resolve(&docs);
    assert_eq!(r1.entities, r2.entities);
    let keys: Vec<&str> = r1.entities.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["LOC:paris", "PER:angela-merkel"]);
}

#[test]
fn a_bare_given_name_is_nobody_elses_surname() {
    let a = "The singer Ray Charles died. Charles was 73.";
    let b = "Charles spoke to reporters.";
    let c = "Mr Charles, the new chairman, spoke.";
    let docs = vec![
        (a, doc(a, &[("Ray Charles", Per), ("Charles", Per)])),
        (b, doc(b, &[("Charles", Per)])),
        (c, doc(c, &[("Charles", Per)])),
    ];
    let r = resolve(&docs);
    assert_eq!(entity_of(&r, 0, 1), Some("Ray Charles"), "in his article");
    assert_eq!(
        entity_of(&r, 1, 0),
        Some("Charles (ambiguous)"),
        "a first name alone may be anyone's"
    );
    assert_eq!(entity_of(&r, 2, 0), Some("Ray Charles"), "a titled surname");
}

#[test]
fn short_forms_of_parties_and_institutions() {
    let a = "The Conservative Party and the Liberal Democrats met the Federal Reserve.";
    let b = "The Tories and the Lib Dems criticised the Fed.";
    let docs = vec![
        (
            a,
            doc(
                a,
                &[
                    ("Conservative Party", Org),
                    ("Liberal Democrats", Org),
                    ("Federal Reserve", Org),
                ],
            ),
        ),
        (
            b,
            doc(b, &[("Tories", Org), ("Lib Dems", Org), ("Fed", Org)]),
        ),
    ];
    let r = resolve(&docs);
    for m in 0..3 {
        assert_eq!(r.docs[0][m].entity, r.docs[1][m].entity, "mention {m}");
    }
    assert_eq!(entity_of(&r, 1, 0), Some("Conservative Party"));
}

#[test]
fn acronyms_match_only_in_capitals() {
    let a =
        "The Public and Commercial Services Union (PCS) called a strike. PCS members walked out.";
    let b = "Sales of home PCs rose, and Love Will Tear Us Apart was played.";
    let docs = vec![
        (
            a,
            doc(
                a,
                &[("Public and Commercial Services Union", Org), ("PCS", Org)],
            ),
        ),
        (b, doc(b, &[("PCs", Org), ("Us", Loc)])),
    ];
    let r = resolve(&docs);
    assert_eq!(r.docs[0][0].entity, r.docs[0][1].entity);
    assert_ne!(r.docs[1][0].entity, r.docs[0][0].entity, "PCs is no union");
    assert_ne!(
        entity_of(&r, 1, 1),
        Some("United States"),
        "Us is no country"
    );
}

#[test]
fn never_a_person_and_an_organisation_in_one_entity() {
    let a = "Tony Blair spoke. Blair left.";
    let b = "The band Blair played.";
    let docs = vec![
        (a, doc(a, &[("Tony Blair", Per), ("Blair", Per)])),
        (b, doc(b, &[("Blair", Org)])),
    ];
    let r = resolve(&docs);
    assert_ne!(r.docs[0][1].entity, r.docs[1][0].entity);
    for e in &r.entities {
        let kinds: std::collections::BTreeSet<_> = r
            .docs
            .iter()
            .flat_map(|d| d.iter())
            .filter(|m| {
                m.entity
                    .is_some_and(|id| r.entities[id.0 as usize].key == e.key)
            })
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds.len(), 1, "{}", e.key);
    }
}

#[test]
fn the_queen_is_no_one_s_surname() {
    let a = "Mary Queen of Scots was executed.";
    let b = "The Queen opened parliament.";
    let docs = vec![
        (a, doc(a, &[("Mary Queen", Per)])),
        (b, doc(b, &[("Queen", Per)])),
    ];
    let r = resolve(&docs);
    assert_ne!(r.docs[0][0].entity, r.docs[1][0].entity);
}
