//! The corrections made, in order, with undo and redo.
//!
//! The log holds the active rules (in the order they apply) and a redo
//! stack of undone ones. Undo moves the last active rule to the redo stack,
//! redo moves it back; a new correction empties the redo stack. Any rule
//! can also be removed outright (the corrections pane).

use super::rule::Rule;

/// One correction: its rule, when it was made and its row in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its row in the user store (or a number of its own outside one).
    pub id: i64,
    /// When it was made (seconds since 1970).
    pub at: i64,
    pub rule: Rule,
}

/// Active rules and the redo stack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    done: Vec<Entry>,
    /// Undone rules, the next to redo last.
    undone: Vec<Entry>,
    /// The highest id ever given (rows that could not be read included).
    floor: i64,
}

impl Log {
    /// A log of `done` rules (in order) and `undone` ones (the next to
    /// redo last).
    pub fn new(done: Vec<Entry>, undone: Vec<Entry>) -> Self {
        Log {
            done,
            undone,
            floor: 0,
        }
    }

    /// Ids up to `floor` are taken (by rows this log does not hold).
    pub fn reserve_up_to(&mut self, floor: i64) {
        self.floor = self.floor.max(floor);
    }

    /// The active corrections, in the order they apply.
    pub fn done(&self) -> &[Entry] {
        &self.done
    }

    /// The undone corrections, the next to redo last.
    pub fn undone(&self) -> &[Entry] {
        &self.undone
    }

    /// The active rules, in order.
    pub fn rules(&self) -> Vec<Rule> {
        self.done.iter().map(|e| e.rule.clone()).collect()
    }

    /// Adds a correction; the undone ones can no longer be redone (their
    /// ids are returned, for the store to forget).
    pub fn push(&mut self, entry: Entry) -> Vec<i64> {
        self.done.push(entry);
        self.undone.drain(..).map(|e| e.id).collect()
    }

    /// Undoes the last correction; returns it.
    pub fn undo(&mut self) -> Option<&Entry> {
        let e = self.done.pop()?;
        self.undone.push(e);
        self.undone.last()
    }

    /// Redoes the last undone correction; returns it.
    pub fn redo(&mut self) -> Option<&Entry> {
        let e = self.undone.pop()?;
        self.done.push(e);
        self.done.last()
    }

    /// Removes correction `id` (active or undone); returns it.
    pub fn remove(&mut self, id: i64) -> Option<Entry> {
        if let Some(i) = self.done.iter().position(|e| e.id == id) {
            return Some(self.done.remove(i));
        }
        let i = self.undone.iter().position(|e| e.id == id)?;
        Some(self.undone.remove(i))
    }

    /// A number for a new correction outside a store.
    pub fn next_id(&self) -> i64 {
        self.done
            .iter()
            .chain(&self.undone)
            .map(|e| e.id)
            .max()
            .unwrap_or(0)
            .max(self.floor)
            + 1
    }
}
