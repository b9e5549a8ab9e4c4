//! Entity corrections in the app, without a terminal: the x menu at the
//! mention cursor and Ctrl-X in the entities pane, the merge picker, live
//! effects on highlights, the pane, `*` walks and narrowed lists, undo and
//! redo, and the effects that ask the shell to save and re-index.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyModifiers};
use dateline::analysis::analyse_now;
use dateline::app::keymap::Key;
use dateline::app::sources::Source;
use dateline::app::{Action, AppState, Effect, Focus, Mode, Msg, drive, reader, switch};
use dateline::corpus::{Input, load_all};
use dateline::corrections::Rule;
use dateline::corrections::saved::Change;
use dateline::entities::Resolution;
use dateline::store::Store;
use ratatui::layout::Rect;

fn analysed() -> AppState {
    let l = load_all(&Input::Seeds);
    let mut s = AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 120, 30),
    );
    for ev in analyse_now(s.store.articles()) {
        drive(&mut s, Msg::Analysis(ev));
    }
    assert!(s.corrections.base.is_some(), "the analysis sends the base");
    s
}

fn res(s: &AppState) -> &Resolution {
    s.analysis.resolution.as_deref().unwrap()
}

fn id_of(s: &AppState, key: &str) -> Option<usize> {
    res(s).entities.iter().position(|e| e.key == key)
}

/// The two most mentioned entities' keys (most first).
fn top_two(s: &AppState) -> (String, String) {
    let mut ids: Vec<usize> = (0..res(s).entities.len()).collect();
    ids.sort_by_key(|&i| std::cmp::Reverse(s.analysis.postings[i].len()));
    (
        res(s).entities[ids[0]].key.clone(),
        res(s).entities[ids[1]].key.clone(),
    )
}

fn typ(s: &mut AppState, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(drive(s, Key::char(c)));
    }
    out
}

/// Reads the first mention of entity `key`, with the cursor on it.
fn cursor_on(s: &mut AppState, key: &str) {
    let id = id_of(s, key).unwrap();
    let (article, mention) = s.analysis.postings[id][0];
    drive(s, Action::FocusReader);
    assert!(reader::go_to_mention(s, article, mention as usize));
}

fn saved_and_reindexed(effects: &[Effect]) -> Option<Rule> {
    let rule = effects.iter().find_map(|e| match e {
        Effect::SaveCorrection(Change::Add { entries, .. }) => Some(entries[0].rule.clone()),
        _ => None,
    });
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Reindex(_))),
        "a correction re-indexes: {effects:?}"
    );
    rule
}

/// Every mention `*` visits from the cursor until it comes back.
fn star_walk(s: &mut AppState) -> BTreeSet<(u32, usize)> {
    let mut seen = BTreeSet::new();
    for _ in 0..500 {
        let here = (s.reader.article.unwrap(), s.reader.mention.unwrap());
        if !seen.insert(here) {
            break;
        }
        drive(s, Action::NextSameEntity);
    }
    seen
}

