//! The configuration wired into the app: remapped keys drive dispatch, the
//! help and `dateline keys`; the theme draws; the defaults apply; a broken
//! file opens with the defaults and says what was wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dateline::app::keymap::{HelpRow, Key, Keymap, Meaning};
use dateline::app::{Action, AppState, Mode, ModeName, drive};
use dateline::config::{Loaded, Origin, parse};
use dateline::corpus::{Input, load_all};
use dateline::entities::EntityKind;
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;

fn config(text: &str, no_color: bool) -> Loaded {
    let names = Keymap::default().names();
    parse(
        Some((Origin::File("my.toml".into()), text)),
        &names,
        no_color,
    )
}

fn key(code: KeyCode, mods: KeyModifiers) -> Key {
    Key::from_event(KeyEvent::new(code, mods)).unwrap()
}

fn means(map: &Keymap, mode: ModeName, k: Key) -> Option<Action> {
    match map.meaning(mode, k) {
        Some(Meaning::Action(a)) => Some(a),
        _ => None,
    }
}

const REMAP: &str = "\
[keys.reader]
next_mention = [\"ctrl-n\", \"]\"]
[keys.list]
help = \"K\"
quit = \"j\"
";

#[test]
fn a_remap_changes_only_its_mode_and_takes_the_key() {
    let loaded = config(REMAP, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let map = Keymap::configured(&loaded.config.keys);
    let ctrl_n = key(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(
        means(&map, ModeName::Reader, ctrl_n),
        Some(Action::NextMention)
    );
    assert_eq!(means(&map, ModeName::List, ctrl_n), None);
    // `K` opens the help in the list; `?` no longer does there, but still
    // does in the reader, whose keys were not changed.
    assert_eq!(
        means(&map, ModeName::List, Key::char('K')),
        Some(Action::Help)
    );
    assert_eq!(means(&map, ModeName::List, Key::char('?')), None);
    assert_eq!(
        means(&map, ModeName::List, key(KeyCode::F(1), KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        means(&map, ModeName::Reader, Key::char('?')),
        Some(Action::Help)
    );
    // `j` was taken from `down` in the list: it quits; ↓ still moves down.
    assert_eq!(
        means(&map, ModeName::List, Key::char('j')),
        Some(Action::Quit)
    );
    assert_eq!(means(&map, ModeName::List, Key::char('q')), None);
    assert_eq!(
        means(&map, ModeName::List, key(KeyCode::Down, KeyModifiers::NONE)),
        Some(Action::Down)
    );
    assert_eq!(
        means(&map, ModeName::Reader, Key::char('j')),
        Some(Action::Down)
    );
    // The defaults alone are the built-in table.
    assert_eq!(Keymap::configured(&[]), Keymap::default());
}

#[test]
fn the_help_and_the_key_listing_show_the_keys_in_force() {
    let map = Keymap::configured(&config(REMAP, false).config.keys);
    let rows = map.help_rows();
    let row = |help: &str| {
        rows.iter()
            .find_map(|r| match r {
                HelpRow::Keys(keys, h) if *h == help => Some(keys.clone()),
                _ => None,
            })
            .unwrap()
    };
    // The panes table is for the list and the reader: the keys differ.
    let help = row("show this help");
    assert!(help.contains('K') && help.contains('?'), "{help}");
    assert!(
        help.contains("list: K") || help.contains("reader: ? F1"),
        "{help}"
    );
    let mention = row("next entity mention in the article");
    assert!(mention.contains("Ctrl-n"), "{mention}");
    let default_rows = Keymap::default().help_rows();
    assert!(
        default_rows
            .iter()
            .any(|r| matches!(r, HelpRow::Keys(k, h) if k == "? F1" && *h == "show this help"))
    );

    let listing = map.listing();
    let list = listing.split("[keys.reader]").next().unwrap();
    assert!(list.contains("help = [\"K\"]"), "{list}");
    assert!(list.contains("quit = [\"j\"]"), "{list}");
    assert!(list.contains("down = [\"down\"]"), "{list}");
    let reader = listing.split("[keys.reader]").nth(1).unwrap();
    assert!(
        reader.contains("next_mention = [\"ctrl-n\", \"]\"]"),
        "{reader}"
    );
}

#[test]
fn the_key_listing_reads_back_as_a_clean_configuration_that_changes_nothing() {
    // What `dateline keys` prints is a configuration: every mode, action
    // and key of the table, whatever other modes and actions are added.
    let listing = Keymap::default().listing();
    let loaded = config(&listing, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let map = Keymap::configured(&loaded.config.keys);
    let default = Keymap::default();
    for &mode in ModeName::ALL {
        for k in default.keys_of(mode) {
            assert_eq!(
                map.meaning(mode, k),
                default.meaning(mode, k),
                "{}",
                mode.name()
            );
        }
        assert_eq!(map.keys_of(mode).len(), default.keys_of(mode).len());
    }
}

#[test]
fn every_action_of_every_mode_can_be_moved_to_another_key() {
    // Generic over the table: each action bound in a mode, given F24 there,
    // answers F24 and no longer its old keys.
    let default = Keymap::default();
    let f24 = key(KeyCode::F(24), KeyModifiers::NONE);
    for &mode in ModeName::ALL {
        for action in default.actions_of(mode) {
            let text = format!("[keys.{}]\n{} = \"f24\"\n", mode.name(), action.name());
            let loaded = config(&text, false);
            if action == Action::ForceQuit {
                // Moved, not lost: fine.
                assert!(loaded.problems.is_empty(), "{text}: {:#?}", loaded.problems);
            }
            assert!(loaded.problems.is_empty(), "{text}: {:#?}", loaded.problems);
            let map = Keymap::configured(&loaded.config.keys);
            assert_eq!(means(&map, mode, f24), Some(action), "{text}");
            for old in default.keys_in(mode, action) {
                assert_ne!(
                    means(&map, mode, old),
                    Some(action),
                    "{text} {}",
                    old.name()
                );
            }
        }
    }
}

fn seeded(w: u16, h: u16, loaded: &Loaded) -> AppState {
    let files = load_all(&Input::Seeds);
    let store = Store::from_articles(files.articles, files.warnings);
    let mut state = AppState::new(store, Rect::new(0, 0, w, h));
    state.configure(loaded);
    state
}

fn screen(state: &AppState, theme: &Theme) -> String {
    let mut t = Terminal::new(TestBackend::new(state.size.width, state.size.height)).unwrap();
    t.draw(|f| draw(f, state, theme)).unwrap();
    t.backend().to_string()
}

#[test]
fn the_app_dispatches_and_hints_with_the_configured_keys() {
    let loaded = config(REMAP, false);
    let mut state = seeded(100, 30, &loaded);
    let shown = screen(&state, &Theme::colored());
    assert!(shown.contains("K help"), "{shown}");
    assert!(shown.contains("j quit"), "{shown}");
    drive(&mut state, Key::char('?'));
    assert_eq!(state.mode, Mode::List);
    drive(&mut state, Key::char('K'));
    assert!(matches!(state.mode, Mode::Help { .. }));
    let help = screen(&state, &Theme::colored());
    assert!(
        help.contains("K (reader: ? F1)") || help.contains("? F1 (list: K)"),
        "{help}"
    );
}

#[test]
fn a_broken_file_opens_with_the_defaults_and_says_what_was_wrong() {
    let text = "[keys.list]\ndonw = \"x\"\nhelp = \"K\"\n[styles]\nborder = \"blurple\"\n[defaults]\nhighlight = \"yes\"\n";
    let loaded = config(text, false);
    assert_eq!(loaded.problems.len(), 3, "{:#?}", loaded.problems);
    let mut state = seeded(160, 30, &loaded);
    // What was right applies: `K` is the help.
    assert_eq!(
        means(&state.keymap, ModeName::List, Key::char('K')),
        Some(Action::Help)
    );
    // Highlighting keeps its default (on).
    assert!(state.show_entities);
    let bar = screen(&state, &Theme::from_config(&loaded.config.theme));
    assert!(
        bar.contains("config: my.toml:2:1: unknown action `donw`"),
        "{bar}"
    );
    assert!(bar.contains("(+2 more)"), "{bar}");
    assert!(bar.contains("3 warnings (w)"), "{bar}");
    drive(&mut state, Key::char('w'));
    let overlay = screen(&state, &Theme::colored());
    assert!(
        overlay.contains("Configuration and load warnings (3)"),
        "{overlay}"
    );
    assert!(
        overlay.contains("my.toml:5:10: unknown colour `blurple`"),
        "{overlay}"
    );
    assert!(overlay.contains("my.toml:7:13"), "{overlay}");
}

#[test]
fn the_defaults_section_applies() {
    let loaded = config(
        "[defaults]\nhighlight = false\nhighlight_kinds = [\"place\"]\nreader_width = 40\n",
        false,
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let mut state = seeded(120, 30, &loaded);
    assert!(!state.show_entities);
    assert_eq!(state.highlight_kinds, vec![EntityKind::Place]);
    drive(&mut state, Action::Open);
    assert!(
        state.reader.width <= 40 && state.reader.width > 0,
        "{}",
        state.reader.width
    );
    assert!(state.reader_area().width > 40);
}

#[test]
fn the_theme_draws_and_no_color_wins() {
    let text = "theme = \"light\"\n[palette]\nmine = \"#102030\"\n[styles]\nborder_focused = \"mine\"\nstatus = { bg = 17 }\n";
    let loaded = config(text, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let theme = Theme::from_config(&loaded.config.theme);
    assert_eq!(theme.border_focused.fg, Some(Color::Rgb(0x10, 0x20, 0x30)));
    assert_eq!(theme.status.bg, Some(Color::Indexed(17)));
    let state = seeded(80, 24, &loaded);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| draw(f, &state, &theme)).unwrap();
    let buf = t.backend().buffer();
    let status_row = (0..80).map(|x| buf[(x, 23)].bg).collect::<Vec<_>>();
    assert!(status_row.contains(&Color::Indexed(17)), "{status_row:?}");
    // NO_COLOR: the same file, no colour anywhere on screen.
    let plain = config(text, true);
    let theme = Theme::from_config(&plain.config.theme);
    t.draw(|f| draw(f, &state, &theme)).unwrap();
    let buf = t.backend().buffer();
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "at {x},{y}");
        }
    }
}

#[test]
fn the_readmes_example_configuration_is_clean() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("## Configuration").nth(1).unwrap();
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .unwrap();
    let loaded = config(example, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let map = Keymap::configured(&loaded.config.keys);
    assert_eq!(
        means(&map, ModeName::List, Key::char('K')),
        Some(Action::Help)
    );
    assert_eq!(loaded.config.defaults.reader_width, Some(80));
    assert!(!loaded.config.defaults.mouse);
}

#[test]
fn the_printed_default_file_reads_back_cleanly_as_the_defaults() {
    let mut out = Vec::new();
    dateline::cli::config::print_default(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("# [keys.reader]"), "{text}");
    let loaded = config(&text, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.config, config("", false).config);
    // Uncommented, its key entries are clean too and change nothing.
    let keys: String = text
        .lines()
        .skip_while(|l| !l.starts_with("# [keys."))
        .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
        .collect();
    let loaded = config(&keys, false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let map = Keymap::configured(&loaded.config.keys);
    for &mode in ModeName::ALL {
        assert_eq!(map.keys_of(mode), Keymap::default().keys_of(mode));
    }
}
