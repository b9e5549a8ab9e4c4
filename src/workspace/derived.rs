//! Derived data: everything the workspace can rebuild from the articles.
//!
//! * `FORMAT` names the layout version of everything in `derived/`; any
//!   other version (older or newer dateline) means the directory is
//!   emptied and rebuilt, with a warning.
//! * `index/` is the search index ([`IndexStore`]); one that does not open
//!   is removed and rebuilt.
//! * `cache.sqlite` maps an article's content hash to its extraction
//!   result ([`ExtractionCache`]), under the extractor's version: another
//!   version empties it. A file that is not a database is replaced.
//! * `resolution.bin` is the last corpus-wide resolution with the
//!   fingerprint of the articles it was made from, written to a temporary
//!   file and renamed, and checked by a hash of its bytes when read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::ContentHash;
use super::codec::{Cached, from_bytes, to_bytes};
use super::collection::FileStamp;
use crate::search::{IndexStore, SearchError};

/// Version of the layout of `derived/`: bump it whenever anything stored
/// there changes meaning (the index schema, a cache encoding).
/// 2: mentions say whether they are in the title; the index's date field
/// holds `dates::key`.
/// 3: tantivy is built without zstd; an index that used it is rebuilt.
/// 4: files.bin stamps each file (and counts its articles).
pub const FORMAT: u32 = 4;

/// The derived data directory of a workspace.
#[derive(Debug, Clone)]
pub struct Derived {
    dir: PathBuf,
    writable: bool,
}