#[test]
fn rename_at_the_cursor_shows_at_once_and_undo_redo_follow() {
    let mut s = analysed();
    let before = res(&s).clone();
    let (a, _) = top_two(&s);
    cursor_on(&mut s, &a);
    drive(&mut s, Key::char('x'));
    assert!(matches!(s.mode, Mode::Correct(_)));
    drive(&mut s, Key::char('r'));
    drive(&mut s, Action::DeleteToStart);
    typ(&mut s, "The Renamed One");
    let effects = drive(&mut s, Action::Submit);
    assert_eq!(
        saved_and_reindexed(&effects),
        Some(Rule::Rename {
            entity: a.clone(),
            name: "The Renamed One".into()
        })
    );
    assert_eq!(s.mode, Mode::Reader);
    let e = &res(&s).entities[id_of(&s, &a).unwrap()];
    assert_eq!(e.name, "The Renamed One");
    assert!(s.message.as_deref().unwrap().contains("mentions"));
    // The entities pane lists it under the new name.
    drive(&mut s, Action::EntitiesCorpus);
    let Mode::Entities(pane) = &s.mode else {
        panic!("no pane")
    };
    let names: Vec<&str> = pane
        .rows
        .iter()
        .map(|r| res(&s).entities[r.entity as usize].name.as_str())
        .collect();
    assert!(names.contains(&"The Renamed One"));
    drive(&mut s, Action::Back);
    // Undo (x u) gives back exactly what the extractor found; redo again.
    drive(&mut s, Key::char('x'));
    let effects = drive(&mut s, Key::char('u'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveCorrection(Change::Undone(_, true))))
    );
    assert_eq!(res(&s).entities, before.entities);
    assert_eq!(res(&s).docs, before.docs);
    drive(&mut s, Key::char('x'));
    drive(&mut s, Key::char('U'));
    assert_eq!(
        res(&s).entities[id_of(&s, &a).unwrap()].name,
        "The Renamed One"
    );
}

#[test]
fn merge_from_the_entities_pane_then_star_walks_both() {
    let mut s = analysed();
    let (a, b) = top_two(&s);
    let (ia, ib) = (id_of(&s, &a).unwrap(), id_of(&s, &b).unwrap());
    let both: BTreeSet<(u32, usize)> = s.analysis.postings[ia]
        .iter()
        .chain(&s.analysis.postings[ib])
        .map(|&(art, m)| (art, m as usize))
        .collect();
    let b_name = res(&s).entities[ib].name.clone();
    // The pane on the corpus, b selected by its name, Ctrl-X, m, a's name.
    drive(&mut s, Action::EntitiesCorpus);
    typ(&mut s, &b_name);
    let Mode::Entities(pane) = &s.mode else {
        panic!("no pane")
    };
    assert_eq!(pane.rows[pane.selected].entity as usize, ib);
    drive(
        &mut s,
        Key {
            code: KeyCode::Char('x'),
            mods: KeyModifiers::CONTROL,
        },
    );
    drive(&mut s, Key::char('m'));
    let a_name = res(&s).entities[ia].name.clone();
    typ(&mut s, &a_name);
    let Mode::Correct(menu) = &s.mode else {
        panic!("no picker")
    };
    let dateline::app::corrections::Step::Line { picks, .. } = &menu.step else {
        panic!("no picker")
    };
    assert_eq!(
        picks.first().map(|&p| p as usize),
        Some(ia),
        "best match first"
    );
    let effects = drive(&mut s, Action::Submit);
    assert_eq!(
        saved_and_reindexed(&effects),
        Some(Rule::Merge {
            entity: b.clone(),
            into: a.clone()
        })
    );
    // Back in the pane, which shows one entity with both counts.
    let Mode::Entities(_) = &s.mode else {
        panic!("the pane is back")
    };
    drive(&mut s, Action::Back);
    assert!(id_of(&s, &b).is_none());
    let ia = id_of(&s, &a).unwrap();
    assert_eq!(s.analysis.postings[ia].len(), both.len());
    // * from a mention of a visits every mention of both, then wraps.
    switch::focus(&mut s, Focus::Reader);
    cursor_on(&mut s, &a);
    assert_eq!(star_walk(&mut s), both);
}

