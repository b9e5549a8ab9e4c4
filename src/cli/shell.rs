//! What shells and `man` need, generated from the one clap definition of the
//! command line so they cannot drift from it: completion scripts
//! (clap_complete) and manual pages (clap_mangen).

use std::io::{self, Write};

use clap::Command;

pub use clap_complete::Shell;

/// Writes the completion script of `shell` for `cmd`.
pub fn completions(mut cmd: Command, shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let name = cmd.get_name().to_owned();
    // clap_complete writes with `write_all` and panics on a failed write
    // (a closed pipe): render into memory first.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    out.write_all(&script)
}

/// Why a man page cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ManError {
    /// No subcommand has this name.
    #[error("no command is called {0:?} (commands: {1})")]
    NoSuchCommand(String, String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Writes the manual page (roff) of `cmd`, or of its subcommand `sub`
/// (`dateline-list(1)`).
pub fn man(cmd: Command, sub: Option<&str>, out: &mut dyn Write) -> Result<(), ManError> {
    let mut cmd = cmd.disable_help_subcommand(true);
    // Building gives subcommands their full names (`dateline-list`).
    cmd.build();
    let mut page = Vec::new();
    match sub {
        None => {
            clap_mangen::Man::new(cmd).render(&mut page)?;
            // FILES and ENVIRONMENT go before the VERSION section.
            let at = find(&page, b".SH VERSION").unwrap_or(page.len());
            page.splice(at..at, FILES_AND_ENVIRONMENT.bytes());
        }
        Some(name) => {
            let Some(found) = cmd.find_subcommand(name).cloned() else {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                return Err(ManError::NoSuchCommand(name.to_owned(), names.join(", ")));
            };
            clap_mangen::Man::new(found).render(&mut page)?;
        }
    }
    out.write_all(&page)?;
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The configuration's place in the main page (roff).
const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/dateline/config.toml\fR (\fI~/.config/dateline/config.toml\fR)
The configuration: keys per mode, the theme and its colours, and defaults.
It is read over the built\-in one (\fBdateline config \-\-print\-default\fR)
and needs only what it changes; \fBdateline config \-\-check\fR checks it and
\fBdateline keys\fR shows the keys in force.
.TP
\fI$XDG_DATA_HOME/dateline/workspaces/\fR
A workspace per collection: its search index, entities and the reader's work.
.SH ENVIRONMENT
.TP
\fBDATELINE_CONFIG\fR
The configuration file to read (\fB\-\-config\fR wins over it).
.TP
\fBNO_COLOR\fR
When set and not empty, dateline draws without colours, whatever the theme.
"#;
