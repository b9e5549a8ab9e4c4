//! Signals and the terminal's modes.
//!
//! TERM, HUP and INT end the app the normal way: the loop returns, the
//! terminal is given back (raw mode off, alternate screen left, mouse and
//! bracketed paste off, cursor shown), the state is dropped, and then the
//! process ends by the same signal with its default action, so a shell or
//! a script sees what it would have seen had dateline not caught it
//! (bash's "wait and cooperative exit"). Ctrl-Z (the key, or a TSTP sent
//! from outside) gives the terminal back and stops the process; CONT puts
//! the modes back on and repaints the whole screen.
//!
//! The signals are read on their own thread (`signal_hook`'s iterator)
//! and sent into the loop's channel like every other event. A terminal
//! resize is not among them: crossterm's input reader turns WINCH into a
//! resize event itself.

use std::io::{self, Write};
use std::sync::mpsc::Sender;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::{Handle, Signals};

use super::Event;

/// What a signal asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// TERM, HUP, INT: give the terminal back and end by this signal.
    End(i32),
    /// TSTP: give the terminal back and stop until continued.
    Suspend,
    /// CONT: take the terminal again and repaint.
    Resume,
}

impl Signal {
    fn of(number: i32) -> Option<Signal> {
        match number {
            SIGTERM | SIGHUP | SIGINT => Some(Signal::End(number)),
            SIGTSTP => Some(Signal::Suspend),
            SIGCONT => Some(Signal::Resume),
            _ => None,
        }
    }
}

/// Catches TERM, HUP, INT, TSTP and CONT from now on, sending each into
/// `tx` as [`Event::Signal`]. Close the handle when the app ends.
pub fn spawn(tx: Sender<Event>) -> io::Result<Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("dateline-signals".into())
        .spawn(move || {
            for signal in signals.forever().filter_map(Signal::of) {
                if tx.send(Event::Signal(signal)).is_err() {
                    return;
                }
            }
        })?;
    Ok(handle)
}

/// Puts the app's modes on: raw mode, the alternate screen, mouse capture
/// and bracketed paste (a paste arrives as one event).
pub fn enter() -> io::Result<()> {
    // Raw mode off first: after a stop the shell may have changed the
    // modes behind crossterm's back, and crossterm skips enabling a raw
    // mode it believes is on.
    terminal::disable_raw_mode()?;
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Gives the terminal back as it was found: every step is tried whatever
/// the others do (the terminal may be gone after a HUP).
pub fn leave() {
    let mut out = io::stdout();
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Stops the process as Ctrl-Z does (the terminal already given back);
/// returns once it is continued.
pub fn stop() {
    // The default action of TSTP, which signal_hook now catches: SIGSTOP.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
}

/// Ends the process by `signal` with its default action (the terminal
/// already given back); the exit code 128 + `signal` if it survives that.
pub fn end_by(signal: i32) -> std::process::ExitCode {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::ExitCode::from(128u8.saturating_add(u8::try_from(signal).unwrap_or(0)))
}