#[test]
fn a_list_narrowed_to_an_entity_takes_in_what_is_merged_into_it() {
    let mut s = analysed();
    let (a, b) = top_two(&s);
    let (ia, ib) = (id_of(&s, &a).unwrap(), id_of(&s, &b).unwrap());
    let arts = |s: &AppState, i: usize| -> BTreeSet<u32> {
        s.analysis.postings[i].iter().map(|p| p.0).collect()
    };
    let union: BTreeSet<u32> = arts(&s, ia).union(&arts(&s, ib)).copied().collect();
    // Narrow the list to a.
    drive(&mut s, Action::EntitiesCorpus);
    let a_name = res(&s).entities[ia].name.clone();
    typ(&mut s, &a_name);
    drive(&mut s, Action::Open);
    let narrowed = |s: &AppState| -> BTreeSet<u32> {
        match &s.list().source {
            Source::Subset(sub) => sub.articles.iter().copied().collect(),
            other => panic!("not narrowed: {other:?}"),
        }
    };
    assert_eq!(narrowed(&s), arts(&s, ia));
    // Merge b into a from the menu of a mention of b.
    cursor_on(&mut s, &b);
    drive(&mut s, Key::char('x'));
    drive(&mut s, Key::char('m'));
    let a_name = res(&s).entities[ia].name.clone();
    typ(&mut s, &a_name);
    drive(&mut s, Action::Submit);
    assert_eq!(narrowed(&s), union);
}

#[test]
fn hide_a_form_and_add_it_back_as_another_kind() {
    let mut s = analysed();
    let (a, _) = top_two(&s);
    cursor_on(&mut s, &a);
    let article = s.reader.article.unwrap();
    let span = s.mention_spans(article)[s.reader.mention.unwrap()].clone();
    let text = {
        let art = s.store.get(article).unwrap();
        let t = if span.in_title { &art.title } else { &art.body };
        t[span.range.clone()].to_string()
    };
    let count_form = |s: &AppState| -> usize {
        (0..s.store.len() as u32)
            .map(|i| {
                let art = s.store.get(i).unwrap();
                s.mention_spans(i)
                    .iter()
                    .filter(|m| {
                        let t = if m.in_title { &art.title } else { &art.body };
                        t[m.range.clone()] == text
                    })
                    .count()
            })
            .sum()
    };
    assert!(count_form(&s) > 0);
    drive(&mut s, Key::char('x'));
    let effects = drive(&mut s, Key::char('h'));
    assert_eq!(
        saved_and_reindexed(&effects),
        Some(Rule::HideForm { form: text.clone() })
    );
    assert_eq!(count_form(&s), 0, "no highlight of {text:?} left");
    // Add it back as an organisation: x n, the form, Enter, o.
    drive(&mut s, Key::char('x'));
    drive(&mut s, Key::char('n'));
    typ(&mut s, &text);
    drive(&mut s, Action::Submit);
    let effects = drive(&mut s, Key::char('o'));
    assert_eq!(
        saved_and_reindexed(&effects),
        Some(Rule::AddForm {
            form: text.clone(),
            kind: dateline::entities::EntityKind::Org
        })
    );
    assert!(count_form(&s) > 0);
    let added = res(&s)
        .entities
        .iter()
        .find(|e| e.key.ends_with("~added"))
        .unwrap();
    assert_eq!(added.name, text);
    assert_eq!(added.kind, dateline::entities::EntityKind::Org);
    // The pane lists both corrections; d removes the first (the hide).
    drive(&mut s, Key::char('X'));
    assert!(matches!(s.mode, Mode::Corrections(_)));
    let effects = drive(&mut s, Key::char('d'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveCorrection(Change::Removed(_))))
    );
    let log = &s.corrections.base.as_ref().unwrap().log;
    assert_eq!(log.done().len(), 1);
    assert!(matches!(log.done()[0].rule, Rule::AddForm { .. }));
}

#[test]
fn mention_operations_need_a_mention_and_say_so() {
    let mut s = analysed();
    drive(&mut s, Action::EntitiesCorpus);
    drive(
        &mut s,
        Key {
            code: KeyCode::Char('x'),
            mods: KeyModifiers::CONTROL,
        },
    );
    let before = res(&s).clone();
    let effects = drive(&mut s, Key::char('s'));
    assert!(effects.is_empty());
    assert!(s.message.as_deref().unwrap().contains("mention"));
    assert_eq!(res(&s).docs, before.docs);
    assert!(matches!(s.mode, Mode::Correct(_)));
    drive(&mut s, Action::Back);
    assert!(matches!(s.mode, Mode::Entities(_)));
}
