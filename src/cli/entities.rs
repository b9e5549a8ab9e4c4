//! `dateline entities`: every mention with its byte offsets in the file
//! (`jsonl`), or a summary of the entities by mention count (`text`).

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::Format;
use super::json::{JsonPath, write_line};
use crate::corpus::Article;
use crate::entities::{Part, Resolution};
use crate::facts::{EntityCount, entity_count, postings};
use crate::textview::safe::safe_line;

#[derive(Serialize)]
struct MentionRow<'a> {
    #[serde(flatten)]
    path: JsonPath,
    article: String,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    entity: &'a str,
    entity_id: Option<&'a str>,
}

/// Prints the mentions or the summary of `resolution` over `articles`.
pub fn print(
    articles: &[Arc<Article>],
    resolution: &Resolution,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            for (a, doc) in articles.iter().zip(&resolution.docs) {
                let path = JsonPath::of(&a.path);
                let article = a.id.to_string();
                for m in doc.iter() {
                    // a title mention is reported where the file holds the title as shown
                    let (file, text) = match m.part {
                        Part::Body => (Some(a.file_range(m.range.clone())), &a.body),
                        Part::Title => (a.title_file_range(m.range.clone()), &a.title),
                    };
                    let Some(file) = file else { continue };
                    let text = text.get(m.range.clone()).unwrap_or("");
                    let entity = m.entity.and_then(|e| resolution.entities.get(e.0 as usize));
                    let row = MentionRow {
                        path: path.clone(),
                        article: article.clone(),
                        start: file.start,
                        end: file.end,
                        text,
                        kind: m.kind.label(),
                        entity: entity.map_or(text, |e| e.name.as_str()),
                        entity_id: entity.map(|e| e.key.as_str()),
                    };
                    write_line(out, &row)?;
                }
            }
        }
        Format::Text => {
            let postings = postings(resolution);
            let counts: Vec<EntityCount> = postings.iter().map(|p| entity_count(p)).collect();
            let mut order: Vec<usize> = (0..counts.len())
                .filter(|&i| counts[i].mentions > 0)
                .collect();
            order.sort_by(|&a, &b| counts[b].mentions.cmp(&counts[a].mentions).then(a.cmp(&b)));
            writeln!(
                out,
                "{:>8} {:>8}  {:<4}  entity (aliases)",
                "mentions", "articles", "type"
            )?;
            for i in order {
                let e = &resolution.entities[i];
                let aliases: Vec<String> = e
                    .aliases
                    .iter()
                    .filter(|a| **a != e.name)
                    .map(|a| safe_line(a))
                    .collect();
                let aliases = if aliases.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", aliases.join(", "))
                };
                writeln!(
                    out,
                    "{:>8} {:>8}  {:<4}  {}{aliases}",
                    counts[i].mentions,
                    counts[i].articles,
                    e.kind.label(),
                    safe_line(&e.name)
                )?;
            }
        }
    }
    Ok(())
}
