//! The app's update function without a terminal: search, n/N across
//! articles, the list-source stack, parse errors, a query typed early,
//! mention jumps and the entities pane.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::keymap::Key;
use dateline::app::sources::{Narrowing, Source};
use dateline::app::{Action, AppState, Effect, Focus, Mode, Msg, drive, update};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use ratatui::layout::Rect;

/// The app on `input`, loaded but not analysed.
fn app_of(input: &Input) -> AppState {
    let l = load_all(input);
    AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 120, 30),
    )
}

fn loaded() -> AppState {
    app_of(&Input::Seeds)
}

fn analyse(s: &mut AppState) {
    for ev in analyse_now(s.store.articles()) {
        drive(s, Msg::Analysis(ev));
    }
}

fn analysed() -> AppState {
    let mut s = loaded();
    analyse(&mut s);
    s
}

/// A folder of articles, one per `(name, text)`, loaded and analysed.
fn corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut s = app_of(&Input::from_args(vec![dir.path().to_path_buf()]));
    analyse(&mut s);
    (dir, s)
}

fn key(s: &mut AppState, a: Action) {
    drive(s, a);
}

fn typ(s: &mut AppState, text: &str) {
    for c in text.chars() {
        drive(s, Key::char(c));
    }
}

fn search(s: &mut AppState, q: &str) {
    key(s, Action::Search);
    typ(s, q);
    key(s, Action::Submit);
}

/// The query of the search shown, if the list shows one.
fn shown_query(s: &AppState) -> Option<String> {
    s.list().source.search().map(|x| x.query.clone())
}

fn total(s: &AppState) -> Option<usize> {
    s.list().source.search().map(|x| x.results.total)
}

/// (row in the results, hit number) of the reader.
fn at(s: &AppState) -> (usize, usize) {
    (
        s.row_of(s.reader.article.unwrap()).unwrap(),
        s.reader.hit.unwrap(),
    )
}

/// The list and the reader agree: the reader shows the selected row.
fn agree(s: &AppState) {
    assert_eq!(
        s.reader.article,
        s.row_article(s.list().selected),
        "the reader shows the selected article"
    );
}

#[test]
fn n_and_n_cross_article_boundaries_and_wrap() {
    let mut s = analysed();
    search(&mut s, "guatemala");
    let rows = s.row_count();
    assert!(rows >= 2, "guatemala is in several seeds");
    assert_eq!(s.focus(), Focus::List);
    assert_eq!(at(&s), (0, 0));
    // Walk every hit of the first article, then into the second.
    let first_hits = s.reader.hits.len();
    for i in 1..first_hits {
        key(&mut s, Action::NextHit);
        assert_eq!(at(&s), (0, i));
    }
    key(&mut s, Action::NextHit);
    assert_eq!(at(&s), (1, 0));
    assert_eq!(s.list().selected, 1, "the list follows the reader");
    // Back again: the last hit of the first article.
    key(&mut s, Action::PrevHit);
    assert_eq!(at(&s), (0, first_hits - 1));
    // Backwards from the very first hit wraps to the last result's last hit.
    key(&mut s, Action::Top);
    s.reader.hit = Some(0);
    key(&mut s, Action::PrevHit);
    let last = s.reader.hits.len() - 1;
    assert_eq!(at(&s), (rows - 1, last));
    // And forward from there wraps to the start.
    key(&mut s, Action::NextHit);
    assert_eq!(at(&s), (0, 0));
    // The current hit is on screen.
    let hit = &s.reader.hits[0];
    let line = s.line_of_place(hit).unwrap();
    assert!(line >= s.reader.scroll && line < s.reader.scroll + s.reader_height());
    agree(&s);
}

#[test]
fn hits_lie_on_the_query_words() {
    let mut s = analysed();
    search(&mut s, "caravan");
    let a = s.store.get(s.reader.article.unwrap()).unwrap();
    assert!(!s.reader.hits.is_empty());
    for h in &s.reader.hits {
        let text = if h.in_title { &a.title } else { &a.body };
        assert!(text[h.range.clone()].to_lowercase().starts_with("caravan"));
    }
}

#[test]
fn hits_in_the_title_come_first_and_n_goes_on_into_the_body() {
    let mut s = analysed();
    search(&mut s, "migrants");
    let a = s.store.get(s.reader.article.unwrap()).unwrap();
    let count = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.eq_ignore_ascii_case("migrants"))
            .count()
    };
    let (in_title, in_body) = (count(&a.title), count(&a.body));
    assert!(
        in_title > 0 && in_body > 0,
        "pick a query in both: {}",
        a.title
    );
    let hits = &s.reader.hits;
    assert_eq!(hits.len(), in_title + in_body);
    assert!(hits[..in_title].iter().all(|h| h.in_title));
    assert!(hits[in_title..].iter().all(|h| !h.in_title));
    assert_eq!(s.reader.hit, Some(0));
    assert_eq!(
        s.reader.scroll, 0,
        "the first hit, in the title, is in view"
    );
    for _ in 0..in_title {
        key(&mut s, Action::NextHit);
    }
    assert_eq!(s.reader.hit, Some(in_title));
    assert!(s.position_label().starts_with(&format!(
        "hit {}/{}",
        in_title + 1,
        in_title + in_body
    )));
}

