//! The real binary in a pseudo-terminal: start, open, scroll, help, quit,
//! and the terminal handed back as it was found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use portable_pty::PtySize;
use vt100::MouseProtocolMode;

mod common;

use common::pty::{Pty, dateline};

/// The binary in a pseudo-terminal, with the data directory it made.
struct Session {
    pty: Pty,
    /// The data directory made for this session, if it made one.
    _data: Option<tempfile::TempDir>,
}

impl Deref for Session {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

impl Session {
    /// The binary on `args`, with a data directory of its own.
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        let data = common::data_home();
        let mut s = Session::start_in(args, cols, rows, data.path());
        s._data = Some(data);
        s
    }

    /// The binary on `args`, keeping its workspaces under `data`.
    fn start_in(args: &[&str], cols: u16, rows: u16, data: &std::path::Path) -> Session {
        let mut cmd = dateline(args);
        cmd.env("XDG_DATA_HOME", data);
        Session {
            pty: Pty::spawn(cmd, cols, rows),
            _data: None,
        }
    }
}

#[test]
fn open_scroll_help_quit_restores_the_terminal() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("Articles (3");
    assert!(s.parser.screen().alternate_screen());
    s.wait_for("Trump threatens to send military");
    s.keys("j");
    s.wait_for("article 2/3");
    s.keys("\r");
    s.wait_for(" READER ");
    s.keys(" ");
    s.wait_for("Jose Porfirio Orellana");
    s.keys("?");
    s.wait_for(" Keys ");
    s.wait_for("half a page down");
    s.keys("\x1b");
    let start = Instant::now();
    while s.screen().contains("half a page down") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "help did not close"
        );
        s.pump(Duration::from_millis(50));
    }
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(
        !s.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!s.parser.screen().hide_cursor(), "cursor left hidden");
}

#[test]
fn nothing_to_load_exits_non_zero_after_showing_why() {
    let mut s = Session::start(&["/no/such/dir"], 80, 24);
    s.wait_for("no such file or directory");
    s.keys("q");
    s.keys("q");
    let status = s.wait_exit();
    assert!(!status.success());
    assert!(!s.parser.screen().alternate_screen());
}

/// "Donald Trump · mention 4/17 · article 2/3" → (4, 17, 2).
fn jump_status(screen: &str) -> Option<(usize, usize, usize)> {
    let line = screen.lines().last()?;
    let rest = line.split("Donald Trump \u{b7} mention ").nth(1)?;
    let (m, rest) = rest.split_once('/')?;
    let (n, rest) = rest.split_once(" \u{b7} article ")?;
    let (a, _) = rest.split_once('/')?;
    Some((m.parse().ok()?, n.trim().parse().ok()?, a.parse().ok()?))
}

impl Session {
    /// Waits for the entities and the index.
    fn wait_ready(&mut self) {
        self.wait_ready_on("Articles (3");
    }

    /// Waits for `first` on the screen, then for the entities and the
    /// index.
    fn wait_ready_on(&mut self, first: &str) {
        self.wait_for(first);
        let t = Instant::now();
        let ready = |screen: &str| {
            let status = screen.lines().last().unwrap_or("");
            status.contains(" LIST ")
                && !status.contains("loading")
                && !status.contains("finding entities")
                && !status.contains("indexing")
        };
        loop {
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "analysis never finished"
            );
            self.pump(Duration::from_millis(50));
            if ready(&self.screen()) {
                // Output comes in pieces: make sure the frame was complete.
                self.settle();
                if ready(&self.screen()) {
                    return;
                }
            }
        }
    }
}

