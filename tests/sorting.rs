//! The list's order through `update`, without a terminal: `o` cycles path,
//! date, title and last read over every article and over a query of marks
//! alone; the selected article stays selected; undated articles come last
//! and equal keys keep path order; the order chosen is asked to be kept
//! and one kept in the workspace wins over the configuration's; the list's
//! scroll row comes back with the place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::analysis::analyse_now;
use dateline::app::effect::Effect;
use dateline::app::keymap::Key;
use dateline::app::place::{Remembered, SavedPlace, encode_levels};
use dateline::app::{AppState, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::reading::{ListSort, Marks};
use dateline::store::Store;
use ratatui::layout::Rect;

/// Six articles: (file, title, date). Two share a date, two share a
/// title (ignoring case), one date does not read as one, one has none.
const FILES: &[(&str, &str, Option<&str>)] = &[
    ("a.txt", "Budget vote delayed", Some("2018-03-01")),
    ("b.txt", "apple harvest record", None),
    ("c.txt", "Zinc prices climb", Some("2019-07-15")),
    ("d.txt", "Apple harvest record", Some("2018-03-01")),
    ("e.txt", "Mayor opens bridge", Some("sometime")),
    ("f.txt", "Storm hits coast", Some("2017-01-09")),
];

fn app() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    for (name, title, date) in FILES {
        let date = date.map_or(String::new(), |d| format!("date {d} "));
        let text = format!("{title}\n\n{date}The story of {title} in a few words.\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let l = load_all(&Input::from_args(vec![dir.path().to_path_buf()]));
    let mut s = AppState::new(
        Store::from_articles(l.articles, l.warnings),
        Rect::new(0, 0, 120, 16),
    );
    for ev in analyse_now(s.store.articles()) {
        drive(&mut s, Msg::Analysis(ev));
    }
    let n = s.store.len();
    drive(&mut s, Msg::Marks(Marks::new(n)));
    (dir, s)
}

/// The titles of the list shown, top to bottom.
fn titles(s: &AppState) -> Vec<String> {
    (0..s.row_count())
        .map(|r| {
            s.store
                .get(s.row_article(r).unwrap())
                .unwrap()
                .title
                .clone()
        })
        .collect()
}

fn selected_title(s: &AppState) -> String {
    let a = s.row_article(s.list().selected).unwrap();
    assert_eq!(s.reader.article, Some(a), "the reader follows the list");
    s.store.get(a).unwrap().title.clone()
}

fn sort_key(s: &mut AppState) -> Vec<Effect> {
    drive(s, Key::char('o'))
}

#[test]
fn o_cycles_the_orders_and_keeps_the_selected_article() {
    let (_d, mut s) = app();
    assert_eq!(
        titles(&s),
        [
            "Budget vote delayed",
            "apple harvest record",
            "Zinc prices climb",
            "Apple harvest record",
            "Mayor opens bridge",
            "Storm hits coast"
        ]
    );
    drive(&mut s, Key::char('j'));
    drive(&mut s, Key::char('j'));
    assert_eq!(selected_title(&s), "Zinc prices climb");
    let e = sort_key(&mut s);
    assert!(
        e.iter()
            .any(|e| matches!(e, Effect::SaveSort(ListSort::Date))),
        "{e:?}"
    );
    assert_eq!(s.sort, ListSort::Date);
    // Newest first; the two of 2018-03-01 in path order; the date that
    // does not read and the missing one last, in path order.
    assert_eq!(
        titles(&s),
        [
            "Zinc prices climb",
            "Budget vote delayed",
            "Apple harvest record",
            "Storm hits coast",
            "apple harvest record",
            "Mayor opens bridge"
        ]
    );
    assert_eq!(selected_title(&s), "Zinc prices climb", "still selected");
    assert_eq!(s.list().selected, 0);
    drive(&mut s, Key::char('G'));
    assert_eq!(selected_title(&s), "Mayor opens bridge");
    sort_key(&mut s);
    assert_eq!(s.sort, ListSort::Title);
    // Case ignored; equal titles in path order.
    assert_eq!(
        titles(&s),
        [
            "apple harvest record",
            "Apple harvest record",
            "Budget vote delayed",
            "Mayor opens bridge",
            "Storm hits coast",
            "Zinc prices climb"
        ]
    );
    assert_eq!(selected_title(&s), "Mayor opens bridge");
    assert_eq!(s.list().selected, 3);
    // j/k walk the sorted rows.
    drive(&mut s, Key::char('k'));
    assert_eq!(selected_title(&s), "Budget vote delayed");
    sort_key(&mut s);
    assert_eq!(s.sort, ListSort::Read);
    sort_key(&mut s);
    assert_eq!(s.sort, ListSort::Path);
    assert_eq!(selected_title(&s), "Budget vote delayed");
    assert_eq!(s.list().selected, 0);
}

#[test]
fn by_last_read_puts_the_latest_read_first_and_unread_last() {
    let (_d, mut s) = app();
    let mut marks = Marks::new(s.store.len());
    marks.update(4, |m| {
        m.read = true;
        m.read_at = Some(100);
    });
    marks.update(1, |m| {
        m.read = true;
        m.read_at = Some(300);
    });
    marks.update(5, |m| {
        m.read = true;
        m.read_at = Some(200);
    });
    drive(&mut s, Msg::Marks(marks));
    s.sort = ListSort::Title;
    sort_key(&mut s);
    assert_eq!(s.sort, ListSort::Read);
    let order: Vec<u32> = (0..s.row_count())
        .map(|r| s.row_article(r).unwrap())
        .collect();
    assert_eq!(order, [1, 5, 4, 0, 2, 3]);
}

#[test]
fn a_query_of_marks_alone_lists_in_the_lists_order_and_a_ranked_one_does_not() {
    let (_d, mut s) = app();
    let mut marks = Marks::new(s.store.len());
    for i in [0, 2, 3, 5] {
        marks.update(i, |m| m.starred = true);
    }
    drive(&mut s, Msg::Marks(marks));
    // Title order, then the starred ones.
    sort_key(&mut s);
    sort_key(&mut s);
    drive(&mut s, Key::char('/'));
    for c in "is:starred".chars() {
        drive(&mut s, Key::char(c));
    }
    assert_eq!(
        titles(&s),
        [
            "Apple harvest record",
            "Budget vote delayed",
            "Storm hits coast",
            "Zinc prices climb"
        ]
    );
    // Back to date order: the starred list follows, keeping its selection.
    drive(&mut s, Key::plain(crossterm::event::KeyCode::Enter));
    drive(&mut s, Key::char('j'));
    assert_eq!(selected_title(&s), "Budget vote delayed");
    for _ in 0..ListSort::ALL.len() - 1 {
        sort_key(&mut s);
    }
    assert_eq!(s.sort, ListSort::Date);
    assert_eq!(
        titles(&s),
        [
            "Zinc prices climb",
            "Budget vote delayed",
            "Apple harvest record",
            "Storm hits coast"
        ]
    );
    assert_eq!(selected_title(&s), "Budget vote delayed");
    // A query with words keeps its ranking, whatever the order.
    drive(&mut s, Key::plain(crossterm::event::KeyCode::Esc));
    drive(&mut s, Key::char('/'));
    for c in "harvest record".chars() {
        drive(&mut s, Key::char(c));
    }
    let search = s.list().source.search().expect("a search level");
    assert!(!search.results.listed, "ranked");
    let by_rank: Vec<u32> = search.results.hits.iter().map(|h| h.doc).collect();
    let shown: Vec<u32> = (0..s.row_count())
        .map(|r| s.row_article(r).unwrap())
        .collect();
    assert_eq!(shown.len(), 2);
    assert_eq!(shown, by_rank, "the ranking is the list's order");
}

#[test]
fn a_kept_order_wins_over_the_configured_one_unless_chosen_this_run() {
    let (_d, mut s) = app();
    // The configuration says title.
    let names = dateline::app::keymap::Keymap::default().names();
    let text = "[defaults]\nlist_sort = \"title\"\n";
    let cfg = dateline::config::parse(
        Some((dateline::config::Origin::File("my.toml".into()), text)),
        &names,
        false,
    );
    assert!(cfg.problems.is_empty(), "{:?}", cfg.problems);
    s.configure(&cfg);
    assert_eq!(s.sort, ListSort::Title);
    assert_eq!(titles(&s)[0], "apple harvest record");
    // The workspace kept date for this collection: it wins.
    drive(&mut s, Msg::Remembered(Remembered::Sort(ListSort::Date)));
    assert_eq!(s.sort, ListSort::Date);
    assert_eq!(titles(&s)[0], "Zinc prices climb");
    // Chosen in this run: a late answer of the workspace changes nothing.
    sort_key(&mut s);
    assert_eq!(s.sort, ListSort::Title);
    drive(&mut s, Msg::Remembered(Remembered::Sort(ListSort::Read)));
    assert_eq!(s.sort, ListSort::Title);
}

#[test]
fn the_place_brings_back_the_selected_row_at_its_height() {
    let (_d, mut s) = app();
    drive(&mut s, Msg::Resize(120, 10));
    let h = s.list_height();
    assert!(h < 6, "the list scrolls ({h} in view)");
    drive(&mut s, Key::char('G'));
    drive(&mut s, Key::char('k'));
    let row = s.list().selected;
    let height = row - s.list().offset;
    assert!(height > 0, "not the top row");
    let saved = SavedPlace {
        source: encode_levels(&[]),
        article: s.reader.article,
        reading: 0,
        list_row: height as u32,
    };
    let (_d2, mut t) = app();
    drive(&mut t, Msg::Resize(120, 10));
    drive(
        &mut t,
        Msg::Remembered(Remembered::Place {
            place: Some(saved),
            positions: Vec::new(),
        }),
    );
    assert_eq!(t.list().selected, row);
    assert_eq!(t.list().selected - t.list().offset, height, "same height");
}
