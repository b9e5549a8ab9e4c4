//! Drawing the app state. Nothing here changes state: [`view::draw`] reads
//! an [`crate::app::AppState`] and renders a frame, one file per pane.

mod clips;
mod concordance;
mod entities;
mod help;
mod list;
mod reader;
mod saved;
mod status;
pub mod styled;
pub mod theme;
mod view;
mod warnings;

pub use theme::Theme;
pub use view::draw;
