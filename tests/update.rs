//! The app's update function without a terminal: search, n/N across
//! articles, restoring the list, parse errors, a query typed early.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::line_edit::Edit;
use dateline::app::{Action, AppState, Focus, update};
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

fn analysed() -> AppState {
    let mut s = loaded();
    for ev in analyse_now(s.store.articles()) {
        s.on_analysis(ev);
    }
    s
}

fn search(s: &mut AppState, q: &str) {
    update(s, Action::SearchOpen);
    for c in q.chars() {
        update(s, Action::QueryChar(c));
    }
    update(s, Action::QuerySubmit);
}

/// (row in the results, hit number) of the reader.
fn at(s: &AppState) -> (usize, usize) {
    (
        s.row_of(s.reader.article.unwrap()).unwrap(),
        s.reader.hit.unwrap(),
    )
}

#[test]
fn n_and_n_cross_article_boundaries_and_wrap() {
    let mut s = analysed();
    search(&mut s, "guatemala");
    let rows = s.row_count();
    assert!(rows >= 2, "guatemala is in several seeds");
    assert_eq!(s.focus, Focus::List);
    assert_eq!(at(&s), (0, 0));
    // Walk every hit of the first article, then into the second.
    let first_hits = s.reader.hits.len();
    for i in 1..first_hits {
        update(&mut s, Action::NextHit);
        assert_eq!(at(&s), (0, i));
    }
    update(&mut s, Action::NextHit);
    assert_eq!(at(&s), (1, 0));
    assert_eq!(s.list.selected, 1, "the list follows the reader");
    // Back again: the last hit of the first article.
    update(&mut s, Action::PrevHit);
    assert_eq!(at(&s), (0, first_hits - 1));
    // Backwards from the very first hit wraps to the last result's last hit.
    update(&mut s, Action::Top);
    s.reader.hit = Some(0);
    update(&mut s, Action::PrevHit);
    let last = s.reader.hits.len() - 1;
    assert_eq!(at(&s), (rows - 1, last));
    // And forward from there wraps to the start.
    update(&mut s, Action::NextHit);
    assert_eq!(at(&s), (0, 0));
    // The current hit is on screen.
    let hit = &s.reader.hits[0];
    let line = if hit.in_title {
        0
    } else {
        s.line_of(hit.range.start).unwrap()
    };
    assert!(line >= s.reader.scroll && line < s.reader.scroll + s.reader_height());
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
        update(&mut s, Action::NextHit);
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
    update(&mut s, Action::Down);
    update(&mut s, Action::Down);
    search(&mut s, "trump");
    assert!(s.search.active());
    update(&mut s, Action::Back);
    assert!(!s.search.active());
    assert_eq!(s.list.selected, 2);
    assert_eq!(s.reader.article, Some(2));
    assert_eq!(s.row_count(), 3);
    // The query is in the history.
    update(&mut s, Action::SearchOpen);
    update(&mut s, Action::QueryHistoryPrev);
    assert_eq!(s.search.input, "trump");
    assert!(s.search.active());
}

#[test]
fn a_query_that_does_not_parse_keeps_the_last_results() {
    let mut s = analysed();
    update(&mut s, Action::SearchOpen);
    for c in "mexico OR OR".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    let before = s.search.results.as_ref().map(|r| r.total);
    assert!(before.is_some_and(|n| n > 0), "the last good results stay");
    assert!(
        s.search.error.as_deref().is_some_and(|e| e.contains("OR")),
        "{:?}",
        s.search.error
    );
    // The results say which query they answer: the last one that parsed.
    let shown = s.search.results_query.clone();
    assert!(!shown.is_empty() && shown != s.search.input, "{shown:?}");
    assert!(s.search.input.starts_with(&shown), "{shown:?}");
    update(&mut s, Action::QueryEdit(Edit::DeleteWord));
    for c in "trump".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    assert_eq!(s.search.input, "mexico OR trump");
    assert!(s.search.error.is_none());
    assert_eq!(s.search.results_query, "mexico OR trump");
}

