//! The app's update function without a terminal: search, n/N across
//! articles, restoring the list, parse errors, a query typed early.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::{Action, AppState, Focus, update};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use ratatui::layout::Rect;

fn loaded() -> AppState {
    let l = load_all(&Input::Seeds);
    AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 120, 30),
    )
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
    let line = s.line_of(s.reader.hits[0].start).unwrap();
    assert!(line >= s.reader.scroll && line < s.reader.scroll + s.reader_height());
}

#[test]
fn hits_lie_on_the_query_words() {
    let mut s = analysed();
    search(&mut s, "caravan");
    let a = s.store.get(s.reader.article.unwrap()).unwrap();
    assert!(!s.reader.hits.is_empty());
    for r in &s.reader.hits {
        assert!(a.body[r.clone()].to_lowercase().starts_with("caravan"));
    }
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
    update(&mut s, Action::QueryDeleteWord);
    for c in "trump".chars() {
        update(&mut s, Action::QueryChar(c));
    }
    assert_eq!(s.search.input, "mexico OR trump");
    assert!(s.search.error.is_none());
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
