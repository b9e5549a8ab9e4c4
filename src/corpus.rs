//! Reading articles from files: plain text, Markdown, JSON Lines and JSON
//! arrays, web pages, RSS/Atom/JSON feeds, and standard input, into
//! [`Article`]s that keep the text as shown and its position in the file.
//!
//! Loading never fails as a whole: each file or line that cannot be read
//! becomes a [`LoadWarning`] and the rest goes on.

mod article;
mod charref;
mod decode;
mod discover;
mod feeds;
mod html;
mod json;
mod load;
mod plaintext;
mod stdin;

pub use article::{Article, ArticleId, ArticleIdx, OffsetMap};
pub use discover::{FileKind, discover};
pub use load::{
    DEFAULT_MAX_FILE_SIZE, FileResult, Gate, Input, LoadEvent, LoadWarning, MAX_FILE_SIZE_CEILING,
    WARNINGS_PER_FILE, human_size, load_all, max_file_size, parse_file as parse_bytes, read_one,
    set_max_file_size, spawn_loader, spawn_loader_after,
};
pub use stdin::STDIN_NAME;
