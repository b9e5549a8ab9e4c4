//! What the app keeps in the workspace, through `update` alone (no
//! terminal, no SQLite): the effects that ask to save the query history,
//! the place and reading positions, and how what was saved comes back
//! (`Msg::Remembered`) as the same list, article and scroll. The workspace's
//! status shows in the status bar and the warnings overlay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use dateline::analysis::analyse_now;
use dateline::app::keymap::Key;
use dateline::app::place::{self, Remembered, SavedLevel, SavedPlace};
use dateline::app::{Action, AppState, Effect, Msg, drive};
use dateline::corpus::{ArticleIdx, Input, load_all};
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use dateline::workspace::WorkspaceStatus;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// Long articles (so the reader scrolls), each with its own word and a
/// shared one.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, word) in ["amber", "basalt", "cobalt", "dolomite"].iter().enumerate() {
        let body: String = (0..60)
            .map(|p| format!("Paragraph {p} of the {word} report mentions granite and more words to wrap.\n\n"))
            .collect();
        let text = format!("The {word} story\n\n{body}");
        std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
    }
    dir
}

fn loaded(dir: &tempfile::TempDir) -> AppState {
    let l = load_all(&Input::from_args(vec![dir.path().to_path_buf()]));
    AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 100, 30),
    )
}

fn analyse(s: &mut AppState) -> Vec<Effect> {
    let mut out = Vec::new();
    for ev in analyse_now(s.store.articles()) {
        out.extend(drive(s, Msg::Analysis(ev)));
    }
    out
}

fn typ(s: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| drive(s, Key::char(c))).collect()
}

fn search(s: &mut AppState, q: &str) -> Vec<Effect> {
    let mut out = drive(s, Action::Search);
    out.extend(typ(s, q));
    out.extend(drive(s, Action::Submit));
    out
}

/// A stand-in for the workspace's user store: keeps what the effects ask
/// to save, as the keeper would, and gives it back as the keeper does.
#[derive(Default)]
struct Kept {
    history: Vec<String>,
    place: Option<SavedPlace>,
    readings: HashMap<ArticleIdx, u32>,
}

impl Kept {
    fn take(&mut self, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::RecordQuery(q) => self.history.push(q.clone()),
                Effect::SavePlace(p) => self.place = Some(p.clone()),
                Effect::SaveReading { article, reading } => {
                    self.readings.insert(*article, *reading);
                }
                _ => {}
            }
        }
    }

    fn remembered(&self) -> Vec<Msg> {
        let mut positions: Vec<(ArticleIdx, u32)> =
            self.readings.iter().map(|(a, r)| (*a, *r)).collect();
        positions.sort_unstable();
        vec![
            Msg::Remembered(Remembered::History(self.history.clone())),
            Msg::Remembered(Remembered::Place {
                place: self.place.clone(),
                positions,
            }),
        ]
    }
}

/// A fresh run with nothing saved before: saving starts at once.
fn first_run(dir: &tempfile::TempDir) -> AppState {
    let mut s = loaded(dir);
    analyse(&mut s);
    drive(
        &mut s,
        Msg::Remembered(Remembered::Place {
            place: None,
            positions: Vec::new(),
        }),
    );
    s
}

fn saves(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| {
            matches!(
                e,
                Effect::SavePlace(_) | Effect::SaveReading { .. } | Effect::RecordQuery(_)
            )
        })
        .count()
}

#[test]
fn nothing_is_saved_before_the_earlier_place_is_taken_in() {
    let dir = folder();
    let mut s = loaded(&dir);
    analyse(&mut s);
    let mut effects = drive(&mut s, Action::Down);
    effects.extend(drive(&mut s, Action::FocusReader));
    effects.extend(drive(&mut s, Action::PageDown));
    assert_eq!(saves(&effects), 0, "{effects:?}");
    drive(
        &mut s,
        Msg::Remembered(Remembered::Place {
            place: None,
            positions: Vec::new(),
        }),
    );
    let effects = drive(&mut s, Action::PageDown);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SavePlace(_))),
        "{effects:?}"
    );
}

