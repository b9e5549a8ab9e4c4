//! The configuration file: defaults alone, a user's file over them, partial
//! themes and palette references, NO_COLOR, and every kind of mistake
//! reported at its line and column while the rest of the file applies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dateline::config::{
    Chord, Colour, Element, KeyBinding, KeyName, KeyNames, Loaded, ModeKeys, Origin, Problem,
    Source, built_in_theme, load, parse,
};
use dateline::entities::EntityKind;

/// Three modes of a small app: list and reader share their actions, the
/// query line has others; `force_quit` (ctrl-c) must keep a key.
fn names() -> KeyNames {
    let browse = || {
        vec![
            ("down", vec![chord("j")]),
            ("up", vec![chord("k")]),
            ("help", vec![chord("?")]),
            ("quit", vec![chord("q")]),
            ("next_mention", vec![chord("]")]),
            ("page_down", vec![chord("space")]),
            ("force_quit", vec![chord("ctrl-c")]),
        ]
    };
    KeyNames {
        modes: vec![
            ModeKeys {
                name: "list",
                actions: browse(),
            },
            ModeKeys {
                name: "reader",
                actions: browse(),
            },
            ModeKeys {
                name: "search",
                actions: vec![
                    ("submit", vec![chord("enter")]),
                    ("force_quit", vec![chord("ctrl-c")]),
                ],
            },
        ],
        required: vec!["force_quit"],
    }
}

fn user(text: &str) -> Loaded {
    parse(Some((Origin::File("c.toml".into()), text)), &names(), false)
}

/// The one problem of `text`, as (line, column, message, expected).
fn only_problem(text: &str) -> (usize, usize, String, String) {
    let loaded = user(text);
    assert_eq!(loaded.problems.len(), 1, "{text}\n{:#?}", loaded.problems);
    let p = &loaded.problems[0];
    let loc = p.location.as_ref().expect("a location");
    (
        loc.line,
        loc.column,
        p.message.clone(),
        p.expected.clone().unwrap_or_default(),
    )
}

fn chord(s: &str) -> Chord {
    Chord::parse(s).unwrap()
}

#[test]
fn the_defaults_alone_are_clean_and_complete() {
    let loaded = parse(None, &names(), false);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let c = loaded.config;
    assert_eq!(c.theme_name, "dark");
    assert!(c.keys.is_empty());
    let d = &c.defaults;
    assert!(d.workspace && d.highlight && d.mouse);
    assert_eq!(d.workspace_home, None);
    assert_eq!(d.reader_width, None);
    assert_eq!(d.list_sort, dateline::reading::ListSort::Path);
    assert_eq!(d.read_dwell, std::time::Duration::from_millis(1500));
    assert_eq!(d.highlight_kinds, EntityKind::ALL.to_vec());
    assert_eq!(c.theme.style(Element::Border).fg, Some(Colour::DarkGray));
    assert_eq!(c.theme.style(Element::Selected).bg, Some(Colour::Cyan));
}

#[test]
fn every_built_in_theme_styles_every_element_cleanly() {
    for name in ["dark", "light", "mono"] {
        let text = built_in_theme(name).unwrap();
        for e in Element::ALL {
            assert!(
                text.contains(&format!("\n{} = ", e.name())),
                "{name} does not style {}",
                e.name()
            );
        }
        let loaded = user(&format!("theme = \"{name}\""));
        assert!(loaded.problems.is_empty(), "{name}: {:#?}", loaded.problems);
        assert_eq!(loaded.config.theme_name, name);
    }
    // The light theme is not the dark one.
    assert_ne!(
        user("theme = \"light\"").config.theme,
        user("theme = \"dark\"").config.theme
    );
}

