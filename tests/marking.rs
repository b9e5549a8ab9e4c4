//! The marking keys without a terminal: a key asks for the mark to be kept
//! (it does not show yet); the answer of the store shows it. Browsing the
//! list reads nothing; opening an article reads it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use dateline::app::keymap::Key;
use dateline::app::{AppState, Effect, Mode, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::reading::{Change, Keeper, Marks};
use dateline::store::Store;
use ratatui::layout::Rect;

fn app() -> AppState {
    let l = load_all(&Input::Seeds);
    let mut s = AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 120, 40),
    );
    let n = s.store.len();
    drive(&mut s, Msg::Marks(Marks::new(n)));
    s
}

/// Carries out the marking effects with `k`, as the shell does.
fn run(s: &mut AppState, k: &mut Keeper, effects: Vec<Effect>) {
    for e in effects {
        if let Effect::Keep { article, change } = e {
            let arts: Vec<Arc<_>> = s.store.articles().to_vec();
            let result = k
                .apply(&arts, article as usize, &change)
                .map_err(|e| e.to_string());
            let more = drive(s, Msg::Kept { article, result });
            run(s, k, more);
        }
    }
}

fn key(s: &mut AppState, k: &mut Keeper, c: char) {
    let e = drive(s, Key::char(c));
    run(s, k, e);
}

#[test]
fn a_mark_shows_only_once_kept_and_browsing_reads_nothing() {
    let mut s = app();
    let mut k = Keeper::new(None);
    let effects = drive(&mut s, Key::char('s'));
    assert!(
        matches!(
            &effects[..],
            [Effect::Keep {
                article: 0,
                change: Change::Starred(true)
            }]
        ),
        "{effects:?}"
    );
    assert!(
        !s.marks.get(0).unwrap().starred,
        "not shown before it is kept"
    );
    run(&mut s, &mut k, effects);
    assert!(s.marks.get(0).unwrap().starred);
    key(&mut s, &mut k, 'j');
    key(&mut s, &mut k, 'j');
    assert_eq!(s.marks.unread(), 3, "browsing reads nothing");
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Enter));
    run(&mut s, &mut k, e);
    assert!(s.marks.get(2).unwrap().read, "opening reads");
    assert_eq!(s.marks.unread(), 2);
    key(&mut s, &mut k, 'r');
    assert_eq!(s.marks.unread(), 3, "r toggles back");
    // u goes to the next unread article from the list.
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Esc));
    run(&mut s, &mut k, e);
    key(&mut s, &mut k, 'g');
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Enter));
    run(&mut s, &mut k, e);
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Esc));
    run(&mut s, &mut k, e);
    key(&mut s, &mut k, 'u');
    assert_eq!(s.lists.top().selected, 1);
}

#[test]
fn the_tag_prompt_completes_and_keeps_normalised_tags() {
    let mut s = app();
    let mut k = Keeper::new(None);
    key(&mut s, &mut k, 't');
    assert!(matches!(s.mode, Mode::Prompt(_)));
    for c in "Follow Up,legal".chars() {
        key(&mut s, &mut k, c);
    }
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Enter));
    run(&mut s, &mut k, e);
    assert_eq!(s.marks.get(0).unwrap().tags, ["follow", "legal", "up"]);
    // On the next article, Tab completes from the tags in use.
    key(&mut s, &mut k, 'j');
    key(&mut s, &mut k, 't');
    key(&mut s, &mut k, 'l');
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Tab));
    run(&mut s, &mut k, e);
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Enter));
    run(&mut s, &mut k, e);
    assert_eq!(s.marks.get(1).unwrap().tags, ["legal"]);
    // Esc leaves the tags as they were.
    key(&mut s, &mut k, 't');
    key(&mut s, &mut k, 'z');
    let e = drive(&mut s, Key::plain(crossterm::event::KeyCode::Esc));
    run(&mut s, &mut k, e);
    assert_eq!(s.marks.get(1).unwrap().tags, ["legal"]);
}
