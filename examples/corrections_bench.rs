//! Entity corrections at scale (issue #15's figures):
//! 1. a correction visible on screen: the app's update from the key to the
//!    corrected entities, postings, highlights and pane, and the frame
//!    drawn (160x50) after it (rename, hide a form, merge two big
//!    entities, undo);
//! 2. the affected search fields re-indexed in the workspace after a merge;
//! 3. a warm reopen with 0 and with 1,000 stored corrections, alternately.
//!
//! usage: corrections_bench CORPUS WORKSPACE_DIR   (BENCH_ROUNDS=3;
//! BENCH_SCREEN_ONLY=1 stops after 1, for profiling)
//! The first run on a workspace builds it (a cold open, not timed here).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline::analysis::{self, AnalysisEvent, Needs};
use dateline::app::keymap::Key;
use dateline::app::{Action, AppState, Effect, Msg, drive, reader};
use dateline::corpus::{Article, Input, load_all};
use dateline::corrections::{Rule, saved};
use dateline::entities::{EntityKind, Resolution};
use dateline::store::Store;
use dateline::ui::{Theme, draw};
use dateline::workspace::Workspace;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(corpus), Some(dir)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: corrections_bench CORPUS WORKSPACE_DIR");
    };
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let input = Input::Paths(vec![PathBuf::from(corpus)]);
    let dir = PathBuf::from(dir);
    let t = Instant::now();
    let loaded = load_all(&input);
    let articles: Vec<Arc<Article>> = loaded.articles.iter().cloned().map(Arc::new).collect();
    println!(
        "{} articles loaded in {:.2} s",
        articles.len(),
        t.elapsed().as_secs_f64()
    );
    clear_corrections(&dir, &input)?;
    let t = Instant::now();
    let (events, _) = open_and_analyse(&dir, &input, &articles)?;
    println!(
        "workspace brought up to date in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // 1. A correction on screen.
    let mut state = AppState::new(
        Store::from_articles(loaded.articles, loaded.warnings),
        Rect::new(0, 0, 160, 50),
    );
    for ev in events {
        drive(&mut state, Msg::Analysis(ev));
    }
    let res = state
        .analysis
        .resolution
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no entities"))?;
    let mut by_count: Vec<usize> = (0..res.entities.len()).collect();
    by_count.sort_by_key(|&i| std::cmp::Reverse(state.analysis.postings[i].len()));
    let (a, b) = (by_count[0], by_count[1]);
    println!(
        "biggest entities: {} ({} mentions), {} ({} mentions)",
        res.entities[a].name,
        state.analysis.postings[a].len(),
        res.entities[b].name,
        state.analysis.postings[b].len()
    );
    let (b_name, a_name) = (res.entities[b].name.clone(), res.entities[a].name.clone());
    let mut times: Vec<(&str, Vec<Duration>)> = vec![
        ("rename (x r … Enter)", Vec::new()),
        ("hide a form everywhere (x h)", Vec::new()),
        ("merge the two biggest (x m … Enter)", Vec::new()),
        ("undo (x u)", Vec::new()),
    ];
    let mut merged: Option<Arc<Resolution>> = None;
    let mut terminal = Terminal::new(TestBackend::new(160, 50))?;
    let theme = Theme::colored();
    // The key's update, then the frame that shows it.
    let mut on_screen = |state: &mut AppState, msg: Msg| {
        let t = Instant::now();
        let effects = drive(state, msg);
        let _ = terminal.draw(|f| draw(f, state, &theme));
        (t.elapsed(), effects)
    };
    for _ in 0..rounds {
        cursor_on(&mut state, &b_name);
        drive(&mut state, Key::char('x'));
        drive(&mut state, Key::char('r'));
        drive(&mut state, Action::DeleteToStart);
        typ(&mut state, "Renamed");
        times[0]
            .1
            .push(on_screen(&mut state, Action::Submit.into()).0);
        undo(&mut state);
        cursor_on(&mut state, &b_name);
        drive(&mut state, Key::char('x'));
        times[1]
            .1
            .push(on_screen(&mut state, Key::char('h').into()).0);
        undo(&mut state);
        cursor_on(&mut state, &b_name);
        drive(&mut state, Key::char('x'));
        drive(&mut state, Key::char('m'));
        typ(&mut state, &a_name);
        let (took, effects) = on_screen(&mut state, Action::Submit.into());
        times[2].1.push(took);
        merged = effects.into_iter().find_map(|e| match e {
            Effect::Reindex(r) => Some(r),
            _ => None,
        });
        drive(&mut state, Key::char('x'));
        times[3]
            .1
            .push(on_screen(&mut state, Key::char('u').into()).0);
    }
    println!("\n1. key to corrected entities on screen (target <= 50 ms), min/median/max:");
    for (what, t) in &mut times {
        println!("   {what:40} {}", spread(t));
    }

    if std::env::var_os("BENCH_SCREEN_ONLY").is_some() {
        // For profiling the on-screen path alone.
        return Ok(());
    }

    // 2. Re-indexing after the merge.
    let ws = Workspace::open_dir(&dir, &input)?;
    if let Some(r) = merged {
        let t = Instant::now();
        // The fields are re-indexed when the first index with them is sent.
        let sent = std::sync::Mutex::new(None::<Duration>);
        let report = analysis::reindex(&articles, Some(&ws), &r, &|ev| {
            if matches!(ev, AnalysisEvent::Index(_)) {
                let mut s = sent.lock().unwrap_or_else(|e| e.into_inner());
                s.get_or_insert(t.elapsed());
            }
            true
        });
        let all = t.elapsed();
        let sent = sent.into_inner().unwrap_or_else(|e| e.into_inner());
        println!(
            "\n2. merge re-indexed in the background: {} articles, searchable in {:.2} s (target <= 2 s), all done in {:.2} s",
            report.reindexed,
            sent.unwrap_or(all).as_secs_f64(),
            all.as_secs_f64()
        );
        for (what, at) in &report.phases {
            println!("     {:7.2} s  {what}", at.as_secs_f64());
        }
        // Back as it was for the reopen rounds.
        let raw = state
            .corrections
            .base
            .as_ref()
            .map(|b| Arc::clone(&b.raw))
            .ok_or_else(|| anyhow::anyhow!("no base"))?;
        analysis::reindex(&articles, Some(&ws), &raw, &|_| true);
    }
    drop(ws);

    // 3. Warm reopen, 0 and 1,000 corrections alternately.
    let rules = thousand_rules(&res);
    println!("\n3. warm reopen (read-ahead, load, analysis), entities sent / done:");
    let mut with = Vec::new();
    let mut without = Vec::new();
    for round in 0..rounds + 1 {
        for n in [0usize, 1000] {
            clear_corrections(&dir, &input)?;
            if n > 0 {
                let ws = Workspace::open_dir(&dir, &input)?;
                let mut user = ws.user();
                let (mut log, _) = saved::load(&user)?;
                let mut entries = Vec::new();
                for r in &rules {
                    let e = saved::entry(&log, r.clone());
                    log.push(e.clone());
                    entries.push(e);
                }
                saved::add(&mut user, &entries, &[])?;
            }
            let t = Instant::now();
            let (_, entities_at) = open_and_analyse(&dir, &input, &articles)?;
            let done = t.elapsed();
            if round == 0 {
                // The first round with rules re-indexes the articles they touch.
                continue;
            }
            let v = if n == 0 { &mut without } else { &mut with };
            v.push((entities_at, done));
            println!(
                "   {n:5} corrections: entities {:6.0} ms, done {:6.0} ms",
                entities_at.as_secs_f64() * 1e3,
                done.as_secs_f64() * 1e3
            );
        }
    }
    let med = |v: &mut Vec<(Duration, Duration)>, k: usize| {
        let mut x: Vec<f64> = v
            .iter()
            .map(|p| if k == 0 { p.0 } else { p.1 }.as_secs_f64() * 1e3)
            .collect();
        x.sort_by(f64::total_cmp);
        x.get(x.len() / 2).copied().unwrap_or(0.0)
    };
    println!(
        "   median added by 1,000 corrections: entities +{:.0} ms, done +{:.0} ms (target <= 100 ms)",
        med(&mut with, 0) - med(&mut without, 0),
        med(&mut with, 1) - med(&mut without, 1)
    );
    clear_corrections(&dir, &input)?;
    Ok(())
}