#[test]
fn keys_over_the_concordance_change_nothing_behind_it() {
    let mut s = Session::start(&[], 120, 30);
    s.wait_ready();
    // The cursor starts on the first mention, "Trump" in the headline.
    s.keys("l");
    s.wait_for(" READER ");
    s.keys("m");
    s.wait_for(" MENTIONS ");
    s.wait_for("Donald Trump (PER)");
    s.settle();
    let before = s.screen();
    for k in ["e", "/", "n", "E", "*", "w"] {
        s.keys(k);
        s.settle();
        assert_eq!(
            s.screen(),
            before,
            "{k:?} changed the screen:\n{}",
            s.screen()
        );
    }
    // Closed, the reader is as it was: no entities pane, no query line.
    s.keys("\x1b");
    s.wait_for(" READER ");
    s.settle();
    let screen = s.screen();
    assert!(!screen.contains("Entities \u{b7}"), "{screen}");
    assert!(
        screen.lines().last().unwrap().starts_with(" READER "),
        "{screen}"
    );
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_burst_of_keys_is_taken_in_order_and_ctrl_c_after_it_quits() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("Articles (3");
    // 5,000 bytes at once: 1,667 help toggles between moves. Were one
    // lost, the help would end up closed.
    let burst = format!("?{}j", "jk?".repeat(1_666));
    assert_eq!(burst.len(), 5_000);
    s.keys(&burst);
    s.wait_for(" HELP ");
    s.settle();
    assert!(s.screen().contains("Keys and queries"), "{}", s.screen());
    s.keys("\x03");
    let status = s.wait_exit();
    // Ctrl-C quits as interrupted: 130, as fzf and the shells report it.
    assert_eq!(status.exit_code(), 130, "{status:?}");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn star_visits_a_persons_mentions_in_every_seed_and_wraps() {
    let mut s = Session::start(&[], 120, 30);
    s.wait_for("Articles (3");
    // Wait for the entities and the index.
    let t = Instant::now();
    let ready = |screen: &str| {
        let status = screen.lines().last().unwrap_or("");
        status.contains(" LIST ")
            && !status.contains("loading")
            && !status.contains("finding entities")
    };
    loop {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "analysis never finished"
        );
        s.pump(Duration::from_millis(50));
        if ready(&s.screen()) {
            // Output comes in pieces: make sure the frame was complete.
            for _ in 0..5 {
                s.pump(Duration::from_millis(40));
            }
            if ready(&s.screen()) {
                break;
            }
        }
    }
    s.keys("l");
    s.wait_for(" READER ");
    let start = Instant::now();
    while !s.screen().contains("Donald Trump (PER)") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no Trump mention reached:\n{}",
            s.screen()
        );
        s.keys("]");
        s.pump(Duration::from_millis(60));
    }
    let mut seen_articles = std::collections::BTreeSet::new();
    let mut first = None;
    for _ in 0..100 {
        let before = s.screen();
        s.keys("*");
        let t = Instant::now();
        while s.screen() == before && t.elapsed() < Duration::from_secs(5) {
            s.pump(Duration::from_millis(20));
        }
        s.settle();
        let Some((m, n, a)) = jump_status(&s.screen()) else {
            panic!("no jump status:\n{}", s.screen());
        };
        seen_articles.insert(a);
        match first {
            None => first = Some((m, n)),
            Some((m0, n0)) => {
                assert_eq!(n, n0);
                if m == m0 {
                    break; // wrapped round to where it began
                }
            }
        }
    }
    assert_eq!(
        seen_articles.len(),
        3,
        "articles visited: {seen_articles:?}"
    );
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn the_picture_views_open_survive_a_1x1_terminal_and_close() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("Articles (3");
    // The overview first: it needs no entity.
    s.keys("O");
    s.wait_for("Overview of the collection");
    s.wait_for(" OVERVIEW ");
    s.keys("\x1b");
    s.wait_for(" LIST ");
    s.keys("T");
    s.wait_for(" TIMELINE ");
    s.wait_for("Timeline \u{b7} all 3 articles");
    // Down to one cell and back: the view is drawn again, whole.
    for (cols, rows) in [(40, 10), (1, 1), (7, 3), (100, 30)] {
        s.resize(cols, rows);
        s.settle();
    }
    s.wait_for("Timeline \u{b7} all 3 articles");
    s.wait_for("2 undated");
    s.keys("\x1b");
    s.wait_for(" LIST ");
    // The co-occurrence view of the article's leading entity, once the
    // entities are counted.
    let start = Instant::now();
    loop {
        s.keys("C");
        s.pump(Duration::from_millis(100));
        s.settle();
        if s.screen().contains("Who appears with") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the co-occurrence view never opened:\n{}",
            s.screen()
        );
    }
    s.wait_for(" CO-OCCURRENCE ");
    s.keys("\x1b");
    s.wait_for(" LIST ");
    s.keys("q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.screen().alternate_screen());
}