#[test]
fn a_users_file_changes_only_what_it_names() {
    let loaded = user(
        "[defaults]\nreader_width = 80\nhighlight_kinds = [\"person\", \"org\"]\nlist_sort = \"date\"\nread_dwell = 0\n",
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let d = &loaded.config.defaults;
    assert_eq!(d.reader_width, Some(80));
    assert_eq!(d.list_sort, dateline::reading::ListSort::Date);
    assert!(d.read_dwell.is_zero());
    assert_eq!(
        user("[defaults]\nread_dwell = 2.25\n")
            .config
            .defaults
            .read_dwell,
        std::time::Duration::from_millis(2250)
    );
    assert_eq!(d.highlight_kinds, [EntityKind::Person, EntityKind::Org]);
    assert!(d.highlights(EntityKind::Org) && !d.highlights(EntityKind::Date));
    // Everything else is the default.
    let defaults = parse(None, &names(), false).config;
    assert!(d.mouse && d.workspace && d.highlight);
    assert_eq!(loaded.config.theme, defaults.theme);
}

#[test]
fn partial_themes_patch_field_by_field_and_palette_names_resolve() {
    let loaded = user(
        r##"
theme = "light"
[palette]
accent = "#d7875f"
[styles]
selected = { fg = "red" }
person = { fg = "accent", modifiers = ["bold", "italic"] }
hit = 208
"##,
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let t = &loaded.config.theme;
    let accent = Colour::Rgb(0xd7, 0x87, 0x5f);
    // `selected` keeps the light theme's background (its accent, now
    // recoloured) and bold; only the foreground is the user's.
    let sel = t.style(Element::Selected);
    assert_eq!(sel.fg, Some(Colour::Red));
    assert_eq!(sel.bg, Some(accent));
    assert!(sel.modifiers.bold);
    // The theme's own uses of `accent` follow the user's palette.
    assert_eq!(t.style(Element::BorderFocused).fg, Some(accent));
    let person = t.style(Element::Person);
    assert_eq!(person.fg, Some(accent));
    assert!(person.modifiers.bold && person.modifiers.italic);
    // A bare colour is the foreground; a number a palette index.
    assert_eq!(t.style(Element::Hit).fg, Some(Colour::Indexed(208)));
    // The hit's background from the light theme stays.
    assert_eq!(t.style(Element::Hit).bg, Some(Colour::Indexed(229)));
    // Untouched elements are the light theme's.
    let light = user("theme = \"light\"").config.theme;
    assert_eq!(t.style(Element::Place), light.style(Element::Place));
}

#[test]
fn a_palette_may_redefine_a_colour_name() {
    let loaded = user("[palette]\nmagenta = \"#ff00aa\"\n");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    // The dark theme draws control characters in magenta.
    assert_eq!(
        loaded.config.theme.style(Element::Control).fg,
        Some(Colour::Rgb(0xff, 0, 0xaa))
    );
}

#[test]
fn no_color_wins_over_any_theme() {
    let text = "theme = \"light\"\n[styles]\nperson = { fg = \"red\", bg = \"blue\" }\n";
    let loaded = parse(Some((Origin::File("c.toml".into()), text)), &names(), true);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.config.theme_name, "mono");
    for (e, s) in loaded.config.theme.iter() {
        assert_eq!((s.fg, s.bg), (None, None), "{} has a colour", e.name());
    }
    // Kinds stay told apart without colour.
    let t = &loaded.config.theme;
    assert_ne!(t.style(Element::Person), t.style(Element::Place));
}

#[test]
fn key_entries_come_out_in_file_order_with_their_chords() {
    let loaded = user(
        "[keys.reader]\nnext_mention = [\"ctrl-n\", \"]\"]\nhelp = []\n[keys.list]\ndown = \"alt-j\"\n",
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(
        loaded.config.keys,
        [
            KeyBinding {
                mode: "reader".into(),
                action: "next_mention".into(),
                keys: vec![chord("ctrl-n"), chord("]")],
            },
            KeyBinding {
                mode: "reader".into(),
                action: "help".into(),
                keys: vec![],
            },
            KeyBinding {
                mode: "list".into(),
                action: "down".into(),
                keys: vec![chord("alt-j")],
            },
        ]
    );
    assert_eq!(loaded.config.keys[2].keys[0].key, KeyName::Char('j'));
}

#[test]
fn an_unknown_key_name_is_reported_and_the_entry_keeps_its_keys() {
    let text = "[keys.list]\ndown = [\"j\", \"ctrl-foo\"]\nup = [\"k\"]\n";
    let (line, col, msg, expected) = only_problem(text);
    assert_eq!((line, col), (2, 14));
    assert!(msg.contains("unknown key name `foo`"), "{msg}");
    assert!(expected.contains("ctrl-"), "{expected}");
    let keys = user(text).config.keys;
    assert_eq!(keys.len(), 1, "down is left out, up applies: {keys:?}");
    assert_eq!(keys[0].action, "up");
}

#[test]
fn an_unknown_action_is_reported_with_a_suggestion() {
    let (line, col, msg, expected) = only_problem("[keys.list]\ndonw = [\"j\"]\n");
    assert_eq!((line, col), (2, 1));
    assert_eq!(msg, "unknown action `donw` in [keys.list]");
    assert!(expected.contains("did you mean `down`?"), "{expected}");
}

#[test]
fn an_unknown_mode_is_reported() {
    let (line, col, msg, expected) = only_problem("[keys.lsit]\ndown = [\"j\"]\n");
    assert_eq!((line, col), (1, 7));
    assert!(msg.contains("unknown mode `lsit`"), "{msg}");
    assert!(expected.contains("did you mean `list`?"), "{expected}");
}

#[test]
fn a_duplicate_binding_is_reported_at_its_second_use() {
    let text = "[keys.list]\ndown = [\"j\"]\nup = [\"k\", \"j\"]\n";
    let (line, col, msg, _) = only_problem(text);
    assert_eq!((line, col), (3, 12));
    assert!(msg.contains("`j` is already bound to `down`"), "{msg}");
    let keys = user(text).config.keys;
    assert_eq!(keys.len(), 1);
    // The same key in two modes is no duplicate; spelled two ways it is.
    assert!(
        user("[keys.list]\ndown = [\"j\"]\n[keys.reader]\nup = [\"j\"]\n")
            .problems
            .is_empty()
    );
    let (line, col, _, _) = only_problem("[keys.list]\ndown = [\"C-d\"]\nup = [\"ctrl-D\"]\n");
    assert_eq!((line, col), (3, 7));
}

#[test]
fn a_bad_colour_is_reported_and_the_element_keeps_its_style() {
    let text = "[styles]\nborder = \"blurple\"\ndim = \"red\"\n";
    let (line, col, msg, expected) = only_problem(text);
    assert_eq!((line, col), (2, 10));
    assert_eq!(msg, "unknown colour `blurple`");
    assert!(expected.contains("#rrggbb"), "{expected}");
    let theme = user(text).config.theme;
    assert_eq!(theme.style(Element::Border).fg, Some(Colour::DarkGray));
    assert_eq!(theme.style(Element::Dim).fg, Some(Colour::Red));

    let (line, col, msg, _) = only_problem("[palette]\naccent = \"#12345\"\n");
    assert_eq!(
        (line, col, msg.as_str()),
        (2, 10, "unknown colour `#12345`")
    );
    let (line, col, msg, _) = only_problem("[styles]\nhit = { bg = 300 }\n");
    assert_eq!((line, col), (2, 14));
    assert!(msg.contains("300"), "{msg}");
    let (line, col, _, expected) = only_problem("[styles]\nkey = { fg = \"acent\" }\n");
    assert_eq!((line, col), (2, 14));
    assert!(expected.contains("did you mean `accent`?"), "{expected}");
}

#[test]
fn a_toml_syntax_error_is_reported_and_the_other_lines_apply() {
    let text = "[defaults]\nmouse = false\nreader_width = = 3\nhighlight = false\n";
    let loaded = user(text);
    assert!(!loaded.problems.is_empty());
    let p = &loaded.problems[0];
    let loc = p.location.as_ref().unwrap();
    assert_eq!(loc.line, 3, "{p:?}");
    assert!(p.message.starts_with("TOML syntax:"), "{}", p.message);
    let d = &loaded.config.defaults;
    assert!(!d.mouse && !d.highlight, "the good lines apply");
    assert_eq!(d.reader_width, None, "the broken line keeps its default");

    let loaded = user("[keys.list\ndown = [\"j\"]\n");
    let loc = loaded.problems[0].location.as_ref().unwrap();
    assert_eq!(loc.line, 1);
    let loaded = user("theme = \"light\n");
    assert_eq!(loaded.problems[0].location.as_ref().unwrap().line, 1);
    assert_eq!(loaded.config.theme_name, "dark");
}

#[test]
fn wrong_types_unknown_names_and_ranges_are_reported() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "[defaults]\nmouse = \"yes\"\n",
            (2, 9),
            "`mouse` cannot be the string \"yes\"",
        ),
        (
            "[defaults]\nmuose = true\n",
            (2, 1),
            "unknown option `muose` in [defaults]",
        ),
        ("[defaults]\nreader_width = 5\n", (2, 16), "too narrow"),
        ("[defaults]\nreader_width = -1\n", (2, 16), "cannot be -1"),
        (
            "[defaults]\nlist_sort = \"size\"\n",
            (2, 13),
            "unknown list order `size`",
        ),
        ("[defaults]\nlist_sort = 2\n", (2, 13), "cannot be"),
        ("[defaults]\nread_dwell = 90\n", (2, 14), "out of range"),
        ("[defaults]\nread_dwell = -0.5\n", (2, 14), "out of range"),
        ("[defaults]\nread_dwell = \"1s\"\n", (2, 14), "cannot be"),
        (
            "[defaults]\nworkspace_home = \"rel/dir\"\n",
            (2, 18),
            "absolute path",
        ),
        (
            "[defaults]\nhighlight_kinds = [\"people\"]\n",
            (2, 20),
            "unknown entity kind `people`",
        ),
        ("[colours]\n", (1, 2), "unknown section `colours`"),
        (
            "theme = \"solarized\"\n",
            (1, 9),
            "unknown theme `solarized`",
        ),
        (
            "[styles]\nborders = \"red\"\n",
            (2, 1),
            "unknown element `borders`",
        ),
        (
            "[styles]\nhit = { fg = \"red\", modifiers = [\"blink\"] }\n",
            (2, 34),
            "unknown modifier `blink`",
        ),
        (
            "[styles]\nhit = { colour = \"red\" }\n",
            (2, 9),
            "unknown style field `colour`",
        ),
        (
            "[styles]\nhit = true\n",
            (2, 7),
            "the style of `hit` cannot be true",
        ),
        (
            "[keys.list]\ndown = 3\n",
            (2, 8),
            "the keys of `down` cannot be the integer 3",
        ),
        ("keys = 1\n", (1, 8), "`keys` cannot be the integer 1"),
    ];
    for &(text, at, message) in cases {
        let (line, col, msg, expected) = only_problem(text);
        assert_eq!((line, col), at, "{text:?}: {msg}");
        assert!(msg.contains(message), "{text:?}: {msg}");
        assert!(!expected.is_empty(), "{text:?} says what it expects");
    }
}