fn spread(t: &mut [Duration]) -> String {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    match (t.first(), t.get(t.len() / 2), t.last()) {
        (Some(a), Some(m), Some(z)) => format!("{:7.1} {:7.1} {:7.1} ms", ms(*a), ms(*m), ms(*z)),
        _ => "-".into(),
    }
}

fn typ(state: &mut AppState, text: &str) {
    for c in text.chars() {
        drive(state, Key::char(c));
    }
}

fn undo(state: &mut AppState) {
    drive(state, Key::char('x'));
    drive(state, Key::char('u'));
}

/// The reader on the first mention of the entity named `name`.
fn cursor_on(state: &mut AppState, name: &str) {
    let Some(res) = state.analysis.resolution.clone() else {
        return;
    };
    let Some(id) = res.entities.iter().position(|e| e.name == name) else {
        return;
    };
    let Some(&(article, mention)) = state.analysis.postings.get(id).and_then(|p| p.first()) else {
        return;
    };
    drive(state, Action::FocusReader);
    reader::go_to_mention(state, article, mention as usize);
}

/// Opens the workspace as the app does (read-ahead while loading) and runs
/// the analysis; returns its events and when the (last) entities were sent.
fn open_and_analyse(
    dir: &std::path::Path,
    input: &Input,
    articles: &[Arc<Article>],
) -> anyhow::Result<(Vec<AnalysisEvent>, Duration)> {
    let start = Instant::now();
    let ws = Arc::new(Workspace::open_dir(dir, input)?);
    analysis::read_ahead(&ws, None);
    let events = std::sync::Mutex::new(Vec::new());
    let entities_at = std::sync::Mutex::new(Duration::ZERO);
    analysis::analyse(articles, Some(&ws), Needs::default(), &|ev| {
        if matches!(ev, AnalysisEvent::Entities(_)) {
            *entities_at.lock().unwrap_or_else(|e| e.into_inner()) = start.elapsed();
        }
        events.lock().unwrap_or_else(|e| e.into_inner()).push(ev);
        true
    });
    let events = events.into_inner().unwrap_or_else(|e| e.into_inner());
    let at = entities_at.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((events, at))
}