impl Session {
    /// The terminal's line settings as `stty -a` prints them, or `None`
    /// when they cannot be read here.
    fn stty(&self) -> Option<String> {
        let tty = self.master.tty_name()?;
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(tty)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Sends `signal` ("TERM") to the program.
    fn signal(&self, signal: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(ok.success(), "kill -{signal} failed");
    }

    /// Asserts the terminal is as it was before dateline: main screen,
    /// cursor shown, no mouse reports, no bracketed paste, line editing on.
    fn assert_given_back(&self, when: &str) {
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "{when}: alternate screen");
        assert!(!screen.hide_cursor(), "{when}: cursor hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            MouseProtocolMode::None,
            "{when}: mouse reports on"
        );
        assert!(!screen.bracketed_paste(), "{when}: bracketed paste on");
        match self.stty() {
            Some(modes) => assert!(
                modes.split_whitespace().any(|m| m == "icanon")
                    && modes.split_whitespace().any(|m| m == "echo"),
                "{when}: raw mode left on:\n{modes}"
            ),
            None => eprintln!("{when}: raw mode not checked (stty -F unavailable)"),
        }
    }

    /// Waits until the program has given the terminal back.
    fn wait_given_back(&mut self) {
        let start = Instant::now();
        while self.parser.screen().alternate_screen() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the terminal was not given back"
            );
            self.pump(Duration::from_millis(20));
        }
        self.settle();
    }

    /// The process' state letter from /proc ('T' when stopped).
    fn proc_state(&self) -> Option<char> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) S ...": the state follows the last ')'.
        stat.rsplit(')').next()?.trim_start().chars().next()
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        // (The emulator here cannot be smaller than one cell.)
        self.parser.screen_mut().set_size(rows.max(1), cols.max(1));
    }
}

#[test]
fn term_hup_and_int_give_the_terminal_back_and_end_by_the_signal() {
    let runs: Vec<_> = [
        ("TERM", "Terminated"),
        ("HUP", "Hangup"),
        ("INT", "Interrupt"),
    ]
    .into_iter()
    .map(|(signal, name)| {
        std::thread::spawn(move || {
            let mut s = Session::start(&[], 100, 30);
            s.wait_for("Articles (3");
            assert!(s.parser.screen().alternate_screen());
            assert!(s.parser.screen().bracketed_paste());
            s.signal(signal);
            let status = s.wait_exit();
            assert_eq!(status.signal(), Some(name), "{signal}: {status:?}");
            s.assert_given_back(signal);
        })
    })
    .collect();
    for run in runs {
        run.join().unwrap();
    }
}

