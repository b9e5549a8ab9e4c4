//! The binary in a pseudo-terminal, read through a vt100 screen: the
//! harness every pty test drives.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// A command for the binary on `args`, as a terminal would start it.
pub fn dateline(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(super::BIN);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(std::env::temp_dir());
    cmd
}

/// A program running in a pseudo-terminal of its own.
pub struct Pty {
    pub parser: vt100::Parser,
    /// Every byte the program wrote.
    pub raw: Vec<u8>,
    pub rx: Receiver<Vec<u8>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept for the session's lifetime (and to resize the terminal).
    pub master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts `cmd` in a `cols` x `rows` terminal.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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
        Pty {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            rx,
            writer,
            child,
            master: pty.master,
        }
    }

    /// Takes what the program wrote within `wait`, if anything.
    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            // Answer a cursor position query, as a terminal would.
            if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                let _ = self.writer.write_all(b"\x1b[1;1R");
            }
            self.raw.extend_from_slice(&bytes);
            self.parser.process(&bytes);
        }
    }

    /// Reads until the program has been quiet for 150 ms (a frame arrives
    /// in pieces; a half-drawn one must not be judged).
    pub fn settle(&mut self) {
        let start = Instant::now();
        loop {
            match self.rx.recv_timeout(Duration::from_millis(150)) {
                Ok(bytes) => {
                    self.raw.extend_from_slice(&bytes);
                    self.parser.process(&bytes);
                }
                Err(_) => return,
            }
            if start.elapsed() > Duration::from_secs(10) {
                return;
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(30));
        }
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Pumps for `wait` and says whether `text` is on screen then.
    pub fn shows_after(&mut self, text: &str, wait: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < wait {
            self.pump(Duration::from_millis(30));
        }
        self.screen().contains(text)
    }

    /// Waits until `text` has left the screen.
    pub fn wait_gone(&mut self, text: &str) {
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

    /// Waits for the program to end, taking what is still in flight.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(20));
            if let Ok(Some(status)) = self.child.try_wait() {
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

    /// Kills the program with SIGKILL and waits for it to end.
    pub fn sigkill(&mut self) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        self.wait_exit();
    }
}