#[test]
fn escape_restores_the_full_list_where_it_was() {
    let mut s = analysed();
    key(&mut s, Action::Down);
    key(&mut s, Action::Down);
    search(&mut s, "trump");
    assert!(shown_query(&s).is_some());
    assert_eq!(s.lists.depth(), 1);
    key(&mut s, Action::Back);
    assert_eq!(shown_query(&s), None);
    assert_eq!(s.lists.depth(), 0);
    assert_eq!(s.list().selected, 2);
    assert_eq!(s.reader.article, Some(2));
    assert_eq!(s.row_count(), 3);
    // The query is in the history.
    key(&mut s, Action::Search);
    key(&mut s, Action::HistoryPrev);
    assert_eq!(s.line.input, "trump");
    assert_eq!(shown_query(&s).as_deref(), Some("trump"));
}

#[test]
fn a_query_that_does_not_parse_keeps_the_last_results() {
    let mut s = analysed();
    key(&mut s, Action::Search);
    typ(&mut s, "mexico OR OR");
    let before = total(&s);
    assert!(before.is_some_and(|n| n > 0), "the last good results stay");
    assert!(
        s.line.error.as_deref().is_some_and(|e| e.contains("OR")),
        "{:?}",
        s.line.error
    );
    // The results say which query they answer: the last one that parsed.
    let shown = shown_query(&s).unwrap();
    assert!(!shown.is_empty() && shown != s.line.input, "{shown:?}");
    assert!(s.line.input.starts_with(&shown), "{shown:?}");
    key(&mut s, Action::DeleteWord);
    typ(&mut s, "trump");
    assert_eq!(s.line.input, "mexico OR trump");
    assert!(s.line.error.is_none());
    assert_eq!(shown_query(&s).as_deref(), Some("mexico OR trump"));
}

#[test]
fn a_query_typed_before_the_index_is_ready_runs_when_it_is() {
    let mut s = loaded();
    key(&mut s, Action::Search);
    typ(&mut s, "honduras");
    assert!(s.line.pending);
    assert_eq!(shown_query(&s), None);
    for ev in analyse_now(s.store.articles()) {
        let was_index = matches!(ev, AnalysisEvent::Index(_));
        let effects = update(&mut s, Msg::Analysis(ev));
        if was_index {
            // The index's arrival asks for the query to run.
            assert!(!s.line.pending);
            assert!(
                matches!(effects.as_slice(), [Effect::Search(r)] if r.query == "honduras"),
                "{effects:?}"
            );
            for e in effects {
                let Effect::Search(r) = e else { unreachable!() };
                drive(&mut s, Msg::Found(Box::new(r.run())));
            }
        }
    }
    assert!(total(&s).is_some_and(|n| n >= 1));
}

#[test]
fn update_runs_no_query_itself() {
    let mut s = analysed();
    key(&mut s, Action::Search);
    let effects = update(&mut s, Key::char('t'));
    assert!(matches!(effects.as_slice(), [Effect::Search(r)] if r.query == "t"));
    assert_eq!(shown_query(&s), None, "nothing shown until the answer");
}

#[test]
fn n_without_a_search_says_so() {
    let mut s = analysed();
    key(&mut s, Action::NextHit);
    assert!(s.message.as_deref().is_some_and(|m| m.contains("/")));
    assert_eq!(s.reader.article, Some(0));
}

/// The entity of the reader's current mention.
fn current_entity(s: &AppState) -> Option<u32> {
    let a = s.reader.article?;
    s.mention_spans(a).get(s.reader.mention?)?.entity
}

fn entity_id(s: &AppState, name: &str) -> u32 {
    s.analysis
        .resolution
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == name)
        .unwrap() as u32
}

/// Puts the mention cursor on the first mention of the entity called `name`.
fn cursor_on(s: &mut AppState, name: &str) -> u32 {
    let id = entity_id(s, name);
    key(s, Action::FocusReader);
    key(s, Action::Top);
    for _ in 0..500 {
        if current_entity(s) == Some(id) {
            return id;
        }
        key(s, Action::NextMention);
    }
    panic!("no mention of {name} in the first article");
}

#[test]
fn mention_cursor_walks_the_article_and_stays_in_view() {
    let mut s = analysed();
    assert_eq!(s.reader.mention, None, "browsing the list: no cursor yet");
    key(&mut s, Action::FocusReader);
    let n = s.mention_spans(0).len();
    assert!(n > 5);
    assert_eq!(
        s.reader.mention,
        Some(0),
        "the cursor starts on the first mention in view"
    );
    for i in 1..n {
        key(&mut s, Action::NextMention);
        assert_eq!(s.reader.mention, Some(i));
        let span = s.mention_spans(0)[i].place();
        let line = s.line_of_place(&span).unwrap();
        assert!(line >= s.reader.scroll && line < s.reader.scroll + s.reader_height());
    }
    key(&mut s, Action::NextMention);
    assert_eq!(s.reader.mention, Some(n - 1), "stops at the last mention");
    key(&mut s, Action::PrevMention);
    assert_eq!(s.reader.mention, Some(n - 2));
}

#[test]
fn same_entity_jumps_cross_articles_alias_aware_and_wrap() {
    let mut s = analysed();
    let trump = cursor_on(&mut s, "Donald Trump");
    let postings = s.analysis.postings[trump as usize].clone();
    assert!(postings.len() >= 3);
    let start = (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32);
    let first = postings.iter().position(|p| *p == start).unwrap();
    let mut articles = std::collections::BTreeSet::new();
    let mut texts = std::collections::BTreeSet::new();
    for k in 1..=postings.len() {
        key(&mut s, Action::NextSameEntity);
        let here = (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32);
        assert_eq!(here, postings[(first + k) % postings.len()]);
        assert_eq!(current_entity(&s), Some(trump));
        agree(&s);
        articles.insert(here.0);
        let a = s.store.get(here.0).unwrap();
        texts.insert(a.body[s.mention_spans(here.0)[here.1 as usize].range.clone()].to_owned());
        assert!(
            s.message
                .as_deref()
                .unwrap()
                .starts_with("Donald Trump \u{b7} mention")
        );
    }
    assert_eq!(articles.len(), 3, "every seed mentions him");
    assert!(
        texts.contains("Trump") && texts.contains("Donald Trump"),
        "{texts:?}"
    );
    // A full round comes back to the start; # goes back one.
    assert_eq!(
        (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32),
        start
    );
    key(&mut s, Action::PrevSameEntity);
    assert_eq!(
        (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32),
        postings[(first + postings.len() - 1) % postings.len()]
    );
}