#[test]
fn ctrl_z_and_tstp_give_the_terminal_back_and_cont_repaints_all() {
    let mut s = Session::start(&[], 100, 30);
    s.wait_for("Articles (3");
    s.settle();
    for how in ["Ctrl-Z", "TSTP"] {
        if how == "TSTP" {
            s.signal("TSTP");
        } else {
            s.keys("\x1a");
        }
        s.wait_given_back();
        s.assert_given_back(how);
        let start = Instant::now();
        while s.proc_state().is_some_and(|c| c != 'T') {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{how}: not stopped"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The alternate screen comes back blank: only a full repaint
        // shows the list again.
        s.signal("CONT");
        s.wait_for("Articles (3");
        s.wait_for("Trump threatens to send military");
        assert!(s.parser.screen().alternate_screen(), "{how}");
        assert!(s.parser.screen().bracketed_paste(), "{how}");
        // Keys work again.
        s.keys("j");
        s.wait_for("article 2/3");
        s.keys("k");
        s.wait_for("article 1/3");
    }
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_given_back("q");
}

#[test]
fn a_4k_paste_lands_in_the_query_line_as_one_query_with_the_cursor_in_view() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_ready();
    s.keys("/");
    s.wait_for(" / ");
    // 4 KB of words over several lines, with a tab and an escape sequence
    // that must not reach the terminal; the last word is the one to see.
    let mut pasted = String::new();
    let mut n = 0;
    while pasted.len() < 4_000 {
        pasted.push_str(&format!("word{n}"));
        pasted.push(if n % 10 == 9 { '\n' } else { ' ' });
        n += 1;
    }
    pasted.push_str("\x1b[2J\ttrumpend");
    s.keys(&format!("\x1b[200~{pasted}\x1b[201~"));
    s.wait_for("trumpend");
    s.settle();
    let screen = s.screen();
    let last = screen.lines().last().unwrap().to_owned();
    assert!(
        last.starts_with(" /  \u{2026}"),
        "scrolled from the left: {last:?}"
    );
    assert!(last.contains("[2J trumpend"), "{last:?}");
    let (row, col) = s.parser.screen().cursor_position();
    assert_eq!(row, 23, "cursor on the query line");
    let before_cursor: String = last.chars().take(usize::from(col)).collect();
    assert!(
        before_cursor.trim_end().ends_with("trumpend"),
        "{last:?} cursor at {col}"
    );
    // What follows the query stays on screen (here: the bound's note or
    // the match count).
    assert!(
        last.contains("result") || last.contains("match") || last.contains("words"),
        "{last:?}"
    );
    // The paste was one edit: one Backspace takes off one character.
    s.keys("\x7f");
    s.wait_for("trumpen ");
    s.keys("\x1b");
    s.wait_for(" LIST ");
    s.keys("q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn a_1x1_terminal_and_resizes_never_panic() {
    let mut s = Session::start(&[], 1, 1);
    std::thread::sleep(Duration::from_millis(300));
    for (cols, rows) in [
        (2, 1),
        (1, 3),
        (5, 2),
        (0, 0),
        (3, 40),
        (200, 1),
        (1, 1),
        (100, 30),
    ] {
        s.resize(cols, rows);
        for keys in ["j", "/", "a", "\x1b", "l", "?", "\x1b", "G", "h"] {
            s.keys(keys);
            // A lone Esc must not run into the next key (that is Alt-key).
            std::thread::sleep(Duration::from_millis(60));
            s.pump(Duration::from_millis(10));
        }
        s.settle();
        assert!(
            s.child.try_wait().unwrap().is_none(),
            "ended at {cols}x{rows}:\n{}",
            s.screen()
        );
    }
    s.wait_for("Articles (3");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_given_back("q");
}

/// Four long articles that all say "granite", each with its own title word.
fn long_articles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, word) in ["amber", "basalt", "cobalt", "dolomite"].iter().enumerate() {
        let body: String = (0..60)
            .map(|p| format!("Line {p:02} says granite and more words to wrap the text.\n\n"))
            .collect();
        std::fs::write(
            dir.path().join(format!("{i}.txt")),
            format!("The {word} story\n\n{body}"),
        )
        .unwrap();
    }
    dir
}

