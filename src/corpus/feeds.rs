//! RSS, Atom and JSON Feed files: each item an article.

use std::path::Path;
use std::sync::Arc;

use super::FileResult;

/// Reads the items of the feed file `raw`.
pub fn parse_file(path: &Arc<Path>, raw: &[u8]) -> FileResult {
    let _ = (path, raw);
    FileResult::default()
}
