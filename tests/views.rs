//! The picture views (timeline T, co-occurrence C, overview O) on a small
//! generated dated collection: what Enter narrows to, checked against
//! counts made here from the generated dates and from the entities the
//! analysis found; the keys of each view; snapshots at 80x24 and 120x40;
//! every size down to 1x1, and without colour.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use dateline::analysis::analyse_now;
use dateline::app::keymap::Key;
use dateline::app::sources::{Narrowing, Source};
use dateline::app::timeline::Subject;
use dateline::app::{Action, AppState, Effect, Mode, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::dates::Unit;
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// People and places the articles name, two or three at a time.
const NAMES: [&str; 6] = [
    "Tony Blair",
    "Gordon Brown",
    "Michael Howard",
    "Jacques Chirac",
    "London",
    "Paris",
];

/// A generated date: year, month, and the day when known (`None`: the
/// article is undated).
type Date = Option<(i32, u32, Option<u32>)>;

struct Collection {
    _dir: tempfile::TempDir,
    state: AppState,
    dates: Vec<Date>,
}

/// Carries out what `drive` leaves: presence counting, at once.
fn run(state: &mut AppState, msg: impl Into<Msg>) {
    let mut effects = drive(state, msg);
    while let Some(effect) = effects.pop() {
        if let Effect::CountPresence(request) = effect {
            effects.extend(drive(state, Msg::Presence(Box::new(request.run()))));
        }
    }
}

/// 60 articles over 2016–2018: most dated to the day, some to the month,
/// some undated; each names two or three of [`NAMES`], in two camps.
fn collection(w: u16, h: u16) -> Collection {
    collection_of(60, w, h)
}

/// `n` articles as [`collection`] describes.
fn collection_of(n: usize, w: u16, h: u16) -> Collection {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dated.jsonl");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut dates = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for i in 0..n {
        let y = 2016 + next(3) as i32;
        let m = 1 + next(12) as u32;
        let d = 1 + next(28) as u32;
        let date = match next(10) {
            0 => None,
            1 => Some((y, m, None)),
            _ => Some((y, m, Some(d))),
        };
        // Two camps, so that some names go together more than chance.
        let (a, b) = match i % 4 {
            0 => ("Tony Blair", "Gordon Brown"),
            2 => ("Tony Blair", "London"),
            _ => ("Jacques Chirac", "Paris"),
        };
        let c = NAMES[next(6) as usize];
        let body = format!(
            "{a} spoke on Monday about the budget.\n\n\
             Later {b} answered the questions of the press.\n\n\
             Reporters asked {c} about the election."
        );
        let mut record = serde_json::json!({
            "title": format!("Report number {i}"),
            "body": body,
            "source": if i % 3 == 0 { "wire" } else { "desk" },
        });
        if let Some((y, m, d)) = date {
            let text = match d {
                Some(d) => format!("{y}-{m:02}-{d:02}"),
                None => format!("{y}-{m:02}"),
            };
            record["date"] = serde_json::Value::String(text);
        }
        writeln!(file, "{record}").unwrap();
        dates.push(date);
    }
    drop(file);
    let loaded = load_all(&Input::Paths(vec![path]));
    assert_eq!(loaded.articles.len(), n);
    let store = Store::from_articles(loaded.articles, loaded.warnings);
    let mut state = AppState::new(store, Rect::new(0, 0, w, h));
    for ev in analyse_now(state.store.articles()) {
        run(&mut state, Msg::Analysis(ev));
    }
    assert!(state.analysis.presence.is_some(), "presence counted");
    assert!(state.analysis.index.is_some(), "index built");
    Collection {
        _dir: dir,
        state,
        dates,
    }
}

fn ctrl(c: char) -> Key {
    Key {
        code: crossterm::event::KeyCode::Char(c),
        mods: crossterm::event::KeyModifiers::CONTROL,
    }
}

fn typ(state: &mut AppState, text: &str) {
    for c in text.chars() {
        run(state, Key::char(c));
    }
}

fn entity(state: &AppState, name: &str) -> u32 {
    let r = state.analysis.resolution.as_ref().unwrap();
    r.entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not found")) as u32
}

/// Articles whose resolved entities include `e`, from the resolution.
fn naming(state: &AppState, e: u32) -> HashSet<u32> {
    let r = state.analysis.resolution.as_ref().unwrap();
    (0..r.docs.len() as u32)
        .filter(|&a| {
            r.docs[a as usize]
                .iter()
                .any(|m| m.entity.is_some_and(|x| x.0 == e))
        })
        .collect()
}

