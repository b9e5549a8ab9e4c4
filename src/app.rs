//! The interactive app without drawing or I/O.
//!
//! * [`AppState`] is plain data: the store and the analysis, the active
//!   [`Mode`] (exactly one) with the modes it was opened over, the
//!   list-source stack ([`sources`]), the reader and the query line.
//! * [`update`] takes one [`Msg`] (a key, a paste, the mouse, a new size,
//!   background progress, a query's answer), dispatches it on the mode
//!   first (each mode owns its keys, from the [`keymap`] tables) and
//!   returns [`Effect`]s: run this query, start the analysis, quit.
//! * The shell (`crate::tui`) carries the effects out and feeds answers
//!   back as messages; [`effect::drive`] does the same without a terminal.
//! * [`crate::ui`] draws the state; nothing here draws.

pub mod action;
pub mod arrivals;
pub mod cooccur;
pub mod corrections;
pub mod dwell;
pub mod effect;
pub mod entities_pane;
pub mod incoming;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod marking;
pub mod mentions;
pub mod mode;
pub mod msg;
pub mod overview;
pub mod pictures;
pub mod place;
pub mod reader;
pub mod search;
pub mod sort;
pub mod sources;
pub mod state;
pub mod switch;
pub mod timeline;
pub mod update;
pub mod visual;

pub use action::Action;
pub use effect::{Effect, drive};
pub use mode::{Mode, ModeName};
pub use msg::Msg;
pub use state::{AppState, Focus};
pub use update::update;
