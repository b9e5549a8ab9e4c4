//! Corrections kept in the workspace's user store (table `corrections`,
//! made by migration 3), one transaction per action, and shared as JSON
//! Lines.

use rusqlite::{Connection, params};

use super::log::{Entry, Log};
use super::rule::{Rule, RuleError};
use crate::workspace::{UserStore, UserStoreError};

/// The migration that makes the table.
pub const MIGRATION_SQL: &str = "
    CREATE TABLE corrections (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        rule   TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
";

/// The corrections in `store`, with the number of rows that could not be
/// read as rules (kept in the store, not applied).
pub fn load(store: &UserStore) -> Result<(Log, usize), UserStoreError> {
    store.read(load_from)
}

fn load_from(conn: &Connection) -> rusqlite::Result<(Log, usize)> {
    let mut stmt = conn.prepare("SELECT id, at, rule, undone FROM corrections ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let (mut done, mut undone, mut bad) = (Vec::new(), Vec::new(), 0);
    let mut last = 0;
    for row in rows {
        let (id, at, json, is_undone) = row?;
        last = last.max(id);
        match Rule::from_json(&json) {
            Ok(rule) => {
                let e = Entry { id, at, rule };
                if is_undone != 0 {
                    undone.push(e);
                } else {
                    done.push(e);
                }
            }
            Err(_) => bad += 1,
        }
    }
    // The next to redo is the earliest undone.
    undone.reverse();
    let mut log = Log::new(done, undone);
    log.reserve_up_to(last);
    Ok((log, bad))
}

/// Saves new corrections (with their ids) and forgets the undone ones
/// (`forget`), in one transaction.
pub fn add(store: &mut UserStore, entries: &[Entry], forget: &[i64]) -> Result<(), UserStoreError> {
    store.write(|tx| {
        for id in forget {
            tx.execute("DELETE FROM corrections WHERE id = ?1", [id])?;
        }
        for e in entries {
            tx.execute(
                "INSERT INTO corrections (id, at, rule, undone) VALUES (?1, ?2, ?3, 0)",
                params![e.id, e.at, e.rule.to_json()],
            )?;
        }
        Ok(())
    })
}

/// A change of the log, as the store must record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// New corrections; `forget` are the undone ones that went.
    Add {
        entries: Vec<Entry>,
        forget: Vec<i64>,
    },
    /// A correction undone (true) or redone (false).
    Undone(i64, bool),
    /// A correction removed.
    Removed(i64),
}

impl Change {
    /// Records the change in `store`, one transaction.
    pub fn save(&self, store: &mut UserStore) -> Result<(), UserStoreError> {
        match self {
            Change::Add { entries, forget } => add(store, entries, forget),
            Change::Undone(id, undone) => set_undone(store, *id, *undone),
            Change::Removed(id) => remove(store, *id),
        }
    }
}

/// A new entry for `rule` in `log`, made now (not yet in the log).
pub fn entry(log: &Log, rule: Rule) -> Entry {
    Entry {
        id: log.next_id(),
        at: now(),
        rule,
    }
}

/// Marks correction `id` undone (or done again).
pub fn set_undone(store: &mut UserStore, id: i64, undone: bool) -> Result<(), UserStoreError> {
    store.write(|tx| {
        tx.execute(
            "UPDATE corrections SET undone = ?2 WHERE id = ?1",
            params![id, i64::from(undone)],
        )
        .map(|_| ())
    })
}

/// Removes correction `id`.
pub fn remove(store: &mut UserStore, id: i64) -> Result<(), UserStoreError> {
    store.write(|tx| {
        tx.execute("DELETE FROM corrections WHERE id = ?1", [id])
            .map(|_| ())
    })
}

/// The active rules as JSON Lines.
pub fn export(log: &Log) -> String {
    let mut out = String::new();
    for e in log.done() {
        out.push_str(&e.rule.to_json());
        out.push('\n');
    }
    out
}

/// The rules of a JSON Lines text, and the lines that are none (1-based
/// line number, why). Blank lines are skipped.
pub fn parse(text: &str) -> (Vec<Rule>, Vec<(usize, RuleError)>) {
    let (mut rules, mut bad) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match Rule::from_json(line) {
            Ok(r) => rules.push(r),
            Err(e) => bad.push((n + 1, e)),
        }
    }
    (rules, bad)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityKind;

    fn hide(form: &str) -> Rule {
        Rule::HideForm { form: form.into() }
    }

    #[test]
    fn corrections_undo_and_redo_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.sqlite");
        let (mut store, _) = UserStore::open(&path, false).unwrap();
        let (mut log, bad) = load(&store).unwrap();
        assert_eq!((log.done().len(), bad), (0, 0));
        for r in [
            hide("a"),
            hide("b"),
            Rule::AddForm {
                form: "c".into(),
                kind: EntityKind::Org,
            },
        ] {
            let e = entry(&log, r);
            let forget = log.push(e.clone());
            Change::Add {
                entries: vec![e],
                forget,
            }
            .save(&mut store)
            .unwrap();
        }
        let last = log.undo().unwrap().id;
        set_undone(&mut store, last, true).unwrap();
        let second = log.undo().unwrap().id;
        set_undone(&mut store, second, true).unwrap();
        let again = log.redo().unwrap().id;
        assert_eq!(again, second);
        set_undone(&mut store, again, false).unwrap();
        drop(store);
        let (mut store, _) = UserStore::open(&path, false).unwrap();
        let (mut back, _) = load(&store).unwrap();
        assert_eq!((back.done(), back.undone()), (log.done(), log.undone()));
        assert_eq!(back.rules(), vec![hide("a"), hide("b")]);
        // A new correction drops what could be redone.
        let e = entry(&back, hide("d"));
        assert!(e.id > last);
        let forget = back.push(e.clone());
        assert_eq!(forget, vec![last]);
        add(&mut store, &[e], &forget).unwrap();
        remove(&mut store, back.done()[0].id).unwrap();
        let (reread, _) = load(&store).unwrap();
        assert_eq!(reread.rules(), vec![hide("b"), hide("d")]);
        assert!(reread.undone().is_empty());
        assert_eq!(parse(&export(&reread)).0, reread.rules());
    }
}
