//! `dateline list`: one line per article with its id, path, title, date,
//! word count and the byte range of its body in the file.

use std::io::Write;

use serde::Serialize;

use super::Format;
use super::json::{JsonPath, write_line};
use crate::corpus::Article;
use crate::textview::safe::{self, safe_line};

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    #[serde(flatten)]
    path: JsonPath,
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
                    path: JsonPath::of(&a.path),
                    title: &a.title,
                    date: a.date.as_deref(),
                    words: a.words,
                    start: range.start,
                    end: range.end,
                };
                write_line(out, &row)?;
            }
            Format::Text => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}..{}",
                a.id,
                safe::path(&a.path),
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
