//! Entity corrections on a real resolution (the seeds, extracted and
//! resolved): each operation, undo/redo, and the JSON Lines round trip.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::OnceLock;

use dateline::corrections::{Entry, Log, MentionAt, Rule, apply, saved};
use dateline::entities::{EntityKind, Extractor, Part, Resolution, resolve};
use proptest::prelude::*;

struct Corpus {
    texts: Vec<(String, String)>,
    ids: Vec<u64>,
    raw: Resolution,
}

impl Corpus {
    fn docs(&self) -> Vec<(&str, &str)> {
        self.texts
            .iter()
            .map(|(t, b)| (t.as_str(), b.as_str()))
            .collect()
    }

    fn apply(&self, rules: &[Rule]) -> dateline::corrections::Applied {
        apply(&self.raw, &self.docs(), &self.ids, rules)
    }

    fn surface(&self, d: usize, m: usize) -> &str {
        let mm = &self.raw.docs[d][m];
        let (t, b) = &self.texts[d];
        let text = if mm.part == Part::Title { t } else { b };
        &text[mm.range.clone()]
    }
}

fn seeds() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let ex = Extractor::new();
        let mut texts = Vec::new();
        for p in &paths {
            let text = std::fs::read_to_string(p).unwrap();
            let (title, body) = text.split_once('\n').unwrap_or(("", &text));
            texts.push((title.to_string(), body.to_string()));
        }
        // A fourth article repeats the first, as a copy in another folder would.
        texts.push(texts[0].clone());
        let docs: Vec<_> = texts
            .iter()
            .map(|(t, b)| {
                let ms = ex.extract_article(t, b);
                ((t.as_str(), b.as_str()), ms)
            })
            .collect();
        let raw = resolve(&docs);
        let ids = vec![11, 22, 33, 11];
        Corpus { texts, ids, raw }
    })
}

/// Headless-like listing: every entity with its kind and mention count,
/// and every mention with its entity's key.
fn listing(r: &Resolution) -> Vec<String> {
    let mut counts = vec![0usize; r.entities.len()];
    let mut out = Vec::new();
    for (d, doc) in r.docs.iter().enumerate() {
        for m in doc.iter() {
            let e = m.entity.expect("every mention has an entity");
            counts[e.0 as usize] += 1;
            out.push(format!(
                "{d} {:?} {:?} {:?} {}",
                m.part, m.range, m.kind, r.entities[e.0 as usize].key
            ));
        }
    }
    for (e, c) in r.entities.iter().zip(counts) {
        out.push(format!(
            "{} {} {} {:?} {c}",
            e.key,
            e.name,
            e.kind.label(),
            e.aliases
        ));
    }
    out
}

fn count(r: &Resolution, key: &str) -> usize {
    let Some(i) = r.entities.iter().position(|e| e.key == key) else {
        return 0;
    };
    r.docs
        .iter()
        .flat_map(|d| d.iter())
        .filter(|m| m.entity.map(|e| e.0 as usize) == Some(i))
        .count()
}

fn entity_named<'a>(r: &'a Resolution, name: &str) -> Option<&'a dateline::entities::Entity> {
    r.entities.iter().find(|e| e.name == name)
}

/// Two entities with at least one mention, the most mentioned first.
fn two_entities(c: &Corpus) -> (String, String) {
    let mut by_count: Vec<(usize, &str)> = c
        .raw
        .entities
        .iter()
        .map(|e| (count(&c.raw, &e.key), e.key.as_str()))
        .filter(|(n, _)| *n > 0)
        .collect();
    by_count.sort_by(|a, b| b.cmp(a));
    (by_count[0].1.to_string(), by_count[1].1.to_string())
}

#[test]
fn no_rules_give_the_resolution_unchanged() {
    let c = seeds();
    let a = c.apply(&[]);
    assert_eq!(listing(&a.resolution), listing(&c.raw));
    assert_eq!(a.resolution.entities, c.raw.entities);
    assert_eq!(a.resolution.docs, c.raw.docs);
}

