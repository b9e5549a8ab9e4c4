//! The shell's side of the reader's own work: carrying out the marking
//! effects (write through the workspace, then tell `update` what is kept),
//! loading the marks once the articles are known, running `$VISUAL` /
//! `$EDITOR` with the terminal suspended, and OSC 52 copies.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use crossterm::clipboard::CopyToClipboard;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};

use super::Event;
use crate::app::marking::{ClipRow, SavedRow};
use crate::app::{AppState, Effect, Msg};
use crate::reading::{Change, Keeper, SavedSearch};
use crate::workspace::Workspace;

/// Set while another program (the editor) has the terminal: the input
/// thread stops reading it.
pub static INPUT_PAUSED: AtomicBool = AtomicBool::new(false);
/// Set by the input thread once it has stopped reading.
pub static INPUT_IDLE: AtomicBool = AtomicBool::new(false);

/// The editor the user set (`$VISUAL`, then `$EDITOR`).
pub fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
}

/// Where the reader's work goes for this session.
pub struct Shelf {
    keeper: Keeper,
    /// The workspace written into, if any.
    workspace: Option<Arc<Workspace>>,
    loaded: bool,
    /// While the marks are read on their thread: the changes kept since
    /// (the read may have come before them).
    reading: Option<Vec<(crate::corpus::ArticleIdx, crate::reading::Stored)>>,
    /// The loop's channel, for what is made off its thread.
    tx: Sender<Event>,
    /// Counts the saved searches (started when first needed).
    counter: Option<Sender<Count>>,
}

impl Shelf {
    pub fn new(workspace: Option<Arc<Workspace>>, tx: Sender<Event>) -> Shelf {
        Shelf {
            keeper: Keeper::new(workspace.clone()),
            workspace,
            loaded: false,
            reading: None,
            tx,
            counter: None,
        }
    }

    /// The marks, once the articles are loaded and identified.
    pub fn marks_ready(&mut self, state: &AppState) -> Option<Msg> {
        if self.loaded || !state.store.progress().finished {
            return None;
        }
        let articles = state.store.articles();
        if articles.is_empty() {
            return None;
        }
        let with_ws = self.keeper.has_workspace();
        if with_ws && !self.keeper.identified(articles) {
            return None;
        }
        self.loaded = true;
        let Some(ws) = self.workspace.clone() else {
            // A store in memory: read at once.
            return match self.keeper.marks(articles) {
                Ok(m) => Some(Msg::Marks(m)),
                Err(e) => Some(Msg::Told(format!("your marks cannot be read: {e}"))),
            };
        };
        // Every article's marks (100,000 rows at x45) are read on a thread
        // of their own, not on the loop's; they come back as
        // `Event::Marks` through [`Shelf::marks_read`].
        let articles = articles.to_vec();
        let tx = self.tx.clone();
        self.reading = Some(Vec::new());
        std::thread::spawn(move || {
            let ev = match crate::reading::marks_of(&ws, &articles) {
                Ok(m) => Event::Marks(Box::new(m)),
                Err(e) => Event::Workspace(Msg::Told(format!("your marks cannot be read: {e}"))),
            };
            let _ = tx.send(ev);
        });
        None
    }

    /// The marks read on their thread, with the changes kept since they
    /// were asked for applied again (a change kept before the read is in
    /// it already; applied again it is the same).
    pub fn marks_read(&mut self, mut marks: crate::reading::Marks) -> Msg {
        for (article, stored) in self.reading.take().unwrap_or_default() {
            marks.update(article as usize, |m| *m = stored);
        }
        Msg::Marks(marks)
    }

