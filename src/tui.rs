//! The terminal shell around the app: sets the terminal up and gives it
//! back (on quit, on error, on panic, on a signal, on Ctrl-Z), and runs
//! the event loop.
//!
//! One channel carries everything the app takes in: terminal input (read
//! on its own thread), the loader's and the analysis' progress, the
//! answers of the query worker ([`searcher`]) and of the wrap worker
//! ([`wrapper`]), and signals ([`signals`]).
//! The loop blocks on that channel, applies every event waiting (up to a
//! frame's time), carries out the effects `update` returns and draws once.
//! A background event reaches the screen within a frame of its arrival;
//! bytes typed in a burst become events in order, each one, and a paste
//! arrives as one event (bracketed paste). No query, and no wrap of a long
//! article, runs on the loop's thread, so a slow one never keeps it from
//! reading keys.

mod reading;
mod searcher;
mod signals;
mod timers;
mod wrapper;

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, EnableBracketedPaste, EnableMouseCapture, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, Terminal};

pub use self::searcher::Searcher;
pub use self::signals::{Signal, end_by};
pub use self::wrapper::Wrapper;
use crate::analysis::{AnalysisEvent, read_ahead, spawn_analysis};
use crate::app::effect::{Counted, Found, Wrapped};
use crate::app::incoming::Prepared;
use crate::app::keymap::Key;
use crate::app::{AppState, Effect, Msg, update};
use crate::config;
use crate::corpus::{Input, LoadEvent, spawn_loader_after};
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
    /// New entities, with what the app derives from them made on the
    /// forwarding thread ([`crate::app::incoming::prepare`]).
    Entities(Box<crate::app::incoming::Entities>),
    /// Presence counted (for the pictures).
    Presence(Box<Counted>),
    /// Files of a watched folder that came, changed or went.
    Watch(crate::watch::Batch),
    /// What the workspace's keeper has to tell the app.
    Workspace(Msg),
    /// Every article's marks, read off the loop's thread.
    Marks(Box<crate::reading::Marks>),
    /// A query's answer, from the query worker.
    Found(Box<Found>),
    /// A long body wrapped, from the wrap worker.
    Wrapped(Box<Wrapped>),
    /// A signal: end, stop or continue.
    Signal(Signal),
    /// A timer `update` asked for is up.
    Timer(crate::app::effect::Timer),
}

/// How the interactive session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (`q`): exit status 0.
    Quit,
    /// Ctrl-C: exit status 130 (128 + SIGINT, as fzf and the shells
    /// report an interrupted program), so a script can tell.
    Interrupted,
    /// TERM, HUP or INT arrived: once the terminal is given back and the
    /// state dropped, the process ends by that signal ([`end_by`]).
    Signal(i32),
    /// The terminal's input is gone.
    InputClosed,
}

/// How the interactive session ended, and with what.
pub struct Outcome {
    /// Articles that were loaded.
    pub articles: usize,
    /// The first load warning, when nothing could be loaded.
    pub reason: Option<String>,
    pub ending: Ending,
}

/// Why [`event_loop`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The session is over.
    End(Ending),
    /// Ctrl-Z or a TSTP: give the terminal back and stop, then call the
    /// loop again.
    Suspend,
    /// A CONT (after a stop from outside): take the terminal again and
    /// repaint, then call the loop again.
    Resume,
}

/// What carries out the loop's effects: background work that answers
/// into the loop's channel, and the workspace's keepers. It lives as long
/// as the session (across stops); dropped, it writes what is pending.
pub struct Shell {
    tx: Sender<Event>,
    searcher: Searcher,
    wrapper: Wrapper,
    /// Keeps history and places in the workspace, when there is one.
    keeper: Option<Keeper>,
    /// Keeps the reader's marks.
    shelf: reading::Shelf,
    /// Re-indexes entity fields after corrections (started when needed).
    reindexer: Option<Sender<Reindex>>,
    /// The app's timers (the read dwell).
    timers: timers::Timers,
}

impl Shell {
    /// The shell for a loop reading from the channel `tx` sends into,
    /// keeping the analysis in `workspace` when given.
    pub fn new(tx: Sender<Event>, workspace: Option<Arc<Workspace>>) -> Shell {
        Shell {
            searcher: Searcher::spawn(tx.clone()),
            wrapper: Wrapper::spawn(tx.clone()),
            keeper: workspace.clone().map(|ws| Keeper::start(ws, tx.clone())),
            shelf: reading::Shelf::new(workspace, tx.clone()),
            reindexer: None,
            timers: timers::Timers::spawn(tx.clone()),
            tx,
        }
    }

