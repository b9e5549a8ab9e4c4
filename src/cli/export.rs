//! `dateline export PATH... --format jsonl|csv|md`: every article as the
//! reader shows it, with where it came from, for other tools (a folder of
//! saved pages becomes clean JSON Lines).
//!
//! A [`Row`] holds what the corpus knows of an article; [`Row::extra`]
//! carries further fields by name (a workspace's read state, tags, notes),
//! which every format writes after the article's own: JSON as fields, CSV
//! as columns, Markdown as lines under the title.

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::corpus::Article;
use crate::textview::safe::safe_field;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header row, then one row per article.
    Csv,
    /// A Markdown document, one section per article.
    Md,
}

/// One exported article.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// The text as the reader shows it (control characters made visible).
    pub body: String,
    /// Present (and true) when offsets refer to the decompressed bytes of
    /// a compressed file.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decompressed: bool,
    /// Further fields, written after the others.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Row {
    /// The row of an article.
    pub fn of(a: &Article) -> Row {
        let shown = |s: &str| s.split('\n').map(safe_field).collect::<Vec<_>>().join("\n");
        Row {
            id: a.id.to_string(),
            path: a.path.display().to_string(),
            title: shown(&a.title),
            date: a.date.as_deref().map(shown),
            url: a.source.as_deref().filter(|s| looks_like_url(s)).map(shown),
            authors: a.author.as_deref().map(split_authors).unwrap_or_default(),
            body: shown(&a.body),
            decompressed: a.decompressed,
            extra: Map::new(),
        }
    }
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// Names in an author field: `A, B and C` or `A; B`.
fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| safe_field(p.trim()))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Writes `rows` in `format`.
pub fn write(
    rows: impl Iterator<Item = Row>,
    format: ExportFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header: Option<Vec<String>> = None;
            for row in rows {
                let extra_keys: Vec<String> = row.extra.keys().cloned().collect();
                if header.is_none() {
                    let mut h: Vec<String> =
                        ["id", "path", "title", "date", "url", "authors", "body"]
                            .map(String::from)
                            .into();
                    h.extend(extra_keys.iter().cloned());
                    w.write_record(&h)?;
                    header = Some(h);
                }
                let mut rec = vec![
                    row.id,
                    row.path,
                    row.title,
                    row.date.unwrap_or_default(),
                    row.url.unwrap_or_default(),
                    row.authors.join("; "),
                    row.body,
                ];
                for k in header.iter().flatten().skip(7) {
                    rec.push(row.extra.get(k).map(value_text).unwrap_or_default());
                }
                w.write_record(&rec)?;
            }
            w.flush()?;
        }
        ExportFormat::Md => {
            for row in rows {
                writeln!(out, "# {}\n", row.title.replace('\n', " "))?;
                let mut facts = vec![format!("path: `{}`", row.path)];
                if let Some(d) = &row.date {
                    facts.push(format!("date: {d}"));
                }
                if !row.authors.is_empty() {
                    facts.push(format!("by: {}", row.authors.join(", ")));
                }
                if let Some(u) = &row.url {
                    facts.push(format!("url: <{u}>"));
                }
                for (k, v) in &row.extra {
                    facts.push(format!("{k}: {}", value_text(v)));
                }
                for f in facts {
                    writeln!(out, "- {f}")?;
                }
                writeln!(out, "\n{}\n", row.body)?;
            }
        }
    }
    Ok(())
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{FileKind, parse_bytes};
    use std::path::Path;

    fn rows() -> Vec<Row> {
        let r = parse_bytes(
            Path::new("a.jsonl"),
            FileKind::JsonLines,
            br#"{"title": "T &amp; U", "body": "Line one,\nline \u001b two", "author": "A, B and C", "url": "https://x.org/a", "date": "2020-01-02"}"#,
        );
        r.articles.iter().map(Row::of).collect()
    }

    #[test]
    fn jsonl_has_the_fields_and_the_text_as_shown() {
        let mut out = Vec::new();
        write(rows().into_iter(), ExportFormat::Jsonl, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["title"], "T & U");
        assert_eq!(v["authors"], serde_json::json!(["A", "B", "C"]));
        assert_eq!(v["url"], "https://x.org/a");
        assert_eq!(v["body"], "Line one,\nline ^[ two");
        assert!(v.get("decompressed").is_none());
    }

    #[test]
    fn csv_parses_back_with_extra_columns() {
        let mut rs = rows();
        rs[0]
            .extra
            .insert("tags".into(), serde_json::json!(["x", "y"]));
        let mut out = Vec::new();
        write(rs.into_iter(), ExportFormat::Csv, &mut out).unwrap();
        let mut r = csv::Reader::from_reader(out.as_slice());
        let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(h.last().map(String::as_str), Some("tags"));
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[6], "Line one,\nline ^[ two");
        assert_eq!(&rec[7], "x; y");
    }
}
