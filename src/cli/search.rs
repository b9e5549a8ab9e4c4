//! `dateline search QUERY`: ranked results with score, title, snippet and
//! the byte offsets of every hit in the file on disk.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::Format;
use super::json::{JsonPath, write_line};
use crate::corpus::Article;
use crate::facts;
use crate::search::SearchResults;
use crate::textview::safe::{self, safe_line};

/// Characters of snippet per result.
const SNIPPET_CHARS: usize = 160;

#[derive(Serialize)]
struct ResultRow<'a> {
    rank: usize,
    id: String,
    #[serde(flatten)]
    path: JsonPath,
    score: f32,
    title: &'a str,
    snippet: String,
    /// `[start, end]` byte offsets of each hit in the file.
    hits: Vec<[usize; 2]>,
}

/// Prints `results` (hits are indices into `articles`).
pub fn print(
    articles: &[Arc<Article>],
    results: &SearchResults,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if format == Format::Text {
        let fuzzy = if results.fuzzy {
            " (no exact match; near spellings)"
        } else {
            ""
        };
        writeln!(out, "{}{fuzzy}", facts::matches(results))?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let Some(a) = articles.get(hit.doc as usize) else {
            continue;
        };
        // The title's hits where the file holds it as shown, and the body's,
        // in file order.
        let mut hits: Vec<[usize; 2]> = facts::hit_places(results, a)
            .into_iter()
            .filter_map(|p| {
                if p.in_title {
                    a.title_file_range(p.range)
                } else {
                    Some(a.file_range(p.range))
                }
            })
            .map(|f| [f.start, f.end])
            .collect();
        hits.sort_unstable();
        let snippet = results.snippet(&a.body, SNIPPET_CHARS).text;
        match format {
            Format::Jsonl => {
                let row = ResultRow {
                    rank: rank + 1,
                    id: a.id.to_string(),
                    path: JsonPath::of(&a.path),
                    score: hit.score,
                    title: &a.title,
                    snippet,
                    hits,
                };
                write_line(out, &row)?;
            }
            Format::Text => {
                let offsets: Vec<String> = hits.iter().map(|[s, e]| format!("{s}..{e}")).collect();
                writeln!(
                    out,
                    "{:>3}. {:.3}  {}  {}\n     {}\n     {}\n     hits: {}",
                    rank + 1,
                    hit.score,
                    a.id,
                    safe::path(&a.path),
                    safe_line(&a.title),
                    safe_line(&snippet),
                    offsets.join(" ")
                )?;
            }
        }
    }
    Ok(())
}
