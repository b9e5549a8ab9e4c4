//! Export → import: a colleague's marks, tags, notes and clips land on the
//! same articles of a copied collection; CSV parses back; the Markdown
//! clip list cites the bytes it quotes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use dateline::corpus::{Article, Input, load_all};
use dateline::reading::{Change, Keeper, keep};
use dateline::workspace::Workspace;

fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(seeds).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn articles(input: &Input) -> Vec<Arc<Article>> {
    load_all(input).articles.into_iter().map(Arc::new).collect()
}

fn dateline(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.env("XDG_DATA_HOME", data);
    c
}

#[test]
fn export_then_import_gives_the_same_work_and_cites_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let news = dir.path().join("news");
    copy_seeds(&news);
    let ws1 = dir.path().join("ws1");
    let input = Input::Paths(vec![news.clone()]);
    let arts = articles(&input);
    {
        let ws = Arc::new(Workspace::open_dir(&ws1, &input).unwrap());
        let mut k = Keeper::new(Some(ws));
        k.apply(&arts, 0, &Change::Starred(true)).unwrap();
        k.apply(&arts, 0, &Change::Read(true)).unwrap();
        k.apply(
            &arts,
            1,
            &Change::Tags(vec!["legal".into(), "mexico".into()]),
        )
        .unwrap();
        k.apply(
            &arts,
            1,
            &Change::Note("Call the consulate.\nThen write.".into()),
        )
        .unwrap();
        for i in [0, 2] {
            let body = &arts[i].body;
            let at = body.find(". ").unwrap() + 2;
            let range = dateline::reading::sentence_at(body, at);
            k.apply(&arts, i, &Change::Clip(range)).unwrap();
        }
    }
    let ws1s = ws1.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = dateline(&data)
            .args(args)
            .arg(&news)
            .args(["--workspace", ws1s])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let jsonl = run(&["export", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 3);
    let starred = run(&["export", "--format", "jsonl", "--starred"]);
    assert_eq!(starred.lines().count(), 1);
    let tagged = run(&["export", "--format", "jsonl", "--tag", "Legal"]);
    assert_eq!(tagged.lines().count(), 1);
    assert!(tagged.contains("Call the consulate."));
    let queried = run(&["export", "--format", "jsonl", "--query", "has:clip mexico"]);
    assert!(queried.lines().count() >= 1 && queried.lines().count() <= 2);

    // CSV parses back, with the work as columns.
    let csv_text = run(&["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 3);
    assert_eq!(&recs[0][col("starred")], "true");
    assert_eq!(&recs[1][col("tags")], "legal; mexico");
    assert_eq!(&recs[1][col("note")], "Call the consulate.\nThen write.");

    // The Markdown clips cite the bytes they quote.
    let md = run(&["export", "--clips", "--format", "md"]);
    let mut cited = 0;
    let quotes: Vec<&str> = md.lines().filter(|l| l.starts_with("- \u{201c}")).collect();
    let cites: Vec<&str> = md.lines().filter(|l| l.contains(", bytes ")).collect();
    assert_eq!(quotes.len(), 2, "{md}");
    for (q, c) in quotes.iter().zip(&cites) {
        let quote = q
            .trim_start_matches("- \u{201c}")
            .trim_end()
            .trim_end_matches('\u{201d}');
        let file = c.split('`').nth(1).unwrap();
        let span = c.rsplit("bytes ").next().unwrap();
        let (s, e) = span.split_once("..").unwrap();
        let bytes = std::fs::read(news.join(file)).unwrap();
        let got = &bytes[s.parse::<usize>().unwrap()..e.trim().parse::<usize>().unwrap()];
        let got = String::from_utf8_lossy(got);
        let got: Vec<&str> = got.split_whitespace().collect();
        assert_eq!(got.join(" "), quote);
        cited += 1;
    }
    assert_eq!(cited, 2);

    // Import into a fresh workspace of a copy elsewhere.
    let export = dir.path().join("work.jsonl");
    std::fs::write(&export, &jsonl).unwrap();
    let news2 = dir.path().join("elsewhere/copy");
    copy_seeds(&news2);
    let ws2 = dir.path().join("ws2");
    let out = dateline(&data)
        .arg("import")
        .arg(&export)
        .arg(&news2)
        .args(["--workspace", ws2.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.starts_with("3 of 3 articles matched"), "{said}");

    let work = |ws: &Path, news: &Path| {
        let input = Input::Paths(vec![news.to_path_buf()]);
        let arts = articles(&input);
        let w = Arc::new(Workspace::open_dir(ws, &input).unwrap());
        let mut k = Keeper::new(Some(Arc::clone(&w)));
        let marks = k.marks(&arts).unwrap();
        let per: Vec<_> = (0..arts.len())
            .map(|i| {
                let m = marks.get(i).unwrap();
                (m.read, m.starred, m.tags.clone(), m.note.clone(), m.clips)
            })
            .collect();
        let clips: Vec<(String, u64, u64, String)> = keep::clips(&w.user())
            .unwrap()
            .into_iter()
            .map(|c| (c.path, c.start, c.end, c.text))
            .collect();
        (per, clips)
    };
    let (a, b) = (work(&ws1, &news), work(&ws2, &news2));
    assert_eq!(a, b);
    assert!(a.0.iter().any(|m| m.1), "something was starred");
}
