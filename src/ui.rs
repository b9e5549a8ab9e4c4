//! Drawing the app state. Nothing here changes state: [`view::draw`] reads
//! an [`crate::app::AppState`] and renders a frame, one file per pane.

mod bars;
mod clips;
mod concordance;
mod cooccur;
mod corrections;
mod entities;
mod help;
mod list;
mod overview;
mod reader;
mod saved;
mod status;
pub mod styled;
pub mod theme;
mod timeline;
mod view;
mod warnings;

pub use theme::Theme;
pub use view::draw;