#[test]
fn jumps_from_the_list_follow_the_leading_entity_and_the_list_shows_it() {
    let mut s = analysed();
    assert_eq!(s.focus(), Focus::List);
    let doc = &s.analysis.resolution.as_ref().unwrap().docs[0];
    let leading = dateline::facts::leading_entities(doc)[0];
    key(&mut s, Action::NextSameEntity);
    let e = current_entity(&s).expect("a current mention");
    assert_eq!(e, leading);
    assert_eq!(s.reader.article, Some(0));
    // It is a person, place or organisation mentioned most in the article.
    let spans = s.mention_spans(0);
    let count = |id| spans.iter().filter(|m| m.entity == Some(id)).count();
    let most = spans
        .iter()
        .filter(|m| m.kind != dateline::entities::EntityKind::Date)
        .filter_map(|m| m.entity)
        .map(count)
        .max()
        .unwrap();
    assert_eq!(count(e), most);
}

#[test]
fn in_the_list_a_jump_follows_the_mention_cursor() {
    // Seeds: `]` `]` puts the cursor on the second mention; `*` follows it,
    // not the article's leading entity.
    let mut s = analysed();
    key(&mut s, Action::NextMention);
    key(&mut s, Action::NextMention);
    assert_eq!(s.focus(), Focus::List);
    let cursor = current_entity(&s).expect("the second mention names an entity");
    let doc = &s.analysis.resolution.as_ref().unwrap().docs[0];
    assert_ne!(
        cursor,
        dateline::facts::leading_entities(doc)[0],
        "pick a mention that is not the leading entity"
    );
    key(&mut s, Action::NextSameEntity);
    assert_eq!(current_entity(&s), Some(cursor));
    let name = &s.analysis.resolution.as_ref().unwrap().entities[cursor as usize].name;
    assert!(s.message.as_deref().unwrap().starts_with(name.as_str()));
}

/// Three articles where "Mr Brown" cannot be told apart: two Browns.
const BROWNS: &[(&str, &str)] = &[
    (
        "a.txt",
        "Budget\n\nGordon Brown presented the budget in London on Monday. Gordon Brown said growth was strong.\n",
    ),
    (
        "b.txt",
        "Farming\n\nNick Brown visited farms in Yorkshire. Nick Brown promised help for farmers.\n",
    ),
    (
        "c.txt",
        "Debate\n\nMr Brown spoke to Tony Blair in Parliament. Tony Blair answered Mr Brown at length.\n",
    ),
];

#[test]
fn a_mention_of_no_entity_is_never_followed_to_another() {
    let (_dir, mut s) = corpus(BROWNS);
    let c = (0..3)
        .find(|&i| s.store.get(i).unwrap().title == "Debate")
        .unwrap();
    // The analysis may link every mention to an entity (an ambiguous one of
    // its own); navigation must hold whatever it gives: unlink "Brown".
    let mut res = (*s.analysis.resolution.clone().unwrap()).clone();
    let body = s.store.get(c).unwrap().body.clone();
    for m in std::sync::Arc::make_mut(&mut res.docs[c as usize]) {
        if body.get(m.range.clone()) == Some("Brown") {
            m.entity = None;
        }
    }
    s.analysis.postings = dateline::facts::postings(&res);
    s.analysis.resolution = Some(std::sync::Arc::new(res));
    assert!(dateline::app::reader::open_article(&mut s, c));
    key(&mut s, Action::FocusReader);
    let spans = s.mention_spans(c);
    let body = &s.store.get(c).unwrap().body;
    let unlinked = spans
        .iter()
        .position(|m| m.entity.is_none() && body[m.range.clone()].contains("Brown"))
        .expect("an unlinked Brown");
    key(&mut s, Action::PrevMention);
    while s.reader.mention != Some(unlinked) {
        key(&mut s, Action::NextMention);
    }
    assert!(s.message.as_deref().unwrap().contains("not linked"));
    let before = (s.reader.clone(), s.list().selected);
    for a in [
        Action::NextSameEntity,
        Action::PrevSameEntity,
        Action::ShowMentions,
    ] {
        key(&mut s, a);
        assert!(
            s.message.as_deref().unwrap().contains("not linked"),
            "{:?}",
            s.message
        );
        assert_eq!((s.reader.clone(), s.list().selected), before, "stays put");
        assert_eq!(s.mode, Mode::Reader, "no concordance");
    }
}