#[test]
fn rename_and_retype_change_the_entity_and_its_mentions() {
    let c = seeds();
    let (a, _) = two_entities(c);
    let n = count(&c.raw, &a);
    let old = c.raw.entities.iter().find(|e| e.key == a).unwrap().clone();
    let out = c.apply(&[
        Rule::Rename {
            entity: a.clone(),
            name: "Someone Else".into(),
        },
        Rule::Retype {
            entity: a.clone(),
            kind: EntityKind::Misc,
        },
    ]);
    assert_eq!(out.touched, vec![n, n]);
    let e = entity_named(&out.resolution, "Someone Else").unwrap();
    assert_eq!(e.key, a);
    assert_eq!(e.kind, EntityKind::Misc);
    assert!(e.aliases.contains(&old.name), "the old name stays an alias");
    let i = out
        .resolution
        .entities
        .iter()
        .position(|x| x.key == a)
        .unwrap();
    let kinds: Vec<EntityKind> = out
        .resolution
        .docs
        .iter()
        .flat_map(|d| d.iter())
        .filter(|m| m.entity.map(|x| x.0 as usize) == Some(i))
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds.len(), n);
    assert!(kinds.iter().all(|k| *k == EntityKind::Misc));
}

#[test]
fn merge_moves_every_mention_and_the_names() {
    let c = seeds();
    let (a, b) = two_entities(c);
    let (na, nb) = (count(&c.raw, &a), count(&c.raw, &b));
    let a_name = c
        .raw
        .entities
        .iter()
        .find(|e| e.key == a)
        .unwrap()
        .name
        .clone();
    let out = c.apply(&[Rule::Merge {
        entity: a.clone(),
        into: b.clone(),
    }]);
    assert_eq!(out.touched, vec![na]);
    assert_eq!(count(&out.resolution, &a), 0);
    assert!(out.resolution.entities.iter().all(|e| e.key != a));
    assert_eq!(count(&out.resolution, &b), na + nb);
    let t = out.resolution.entities.iter().find(|e| e.key == b).unwrap();
    assert!(t.aliases.contains(&a_name));
    // A later rule naming the merged entity means the target.
    let out = c.apply(&[
        Rule::Merge {
            entity: a.clone(),
            into: b.clone(),
        },
        Rule::Rename {
            entity: a,
            name: "Both".into(),
        },
    ]);
    assert_eq!(entity_named(&out.resolution, "Both").unwrap().key, b);
}

#[test]
fn split_a_form_an_article_and_a_mention() {
    let c = seeds();
    // An entity with two different surface forms.
    let (e, form) = c
        .raw
        .entities
        .iter()
        .enumerate()
        .find_map(|(i, e)| {
            let forms: std::collections::BTreeSet<&str> = (0..c.raw.docs.len())
                .flat_map(|d| (0..c.raw.docs[d].len()).map(move |m| (d, m)))
                .filter(|&(d, m)| c.raw.docs[d][m].entity.map(|x| x.0 as usize) == Some(i))
                .map(|(d, m)| c.surface(d, m))
                .collect();
            (forms.len() >= 2).then(|| (e.key.clone(), forms.last().unwrap().to_string()))
        })
        .expect("an entity with two forms in the seeds");
    let before = count(&c.raw, &e);
    let out = c.apply(&[Rule::SplitForm {
        entity: e.clone(),
        form: form.clone(),
    }]);
    let moved = out.touched[0];
    assert!(moved > 0 && moved < before);
    assert_eq!(count(&out.resolution, &e), before - moved);
    let new = out
        .resolution
        .entities
        .iter()
        .find(|x| x.key.starts_with(&format!("{e}~")))
        .unwrap();
    assert_eq!(new.name, form);
    assert_eq!(count(&out.resolution, &new.key), moved);

    // One article's mentions: article 11 is there twice (docs 0 and 3).
    let (a, _) = two_entities(c);
    let in_11 = [0usize, 3]
        .iter()
        .flat_map(|&d| c.raw.docs[d].iter())
        .filter(|m| m.entity.map(|x| &c.raw.entities[x.0 as usize].key) == Some(&a))
        .count();
    let out = c.apply(&[Rule::SplitArticle {
        entity: a.clone(),
        article: 11,
    }]);
    assert_eq!(out.touched, vec![in_11]);
    assert_eq!(count(&out.resolution, &a), count(&c.raw, &a) - in_11);

    // One mention.
    let m = &c.raw.docs[1][0];
    let key = c.raw.entities[m.entity.unwrap().0 as usize].key.clone();
    let at = MentionAt {
        article: 22,
        part: m.part,
        start: m.range.start,
        end: m.range.end,
    };
    let out = c.apply(&[Rule::SplitMention {
        mention: at.clone(),
    }]);
    assert_eq!(out.touched, vec![1]);
    assert_eq!(count(&out.resolution, &key), count(&c.raw, &key) - 1);
    let moved = &out.resolution.docs[1][0];
    assert_eq!(moved.range, m.range);
    assert!(
        out.resolution.entities[moved.entity.unwrap().0 as usize]
            .key
            .starts_with(&format!("{key}~"))
    );
    // A mention in text that changed (another hash) matches nothing.
    let out = c.apply(&[Rule::SplitMention {
        mention: MentionAt { article: 99, ..at },
    }]);
    assert_eq!(out.touched, vec![0]);
}

