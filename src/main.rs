//! The `dateline` command: the interactive reader, or a headless command.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dateline::cli::{self, Format};
use dateline::corpus::Input;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => interactive(cli.paths),
        Some(Command::List { paths, format }) => list(paths, format),
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

/// A reader that stops early (`dateline list | head`) is not an error.
fn quiet_broken_pipe(r: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
