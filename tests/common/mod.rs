//! The binary as the tests run it: with its own temporary data directory
//! (`XDG_DATA_HOME`), so no test writes a workspace under the user's real
//! one and tests running at once never share a workspace.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod pty;

use std::ops::{Deref, DerefMut};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_dateline");

/// A command for the binary and the data directory it writes into,
/// removed when this is dropped (after the command has run, when it is
/// used as `dateline().args(…).output()`).
pub struct Dateline {
    cmd: Command,
    _data: tempfile::TempDir,
}

impl Deref for Dateline {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.cmd
    }
}

impl DerefMut for Dateline {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.cmd
    }
}

/// The binary, with a fresh data directory of its own.
pub fn dateline() -> Dateline {
    let data = data_home();
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_DATA_HOME", data.path());
    Dateline { cmd, _data: data }
}

/// A fresh temporary data directory, for a test that runs the binary
/// itself (in a pty) or several times over the same workspace.
pub fn data_home() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("dateline-test-data")
        .tempdir()
        .unwrap()
}
