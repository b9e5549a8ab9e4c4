//! Whole screens drawn through ratatui's TestBackend, compared with snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::analysis::analyse_now;
use dateline::app::keymap::Key;
use dateline::app::{Action, AppState, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Position, Rect};

/// The seeds loaded and analysed (entities, index), as the app has them
/// once the background work is done.
fn seeded(w: u16, h: u16) -> AppState {
    let loaded = load_all(&Input::Seeds);
    let store = Store::from_articles(loaded.articles, loaded.warnings);
    let mut state = AppState::new(store, Rect::new(0, 0, w, h));
    for ev in analyse_now(state.store.articles()) {
        drive(&mut state, Msg::Analysis(ev));
    }
    state
}

fn update(state: &mut AppState, action: Action) {
    drive(state, action);
}

fn typ(state: &mut AppState, text: &str) {
    for c in text.chars() {
        drive(state, Key::char(c));
    }
}

fn type_query(state: &mut AppState, q: &str) {
    update(state, Action::Search);
    typ(state, q);
}

fn screen(state: &AppState) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(state.size.width, state.size.height)).unwrap();
    t.draw(|f| draw(f, state, &Theme::colored())).unwrap();
    t
}

#[test]
fn main_screen_80x24() {
    let state = seeded(80, 24);
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn main_screen_120x40_reading_the_second_article() {
    let mut state = seeded(120, 40);
    update(&mut state, Action::Down);
    update(&mut state, Action::Open);
    update(&mut state, Action::HalfPageDown);
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn help_overlay() {
    let mut state = seeded(100, 32);
    update(&mut state, Action::Help);
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn narrow_40x20_shows_one_pane() {
    let mut state = seeded(40, 20);
    insta::assert_snapshot!("narrow_list", screen(&state).backend());
    update(&mut state, Action::Open);
    insta::assert_snapshot!("narrow_reader", screen(&state).backend());
}

#[test]
fn tiny_terminals_draw_without_panic() {
    for (w, h) in [(1, 1), (2, 2), (10, 3), (79, 5), (80, 2), (200, 1)] {
        let mut state = seeded(w, h);
        for a in [
            Action::Open,
            Action::PageDown,
            Action::Help,
            Action::Down,
            Action::Warnings,
        ] {
            update(&mut state, a);
            screen(&state);
        }
    }
    let state = seeded(1, 1);
    insta::assert_snapshot!("one_by_one", screen(&state).backend());
}

#[test]
fn no_color_theme_has_no_colours() {
    let state = seeded(80, 24);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| draw(f, &state, &Theme::plain())).unwrap();
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    // The selection is still visible without colour.
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
    );
}

#[test]
fn search_screen() {
    let mut state = seeded(120, 30);
    type_query(&mut state, "honduran migr");
    insta::assert_snapshot!("search_typing", screen(&state).backend());
    update(&mut state, Action::Submit);
    update(&mut state, Action::NextHit);
    insta::assert_snapshot!("search_kept", screen(&state).backend());
}

#[test]
fn the_terminal_cursor_sits_at_the_query_lines_cursor() {
    let mut state = seeded(120, 30);
    type_query(&mut state, "border  wall");
    update(&mut state, Action::WordLeft);
    let mut t = screen(&state);
    let row = state.size.height - 1;
    // " / " and a space, then "border  " (both spaces shown).
    assert_eq!(t.get_cursor_position().unwrap(), Position::new(4 + 8, row));
    let line: String = (0..40)
        .map(|x| t.backend().buffer()[(x, row)].symbol().to_owned())
        .collect();
    assert!(line.contains(" border  wall "), "{line:?}");
    // A space typed at the end is shown and moves the cursor.
    update(&mut state, Action::LineEnd);
    typ(&mut state, " ");
    t = screen(&state);
    assert_eq!(t.get_cursor_position().unwrap(), Position::new(4 + 13, row));
}

#[test]
fn entity_and_hit_styles_in_the_reader() {
    let mut state = seeded(84, 12);
    type_query(&mut state, "caravan");
    update(&mut state, Action::Submit);
    update(&mut state, Action::Open);
    insta::assert_debug_snapshot!(screen(&state).backend().buffer());
}

#[test]
fn concordance_view() {
    let mut state = seeded(110, 20);
    update(&mut state, Action::FocusReader);
    let id = state
        .analysis
        .resolution
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == "Donald Trump")
        .unwrap();
    while state
        .reader
        .mention
        .and_then(|m| state.mention_spans(0).get(m).and_then(|s| s.entity))
        != Some(id as u32)
    {
        update(&mut state, Action::NextMention);
    }
    update(&mut state, Action::ShowMentions);
    update(&mut state, Action::Down);
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn entities_pane() {
    let mut state = seeded(100, 16);
    update(&mut state, Action::EntitiesArticle);
    typ(&mut state, "m");
    update(&mut state, Action::Down);
    insta::assert_snapshot!(screen(&state).backend());
}

/// The bottom line of the screen, as text.
fn status_line(state: &AppState) -> String {
    let t = screen(state);
    let buf = t.backend().buffer();
    let y = state.size.height - 1;
    (0..state.size.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn status_bar_shows_each_analysis_phase_with_counts() {
    let loaded = load_all(&Input::Seeds);
    let store = Store::from_articles(loaded.articles, loaded.warnings);
    let mut state = AppState::new(store, Rect::new(0, 0, 120, 20));
    let events = analyse_now(state.store.articles());
    assert!(
        status_line(&state).contains("finding entities 0/3"),
        "{}",
        status_line(&state)
    );
    let mut saw_indexing = false;
    for ev in events {
        let is_index = matches!(ev, dateline::analysis::AnalysisEvent::Index(_));
        if is_index {
            // A query typed now waits for the index and says why.
            type_query(&mut state, "trump");
            let line = status_line(&state);
            assert!(
                line.contains("indexing 3/3… the query runs when ready"),
                "{line}"
            );
            saw_indexing = true;
        }
        drive(&mut state, Msg::Analysis(ev));
    }
    assert!(saw_indexing);
    let line = status_line(&state);
    assert!(
        !line.contains("indexing") && line.contains("match"),
        "{line}"
    );
}

/// The screen as text.
fn text(state: &AppState) -> String {
    let t = screen(state);
    let buf = t.backend().buffer();
    (0..state.size.height)
        .map(|y| {
            (0..state.size.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_list_header_says_what_each_level_narrows() {
    let mut state = seeded(200, 20);
    type_query(&mut state, "caravan");
    update(&mut state, Action::Submit);
    assert!(text(&state).contains("3 results for “caravan” · Esc back"));
    update(&mut state, Action::EntitiesCorpus);
    typ(&mut state, "donald trump");
    update(&mut state, Action::Open);
    let screen = text(&state);
    assert!(
        screen.contains(" 3 mention Donald Trump, of 3 results for “caravan” "),
        "{screen}"
    );
    update(&mut state, Action::Back);
    update(&mut state, Action::Back);
    assert!(text(&state).contains(" Articles (3) "));
    update(&mut state, Action::EntitiesCorpus);
    typ(&mut state, "honduras");
    update(&mut state, Action::Open);
    assert!(text(&state).contains(" 2 articles mention Honduras · Esc back "));
    type_query(&mut state, "migrants");
    let screen = text(&state);
    assert!(
        screen.contains(" 2 results for “migrants” among the 2 on Honduras "),
        "{screen}"
    );
}

#[test]
fn the_reader_names_the_file_from_the_folder_opened_keeping_its_name() {
    let root = tempfile::tempdir().unwrap();
    let dir = root
        .path()
        .join("a rather long folder name for the news")
        .join("politics");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("380.txt"),
        "Minimum wage increased\n\ndate 2004-10-01\n\nThe minimum wage will rise in October.\n",
    )
    .unwrap();
    let loaded = load_all(&Input::from_args(vec![root.path().to_path_buf()]));
    let store = Store::from_articles(loaded.articles, loaded.warnings);
    let mut state = AppState::new(store, Rect::new(0, 0, 80, 12));
    state.opened = vec![root.path().to_path_buf()];
    update(&mut state, Action::FocusReader);
    let screen = text(&state);
    let meta = screen
        .lines()
        .find(|l| l.contains("380.txt"))
        .unwrap_or_else(|| panic!("no file name:\n{screen}"));
    assert!(meta.contains("\u{2026}/politics/380.txt"), "{meta}");
    assert!(!meta.contains(&*root.path().to_string_lossy()), "{meta}");
    // With room, the whole path from the folder opened.
    let wide = {
        update(&mut state, Action::FocusList);
        drive(&mut state, Msg::Resize(200, 12));
        text(&state)
    };
    assert!(
        wide.contains("a rather long folder name for the news/politics/380.txt"),
        "{wide}"
    );
}

#[test]
fn the_help_fits_80_columns() {
    // Tall enough for every table at once: what is checked is the width.
    let mut state = seeded(80, 400);
    update(&mut state, Action::Help);
    let screen = text(&state);
    for table in &state.keymap.tables {
        assert!(screen.contains(table.title), "{}", table.title);
        for b in &table.bindings {
            assert!(screen.contains(b.help), "cut: {}", b.help);
        }
    }
}