/// Removes `dir` and everything in it, if it exists.
fn clear(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// reader sees the old file or the new one, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

impl Derived {
    /// The derived data of the workspace in `workspace`, checked against
    /// [`FORMAT`]. Returns why it was emptied, when it was. Read-only
    /// workspaces are only read: a wrong version makes it unusable (`None`).
    pub fn prepare(workspace: &Path, writable: bool) -> (Option<Derived>, Option<String>) {
        let dir = workspace.join("derived");
        let format_file = dir.join("FORMAT");
        let found = std::fs::read_to_string(&format_file).ok();
        let version = found.as_deref().and_then(|s| s.trim().parse::<u32>().ok());
        if version == Some(FORMAT) {
            return (Some(Derived { dir, writable }), None);
        }
        let why = match (found.is_some(), version) {
            (false, _) if !dir.exists() => None,
            (false, _) => Some("its format file was missing".to_owned()),
            (true, Some(v)) => Some(format!(
                "it was written in format {v}, this dateline uses {FORMAT}"
            )),
            (true, None) => Some("its format file was damaged".to_owned()),
        };
        if !writable {
            return (None, why);
        }
        let made = clear(&dir)
            .and_then(|()| std::fs::create_dir_all(&dir))
            .and_then(|()| write_atomic(&format_file, format!("{FORMAT}\n").as_bytes()));
        match made {
            Ok(()) => (Some(Derived { dir, writable }), why),
            Err(e) => (None, Some(format!("derived data cannot be written: {e}"))),
        }
    }

    /// Whether derived data may be written.
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The search index, rebuilt empty when it does not open (the reason is
    /// returned then).
    pub fn open_index(&self) -> Result<(IndexStore, Option<String>), SearchError> {
        let dir = self.dir.join("index");
        match IndexStore::open_dir(&dir, self.writable) {
            Ok(store) => Ok((store, None)),
            Err(e) if self.writable => {
                clear(&dir).map_err(|e| SearchError::Io(e.to_string()))?;
                let store = IndexStore::open_dir(&dir, true)?;
                Ok((
                    store,
                    Some(format!("the search index could not be read ({e})")),
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// The extraction cache for results of extractor version `version`.
    /// Returns why it was emptied, when it was.
    pub fn extraction_cache(&self, version: u64) -> (Option<ExtractionCache>, Option<String>) {
        let path = self.dir.join("cache.sqlite");
        match ExtractionCache::open(&path, version, self.writable) {
            Ok(c) => (Some(c), None),
            Err(e) if self.writable => {
                let why = format!("the extraction cache could not be read ({e})");
                for p in [
                    path.clone(),
                    path.with_extension("sqlite-wal"),
                    path.with_extension("sqlite-shm"),
                ] {
                    let _ = std::fs::remove_file(p);
                }
                match ExtractionCache::open(&path, version, true) {
                    Ok(c) => (Some(c), Some(why)),
                    Err(e) => (None, Some(format!("{why}; nor made anew ({e})"))),
                }
            }
            Err(e) => (
                None,
                Some(format!("the extraction cache could not be read ({e})")),
            ),
        }
    }

    /// The saved resolution, when it was made by extractor `version` from
    /// articles with `fingerprint`; `Err` with a reason when the file is
    /// there but damaged.
    pub fn resolution<T: Cached>(
        &self,
        version: u64,
        fingerprint: u64,
    ) -> Result<Option<T>, String> {
        let Ok(bytes) = std::fs::read(self.dir.join("resolution.bin")) else {
            return Ok(None);
        };
        let damaged = || "the saved entities were damaged".to_owned();
        let header = bytes.get(..32).ok_or_else(damaged)?;
        let word = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&header[i * 8..i * 8 + 8]);
            u64::from_le_bytes(b)
        };
        let body = &bytes[32..];
        if word(0) != RESOLUTION_MAGIC || xxhash_rust::xxh3::xxh3_64(body) != word(3) {
            return Err(damaged());
        }
        if word(1) != version || word(2) != fingerprint {
            return Ok(None);
        }
        from_bytes(body).map(Some).ok_or_else(damaged)
    }

    /// Saves `resolution`, made by extractor `version` from articles with
    /// `fingerprint`.
    pub fn save_resolution<T: Cached>(
        &self,
        resolution: &T,
        version: u64,
        fingerprint: u64,
    ) -> std::io::Result<()> {
        if !self.writable {
            return Ok(());
        }
        let body = to_bytes(resolution);
        let mut bytes = Vec::with_capacity(body.len() + 32);
        for w in [
            RESOLUTION_MAGIC,
            version,
            fingerprint,
            xxhash_rust::xxh3::xxh3_64(&body),
        ] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(&body);
        write_atomic(&self.dir.join("resolution.bin"), &bytes)
    }
}

/// "DLRESOL1" as a little-endian word.
const RESOLUTION_MAGIC: u64 = u64::from_le_bytes(*b"DLRESOL1");
/// "DLSTATE1" as a little-endian word.
const STATE_MAGIC: u64 = u64::from_le_bytes(*b"DLSTATE1");
/// "DLFILES2" as a little-endian word.
const FILES_MAGIC: u64 = u64::from_le_bytes(*b"DLFILES2");

/// The files a collection was loaded from: each one's stamp and the number
/// of articles it gave, in the loader's order, and the loader's size limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedFiles {
    pub files: Vec<(FileStamp, u32)>,
    pub max_size: u64,
}

impl Derived {
    /// The collection the index was last brought up to date with: its
    /// fingerprint and its articles' keys and (short) content hashes in
    /// order. Written after the last commit of an analysis and removed
    /// before the next one starts changing the index, so when it is there
    /// the index holds exactly those articles.
    pub fn state(&self) -> Option<(u64, Vec<(u64, u64)>)> {
        let bytes = std::fs::read(self.dir.join("state.bin")).ok()?;
        let words: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            })
            .collect();
        let (&[magic, fingerprint, sum], pairs) = words.split_first_chunk::<3>()?;
        let body = bytes.get(24..)?;
        let sound = magic == STATE_MAGIC
            && bytes.len() % 16 == 8
            && xxhash_rust::xxh3::xxh3_64(body) == sum;
        sound.then(|| {
            let keys = pairs.chunks_exact(2).map(|p| (p[0], p[1])).collect();
            (fingerprint, keys)
        })
    }

    /// Records that the index now holds the articles `keys` (key and short
    /// content hash, in order) of the collection with `fingerprint`.
    pub fn save_state(&self, fingerprint: u64, keys: &[(u64, u64)]) -> std::io::Result<()> {
        if !self.writable {
            return Ok(());
        }
        let mut body = Vec::with_capacity(keys.len() * 16);
        for (k, h) in keys {
            body.extend_from_slice(&k.to_le_bytes());
            body.extend_from_slice(&h.to_le_bytes());
        }
        let mut bytes = Vec::with_capacity(body.len() + 24);
        for w in [STATE_MAGIC, fingerprint, xxhash_rust::xxh3::xxh3_64(&body)] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(&body);
        write_atomic(&self.dir.join("state.bin"), &bytes)
    }

    /// Forgets the recorded state (before the index changes), and the
    /// files' stamp with it.
    pub fn clear_state(&self) -> std::io::Result<()> {
        for name in ["files.bin", "state.bin"] {
            match std::fs::remove_file(self.dir.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// The files (each with its stamp and the number of articles it gave)
    /// that the collection with fingerprint `fingerprint` was loaded
    /// from, with the loader's size limit then, when recorded.
    pub fn files(&self, fingerprint: u64) -> Option<SavedFiles> {
        let bytes = std::fs::read(self.dir.join("files.bin")).ok()?;
        let (head, body) = bytes.split_at_checked(32)?;
        let w = |b: &[u8], i: usize| -> Option<u64> {
            let mut a = [0u8; 8];
            a.copy_from_slice(b.get(i * 8..i * 8 + 8)?);
            Some(u64::from_le_bytes(a))
        };
        let (magic, fp, max_size, sum) = (w(head, 0)?, w(head, 1)?, w(head, 2)?, w(head, 3)?);
        if magic != FILES_MAGIC || fp != fingerprint || xxhash_rust::xxh3::xxh3_64(body) != sum {
            return None;
        }
        let mut input = body;
        let n = super::codec::get(&mut input)?;
        let mut files = Vec::with_capacity((n as usize).min(input.len()));
        for _ in 0..n {
            let rank = u32::try_from(super::codec::get(&mut input)?).ok()?;
            let len = usize::try_from(super::codec::get(&mut input)?).ok()?;
            let rel = std::str::from_utf8(input.get(..len)?).ok()?.to_owned();
            input = input.get(len..)?;
            let mut meta = [0u64; 6];
            for m in &mut meta {
                *m = super::codec::get(&mut input)?;
            }
            let trusted = super::codec::get(&mut input)? == 1;
            let articles = u32::try_from(super::codec::get(&mut input)?).ok()?;
            files.push((
                FileStamp {
                    rank,
                    rel,
                    meta,
                    trusted,
                },
                articles,
            ));
        }
        input.is_empty().then_some(SavedFiles { files, max_size })
    }

    /// Records that the files `files` (each with its stamp and the number
    /// of articles it gave), looked at with the loader's limit `max_size`,
    /// hold the collection with `fingerprint` (`None`: nothing is known;
    /// the record goes).
    pub fn save_files(&self, files: Option<&SavedFiles>, fingerprint: u64) -> std::io::Result<()> {
        if !self.writable {
            return Ok(());
        }
        let Some(files) = files else {
            return match std::fs::remove_file(self.dir.join("files.bin")) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        let mut body = Vec::with_capacity(files.files.len() * 48);
        super::codec::put(&mut body, files.files.len() as u64);
        for (stamp, articles) in &files.files {
            super::codec::put(&mut body, u64::from(stamp.rank));
            super::codec::put(&mut body, stamp.rel.len() as u64);
            body.extend_from_slice(stamp.rel.as_bytes());
            for m in stamp.meta {
                super::codec::put(&mut body, m);
            }
            super::codec::put(&mut body, u64::from(stamp.trusted));
            super::codec::put(&mut body, u64::from(*articles));
        }
        let mut bytes = Vec::with_capacity(body.len() + 32);
        for w in [
            FILES_MAGIC,
            fingerprint,
            files.max_size,
            xxhash_rust::xxh3::xxh3_64(&body),
        ] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(&body);
        write_atomic(&self.dir.join("files.bin"), &bytes)
    }

    /// The index as it is, opened only for reading (nothing is created or
    /// repaired).
    pub fn read_index(&self) -> Result<IndexStore, SearchError> {
        IndexStore::open_dir(&self.dir.join("index"), false)
    }
}

/// Extraction results by article content hash.
pub struct ExtractionCache {
    conn: Connection,
    writable: bool,
}

impl std::fmt::Debug for ExtractionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtractionCache").finish_non_exhaustive()
    }
}

impl ExtractionCache {
    fn open(path: &Path, version: u64, writable: bool) -> rusqlite::Result<ExtractionCache> {
        let conn = if writable {
            let c = Connection::open(path)?;
            c.pragma_update(None, "journal_mode", "WAL")?;
            c.pragma_update(None, "synchronous", "NORMAL")?;
            c.execute_batch(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                 CREATE TABLE IF NOT EXISTS extractions (hash BLOB PRIMARY KEY, data BLOB NOT NULL);",
            )?;
            c
        } else {
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?
        };
        let stored: Option<i64> = conn
            .query_row("SELECT value FROM meta WHERE key = 'extractor'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if stored != Some(version as i64) {
            if !writable {
                return Err(rusqlite::Error::InvalidQuery);
            }
            // Results of another extractor: none of them holds.
            conn.execute_batch("DELETE FROM extractions;")?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('extractor', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = ?1",
                [version as i64],
            )?;
        }
        Ok(ExtractionCache { conn, writable })
    }

    /// The cached results of every hash in `hashes` that has one; results
    /// that do not decode are left out (and will be made again).
    pub fn get_all<T: Cached>(
        &self,
        hashes: &[ContentHash],
    ) -> rusqlite::Result<HashMap<ContentHash, T>> {
        let mut out = HashMap::new();
        if hashes.is_empty() {
            return Ok(out);
        }
        let wanted: std::collections::HashSet<&ContentHash> = hashes.iter().collect();
        let mut st = self.conn.prepare("SELECT hash, data FROM extractions")?;
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            let key: Vec<u8> = row.get(0)?;
            let Some(hash) = ContentHash::from_slice(&key) else {
                continue;
            };
            if !wanted.contains(&hash) {
                continue;
            }
            let data = row.get_ref(1)?.as_blob()?;
            if let Some(v) = from_bytes(data) {
                out.insert(hash, v);
            }
        }
        Ok(out)
    }

    /// Stores results, in one transaction.
    pub fn put_all<'a, T: Cached + 'a>(
        &mut self,
        results: impl IntoIterator<Item = (ContentHash, &'a T)>,
    ) -> rusqlite::Result<()> {
        if !self.writable {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR REPLACE INTO extractions (hash, data) VALUES (?1, ?2)",
            )?;
            let mut buf = Vec::new();
            for (hash, v) in results {
                buf.clear();
                v.encode(&mut buf);
                st.execute(params![&hash.0[..], &buf])?;
            }
        }
        tx.commit()
    }

    /// Drops results of hashes not in `keep`.
    pub fn retain(&mut self, keep: &[ContentHash]) -> rusqlite::Result<usize> {
        if !self.writable {
            return Ok(0);
        }
        let keep: std::collections::HashSet<&ContentHash> = keep.iter().collect();
        let mut gone: Vec<Vec<u8>> = Vec::new();
        {
            let mut st = self.conn.prepare("SELECT hash FROM extractions")?;
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                let key: Vec<u8> = row.get(0)?;
                if ContentHash::from_slice(&key).is_none_or(|h| !keep.contains(&h)) {
                    gone.push(key);
                }
            }
        }
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached("DELETE FROM extractions WHERE hash = ?1")?;
            for key in &gone {
                st.execute([key])?;
            }
        }
        tx.commit()?;
        Ok(gone.len())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn stamp(rel: &str, size: u64, trusted: bool) -> FileStamp {
        FileStamp {
            rank: 1,
            rel: rel.into(),
            meta: [size, 1_700_000_000_123_456_789, 17, 18, 19, u64::MAX],
            trusted,
        }
    }

    #[test]
    fn files_round_trip_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (d, _) = Derived::prepare(dir.path(), true);
        let d = d.unwrap();
        let files = SavedFiles {
            files: vec![
                (stamp("a/one.txt", 10, true), 1),
                (stamp("wire.jsonl", 2000, false), 7),
                (stamp("été.md", 0, true), 0),
            ],
            max_size: 256 << 20,
        };
        d.save_files(Some(&files), 42).unwrap();
        assert_eq!(d.files(42), Some(files.clone()));
        // Recorded for another collection: not these files.
        assert_eq!(d.files(43), None);
        let path = d.dir().join("files.bin");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(d.files(42), None);
        bytes.truncate(40);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(d.files(42), None);
        d.save_files(None, 42).unwrap();
        assert!(!path.exists());
    }
}
