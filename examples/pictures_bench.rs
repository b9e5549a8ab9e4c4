//! Pictures benchmark: co-occurrence, timelines and `date:` keystrokes on
//! the BBC corpus copied ten times (22,250 articles), with dates made up
//! (the corpus has none).
//!
//! ```text
//! cargo run --release --example pictures_bench                 # x10
//! cargo run --release --example pictures_bench -- 10 /path/to/bbc
//! ```
//!
//! Entities are found once in the BBC articles (title and body, as the app
//! does) and every copy has the entities of its original. Dates: 85% of
//! the articles get a day between 2001 and 2005, 5% a month only, 10% none,
//! from a hash of the article's position.
//!
//! Targets (issue #18): opening the co-occurrence of any entity <= 30 ms;
//! the timeline of the whole collection and of any entity <= 16 ms per
//! redraw; `date:` filters p99 <= 8 ms per keystroke. Each figure is the
//! median of five runs per item (the machine is shared).
//!
//! Then the views as the app runs them: the same articles (with their
//! dates) in an `AppState`, each keystroke applied through `drive` and the
//! frame drawn into a TestBackend, at 80x24 and at 120x40; one figure per
//! keystroke (update and drawing together), per view.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dateline::analysis::{AnalysisEvent, entity_fields};
use dateline::app::keymap::Key;
use dateline::app::{Action, AppState, Effect, Msg, drive};
use dateline::corpus::{Article, Input, load_all};
use dateline::entities::{Extractor, Resolution, resolve};
use dateline::pictures::{Counts, DateColumn, Presence, Timeline};
use dateline::search::{Articles, DocInput, SearchIndex};
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const REPEATS: usize = 5;

/// Queries typed letter by letter (every prefix is one keystroke).
const TYPED: [&str; 6] = [
    "date:2004-10",
    "date:2003-10-01..2004-03-15",
    "date:>2004-06",
    "date:<=2002",
    "blair date:2004",
    "date:2004..2005 economy",
];

struct Copies<'a> {
    articles: &'a [Arc<Article>],
    dates: &'a [Option<String>],
    resolution: &'a Resolution,
}

impl Articles for Copies<'_> {
    fn len(&self) -> usize {
        self.articles.len()
    }

    fn text_len(&self, i: usize) -> usize {
        self.articles
            .get(i)
            .map_or(0, |a| a.title.len() + a.body.len())
    }

    fn get(&self, i: usize) -> DocInput<'_> {
        let Some(a) = self.articles.get(i) else {
            return DocInput::default();
        };
        DocInput {
            title: &a.title,
            body: &a.body,
            date: self.dates.get(i).and_then(|d| d.as_deref()),
            entities: entity_fields(self.resolution, i),
        }
    }
}