/// The screen without its status bar.
fn panes(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

#[test]
fn reopening_comes_back_to_the_same_list_article_scroll_and_history() {
    let data = common::data_home();
    let articles = long_articles();
    let dir = articles.path().to_str().unwrap();
    let mut s = Session::start_in(&[dir], 100, 30, data.path());
    s.wait_ready_on("Articles (4");
    // An abandoned query and a kept one, both in the history.
    s.keys("/amber");
    s.wait_for("1 match");
    s.keys("\x1b");
    s.wait_for("Articles (4");
    s.keys("/granite\r");
    s.wait_for("4 results for");
    s.keys("jj");
    s.wait_for("article 3/4");
    s.keys("\r  ");
    s.wait_for("Line 1");
    s.settle();
    let before = panes(&s.screen());
    assert!(before.contains("The cobalt story"));
    assert!(!before.contains("Line 00"), "scrolled:\n{before}");
    s.keys("q");
    assert!(s.wait_exit().success());

    let mut s = Session::start_in(&[dir], 100, 30, data.path());
    let t = Instant::now();
    while panes(&s.screen()) != before {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "not back where it was; expected:\n{before}\nscreen:\n{}",
            s.screen()
        );
        s.pump(Duration::from_millis(50));
    }
    // Back to every article; the query line's history has both queries,
    // newest first.
    s.keys("\x1b");
    s.wait_for("Articles (4");
    s.keys("/");
    s.wait_for("Esc close");
    s.keys("\x1b[A");
    s.wait_for("4 matches");
    assert!(s.screen().lines().last().unwrap().contains("granite"));
    s.keys("\x1b[A");
    s.wait_for("1 match");
    assert!(s.screen().lines().last().unwrap().contains("amber"));
    s.keys("\x1b\x1bq");
    assert!(s.wait_exit().success());
}

/// The corpus count of the entities pane's row named `name` (`Mexico  LOC
/// 6  24` → 24).
fn pane_count(screen: &str, name: &str, kind: &str) -> Option<usize> {
    screen.lines().find_map(|l| {
        let row = l.split('\u{2502}').nth(1)?;
        let mut words = row.split_whitespace().rev();
        let total = words.next()?.parse().ok()?;
        let _in_article = words.next()?;
        let k = words.next()?;
        let rest: Vec<&str> = words.collect();
        let n: Vec<&str> = rest.into_iter().rev().collect();
        (k == kind && n.join(" ") == name).then_some(total)
    })
}

#[test]
fn merge_two_entities_in_the_entities_pane_then_star_walks_both() {
    let mut s = Session::start(&[], 120, 30);
    s.wait_ready();
    s.keys("E");
    s.wait_for("Entities \u{b7} corpus");
    s.keys("mexic");
    s.wait_for("Mexico City");
    s.settle();
    let screen = s.screen();
    let mexico = pane_count(&screen, "Mexico", "LOC").expect(&screen);
    let mexican = pane_count(&screen, "Mexican", "MISC").expect(&screen);
    // Select "Mexican" (typing narrows to it first), Ctrl-X, merge, pick Mexico.
    s.keys("an");
    s.settle();
    s.keys("\x18");
    s.wait_for("Correct Mexican (MISC)");
    s.keys("m");
    s.wait_for("Merge into:");
    s.keys("mexico");
    s.wait_for("Mexico  LOC");
    s.keys("\r");
    s.wait_for("merge MISC:mexican");
    // The pane counts them as one now.
    s.keys("\x15mexic");
    s.settle();
    let screen = s.screen();
    assert_eq!(
        pane_count(&screen, "Mexico", "LOC"),
        Some(mexico + mexican),
        "{screen}"
    );
    assert_eq!(pane_count(&screen, "Mexican", "MISC"), None, "{screen}");
    // In the reader, * from a Mexico mention walks both entities' mentions.
    s.keys("\x1b");
    s.wait_for(" LIST ");
    s.keys("l");
    s.wait_for(" READER ");
    let start = Instant::now();
    while !s.screen().contains("Mexico (LOC)") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no Mexico mention reached:\n{}",
            s.screen()
        );
        s.keys("]");
        s.pump(Duration::from_millis(60));
    }
    s.keys("*");
    let total = mexico + mexican;
    let want = format!("/{total} \u{b7} article");
    s.wait_for(&want);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..total + 5 {
        s.settle();
        let status = s.screen().lines().last().unwrap_or("").to_string();
        let Some(m) = status
            .split("mention ")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|m| m.parse::<usize>().ok())
        else {
            panic!("no jump status: {status}");
        };
        if !seen.insert(m) {
            break;
        }
        s.keys("*");
    }
    assert_eq!(seen.len(), total, "mentions visited: {seen:?}");
    s.keys("q");
    assert!(s.wait_exit().success());
}
