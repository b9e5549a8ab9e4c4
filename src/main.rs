//! The `dateline` command: the interactive reader, or a headless command.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use std::sync::Arc;

use dateline::analysis::{AnalysisEvent, analyse_now};
use dateline::cli::{self, Format};
use dateline::corpus::{self, Article, Input};
use dateline::entities::{Extractor, Resolution, resolve};
use dateline::textview::safe::{escaped, safe_line};

/// A fast terminal reader for collections of news articles.
///
/// Opens the files and directories given (plain text, Markdown, JSON Lines,
/// JSON arrays); with none, the bundled seed articles.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Files or directories to read.
    paths: Vec<PathBuf>,
    /// Largest file to read, in bytes or with K, M or G (powers of 1024);
    /// larger files are skipped with a warning. At most 1G.
    #[arg(long, global = true, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_file_size: u64,
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
    /// A completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions { shell: cli::shell::Shell },
    /// The manual page (roff): `dateline man | man -l -`.
    Man {
        /// A command's own page (`dateline man search`).
        command: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    corpus::set_max_file_size(cli.max_file_size);
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
        Some(Command::Completions { shell }) => {
            let written = cli::shell::completions(Cli::command(), shell, &mut std::io::stdout());
            quiet_broken_pipe(written)
        }
        Some(Command::Man { command }) => {
            match cli::shell::man(Cli::command(), command.as_deref(), &mut std::io::stdout()) {
                Err(cli::shell::ManError::Io(e)) => quiet_broken_pipe(Err(e)),
                other => other.map(|()| ExitCode::SUCCESS).map_err(Into::into),
            }
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: {}", escaped(&format!("{e:#}")));
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
        eprintln!(
            "dateline: no articles could be loaded ({})",
            escaped(&reason)
        );
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
    let mentions: Vec<((&str, &str), Vec<_>)> = {
        let ex = Extractor::new();
        articles
            .iter()
            .map(|a| {
                let texts = (a.title.as_str(), a.body.as_str());
                (texts, ex.extract_article(&a.title, &a.body))
            })
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
    let found = cli::mentions::find(&resolution, name);
    match found.as_slice() {
        [] => anyhow::bail!("no entity is called {name:?} (`dateline entities` lists them)"),
        [id] => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            let written = cli::mentions::print(&articles, &resolution, *id, format, &mut out)
                .and_then(|()| out.flush());
            quiet_broken_pipe(written)
        }
        many => {
            eprintln!("dateline: {name:?} is ambiguous; it names:");
            for e in many.iter().filter_map(|id| resolution.entities.get(*id)) {
                eprintln!(
                    "  {} ({}, {})",
                    safe_line(&e.name),
                    e.kind.label(),
                    escaped(&e.key)
                );
            }
            Ok(ExitCode::from(2))
        }
    }
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
    // More than there are articles is all of them (and no huge allocation).
    let limit = limit.min(articles.len());
    let mut results = match index.search(query, limit) {
        Ok(r) => r,
        Err(e) => anyhow::bail!("cannot search for {query:?}: {e}"),
    };
    // `--limit 0`: the count only.
    results.hits.truncate(limit);
    if let Some(name) = &results.unknown_field {
        eprintln!(
            "dateline: note: `{name}:` is not a filter (title: person: place: org:); searched as words"
        );
    }
    if let Some(note) = &results.note {
        eprintln!("dateline: note: {note}");
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::search::print(&articles, &results, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

/// A size such as `300000`, `512K`, `300M` or `1G` (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let digits = lower.trim_end_matches(['b', 'i']);
    let (number, unit) = match digits.char_indices().last() {
        Some((i, c @ ('k' | 'm' | 'g'))) => (&digits[..i], c),
        _ => (digits, ' '),
    };
    let shift = match unit {
        'k' => 10,
        'm' => 20,
        'g' => 30,
        _ => 0,
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{t:?} is not a size (e.g. 300M, 1G, 500000)"))?;
    let bytes = n * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes < 1.0 {
        return Err(format!("{t:?}: the size must be at least one byte"));
    }
    if bytes > corpus::MAX_FILE_SIZE_CEILING as f64 {
        return Err(format!(
            "at most {} (offsets into a file are 32-bit)",
            corpus::human_size(corpus::MAX_FILE_SIZE_CEILING)
        ));
    }
    Ok(bytes as u64)
}

/// A reader that stops early (`dateline list | head`) is not an error.
fn quiet_broken_pipe(r: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
