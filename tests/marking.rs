//! The marking keys without a terminal: a key asks for the mark to be kept
//! (it does not show yet); the answer of the store shows it. Browsing the
//! list reads nothing; an article open in the reader for the dwell reads
//! it (the dwell's timer is the shell's: these tests send its tick).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use dateline::app::effect::Timer;
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
    let tick = dwell_of(&e).expect("opening starts the dwell");
    run(&mut s, &mut k, e);
    assert!(!s.marks.get(2).unwrap().read, "not before the dwell");
    let e = drive(&mut s, Msg::Timer(tick));
    run(&mut s, &mut k, e);
    assert!(s.marks.get(2).unwrap().read, "read after the dwell");
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

/// The dwell timer among `effects`, with how long it waits.
fn dwell_of(effects: &[Effect]) -> Option<Timer> {
    effects.iter().find_map(|e| match e {
        Effect::Timer { after, timer } => {
            assert_eq!(*after, std::time::Duration::from_millis(1500));
            Some(*timer)
        }
        _ => None,
    })
}

fn enter(s: &mut AppState) -> Vec<Effect> {
    drive(s, Key::plain(crossterm::event::KeyCode::Enter))
}

fn esc(s: &mut AppState) -> Vec<Effect> {
    drive(s, Key::plain(crossterm::event::KeyCode::Esc))
}

#[test]
fn leaving_before_the_dwell_reads_nothing_and_a_late_tick_is_dropped() {
    let mut s = app();
    let mut k = Keeper::new(None);
    // j/k in the list start no dwell.
    for c in ['j', 'k', 'j'] {
        let e = drive(&mut s, Key::char(c));
        assert_eq!(dwell_of(&e), None, "{c}");
    }
    let e = enter(&mut s);
    let first = dwell_of(&e).unwrap();
    let e = esc(&mut s);
    assert!(e.is_empty(), "{e:?}");
    let e = drive(&mut s, Msg::Timer(first));
    assert!(e.is_empty(), "the tick of a dwell left is dropped: {e:?}");
    assert!(!s.marks.get(1).unwrap().read);
    // Opened again: a new dwell; the old tick still counts for nothing.
    let e = enter(&mut s);
    let second = dwell_of(&e).unwrap();
    assert_ne!(first, second);
    assert!(drive(&mut s, Msg::Timer(first)).is_empty());
    // The reader moves on to another article (u): its own dwell.
    let e = drive(&mut s, Key::char('u'));
    let third = dwell_of(&e).expect("another article, another dwell");
    assert!(drive(&mut s, Msg::Timer(second)).is_empty());
    let e = drive(&mut s, Msg::Timer(third));
    run(&mut s, &mut k, e);
    let now = s.reader.article.unwrap() as usize;
    assert_ne!(now, 1);
    assert!(s.marks.get(now).unwrap().read);
    assert!(
        !s.marks.get(1).unwrap().read,
        "the one left early stays unread"
    );
}

#[test]
fn r_during_the_dwell_stands_and_a_zero_dwell_reads_at_once() {
    let mut s = app();
    let mut k = Keeper::new(None);
    let e = enter(&mut s);
    let tick = dwell_of(&e).unwrap();
    // Read, then unread by hand: the dwell does not mark it again.
    key(&mut s, &mut k, 'r');
    key(&mut s, &mut k, 'r');
    assert!(!s.marks.get(0).unwrap().read);
    assert!(drive(&mut s, Msg::Timer(tick)).is_empty());
    assert!(!s.marks.get(0).unwrap().read);
    // No dwell: opening reads.
    esc(&mut s);
    s.read_dwell = std::time::Duration::ZERO;
    let e = enter(&mut s);
    assert!(
        matches!(
            &e[..],
            [Effect::Keep {
                article: 0,
                change: Change::Read(true)
            }]
        ),
        "{e:?}"
    );
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

#[test]
fn a_selection_of_lines_clips_their_text_with_file_offsets() {
    let mut s = app();
    let mut k = Keeper::new(None);
    enter(&mut s);
    // Esc leaves a selection without clipping.
    drive(&mut s, Key::char('v'));
    assert!(matches!(s.mode, Mode::Visual(_)), "{:?}", s.mode);
    assert!(esc(&mut s).is_empty());
    assert_eq!(s.mode, Mode::Reader);
    // v, two lines more, c: one clip from the first line's start to the
    // third's end.
    drive(&mut s, Key::char('v'));
    drive(&mut s, Key::char('j'));
    drive(&mut s, Key::char('j'));
    let Mode::Visual(sel) = s.mode else {
        panic!("{:?}", s.mode)
    };
    let lines: Vec<_> = s.reader.lines[sel.lines()]
        .iter()
        .filter_map(|l| match l {
            dateline::app::state::ReaderLine::Body(r) if !r.is_empty() => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    let e = drive(&mut s, Key::char('c'));
    let want = lines[0].start..lines[lines.len() - 1].end;
    assert!(
        matches!(&e[..], [Effect::Keep { article: 0, change: Change::Clip(r) }] if *r == want),
        "{e:?}"
    );
    assert_eq!(s.mode, Mode::Reader, "clipping ends the selection");
    run(&mut s, &mut k, e);
    assert_eq!(s.marks.get(0).unwrap().clips, 1);
    let clips = k.clips().unwrap();
    let a = s.store.get(0).unwrap();
    assert_eq!(clips[0].text, a.body[want.clone()]);
    let file =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&*a.path)).unwrap();
    let (start, end) = (clips[0].start as usize, clips[0].end as usize);
    assert_eq!(
        String::from_utf8_lossy(&file[start..end]),
        a.body[want],
        "the offsets point at the clipped bytes in the file"
    );
}
