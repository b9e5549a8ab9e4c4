//! The `dateline` command: the interactive reader, or a headless command.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use std::sync::Arc;

use dateline::analysis::Needs;
use dateline::cli::{self, Format};
use dateline::corpus::{self, Article, Input};
use dateline::entities::Resolution;
use dateline::facts::EntityLookup;
use dateline::pictures::Presence;
use dateline::textview::safe::escaped;
use dateline::tui::Ending;
use dateline::workspace::Choice;

/// A fast terminal reader for collections of news articles.
///
/// Opens the files and directories given (plain text, Markdown, JSON Lines,
/// JSON arrays, web pages, RSS/Atom/JSON feeds); `-`, or no path with a
/// pipe on standard input, reads standard input; with none, the bundled
/// seed articles.
#[derive(Parser)]
#[command(version)]
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
    /// Largest file to read, in bytes or with K, M or G (powers of 1024);
    /// larger files are skipped with a warning. At most 1G.
    #[arg(long, global = true, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_file_size: u64,
    /// Read the configuration from FILE instead of $DATELINE_CONFIG or
    /// the platform's config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Follow the folders given: files added, changed or removed appear,
    /// change or leave while dateline runs.
    #[arg(long)]
    watch: bool,
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
    /// The entities named with one entity, most surprising first
    /// (log-likelihood), with the articles and sentences they share.
    Cooccur {
        /// A canonical name or alias, any case ("blair", "U.S.").
        entity: String,
        paths: Vec<PathBuf>,
        /// Most entities to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Every article as shown, with path, title, date, URL and authors:
    /// turns a folder of saved pages or feeds into clean JSON Lines.
    Export {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: cli::export::ExportFormat,
        /// Only the starred articles.
        #[arg(long)]
        starred: bool,
        /// Only the articles with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only the articles this query finds (the app's query language).
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
        /// Just the clips, as a Markdown citation list.
        #[arg(long)]
        clips: bool,
    },
    /// Merge the marks, tags, notes and clips of another workspace's
    /// `export --format jsonl` into this collection's, by content hash.
    Import {
        /// The exported JSON Lines file.
        file: PathBuf,
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
    },
    /// Ranked full-text search (same query language as the app's `/`).
    Search {
        /// The query: words (the last one a prefix), "phrases", -word, OR,
        /// title:word, person:/place:/org: filters, date:2018-10 (also
        /// date:2018-01..2018-06, date:>2018-06), your marks (is:unread,
        /// is:starred, tag:NAME, has:note, has:clip). A query that starts
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
    /// The entity corrections kept in the collection's workspace: list them,
    /// export them to a JSON Lines file to share, or import one (rules that
    /// match nothing in this collection are reported).
    Corrections {
        #[command(subcommand)]
        action: CorrectionsCommand,
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
    /// Check the configuration file (the default), or show where it is, the
    /// built-in defaults or a built-in theme.
    Config {
        /// Report every problem with its line and column; exit 1 if any.
        #[arg(long, conflicts_with_all = ["path", "print_default", "print_theme"])]
        check: bool,
        /// Print the configuration file's path.
        #[arg(long)]
        path: bool,
        /// Print the built-in configuration (every option, theme and key).
        #[arg(long)]
        print_default: bool,
        /// Print a built-in theme: dark, light or mono.
        #[arg(long, value_name = "NAME")]
        print_theme: Option<String>,
    },
    /// The keys in force with your configuration, per mode, as entries a
    /// configuration file can use.
    Keys,
    /// A completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions { shell: cli::shell::Shell },
    /// The manual page (roff): `dateline man | man -l -`.
    Man {
        /// A command's own page (`dateline man search`).
        command: Option<String>,
    },
}

#[derive(Subcommand)]
enum CorrectionsCommand {
    /// List the corrections (the active ones, then the undone ones).
    List {
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
    },
    /// Write the active corrections to FILE ("-": standard output), one
    /// JSON object a line.
    Export {
        file: PathBuf,
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
    },
    /// Add the corrections of FILE ("-": standard input), apply them and
    /// bring the search index up to date.
    Import {
        file: PathBuf,
        /// Files or folders of articles (default: the bundled seeds).
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (source, config) = cli::config::load(cli.config.as_deref());
    let defaults = &config.config.defaults;
    let ws = match (cli.no_workspace, cli.workspace) {
        (true, _) => Choice::None,
        (false, Some(dir)) => Choice::At(dir),
        (false, None) if !defaults.workspace => Choice::None,
        (false, None) => Choice::Default,
    };
    if let Some(home) = &defaults.workspace_home {
        dateline::workspace::location::set_workspaces_home(home.clone());
    }
    let headless = !matches!(
        cli.command,
        None | Some(Command::Config { .. } | Command::Keys)
    );
    if headless {
        // The app shows them in its warnings; a script sees them here.
        for p in &config.problems {
            eprintln!("dateline: warning: config: {p}");
        }
    }
    corpus::set_max_file_size(cli.max_file_size);
    let result = match cli.command {
        None => interactive(cli.paths, &ws, &config, cli.watch),
        Some(Command::Config {
            check: _,
            path,
            print_default,
            print_theme,
        }) => {
            let out = &mut std::io::stdout().lock();
            if path {
                quiet_broken_pipe(cli::config::path(&source, out))
            } else if print_default {
                quiet_broken_pipe(cli::config::print_default(out))
            } else if let Some(name) = print_theme {
                match cli::config::print_theme(&name, out, &mut std::io::stderr()) {
                    Ok(false) => Ok(ExitCode::from(2)),
                    other => quiet_broken_pipe(other.map(|_| ())),
                }
            } else {
                match cli::config::check(&source, &config, out, &mut std::io::stderr()) {
                    Ok(false) => Ok(ExitCode::FAILURE),
                    other => quiet_broken_pipe(other.map(|_| ())),
                }
            }
        }
        Some(Command::Keys) => {
            let out = &mut std::io::stdout().lock();
            quiet_broken_pipe(cli::config::keys(&config, out))
        }
        Some(Command::List { paths, format }) => list(paths, format),
        Some(Command::Entities { paths, format }) => entities(paths, &ws, format),
        Some(Command::Mentions {
            entity,
            paths,
            format,
        }) => mentions(&entity, paths, &ws, format),
        Some(Command::Cooccur {
            entity,
            paths,
            limit,
            format,
        }) => cooccur(&entity, paths, &ws, limit, format),
        Some(Command::Export {
            paths,
            format,
            starred,
            tag,
            query,
            clips,
        }) => {
            let sel = cli::work::Selection {
                starred,
                tag,
                query,
            };
            export(paths, format, &ws, &sel, clips)
        }
        Some(Command::Import { file, paths }) => {
            let mut out = std::io::stdout().lock();
            cli::work::import(&file, &Input::from_args(paths), &ws, &mut out)
                .map(|()| ExitCode::SUCCESS)
        }
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
        Some(Command::Corrections { action }) => {
            use cli::corrections::Action as A;
            let (action, file, paths) = match action {
                CorrectionsCommand::List { paths } => (A::List, None, paths),
                CorrectionsCommand::Export { file, paths } => (A::Export, Some(file), paths),
                CorrectionsCommand::Import { file, paths } => (A::Import, Some(file), paths),
            };
            let out = &mut std::io::stdout().lock();
            cli::corrections::run(action, file.as_deref(), &Input::from_args(paths), &ws, out)
                .map(|()| ExitCode::SUCCESS)
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

fn interactive(
    paths: Vec<PathBuf>,
    ws: &Choice,
    config: &dateline::config::Loaded,
    watch: bool,
) -> anyhow::Result<ExitCode> {
    // Keys come from the terminal even when standard input is a pipe.
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; for scripts use `dateline list`");
    }
    let input = Input::from_args_or_pipe(paths);
    if watch && !matches!(input, Input::Paths(_)) {
        anyhow::bail!("--watch follows files and folders: name them (`dateline --watch DIR`)");
    }
    // `tui::run` reads the workspace's index and entities while the files load.
    let workspace = cli::index::open_workspace(ws, &input).map(Arc::new);
    let outcome = dateline::tui::run(input, workspace, config, watch)?;
    let finished = match outcome.ending {
        // Ended by the signal itself, now that the terminal is given back.
        Ending::Signal(signal) => return Ok(dateline::tui::end_by(signal)),
        Ending::Interrupted => ExitCode::from(130),
        Ending::Quit | Ending::InputClosed => ExitCode::SUCCESS,
    };
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
    Ok(finished)
}

fn list(paths: Vec<PathBuf>, format: Format) -> anyhow::Result<ExitCode> {
    let loaded = cli::load_reporting(&Input::from_args_or_pipe(paths))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = cli::list::print(&loaded.articles, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

fn export(
    paths: Vec<PathBuf>,
    format: cli::export::ExportFormat,
    ws: &Choice,
    sel: &cli::work::Selection,
    clips: bool,
) -> anyhow::Result<ExitCode> {
    let input = Input::from_args_or_pipe(paths);
    let w = cli::work::load(&input, ws, sel)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if clips {
        let written = out
            .write_all(cli::work::clips_markdown(&w).as_bytes())
            .and_then(|()| out.flush());
        return quiet_broken_pipe(written);
    }
    let rows = w.chosen.iter().map(|&i| {
        let mut row = cli::export::Row::of(&w.articles[i]);
        let clips: Vec<&dateline::reading::Clip> = w.clips[i].iter().collect();
        let stored = w.marks.get(i).cloned().unwrap_or_default();
        row.extra = dateline::reading::exchange::fields(&w.hashes[i], &stored, &clips);
        row
    });
    let written = cli::export::write(rows, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

/// Loads `paths` and resolves their entities (through the workspace).
fn analysed(paths: Vec<PathBuf>, ws: &Choice) -> anyhow::Result<(Vec<Arc<Article>>, Resolution)> {
    let input = Input::from_args_or_pipe(paths);
    let a = cli::index::analysed(&input, ws, Needs { index: false })?;
    Ok((a.articles, Arc::unwrap_or_clone(a.resolution)))
}

fn entities(paths: Vec<PathBuf>, ws: &Choice, format: Format) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths, ws)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::entities::print(&articles, &resolution, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

/// The entity `name` names (an id, a name, an alias or mention text), or
/// the exit code after saying on stderr why there is not exactly one.
fn entity_named(
    articles: &[Arc<Article>],
    resolution: &Resolution,
    name: &str,
) -> anyhow::Result<Result<usize, ExitCode>> {
    let (found, note) = cli::mentions::lookup(articles, resolution, name);
    if let Some(note) = note {
        eprintln!("dateline: note: {note}");
    }
    Ok(match found {
        EntityLookup::One(id) => Ok(id),
        EntityLookup::Unknown => {
            anyhow::bail!("no entity is called {name:?} (`dateline entities` lists them)")
        }
        EntityLookup::Ambiguous(ids) => {
            eprintln!("dateline: {name:?} is ambiguous; give one of these ids:");
            for line in cli::mentions::describe(resolution, &ids) {
                eprintln!("  {line}");
            }
            return Ok(Err(ExitCode::from(2)));
        }
        EntityLookup::Unlinked { mentions, could_be } => {
            eprintln!(
                "dateline: {name:?} is mentioned {mentions} times but never linked to one entity (the name is ambiguous); it could be:"
            );
            for line in cli::mentions::describe(resolution, &could_be) {
                eprintln!("  {line}");
            }
            return Ok(Err(ExitCode::from(2)));
        }
    })
}

fn mentions(
    name: &str,
    paths: Vec<PathBuf>,
    ws: &Choice,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths, ws)?;
    let id = match entity_named(&articles, &resolution, name)? {
        Ok(id) => id,
        Err(code) => return Ok(code),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = cli::mentions::print(&articles, &resolution, id, format, &mut out)
        .and_then(|()| out.flush());
    quiet_broken_pipe(written)
}

fn cooccur(
    name: &str,
    paths: Vec<PathBuf>,
    ws: &Choice,
    limit: usize,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let (articles, resolution) = analysed(paths, ws)?;
    let id = match entity_named(&articles, &resolution, name)? {
        Ok(id) => id,
        Err(code) => return Ok(code),
    };
    let texts: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.body.as_str()))
        .collect();
    let found = Presence::build(&texts, &resolution).cooccurrence(id as u32, limit);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written =
        cli::cooccur::print(&resolution, &found, format, &mut out).and_then(|()| out.flush());
    quiet_broken_pipe(written)
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
    let input = Input::from_args_or_pipe(paths);
    let a = cli::index::analysed(&input, ws, Needs::default())?;
    let articles = a.articles;
    let index = a
        .index
        .ok_or_else(|| anyhow::anyhow!("the search index was not built"))?;
    // More than there are articles is all of them (and no huge allocation).
    let limit = limit.min(articles.len());
    // What `is:`, `tag:` and `has:` test: the workspace's marks.
    let marks = match &a.workspace {
        Some(w) => match dateline::reading::marks_of(w, &articles) {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("dateline: warning: your marks cannot be read ({e})");
                None
            }
        },
        None => None,
    };
    let unmarked = dateline::search::NoMarks(articles.len());
    let marked: &dyn dateline::search::Marked = match &marks {
        Some(m) => m,
        None => &unmarked,
    };
    let mut results = match index.search_marked(query, limit, marked) {
        Ok(r) => r,
        Err(e) => anyhow::bail!("cannot search for {query:?}: {e}"),
    };
    // `--limit 0`: the count only.
    results.hits.truncate(limit);
    if let Some(name) = &results.unknown_field {
        eprintln!(
            "dateline: note: {}; searched as words",
            dateline::facts::not_a_filter(name)
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
