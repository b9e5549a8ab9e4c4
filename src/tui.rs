//! The terminal shell around the app: sets the terminal up and restores it
//! (on quit, on error and on panic), starts the loader, turns terminal events
//! into actions and redraws when something changed.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;

use crate::analysis::{AnalysisEvent, spawn_analysis};
use crate::app::keymap::{Mode, action_for};
use crate::app::{Action, AppState, Overlay, update};
use crate::corpus::{Input, LoadEvent, spawn_loader};
use crate::store::Store;
use crate::ui::{Theme, draw};
use crate::workspace::Workspace;

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
    // Start reading before the terminal is set up: the first frame comes sooner.
    let _loader = spawn_loader(input, tx);
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let result = event_loop(&mut terminal, &rx, workspace);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = io::stdout().flush();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    rx: &Receiver<LoadEvent>,
    workspace: Option<Arc<Workspace>>,
) -> anyhow::Result<Outcome> {
    let theme = Theme::from_env();
    let size = terminal.size()?;
    let mut state = AppState::new(Store::default(), Rect::new(0, 0, size.width, size.height));
    let mut loading = true;
    let mut analysis: Option<Receiver<AnalysisEvent>> = None;
    let mut dirty = true;
    loop {
        while loading {
            match rx.try_recv() {
                Ok(ev) => {
                    let finished = matches!(ev, LoadEvent::Finished);
                    state.on_load(ev);
                    if finished && state.store.is_empty() {
                        state.overlay = Some(Overlay::Warnings);
                    }
                    if finished && !state.store.is_empty() {
                        let (atx, arx) = mpsc::channel();
                        spawn_analysis(state.store.articles().to_vec(), workspace.clone(), atx);
                        analysis = Some(arx);
                    }
                    dirty = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => loading = false,
            }
        }
        if let Some(arx) = &analysis {
            loop {
                match arx.try_recv() {
                    Ok(ev) => {
                        state.on_analysis(ev);
                        dirty = true;
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        analysis = None;
                        break;
                    }
                }
            }
        }
        if dirty {
            terminal.draw(|f| draw(f, &state, &theme))?;
            dirty = false;
        }
        if state.should_quit {
            break;
        }
        let wait = if loading {
            Duration::from_millis(15)
        } else {
            Duration::from_millis(500)
        };
        if event::poll(wait)? {
            // Take every pending event before drawing again.
            loop {
                let mode = if state.overlay.is_some() {
                    Mode::Normal
                } else if state.search.editing {
                    Mode::Query
                } else if state.entities_pane.is_some() {
                    Mode::Entities
                } else {
                    Mode::Normal
                };
                if let Some(action) = to_action(event::read()?, mode) {
                    update(&mut state, action);
                    dirty = true;
                }
                if state.should_quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
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

/// The action for a terminal event.
pub fn to_action(ev: Event, mode: Mode) -> Option<Action> {
    match ev {
        Event::Key(k) => action_for(k, mode),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, -1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}
