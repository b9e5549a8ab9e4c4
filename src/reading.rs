//! The reader's own work on a collection: which articles they have read,
//! starred, tagged and annotated, the quotes they clipped (with the file
//! offsets they came from) and the searches they saved.
//!
//! Three parts, no terminal types:
//!
//! * **Keeping** ([`keep`]): the tables of the user store (schema version 2,
//!   [`MIGRATION`]) and one function per user action, each one transaction
//!   through [`UserStore::write`](crate::workspace::UserStore::write), so a
//!   mark the screen shows is on disk.
//! * **Marks in memory** ([`Marks`]): every loaded article's marks by its
//!   position in the store, what the list draws and what the query
//!   language's `is:`, `tag:` and `has:` filters test
//!   ([`crate::search::Marked`]).
//! * **The keeper** ([`Keeper`]): what the app's shell and the headless
//!   commands write through: a [`Change`] to one article, by its position,
//!   kept in the workspace (or, without one, in a store in memory for the
//!   session) and read back as it now stands.
//! * **Exchange** ([`exchange`]): records of an article with its state,
//!   tags, note and clips, for `dateline export` and `dateline import`.
//!
//! Articles are referred to by their [`ArticleRow`](crate::workspace::ArticleRow)
//! in the user store: their content hash, so marks follow a moved file.

pub mod exchange;
pub mod keep;
mod keeper;
mod marks;

pub use keep::{Clip, MIGRATION, SavedSearch, Stored};
pub use keeper::{Change, Keeper, marks_of, rows_of};
pub use marks::Marks;
