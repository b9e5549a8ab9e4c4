//! Loading: parsing rules, byte ranges back into the files, and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use dateline::corpus::{Article, Input, load_all};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The file's bytes at the article's body range equal the body.
fn assert_body_maps_to_file(a: &Article, file: &Path) {
    let raw = fs::read(file).unwrap();
    let r = a.body_file_range();
    assert_eq!(
        &raw[r.clone()],
        a.body.as_bytes(),
        "body of {} is not at {:?} in {}",
        a.title,
        r,
        file.display()
    );
}

#[test]
fn seeds_load_with_their_titles_dates_and_ranges() {
    let loaded = load_all(&Input::Seeds);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let a = &loaded.articles;
    assert_eq!(a.len(), 3);
    assert_eq!(
        a[0].title,
        "Trump threatens to send military, shut border as migrants head for Mexico"
    );
    assert!(a[0].body.starts_with("Record number of families"));
    // No headline: the first sentence, shortened.
    assert!(
        a[1].title
            .starts_with("THOUSANDS of migrants who were travelling"),
        "{}",
        a[1].title
    );
    assert!(a[1].title.ends_with('\u{2026}'));
    assert!(a[1].body.starts_with("THOUSANDS of migrants"));
    // A date marker before the first sentence, on the same line.
    assert_eq!(a[2].date.as_deref(), Some("2018-04-03"));
    assert!(a[2].body.starts_with("In some of the Mexican towns"));
    assert!(a[2].title.starts_with("In some of the Mexican towns"));
    for art in a {
        assert_body_maps_to_file(art, &manifest().join(&*art.path));
    }
}

#[test]
fn ids_are_stable_and_distinct() {
    let one = load_all(&Input::Seeds);
    let two = load_all(&Input::Seeds);
    let ids: Vec<_> = one.articles.iter().map(|a| a.id).collect();
    assert_eq!(ids, two.articles.iter().map(|a| a.id).collect::<Vec<_>>());
    assert!(ids[0] != ids[1] && ids[1] != ids[2]);
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.path().join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    }
    fn path(&self) -> PathBuf {
        self.0.path().to_path_buf()
    }
}

#[test]
fn json_lines_fields_ranges_and_a_broken_line() {
    let d = Dir::new();
    let src = concat!(
        r#"{"title": "First", "body": "Caf\u00e9 \"society\" news.", "date": "2021-02-03", "source": "https://example.org/a", "author": "A. Writer", "tags": [1]}"#,
        "\n",
        r#"{"title": "Broken", "body": "#,
        "\n\n",
        r#"{"headline": "Second", "content": "Plain body text."}"#,
        "\n",
        r#"{"text": "No title here. Second sentence."}"#,
        "\n"
    );
    let p = d.write("a.jsonl", src.as_bytes());
    let loaded = load_all(&Input::Paths(vec![p.clone()]));
    let a = &loaded.articles;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].title, "First");
    assert_eq!(a[0].body, "Café \"society\" news.");
    assert_eq!(a[0].date.as_deref(), Some("2021-02-03"));
    assert_eq!(a[0].source.as_deref(), Some("https://example.org/a"));
    assert_eq!(a[0].author.as_deref(), Some("A. Writer"));
    assert_eq!(a[1].title, "Second");
    assert_body_maps_to_file(&a[1], &p);
    assert_eq!(a[2].title, "No title here.");
    // The decoded body maps onto its escaped form in the file.
    let r = a[0].body_file_range();
    assert_eq!(&src[r], r#"Caf\u00e9 \"society\" news."#);
    let w = &loaded.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].line, Some(2));
    assert!(w[0].to_string().contains("a.jsonl:2:"), "{}", w[0]);
}

#[test]
fn json_array_file() {
    let d = Dir::new();
    let p = d.write(
        "b.json",
        br#"[{"title": "One", "text": "Body one."}, {"title": "Two", "body": "Body two."}]"#,
    );
    let loaded = load_all(&Input::Paths(vec![p.clone()]));
    assert_eq!(loaded.articles.len(), 2);
    for a in &loaded.articles {
        assert_body_maps_to_file(a, &p);
    }
}