    /// Carries out a marking effect; returns the answer for `update`.
    /// `suspend` runs a program with the terminal given back to it.
    pub fn carry_out(
        &mut self,
        state: &AppState,
        effect: Effect,
        suspend: &mut dyn FnMut(&mut dyn FnMut()),
    ) -> Option<Msg> {
        let articles = state.store.articles();
        match effect {
            Effect::Keep { article, change } => Some(self.keep(state, article, &change)),
            Effect::EditNote { article, text } => {
                let mut edited: Result<Option<String>, String> = Ok(None);
                suspend(&mut || edited = edit_in_editor(&text));
                match edited {
                    Ok(Some(t)) if t.trim_end() != text.trim_end() => {
                        Some(self.keep(state, article, &Change::Note(t)))
                    }
                    Ok(_) => Some(Msg::Told("note unchanged".into())),
                    Err(e) => Some(Msg::Told(format!("not saved: {e}"))),
                }
            }
            Effect::Copy(text) => {
                let mut out = io::stdout();
                let _ = execute!(out, CopyToClipboard::to_clipboard_from(text));
                let _ = out.flush();
                None
            }
            Effect::ShowClips => match self.keeper.clips() {
                Ok(clips) => {
                    // The rows are known once anything was kept.
                    let _ = self.keeper.marks(articles).map(|_| ());
                    let rows = clips
                        .into_iter()
                        .map(|clip| ClipRow {
                            article: self
                                .keeper
                                .position_of(clip.article)
                                .map(|p| p as crate::corpus::ArticleIdx),
                            clip,
                        })
                        .collect();
                    Some(Msg::Clips(rows))
                }
                Err(e) => Some(Msg::Told(format!("clips cannot be read: {e}"))),
            },
            Effect::ShowSaved => {
                let saved = match self.keeper.saved_searches() {
                    Ok(s) => s,
                    Err(e) => {
                        return Some(Msg::Told(format!("saved searches cannot be read: {e}")));
                    }
                };
                // Uncounted rows, or without an index rows that do not run.
                let rows = |saved: Vec<SavedSearch>, counted: bool| {
                    saved
                        .into_iter()
                        .map(|search| SavedRow {
                            search,
                            matches: None,
                            new: 0,
                            counted,
                        })
                        .collect::<Vec<_>>()
                };
                let Some(index) = &state.analysis.index else {
                    return Some(Msg::Saved(rows(saved, true)));
                };
                // The pane opens at once; the counts (a query each) are
                // made on the counting thread and follow.
                let job = Count {
                    index: Arc::clone(index),
                    marks: Arc::clone(&state.marks),
                    searches: saved.clone(),
                };
                let tx = &self.tx;
                let counter = self
                    .counter
                    .get_or_insert_with(|| spawn_counter(tx.clone()));
                if let Err(mpsc::SendError(job)) = counter.send(job) {
                    let again = spawn_counter(tx.clone());
                    let _ = again.send(job);
                    self.counter = Some(again);
                }
                Some(Msg::Saved(rows(saved, false)))
            }
            Effect::SaveSearch { name, query } => {
                Some(Msg::Told(match self.keeper.save_search(&name, &query) {
                    Ok(()) => format!("saved the search as \u{201c}{name}\u{201d} (' lists them)"),
                    Err(e) => format!("not saved: {e}"),
                }))
            }
            Effect::OpenedSearch(name) => match self.keeper.opened_search(&name) {
                Ok(()) => None,
                Err(e) => Some(Msg::Told(format!("not saved: {e}"))),
            },
            _ => None,
        }
    }

    fn keep(
        &mut self,
        state: &AppState,
        article: crate::corpus::ArticleIdx,
        change: &Change,
    ) -> Msg {
        let result = self
            .keeper
            .apply(state.store.articles(), article as usize, change)
            .map_err(|e| e.to_string());
        if let (Some(kept), Ok(stored)) = (self.reading.as_mut(), &result) {
            kept.push((article, stored.clone()));
        }
        Msg::Kept { article, result }
    }
}

/// What the saved searches' counts are made from.
struct Count {
    index: Arc<crate::search::SearchIndex>,
    marks: Arc<crate::reading::Marks>,
    searches: Vec<SavedSearch>,
}

/// The thread that counts the saved searches' matches, one job at a time,
/// skipping to the newest when several wait (the pane opened again);
/// the counts reach the loop as [`Msg::SavedCounted`].
fn spawn_counter(tx: Sender<Event>) -> Sender<Count> {
    let (jtx, jrx) = mpsc::channel::<Count>();
    std::thread::spawn(move || {
        while let Ok(mut job) = jrx.recv() {
            while let Ok(later) = jrx.try_recv() {
                job = later;
            }
            let counts = crate::reading::saved_counts(&job.index, &job.marks, &job.searches);
            let rows = job
                .searches
                .into_iter()
                .zip(counts)
                .map(|(search, (matches, new))| SavedRow {
                    search,
                    matches,
                    new,
                    counted: true,
                })
                .collect();
            if tx.send(Event::Workspace(Msg::SavedCounted(rows))).is_err() {
                return;
            }
        }
    });
    jtx
}

/// Writes `text` to a file, opens it in the user's editor and reads it
/// back (`None` when no editor is set).
fn edit_in_editor(text: &str) -> Result<Option<String>, String> {
    let Some(editor) = editor() else {
        return Ok(None);
    };
    let path: PathBuf = std::env::temp_dir().join(format!(
        "dateline-note-{}-{}.txt",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let out = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map(Some)
            .map_err(|e| format!("cannot read the note back: {e}")),
        Ok(s) => Err(format!("the editor ({editor}) exited with {s}")),
        Err(e) => Err(format!("cannot run the editor ({editor}): {e}")),
    };
    let _ = std::fs::remove_file(&path);
    out
}

/// Gives the terminal to `run` and takes it back: input reading paused,
/// raw mode and the alternate screen left, then restored.
pub fn with_terminal_suspended(run: &mut dyn FnMut()) {
    INPUT_PAUSED.store(true, Ordering::SeqCst);
    let until = Instant::now() + Duration::from_millis(500);
    while !INPUT_IDLE.load(Ordering::SeqCst) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen);
    let _ = crossterm::terminal::disable_raw_mode();
    run();
    let _ = crossterm::terminal::enable_raw_mode();
    let _ = execute!(out, EnterAlternateScreen);
    if super::MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, EnableMouseCapture);
    }
    INPUT_IDLE.store(false, Ordering::SeqCst);
    INPUT_PAUSED.store(false, Ordering::SeqCst);
}
