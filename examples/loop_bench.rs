//! Background event latency: how long an analysis event sent while the app
//! is idle takes to reach the screen, through the real event loop
//! (`tui::event_loop`) with a backend that notes when each frame is
//! flushed.
//!
//! `cargo run --release --example loop_bench -- [EVENTS]` (default 200).
//! The seeds are loaded and their entities found; then, after a random
//! idle pause each time, an "indexing N" progress event is sent into the
//! loop's channel, and the time until a flushed frame shows "indexing N/"
//! is recorded. Goal: within a frame (<= 20 ms).
//!
//! Then keys while huge queries run: over the BBC corpus (../shared, else
//! the seeds), a 5,000-word query is pasted into the query line and
//! letters are typed after it; each key's time until a flushed frame
//! shows it is recorded, with the query worker and with every search on
//! the loop's thread (as before the worker), alternately in one run.
//! Goal: p99 <= 16 ms with the worker.

use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::{AppState, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use dateline::tui::{Event, Shell, event_loop};
use dateline::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// A test backend that reports the time and the status line of every
/// flushed frame.
struct Probe {
    inner: TestBackend,
    frames: Sender<(Instant, String)>,
}

impl Backend for Probe {
    type Error = std::convert::Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        let now = Instant::now();
        let buf = self.inner.buffer();
        let y = buf.area.height.saturating_sub(1);
        let status: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect();
        let _ = self.frames.send((now, status));
        self.inner.flush()
    }
}

fn pct(mut xs: Vec<f64>, p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let i = ((xs.len().saturating_sub(1)) as f64 * p / 100.0).round() as usize;
    xs.get(i).copied().unwrap_or(f64::NAN)
}