    /// A shell without workers: every search and wrap is answered on the
    /// loop's thread, as before the workers (`examples/loop_bench.rs`
    /// compares the two).
    pub fn inline(tx: Sender<Event>) -> Shell {
        Shell {
            searcher: Searcher::inline(),
            wrapper: Wrapper::inline(),
            keeper: None,
            shelf: reading::Shelf::new(None, tx.clone()),
            reindexer: None,
            timers: timers::Timers::spawn(tx.clone()),
            tx,
        }
    }
}

/// The mouse is captured (the configuration's `mouse`): a suspended
/// terminal gets it back only then.
static MOUSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs the interactive reader on `input` until the user quits, keeping
/// its analysis in `workspace` when given, following the opened paths'
/// changes when `watch`.
pub fn run(
    input: Input,
    workspace: Option<Arc<Workspace>>,
    config: &config::Loaded,
    watch: bool,
) -> anyhow::Result<Outcome> {
    let (tx, rx) = mpsc::channel();
    let opened = match &input {
        Input::Paths(paths) => paths.clone(),
        Input::Seeds | Input::Stdin => Vec::new(),
    };
    // Watching starts before the listing, so no file falls between them.
    let watching = (watch && !opened.is_empty()).then(|| {
        let (wtx, wrx) = mpsc::channel();
        let w = crate::watch::watch(&opened, wtx);
        forward(wrx, tx.clone(), Event::Watch);
        w
    });
    let gate = workspace.as_ref().map(|w| {
        // Index and entities are read while the files load (and sent at
        // once when the files are as they were); the loader gives the
        // first rows, then waits for them.
        let (etx, erx) = mpsc::channel();
        let gate = read_ahead(w, Some(etx));
        forward(erx, tx.clone(), analysis_event);
        gate
    });
    // Start reading before the terminal is set up: the first frame comes sooner.
    let (ltx, lrx) = mpsc::channel();
    let _loader = spawn_loader_after(input, ltx, gate);
    forward(lrx, tx.clone(), Event::Load);
    // Caught before the terminal changes: a signal that arrives while it
    // is being set up waits in the channel.
    let caught = signals::spawn(tx.clone())?;
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            signals::leave();
            return Err(e.into());
        }
    };
    let mouse = config.config.defaults.mouse;
    MOUSE.store(mouse, std::sync::atomic::Ordering::SeqCst);
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), EnableMouseCapture);
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        signals::leave();
        previous(info);
    }));
    spawn_input(tx.clone());
    let mut shell = Shell::new(tx, workspace);
    let result = terminal
        .size()
        .map_err(anyhow::Error::from)
        .and_then(|size| {
            let mut state =
                AppState::new(Store::default(), Rect::new(0, 0, size.width, size.height));
            state.opened = opened;
            state.configure(config);
            state.arrivals.watching = watching.is_some();
            if state.arrivals.watching {
                // Made as the articles load, not on the first change.
                state.store.keep_paths();
            }
            let theme = Theme::from_config(&config.config.theme);
            let ending = session(&mut terminal, &mut state, &rx, &mut shell, &theme)?;
            Ok((state, ending))
        });
    signals::leave();
    drop(terminal);
    caught.close();
    let (state, ending) = result?;
    let reason = state
        .store
        .is_empty()
        .then(|| state.store.warnings().first().map(|w| w.to_string()))
        .flatten();
    Ok(Outcome {
        articles: state.store.len(),
        reason,
        ending,
    })
}

/// The loop, again after each stop and continue, until the session ends.
fn session(
    terminal: &mut DefaultTerminal,
    state: &mut AppState,
    rx: &Receiver<Event>,
    shell: &mut Shell,
    theme: &Theme,
) -> anyhow::Result<Ending> {
    loop {
        match event_loop(terminal, state, rx, shell, theme)? {
            Stop::End(ending) => return Ok(ending),
            Stop::Suspend => {
                signals::leave();
                signals::stop();
                resume(terminal, state)?;
            }
            Stop::Resume => resume(terminal, state)?,
        }
    }
}