#[test]
fn a_query_goes_to_the_history_and_the_list_to_the_place() {
    let dir = folder();
    let mut s = first_run(&dir);
    let effects = search(&mut s, "cobalt");
    let queries: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::RecordQuery(_)))
        .collect();
    assert!(
        matches!(queries.as_slice(), [Effect::RecordQuery(q)] if q == "cobalt"),
        "one query kept: {effects:?}"
    );
    let last_place = effects.iter().rev().find_map(|e| match e {
        Effect::SavePlace(p) => Some(p.clone()),
        _ => None,
    });
    let p = last_place.expect("the place is saved");
    assert_eq!(
        place::decode_levels(&p.source),
        [SavedLevel::Search("cobalt".into())]
    );
    assert_eq!(p.article, s.reader.article);
    // The same query again is not a new history entry.
    let effects = drive(&mut s, Action::Back);
    let effects2 = search(&mut s, "cobalt");
    assert!(
        !effects
            .iter()
            .chain(&effects2)
            .any(|e| matches!(e, Effect::RecordQuery(_))),
        "{effects:?} {effects2:?}"
    );
}

#[test]
fn reading_positions_are_saved_on_leaving_an_article_and_before_quitting() {
    let dir = folder();
    let mut s = first_run(&dir);
    let first = s.reader.article.unwrap();
    drive(&mut s, Action::FocusReader);
    drive(&mut s, Action::PageDown);
    let read = place::reading(&s);
    assert!(read > 0, "the reader moved into the body");
    drive(&mut s, Action::FocusList);
    let effects = drive(&mut s, Action::Down);
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::SaveReading { article, reading } if (*article, *reading) == (first, read)
        )),
        "{effects:?}"
    );
    // Browsing past an article read from the top saves nothing for it.
    let second = s.reader.article.unwrap();
    let effects = drive(&mut s, Action::Down);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SaveReading { article, .. } if *article == second)),
        "{effects:?}"
    );
    // Quitting saves the open article's position, before the Quit.
    drive(&mut s, Action::FocusReader);
    drive(&mut s, Action::PageDown);
    drive(&mut s, Action::PageDown);
    let third = s.reader.article.unwrap();
    let read3 = place::reading(&s);
    let effects = drive(&mut s, Action::Quit);
    let quit_at = effects
        .iter()
        .position(|e| matches!(e, Effect::Quit))
        .expect("quits");
    let saved_at = effects
        .iter()
        .position(|e| {
            matches!(
                e,
                Effect::SaveReading { article, reading } if (*article, *reading) == (third, read3)
            )
        })
        .expect("the open article's position is saved");
    assert!(saved_at < quit_at, "{effects:?}");
}

/// Session 1 searches, opens an article, scrolls and quits; session 2
/// takes in what was saved and shows the same list, article and scroll,
/// with the query in its history.
#[test]
fn a_second_run_comes_back_where_the_first_left() {
    let dir = folder();
    let mut kept = Kept::default();
    let mut s = first_run(&dir);
    kept.take(&search(&mut s, "granite"));
    kept.take(&drive(&mut s, Action::Down));
    kept.take(&drive(&mut s, Action::Down));
    kept.take(&drive(&mut s, Action::FocusReader));
    for _ in 0..3 {
        kept.take(&drive(&mut s, Action::PageDown));
    }
    let article = s.reader.article.unwrap();
    let scroll = s.reader.scroll;
    assert!(scroll > 0);
    let read = place::reading(&s);
    kept.take(&drive(&mut s, Action::Quit));
    assert_eq!(kept.history, ["granite"]);

    // Session 2: what was saved arrives before the analysis ends, as it
    // does when the workspace identifies the articles early.
    let mut s2 = loaded(&dir);
    for m in kept.remembered() {
        drive(&mut s2, m);
    }
    assert!(s2.list().source.search().is_none(), "no index yet");
    analyse(&mut s2);
    assert_eq!(
        s2.list().source.search().map(|x| x.query.as_str()),
        Some("granite")
    );
    assert_eq!(s2.reader.article, Some(article));
    assert_eq!(s2.reader.scroll, scroll);
    assert_eq!(place::reading(&s2), read);
    // The query line's history has the earlier run's query.
    drive(&mut s2, Action::Search);
    drive(&mut s2, Action::HistoryPrev);
    assert_eq!(s2.line.input, "granite");
}

