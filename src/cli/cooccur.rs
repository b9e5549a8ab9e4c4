//! `dateline cooccur ENTITY`: the entities named in the same articles as
//! one entity, most surprising first (log-likelihood, see
//! [`crate::pictures::Presence::cooccurrence`]), with the articles and the
//! sentences they share.

use std::io::Write;

use serde::Serialize;

use super::Format;
use super::json::write_line;
use crate::entities::Resolution;
use crate::pictures::Cooccurrence;
use crate::textview::safe::safe_line;

#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    entity: &'a str,
    entity_id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    /// Articles naming both.
    articles: u32,
    /// Sentences naming both.
    sentences: u32,
    /// Articles naming this entity.
    entity_articles: u32,
    /// Articles naming both if they were independent.
    expected: f64,
    /// Log-likelihood ratio G².
    score: f64,
    with: &'a str,
    with_id: &'a str,
}

/// Prints `found`, the co-occurrences of one entity of `resolution`.
pub fn print(
    resolution: &Resolution,
    found: &Cooccurrence,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let Some(entity) = resolution.entities.get(found.entity as usize) else {
        return Ok(());
    };
    if format == Format::Text {
        writeln!(
            out,
            "{} ({}): named in {} of {} articles",
            safe_line(&entity.name),
            entity.kind.label(),
            found.articles,
            found.collection
        )?;
        writeln!(
            out,
            "{} names appear with it more often than chance; ranked by log-likelihood (G2)",
            found.associated
        )?;
        if found.partners.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "{:>4} {:>9} {:>8} {:>9} {:>8}  entity",
            "rank", "G2", "articles", "sentences", "expected"
        )?;
    }
    for (i, p) in found.partners.iter().enumerate() {
        let Some(other) = resolution.entities.get(p.entity as usize) else {
            continue;
        };
        match format {
            Format::Text => writeln!(
                out,
                "{:>4} {:>9.1} {:>8} {:>9} {:>8.1}  {} ({}, in {} articles)",
                i + 1,
                p.score,
                p.articles,
                p.sentences,
                p.expected,
                safe_line(&other.name),
                p.kind.label(),
                p.partner_articles
            )?,
            Format::Jsonl => write_line(
                out,
                &Row {
                    rank: i + 1,
                    entity: &other.name,
                    entity_id: &other.key,
                    kind: p.kind.label(),
                    articles: p.articles,
                    sentences: p.sentences,
                    entity_articles: p.partner_articles,
                    expected: (p.expected * 1000.0).round() / 1000.0,
                    score: (p.score * 1000.0).round() / 1000.0,
                    with: &entity.name,
                    with_id: &entity.key,
                },
            )?,
        }
    }
    Ok(())
}