fn clear_corrections(dir: &std::path::Path, input: &Input) -> anyhow::Result<()> {
    let ws = Workspace::open_dir(dir, input)?;
    ws.user()
        .write(|tx| tx.execute("DELETE FROM corrections", []))?;
    Ok(())
}

/// 1,000 corrections of the kinds a user makes, on the corpus' entities:
/// renames, retypes, merges, hidden and split forms, added forms.
fn thousand_rules(res: &Resolution) -> Vec<Rule> {
    let e = &res.entities;
    let pick = |i: usize| &e[(i * 7919) % e.len()];
    (0..1000)
        .map(|i| {
            let x = pick(i);
            match i % 10 {
                0..=3 => Rule::Rename {
                    entity: x.key.clone(),
                    name: format!("{} (checked)", x.name),
                },
                4 | 5 => Rule::Retype {
                    entity: x.key.clone(),
                    kind: EntityKind::Misc,
                },
                6 => Rule::Merge {
                    entity: x.key.clone(),
                    into: pick(i + 1).key.clone(),
                },
                7 => Rule::HideForm {
                    form: x.name.clone(),
                },
                8 => Rule::SplitForm {
                    entity: x.key.clone(),
                    form: x.aliases.first().unwrap_or(&x.name).clone(),
                },
                _ => Rule::AddForm {
                    form: format!("{} Holdings", x.name),
                    kind: EntityKind::Org,
                },
            }
        })
        .collect()
}
