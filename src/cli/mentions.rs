//! `dateline mentions ENTITY`: every mention of one entity across the
//! corpus as a keyword-in-context concordance.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::Format;
use super::json::{JsonPath, write_line};
use crate::corpus::Article;
use crate::entities::{Part, Resolution};
use crate::textview::kwic::kwic;
use crate::textview::safe::{fit, safe_line};

/// Context columns either side in the text output.
const CONTEXT: usize = 40;
/// Title columns in the text output.
const TITLE: usize = 28;

/// Entities whose canonical name or an alias equals `name`, ignoring case.
pub fn find(resolution: &Resolution, name: &str) -> Vec<usize> {
    let want = name.trim().to_lowercase();
    (0..resolution.entities.len())
        .filter(|&i| {
            let e = &resolution.entities[i];
            e.name.to_lowercase() == want || e.aliases.iter().any(|a| a.to_lowercase() == want)
        })
        .collect()
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    path: JsonPath,
    article: String,
    title: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    left: String,
    right: String,
    entity: &'a str,
    entity_id: &'a str,
}

/// Prints the concordance of entity `id`.
pub fn print(
    articles: &[Arc<Article>],
    resolution: &Resolution,
    id: usize,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let Some(entity) = resolution.entities.get(id) else {
        return Ok(());
    };
    if format == Format::Text {
        let aliases = entity
            .aliases
            .iter()
            .map(|a| safe_line(a))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            out,
            "{} ({}; {aliases})",
            safe_line(&entity.name),
            entity.kind.label()
        )?;
    }
    for (a, doc) in articles.iter().zip(&resolution.docs) {
        for m in doc
            .iter()
            .filter(|m| m.entity.is_some_and(|e| e.0 as usize == id))
        {
            let (whole, file) = match m.part {
                Part::Body => (&a.body, Some(a.file_range(m.range.clone()))),
                Part::Title => (&a.title, a.title_file_range(m.range.clone())),
            };
            let (left, text, right) = kwic(whole, m.range.clone(), CONTEXT, CONTEXT);
            match format {
                Format::Text => {
                    let title = fit(&safe_line(&a.title), TITLE);
                    writeln!(out, "{title:<TITLE$}  {left}[{text}]{right}")?;
                }
                Format::Jsonl => {
                    // a title mention has offsets where the file holds the title as shown
                    let Some(file) = file else { continue };
                    let row = Row {
                        path: JsonPath::of(&a.path),
                        article: a.id.to_string(),
                        title: &a.title,
                        start: file.start,
                        end: file.end,
                        text: whole.get(m.range.clone()).unwrap_or(""),
                        left: left.trim_start().to_owned(),
                        right,
                        entity: &entity.name,
                        entity_id: &entity.key,
                    };
                    write_line(out, &row)?;
                }
            }
        }
    }
    Ok(())
}
