//! Reading articles from files: plain text, Markdown, JSON Lines and JSON
//! arrays, into [`Article`]s that keep the verbatim text and its position in
//! the file.
//!
//! Loading never fails as a whole: each file or line that cannot be read
//! becomes a [`LoadWarning`] and the rest goes on.

mod article;
mod decode;
mod discover;
mod json;
mod load;
mod plaintext;

pub use article::{Article, ArticleId, ArticleIdx, OffsetMap};
pub use discover::FileKind;
pub use load::{FileResult, Input, LoadEvent, LoadWarning, load_all, spawn_loader};