/// A made-up date for article `i`.
fn date_of(i: usize) -> Option<String> {
    let mut h = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    let roll = h % 100;
    let day = (h >> 8) % (5 * 365);
    let (y, rest) = (2001 + day / 365, day % 365);
    let m = (rest / 31).min(11) + 1;
    let d = rest % 28 + 1;
    match roll {
        0..=84 => Some(format!("{y}-{m:02}-{d:02}")),
        85..=89 => Some(format!("{y}-{m:02}")),
        _ => None,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The median of `REPEATS` runs of `f`.
fn median(mut f: impl FnMut() -> usize, sink: &mut usize) -> Duration {
    let mut runs: Vec<Duration> = (0..REPEATS)
        .map(|_| {
            let t = Instant::now();
            *sink += f();
            t.elapsed()
        })
        .collect();
    runs.sort();
    runs[REPEATS / 2]
}

fn summary(name: &str, times: &mut [Duration], target_ms: f64) {
    times.sort();
    let (p50, p99, max) = (
        percentile(times, 0.5),
        percentile(times, 0.99),
        times.last().copied().unwrap_or_default(),
    );
    println!(
        "  {name:<28} n={:<5} p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms   (target <= {target_ms} ms: max {:.2}x)",
        times.len(),
        ms(p50),
        ms(p99),
        ms(max),
        ms(max) / target_ms
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let factor: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10);
    let root = args
        .get(1)
        .map_or_else(|| PathBuf::from("../shared/corpora/bbc"), PathBuf::from);
    if !root.is_dir() {
        println!(
            "BBC corpus not found at {}: nothing to measure",
            root.display()
        );
        return;
    }
    let loaded = load_all(&Input::Paths(vec![root.clone()]));
    let base: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
    let extractor = Extractor::new();
    let found: Vec<((&str, &str), _)> = base
        .iter()
        .map(|a| {
            let t = (a.title.as_str(), a.body.as_str());
            (t, extractor.extract_article(t.0, t.1))
        })
        .collect();
    let original = resolve(&found);
    drop(found);
    let mut articles = Vec::with_capacity(base.len() * factor);
    let mut resolution = Resolution {
        entities: original.entities.clone(),
        docs: Vec::with_capacity(base.len() * factor),
    };
    for _ in 0..factor {
        articles.extend(base.iter().cloned());
        resolution.docs.extend(original.docs.iter().cloned());
    }
    let dates: Vec<Option<String>> = (0..articles.len()).map(date_of).collect();
    println!(
        "x{factor}: {} articles, {} entities, {} dated",
        articles.len(),
        resolution.entities.len(),
        dates.iter().filter(|d| d.is_some()).count()
    );
    let mut sink = 0usize;

    // The tables, built once after resolution (in the background in the app).
    let texts: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect();
    let t = Instant::now();
    let presence = Presence::build(&texts, &resolution);
    let built = t.elapsed();
    let t = Instant::now();
    let column = DateColumn::new(dates.iter().map(|d| d.as_deref()));
    let read = t.elapsed();
    println!(
        "  presence table built in {:.1} ms ({:.1} MB); dates read in {:.2} ms",
        ms(built),
        presence.heap_bytes() as f64 / 1e6,
        ms(read)
    );

    // Entities by articles: the most frequent are the slowest to open.
    let mut by_size: Vec<u32> = (0..presence.entities() as u32)
        .filter(|&e| presence.article_count(e) > 0)
        .collect();
    by_size.sort_by_key(|&e| std::cmp::Reverse(presence.article_count(e)));
    let step = (by_size.len() / 200).max(1);
    let sample: Vec<u32> = by_size
        .iter()
        .take(30)
        .chain(by_size.iter().skip(30).step_by(step))
        .copied()
        .collect();
    let mut counts = Counts::default();
    let mut times: Vec<Duration> = sample
        .iter()
        .map(|&e| {
            median(
                || {
                    presence
                        .cooccurrence_with(e, 40, &mut counts)
                        .partners
                        .len()
                },
                &mut sink,
            )
        })
        .collect();
    let top = by_size.first().copied().unwrap_or(0);
    println!(
        "  (largest entity: {:?}, {} articles)",
        resolution
            .entities
            .get(top as usize)
            .map(|e| e.name.as_str()),
        presence.article_count(top)
    );
    summary("co-occurrence (open)", &mut times, 30.0);

    // Timelines at the widths of an 80- and a 120-column screen.
    let mut times = Vec::new();
    for width in [78, 118] {
        times.push(median(
            || {
                let t = Timeline::fit(
                    &column,
                    (0..articles.len() as u32).map(|a| (a, 0)),
                    width,
                    None,
                );
                t.bars.len()
            },
            &mut sink,
        ));
        for &e in sample.iter().take(60) {
            times.push(median(
                || {
                    let t = Timeline::fit(
                        &column,
                        presence.postings(e).iter().copied(),
                        width,
                        column.span(),
                    );
                    t.bars.len()
                },
                &mut sink,
            ));
        }
    }
    summary("timeline (whole + entities)", &mut times, 16.0);

    // date: keystrokes against the index.
    let t = Instant::now();
    let index = match SearchIndex::build_from(
        &Copies {
            articles: &articles,
            dates: &dates,
            resolution: &resolution,
        },
        |_| {},
    ) {
        Ok(ix) => ix,
        Err(e) => {
            println!("index build failed: {e}");
            return;
        }
    };
    println!("  (index built in {:.1} s)", t.elapsed().as_secs_f64());
    let mut times = Vec::new();
    let mut slowest: Vec<(Duration, String, usize)> = Vec::new();
    for q in TYPED {
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let mut total = 0;
            let d = median(
                || {
                    index.clear_cache();
                    match index.search(&typed, 50) {
                        Ok(r) => {
                            total = r.total;
                            r.hits.len()
                        }
                        Err(_) => 0,
                    }
                },
                &mut sink,
            );
            times.push(d);
            slowest.push((d, typed.clone(), total));
        }
    }
    summary("date: keystrokes", &mut times, 8.0);
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let shown: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(d, q, n)| format!("{q:?} {:.2} ms ({n})", ms(*d)))
        .collect();
    println!("  slowest keystrokes: {}", shown.join(", "));

    // The views, keystroke by keystroke, drawn.
    println!("  keystrokes through update and drawing (80x24 and 120x40):");
    let dated: Vec<Article> = articles
        .iter()
        .zip(&dates)
        .map(|(a, d)| {
            let mut a = (**a).clone();
            a.date = d.clone();
            a
        })
        .collect();
    let mut state = AppState::new(
        Store::from_articles(dated, Vec::new()),
        Rect::new(0, 0, 120, 40),
    );
    let t = Instant::now();
    for effect in drive(
        &mut state,
        Msg::Analysis(AnalysisEvent::Entities(Arc::new(resolution.clone()))),
    ) {
        if let Effect::CountPresence(request) = effect {
            drive(&mut state, Msg::Presence(Box::new(request.run())));
        }
    }
    drive(
        &mut state,
        Msg::Analysis(AnalysisEvent::Index(Ok(Box::new(index)))),
    );
    println!(
        "  (state ready in {:.1} s; presence {})",
        t.elapsed().as_secs_f64(),
        if state.analysis.presence.is_some() {
            "counted"
        } else {
            "MISSING"
        }
    );
    let mut groups: Vec<(&str, f64, Vec<Duration>)> = vec![
        ("timeline of the collection", 16.0, Vec::new()),
        ("timeline of an entity", 16.0, Vec::new()),
        ("co-occurrence", 30.0, Vec::new()),
        ("overview", 16.0, Vec::new()),
        ("date: typed, list drawn", 8.0, Vec::new()),
    ];
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        drive(&mut state, Msg::Resize(w, h));
        let Ok(mut terminal) = Terminal::new(TestBackend::new(w, h));
        let theme = Theme::colored();
        let mut press = |state: &mut AppState, msg: Msg, into: &mut Vec<Duration>| {
            let t = Instant::now();
            drive(state, msg);
            let _ = terminal.draw(|f| draw(f, state, &theme));
            into.push(t.elapsed());
        };
        let key = |c: char| Msg::Key(Key::char(c));
        let ctrl = |c: char| {
            Msg::Key(Key {
                code: KeyCode::Char(c),
                mods: crossterm::event::KeyModifiers::CONTROL,
            })
        };
        let esc = || Msg::Key(Key::plain(KeyCode::Esc));
        // The collection's timeline: open, move, longer and shorter
        // periods, the table.
        let g = &mut groups[0].2;
        press(&mut state, key('T'), g);
        for c in "llllllllllhhhhh++--tjjjjjjjjjtGg".chars() {
            press(&mut state, key(c), g);
        }
        press(&mut state, esc(), g);
        // Entities from the pane, most named first: timeline and
        // co-occurrence of each, a few moves in each.
        drive(&mut state, Msg::Action(Action::EntitiesCorpus));
        for _ in 0..40 {
            let g = &mut groups[1].2;
            press(&mut state, ctrl('t'), g);
            for c in "lllhh+-".chars() {
                press(&mut state, key(c), g);
            }
            press(&mut state, esc(), g);
            let g = &mut groups[2].2;
            press(&mut state, ctrl('o'), g);
            for c in "jjjjk".chars() {
                press(&mut state, key(c), g);
            }
            press(&mut state, Msg::Key(Key::plain(KeyCode::Tab)), g);
            press(&mut state, esc(), g);
            for _ in 0..3 {
                drive(&mut state, Msg::Key(Key::plain(KeyCode::Down)));
            }
        }
        drive(&mut state, esc());
        let g = &mut groups[3].2;
        press(&mut state, key('O'), g);
        for c in "jjjjjjjjjjkkkG".chars() {
            press(&mut state, key(c), g);
        }
        press(&mut state, esc(), g);
        for q in TYPED {
            drive(&mut state, Msg::Action(Action::Search));
            for c in q.chars() {
                press(&mut state, key(c), &mut groups[4].2);
            }
            drive(&mut state, esc());
        }
    }
    for (name, target, times) in &mut groups {
        summary(name, times, *target);
    }
    std::hint::black_box(sink);
}
