//! The terminal shell around the app: sets the terminal up and restores it
//! (on quit, on error and on panic), and runs the event loop.
//!
//! One channel carries everything the app takes in: terminal input (read
//! on its own thread), the loader's progress and the analysis' progress.
//! The loop blocks on that channel, applies every event waiting (up to a
//! frame's time), carries out the effects `update` returns and draws once.
//! A background event reaches the screen within a frame of its arrival;
//! bytes typed or pasted in a burst become events in order, each one.

mod reading;

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::analysis::{AnalysisEvent, read_ahead, spawn_analysis};
use crate::app::keymap::Key;
use crate::app::{AppState, Effect, Msg, drive};
use crate::corpus::{Input, LoadEvent, spawn_loader};
use crate::store::Store;
use crate::ui::{Theme, draw};
use crate::workspace::Workspace;

pub mod keeper;

use keeper::{Job, Keeper};

/// Longest the loop applies waiting events before it draws (a flood of
/// events still shows progress).
const FRAME: Duration = Duration::from_millis(16);

/// Everything that reaches the loop.
#[derive(Debug)]
pub enum Event {
    /// Terminal input: a key, the mouse, a paste, a new size.
    Terminal(event::Event),
    /// Terminal input failed (the terminal is gone): the app ends.
    InputClosed(String),
    /// Loader progress.
    Load(LoadEvent),
    /// Analysis progress.
    Analysis(AnalysisEvent),
    /// What the workspace's keeper has to tell the app.
    Workspace(Msg),
}

/// How the interactive session ended.
pub struct Outcome {
    /// Articles that were loaded.
    pub articles: usize,
    /// The first load warning, when nothing could be loaded.
    pub reason: Option<String>,
}

/// Runs the interactive reader on `input` until the user quits, keeping
/// its analysis in `workspace` when given.
pub fn run(input: Input, workspace: Option<Arc<Workspace>>) -> anyhow::Result<Outcome> {
    let (tx, rx) = mpsc::channel();
    let opened = match &input {
        Input::Paths(paths) => paths.clone(),
        Input::Seeds | Input::Stdin => Vec::new(),
    };
    if let Some(w) = &workspace {
        // Index and entities are read while the files load (and sent at
        // once when the files are as they were).
        let (etx, erx) = mpsc::channel();
        read_ahead(w, Some(etx));
        forward(erx, tx.clone(), Event::Analysis);
    }
    // Start reading before the terminal is set up: the first frame comes sooner.
    let (ltx, lrx) = mpsc::channel();
    let _loader = spawn_loader(input, ltx);
    forward(lrx, tx.clone(), Event::Load);
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    spawn_input(tx.clone());
    let result = terminal
        .size()
        .map_err(anyhow::Error::from)
        .and_then(|size| {
            let mut state =
                AppState::new(Store::default(), Rect::new(0, 0, size.width, size.height));
            state.opened = opened;
            let theme = Theme::from_env();
            event_loop(&mut terminal, &mut state, &rx, &tx, &theme, workspace)?;
            Ok(state)
        });
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = io::stdout().flush();
    let state = result?;
    let reason = state
        .store
        .is_empty()
        .then(|| state.store.warnings().first().map(|w| w.to_string()))
        .flatten();
    Ok(Outcome {
        articles: state.store.len(),
        reason,
    })
}

/// Reads terminal input on its own thread, into the loop's channel. While
/// another program has the terminal (`reading::INPUT_PAUSED`), it reads
/// nothing.
fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        loop {
            if reading::INPUT_PAUSED.load(Ordering::SeqCst) {
                reading::INPUT_IDLE.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            match event::poll(Duration::from_millis(20)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    let _ = tx.send(Event::InputClosed(e.to_string()));
                    return;
                }
            }
            let sent = match event::read() {
                Ok(ev) => tx.send(Event::Terminal(ev)),
                Err(e) => {
                    let _ = tx.send(Event::InputClosed(e.to_string()));
                    return;
                }
            };
            if sent.is_err() {
                return;
            }
        }
    });
}

/// Passes every event of `rx` into the loop's channel as `wrap` makes it.
fn forward<T: Send + 'static>(rx: Receiver<T>, tx: Sender<Event>, wrap: fn(T) -> Event) {
    std::thread::spawn(move || {
        for ev in rx {
            if tx.send(wrap(ev)).is_err() {
                return;
            }
        }
    });
}