#[test]
fn a_restore_waits_for_the_index_and_a_key_stops_it() {
    let dir = folder();
    let saved = SavedPlace {
        source: place::encode_levels(&[SavedLevel::Search("basalt".into())]),
        article: Some(1),
        reading: 0,
        list_row: 0,
    };
    let remembered = || {
        Msg::Remembered(Remembered::Place {
            place: Some(saved.clone()),
            positions: Vec::new(),
        })
    };
    // Taken in after the analysis: restored at once.
    let mut s = loaded(&dir);
    analyse(&mut s);
    drive(&mut s, remembered());
    assert_eq!(
        s.list().source.search().map(|x| x.query.as_str()),
        Some("basalt")
    );
    assert_eq!(s.reader.article, Some(1));
    // A key before the index is ready: the user's move wins.
    let mut s = loaded(&dir);
    drive(&mut s, remembered());
    drive(&mut s, Action::Down);
    analyse(&mut s);
    assert!(s.list().source.search().is_none());
    assert_eq!(s.list().selected, 1, "the user's Down holds");
}

#[test]
fn an_article_opens_at_its_kept_reading_position() {
    let dir = folder();
    let mut s = first_run(&dir);
    drive(&mut s, Action::Down);
    drive(&mut s, Action::FocusReader);
    drive(&mut s, Action::PageDown);
    drive(&mut s, Action::PageDown);
    let (article, read, scroll) = (
        s.reader.article.unwrap(),
        place::reading(&s),
        s.reader.scroll,
    );
    let mut s2 = loaded(&dir);
    analyse(&mut s2);
    drive(
        &mut s2,
        Msg::Remembered(Remembered::Place {
            place: None,
            positions: vec![(article, read)],
        }),
    );
    assert_eq!(s2.reader.scroll, 0, "the first article has no position");
    drive(&mut s2, Action::Down);
    assert_eq!(s2.reader.article, Some(article));
    assert_eq!(s2.reader.scroll, scroll);
}

fn screen(s: &AppState) -> String {
    let mut t = Terminal::new(TestBackend::new(s.size.width, s.size.height)).unwrap();
    t.draw(|f| draw(f, s, &Theme::plain())).unwrap();
    t.backend().to_string()
}

#[test]
fn the_workspace_status_shows_in_the_status_bar_and_its_path_on_w() {
    let dir = folder();
    let mut s = first_run(&dir);
    assert!(!screen(&s).contains("workspace"));
    let status = WorkspaceStatus {
        path: Some("/data/dateline/ws-1".into()),
        read_only: Some("another dateline is using it".into()),
        ..Default::default()
    };
    drive(&mut s, Msg::Workspace(Box::new(status)));
    let shown = screen(&s);
    assert!(
        shown.contains("workspace read-only, nothing saved (w)"),
        "{shown}"
    );
    drive(&mut s, Action::Warnings);
    let shown = screen(&s);
    assert!(shown.contains("Workspace: /data/dateline/ws-1"), "{shown}");
    assert!(shown.contains("another dateline is using it"), "{shown}");
}

#[test]
fn every_body_line_round_trips_through_its_reading_position() {
    let dir = folder();
    let mut s = first_run(&dir);
    let first_body = s
        .reader
        .lines
        .iter()
        .position(|l| matches!(l, dateline::app::state::ReaderLine::Body(_)))
        .unwrap();
    let max = s.reader_max_scroll();
    assert!(max > first_body + 10);
    for scroll in 0..=max {
        s.reader.scroll = scroll;
        let read = place::reading(&s);
        s.reader.scroll = 0;
        place::scroll_to_reading(&mut s, read);
        let expect = if scroll >= first_body { scroll } else { 0 };
        assert_eq!(
            s.reader.scroll,
            expect,
            "scroll {scroll} read as {read}: {:?}",
            &s.reader.lines[scroll.saturating_sub(2)..(scroll + 2).min(s.reader.lines.len())]
        );
    }
}
