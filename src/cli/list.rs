//! `dateline list`: one line per article with its id, path, title, date,
//! word count and the byte range of its body in the file.

use std::io::Write;

use serde::Serialize;

use super::Format;
use crate::corpus::Article;
use crate::textview::safe::safe_line;

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    path: String,
    title: &'a str,
    date: Option<&'a str>,
    words: u32,
    start: usize,
    end: usize,
}

/// Prints `articles` to `out`.
pub fn print(articles: &[Article], format: Format, out: &mut impl Write) -> std::io::Result<()> {
    for a in articles {
        let range = a.body_file_range();
        match format {
            Format::Jsonl => {
                let row = Row {
                    id: a.id.to_string(),
                    path: a.path.display().to_string(),
                    title: &a.title,
                    date: a.date.as_deref(),
                    words: a.words,
                    start: range.start,
                    end: range.end,
                };
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
            Format::Text => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}..{}",
                a.id,
                safe_line(&a.path.display().to_string()),
                safe_line(&a.title),
                a.date.as_deref().map_or_else(|| "-".to_owned(), safe_line),
                a.words,
                range.start,
                range.end
            )?,
        }
    }
    Ok(())
}
