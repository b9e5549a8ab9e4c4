//! Timelines, `date:` filters and co-occurrences on a generated dated
//! collection, each checked against a plain count made here.
//!
//! The collection: JSON Lines of short articles over six years (some dated
//! to the day, some only to the month or the year, some in words, some
//! undated). Dates are generated here, so what each bar and each `date:`
//! filter should hold is counted from the generated dates by tuple
//! comparison, with no use of the crate's date code. An article dated only
//! to a month or a year stands at its first day.
//!
//! Co-occurrences are checked against the mentions `dateline entities`
//! prints: the articles and sentences two entities share, and G² computed
//! here from the 2×2 table, must be what `dateline cooccur` reports, in
//! that order; and a name planted beside the target ranks above the
//! collection's most frequent name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dateline::corpus::{Article, Input, load_all};
use dateline::dates::Unit;
use dateline::entities::{Extractor, resolve};
use dateline::pictures::{DateColumn, Presence, Timeline};

/// A date as generated: year, and month and day when known.
#[derive(Debug, Clone, Copy)]
struct Date {
    y: i32,
    m: Option<u32>,
    d: Option<u32>,
}

impl Date {
    /// The day it stands at.
    fn point(self) -> (i32, u32, u32) {
        (self.y, self.m.unwrap_or(1), self.d.unwrap_or(1))
    }
}