#[test]
fn directories_are_walked_sorted_skipping_hidden_and_other_types() {
    let d = Dir::new();
    d.write("b/2.txt", b"Two\n\nBody two.");
    d.write("b/1.md", b"One\n\nBody one.");
    d.write("a.txt", b"Zero\n\nBody zero.");
    d.write(".hidden/x.txt", b"Hidden\n\nNo.");
    d.write(".secret.txt", b"Hidden\n\nNo.");
    d.write("picture.png", b"\x89PNG");
    d.write("NOEXT", b"Plain\n\nNo extension.");
    let loaded = load_all(&Input::Paths(vec![d.path()]));
    let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Plain", "Zero", "One", "Two"]);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("other types skipped"))
    );
}

#[test]
fn bad_inputs_warn_and_lose_nothing_else() {
    let d = Dir::new();
    let good = d.write("good.txt", b"Good\n\nA good article.");
    let binary = d.write("bin.txt", b"abc\0def");
    let latin1 = d.write("latin1.txt", b"Caf\xe9 news\n\nThe caf\xe9 opened.");
    let empty = d.write("empty.txt", b"");
    let blank = d.write("blank.txt", b" \n\n ");
    let missing = d.path().join("missing.txt");
    let huge_line = format!("Huge\n\n{}", "word ".repeat(2_000_000));
    let huge = d.write("huge.txt", huge_line.as_bytes());
    let paths = vec![
        good.clone(),
        binary,
        latin1.clone(),
        empty,
        blank,
        missing,
        huge,
        good.clone(),
    ];
    let loaded = load_all(&Input::Paths(paths));
    let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Good", "Caf\u{FFFD} news", "Huge"]);
    let msgs: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    let has = |file: &str, what: &str| msgs.iter().any(|m| m.contains(file) && m.contains(what));
    assert!(has("bin.txt", "binary"), "{msgs:?}");
    assert!(has("latin1.txt", "UTF-8"), "{msgs:?}");
    assert!(has("empty.txt", "empty"), "{msgs:?}");
    assert!(has("blank.txt", "no text"), "{msgs:?}");
    assert!(has("missing.txt", "no such file"), "{msgs:?}");
    assert!(has("good.txt", "more than once"), "{msgs:?}");
    // The lossily decoded body still maps onto the file around the bad byte.
    let a = &loaded.articles[1];
    let raw = fs::read(&latin1).unwrap();
    let opened = a.body.find("opened").unwrap();
    let r = a.file_range(opened..opened + 6);
    assert_eq!(&raw[r], b"opened");
    assert_eq!(loaded.articles[2].words, 2_000_000);
}

#[test]
fn bbc_corpus_loads_with_its_titles() {
    let bbc = manifest().join("../shared/corpora/bbc");
    if !bbc.is_dir() {
        eprintln!("skipped: {} is absent", bbc.display());
        return;
    }
    let loaded = load_all(&Input::Paths(vec![bbc.clone()]));
    let txt: Vec<&Article> = loaded
        .articles
        .iter()
        .filter(|a| a.path.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert_eq!(txt.len(), 2225);
    let mut invalid = 0;
    for a in txt {
        let raw = fs::read(&*a.path).unwrap();
        let first_line = String::from_utf8_lossy(raw.split(|&b| b == b'\n').next().unwrap());
        assert_eq!(
            a.title,
            decode_references(&first_line.split_whitespace().collect::<Vec<_>>().join(" "))
        );
        if std::str::from_utf8(&raw).is_ok() {
            // The body is the file's text with its character references
            // (`&#163;`, `&amp;`) decoded.
            let text = String::from_utf8_lossy(&raw[a.body_file_range()]).into_owned();
            assert_eq!(decode_references(&text), a.body, "{}", a.path.display());
        } else {
            invalid += 1;
        }
    }
    assert_eq!(invalid, 1);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.path.ends_with("sport/199.txt"))
    );
}

/// The numeric references and the five XML names decoded, as a check
/// written apart from the loader's decoder.
fn decode_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix('#')
                    .and_then(|n| n.parse::<u32>().ok())
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