#[test]
fn jumps_stay_in_the_search_results_so_list_and_reader_agree() {
    let mut s = analysed();
    search(&mut s, "honduran");
    let results: Vec<u32> = (0..s.row_count())
        .map(|r| s.row_article(r).unwrap())
        .collect();
    assert!(results.len() < 3, "a search that leaves out a seed");
    key(&mut s, Action::FocusReader);
    let trump = entity_id(&s, "Donald Trump");
    while current_entity(&s) != Some(trump) {
        key(&mut s, Action::NextMention);
    }
    for _ in 0..40 {
        key(&mut s, Action::NextSameEntity);
        agree(&s);
        assert!(results.contains(&s.reader.article.unwrap()));
        assert_eq!(current_entity(&s), Some(trump));
        let m = s.message.clone().unwrap();
        assert!(m.ends_with("in this list"), "{m}");
        assert!(!s.position_label().contains("article 0/"));
    }
    // The concordance holds the same mentions.
    key(&mut s, Action::ShowMentions);
    let Mode::Concordance(c) = &s.mode else {
        panic!("no concordance")
    };
    assert!(c.rows.iter().all(|r| results.contains(&r.0)));
    assert!(c.rows.len() < c.in_corpus);
}

#[test]
fn jumps_without_entities_or_articles_do_nothing_harmful() {
    let mut s = loaded(); // no analysis yet
    for a in [
        Action::NextMention,
        Action::PrevMention,
        Action::NextSameEntity,
        Action::PrevSameEntity,
    ] {
        key(&mut s, a);
    }
    assert_eq!(s.reader.article, Some(0));
    assert!(s.message.is_some());
    let mut empty = AppState::new(Store::default(), Rect::new(0, 0, 80, 24));
    for a in [
        Action::NextMention,
        Action::NextSameEntity,
        Action::PrevSameEntity,
        Action::NextHit,
        Action::ShowMentions,
        Action::EntitiesCorpus,
    ] {
        key(&mut empty, a);
    }
    assert_eq!(empty.reader.article, None);
}

#[test]
fn concordance_opens_the_chosen_mention() {
    let mut s = analysed();
    let trump = cursor_on(&mut s, "Donald Trump");
    key(&mut s, Action::ShowMentions);
    let Mode::Concordance(c) = &s.mode else {
        panic!("no concordance")
    };
    assert_eq!(c.entity, trump);
    let here = (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32);
    assert_eq!(c.rows[c.selected], here, "it opens on the current mention");
    let postings = s.analysis.postings[trump as usize].clone();
    assert_eq!(c.rows, postings);
    for _ in 0..postings.len() {
        key(&mut s, Action::Down); // the last one stays on the last row
    }
    key(&mut s, Action::Open);
    assert_eq!(s.mode, Mode::Reader);
    let last = *postings.last().unwrap();
    assert_eq!(
        (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32),
        last
    );
    assert_eq!(current_entity(&s), Some(trump));
    agree(&s);
}

fn pane(s: &AppState) -> &dateline::app::entities_pane::EntitiesPane {
    match &s.mode {
        Mode::Entities(p) => p,
        other => panic!("no entities pane: {:?}", other.name()),
    }
}

#[test]
fn entities_pane_filters_and_narrows_the_list() {
    let mut s = analysed();
    key(&mut s, Action::EntitiesArticle);
    assert!(!pane(&s).corpus && !pane(&s).rows.is_empty());
    assert!(pane(&s).rows.iter().all(|r| r.in_article > 0));
    typ(&mut s, "trump");
    let res = s.analysis.resolution.clone().unwrap();
    let top = pane(&s).rows[0];
    assert_eq!(res.entities[top.entity as usize].name, "Donald Trump");
    assert_eq!(
        top.in_corpus,
        s.analysis.postings[top.entity as usize].len()
    );
    // Tab to PER keeps him; Tab to LOC drops him.
    key(&mut s, Action::CycleKind);
    assert_eq!(pane(&s).rows[0], top);
    key(&mut s, Action::CycleKind);
    assert!(pane(&s).rows.iter().all(|r| r.entity != top.entity));
    for _ in 0..4 {
        key(&mut s, Action::CycleKind); // ORG, MISC, DATE, then all types again
    }
    assert_eq!(pane(&s).kind, None);
    key(&mut s, Action::Open);
    assert_eq!(s.mode, Mode::List);
    let Source::Subset(sub) = &s.list().source else {
        panic!("not narrowed")
    };
    assert_eq!(sub.why, Narrowing::Entity(top.entity));
    assert_eq!(sub.articles.len(), 3);
    assert_eq!(s.row_count(), 3);
    assert_eq!(
        current_entity(&s),
        Some(top.entity),
        "the cursor is on his first mention"
    );
    agree(&s);
    key(&mut s, Action::Back);
    assert_eq!(s.lists.depth(), 0);
    assert_eq!(s.row_count(), 3);
}

#[test]
fn choosing_an_entity_over_search_results_narrows_them() {
    let mut s = analysed();
    search(&mut s, "caravan");
    let results = s.row_count();
    key(&mut s, Action::EntitiesCorpus);
    typ(&mut s, "trump");
    key(&mut s, Action::Open);
    assert_eq!(s.lists.depth(), 2, "all → results → Trump");
    assert!(matches!(s.list().source, Source::Subset(_)));
    assert_eq!(s.row_count(), results, "every caravan seed mentions him");
    agree(&s);
    // Esc goes back one level: the results, as they were.
    key(&mut s, Action::Back);
    assert_eq!(shown_query(&s).as_deref(), Some("caravan"));
}

#[test]
fn a_search_typed_over_a_narrowed_list_searches_within_it() {
    let (_dir, mut s) = corpus(BROWNS);
    key(&mut s, Action::EntitiesCorpus);
    typ(&mut s, "tony blair");
    key(&mut s, Action::Open);
    let narrowed: Vec<u32> = (0..s.row_count())
        .map(|r| s.row_article(r).unwrap())
        .collect();
    assert_eq!(narrowed.len(), 1);
    // "brown" is in every article; within Blair's, in one.
    search(&mut s, "brown");
    let hits: Vec<u32> = (0..s.row_count())
        .map(|r| s.row_article(r).unwrap())
        .collect();
    assert_eq!(hits, narrowed);
    assert_eq!(total(&s), Some(1));
    assert!(s.list().source.search().unwrap().within);
    assert_eq!(s.lists.depth(), 2);
    // Esc from the query line goes back to Blair's articles.
    key(&mut s, Action::Search);
    key(&mut s, Action::Back);
    assert!(matches!(s.list().source, Source::Subset(_)));
}

