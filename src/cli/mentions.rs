//! `dateline mentions ENTITY`: every mention of one entity across the
//! corpus as a keyword-in-context concordance. ENTITY is an entity id
//! (`PER:tony-blair`, as `entities --format jsonl` prints), a name or an
//! alias, or the text of its mentions ("Mr Blair").

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::Format;
use super::json::{JsonPath, write_line};
use crate::corpus::Article;
use crate::entities::Resolution;
use crate::facts::{self, EntityLookup};
use crate::textview::kwic::kwic;
use crate::textview::safe::{escaped, safe_line};

/// Context columns either side in the text output.
const CONTEXT: usize = 40;

/// What `name` refers to (see [`facts::find_entity_loosely`]), with a
/// note when it was found by fewer words than given.
pub fn lookup(
    articles: &[Arc<Article>],
    resolution: &Resolution,
    name: &str,
) -> (EntityLookup, Option<String>) {
    let (found, by) = facts::find_entity_loosely(resolution, articles, name);
    let given = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = (found != EntityLookup::Unknown && by != given).then(|| {
        format!(
            "no entity is called {:?}; showing {:?}",
            safe_line(name.trim()),
            safe_line(&by)
        )
    });
    (found, note)
}

/// One line per entity: "Tony Blair (PER, PER:tony-blair)", for messages.
pub fn describe(resolution: &Resolution, ids: &[usize]) -> Vec<String> {
    ids.iter()
        .filter_map(|&id| resolution.entities.get(id))
        .map(|e| {
            let key = escaped(&e.key);
            format!("{} ({}, {key})", safe_line(&e.name), e.kind.label())
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

/// Prints the concordance of entity `id`: with `text`, a heading, then per
/// mention its context (aligned on the mention), file, byte range in the
/// file and article title, separated by tabs.
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
    let postings = facts::postings(resolution);
    let mine = postings.get(id).map(Vec::as_slice).unwrap_or(&[]);
    if format == Format::Text {
        let aliases = entity
            .aliases
            .iter()
            .map(|a| safe_line(a))
            .collect::<Vec<_>>()
            .join(", ");
        let count = facts::entity_count(mine);
        writeln!(
            out,
            "{} ({}; {aliases}) \u{b7} {} \u{b7} {} in {}",
            safe_line(&entity.name),
            entity.kind.label(),
            escaped(&entity.key),
            facts::counted(count.mentions, false, "mention", "mentions"),
            facts::counted(count.articles, false, "article", "articles"),
        )?;
    }
    let mut spans_of = (u32::MAX, Vec::new());
    for &(a, m) in mine {
        let Some(article) = articles.get(a as usize) else {
            continue;
        };
        if spans_of.0 != a {
            let doc = resolution
                .docs
                .get(a as usize)
                .map_or(&[][..], |d| d.as_slice());
            spans_of = (a, facts::mention_spans(doc));
        }
        let Some(span) = spans_of.1.get(m as usize) else {
            continue;
        };
        let (whole, file) = if span.in_title {
            (&article.title, article.title_file_range(span.range.clone()))
        } else {
            (&article.body, Some(article.file_range(span.range.clone())))
        };
        let (left, shown, right) = kwic(whole, span.range.clone(), CONTEXT, CONTEXT);
        match format {
            Format::Text => {
                // A title mention has offsets where the file holds the title as shown.
                let range =
                    file.map_or_else(|| "-".to_owned(), |f| format!("{}..{}", f.start, f.end));
                writeln!(
                    out,
                    "{left}[{shown}]{right}\t{}\t{range}\t{}",
                    safe_line(&article.path.display().to_string()),
                    safe_line(&article.title)
                )?;
            }
            Format::Jsonl => {
                let Some(file) = file else { continue };
                let row = Row {
                    path: JsonPath::of(&article.path),
                    article: article.id.to_string(),
                    title: &article.title,
                    start: file.start,
                    end: file.end,
                    text: whole.get(span.range.clone()).unwrap_or(""),
                    left: left.trim_start().to_owned(),
                    right,
                    entity: &entity.name,
                    entity_id: &entity.key,
                };
                write_line(out, &row)?;
            }
        }
    }
    Ok(())
}