#[test]
fn problems_name_the_file_line_and_column() {
    let loaded = user("\n\n[keys.list]\n  donw = [\"j\"]\n");
    let p: &Problem = &loaded.problems[0];
    assert!(
        p.to_string()
            .starts_with("c.toml:4:3: unknown action `donw`"),
        "{p}"
    );
    let long = p.render();
    assert!(long.contains("4 |   donw = [\"j\"]"), "{long}");
    assert!(long.contains("  ^^^^ expected"), "{long}");
}

#[test]
fn files_are_found_read_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    // No usual file: the defaults, nothing to say.
    let missing = dir.path().join("absent.toml");
    let loaded = load(&Source::Usual(missing.clone()), &names(), false);
    assert!(loaded.problems.is_empty() && loaded.file.is_none());
    // A named file that is not there is a problem, not a failure.
    let loaded = load(&Source::Named(missing), &names(), false);
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.problems[0].to_string().contains("no such file"));
    assert_eq!(loaded.config, parse(None, &names(), false).config);
    // A directory.
    let loaded = load(&Source::Named(dir.path().to_path_buf()), &names(), false);
    assert!(loaded.problems[0].message.contains("directory"));
    // Not UTF-8: reported where, the rest still read.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"[defaults]\nmouse = false\n# caf\xe9\n").unwrap();
    let loaded = load(&Source::Named(bad.clone()), &names(), false);
    assert_eq!(loaded.problems.len(), 1, "{:#?}", loaded.problems);
    let loc = loaded.problems[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (3, 6));
    assert!(!loaded.config.defaults.mouse);
    assert_eq!(loaded.file.as_deref(), Some(bad.as_path()));
    // /dev/null is an empty file.
    #[cfg(unix)]
    {
        let loaded = load(&Source::Named("/dev/null".into()), &names(), false);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    }
}

