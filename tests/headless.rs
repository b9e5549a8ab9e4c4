//! The headless commands, run as a user would, on the bundled seeds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = common::dateline()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn list_gives_body_ranges_into_the_files() {
    let (code, out, _) = run(&["list", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    for r in rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert!(e > s && e <= bytes.len());
    }
}

#[test]
fn entity_mentions_point_at_their_text_in_the_file() {
    let (code, out, _) = run(&["entities", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert!(rows.len() > 50);
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], r["text"].as_str().unwrap().as_bytes());
        assert!(["PER", "LOC", "ORG", "MISC", "DATE"].contains(&r["type"].as_str().unwrap()));
    }
    // "Mr Trump" and "Donald Trump" are one entity.
    let trump: Vec<_> = rows
        .iter()
        .filter(|r| r["text"] == "Trump" || r["text"] == "Donald Trump")
        .collect();
    assert!(
        trump
            .iter()
            .all(|r| r["entity_id"] == trump[0]["entity_id"])
    );
    let (code, out, _) = run(&["entities"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.contains("PER") && l.contains("Donald Trump"))
    );
}

#[test]
fn mentions_concordance_and_unknown_names() {
    let (code, out, _) = run(&["mentions", "TRUMP"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Donald Trump (PER"));
    assert!(
        out.lines()
            .skip(1)
            .all(|l| l.contains("[Trump]") || l.contains("[Donald Trump]"))
    );
    let (code, _, err) = run(&["mentions", "no such person"]);
    assert_eq!(code, 1);
    assert!(err.contains("no entity"));
}

#[test]
fn mentions_takes_ids_and_aliases_and_names_the_file_on_every_row() {
    let (_, by_name, _) = run(&["mentions", "Donald Trump"]);
    let (code, by_id, err) = run(&["mentions", "PER:donald-trump"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(by_id, by_name, "the id printed by `entities` is taken back");
    let (code, by_alias, _) = run(&["mentions", "trump"]);
    assert_eq!(code, 0);
    assert_eq!(by_alias, by_name);
    let (_, list, _) = run(&["list", "--format", "jsonl"]);
    let titles: Vec<(String, String)> = json_lines(&list)
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_owned(),
                r["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for line in by_id.lines().skip(1) {
        // context, path, byte range, title: the title whole.
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        assert!(
            titles.iter().any(|(p, t)| p == cols[1] && t == cols[3]),
            "{line}"
        );
        let (s, e) = cols[2].split_once("..").unwrap();
        let bytes = std::fs::read(cols[1]).unwrap();
        let text = &bytes[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()];
        assert!(cols[0].contains(&format!("[{}]", String::from_utf8_lossy(text))));
    }
}

#[test]
fn mentions_of_an_ambiguous_name_name_the_ambiguity_and_ids_pick_one() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "a.txt",
            "Budget\n\nGordon Brown presented the budget in London on Monday. Gordon Brown said growth was strong.\n",
        ),
        (
            "b.txt",
            "Farming\n\nNick Brown visited farms in Yorkshire. Nick Brown promised help for farmers.\n",
        ),
        (
            "c.txt",
            "Debate\n\nMr Brown spoke to Tony Blair in Parliament. Tony Blair answered Mr Brown at length.\n",
        ),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    // "Mr Brown" names one of two people: its mentions say so.
    let (code, out, err) = run(&["mentions", "mr brown", d]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("showing \"brown\""), "{err}");
    let heading = out.lines().next().unwrap();
    assert!(heading.contains("ambiguous"), "{heading}");
    assert_eq!(out.lines().count(), 3, "{out}");
    let (code, out, err) = run(&["mentions", "PER:gordon-brown", d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.lines().skip(1).all(|l| l.contains("a.txt")), "{out}");
}

#[test]
fn search_reports_hits_in_the_file_and_parse_errors() {
    let (code, out, _) = run(&["search", "honduras", "--format", "jsonl"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert!(!rows.is_empty());
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        for h in r["hits"].as_array().unwrap() {
            let (s, e) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert!(bytes[s..e].eq_ignore_ascii_case(b"honduras"));
        }
    }
    let (code, _, err) = run(&["search", "mexico OR OR"]);
    assert_eq!(code, 1);
    assert!(err.contains("OR"), "{err}");
    let (code, _, err) = run(&["search", "  "]);
    assert_eq!(code, 1);
    assert!(err.contains("empty"), "{err}");
    // A query may start with an exclusion; it is not taken for an option.
    let (code, out, err) = run(&["search", "-zzzz honduras", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(!json_lines(&out).is_empty());
    // A `name:` that is no filter is searched as words, with a note.
    let (code, _, err) = run(&["search", "year:2018 honduras"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("year: is not a filter (title: person: place: org: date: is: tag: has:)"),
        "{err}"
    );
    // One match is one match.
    let (code, out, _) = run(&["search", "orellana"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("1 match\n"), "{out}");
}

#[test]
fn search_hits_in_titles_point_into_the_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Glacier melt speeds up\n\nScientists measured the ice. The glacier lost mass.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Glacier tours close\n\nNo visitors.\n",
    )
    .unwrap();
    // A title read as is, one with an escape (shown decoded, so its offsets
    // hold through the map), one re-spaced (not as the file has it).
    std::fs::write(
        dir.path().join("c.jsonl"),
        concat!(
            "{\"body\": \"Nothing here.\", \"title\": \"Glacier maps\"}\n",
            "{\"title\": \"Caf\\u00e9 on a glacier\", \"text\": \"Coffee.\"}\n",
            "{\"title\": \"Glacier   views\", \"text\": \"Views.\"}\n",
        ),
    )
    .unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["search", "glacier", dir_arg, "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 5, "{out}");
    let mut in_titles = 0;
    for r in &rows {
        let bytes = std::fs::read(r["path"].as_str().unwrap()).unwrap();
        let hits = r["hits"].as_array().unwrap();
        for h in hits {
            let (s, e) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            assert!(bytes[s..e].eq_ignore_ascii_case(b"glacier"), "{r}");
        }
        let title = r["title"].as_str().unwrap();
        if title == "Glacier   views" || title == "Glacier views" {
            assert!(hits.is_empty(), "a re-spaced title has no offsets: {r}");
        } else {
            assert!(!hits.is_empty(), "{r}");
            in_titles += 1;
        }
        assert!(!title.starts_with('#'), "{title}");
    }
    assert_eq!(in_titles, 4);
}

#[test]
fn nothing_loadable_fails_with_one_line() {
    let (code, out, err) = run(&["list", "/no/such/path"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains("no articles could be loaded")
    );
}

/// The app on the seeds, analysed as the interactive reader has it.
fn app() -> dateline::app::AppState {
    use dateline::app::{AppState, Msg, drive};
    let l = dateline::corpus::load_all(&dateline::corpus::Input::Seeds);
    let mut s = AppState::new(
        dateline::store::Store::from_articles(l.articles, l.warnings),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    for ev in dateline::analysis::analyse_now(s.store.articles()) {
        drive(&mut s, Msg::Analysis(ev));
    }
    s
}

#[test]
fn headless_figures_equal_the_apps() {
    use dateline::app::keymap::Key;
    use dateline::app::{Action, Mode, drive, reader};
    let mut s = app();
    let res = s.analysis.resolution.clone().unwrap();
    // Entity counts: `entities` text against the corpus entities pane.
    let (_, out, _) = run(&["entities"]);
    drive(&mut s, Action::EntitiesCorpus);
    let Mode::Entities(pane) = &s.mode else {
        panic!("no pane")
    };
    let rows = pane.rows.clone();
    let printed: Vec<(usize, usize, String)> = out
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split_whitespace();
            let m = f.next().unwrap().parse().unwrap();
            let a = f.next().unwrap().parse().unwrap();
            let _kind = f.next();
            let rest: Vec<&str> = f.collect();
            (m, a, rest.join(" "))
        })
        .collect();
    assert_eq!(printed.len(), rows.len());
    for r in &rows {
        let e = &res.entities[r.entity as usize];
        let articles = dateline::facts::articles_of(&s.analysis.postings[r.entity as usize]).len();
        assert!(
            printed.iter().any(|(m, a, name)| *m == r.in_corpus
                && *a == articles
                && name.starts_with(&e.name)),
            "{} {} {}",
            e.name,
            r.in_corpus,
            articles
        );
    }
    drive(&mut s, Action::Back);
    // Mentions: `mentions --format jsonl` against the app's concordance.
    let (_, out, _) = run(&["mentions", "PER:donald-trump", "--format", "jsonl"]);
    let printed: Vec<(String, u64, u64)> = json_lines(&out)
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_owned(),
                r["start"].as_u64().unwrap(),
                r["end"].as_u64().unwrap(),
            )
        })
        .collect();
    drive(&mut s, Action::EntitiesCorpus);
    for c in "donald trump".chars() {
        drive(&mut s, Key::char(c));
    }
    drive(&mut s, Action::Open);
    drive(&mut s, Action::ShowMentions);
    let Mode::Concordance(c) = &s.mode else {
        panic!("no concordance")
    };
    let shown: Vec<(String, u64, u64)> = c
        .rows
        .iter()
        .map(|&(a, m)| {
            let art = s.store.get(a).unwrap();
            let span = &s.mention_spans(a)[m as usize];
            let f = if span.in_title {
                art.title_file_range(span.range.clone()).unwrap()
            } else {
                art.file_range(span.range.clone())
            };
            (art.path.display().to_string(), f.start as u64, f.end as u64)
        })
        .collect();
    assert_eq!(shown, printed);
    drive(&mut s, Action::Back);
    drive(&mut s, Action::Back);
    assert_eq!(s.lists.depth(), 0);
    // Search: the ranked articles and every hit, in file offsets.
    for q in ["honduras", "trump -caravan", "title:caravan", "migr"] {
        let (_, out, _) = run(&["search", q, "--format", "jsonl"]);
        let printed = json_lines(&out);
        drive(&mut s, Action::Search);
        drive(&mut s, Action::DeleteToStart);
        for c in q.chars() {
            drive(&mut s, Key::char(c));
        }
        drive(&mut s, Action::Submit);
        assert_eq!(s.row_count(), printed.len(), "{q}");
        let total = s.list().source.search().unwrap().results.total;
        assert_eq!(total, printed.len(), "{q}");
        for (row, p) in printed.iter().enumerate() {
            reader::select_row(&mut s, row);
            let art = s.store.get(s.reader.article.unwrap()).unwrap();
            assert_eq!(art.id.to_string(), p["id"].as_str().unwrap(), "{q}");
            let mut hits: Vec<[usize; 2]> = s
                .reader
                .hits
                .iter()
                .filter_map(|h| {
                    if h.in_title {
                        art.title_file_range(h.range.clone())
                    } else {
                        Some(art.file_range(h.range.clone()))
                    }
                })
                .map(|f| [f.start, f.end])
                .collect();
            hits.sort_unstable();
            let printed_hits: Vec<[usize; 2]> = serde_json::from_value(p["hits"].clone()).unwrap();
            assert_eq!(hits, printed_hits, "{q}");
        }
        drive(&mut s, Action::Back);
    }
}
