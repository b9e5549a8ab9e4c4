//! The interactive app without drawing: keys map to [`Action`]s through one
//! [`keymap`] table, [`update`] applies an action to the [`AppState`], and
//! the `ui` module draws the state. Nothing here does terminal I/O.

pub mod action;
pub mod entities_pane;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod mentions;
pub mod search;
pub mod state;
pub mod update;

pub use action::Action;
pub use state::{AppState, Focus, Overlay};
pub use update::update;