#[test]
fn corpus_pane_lists_every_mentioned_entity_most_mentioned_first() {
    let mut s = analysed();
    key(&mut s, Action::FocusReader);
    key(&mut s, Action::EntitiesCorpus);
    let p = pane(&s);
    let mentioned = s.analysis.postings.iter().filter(|p| !p.is_empty()).count();
    assert_eq!(p.rows.len(), mentioned);
    let counts: Vec<usize> = p.rows.iter().map(|r| r.in_corpus).collect();
    assert!(counts.iter().all(|&c| c > 0));
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "by corpus count, not this article's first"
    );
    key(&mut s, Action::Back);
    assert_eq!(s.mode, Mode::List);
}

#[test]
fn clicking_a_mention_makes_it_current() {
    let mut s = analysed();
    key(&mut s, Action::FocusReader);
    // Find where the third mention is drawn: its line and column.
    let spans = s.mention_spans(0);
    let target = 2;
    let start = spans[target].range.start;
    let line = s.line_of(start).unwrap();
    let dateline::app::state::ReaderLine::Body(r) = s.reader.lines[line].clone() else {
        panic!()
    };
    let a = s.store.get(0).unwrap();
    let col = dateline::textview::safe::safe_line(&a.body[r.start..start])
        .chars()
        .count()
        + usize::from(a.body[r.start..start].ends_with(' '));
    let area = s.reader_area();
    let y = area.y + (line - s.reader.scroll) as u16;
    drive(&mut s, Msg::Click(area.x + col as u16 + 1, y));
    assert_eq!(s.reader.mention, Some(target));
}

#[test]
fn the_query_line_edits_at_its_cursor_and_searches_each_change() {
    let mut s = analysed();
    search(&mut s, "mexico");
    key(&mut s, Action::Search);
    assert_eq!(s.line.cursor, "mexico".len(), "the cursor is at the end");
    for a in [Action::WordLeft, Action::CursorRight, Action::CursorRight] {
        key(&mut s, a);
    }
    key(&mut s, Action::DeleteToEnd);
    assert_eq!(s.line.input, "me");
    typ(&mut s, "xico honduras");
    key(&mut s, Action::LineStart);
    typ(&mut s, "\"");
    key(&mut s, Action::LineEnd);
    typ(&mut s, "\"");
    assert_eq!(s.line.input, "\"mexico honduras\"");
    assert_eq!(
        shown_query(&s).as_deref(),
        Some(s.line.input.as_str()),
        "every edit runs"
    );
}

#[test]
fn a_paste_goes_into_the_line_as_one_edit() {
    let mut s = analysed();
    key(&mut s, Action::Search);
    drive(&mut s, Msg::Paste("border\nwall".into()));
    assert_eq!(s.line.input, "border wall");
    assert_eq!(shown_query(&s).as_deref(), Some("border wall"));
    key(&mut s, Action::Back);
    // Outside a line, a paste does nothing.
    drive(&mut s, Msg::Paste("q".into()));
    assert_eq!(s.mode, Mode::List);
}

#[test]
fn history_keeps_the_draft_and_skips_the_query_in_the_line() {
    let mut s = analysed();
    search(&mut s, "mexico");
    key(&mut s, Action::Back);
    search(&mut s, "honduras");
    // After Enter, Up goes to the query before the one shown.
    key(&mut s, Action::Search);
    key(&mut s, Action::HistoryPrev);
    assert_eq!(s.line.input, "mexico");
    key(&mut s, Action::HistoryNext);
    assert_eq!(s.line.input, "honduras", "one Down: back to the draft");
    assert_eq!(s.line.history_pos, None, "not on the equal newest query");
    // A half-typed query survives a look at the history.
    key(&mut s, Action::DeleteToStart);
    typ(&mut s, "guatem");
    key(&mut s, Action::HistoryPrev);
    key(&mut s, Action::HistoryPrev);
    assert_eq!(s.line.input, "mexico");
    key(&mut s, Action::HistoryNext);
    key(&mut s, Action::HistoryNext);
    assert_eq!(s.line.input, "guatem");
    assert_eq!(s.line.cursor, "guatem".len());
}

#[test]
fn keys_on_the_help_screen_stay_there() {
    let mut s = analysed();
    let before = (s.list().selected, s.focus(), s.lists.depth());
    key(&mut s, Action::Help);
    for a in [
        Action::Bottom,
        Action::NextHit,
        Action::Search,
        Action::FocusReader,
    ] {
        key(&mut s, a);
    }
    let Mode::Help { scroll: end } = s.mode else {
        panic!("the help closed")
    };
    assert!(end > 0, "G scrolled the help to its end");
    key(&mut s, Action::Down);
    assert_eq!(s.mode, Mode::Help { scroll: end }, "and not past it");
    key(&mut s, Action::Back);
    assert_eq!(s.mode, Mode::List);
    assert_eq!((s.list().selected, s.focus(), s.lists.depth()), before);
}

