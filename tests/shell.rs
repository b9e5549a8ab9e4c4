//! Completion scripts, man pages and `--version`, generated from the one
//! command-line definition: each covers every subcommand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The subcommands `--help` lists, with their one-line summaries.
fn subcommands() -> Vec<(String, String)> {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    let section = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    let mut out = Vec::new();
    for line in section.lines() {
        if !line.starts_with("  ") {
            break;
        }
        let mut words = line.split_whitespace();
        let name = words.next().unwrap().to_owned();
        if name != "help" {
            out.push((name, words.collect::<Vec<_>>().join(" ")));
        }
    }
    assert!(out.len() >= 6, "{help}");
    out
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.len() > 500, "{shell}: {script}");
        for (name, _) in &subs {
            assert!(script.contains(name.as_str()), "{shell} lacks {name}");
        }
        assert!(
            script.contains("max-file-size"),
            "{shell} lacks the options"
        );
    }
    let (code, _, err) = run(&["completions", "tcsh"]);
    assert_ne!(code, 0);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn the_man_page_lists_every_subcommand_and_each_has_its_own() {
    let subs = subcommands();
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains(".TH dateline 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    assert!(page.contains("DATELINE_CONFIG") && page.contains("NO_COLOR"));
    for (name, about) in &subs {
        assert!(page.contains(&format!("dateline\\-{name}")), "lacks {name}");
        let (code, own, err) = run(&["man", name]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(own.contains(&format!(".TH dateline-{name} 1")), "{own}");
        // Its summary, as roff writes it.
        let first_word = about.split_whitespace().next().unwrap_or("");
        assert!(own.contains(first_word), "{name}: {own}");
    }
    let (code, _, err) = run(&["man", "nope"]);
    assert_ne!(code, 0);
    assert!(err.contains("no command is called \"nope\""), "{err}");
}

#[test]
fn version_is_the_builds() {
    for flag in ["--version", "-V"] {
        let (code, out, _) = run(&[flag]);
        assert_eq!(code, 0);
        assert_eq!(
            out.trim(),
            format!("dateline {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// Global options work before the subcommand as after it, as with git
/// (`dateline --config F keys` is `dateline keys --config F`).
#[test]
fn global_options_may_come_before_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[keys.list]\ndown = [\"ctrl-n\"]\n").unwrap();
    let file = file.to_str().unwrap();
    let (code, before, err) = run(&["--config", file, "keys"]);
    assert_eq!(code, 0, "{err}");
    let (_, after, _) = run(&["keys", "--config", file]);
    assert_eq!(before, after);
    let down = before.lines().find(|l| l.starts_with("down =")).unwrap();
    assert!(down.contains("ctrl-n") && !down.contains("\"j\""), "{down}");
}
