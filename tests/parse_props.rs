//! No input makes a parser panic: random bytes, random cuts of real pages
//! and feeds, and the feeds of feed-rs's own test fixtures, through every
//! kind of file dateline reads. Each is read in full or becomes warnings,
//! and every span of every article stays inside the input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dateline::corpus::{FileKind, parse_bytes};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const KINDS: [FileKind; 6] = [
    FileKind::Text,
    FileKind::JsonLines,
    FileKind::JsonArray,
    FileKind::Html,
    FileKind::HtmlGz,
    FileKind::Feed,
];

/// Parses `raw` as every kind and checks each article's spans.
fn read_all_ways(raw: &[u8]) {
    for kind in KINDS {
        let r = parse_bytes(Path::new("x"), kind, raw);
        let limit = if kind == FileKind::HtmlGz {
            usize::MAX
        } else {
            raw.len()
        };
        for a in &r.articles {
            let whole = a.body_file_range();
            assert!(
                whole.start <= whole.end && whole.end <= limit,
                "{kind:?}: {whole:?} of {}",
                raw.len()
            );
            for (i, _) in a.body.char_indices().step_by(7) {
                let f = a.file_range(i..a.body.len());
                assert!(f.start <= f.end && f.end <= limit, "{kind:?}: {f:?}");
            }
            if let Some(t) = a.title_file_range(0..a.title.len()) {
                assert!(t.end <= limit, "{kind:?}: title {t:?}");
            }
        }
    }
}

/// Bits of markup that make random input reach the parsers' corners.
fn markup_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<div class=\"content\">".to_owned()),
        Just("</div>".to_owned()),
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("]]>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#".to_owned()),
        Just("&#x1F600;".to_owned()),
        Just("<rss><channel><item><title>".to_owned()),
        Just("<description>".to_owned()),
        Just("{\"body\": \"".to_owned()),
        Just("\\u00e9\"}".to_owned()),
        Just("<h1>".to_owned()),
        Just("<a href=x>".to_owned()),
        Just("\n".to_owned()),
        "[a-z ,.]{0,20}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(raw in prop::collection::vec(any::<u8>(), 0..600)) {
        read_all_ways(&raw);
    }

    #[test]
    fn random_markup_never_panics(raw in markup_soup()) {
        read_all_ways(&raw);
    }
}

/// Real pages and feeds, when they are there.
fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "../shared/html/aeb-dev/html",
        "../../shared/html/aeb-dev/html",
    ] {
        if let Ok(d) = std::fs::read_dir(root.join(dir)) {
            out.extend(d.filter_map(Result::ok).map(|e| e.path()));
            break;
        }
    }
    out.extend(feed_fixtures());
    out.sort();
    out
}

/// The test fixtures that ship in the feed-rs crate source, if cargo has it.
fn feed_fixtures() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(registry) = home.map(|h| h.join("registry/src")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .flat_map(|index| std::fs::read_dir(index.path()).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("feed-rs-"))
        })
        .map(|p| p.join("fixture"))
        .collect();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn real_pages_feeds_and_their_cuts_never_panic() {
    let files = samples();
    if files.is_empty() {
        eprintln!("skipped: neither ../shared/html nor the feed-rs fixtures are here");
        return;
    }
    let fixtures = feed_fixtures().len();
    let mut feeds_read = 0;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let kind = if fixtures > 0 && path.components().any(|c| c.as_os_str() == "fixture") {
            FileKind::Feed
        } else {
            FileKind::Html
        };
        let r = parse_bytes(path, kind, &raw);
        if kind == FileKind::Feed && !r.articles.is_empty() {
            feeds_read += 1;
        }
        // Cuts anywhere, through every parser.
        for _ in 0..3 {
            let cut = (0..=raw.len()).new_tree(&mut runner).unwrap().current();
            read_all_ways(&raw[..cut]);
        }
    }
    println!(
        "{} files ({fixtures} feed-rs fixtures, {feeds_read} read with items)",
        files.len()
    );
}
