//! The `dateline` command: the interactive reader, or a headless command.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use std::sync::Arc;

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::cli::{self, Format};
use dateline::corpus::{Article, Input};
use dateline::entities::{Extractor, Resolution, resolve};
use dateline::facts::EntityLookup;

/// A fast terminal reader for collections of news articles.
///
/// Opens the files and directories given (plain text, Markdown, JSON Lines,
/// JSON arrays); with none, the bundled seed articles.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Files or directories to read.
    paths: Vec<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List the articles: id, path, title, date, words, body byte range.
    List {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Entities: every mention with file offsets (jsonl), or a summary by
    /// mention count with types and aliases (text).
    Entities {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Every mention of one entity across the corpus, as a concordance.
    Mentions {
        /// A canonical name or alias, any case ("trump", "U.S.").
        entity: String,
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Ranked full-text search (same query language as the app's `/`).
    Search {
        /// The query: words (the last one a prefix), "phrases", -word, OR,
        /// title:word, person:/place:/org: filters. A query that starts
        /// with `-` works as is (`search '-sport tennis'`).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
        /// Most results to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => interactive(cli.paths),
        Some(Command::List { paths, format }) => list(paths, format),
        Some(Command::Entities { paths, format }) => entities(paths, format),
        Some(Command::Mentions {
            entity,
            paths,
            format,
        }) => mentions(&entity, paths, format),
        Some(Command::Search {
            query,
            paths,
            limit,
            format,
        }) => search(&query, paths, limit, format),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn interactive(paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the reader needs a terminal; for scripts use `dateline list`");
    }
    let outcome = dateline::tui::run(Input::from_args(paths))?;
    if outcome.articles == 0 {
        let reason = outcome
            .reason
            .unwrap_or_else(|| "no input files".to_owned());
        eprintln!("dateline: no articles could be loaded ({reason})");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn list(paths: Vec<PathBuf>, format: Format) -> anyhow::Result<ExitCode> {
    let loaded = cli::load_reporting(&Input::from_args(paths))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = cli::list::print(&loaded.articles, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

/// Loads `paths` and resolves their entities.
fn analysed(paths: Vec<PathBuf>) -> anyhow::Result<(Vec<Arc<Article>>, Resolution)> {
    let loaded = cli::load_reporting(&Input::from_args(paths))?;
    let articles: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
    let mentions: Vec<(&str, Vec<_>)> = {
        let ex = Extractor::new();
        articles
            .iter()
            .map(|a| (a.body.as_str(), ex.extract(&a.body)))
            .collect()
    };
    let resolution = resolve(&mentions);
    Ok((articles, resolution))
}

fn entities(paths: Vec<PathBuf>, format: Format) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::entities::print(&articles, &resolution, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

fn mentions(name: &str, paths: Vec<PathBuf>, format: Format) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths)?;
    let id = match cli::mentions::lookup(&articles, &resolution, name) {
        EntityLookup::One(id) => id,
        EntityLookup::Unknown => {
            anyhow::bail!("no entity is called {name:?} (`dateline entities` lists them)")
        }
        EntityLookup::Ambiguous(ids) => {
            eprintln!("dateline: {name:?} is ambiguous; give one of these ids:");
            for line in cli::mentions::describe(&resolution, &ids) {
                eprintln!("  {line}");
            }
            return Ok(ExitCode::from(2));
        }
        EntityLookup::Unlinked { mentions, could_be } => {
            eprintln!(
                "dateline: {name:?} is mentioned {mentions} times but never linked to one entity (the name is ambiguous); it could be:"
            );
            for line in cli::mentions::describe(&resolution, &could_be) {
                eprintln!("  {line}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = cli::mentions::print(&articles, &resolution, id, format, &mut out)
        .and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

fn search(
    query: &str,
    paths: Vec<PathBuf>,
    limit: usize,
    format: Format,
) -> anyhow::Result<ExitCode> {
    if query.trim().is_empty() {
        anyhow::bail!("the query is empty: give words to search for");
    }
    let loaded = cli::load_reporting(&Input::from_args(paths))?;
    let articles: Vec<Arc<Article>> = loaded.articles.into_iter().map(Arc::new).collect();
    let mut index = None;
    for ev in analyse_now(&articles) {
        if let AnalysisEvent::Index(built) = ev {
            index = Some(built?);
        }
    }
    let index = index.ok_or_else(|| anyhow::anyhow!("the search index was not built"))?;
    let results = match index.search(query, limit) {
        Ok(r) => r,
        Err(e) => anyhow::bail!("cannot search for {query:?}: {e}"),
    };
    if let Some(name) = &results.unknown_field {
        eprintln!(
            "dateline: note: {}; searched as words",
            dateline::facts::not_a_filter(name)
        );
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::search::print(&articles, &results, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

/// A reader that stops early (`dateline list | head`) is not an error.
fn quiet_broken_pipe(r: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