fn screen(state: &AppState, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(state.size.width, state.size.height)).unwrap();
    t.draw(|f| draw(f, state, theme)).unwrap();
    t
}

fn text(state: &AppState) -> String {
    screen(state, &Theme::colored()).backend().to_string()
}

/// Articles per month from the generated dates (month-only ones counted
/// in their month), and the undated.
fn by_month(dates: &[Date], among: impl Fn(u32) -> bool) -> (BTreeMap<String, u32>, u32) {
    let mut months = BTreeMap::new();
    let mut undated = 0;
    for (a, d) in dates.iter().enumerate() {
        if !among(a as u32) {
            continue;
        }
        match d {
            Some((y, m, _)) => *months.entry(format!("{y}-{m:02}")).or_insert(0) += 1,
            None => undated += 1,
        }
    }
    (months, undated)
}

fn timeline(state: &AppState) -> &dateline::app::timeline::TimelineView {
    match &state.mode {
        Mode::Timeline(t) => t,
        other => panic!("not in the timeline: {other:?}"),
    }
}

#[test]
fn timeline_bars_are_the_months_counted_here() {
    let Collection {
        mut state, dates, ..
    } = collection(120, 40);
    run(&mut state, Action::Timeline);
    let t = timeline(&state);
    assert_eq!(t.subject, Subject::List);
    assert_eq!(t.timeline.unit, Unit::Month, "36 months fit 120 columns");
    let (months, undated) = by_month(&dates, |_| true);
    let bars: BTreeMap<String, u32> = t
        .timeline
        .bars
        .iter()
        .filter(|b| b.tally.articles > 0)
        .map(|b| (b.period.label(), b.tally.articles))
        .collect();
    assert_eq!(bars, months);
    assert_eq!(t.timeline.undated.articles, undated);
    // Empty months are kept as bars: 2016-01 to the last month.
    let first = t.timeline.bars.first().unwrap().period.label();
    assert_eq!(&first, months.keys().next().unwrap());
    assert!(text(&state).contains(&format!("{undated} undated")));
}

#[test]
fn enter_on_a_bar_narrows_the_list_as_its_date_filter_does() {
    let Collection {
        mut state, dates, ..
    } = collection(120, 40);
    run(&mut state, Action::Timeline);
    // The busiest month, where the cursor starts with no article dated
    // before it… wherever it starts, move to the third bar with articles.
    run(&mut state, Action::Top);
    let target = timeline(&state)
        .timeline
        .bars
        .iter()
        .enumerate()
        .filter(|(_, b)| b.tally.articles > 0)
        .nth(2)
        .map(|(i, _)| i)
        .unwrap();
    for _ in 0..target {
        run(&mut state, Key::char('l'));
    }
    let bar = *timeline(&state).bar().unwrap();
    run(&mut state, Key::plain(crossterm::event::KeyCode::Enter));
    assert_eq!(state.mode, Mode::List);
    let Source::Subset(sub) = &state.list().source else {
        panic!("not narrowed");
    };
    assert_eq!(sub.why, Narrowing::Period(bar.period));
    let label = bar.period.label();
    let expected: Vec<u32> = (0..dates.len() as u32)
        .filter(|&a| matches!(dates[a as usize], Some((y, m, _)) if format!("{y}-{m:02}") == label))
        .collect();
    assert_eq!(sub.articles, expected);
    let index = state.analysis.index.as_ref().unwrap();
    assert_eq!(index.matching(&bar.period.query()).unwrap(), expected);
    // Esc goes back to every article.
    run(&mut state, Action::Back);
    assert_eq!(state.lists.depth(), 0);
}

#[test]
fn plus_and_minus_change_the_period_and_t_shows_a_table() {
    let Collection {
        mut state, dates, ..
    } = collection(80, 24);
    run(&mut state, Action::Timeline);
    assert_eq!(timeline(&state).timeline.unit, Unit::Month);
    run(&mut state, Key::char('+'));
    assert_eq!(timeline(&state).timeline.unit, Unit::Quarter);
    run(&mut state, Key::char('+'));
    let t = timeline(&state);
    assert_eq!(t.timeline.unit, Unit::Year);
    let years: Vec<u32> = t.timeline.bars.iter().map(|b| b.tally.articles).collect();
    let counted: Vec<u32> = (2016..=2018)
        .map(|y| {
            dates
                .iter()
                .filter(|d| matches!(d, Some((x, _, _)) if *x == y))
                .count() as u32
        })
        .collect();
    assert_eq!(years, counted);
    run(&mut state, Key::char('t'));
    let screen = text(&state);
    assert!(screen.contains("period"), "{screen}");
    for (y, n) in (2016..=2018).zip(&counted) {
        let row = screen
            .lines()
            .find(|l| l.contains('\u{2588}') && l.contains(&format!(" {y} ")))
            .unwrap_or_else(|| panic!("no row for {y}:\n{screen}"));
        assert!(row.contains(&format!(" {n} ")), "{row}");
    }
    run(&mut state, Key::char('-'));
    run(&mut state, Key::char('-'));
    run(&mut state, Key::char('-'));
    assert_eq!(timeline(&state).timeline.unit, Unit::Week);
    run(&mut state, Key::char('q'));
    assert_eq!(state.mode, Mode::List);
}