#[test]
fn the_result_list_fetches_more_as_it_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1_200;
    for i in 0..n {
        let body = format!(
            "Report {i} on the harvest. {}",
            "Grain prices rose. ".repeat(i % 5)
        );
        std::fs::write(dir.path().join(format!("{i:04}.txt")), body).unwrap();
    }
    let mut s = app_of(&Input::from_args(vec![dir.path().to_path_buf()]));
    analyse(&mut s);
    search(&mut s, "harvest");
    assert_eq!(total(&s), Some(n));
    assert!(s.row_count() < n, "a keystroke asks for fewer");
    // N from the first hit of the first result wraps to the very last match.
    key(&mut s, Action::PrevHit);
    assert_eq!((s.row_count(), s.list().selected), (n, n - 1));
    assert!(s.message.as_deref().is_some_and(|m| m.contains("wrapped")));
    agree(&s);
    key(&mut s, Action::Back);
    search(&mut s, "harvest");
    assert!(s.row_count() < n);
    key(&mut s, Action::Bottom);
    assert_eq!(s.row_count(), n);
    assert_eq!(s.list().selected, n - 1);
    assert!(
        s.position_label().contains("/1,200"),
        "{}",
        s.position_label()
    );
    // n from the last result wraps to the first, and says so.
    let hits = s.reader.hits.len();
    for _ in 0..hits {
        key(&mut s, Action::NextHit);
    }
    assert_eq!(s.list().selected, 0);
    assert!(s.message.as_deref().is_some_and(|m| m.contains("wrapped")));
    // Walking down past the rows fetched fetches more on the way.
    key(&mut s, Action::Back);
    search(&mut s, "harvest");
    let first = s.row_count();
    for _ in 0..first + 5 {
        key(&mut s, Action::Down);
    }
    assert_eq!(s.list().selected, first + 5);
    agree(&s);
}

#[test]
fn n_with_no_matches_says_so() {
    let mut s = analysed();
    search(&mut s, "zzqxj");
    key(&mut s, Action::NextHit);
    assert_eq!(s.message.as_deref(), Some("no matches to jump to"));
}

#[test]
fn and_and_not_are_operators() {
    let mut s = analysed();
    search(&mut s, "trump NOT caravan");
    let without = total(&s).unwrap();
    key(&mut s, Action::Back);
    search(&mut s, "trump -caravan");
    assert_eq!(total(&s), Some(without));
    key(&mut s, Action::Back);
    search(&mut s, "trump AND caravan");
    let both = total(&s).unwrap();
    key(&mut s, Action::Back);
    search(&mut s, "trump caravan");
    assert_eq!(total(&s), Some(both));
    assert_eq!(both + without, 3, "every seed has Trump");
}

/// Random key sequences: the mode, the list-source stack and overlays.
mod properties {
    use std::sync::{Arc, OnceLock};

    use crossterm::event::{KeyCode, KeyModifiers};
    use dateline::app::keymap::{Key, Keymap};
    use dateline::app::sources::{Members, Source};
    use dateline::app::{AppState, Mode, ModeName, drive};
    use dateline::corpus::{Article, Input, load_all};
    use dateline::entities::{Mention, Resolution};
    use dateline::search::SearchIndex;
    use dateline::store::Store;
    use proptest::prelude::*;
    use ratatui::layout::Rect;

    type Analysed = (
        Vec<Article>,
        Vec<Vec<Mention>>,
        Arc<Resolution>,
        Arc<SearchIndex>,
    );

