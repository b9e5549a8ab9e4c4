//! Reading articles from files: plain text, Markdown, JSON Lines and JSON
//! arrays, into [`Article`]s that keep the verbatim text and its position in
//! the file.

mod article;

pub use article::{Article, ArticleId, ArticleIdx, OffsetMap};