#[test]
fn a_query_typed_before_the_index_is_ready_runs_when_it_is() {
    let mut s = loaded();
    update(&mut s, Action::SearchOpen);
    for c in "honduras".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    assert!(s.search.pending);
    assert!(!s.search.active());
    for ev in analyse_now(s.store.articles()) {
        let was_index = matches!(ev, AnalysisEvent::Index(_));
        s.on_analysis(ev);
        if was_index {
            assert!(!s.search.pending);
        }
    }
    assert!(s.search.results.as_ref().is_some_and(|r| r.total >= 1));
}

#[test]
fn n_without_a_search_says_so() {
    let mut s = analysed();
    update(&mut s, Action::NextHit);
    assert!(s.message.as_deref().is_some_and(|m| m.contains("/")));
    assert_eq!(s.reader.article, Some(0));
}

/// The entity of the reader's current mention.
fn current_entity(s: &AppState) -> Option<u32> {
    let a = s.reader.article?;
    s.entity_spans(a).get(s.reader.mention?)?.2
}

/// Puts the mention cursor on the first mention of the entity called `name`.
fn cursor_on(s: &mut AppState, name: &str) -> u32 {
    let id = s
        .analysis
        .resolution
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == name)
        .unwrap() as u32;
    update(s, Action::FocusReader);
    update(s, Action::Top);
    for _ in 0..500 {
        if current_entity(s) == Some(id) {
            return id;
        }
        update(s, Action::NextMention);
    }
    panic!("no mention of {name} in the first article");
}

#[test]
fn mention_cursor_walks_the_article_and_stays_in_view() {
    let mut s = analysed();
    update(&mut s, Action::FocusReader);
    let n = s.entity_spans(0).len();
    assert!(n > 5);
    assert_eq!(
        s.reader.mention,
        Some(0),
        "the cursor starts on the first mention in view"
    );
    for i in 1..n {
        update(&mut s, Action::NextMention);
        assert_eq!(s.reader.mention, Some(i));
        let start = s.entity_spans(0)[i].0.start;
        let line = s.line_of(start).unwrap();
        assert!(line >= s.reader.scroll && line < s.reader.scroll + s.reader_height());
    }
    update(&mut s, Action::NextMention);
    assert_eq!(s.reader.mention, Some(n - 1), "stops at the last mention");
    update(&mut s, Action::PrevMention);
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
        update(&mut s, Action::NextSameEntity);
        let here = (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32);
        assert_eq!(here, postings[(first + k) % postings.len()]);
        assert_eq!(current_entity(&s), Some(trump));
        articles.insert(here.0);
        let a = s.store.get(here.0).unwrap();
        texts.insert(a.body[s.entity_spans(here.0)[here.1 as usize].0.clone()].to_owned());
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
    update(&mut s, Action::PrevSameEntity);
    assert_eq!(
        (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32),
        postings[(first + postings.len() - 1) % postings.len()]
    );
}

#[test]
fn jumps_from_the_list_follow_the_leading_entity() {
    let mut s = analysed();
    assert_eq!(s.focus, Focus::List);
    update(&mut s, Action::NextSameEntity);
    let e = current_entity(&s).expect("a current mention");
    assert_eq!(s.reader.article, Some(0));
    // It is a person, place or organisation mentioned most in the article.
    let count = |id| s.entity_spans(0).iter().filter(|m| m.2 == Some(id)).count();
    let most = s
        .entity_spans(0)
        .iter()
        .filter(|m| m.1 != dateline::entities::EntityKind::Date)
        .filter_map(|m| m.2)
        .map(count)
        .max()
        .unwrap();
    assert_eq!(count(e), most);
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
        update(&mut s, a);
    }
    assert_eq!(s.reader.article, Some(0));
    assert!(s.message.is_some());
    let mut empty = AppState::new(Store::default(), Rect::new(0, 0, 80, 24));
    for a in [
        Action::NextMention,
        Action::NextSameEntity,
        Action::PrevSameEntity,
        Action::NextHit,
    ] {
        update(&mut empty, a);
    }
    assert_eq!(empty.reader.article, None);
}