#[test]
fn ctrl_t_in_the_entities_pane_counts_the_entitys_articles() {
    let Collection {
        mut state, dates, ..
    } = collection(100, 30);
    let blair = entity(&state, "Tony Blair");
    run(&mut state, Action::EntitiesCorpus);
    typ(&mut state, "tony blair");
    run(&mut state, ctrl('t'));
    let t = timeline(&state);
    assert_eq!(t.subject, Subject::Entity(blair));
    let naming = naming(&state, blair);
    let (months, undated) = by_month(&dates, |a| naming.contains(&a));
    let dated: u32 = months.values().sum();
    assert_eq!(t.timeline.dated().articles, dated);
    assert_eq!(t.timeline.undated.articles, undated);
    // Tab: the whole list, on the same axis.
    run(&mut state, Key::plain(crossterm::event::KeyCode::Tab));
    assert_eq!(timeline(&state).subject, Subject::List);
    assert_eq!(
        timeline(&state).timeline.dated().articles as usize,
        dates.iter().filter(|d| d.is_some()).count()
    );
}

#[test]
fn cooccurrence_enter_narrows_to_articles_naming_both_and_star_walks_either() {
    let Collection { mut state, .. } = collection(120, 40);
    let blair = entity(&state, "Tony Blair");
    run(&mut state, Action::EntitiesCorpus);
    typ(&mut state, "tony blair");
    run(&mut state, ctrl('o'));
    let Mode::Cooccurrence(view) = &state.mode else {
        panic!("not in the co-occurrence view: {:?}", state.mode);
    };
    assert_eq!(view.found.entity, blair);
    let partner = view.partner().unwrap().entity;
    let shared = view.partner().unwrap().articles;
    let screen = text(&state);
    assert!(screen.contains("G\u{b2}"), "{screen}");
    run(&mut state, Key::plain(crossterm::event::KeyCode::Enter));
    let Source::Subset(sub) = &state.list().source else {
        panic!("not narrowed");
    };
    assert_eq!(sub.why, Narrowing::Pair(blair, partner));
    let both: Vec<u32> = {
        let a = naming(&state, blair);
        let b = naming(&state, partner);
        let mut v: Vec<u32> = a.intersection(&b).copied().collect();
        v.sort_unstable();
        v
    };
    assert_eq!(sub.articles, both);
    assert_eq!(both.len() as u32, shared);
    // `*` visits mentions of both, and only of them.
    let mut seen = HashSet::new();
    for _ in 0..12 {
        run(&mut state, Key::char('*'));
        let a = state.reader.article.unwrap();
        let m = state.reader.mention.unwrap();
        let e = state.mention_spans(a)[m].entity.unwrap();
        assert!(e == blair || e == partner, "walked onto {e}");
        assert!(both.contains(&a));
        seen.insert(e);
    }
    assert_eq!(seen.len(), 2, "both entities visited");
    assert!(state.message.as_deref().unwrap_or("").contains(" or "));
}

#[test]
fn c_in_the_reader_opens_on_the_entity_under_the_cursor() {
    let Collection { mut state, .. } = collection(100, 30);
    run(&mut state, Action::Open);
    run(&mut state, Key::char(']'));
    let a = state.reader.article.unwrap();
    let m = state.reader.mention.unwrap();
    let e = state.mention_spans(a)[m].entity.unwrap();
    run(&mut state, Key::char('C'));
    let Mode::Cooccurrence(view) = &state.mode else {
        panic!("not in the co-occurrence view: {:?}", state.mode);
    };
    assert_eq!(view.found.entity, e);
    run(&mut state, Key::plain(crossterm::event::KeyCode::Esc));
    assert_eq!(state.mode, Mode::Reader);
    // T there: the entity's timeline.
    run(&mut state, Key::char('T'));
    assert_eq!(timeline(&state).subject, Subject::Entity(e));
}