/// The loop: blocks on `rx`, applies what arrives, carries out effects
/// (starting background work that sends into `tx`, using and refreshing
/// `workspace` when given), and draws. Returns when the app quits or the
/// terminal's input is gone.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    theme: &Theme,
    workspace: Option<Arc<Workspace>>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // Dropped when the loop returns: what is pending is written first.
    let workspace_for_marks = workspace.clone();
    let keeper = workspace.map(|ws| Keeper::start(ws, tx.clone()));
    let mut shelf = reading::Shelf::new(workspace_for_marks);
    state.editor = reading::editor().is_some();
    terminal.draw(|f| draw(f, state, theme))?;
    while let Ok(first) = rx.recv() {
        let until = Instant::now() + FRAME;
        let mut next = Some(first);
        let mut changed = false;
        let mut suspended = false;
        while let Some(ev) = next {
            match apply(state, ev, tx, keeper.as_ref(), &mut shelf, &mut suspended) {
                Step::Quit => return Ok(()),
                Step::Changed => changed = true,
                Step::Nothing => {}
            }
            next = if Instant::now() < until {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if suspended {
            // Another program drew on the terminal meanwhile.
            terminal.clear()?;
        }
        if changed {
            terminal.draw(|f| draw(f, state, theme))?;
        }
    }
    Ok(())
}

/// What one event did.
enum Step {
    Nothing,
    Changed,
    Quit,
}

/// Applies one event and carries out its effects.
fn apply(
    state: &mut AppState,
    ev: Event,
    tx: &Sender<Event>,
    keeper: Option<&Keeper>,
    shelf: &mut reading::Shelf,
    suspended: &mut bool,
) -> Step {
    let msg = match ev {
        Event::Terminal(t) => match to_msg(t) {
            Some(msg) => msg,
            None => return Step::Nothing,
        },
        Event::InputClosed(_) => return Step::Quit,
        Event::Load(l) => Msg::Load(l),
        Event::Analysis(a) => {
            if let Some(k) = keeper {
                match &a {
                    AnalysisEvent::Identified => k.send(Job::Recall),
                    // The analysis may have found the derived data damaged.
                    AnalysisEvent::Entities(_) | AnalysisEvent::Index(_) => k.send(Job::Status),
                    AnalysisEvent::Mentions { .. } | AnalysisEvent::Indexing(_) => {}
                }
            }
            Msg::Analysis(a)
        }
        Event::Workspace(m) => m,
    };
    let save = |job| {
        if let Some(k) = keeper {
            k.send(job);
        }
    };
    let mut queue: VecDeque<Effect> = drive(state, msg).into();
    loop {
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Quit => return Step::Quit,
                Effect::Analyse(articles) => {
                    let (atx, arx) = mpsc::channel();
                    spawn_analysis(articles, keeper.map(|k| Arc::clone(k.workspace())), atx);
                    forward(arx, tx.clone(), Event::Analysis);
                }
                Effect::RecordQuery(q) => save(Job::Query(q)),
                Effect::SavePlace(p) => save(Job::Place(p)),
                Effect::SaveReading { article, reading } => save(Job::Reading(article, reading)),
                // `drive` answers searches itself.
                Effect::Search(_) => {}
                // The reader's work: kept before the screen shows it.
                other => {
                    let mut suspend = |run: &mut dyn FnMut()| {
                        reading::with_terminal_suspended(run);
                        *suspended = true;
                    };
                    if let Some(answer) = shelf.carry_out(state, other, &mut suspend) {
                        queue.extend(drive(state, answer));
                    }
                }
            }
        }
        match shelf.marks_ready(state) {
            Some(marks) => queue.extend(drive(state, marks)),
            None => break,
        }
    }
    Step::Changed
}

/// The message for a terminal event, if it means anything to the app.
pub fn to_msg(ev: event::Event) -> Option<Msg> {
    match ev {
        event::Event::Key(k) => Key::from_event(k).map(Msg::Key),
        event::Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        event::Event::Paste(text) => Some(Msg::Paste(text)),
        event::Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::Wheel(m.column, m.row, 1)),
            MouseEventKind::ScrollUp => Some(Msg::Wheel(m.column, m.row, -1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}