    /// The seeds and their analysis, made once.
    fn seeds() -> &'static Analysed {
        static SEEDS: OnceLock<Analysed> = OnceLock::new();
        SEEDS.get_or_init(|| {
            let articles = load_all(&Input::Seeds).articles;
            let shared: Vec<Arc<Article>> = articles.iter().cloned().map(Arc::new).collect();
            let (mut mentions, mut res, mut index) = (Vec::new(), None, None);
            for ev in dateline::analysis::analyse_now(&shared) {
                match ev {
                    dateline::analysis::AnalysisEvent::Mentions { mentions: m, .. } => {
                        mentions.extend(m)
                    }
                    dateline::analysis::AnalysisEvent::Entities(r) => res = Some(r),
                    dateline::analysis::AnalysisEvent::Index(Ok(i)) => index = Some(Arc::new(*i)),
                    _ => {}
                }
            }
            (articles, mentions, res.unwrap(), index.unwrap())
        })
    }

    fn app() -> AppState {
        let (articles, mentions, res, index) = seeds();
        let mut s = AppState::new(
            Store::from_articles(articles.clone(), Vec::new()),
            Rect::new(0, 0, 100, 30),
        );
        s.analysis.mentions = mentions.clone();
        s.analysis.postings = dateline::facts::postings(res);
        s.analysis.entity_letters = res
            .entities
            .iter()
            .map(dateline::app::entities_pane::entity_letters)
            .collect();
        s.analysis.resolution = Some(Arc::clone(res));
        s.analysis.index = Some(Arc::clone(index));
        s
    }

    /// Every key some mode binds, and others no mode does.
    fn keys() -> Vec<Key> {
        let mut keys: Vec<Key> = Keymap::default()
            .tables
            .iter()
            .flat_map(|t| &t.bindings)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        keys.extend("azxq19 -\"'é".chars().map(Key::char));
        keys.extend([
            Key::plain(KeyCode::Insert),
            Key::plain(KeyCode::F(5)),
            Key {
                code: KeyCode::Char('x'),
                mods: KeyModifiers::CONTROL,
            },
            Key {
                code: KeyCode::Char('j'),
                mods: KeyModifiers::ALT,
            },
        ]);
        keys.sort_by_key(|k| format!("{k:?}"));
        keys.dedup();
        keys.retain(|k| {
            // Ctrl-c quits: the sequence would end there.
            !(k.code == KeyCode::Char('c') && k.mods == KeyModifiers::CONTROL)
        });
        keys
    }

    /// What lies beneath the active mode, as text to compare.
    fn beneath(s: &AppState) -> String {
        let levels: Vec<String> = s
            .lists
            .levels()
            .iter()
            .map(|l| {
                let what = match &l.source {
                    Source::All => "all".to_owned(),
                    Source::Search(x) => format!("search {:?} {}", x.query, x.results.hits.len()),
                    Source::Subset(x) => format!("subset {:?} {:?}", x.why, x.articles),
                };
                format!("{what} @{} +{}", l.selected, l.offset)
            })
            .collect();
        format!(
            "{:?}\n{levels:?}\n{:?}\n{:?}\n{}",
            s.behind, s.reader, s.line, s.show_entities
        )
    }

    /// The invariants that hold after every key.
    fn check(s: &AppState) -> Result<(), TestCaseError> {
        // One mode with the keys; the bottom one is a pane; an overlay is
        // only ever under another overlay.
        let modes: Vec<ModeName> = s.modes().map(|m| m.name()).collect();
        prop_assert!(
            matches!(modes[0], ModeName::List | ModeName::Reader),
            "{modes:?}"
        );
        for w in modes.windows(2) {
            prop_assert!(!w[0].is_overlay() || w[1].is_overlay(), "{modes:?}");
        }
        // The stack: every article at the bottom, each level within the one
        // below, the selection in its list, the reader on the selection.
        let all = s.store.len();
        let levels = s.lists.levels();
        prop_assert!(matches!(levels[0].source, Source::All));
        for pair in levels.windows(2) {
            let below: Members = pair[0].source.members(all);
            let n = pair[1].source.len(all);
            if pair[0].source.complete() {
                for r in 0..n {
                    let a = pair[1].source.article(r, all).unwrap();
                    prop_assert!(below.contains(a), "level narrows the one below");
                }
            }
        }
        for l in levels {
            let n = l.source.len(all);
            prop_assert!(l.selected < n.max(1));
            prop_assert!(l.offset <= l.selected);
        }
        let top = s.list();
        // The row in the list's order (`o` rearranges it).
        prop_assert_eq!(s.reader.article, top.article(top.selected, all));
        if let Some(m) = s.reader.mention {
            let a = s.reader.article;
            prop_assert!(a.is_some(), "a mention cursor with no article");
            prop_assert!(a.is_some_and(|a| m < s.mention_spans(a).len()));
        }
        if let Some(h) = s.reader.hit {
            prop_assert!(h < s.reader.hits.len());
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn one_mode_owns_the_keys_and_overlays_change_nothing_behind(
            start in 0..3usize,
            picks in prop::collection::vec(any::<prop::sample::Index>(), 1..80)
        ) {
            let keys = keys();
            let mut s = app();
            // From every article, from search results, or from the results
            // narrowed to an entity.
            let typed = |s: &mut AppState, text: &str| {
                for c in text.chars() {
                    drive(s, Key::char(c));
                }
            };
            if start > 0 {
                drive(&mut s, dateline::app::Action::Search);
                typed(&mut s, "migrants");
                drive(&mut s, dateline::app::Action::Submit);
            }
            if start > 1 {
                drive(&mut s, dateline::app::Action::EntitiesCorpus);
                typed(&mut s, "mexico");
                drive(&mut s, dateline::app::Action::Open);
            }
            prop_assert_eq!(s.lists.depth(), start);
            check(&s)?;
            let mut pressed = Vec::new();
            for pick in picks {
                let key = keys[pick.index(keys.len())];
                pressed.push(key.name());
                let was_overlay = s.mode.name().is_overlay();
                // Enter in the concordance reads a mention; in the timeline
                // and the co-occurrence view it narrows the list.
                let opens_a_mention = matches!(
                    s.mode,
                    Mode::Concordance(_) | Mode::Timeline(_) | Mode::Cooccurrence(_)
                ) && key == Key::plain(KeyCode::Enter);
                let before = beneath(&s);
                drive(&mut s, key);
                check(&s).map_err(|e| TestCaseError::fail(format!("{e} after {pressed:?}")))?;
                if was_overlay && !opens_a_mention {
                    // Still open or closed, the overlay changed nothing behind
                    // it (but for the Enter keys above).
                    if s.mode.name().is_overlay() {
                        prop_assert_eq!(beneath(&s), before, "{:?} under {:?}", key, s.mode.name());
                    } else {
                        let after = beneath(&s);
                        // Closing pops the overlay off `behind`.
                        let list_reader_line = |b: &str| b.split_once('\n').map(|x| x.1.to_owned());
                        prop_assert_eq!(list_reader_line(&after), list_reader_line(&before));
                    }
                }
            }
        }
    }
}

#[test]
fn the_entities_filter_gives_the_same_rows_however_it_was_typed() {
    let mut s = analysed();
    key(&mut s, Action::EntitiesCorpus);
    let fresh = |s: &AppState| {
        let p = pane(s);
        dateline::app::entities_pane::rows(
            s.analysis.resolution.as_ref().unwrap(),
            &s.analysis.postings,
            &[],
            p,
            None,
        )
    };
    let mut steps = Vec::new();
    for c in "mex !city".chars() {
        typ(&mut s, &c.to_string());
        steps.push(pane(&s).filter.clone());
        assert_eq!(pane(&s).rows, fresh(&s), "{:?}", pane(&s).filter);
    }
    for _ in 0..9 {
        key(&mut s, Action::DeleteBack);
        assert_eq!(pane(&s).rows, fresh(&s), "{:?}", pane(&s).filter);
    }
    assert!(pane(&s).filter.is_empty());
    typ(&mut s, "dt");
    assert_eq!(pane(&s).rows, fresh(&s));
    key(&mut s, Action::CycleKind);
    assert_eq!(pane(&s).rows, fresh(&s), "type PER");
    key(&mut s, Action::DeleteWord);
    assert_eq!(pane(&s).rows, fresh(&s));
    assert!(pane(&s).rows.len() < s.analysis.postings.len());
}