#[test]
fn overview_counts_articles_sources_and_people() {
    let Collection {
        mut state, dates, ..
    } = collection(120, 40);
    run(&mut state, Key::char('O'));
    assert!(matches!(state.mode, Mode::Overview(_)));
    let screen = text(&state);
    let dated = dates.iter().filter(|d| d.is_some()).count();
    assert!(screen.contains("60 articles"), "{screen}");
    assert!(screen.contains(&format!("{dated} dated")), "{screen}");
    let wire = (0..60).filter(|i| i % 3 == 0).count();
    let row = screen.lines().find(|l| l.contains(" wire ")).unwrap();
    assert!(row.contains(&format!(" {wire} ")), "{row}");
    let blair = entity(&state, "Tony Blair");
    let n = naming(&state, blair).len();
    let row = screen.lines().find(|l| l.contains("Tony Blair")).unwrap();
    assert!(row.contains(&format!(" {n} ")), "{row}");
}

/// The views at 80x24 and 120x40.
fn snapshot_views(w: u16, h: u16) -> Vec<(String, String)> {
    let Collection { mut state, .. } = collection(w, h);
    let mut out = Vec::new();
    run(&mut state, Action::Timeline);
    out.push(("timeline".to_owned(), text(&state)));
    run(&mut state, Key::char('t'));
    out.push(("timeline table".to_owned(), text(&state)));
    run(&mut state, Action::Back);
    run(&mut state, Action::EntitiesCorpus);
    typ(&mut state, "tony blair");
    run(&mut state, ctrl('t'));
    out.push(("entity timeline".to_owned(), text(&state)));
    run(&mut state, Action::Back);
    run(&mut state, ctrl('o'));
    out.push(("co-occurrence".to_owned(), text(&state)));
    run(&mut state, Action::Back);
    run(&mut state, Action::Back);
    run(&mut state, Key::char('O'));
    out.push(("overview".to_owned(), text(&state)));
    out
}

#[test]
fn snapshots_80x24() {
    for (name, screen) in snapshot_views(80, 24) {
        insta::assert_snapshot!(format!("80x24_{}", name.replace(' ', "_")), screen);
    }
}

#[test]
fn snapshots_120x40() {
    for (name, screen) in snapshot_views(120, 40) {
        insta::assert_snapshot!(format!("120x40_{}", name.replace(' ', "_")), screen);
    }
}

#[test]
fn every_view_draws_at_every_small_size_and_without_colour() {
    let Collection { mut state, .. } = collection(80, 24);
    let opens: [&dyn Fn(&mut AppState); 4] = [
        &|s| run(s, Action::Timeline),
        &|s| {
            run(s, Action::Timeline);
            run(s, Key::char('t'));
        },
        &|s| {
            run(s, Action::EntitiesCorpus);
            typ(s, "tony blair");
            run(s, ctrl('o'));
        },
        &|s| run(s, Key::char('O')),
    ];
    for open in opens {
        while state.mode != Mode::List {
            run(&mut state, Action::Back);
        }
        run(&mut state, Msg::Resize(80, 24));
        open(&mut state);
        for (w, h) in (1..=14).flat_map(|w| [1, 2, 3, 5, 8].map(|h| (w * 6 - 5, h))) {
            run(&mut state, Msg::Resize(w, h));
            for key in ['l', 'j', '+', '-', 'G'] {
                run(&mut state, Key::char(key));
                screen(&state, &Theme::colored());
            }
        }
        // Without colour the counts are written out beside the bars.
        run(&mut state, Msg::Resize(80, 24));
        let plain = screen(&state, &Theme::plain());
        let buf = plain.backend().buffer();
        assert!(
            buf.content()
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
            "a colour in the plain theme"
        );
        let shown = plain.backend().to_string();
        assert!(shown.chars().any(|c| c.is_ascii_digit()), "{shown}");
    }
}

#[test]
fn the_timeline_of_a_search_counts_every_result_not_only_those_fetched() {
    let Collection {
        mut state, dates, ..
    } = collection_of(700, 100, 30);
    run(&mut state, Action::Search);
    typ(&mut state, "budget");
    run(&mut state, Action::Submit);
    let Source::Search(s) = &state.list().source else {
        panic!("no search list");
    };
    assert_eq!(s.results.total, 700);
    assert!(s.results.hits.len() < 700, "only the first results fetched");
    run(&mut state, Key::char('T'));
    let t = timeline(&state);
    assert_eq!(t.articles.len(), 700);
    let dated = dates.iter().filter(|d| d.is_some()).count() as u32;
    assert_eq!(t.timeline.dated().articles, dated);
    assert_eq!(t.timeline.undated.articles, 700 - dated);
}