#[test]
fn arbitrary_text_never_panics() {
    // A few hostile shapes: deep nesting, huge numbers, controls, empties.
    let nested = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
    let texts = [
        "",
        "\u{0}\u{1b}[31m",
        "[keys]\nlist = 1",
        "[keys.list]\n\"\" = [\"\"]",
        "[styles]\nhit = { fg = 99999999999999999999999 }",
        "[defaults]\nreader_width = 1e400",
        "theme = [1, 2]",
        "[[keys]]\n",
        nested.as_str(),
    ];
    for t in texts {
        let _ = user(t);
    }
}

#[test]
fn an_action_of_another_mode_is_reported_and_left_out() {
    let (line, col, msg, expected) = only_problem("[keys.search]\nquit = \"q\"\n");
    assert_eq!((line, col), (2, 1));
    assert_eq!(msg, "`quit` is not an action of the search mode");
    assert!(expected.contains("submit"), "{expected}");
    assert!(user("[keys.search]\nquit = \"q\"\n").config.keys.is_empty());
}

#[test]
fn the_way_out_keeps_a_key() {
    // Unbinding force_quit, or taking its only key, is refused.
    let (line, col, msg, _) = only_problem("[keys.list]\nforce_quit = []\n");
    assert_eq!((line, col), (2, 1));
    assert!(
        msg.contains("`force_quit` needs a key in [keys.list]"),
        "{msg}"
    );
    let text = "[keys.list]\nquit = [\"ctrl-c\"]\ndown = \"n\"\n";
    let (line, _, msg, _) = only_problem(text);
    assert_eq!(line, 2);
    assert!(msg.contains("takes the last key of `force_quit`"), "{msg}");
    assert_eq!(user(text).config.keys.len(), 1, "down still applies");
    // Moving it to another key first makes the second entry fine.
    let moved = user("[keys.list]\nforce_quit = \"ctrl-q\"\nquit = [\"ctrl-c\"]\n");
    assert!(moved.problems.is_empty(), "{:#?}", moved.problems);
    assert_eq!(moved.config.keys.len(), 2);
}
