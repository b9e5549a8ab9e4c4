//! The configuration in the real binary, in a pseudo-terminal: a remapped
//! key works and the old one no longer does; a broken file opens with the
//! defaults and says what was wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("DATELINE_CONFIG");
        cmd.env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("dateline-config-pty-none"),
        );
        cmd.cwd(std::env::temp_dir());
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        // Keep the master alive for the session's lifetime.
        std::mem::forget(pty.master);
        Session {
            parser: vt100::Parser::new(rows, cols, 0),
            rx,
            writer,
            child,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            // Answer a cursor position query, as a terminal would.
            if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                let _ = self.writer.write_all(b"\x1b[1;1R");
            }
            self.parser.process(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(20));
            if let Ok(Some(status)) = self.child.try_wait() {
                // Take what is still in flight.
                for _ in 0..10 {
                    self.pump(Duration::from_millis(20));
                }
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "did not exit; screen:\n{}",
                self.screen()
            );
        }
    }
}

/// Writes `text` to a configuration file that lives as long as the guard.
fn config_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

impl Session {
    /// Pumps for `wait` and says whether `text` is on screen then.
    fn shows_after(&mut self, text: &str, wait: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < wait {
            self.pump(Duration::from_millis(30));
        }
        self.screen().contains(text)
    }

    /// Waits until `text` has left the screen.
    fn wait_gone(&mut self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{text:?} stayed; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }
}

#[test]
fn a_remapped_key_works_and_the_old_one_no_longer_does() {
    let file = config_file("[keys.list]\nhelp = \"K\"\nquit = \"Z\"\n");
    let path = file.path().to_str().unwrap();
    let mut s = Session::start(&["--no-workspace", "--config", path], 100, 30);
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
    let mut s = Session::start(&["--no-workspace", "--config", path], 140, 30);
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