fn main() {
    let events: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let loaded = load_all(&Input::Seeds);
    let mut state = AppState::new(
        Store::from_articles(loaded.articles, loaded.warnings),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    // Entities found, the index not built: the status shows its progress.
    for ev in analyse_now(state.store.articles()) {
        if matches!(
            ev,
            AnalysisEvent::Mentions { .. } | AnalysisEvent::Entities(_)
        ) {
            drive(&mut state, Msg::Analysis(ev));
        }
    }
    let (ftx, frames) = mpsc::channel();
    let (tx, rx) = mpsc::channel();
    let loop_tx = tx.clone();
    let looping = std::thread::spawn(move || {
        let mut terminal = Terminal::new(Probe {
            inner: TestBackend::new(120, 40),
            frames: ftx,
        })
        .unwrap_or_else(|e| match e {});
        let mut shell = Shell::new(loop_tx, None);
        let _ = event_loop(
            &mut terminal,
            &mut state,
            &rx,
            &mut shell,
            &Theme::colored(),
        );
    });
    let _first = frames.recv();
    let mut latencies = Vec::with_capacity(events);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..events {
        // Idle for 5 to 60 ms, as between a user's keys.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(5 + seed % 56));
        while frames.try_recv().is_ok() {}
        let n = 1_000 + i;
        let want = format!("indexing {}/", dateline::facts::thousands(n));
        let sent = Instant::now();
        if tx
            .send(Event::Analysis(AnalysisEvent::Indexing(n)))
            .is_err()
        {
            break;
        }
        loop {
            match frames.recv_timeout(Duration::from_secs(5)) {
                Ok((at, status)) if status.contains(&want) => {
                    latencies.push(at.duration_since(sent).as_secs_f64() * 1e3);
                    break;
                }
                Ok(_) => {}
                Err(_) => {
                    eprintln!("loop_bench: no frame showed {want:?} within 5 s");
                    return;
                }
            }
        }
    }
    let _ = tx.send(Event::InputClosed("done".into()));
    let _ = looping.join();
    println!(
        "background event to screen (idle loop, {} events): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal <= 20 ms, one frame)",
        latencies.len(),
        pct(latencies.clone(), 50.0),
        pct(latencies.clone(), 99.0),
        pct(latencies, 100.0)
    );
    typing_over_huge_queries();
}

/// The app over the BBC corpus (or the seeds), analysed and indexed.
fn indexed_app() -> (AppState, &'static str) {
    let bbc = std::path::Path::new("../shared/corpora/bbc");
    let (input, name) = if bbc.is_dir() {
        (Input::from_args(vec![bbc.to_path_buf()]), "BBC")
    } else {
        (Input::Seeds, "seeds")
    };
    let loaded = load_all(&input);
    let mut state = AppState::new(
        Store::from_articles(loaded.articles, loaded.warnings),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    for ev in analyse_now(state.store.articles()) {
        drive(&mut state, Msg::Analysis(ev));
    }
    (state, name)
}

fn key(c: char) -> Event {
    Event::Terminal(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// Waits for a frame whose status line ends the query with `tail`; the
/// time since `sent` in ms.
fn until_shown(frames: &Receiver<(Instant, String)>, tail: &str, sent: Instant) -> Option<f64> {
    loop {
        match frames.recv_timeout(Duration::from_secs(60)) {
            Ok((at, status)) if status.contains(tail) => {
                return Some(at.duration_since(sent).as_secs_f64() * 1e3);
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// Key-to-screen latencies of `keys` letters typed after a 5,000-word
/// paste, with the worker (`worker`) or without.
fn typing_run(state: AppState, worker: bool, keys: usize) -> (Vec<f64>, AppState) {
    let (ftx, frames) = mpsc::channel();
    let (tx, rx) = mpsc::channel();
    let loop_tx = tx.clone();
    let looping = std::thread::spawn(move || {
        let mut state = state;
        let mut terminal = Terminal::new(Probe {
            inner: TestBackend::new(120, 40),
            frames: ftx,
        })
        .unwrap_or_else(|e| match e {});
        let mut shell = if worker {
            Shell::new(loop_tx, None)
        } else {
            Shell::inline(loop_tx)
        };
        let _ = event_loop(
            &mut terminal,
            &mut state,
            &rx,
            &mut shell,
            &Theme::colored(),
        );
        state
    });
    let _first = frames.recv();
    let words: Vec<String> = (0..5_000).map(|i| format!("w{i}x")).collect();
    let _ = tx.send(key('/'));
    let _ = tx.send(Event::Terminal(TermEvent::Paste(words.join(" "))));
    let mut latencies = Vec::with_capacity(keys);
    let mut typed = String::new();
    for i in 0..keys {
        std::thread::sleep(Duration::from_millis(30));
        while frames.try_recv().is_ok() {}
        let c = char::from(b'a' + (i % 26) as u8);
        typed.push(c);
        let sent = Instant::now();
        let _ = tx.send(key(c));
        let tail = format!("w4999x{typed}");
        match until_shown(&frames, &tail, sent) {
            Some(ms) => latencies.push(ms),
            None => {
                eprintln!("loop_bench: no frame showed the key within 60 s");
                break;
            }
        }
    }
    let _ = tx.send(Event::InputClosed("done".into()));
    let state = looping.join().unwrap_or_else(|_| std::process::exit(1));
    (latencies, state)
}

/// Keys typed after a huge query, with the worker and without, in turns.
fn typing_over_huge_queries() {
    let (mut state, corpus) = indexed_app();
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for round in 0..4 {
        for worker in [round % 2 == 0, round % 2 == 1] {
            let (l, s) = typing_run(state, worker, 10);
            state = s;
            // Back to the list for the next run.
            drive(&mut state, dateline::app::Action::Back);
            state.line.input.clear();
            state.line.cursor = 0;
            if worker { &mut with } else { &mut without }.extend(l);
        }
    }
    for (name, l) in [
        ("query worker", with),
        ("searches on the loop's thread", without),
    ] {
        println!(
            "key to screen after a 5,000-word query ({corpus}, {name}, {} keys): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal p99 <= 16 ms)",
            l.len(),
            pct(l.clone(), 50.0),
            pct(l.clone(), 99.0),
            pct(l, 100.0)
        );
    }
}
