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
pub use load::{
    DEFAULT_MAX_FILE_SIZE, FileResult, Input, LoadEvent, LoadWarning, MAX_FILE_SIZE_CEILING,
    WARNINGS_PER_FILE, human_size, load_all, max_file_size, set_max_file_size, spawn_loader,
};