struct Generated {
    dir: tempfile::TempDir,
    file: PathBuf,
    dates: Vec<Option<Date>>,
    bodies: Vec<String>,
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `n` articles: 70% dated to the day (one in seven of them written in
/// words), 10% to the month, 5% to the year, 15% undated. Angela Merkel is
/// in a quarter of them, Jacques Chirac in three in five of hers (and a few
/// others), London in four of five articles, others here and there.
fn generate(n: usize) -> Generated {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dated.jsonl");
    let mut lines = String::new();
    let mut dates = Vec::new();
    let mut bodies = Vec::new();
    for i in 0..n {
        let y = 2015 + rng.below(6) as i32;
        let m = 1 + rng.below(12) as u32;
        let d = 1 + rng.below(u64::from(days_in(y, m))) as u32;
        let kind = rng.below(100);
        let (date, text) = match kind {
            0..=59 => (
                Some(Date {
                    y,
                    m: Some(m),
                    d: Some(d),
                }),
                Some(format!("{y}-{m:02}-{d:02}")),
            ),
            60..=69 => (
                Some(Date {
                    y,
                    m: Some(m),
                    d: Some(d),
                }),
                Some(format!("{d} {} {y}", MONTHS[m as usize - 1])),
            ),
            70..=79 => (
                Some(Date {
                    y,
                    m: Some(m),
                    d: None,
                }),
                Some(format!("{y}-{m:02}")),
            ),
            80..=84 => (
                Some(Date {
                    y,
                    m: None,
                    d: None,
                }),
                Some(format!("{y}")),
            ),
            _ => (None, None),
        };
        let mut sentences: Vec<String> = vec![format!("This is report number {i}")];
        let merkel = rng.below(4) == 0;
        if merkel {
            match rng.below(5) {
                0 | 1 => sentences.push("Angela Merkel met Jacques Chirac in Paris".into()),
                2 => {
                    sentences.push("Angela Merkel spoke to reporters".into());
                    sentences.push("Jacques Chirac was not there".into());
                }
                _ => sentences.push("Angela Merkel spoke to reporters".into()),
            }
        } else if rng.below(12) == 0 {
            sentences.push("Jacques Chirac spoke in Paris".into());
        }
        if rng.below(5) > 0 {
            sentences.push("Officials in London said little".into());
        }
        if rng.below(6) == 0 {
            sentences.push("Vladimir Putin said in Moscow that talks would go on".into());
        }
        if merkel && rng.below(10) == 0 {
            sentences.push("Angela Merkel and Vladimir Putin spoke".into());
        }
        let body = sentences.join(". ") + ".";
        let mut record = serde_json::json!({ "title": format!("Report {i}"), "body": body });
        if let Some(t) = text {
            record["date"] = serde_json::Value::String(t);
        }
        lines.push_str(&record.to_string());
        lines.push('\n');
        dates.push(date);
        bodies.push(body);
    }
    std::fs::write(&file, lines).unwrap();
    Generated {
        dir,
        file,
        dates,
        bodies,
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = common::dateline().args(args).output().unwrap();
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

fn load(path: &Path) -> Vec<Arc<Article>> {
    load_all(&Input::Paths(vec![path.to_path_buf()]))
        .articles
        .into_iter()
        .map(Arc::new)
        .collect()
}

type Day = (i32, u32, u32);

/// `date:` filters and the days they cover (`from..until`, either open).
fn filters() -> Vec<(&'static str, Option<Day>, Option<Day>)> {
    vec![
        ("date:2018", Some((2018, 1, 1)), Some((2019, 1, 1))),
        ("date:2017-03", Some((2017, 3, 1)), Some((2017, 4, 1))),
        ("date:2016/02", Some((2016, 2, 1)), Some((2016, 3, 1))),
        ("date:2019-10-01", Some((2019, 10, 1)), Some((2019, 10, 2))),
        ("date:2019-10-05", Some((2019, 10, 5)), Some((2019, 10, 6))),
        (
            "date:2016-03..2017-02",
            Some((2016, 3, 1)),
            Some((2017, 3, 1)),
        ),
        (
            "date:2018-10-01..2018-11-15",
            Some((2018, 10, 1)),
            Some((2018, 11, 16)),
        ),
        ("date:>2018-06", Some((2018, 7, 1)), None),
        ("date:>=2018-06", Some((2018, 6, 1)), None),
        ("date:<2017", None, Some((2017, 1, 1))),
        ("date:<=2017-01-31", None, Some((2017, 2, 1))),
        ("date:2019..", Some((2019, 1, 1)), None),
        ("date:..2015-06", None, Some((2015, 7, 1))),
    ]
}

fn in_days(date: Option<Date>, from: Option<Day>, until: Option<Day>) -> bool {
    date.is_some_and(|d| {
        let p = d.point();
        from.is_none_or(|f| p >= f) && until.is_none_or(|u| p < u)
    })
}

#[test]
fn date_filters_find_exactly_the_articles_dated_in_them() {
    let g = generate(400);
    let file = g.file.to_str().unwrap();
    for (filter, from, until) in filters() {
        let want = g.dates.iter().filter(|d| in_days(**d, from, until)).count();
        let (code, out, err) = run(&[
            "search", filter, file, "--limit", "1000", "--format", "jsonl",
        ]);
        assert_eq!(code, 0, "{filter}: {err}");
        assert_eq!(json_lines(&out).len(), want, "{filter}");
        // With a word: the articles of the period that mention Putin.
        let query = format!("{filter} putin ");
        let want_putin = g
            .dates
            .iter()
            .zip(&g.bodies)
            .filter(|(d, b)| in_days(**d, from, until) && b.contains("Putin"))
            .count();
        let (_, out, _) = run(&[
            "search", &query, file, "--limit", "1000", "--format", "jsonl",
        ]);
        assert_eq!(json_lines(&out).len(), want_putin, "{query}");
    }
    // Excluded: every article but those of 2018 (undated ones too).
    let (_, out, _) = run(&[
        "search",
        "report -date:2018",
        file,
        "--limit",
        "1000",
        "--format",
        "jsonl",
    ]);
    let want = g
        .dates
        .iter()
        .filter(|d| !in_days(**d, Some((2018, 1, 1)), Some((2019, 1, 1))))
        .count();
    assert_eq!(json_lines(&out).len(), want);
    drop(g.dir);
}

#[test]
fn bad_dates_are_refused_with_a_reason() {
    for (query, says) in [
        ("date:2018-02-30", "February 2018 has 28 days"),
        ("date:2018-13", "month 13"),
        ("date:18", "four digits"),
        ("date:2019..2018", "earlier date first"),
        ("date:", "needs a date"),
    ] {
        let (code, out, err) = run(&["search", query]);
        assert_ne!(code, 0, "{query}");
        assert!(out.is_empty());
        assert!(err.contains(says), "{query}: {err}");
    }
}

#[test]
fn timeline_bars_hold_the_articles_of_their_periods() {
    let g = generate(300);
    let articles = load(&g.file);
    assert_eq!(articles.len(), 300);
    let dates = DateColumn::of(&articles);
    let everything = (0..articles.len() as u32).map(|a| (a, 0));
    let undated = g.dates.iter().filter(|d| d.is_none()).count() as u32;
    for width in [6, 24, 80, 400] {
        let t = Timeline::fit(&dates, everything.clone(), width, None);
        assert!(t.bars.len() <= width, "{} bars in {width}", t.bars.len());
        assert_eq!(t.undated.articles, undated);
        for bar in &t.bars {
            let (s, e) = (bar.period.start(), bar.period.end());
            let from = (s.year(), s.month(), s.day());
            let until = (e.year(), e.month(), e.day());
            let want = g
                .dates
                .iter()
                .filter(|d| in_days(**d, Some(from), Some(until)))
                .count() as u32;
            assert_eq!(bar.tally.articles, want, "{}", bar.period.label());
        }
        assert_eq!(t.dated().articles + undated, 300);
    }
    // Six years: months at 80 columns, years at 6.
    assert_eq!(
        Timeline::fit(&dates, everything.clone(), 80, None).unit,
        Unit::Month
    );
    assert_eq!(Timeline::fit(&dates, everything, 6, None).unit, Unit::Year);
}

/// Per entity key: its articles and (article, sentence) pairs, and per
/// article the entities' mention counts, from `dateline entities`.
struct Mentions {
    articles: BTreeMap<String, BTreeSet<usize>>,
    sentences: BTreeMap<String, BTreeSet<(usize, usize)>>,
    per_article: BTreeMap<String, BTreeMap<usize, u32>>,
    names: HashMap<String, String>,
}

fn mentions(g: &Generated) -> Mentions {
    let file = g.file.to_str().unwrap();
    let (code, out, _) = run(&["list", file, "--format", "jsonl"]);
    assert_eq!(code, 0);
    // Article id -> (ordinal, body start in the file).
    let bodies: HashMap<String, (usize, usize)> = json_lines(&out)
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                r["id"].as_str().unwrap().to_owned(),
                (i, r["start"].as_u64().unwrap() as usize),
            )
        })
        .collect();
    let (code, out, _) = run(&["entities", file, "--format", "jsonl"]);
    assert_eq!(code, 0);
    let mut m = Mentions {
        articles: BTreeMap::new(),
        sentences: BTreeMap::new(),
        per_article: BTreeMap::new(),
        names: HashMap::new(),
    };
    for r in json_lines(&out) {
        if r["type"] == "DATE" {
            continue;
        }
        let Some(key) = r["entity_id"].as_str() else {
            continue;
        };
        let (a, body_start) = bodies[r["article"].as_str().unwrap()];
        let start = r["start"].as_u64().unwrap() as usize;
        // Titles ("Report 7") name nobody here.
        assert!(start >= body_start, "a mention in a title: {r}");
        // Sentences are joined by ". " and names hold no period.
        let sentence = g.bodies[a][..start - body_start].matches(". ").count();
        m.articles.entry(key.into()).or_default().insert(a);
        m.sentences
            .entry(key.into())
            .or_default()
            .insert((a, sentence));
        *m.per_article
            .entry(key.into())
            .or_default()
            .entry(a)
            .or_default() += 1;
        m.names
            .insert(key.into(), r["entity"].as_str().unwrap().to_owned());
    }
    m
}

/// G² of the 2×2 table, written out here.
fn g2(both: f64, a: f64, b: f64, n: f64) -> f64 {
    let cells = [
        (both, a * b / n),
        (a - both, a * (n - b) / n),
        (b - both, (n - a) * b / n),
        (n - a - b + both, (n - a) * (n - b) / n),
    ];
    2.0 * cells
        .iter()
        .filter(|(o, e)| *o > 0.0 && *e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

#[test]
fn cooccur_reports_the_shared_articles_and_sentences_ranked_by_g2() {
    let g = generate(240);
    let m = mentions(&g);
    let target = m
        .names
        .iter()
        .find(|(_, name)| name.as_str() == "Angela Merkel")
        .map(|(k, _)| k.clone())
        .expect("Angela Merkel is found");
    let mine = &m.articles[&target];
    let n = g.bodies.len() as f64;
    let file = g.file.to_str().unwrap();
    let (code, out, err) = run(&[
        "cooccur",
        "angela merkel",
        file,
        "--format",
        "jsonl",
        "--limit",
        "1000",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = json_lines(&out);
    // Every entity sharing more articles than chance is listed.
    let expected_partners: BTreeSet<&String> = m
        .articles
        .iter()
        .filter(|(k, arts)| {
            let both = arts.intersection(mine).count() as f64;
            **k != target && both > mine.len() as f64 * arts.len() as f64 / n
        })
        .map(|(k, _)| k)
        .collect();
    let listed: BTreeSet<&String> = rows
        .iter()
        .map(|r| m.names.keys().find(|k| **k == r["entity_id"]).unwrap())
        .collect();
    assert_eq!(listed, expected_partners);
    let mut last = f64::INFINITY;
    for r in &rows {
        let key = r["entity_id"].as_str().unwrap();
        let theirs = &m.articles[key];
        let both = theirs.intersection(mine).count();
        let sentences = m.sentences[key]
            .iter()
            .filter(|s| m.sentences[&target].contains(s))
            .count();
        assert_eq!(r["articles"], both, "{key}");
        assert_eq!(r["sentences"], sentences, "{key}");
        assert_eq!(r["entity_articles"], theirs.len(), "{key}");
        let score = g2(both as f64, mine.len() as f64, theirs.len() as f64, n);
        let reported = r["score"].as_f64().unwrap();
        assert!(
            (reported - score).abs() < 1e-3,
            "{key}: {reported} vs {score}"
        );
        assert!(reported <= last + 1e-9, "ranked by G2");
        last = reported;
        assert_eq!(r["with_id"], target.as_str());
    }
    // The planted partner leads; London, in more of her articles, does not.
    let rank = |name: &str| rows.iter().position(|r| r["entity"] == name);
    assert_eq!(rank("Jacques Chirac"), Some(0));
    let london_with_her = m
        .names
        .iter()
        .find(|(_, n)| n.as_str() == "London")
        .map(|(k, _)| m.articles[k].intersection(mine).count())
        .unwrap();
    assert!(london_with_her > rows[0]["articles"].as_u64().unwrap() as usize);
    assert!(rank("London").is_none_or(|r| r > 0));
    // Text output: the same ranking, readable.
    let (_, text, _) = run(&["cooccur", "Angela Merkel", file, "--limit", "3"]);
    assert!(text.starts_with("Angela Merkel (PER): named in "), "{text}");
    assert!(text.contains("Jacques Chirac (PER"), "{text}");
    let (code, _, err) = run(&["cooccur", "Nobody At All", file]);
    assert_ne!(code, 0);
    assert!(err.contains("no entity is called"), "{err}");
}

#[test]
fn an_entity_timeline_counts_its_articles_and_mentions() {
    let g = generate(200);
    let m = mentions(&g);
    let articles = load(&g.file);
    let extractor = Extractor::new();
    let texts: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect();
    let found: Vec<_> = texts
        .iter()
        .map(|&(t, b)| ((t, b), extractor.extract_article(t, b)))
        .collect();
    let resolution = resolve(&found);
    let presence = Presence::build(&texts, &resolution);
    let e = resolution
        .entities
        .iter()
        .position(|e| e.name == "Angela Merkel")
        .unwrap();
    let key = &resolution.entities[e].key;
    let dates = DateColumn::of(&articles);
    let t = Timeline::fit(
        &dates,
        presence.postings(e as u32).iter().copied(),
        30,
        dates.span(),
    );
    let per_article = &m.per_article[key];
    for bar in &t.bars {
        let (s, en) = (bar.period.start(), bar.period.end());
        let (from, until) = (
            (s.year(), s.month(), s.day()),
            (en.year(), en.month(), en.day()),
        );
        let inside: Vec<(&usize, &u32)> = per_article
            .iter()
            .filter(|(a, _)| in_days(g.dates[**a], Some(from), Some(until)))
            .collect();
        assert_eq!(bar.tally.articles as usize, inside.len());
        assert_eq!(
            bar.tally.mentions,
            inside.iter().map(|(_, n)| **n).sum::<u32>()
        );
    }
    let undated: u32 = per_article
        .iter()
        .filter(|(a, _)| g.dates[**a].is_none())
        .map(|(_, n)| *n)
        .sum();
    assert_eq!(t.undated.mentions, undated);
}
