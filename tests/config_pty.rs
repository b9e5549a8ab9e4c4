//! The configuration in the real binary, in a pseudo-terminal: a remapped
//! key works and the old one no longer does; a broken file opens with the
//! defaults and says what was wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::Duration;

mod common;

use common::pty::{Pty as Session, dateline};

/// The binary on `args` with no configuration of the user's.
fn start(args: &[&str], cols: u16, rows: u16) -> Session {
    let mut cmd = dateline(args);
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("DATELINE_CONFIG");
    cmd.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("dateline-config-pty-none"),
    );
    Session::spawn(cmd, cols, rows)
}

/// Writes `text` to a configuration file that lives as long as the guard.
fn config_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn a_remapped_key_works_and_the_old_one_no_longer_does() {
    let file = config_file("[keys.list]\nhelp = \"K\"\nquit = \"Z\"\n");
    let path = file.path().to_str().unwrap();
    let mut s = start(&["--no-workspace", "--config", path], 100, 30);
    s.wait_for("Articles (3");
    s.wait_for("K help");
    s.wait_for("Z quit");
    s.keys("?");
    assert!(
        !s.shows_after("Keys and queries", Duration::from_millis(600)),
        "? still opens the help:\n{}",
        s.screen()
    );
    s.keys("K");
    s.wait_for("Keys and queries");
    s.wait_for("K (reader: ? F1)");
    s.keys("\x1b");
    s.wait_gone("Keys and queries");
    s.keys("q");
    assert!(
        s.shows_after("Articles (3", Duration::from_millis(600)),
        "q quit:\n{}",
        s.screen()
    );
    assert!(s.child.try_wait().unwrap().is_none(), "q still quits");
    s.keys("Z");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn a_broken_configuration_opens_with_the_defaults_and_a_message() {
    let file = config_file("[keys.list]\ndonw = \"x\"\n[styles\n");
    let path = file.path().to_str().unwrap();
    let mut s = start(&["--no-workspace", "--config", path], 140, 30);
    s.wait_for("Articles (3");
    s.wait_for("unknown action `donw`");
    s.wait_for("2 warnings (w)");
    s.keys("w");
    s.wait_for(":3:");
    s.keys("\x1b");
    s.wait_gone("Configuration and load warnings");
    // The defaults are in force: ? is the help, q quits.
    s.keys("?");
    s.wait_for("Keys and queries");
    s.keys("\x1b");
    s.wait_gone("Keys and queries");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
}