/// The searches `effects` ask for.
fn requests(effects: Vec<Effect>) -> Vec<dateline::app::effect::SearchRequest> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Search(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn answers_arriving_late_or_out_of_order_never_show_a_stale_query() {
    let mut s = analysed();
    update(&mut s, Action::Search);
    let first = requests(update(&mut s, Key::char('t')));
    let second = requests(update(&mut s, Key::char('r')));
    // Backspace and "r" again: the same text as the second request, but a
    // newer query of the line.
    let _ = requests(update(&mut s, Action::DeleteBack));
    let third = requests(update(&mut s, Key::char('r')));
    let [first, second, third] = [first, second, third].map(|mut r| r.pop().unwrap());
    assert_eq!((first.query.as_str(), third.query.as_str()), ("t", "tr"));
    // The worker answers the oldest last: neither old answer is shown.
    drive(&mut s, Msg::Found(Box::new(second.run())));
    drive(&mut s, Msg::Found(Box::new(first.run())));
    assert_eq!(shown_query(&s), None);
    drive(&mut s, Msg::Found(Box::new(third.run())));
    assert_eq!(shown_query(&s).as_deref(), Some("tr"));
    // Esc closes the line: an answer still on its way changes nothing.
    let late = requests(update(&mut s, Key::char('u'))).pop().unwrap();
    drive(&mut s, Action::Back);
    drive(&mut s, Msg::Found(Box::new(late.run())));
    assert_eq!(shown_query(&s), None);
    assert!(matches!(s.mode, Mode::List));
}

#[test]
fn a_paste_into_the_query_line_is_one_edit_and_one_search() {
    let mut s = analysed();
    drive(&mut s, Action::Search);
    let pasted = format!("trump\r\n{}\u{1b}[2J\tmexico", " ".repeat(4_000));
    let asked = requests(update(&mut s, Msg::Paste(pasted)));
    assert_eq!(asked.len(), 1, "one search for the whole paste");
    let query = &s.line.input;
    assert!(
        query.starts_with("trump ") && query.ends_with("[2J mexico"),
        "{query:?}"
    );
    assert!(!query.chars().any(char::is_control), "{query:?}");
    assert_eq!(s.line.cursor, query.len());
    // Outside the query line a paste is ignored, with a note.
    let mut s = analysed();
    let before = s.list().selected;
    update(&mut s, Msg::Paste("jjjj".into()));
    assert_eq!(s.list().selected, before);
    assert!(s.message.as_deref().unwrap_or("").contains("paste ignored"));
}

/// The body bytes the reader's lines cover, first to last.
fn body_covered(s: &AppState) -> std::ops::Range<usize> {
    let body: Vec<_> = s
        .reader
        .lines
        .iter()
        .filter_map(|l| match l {
            dateline::app::state::ReaderLine::Body(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    body.first()
        .map_or(0..0, |f| f.start..body.last().unwrap().end)
}

#[test]
fn a_long_article_shows_its_first_part_at_once_and_the_rest_when_wrapped() {
    let paragraph = "The storm reached London on Friday, officials said. ".repeat(40);
    let long = format!("A long day\n\n{}", format!("{paragraph}\n\n").repeat(1_500));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Short\n\nA short one.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), &long).unwrap();
    let mut s = app_of(&Input::from_args(vec![dir.path().to_path_buf()]));
    let effects = update(&mut s, Action::Down);
    let body_len = s.store.get(s.reader.article.unwrap()).unwrap().body.len();
    assert!(body_len > 3_000_000, "{body_len}");
    // At once: the first part only, and a wrap of the whole asked for.
    assert!(s.reader.partial);
    assert!(body_covered(&s).end <= 1 << 20, "{:?}", body_covered(&s));
    let [Effect::Wrap(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let request = request.clone();
    // Scrolled down a little meanwhile: the same text stays on top.
    drive(&mut s, Action::FocusReader);
    drive(&mut s, Action::PageDown);
    drive(&mut s, Action::PageDown);
    assert!(s.reader.scroll > 0);
    let top = s.reader.lines[s.reader.scroll].clone();
    // A wrap for another width is stale.
    let mut stale = request.clone();
    stale.width += 7;
    update(&mut s, Msg::Wrapped(Box::new(stale.run())));
    assert!(s.reader.partial);
    update(&mut s, Msg::Wrapped(Box::new(request.clone().run())));
    assert!(!s.reader.partial);
    assert_eq!(body_covered(&s).end, body_len);
    assert_eq!(s.reader.lines[s.reader.scroll], top);
    // A resize wraps the first part again and asks again.
    let effects = update(&mut s, Msg::Resize(90, 30));
    assert!(matches!(effects.as_slice(), [Effect::Wrap(r)] if r.width != request.width));
    assert!(s.reader.partial);
    // A short article is wrapped at once.
    drive(&mut s, Action::FocusList);
    let back = update(&mut s, Action::Up);
    assert!(back.is_empty(), "{back:?}");
    assert!(!s.reader.partial);
}