#[test]
fn concordance_opens_the_chosen_mention() {
    let mut s = analysed();
    let trump = cursor_on(&mut s, "Donald Trump");
    update(&mut s, Action::ShowMentions);
    assert_eq!(s.overlay, Some(dateline::app::Overlay::Mentions(trump)));
    let postings = s.analysis.postings[trump as usize].clone();
    for _ in 0..postings.len() - 1 {
        update(&mut s, Action::Down);
    }
    update(&mut s, Action::Down); // stays on the last row
    update(&mut s, Action::Open);
    assert_eq!(s.overlay, None);
    let last = *postings.last().unwrap();
    assert_eq!(
        (s.reader.article.unwrap(), s.reader.mention.unwrap() as u32),
        last
    );
    assert_eq!(current_entity(&s), Some(trump));
    assert_eq!(s.focus, Focus::Reader);
}

#[test]
fn entities_pane_filters_and_narrows_the_list() {
    let mut s = analysed();
    update(&mut s, Action::EntitiesArticle);
    let pane = s.entities_pane.as_ref().unwrap();
    assert!(!pane.corpus && !pane.rows.is_empty());
    assert!(pane.rows.iter().all(|r| r.in_article > 0));
    for c in "trump".chars() {
        update(&mut s, Action::PaneChar(c));
    }
    let res = s.analysis.resolution.as_ref().unwrap();
    let top = s.entities_pane.as_ref().unwrap().rows[0];
    assert_eq!(res.entities[top.entity as usize].name, "Donald Trump");
    assert_eq!(
        top.in_corpus,
        s.analysis.postings[top.entity as usize].len()
    );
    // Tab to PER keeps him; Tab to LOC drops him.
    update(&mut s, Action::PaneKind);
    assert_eq!(s.entities_pane.as_ref().unwrap().rows[0], top);
    update(&mut s, Action::PaneKind);
    assert!(
        s.entities_pane
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .all(|r| r.entity != top.entity)
    );
    for _ in 0..4 {
        update(&mut s, Action::PaneKind); // ORG, MISC, DATE, then all types again
    }
    assert_eq!(s.entities_pane.as_ref().unwrap().kind, None);
    update(&mut s, Action::Open);
    assert!(s.entities_pane.is_none());
    let filter = s.entity_filter.as_ref().unwrap();
    assert_eq!(filter.articles.len(), 3);
    assert_eq!(s.row_count(), 3);
    assert_eq!(
        current_entity(&s),
        Some(top.entity),
        "the cursor is on his first mention"
    );
    update(&mut s, Action::Back);
    assert!(s.entity_filter.is_none());
    assert_eq!(s.row_count(), 3);
}

#[test]
fn corpus_pane_lists_every_mentioned_entity() {
    let mut s = analysed();
    update(&mut s, Action::EntitiesCorpus);
    let pane = s.entities_pane.as_ref().unwrap();
    let mentioned = s.analysis.postings.iter().filter(|p| !p.is_empty()).count();
    assert_eq!(pane.rows.len(), mentioned);
    let counts: Vec<usize> = pane.rows.iter().map(|r| r.in_corpus).collect();
    assert!(counts.iter().all(|&c| c > 0));
    update(&mut s, Action::Back);
    assert!(s.entities_pane.is_none());
}

#[test]
fn clicking_a_mention_makes_it_current() {
    let mut s = analysed();
    update(&mut s, Action::FocusReader);
    // Find where the third mention is drawn: its line and column.
    let spans = s.entity_spans(0);
    let target = 2;
    let start = spans[target].0.start;
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
    update(&mut s, Action::Click(area.x + col as u16 + 1, y));
    assert_eq!(s.reader.mention, Some(target));
}

