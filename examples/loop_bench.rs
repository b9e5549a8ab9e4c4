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

use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::app::{AppState, Msg, drive};
use dateline::corpus::{Input, load_all};
use dateline::store::Store;
use dateline::tui::{Event, event_loop};
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
        let _ = event_loop(
            &mut terminal,
            &mut state,
            &rx,
            &loop_tx,
            &Theme::colored(),
            None,
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
}
