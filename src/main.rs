//! The `dateline` command: the interactive reader, or a headless command.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use std::sync::Arc;

use dateline::analysis::Needs;
use dateline::cli::{self, Format};
use dateline::corpus::{Article, Input};
use dateline::entities::Resolution;
use dateline::workspace::Choice;

/// A fast terminal reader for collections of news articles.
///
/// Opens the files and directories given (plain text, Markdown, JSON Lines,
/// JSON arrays); with none, the bundled seed articles.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Files or directories to read.
    paths: Vec<PathBuf>,
    /// Keep the collection's workspace (index, entities, your work) in DIR
    /// instead of the data directory.
    #[arg(long, global = true, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Use no workspace: analyse in memory, save nothing.
    #[arg(long, global = true, conflicts_with = "workspace")]
    no_workspace: bool,
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
    /// Build or refresh the collection's workspace (index and entities)
    /// without opening the reader, and say what changed.
    Index {
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
    },
    /// Where the collection's workspace is, its size and what it holds.
    Workspace {
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
        /// Remove the derived data (index, entity caches); your work stays.
        #[arg(long)]
        clear: bool,
        /// With --clear: remove the whole workspace, your work included.
        #[arg(long, requires = "clear")]
        all: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ws = match (cli.no_workspace, cli.workspace) {
        (true, _) => Choice::None,
        (false, Some(dir)) => Choice::At(dir),
        (false, None) => Choice::Default,
    };
    let result = match cli.command {
        None => interactive(cli.paths, &ws),
        Some(Command::List { paths, format }) => list(paths, format),
        Some(Command::Entities { paths, format }) => entities(paths, &ws, format),
        Some(Command::Mentions {
            entity,
            paths,
            format,
        }) => mentions(&entity, paths, &ws, format),
        Some(Command::Search {
            query,
            paths,
            limit,
            format,
        }) => search(&query, paths, &ws, limit, format),
        Some(Command::Index { paths }) => {
            let out = &mut std::io::stdout().lock();
            cli::index::run(&Input::from_args(paths), &ws, out).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Workspace { paths, clear, all }) => {
            let action = match (clear, all) {
                (true, true) => cli::workspace::Action::ClearAll,
                (true, false) => cli::workspace::Action::Clear,
                _ => cli::workspace::Action::Show,
            };
            let out = &mut std::io::stdout().lock();
            cli::workspace::run(&Input::from_args(paths), &ws, action, out)
                .map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn interactive(paths: Vec<PathBuf>, ws: &Choice) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the reader needs a terminal; for scripts use `dateline list`");
    }
    let input = Input::from_args(paths);
    let workspace = cli::index::open_workspace(ws, &input).map(Arc::new);
    if let Some(w) = &workspace {
        // Index and entities are read while the files load.
        dateline::analysis::read_ahead(w);
    }
    let outcome = dateline::tui::run(input, workspace)?;
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

/// Loads `paths` and resolves their entities (through the workspace).
fn analysed(paths: Vec<PathBuf>, ws: &Choice) -> anyhow::Result<(Vec<Arc<Article>>, Resolution)> {
    let a = cli::index::analysed(&Input::from_args(paths), ws, Needs { index: false })?;
    Ok((a.articles, Arc::unwrap_or_clone(a.resolution)))
}

fn entities(paths: Vec<PathBuf>, ws: &Choice, format: Format) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths, ws)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::entities::print(&articles, &resolution, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

fn mentions(
    name: &str,
    paths: Vec<PathBuf>,
    ws: &Choice,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths, ws)?;
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
                eprintln!("  {} ({}, {})", e.name, e.kind.label(), e.key);
            }
            Ok(ExitCode::from(2))
        }
    }
}

fn search(
    query: &str,
    paths: Vec<PathBuf>,
    ws: &Choice,
    limit: usize,
    format: Format,
) -> anyhow::Result<ExitCode> {
    if query.trim().is_empty() {
        anyhow::bail!("the query is empty: give words to search for");
    }
    let a = cli::index::analysed(&Input::from_args(paths), ws, Needs::default())?;
    let articles = a.articles;
    let index = a
        .index
        .ok_or_else(|| anyhow::anyhow!("the search index was not built"))?;
    let results = match index.search(query, limit) {
        Ok(r) => r,
        Err(e) => anyhow::bail!("cannot search for {query:?}: {e}"),
    };
    if let Some(name) = &results.unknown_field {
        eprintln!(
            "dateline: note: `{name}:` is not a filter (title: person: place: org:); searched as words"
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
