//! One writer per workspace: the first dateline process takes an exclusive
//! lock on the workspace's `lock` file (an advisory OS lock, released when
//! the process ends, even by SIGKILL); a second process on the same
//! collection opens the workspace read-only.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The held lock; dropping it releases it.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// Whether the workspace could be locked for writing.
#[derive(Debug)]
pub enum Locked {
    /// This process writes the workspace.
    Writer(WriterLock),
    /// Another process holds it.
    Busy,
    /// The lock file cannot be made (a read-only directory): the reason.
    Unwritable(String),
}

/// Tries to take the writer lock of the workspace in `dir`.
pub fn lock(dir: &Path) -> Locked {
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("lock"))
    {
        Ok(f) => f,
        Err(e) => return Locked::Unwritable(e.to_string()),
    };
    match file.try_lock() {
        Ok(()) => Locked::Writer(WriterLock { _file: file }),
        Err(TryLockError::WouldBlock) => Locked::Busy,
        Err(TryLockError::Error(e)) => Locked::Unwritable(e.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path());
        assert!(matches!(first, Locked::Writer(_)));
        assert!(matches!(lock(dir.path()), Locked::Busy));
        drop(first);
        assert!(matches!(lock(dir.path()), Locked::Writer(_)));
    }
}