/// After a stop: the modes on again, the size as it is now, and the
/// whole screen drawn afresh (the shell wrote over it).
fn resume(terminal: &mut DefaultTerminal, state: &mut AppState) -> anyhow::Result<()> {
    signals::enter()?;
    let size = terminal.size()?;
    // `resize` clears the screen and forgets the last frame, so the next
    // draw paints every cell. (Not `Terminal::clear`: it asks the terminal
    // for the cursor position, and the answer would go to the input
    // thread's reader, leaving `clear` to fail after a timeout.)
    terminal.resize(Rect::new(0, 0, size.width, size.height))?;
    if (size.width, size.height) != (state.size.width, state.size.height) {
        update(state, Msg::Resize(size.width, size.height));
    }
    Ok(())
}

/// Reads terminal input on its own thread, into the loop's channel.
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

/// An analysis event for the loop, the work new entities bring done here
/// (on the forwarding thread), not on the loop's.
fn analysis_event(ev: AnalysisEvent) -> Event {
    match crate::app::incoming::prepare(ev) {
        Prepared::Entities(e) => Event::Entities(e),
        Prepared::Event(a) => Event::Analysis(a),
    }
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
/// (starting background work that answers into the channel), and draws.
/// Returns when the session ends or the terminal must be given back for
/// a while (a stop); call it again after a stop.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    rx: &Receiver<Event>,
    shell: &mut Shell,
    theme: &Theme,
) -> anyhow::Result<Stop>
where
    B::Error: Send + Sync + 'static,
{
    state.editor = reading::editor().is_some();
    terminal.draw(|f| draw(f, state, theme))?;
    while let Ok(first) = rx.recv() {
        let until = Instant::now() + FRAME;
        let mut next = Some(first);
        let mut changed = false;
        let mut suspended = false;
        while let Some(ev) = next {
            match apply(state, ev, shell, &mut suspended) {
                Step::Stop(stop) => return Ok(stop),
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
    // Every sender is gone (the shell holds one: not while it lives).
    Ok(Stop::End(Ending::InputClosed))
}

/// What one event did.
enum Step {
    Nothing,
    Changed,
    Stop(Stop),
}

/// Applies one event and carries out its effects (`suspended` is set when
/// another program had the terminal meanwhile).
fn apply(state: &mut AppState, ev: Event, shell: &mut Shell, suspended: &mut bool) -> Step {
    let msg = match ev {
        Event::Terminal(t) => match to_msg(t) {
            Some(msg) => msg,
            None => return Step::Nothing,
        },
        Event::InputClosed(_) => return Step::Stop(Stop::End(Ending::InputClosed)),
        Event::Load(l) => Msg::Load(l),
        Event::Analysis(a) => {
            if let Some(k) = &shell.keeper {
                match &a {
                    AnalysisEvent::Identified => k.send(Job::Recall),
                    // The analysis may have found the derived data damaged.
                    AnalysisEvent::Entities(_) | AnalysisEvent::Index(_) => k.send(Job::Status),
                    AnalysisEvent::Mentions { .. }
                    | AnalysisEvent::Indexing(_)
                    | AnalysisEvent::Corrections(_)
                    | AnalysisEvent::Done => {}
                }
            }
            Msg::Analysis(a)
        }
        Event::Entities(e) => {
            if let Some(k) = &shell.keeper {
                // The analysis may have found the derived data damaged.
                k.send(Job::Status);
            }
            Msg::Entities(e)
        }
        Event::Workspace(m) => m,
        Event::Marks(m) => shell.shelf.marks_read(*m),
        Event::Presence(c) => Msg::Presence(c),
        Event::Watch(b) => Msg::Watch(b),
        Event::Found(found) => Msg::Found(found),
        Event::Wrapped(wrapped) => Msg::Wrapped(wrapped),
        Event::Signal(Signal::End(n)) => return Step::Stop(Stop::End(Ending::Signal(n))),
        Event::Signal(Signal::Suspend) => return Step::Stop(Stop::Suspend),
        Event::Signal(Signal::Resume) => return Step::Stop(Stop::Resume),
        Event::Timer(t) => Msg::Timer(t),
    };
    let mut queue: VecDeque<Effect> = update(state, msg).into();
    loop {
        while let Some(effect) = queue.pop_front() {
            let save = |job| {
                if let Some(k) = &shell.keeper {
                    k.send(job);
                }
            };
            match effect {
                Effect::Quit => return Step::Stop(Stop::End(Ending::Quit)),
                Effect::Interrupt => return Step::Stop(Stop::End(Ending::Interrupted)),
                Effect::Suspend => return Step::Stop(Stop::Suspend),
                Effect::Analyse(articles) => {
                    let (atx, arx) = mpsc::channel();
                    let workspace = shell.keeper.as_ref().map(|k| Arc::clone(k.workspace()));
                    spawn_analysis(articles, workspace, atx);
                    forward(arx, shell.tx.clone(), analysis_event);
                }
                Effect::CountPresence(request) => {
                    let tx = shell.tx.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(Event::Presence(Box::new(request.run())));
                    });
                }
                Effect::RecordQuery(q) => save(Job::Query(q)),
                Effect::SavePlace(p) => save(Job::Place(p)),
                Effect::SaveSort(s) => save(Job::Sort(s)),
                Effect::Timer { after, timer } => shell.timers.start(after, timer),
                Effect::SaveReading { article, reading } => save(Job::Reading(article, reading)),
                Effect::SaveCorrection(change) => match &shell.keeper {
                    Some(k) => k.send(Job::Correction(change)),
                    None => {
                        state.message =
                            Some("no workspace: corrections last until you quit".into());
                    }
                },
                Effect::Reindex(resolution) => {
                    let workspace = shell.keeper.as_ref().map(|k| Arc::clone(k.workspace()));
                    let job = (state.store.articles().to_vec(), resolution);
                    let tx = &shell.tx;
                    let sender = shell
                        .reindexer
                        .get_or_insert_with(|| spawn_reindexer(workspace.clone(), tx));
                    if let Err(mpsc::SendError(job)) = sender.send(job) {
                        let again = spawn_reindexer(workspace, tx);
                        let _ = again.send(job);
                        shell.reindexer = Some(again);
                    }
                }
                Effect::Search(request) => {
                    // A query of the reader's marks reads them here (it is
                    // bounded by the marks); the others go to the worker.
                    let request = if uses_marks(&request.query) {
                        Err(request)
                    } else {
                        shell.searcher.run(request)
                    };
                    if let Err(request) = request {
                        let answer = Msg::Found(Box::new(request.run_marked(&*state.marks)));
                        queue.extend(update(state, answer));
                    }
                }
                Effect::Wrap(request) => {
                    if let Err(request) = shell.wrapper.run(request) {
                        let answer = Msg::Wrapped(Box::new(request.run()));
                        queue.extend(update(state, answer));
                    }
                }
                // The reader's work: kept before the screen shows it.
                other => {
                    let mut suspend = |run: &mut dyn FnMut()| {
                        reading::with_terminal_suspended(run);
                        *suspended = true;
                    };
                    if let Some(answer) = shell.shelf.carry_out(state, other, &mut suspend) {
                        queue.extend(update(state, answer));
                    }
                }
            }
        }
        match shell.shelf.marks_ready(state) {
            Some(marks) => queue.extend(update(state, marks)),
            None => break,
        }
    }
    Step::Changed
}

/// Whether `query` may filter by the reader's marks (`is:`, `tag:`,
/// `has:`): such a query is answered with them, on the loop's thread.
fn uses_marks(query: &str) -> bool {
    let q = query.to_lowercase();
    ["is:", "tag:", "has:"].iter().any(|f| q.contains(f))
}

/// Articles and the entities to index them with.
type Reindex = (
    Vec<Arc<crate::corpus::Article>>,
    Arc<crate::entities::Resolution>,
);

/// A thread that brings the index's entity fields up to date after
/// corrections, one job at a time, skipping to the latest when several
/// wait; the new index reaches the loop as an analysis event.
fn spawn_reindexer(workspace: Option<Arc<Workspace>>, tx: &Sender<Event>) -> Sender<Reindex> {
    let (jtx, jrx) = mpsc::channel::<Reindex>();
    let tx = tx.clone();
    std::thread::spawn(move || {
        while let Ok(mut job) = jrx.recv() {
            while let Ok(later) = jrx.try_recv() {
                job = later;
            }
            let send = |ev| tx.send(analysis_event(ev)).is_ok();
            crate::analysis::reindex(&job.0, workspace.as_deref(), &job.1, &send);
        }
    });
    jtx
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