#[test]
fn the_query_line_edits_at_its_cursor_and_searches_each_change() {
    let mut s = analysed();
    search(&mut s, "mexico");
    update(&mut s, Action::SearchOpen);
    assert_eq!(s.search.cursor, "mexico".len(), "the cursor is at the end");
    for e in [Edit::WordLeft, Edit::Right, Edit::Right] {
        update(&mut s, Action::QueryEdit(e));
    }
    update(&mut s, Action::QueryEdit(Edit::DeleteToEnd));
    assert_eq!(s.search.input, "me");
    for c in "xico honduras".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    update(&mut s, Action::QueryEdit(Edit::Home));
    update(&mut s, Action::QueryChar('"'));
    update(&mut s, Action::QueryEdit(Edit::End));
    update(&mut s, Action::QueryChar('"'));
    assert_eq!(s.search.input, "\"mexico honduras\"");
    assert_eq!(s.search.results_query, s.search.input, "every edit runs");
}

#[test]
fn history_keeps_the_draft_and_skips_the_query_in_the_line() {
    let mut s = analysed();
    search(&mut s, "mexico");
    update(&mut s, Action::Back);
    search(&mut s, "honduras");
    // After Enter, Up goes to the query before the one shown.
    update(&mut s, Action::SearchOpen);
    update(&mut s, Action::QueryHistoryPrev);
    assert_eq!(s.search.input, "mexico");
    update(&mut s, Action::QueryHistoryNext);
    assert_eq!(s.search.input, "honduras", "one Down: back to the draft");
    assert_eq!(s.search.history_pos, None, "not on the equal newest query");
    // A half-typed query survives a look at the history.
    update(&mut s, Action::QueryEdit(Edit::DeleteToStart));
    for c in "guatem".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    update(&mut s, Action::QueryHistoryPrev);
    update(&mut s, Action::QueryHistoryPrev);
    assert_eq!(s.search.input, "mexico");
    update(&mut s, Action::QueryHistoryNext);
    update(&mut s, Action::QueryHistoryNext);
    assert_eq!(s.search.input, "guatem");
    assert_eq!(s.search.cursor, "guatem".len());
}

#[test]
fn keys_on_the_help_screen_stay_there() {
    let mut s = analysed();
    let before = (s.list.selected, s.focus, s.search.active());
    update(&mut s, Action::ToggleHelp);
    for a in [
        Action::Bottom,
        Action::NextHit,
        Action::SearchOpen,
        Action::FocusReader,
    ] {
        update(&mut s, a);
    }
    assert!(s.overlay.is_some(), "still open");
    assert!(s.overlay_scroll > 0, "G scrolled the help to its end");
    let end = s.overlay_scroll;
    update(&mut s, Action::Down);
    assert_eq!(s.overlay_scroll, end, "and not past it");
    update(&mut s, Action::Back);
    assert!(s.overlay.is_none());
    assert_eq!((s.list.selected, s.focus, s.search.active()), before);
    assert!(!s.search.editing);
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
    for ev in analyse_now(s.store.articles()) {
        s.on_analysis(ev);
    }
    search(&mut s, "harvest");
    let total = s.search.results.as_ref().unwrap().total;
    assert_eq!(total, n);
    assert!(s.row_count() < n, "a keystroke asks for fewer");
    // N from the first hit of the first result wraps to the very last match.
    update(&mut s, Action::PrevHit);
    assert_eq!((s.row_count(), s.list.selected), (n, n - 1));
    assert!(s.message.as_deref().is_some_and(|m| m.contains("wrapped")));
    update(&mut s, Action::Back);
    search(&mut s, "harvest");
    assert!(s.row_count() < n);
    update(&mut s, Action::Bottom);
    assert_eq!(s.row_count(), n);
    assert_eq!(s.list.selected, n - 1);
    assert!(
        s.position_label().contains(&format!("/{n}")),
        "{}",
        s.position_label()
    );
    // n from the last result wraps to the first, and says so.
    let hits = s.reader.hits.len();
    for _ in 0..hits {
        update(&mut s, Action::NextHit);
    }
    assert_eq!(s.list.selected, 0);
    assert!(s.message.as_deref().is_some_and(|m| m.contains("wrapped")));
}

#[test]
fn n_with_no_matches_says_so() {
    let mut s = analysed();
    search(&mut s, "zzqxj");
    update(&mut s, Action::NextHit);
    assert_eq!(s.message.as_deref(), Some("no matches to jump to"));
}