#[test]
fn hide_a_form_everywhere_or_one_mention() {
    let c = seeds();
    let form = c.surface(0, 0).to_string();
    let everywhere = (0..c.raw.docs.len())
        .flat_map(|d| (0..c.raw.docs[d].len()).map(move |m| (d, m)))
        .filter(|&(d, m)| c.surface(d, m) == form)
        .count();
    let total: usize = c.raw.docs.iter().map(|d| d.len()).sum();
    let out = c.apply(&[Rule::HideForm { form: form.clone() }]);
    assert_eq!(out.touched, vec![everywhere]);
    let after: usize = out.resolution.docs.iter().map(|d| d.len()).sum();
    assert_eq!(after, total - everywhere);
    let m = &c.raw.docs[2][1];
    let out = c.apply(&[Rule::HideMention {
        mention: MentionAt {
            article: 33,
            part: m.part,
            start: m.range.start,
            end: m.range.end,
        },
    }]);
    assert_eq!(out.touched, vec![1]);
    assert_eq!(out.resolution.docs[2].len(), c.raw.docs[2].len() - 1);
    assert!(
        !out.resolution.docs[2]
            .iter()
            .any(|x| x.range == m.range && x.part == m.part)
    );
}

#[test]
fn add_a_missed_form_as_an_entity_or_an_alias() {
    let c = seeds();
    // A capitalised word of the first body that is no mention.
    let body = &c.texts[0].1;
    let word = body
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.len() > 3 && w.chars().next().is_some_and(char::is_lowercase))
        .find(|w| {
            !c.raw.docs[0]
                .iter()
                .any(|m| m.part == Part::Body && body[m.range.clone()].contains(w))
        })
        .unwrap()
        .to_string();
    let whole_words = |text: &str| {
        text.match_indices(word.as_str())
            .filter(|(i, _)| {
                let before = text[..*i].chars().next_back();
                let after = text[i + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .count()
    };
    let expected: usize = c
        .texts
        .iter()
        .map(|(t, b)| whole_words(t) + whole_words(b))
        .sum();
    let out = c.apply(&[Rule::AddForm {
        form: word.clone(),
        kind: EntityKind::Org,
    }]);
    assert!(expected > 0);
    assert_eq!(out.touched, vec![expected]);
    let e = entity_named(&out.resolution, &word).unwrap();
    assert_eq!(e.kind, EntityKind::Org);
    assert_eq!(count(&out.resolution, &e.key), expected);
    // Lists stay in reading order.
    for doc in out.resolution.docs.iter().map(|d| d.as_slice()) {
        assert!(
            doc.windows(2)
                .all(|w| (w[0].part, w[0].range.start) <= (w[1].part, w[1].range.start))
        );
    }
    let (a, _) = two_entities(c);
    let out = c.apply(&[Rule::AddAlias {
        form: word.clone(),
        entity: a.clone(),
    }]);
    assert_eq!(out.touched, vec![expected]);
    assert_eq!(count(&out.resolution, &a), count(&c.raw, &a) + expected);
    let t = out.resolution.entities.iter().find(|e| e.key == a).unwrap();
    assert!(t.aliases.contains(&word));
}

#[test]
fn rules_that_match_nothing_say_so() {
    let c = seeds();
    let out = c.apply(&[
        Rule::Rename {
            entity: "PER:nobody-here".into(),
            name: "X".into(),
        },
        Rule::HideForm {
            form: "Zzyzx Qwerty".into(),
        },
        Rule::AddForm {
            form: "Zzyzx Qwerty".into(),
            kind: EntityKind::Person,
        },
    ]);
    assert_eq!(out.touched, vec![0, 0, 0]);
    assert_eq!(listing(&out.resolution), listing(&c.raw));
}

/// A rule built from the corpus: entity keys, forms, mentions and
/// articles that are there (and a few that are not).
fn rule_strategy() -> impl Strategy<Value = Rule> {
    let c = seeds();
    let keys: Vec<String> = c
        .raw
        .entities
        .iter()
        .map(|e| e.key.clone())
        .chain(["PER:nobody".to_string()])
        .collect();
    let mut places = Vec::new();
    for (d, doc) in c.raw.docs.iter().enumerate() {
        for (m, mm) in doc.iter().enumerate() {
            places.push((d, m, mm.part, mm.range.clone()));
        }
    }
    let forms: Vec<String> = places
        .iter()
        .map(|(d, m, ..)| c.surface(*d, *m).to_string())
        .chain(["the".to_string(), "minister".to_string()])
        .collect();
    let ids = c.ids.clone();
    let kinds = EntityKind::ALL.to_vec();
    let k = keys.len();
    let f = forms.len();
    let p = places.len();
    (0..10u8, 0..k, 0..k, 0..f, 0..p, 0..5usize, 0..ids.len()).prop_map(
        move |(op, a, b, fo, pl, kd, id)| {
            let (d, _, part, range) = places[pl].clone();
            let mention = MentionAt {
                article: ids[d],
                part,
                start: range.start,
                end: range.end,
            };
            match op {
                0 => Rule::Rename {
                    entity: keys[a].clone(),
                    name: format!("Name {b}"),
                },
                1 => Rule::Retype {
                    entity: keys[a].clone(),
                    kind: kinds[kd],
                },
                2 => Rule::Merge {
                    entity: keys[a].clone(),
                    into: keys[b].clone(),
                },
                3 => Rule::SplitForm {
                    entity: keys[a].clone(),
                    form: forms[fo].clone(),
                },
                4 => Rule::SplitArticle {
                    entity: keys[a].clone(),
                    article: ids[id],
                },
                5 => Rule::SplitMention { mention },
                6 => Rule::HideForm {
                    form: forms[fo].clone(),
                },
                7 => Rule::HideMention { mention },
                8 => Rule::AddForm {
                    form: forms[fo].clone(),
                    kind: kinds[kd],
                },
                _ => Rule::AddAlias {
                    form: forms[fo].clone(),
                    entity: keys[a].clone(),
                },
            }
        },
    )
}

/// What must hold of any corrected resolution.
fn well_formed(r: &Resolution) {
    for doc in r.docs.iter().map(|d| d.as_slice()) {
        assert!(
            doc.windows(2)
                .all(|w| (w[0].part, w[0].range.start) <= (w[1].part, w[1].range.start))
        );
        for m in doc {
            let e = m.entity.expect("an entity");
            assert!((e.0 as usize) < r.entities.len());
        }
    }
    assert!(
        r.entities.windows(2).all(|w| w[0].key < w[1].key),
        "sorted, unique keys"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any corrections, then as many undos, give back the original
    /// entities exactly; redoing them all gives the corrected ones again;
    /// exporting and importing the rules gives the same listing.
    #[test]
    fn undo_restores_and_export_import_reproduces(rules in proptest::collection::vec(rule_strategy(), 1..12)) {
        let c = seeds();
        let mut log = Log::default();
        let mut states = vec![listing(&c.raw)];
        for (n, r) in rules.iter().enumerate() {
            log.push(Entry { id: n as i64 + 1, at: 0, rule: r.clone() });
            let out = c.apply(&log.rules());
            well_formed(&out.resolution);
            states.push(listing(&out.resolution));
        }
        let corrected = states.last().unwrap().clone();
        for n in (0..rules.len()).rev() {
            prop_assert!(log.undo().is_some());
            let out = c.apply(&log.rules());
            prop_assert_eq!(&listing(&out.resolution), &states[n]);
        }
        prop_assert!(log.undo().is_none());
        let back = c.apply(&log.rules());
        prop_assert_eq!(&back.resolution.entities, &c.raw.entities);
        prop_assert_eq!(&back.resolution.docs, &c.raw.docs);
        while log.redo().is_some() {}
        prop_assert_eq!(&listing(&c.apply(&log.rules()).resolution), &corrected);
        let text = saved::export(&log);
        let (read, bad) = saved::parse(&text);
        prop_assert!(bad.is_empty());
        prop_assert_eq!(&read, &rules);
        prop_assert_eq!(&listing(&c.apply(&read).resolution), &corrected);
    }
}

/// A step of a session: a new correction, an undo, a redo, or removing
/// the correction at some place of the log.
#[derive(Debug, Clone)]
enum Step {
    Make(Rule),
    Undo,
    Redo,
    Remove(usize),
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => rule_strategy().prop_map(Step::Make),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
        1 => (0..16usize).prop_map(Step::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The kept, incremental application (each step undoes or applies only
    /// the rules that changed) gives at every step exactly what applying
    /// all the active rules from scratch gives, touched counts included.
    #[test]
    fn incremental_application_equals_a_full_one(steps in proptest::collection::vec(step_strategy(), 1..24)) {
        let c = seeds();
        let steps_len = steps.len();
        let docs = c.docs();
        let mut base = dateline::corrections::Base {
            raw: std::sync::Arc::new(c.raw.clone()),
            ids: std::sync::Arc::new(c.ids.clone()),
            ..Default::default()
        };
        let mut next = 1;
        // What an app would show, with its postings, carried from step to
        // step through the changes the kept state reports.
        let mut shown = c.raw.clone();
        let mut posts = dateline::facts::postings(&shown);
        let mut carried = 0;
        for step in steps {
            match step {
                Step::Make(rule) => {
                    base.log.push(Entry { id: next, at: 0, rule });
                    next += 1;
                }
                Step::Undo => {
                    base.log.undo();
                }
                Step::Redo => {
                    base.log.redo();
                }
                Step::Remove(i) => {
                    let ids: Vec<i64> = base.log.done().iter().map(|e| e.id).collect();
                    if let Some(&id) = ids.get(i % ids.len().max(1)) {
                        base.log.remove(id);
                    }
                }
            }
            let kept = base.update(&docs);
            let full = c.apply(&base.log.rules());
            well_formed(&kept.resolution);
            posts = match kept.changes.as_ref().filter(|ch| ch.are_from(&shown)) {
                Some(ch) => {
                    carried += 1;
                    dateline::facts::update_postings_with(posts, &shown, &kept.resolution, &ch.docs, &ch.numbers)
                }
                None => dateline::facts::update_postings(posts, &shown, &kept.resolution),
            };
            prop_assert_eq!(&posts, &dateline::facts::postings(&kept.resolution));
            shown = kept.resolution.clone();
            prop_assert_eq!(&kept.resolution.entities, &full.resolution.entities);
            prop_assert_eq!(&kept.resolution.docs, &full.resolution.docs);
            prop_assert_eq!(&kept.touched, &full.touched);
        }
        // After the first step the changes always come from what is shown.
        prop_assert!(carried + 1 >= steps_len);
        // Everything undone: the extractor's resolution, exactly.
        while base.log.undo().is_some() {}
        let back = base.update(&docs);
        prop_assert_eq!(&back.resolution.entities, &c.raw.entities);
        prop_assert_eq!(&back.resolution.docs, &c.raw.docs);
    }
}
